"""A read-only Qt table model over a pandas DataFrame, by column arrays (fast for big tables)."""
from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from models.safe_text import show_bidi

Index = QModelIndex | QPersistentModelIndex


def _display(value: Any) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA:
        return ""
    if isinstance(value, float):
        return f"{value:,.0f}" if value.is_integer() else f"{value:,.2f}"
    return show_bidi(str(value))


class FrameModel(QAbstractTableModel):
    """Rows of a DataFrame; sorting is a numpy permutation, never a proxy's lessThan."""

    def __init__(self, frame: pd.DataFrame | None = None, headers: dict[str, str] | None = None, parent=None):
        super().__init__(parent)
        self._headers = headers or {}
        self._frame = pd.DataFrame()
        self._columns: list[np.ndarray] = []
        self._order = np.arange(0)
        if frame is not None:
            self.set_frame(frame)

    def set_frame(self, frame: pd.DataFrame) -> None:
        self.beginResetModel()
        self._frame = frame.reset_index(drop=True)
        self._columns = [frame[c].to_numpy(dtype=object) for c in frame.columns]
        self._order = np.arange(len(frame))
        self.endResetModel()

    @property
    def frame(self) -> pd.DataFrame:
        return self._frame

    def row_record(self, row: int) -> dict[str, Any]:
        """The source row behind view row `row`."""
        return self._frame.iloc[int(self._order[row])].to_dict()

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._order)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return _display(self._columns[index.column()][self._order[index.row()]])
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self._frame.columns):
            name = str(self._frame.columns[section])
            return self._headers.get(name, name.replace("_", " "))
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by a column with numpy (stable); missing values always go last."""
        if not 0 <= column < len(self._columns):
            return
        self.layoutAboutToBeChanged.emit()
        series = self._frame.iloc[:, column]
        missing = series.isna().to_numpy()
        keys = series.astype(str).str.casefold() if series.dtype == object else series
        ranks = np.argsort(keys.to_numpy(), kind="stable")
        if order == Qt.SortOrder.DescendingOrder:
            ranks = ranks[::-1]
        ranks = np.concatenate([ranks[~missing[ranks]], ranks[missing[ranks]]])
        self._order = ranks
        self.layoutChanged.emit()


TABLE_MIN_ROWS = 6


def table_min_height(view, rows: int = TABLE_MIN_ROWS) -> int:
    """The height at which a QTableView shows its header, `rows` rows and a horizontal scroll bar."""
    header = view.horizontalHeader().sizeHint().height()
    scroll = view.horizontalScrollBar().sizeHint().height()
    return header + rows * view.verticalHeader().defaultSectionSize() + scroll + 2 * view.frameWidth() + 2
