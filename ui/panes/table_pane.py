"""A pane that shows one of the model's tables, filtered by the shared period."""
from __future__ import annotations

from typing import Callable

import pandas as pd
from PySide6.QtWidgets import QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from models.briefing_model import BriefingModel, Changes
from ui.frame_model import FrameModel


class TablePane(QWidget):
    """A sortable table of model rows; `rows(model)` picks them, `date_column` follows the period."""

    def __init__(self, model: BriefingModel, rows: Callable[[BriefingModel], pd.DataFrame],
                 empty_text: str, date_column: str | None = "date", parent: QWidget | None = None):
        super().__init__(parent)
        self.model = model
        self._rows = rows
        self._date_column = date_column
        self._empty_text = empty_text
        self.caption = QLabel()
        self.caption.setObjectName("paneCaption")
        self.table_model = FrameModel(parent=self)
        self.view = QTableView()
        self.view.setModel(self.table_model)
        self.view.setSortingEnabled(True)
        self.view.setAlternatingRowColors(True)
        self.view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.view.verticalHeader().setDefaultSectionSize(22)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setStretchLastSection(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.caption)
        layout.addWidget(self.view)
        model.changed.connect(self._on_model_changed)
        self.refresh()

    def refresh(self) -> None:
        frame = self._rows(self.model)
        if self._date_column and self._date_column in frame.columns:
            frame = self.model.in_period(frame, self._date_column)
        self.table_model.set_frame(frame)
        self.view.resizeColumnsToContents()
        period = self.model.period.label()
        self.caption.setText(self._empty_text if frame.empty else f"{len(frame):,} rows ({period})")

    def _on_model_changed(self, changes: Changes, initiator: object) -> None:
        if changes.data or changes.period:
            self.refresh()

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt naming)
        self.model.changed.disconnect(self._on_model_changed)
        super().closeEvent(event)
