"""Data > Update data…: choose sources, download and import them on a worker, read what changed.

The update itself is `models.update.updater.run_update`, run in a child process (models/update/process.py,
like a dashboard import) so a big list import never competes with the GUI thread; the dialog only shows
its progress, passes Cancel on, and shows the report.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QFontDatabase
from PySide6.QtWidgets import (QCheckBox, QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QListWidget,
                               QListWidgetItem, QPlainTextEdit, QProgressBar, QPushButton, QVBoxLayout, QWidget)

from models.briefing_model import BriefingModel
from models.update.settings import SettingsError, UpdateSettings, load_settings
from ui.workers import ImportProcessJob


class UpdateDialog(QDialog):
    update_finished = Signal(object)      # the UpdateReport, or the exception

    def __init__(self, model: BriefingModel, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = model
        self.setObjectName("updateDialog")
        self.setWindowTitle("Update data")
        self.resize(760, 560)
        self._job: UpdateProcessJob | None = None
        self._outcome: object = None
        self.settings: UpdateSettings | None = None
        layout = QVBoxLayout(self)
        self.settings_label = QLabel()
        self.settings_label.setWordWrap(True)
        self.settings_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.settings_label)
        self.sources = QListWidget()
        self.sources.setObjectName("updateSources")
        self.sources.setMaximumHeight(150)
        layout.addWidget(self.sources)
        options = QHBoxLayout()
        self.dry_run = QCheckBox("Dry run (download and check, import nothing)")
        options.addWidget(self.dry_run)
        options.addStretch(1)
        self.open_settings = QPushButton("Edit addresses…")
        self.open_settings.clicked.connect(self._on_open_settings)
        options.addWidget(self.open_settings)
        layout.addLayout(options)
        self.status = QLabel("Choose the sources and press Update.")
        self.status.setObjectName("updateStatus")
        layout.addWidget(self.status)
        self.bar = QProgressBar()
        self.bar.setRange(0, 1)
        self.bar.setValue(0)
        layout.addWidget(self.bar)
        self.report = QPlainTextEdit()
        self.report.setObjectName("updateReport")
        self.report.setReadOnly(True)
        self.report.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.report.setPlaceholderText("What each source did, and what changed on each list, appears here.")
        layout.addWidget(self.report, 1)
        buttons = QDialogButtonBox()
        self.start_button = buttons.addButton("Update", QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = buttons.addButton("Cancel", QDialogButtonBox.ButtonRole.RejectRole)
        self.close_button = buttons.addButton("Close", QDialogButtonBox.ButtonRole.DestructiveRole)
        self.start_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self.cancel)
        self.close_button.clicked.connect(self.close)
        self.cancel_button.setEnabled(False)
        layout.addWidget(buttons)
        self._load_settings()

    # -- settings ---------------------------------------------------------------------------
    def _load_settings(self) -> None:
        self.sources.clear()
        try:
            self.settings = load_settings()
        except SettingsError as exc:
            self.settings = None
            self.settings_label.setText(f"The update settings cannot be used: {exc}")
            self.start_button.setEnabled(False)
            return
        self.settings_label.setText(f"Addresses from {self.settings.path} (edit it to use a mirror or an "
                                    "internal copy).")
        for source in self.settings.sources:
            item = QListWidgetItem(source.title + ("" if source.do_import else "  (downloaded and kept, not imported)"))
            item.setData(Qt.ItemDataRole.UserRole, source.name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if source.enabled else Qt.CheckState.Unchecked)
            self.sources.addItem(item)

    def chosen(self) -> list[str]:
        items = (self.sources.item(i) for i in range(self.sources.count()))
        return [i.data(Qt.ItemDataRole.UserRole) for i in items if i.checkState() == Qt.CheckState.Checked]

    def _on_open_settings(self) -> None:
        if self.settings is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.settings.path)))

    # -- running ----------------------------------------------------------------------------
    def start(self) -> None:
        names = self.chosen()
        if self.settings is None or not names or self.is_running():
            if not names:
                self.status.setText("Choose at least one source.")
            return
        self._job = job = UpdateProcessJob(str(self.model.store.path), self.settings.path, names,
                                           self.dry_run.isChecked(), self)
        job.progressed.connect(self._on_progress)
        job.succeeded.connect(self._on_succeeded)
        job.failed.connect(self._on_failed)
        job.finished.connect(self._on_finished)
        self.report.clear()
        self.status.setText("Starting…")
        self.bar.setRange(0, 0)                     # busy until the first progress arrives
        self._set_running(True)
        job.start()

    def cancel(self) -> None:
        if self.is_running():
            self.status.setText("Cancelling…")
            self._job.cancel()

    def is_running(self) -> bool:
        return self._job is not None and self._job.is_running()

    def _set_running(self, running: bool) -> None:
        self.start_button.setEnabled(not running)
        self.cancel_button.setEnabled(running)
        self.sources.setEnabled(not running)
        self.dry_run.setEnabled(not running)

    def _on_progress(self, done: int, total: int, text: str) -> None:
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(min(done, max(total, 1)))
        self.status.setText(text)

    def _on_succeeded(self, report) -> None:
        self.report.setPlainText(report.summary())
        if report.changed:
            self.model.reload(initiator=self)
        cancelled = any(o.status == "cancelled" for o in report.outcomes)
        self.status.setText("Cancelled: nothing more was imported." if cancelled else
                            "Finished with errors: see below." if report.failed else "Finished.")
        self._outcome = report

    def _on_failed(self, error: Exception) -> None:
        self.report.setPlainText(f"{error}\n\nNothing was imported; the database is unchanged.")
        self.status.setText("The update did not run.")
        self._outcome = error

    def _on_finished(self) -> None:
        self.bar.setRange(0, 1)
        self.bar.setValue(1)
        self._set_running(False)
        self.update_finished.emit(self._outcome)

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt naming)
        if self.is_running():
            self._job.cancel()
            self._job.wait()
        super().closeEvent(event)


class UpdateProcessJob(ImportProcessJob):
    """An update in a child process (models/update/process.py), with the signals of `Job`.

    The same protocol as a dashboard import: progress lines, one result line, "cancel" on stdin, and a
    kill after a few seconds if the child does not answer (SQLite rolls its transaction back).
    """

    def __init__(self, db: str, config: Path | None, sources: list[str] | None, dry_run: bool,
                 parent: QObject | None = None):
        super().__init__(db, [], None, parent)
        args = ["-m", "models.update.process", "--db", db] + (["--config", str(config)] if config else [])
        args += [a for name in sources or () for a in ("--source", name)] + (["--dry-run"] if dry_run else [])
        self._process.setArguments(args)

    def _handle(self, message: dict) -> None:
        if "update" in message:
            from models.update.report import report_from_json

            self._outcome = ("ok", report_from_json(message["update"]))
        else:
            super()._handle(message)
