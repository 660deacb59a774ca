"""Which panes the main window shows, and how each is built (imported lazily, after first paint)."""
from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from models.briefing_model import BriefingModel


@dataclass(frozen=True)
class PaneSpec:
    key: str
    title: str
    area: Qt.DockWidgetArea
    build: Callable[[BriefingModel], QWidget]


def _pane(module: str, cls: str) -> Callable[[BriefingModel], QWidget]:
    def build(model: BriefingModel) -> QWidget:
        return getattr(importlib.import_module(module), cls)(model)
    return build


PANES: list[PaneSpec] = [
    PaneSpec("timeline", "Missile timeline", Qt.DockWidgetArea.TopDockWidgetArea,
             _pane("ui.panes.timeline_pane", "TimelinePane")),
    PaneSpec("alignment", "Diplomatic alignment", Qt.DockWidgetArea.BottomDockWidgetArea,
             _pane("ui.panes.alignment_pane", "AlignmentPane")),
    PaneSpec("sanctions", "Sanctions log", Qt.DockWidgetArea.BottomDockWidgetArea,
             _pane("ui.panes.sanctions_pane", "SanctionsPane")),
    PaneSpec("ledger", "Response ledger", Qt.DockWidgetArea.BottomDockWidgetArea,
             _pane("ui.panes.ledger_pane", "LedgerPane")),
]
