"""The answer bar across the top of the window: the verdict line, the pressure chart, the scorecard.

Answer first: whatever pane is in view below, the window opens on "is the pressure keeping pace with
the provocations?" (ui.pressure_view) beside the period's headline figures (ui.headline_strip).
"""
from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from models.briefing_model import BriefingModel

MAX_HEIGHT = 230          # the docks below get the rest of the height (more only if the scorecard needs it)


class AnswerBar(QWidget):
    def __init__(self, model: BriefingModel, parent: QWidget | None = None):
        from ui.headline_strip import HeadlineStrip
        from ui.pressure_view import PressureView

        super().__init__(parent)
        self.setObjectName("answerBar")
        self.pressure = PressureView(model)
        self.headline = HeadlineStrip(model)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(6, 2, 6, 0)
        outer.setSpacing(0)
        outer.addWidget(self.pressure.verdict)          # the verdict line spans the bar
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(4)
        row.addWidget(self.pressure, 5)
        row.addWidget(self.headline, 6)
        outer.addLayout(row, 1)
        self.setMaximumHeight(MAX_HEIGHT)
        self.headline.height_fitted.connect(self._make_room)
        self._make_room(self.headline.height())

    def _make_room(self, strip_height: int) -> None:
        """Never cut the scorecard: the bar is at most MAX_HEIGHT unless the cards need more."""
        margins = self.layout().contentsMargins()
        verdict = self.pressure.verdict.sizeHint().height()
        self.setMaximumHeight(max(MAX_HEIGHT, strip_height + verdict + margins.top() + margins.bottom()))

    def close_views(self) -> None:
        """Close the views so they stop listening to the model (the bar may outlive them briefly)."""
        self.pressure.close()
        self.headline.close()
