"""Coverage as data: which periods each measure's sources cover, read from what the store holds.

One question, asked by every figure, table cell, chart and sentence: *is this period covered for
this measure?* A period its sources do not cover is "not covered", never 0, 0 % or 100 %.

Measures and their scopes (a scope is covered when the union of its spans covers the period; a
measure is covered when every one of its scopes is):

- launches: one scope; each missile source file covers its first record's date to the later of its
  last record and its snapshot date (CNS: 1984-04-09 to 2023-04-19; the nagix file, labelled
  "preliminary (third-party)", to its last launch in 2026).
- statements / votes: one scope each; each register file covers the calendar years of the records it
  holds (a register is compiled per year), never past the day it was imported. The series and venues
  it holds are named.
- statement series and venues (not measures of their own; `series_status`, `venue_status`): each register
  file covers, for every series it holds, the same calendar years as above; a venue (at the UN, G7 foreign
  ministers: models.statement_kinds) is covered where one of its series is. A series or venue no file holds
  (G7 statements in 2022) is "not covered" there, even where the register covers other statements.
- designations: one scope per authority. A list that gives listing dates covers from its earliest
  listing date to its newest snapshot (only entries still listed then are held); a list dated only by
  snapshots covers from the day after its first stored snapshot to its newest one.

`load(store)` is cached until the database changes (like the ledger's records).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from models.statement_kinds import VOTE_KINDS      # resolution, draft and procedural votes
from models.store import Store

LAUNCHES, STATEMENTS, VOTES, DESIGNATIONS = "launches", "statements", "votes", "designations"
MEASURES = (LAUNCHES, STATEMENTS, VOTES, DESIGNATIONS)
SERIES, VENUES = "statement_series", "statement_venues"     # parts of the register, not measures
MEASURE_NAMES = {LAUNCHES: "launches", STATEMENTS: "joint statements", VOTES: "Council votes",
                 DESIGNATIONS: "designations", SERIES: "statement series", VENUES: "statement venues"}
RESPONSE_MEASURES = (STATEMENTS, VOTES, DESIGNATIONS)

COVERED, PARTIAL, NOT_COVERED = "covered", "partial", "not covered"
NOT_COVERED_TEXT = "not covered"


@dataclass(frozen=True)
class Span:
    """One source's coverage of one measure (inclusive dates)."""

    measure: str
    scope: str                  # the part of the measure it answers for (launches, statements, OFAC, ...)
    source: str                 # the source in words
    start: date
    end: date
    basis: str                  # how the span was found, in words
    detail: str = ""            # series, venues, list

    def text(self) -> str:
        what = f"{self.source} ({self.detail})" if self.detail else self.source
        return f"{what}: {self.start.isoformat()} to {self.end.isoformat()}"


def _merge(spans: list[tuple[date, date]]) -> list[tuple[date, date]]:
    out: list[tuple[date, date]] = []
    for a, b in sorted(spans):
        if out and a <= out[-1][1] + timedelta(days=1):
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


