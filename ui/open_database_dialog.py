"""File > Open database…: a database file, or a shared PostgreSQL database (a URL or a service name).

One editable box: type a path or a connection, pick one of the recent databases, or choose a file. The
recent list is kept in the settings without passwords (models.engines.without_password); a password typed
into a URL is used for this connection only - libpq finds it in ~/.pgpass or the service file next time.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFileDialog, QHBoxLayout, QLabel,
                               QPushButton, QVBoxLayout, QWidget)

from models.engines import db_target, without_password

HINT = ("A database file (a new name creates one), or a shared PostgreSQL database: "
        "postgresql://host/dbname, or service=NAME from your service file. Passwords are never saved: "
        "keep them in your password file (~/.pgpass) or the service file.")


class OpenDatabaseDialog(QDialog):
    """Asks which database to open; `target()` is a Path or a connection string."""

    def __init__(self, current: object, recent: list[str], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Open database")
        self.setObjectName("openDatabaseDialog")
        self.box = QComboBox(self)
        self.box.setEditable(True)
        self.box.setObjectName("databaseBox")
        self.box.setMinimumContentsLength(60)
        here = without_password(current) if current is not None else ""
        for text in [here] + [r for r in recent if r != here]:
            if text:
                self.box.addItem(text)
        self.box.setCurrentIndex(0)
        self.box.lineEdit().selectAll()
        browse = QPushButton("Choose file…", self)
        browse.clicked.connect(self._choose_file)
        row = QHBoxLayout()
        row.addWidget(self.box, 1)
        row.addWidget(browse)
        hint = QLabel(HINT, self)
        hint.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Open | QDialogButtonBox.StandardButton.Cancel,
                                   self)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Database:", self))
        layout.addLayout(row)
        layout.addWidget(hint)
        layout.addWidget(buttons)

    def _choose_file(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Open or create a database", "",
                                              "Briefing databases (*.sqlite3 *.db);;All files (*)",
                                              options=QFileDialog.Option.DontConfirmOverwrite)
        if path:
            self.box.setEditText(path)

    def _accept(self) -> None:
        if self.box.currentText().strip():
            self.accept()

    def target(self) -> Path | str:
        """What was typed or chosen: a file Path, or the connection string (password included, if typed)."""
        return db_target(self.box.currentText().strip())
