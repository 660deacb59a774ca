"""Noticing data written to the open database by another program (a CLI import, a second window).

SQLite's `PRAGMA data_version` changes on a connection whenever another connection commits; a QTimer
polls it (one cheap pragma). The window's own workers commit on connections of their own too (the search
index, revenue-tag suggestions), so a change of version alone proves nothing: the watcher then compares
a fingerprint of what the panes show (row counts, the newest imported file, the analyst's tag decisions)
and reloads the model only when it differs, naming the kinds of data that changed (models.data_kinds: an
edit of a launch does not reload the sanctions log); `reloaded` says what changed. The window's own imports run
in a child process, so the window calls `acknowledge()` after reloading for them.

On a PostgreSQL database every commit also sends a notification (models.engines.postgres_listen): the
watcher listens for it and looks at once instead of at the next poll, and says who made the change.
"""
from __future__ import annotations

import sqlite3

from PySide6.QtCore import QObject, QSocketNotifier, QTimer, Signal

from models import data_kinds
from models.briefing_model import BriefingModel

POLL_MS = 2000
COUNTED = {"missiles": "missiles", "launches": "launches", "statements": "statements",
           "designations": "designations", "designation_links": "links"}


EDITS_NAMED = 3                     # curated edits named one by one in the status message; more are counted


def describe_change(before: dict[str, int], after: dict[str, int], edits: list[str] = ()) -> str:
    """"+94 designations, -2 links" (or "no change in the row counts"), then the analysts' edits by name
    ("Edit launch L2022-001" from the audit trail), the first few of them."""
    parts = [f"{after[t] - before.get(t, 0):+,} {label}" for t, label in COUNTED.items()
             if after.get(t, 0) != before.get(t, 0)]
    parts += list(edits[:EDITS_NAMED])
    if len(edits) > EDITS_NAMED:
        parts.append(f"{len(edits) - EDITS_NAMED:,} more edits")
    return ", ".join(parts) or "no change in the row counts"


def edits_since(store, audit_id: int, named: bool) -> list[str]:
    """The curation steps audited after `audit_id`, in order: "Edit launch L2022-001", with "by WHO" (the
    audit's user) unless the caller already `named` who changed the data (a server's notification)."""
    rows = store.rows("SELECT command, who FROM curation_audit WHERE audit_id > ? ORDER BY audit_id", (audit_id,))
    return [str(command) if named else f"{command} by {who}" for command, who in rows]


def kinds_changed(store, before: tuple[dict[str, int], tuple], after: tuple[dict[str, int], tuple]) -> frozenset[str]:
    """The kinds of data (models.data_kinds) that differ between two fingerprints: everything after an import
    or an update (a new source file) or a change not accounted for; else the kinds of the tables whose row
    counts changed, of the records audited since, and TAGS when the tag decisions changed."""
    (counts, marks), (new_counts, new_marks) = before, after
    if not marks or marks[0] != new_marks[0]:
        return data_kinds.EVERYTHING
    tables = [t for t in new_counts if t != "curation_audit" and new_counts[t] != counts.get(t)]
    audited = [str(k) for (k,) in store.rows("SELECT kind FROM curation_audit WHERE audit_id > ?", (marks[1],))]
    kinds = data_kinds.of_tables(tables) | data_kinds.of_records(audited)
    if marks[2] != new_marks[2]:
        kinds |= {data_kinds.TAGS}
    return frozenset(kinds) or data_kinds.EVERYTHING


class DatabaseWatcher(QObject):
    """Polls the model's database for commits by other connections and reloads the model on one."""

    noticed = Signal(str)               # another program changed the data (what, in words): about to reload
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
        self._listener = self._notifier = None
        self._listen()
        model.changed.connect(self._own_change)

    def _own_change(self, changes, initiator: object) -> None:
        """The window's own curation steps (a save, an undo, a redo: the Curator) change the data too: seen,
        not another program's. Other reloads (the sanctions pane's suggestions) acknowledge nothing: an
        import by another program meanwhile is still news."""
        from ui.curation.undo import Curator

        if changes.data and isinstance(initiator, Curator) and self.model.store is self._store:
            self.acknowledge()

    def _listen(self) -> None:
        """On a server database: a connection that hears every commit, watched by a socket notifier."""
        self._unlisten()
        store = self.model.store
        if store.engine != "postgres":
            return
        from models.engines.postgres_listen import ChangeListener

        try:
            self._listener = ChangeListener(str(store.path))
        except Exception:                               # noqa: BLE001 - the timer still polls
            self._listener = None
            return
        self._notifier = QSocketNotifier(self._listener.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._heard)

    def _unlisten(self) -> None:
        if self._notifier is not None:
            self._notifier.setEnabled(False)
            self._notifier.deleteLater()
        if self._listener is not None:
            self._listener.close()
        self._listener = self._notifier = None

    def _heard(self, *_args) -> None:
        try:
            heard = self._listener.drain() if self._listener is not None else []
        except Exception:                               # noqa: BLE001 - the server went away: poll on
            self._unlisten()
            return
        own = self.model.store.conn.raw.info.backend_pid
        users = sorted({user for user, pid in heard if pid != own})
        if users:
            self.poll(", ".join(users))

    def close(self) -> None:
        self.timer.stop()
        self.model.changed.disconnect(self._own_change)
        self._unlisten()

    def _data_version(self) -> int | None:
        return self.model.store.data_version() if self.model.store.path is not None else None

    def _take_fingerprint(self) -> tuple[dict[str, int] | None, tuple]:
        """Row counts and marks (newest file, tag decisions) of the store now; also kept as the baseline."""
        store = self.model.store
        if store.path is None:
            return None, ()
        counts = store.table_counts()
        marks = (store.scalar("SELECT COALESCE(MAX(file_id), 0) FROM source_files"),
                 store.scalar("SELECT COALESCE(MAX(audit_id), 0) FROM curation_audit"),
                 tuple(tuple(r) for r in store.rows(
                     "SELECT status, COUNT(*) FROM revenue_tags WHERE status != 'suggested' GROUP BY status "
                     "ORDER BY status")))
        return counts, marks

    def acknowledge(self) -> None:
        """Take the database as it is now as seen (after the window's own reload or a new database)."""
        if self._store is not self.model.store:
            self._store = self.model.store
            self._listen()
        self._version = self._data_version()
        self._counts, self._marks = self._take_fingerprint()

    def poll(self, who: str = "") -> bool:
        """Reload when another program committed since the last look; True when it did. `who`: the database
        user(s) a notification named."""
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
        except Exception as exc:                        # noqa: BLE001 - a server that went away: try again later
            if type(exc).__module__.startswith("psycopg"):
                return False
            raise
        if (counts, marks) == (self._counts, self._marks):   # our own workers' commits (index, suggestions)
            self._version = version
            return False
        what, kinds = "", data_kinds.EVERYTHING
        if self._counts is not None:
            audited = self._marks[1] if self._marks else 0
            what = describe_change(self._counts, counts, edits_since(store, audited, bool(who)))
            kinds = kinds_changed(store, (self._counts, self._marks), (counts, marks))
        what = f"{who}: {what}" if who and what else what
        self.noticed.emit(what)                          # said first: reloading the panes takes a while
        self.model.reload(initiator=self, kinds=kinds)   # only the panes showing these kinds reload
        self.acknowledge()
        self.reloaded.emit(what)
        return True
