"""Everything the alignment figure shows, computed from the store and the pane's options (no Qt).

`alignment_view(...)` is the one entry point for the pane and the printed brief: it filters the
columns (period, series) and rows (country group), orders the rows (bloc, sort) and adds the
margins, drift cues and the honest-gap notes.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from models.analytics import alignment_stats as stats
from models.analytics.alignment import data_gaps
from models.analytics.alignment_matrix import UN_ONLY, VOTES_SERIES, AlignmentMatrix, alignment_matrix
from models.statement_kinds import LIST_NOT_RECORDED
from models.store import Store


@dataclass
class AlignmentOptions:
    series: str | None = None          # None: all series and votes
    grouped: bool = True               # by bloc, else flat
    sort: str = "participation"        # see alignment_stats.SORTS
    country_group: str | None = None   # country_groups.group_name


@dataclass
class AlignmentView:
    matrix: AlignmentMatrix             # rows in display order
    bloc_rank: np.ndarray               # per row (all zeros when flat)
    bloc_names: list[str]
    margins: pd.DataFrame               # per column, statement_margins
    rows: pd.DataFrame                  # per row: iso3, country, joined, eligible, rate, last_joined, drift ...
    primary_series: str | None          # the series the per-country margin counts
    notes: list[str] = field(default_factory=list)

    @property
    def bloc_starts(self) -> list[tuple[int, str]]:
        """(first row, bloc name) for each bloc present, in display order."""
        out = []
        for i, rank in enumerate(self.bloc_rank):
            if i == 0 or rank != self.bloc_rank[i - 1]:
                out.append((i, self.bloc_names[int(rank)] if self.bloc_names else ""))
        return out

    def row_label(self, i: int) -> str:
        name = str(self.matrix.names[i])
        return f"{name} (P5)" if self.matrix.permanent[i] else name

    def margin_texts(self) -> list[str]:
        """`margin_text` for every row."""
        cues = {"stopped": " ↘ stopped", "started": " ↗ started", "once": " • once"}
        out = []
        for joined, eligible, rate, last, drift in zip(self.rows["joined"], self.rows["eligible"], self.rows["rate"],
                                                       self.rows["last_joined"], self.rows["drift"]):
            if pd.isna(eligible) or not eligible:
                out.append("no recorded position")
                continue
            text = f"{int(joined)}/{int(eligible)} {rate:.0%}"
            if isinstance(last, str):
                text += f" · last {_short_date(last)}"
            out.append(text + cues.get(drift, ""))
        return out

    def margin_text(self, i: int) -> str:
        """'5/9 56% · last 21 Nov' plus a drift cue for row i."""
        row = self.rows.iloc[i]
        if not row["eligible"] or pd.isna(row["eligible"]):
            return "no recorded position"
        text = f"{int(row['joined'])}/{int(row['eligible'])} {row['rate']:.0%}"
        if isinstance(row["last_joined"], str):
            text += f" · last {_short_date(row['last_joined'])}"
        cue = {"stopped": "↘ stopped", "started": "↗ started", "once": "• once"}.get(row["drift"], "")
        return f"{text} {cue}".rstrip()


def _short_date(iso: str) -> str:
    months = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
    return f"{int(iso[8:10])} {months[int(iso[5:7]) - 1]} {iso[:4]}"


def primary_series(matrix: AlignmentMatrix, series: str | None) -> str | None:
    if series and series != UN_ONLY:
        return series
    present = list(pd.unique(matrix.columns["series"]))
    for candidate in ("us_led", *[s for s in present if s not in ("", VOTES_SERIES)], VOTES_SERIES):
        if candidate in present:
            return candidate
    return None


def alignment_view(store: Store, statements: pd.DataFrame, options: AlignmentOptions,
                   matrix: AlignmentMatrix | None = None, cache: dict | None = None) -> AlignmentView:
    """`statements`: the model's statements table, already limited to the period.

    Pass the base `matrix` (all rows, this period and series) and a `cache` dict kept with it to
    re-sort or re-group without recomputing margins, participation and blocs.
    """
    if matrix is None:
        matrix = alignment_matrix(store, statements, options.series)
    cache = {} if cache is None else cache
    if cache.get("matrix") is not matrix:
        cache.clear()
        cache["matrix"] = matrix
    dates = matrix.columns["date"].astype(str)
    year = dates.max()[:4] if len(dates) else None
    series = primary_series(matrix, options.series)
    if "margins" not in cache:
        # margins count every country, whatever rows the country-group filter shows
        cache["margins"] = stats.statement_margins(matrix)
        cache["rows"] = stats.series_participation(matrix, series) if series else pd.DataFrame(
            {"iso3": matrix.iso3, "joined": 0, "eligible": 0, "rate": np.nan, "last_joined": None, "drift": ""})
        cache["blocs"] = stats.blocs(store, matrix.iso3, year)
        cache["notes"] = gap_notes(store, matrix, options.series)
    keep = np.arange(len(matrix.iso3))
    if options.country_group:
        members = stats.group_members(store, options.country_group, dates.min() if len(dates) else None,
                                      dates.max() if len(dates) else None)
        keep = np.flatnonzero(np.isin(matrix.iso3, list(members)))
    rows = cache["rows"].iloc[keep].reset_index(drop=True)
    if options.grouped:
        rank, names = cache["blocs"][0][keep], cache["blocs"][1]
    else:
        rank, names = np.zeros(len(keep), np.int64), ["All countries"]
    order = stats.row_order(matrix.names[keep], rows["rate"].to_numpy(), rows["last_joined"].to_numpy(),
                            options.sort, rank if options.grouped else None)
    shown = matrix.take_rows(keep[order])
    rows = rows.iloc[order].reset_index(drop=True)
    rows.insert(1, "country", shown.names)
    return AlignmentView(shown, rank[order], names, cache["margins"], rows, series, list(cache["notes"]))


def gap_notes(store: Store, matrix: AlignmentMatrix, series: str | None) -> list[str]:
    """Honest-gap notes: statements with no recorded signatories, and sourced register gaps."""
    notes = []
    cols = matrix.columns
    for _, col in cols[cols["positions_known"] == 0].iterrows():
        notes.append(f"{col['statement_id']} ({col['date']}): {LIST_NOT_RECORDED} (the source names no signatories)")
    years = set(cols["date"].astype(str).str[:4])
    present = set(cols["series"])
    for _, gap in data_gaps(store).iterrows():
        if gap["year"] in years and gap["series_id"] in present and (series in (None, UN_ONLY, gap["series_id"])):
            notes.append(f"{stats.SERIES_NAMES.get(gap['series_id'], gap['series_id'])} {gap['year']}: "
                         f"{gap['summary']}. {gap['note']} "
                         f"Source: {gap['source']}.")
    return notes
