"""View > Appearance: system, light or dark, stored in the settings and applied to the running app."""
from __future__ import annotations

from typing import Callable

from PySide6.QtGui import QActionGroup
from PySide6.QtWidgets import QApplication, QMenu

from ui.settings import app_settings
from ui.style import stylesheet
from ui.theme import APPEARANCES, apply_appearance, current_theme

SETTINGS_KEY = "appearance/theme"


def stored_appearance() -> str:
    return str(app_settings().value(SETTINGS_KEY, "system"))


def appearance_menu(menu: QMenu, chosen: Callable[[str], None]) -> QActionGroup:
    """One checkable action per appearance; `chosen(name)` when the user picks one."""
    current = stored_appearance()
    group = QActionGroup(menu)
    for name in APPEARANCES:
        action = menu.addAction(name.capitalize())
        action.setObjectName(f"appearance_{name}")
        action.setCheckable(True)
        action.setChecked(name == current)
        action.setData(name)
        group.addAction(action)
    group.triggered.connect(lambda action: chosen(str(action.data())))
    return group


def apply_and_store(name: str) -> None:
    """Store the appearance, then set the application's palette and style sheet from its theme."""
    settings = app_settings()
    settings.setValue(SETTINGS_KEY, name)
    settings.sync()
    app = QApplication.instance()
    apply_appearance(app, name)
    app.setStyleSheet(stylesheet(current_theme()))
