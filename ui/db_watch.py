"""Noticing data written to the open database by another program (a CLI import, a second window).

SQLite's `PRAGMA data_version` changes on a connection whenever another connection commits; a QTimer
polls it (one cheap pragma). The window's own workers commit on connections of their own too (the search
index, revenue-tag suggestions), so a change of version alone proves nothing: the watcher then compares
a fingerprint of what the panes show (row counts, the newest imported file, the analyst's tag decisions)
and reloads the model only when it differs; `reloaded` says what changed. The window's own imports run
in a child process, so the window calls `acknowledge()` after reloading for them.
"""
from __future__ import annotations

import sqlite3

from PySide6.QtCore import QObject, QTimer, Signal

from models.briefing_model import BriefingModel

POLL_MS = 2000
COUNTED = {"missiles": "missiles", "launches": "launches", "statements": "statements",
           "designations": "designations", "designation_links": "links"}


def describe_change(before: dict[str, int], after: dict[str, int]) -> str:
    """"+94 designations, -2 links" (or "no change in the row counts")."""
    parts = [f"{after[t] - before.get(t, 0):+,} {label}" for t, label in COUNTED.items()
             if after.get(t, 0) != before.get(t, 0)]
    return ", ".join(parts) or "no change in the row counts"


class DatabaseWatcher(QObject):
    """Polls the model's database for commits by other connections and reloads the model on one."""

    reloaded = Signal(str)              # what changed, in words ("" when not known)

    def __init__(self, model: BriefingModel, parent: QObject | None = None, interval_ms: int = POLL_MS):
        super().__init__(parent)
        self.model = model
        self.paused = lambda: False     # the window pauses polling while its own import runs
        self._store = model.store
        self._version = self._data_version()
        self._counts, self._marks = self._take_fingerprint()
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.poll)
        self.timer.start()

    def _data_version(self) -> int | None:
        return self.model.store.data_version() if self.model.store.path is not None else None

    def _take_fingerprint(self) -> tuple[dict[str, int] | None, tuple]:
        """Row counts and marks (newest file, tag decisions) of the store now; also kept as the baseline."""
        store = self.model.store
        if store.path is None:
            return None, ()
        counts = store.table_counts()
        marks = (store.scalar("SELECT COALESCE(MAX(file_id), 0) FROM source_files"),
                 tuple(tuple(r) for r in store.rows(
                     "SELECT status, COUNT(*) FROM revenue_tags WHERE status != 'suggested' GROUP BY status "
                     "ORDER BY status")))
        return counts, marks

    def acknowledge(self) -> None:
        """Take the database as it is now as seen (after the window's own reload or a new database)."""
        self._store = self.model.store
        self._version = self._data_version()
        self._counts, self._marks = self._take_fingerprint()

    def poll(self) -> bool:
        """Reload when another program committed since the last look; True when it did."""
        store = self.model.store
        if store.path is None or self.paused():
            return False
        if store is not self._store:                     # File > Open database: a new connection
            self.acknowledge()
            return False
        try:
            version = store.data_version()
            if version == self._version:
                return False
            counts, marks = self._take_fingerprint()
        except sqlite3.Error:
            return False
        if (counts, marks) == (self._counts, self._marks):   # our own workers' commits (index, suggestions)
            self._version = version
            return False
        before = self._counts
        self.model.reload(initiator=self)
        self.acknowledge()
        self.reloaded.emit(describe_change(before, self._counts) if before is not None else "")
        return True
