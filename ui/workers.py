"""Running long jobs off the GUI thread, with throttled progress, cancel and errors.

A job is a plain function `fn(progress) -> result` from models/; `run_job` starts it on a
QThread and reports back on the GUI thread through Qt signals. Starting a job of the same
kind cancels the stale one (latest request wins).
"""
from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import QObject, QThread, Signal

from models.progress import Progress


class Job(QObject):
    """One background job. Signals arrive on the GUI thread (queued)."""

    progressed = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(object)
    finished = Signal()

    def __init__(self, fn: Callable[[Progress], Any], parent: QObject | None = None):
        super().__init__(parent)
        self._fn = fn
        self.progress = Progress(lambda done, total, text: self.progressed.emit(done, total, text))
        self._thread = _Runner(self._run)
        self._thread.finished.connect(self.finished)

    def start(self) -> None:
        self._thread.start()

    def cancel(self) -> None:
        self.progress.cancel()

    def wait(self, ms: int = 30000) -> bool:
        return self._thread.wait(ms)

    def is_running(self) -> bool:
        return self._thread.isRunning()

    def _run(self) -> None:
        try:
            result = self._fn(self.progress)
        except Exception as exc:  # reported to the user by the caller's slot
            self.failed.emit(exc)
        else:
            self.succeeded.emit(result)


class _Runner(QThread):
    def __init__(self, target: Callable[[], None]):
        super().__init__()
        self.setObjectName("jobThread")
        self._target = target

    def run(self) -> None:  # runs on the worker thread
        self._target()
