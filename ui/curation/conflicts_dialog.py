"""Data > Re-import conflicts…: where a newer official file disagrees with an analyst's edit, both values,
and Keep mine / Keep theirs (each an undoable model command with its audit entry)."""
from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QDialogButtonBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from models.briefing_model import BriefingModel
from models.curation import ResolveConflict, conflicts
from ui.curation.form import fit_to_screen
from ui.curation.record_list_dialog import RecordListDialog

HEADERS = {"kind": "Kind", "record_id": "Record", "field": "Field", "mine": "Mine (your edit)",
           "theirs": "Theirs (the file)", "file_name": "File", "found_at": "Found (UTC)", "resolution": "Resolved"}


class ConflictsDialog(RecordListDialog):
    def __init__(self, model: BriefingModel, curator, parent: QWidget | None = None):
        super().__init__(model, HEADERS, "conflictsTable", parent)
        self.setObjectName("conflictsDialog")
        self.setWindowTitle("Re-import conflicts")
        self.curator = curator
        self.show_resolved = QCheckBox("Show &resolved")
        self.show_resolved.setObjectName("showResolved")
        self.show_resolved.toggled.connect(self.refresh)
        self.keep_mine = QPushButton("Keep &mine")
        self.keep_mine.setObjectName("keepMine")
        self.keep_theirs = QPushButton("Keep &theirs")
        self.keep_theirs.setObjectName("keepTheirs")
        self.keep_mine.clicked.connect(lambda: self.resolve("mine"))
        self.keep_theirs.clicked.connect(lambda: self.resolve("theirs"))
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
        self.watch_model()

    def refresh(self) -> None:
        frame = conflicts(self.model.store, open_only=not self.show_resolved.isChecked())
        self.show_frame(frame, [c for c in HEADERS if c in frame.columns])
        for col in range(self.table_model.columnCount()):
            self.table.setColumnWidth(col, min(self.table.columnWidth(col), 240))
        open_count = int((self.frame["resolution"].fillna("") == "").sum()) if "resolution" in self.frame else len(self.frame)
        self.status.setText(f"{open_count} open conflict{'s' if open_count != 1 else ''}" if len(self.frame)
                            else "No conflicts: every re-import agreed with your edits or touched none.")
        if len(self.frame):
            self.select_row(0)
        self._update_buttons()

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
