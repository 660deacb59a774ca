"""The records behind a number: a non-modal dialog listing them with their sources.

Opened by one click on a headline figure or a ledger cell, so every number is two clicks from the
rows it counts. Double-click a launch row to select that launch everywhere.
"""
from __future__ import annotations

import html

from PySide6.QtCore import QModelIndex, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from models.analytics.ledger_records import TABLE_TITLES, records_frame
from models.briefing_model import BriefingModel
from ui.frame_model import FrameModel
from ui.theme import current_theme

HEADERS = {"launch_id": "Launch", "statement_id": "Statement", "designation_id": "Id", "source_url": "Source URL",
           "council_members_among_them": "Council members", "how_dated": "How the date is known"}


class RecordsDialog(QDialog):
    """A table of the records of one model table with the given ids."""

    def __init__(self, model: BriefingModel, title: str, table: str, record_ids: list[str], source: str = "",
                 note: str = "", window_days: int = 30, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("recordsDialog")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.model = model
        self.table = table
        self.record_ids = [str(i) for i in record_ids]
        noun = TABLE_TITLES.get(table, table)
        self.setWindowTitle(f"{title}: {len(self.record_ids)} {noun}")
        theme = current_theme()
        self.heading = QLabel(f"<b>{html.escape(title)}</b> &nbsp;·&nbsp; {len(self.record_ids)} {noun}")
        self.heading.setObjectName("recordsHeading")
        self.note = QLabel(html.escape(note))
        self.note.setWordWrap(True)
        self.note.setVisible(bool(note))
        self.source = QLabel(f"<span style='color:{theme.muted}'>Source: {html.escape(source)}</span>")
        self.source.setObjectName("recordsSource")
        self.source.setWordWrap(True)
        self.source.setVisible(bool(source))
        self.frame = records_frame(model.store, table, self.record_ids, window_days)
        headers = {str(c): HEADERS.get(str(c), str(c).replace("_", " ").capitalize()) for c in self.frame.columns}
        self.table_model = FrameModel(self.frame, headers, self)
        self.view = QTableView()
        self.view.setObjectName("recordsTable")
        self.view.setModel(self.table_model)
        self.view.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self.view.setSortingEnabled(True)
        self.view.setAlternatingRowColors(True)
        self.view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.view.verticalHeader().setDefaultSectionSize(22)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.resizeColumnsToContents()
        for column in range(self.table_model.columnCount()):
            self.view.setColumnWidth(column, min(self.view.columnWidth(column), 320))
        self.view.doubleClicked.connect(self._on_row_activated)
        self.record_source = QLabel()
        self.record_source.setObjectName("recordSource")
        self.record_source.setWordWrap(True)
        self.record_source.setOpenExternalLinks(True)
        self.record_source.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self._accent = theme.accent
        self.view.selectionModel().currentRowChanged.connect(self._on_current_row)
        if not self.frame.empty:
            self.view.selectRow(0)
        self.empty = QLabel("No records: the figure counts nothing in this period.")
        self.empty.setVisible(self.frame.empty)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        for widget in (self.heading, self.note, self.source, self.empty):
            layout.addWidget(widget)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.record_source)
        layout.addWidget(buttons)
        self.resize(1100, 460)

    def _on_current_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        """Show where the current record comes from, with its link."""
        if not current.isValid():
            self.record_source.clear()
            return
        record = self.table_model.row_record(current.row())
        key = next(iter(record.values()))
        text = html.escape(str(record.get("source") or ""))
        url = str(record.get("source_url") or "")
        if url.startswith("http"):
            text += f" · <a href='{html.escape(url)}' style='color:{self._accent}'>{html.escape(url)}</a>"
        self.record_source.setText(f"<b>{html.escape(str(key))}</b> · source: {text}")

    def _on_row_activated(self, index: QModelIndex) -> None:
        """A launch or ledger row selects the launch; a URL cell opens the source page."""
        record = self.table_model.row_record(index.row())
        column = str(self.frame.columns[index.column()])
        if column in ("source_url", "url", "references") and str(record.get(column) or "").startswith("http"):
            QDesktopServices.openUrl(QUrl(str(record[column]).split()[0]))
        elif "launch_id" in record and self.table in ("launches", "ledger"):
            self.model.select_launch(str(record["launch_id"]), initiator=self)


def show_records(model: BriefingModel, title: str, table: str, record_ids: list[str], source: str = "",
                 note: str = "", window_days: int = 30, parent: QWidget | None = None) -> RecordsDialog:
    """Open (non-modal) and return the records dialog."""
    dialog = RecordsDialog(model, title, table, record_ids, source, note, window_days, parent)
    dialog.show()
    return dialog
