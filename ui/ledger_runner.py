"""Ledger figures off the GUI thread, for stores with many DPRK-related designations.

The headline strip and the ledger pane compute over every DPRK-related designation. With a few
thousand (real lists) that takes milliseconds and stays on the GUI thread; with hundreds of thousands
(consolidated or synthetic stores) it takes seconds, so it runs here instead: one worker thread with
its own connection, which keeps models.analytics.ledger_data's cache warm across requests. Each client
gets only the answer to its newest request, on the GUI thread, so a slow answer never overwrites a newer one.

Closing the dashboard stops the worker and waits for it (`close_ledger_runner`): a running query is
interrupted, a computation in pandas finishes first. The thread is a daemon only as a last resort, so
that a computation that outlives that wait cannot keep the process alive.
"""
from __future__ import annotations

import gc
import queue
import sqlite3
import threading
import time
from contextlib import contextmanager
from typing import Any, Callable, Iterator

from PySide6.QtCore import QObject, Signal

from models.search import SideStore
from models.store import Store

ASYNC_FROM = 20000          # DPRK-related designations from which ledger figures are computed off the GUI thread
STOP_WAIT_S = 10.0          # how long closing waits for a computation in progress


def is_large(store: Store) -> bool:
    """True when the ledger of `store` is worth a worker (a file store with many DPRK-related entries)."""
    if store.path is None:
        return False
    count = store.conn.execute("SELECT COUNT(*) FROM (SELECT 1 FROM designations WHERE dprk = 1 LIMIT ?)",
                               (ASYNC_FROM + 1,)).fetchone()[0]
    return count > ASYNC_FROM


class LedgerRunner(QObject):
    """`request(client, compute, done, failed)`: `compute(store)` runs on the worker with the runner's own
    connection; on the GUI thread, `done(result)` or `failed(exception)` is called for the client's newest
    request only (an older answer is dropped)."""

    _delivered = Signal(str, int, object)            # from the worker thread, queued to the GUI thread

    def __init__(self, path: str):
        super().__init__()
        self.path = path
        self.latest: dict[str, tuple[int, Callable[[Any], None], Callable[[Exception], None]]] = {}
        self._seq = 0
        self._store: SideStore | None = None
        self._requests: queue.Queue = queue.Queue()
        self._delivered.connect(self._on_delivered)
        self._thread = threading.Thread(target=self._work, name="ledgerRunner", daemon=True)
        self._thread.start()

    def request(self, client: str, compute: Callable[[Store], Any], done: Callable[[Any], None],
                failed: Callable[[Exception], None]) -> None:
        self._seq += 1
        self.latest[client] = (self._seq, done, failed)
        self._requests.put((client, self._seq, compute))

    def forget(self, client: str) -> None:
        """Drop the client's pending request (the widget is closing): its answer is never delivered."""
        self.latest.pop(client, None)

    def close(self, wait_s: float = STOP_WAIT_S) -> bool:
        """Stop taking requests, interrupt a running query and wait for the worker to end.

        Returns whether it ended within `wait_s` (a pandas computation cannot be interrupted)."""
        self.latest.clear()
        self._requests.put(None)
        deadline = time.monotonic() + wait_s
        while self._thread.is_alive() and time.monotonic() < deadline:
            store = self._store
            if store is not None:
                try:
                    store.conn.interrupt()           # again each round: a query that starts later is stopped too
                except sqlite3.ProgrammingError:     # the worker closed it just now
                    pass
            self._thread.join(0.05)
        return not self._thread.is_alive()

    def _current(self, client: str, seq: int) -> bool:
        newest = self.latest.get(client)
        return newest is not None and newest[0] == seq

    def _work(self) -> None:
        store = self._store = SideStore(self.path)
        try:
            while (item := self._requests.get()) is not None:
                client, seq, compute = item
                if not self._current(client, seq):
                    continue                         # a newer request of this client is queued behind it
                try:
                    with _collector_paused():
                        result = compute(store)
                except Exception as exc:             # reaches the client, which shows it
                    result = exc
                self._delivered.emit(client, seq, result)
        finally:
            self._store = None
            store.close()

    def _on_delivered(self, client: str, seq: int, result: Any) -> None:
        if not self._current(client, seq):
            return
        _seq, done, failed = self.latest.pop(client)
        if isinstance(result, Exception):
            failed(result)
        else:
            done(result)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """No cyclic garbage collection while a computation builds its records, and none over them later.

    A large ledger is hundreds of thousands of small objects; every full collection while they are
    built walks them all with the GIL held (measured: up to 670 ms, a frozen window). They live in the
    ledger cache afterwards, so they are frozen out of later collections (gc.freeze) as well.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()


_RUNNER: LedgerRunner | None = None


def ledger_runner(store: Store) -> LedgerRunner | None:
    """The shared runner for `store` when its ledger is large (see is_large), else None (compute in place)."""
    global _RUNNER
    if not is_large(store):
        return None
    if _RUNNER is None or _RUNNER.path != str(store.path):
        close_ledger_runner()
        _RUNNER = LedgerRunner(str(store.path))
    return _RUNNER


def forget_ledger_requests(client: str) -> None:
    """The closing `client` wants no more answers from the shared runner."""
    if _RUNNER is not None:
        _RUNNER.forget(client)


def close_ledger_runner() -> None:
    global _RUNNER
    if _RUNNER is not None:
        _RUNNER.close()
        _RUNNER = None
