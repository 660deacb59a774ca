"""The diplomatic alignment matrix: who joined which statement or vote after each launch.

A thin view over the shared BriefingModel: the figure comes from ui.plots.alignment_plot, the
numbers from models.analytics.alignment_*. The pane keeps the base matrix of the current period
and series, so re-sorting or re-grouping only reorders rows.
"""
from __future__ import annotations

import html
import math

import pyqtgraph as pg
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox, QLabel, QSplitter, QTabWidget, QTextBrowser, QVBoxLayout, QWidget)

from models.analytics import alignment_stats as stats
from models.analytics.alignment import statements_for_launch
from models.analytics.alignment_matrix import (
    POSITION_LABELS, UN_ONLY, VOTES_SERIES, AlignmentMatrix, alignment_matrix)
from models.analytics.alignment_view import AlignmentOptions, AlignmentView, alignment_view
from models.briefing_model import BriefingModel, Changes
from models.data_kinds import LAUNCHES, STATEMENTS
from models.statement_kinds import CONTEXT, E10, G7, US_LED
from ui.plots.alignment_plot import AgreementFigure, AlignmentFigure
from ui.settings import app_settings
from ui.theme import current_theme
from ui.flow_layout import FlowLayout

SETTINGS_GROUP = "alignmentPane"
MATRIX_MIN_ROWS = 8              # the matrix never shows fewer labelled rows: the dock scrolls instead
SETTINGS_VERSION = 1
SERIES_CHOICES = [("All statements and votes (G7 columns last)", None), ("At the UN (without G7)", UN_ONLY),
                  ("US-led joint statements", US_LED), ("E10 statements", E10), ("Context statements (UN)", CONTEXT),
                  ("G7 foreign ministers", G7), ("Council votes", VOTES_SERIES)]
SORT_CHOICES = [("Participation rate", "participation"), ("Name", "name"), ("Last joined", "last_joined")]
GROUPING_CHOICES = [("Grouped by bloc", True), ("Flat list", False)]


