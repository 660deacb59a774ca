"""The brief's figures: built with the panes' own builders into offscreen scenes, drawn as vectors.

Scenes live on the GUI thread (pyqtgraph items are QGraphicsItems). `build_figure` fills a
pg.GraphicsView (never shown) sized to the figure; `paint_figure` renders it into any QPainter with
every item's export mode on, so scatter symbols are drawn as paths rather than cached pixmaps.
The same drawing feeds the PDF, print, SVG (QSvgGenerator) and PNG outputs.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QImage, QPainter
from PySide6.QtWidgets import QGraphicsWidget

from models.analytics import timeline as tl
from models.report.content import Figure
from models.safe_text import show_bidi
from ui.plots import timeline_plot as tp
from ui.plots.legend_row import LegendEntry, LegendRow
from ui.theme import PRINT, Theme, qcolor



@dataclass
class BuiltFigure:
    figure: Figure
    view: pg.GraphicsView
    layout: Any                       # the scene's central item
    width: float
    height: float
    note: str = ""                    # why a figure could not be drawn (shown instead of it)


def build_figure(figure: Figure, width: float, theme: Theme = PRINT) -> BuiltFigure:
    """An offscreen scene holding the figure at `width` x figure.height (96-dpi pixels). GUI thread only."""
    view = pg.GraphicsView(background=theme.background)
    builder = BUILDERS.get(figure.key)
    note = ""
    if builder is None:
        layout, note = pg.GraphicsLayout(), f"no renderer for the figure {figure.key!r}"
    else:
        layout, note = builder(figure, theme)
    view.setCentralItem(layout)
    view.resize(int(width), int(figure.height))
    view.setSceneRect(QRectF(0, 0, width, figure.height))
    layout.setGeometry(QRectF(0, 0, width, figure.height))
    _settle(layout)
    legends = [i for i in view.scene().items() if isinstance(i, LegendRow)]
    for legend in legends:          # a legend row wraps to the lines its width needs
        legend.fit_width(max(legend.size().width(), 50.0) - 4)
    if legends:
        layout.setGeometry(QRectF(0, 0, width, figure.height))
        _settle(layout)
    _fit_axes(layout)
    _settle(layout)
    return BuiltFigure(figure, view, layout, width, figure.height, note)


def _settle(item: Any) -> None:
    """Apply the layout and bring every ViewBox up to date (no event loop runs for an unshown view)."""
    scene = item.scene()
    if scene is None:
        return
    for _ in range(2):   # outer layouts first, then the plots' own layouts (no LayoutRequest events here)
        for child in sorted(scene.items(), key=_depth):
            inner = QGraphicsWidget.layout(child) if isinstance(child, QGraphicsWidget) else None
            if inner is not None:   # pyqtgraph shadows layout() with an attribute
                inner.activate()
    for child in scene.items():
        if isinstance(child, pg.ViewBox):
            child.updateViewRange()
            child.updateMatrix()


def _depth(item: Any) -> int:
    depth, parent = 0, item.parentItem()
    while parent is not None:
        depth, parent = depth + 1, parent.parentItem()
    return depth


def _fit_axes(item: Any) -> None:
    """Measure every axis' tick labels once, as its first paint would: axes widen to fit their labels
    only after measuring them, and labels that do not fit the old width would be dropped."""
    scene = item.scene()
    if scene is None:
        return
    image = QImage(4, 4, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    try:
        for child in scene.items():
            if isinstance(child, pg.AxisItem) and child.isVisible():
                painter.save()
                if child.style.get("tickFont"):
                    painter.setFont(child.style["tickFont"])
                child.generateDrawSpecs(painter)
                painter.restore()
    finally:
        painter.end()


def paint_figure(built: BuiltFigure, painter: QPainter, target: QRectF) -> None:
    """Draw the figure into `target` (same size as built, in the painter's coordinates) as vectors."""
    scene = built.view.scene()
    items = [i for i in scene.items() if hasattr(i, "setExportMode")]
    transform = painter.worldTransform()
    scale = max(abs(transform.m11()), 1e-6) * target.width() / max(built.width, 1e-6)
    opts = {"antialias": True, "background": QColor(PRINT.background), "painter": painter,
            "resolutionScale": scale}   # pixel-sized symbols scale with the output (PNG at 2x)
    for item in items:
        item.setExportMode(True, opts)
    try:
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        scene.render(painter, target, QRectF(0, 0, built.width, built.height),
                     Qt.AspectRatioMode.IgnoreAspectRatio)
        painter.restore()
    finally:
        for item in items:
            item.setExportMode(False)


def figure_svg(built: BuiltFigure, title: str = "") -> str:
    """The figure as SVG markup (QSvgGenerator; pyqtgraph's SVGExporter is broken on current Qt)."""
    from PySide6.QtSvg import QSvgGenerator

    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    generator = QSvgGenerator()
    generator.setOutputDevice(buffer)
    generator.setSize(QSize(int(built.width), int(built.height)))
    generator.setViewBox(QRectF(0, 0, built.width, built.height))
    generator.setResolution(96)
    generator.setTitle(title or built.figure.caption)
    painter = QPainter(generator)
    try:
        paint_figure(built, painter, QRectF(0, 0, built.width, built.height))
    finally:
        painter.end()
    buffer.close()
    text = bytes(data.data()).decode("utf-8")
    return text[text.find("<svg"):] if "<svg" in text else text


def figure_png(built: BuiltFigure, scale: float = 2.0) -> QImage:
    image = QImage(int(built.width * scale), int(built.height * scale), QImage.Format.Format_ARGB32)
    image.fill(QColor(PRINT.background))
    painter = QPainter(image)
    try:
        painter.scale(scale, scale)
        paint_figure(built, painter, QRectF(0, 0, built.width, built.height))
    finally:
        painter.end()
    return image


# -- builders: (figure, theme) -> (graphics layout, note) ---------------------------------------------
def _timeline(figure: Figure, theme: Theme):
    d = figure.data
    layout = pg.GraphicsLayout()
    plot = tp.timeline_plot_item(theme)
    items = tp.add_timeline_items(plot, theme)
    events = d["events"]
    tp.draw_timeline(items, events, tp.TimelineStyle.for_theme(theme))
    tp.outcome_marks(items, theme)
    tp.draw_context(items, d["context"], d["statements"], theme, bool(len(d["statements"])))
    plot.setLabel("bottom", "Date (UTC)", color=theme.muted)
    lo = tl.epoch_seconds(d["start"]) if d.get("start") else (float(events["t"].min()) if len(events) else 0)
    hi = tl.epoch_seconds(d["end"]) + tl.DAY if d.get("end") else (float(events["t_end"].max()) if len(events)
                                                                 else lo + tl.DAY)
    plot.setXRange(lo, hi, padding=0.02)
    plot.setMouseEnabled(x=False, y=False)
    shown = events[(events["t"] >= lo) & (events["t"] <= hi)] if len(events) else events
    context = d["context"]
    nuclear = bool(len(context)) and bool(((context["t"] >= lo) & (context["t"] <= hi)).any())
    entries = tp.legend_entries(theme, preliminary=bool(len(shown)) and bool(shown["preliminary"].any()),
                                nuclear=nuclear, statements=bool(len(d["statements"])))
    layout.addItem(LegendRow(entries, theme), row=0, col=0)
    layout.addItem(plot, row=1, col=0)
    return layout, ""


def _year_charts(figure: Figure, theme: Theme):
    d = figure.data
    layout = pg.GraphicsLayout()
    yearly_plot = pg.PlotItem()
    cumulative_plot = pg.PlotItem()
    layout.layout.setColumnStretchFactor(0, 3)
    layout.layout.setColumnStretchFactor(1, 2)
    whose = d.get("whose", "grouped from CNS missile rows")          # whose count the bars are
    tp.style_plot(yearly_plot, theme)
    tp.style_plot(cumulative_plot, theme)
    yearly_plot.setLabel("left", "count", color=theme.muted)
    cumulative_plot.setLabel("left", "missiles", color=theme.muted)
    charts = tp.year_charts(yearly_plot, cumulative_plot, theme)
    tp.draw_yearly(charts, d["yearly"], d["records_events"], d["records_missiles"], theme, d.get("uncovered"))
    tp.draw_cumulative(charts, d["curves"], theme)
    # print: the legend goes in a row of its own and the record is named there, never over the bars
    for label in [x for x in charts.record_labels if isinstance(x, pg.TextItem)]:
        yearly_plot.removeItem(label)
    for plot in (yearly_plot, cumulative_plot):
        if plot.legend is not None:
            plot.legend.scene().removeItem(plot.legend) if plot.legend.scene() else None
            plot.legend = None
    title = "Cumulative missiles by day"
    if len(d["curves"]) == 2:
        title += f": {d['curves'][0][0]} vs {d['curves'][1][0]}"
    cumulative_plot.setTitle(title, color=theme.text, size="8pt")
    yearly_plot.setTitle("Launch events and missiles per year", color=theme.text, size="8pt")
    quarters = [(32, "Feb"), (91, "Apr"), (152, "Jun"), (213, "Aug"), (274, "Oct"), (335, "Dec")]
    cumulative_plot.getAxis("bottom").setTicks([quarters, []])   # the pane's monthly ticks crowd at print width
    yearly = d["yearly"]
    # whose count the bars are (CNS, or the preliminary source after the CNS data end): the key's first words
    records = sorted(set(d["records_events"]) | set(d["records_missiles"]))
    entries = (tp.year_legend_entries(theme, None, yearly, records, d.get("uncovered"), whose)
               + tp.cumulative_legend_entries(theme, None, d["curves"]))
    layout.addItem(LegendRow(entries, theme), row=0, col=0, colspan=2)
    layout.addItem(yearly_plot, row=1, col=0)
    layout.addItem(cumulative_plot, row=1, col=1)
    yearly_plot.setYRange(0, max(float(yearly["missiles"].max()) if len(yearly) else 1.0, 1.0) * 1.06, padding=0)
    return layout, ""


def _alignment(figure: Figure, theme: Theme):
    from ui.plots.alignment_plot import AlignmentFigure

    view = figure.data["view"]
    layout = AlignmentFigure(theme)
    layout.set_view(view, fit=True)
    # print labelling: every column must be named at page width, so the top axis numbers the columns
    # (the statements table under the figure names them) and the bottom gives the Council members who
    # signed; the pane's two-line headers would be thinned to every fourth column at this width
    font = QFont("DejaVu Sans", 7)
    for axis in (layout.top_axis, layout.bottom_axis, layout.left_axis, layout.right_axis):
        axis.setStyle(tickFont=font)
    cols, m = view.matrix.columns, view.margins
    layout.top_axis.setLabels([str(i + 1) for i in range(len(cols))])
    layout.bottom_axis.setLabels([f"{int(sc)}{'★' if major else ''}" if known else "n/r"
                                  for sc, major, known in zip(m["council_signatories"], m["council_majority"],
                                                              m["positions_known"])])
    layout.left_axis.setLabels(layout._row_labels(view))
    layout.right_axis.setLabels(view.margin_texts())
    layout.fit(max_rows=200, max_cols=200, readable=False)
    return layout, ""


def _sanctions_period(figure: Figure, theme: Theme):
    from ui.plots.sanctions_plot import draw_period_chart

    counts = figure.data["counts"]
    layout = pg.GraphicsLayout()
    plot = pg.PlotItem()
    tp.style_plot(plot, theme)
    bars = draw_period_chart(plot, counts, theme, interactive=False, uncovered=figure.data.get("uncovered"))
    if plot.legend is not None and plot.legend.scene() is not None:   # print: the legend row replaces it
        plot.legend.scene().removeItem(plot.legend)
    plot.legend = None
    plot.titleLabel.setText("")            # the caption says what the chart counts (and a hidden long title
    plot.setTitle(None)                    # would still hold the plot to its width)
    periods = [str(p) for p in counts.index] if counts is not None else []
    for year in figure.data.get("highlight", []):
        if year in periods:
            i = periods.index(year)
            band = pg.LinearRegionItem(values=(i - 0.5, i + 0.5), movable=False,
                                       brush=pg.mkBrush(qcolor(theme.highlight, 50)), pen=pg.mkPen(None))
            band.setZValue(-10)
            plot.addItem(band)
    plot.setLabel("left", "dated designations", color=theme.muted)
    if periods:
        plot.setYRange(0, max(1.0, float(counts.sum(axis=1).max())) * 1.08, padding=0)
    entries = [LegendEntry(b.name() or "", brush=pg.mkBrush(b.opts.get("brush"))) for b in bars]
    if figure.data.get("highlight"):
        entries.append(LegendEntry("the brief's period", brush=pg.mkBrush(qcolor(theme.highlight, 50)),
                                   pen=pg.mkPen(None)))
    if figure.data.get("uncovered"):
        entries.append(LegendEntry("a list does not cover the year", brush=None,
                                   pattern=QBrush(qcolor(theme.response("not_covered"), 200),
                                                  Qt.BrushStyle.BDiagPattern)))
    layout.addItem(LegendRow(entries, theme), row=0, col=0)
    layout.addItem(plot, row=1, col=0)
    return layout, "" if periods else "no dated designations"


def _dedupe_legend(plot: pg.PlotItem) -> None:
    """Named items added after addLegend() are listed twice (once by name, once explicitly)."""
    legend = plot.legend
    if legend is None:
        return
    seen = set()
    for sample, label in list(legend.items):
        if label.text in seen:
            legend.removeItem(sample.item)
            seen.discard(None)
        seen.add(label.text)


def _network(figure: Figure, theme: Theme):
    from ui.plots.sanctions_plot import NODE_SYMBOLS, draw_network

    layout = pg.GraphicsLayout()
    plot = pg.PlotItem()
    plot.setMenuEnabled(False)
    plot.hideButtons()
    data = figure.data["graph"]
    network = draw_network(plot, data, theme)
    period = {int(i) for i in figure.data.get("period_ids", [])}
    hot = {i for i, d in enumerate(data.ids) if int(d) in period}
    faded = bool(hot) and len(hot) < len(data.ids)
    if faded:
        network.highlight(hot, [], None)           # the period's entries ringed, their neighbours faded
    for label in network.labels:                   # one label per entry would crowd the page: name the hubs
        plot.removeItem(label)
    network.labels = []
    order = list(NODE_SYMBOLS)
    kinds = sorted({str(k) for k in data.kinds}, key=lambda k: order.index(k) if k in order else 99)
    entries = [LegendEntry(k, "symbol", pg.mkBrush(qcolor(theme.muted, 160)), pen=pg.mkPen(qcolor(theme.text), width=0.6),
                           symbol=NODE_SYMBOLS.get(k, "o"), size=9) for k in kinds]
    streams = sorted({s for s in data.streams if s}, key=str)
    entries += [LegendEntry(f"stream: {s}", brush=pg.mkBrush(qcolor(theme.stream(s)))) for s in streams]
    if any(not s for s in data.streams):
        entries.append(LegendEntry("no confirmed stream", brush=pg.mkBrush(qcolor(theme.stream(None)))))
    if faded:
        entries.append(LegendEntry("ringed: designated in the period", "symbol", None,
                                   pen=pg.mkPen(qcolor(theme.highlight), width=2.2), symbol="o", size=10))
        entries.append(LegendEntry("thick: links among them; pale: neighbours", "line",
                                   pen=pg.mkPen(qcolor(theme.highlight), width=2.5)))
    layout.addItem(LegendRow(entries, theme), row=0, col=0)
    layout.addItem(plot, row=1, col=0)
    if len(data.ids):
        (x0, y0), (x1, y1) = data.pos.min(axis=0), data.pos.max(axis=0)
        pad = 0.08 * max(x1 - x0, y1 - y0, 1.0)
        plot.setRange(xRange=(x0 - pad, x1 + pad), yRange=(y0 - pad, y1 + pad), padding=0)
        _label_hubs(plot, data, theme, (figure.height - 40) / max(y1 - y0 + 2 * pad, 1e-9))
    return layout, ""


LABEL_ANCHORS = ((0.5, 1.3), (0.5, -0.3), (-0.12, 0.5), (1.12, 0.5))    # above, below, right, left of a node


def _label_hubs(plot: pg.PlotItem, data, theme: Theme, px_per_unit: float, most: int = 6) -> None:
    """Name the best-connected entries beside their node, at the first place (above, below, right, left)
    where the label covers no node and no label already placed; a hub with no such place goes unnamed."""
    from PySide6.QtGui import QFontMetricsF

    degree = np.bincount(data.edges.ravel(), minlength=len(data.ids)) if len(data.edges) else np.zeros(0, int)
    font = QFont("DejaVu Sans", 7)
    metrics = QFontMetricsF(font)
    nodes = np.column_stack([data.pos[:, 0] * px_per_unit, -data.pos[:, 1] * px_per_unit])   # screen pixels
    radius = 6.0
    placed: list[QRectF] = []
    for i in [int(i) for i in np.argsort(-degree, kind="stable") if degree[i] >= 2]:
        text = show_bidi(str(data.names[i]))
        text = text if len(text) <= 28 else text[:27] + "…"
        w, h = metrics.horizontalAdvance(text) + 6, metrics.height() + 2
        x, y = nodes[i]
        for ax, ay in LABEL_ANCHORS:
            box = QRectF(x - ax * w, y - ay * h, w, h)
            grown = box.adjusted(-radius, -radius, radius, radius)
            if any(grown.contains(float(nx), float(ny)) for nx, ny in nodes):
                continue
            if any(box.intersects(other) for other in placed):
                continue
            label = pg.TextItem(text, color=qcolor(theme.text), anchor=(ax, ay))
            label.setFont(font)
            label.setPos(*data.pos[i])
            plot.addItem(label)
            placed.append(box)
            break
        if len(placed) >= most:
            break


def _ledger(figure: Figure, theme: Theme):
    """Response lag per launch: no shared builder exists for it (the ledger pane is a table)."""
    d = figure.data
    layout = pg.GraphicsLayout()
    plot = tp.timeline_plot_item(theme)
    t, lag = np.asarray(d["t"], float), np.asarray(d["lag"], float)
    window = d.get("window_days", 30)
    not_covered = pg.mkBrush(qcolor(theme.response("not_covered"), 80))
    entries = [LegendEntry("days from the launch to the first joint statement", brush=pg.mkBrush(qcolor(theme.accent))),
               LegendEntry(f"no statement within {window} days", "symbol", pg.mkBrush(qcolor(theme.failure)),
                           pen=pg.mkPen(qcolor(theme.failure), width=1.2), symbol="x", size=10),
               LegendEntry(f"the {window}-day window", "line",
                           pen=pg.mkPen(qcolor(theme.muted), width=1, style=Qt.PenStyle.DashLine))]
    if d.get("uncovered_spans"):
        entries.append(LegendEntry("no statement source covers the dates", brush=not_covered))
    layout.addItem(LegendRow(entries, theme), row=0, col=0)
    layout.addItem(plot, row=1, col=0)
    if not len(t):
        return layout, "no launch events in the period"
    answered = ~np.isnan(lag)
    covered = np.asarray(d.get("covered", np.ones(len(t), bool)), bool)
    for t0, t1 in d.get("uncovered_spans", []):           # no statement source: a missing bar is not 'none'
        # a solid tint, not hatching: on a date axis in seconds a pattern's matrix is singular in a PDF
        band = pg.LinearRegionItem(values=(t0, t1), movable=False, brush=not_covered, pen=pg.mkPen(None))
        band.setZValue(-9)
        plot.addItem(band)
    width = 2.2 * tl.DAY
    plot.addItem(pg.BarGraphItem(x=t[answered], height=lag[answered], width=width,
                                 brush=pg.mkBrush(qcolor(theme.accent)), pen=pg.mkPen(None)))
    missed = pg.ScatterPlotItem(x=t[~answered & covered], y=np.zeros((~answered & covered).sum()), symbol="x", size=9,
                                pen=pg.mkPen(qcolor(theme.failure), width=1.2), brush=pg.mkBrush(qcolor(theme.failure)))
    plot.addItem(missed)
    plot.addItem(pg.InfiniteLine(pos=window, angle=0, pen=pg.mkPen(qcolor(theme.muted), width=1,
                                                                     style=Qt.PenStyle.DashLine)))
    plot.setLabel("left", "days", color=theme.muted)
    lo = tl.epoch_seconds(d["start"]) if d.get("start") else t.min() - 5 * tl.DAY
    hi = tl.epoch_seconds(d["end"]) + tl.DAY if d.get("end") else t.max() + 5 * tl.DAY
    plot.setXRange(lo, hi, padding=0.02)
    # room below zero for the 'no statement' marks: a marker is never clipped by the axis
    plot.setYRange(-0.09 * window, window * 1.1, padding=0)
    plot.setMouseEnabled(x=False, y=False)
    return layout, ""


def _pressure(figure: Figure, theme: Theme):
    """The hero figure: pressure against provocations (data: {"summary": PressureSummary}, from
    models.analytics.pressure.pressure_summary). The verdict line belongs in the caption or the text."""
    from ui.plots.pressure_plot import pressure_layout

    summary = figure.data["summary"]
    layout, _plot = pressure_layout(summary, theme)
    return layout, "" if summary.bins else "no period to draw"


BUILDERS = {"pressure": _pressure, "timeline": _timeline, "year_charts": _year_charts, "alignment": _alignment,
            "sanctions_period": _sanctions_period, "network": _network,
            "ledger": _ledger}

