"""The pressure-vs-provocations figure: provocations above the zero line, responses below it.

One builder for the dashboard's answer view and the brief's hero figure (`pressure_layout`). Every
series has a pattern or a symbol as well as a colour, so the figure survives greyscale print; spans a
source does not cover are hatched, never drawn as zero; the legend sits in its own row, never over data.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QBrush, QPainter, QPen, QPicture

from models.analytics.pressure import PressureBin, PressureSummary
from models.coverage import COVERED, NOT_COVERED, NOT_COVERED_TEXT
from ui.plots.legend_row import LegendEntry, LegendRow
from ui.theme import Theme, qcolor

BAR = 0.26            # width of each response bar (three side by side); the launch bar is wider


@dataclass
class SeriesStyle:
    label: str
    brush: QBrush
    pen: QPen
    pattern: QBrush | None = None


def series_styles(theme: Theme) -> dict[str, SeriesStyle]:
    ink = qcolor(theme.text)

    def hatched(colour: str, pattern: Qt.BrushStyle) -> QBrush:
        return QBrush(qcolor(colour), pattern)

    return {
        # lighter than the statements' fill: the two stay apart in greyscale print, not by position alone
        "launches": SeriesStyle("launches", QBrush(qcolor(theme.failure, 150)), QPen(ink, 0)),
        "majority": SeriesStyle("statements: Council majority", QBrush(qcolor(theme.accent)), QPen(ink, 0)),
        "statements": SeriesStyle("other statements", QBrush(qcolor(theme.accent, 90)), QPen(ink, 0),
                                  hatched(theme.accent, Qt.BrushStyle.BDiagPattern)),
        "votes": SeriesStyle("votes", QBrush(qcolor(theme.abstain)), QPen(ink, 0),
                             hatched(theme.text, Qt.BrushStyle.CrossPattern)),
        "designations": SeriesStyle("designations", QBrush(qcolor(theme.stream_labour, 150)),
                                    QPen(ink, 0), hatched(theme.text, Qt.BrushStyle.Dense6Pattern)),
    }


class BarsItem(pg.GraphicsObject):
    """Rectangles with a fill and an optional pattern over it, drawn once into a QPicture."""

    def __init__(self, rects: list[tuple[QRectF, SeriesStyle]]):
        super().__init__()
        self._rects = rects
        self._picture = QPicture()
        painter = QPainter(self._picture)
        for rect, style in rects:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(style.brush)
            painter.drawRect(rect)
            if style.pattern is not None:
                painter.setBrush(style.pattern)
                painter.drawRect(rect)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(style.pen)
            painter.drawRect(rect)
        painter.end()
        self._bounds = QRectF(self._picture.boundingRect())

    def paint(self, painter, *args) -> None:
        self._picture.play(painter)

    def boundingRect(self) -> QRectF:  # noqa: N802 (Qt naming)
        return self._bounds


class MagnitudeAxis(pg.AxisItem):
    """Counts either side of zero, both shown as positive numbers."""

    def tickStrings(self, values, scale, spacing):  # noqa: N802 (pyqtgraph API)
        return [f"{abs(v):g}" for v in values]


class BinAxis(pg.AxisItem):
    """Bin labels at integer positions, thinned so they never overlap."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.labels: list[str] = []

    def tickValues(self, minVal, maxVal, size):  # noqa: N802,N803 (pyqtgraph API)
        n = len(self.labels)
        if not n or size <= 0 or maxVal <= minVal:
            return []
        widest = max(len(label) for label in self.labels) * 7 + 10
        step = max(1, int(np.ceil(widest / (size / (maxVal - minVal)))))
        first = max(0, int(np.ceil(minVal)))
        return [(float(step), [float(i) for i in range(first, min(n - 1, int(maxVal)) + 1, step)])]

    def tickStrings(self, values, scale, spacing):  # noqa: N802
        return [self.labels[int(v)] if 0 <= int(v) < len(self.labels) else "" for v in values]


