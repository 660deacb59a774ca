"""The response ledger: for every launch, what came after it (statements, Council votes, designations).

Statements: those that name the launch as their trigger (statement_triggers) and fall within the
response window; when none names it, the next statement(s) inside the window (`statement_match`
says which). The window runs from the launch date to `window_days` after it; launch dates are UTC,
so an item dated on the launch day itself counts only when it names the launch.
Council votes: every draft or adopted resolution vote inside the window.
Designations: DPRK-related entries whose designation date (models.designation_dates) lies in the
window: a date to the day inside it is "designation dated in window"; a date known only to a window
between two list versions counts as dated when that whole window lies in the response window (the lag
is then a range "a-b"); a window that only overlaps it is reported as `designations_possible`
("designation possibly in window"), never as dated.
Each launch's `response` is one term of models.response_vocabulary: "no response" only when every
response source (models.coverage) covers the whole window, else "not covered (which sources)".

The yearly scorecard and the headline figures are in `models.analytics.ledger_score`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING

from models.analytics.ledger_data import (
    NOT_TAGGED, DatedDesignation, LaunchRec, LedgerData, StatementRec, load, split_by_period, window_groups)
from models import response_vocabulary as vocab
from models.coverage import (
    COVERED, DESIGNATIONS, MEASURE_NAMES, NOT_COVERED_TEXT, RESPONSE_MEASURES, STATEMENTS, Coverage)
from models.launch_sources import source
from models.statement_kinds import NOT_LAUNCH_TRIGGERED
from models.store import Store
from models.tables import table

if TYPE_CHECKING:
    import pandas as pd

DEFAULT_WINDOW_DAYS = 30
SLOW_RESPONSE_DAYS = 7          # a first response later than this is "slow" (colour cue)
LEDGER_COLUMNS = ["launch_id", "date", "classes", "missile_count", "statement_ids", "first_statement_lag_days",
                  "max_signatories", "council_majority", "vote_ids", "designations_in_window",
                  "first_designation_lag_days", "response"]
EXTRA_COLUMNS = ["statement_match", "max_council_signatories", "vote_outcomes", "vetoes", "designation_ids",
                 "designations_by_authority", "designations_by_stream", "designations_possible",
                 "possible_designation_ids", "first_response_lag_days", "slow_response", "window_days", "launch_count",
                 "response_category", "not_covered_sources", "korea_date", "time_utc", "launch_label"]


@dataclass
class LedgerRow:
    launch: LaunchRec
    statements: list[StatementRec] = field(default_factory=list)
    statement_match: str = ""            # trigger / window / ""
    votes: list[StatementRec] = field(default_factory=list)
    designations: list[DatedDesignation] = field(default_factory=list)
    possible: list[DatedDesignation] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)     # response sources not covering the whole window

    @property
    def category(self) -> str:
        """The launch's term in models.response_vocabulary."""
        return vocab.classify(len(self.statements) + len(self.votes), len(self.designations),
                              len(self.possible), self.missing)

    @property
    def statement_lag(self) -> int | None:
        return min((s.day - self.launch.day).days for s in self.statements) if self.statements else None

    @property
    def max_signatories(self) -> int | None:
        known = [s.signatories for s in self.statements if s.signatories is not None]
        return max(known) if known else None

    @property
    def max_council_signatories(self) -> int | None:
        known = [s.council_signatories for s in self.statements if s.council_signatories is not None]
        return max(known) if known else None

    @property
    def council_majority(self) -> bool:
        return any(s.council_majority for s in self.statements)

    @property
    def designation_lag(self) -> tuple[int, int] | None:
        """Bounds on the lag to the first designation in the window (equal when the dates are exact)."""
        if not self.designations:
            return None
        return (min(max(0, (d.lo - self.launch.day).days) for d in self.designations),
                min((d.hi - self.launch.day).days for d in self.designations))

    @property
    def responded(self) -> bool:
        return bool(self.statements or self.votes or self.designations)

    @property
    def first_response_lag(self) -> int | None:
        """Days to the first statement or vote, or (lower bound) designation; None without a response."""
        lags = [(s.day - self.launch.day).days for s in self.statements + self.votes]
        if self.designations:
            lags.append(self.designation_lag[0])
        return min(lags) if lags else None


def lag_text(bounds: tuple[int, int] | None) -> str:
    if bounds is None:
        return ""
    return str(bounds[0]) if bounds[0] == bounds[1] else f"{bounds[0]}-{bounds[1]}"


