"""The records the response ledger joins, loaded once per computation (pure Python, no Qt).

Designation dates come from models.designation_dates (designations.designated_*): a day (UN
LISTED_ON, OFAC's change archive, a dense scrape history), a window between two list versions, or
"on or before" the first version that holds the entry. `DatedDesignation.lo`/`hi` hold that range;
an entry with no lower bound (`lo` is None) is never attributed to a period or a launch. A snapshot
date is never presented as a designation date.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from models.coverage import Coverage, load as load_coverage
from models.launch_sources import CNS, is_preliminary
from models.statement_kinds import PROCEDURAL_VOTE, VOTE_KINDS
from models.store import Store

COUNCIL_GROUP = "UNSC"
NOT_TAGGED = "not tagged"


def parse_day(iso: str) -> date:
    """An ISO date; a YYYY-MM month counts as its first day."""
    return date.fromisoformat(iso + "-01" if len(iso) == 7 else iso)


@dataclass
class LaunchRec:
    launch_id: str
    date: str
    day: date
    classes: str
    missile_count: int
    dataset: str = CNS                       # whose count (models.launch_sources)
    time_utc: str | None = None

    @property
    def preliminary(self) -> bool:
        return is_preliminary(self.dataset)

    @property
    def korea_date(self) -> str | None:
        from models.korea_time import korea_date

        return korea_date(self.date, self.time_utc)

    @property
    def is_icbm(self) -> bool:
        return "ICBM" in self.classes


@dataclass
class StatementRec:
    statement_id: str
    date: str
    day: date
    kind: str
    title: str
    series_id: str | None
    positions_known: bool
    outcome: str | None
    signatories: int | None = None           # None when the source names no signatories
    council_signatories: int | None = None
    council_size: int = 0
    vetoes: list[str] = field(default_factory=list)   # permanent members voting no

    @property
    def is_vote(self) -> bool:
        return self.kind in VOTE_KINDS

    @property
    def council_majority(self) -> bool:
        return (self.council_signatories is not None and self.council_size > 0
                and self.council_signatories >= self.council_size // 2 + 1)

    @property
    def adopted(self) -> bool:
        """A Council product: an adopted resolution, or a presidential/press statement."""
        if self.kind == PROCEDURAL_VOTE:          # adopting an agenda item is not a Council product
            return False
        if self.is_vote:
            return (self.outcome or "").strip().lower().startswith("adopted")
        return self.kind in ("presidential_statement", "press_statement")


@dataclass
class DatedDesignation:
    designation_id: int
    authority: str
    list_name: str
    name: str
    lo: date | None                 # earliest possible listing date (None: before the first snapshot)
    hi: date                        # latest possible listing date
    exact: bool
    basis: str                      # how the date is known, in words
    streams: list[str]

    def date_text(self) -> str:
        if self.exact:
            return self.hi.isoformat()
        if self.lo is None:
            return f"on or before {self.hi.isoformat()}"
        return f"{self.lo.isoformat()} to {self.hi.isoformat()}"

    def within(self, start: date | None, end: date | None) -> bool:
        """Every possible listing date lies in [start, end] (a day: it falls inside)."""
        return self.lo is not None and (start is None or self.lo >= start) and (end is None or self.hi <= end)

    def overlaps(self, start: date | None, end: date | None) -> bool:
        """Some possible listing date lies in [start, end] (never without a lower bound)."""
        return self.lo is not None and (start is None or self.hi >= start) and (end is None or self.lo <= end)


def window_groups(designations: list[DatedDesignation]) -> list[tuple[DatedDesignation, list[int]]]:
    """Designations sharing a date window, as (one of them, their positions in `designations`).

    Every entry first seen in the same list snapshot has the same window, so a million entries make a
    few hundred groups: a period test per group, not per entry."""
    groups: dict[tuple[date | None, date], tuple[DatedDesignation, list[int]]] = {}
    for index, d in enumerate(designations):
        groups.setdefault((d.lo, d.hi), (d, []))[1].append(index)
    return list(groups.values())


def split_by_period(designations: list[DatedDesignation], start: date | None, end: date | None,
                    groups: list[tuple[DatedDesignation, list[int]]] | None = None,
                    ) -> tuple[list[DatedDesignation], list[DatedDesignation]]:
    """(dated, possible) in [start, end], each in `designations` order (models.response_vocabulary).

    Dated when all of its possible listing dates lie in the period (a day inside it, or a window
    between two list versions wholly inside); possible when its window only overlaps the period: the
    data cannot tell, so it is never counted as dated. `groups`, from window_groups(designations),
    saves regrouping when the same list is split for many periods.
    """
    counted: list[int] = []
    possible: list[int] = []
    for sample, members in groups if groups is not None else window_groups(designations):
        if sample.within(start, end):
            counted += members
        elif sample.overlaps(start, end):
            possible += members
    return [designations[i] for i in sorted(counted)], [designations[i] for i in sorted(possible)]


@dataclass
class LedgerData:
    launches: list[LaunchRec]
    statements: list[StatementRec]
    triggers: dict[str, set[str]]            # launch date -> statement ids naming it
    designations: list[DatedDesignation]
    tagged: bool                             # any confirmed revenue tags at all (suggestions never count)
    vintage: dict[str, str]
    series_names: dict[str, str] = field(default_factory=dict)
    authorities: list[str] = field(default_factory=list)
    coverage: Coverage = field(default_factory=Coverage)
    awaiting_review: int = 0                 # DPRK designations with suggested tags and none confirmed
    rows_cache: dict = field(default_factory=dict)   # window_days -> ledger rows (models.analytics.ledger)


_CACHE: list = [None]          # one (connection, (total_changes, data_version), LedgerData), swapped whole


def load(store: Store) -> LedgerData:
    """The ledger's records, read again only when the database has changed since the last call.

    The headline strip, the ledger pane and the brief all ask for them after every change of period or
    window; the data only changes with a commit (this connection's changes or another's data_version).
    Callers must not modify the returned records.
    """
    stamp = (store.conn.total_changes, store.conn.execute("PRAGMA data_version").fetchone()[0])
    entry = _CACHE[0]
    if entry is not None and entry[0] is store.conn and entry[1] == stamp:
        return entry[2]
    data = _load(store)
    _CACHE[0] = (store.conn, stamp, data)         # the connection is held, so its id is never reused
    return data


def _load(store: Store) -> LedgerData:
    launches = [LaunchRec(r["launch_id"], r["date"], parse_day(r["date"]), r["classes"] or "",
                          int(r["missile_count"] or 0), r["dataset"], r["time_utc"])
                for r in store.rows("SELECT launch_id, date, classes, missile_count, dataset, time_utc FROM launches"
                                    " ORDER BY date, launch_id")]
    triggers: dict[str, set[str]] = {}
    for sid, day in store.rows("SELECT statement_id, launch_date FROM statement_triggers"):
        triggers.setdefault(day, set()).add(sid)
    return LedgerData(launches, _statements(store), triggers, _designations(store),
                      bool(store.scalar("SELECT EXISTS (SELECT 1 FROM revenue_tags WHERE status = 'confirmed')")),
                      store.data_vintage(), dict(store.rows("SELECT series_id, name FROM statement_series")),
                      [r[0] for r in store.rows("SELECT DISTINCT authority FROM designations WHERE dprk = 1"
                                                " ORDER BY authority")], load_coverage(store),
                      awaiting_review(store))


def awaiting_review(store: Store) -> int:
    """DPRK-related designations whose revenue streams are only suggested (none confirmed or rejected)."""
    return int(store.scalar(
        "SELECT COUNT(DISTINCT t.designation_id) FROM revenue_tags t JOIN designations d USING (designation_id)"
        " WHERE d.dprk = 1 AND t.status = 'suggested' AND NOT EXISTS (SELECT 1 FROM revenue_tags c"
        " WHERE c.designation_id = t.designation_id AND c.status IN ('confirmed', 'rejected'))") or 0)


def _statements(store: Store) -> list[StatementRec]:
    positions: dict[str, list[tuple[str, str]]] = {}
    for sid, iso3, position in store.rows("SELECT statement_id, iso3, position FROM positions"):
        positions.setdefault(sid, []).append((iso3, position))
    council = store.rows("SELECT iso3, role, valid_from, COALESCE(valid_to, '9999') FROM country_groups"
                         " WHERE group_name = ?", (COUNCIL_GROUP,))
    out = []
    for r in store.rows("SELECT statement_id, date, kind, title, series_id, positions_known, outcome"
                        " FROM statements ORDER BY date, statement_id"):
        members = {c[0]: c[1] for c in council if c[2] <= r["date"] <= c[3]}
        rec = StatementRec(r["statement_id"], r["date"], parse_day(r["date"]), r["kind"], r["title"],
                           r["series_id"], bool(r["positions_known"]), r["outcome"], council_size=len(members))
        pos = positions.get(rec.statement_id, [])
        if rec.positions_known:
            joined = {iso3 for iso3, p in pos if p in ("joined", "yes")}
            rec.signatories = len(joined)
            rec.council_signatories = len(joined & members.keys())
        rec.vetoes = sorted(iso3 for iso3, p in pos if p == "no" and members.get(iso3) == "permanent") \
            if rec.is_vote and rec.kind != PROCEDURAL_VOTE else []     # no veto applies to a procedural vote
        out.append(rec)
    return out


def _designations(store: Store) -> list[DatedDesignation]:
    from models.designation_dates import date_text

    streams: dict[int, list[str]] = {}
    for did, stream in store.rows("SELECT t.designation_id, t.stream FROM designations d JOIN revenue_tags t"
                                  " USING (designation_id) WHERE d.dprk = 1 AND t.status = 'confirmed'"
                                  " ORDER BY t.stream"):
        streams.setdefault(did, []).append(stream)
    out = []
    for did, authority, list_name, name, start, end, precision, source in store.conn.execute(
            "SELECT designation_id, authority, list_name, name, designated_on, designated_to, designated_precision,"
            " designated_source FROM designations WHERE dprk = 1 ORDER BY designation_id"):
        if not end or precision not in ("day", "window", "on_or_before"):
            continue
        lo = parse_day(start) if start else None
        out.append(DatedDesignation(did, authority, list_name, name, lo, parse_day(end), precision == "day",
                                    f"{date_text(start, end, precision)} ({source})", streams.get(did, [])))
    return out