def response_rects(bins: list[PressureBin], styles: dict[str, SeriesStyle]) -> list[tuple[QRectF, SeriesStyle]]:
    rects: list[tuple[QRectF, SeriesStyle]] = []
    for i, b in enumerate(bins):
        if b.launch_events:
            rects.append((QRectF(i - 0.36, 0, 0.72, b.launch_events), styles["launches"]))
        if b.statements_majority:
            rects.append((QRectF(i - 1.5 * BAR, -b.statements_majority, BAR, b.statements_majority),
                          styles["majority"]))
        rest = b.statements - b.statements_majority
        if rest:
            rects.append((QRectF(i - 1.5 * BAR, -b.statements, BAR, rest), styles["statements"]))
        if b.votes:
            rects.append((QRectF(i - 0.5 * BAR, -b.votes, BAR, b.votes), styles["votes"]))
        if b.designations:
            rects.append((QRectF(i + 0.5 * BAR, -b.designations, BAR, b.designations), styles["designations"]))
    return rects


def coverage_rects(bins: list[PressureBin], top: float, theme: Theme) -> list[tuple[QRectF, SeriesStyle]]:
    """Hatched spans (models.coverage): above zero where the launch data does not cover the bin, below where
    the statement register does not."""
    partial = SeriesStyle("partly covered", QBrush(qcolor(theme.unknown, 30)), QPen(Qt.PenStyle.NoPen),
                          QBrush(qcolor(theme.unknown, 110), Qt.BrushStyle.FDiagPattern))
    none = SeriesStyle("not covered", QBrush(qcolor(theme.unknown, 60)), QPen(Qt.PenStyle.NoPen),
                       QBrush(qcolor(theme.unknown, 170), Qt.BrushStyle.FDiagPattern))
    rects = []
    for i, b in enumerate(bins):
        for word, y in ((b.launches_covered, 0.0), (b.statements_covered, -top)):
            if word != COVERED:
                rects.append((QRectF(i - 0.5, y, 1.0, top), none if word == NOT_COVERED else partial))
    return rects


def legend_entries(theme: Theme) -> list[tuple[SeriesStyle, str]]:
    styles = series_styles(theme)
    cover = coverage_rects([PressureBin(None, None, "", launches_covered=NOT_COVERED)], 1, theme)[0][1]
    return [(s, s.label) for s in styles.values()] + [(cover, "not covered")]


def draw_pressure(plot: pg.PlotItem, summary: PressureSummary, theme: Theme) -> None:
    """Fill `plot` (made with pressure_plot_item) from a PressureSummary."""
    for item in list(plot.items):
        plot.removeItem(item)
    bins = summary.bins
    styles = series_styles(theme)
    top = max([b.launch_events for b in bins] + [max(b.statements, b.votes, b.designations) for b in bins] + [1])
    top = float(top) * 1.15 + 0.5
    plot.addItem(BarsItem(coverage_rects(bins, top, theme)))
    plot.addItem(BarsItem(response_rects(bins, styles)))
    tests = [(i, top * 0.93) for i, b in enumerate(bins) if b.nuclear_tests]
    if tests:
        x, y = zip(*tests)
        plot.addItem(pg.ScatterPlotItem(x=list(x), y=list(y), symbol="star", size=13,
                                        brush=pg.mkBrush(qcolor(theme.text)), pen=pg.mkPen(qcolor(theme.background))))
    plot.addItem(pg.InfiniteLine(pos=0, angle=0, pen=pg.mkPen(qcolor(theme.text), width=1)))
    axis = plot.getAxis("bottom")
    axis.labels = [b.label for b in bins]
    axis.picture = None
    plot.setXRange(-0.6, max(len(bins), 1) - 0.4, padding=0)
    plot.setYRange(-top, top, padding=0)
    plot.getViewBox().setLimits(xMin=-0.6, xMax=max(len(bins), 1) - 0.4, yMin=-top, yMax=top)