def breakdown(values: list[str]) -> str:
    """'OFAC 3; UN 1718 Committee 1' (largest first)."""
    counts: dict[str, int] = {}
    for v in values:
        counts[v] = counts.get(v, 0) + 1
    return "; ".join(f"{k} {n}" for k, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def stream_breakdown(designations: list[DatedDesignation], tagged: bool) -> str:
    if not designations:
        return ""
    if not tagged:
        return NOT_TAGGED
    return breakdown([s for d in designations for s in (d.streams or [NOT_TAGGED])])


def missing_sources(coverage: Coverage, start: date, end: date) -> list[str]:
    """The response sources that do not cover all of [start, end], in words (joint statements, OFAC, ...).

    Where the statement register covers the window, a statement venue it does not cover there (G7 foreign
    ministers' statements in 2022) is a missing response source too: a statement there would count."""
    from models.statement_kinds import VENUE_STATEMENTS

    out = []
    for measure in RESPONSE_MEASURES:
        for scope in coverage.missing(measure, start, end):
            out.append(scope if measure == DESIGNATIONS else MEASURE_NAMES.get(scope, scope))
        if measure == STATEMENTS and MEASURE_NAMES[STATEMENTS] not in out:
            out += [VENUE_STATEMENTS.get(v, f"statements ({v})") for v in coverage.venues()
                    if coverage.venue_status(v, start, end) != COVERED]
    return out


def ledger_rows(data: LedgerData, window_days: int = DEFAULT_WINDOW_DAYS) -> list[LedgerRow]:
    """One LedgerRow per launch, in date order (computed once per window for a LedgerData: the strip, the
    ledger, the scorecard and every part of the brief share them; callers must not modify them)."""
    cached = data.rows_cache.get(window_days)
    if cached is None:
        cached = data.rows_cache[window_days] = _ledger_rows(data, window_days)
    return cached


def _ledger_rows(data: LedgerData, window_days: int) -> list[LedgerRow]:
    window = timedelta(days=window_days)
    rows = []
    groups = window_groups(data.designations)
    for launch in data.launches:
        end = launch.day + window
        row = LedgerRow(launch)
        named = data.triggers.get(launch.date, set())
        # launch dates are UTC, statements dated where they were made: a same-day item counts only when
        # it names the launch (otherwise it may well precede it)
        in_window = [s for s in data.statements if launch.day <= s.day <= end
                     and (s.day > launch.day or s.statement_id in named)]
        said = [s for s in in_window if not s.is_vote
                and (s.series_id not in NOT_LAUNCH_TRIGGERED or s.statement_id in named)]
        row.statements = [s for s in said if s.statement_id in named]
        if row.statements:
            row.statement_match = "trigger"
        elif said:
            first = min(s.day for s in said)
            row.statements = [s for s in said if s.day == first]
            row.statement_match = "window"
        row.votes = [s for s in in_window if s.is_vote]
        after = launch.day + timedelta(days=1)
        row.designations, row.possible = split_by_period(data.designations, after, end, groups)
        row.missing = missing_sources(data.coverage, launch.day, end)
        rows.append(row)
    return rows


def ledger_frame(rows: list[LedgerRow], tagged: bool, window_days: int) -> "pd.DataFrame":
    import pandas as pd

    from models.korea_time import korea_label

    def ids(items) -> str:
        return "; ".join(str(getattr(i, "statement_id", None) or getattr(i, "designation_id")) for i in items)

    records = []
    for r in rows:
        first = r.first_response_lag
        records.append({
            "launch_id": r.launch.launch_id, "date": r.launch.date, "korea_date": r.launch.korea_date or "",
            "time_utc": r.launch.time_utc or "", "classes": r.launch.classes,
            "missile_count": r.launch.missile_count, "statement_ids": ids(r.statements),
            "first_statement_lag_days": r.statement_lag, "max_signatories": r.max_signatories,
            "council_majority": "yes" if r.council_majority else NOT_COVERED_TEXT if (
                not r.statements and MEASURE_NAMES[STATEMENTS] in r.missing) else "no", "vote_ids": ids(r.votes),
            "designations_in_window": len(r.designations), "first_designation_lag_days": lag_text(r.designation_lag),
            "response": vocab.cell_text(r.category, r.missing),
            "statement_match": r.statement_match, "max_council_signatories": r.max_council_signatories,
            "vote_outcomes": "; ".join(v.outcome or "" for v in r.votes),
            "vetoes": sum(len(v.vetoes) for v in r.votes),
            "designation_ids": ids(r.designations),
            "designations_by_authority": breakdown([d.authority for d in r.designations]),
            "designations_by_stream": stream_breakdown(r.designations, tagged),
            "designations_possible": len(r.possible), "possible_designation_ids": ids(r.possible),
            "first_response_lag_days": first,
            "slow_response": "yes" if first is not None and first > SLOW_RESPONSE_DAYS else "no",
            "window_days": window_days, "launch_count": source(r.launch.dataset).label,
            "response_category": r.category, "not_covered_sources": "; ".join(r.missing),
            "launch_label": korea_label(r.launch.date, r.launch.time_utc)})
    frame = pd.DataFrame.from_records(records, columns=LEDGER_COLUMNS + EXTRA_COLUMNS)
    for column in ("first_statement_lag_days", "max_signatories", "max_council_signatories",
                   "first_response_lag_days"):
        frame[column] = frame[column].astype("Int64")
    return frame


def ledger_table(store: Store, window_days: int = DEFAULT_WINDOW_DAYS) -> "pd.DataFrame":
    """One row per launch event: the CLI columns (LEDGER_COLUMNS), then EXTRA_COLUMNS."""
    data = load(store)
    return ledger_frame(ledger_rows(data, window_days), data.tagged, window_days)


def scorecard_table(store: Store, window_days: int = DEFAULT_WINDOW_DAYS) -> "pd.DataFrame":
    from models.analytics.ledger_score import scorecard_table as build

    return build(store, window_days)


def period_scorecard(store: Store, start: date | None, end: date | None,
                     window_days: int = DEFAULT_WINDOW_DAYS) -> dict:
    from models.analytics.ledger_score import period_scorecard as build

    return build(store, start, end, window_days)


def headline_figures(store: Store, start: date | None, end: date | None, window_days: int = DEFAULT_WINDOW_DAYS):
    from models.analytics.ledger_score import headline_figures as build

    return build(store, start, end, window_days)


@table("ledger")
def _ledger(store: Store) -> "pd.DataFrame":
    return ledger_table(store)


@table("scorecard")
def _scorecard(store: Store) -> "pd.DataFrame":
    return scorecard_table(store)
