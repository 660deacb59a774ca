"""Fit a table's columns to their header and first rows, measured with the view's font.

`QTableView.resizeColumnsToContents` asks every visible row of every column for its size hint through
the delegate; on the ledger (hundreds of launches, ~20 columns) that took ~0.5 s at start-up. Measuring
the display text of a sample of rows with QFontMetrics gives the same widths for plain-text cells.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableView

SAMPLE_ROWS = 60
PADDING = 18          # cell margins and the sort indicator's room


def fit_columns(view: QTableView, sample_rows: int = SAMPLE_ROWS, max_width: int = 420) -> None:
    """Set each column's width to its widest header or sampled cell text (at most `max_width` px)."""
    model = view.model()
    if model is None:
        return
    cells = view.fontMetrics()
    header = view.horizontalHeader()
    heads = header.fontMetrics()
    rows = min(model.rowCount(), sample_rows)
    display = Qt.ItemDataRole.DisplayRole
    for column in range(model.columnCount()):
        title = str(model.headerData(column, Qt.Orientation.Horizontal, display) or "")
        width = max((heads.horizontalAdvance(line) for line in title.split("\n")), default=0) + PADDING
        for row in range(rows):
            value = model.data(model.index(row, column), display)
            if value is not None and value != "":
                width = max(width, cells.horizontalAdvance(str(value)) + PADDING)
        header.resizeSection(column, min(width, max_width))
