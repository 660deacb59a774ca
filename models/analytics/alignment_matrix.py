"""The alignment matrix as arrays: countries x statements/votes, one position code per cell.

Pure numpy/pandas (no Qt), so the pane, the printed brief and the tests share one computation.
Codes are ordered by how much they say, so a zoomed-out view can aggregate a block of cells with
`np.minimum` and keep the most informative position.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from models.statement_kinds import G7, PROCEDURAL_VOTE, VOTE_KINDS
from models.store import Store

JOINED, VOTE_NO, ABSTAIN, ABSENT, NOT_JOINED, UNKNOWN, NO_STANDING = range(7)
POSITION_KEYS = ["joined", "vote_no", "abstain", "absent", "not_joined", "unknown", "no_standing"]
POSITION_LABELS = ["joined / voted yes", "voted no", "abstained", "absent", "not joined",
                   "list not recorded (signatories not named by the source)", "no standing (not on the Council)"]
DECIDED = NOT_JOINED  # codes <= NOT_JOINED are a position the country took (eligible cells)
VOTES_SERIES = "votes"  # pseudo series for Council votes (series_id NULL)
UN_ONLY = "un"          # pseudo filter: everything at the UN (every series but the G7's)
SEPARATE_GROUPS = (G7,)  # series shown as their own group of columns, after the UN ones
_RECORDED = {"joined": JOINED, "yes": JOINED, "no": VOTE_NO, "abstain": ABSTAIN, "absent": ABSENT}
COLUMN_FIELDS = ["statement_id", "date", "kind", "series_id", "title", "trigger_event", "venue", "url",
                 "positions_known", "outcome", "source_note"]


@dataclass
class AlignmentMatrix:
    """Rows are countries (ISO3), columns statements in date order; `codes[i, j]` a position code."""

    iso3: np.ndarray
    names: np.ndarray
    columns: pd.DataFrame          # COLUMN_FIELDS + series (series_id, or "votes"), label
    codes: np.ndarray              # int8, shape (rows, columns)
    council: np.ndarray            # bool, shape (rows, columns): on the Security Council at that date
    permanent: np.ndarray          # bool, shape (rows,): a permanent member at any column date
    council_size: np.ndarray = field(default_factory=lambda: np.zeros(0, int))

    @property
    def shape(self) -> tuple[int, int]:
        return self.codes.shape

    def take_rows(self, order: np.ndarray) -> "AlignmentMatrix":
        return AlignmentMatrix(self.iso3[order], self.names[order], self.columns, self.codes[order],
                               self.council[order], self.permanent[order], self.council_size)

    def take_columns(self, mask: np.ndarray) -> "AlignmentMatrix":
        return AlignmentMatrix(self.iso3, self.names, self.columns[mask].reset_index(drop=True),
                               self.codes[:, mask], self.council[:, mask], self.permanent,
                               self.council_size[mask])

    def row_of(self, iso3: str) -> int:
        hits = np.flatnonzero(self.iso3 == iso3)
        if not len(hits):
            raise KeyError(iso3)
        return int(hits[0])

    def column_of(self, statement_id: str) -> int:
        hits = np.flatnonzero(self.columns["statement_id"].to_numpy() == statement_id)
        if not len(hits):
            raise KeyError(statement_id)
        return int(hits[0])


def short_label(statement_id: str, kind: str, series_id: str | None) -> str:
    """The short display label derived from a register id, for the matrix's axis ticks only: 'JS 22-01'
    for JS2022-01, 'G7 23-02' for G7-2023-02, 'CTX 24-01' for CTX2024-01, 'E10' for the E10 statement,
    the symbol for a vote ('procedural' for a procedural vote). Text everywhere else names the record by
    its register id (statement_id), so panes and the brief agree."""
    if kind == PROCEDURAL_VOTE:
        return "procedural"
    if kind in VOTE_KINDS:
        return statement_id
    if series_id == "e10":
        return "E10"
    match = re.match(r"([A-Za-z0-9]+?)-?\d{2}(\d{2})-(\d+)$", statement_id)
    return f"{match.group(1)} {match.group(2)}-{match.group(3)}" if match else statement_id


def statement_columns(statements: pd.DataFrame, series: str | None = None) -> pd.DataFrame:
    """The statements frame (model.statements() layout) as matrix columns, filtered to one series."""
    frame = statements.reindex(columns=COLUMN_FIELDS).copy()
    is_vote = frame["kind"].isin(VOTE_KINDS).to_numpy()
    series_ids = frame["series_id"].astype(object).where(frame["series_id"].notna(), None)
    frame["series"] = np.where(is_vote & series_ids.isna().to_numpy(), VOTES_SERIES,
                               series_ids.fillna("").to_numpy())
    if series == UN_ONLY:
        frame = frame[~frame["series"].isin(SEPARATE_GROUPS)]
    elif series:
        frame = frame[frame["series"] == series]
    frame["group"] = frame["series"].isin(SEPARATE_GROUPS).astype(int)
    frame = frame.sort_values(["group", "date", "statement_id"], kind="stable").reset_index(drop=True)
    frame["positions_known"] = frame["positions_known"].fillna(1).astype(int)
    series_col = frame["series_id"].astype(object).where(frame["series_id"].notna(), None)
    frame["label"] = [short_label(s, k, r) for s, k, r in
                      zip(frame["statement_id"].tolist(), frame["kind"].tolist(), series_col.tolist())]
    return frame


def _council(store: Store) -> pd.DataFrame:
    return store.query("SELECT iso3, role, valid_from, COALESCE(valid_to, '9999-12-31') AS valid_to"
                       " FROM country_groups WHERE group_name = 'UNSC'")


def alignment_matrix(store: Store, statements: pd.DataFrame | None = None,
                     series: str | None = None) -> AlignmentMatrix:
    """Build the matrix for `statements` (default: all in the store), optionally one series.

    Rows: every country with a recorded position in any statement, plus the Council members of
    the years the columns span. Cells: joined / not joined for a joint statement whose signatories
    are recorded, UNKNOWN where the source names none; for a vote the recorded vote, NO_STANDING
    for a country not on the Council at that date, UNKNOWN for a member with no recorded vote.
    """
    if statements is None:
        from models.tables import build_table

        statements = build_table(store, "statements")
    columns = statement_columns(statements, series)
    council = _council(store)
    # one row per (statement, position) with its countries joined: far fewer Python objects than
    # one row per cell (157k positions -> 5k rows in the benchmark)
    grouped = store.rows("SELECT statement_id, position, group_concat(iso3) FROM positions"
                         " GROUP BY statement_id, position")
    with_positions = {r[0] for r in store.rows("SELECT DISTINCT iso3 FROM positions")}
    dates = columns["date"].astype(str).to_numpy()
    years = sorted({d[:4] for d in dates})
    in_years = np.zeros(len(council), bool)
    for year in years:
        in_years |= (council["valid_from"] <= f"{year}-12-31").to_numpy() & (
            council["valid_to"] >= f"{year}-01-01").to_numpy()
    codes_set = with_positions | set(council["iso3"][in_years])
    names_map = dict(store.rows("SELECT iso3, name FROM countries"))
    iso3 = np.array(sorted(codes_set, key=lambda c: names_map.get(c, c)), dtype=object)
    names = np.array([names_map.get(c, c) for c in iso3], dtype=object)
    n_rows, n_cols = len(iso3), len(columns)
    row_index = pd.Index(iso3)

    is_vote = columns["kind"].isin(VOTE_KINDS).to_numpy()
    known = columns["positions_known"].to_numpy().astype(bool)
    member = np.zeros((n_rows, n_cols), bool)
    permanent = np.zeros(n_rows, bool)
    rows_of_council = row_index.get_indexer(council["iso3"])
    for r, (frm, to, role) in zip(rows_of_council, council[["valid_from", "valid_to", "role"]].itertuples(
            index=False)):
        if r < 0:
            continue
        hit = (dates >= frm) & (dates <= to)
        member[r] |= hit
        if role == "permanent" and hit.any():
            permanent[r] = True

    default = np.where(known, NOT_JOINED, UNKNOWN).astype(np.int8)
    codes = np.broadcast_to(default, (n_rows, n_cols)).copy()
    vote_cols = np.flatnonzero(is_vote)
    if len(vote_cols):
        block = np.where(member[:, vote_cols], UNKNOWN, NO_STANDING).astype(np.int8)
        codes[:, vote_cols] = block
    col_of = {sid: j for j, sid in enumerate(columns["statement_id"].tolist())}
    row_of = {code: i for i, code in enumerate(iso3.tolist())}
    for sid, position, members in grouped:
        j = col_of.get(sid)
        code = _RECORDED.get(position)
        if j is None or code is None:
            continue
        rows = [row_of[m] for m in members.split(",") if m in row_of]
        codes[rows, j] = code
    return AlignmentMatrix(iso3, names, columns, codes, member, permanent, member.sum(axis=0))

