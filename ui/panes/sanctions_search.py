"""Search as you type, off the GUI thread: one worker thread with its own connection; latest keystroke wins.

Each keystroke gets a sequence number. Keystrokes that come before the event loop runs again go
to the worker as one request, the newest (a burst of typing or a paste is one query); the worker
skips a request that is already stale when it arrives,
a query that a newer keystroke made stale stops within a few thousand SQLite steps (a progress
handler on the worker's sqlite3 connection checks the sequence number: it also stops a statement
that starts after the keystroke, which `Connection.interrupt` would miss), and the pane applies only
the answer to the newest request, so a slow query never overwrites a newer one nor delays it, and
the GUI thread never waits on SQLite.
"""
from __future__ import annotations

import sqlite3

from PySide6.QtCore import QCoreApplication, QObject, QThread, QTimer, Signal, Slot

from models import search
from models.store import Store


PROGRESS_STEPS = 20000     # SQLite VM steps between stale checks (a keystroke's query on 1M names: 50,000-350,000)


class _Worker(QObject):
    answered = Signal(int, str, object)              # seq, text, search.LiveResult

    def __init__(self, path: str, runner: "SearchRunner"):  # noqa: D107
        super().__init__()
        self._path, self._runner, self._conn = path, runner, None
        self.running = 0                              # seq of the query under way (0: idle)
        self.queries = 0                              # queries started (tests: stale keystrokes are skipped)

    @Slot(int, str)
    def run(self, seq: int, text: str) -> None:
        if seq != self._runner.latest:
            return                                   # a newer keystroke is queued behind this one
        if self._conn is None:
            self._conn = search.SideStore(self._path).conn      # its own connection (file or server)
            handler = getattr(self._conn, "set_progress_handler", None)    # sqlite3's; a server has none
            if handler is not None:
                handler(self._stale, PROGRESS_STEPS)
        while seq == self._runner.latest:
            self.running = seq
            self.queries += 1
            try:
                result = search.match_ids(self._conn, text, threshold=self._runner.threshold)
            except sqlite3.OperationalError as exc:
                if "interrupt" not in str(exc):
                    raise
                continue                             # interrupted: run again only if still the newest
            finally:
                self.running = 0
            self.answered.emit(seq, text, result)
            return

    def _stale(self) -> int:
        """SQLite's progress handler: non-zero aborts the statement ("interrupted") once a newer
        keystroke has come, whether it came before or while the statement ran."""
        return 1 if 0 < self.running != self._runner.latest else 0

    @Slot()
    def warm_up(self) -> None:
        search.warm_up()                             # the first keystroke would otherwise import for ~0.5 s

    @Slot()
    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None


class SearchRunner(QObject):
    """`request(text)`; `answered(text, result)` arrives for the newest request only."""

    answered = Signal(str, object)
    _requested = Signal(int, str)
    _closing = Signal()

    def __init__(self, store: Store, parent: QObject | None = None):
        super().__init__(parent)
        self.store = store
        self.latest = 0
        self.threshold: float = search.DEFAULT_THRESHOLD      # the lowest score answered (the pane's setting)
        self.synchronous = store.path is None     # small stores answer faster on the GUI thread (~5 ms)
        self._thread: QThread | None = None
        self._pending: str | None = None          # the newest text not yet sent to the worker
        if store.path is not None:
            self._thread = QThread()
            self._thread.setObjectName("sanctionsSearch")
            self._worker = _Worker(str(store.path), self)
            self._worker.moveToThread(self._thread)
            self._requested.connect(self._worker.run)
            self._closing.connect(self._worker.close)
            self._worker.answered.connect(self._on_answered)
            self._thread.started.connect(self._worker.warm_up)
            self._thread.start()
            app = QCoreApplication.instance()
            if app is not None:
                app.aboutToQuit.connect(self.close)

    def request(self, text: str) -> None:
        self.latest += 1
        if self._thread is None or self.synchronous:
            self.answered.emit(text, search.match_ids(self.store.conn, text, threshold=self.threshold))
        else:
            if self._pending is None:
                QTimer.singleShot(0, self._send)          # once the keystrokes queued with this one are in
            self._pending = text

    def _send(self) -> None:
        text, self._pending = self._pending, None
        if text is not None and self._thread is not None:
            self._requested.emit(self.latest, text)

    def _on_answered(self, seq: int, text: str, result) -> None:
        if seq == self.latest:
            self.answered.emit(text, result)

    def close(self) -> None:
        if self._thread is not None:
            self.latest += 1
            self._closing.emit()
            self._worker.deleteLater()               # deleted on its thread as the thread ends
            self._thread.quit()
            self._thread.wait(10000)
            self._thread = None
