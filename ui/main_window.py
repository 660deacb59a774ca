"""The main window: docks for the panes, menus, status line, layout saved between sessions.

The window paints a light skeleton first; the panes (which import pyqtgraph) are built right
after the first paint, so start-up stays fast.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (QDockWidget, QFileDialog, QInputDialog, QLabel, QMainWindow,
                               QMessageBox, QProgressDialog, QWidget)

from models.briefing_model import BriefingModel, Changes
from ui import pane_registry
from ui.db_watch import DatabaseWatcher
from ui.settings import SETTINGS_VERSION, app_settings
from ui.workers import ImportProcessJob

DATASET_NAMES = {"cns_missiles": "CNS missiles", "statements": "statements", "ofac_sdn": "OFAC SDN",
                 "un_consolidated": "UN list", "nagix_missiles": "nagix launches (preliminary, third-party)",
                 "ofac_sdn_changes": "OFAC change archive", "ofac_sdn_series": "OFAC SDN versions"}
KEEP_ON_ONE_LINE = {"ledgerLegend"}      # short swatch legends read badly when wrapped
ROOMY_SCREEN = (1800, 1000)   # logical px: below either, the panes share one tab group under the answer bar


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
        self.open_dialog: QWidget | None = None             # File > Open database… (the last one shown)
        self.last_message: tuple[str, str] | None = None
        self.headline: QWidget | None = None
        self.pressure: QWidget | None = None
        self.answer_bar: QWidget | None = None
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
        self.db_watch.noticed.connect(self._database_changed_elsewhere)
        self.db_watch.reloaded.connect(lambda what: self.statusBar().showMessage(
            "The database was changed by another program; reloaded" + (f" ({what})" if what else ""), 15000))
        from PySide6.QtGui import QGuiApplication

        QGuiApplication.styleHints().colorSchemeChanged.connect(self._on_color_scheme_changed)

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
        """Most of the screen, never more than its available area (a saved geometry is clamped too)."""
        available = self._available()
        if available is None:
            self.resize(1400, 900)
            return
        extra_w = max(0, self.frameGeometry().width() - self.width())      # the frame, once shown
        extra_h = max(0, self.frameGeometry().height() - self.height())
        room_w, room_h = available.width() - extra_w, available.height() - extra_h
        fill = 1.0 if available.width() < 2200 else 0.94      # up to 2K wide every pixel is needed
        width = min(room_w, max(min(1400, room_w), int(room_w * fill)), 2200)
        height = min(room_h, max(min(900, room_h), int(room_h * fill)), 1400)
        self.resize(width, height)
        self.move(available.left() + (available.width() - width) // 2,
                  available.top() + (available.height() - height) // 2)

    def _available(self):
        screen = self.screen()
        return screen.availableGeometry() if screen is not None else None

    def compact(self) -> bool:
        """Whether the screen is too small for the panes side by side (they become tabs)."""
        available = self._available()
        return available is not None and (available.width() < ROOMY_SCREEN[0] or
                                          available.height() < ROOMY_SCREEN[1])

    def _clamp_to_screen(self) -> None:
        available = self._available()
        if available is None:
            return
        frame = self.frameGeometry()
        if frame.width() > available.width() or frame.height() > available.height() or \
                not available.contains(frame.topLeft()):
            self._size_to_screen()

    def _arrange_docks(self) -> None:
        """Default layout on a large screen: the timeline (left) beside the alignment matrix, the sanctions log
        and the response ledger as tabs (right), each the full height under the answer bar. On a laptop screen
        every pane is a tab of one group, so each keeps its usable size. Users rearrange; View > Reset layout."""
        docks = self.docks
        if self.compact():
            keys = [k for k in ("timeline", "alignment", "sanctions", "ledger") if k in docks]
            for key in keys[1:]:
                self.tabifyDockWidget(docks[keys[0]], docks[key])
            if keys:
                docks[keys[0]].raise_()
            return
        if all(k in docks for k in ("timeline", "alignment", "sanctions", "ledger")):
            self.splitDockWidget(docks["timeline"], docks["alignment"], Qt.Orientation.Horizontal)
            self.tabifyDockWidget(docks["alignment"], docks["sanctions"])
            self.tabifyDockWidget(docks["alignment"], docks["ledger"])
            docks["alignment"].raise_()
            self.resizeDocks([docks["timeline"], docks["alignment"]], [50, 50], Qt.Orientation.Horizontal)

    def _build_panes(self) -> None:
        self._build_answer_bar()
        for spec in pane_registry.PANES:
            self._build_pane(spec)
        self.curation.install_in_panes(self.panes)
        self.panes_ready.emit()

    def _build_answer_bar(self) -> None:
        """The answer first: the pressure-vs-provocations view beside the headline scorecard."""
        from ui.answer_bar import AnswerBar

        self.answer_bar = AnswerBar(self.model)
        self.pressure, self.headline = self.answer_bar.pressure, self.answer_bar.headline
        self.headline_bar.addWidget(self.answer_bar)

    def _build_pane(self, spec: pane_registry.PaneSpec) -> None:
        """The pane in a scroll area: below its usable minimum the dock scrolls instead of squeezing it."""
        pane = spec.build(self.model)
        _let_long_labels_wrap(pane)
        self.panes[spec.key] = pane
        from ui.pane_scroll import PaneScroll

        area = PaneScroll(pane)
        area.setObjectName(f"{spec.key}Scroll")
        self.docks[spec.key].setWidget(area)

    def _rebuild_views(self) -> None:
        """Build every view again (a new appearance): the model, selection and dock layout stay."""
        state = self.saveState(SETTINGS_VERSION)
        for widget in [*self.panes.values(), self.headline, self.pressure]:
            if widget is not None:
                widget.close()
        self.headline_bar.clear()
        old = self.answer_bar
        self._build_answer_bar()
        old.deleteLater()
        for spec in pane_registry.PANES:
            previous = self.docks[spec.key].widget()
            self._build_pane(spec)
            previous.deleteLater()
        self.curation.install_in_panes(self.panes)
        self.restoreState(state, SETTINGS_VERSION)
        self.panes_ready.emit()

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        self._action(file_menu, "&Open database…", self.open_database_dialog, QKeySequence.StandardKey.Open)
        self.import_action = self._action(file_menu, "&Import files…", self.import_dialog, "Ctrl+I")
        self._action(file_menu, "&Screen a list…", self.screen_dialog)
        file_menu.addSeparator()
        self._action(file_menu, "Export &table as CSV…", self.export_table_dialog, "Ctrl+E")
        self._action(file_menu, "Export &brief (PDF)…", self.export_brief_dialog, "Ctrl+Shift+E")
        self._action(file_menu, "Export brief as &HTML…", self.export_html_dialog, "Ctrl+Shift+H")
        self._action(file_menu, "&Print…", self.print_brief_dialog, QKeySequence.StandardKey.Print)
        file_menu.addSeparator()
        self._action(file_menu, "&Quit", self.close, QKeySequence.StandardKey.Quit)
        data_menu = self.menuBar().addMenu("&Data")
        self.update_action = self._action(data_menu, "&Update data…", self.open_update_dialog, "Ctrl+U")
        self._build_schedule_toggle(data_menu)
        view_menu = self.menuBar().addMenu("&View")
        headline = self.headline_bar.toggleViewAction()
        headline.setText("&Headline scorecard")
        view_menu.addAction(headline)
        for dock in self.docks.values():
            view_menu.addAction(dock.toggleViewAction())
        view_menu.addSeparator()
        self._action(view_menu, "&Reset layout", self.reset_layout)
        from ui.appearance import appearance_menu

        self.appearance_group = appearance_menu(view_menu.addMenu("&Appearance"), self.set_appearance)
        edit_menu = self.menuBar().addMenu("&Edit")
        self._action(edit_menu, "&Find designation…", self.focus_search, QKeySequence.StandardKey.Find)
        from ui.curation.actions import CurationActions

        self.curation = CurationActions(self)           # add/edit/delete facts, undo/redo, audit, conflicts
        self.curation.install(data_menu, edit_menu)
        help_menu = self.menuBar().addMenu("&Help")
        self._action(help_menu, "&About DPRK Pressure Brief", self.show_about)

    def _build_schedule_toggle(self, menu) -> None:
        """Data > Check for new data on start (once a day): off by default (ui/update_schedule.py)."""
        from ui.update_schedule import check_on_start, set_check_on_start

        toggle = menu.addAction("Check for new data on &start (once a day)")
        toggle.setCheckable(True)
        toggle.setChecked(check_on_start())
        toggle.toggled.connect(set_check_on_start)

    def set_appearance(self, name: str) -> None:
        """Store the appearance and apply it now: palette, style sheet, then every view in its colours."""
        from ui.appearance import apply_and_store

        apply_and_store(name)
        for action in self.appearance_group.actions():
            action.setChecked(action.data() == name)
        if self.panes:
            self._rebuild_views()
        self.statusBar().showMessage(f"{name.capitalize()} appearance", 4000)

    def _on_color_scheme_changed(self, _scheme) -> None:
        """The platform switched light/dark: follow it when the appearance is 'system'."""
        from ui.appearance import stored_appearance

        if stored_appearance() == "system":
            self.set_appearance("system")

    def focus_search(self) -> None:
        """Ctrl+F: show the sanctions log and put the cursor in its search box."""
        pane = self.panes.get("sanctions")
        if pane is None:
            return
        dock = self.docks["sanctions"]
        dock.show()
        dock.raise_()
        pane.controls.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        pane.controls.search.selectAll()

    def about_text(self) -> str:
        """Version, data vintage and the sources' terms, as rich text."""
        from models.about import about_html

        return about_html(self.model.store)

    def show_about(self) -> None:
        self.last_message = ("About DPRK Pressure Brief", self.about_text())
        box = QMessageBox(QMessageBox.Icon.NoIcon, "About DPRK Pressure Brief", self.about_text(),
                          QMessageBox.StandardButton.Ok, self)
        box.setObjectName("aboutBox")
        box.setTextFormat(Qt.TextFormat.RichText)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.about_box = box
        box.open()

    def screen_dialog(self) -> None:
        """File > Screen a list...: match a CSV of names against the store (ui/screen_dialog.py)."""
        from ui.screen_dialog import ScreenDialog

        dialog = ScreenDialog(self.model.store, self)
        dialog.setModal(False)
        dialog.show()
        self._screen_dialog = dialog

    def _action(self, menu, text: str, slot, shortcut=None) -> QAction:
        action = menu.addAction(text)
        action.triggered.connect(slot)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        return action

    def _build_status(self) -> None:
        from ui.elided_label import ElidedLabel

        self.vintage_label = ElidedLabel()          # ends in "…" on a narrow window; the tooltip has it all
        self.vintage_label.setObjectName("vintageLabel")
        self.statusBar().addPermanentWidget(self.vintage_label, 1)
        self.read_only_label = QLabel("Read-only")
        self.read_only_label.setObjectName("readOnlyLabel")
        self.read_only_label.setToolTip("Your database role may read but not change this shared database: "
                                        "importing, updating and editing tags are for editors")
        self.statusBar().addPermanentWidget(self.read_only_label)
        self._update_status()

    def _update_status(self) -> None:
        """The data vintage (the newest snapshot of each source); the database file is in the tooltip."""
        vintage = self.model.data_vintage()
        parts = [f"{DATASET_NAMES.get(k, k)} {v}" for k, v in vintage.items()]
        self.vintage_label.setText("Data as of: " + (", ".join(parts) if parts else "no data imported"))
        store = self.model.store
        where = store.path.name if store.engine == 'postgres' else store.path
        self.vintage_label.setToolTip(f"Database: {where}\n{self.vintage_label.text()}")
        read_only = store.read_only
        self.read_only_label.setVisible(read_only)
        for action in (getattr(self, "import_action", None), getattr(self, "update_action", None)):
            if action is not None:
                action.setEnabled(not read_only)

    def showEvent(self, event) -> None:  # noqa: N802 (Qt naming)
        super().showEvent(event)
        if not self._painted:
            self._clamp_to_screen()          # the frame's size is known only now

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
            self._clamp_to_screen()
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
        for pane in [*self.panes.values(), *[w for w in (self.headline, self.pressure) if w is not None]]:
            pane.close()
        self.db_watch.close()
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
        """File > Open database…: a file or a PostgreSQL database (ui/open_database_dialog.py)."""
        from ui.open_database_dialog import OpenDatabaseDialog
        from ui.settings import recent_databases

        self.open_dialog = dialog = OpenDatabaseDialog(self.model.store.path, recent_databases(), self)
        dialog.accepted.connect(lambda: self.open_database(dialog.target()))
        dialog.open()

    def open_database(self, path: Path | str) -> None:
        """Open a database file or a server's database (a connection string) in place of the current one."""
        from models.commands import open_store
        from models.engines import without_password
        from ui.settings import remember_database

        try:
            from ui.app import GUI_LOCK_WAIT

            store = open_store(path, lock_wait=GUI_LOCK_WAIT)
        except Exception as exc:
            self.show_message("warning", "Cannot open database", f"{without_password(path)}:\n{exc}")
            return
        self.curation.curator.clear()              # the history belongs to the database it was made in
        self.model.replace_store(store, initiator=self)
        remember_database(path)

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

    def _database_changed_elsewhere(self, what: str) -> None:
        """Say who changed what before the panes reload (painted now: the reload holds the window a moment)."""
        self.statusBar().showMessage("The database was changed by another program; reloading"
                                     + (f" ({what})" if what else "") + "…", 15000)
        self.statusBar().repaint()

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

    def export_html_dialog(self) -> None:
        from ui.export.dialog import export_brief_html

        self.brief_export = export_brief_html(self)

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
        if label.objectName() in KEEP_ON_ONE_LINE:
            continue
        if not label.wordWrap() and label.minimumSizeHint().width() > width:
            label.setWordWrap(True)
