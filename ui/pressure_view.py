"""The answer-first view: is the pressure keeping pace with the provocations? One verdict line and a chart.

Numbers come from models.analytics.pressure; the figure from ui.plots.pressure_plot (shared with the
brief). It follows the shared period and response window. Hovering a bin shows its counts and what the
data covers; clicking a year or quarter makes it the shared period (it opens as months).
"""
from __future__ import annotations

import html
import math

import pyqtgraph as pg
from PySide6.QtCore import QEvent, QPoint, QSize, Qt, Signal
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

from models.analytics.pressure import PressureSummary, pressure_summary
from models.briefing_model import BriefingModel, Changes
from ui.plots.pressure_plot import bin_tooltip, pressure_layout
from ui.ledger_runner import forget_ledger_requests, ledger_runner
from ui.settings import response_window
from ui.theme import current_theme, qcolor

CHART_MIN_HEIGHT = 120


class PressureView(QWidget):
    """Verdict line over the mirrored chart (launches up, responses down)."""

    bin_clicked = Signal(object)        # the PressureBin

    def __init__(self, model: BriefingModel, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("pressureView")
        self.model = model
        self.theme = current_theme()
        self.setting = response_window()
        self.summary: PressureSummary | None = None
        self._closed = False
        self.verdict = QLabel()
        self.verdict.setObjectName("pressureVerdict")
        self.verdict.setWordWrap(True)
        self.verdict.setStyleSheet("font-size: 8.5pt;")
        self.verdict.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.verdict.setCursor(Qt.CursorShape.WhatsThisCursor)
        self.chart = pg.GraphicsView()      # each render sets its figure as the central item (nothing orphaned)
        self.chart.setObjectName("pressureChart")
        self.chart.setMinimumHeight(CHART_MIN_HEIGHT)
        self.chart.setMouseTracking(True)
        self.chart.viewport().installEventFilter(self)
        self.callout = QLabel(self.chart)           # follows the mouse over a bin, gone when it leaves
        self.callout.setObjectName("pressureCallout")
        self.callout.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.callout.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 2)
        layout.setSpacing(2)
        layout.addWidget(self.verdict)
        layout.addWidget(self.chart, 1)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.plot: pg.PlotItem | None = None
        model.changed.connect(self._on_model_changed)
        self.setting.changed.connect(self._on_window_changed)
        self.refresh()

    def refresh(self) -> None:
        """Compute the summary (on the ledger worker for a large store, as the headline strip does) and draw."""
        period, days = self.model.period, self.setting.days()
        runner = ledger_runner(self.model.store)
        if runner is None:
            self._show(pressure_summary(self.model.store, period.start, period.end, days))
            return
        self.verdict.setText(f"<b>Pressure vs provocations</b> <span style='color:{self.theme.muted}'>"
                             "· computing…</span>")
        runner.request("pressure", lambda side: pressure_summary(side, period.start, period.end, days), self._show,
                       lambda exc: self.verdict.setText(f"Pressure vs provocations: could not compute ({exc})"))

    def _show(self, summary: PressureSummary) -> None:
        self.summary = summary
        self.chart.setBackground(qcolor(self.theme.background))
        figure, self.plot = pressure_layout(summary, self.theme)
        self.chart.setCentralItem(figure)
        self.plot.scene().sigMouseClicked.connect(self._on_clicked)
        coverage = "<br>".join(html.escape(note) for note in summary.coverage_notes())
        self.verdict.setText(f"<span style='color:{self.theme.text}'><b>Pressure vs provocations</b> "
                             f"<span style='color:{self.theme.muted}'>(per {summary.granularity})</span> · "
                             f"{html.escape(summary.verdict)}</span>")
        tip = (f"<p>{html.escape(summary.definition)}</p><p>Response window: {summary.window_days} days after "
               f"each launch.</p><p>What the data covers:<br>{coverage}</p>")
        self.verdict.setToolTip(tip)
        self.chart.setToolTip("")
        self.callout.setStyleSheet(f"QLabel {{ color: {self.theme.text}; background: {self.theme.background};"
                                   f" border: 1px solid {self.theme.muted}; padding: 4px; font-size: 8pt; }}")

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt naming)
        return QSize(640, 200)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt naming)
        return QSize(360, CHART_MIN_HEIGHT + 40)

    def bin_at(self, pos: QPoint) -> int | None:
        """The bin under a viewport position, or None."""
        if self.plot is None or self.summary is None:
            return None
        vb = self.plot.getViewBox()
        scene = self.chart.mapToScene(pos)
        if not vb.sceneBoundingRect().contains(scene):
            return None
        i = math.floor(vb.mapSceneToView(scene).x() + 0.5)
        return i if 0 <= i < len(self.summary.bins) else None

    def bin_center(self, i: int) -> QPoint:
        """Viewport position of bin i's centre line just above zero (for tests and keyboard users)."""
        vb = self.plot.getViewBox()
        scene = vb.mapViewToScene(pg.Point(i, 0.3))
        return self.chart.mapFromScene(scene)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt naming)
        if watched is self.chart.viewport():
            if event.type() == QEvent.Type.MouseMove:
                self.show_callout(event.position().toPoint())
            elif event.type() == QEvent.Type.Leave:
                self.callout.hide()
        return super().eventFilter(watched, event)

    def show_callout(self, pos: QPoint) -> None:
        """The bin's counts beside the pointer, kept inside the chart; hidden off the bins."""
        i = self.bin_at(pos)
        if i is None:
            self.callout.hide()
            return
        self.callout.setText(bin_tooltip(self.summary.bins[i], self.summary.window_days))
        self.callout.adjustSize()
        area = self.chart.viewport().rect()
        x = pos.x() + 14 if pos.x() + 14 + self.callout.width() <= area.right() else pos.x() - 14 - self.callout.width()
        y = min(max(area.top(), pos.y() - self.callout.height() // 2), area.bottom() - self.callout.height())
        self.callout.move(max(area.left(), x), max(area.top(), y))
        self.callout.show()
        self.callout.raise_()

    def _on_clicked(self, ev) -> None:
        if ev.button() != Qt.MouseButton.LeftButton or self.summary is None or self.summary.granularity == "month":
            return                            # a year or quarter opens as months; a month is as fine as it gets
        i = self.bin_at(self.chart.mapFromScene(ev.scenePos()))
        if i is not None:
            b = self.summary.bins[i]
            self.bin_clicked.emit(b)
            self.model.set_period(b.start, b.end, initiator=self)

    def _on_model_changed(self, changes: Changes, initiator: object) -> None:
        if changes.data or changes.period:
            self.refresh()

    def _on_window_changed(self, _days: int) -> None:
        self.refresh()

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt naming)
        if not self._closed:
            self._closed = True
            forget_ledger_requests("pressure")
            self.model.changed.disconnect(self._on_model_changed)
            self.setting.changed.disconnect(self._on_window_changed)
        super().closeEvent(event)
