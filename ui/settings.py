"""QSettings for the app: one place, versioned, pointed at a temporary folder by tests."""
from __future__ import annotations

import os

from PySide6.QtCore import QObject, QSettings, Signal

from models.analytics.ledger import DEFAULT_WINDOW_DAYS

ORGANIZATION = "DPRK Pressure Brief"
APPLICATION = "dprk-pressure-brief"
SETTINGS_VERSION = 2                      # 2: the answer bar and the screen-fitted dock layout
WINDOW_KEY = "ledger/windowDays"          # the response window after a launch, shared by every pane


def app_settings() -> QSettings:
    """The app's settings (INI format; $DPRK_BRIEF_SETTINGS_DIR overrides the folder)."""
    folder = os.environ.get("DPRK_BRIEF_SETTINGS_DIR")
    if folder:
        os.makedirs(folder, exist_ok=True)
        return QSettings(os.path.join(folder, "settings.ini"), QSettings.Format.IniFormat)
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANIZATION, APPLICATION)


def isolate_settings() -> None:
    """Read the user's settings but write none back: copy them to a throw-away folder and use that.

    For `main.py --check`, which must leave the user's settings file as it found it (or absent).
    """
    import shutil
    import tempfile

    folder = os.environ.get("DPRK_BRIEF_SETTINGS_DIR")
    current = (os.path.join(folder, "settings.ini") if folder else
               QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANIZATION, APPLICATION).fileName())
    folder = tempfile.mkdtemp(prefix="dprk-brief-check-")
    if os.path.isfile(current):
        shutil.copyfile(current, os.path.join(folder, "settings.ini"))
    os.environ["DPRK_BRIEF_SETTINGS_DIR"] = folder


class ResponseWindow(QObject):
    """The response window after a launch (days), shared by the headline strip, ledger and sanctions panes."""

    changed = Signal(int)

    def days(self) -> int:
        value = app_settings().value(WINDOW_KEY, DEFAULT_WINDOW_DAYS)
        try:
            return max(1, int(value))
        except (TypeError, ValueError):
            return DEFAULT_WINDOW_DAYS

    def set_days(self, days: int) -> None:
        if days != self.days():
            settings = app_settings()
            settings.setValue(WINDOW_KEY, int(days))
            settings.sync()
            self.changed.emit(int(days))


_WINDOW: ResponseWindow | None = None


def response_window() -> ResponseWindow:
    global _WINDOW
    if _WINDOW is None:
        _WINDOW = ResponseWindow()
    return _WINDOW


RECENT_DATABASES_KEY = "databases/recent"
RECENT_DATABASES_MAX = 8


def recent_databases() -> list[str]:
    """The databases opened last (files and servers), newest first; never with a password."""
    value = app_settings().value(RECENT_DATABASES_KEY, [])
    items = [value] if isinstance(value, str) else list(value or [])
    return [str(v) for v in items if str(v)]


def remember_database(target: object) -> None:
    """Put `target` first in the recent databases, its password taken out (see models.engines)."""
    from models.engines import without_password

    text = without_password(target)
    items = [text] + [t for t in recent_databases() if t != text]
    app_settings().setValue(RECENT_DATABASES_KEY, items[:RECENT_DATABASES_MAX])
