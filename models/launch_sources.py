"""Whose count a launch event is: the CNS database is the record; nagix is preliminary and third-party.

Defined once here and used by the importers, the timeline, the ledger, the headline strip and the brief.
Where the two overlap (up to the last CNS launch) CNS is the record and nagix only serves the
comparison of yearly counts; launch events after the CNS data ends come from nagix, marked preliminary.
"""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import TYPE_CHECKING

from models.launches import MissileRow, group_launches

if TYPE_CHECKING:
    import pandas as pd

    from models.store import Store

CNS, NAGIX, ANALYST = "cns", "nagix", "analyst"
PRELIMINARY = "preliminary (third-party)"
COUNT_SOURCE = "grouped from CNS missile rows"     # how the record's launch events are made (models.launches)


@dataclass(frozen=True)
class LaunchSource:
    dataset: str
    name: str
    count: str                 # "CNS count", "nagix count"
    preliminary: bool

    @property
    def label(self) -> str:
        """'CNS count' or 'nagix count, preliminary (third-party)'."""
        return f"{self.count}, {PRELIMINARY}" if self.preliminary else self.count


SOURCES = {
    CNS: LaunchSource(CNS, "CNS / NTI North Korea Missile Test Database", "CNS count", False),
    NAGIX: LaunchSource(NAGIX, "nagix/nk-missile-tests (a third-party derivative of the CNS data, with its "
                               "author's own preliminary entries after it)", "nagix count", True),
    ANALYST: LaunchSource(ANALYST, "Analyst entries (models.curation; each cites its own public sources)",
                          "analyst entry", True),
}


def source(dataset: str | None) -> LaunchSource:
    return SOURCES.get(dataset or CNS, LaunchSource(str(dataset), str(dataset), f"{dataset} count", True))


def is_preliminary(dataset: str | None) -> bool:
    return source(dataset).preliminary


def count_label(launches: "list[tuple[str | None, str]]") -> str:
    """Whose count a set of launch events is, from their (dataset, date) pairs: 'CNS count', or each source
    with its last/first date when both are present ('CNS count to 2023-04-12; nagix count, preliminary
    (third-party), from 2023-05-30'). No launch events: 'CNS count' (the record)."""
    spans: dict[str, list[str]] = {}
    for dataset, day in launches:
        key = dataset or CNS
        if key in spans:
            spans[key] = [min(spans[key][0], str(day)), max(spans[key][1], str(day))]
        else:
            spans[key] = [str(day), str(day)]
    if not spans:
        return SOURCES[CNS].count
    if len(spans) == 1:
        return source(next(iter(spans))).label
    parts = sorted(((lo, hi, source(d)) for d, (lo, hi) in spans.items()), key=lambda p: p[0])
    return "; ".join(f"{p[2].label} {'to ' + p[1] if i == 0 else 'from ' + p[0]}" for i, p in enumerate(parts))


def count_words(launches: "list[tuple[str | None, str]]") -> str:
    """How a launch-event count is made, in words: 'grouped from CNS missile rows' where every event is the
    CNS record, else whose count (`count_label`: the preliminary third-party source named, with its dates)."""
    whose = count_label(launches)
    return COUNT_SOURCE if whose == SOURCES[CNS].count else whose


def short_name(dataset: str | None) -> str:
    """'CNS', or 'nagix, preliminary (third-party)': whose record a named launch is."""
    name = source(dataset).count.removesuffix(" count")
    return f"{name}, {PRELIMINARY}" if is_preliminary(dataset) else name


def record_end(conn: sqlite3.Connection) -> str | None:
    """The last launch date of the record (CNS); None without CNS data."""
    return conn.execute("SELECT MAX(date) FROM missiles WHERE dataset = ?", (CNS,)).fetchone()[0]


def whose_count(store: "Store", start: str | None = None, end: str | None = None) -> str:
    """Whose launch count covers [start, end]: 'CNS count', the nagix label alone, or both with their
    spans ('CNS count: 2023-02-18 to 2023-04-12; nagix count, preliminary (third-party): 2023-05-30 to …')."""
    rows = store.rows("SELECT dataset, MIN(date), MAX(date) FROM launches WHERE date >= ? AND date <= ?"
                      " GROUP BY dataset ORDER BY MIN(date)", (start or "0000", end or "9999"))
    if not rows:
        return SOURCES[CNS].count
    if len(rows) == 1:
        return source(rows[0][0]).label
    return "; ".join(f"{source(r[0]).label}: {r[1]} to {r[2]}" for r in rows)


def _missile_rows(conn: sqlite3.Connection, dataset: str, until: str | None = None) -> list[MissileRow]:
    sql = ("SELECT missile_id, date, date_precision, time_utc, facility, missile_class, apogee_km, distance_km,"
           " outcome, confirmation FROM missiles WHERE dataset = ?")
    params: tuple = (dataset,)
    if until is not None:
        sql += " AND date <= ?"
        params += (until,)
    return [MissileRow(*r) for r in conn.execute(sql, params)]


def count_comparison(store: "Store") -> "pd.DataFrame":
    """Per year up to the end of the CNS data: launch events and missiles by CNS and by nagix.

    Columns: year, cns_events, cns_missiles, nagix_events, nagix_missiles, differs, through (the last
    date compared in that year). Empty when either source is missing. Events are grouped the same way
    (models.launches) for both, so a difference is a difference in the records.
    """
    import pandas as pd

    columns = ["year", "cns_events", "cns_missiles", "nagix_events", "nagix_missiles", "differs", "through"]
    end = record_end(store.conn)
    nagix = _missile_rows(store.conn, NAGIX, end) if end else []
    if not end or not nagix:
        return pd.DataFrame(columns=columns)
    counts: dict[int, list[int]] = {}
    for col, rows in ((0, _missile_rows(store.conn, CNS)), (2, nagix)):
        for launch in group_launches(rows):
            year = counts.setdefault(int(launch.date[:4]), [0, 0, 0, 0])
            year[col] += 1
            year[col + 1] += len(launch.missiles)
    records = [(y, *c, (c[0], c[1]) != (c[2], c[3]), end if y == int(end[:4]) else f"{y}-12-31")
               for y, c in sorted(counts.items())]
    return pd.DataFrame.from_records(records, columns=columns)


def differing_years(store: "Store") -> "pd.DataFrame":
    """The rows of `count_comparison` where the two counts differ (what the panes show side by side)."""
    frame = count_comparison(store)
    return frame[frame["differs"]].reset_index(drop=True)
