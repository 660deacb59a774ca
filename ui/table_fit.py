"""Fit a table's columns to their header and first rows, measured with the view's font.

`QTableView.resizeColumnsToContents` asks every visible row of every column for its size hint through
the delegate; on the ledger (hundreds of launches, ~20 columns) that took ~0.5 s at start-up. Measuring
the display text of a sample of rows with QFontMetrics gives the same widths for plain-text cells.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QTableView

SAMPLE_ROWS = 60
PADDING = 18          # cell margins
HEADER_PADDING = 12 + 18   # the header section's style-sheet padding (6 px a side) and the sort indicator's room


def fit_columns(view: QTableView, sample_rows: int = SAMPLE_ROWS, max_width: int = 420) -> None:
    """Set each column's width to its widest header or sampled cell text (at most `max_width` px)."""
    model = view.model()
    if model is None:
        return
    cells = view.fontMetrics()
    header = view.horizontalHeader()
    heads = header_metrics(view)
    rows = min(model.rowCount(), sample_rows)
    display = Qt.ItemDataRole.DisplayRole
    for column in range(model.columnCount()):
        title = str(model.headerData(column, Qt.Orientation.Horizontal, display) or "")
        width = max((heads.horizontalAdvance(line) for line in title.split("\n")), default=0) + HEADER_PADDING
        for row in range(rows):
            index = model.index(row, column)
            value = model.data(index, display)
            if value is not None and value != "":
                font = model.data(index, Qt.ItemDataRole.FontRole)      # e.g. a slow response in bold
                metrics = QFontMetrics(font) if isinstance(font, QFont) else cells
                width = max(width, metrics.horizontalAdvance(str(value)) + PADDING)
        header.resizeSection(column, min(width, max_width))


def header_metrics(view: QTableView) -> QFontMetrics:
    """The header's font as drawn: resources/styles make header sections bold."""
    bold = view.horizontalHeader().font()
    bold.setBold(True)
    return QFontMetrics(bold)


def widen_to_headers(view: QTableView) -> None:
    """Widen every column narrower than its header title (a preset width never cuts a header)."""
    model, header = view.model(), view.horizontalHeader()
    heads = header_metrics(view)
    for column in range(model.columnCount()):
        title = str(model.headerData(column, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole) or "")
        needed = max((heads.horizontalAdvance(line) for line in title.split("\n")), default=0) + HEADER_PADDING
        if header.sectionSize(column) < needed:
            header.resizeSection(column, needed)
