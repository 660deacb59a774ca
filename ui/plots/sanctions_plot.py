"""Sanctions figures shared by the pane and the printed brief: designations per period, the network.

Builders take a `pg.PlotItem` and plain data (DataFrames, models.network.GraphData) and a Theme;
they never need the pane widget, so the brief can draw the same figures on its own scene.
"""
from __future__ import annotations

import html

import numpy as np
import pandas as pd
from PySide6.QtCore import Qt
import pyqtgraph as pg

from models.safe_text import show_bidi
from ui.theme import Theme, qcolor

AUTHORITY_ORDER = ("OFAC", "UN 1718 Committee", "UN Security Council")
MIN_SLOTS = 6           # the period chart's x axis is at least this many periods wide
NODE_SYMBOLS = {"person": "o", "company": "s", "bank": "d", "vessel": "t", "aircraft": "t1", "government": "p"}


def authority_colour(theme: Theme, authority: str, index: int) -> str:
    palette = [theme.accent, theme.abstain, theme.success, theme.vote_no, theme.muted]
    known = {"OFAC": theme.accent, "UN 1718 Committee": theme.abstain, "UN Security Council": theme.abstain}
    return known.get(authority, palette[index % len(palette)])


PERIOD_CHART_TITLE = ("Designations dated in each period by authority: UN by listed-on date, OFAC by its change "
                      "archive or list versions (a window only when it lies wholly in the period); hatched: a list "
                      "does not cover it")