@dataclass
class Coverage:
    spans: list[Span] = field(default_factory=list)
    _ranges: dict = field(default_factory=dict, repr=False, compare=False)

    def of(self, measure: str, scope: str | None = None) -> list[Span]:
        return [s for s in self.spans if s.measure == measure and (scope is None or s.scope == scope)]

    def scopes(self, measure: str) -> list[str]:
        key = ("scopes", measure)
        if key not in self._ranges:
            self._ranges[key] = sorted({s.scope for s in self.of(measure)})
        return self._ranges[key]

    def ranges(self, measure: str, scope: str | None = None) -> list[tuple[date, date]]:
        """The merged covered date ranges of a measure (of one scope, or where any scope covers)."""
        key = (measure, scope)
        if key not in self._ranges:
            self._ranges[key] = _merge([(s.start, s.end) for s in self.of(measure, scope)])
        return self._ranges[key]

    def scope_status(self, measure: str, scope: str, start: date | None, end: date | None) -> str:
        ranges = self.ranges(measure, scope)
        if not ranges:
            return NOT_COVERED
        lo = start or date.min
        hi = end or date.max
        inside = [(max(a, lo), min(b, hi)) for a, b in ranges if a <= hi and b >= lo]
        if not inside:
            return NOT_COVERED
        if len(inside) == 1 and inside[0] == (lo, hi):
            return COVERED
        return PARTIAL

    def status(self, measure: str, start: date | None, end: date | None) -> str:
        """covered (every scope covers the whole period), not covered (none covers any of it), or partial."""
        scopes = self.scopes(measure)
        if not scopes:
            return NOT_COVERED
        found = {self.scope_status(measure, s, start, end) for s in scopes}
        if found == {COVERED}:
            return COVERED
        if found == {NOT_COVERED}:
            return NOT_COVERED
        return PARTIAL

    def covers(self, measure: str, start: date | None, end: date | None) -> bool:
        return self.status(measure, start, end) == COVERED

    def missing(self, measure: str, start: date, end: date) -> list[str]:
        """The scopes of `measure` that do not cover the whole of [start, end] (all of them with no source)."""
        scopes = self.scopes(measure)
        if not scopes:
            return [MEASURE_NAMES[measure]]
        return [s for s in scopes if self.scope_status(measure, s, start, end) != COVERED]

    def describe(self, measure: str, scope: str | None = None) -> str:
        """'statement register (US-led joint statements, E10 statements): 2022-01-01 to 2022-12-31'."""
        spans = self.of(measure, scope)
        if not spans:
            return f"no source of {MEASURE_NAMES[measure]} is held" if scope is None else f"no {scope} source held"
        return "; ".join(s.text() for s in sorted(spans, key=lambda s: (s.scope, s.start)))

    def uncovered(self, measure: str, start: date, end: date, scope: str | None = None) -> list[tuple[date, date]]:
        """The parts of [start, end] no source covers (of one scope, or of the measure's union)."""
        out, cursor = [], start
        for a, b in self.ranges(measure, scope):
            if b < cursor or a > end:
                continue
            if a > cursor:
                out.append((cursor, a - timedelta(days=1)))
            cursor = max(cursor, b + timedelta(days=1))
            if cursor > end:
                break
        if cursor <= end:
            out.append((cursor, end))
        return out

    def series_status(self, series_id: str, start: date | None, end: date | None) -> str:
        """Whether the register covers one statement series (us_led, g7, ...) over [start, end]."""
        return self.scope_status(SERIES, series_id, start, end)

    def venue_status(self, venue: str, start: date | None, end: date | None) -> str:
        """Whether the register covers a venue (at the UN, G7 foreign ministers) over [start, end]."""
        return self.scope_status(VENUES, venue, start, end)

    def venues(self) -> list[str]:
        return self.scopes(VENUES)

    def uncovered_venues(self, start: date | None, end: date | None) -> list[str]:
        """Where the register covers statements in the period, the venues it does not cover there, in words
        ("G7 foreign ministers' statements"); empty where it covers them all or no statements at all."""
        from models.statement_kinds import VENUE_STATEMENTS

        if self.status(STATEMENTS, start, end) == NOT_COVERED:
            return []
        return [VENUE_STATEMENTS.get(v, f"statements ({v})") for v in self.venues()
                if self.venue_status(v, start, end) == NOT_COVERED]

    def venue_note(self, venue: str) -> str:
        """'G7 foreign ministers (the register covers them 2023-01-01 to 2024-12-31 only)'."""
        ranges = self.ranges(VENUES, venue)
        if not ranges:
            return f"{venue} (the register holds none)"
        return f"{venue} (the register covers them " + ", ".join(
            f"{a.isoformat()} to {b.isoformat()}" for a, b in ranges) + " only)"

    def note(self, measure: str, start: date | None, end: date | None) -> str:
        """A sentence for a tooltip or footnote: what covers the measure, and what of the period is missing."""
        state = self.status(measure, start, end)
        text = f"{MEASURE_NAMES[measure].capitalize()} coverage: {self.describe(measure)}"
        if state == COVERED:
            return text + self._venue_gaps(measure, state, start, end) + "."
        if start is not None and end is not None and measure != DESIGNATIONS:
            gaps = self.uncovered(measure, start, end)
            if gaps and state == PARTIAL:
                text += "; not covered: " + ", ".join(f"{a.isoformat()} to {b.isoformat()}" for a, b in gaps)
        elif measure == DESIGNATIONS and state == PARTIAL:
            text += "; not covered by " + ", ".join(self.missing(measure, start or date.min, end or date.max))
        return text + self._venue_gaps(measure, state, start, end) + "."

    def _venue_gaps(self, measure: str, state: str, start: date | None, end: date | None) -> str:
        """For statements the register covers in the period: the venues it does not cover there."""
        if measure != STATEMENTS or state == NOT_COVERED:
            return ""
        lacking = [v for v in self.venues() if self.venue_status(v, start, end) == NOT_COVERED]
        return ("; venues not covered in the period: " + "; ".join(self.venue_note(v) for v in lacking)) \
            if lacking else ""