def pressure_plot_item(theme: Theme) -> pg.PlotItem:
    plot = pg.PlotItem(axisItems={"left": MagnitudeAxis("left"), "bottom": BinAxis("bottom")})
    plot.getAxis("bottom").setStyle(hideOverlappingLabels=False)     # the first bin's label sits near the edge
    plot.getViewBox().setBackgroundColor(qcolor(theme.background))
    for name in ("left", "bottom"):
        axis = plot.getAxis(name)
        axis.setPen(pg.mkPen(qcolor(theme.muted)))
        axis.setTextPen(pg.mkPen(qcolor(theme.text)))
    plot.getAxis("left").setGrid(50)
    plot.setLabel("left", "responses ▼ · launches ▲", color=theme.muted, **{"font-size": "7pt"})
    plot.hideButtons()
    plot.setMenuEnabled(False)
    plot.setMouseEnabled(x=False, y=False)
    return plot


def pressure_legend(theme: Theme, nuclear_tests: bool = True) -> LegendRow:
    """The swatches in a row of their own (wrapping), drawn with the same fill, pattern and marker as the bars."""
    entries = [LegendEntry(label, "box", brush=style.brush, pattern=style.pattern)
               for style, label in legend_entries(theme)]
    if nuclear_tests:
        entries.append(LegendEntry("nuclear test", "symbol", brush=pg.mkBrush(qcolor(theme.text)),
                                   pen=pg.mkPen(qcolor(theme.background)), symbol="star", size=11))
    return LegendRow(entries, theme, auto_fit=True)


def pressure_layout(summary: PressureSummary, theme: Theme, legend: bool = True) -> tuple[pg.GraphicsLayout,
                                                                                         pg.PlotItem]:
    """The figure: legend row (when asked) over the plot. The brief's builder and the pane both use it."""
    layout = pg.GraphicsLayout()
    plot = pressure_plot_item(theme)
    if legend:
        layout.addItem(pressure_legend(theme, any(b.nuclear_tests for b in summary.bins)), row=0, col=0)
    layout.addItem(plot, row=1, col=0)
    draw_pressure(plot, summary, theme)
    return layout, plot


def bin_tooltip(b: PressureBin, window_days: int) -> str:
    """Plain text for a bin: each count, whose count, and what the data covers (models.coverage)."""
    partly = "  (the {} covers only part of this span)"
    lines = [f"{b.start.isoformat()} to {b.end.isoformat()}"]
    if b.launches_covered == NOT_COVERED:
        lines.append(f"Launch events: {NOT_COVERED_TEXT}")
    else:
        lines.append(f"Launch events: {b.launch_events} ({b.missiles} missiles)"
                     + (f"; {b.launch_count}" if b.launch_count else ""))
        if b.launches_covered != COVERED:
            lines.append(partly.format("launch data"))
    lines += [f"Nuclear test: {t}" for t in b.nuclear_tests]
    if b.statements_covered == NOT_COVERED:
        lines.append("Joint statements: not covered by the statement register")
    else:
        lines.append(f"Joint statements: {b.statements} ({b.statements_majority} with a Council majority)")
        if b.statements_covered != COVERED:
            lines.append(partly.format("statement register"))
    lines += [f"  also on record, not counted: {n} {name}" for name, n in b.other_statements.items()]
    lines += [f"  {venue}: {NOT_COVERED_TEXT} by the statement register here" for venue in b.venues_not_covered]
    lines.append("Council votes: not covered by the statement register" if b.votes_covered == NOT_COVERED
                 else f"Council votes: {b.votes}" + (" (partly covered)" if b.votes_covered != COVERED else ""))
    lines.append(f"Designations dated in the bin: {NOT_COVERED_TEXT}" if b.designations_covered == NOT_COVERED
                 else f"Designations dated in the bin: {b.designations}"
                 + (" (some lists do not cover this span)" if b.designations_covered != COVERED else ""))
    return "\n".join(lines)
