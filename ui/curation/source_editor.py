"""The sources of a fact: one row per source (publisher, URL, date accessed, a quote), at least one.

A table the keyboard can fill: Tab moves between cells, Ctrl+N (or "Add source") adds a row with
today's date accessed, Delete on a selected row removes it. The rows are checked by the model
(models.curation.validate_source), which names the row and the cell.
"""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QHeaderView, QPushButton, QTableWidget,
                               QTableWidgetItem, QVBoxLayout, QWidget)


COLUMNS = [("publisher", "Publisher"), ("url", "URL"), ("accessed", "Date accessed"), ("quote", "Quote")]


class SourceEditor(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("sourceTable")
        self.table.setHorizontalHeaderLabels([label for _, label in COLUMNS])
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(0, 140)
        self.table.setWordWrap(False)                                   # one line per cell, so that a long URL
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)      # keeps its host and its end
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setTabKeyNavigation(True)
        row = self.fontMetrics().height() + 10
        self.table.verticalHeader().setDefaultSectionSize(row)
        self.table.setMinimumHeight(row * 3)
        self.table.setMaximumHeight(row * 6)            # more sources scroll
        self.table.itemChanged.connect(self._on_item_changed)
        add = QPushButton("Add &source")
        add.setObjectName("addSource")
        add.setAutoDefault(False)
        add.clicked.connect(self.add_row)
        remove = QPushButton("Remove source")
        remove.setObjectName("removeSource")
        remove.setAutoDefault(False)
        remove.clicked.connect(self.remove_selected)
        QShortcut(QKeySequence("Ctrl+N"), self, self.add_row).setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        delete = QShortcut(QKeySequence(Qt.Key.Key_Delete), self.table, self.remove_selected)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(remove)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

    def _on_item_changed(self, item: QTableWidgetItem) -> None:
        if item.toolTip() != item.text():
            item.setToolTip(item.text())            # the whole URL or quote where the cell elides it
        self.changed.emit()

    def add_row(self, values: dict | None = None) -> int:
        """A new row (today as date accessed unless given); the cursor goes to its first cell."""
        values = values if isinstance(values, dict) else {}
        row = self.table.rowCount()
        self.table.blockSignals(True)
        self.table.insertRow(row)
        for col, (key, _) in enumerate(COLUMNS):
            default = date.today().isoformat() if key == "accessed" else ""
            item = QTableWidgetItem(str(values.get(key) or default))
            item.setToolTip(item.text())
            self.table.setItem(row, col, item)
        self.table.blockSignals(False)
        self.table.setCurrentCell(row, 0)
        self.table.setFocus()
        self.changed.emit()
        return row

    def offer_page(self, url: str) -> None:
        """A record's own web page as the prefilled source of an edit (its host as publisher, accessed today):
        the analyst checks it, adds the quote, or replaces it."""
        from urllib.parse import urlparse

        host = urlparse(url).hostname or ""
        self.add_row({"publisher": host.removeprefix("www."), "url": url})

    def set_sources(self, sources: list[dict]) -> None:
        self.table.setRowCount(0)
        for source in sources:
            self.add_row(source)

    def remove_selected(self) -> None:
        rows = sorted({i.row() for i in self.table.selectedIndexes()} or
                      ({self.table.currentRow()} if self.table.currentRow() >= 0 else set()), reverse=True)
        for row in rows:
            self.table.removeRow(row)
        self.changed.emit()

    def set_cell(self, row: int, key: str, text: str) -> None:
        col = [k for k, _ in COLUMNS].index(key)
        self.table.item(row, col).setText(text)

    def sources(self) -> list[dict]:
        """Every row as a dict (publisher, url, accessed, quote), text stripped; blank rows left out."""
        out = []
        for row in range(self.table.rowCount()):
            values = {key: (self.table.item(row, col).text().strip() if self.table.item(row, col) else "")
                      for col, (key, _) in enumerate(COLUMNS)}
            if values["publisher"] or values["url"] or values["quote"]:
                out.append(values)
        return out

    def inputs(self) -> list:
        """The rows as the model's SourceInput."""
        from models.curation import SourceInput

        return [SourceInput(s["publisher"], s["url"], s["accessed"], s["quote"]) for s in self.sources()]

    def set_inputs(self, sources: list) -> None:
        self.set_sources([s.as_dict() if hasattr(s, "as_dict") else dict(s) for s in sources])
