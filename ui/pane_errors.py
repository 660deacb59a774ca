"""Show a pane's failure to follow a change inside that pane (models.notifier hands it over).

The other panes have already been told: one pane's exception never stops the notification. The
message stays at the top of the failed pane until its next successful update.
"""
from __future__ import annotations

import html

from PySide6.QtWidgets import QLabel, QWidget

from models.briefing_model import BriefingModel
from ui.theme import current_theme

ERROR_LABEL = "paneError"


def show_in_pane(owner: object, exc: BaseException | None) -> None:
    """Put (or clear, when `exc` is None) the failure message at the top of the pane `owner`."""
    if not isinstance(owner, QWidget):
        return
    label = owner.findChild(QLabel, ERROR_LABEL)
    if exc is None:
        if label is not None:
            label.hide()
        return
    if label is None:
        label = QLabel(owner)
        label.setObjectName(ERROR_LABEL)
        label.setWordWrap(True)
        theme = current_theme()
        label.setStyleSheet(f"color: {theme.failure}; background: {theme.surface}; padding: 3px;")
        layout = owner.layout()
        if layout is not None and hasattr(layout, "insertWidget"):
            layout.insertWidget(0, label)
    label.setText(f"This pane could not follow the last change: {html.escape(type(exc).__name__)}: "
                  f"{html.escape(str(exc))}. The other panes are up to date; details are in the log.")
    label.show()


def install(model: BriefingModel) -> None:
    """Route subscriber failures of `model.changed` to the failing pane."""
    model.changed.on_error = show_in_pane
