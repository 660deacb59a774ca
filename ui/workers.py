"""Running long jobs off the GUI thread, with throttled progress, cancel and errors.

A job is a plain function `fn(progress) -> result` from models/; `run_job` starts it on a
QThread and reports back on the GUI thread through Qt signals. Starting a job of the same
kind cancels the stale one (latest request wins).
"""
from __future__ import annotations

import json
import sys
from typing import Any, Callable

from PySide6.QtCore import QObject, QThread, Signal

from models.progress import Progress

SWITCH_INTERVAL = 0.0005    # seconds a Python thread may hold the GIL while another waits (Python's default: 0.005)


def keep_gui_thread_responsive() -> None:
    """Make worker threads hand the GIL over after 0.5 ms instead of 5 ms.

    The GUI thread re-takes the GIL at every call from Qt into Python (a paint, a cell's data, a
    timer): with a busy worker each such call waited up to 5 ms, so a paint of a few hundred calls
    stalled the window for 0.7-1.4 s while the sanctions log loaded on a million designations.
    Process-wide; the dashboard sets it at start-up (ui.app.run_app)."""
    sys.setswitchinterval(SWITCH_INTERVAL)


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


class ImportProcessJob(QObject):
    """An import in a child process (models/import_process.py), with the signals of `Job`.

    The GUI thread only reads the child's progress lines from the event loop, so it never
    stalls on the import. Cancel asks the child to roll back; if it has not answered within
    `kill_after_ms`, it is killed, which SQLite also rolls back (the commit is atomic).
    """

    progressed = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(object)
    finished = Signal()

    def __init__(self, db: str, paths: list[str], as_of: str | None = None, parent: QObject | None = None,
                 kill_after_ms: int = 5000):
        super().__init__(parent)
        from PySide6.QtCore import QProcess, QProcessEnvironment, QTimer

        from models.paths import PROJECT_DIR

        self._buffer = b""
        self._outcome: tuple[str, object] | None = None
        self._cancel_pending = False
        self._process = QProcess(self)
        self._process.setProgram(sys.executable)
        args = ["-m", "models.import_process", "--db", db] + (["--as-of", as_of] if as_of else []) + paths
        self._process.setArguments(args)
        self._process.setWorkingDirectory(str(PROJECT_DIR))
        environment = QProcessEnvironment.systemEnvironment()
        environment.insert("PYTHONPATH", str(PROJECT_DIR))
        self._process.setProcessEnvironment(environment)
        self._process.readyReadStandardOutput.connect(self._on_output)
        self._process.started.connect(self._on_started)
        self._process.finished.connect(self._on_finished)
        self._process.errorOccurred.connect(self._on_error)
        self._kill_timer = QTimer(self)
        self._kill_timer.setSingleShot(True)
        self._kill_timer.setInterval(kill_after_ms)
        self._kill_timer.timeout.connect(self._process.kill)

    def start(self) -> None:
        self._process.start()

    def cancel(self) -> None:
        from PySide6.QtCore import QProcess

        if self._process.state() == QProcess.ProcessState.Running:
            self._process.write(b"cancel\n")
            self._kill_timer.start()
        else:
            self._cancel_pending = True

    def is_running(self) -> bool:
        from PySide6.QtCore import QProcess

        return self._process.state() != QProcess.ProcessState.NotRunning

    def wait(self, ms: int = 30000) -> bool:
        return self._process.waitForFinished(ms) or not self.is_running()

    def _on_started(self) -> None:
        if self._cancel_pending:
            self.cancel()

    def _on_output(self) -> None:
        self._buffer += bytes(self._process.readAllStandardOutput().data())
        *lines, self._buffer = self._buffer.split(b"\n")
        for line in lines:
            if line.strip():
                self._handle(json.loads(line))

    def _handle(self, message: dict) -> None:
        from models.errors import ImportCancelled
        from models.import_process import report_from_json

        if "progress" in message:
            self.progressed.emit(*message["progress"])
        elif "report" in message:
            self._outcome = ("ok", report_from_json(message["report"]))
        elif "cancelled" in message:
            self._outcome = ("failed", ImportCancelled(message["cancelled"]))
        elif "error" in message and message.get("needs_date"):
            from models.errors import SnapshotDateNeeded

            self._outcome = ("failed", SnapshotDateNeeded(message["file"], message["problem"]))
        elif "error" in message:
            self._outcome = ("failed", RuntimeError(message["error"]))

    def _on_error(self, error) -> None:
        from PySide6.QtCore import QProcess

        if error == QProcess.ProcessError.FailedToStart:
            self.failed.emit(RuntimeError(f"could not start the import process: {self._process.errorString()}"))
            self.finished.emit()

    def _on_finished(self, *_args) -> None:
        from models.errors import ImportCancelled

        self._kill_timer.stop()
        self._on_output()
        if self._outcome is None:
            if self._cancel_pending or self._kill_timer.isActive() or self._process.exitStatus().name == "CrashExit":
                self._outcome = ("failed", ImportCancelled("cancelled by the user; nothing was changed"))
            else:
                detail = bytes(self._process.readAllStandardError().data()).decode(errors="replace").strip()
                self._outcome = ("failed", RuntimeError(f"the import process stopped unexpectedly: {detail[-500:]}"))
        kind, value = self._outcome
        (self.succeeded if kind == "ok" else self.failed).emit(value)
        self.finished.emit()