class AlignmentPane(QWidget):
    """Matrix and pairwise-agreement tabs, option bar, gap notes and a details panel."""

    def __init__(self, model: BriefingModel, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("alignmentPane")
        self.model = model
        self.theme = current_theme()
        self.options = AlignmentOptions()
        self.view: AlignmentView | None = None
        self._base: AlignmentMatrix | None = None
        self._base_key: tuple | None = None
        self._view_cache: dict = {}
        self._agreement_dirty = True
        self.agreement_labels: list[str] = []

        self.series_box = self._combo("seriesBox", SERIES_CHOICES)
        self.grouping_box = self._combo("groupingBox", GROUPING_CHOICES)
        self.sort_box = self._combo("sortBox", SORT_CHOICES)
        self.group_box = self._combo("countryGroupBox", [("All countries", None)])
        bar = FlowLayout()
        for label, box in (("Series", self.series_box), ("Rows", self.grouping_box), ("Sort", self.sort_box),
                           ("Countries", self.group_box)):
            bar.addWidget(QLabel(label))
            bar.addWidget(box)
        bar.addStretch(1)
        self.caption = QLabel()
        self.caption.setObjectName("paneCaption")
        self.notes = QLabel()
        self.notes.setObjectName("alignmentGapNotes")
        self.notes.setWordWrap(True)  # one or two short lines; the full notes are in the tooltip
        self.notes.setStyleSheet(f"color: {self.theme.muted};")

        self.figure = AlignmentFigure(self.theme)
        self.figure.top_axis.set_rotated(True)       # every statement labelled, however narrow the columns
        self.figure.bottom_axis.set_rotated(True)
        self.graphics = self._graphics_view(self.figure, "alignmentMatrixView")
        self.agreement = AgreementFigure(self.theme)
        self.agreement_view = self._graphics_view(self.agreement, "alignmentAgreementView")
        self.tabs = QTabWidget()
        self.tabs.addTab(self.graphics, "Who joined what")
        self.tabs.addTab(self.agreement_view, "Pairwise agreement")
        self.details = QTextBrowser()
        self.details.setObjectName("alignmentDetails")
        self.details.setOpenExternalLinks(True)
        self.details.setPlaceholderText("Click a cell or a statement header for its details and signatories.")
        self.details.setMinimumWidth(240)
        self.tabs.setMinimumWidth(380)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)   # details open beside the matrix, never over it
        self.splitter.setObjectName("alignmentSplitter")
        self.splitter.addWidget(self.tabs)
        self.splitter.addWidget(self.details)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setCollapsible(0, False)
        self.splitter.setCollapsible(1, True)
        self.splitter.setSizes([700, 0])      # the details open when the user clicks a cell or header

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(bar)
        layout.addWidget(self.caption)
        layout.addWidget(self.notes)
        layout.addWidget(self.splitter, 1)

        self._fill_groups()
        self._restore_settings()
        for box in (self.series_box, self.grouping_box, self.sort_box):
            box.currentIndexChanged.connect(self._on_options_changed)
        self.group_box.currentIndexChanged.connect(self._on_country_group_chosen)
        self.tabs.currentChanged.connect(self._on_tab_changed)
        self.figure.top_axis.sigLabelClicked.connect(self._on_column_clicked)
        self.figure.cells.sigCellClicked.connect(self._on_cell_clicked)
        self.figure.plot.getViewBox().sigYRangeChanged.connect(self._update_caption)
        self.figure.plot.getViewBox().sigResized.connect(self._keep_min_rows)
        model.changed.connect(self._on_model_changed)
        self.refresh()

    def matrix_min_height(self) -> int:
        """Room for MATRIX_MIN_ROWS labelled rows plus the column headers, margins and legend."""
        fig = self.figure
        rows = MATRIX_MIN_ROWS * fig.left_axis._needed_px()
        chrome = fig.top_axis.height() + fig.bottom_axis.height() + fig.legend.minimumHeight() + 24
        return int(rows + chrome)

    def _keep_min_rows(self) -> None:
        """Grow the matrix view's minimum until MATRIX_MIN_ROWS labelled rows fit (axes and legend vary).

        Deferred to the event loop: growing the view inside the resize that reported the deficit left the view's
        viewport (and so the plot) at its old, shorter size."""
        QTimer.singleShot(0, self, self._grow_to_min_rows)     # not after the pane is gone

    def _grow_to_min_rows(self) -> None:
        vb = self.figure.plot.getViewBox()
        deficit = MATRIX_MIN_ROWS * self.figure.left_axis._needed_px() - vb.height()
        if deficit > 0.5 and self.graphics.height() > 0:
            self.graphics.setMinimumHeight(max(self.graphics.minimumHeight(), self.graphics.height() + math.ceil(deficit)))

    # -- construction helpers ---------------------------------------------------------------
    @staticmethod
    def _combo(name: str, choices: list[tuple[str, object]]) -> QComboBox:
        box = QComboBox()
        box.setObjectName(name)
        for label, value in choices:
            box.addItem(label, value)
        return box

    def _graphics_view(self, layout: pg.GraphicsLayout, name: str) -> pg.GraphicsView:
        view = pg.GraphicsView(background=self.theme.background)
        view.setObjectName(name)
        view.setCentralItem(layout)
        return view

    def _fill_groups(self) -> None:
        current = self.group_box.currentData()
        self.group_box.blockSignals(True)
        self.group_box.clear()
        self.group_box.addItem("All countries", None)
        for name in stats.group_names(self.model.store):
            self.group_box.addItem(name, name)
        self._select_data(self.group_box, self.model.country_group or current)
        self.group_box.blockSignals(False)

    @staticmethod
    def _select_data(box: QComboBox, value: object) -> None:
        index = box.findData(value)
        box.setCurrentIndex(index if index >= 0 else 0)

    # -- settings ----------------------------------------------------------------------------
    def _restore_settings(self) -> None:
        settings = app_settings()
        settings.beginGroup(SETTINGS_GROUP)
        try:
            if int(settings.value("version", 0) or 0) != SETTINGS_VERSION:
                return
            series = settings.value("series", "") or None
            self._select_data(self.series_box, series)
            self._select_data(self.grouping_box, str(settings.value("grouped", "true")).lower() == "true")
            self._select_data(self.sort_box, settings.value("sort", "participation"))
            group = settings.value("country_group", "") or None
            if group and self.model.country_group is None and self.group_box.findData(group) >= 0:
                self.model.set_country_group(group, initiator=self)
            self._select_data(self.group_box, self.model.country_group)
        finally:
            settings.endGroup()

    def save_settings(self) -> None:
        settings = app_settings()
        settings.beginGroup(SETTINGS_GROUP)
        settings.setValue("version", SETTINGS_VERSION)
        settings.setValue("series", self.series_box.currentData() or "")
        settings.setValue("grouped", "true" if self.grouping_box.currentData() else "false")
        settings.setValue("sort", self.sort_box.currentData())
        settings.setValue("country_group", self.model.country_group or "")
        settings.endGroup()
        settings.sync()

    # -- refresh -----------------------------------------------------------------------------
    def refresh(self, fit: bool = True) -> None:
        """Recompute the view from the model (the base matrix only when period/series/data changed)."""
        self.options = AlignmentOptions(series=self.series_box.currentData(),
                                        grouped=bool(self.grouping_box.currentData()),
                                        sort=self.sort_box.currentData(), country_group=self.model.country_group)
        statements = self.model.in_period(self.model.statements())
        key = (self.model.period, self.options.series, id(self.model.statements()))
        if self._base is None or key != self._base_key:
            self._base = alignment_matrix(self.model.store, statements, self.options.series)
            self._base_key = key
        self.view = alignment_view(self.model.store, statements, self.options, matrix=self._base,
                                   cache=self._view_cache)
        self.figure.set_view(self.view, fit=fit)
        self.graphics.setMinimumHeight(self.matrix_min_height())
        self._update_highlights()
        self._update_caption()
        self.notes.setText("Data gaps: " + " · ".join(_short_note(n) for n in self.view.notes))
        self.notes.setToolTip("\n\n".join(self.view.notes))
        self.notes.setVisible(bool(self.view.notes))
        self._agreement_dirty = True
        if self.tabs.currentIndex() == 1:
            self._refresh_agreement()

    def _update_caption(self) -> None:
        """The matrix's size, and which rows are in view when not all of them are."""
        if self.view is None:
            return
        n_rows, n_cols = self.view.matrix.shape
        if not n_cols:
            from models.coverage import NOT_COVERED, STATEMENTS, VOTES, load

            cov, period = load(self.model.store), self.model.period
            if not cov.of(STATEMENTS) and not cov.of(VOTES):
                self.caption.setText("Statements and votes: not covered (no statement register imported); "
                                     "import the statement register.")
            elif all(cov.status(m, period.start, period.end) == NOT_COVERED for m in (STATEMENTS, VOTES)):
                self.caption.setText(f"Statements and votes: not covered in {period.label()} (the register covers "
                                     f"{cov.describe(STATEMENTS).split(': ', 1)[-1]}); import a register that "
                                     "covers it.")
                self.caption.setToolTip(cov.note(STATEMENTS, period.start, period.end) + " "
                                        + cov.note(VOTES, period.start, period.end))
            else:
                self.caption.setText(f"No statements or votes recorded in the period ({period.label()}), which "
                                     "the statement register covers.")
            return
        text = f"{n_rows} countries × {n_cols} statements and votes ({self.model.period.label()})"
        from models.coverage import STATEMENTS, load

        cov, period = load(self.model.store), self.model.period
        lacking = cov.uncovered_venues(period.start, period.end)
        if lacking:            # a venue the register does not hold for this period: absent columns are not "none"
            text += f" · not covered in this period: {', '.join(lacking)}"
        self.caption.setToolTip(cov.note(STATEMENTS, period.start, period.end) if lacking else "")
        y0, y1 = self.figure.plot.getViewBox().viewRange()[1]
        first, last = max(0, math.ceil(y0 - 0.01)), min(n_rows, math.floor(y1 + 0.01))
        if n_rows and (first > 0 or last < n_rows):
            text += f" · rows {first + 1}–{last} in view: drag or scroll the matrix for the others"
        self.caption.setText(text)

    def _refresh_agreement(self) -> None:
        if self.view is None:
            return
        share, _ = stats.agreement(self.view.matrix)
        order = stats.agreement_order(share)
        self.agreement_labels = [str(self.view.matrix.names[i]) for i in order]
        self.agreement.set_agreement(self.agreement_labels, share[order][:, order])
        self.agreement_share = share[order][:, order]
        self._agreement_dirty = False

    def _update_highlights(self) -> None:
        if self.view is None:
            return
        ids = list(self.view.matrix.columns["statement_id"])
        launch = self.model.selection.launch_id
        triggered = statements_for_launch(self.model.store, launch) if launch else []
        selected = self.model.selection.statement_id
        self.figure.set_highlights([ids.index(s) for s in triggered if s in ids],
                                   ids.index(selected) if selected in ids else None)

    def highlighted_statements(self) -> list[str]:
        ids = list(self.view.matrix.columns["statement_id"]) if self.view is not None else []
        return [ids[c] for c in self.figure.cells._highlight_cols]

    # -- slots -------------------------------------------------------------------------------
    def _on_model_changed(self, changes: Changes, initiator: object) -> None:
        data = changes.touches(STATEMENTS)      # statements, votes, positions: other kinds leave the matrix
        if data:
            self._base = None
            self._fill_groups()
        if data or changes.period or changes.filters:
            self._select_data(self.group_box, self.model.country_group)
            self.refresh()
        elif changes.selection or changes.touches(LAUNCHES):    # a launch's date sets the statements it triggered
            self._update_highlights()

    def _on_options_changed(self, _index: int) -> None:
        self.refresh(fit=self.sender() is self.series_box)
        self.save_settings()

    def _on_country_group_chosen(self, _index: int) -> None:
        self.model.set_country_group(self.group_box.currentData(), initiator=self)
        self.save_settings()

    def _on_tab_changed(self, index: int) -> None:
        if index == 1 and self._agreement_dirty:
            self._refresh_agreement()

    def _on_column_clicked(self, column: int) -> None:
        self._show_details(column, None)
        self.model.select_statement(self.view.matrix.columns["statement_id"].iloc[column], initiator=self)

    def _on_cell_clicked(self, row: int, column: int) -> None:
        self._show_details(column, row)
        self.model.select_statement(self.view.matrix.columns["statement_id"].iloc[column], initiator=self)

    # -- details -----------------------------------------------------------------------------
    def _show_details(self, column: int, row: int | None) -> None:
        self.details.setHtml(self.details_html(column, row))
        sizes = self.splitter.sizes()
        if sizes[1] < 60:                     # collapsed: open it beside the matrix, about a third of the width
            total = sum(sizes)
            side = max(self.details.minimumWidth(), total // 3)
            self.splitter.setSizes([total - side, side])

    def details_html(self, column: int, row: int | None = None) -> str:
        """The statement's title, date, trigger, venue, source URL and full signatory list."""
        view = self.view
        col = view.matrix.columns.iloc[column]
        margin = view.margins.iloc[column]
        esc = html.escape
        parts = [f"<h3>{esc(str(col['title']))}</h3>", f"<p><b>{esc(str(col['date']))}</b> · {esc(str(col['statement_id']))}"]
        if row is not None:
            code = int(view.matrix.codes[row, column])
            parts.append(f" · <b>{esc(view.matrix.names[row])}</b>: {esc(POSITION_LABELS[code])}")
        parts.append("</p>")
        for key, name in (("trigger_event", "Trigger"), ("venue", "Venue"), ("outcome", "Outcome"),
                          ("source_note", "Source note")):
            if isinstance(col[key], str) and col[key]:
                parts.append(f"<p><b>{name}:</b> {esc(col[key])}</p>")
        url = col["url"]
        if isinstance(url, str) and url:
            parts.append(f'<p><b>Source:</b> <a href="{esc(url, quote=True)}">{esc(url)}</a></p>')
        if not col["positions_known"]:
            parts.append("<p><b>List not recorded</b>: the sources read name no signatories, so no country is "
                         "shown as joined or not joined.</p>")
        else:
            signatories = self.model.store.rows(
                "SELECT c.name, p.position FROM positions p JOIN countries c USING (iso3)"
                " WHERE p.statement_id = ? ORDER BY p.position != 'joined' AND p.position != 'yes', c.name",
                (col["statement_id"],))
            joined = [r[0] for r in signatories if r[1] in ("joined", "yes")]
            others = [f"{r[0]} ({r[1]})" for r in signatories if r[1] not in ("joined", "yes")]
            verb = "Voted yes" if col["series"] == VOTES_SERIES else "Signatories"
            parts.append(f"<p><b>{verb} ({len(joined)}; {int(margin['council_signatories'])} of "
                         f"{int(margin['council_size'])} Council members"
                         f"{', a Council majority' if margin['council_majority'] else ''}):</b> "
                         f"{esc(', '.join(joined))}</p>")
            if others:
                parts.append(f"<p><b>Other votes:</b> {esc(', '.join(others))}</p>")
        return "".join(parts)

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt naming)
        self.save_settings()
        self.model.changed.disconnect(self._on_model_changed)
        super().closeEvent(event)


def _short_note(note: str) -> str:
    """The headline of a gap note ('US-led joint statements 2022: 9 of 10 statements recorded')."""
    return note.split(". ")[0].rstrip(".")
