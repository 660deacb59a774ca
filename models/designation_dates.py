"""When each designation was made (and removed): every source's claim, and the best one on the row.

Sources, best first: an official dated record (the UN list's LISTED_ON, OFAC's dated change archive:
rank 1), a dense snapshot history (a scrape polled every few hours: rank 2), sparse list snapshots
(rank 3). A claim is a day, a window "between A and B", or "on or before B" (an entry already in the
first snapshot of a source: never a made-up date). The best claim is the most precise one, then the
best-ranked, then the narrowest; where claims disagree (windows that do not overlap) both are kept and
`disagreements` names them. `refresh` writes the best claim onto designations.designated_* and
removed_*, after every import, so sources can arrive in any order.
"""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date

PRECISIONS = ("day", "window", "on_or_before", "unknown")
RANK_OFFICIAL, RANK_DENSE, RANK_SPARSE = 1, 2, 3
LISTED_ON_SOURCE = "the list's own listed-on date"
SNAPSHOTS_SOURCE = "list snapshots"


@dataclass(frozen=True)
class Claim:
    """One source's statement about when an entry was designated, removed or changed."""

    event: str                      # designated / removed / changed
    date_from: str | None           # None: no lower bound
    date_to: str
    precision: str                  # day / window / on_or_before
    source: str
    rank: int
    basis: str
    record_ref: str | None = None

    def text(self) -> str:
        return date_text(self.date_from, self.date_to, self.precision)

    def overlaps(self, other: "Claim") -> bool:
        lo = max(self.date_from or "", other.date_from or "")
        return lo <= min(self.date_to, other.date_to)

    def sort_key(self) -> tuple:
        width = (date.fromisoformat(self.date_to) - date.fromisoformat(self.date_from)).days \
            if self.date_from else 0
        newest_first = -date.fromisoformat(self.date_to).toordinal()
        if self.precision == "on_or_before":       # the earliest bound is the tightest
            return (2, self.date_to, self.rank, 0, 0)
        return (PRECISIONS.index(self.precision), "", self.rank, width, newest_first)


def date_text(date_from: str | None, date_to: str | None, precision: str | None) -> str:
    """'2022-11-08', 'between 2022-11-07 and 2022-11-08', 'on or before 2021-08-18', or 'unknown'."""
    if precision == "day" and date_to:
        return date_to
    if precision == "window" and date_from and date_to:
        return f"between {date_from} and {date_to}"
    if precision == "on_or_before" and date_to:
        return f"on or before {date_to}"
    return "unknown"


def precision_of(date_from: str | None, date_to: str) -> str:
    if date_from is None:
        return "on_or_before"
    return "day" if date_from == date_to else "window"


# The claims every designation row implies without any dated source: its list's LISTED_ON, or the
# window between the list snapshot before the first one holding it and that one; and, for removal,
# between the last snapshot holding it and the next one.
_BASE = """
SELECT d.designation_id, d.list_name, d.source_id, d.listed_on, d.first_seen, d.last_seen,
  (SELECT MAX(n.snapshot_date) FROM list_snapshots n
    WHERE n.list_name = d.list_name AND n.snapshot_date < d.first_seen) AS before_first,
  (SELECT MIN(n.snapshot_date) FROM list_snapshots n
    WHERE n.list_name = d.list_name AND n.snapshot_date > d.last_seen) AS after_last
FROM designations d"""


def _base_claims(row: sqlite3.Row | tuple) -> list[Claim]:
    _did, list_name, _sid, listed_on, first_seen, last_seen, before_first, after_last = tuple(row)
    out = []
    if listed_on:
        out.append(Claim("designated", listed_on, listed_on, "day", LISTED_ON_SOURCE, RANK_OFFICIAL,
                         f"listed on {listed_on} ({list_name})"))
    elif first_seen:
        if before_first:
            start = _next_day(before_first)
            out.append(Claim("designated", start, first_seen, precision_of(start, first_seen), SNAPSHOTS_SOURCE,
                             RANK_SPARSE, f"between the {list_name} snapshots of {before_first} and {first_seen}"))
        else:
            out.append(Claim("designated", None, first_seen, "on_or_before", SNAPSHOTS_SOURCE, RANK_SPARSE,
                             f"already in the first {list_name} snapshot held ({first_seen})"))
    if after_last and last_seen:
        start = _next_day(last_seen)
        out.append(Claim("removed", start, after_last, precision_of(start, after_last), SNAPSHOTS_SOURCE,
                         RANK_SPARSE, f"in the {list_name} snapshot of {last_seen}, not in that of {after_last}"))
    return out


def _next_day(iso: str) -> str:
    return date.fromordinal(date.fromisoformat(iso).toordinal() + 1).isoformat()


def stored_claims(conn: sqlite3.Connection, list_name: str, source_id: str) -> list[Claim]:
    return [Claim(*r) for r in conn.execute(
        "SELECT event, date_from, date_to, precision, source, rank, basis, record_ref FROM designation_dates"
        " WHERE list_name = ? AND source_id = ? ORDER BY date_to, rank, claim_id", (list_name, source_id))]


def claims(conn: sqlite3.Connection, designation_id: int) -> list[Claim]:
    """Every claim about one designation (its row's own and every stored source's), oldest first."""
    row = conn.execute(_BASE + " WHERE d.designation_id = ?", (designation_id,)).fetchone()
    if row is None:
        return []
    found = _base_claims(row) + stored_claims(conn, row[1], row[2])
    return sorted(found, key=lambda c: (c.date_to, c.rank))


