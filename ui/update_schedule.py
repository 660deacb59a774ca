"""The optional check for new data on start: off by default, at most once a day, quietly in a child process.

It runs the same update as Data > Update data… (every enabled source) and says in the status bar what
it found; the details are a click away in the dialog. An update already running elsewhere (another
dashboard, the command line) makes it skip, never wait.
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from PySide6.QtCore import QObject, Signal

from ui.settings import app_settings

ENABLED_KEY = "update/checkOnStart"
LAST_KEY = "update/lastCheck"           # UTC ISO time of the last check started on start
INTERVAL = timedelta(days=1)


def check_on_start() -> bool:
    return str(app_settings().value(ENABLED_KEY, "false")).lower() == "true"


def set_check_on_start(enabled: bool) -> None:
    settings = app_settings()
    settings.setValue(ENABLED_KEY, "true" if enabled else "false")
    settings.sync()


def due(now: datetime | None = None) -> bool:
    """True when the check is on and the last one started a day or more ago (or never)."""
    if not check_on_start():
        return False
    now = now or datetime.now(timezone.utc)
    last = app_settings().value(LAST_KEY)
    try:
        return last is None or now - datetime.fromisoformat(str(last)) >= INTERVAL
    except ValueError:
        return True


def check_when_ready(window) -> "StartupCheck | None":
    """When the check is due, start it once the window's panes are ready; the window's status bar says
    what it found, and closing the window cancels it."""
    if not due() or window.model.store.path is None:
        return None
    check = StartupCheck(window)
    window.panes_ready.connect(check.start)
    return check


class StartupCheck(QObject):
    """Runs one background update for a main window and reports a one-line result (`reported`)."""

    reported = Signal(str)

    def __init__(self, window):
        super().__init__(window)
        self._window = window
        self._db_path = window.model.store.path
        self.job = None
        self.report = None
        self.reported.connect(lambda text: window.statusBar().showMessage(text, 20000))
        window.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt naming)
        from PySide6.QtCore import QEvent

        if watched is self._window and event.type() == QEvent.Type.Close:
            self.stop()
        return False

    def start(self) -> None:
        from models.update.settings import load_settings
        from ui.update_dialog import UpdateProcessJob

        settings = app_settings()
        settings.setValue(LAST_KEY, datetime.now(timezone.utc).isoformat(timespec="seconds"))
        settings.sync()
        try:
            sources = load_settings()
        except ValueError as exc:
            self.reported.emit(f"Data check on start skipped: {exc}")
            return
        self._window.statusBar().showMessage("Checking for new data…", 20000)
        self.job = UpdateProcessJob(str(self._db_path), sources.path, None, False, self)
        self.job.succeeded.connect(self._on_succeeded)
        self.job.failed.connect(lambda error: self.reported.emit(f"Data check on start did not run: {error}"))
        self.job.start()

    def stop(self) -> None:
        if self.job is not None and self.job.is_running():
            self.job.cancel()
            self.job.wait()

    def _on_succeeded(self, report) -> None:
        self.report = report
        if report.changed:
            self._window.model.reload(initiator=self)
            watch = getattr(self._window, "db_watch", None)
            if watch is not None:           # our own update's commit, not another program's: no second reload
                watch.acknowledge()
        updated = [o.source for o in report.outcomes if o.status == "updated"]
        failed = [o.source for o in report.outcomes if o.status in ("failed", "cancelled")]
        text = (f"New data imported: {', '.join(updated)}" if updated else "Data check on start: no new data")
        if failed:
            text += f"; not updated: {', '.join(failed)}"
        self.reported.emit(text + " (Data > Update data… for details)")
