"""The progress/cancel protocol shared by every long job in models/.

A job receives a `Progress` and calls `progress.step(done, total, text)`; the call raises
`ImportCancelled` once the user has asked to cancel, so the job unwinds and its transaction
rolls back. The UI passes a callback that forwards throttled updates to the GUI thread.
"""
from __future__ import annotations

import threading
import time
from typing import Callable

from models.errors import ImportCancelled

ProgressCallback = Callable[[int, int, str], None]


class Progress:
    """Reports progress at most every `interval` seconds and checks for cancellation."""

    def __init__(self, callback: ProgressCallback | None = None, interval: float = 0.05):
        self._callback = callback
        self._interval = interval
        self._last = 0.0
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def check(self) -> None:
        if self._cancel.is_set():
            raise ImportCancelled("cancelled by the user; nothing was changed")

    def step(self, done: int, total: int, text: str = "") -> None:
        self.check()
        now = time.monotonic()
        if self._callback is not None and (now - self._last >= self._interval or done >= total):
            self._last = now
            self._callback(done, total, text)


