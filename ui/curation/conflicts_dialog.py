"""Data > Re-import conflicts…: where a newer official file disagrees with an analyst's edit, both values,
and Keep mine / Keep theirs (each an undoable model command with its audit entry)."""
from __future__ import annotations

import pandas as pd
from PySide6.QtCore import QItemSelectionModel
from PySide6.QtWidgets import (QCheckBox, QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QPushButton,
                               QVBoxLayout, QWidget)

from models.briefing_model import BriefingModel, Changes
from models.curation import ResolveConflict, conflicts
from ui.curation.form import fit_to_screen
from ui.curation.record_table import record_table

HEADERS = {"kind": "Kind", "record_id": "Record", "field": "Field", "mine": "Mine (your edit)",
           "theirs": "Theirs (the file)", "file_name": "File", "found_at": "Found (UTC)", "resolution": "Resolved"}


class ConflictsDialog(QDialog):
    def __init__(self, model: BriefingModel, curator, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("conflictsDialog")
        self.setWindowTitle("Re-import conflicts")
        self.model = model
        self.curator = curator
        self.frame = pd.DataFrame()
        self.table, self.table_model = record_table(HEADERS, "conflictsTable")
        self.show_resolved = QCheckBox("Show &resolved")
        self.show_resolved.setObjectName("showResolved")
        self.show_resolved.toggled.connect(self.refresh)
        self.keep_mine = QPushButton("Keep &mine")
        self.keep_mine.setObjectName("keepMine")
        self.keep_theirs = QPushButton("Keep &theirs")
        self.keep_theirs.setObjectName("keepTheirs")
        self.keep_mine.clicked.connect(lambda: self.resolve("mine"))
        self.keep_theirs.clicked.connect(lambda: self.resolve("theirs"))
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.status = QLabel()
        self.status.setObjectName("conflictsStatus")
        self.status.setWordWrap(True)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.keep_mine)
        buttons.addWidget(self.keep_theirs)
        buttons.addWidget(self.show_resolved)
        buttons.addWidget(self.status, 1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("A re-import never overwrites your edits. Where a newer file disagrees, both values "
                                "are listed here: keep yours, or take the file's."))
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        fit_to_screen(self, 960, 460)
        model.changed.connect(self._on_model_changed)
        self.refresh()

    def refresh(self) -> None:
        frame = conflicts(self.model.store, open_only=not self.show_resolved.isChecked())
        self.frame = frame.reset_index(drop=True)
        columns = [c for c in HEADERS if c in frame.columns]
        self.table_model.set_frame(self.frame[columns] if len(frame) else pd.DataFrame(columns=columns))
        self.table.resizeColumnsToContents()
        for col in range(self.table_model.columnCount()):
            self.table.setColumnWidth(col, min(self.table.columnWidth(col), 240))
        open_count = int((self.frame["resolution"].fillna("") == "").sum()) if "resolution" in self.frame else len(self.frame)
        self.status.setText(f"{open_count} open conflict{'s' if open_count != 1 else ''}" if len(self.frame)
                            else "No conflicts: every re-import agreed with your edits or touched none.")
        if len(self.frame):
            self.select_row(0)
        self._update_buttons()

    def select_row(self, row: int) -> None:
        self.table.selectionModel().select(self.table_model.index(row, 0),
                                           QItemSelectionModel.SelectionFlag.ClearAndSelect |
                                           QItemSelectionModel.SelectionFlag.Rows)

    def _selected(self) -> pd.Series | None:
        rows = self.table.selectionModel().selectedRows()
        return self.frame.iloc[rows[0].row()] if rows else None

    def _update_buttons(self, *_args) -> None:
        row = self._selected()
        open_ = row is not None and not (isinstance(row.get("resolution"), str) and row.get("resolution"))
        self.keep_mine.setEnabled(open_)
        self.keep_theirs.setEnabled(open_)

    def resolve(self, keep: str) -> None:
        row = self._selected()
        if row is None:
            return
        try:
            self.curator.run(ResolveConflict(int(row["conflict_id"]), keep=keep))
        except Exception as exc:
            self.status.setText(f"Not resolved: {exc}")

    def _on_model_changed(self, changes: Changes, _initiator: object) -> None:
        if changes.data:
            self.refresh()

    def done(self, result: int) -> None:  # noqa: D401 (Qt naming)
        self.model.changed.disconnect(self._on_model_changed)
        super().done(result)
