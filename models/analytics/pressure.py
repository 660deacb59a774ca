"""Pressure against provocations: the dashboard's answer-first view and the brief's hero figure (no Qt).

Per month (per quarter over more than three years, per year over more than twelve): provocations
(launch events, missiles, nuclear tests) against responses (statements and how many had a Security
Council majority, Council votes, designations dated inside the bin), and one verdict line computed
from the response ledger. Where a source does not cover a span it is "not covered", never zero: a
launch whose response window runs past the end of the statement register and that drew nothing
inside the covered part is counted as not covered, not as unanswered.

Coverage is taken from the data's own date ranges (`data_coverage`), kept in one function so a
dedicated coverage module can replace it.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass, field
from datetime import date, timedelta

from models.analytics.ledger import DEFAULT_WINDOW_DAYS, LedgerRow, ledger_rows
from models.analytics.ledger_data import LedgerData, load, split_by_period, window_groups
from models.paths import REFERENCE_DIR
from models.store import Store

CONTEXT_FILE = REFERENCE_DIR / "context_events.csv"
DEFINITION = (
    "Provocations: DPRK launch events (one or more missiles on a day, CNS count) and nuclear tests. "
    "Responses: joint statements on the record (and how many had 8+ of the 15 Security Council members "
    "among their signatories), Council votes, and DPRK-related designations whose listing date falls in "
    "the bin (OFAC entries dated only between two list snapshots count where most of that interval "
    "falls). A launch 'drew a statement' when one names it, or follows it, within the response window. "
    "Hatched spans are not covered, so nothing there counts as zero: above the line, by the launch data; "
    "below it, by the statement register (designations are drawn where a list dates them).")


@dataclass(frozen=True)
class Coverage:
    """The span a source covers (inclusive), and how we know."""

    start: date | None
    end: date | None
    basis: str

    def covers(self, first: date, last: date) -> bool:
        return self.start is not None and self.end is not None and self.start <= first and last <= self.end

    def overlaps(self, first: date, last: date) -> bool:
        return self.start is not None and self.end is not None and self.start <= last and first <= self.end


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
    launches_covered: str = "none"                              # full / partial / none
    statements_covered: str = "none"
    designations_covered: str = "none"


@dataclass
class PressureSummary:
    start: date | None
    end: date | None
    granularity: str                       # month / quarter / year
    window_days: int
    bins: list[PressureBin]
    coverage: dict[str, Coverage]
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


def data_coverage(data: LedgerData, snapshots: dict[str, list[str]]) -> dict[str, Coverage]:
    """Spans from the records themselves: first record to the source's snapshot (or last record)."""
    vintage = data.vintage
    out: dict[str, Coverage] = {}
    if data.launches:
        end = max(data.launches[-1].day, _day(vintage.get("cns_missiles")) or data.launches[-1].day)
        out["launches"] = Coverage(data.launches[0].day, end,
                                   f"CNS database: {data.launches[0].date} to its file date {end.isoformat()}")
    else:
        out["launches"] = Coverage(None, None, "no launch data imported")
    said = data.statements
    if said:
        end = max(said[-1].day, _day(vintage.get("statements")) or said[-1].day)
        out["statements"] = Coverage(said[0].day, end, f"statement register: first record {said[0].date}, "
                                                       f"register dated {end.isoformat()}")
    else:
        out["statements"] = Coverage(None, None, "no statement register imported")
    spans: list[tuple[date, date, str]] = []
    for list_name, days in snapshots.items():
        exact = [d.hi for d in data.designations if d.list_name == list_name and d.exact]
        if exact:                      # exact listing dates: from the first to the list's snapshot
            spans.append((min(exact), _day(days[-1]) or max(exact), list_name))
        elif len(days) > 1:            # first-seen dating: between the first and the last snapshot
            spans.append((_day(days[0]) + timedelta(days=1), _day(days[-1]), list_name))
    if spans:
        out["designations"] = Coverage(min(s[0] for s in spans), max(s[1] for s in spans), "; ".join(
            f"{name} {lo.isoformat()} to {hi.isoformat()}" for lo, hi, name in spans))
    else:
        out["designations"] = Coverage(None, None, "no dated designations")
    return out


def _day(iso: str | None) -> date | None:
    return date.fromisoformat(iso[:10]) if iso else None


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


def _coverage_word(cov: Coverage, first: date, last: date) -> str:
    return "full" if cov.covers(first, last) else "partial" if cov.overlaps(first, last) else "none"


