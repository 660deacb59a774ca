"""SanctionsPane: the sanctions log (search, filters, per-period chart), the network, details and tags.

A thin adapter over models.search, models.analytics.sanctions, models.revenue and models.network:
loading (column arrays, models.analytics.sanctions_log), indexing and layout run on workers and the
newest load wins; a keystroke goes to the search thread and the newest answer filters the table by
numpy masks. Other panes are reached only through the BriefingModel.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QByteArray, Qt
from PySide6.QtWidgets import (QHeaderView, QLabel, QMenu, QSplitter, QTableView, QTabWidget, QTextBrowser,
                               QVBoxLayout, QWidget)

from models import network, search
from models.analytics import sanctions as an
from models.analytics.sanctions import LOG_COLUMNS
from models.analytics.sanctions_log import LogData
from models.briefing_model import BriefingModel, Changes
from models.data_kinds import DESIGNATIONS, LAUNCHES, TAGS
from models.errors import ImportCancelled
from models.launch_sources import is_preliminary, source
from ui.panes.sanctions_controls import Controls
from ui.panes.sanctions_details import TagEditor, details_html, details_layout
from ui.panes.sanctions_network import NetworkView
from ui.panes.sanctions_search import SearchRunner
from ui.panes.sanctions_table import HEADERS, SCORE, LogModel
from ui.plots.sanctions_plot import draw_period_chart, period_at
from ui.frame_model import table_min_height
from ui.settings import app_settings
from ui.table_fit import widen_to_headers
from ui.theme import current_theme
from ui.workers import Job

SETTINGS_GROUP = "sanctionsPane"
SYNC_SEARCH_LIMIT = 50000   # below this many designations a search takes < 10 ms: answer it on the GUI thread
NETWORK_LIMIT = 20000       # above this many designations in view, the network tab shows a notice


class SanctionsPane(QWidget):
    def __init__(self, model: BriefingModel, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("sanctionsPane")
        self.model = model
        self.theme = current_theme()
        self.log = LogData()
        self.query = ""
        self.hits: np.ndarray | None = None          # row positions of search hits, best first
        self.bar_period: str | None = None
        self.partial = False
        self._log_box_sized = False
        self.loaded = False                          # the log has arrived from the loading job
        self._mask = np.zeros(0, dtype=bool)
        self._shown_query: str | None = None          # the query whose answer the table shows
        self._jobs: list[Job] = []
        self._load_job: Job | None = None
        self._network_ids: np.ndarray | None = None
        self._coverage = None                        # the store's coverage, read by the loading job
        self._build()
        self._restore_settings()
        self.searcher = SearchRunner(model.store, self)
        self.searcher.threshold = self.controls.threshold.value()
        self.searcher.answered.connect(self._on_search_answered)
        self.model.changed.connect(self._on_model_changed)
        self.reload()

    # -- construction --------------------------------------------------------------------------
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.setSpacing(4)
        self.controls = Controls(self)
        self.controls.search_edited.connect(self._on_search_edited)
        self.controls.filters_changed.connect(self.apply_filters)
        self.controls.export_csv_requested.connect(lambda path: self._export(self.export_csv, path))
        self.controls.export_png_requested.connect(lambda path: self._export(self.export_network_png, path))
        self.controls.response_days_changed.connect(self._update_highlight)
        self.controls.threshold_changed.connect(self._on_threshold_changed)
        layout.addWidget(self.controls)
        self.caption = QLabel("Loading the sanctions log…")
        self.caption.setObjectName("paneCaption")
        layout.addWidget(self.caption)

        self.table_model = LogModel(self.theme, self)
        self.table_model.lazy_matched = lambda i: search.matched_label(self.model.store.conn, i, self.query)
        self.view = QTableView()
        self.view.setObjectName("sanctionsLog")
        self.view.setModel(self.table_model)
        self.view.setSortingEnabled(True)
        self.view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.view.setAlternatingRowColors(True)
        self.view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.view.setWordWrap(False)
        # always there: a scroll bar that came and went with the number of hits resized the viewport and
        # relaid the whole log box on most keystrokes (a repaint of the splitter, tabs and table)
        self.view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        vertical = self.view.verticalHeader()
        vertical.hide()
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(22)
        self.view.setMinimumHeight(table_min_height(self.view))
        header = self.view.horizontalHeader()
        header.setSectionsMovable(True)
        header.setStretchLastSection(True)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._on_header_menu)
        self.view.selectionModel().currentRowChanged.connect(self._on_row_changed)

        self.chart = pg.PlotWidget()
        self.chart.setObjectName("periodChart")
        self.chart.setBackground(self.theme.background)
        self.chart.setMinimumHeight(90)
        self.chart.scene().sigMouseClicked.connect(self._on_chart_clicked)
        self.bars: list = []

        log_box = self.log_box = QSplitter(Qt.Orientation.Vertical)
        log_box.setChildrenCollapsible(False)
        log_box.addWidget(self.chart)
        log_box.addWidget(self.view)
        log_box.setStretchFactor(1, 3)
        self.network_view = NetworkView(self.theme)
        self.network_view.node_clicked.connect(self._on_node_clicked)
        self.tabs = QTabWidget()
        self.tabs.addTab(log_box, "Log")
        self.tabs.addTab(self.network_view, "Network")
        self.tabs.currentChanged.connect(self._on_tab_changed)

        self.details = QTextBrowser()
        self.details.setObjectName("sanctionsDetails")
        self.details.setOpenLinks(False)
        self.tag_editor = TagEditor(self.model)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.tabs)
        self.splitter.addWidget(details_layout(self.details, self.tag_editor))
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([820, 560])
        layout.addWidget(self.splitter, 1)

    # -- loading -------------------------------------------------------------------------------
    def reload(self) -> None:
        self.caption.setText("Loading the sanctions log…")
        store = self.model.store
        if self._load_job is not None:
            self._load_job.cancel()         # latest request wins: a stale load stops at its next chunk
        suggest = self.model.write_revenue_suggestions
        job = self._load_job = Job(lambda progress: an.prepared_log(store, progress, suggest))
        job.progressed.connect(self._on_load_progress)
        self._start(job, lambda result: self._on_loaded(result) if job is self._load_job else None)

    def _start(self, job: Job, done) -> None:
        job.succeeded.connect(done)
        job.failed.connect(self._on_failed)
        job.finished.connect(lambda: self._forget(job))
        self._jobs.append(job)
        job.start()

    def _on_load_progress(self, done: int, total: int, text: str) -> None:
        self.caption.setText(f"Loading the sanctions log: {text}…")

    def _forget(self, job: Job) -> None:
        job.wait()                  # `finished` is queued: let the thread really end before dropping it
        if job in self._jobs:
            self._jobs.remove(job)

    def _on_failed(self, exc: Exception) -> None:
        if isinstance(exc, ImportCancelled):          # a stale load, replaced by a newer one
            return
        self.caption.setText(f"Could not load the sanctions log: {exc}")

    def _on_loaded(self, result) -> None:
        hit_ids = self.log.ids[self.hits] if self.hits is not None else None
        self.log, choices, suggested, self._coverage = result
        self.model.revenue_suggestions_written(suggested, initiator=self)   # the command's notification
        self.view.scrollToTop()
        self.table_model.set_log(self.log)
        self.searcher.synchronous = self.model.store.path is None or len(self.log) < SYNC_SEARCH_LIMIT
        self.controls.set_choices(choices)
        self.loaded = True
        self._network_ids = None
        if hit_ids is not None:                     # the search answer, until the new rows are searched
            self.hits = self.table_model.positions(hit_ids)
        self.apply_filters()
        self._on_selection_changed()
        self._update_highlight()
        if not search.Query.parse(self.query).empty:    # typed while loading: search the new rows
            self.searcher.request(self.query)

    # -- filtering -----------------------------------------------------------------------------
    def base_mask(self) -> np.ndarray:
        """Every filter except the search text (numpy over label codes: a few ms at 1M rows)."""
        c, period = self.controls, self.model.period
        status = c.value(c.status)
        return self.log.mask(dprk_only=not c.all_lists.isChecked(),
                             equals={"authority": c.value(c.authority), "type": c.value(c.kind)},
                             contains={"programs": c.value(c.programme), "countries": c.value(c.location),
                                       "revenue": c.value(c.stream)},
                             active=None if not status else status == "active",
                             start=period.start.isoformat() if period.start and not period.is_all else None,
                             end=period.end.isoformat() if period.end and not period.is_all else None,
                             bar=self.bar_period)

    def apply_filters(self) -> None:
        self._mask = self.base_mask()
        self._redraw_chart()
        self._show()
        self._maybe_load_network()

    def _show(self) -> None:
        if self.hits is None:
            rows = np.flatnonzero(self._mask)
            keep = False
        else:
            rows = self.hits[self._mask[self.hits]]
            keep = True
        self.view.scrollToTop()
        selection = self.view.selectionModel()
        selection.blockSignals(True)         # removed rows move the current index: not the user's choice
        try:
            selection.clear()
            self.table_model.show_rows(rows, keep_order=keep)
        finally:
            selection.blockSignals(False)
        self._reselect()
        total = int(self._mask.sum())
        what = f"{len(rows):,} of {total:,} designations"
        if self.hits is not None:
            what += f" matching “{self.query}” at score {self.searcher.threshold:g} or more (best first)"
            if self.partial:
                what += " (too many names match to show them all: keep typing to narrow)"
        extra = f"; bar {self.bar_period} (click the chart background to clear)" if self.bar_period else ""
        self.caption.setText(f"{what} ({self.model.period.label()}{extra})")

    def _on_search_edited(self, text: str) -> None:
        self.query = text
        if search.Query.parse(text).empty:
            self.hits, self.table_model.matched = None, {}
            self.table_model.scores, self.table_model.why = {}, {}
            self._show()
        else:
            self.searcher.request(text)

    def _on_threshold_changed(self, value: int) -> None:
        self.searcher.threshold = value
        if not search.Query.parse(self.query).empty:
            self.searcher.request(self.query)

    def _on_search_answered(self, text: str, result: search.LiveResult) -> None:
        if text != self.query or not self.loaded:
            return
        self.hits = self.table_model.positions(result.ids)
        self.partial = result.partial
        self.table_model.matched = result.shown
        self.table_model.scores, self.table_model.why = result.scores, result.why
        self._show()
        self._shown_query = text

    # -- chart ---------------------------------------------------------------------------------
    def _redraw_chart(self) -> None:
        counts = self.log.period_counts(self._mask_without_bar(), self.controls.freq())
        from models.coverage import DESIGNATIONS, uncovered_scopes

        gaps = uncovered_scopes(self._coverage, DESIGNATIONS, [str(p) for p in counts.index]) \
            if len(counts) and self._coverage is not None else {}
        self.bars = draw_period_chart(self.chart.getPlotItem(), counts, self.theme, uncovered=gaps)

    def _mask_without_bar(self) -> np.ndarray:
        saved, self.bar_period = self.bar_period, None
        try:
            return self.base_mask()
        finally:
            self.bar_period = saved

    def _on_chart_clicked(self, event) -> None:
        if not self.bars:
            return
        point = self.chart.getPlotItem().vb.mapSceneToView(event.scenePos())
        self.filter_bar(period_at(point.x(), self.bars[0].periods))

    def filter_bar(self, period: str | None) -> None:
        """Show only designations dated in this chart bar (None clears)."""
        self.bar_period = period
        self._mask = self.base_mask()
        self._show()

    # -- selection -----------------------------------------------------------------------------
    def _on_row_changed(self, current, _previous) -> None:
        if current.isValid():
            self.model.select_designation(self.table_model.designation_at(current.row()), initiator=self)

    def _on_node_clicked(self, designation_id: int) -> None:
        self.model.select_designation(designation_id, initiator=self)
        self._on_selection_changed()

    def _reselect(self) -> None:
        row = self.table_model.row_of(self.model.selection.designation_id) \
            if self.model.selection.designation_id is not None else None
        selection = self.view.selectionModel()
        selection.blockSignals(True)
        if row is None:
            selection.clearSelection()
        else:
            index = self.table_model.index(row, 0)
            selection.setCurrentIndex(index, selection.SelectionFlag.ClearAndSelect | selection.SelectionFlag.Rows)
            self.view.scrollTo(index)
        selection.blockSignals(False)

    def _on_selection_changed(self, reselect: bool = True) -> None:
        designation_id = self.model.selection.designation_id
        if reselect:                # not when the user's own row click caused it
            self._reselect()
        self.details.setHtml(details_html(an.details(self.model.store, designation_id) if designation_id else None,
                                          self.theme) + self._notes_html(designation_id))
        self.tag_editor.show_designation(designation_id)
        self.network_view.select(designation_id)

    def _notes_html(self, designation_id: int | None) -> str:
        """The analyst's notes on the designation (Data > Curate selected designation…), if any."""
        if not designation_id:
            return ""
        from models.curation import designation_notes
        from ui.panes.sanctions_details import escape        # markup escaped, bidi controls shown

        notes = designation_notes(self.model.store, designation_id)
        return f"<h4>Analyst's notes</h4><p>{escape(notes).replace(chr(10), '<br>')}</p>" if notes else ""

    # -- network -------------------------------------------------------------------------------
    def _on_tab_changed(self, _index: int) -> None:
        self._maybe_load_network()

    def _maybe_load_network(self) -> None:
        if self.tabs.currentWidget() is not self.network_view or not len(self.log):
            return
        ids = self.log.ids if self.controls.all_lists.isChecked() else self.log.ids[self.log.dprk]
        if self._network_ids is not None and np.array_equal(ids, self._network_ids):
            return
        self._network_ids = ids
        if len(ids) > NETWORK_LIMIT:
            self.network_view.path_label.setText(f"{len(ids):,} designations: too many to draw; narrow the view")
            return
        store = self.model.store
        self._start(Job(lambda progress: network.network_for(store, ids.tolist(), progress)), self._on_network_loaded)

    def _on_network_loaded(self, result) -> None:
        graph, data = result
        self.network_view.set_network(graph, data)
        self.network_view.select(self.model.selection.designation_id)

    # -- launch linking ------------------------------------------------------------------------
    def _update_highlight(self) -> None:
        if not len(self.log):
            return
        launch_id = self.model.selection.launch_id
        launch_date = label = None
        if launch_id:
            launches = self.model.launches()
            match = launches[launches["launch_id"] == launch_id]
            launch_date = label = str(match["date"].iloc[0]) if len(match) else None
            if len(match) and is_preliminary(match["dataset"].iloc[0] if "dataset" in match else None):
                label = f"{launch_date} ({source(match['dataset'].iloc[0]).label})"
        days = self.controls.response_days.value()
        dated, possible = self.log.response_terms(launch_date, days)
        self.table_model.dated, self.table_model.highlighted = dated, dated | possible
        self.controls.set_response_note(label, days, int(dated.sum()), int(possible.sum()))
        self.view.viewport().update()

    # -- model events --------------------------------------------------------------------------
    def _on_model_changed(self, changes: Changes, initiator: object) -> None:
        if changes.touches(DESIGNATIONS, TAGS):
            if initiator is not self:           # its own suggestions: the log it just loaded holds them
                self.tag_editor.show_designation(self.model.selection.designation_id)
                self.reload()
            return
        if changes.touches(LAUNCHES):           # the log is as it was; a launch's date sets the response window
            self._update_highlight()
        if changes.period:
            self.apply_filters()
        if changes.selection:
            self._update_highlight()
            self._on_selection_changed(reselect=initiator is not self
                                       or self.tabs.currentWidget() is self.network_view)

    # -- export and settings -------------------------------------------------------------------
    def export_csv(self, path: str | Path) -> int:
        from models.safe_text import write_csv

        frame = self.table_model.visible_frame()
        write_csv(frame, Path(path))
        return len(frame)

    def _export(self, write, path: str) -> None:
        """Run one of the export methods for a button; a failure is told in a message box, never raised."""
        from PySide6.QtWidgets import QMessageBox

        from models.safe_write import WriteError

        try:
            write(path)
        except WriteError as exc:
            self.last_export_error = str(exc)
            window = self.window()
            if hasattr(window, "show_message"):
                window.show_message("warning", "Export failed", str(exc))
            else:
                box = QMessageBox(QMessageBox.Icon.Warning, "Export failed", str(exc), parent=self)
                box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
                box.open()

    def export_network_png(self, path: str | Path) -> bool:
        from models.safe_write import safe_write

        image = self.network_view.canvas.grab()

        def save(tmp: str) -> None:
            if not image.save(tmp, "PNG"):
                raise OSError(f"Qt could not write the image to {tmp}")
        safe_write(path, save, kind=".png")
        return True

    def _on_header_menu(self, pos) -> None:
        header = self.view.horizontalHeader()
        menu = QMenu(self)
        for column, name in enumerate(HEADERS.values()):
            action = menu.addAction(name)
            action.setCheckable(True)
            action.setChecked(not header.isSectionHidden(column))
            action.toggled.connect(lambda on, c=column: header.setSectionHidden(c, not on))
        menu.popup(header.mapToGlobal(pos))

    def _restore_settings(self) -> None:
        settings = app_settings()
        settings.beginGroup(SETTINGS_GROUP)
        state = settings.value("header")
        if isinstance(state, QByteArray) and not state.isEmpty():
            self.view.horizontalHeader().restoreState(state)
        else:
            for column, width in enumerate((100, 190, 84, 100, 230, 190, 74, 150, 140, 44, 90, 70, 120, 48)):
                self.view.setColumnWidth(column, width)
            widen_to_headers(self.view)                      # e.g. "Score", "Links" whole in a bold header
            for column in (1, 11, 12):
                self.view.horizontalHeader().setSectionHidden(column, True)
            header = self.view.horizontalHeader()          # the score just before the name
            header.moveSection(header.visualIndex(SCORE), header.visualIndex(LOG_COLUMNS.index("name")))
        splitter = settings.value("splitter")
        if isinstance(splitter, QByteArray):
            self.splitter.restoreState(splitter)
        self.controls.restore(settings)
        settings.endGroup()

    def save_settings(self) -> None:
        settings = app_settings()
        settings.beginGroup(SETTINGS_GROUP)
        settings.setValue("header", self.view.horizontalHeader().saveState())
        settings.setValue("splitter", self.splitter.saveState())
        self.controls.save(settings)
        settings.endGroup()

    def showEvent(self, event) -> None:  # noqa: N802 (Qt naming)
        super().showEvent(event)
        if not self._log_box_sized:                 # a third for the chart, once the pane has its size
            self._log_box_sized = True
            height = max(self.log_box.height(), 300)
            self.log_box.setSizes([height // 3, height - height // 3])

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt naming)
        self._load_job = None            # a result already queued must not reach a closed pane
        self.save_settings()
        try:
            self.model.changed.disconnect(self._on_model_changed)
            self.controls.disconnect_settings()
        except (TypeError, ValueError, RuntimeError):
            pass
        for job in list(self._jobs):
            job.cancel()
            job.wait()
        self.searcher.close()
        super().closeEvent(event)
