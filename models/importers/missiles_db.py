"""Writing missile records into the store and rebuilding the launch events from them."""
from __future__ import annotations

import dataclasses
import sqlite3

from models.importers.cns import MissileRecord
from models.importers.report import FileReport
from models.launches import group_launches

FIELDS = [f.name for f in dataclasses.fields(MissileRecord)]
DATA_FIELDS = [f for f in FIELDS if f != "source_key"]


def upsert_missiles(conn: sqlite3.Connection, dataset: str, records: list[MissileRecord], file_id: int,
                    report: FileReport) -> None:
    """Insert new missiles; update a stored one only from a newer version of it.

    A version is newer when its `Date Entered/Updated` is later or, on the same date, when its
    file is a newer edition of the database (its newest entry date is later). So an older edition
    never overwrites a newer one, whatever the import order.
    """
    snapshot = conn.execute("SELECT snapshot_date FROM source_files WHERE file_id = ?", (file_id,)).fetchone()[0]
    existing = {r["source_key"]: r for r in conn.execute(
        f"SELECT source_key, {', '.join('m.' + f for f in DATA_FIELDS)}, f.snapshot_date AS file_snapshot"
        " FROM missiles m JOIN source_files f USING (file_id) WHERE m.dataset = ?", (dataset,))}
    for record in records:
        values = dataclasses.asdict(record)
        old = existing.get(record.source_key)
        if old is None:
            cols = ", ".join(["dataset", "file_id", *FIELDS])
            marks = ", ".join("?" * (len(FIELDS) + 2))
            conn.execute(f"INSERT INTO missiles ({cols}) VALUES ({marks})",
                         (dataset, file_id, *(values[f] for f in FIELDS)))
            report.added += 1
        elif all(old[f] == values[f] for f in DATA_FIELDS):
            report.unchanged += 1
        elif (old["entered_on"] or "", old["file_snapshot"] or "") > (record.entered_on or "", snapshot or ""):
            report.unchanged += 1
            report.notes.append(f"CNS #{record.source_key}: kept the stored version entered on "
                                f"{old['entered_on']} (this file has {record.entered_on or 'no date'})")
        else:
            sets = ", ".join(f"{f} = ?" for f in DATA_FIELDS)
            conn.execute(f"UPDATE missiles SET {sets}, file_id = ? WHERE dataset = ? AND source_key = ?",
                         (*(values[f] for f in DATA_FIELDS), file_id, dataset, record.source_key))
            report.updated += 1


def rebuild_launches(conn: sqlite3.Connection) -> int:
    """Recompute every launch event from the missiles table (inside the caller's transaction).

    The CNS record gives every launch event it covers; a preliminary source (nagix) only adds the
    events after the last CNS launch (all of them when no CNS data is held). Each event keeps its dataset.
    """
    from models.launch_sources import CNS, _missile_rows, record_end

    end = record_end(conn)
    launches: list[tuple] = []
    members: list[tuple[str, int]] = []
    # the analysts' own launches (models.curation) are laid over the rebuilt events by models.curation.apply
    datasets = [r[0] for r in conn.execute("SELECT dataset FROM missiles WHERE dataset != 'analyst' GROUP BY dataset"
                                           " ORDER BY dataset != ?, dataset", (CNS,))]
    for dataset in datasets:
        rows = _missile_rows(conn, dataset)
        if dataset != CNS and end is not None:
            rows = [m for m in rows if m.date > end]    # a month-only date in the last CNS month stays out
        for launch in group_launches(rows):
            launches.append((*launch.row(), dataset))
            members += [(launch.launch_id, m.missile_id) for m in launch.missiles]
    conn.execute("UPDATE missiles SET launch_id = NULL")
    conn.execute("DELETE FROM launches")
    conn.executemany("INSERT INTO launches (launch_id, date, date_precision, time_utc, facility, missile_count,"
                     " classes, max_apogee_km, max_distance_km, outcome, confirmation, dataset)"
                     " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", launches)
    conn.executemany("UPDATE missiles SET launch_id = ? WHERE missile_id = ?", members)
    return len(launches)
