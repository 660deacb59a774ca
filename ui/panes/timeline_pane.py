"""TimelinePane: every launch event on a UTC date axis, context markers, year-over-year charts, details.

A thin adapter: numbers come from models.analytics.timeline, drawing from ui.plots.timeline_plot, the
hover tip and the period region from ui.panes.timeline_hover and ui.panes.timeline_period. It talks to
other panes only through the shared BriefingModel (period, selection).
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtWidgets import QLabel, QSplitter, QTextBrowser, QVBoxLayout, QWidget

from models.analytics import timeline as tl
from models.briefing_model import BriefingModel, Changes
from models.launch_sources import differing_years
from ui.panes.timeline_controls import TimelineControls
from ui.panes.timeline_details import details_html, hover_text
from ui.panes.timeline_hover import HoverTip, context_text
from ui.panes.timeline_period import PeriodRegion, data_extent, period_span, region_period, utc_date
from ui.plots import timeline_plot as tp
from ui.plots.legend_row import LegendRow
from ui.settings import app_settings
from ui.theme import current_theme, qcolor

CONTEXT_FILE = Path(__file__).resolve().parents[2] / "resources" / "reference" / "context_events.csv"
SETTINGS_GROUP = "timelinePane"
TIMELINE_MIN_HEIGHT = 160        # the launch plot never gets shorter: the dock scrolls instead
YEARLY_MIN_HEIGHT = 130


class TimelinePane(QWidget):
    def __init__(self, model: BriefingModel, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("timelinePane")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.model = model
        self.theme = current_theme()
        self.style_ = tp.TimelineStyle.for_theme(self.theme)
        self.events = tl.prepare_events(pd.DataFrame())
        self.visible = np.zeros(0, dtype=bool)
        self.names: dict[str, str] = {}
        self.contested: dict = {}                   # launch_id -> models.curation.ContestedMark
        self.context = tl.load_context_events(str(CONTEXT_FILE))
        self.statement_ticks = tl.statement_ticks(pd.DataFrame())
        self.comparison = pd.DataFrame()
        self.designation_ticks = tl.designation_ticks(pd.DataFrame())
        self._designations_drawn = False
        self._syncing_region = False
        self._region_dragging = False
        self._statements_drawn = False
        self._build()
        self._restore_settings()
        self.controls.options_changed.connect(self._on_options_changed)
        self.controls.period_requested.connect(self._on_period_requested)
        self.model.changed.connect(self._on_model_changed)
        self._reload()

    # -- construction --------------------------------------------------------------------------
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(4)
        self.header = QLabel()
        self.header.setObjectName("timelineHeader")
        self.header.setFont(tp.bold_font(11))
        self.header.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.header)
        self.controls = TimelineControls(self)
        layout.addWidget(self.controls)
        self.legend = QLabel()
        self.legend.setObjectName("timelineLegend")
        layout.addWidget(self.legend)

        self.timeline_view = pg.GraphicsLayoutWidget()
        self.timeline_view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.timeline_view.setMinimumHeight(TIMELINE_MIN_HEIGHT)
        self.plot = tp.timeline_plot_item(self.theme)
        self.timeline_view.addItem(self.plot)
        self.items = tp.add_timeline_items(self.plot, self.theme)
        self.region = PeriodRegion(values=(0, 1), movable=True)
        self.region.setZValue(-20)
        self.plot.addItem(self.region, ignoreBounds=True)
        self.region.sigRegionChangeFinished.connect(self._on_region_changed)
        self.hover = HoverTip()
        self.plot.addItem(self.hover, ignoreBounds=True)
        self.plot.sigXRangeChanged.connect(self._on_view_changed)
        self.plot.getViewBox().sigResized.connect(self._on_view_changed)
        scene = self.plot.scene()
        scene.sigMouseClicked.connect(self._on_scene_clicked)
        scene.sigMouseMoved.connect(self._on_scene_moved)
        self.timeline_view.viewport().installEventFilter(self)       # the hover tip goes when the mouse leaves
        self._pan_drag = self.plot.getViewBox().mouseDragEvent
        self.plot.getViewBox().mouseDragEvent = self._on_plot_dragged
        self.timeline_view.setToolTip("Drag across the plot to select a period (Ctrl+drag pans, the wheel zooms); "
                                      "click an event for its details")

        self.details = QTextBrowser()
        self.details.setObjectName("timelineDetails")
        self.details.setOpenExternalLinks(True)
        self.details.setMinimumWidth(300)

        self.yearly_view = pg.GraphicsLayoutWidget()
        self.yearly_view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.yearly_view.setMinimumHeight(YEARLY_MIN_HEIGHT)
        # each chart's title and key in a row of its own above it, never over the bars or curves
        self.yearly_legend = LegendRow([], self.theme, point_size=8, auto_fit=True)
        self.cumulative_legend = LegendRow([], self.theme, point_size=8, auto_fit=True)
        self.yearly_view.ci.addItem(self.yearly_legend, row=0, col=0)
        self.yearly_view.ci.addItem(self.cumulative_legend, row=0, col=1)
        self.yearly_plot = self.yearly_view.addPlot(row=1, col=0)
        self.cumulative_plot = self.yearly_view.addPlot(row=1, col=1)
        self.yearly_view.ci.layout.setColumnStretchFactor(0, 3)
        self.yearly_view.ci.layout.setColumnStretchFactor(1, 2)
        self.yearly_plot.setPreferredWidth(300)          # 3 : 2 at every width (the stretch alone is not kept)
        self.cumulative_plot.setPreferredWidth(200)
        self.charts = tp.year_charts(self.yearly_plot, self.cumulative_plot, self.theme, plot_legends=False)
        self.yearly_view.scene().sigMouseClicked.connect(self._on_yearly_clicked)
        self.yearly_view.setToolTip("Click a year's bars to make that year the period")

        top = QSplitter(Qt.Orientation.Horizontal)
        top.addWidget(self.timeline_view)
        top.addWidget(self.details)
        top.setStretchFactor(0, 3)
        top.setStretchFactor(1, 1)
        top.setSizes([1000, 360])
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setObjectName("timelineSplitter")
        self.splitter.setChildrenCollapsible(False)
        top.setChildrenCollapsible(False)
        self.splitter.addWidget(top)
        self.splitter.addWidget(self.yearly_view)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([460, 340])        # the year charts keep room for their key and bars
        layout.addWidget(self.splitter, 1)
        self._apply_theme()

    def _apply_theme(self) -> None:
        self.theme = current_theme()
        self.style_ = tp.TimelineStyle.for_theme(self.theme)
        for view in (self.timeline_view, self.yearly_view):
            view.setBackground(qcolor(self.theme.background))
        tp.style_plot(self.plot, self.theme)
        tp.style_plot(self.yearly_plot, self.theme)
        tp.style_plot(self.cumulative_plot, self.theme)
        self.plot.setLabel("bottom", "Date (UTC)", color=self.theme.muted)
        self.yearly_plot.setLabel("left", "count", color=self.theme.muted)
        self.cumulative_plot.setLabel("left", "missiles", color=self.theme.muted)
        self.yearly_plot.setMouseEnabled(x=False, y=False)
        self.cumulative_plot.setMouseEnabled(x=False, y=False)
        self.region.apply_theme(self.theme)
        self.items.selection.setPen(pg.mkPen(qcolor(self.theme.highlight), width=2.5))
        self.items.contested.setBrush(pg.mkBrush(qcolor(self.theme.failure)))
        self.hover.apply_theme(self.theme)
        self.legend.setText(tp.legend_html(self.theme))

    def closeEvent(self, event) -> None:  # noqa: N802
        """Stop listening to the model; the pane may outlive its window briefly."""
        self.model.changed.disconnect(self._on_model_changed)
        self._save_settings()
        super().closeEvent(event)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and hasattr(self, "items"):
            self._apply_theme()
            self._redraw_all()

    # -- model -> view -------------------------------------------------------------------------
    def _on_model_changed(self, changes: Changes, initiator: object) -> None:
        if changes.data:
            self._reload()
            return
        if changes.period:
            self._on_period_changed()
            if initiator is not self or not self._region_dragging:
                self._zoom_to_period()
        if changes.selection:
            self._on_selection_changed()

    def _reload(self) -> None:
        from models.curation import contested_launches

        self.events = tl.prepare_events(self.model.launches())
        self.contested = contested_launches(self.model.store)
        missiles = self.model.missiles()
        if len(missiles):
            names = missiles.dropna(subset=["missile_name"]).groupby("launch_id")["missile_name"]
            self.names = names.agg(lambda s: "; ".join(dict.fromkeys(s))).to_dict()
        else:
            self.names = {}
        self.comparison = differing_years(self.model.store)
        self.statement_ticks = tl.statement_ticks(self.model.statements())
        self.designation_ticks = tl.designation_ticks(tl.dated_designations(self.model.store))
        from models.coverage import latest_covered_full_year

        self.controls.set_year_presets(tl.year_presets(tl.yearly_counts(self.events),
                                                       latest_covered_full_year(self.model.store)))
        self._redraw_all()
        self._zoom_to_period()

    def _redraw_all(self) -> None:
        self.visible = tl.filter_mask(self.events, self.controls.current_filter())
        self._draw_timeline()
        self._draw_context()
        self._on_period_changed()
        self._on_selection_changed()

    def _draw_timeline(self) -> None:
        tp.draw_timeline(self.items, self.events, self.style_, self.controls.y_mode_key(),
                         self.controls.log_y.isChecked(), mask=self.visible)
        tp.draw_contested(self.items, self.events, self.visible, self.contested)
        self.controls.log_y.setEnabled(self.controls.y_mode_key() != "class")

    def _draw_context(self) -> None:
        ticks = self.statement_ticks if self.controls.show_statements.isChecked() else self.statement_ticks[:0]
        listed = self.designation_ticks if self.controls.show_designations.isChecked() else None
        tp.draw_context(self.items, self.context, ticks, self.theme, bool(len(ticks)), listed)
        self._statements_drawn = self.controls.show_statements.isChecked()
        self._designations_drawn = self.controls.show_designations.isChecked()

    def _on_period_changed(self) -> None:
        period = self.model.period
        lo, hi = extent = data_extent(self.events)
        self._syncing_region = True
        self.region.setRegion(period_span(period, extent))
        self._syncing_region = False
        self.controls.set_period_dates(period.start, period.end, utc_date(lo), utc_date(hi - 1))
        self._update_header()
        self._draw_year_charts()

    def _on_selection_changed(self) -> None:
        row = self._selected_row()
        tp.draw_selection(self.items, self._shown_row(row))
        if row is None:
            self.details.setHtml(details_html(None, pd.DataFrame(), self.theme, self.comparison))
            return
        event = self.events.iloc[row]
        missiles = self.model.missiles()
        self.details.setHtml(details_html(event, missiles[missiles["launch_id"] == event["launch_id"]], self.theme)
                             + self._claims_html(event) + self._response_html(str(event["launch_id"])))

    def _contested_note(self) -> str:
        """' · 1 contested day (…)' when the period holds days whose missile count sources dispute."""
        from models.curation import contested_days

        days = [d for d in contested_days(self.model.store) if self.model.period.contains(d)]
        if not days:
            return ""
        return (f" · {len(days)} contested day{'s' if len(days) != 1 else ''} ({', '.join(days[:3])}"
                f"{', …' if len(days) > 3 else ''}, flagged {tp.CONTESTED_MARK}): one claim counted per day, "
                "the details list them all")

    def _claims_html(self, event: pd.Series) -> str:
        """A contested count: every claim of the launch's Korea date, the counted one marked (ui.curation)."""
        from models.curation import claims_for
        from ui.curation.claims_view import claims_html, launch_day

        day = launch_day(event.to_dict())
        basis = event.get("count_basis")
        return claims_html(claims_for(self.model.store, day), day, self.theme,
                           basis if isinstance(basis, str) else "")

    def _response_html(self, launch_id: str) -> str:
        """The launch's response in the ledger's vocabulary, words and colour (models.response_vocabulary)."""
        import html

        from models import response_vocabulary as vocab
        from models.analytics.ledger import ledger_table
        from ui.settings import response_window

        days = response_window().days()
        ledger = self.model.table("ledger") if days == 30 else ledger_table(self.model.store, days)
        row = ledger[ledger["launch_id"] == launch_id]
        if row.empty:
            return ""
        term = str(row["response_category"].iloc[0])
        return (f"<p title='{html.escape(vocab.TERMS[term].definition, quote=True)}'>Response ({days}-day window): "
                f"<b style='color:{self.theme.response(term)}'>{html.escape(str(row['response'].iloc[0]))}</b></p>")

    # -- drawing helpers -----------------------------------------------------------------------
    def _update_header(self) -> None:
        period = self.model.period
        in_period = tl.period_mask(self.events, period.start, period.end) & self.visible
        n_events, n_missiles = tl.counts(self.events, in_period)
        flt = self.controls.current_filter()
        text = (f"{period.label().capitalize() if period.is_all else period.label()}: "
                f"{n_events} launch event{'s' if n_events != 1 else ''}, {n_missiles} missiles "
                f"({tl.count_text(self.events, in_period)})")
        if not flt.is_all:
            text += f" — filtered ({flt.describe()})"
        from models.coverage import LAUNCHES, NOT_COVERED, PARTIAL, load

        cov = load(self.model.store)
        state = cov.status(LAUNCHES, period.start, period.end)
        if state == NOT_COVERED:
            text = (f"{period.label().capitalize() if period.is_all else period.label()}: launch events not covered "
                    f"({cov.describe(LAUNCHES)})")
        elif state == PARTIAL and not period.is_all:
            text += f" · partial: {cov.describe(LAUNCHES)}"
        mode = self.controls.y_mode_key()
        if mode != "class":
            y = tp.event_y(self.events[in_period], mode, self.controls.log_y.isChecked())
            missing = int(np.isnan(y).sum())
            if missing:
                text += f" · {missing} without a recorded {mode} not plotted"
        if self.items.aggregated:
            text += f" · dense view: overlapping events merged per {tp.LOD_PIXELS:g} px"
        text += self._contested_note()
        self.header.setText(text)

    def _uncovered_years(self, yearly: pd.DataFrame) -> list[int]:
        """Years shown (and the period's, up to this year) that the launch data do not cover completely."""
        from models.coverage import LAUNCHES, load

        if yearly.empty:
            return []
        period, cov = self.model.period, load(self.model.store)
        last = max(int(yearly["year"].max()), period.end.year if period.end else 0)
        return [y for y in range(int(yearly["year"].min()), min(last, date.today().year) + 1)
                if not cov.covers(LAUNCHES, date(y, 1, 1), date(y, 12, 31))]

    def _draw_year_charts(self) -> None:
        period = self.model.period
        yearly, rec_events, rec_missiles, curves = tl.year_comparison(self.events, self.visible, period.start,
                                                                      period.end)
        self.yearly, self.records = yearly, (rec_events, rec_missiles)
        uncovered = self._uncovered_years(yearly)
        tp.draw_yearly(self.charts, yearly, rec_events, rec_missiles, self.theme, uncovered, label_records=False)
        self.yearly_bars = self.charts.bars
        self.cumulative_years = [y for y, _ in curves]
        tp.draw_cumulative(self.charts, curves, self.theme)
        records = sorted(set(rec_events) | set(rec_missiles))
        self.yearly_legend.set_entries(tp.year_legend_entries(
            self.theme, "Launch events and missiles per year", yearly, records, uncovered, tl.yearly_whose(self.events)))
        self.cumulative_legend.set_entries(tp.cumulative_legend_entries(
            self.theme, "Cumulative missiles by day of year", curves))

    def _selected_row(self) -> int | None:
        launch_id = self.model.selection.launch_id
        if launch_id is None or len(self.events) == 0:
            return None
        hits = np.flatnonzero(self.events["launch_id"].to_numpy() == launch_id)
        return int(hits[0]) if len(hits) else None

    def _shown_row(self, row: int | None) -> int | None:
        """Position within the shown (filtered) frame of an events row."""
        if row is None or not self.visible[row]:
            return None
        return int(np.count_nonzero(self.visible[:row]))

    def _on_view_changed(self, *_args) -> None:
        if tp.lod_stale(self.items):
            tp.update_lod(self.items)

    # -- user -> model -------------------------------------------------------------------------
    def _on_period_requested(self, start: date | None, end: date | None) -> None:
        self.model.set_period(start, end, initiator=self)

    def _on_region_changed(self) -> None:
        if self._syncing_region:
            return
        start, end = region_period(*self.region.getRegion(), data_extent(self.events))
        self._region_dragging = True
        try:
            self.model.set_period(start, end, initiator=self)
        finally:
            self._region_dragging = False

    def _on_plot_dragged(self, ev, axis=None) -> None:
        """A left drag across the plot selects that span as the period; Ctrl+drag (or any other) pans."""
        if ev.button() != Qt.MouseButton.LeftButton or axis is not None or \
                ev.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self._pan_drag(ev, axis)
            return
        ev.accept()
        vb = self.plot.getViewBox()
        lo, hi = sorted((vb.mapSceneToView(ev.buttonDownScenePos()).x(), vb.mapSceneToView(ev.scenePos()).x()))
        self._syncing_region = True
        self.region.setRegion((lo, hi))
        self._syncing_region = False
        self.hover.hide()
        if ev.isFinish() and hi - lo >= tl.DAY:
            self._on_region_changed()

    def _on_yearly_clicked(self, ev) -> None:
        """A click on a year's bars makes that calendar year the period."""
        if ev.button() != Qt.MouseButton.LeftButton:
            return
        vb = self.yearly_plot.getViewBox()
        if not vb.sceneBoundingRect().contains(ev.scenePos()):
            return
        year = int(round(vb.mapSceneToView(ev.scenePos()).x()))
        yearly = getattr(self, "yearly", None)
        if yearly is not None and len(yearly) and year in set(yearly["year"].astype(int)):
            ev.accept()
            self.model.set_period(date(year, 1, 1), date(year, 12, 31), initiator=self)

    def year_bar_point(self, year: int) -> QPoint:
        """Where a year's bars are on screen (viewport coordinates of the yearly view)."""
        vb = self.yearly_plot.getViewBox()
        return self.yearly_view.mapFromScene(vb.mapViewToScene(pg.Point(year, 0.5)))

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt naming)
        if event.type() == QEvent.Type.Leave and watched is self.timeline_view.viewport():
            self.hover.hide()
        return super().eventFilter(watched, event)

    def _zoom_to_period(self) -> None:
        x0, x1 = period_span(self.model.period, data_extent(self.events))
        self.plot.setXRange(x0, x1, padding=0.03)

    def _on_options_changed(self) -> None:
        """A filter or display toggle: redraw what depends on it (not the details or the period)."""
        self._save_settings()
        self.visible = tl.filter_mask(self.events, self.controls.current_filter())
        self._draw_timeline()
        if (self.controls.show_statements.isChecked() != self._statements_drawn
                or self.controls.show_designations.isChecked() != self._designations_drawn):
            self._draw_context()
        self._update_header()
        self._draw_year_charts()
        tp.draw_selection(self.items, self._shown_row(self._selected_row()))

    def select_row(self, row: int | None) -> None:
        """Select an events row (or clear) through the model."""
        if row is None:
            self.model.clear_selection(initiator=self)
        else:
            self.model.select_launch(str(self.events["launch_id"].iloc[row]), initiator=self)

    # -- mouse ---------------------------------------------------------------------------------
    def event_at(self, scene_pos: QPointF) -> int | None:
        """The events row drawn nearest to a scene position (within its marker or span), or None."""
        hit = tp.event_near(self.items, scene_pos)
        return None if hit is None else int(np.flatnonzero(self.visible)[hit])

    def _on_scene_clicked(self, ev) -> None:
        if ev.button() != Qt.MouseButton.LeftButton:
            return
        row = self.event_at(ev.scenePos())
        if row is not None:
            self.select_row(row)
            self.setFocus(Qt.FocusReason.MouseFocusReason)

    def _on_scene_moved(self, pos: QPointF) -> None:
        vb = self.plot.getViewBox()
        if not vb.sceneBoundingRect().contains(pos):
            self.hover.hide()
            return
        row = self.event_at(pos)
        text = None
        if row is not None:
            event = self.events.iloc[row]
            text = hover_text(event, self.names.get(str(event["launch_id"]), ""),
                              self.contested.get(str(event["launch_id"])))
        else:
            text = self._context_at(pos)
        if text is None:
            self.hover.hide()
        else:
            self.hover.show_at(vb, pos, text)

    def _context_at(self, pos: QPointF) -> str | None:
        """Labels of the nuclear tests (and shown statements) within 5 px of the pointer."""
        vb = self.plot.getViewBox()
        shown = self.controls
        return context_text(vb.mapSceneToView(pos).x(), 5 * vb.viewPixelSize()[0], self.context,
                            self.statement_ticks if shown.show_statements.isChecked() else None,
                            self.designation_ticks if shown.show_designations.isChecked() else None)

    # -- keyboard ------------------------------------------------------------------------------
    STEPS = {Qt.Key.Key_Right: "next", Qt.Key.Key_Left: "previous", Qt.Key.Key_Home: "first",
             Qt.Key.Key_End: "last"}

    def keyPressEvent(self, event) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_Escape:
            self.model.clear_selection(initiator=self)
        elif event.key() in self.STEPS:
            target = tl.step_event(self.visible, self._selected_row(), self.STEPS[event.key()])
            if target is not None:
                self.select_row(target)
                self._ensure_visible(target)
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def _ensure_visible(self, row: int) -> None:
        t = float(self.events["t"].iloc[row])
        (x0, x1), _ = self.plot.getViewBox().viewRange()
        if not x0 <= t <= x1:
            half = (x1 - x0) / 2
            self.plot.setXRange(t - half, t + half, padding=0)

    # -- settings ------------------------------------------------------------------------------
    def _save_settings(self) -> None:
        settings = app_settings()
        self.controls.save_state(settings, SETTINGS_GROUP)
        settings.sync()

    def _restore_settings(self) -> None:
        self.controls.restore_state(app_settings(), SETTINGS_GROUP)