def best(found: list[Claim], event: str, last_seen: str | None = None) -> Claim | None:
    """The best claim of `event`. A removal counts only when nothing shows the entry listed after it."""
    of_event = [c for c in found if c.event == event]
    if event == "removed":
        latest = max([c.date_to for c in found if c.event == "designated"] + [last_seen or ""])
        of_event = [c for c in of_event if c.date_to > latest]
    return min(of_event, key=Claim.sort_key) if of_event else None


def disagreements(found: list[Claim], event: str = "designated") -> list[Claim]:
    """The claims of `event` that do not overlap the best one (the sources disagree: show both)."""
    chosen = best(found, event)
    if chosen is None:
        return []
    return [c for c in found if c.event == event and c != chosen and c.precision != "on_or_before"
            and chosen.precision != "on_or_before" and not c.overlaps(chosen)]


COLUMNS = ("designated_on", "designated_to", "designated_precision", "designated_source",
           "removed_from", "removed_on", "removed_precision", "removed_source")


def _values(found: list[Claim], last_seen: str | None) -> tuple:
    d = best(found, "designated")
    r = best(found, "removed", last_seen)
    return ((d.date_from, d.date_to, d.precision, d.source) if d else (None, None, "unknown", None)) + \
        ((r.date_from, r.date_to, r.precision, r.source) if r else (None, None, None, None))


# The best claim of a row with no stored claims, in SQL (the same result as _values over _base_claims):
# a million list entries are dated in seconds this way, not in minutes of Python.
_BASE_VALUES = f"""
SELECT designation_id,
  CASE WHEN listed_on IS NOT NULL THEN listed_on WHEN before_first IS NOT NULL
       THEN date(before_first, '+1 day') END,
  COALESCE(listed_on, first_seen),
  CASE WHEN listed_on IS NOT NULL THEN 'day' WHEN first_seen IS NULL THEN 'unknown'
       WHEN before_first IS NULL THEN 'on_or_before'
       WHEN date(before_first, '+1 day') = first_seen THEN 'day' ELSE 'window' END,
  CASE WHEN listed_on IS NOT NULL THEN '{LISTED_ON_SOURCE.replace("'", "''")}'
       WHEN first_seen IS NOT NULL THEN '{SNAPSHOTS_SOURCE}' END,
  CASE WHEN gone THEN date(last_seen, '+1 day') END,
  CASE WHEN gone THEN after_last END,
  CASE WHEN gone THEN CASE WHEN date(last_seen, '+1 day') = after_last THEN 'day' ELSE 'window' END END,
  CASE WHEN gone THEN '{SNAPSHOTS_SOURCE}' END
FROM (SELECT b.*, after_last IS NOT NULL AND last_seen IS NOT NULL AS gone FROM ({_BASE}) b) AS g"""


def refresh(conn: sqlite3.Connection, list_names: list[str] | None = None) -> int:
    """Write the best claims onto the designations (of `list_names`, or all) whose values differ.

    Returns the rows changed; a second run changes none."""
    where, params = "", ()
    if list_names is not None:
        if not list_names:
            return 0
        where, params = f" WHERE d.list_name IN ({', '.join('?' * len(list_names))})", tuple(list_names)
    claimed = ("EXISTS (SELECT 1 FROM designation_dates c WHERE c.list_name = d.list_name"
               " AND c.source_id = d.source_id)")
    sets = ", ".join(COLUMNS)
    differs = " OR ".join(f"d.{c} IS NOT v.c{i}" for i, c in enumerate(COLUMNS))
    before = conn.total_changes
    conn.execute(
        f"WITH v (id, {', '.join(f'c{i}' for i in range(len(COLUMNS)))}) AS ("
        + _BASE_VALUES.replace(_BASE, _BASE + (where + " AND " if where else " WHERE ") + "NOT " + claimed)
        + f") UPDATE designations AS d SET ({sets}) = ({', '.join(f'v.c{i}' for i in range(len(COLUMNS)))})"
        f" FROM v WHERE d.designation_id = v.id AND ({differs})", params)
    changed = conn.total_changes - before
    stored: dict[tuple[str, str], list[Claim]] = {}
    for list_name, source_id, *rest in conn.execute(
            "SELECT list_name, source_id, event, date_from, date_to, precision, source, rank, basis,"
            " record_ref FROM designation_dates WHERE source_id IS NOT NULL ORDER BY claim_id"):
        stored.setdefault((list_name, source_id), []).append(Claim(*rest))
    with_claims = (where + " AND " if where else " WHERE ") + claimed
    current = {r[0]: tuple(r[1:]) for r in conn.execute(
        f"SELECT d.designation_id, {', '.join('d.' + c for c in COLUMNS)} FROM designations d" + with_claims, params)}
    updates = []
    for row in conn.execute(_BASE + with_claims, params):
        found = _base_claims(row) + stored.get((row[1], row[2]), [])
        values = _values(found, row[5])
        if current.get(row[0]) != values:
            updates.append((*values, row[0]))
    if updates:
        conn.executemany(f"UPDATE designations SET {', '.join(c + ' = ?' for c in COLUMNS)}"
                         " WHERE designation_id = ?", updates)
    return changed + len(updates)