def load_nuclear_tests() -> list[tuple[date, str]]:
    with open(CONTEXT_FILE, encoding="utf-8", newline="") as handle:
        return [(date.fromisoformat(r["date"]), r["label"]) for r in csv.DictReader(handle)
                if r.get("kind") == "nuclear_test"]


def pressure_summary(store: Store, start: date | None = None, end: date | None = None,
                     window_days: int = DEFAULT_WINDOW_DAYS) -> PressureSummary:
    """The bins and the verdict for [start, end] (open ends: the data's first and last dates)."""
    data = load(store)
    snapshots: dict[str, list[str]] = {}
    for list_name, day in store.rows("SELECT list_name, snapshot_date FROM list_snapshots ORDER BY snapshot_date"):
        snapshots.setdefault(list_name, []).append(day)
    return summarise(data, ledger_rows(data, window_days), data_coverage(data, snapshots), start, end,
                     window_days, load_nuclear_tests())


def summarise(data: LedgerData, rows: list[LedgerRow], coverage: dict[str, Coverage], start: date | None,
              end: date | None, window_days: int, nuclear_tests: list[tuple[date, str]]) -> PressureSummary:
    ends = [c.end for c in coverage.values() if c.end is not None]
    starts = [c.start for c in coverage.values() if c.start is not None]
    lo = start or (coverage["launches"].start or (min(starts) if starts else date.today()))
    hi = end or (max(ends) if ends else date.today())
    hi = max(hi, lo)
    granularity = granularity_for(lo, hi)
    bins = make_bins(lo, hi, granularity)
    groups = window_groups(data.designations)
    for b in bins:
        b.launches_covered = _coverage_word(coverage["launches"], b.start, b.end)
        b.statements_covered = _coverage_word(coverage["statements"], b.start, b.end)
        b.designations_covered = _coverage_word(coverage["designations"], b.start, b.end)
        launches = [x for x in data.launches if b.start <= x.day <= b.end]
        b.launch_events = len(launches)
        b.missiles = sum(x.missile_count for x in launches)
        b.nuclear_tests = [label for day, label in nuclear_tests if b.start <= day <= b.end]
        said = [s for s in data.statements if b.start <= s.day <= b.end]
        b.statements = sum(not s.is_vote for s in said)
        b.statements_majority = sum(s.council_majority for s in said if not s.is_vote)
        b.votes = sum(s.is_vote for s in said)
        b.designations = len(split_by_period(data.designations, b.start, b.end, groups)[0])
    in_period = [r for r in rows if lo <= r.launch.day <= hi]
    statements_cov = coverage["statements"]
    drew, silent, uncovered = [], [], []
    for r in in_period:
        if r.statements:
            drew.append(r)
        elif statements_cov.covers(r.launch.day, r.launch.day + timedelta(days=window_days)):
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
        no_statement_ids=[r.launch.launch_id for r in silent], not_covered_ids=[r.launch.launch_id for r in uncovered])
    summary.verdict = verdict_text(summary, _period_text(lo, hi, start, end))
    return summary


def _period_text(lo: date, hi: date, start: date | None, end: date | None) -> str:
    if start and end and start == date(start.year, 1, 1) and end == date(start.year, 12, 31):
        return str(start.year)
    return f"{(start or lo).isoformat()} to {(end or hi).isoformat()}" if (start or end) else \
        f"{lo.year}-{hi.year}"


def verdict_text(s: PressureSummary, period: str) -> str:
    """One line: launches, how many drew a statement within the window, votes, designations in windows."""
    if s.launch_events == 0:
        cov = s.coverage["launches"]
        return f"{period}: no launch events recorded" + ("" if cov.start else " (no launch data imported)") + "."
    parts = [f"{period}: {s.launch_events} launch event{'s' if s.launch_events != 1 else ''}"]
    answered = s.drew_statement + s.no_statement
    if answered:
        parts.append(f"{s.no_statement} of {answered} drew no statement within {s.window_days} days")
    if s.statement_not_covered:
        parts.append(f"{s.statement_not_covered} outside the statement register")
    if s.votes:
        parts.append(f"{s.votes} Council vote{'s' if s.votes != 1 else ''}"
                     + (f" ({s.vetoed_votes} vetoed)" if s.vetoed_votes else ""))
    if not s.coverage["designations"].overlaps(s.bins[0].start, s.bins[-1].end):
        return "; ".join(parts + ["designations not covered"]) + "."
    designations = f"{s.designations_in_windows} designation{'s' if s.designations_in_windows != 1 else ''} " \
                   "dated within a window"
    if s.designations_possible:
        designations += f" (+{s.designations_possible} possible)"
    parts.append(designations)
    return "; ".join(parts) + "."