def period_bounds(period: str) -> tuple[date, date]:
    """The first and last day of a 'YYYY' year or a 'YYYY-MM' month."""
    if len(period) == 4:
        return date(int(period), 1, 1), date(int(period), 12, 31)
    year, month = int(period[:4]), int(period[5:7])
    following = date(year + month // 12, month % 12 + 1, 1)
    return date(year, month, 1), following - timedelta(days=1)


def uncovered_scopes(coverage: Coverage, measure: str, periods: list[str]) -> dict[str, list[str]]:
    """Per chart period ('YYYY' or 'YYYY-MM'), the scopes (authorities, ...) that do not cover all of it."""
    out = {}
    for period in periods:
        lo, hi = period_bounds(period)
        missing = coverage.missing(measure, lo, hi)
        if missing:
            out[period] = missing
    return out


def _year_span(first: str, last: str, cap: str | None) -> tuple[date, date]:
    start = date(int(first[:4]), 1, 1)
    end = date(int(last[:4]), 12, 31)
    if cap:
        end = max(min(end, date.fromisoformat(cap[:10])), date.fromisoformat(last[:10]))
    return start, end


def _register_spans(store: Store, measure: str) -> list[Span]:
    kinds = ",".join(f"'{k}'" for k in VOTE_KINDS)
    where = f"s.kind IN ({kinds})" if measure == VOTES else f"s.kind NOT IN ({kinds})"
    out = []
    for r in store.rows(
            "SELECT f.file_id, f.file_name, f.imported_at, MIN(s.date), MAX(s.date),"
            " GROUP_CONCAT(DISTINCT COALESCE(ss.name, s.series_id, s.kind)), COUNT(*)"
            " FROM statements s JOIN source_files f ON f.file_id = s.file_id"
            " LEFT JOIN statement_series ss ON ss.series_id = s.series_id"
            f" WHERE {where} AND f.dataset != 'curation' GROUP BY f.file_id ORDER BY 4, f.file_id"):
        _, name, imported, first, last, series, n = r
        start, end = _year_span(first, last, imported)
        years = f"{start.year}" if start.year == end.year else f"{start.year}-{end.year}"
        detail = series.replace(",", ", ") if measure == STATEMENTS else "Security Council votes"
        out.append(Span(measure, measure, "statement register", start, end,
                        f"the register file {name} holds {n} record{'s' if n != 1 else ''} dated {first} to {last}; it is taken to "
                        f"cover the calendar year{'s' if start.year != end.year else ''} {years}", detail))
    return out


def _series_spans(store: Store) -> list[Span]:
    """Per register file and statement series it holds: the file's calendar years (as `_register_spans`),
    once as the series (scope: series id) and once as its venue (models.statement_kinds.venue_of)."""
    from models.statement_kinds import SERIES_NAMES, venue_of

    kinds = ",".join(f"'{k}'" for k in VOTE_KINDS)
    years = {r[0]: _year_span(r[2], r[3], r[1]) for r in store.rows(
        f"SELECT file_id, MIN(f.imported_at), MIN(s.date), MAX(s.date) FROM statements s JOIN source_files f"
        f" USING (file_id) WHERE s.kind NOT IN ({kinds}) GROUP BY file_id")}
    out = []
    for file_id, name, series_id, n in store.rows(
            "SELECT s.file_id, MIN(f.file_name), COALESCE(s.series_id, s.kind), COUNT(*) FROM statements s"
            f" JOIN source_files f USING (file_id) WHERE s.kind NOT IN ({kinds}) GROUP BY 1, 3 ORDER BY 1, 3"):
        start, end = years[file_id]
        basis = f"the register file {name} holds {n} {SERIES_NAMES.get(series_id, series_id)}"
        out.append(Span(SERIES, series_id, "statement register", start, end, basis, SERIES_NAMES.get(series_id, "")))
        out.append(Span(VENUES, venue_of(series_id), "statement register", start, end, basis,
                        SERIES_NAMES.get(series_id, series_id)))
    return out


def _launch_spans(store: Store) -> list[Span]:
    """One span per missile file; a preliminary source's (nagix) is labelled "preliminary (third-party)"."""
    from models.launch_sources import PRELIMINARY, is_preliminary

    out = []
    for title, snapshot, first, last, n, dataset in store.rows(
            "SELECT f.title, f.snapshot_date, MIN(m.date), MAX(m.date), COUNT(*), MIN(m.dataset) FROM missiles m"
            " JOIN source_files f ON f.file_id = m.file_id WHERE f.dataset != 'curation'"
            " GROUP BY f.file_id ORDER BY 3, f.file_id"):
        end = max(last, snapshot or last)
        start_day = date.fromisoformat(first + "-01" if len(first) == 7 else first)
        end_day = date.fromisoformat(end[:10] if len(end) >= 10 else end + "-28")
        name = title or "missile data"
        if is_preliminary(dataset) and PRELIMINARY not in name:
            name += f", {PRELIMINARY}"
        out.append(Span(LAUNCHES, LAUNCHES, name, start_day, end_day,
                        f"{n} missile records dated {first} to {last}"
                        + (f", snapshot of {snapshot}" if snapshot else "")))
    return out


def _has_column(store: Store, table: str, column: str) -> bool:
    return any(r[1] == column for r in store.rows(f"PRAGMA table_info({table})"))


def _list_spans(store: Store) -> list[Span]:
    dated = "COALESCE(d.designated_on, d.listed_on)" if _has_column(store, "designations", "designated_on") \
        else "d.listed_on"
    out = []
    for list_name, authority, first_snap, last_snap, n in store.rows(
            "SELECT list_name, MIN(authority), MIN(snapshot_date), MAX(snapshot_date), COUNT(*)"
            " FROM list_snapshots GROUP BY list_name ORDER BY list_name"):
        # DPRK-related entries only (the measure), found through the designations_dprk index
        earliest = store.scalar(f"SELECT MIN({dated}) FROM designations d WHERE d.dprk = 1 AND d.list_name = ?"
                                f" AND {dated} IS NOT NULL AND {dated} != ''", (list_name,))
        scope = store.scalar("SELECT MIN(authority) FROM designations WHERE dprk = 1 AND list_name = ?",
                             (list_name,)) or authority
        snaps = f"{n} snapshot{'s' if n != 1 else ''}, {first_snap} to {last_snap}" if n > 1 \
            else f"snapshot of {first_snap}"
        after_first = date.fromisoformat(first_snap) + timedelta(days=1)
        if earliest:
            # a list that dates its entries (UN LISTED_ON, OFAC's change archive and version history) covers from
            # its earliest date; entries added after the first snapshot are dated by the snapshots in any case
            start = min(date.fromisoformat(earliest[:10] if len(earliest) >= 10 else earliest[:7] + "-01"),
                        after_first)
            basis = (f"designation dates from {earliest[:10]}, list snapshots from {first_snap}; only entries "
                     f"still listed in the {last_snap} snapshot are held")
        else:
            start = date.fromisoformat(first_snap) + timedelta(days=1)
            basis = (f"no listing dates: entries are dated between list snapshots, so only after the first "
                     f"stored snapshot ({first_snap})")
        end = date.fromisoformat(last_snap)
        if end >= start:
            out.append(Span(DESIGNATIONS, scope, list_name, start, end, basis, snaps))
    return out


def build(store: Store) -> Coverage:
    return Coverage(_launch_spans(store) + _register_spans(store, STATEMENTS) + _register_spans(store, VOTES)
                    + _series_spans(store) + _list_spans(store))


_CACHE: list = [None]


def load(store: Store) -> Coverage:
    """The store's coverage, rebuilt only when the database has changed since the last call."""
    stamp = (store.conn.total_changes, store.conn.execute("PRAGMA data_version").fetchone()[0])
    entry = _CACHE[0]
    if entry is not None and entry[0] is store.conn and entry[1] == stamp:
        return entry[2]
    coverage = build(store)
    _CACHE[0] = (store.conn, stamp, coverage)
    return coverage


def latest_covered_full_year(store: Store) -> int | None:
    """The latest calendar year the launch data covers completely (None without launch data)."""
    cov = load(store)
    for a, b in reversed(cov.ranges(LAUNCHES)):
        for year in range(b.year, a.year - 1, -1):
            if cov.covers(LAUNCHES, date(year, 1, 1), date(year, 12, 31)):
                return year
    return None


def default_period(store: Store) -> tuple[date | None, date | None]:
    """The period the dashboard opens on: the latest full year the launch data covers (all dates without any)."""
    year = latest_covered_full_year(store)
    return (date(year, 1, 1), date(year, 12, 31)) if year is not None else (None, None)
