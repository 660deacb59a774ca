"""Pressure against provocations: the dashboard's answer-first view and the brief's hero figure (no Qt).

Per month (per quarter over more than three years, per year over more than twelve): provocations
(launch events, missiles, nuclear tests) against responses (the UN launch statements the scorecard counts
and how many had a Security Council majority, Council votes, designations dated inside the bin), and one
verdict line computed from the response ledger. Coverage is models.coverage, the one definition every
pane and the brief use: where a source does not cover a span it is "not covered", never zero. A launch
whose response window the statement register does not wholly cover and that drew no statement is counted
as not covered, not as unanswered. Launch counts say whose count they are (CNS, or the preliminary
third-party nagix source after the CNS data ends: models.launch_sources).
"""
from __future__ import annotations

import csv
from dataclasses import dataclass, field
from datetime import date, timedelta

from models.analytics.ledger import DEFAULT_WINDOW_DAYS, LedgerRow, ledger_rows
from models.analytics.ledger_data import LedgerData, StatementRec, load, split_by_period, window_groups
from models.coverage import (
    COVERED, DESIGNATIONS, LAUNCHES, MEASURE_NAMES, NOT_COVERED, PARTIAL, STATEMENTS, VOTES, Coverage)
from models.launch_sources import count_words
from models.paths import REFERENCE_DIR
from models.statement_kinds import UN_LAUNCH_SERIES, UN_VENUE, VENUE_STATEMENTS
from models.store import Store

CONTEXT_FILE = REFERENCE_DIR / "context_events.csv"
DEFINITION = (
    "Provocations: DPRK launch events (one or more missiles on a day and site, grouped from CNS missile rows; "
    "after the CNS data ends, the preliminary third-party nagix count) and nuclear tests. "
    "Responses: joint statements at the UN of the launch series (US-led and E10; how many had 8+ of the 15 "
    "Security Council members among their signatories), Council votes, and DPRK-related designations dated "
    "inside the bin (a designation dated only to a window between two list versions counts only where that "
    "whole window lies in the bin). A launch 'drew a joint statement at the UN' when one of the launch series names "
    "it, or follows it, within the response window (G7 foreign ministers' statements are shown apart). Hatched spans are not covered (models.coverage), so nothing there counts as zero: "
    "above the line, by the launch data; below it, by the statement register.")
MEASURES_SHOWN = (LAUNCHES, STATEMENTS, VOTES, DESIGNATIONS)


def _un_statement(data: LedgerData, launch, window_days: int) -> bool:
    """Whether a joint statement of the UN launch series falls in the launch's response window (the ledger's
    rule: from the launch day, a same-day statement only when it names the launch)."""
    end = launch.day + timedelta(days=window_days)
    named = data.triggers.get(launch.date, set())
    return any(_counted(s) and launch.day <= s.day <= end and (s.day > launch.day or s.statement_id in named)
               for s in data.statements)


def _counted(s: StatementRec) -> bool:
    """A statement the scorecard counts as a joint statement (the UN launch series; models.statement_kinds)."""
    return not s.is_vote and (s.series_id is None or s.series_id in UN_LAUNCH_SERIES)


@dataclass
class PressureBin:
    start: date
    end: date
    label: str
    launch_events: int = 0
    missiles: int = 0
    nuclear_tests: list[str] = field(default_factory=list)       # labels
    statements: int = 0
    statements_majority: int = 0
    votes: int = 0
    designations: int = 0
    other_statements: dict[str, int] = field(default_factory=dict)  # series name -> count (not in the bars)
    launches_covered: str = NOT_COVERED                         # covered / partial / not covered (models.coverage)
    statements_covered: str = NOT_COVERED
    votes_covered: str = NOT_COVERED
    designations_covered: str = NOT_COVERED
    launch_count: str = ""                                      # whose count (models.launch_sources)
    venues_not_covered: list[str] = field(default_factory=list)  # statement venues the register lacks here


