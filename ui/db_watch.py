"""Noticing data written to the open database by another program (a CLI import, a second window).

SQLite's `PRAGMA data_version` changes on a connection whenever another connection commits; a QTimer
polls it (one cheap pragma), and on a change the model reloads and `reloaded` says what changed. The
window's own imports run in a child process too, so the window calls `acknowledge()` after reloading
for them.
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
        self._counts: dict[str, int] | None = None       # counted at the first poll, not during start-up
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.poll)
        self.timer.start()

    def _data_version(self) -> int | None:
        return self.model.store.data_version() if self.model.store.path is not None else None

    def acknowledge(self) -> None:
        """Take the database as it is now as seen (after the window's own reload or a new database)."""
        self._store = self.model.store
        self._version = self._data_version()
        self._counts = self._store.table_counts()

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
                if self._counts is None:
                    self._counts = store.table_counts()
                return False
        except sqlite3.Error:
            return False
        before = self._counts
        self.model.reload(initiator=self)
        self.acknowledge()
        self.reloaded.emit(describe_change(before, self._counts) if before is not None else "")
        return True
