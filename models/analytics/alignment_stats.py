"""Margins, participation, drift, pairwise agreement and row order for the alignment matrix.

All functions take an `AlignmentMatrix` and return numpy arrays or DataFrames (no Qt).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from models.analytics.alignment_matrix import (
    ABSENT, ABSTAIN, JOINED, NOT_JOINED, VOTE_NO, VOTES_SERIES, AlignmentMatrix)
from models.statement_kinds import SERIES_NAMES as KIND_SERIES_NAMES
from models.store import Store

SORTS = ("participation", "name", "last_joined")
DRIFT_MIN_RUN = 2          # consecutive eligible statements missed before we call it a drift
SERIES_NAMES = {**KIND_SERIES_NAMES, VOTES_SERIES: "Council votes"}
ASIA_PACIFIC_EXTRA = ("KOR", "NZL")   # partners outside Quad/ASEAN that joined the statements


def statement_margins(matrix: AlignmentMatrix) -> pd.DataFrame:
    """Per column: signatories (joined / voted yes), Council members among them, Council majority.

    The majority marker needs the positions to be recorded: an unknown list never counts.
    """
    joined = matrix.codes == JOINED
    signatories = joined.sum(axis=0)
    council_signatories = (joined & matrix.council).sum(axis=0)
    size = matrix.council_size
    known = matrix.columns["positions_known"].to_numpy().astype(bool)
    majority = known & (size > 0) & (council_signatories >= size // 2 + 1)
    return pd.DataFrame({"statement_id": matrix.columns["statement_id"], "signatories": signatories,
                         "council_signatories": council_signatories, "council_size": size,
                         "council_majority": majority, "positions_known": known})


def participation(matrix: AlignmentMatrix) -> pd.DataFrame:
    """One row per (country, series): joined, eligible, rate, first/last joined, drift.

    Eligible cells are those where the country took a recorded position (not 'no standing', not
    'unknown'), so an unrecorded statement (the E10 one) never counts for or against anyone, and
    each series is counted on its own.
    """
    records = []
    series = matrix.columns["series"].to_numpy()
    dates = matrix.columns["date"].astype(str).to_numpy()
    ids = matrix.columns["statement_id"].to_numpy()
    for name in pd.unique(series):
        cols = np.flatnonzero(series == name)
        block = matrix.codes[:, cols]
        eligible = block <= NOT_JOINED
        joined = block == JOINED
        for r in range(len(matrix.iso3)):
            elig = np.flatnonzero(eligible[r])
            seq = joined[r, elig]
            n_joined = int(seq.sum())
            first = last = None
            drift, drift_text = "", ""
            if n_joined:
                hits = elig[np.flatnonzero(seq)]
                first, last = int(cols[hits[0]]), int(cols[hits[-1]])
                drift, drift_text = _drift(seq, dates[cols[elig]])
            records.append((matrix.iso3[r], name, n_joined, len(elig), n_joined / len(elig) if len(elig) else np.nan,
                            ids[first] if first is not None else None, dates[first] if first is not None else None,
                            ids[last] if last is not None else None, dates[last] if last is not None else None,
                            drift, drift_text))
    return pd.DataFrame.from_records(records, columns=[
        "iso3", "series", "joined", "eligible", "rate", "first_joined_id", "first_joined",
        "last_joined_id", "last_joined", "drift", "drift_text"])


def _drift(seq: np.ndarray, dates: np.ndarray) -> tuple[str, str]:
    """'stopped' when the country missed every one of the last DRIFT_MIN_RUN+ eligible statements after
    joining; 'started' when it missed the first DRIFT_MIN_RUN+ and joined every one since."""
    hits = np.flatnonzero(seq)
    trailing = len(seq) - 1 - hits[-1]
    leading = hits[0]
    if len(hits) == 1 and trailing >= 1 and leading >= 1:
        return "once", f"joined once ({dates[hits[0]]})"
    if trailing >= DRIFT_MIN_RUN:
        return "stopped", f"none after {dates[hits[-1]]}"
    if leading >= DRIFT_MIN_RUN and seq[leading:].all():
        return "started", f"only the last {len(seq) - leading} (since {dates[hits[0]]})"
    return "", ""


def series_participation(matrix: AlignmentMatrix, series: str) -> pd.DataFrame:
    """`participation` for one series, one row per matrix row in matrix order."""
    frame = participation(matrix)
    frame = frame[frame["series"] == series].set_index("iso3")
    return frame.reindex(matrix.iso3).reset_index()


def agreement(matrix: AlignmentMatrix) -> tuple[np.ndarray, np.ndarray]:
    """(share, n): share[i, j] of the columns where both countries took a recorded position in which
    they took the same one; n[i, j] how many such columns. NaN where they share none."""
    codes = matrix.codes
    valid = (codes <= NOT_JOINED).astype(np.float32)
    same = np.zeros((codes.shape[0],) * 2, np.float32)
    for code in (JOINED, VOTE_NO, ABSTAIN, ABSENT, NOT_JOINED):
        hit = (codes == code).astype(np.float32)
        same += hit @ hit.T
    both = valid @ valid.T
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(both > 0, same / np.maximum(both, 1), np.nan)
    return share, both.astype(np.int64)


def agreement_order(share: np.ndarray) -> np.ndarray:
    """A row order that puts countries that agree next to each other (average-linkage clustering)."""
    n = share.shape[0]
    if n < 3:
        return np.arange(n)
    from scipy.cluster.hierarchy import leaves_list, linkage
    from scipy.spatial.distance import squareform

    dist = 1.0 - np.nan_to_num(share, nan=0.0)
    dist = (dist + dist.T) / 2
    np.fill_diagonal(dist, 0.0)
    return leaves_list(linkage(squareform(dist, checks=False), method="average", optimal_ordering=n <= 400))


def blocs(store: Store, iso3: np.ndarray, year: str | None) -> tuple[np.ndarray, list[str]]:
    """(rank per row, bloc names): Security Council of `year`, G7, EU, Asia-Pacific partners, others.

    Names are kept short ('UNSC 2022', 'Asia-Pacific') because they prefix row labels.

    A country goes to the first bloc it belongs to. Asia-Pacific partners are Quad and ASEAN
    members plus the Republic of Korea and New Zealand.
    """
    def members(group: str, on: str | None = None) -> set[str]:
        if on:
            rows = store.rows("SELECT iso3 FROM country_groups WHERE group_name = ? AND valid_from <= ?"
                              " AND COALESCE(valid_to, '9999') >= ?", (group, f"{on}-12-31", f"{on}-01-01"))
        else:
            rows = store.rows("SELECT iso3 FROM country_groups WHERE group_name = ? AND valid_to IS NULL",
                              (group,))
        return {r[0] for r in rows}

    names = [f"UNSC {year}" if year else "UNSC", "G7", "EU", "Asia-Pacific", "Others"]
    sets = [members("UNSC", year) if year else set(), members("G7"), members("EU"),
            members("Quad") | members("ASEAN") | set(ASIA_PACIFIC_EXTRA)]
    rank = np.full(len(iso3), len(sets), np.int64)
    for i, code in enumerate(iso3):
        for k, group in enumerate(sets):
            if code in group:
                rank[i] = k
                break
    return rank, names


def group_members(store: Store, group: str, start: str | None, end: str | None) -> set[str]:
    """Members of a country group at any time between the ISO dates start and end."""
    return {r[0] for r in store.rows(
        "SELECT iso3 FROM country_groups WHERE group_name = ? AND valid_from <= ?"
        " AND COALESCE(valid_to, '9999') >= ?", (group, end or "9999", start or "0000"))}


def group_names(store: Store) -> list[str]:
    return [r[0] for r in store.rows("SELECT DISTINCT group_name FROM country_groups ORDER BY group_name")]


def row_order(names: np.ndarray, rate: np.ndarray, last_joined: np.ndarray, sort: str,
              bloc_rank: np.ndarray | None = None) -> np.ndarray:
    """A permutation of rows: by bloc first (when given), then by `sort`, ties by name.

    participation: highest rate first; last_joined: most recent first (never joined last).
    """
    if sort not in SORTS:
        raise ValueError(f"unknown sort {sort!r}; expected one of {', '.join(SORTS)}")
    keys: list[np.ndarray] = [np.unique(np.asarray(names, dtype=str), return_inverse=True)[1]]
    if sort == "participation":
        keys.append(-np.nan_to_num(np.asarray(rate, float), nan=-1.0))
    elif sort == "last_joined":
        last = np.asarray([d if isinstance(d, str) else "" for d in last_joined], dtype=str)
        keys.append(-np.unique(last, return_inverse=True)[1])
    if bloc_rank is not None:
        keys.append(np.asarray(bloc_rank))
    return np.lexsort(keys)