def draw_period_chart(plot: pg.PlotItem, counts: pd.DataFrame, theme: Theme,
                      interactive: bool = True, uncovered: dict[str, list[str]] | None = None) -> list[pg.BarGraphItem]:
    """Stacked bars: designations per period (counts.index, 'YYYY' or 'YYYY-MM') by authority (columns).

    Each entry counts in the period of its designation date (models.designation_dates); one known only
    to a window between two list versions counts only in a period that holds the whole window ("dated" in
    models.response_vocabulary), never where it merely ends.
    `interactive` adds the on-screen hint that a bar click filters the log.

    Returns the bar items (one per authority); each carries `periods` so a click can name its bar.
    """
    plot.clear()
    if plot.legend is not None:
        plot.legend.clear()
    plot.getViewBox().setBackgroundColor(qcolor(theme.background))
    for name in ("left", "bottom"):
        axis = plot.getAxis(name)
        axis.setPen(qcolor(theme.muted))
        axis.setTextPen(qcolor(theme.text))
    if counts is None or counts.empty:
        plot.setTitle("No dated designations in this view", color=theme.muted, size="9pt")
        return []
    periods = [str(p) for p in counts.index]
    x = np.arange(len(periods), dtype=float)
    base = np.zeros(len(periods))
    bars = []
    columns = sorted(counts.columns, key=lambda a: (AUTHORITY_ORDER.index(a) if a in AUTHORITY_ORDER else 9, a))
    colours = {a: authority_colour(theme, a, i) for i, a in enumerate(columns)}
    legend = None
    if interactive:                 # the pane's chart is short: the colour key goes in its title line
        key = "&nbsp;&nbsp;".join(f"<span style='color:{colours[a]}'>&#9632;</span>&nbsp;{html.escape(a)}"
                                  for a in columns)
        plot.setTitle(f"Dated designations: {key}", color=theme.text, size="9pt")
        plot.getViewBox().setToolTip(PERIOD_CHART_TITLE + ".\nClick a bar to filter the log to its period;"
                                     " click the background to clear.")
    else:
        plot.setTitle(PERIOD_CHART_TITLE, color=theme.muted, size="9pt")
        legend = plot.legend or plot.addLegend(offset=(8, 4), labelTextColor=qcolor(theme.text),
                                               brush=qcolor(theme.surface, 220))
    for authority in columns:
        heights = counts[authority].to_numpy(dtype=float)
        bar = pg.BarGraphItem(x=x, y0=base.copy(), height=heights, width=0.75, brush=qcolor(colours[authority]),
                              pen=pg.mkPen(qcolor(theme.background), width=0.5), name=authority)
        bar.periods = periods
        plot.addItem(bar)           # a named item joins the plot's legend here: never add it a second time
        if legend is not None and not any(sample.item is bar for sample, _label in legend.items):
            legend.addItem(bar, authority)
        bars.append(bar)
        base += heights
    if legend is not None:
        legend.setColumnCount(max(1, len(columns)))     # one row, in the headroom above the bars
    shade_uncovered(plot, periods, uncovered or {}, theme)
    step = max(1, -(-len(periods) * len(periods[0]) // 40))   # about ten years or six months to a row
    plot.getAxis("bottom").setTicks([[(i, periods[i]) for i in range(0, len(periods), step)], []])
    pad = max(0.0, (MIN_SLOTS - len(periods)) / 2)          # one period: a bar, not a slab across the chart
    plot.setXRange(-0.6 - pad, len(periods) - 0.4 + pad, padding=0)
    plot.setYRange(0, max(1.0, float(base.max())) * (1.35 if legend is not None else 1.08), padding=0)
    plot.setMouseEnabled(x=False, y=False)
    plot.hideButtons()
    return bars


def shade_uncovered(plot: pg.PlotItem, periods: list[str], uncovered: dict[str, list[str]], theme: Theme) -> None:
    """Grey hatched bands over the periods a list does not cover: its bar there is missing, not zero."""
    for period, sources in uncovered.items():
        if period not in periods:
            continue
        i = periods.index(period)
        brush = pg.mkBrush(qcolor(theme.response("not_covered"), 90))
        brush.setStyle(Qt.BrushStyle.BDiagPattern)
        band = pg.LinearRegionItem(values=(i - 0.5, i + 0.5), movable=False, brush=brush, pen=pg.mkPen(None))
        band.setZValue(-9)
        band.setToolTip(f"{period}: not covered by {', '.join(sources)} (no bar is not zero)")
        band.uncovered = sources
        plot.addItem(band)


def period_at(x: float, periods: list[str]) -> str | None:
    i = int(round(x))
    return periods[i] if 0 <= i < len(periods) and abs(x - i) <= 0.4 else None


class NetworkFigure:
    """The designation network on a PlotItem: edges as one path, nodes as one scatter, a highlight layer.

    `set_data(graph_data)` draws it; `highlight(indices, path)` emphasises a neighbourhood and a path.
    Nodes are shaped by kind and coloured by main revenue stream.
    """

    def __init__(self, plot: pg.PlotItem, theme: Theme):
        self.plot, self.theme = plot, theme
        plot.getViewBox().setBackgroundColor(qcolor(theme.background))
        plot.hideAxis("left")
        plot.hideAxis("bottom")
        plot.setAspectLocked(True)
        self.edges = pg.PlotCurveItem(pen=pg.mkPen(qcolor(theme.grid), width=1), connect="pairs")
        self.hot_edges = pg.PlotCurveItem(pen=pg.mkPen(qcolor(theme.highlight), width=2.5), connect="pairs")
        self.nodes = pg.ScatterPlotItem(pxMode=True, hoverable=True)
        self.labels: list[pg.TextItem] = []
        for item in (self.edges, self.hot_edges, self.nodes):
            plot.addItem(item)
        self.data = None
        self._brushes = {}

    def set_data(self, data) -> None:
        self.data = data
        self._brushes = {s: pg.mkBrush(qcolor(self.theme.stream(s))) for s in set(data.streams) | {None}}
        self._draw_edges(self.edges, np.arange(len(data.edges)))
        self.hot_edges.setData([], [])
        self._draw_nodes(set(), [])

    def _draw_edges(self, item: pg.PlotCurveItem, which: np.ndarray) -> None:
        data = self.data
        if data is None or len(which) == 0:
            item.setData([], [])
            return
        pairs = data.pos[data.edges[which]].reshape(-1, 2)
        item.setData(pairs[:, 0], pairs[:, 1], connect="pairs")

    def _draw_nodes(self, hot: set[int], path: list[int], selected: int | None = None) -> None:
        data = self.data
        n = len(data.ids)
        faded = bool(hot)
        dim = pg.mkPen(qcolor(self.theme.background), width=0.5)
        ring = pg.mkPen(qcolor(self.theme.highlight), width=2.5)
        mark = pg.mkPen(qcolor(self.theme.text), width=2.5)
        spots = []
        for i in range(n):
            in_focus = i in hot
            brush = self._brushes[data.streams[i]]
            if faded and not in_focus:
                brush = pg.mkBrush(qcolor(self.theme.stream(data.streams[i]), 70))
            pen = mark if i == selected else ring if (in_focus and faded) or i in path else dim
            spots.append({"pos": data.pos[i], "data": i, "symbol": NODE_SYMBOLS.get(data.kinds[i], "o"),
                          "size": 13 if i == selected else 9, "brush": brush, "pen": pen})
        self.nodes.setData(spots)
        for label in self.labels:
            self.plot.removeItem(label)
        self.labels = []
        for i in sorted(hot | set(path))[:40] if faded or path else []:
            label = pg.TextItem(show_bidi(data.names[i]), color=qcolor(self.theme.text), anchor=(0, 1))
            label.setPos(*data.pos[i])
            self.plot.addItem(label)
            self.labels.append(label)

    def highlight(self, hot: set[int], path: list[int], selected: int | None) -> None:
        data = self.data
        if data is None:
            return
        if path:
            steps = set(zip(path, path[1:])) | set(zip(path[1:], path))
            which = np.array([k for k, (a, b) in enumerate(data.edges) if (a, b) in steps], dtype=np.int64)
        elif hot:
            which = np.array([k for k, (a, b) in enumerate(data.edges) if a in hot and b in hot], dtype=np.int64)
        else:
            which = np.zeros(0, dtype=np.int64)
        self._draw_edges(self.hot_edges, which)
        self._draw_nodes(hot, path, selected)

    def focus(self, indices: list[int]) -> None:
        """Zoom to these nodes (the selected neighbourhood or a component)."""
        if self.data is None or not indices:
            return
        pts = self.data.pos[indices]
        (x0, y0), (x1, y1) = pts.min(axis=0), pts.max(axis=0)
        pad = max(0.8, 0.35 * max(x1 - x0, y1 - y0))
        self.plot.setRange(xRange=(x0 - pad, x1 + pad), yRange=(y0 - pad, y1 + pad), padding=0)


def draw_network(plot: pg.PlotItem, graph_data, theme: Theme) -> NetworkFigure:
    figure = NetworkFigure(plot, theme)
    figure.set_data(graph_data)
    return figure


def stream_legend_html(theme: Theme, streams: list[str]) -> str:
    chips = [f'<span style="color:{theme.stream(s)}">&#9679;</span> {s}' for s in streams]
    return "&nbsp;&nbsp;".join(chips)

