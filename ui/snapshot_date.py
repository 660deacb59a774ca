"""Asking the user for the snapshot date of a list file that carries none (the dashboard's `--as-of`)."""
from __future__ import annotations

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateEdit, QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget


class SnapshotDateDialog(QDialog):
    """"Which day's version of the list is <file>?" with a date field; never guesses from the file time."""

    def __init__(self, file_name: str, problem: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("snapshotDateDialog")
        self.setWindowTitle("Snapshot date needed")
        layout = QVBoxLayout(self)
        text = QLabel(f"<b>{file_name}</b> does not say which day's version of the list it is "
                      "(no date in its content, its name or its folder's name).<br>"
                      "Enter the date the list was published or downloaded:")
        text.setWordWrap(True)
        layout.addWidget(text)
        self.date = QDateEdit(QDate.currentDate())
        self.date.setObjectName("snapshotDate")
        self.date.setDisplayFormat("yyyy-MM-dd")
        self.date.setCalendarPopup(True)
        self.date.setMaximumDate(QDate.currentDate())
        layout.addWidget(self.date)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Import with this date")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def chosen(self) -> str:
        return self.date.date().toString("yyyy-MM-dd")


def ask_snapshot_date(parent: QWidget, file_name: str, problem: str) -> str | None:
    """The date the user gives (YYYY-MM-DD), or None when they cancel."""
    dialog = SnapshotDateDialog(file_name, problem, parent)
    try:
        return dialog.chosen() if dialog.exec() == QDialog.DialogCode.Accepted else None
    finally:
        dialog.deleteLater()
