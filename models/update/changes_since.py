"""After an update's import: the snapshots it wrote, how each is dated, and what changed since the previous one."""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from models.changes import ChangeSet, list_changes
from models.importers.sanctions_entry import fallback_snapshot_date
from models.store import Store

# The basis the importers record for a date given with the import (ImportOptions.as_of); an update gives
# the download day and says so instead.
GIVEN_BASIS = fallback_snapshot_date(Path("file"), "2000-01-01")[1]


@dataclass
class Snapshot:
    snapshot_id: int
    list_name: str
    snapshot_date: str
    date_basis: str


def state_download_basis(conn: sqlite3.Connection, file_ids: list[int], downloaded_at: str) -> None:
    """Say "the download time" where a file without a date of its own was dated by the update."""
    if not file_ids:
        return
    basis = f"the download time {downloaded_at}; the file carries no publication date"
    marks = ", ".join("?" * len(file_ids))
    conn.execute(f"UPDATE list_snapshots SET date_basis = ? WHERE date_basis = ? AND file_id IN ({marks})",
                 (basis, GIVEN_BASIS, *file_ids))
    conn.execute(f"UPDATE source_files SET snapshot_date_basis = ? WHERE snapshot_date_basis = ?"
                 f" AND file_id IN ({marks})", (basis, GIVEN_BASIS, *file_ids))


def snapshots_of(store: Store, file_ids: list[int]) -> list[Snapshot]:
    if not file_ids:
        return []
    rows = store.rows("SELECT snapshot_id, list_name, snapshot_date, date_basis FROM list_snapshots WHERE file_id IN"
                      f" ({', '.join('?' * len(file_ids))}) ORDER BY list_name", file_ids)
    return [Snapshot(*r) for r in rows]


def previous_changes(store: Store, snap: Snapshot) -> tuple[ChangeSet | None, str | None]:
    """What changed on the list from its previous snapshot to `snap` (None and a note when there is none).

    When the previous snapshot holds only DPRK-related entries (a database seeded from the bundled
    dataset keeps only those) while the new one holds the whole list, only DPRK-related entries are
    compared, and the note says so: the others are not new, only new to this database.
    """
    before = store.rows("SELECT snapshot_id, snapshot_date FROM list_snapshots WHERE list_name = ?"
                        " AND snapshot_date < ? ORDER BY snapshot_date DESC LIMIT 1",
                        (snap.list_name, snap.snapshot_date))
    notes = []
    newer = store.scalar("SELECT MAX(snapshot_date) FROM list_snapshots WHERE list_name = ? AND snapshot_date > ?",
                         (snap.list_name, snap.snapshot_date))
    if newer:
        notes.append(f"the downloaded {snap.list_name} ({snap.snapshot_date}) is older than the newest stored "
                     f"snapshot ({newer}): check the source's address")
    if not before:
        notes.append(f"the {snap.snapshot_date} snapshot is the first of {snap.list_name} in this database: "
                     "nothing to compare it with")
        return None, "; ".join(notes)
    previous_id, previous_date = before[0]
    changes = list_changes(store, snap.list_name, previous_date, snap.snapshot_date)
    if _dprk_only(store, previous_id) and not _dprk_only(store, snap.snapshot_id):
        changes.added = [c for c in changes.added if c.dprk]
        changes.removed = [c for c in changes.removed if c.dprk]
        changes.amended = [c for c in changes.amended if c.dprk]
        changes.notes.append(f"the {previous_date} snapshot in this database holds only the DPRK-related entries "
                             "(the bundled dataset), so only DPRK-related entries were compared")
    return changes, "; ".join(notes) or None


def _dprk_only(store: Store, snapshot_id: int) -> bool:
    return not store.scalar("SELECT EXISTS (SELECT 1 FROM designation_snapshots WHERE snapshot_id = ? AND dprk = 0)",
                            (snapshot_id,))
