"""The sources of a fact: one row per source (publisher, URL, date accessed, a quote), at least one.

A table the keyboard can fill: Tab moves between cells, Ctrl+N (or "Add source") adds a row with
today's date accessed, Delete on a selected row removes it. `problem()` names the first row and cell
that is missing or unreadable.
"""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QHeaderView, QPushButton, QTableWidget,
                               QTableWidgetItem, QVBoxLayout, QWidget)

from ui.curation.when_edit import parse_date

COLUMNS = [("publisher", "Publisher"), ("url", "URL"), ("accessed", "Date accessed"), ("quote", "Quote")]


def url_problem(text: str) -> str:
    text = text.strip()
    if not text:
        return "no URL"
    if not (text.startswith("http://") or text.startswith("https://")) or " " in text or len(text) < 12:
        return f"'{text}' is not a web address (http:// or https://)"
    return ""


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
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setTabKeyNavigation(True)
        row = self.fontMetrics().height() + 10
        self.table.verticalHeader().setDefaultSectionSize(row)
        self.table.setMinimumHeight(row * 3)
        self.table.setMaximumHeight(row * 6)            # more sources scroll
        self.table.itemChanged.connect(lambda _item: self.changed.emit())
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

    def add_row(self, values: dict | None = None) -> int:
        """A new row (today as date accessed unless given); the cursor goes to its first cell."""
        values = values if isinstance(values, dict) else {}
        row = self.table.rowCount()
        self.table.blockSignals(True)
        self.table.insertRow(row)
        for col, (key, _) in enumerate(COLUMNS):
            default = date.today().isoformat() if key == "accessed" else ""
            self.table.setItem(row, col, QTableWidgetItem(str(values.get(key) or default)))
        self.table.blockSignals(False)
        self.table.setCurrentCell(row, 0)
        self.table.setFocus()
        self.changed.emit()
        return row

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

    def problem(self) -> str:
        sources = self.sources()
        if not sources:
            return "add at least one source (publisher and URL): every fact traces to a public source"
        for n, source in enumerate(sources, start=1):
            if not source["publisher"]:
                return f"source {n}: no publisher"
            reason = url_problem(source["url"])
            if reason:
                return f"source {n}: {reason}"
            day, reason = parse_date(source["accessed"])
            if day is None:
                return f"source {n}, date accessed: {reason}"
            if day > date.today().isoformat():
                return f"source {n}: date accessed {day} is in the future"
        return ""
