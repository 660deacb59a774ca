"""The frame of the curation dialogs that list records (conflicts, facts): a record table over a DataFrame,
the selected row, and a refresh whenever the data change."""
from __future__ import annotations

import pandas as pd
from PySide6.QtCore import QItemSelectionModel
from PySide6.QtWidgets import QWidget

from models.briefing_model import BriefingModel
from ui.curation.live_dialog import LiveDialog
from ui.curation.record_table import record_table


class RecordListDialog(LiveDialog):
    """Subclasses build their buttons, call `watch_model()` last, and implement `refresh` and `_update_buttons`."""

    def __init__(self, model: BriefingModel, headers: dict[str, str], table_name: str,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.model = model
        self.frame = pd.DataFrame()
        self.table, self.table_model = record_table(headers, table_name)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)

    def watch_model(self) -> None:
        """Refresh now and whenever the data change (until the dialog is done)."""
        self.model.changed.connect(self._on_model_changed)
        self.refresh()

    def _update_buttons(self, *_args) -> None:
        raise NotImplementedError

    def show_frame(self, frame: pd.DataFrame, columns: list[str]) -> None:
        """List `frame`'s `columns` (kept as `self.frame` for the selected row)."""
        self.frame = frame.reset_index(drop=True)
        self.table_model.set_frame(self.frame[columns] if len(self.frame) else pd.DataFrame(columns=columns))
        self.table.resizeColumnsToContents()

    def select_row(self, row: int) -> None:
        self.table.selectionModel().select(self.table_model.index(row, 0),
                                           QItemSelectionModel.SelectionFlag.ClearAndSelect |
                                           QItemSelectionModel.SelectionFlag.Rows)

    def _selected(self) -> pd.Series | None:
        rows = self.table.selectionModel().selectedRows()
        return self.frame.iloc[rows[0].row()] if rows else None