@dataclass
class PressureSummary:
    start: date | None
    end: date | None
    granularity: str                       # month / quarter / year
    window_days: int
    bins: list[PressureBin]
    coverage: Coverage                     # models.coverage, the store's one definition
    launch_events: int
    missiles: int
    drew_statement: int
    no_statement: int
    statement_not_covered: int
    votes: int
    vetoed_votes: int
    designations_in_windows: int
    designations_possible: int
    verdict: str
    definition: str = DEFINITION
    no_statement_ids: list[str] = field(default_factory=list)
    not_covered_ids: list[str] = field(default_factory=list)
    launch_count: str = ""                 # whose count the period's launch events are
    designations_state: str = NOT_COVERED  # coverage of the designation lists over the period

    def coverage_notes(self) -> list[str]:
        """One sentence per measure: what covers it, and what of the period is not covered."""
        return [self.coverage.note(m, self.start, self.end) for m in MEASURES_SHOWN]


def granularity_for(start: date, end: date) -> str:
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    return "month" if months <= 36 else "quarter" if months <= 144 else "year"


def make_bins(start: date, end: date, granularity: str) -> list[PressureBin]:
    step = {"month": 1, "quarter": 3, "year": 12}[granularity]
    month = (start.month - 1) // step * step + 1
    first = date(start.year, month, 1)
    bins = []
    while first <= end:
        y, m = divmod(first.month - 1 + step, 12)
        nxt = date(first.year + y, m + 1, 1)
        if granularity == "month":
            label = first.strftime("%b %Y") if first.month == 1 or not bins else first.strftime("%b")
        elif granularity == "quarter":
            label = f"Q{(first.month - 1) // 3 + 1} {first.year}"
        else:
            label = str(first.year)
        bins.append(PressureBin(first, nxt - timedelta(days=1), label))
        first = nxt
    return bins


def load_nuclear_tests() -> list[tuple[date, str]]:
    with open(CONTEXT_FILE, encoding="utf-8", newline="") as handle:
        return [(date.fromisoformat(r["date"]), r["label"]) for r in csv.DictReader(handle)
                if r.get("kind") == "nuclear_test"]


def pressure_summary(store: Store, start: date | None = None, end: date | None = None,
                     window_days: int = DEFAULT_WINDOW_DAYS) -> PressureSummary:
    """The bins and the verdict for [start, end] (open ends: the covered span of the launch data)."""
    data = load(store)
    return summarise(data, ledger_rows(data, window_days), start, end, window_days, load_nuclear_tests())


def _open_ends(coverage: Coverage, start: date | None, end: date | None) -> tuple[date, date]:
    launches = coverage.ranges(LAUNCHES)
    spans = [r for m in MEASURES_SHOWN for r in coverage.ranges(m)]
    lo = start or (launches[0][0] if launches else min((a for a, _ in spans), default=date.today()))
    hi = end or (launches[-1][1] if launches else max((b for _, b in spans), default=date.today()))
    return lo, max(hi, lo)


