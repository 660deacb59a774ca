"""QSettings for the app: one place, versioned, pointed at a temporary folder by tests."""
from __future__ import annotations

import os

from PySide6.QtCore import QSettings

ORGANIZATION = "DPRK Pressure Brief"
APPLICATION = "dprk-pressure-brief"
SETTINGS_VERSION = 1


def app_settings() -> QSettings:
    """The app's settings (INI format; $DPRK_BRIEF_SETTINGS_DIR overrides the folder)."""
    folder = os.environ.get("DPRK_BRIEF_SETTINGS_DIR")
    if folder:
        os.makedirs(folder, exist_ok=True)
        return QSettings(os.path.join(folder, "settings.ini"), QSettings.Format.IniFormat)
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANIZATION, APPLICATION)
