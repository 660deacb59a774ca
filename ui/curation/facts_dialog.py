"""Data > Facts you recorded or changed…: every curated record (own or an edited import), when and by whom,
with Restore for a deleted one (undo history ends with the session; this does not) and Edit for the rest."""
from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QDialogButtonBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from models.briefing_model import BriefingModel
from models.curation import UnhideRecord, user_facts
from ui.curation.form import fit_to_screen
from ui.curation.record_list_dialog import RecordListDialog

HEADERS = {"kind": "Kind", "record_id": "Record", "origin": "Origin", "state": "State",
           "edited_fields": "Fields changed", "updated_at": "Changed (UTC)", "updated_by": "By"}
ORIGINS = {"user": "your own record", "import": "imported, changed by you"}


class FactsDialog(RecordListDialog):
    def __init__(self, model: BriefingModel, actions, parent: QWidget | None = None):
        super().__init__(model, HEADERS, "factsTable", parent)
        self.setObjectName("factsDialog")
        self.setWindowTitle("Facts you recorded or changed")
        self.actions = actions
        self.table.doubleClicked.connect(lambda _i: self.edit_selected())
        self.deleted_only = QCheckBox("&Deleted only")
        self.deleted_only.setObjectName("deletedOnly")
        self.deleted_only.toggled.connect(self.refresh)
        self.restore_button = QPushButton("&Restore")
        self.restore_button.setObjectName("restoreRecord")
        self.restore_button.clicked.connect(self.restore_selected)
        self.edit_button = QPushButton("&Edit…")
        self.edit_button.setObjectName("editRecord")
        self.edit_button.clicked.connect(self.edit_selected)
        self.status = QLabel()
        self.status.setObjectName("factsStatus")
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        buttons = QHBoxLayout()
        for widget in (self.edit_button, self.restore_button, self.deleted_only):
            buttons.addWidget(widget)
        buttons.addWidget(self.status, 1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        fit_to_screen(self, 900, 460)
        self.watch_model()

    def refresh(self) -> None:
        frame = user_facts(self.model.store)
        if len(frame):
            frame = frame.assign(state=frame["hidden"].map({True: "deleted", False: "in use"}),
                                 origin=frame["origin"].map(lambda o: ORIGINS.get(o, o)))
            if self.deleted_only.isChecked():
                frame = frame[frame["hidden"]]
        self.show_frame(frame, list(HEADERS))
        deleted = int(self.frame["hidden"].sum()) if len(self.frame) else 0
        self.status.setText(f"{len(self.frame)} record{'s' if len(self.frame) != 1 else ''}, {deleted} deleted"
                            if len(self.frame) else "No facts recorded or changed yet.")
        if len(self.frame):
            self.select_row(0)
        self._update_buttons()

    def _update_buttons(self, *_args) -> None:
        row = self._selected()
        self.restore_button.setEnabled(row is not None and bool(row["hidden"]))
        self.edit_button.setEnabled(row is not None and not bool(row["hidden"])
                                    and row["kind"] in ("launch", "statement", "vote"))

    def restore_selected(self) -> None:
        row = self._selected()
        if row is None or not bool(row["hidden"]):
            return
        try:
            self.actions.curator.run(UnhideRecord(str(row["kind"]), str(row["record_id"])))
        except Exception as exc:
            self.status.setText(f"Not restored: {exc}")

    def edit_selected(self) -> None:
        """Open the record's form (the dialog stays open behind it)."""
        row = self._selected()
        if row is None or bool(row["hidden"]):
            return
        kind, record = str(row["kind"]), str(row["record_id"])
        if kind == "launch":
            self.model.select_launch(record)
            self.actions.open_edit_launch()
        elif kind in ("statement", "vote"):
            self.model.select_statement(record)
            self.actions.open_edit_statement()
