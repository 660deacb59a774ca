"""File > Screen a list...: match every name of a CSV file against the store, on a worker, with progress and cancel.

A thin view over models.screening: the file's columns come from `read_names`' header check, the work
(`screen` and writing the matches as CSV) runs as a ui.workers.Job on its own connection, and Cancel
stops it at the next name without writing anything.
"""
from __future__ import annotations

import csv
from pathlib import Path

from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QHBoxLayout,
                               QLabel, QLineEdit, QProgressBar, QPushButton, QSpinBox, QVBoxLayout, QWidget)

from models import screening, search
from models.errors import ImportCancelled
from models.matching import DEFAULT_THRESHOLD
from models.store import Store
from ui.workers import Job


def screen_to_file(store: Store, names: screening.NameList, threshold: float, out: Path, progress) -> str:
    """The job: screen on a worker connection, write the matches (formula-safe CSV), return the summary."""
    from models.safe_text import write_csv

    side = search.side_store(store)
    try:
        frame = screening.screen(side.conn, names.names, threshold, progress)
    finally:
        if side is not store:
            side.conn.close()
    write_csv(frame, out)
    return screening.summary(frame, names, threshold) + f" Wrote {len(frame):,} rows to {out.name}."


class ScreenDialog(QDialog):
    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("screenDialog")
        self.setWindowTitle("Screen a list of names")
        self.store = store
        self.job: Job | None = None
        self._read_path: str | None = None
        self.names_path = QLineEdit()
        self.names_path.setObjectName("screenInput")
        self.names_path.setPlaceholderText("a UTF-8 CSV file with a header row")
        self.names_path.editingFinished.connect(self._on_input_changed)
        self.column = QComboBox()
        self.column.setObjectName("screenColumn")
        self.threshold = QSpinBox()
        self.threshold.setObjectName("screenThreshold")
        self.threshold.setRange(0, 100)
        self.threshold.setValue(DEFAULT_THRESHOLD)
        self.out_path = QLineEdit()
        self.out_path.setObjectName("screenOutput")
        form = QFormLayout()
        form.addRow("Names (CSV)", self._with_browse(self.names_path, self._browse_input))
        form.addRow("Column", self.column)
        form.addRow("Min score", self.threshold)
        form.addRow("Write matches to", self._with_browse(self.out_path, self._browse_output))
        self.progress = QProgressBar()
        self.progress.setObjectName("screenProgress")
        self.status = QLabel("Choose a CSV file of names.")
        self.status.setObjectName("screenStatus")
        self.status.setWordWrap(True)
        buttons = QDialogButtonBox()
        self.run_button = buttons.addButton("Screen", QDialogButtonBox.ButtonRole.AcceptRole)
        self.run_button.setObjectName("screenRun")
        self.cancel_button = buttons.addButton("Cancel", QDialogButtonBox.ButtonRole.RejectRole)
        self.cancel_button.setObjectName("screenCancel")
        self.run_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self._on_cancel)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.resize(560, 240)

    @staticmethod
    def _with_browse(edit: QLineEdit, slot) -> QWidget:
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(edit, 1)
        button = QPushButton("Browse…")
        button.clicked.connect(slot)
        row.addWidget(button)
        return box

    def _browse_input(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Names to screen", "", "CSV files (*.csv);;All files (*)")
        if path:
            self.set_input(path)

    def _browse_output(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Write the matches to", "matches.csv", "CSV files (*.csv)")
        if path:
            self.out_path.setText(path)

    def set_input(self, path: str) -> None:
        self.names_path.setText(path)
        self._on_input_changed()

    def _on_input_changed(self) -> None:
        """Offer the file's columns (the one read_names would pick first); say what is wrong with it."""
        if self.names_path.text() == self._read_path:        # focus left the box: nothing new
            return
        self._read_path = self.names_path.text()
        self.column.clear()
        path = Path(self.names_path.text())
        try:
            names = screening.read_names(path)
            header = _header(path)
        except screening.ScreeningError as exc:
            header = _header(path) if path.is_file() else []
            self.status.setText(str(exc) if not header else "Choose the column that holds the names.")
            self.column.addItems(header)
            return
        self.column.addItems(header)
        self.column.setCurrentText(names.column)
        if not self.out_path.text():
            self.out_path.setText(str(path.with_name(path.stem + "_matches.csv")))
        self.status.setText(f"{len(names.names):,} names in column {names.column!r}.")

    def start(self) -> None:
        if self.job is not None:
            return
        try:
            names = screening.read_names(self.names_path.text(), self.column.currentText() or None)
        except screening.ScreeningError as exc:
            self.status.setText(str(exc))
            return
        if not self.out_path.text().strip():
            self.status.setText("Choose where to write the matches.")
            return
        out, threshold, store = Path(self.out_path.text()), self.threshold.value(), self.store
        self.job = Job(lambda progress: screen_to_file(store, names, threshold, out, progress))
        self.job.progressed.connect(self._on_progress)
        self.job.succeeded.connect(self._on_done)
        self.job.failed.connect(self._on_failed)
        self.job.finished.connect(self._on_finished)
        self.run_button.setEnabled(False)
        self.status.setText(f"Screening {len(names.names):,} names…")
        self.job.start()

    def _on_progress(self, done: int, total: int, text: str) -> None:
        self.progress.setMaximum(max(total, 1))
        self.progress.setValue(done)
        self.status.setText(text[:1].upper() + text[1:] + "…")

    def _on_done(self, summary: str) -> None:
        self.progress.setValue(self.progress.maximum())
        self.status.setText(summary)

    def _on_failed(self, exc: Exception) -> None:
        if isinstance(exc, ImportCancelled):
            self.status.setText("Cancelled; nothing was written.")
        else:
            self.status.setText(f"Could not screen the list: {exc}")

    def _on_finished(self) -> None:
        if self.job is not None:
            self.job.wait()
        self.job = None
        self.run_button.setEnabled(True)

    def _on_cancel(self) -> None:
        if self.job is not None:
            self.job.cancel()
        else:
            self.reject()

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt naming)
        if self.job is not None:
            self.job.cancel()
            self.job.wait()
        super().closeEvent(event)


def _header(path: Path) -> list[str]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as f:
            return [h.strip() for h in next(csv.reader(f), [])]
    except (OSError, UnicodeDecodeError):
        return []
