"""The main window: docks for the panes, menus, status line, layout saved between sessions.

The window paints a light skeleton first; the panes (which import pyqtgraph) are built right
after the first paint, so start-up stays fast.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (QDockWidget, QFileDialog, QInputDialog, QLabel, QMainWindow, QMessageBox,
                               QProgressDialog, QWidget)

from models.briefing_model import BriefingModel, Changes
from ui import pane_registry
from ui.settings import SETTINGS_VERSION, app_settings
from ui.db_watch import DatabaseWatcher
from ui.workers import ImportProcessJob

DATASET_NAMES = {"cns_missiles": "CNS missiles", "statements": "statements", "ofac_sdn": "OFAC SDN",
                 "un_consolidated": "UN list", "nagix_missiles": "nagix launches (preliminary, third-party)"}


class MainWindow(QMainWindow):
    first_painted = Signal()
    panes_ready = Signal()
    import_finished = Signal(object)   # the ImportReport, or the exception

    def __init__(self, model: BriefingModel, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = model
        self.setObjectName("mainWindow")
        self.setWindowTitle("DPRK Pressure Brief")
        self._size_to_screen()
        self.setDockNestingEnabled(True)
        self.docks: dict[str, QDockWidget] = {}
        self.panes: dict[str, QWidget] = {}
        self._painted = False
        self._job: ImportProcessJob | None = None
        self.update_dialog: QWidget | None = None
        self.last_message: tuple[str, str] | None = None
        self.headline: QWidget | None = None
        self.headline_bar = self.addToolBar("Headline")   # the scorecard strip, filled after first paint
        self.headline_bar.setObjectName("headlineToolBar")
        self.headline_bar.setMovable(False)
        for spec in pane_registry.PANES:
            self._add_dock(spec)
        self._arrange_docks()
        self._build_menus()
        self._build_status()
        self._restore_layout()
        model.changed.connect(self._on_model_changed)
        from ui.pane_errors import install

        install(model)                      # a pane's failure is shown in that pane; the others still hear
        self.installEventFilter(self)
        self.db_watch = DatabaseWatcher(model, self)          # imports made by another program
        self.db_watch.paused = lambda: self._job is not None and self._job.is_running()
        self.db_watch.reloaded.connect(lambda what: self.statusBar().showMessage(
            "The database was changed by another program; reloaded" + (f" ({what})" if what else ""), 15000))

    # -- building ------------------------------------------------------------------------
    def _add_dock(self, spec: pane_registry.PaneSpec) -> None:
        dock = QDockWidget(spec.title, self)
        dock.setObjectName(f"{spec.key}Dock")
        loading = QLabel(f"Loading {spec.title.lower()}…")
        loading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        dock.setWidget(loading)
        self.addDockWidget(spec.area, dock)
        self.docks[spec.key] = dock

    def _size_to_screen(self) -> None:
        """At least 1400 x 900, or most of the screen where it is larger (a saved geometry wins)."""
        width, height = 1400, 900
        screen = self.screen()
        if screen is not None:
            available = screen.availableGeometry()
            width = max(width, min(int(available.width() * 0.92), 2200))
            height = max(height, min(int(available.height() * 0.92), 1400))
        self.resize(width, height)

    def _arrange_docks(self) -> None:
        """Default layout: the timeline across the top; below it the alignment matrix (left) beside the
        sanctions log and the response ledger as tabs (right). Users rearrange; View > Reset layout."""
        docks = self.docks
        if "sanctions" in docks and "ledger" in docks:
            self.tabifyDockWidget(docks["sanctions"], docks["ledger"])
            docks["sanctions"].raise_()
        if "timeline" in docks and "alignment" in docks:
            self.resizeDocks([docks["timeline"], docks["alignment"]], [50, 50], Qt.Orientation.Vertical)
        if "alignment" in docks and "sanctions" in docks:
            self.resizeDocks([docks["alignment"], docks["sanctions"]], [45, 55], Qt.Orientation.Horizontal)

    def _build_panes(self) -> None:
        from ui.headline_strip import HeadlineStrip

        self.headline = HeadlineStrip(self.model)
        self.headline_bar.addWidget(self.headline)
        for spec in pane_registry.PANES:
            pane = spec.build(self.model)
            _let_long_labels_wrap(pane)
            self.panes[spec.key] = pane
            self.docks[spec.key].setWidget(pane)
        self.panes_ready.emit()

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        self._action(file_menu, "&Open database…", self.open_database_dialog, QKeySequence.StandardKey.Open)
        self._action(file_menu, "&Import files…", self.import_dialog, "Ctrl+I")
        file_menu.addSeparator()
        self._action(file_menu, "Export &table as CSV…", self.export_table_dialog, "Ctrl+E")
        self._action(file_menu, "Export &brief (PDF)…", self.export_brief_dialog, "Ctrl+Shift+E")
        self._action(file_menu, "&Print…", self.print_brief_dialog, QKeySequence.StandardKey.Print)
        file_menu.addSeparator()
        self._action(file_menu, "&Quit", self.close, QKeySequence.StandardKey.Quit)
        data_menu = self.menuBar().addMenu("&Data")
        self._action(data_menu, "&Update data…", self.open_update_dialog, "Ctrl+U")
        self._build_schedule_toggle(data_menu)
        view_menu = self.menuBar().addMenu("&View")
        headline = self.headline_bar.toggleViewAction()
        headline.setText("&Headline scorecard")
        view_menu.addAction(headline)
        for dock in self.docks.values():
            view_menu.addAction(dock.toggleViewAction())
        view_menu.addSeparator()
        self._action(view_menu, "&Reset layout", self.reset_layout)
        self._build_appearance_menu(view_menu.addMenu("&Appearance"))

    def _build_schedule_toggle(self, menu) -> None:
        """Data > Check for new data on start (once a day): off by default (ui/update_schedule.py)."""
        from ui.update_schedule import check_on_start, set_check_on_start

        toggle = menu.addAction("Check for new data on &start (once a day)")
        toggle.setCheckable(True)
        toggle.setChecked(check_on_start())
        toggle.toggled.connect(set_check_on_start)

    def _build_appearance_menu(self, menu) -> None:
        """System / light / dark; stored, and applied when the dashboard next starts."""
        from PySide6.QtGui import QActionGroup

        from ui.theme import APPEARANCES

        current = str(app_settings().value("appearance/theme", "system"))
        group = QActionGroup(menu)
        for name in APPEARANCES:
            action = menu.addAction(name.capitalize())
            action.setCheckable(True)
            action.setChecked(name == current)
            action.setData(name)
            group.addAction(action)
        group.triggered.connect(self._on_appearance_chosen)

    def _on_appearance_chosen(self, action) -> None:
        settings = app_settings()
        settings.setValue("appearance/theme", action.data())
        settings.sync()
        self.statusBar().showMessage(f"{action.text()} appearance: applies when the dashboard next starts", 8000)

    def _action(self, menu, text: str, slot, shortcut=None) -> QAction:
        action = menu.addAction(text)
        action.triggered.connect(slot)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        return action

    def _build_status(self) -> None:
        self.db_label = QLabel()
        self.vintage_label = QLabel()
        self.db_label.setObjectName("databaseLabel")
        self.vintage_label.setObjectName("vintageLabel")
        self.statusBar().addWidget(self.db_label)
        self.statusBar().addPermanentWidget(self.vintage_label)
        self._update_status()

    def _update_status(self) -> None:
        store = self.model.store
        self.db_label.setText(f"Database: {store.path}")
        vintage = self.model.data_vintage()
        parts = [f"{DATASET_NAMES.get(k, k)} {v}" for k, v in vintage.items()]
        self.vintage_label.setText("Data as of: " + (", ".join(parts) if parts else "no data imported"))

    # -- first paint, then panes -----------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt naming)
        if watched is self and event.type() == QEvent.Type.Paint and not self._painted:
            self._painted = True
            QTimer.singleShot(0, self._after_first_paint)
        return super().eventFilter(watched, event)

    def _after_first_paint(self) -> None:
        self.first_painted.emit()
        self._build_panes()

    def panes_loaded(self) -> bool:
        """True once every pane holds its data (a pane that loads on a worker says so with `loaded`)."""
        widgets = [*self.panes.values(), self.headline]
        return bool(self.panes) and all(getattr(w, "loaded", True) for w in widgets if w is not None)

    # -- layout persistence -----------------------------------------------------------------
    def _restore_layout(self) -> None:
        settings = app_settings()
        self._default_state = self.saveState(SETTINGS_VERSION)
        geometry = settings.value("mainWindow/geometry")
        state = settings.value("mainWindow/state")
        if geometry is not None:
            self.restoreGeometry(geometry)
        if state is not None:
            self.restoreState(state, SETTINGS_VERSION)

    def reset_layout(self) -> None:
        self.restoreState(self._default_state, SETTINGS_VERSION)
        for dock in self.docks.values():
            dock.show()

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt naming)
        settings = app_settings()
        settings.setValue("mainWindow/geometry", self.saveGeometry())
        settings.setValue("mainWindow/state", self.saveState(SETTINGS_VERSION))
        settings.sync()
        if self._job is not None and self._job.is_running():
            self._job.cancel()
            self._job.wait()
        if self.update_dialog is not None:
            self.update_dialog.close()           # cancels a running update and waits for its worker
        for pane in [*self.panes.values(), *([self.headline] if self.headline else [])]:
            pane.close()
        super().closeEvent(event)

    # -- commands ---------------------------------------------------------------------------
    def show_message(self, kind: str, title: str, text: str) -> None:
        """Tell the user something without blocking (tests read `last_message`)."""
        self.last_message = (title, text)
        icon = QMessageBox.Icon.Warning if kind == "warning" else QMessageBox.Icon.Information
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def open_database_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Open or create a database", "",
                                              "Briefing databases (*.sqlite3 *.db);;All files (*)",
                                              options=QFileDialog.Option.DontConfirmOverwrite)
        if path:
            self.open_database(Path(path))

    def open_database(self, path: Path) -> None:
        from models.commands import open_store

        try:
            store = open_store(path)
        except Exception as exc:
            self.show_message("warning", "Cannot open database", f"{path}:\n{exc}")
            return
        self.model.replace_store(store, initiator=self)

    def open_update_dialog(self) -> None:
        """Data > Update data…: download the official lists, import them, show what changed."""
        from ui.update_dialog import UpdateDialog

        if self.update_dialog is None:
            self.update_dialog = UpdateDialog(self.model, self)
        elif self.update_dialog.isVisible():
            self.update_dialog.raise_()
        self.update_dialog.show()

    def import_dialog(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(
            self, "Import files", "", "Data files (*.csv *.xlsx *.xml);;All files (*)")
        if paths:
            self.start_import([Path(p) for p in paths])

    def start_import(self, paths: list[Path], as_of: str | None = None) -> None:
        """Import in a child process (its own connection), with progress and a working Cancel."""
        self._import_paths = paths
        self._job = job = ImportProcessJob(str(self.model.store.path), [str(p) for p in paths], as_of, self)
        dialog = QProgressDialog("Importing…", "Cancel", 0, 100, self)
        dialog.setWindowTitle("Import")
        dialog.setMinimumDuration(300)
        dialog.setAutoClose(False)
        dialog.canceled.connect(job.cancel)
        job.progressed.connect(lambda done, total, text: (dialog.setMaximum(max(total, 1)),
                                                          dialog.setValue(done), dialog.setLabelText(text)))
        job.succeeded.connect(self._on_import_succeeded)
        job.failed.connect(self._on_import_failed)
        job.finished.connect(dialog.reset)
        job.finished.connect(dialog.deleteLater)
        self.progress_dialog = dialog
        job.start()

    def _on_import_succeeded(self, report) -> None:
        self.model.reload(initiator=self)
        self.db_watch.acknowledge()
        self.show_message("info", "Import finished", report.summary())
        self.import_finished.emit(report)

    def _on_import_failed(self, error: Exception) -> None:
        from models.errors import SnapshotDateNeeded

        if isinstance(error, SnapshotDateNeeded):          # a list file without a date: ask, then import again
            from ui.snapshot_date import ask_snapshot_date

            as_of = ask_snapshot_date(self, error.path.name, error.problem)
            if as_of is not None:
                self.start_import(self._import_paths, as_of)
                return
        self.show_message("warning", "Import failed", f"{error}\n\nNothing was imported; the database is unchanged.")
        self.import_finished.emit(error)

    def export_brief_dialog(self) -> None:
        from ui.export.dialog import export_brief

        self.brief_export = export_brief(self)

    def print_brief_dialog(self) -> None:
        from ui.export.dialog import print_brief

        self.brief_export = print_brief(self)

    def export_table_dialog(self) -> None:
        from models.tables import table_names

        name, ok = QInputDialog.getItem(self, "Export table", "Table:", table_names(), 0, False)
        if not ok:
            return
        path, _ = QFileDialog.getSaveFileName(self, "Export table as CSV", f"{name}.csv", "CSV files (*.csv)")
        if path:
            self.export_table(name, Path(path))

    def export_table(self, name: str, path: Path) -> None:
        from models.safe_text import write_csv
        from models.safe_write import WriteError

        try:
            write_csv(self.model.table(name), path)
        except WriteError as exc:
            self.show_message("warning", "Export failed", str(exc))
            return
        self.statusBar().showMessage(f"Wrote {name} to {path}", 5000)

    def _on_model_changed(self, changes: Changes, initiator: object) -> None:
        if changes.data:
            self._update_status()


def _let_long_labels_wrap(pane: QWidget, width: int = 200) -> None:
    """Long one-line labels (captions, legends) wrap, so they never force the window wider than the screen."""
    for label in pane.findChildren(QLabel):
        if not label.wordWrap() and label.minimumSizeHint().width() > width:
            label.setWordWrap(True)
