"""Contested counts: how many missiles were launched on one Korea date, as each source counts them.

The record's own count (the launch events of that date, CNS or preliminary) is always a claim; the
analysts add others (ROK JCS, Japan MoD, ...) with their sources and choose the one that counts. A chosen
claim sets the day's total: the difference from the record is carried by the day's first launch event
(or taken from the last events, never below one missile each), and those events say so in count_basis.
"""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date, timedelta

from models.korea_time import korea_date
from models.store import Store


@dataclass(frozen=True)
class Claim:
    claim_id: int | None               # None: the record's own count
    label: str
    missiles: int
    publisher: str
    url: str
    accessed: str
    quote: str
    chosen: bool
    origin: str                        # "record" or "analyst"


def day_launches(conn: sqlite3.Connection, day: str) -> list[sqlite3.Row]:
    """The launch events whose Korea date is `day` (without a time: whose UTC date is), by time; none for a
    month-only date (no Korea date is known for it)."""
    try:
        before = (date.fromisoformat(day) - timedelta(days=1)).isoformat() if len(day) == 10 else None
    except ValueError:
        before = None
    if before is None:
        return []
    rows = conn.execute("SELECT * FROM launches WHERE date IN (?, ?) ORDER BY date, time_utc IS NULL, time_utc,"
                        " launch_id", (before, day)).fetchall()
    return [r for r in rows if (korea_date(r["date"], r["time_utc"]) or r["date"]) == day]


def _record_count(conn: sqlite3.Connection, day: str) -> tuple[int, str]:
    """The day's total as the record counts it (before any chosen claim) and whose count it is."""
    from models.launch_sources import source

    rows = day_launches(conn, day)
    total = 0
    for r in rows:
        basis = r["count_basis"]
        total += int(r["missile_count"]) - (_adjustment(basis) if basis else 0)
    datasets = sorted({r["dataset"] for r in rows})
    return total, "; ".join(source(d).label for d in datasets) or "no launch event recorded"


def _adjustment(basis: str) -> int:
    """The change a chosen claim made to one event, kept at the end of count_basis as '[+16]'."""
    try:
        return int(basis.rsplit("[", 1)[1].rstrip("]"))
    except (IndexError, ValueError):
        return 0


def claims_for(store: Store, day: str) -> list[Claim]:
    """The day's claims side by side: the record's count first, then the analysts' claims, one chosen."""
    conn = store.conn
    chosen = conn.execute("SELECT claim_id FROM curation_choices WHERE day = ?", (day,)).fetchone()
    chosen_id = chosen[0] if chosen else None
    total, whose = _record_count(conn, day)
    out = [Claim(None, f"{whose} (the record)", total, whose, "", "", "", chosen_id is None, "record")]
    for r in conn.execute("SELECT * FROM curation_claims WHERE day = ? ORDER BY claim_id", (day,)):
        out.append(Claim(r["claim_id"], f"{r['publisher']}: {r['missiles']} missiles", r["missiles"], r["publisher"],
                         r["url"], r["accessed"], r["quote"] or "", r["claim_id"] == chosen_id, "analyst"))
    return out


def contested_days(store: Store) -> list[str]:
    return [r[0] for r in store.rows("SELECT DISTINCT day FROM curation_claims ORDER BY day")]


def apply_choices(conn: sqlite3.Connection) -> None:
    """Set each day's launch counts to its chosen claim (inside the caller's transaction, after a rebuild)."""
    for day, missiles, publisher in conn.execute(
            "SELECT c.day, k.missiles, k.publisher FROM curation_choices c JOIN curation_claims k USING (claim_id)"
            " ORDER BY c.day").fetchall():
        events = day_launches(conn, day)
        if not events:
            continue
        record = sum(int(r["missile_count"]) for r in events)
        diff = missiles - record
        if diff == 0:
            continue
        changes: dict[str, int] = {}
        if diff > 0:
            changes[events[0]["launch_id"]] = diff
        else:
            for r in reversed(events):
                take = min(-diff, int(r["missile_count"]) - 1)
                if take:
                    changes[r["launch_id"]] = -take
                    diff += take
                if diff == 0:
                    break
        for launch_id, delta in changes.items():
            basis = (f"{publisher} counts {missiles} missiles on {day} (Korea date), the record {record} in "
                     f"{len(events)} launch event(s); this event carries the difference [{delta:+d}]")
            conn.execute("UPDATE launches SET missile_count = missile_count + ?, count_basis = ? WHERE launch_id = ?",
                         (delta, basis, launch_id))


@dataclass(frozen=True)
class ContestedMark:
    """How a launch event's Korea date is counted when sources dispute it (for marks and tooltips)."""

    day: str
    counted: Claim                     # the claim that counts
    others: tuple[Claim, ...]          # the claims not counted
    count_basis: str                   # this event's launches.count_basis ("" when the record's count counts)

    @property
    def whose(self) -> str:
        """Whose count the day's total is: the counted claim's publisher (or the record's source)."""
        return self.counted.publisher

    def note(self) -> str:
        """'counted: ROK JCS, 23 missiles; 1 other claim: CNS count (the record) 7'."""
        n = len(self.others)
        others = ", ".join(f"{_name(c)} {c.missiles}" for c in self.others)
        return (f"counted: {_name(self.counted)}, {self.counted.missiles} missiles on {self.day} (Korea date); "
                f"{n} other claim{'s' if n != 1 else ''}: {others}")

    def tooltip(self) -> str:
        """The note, then whose count this event's number is (its count_basis) when a claim changed it."""
        return f"Contested count: {self.note()}" + (f"\n{self.count_basis}" if self.count_basis else "")


def _name(claim: Claim) -> str:
    return f"{claim.publisher} (the record)" if claim.origin == "record" else claim.publisher


def contested_launches(store: Store) -> dict[str, ContestedMark]:
    """launch_id -> its day's contested count, for every launch event on a Korea date with analysts' claims.
    The one function the timeline markers, the ledger and the brief read to mark disputed counts."""
    out: dict[str, ContestedMark] = {}
    for day in contested_days(store):
        claims = claims_for(store, day)
        counted = next((c for c in claims if c.chosen), claims[0])
        others = tuple(c for c in claims if c is not counted)
        for row in day_launches(store.conn, day):
            out[row["launch_id"]] = ContestedMark(day, counted, others, row["count_basis"] or "")
    return out