def summarise(data: LedgerData, rows: list[LedgerRow], start: date | None, end: date | None, window_days: int,
              nuclear_tests: list[tuple[date, str]]) -> PressureSummary:
    coverage = data.coverage
    lo, hi = _open_ends(coverage, start, end)
    granularity = granularity_for(lo, hi)
    bins = make_bins(lo, hi, granularity)
    groups = window_groups(data.designations)
    for b in bins:
        b.launches_covered = coverage.status(LAUNCHES, b.start, b.end)
        b.statements_covered = coverage.status(STATEMENTS, b.start, b.end)
        b.votes_covered = coverage.status(VOTES, b.start, b.end)
        b.designations_covered = coverage.status(DESIGNATIONS, b.start, b.end)
        if b.statements_covered != NOT_COVERED:
            b.venues_not_covered = [VENUE_STATEMENTS.get(v, v) for v in coverage.venues()
                                    if coverage.venue_status(v, b.start, b.end) != COVERED]
        launches = [x for x in data.launches if b.start <= x.day <= b.end]
        b.launch_events = len(launches)
        b.missiles = sum(x.missile_count for x in launches)
        b.launch_count = count_words([(x.dataset, x.date) for x in launches]) if launches else ""
        b.nuclear_tests = [label for day, label in nuclear_tests if b.start <= day <= b.end]
        said = [s for s in data.statements if b.start <= s.day <= b.end]
        counted = [s for s in said if _counted(s)]
        b.statements = len(counted)
        b.statements_majority = sum(s.council_majority for s in counted)
        b.votes = sum(s.is_vote for s in said)
        for s in said:
            if not s.is_vote and not _counted(s):
                name = data.series_names.get(s.series_id, s.series_id)
                b.other_statements[name] = b.other_statements.get(name, 0) + 1
        b.designations = len(split_by_period(data.designations, b.start, b.end, groups)[0])
    in_period = [r for r in rows if lo <= r.launch.day <= hi]
    drew, silent, uncovered = [], [], []
    for r in in_period:           # statements at the UN: the venue the register must cover for "no statement"
        if _un_statement(data, r.launch, window_days):
            drew.append(r)
        elif (coverage.covers(STATEMENTS, r.launch.day, r.launch.day + timedelta(days=window_days))
              and coverage.venue_status(UN_VENUE, r.launch.day, r.launch.day + timedelta(days=window_days)) == COVERED):
            silent.append(r)
        else:
            uncovered.append(r)
    votes = [s for s in data.statements if s.is_vote and lo <= s.day <= hi]
    in_windows = {d.designation_id for r in in_period for d in r.designations}
    possible = {d.designation_id for r in in_period for d in r.possible} - in_windows
    summary = PressureSummary(
        start=start, end=end, granularity=granularity, window_days=window_days, bins=bins, coverage=coverage,
        launch_events=len(in_period), missiles=sum(r.launch.missile_count for r in in_period),
        drew_statement=len(drew), no_statement=len(silent), statement_not_covered=len(uncovered),
        votes=len(votes), vetoed_votes=sum(bool(v.vetoes) for v in votes),
        designations_in_windows=len(in_windows), designations_possible=len(possible), verdict="",
        no_statement_ids=[r.launch.launch_id for r in silent], not_covered_ids=[r.launch.launch_id for r in uncovered],
        launch_count=count_words([(r.launch.dataset, r.launch.date) for r in in_period]),
        designations_state=coverage.status(DESIGNATIONS, lo, hi))
    summary.verdict = verdict_text(summary, _period_text(lo, hi, start, end), lo, hi)
    return summary


def _period_text(lo: date, hi: date, start: date | None, end: date | None) -> str:
    if start and end and start == date(start.year, 1, 1) and end == date(start.year, 12, 31):
        return str(start.year)
    return f"{(start or lo).isoformat()} to {(end or hi).isoformat()}" if (start or end) else \
        f"{lo.year}-{hi.year}"


def verdict_text(s: PressureSummary, period: str, lo: date, hi: date) -> str:
    """One line: launch events (whose count), how many drew a statement within the window, votes,
    designations dated in windows; every measure its sources do not cover over the period says so."""
    launches_state = s.coverage.status(LAUNCHES, lo, hi)
    if s.launch_events == 0:
        if launches_state == NOT_COVERED:
            held = bool(s.coverage.of(LAUNCHES))
            return f"{period}: launch events not covered" + ("" if held else " (no launch data imported)") + "."
        return f"{period}: no launch events recorded ({s.launch_count})" + \
            (" in the part the launch data covers" if launches_state == PARTIAL else "") + "."
    parts = [f"{period}: {s.launch_events} launch event{'s' if s.launch_events != 1 else ''} ({s.launch_count}"
             + ("; launch data partly covers the period" if launches_state == PARTIAL else "") + ")"]
    answered = s.drew_statement + s.no_statement
    if answered:
        parts.append(f"{s.no_statement} of {answered} drew no joint statement at the UN within {s.window_days} days")
    if s.statement_not_covered:
        parts.append(f"{s.statement_not_covered} not covered by the statement register")
    votes_state = s.coverage.status(VOTES, lo, hi)
    if votes_state == NOT_COVERED:
        parts.append(f"{MEASURE_NAMES[VOTES]} not covered")
    elif s.votes:
        parts.append(f"{s.votes} Council vote{'s' if s.votes != 1 else ''}"
                     + (f" ({s.vetoed_votes} vetoed)" if s.vetoed_votes else ""))
    if s.designations_state == NOT_COVERED:
        return "; ".join(parts + ["designations not covered"]) + "."
    designations = f"{s.designations_in_windows} designation{'s' if s.designations_in_windows != 1 else ''} " \
                   "dated within a window"
    if s.designations_possible:
        designations += f" (+{s.designations_possible} possible)"
    if s.designations_state == PARTIAL:
        designations += " (not covered: " + ", ".join(s.coverage.missing(DESIGNATIONS, lo, hi)) + ")"
    parts.append(designations)
    return "; ".join(parts) + "."
