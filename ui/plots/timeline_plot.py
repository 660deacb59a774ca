"""The missile timeline figures: event scatter on a date axis, yearly bars, cumulative-by-day curves.

Builders take a pyqtgraph PlotItem (or GraphicsLayout) and frames from models.analytics.timeline and
never touch a pane, so the printed brief draws the same figures. Brushes and pens come from the theme
and are shared (one per outcome/confirmation pair), never one per point.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QBrush, QFont, QPen

from models.analytics.timeline import OUTCOMES
from models.launch_sources import NAGIX, PRELIMINARY, SOURCES
from models.launches import CLASS_ORDER
from ui.theme import Theme, qcolor

Y_MODES = {"class": "Missile class", "apogee": "Apogee (km)", "distance": "Distance (km)"}
Y_COLUMNS = {"apogee": "max_apogee_km", "distance": "max_distance_km"}
LOD_THRESHOLD = 20_000  # above this many markers, overlapping ones merge per LOD_PIXELS cell
LOD_PIXELS = 8.0
CONFIRMED_SYMBOL = "o"
PRELIMINARY_SYMBOL = "d"      # a diamond: launch events counted only by a preliminary third-party source


def outcome_colour(theme: Theme, outcome: str) -> str:
    return {"success": theme.success, "failure": theme.failure, "mixed": theme.accent}.get(outcome, theme.unknown)


@dataclass
class TimelineStyle:
    """Shared pens and brushes for one theme (a handful of objects, reused for every point)."""

    theme: Theme
    brushes: dict[tuple[str, bool], QBrush] = field(default_factory=dict)
    pens: dict[tuple[str, bool], QPen] = field(default_factory=dict)

    @classmethod
    def for_theme(cls, theme: Theme) -> "TimelineStyle":
        style = cls(theme)
        for outcome in OUTCOMES:
            colour = outcome_colour(theme, outcome)
            for confirmed in (True, False):
                style.brushes[(outcome, confirmed)] = pg.mkBrush(qcolor(colour, 200) if confirmed
                                                                 else qcolor(theme.background, 0))
                style.pens[(outcome, confirmed)] = pg.mkPen(qcolor(colour), width=1.0 if confirmed else 1.8)
        return style

    def arrays(self, outcome_codes: np.ndarray, confirmed: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Object arrays of the shared brushes/pens for each point (outcome codes index OUTCOMES)."""
        brushes = np.empty(len(outcome_codes), dtype=object)
        pens = np.empty(len(outcome_codes), dtype=object)
        for code, outcome in enumerate(OUTCOMES):
            is_outcome = outcome_codes == code
            for conf in (True, False):
                sel = is_outcome & (confirmed == conf)
                if sel.any():
                    brushes[sel] = self.brushes[(outcome, conf)]
                    pens[sel] = self.pens[(outcome, conf)]
        return brushes, pens


def _bar_symbol():
    from PySide6.QtGui import QPainterPath

    path = QPainterPath()
    path.addRect(-0.5, -0.11, 1.0, 0.22)
    return path


# a mark drawn inside each marker (over its colour), so outcomes stay apart in greyscale print:
# success plain, failure a cross, unknown a bar, mixed a plus
OUTCOME_MARKS = {"failure": "x", "unknown": _bar_symbol(), "mixed": "+"}
MARK_SCALE = 0.62


def outcome_marks(items: "TimelineItems", theme: Theme) -> pg.ScatterPlotItem:
    """A scatter of marks over the drawn markers (see OUTCOME_MARKS): knocked out in the background colour
    on a filled (confirmed) marker, in the outcome colour inside a hollow (unconfirmed) one."""
    marks = pg.ScatterPlotItem(pxMode=True, hoverable=False)
    pts = items.points
    spots = []
    for i in range(len(pts.get("x", []))):
        outcome = OUTCOMES[int(pts["outcome"][i])] if 0 <= int(pts["outcome"][i]) < len(OUTCOMES) else "unknown"
        symbol = OUTCOME_MARKS.get(outcome)
        if symbol is None:
            continue
        colour = theme.background if pts["confirmed"][i] else outcome_colour(theme, outcome)
        spots.append({"pos": (pts["x"][i], pts["y"][i]), "symbol": symbol,
                      "size": max(5.0, float(pts["size"][i]) * MARK_SCALE),
                      "brush": pg.mkBrush(qcolor(colour)), "pen": pg.mkPen(None)})
    marks.setData(spots)
    marks.setZValue(items.scatter.zValue() + 1)
    items.plot.addItem(marks)
    return marks


def legend_entries(theme: Theme, preliminary: bool = False, nuclear: bool = False, statements: bool = False):
    """The timeline's legend (ui.plots.legend_row) with the markers and marks the plot draws."""
    from ui.plots.legend_row import LegendEntry

    out = []
    for outcome in ("success", "failure", "unknown", "mixed"):
        colour = qcolor(outcome_colour(theme, outcome))
        mark = OUTCOME_MARKS.get(outcome)
        marks = [(mark, None, pg.mkBrush(qcolor(theme.background)), 10 * MARK_SCALE)] if mark is not None else None
        out.append(LegendEntry(outcome, "symbol", pg.mkBrush(qcolor(outcome_colour(theme, outcome), 200)),
                               pen=pg.mkPen(colour, width=1.0), symbol=CONFIRMED_SYMBOL, size=10, marks=marks))
    out.append(LegendEntry("hollow: unconfirmed", "symbol", None, pen=pg.mkPen(qcolor(theme.text), width=1.6),
                           symbol=CONFIRMED_SYMBOL, size=10))
    if preliminary:
        out.append(LegendEntry(f"{PRELIMINARY} ({SOURCES[NAGIX].count})", "symbol",
                               pg.mkBrush(qcolor(theme.muted, 200)), pen=pg.mkPen(qcolor(theme.muted)),
                               symbol=PRELIMINARY_SYMBOL, size=10))
    if nuclear:
        out.append(LegendEntry("nuclear test", "line",
                               pen=pg.mkPen(qcolor(theme.failure), width=1.5, style=Qt.PenStyle.DashLine)))
    if statements:
        out.append(LegendEntry("statement", "line", pen=pg.mkPen(qcolor(theme.accent), width=1.5)))
    out.append(LegendEntry("size: missiles in the event", "text"))
    return out


def marker_sizes(missile_count: np.ndarray) -> np.ndarray:
    """Pixel diameter: 7 px for one missile, growing with the square root of the count."""
    return 7.0 + 4.0 * np.sqrt(np.maximum(missile_count.astype(float), 1.0) - 1.0)


@dataclass
class TimelineItems:
    """The items a timeline PlotItem holds, so callers can update them with setData."""

    plot: pg.PlotItem
    scatter: pg.ScatterPlotItem
    spans: pg.PlotCurveItem
    selection: pg.ScatterPlotItem
    contested: pg.ScatterPlotItem | None = None      # a flag beside events whose count sources dispute
    context_lines: list[pg.InfiniteLine] = field(default_factory=list)
    statement_lines: list[pg.InfiniteLine] = field(default_factory=list)
    designation_lines: list[pg.InfiniteLine] = field(default_factory=list)
    x: np.ndarray = field(default_factory=lambda: np.zeros(0))
    y: np.ndarray = field(default_factory=lambda: np.zeros(0))
    x_end: np.ndarray = field(default_factory=lambda: np.zeros(0))
    rows: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype="int64"))
    counts: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype="int64"))
    points: dict[str, np.ndarray] = field(default_factory=dict)  # every day event's marker, time order
    style: "TimelineStyle | None" = None
    y_mode: str = "class"
    aggregated: bool = False
    lod_window: tuple[float, float] = (0.0, 0.0)
    lod_bin: float = 0.0


def timeline_plot_item(theme: Theme, title: str | None = None) -> pg.PlotItem:
    """A PlotItem with a UTC DateAxisItem at the bottom (epoch seconds), themed."""
    plot = pg.PlotItem(axisItems={"bottom": pg.DateAxisItem(orientation="bottom", utcOffset=0)})
    style_plot(plot, theme, title)
    return plot


def style_plot(plot: pg.PlotItem, theme: Theme, title: str | None = None) -> None:
    plot.getViewBox().setBackgroundColor(qcolor(theme.background))
    for name in ("left", "bottom"):
        axis = plot.getAxis(name)
        axis.setPen(pg.mkPen(qcolor(theme.muted)))
        axis.setTextPen(pg.mkPen(qcolor(theme.text)))
        axis.setGrid(60)
    if title:
        plot.setTitle(title, color=theme.text, size="10pt")
    plot.hideButtons()
    plot.setMenuEnabled(False)


def add_timeline_items(plot: pg.PlotItem, theme: Theme) -> TimelineItems:
    scatter = pg.ScatterPlotItem(pxMode=True, symbol=CONFIRMED_SYMBOL, hoverable=False)
    spans = pg.PlotCurveItem(connect="pairs")
    selection = pg.ScatterPlotItem(pxMode=True, symbol="o", size=20, brush=pg.mkBrush(None),
                                   pen=pg.mkPen(qcolor(theme.highlight), width=2.5))
    contested = pg.ScatterPlotItem(pxMode=True, symbol=_flag_symbol(), hoverable=False, pen=pg.mkPen(None),
                                   brush=pg.mkBrush(qcolor(theme.failure)))
    for item in (spans, scatter, selection, contested):
        plot.addItem(item)
    selection.setZValue(10)
    contested.setZValue(11)
    return TimelineItems(plot, scatter, spans, selection, contested)


def _flag_symbol():
    """A small pennant at the upper right of the marker's box (the symbol is scaled to twice the marker)."""
    from PySide6.QtGui import QPainterPath, QPolygonF

    path = QPainterPath()
    path.addPolygon(QPolygonF([QPointF(0.22, -0.5), QPointF(0.5, -0.38), QPointF(0.22, -0.26)]))
    path.addRect(0.19, -0.5, 0.04, 0.32)
    return path


CONTESTED_MARK = "⚑"        # the flag's name in the header, tooltips and the ledger


def draw_contested(items: TimelineItems, events: pd.DataFrame, mask: np.ndarray | None, launch_ids) -> None:
    """Flag the drawn events whose launch id is in `launch_ids` (days with several missile counts)."""
    if items.contested is None:
        return
    if mask is None:
        mask = np.ones(len(events), dtype=bool)
    flagged = events["launch_id"].isin(list(launch_ids)).to_numpy()[mask][items.rows] if len(items.rows) else []
    where = np.flatnonzero(flagged)
    if not len(where) or items.aggregated:
        items.contested.setData(x=[], y=[])
        return
    x = (items.x[where] + items.x_end[where]) / 2
    items.contested.setData(x=x, y=items.y[where], size=2 * marker_sizes(items.counts[where]) + 8)


def event_y(events: pd.DataFrame, y_mode: str, log_y: bool) -> np.ndarray:
    """The y value of every event: class position, or apogee/distance (log10 when log_y; NaN = not drawn)."""
    if y_mode == "class":
        return events["y_class"].to_numpy(dtype=float)
    values = events[Y_COLUMNS[y_mode]].to_numpy(dtype=float)
    if log_y:
        with np.errstate(divide="ignore", invalid="ignore"):
            values = np.where(values > 0, np.log10(values), np.nan)
    return values


def draw_timeline(items: TimelineItems, events: pd.DataFrame, style: TimelineStyle, y_mode: str = "class",
                  log_y: bool = False, mask: np.ndarray | None = None) -> None:
    """Fill the scatter (day events) and span segments (month-only events) from prepared events.

    `mask` picks the events to draw (default all); items.rows index the masked events in order.
    Events whose y is missing (no apogee/distance recorded) are left out, never imputed.
    """
    if mask is None:
        mask = np.ones(len(events), dtype=bool)
    col = lambda name, dtype=None: events[name].to_numpy(dtype=dtype)[mask]  # noqa: E731
    y = event_y(events, y_mode, log_y)[mask]
    keep = ~np.isnan(y)
    rows = np.flatnonzero(keep)
    x = col("t", float)
    x_end = col("t_end", float)
    span = col("span", bool)
    items.rows, items.x, items.y, items.x_end = rows, x[rows], y[rows], x_end[rows]
    items.counts = col("missile_count")[rows]
    point = keep & ~span
    items.points = {"x": x[point], "y": y[point], "size": marker_sizes(col("missile_count")[point]),
                    "outcome": col("outcome_code")[point], "confirmed": col("confirmed", bool)[point],
                    "preliminary": col("preliminary", bool)[point], "row": np.flatnonzero(point)}
    items.style, items.y_mode = style, y_mode
    items.aggregated = len(items.points["x"]) > LOD_THRESHOLD
    if not items.aggregated:
        pts = items.points
        brushes, pens = style.arrays(pts["outcome"], pts["confirmed"])
        # the item's own symbol unless some are preliminary: per-point symbols take a slower path in pyqtgraph
        extra = {"symbol": np.where(pts["preliminary"], PRELIMINARY_SYMBOL, CONFIRMED_SYMBOL).astype(object)} \
            if pts["preliminary"].any() else {}
        items.scatter.setData(x=pts["x"], y=pts["y"], size=pts["size"], brush=brushes, pen=pens, data=pts["row"],
                              **extra)
    span_rows = np.flatnonzero(keep & span)
    if len(span_rows):
        sx = np.column_stack([x[span_rows], x_end[span_rows]]).ravel()
        sy = np.repeat(y[span_rows], 2)
        items.spans.setData(sx, sy, connect="pairs")
        items.spans.setPen(pg.mkPen(qcolor(style.theme.muted), width=5, cap=Qt.PenCapStyle.FlatCap))
    else:
        items.spans.setData([], [])
    axis = items.plot.getAxis("left")
    finite = y[keep]
    if y_mode == "class":
        items.plot.setYRange(-0.6, len(CLASS_ORDER) - 0.5, padding=0)
    elif len(finite):  # set the range before switching log mode, so the axis never sees 10**6000
        items.plot.setYRange(float(finite.min()), float(finite.max()), padding=0.08)
    if y_mode == "class":
        axis.setLogMode(False)
        axis.setTicks([[(i, name) for i, name in enumerate(CLASS_ORDER)], []])
        items.plot.setLabel("left", "")
    else:
        axis.setTicks(None)
        axis.setLogMode(bool(log_y))
        items.plot.setLabel("left", Y_MODES[y_mode], color=style.theme.text)
    if items.aggregated:
        update_lod(items)


def _lod_scale(items: TimelineItems) -> tuple[float, float, float, float, float]:
    vb = items.plot.getViewBox()
    (x0, x1), (y0, y1) = vb.viewRange()
    width, height = max(vb.width(), 200.0), max(vb.height(), 150.0)
    return x0, x1, LOD_PIXELS * (x1 - x0) / width, y0, LOD_PIXELS * (y1 - y0) / height


def lod_stale(items: TimelineItems) -> bool:
    """Whether the merged markers no longer fit the view (panned out of the window, or zoomed)."""
    if not items.aggregated:
        return False
    x0, x1, bin_x, _, _ = _lod_scale(items)
    lo, hi = items.lod_window
    return x0 < lo or x1 > hi or not 0.67 < bin_x / max(items.lod_bin, 1e-9) < 1.5


def update_lod(items: TimelineItems) -> None:
    """Merge the markers within a window of three view widths into LOD_PIXELS cells and set them.

    Cells are fixed in data coordinates, so panning inside the window needs no recompute.
    """
    from models.analytics.timeline import aggregate_points

    pts, style = items.points, items.style
    x0, x1, bin_x, y0, y1_bin = _lod_scale(items)
    width = x1 - x0
    lo, hi = x0 - width, x1 + width
    a, b = np.searchsorted(pts["x"], [lo, hi])
    bin_y = 1.0 if items.y_mode == "class" else y1_bin
    agg = aggregate_points(pts["x"][a:b], pts["y"][a:b], pts["size"][a:b], pts["outcome"][a:b],
                           pts["confirmed"][a:b], bin_x, bin_y)
    if items.y_mode == "class":
        agg["y"] = np.round(agg["y"])
    brushes, pens = style.arrays(agg["outcome"], agg["confirmed"])
    items.scatter.setData(x=agg["x"], y=agg["y"], size=agg["size"], brush=brushes, pen=pens, data=agg["n"])
    items.lod_window, items.lod_bin = (lo, hi), bin_x


def event_near(items: TimelineItems, scene_pos: QPointF, radius: float = 6.0) -> int | None:
    """Index into the drawn (masked) events of the one nearest `scene_pos`, within its marker
    (or `radius` px; month spans count along their whole length), else None. Vectorised."""
    if len(items.x) == 0:
        return None
    vb = items.plot.getViewBox()
    (x0, x1), (y0, y1) = vb.viewRange()
    p0, p1 = vb.mapViewToScene(QPointF(x0, y0)), vb.mapViewToScene(QPointF(x1, y1))
    sx, sy = (p1.x() - p0.x()) / (x1 - x0), (p1.y() - p0.y()) / (y1 - y0)
    px0 = p0.x() + (items.x - x0) * sx
    px1 = p0.x() + (items.x_end - x0) * sx
    py = p0.y() + (items.y - y0) * sy
    dx = np.maximum(np.maximum(px0 - scene_pos.x(), scene_pos.x() - px1), 0.0)
    dist = np.hypot(dx, py - scene_pos.y())
    inside = dist <= np.maximum(marker_sizes(items.counts) / 2 + 2, radius)
    if not inside.any():
        return None
    best = np.flatnonzero(inside)[np.argmin(dist[inside])]
    return int(items.rows[best])


def draw_selection(items: TimelineItems, row: int | None) -> None:
    """Ring the selected event (`row` counts among the drawn, masked events), or clear the ring."""
    where = np.flatnonzero(items.rows == row) if row is not None else []
    if len(where):
        i = where[0]
        items.selection.setData(x=[(items.x[i] + items.x_end[i]) / 2], y=[items.y[i]])
    else:
        items.selection.setData(x=[], y=[])


def draw_context(items: TimelineItems, context: pd.DataFrame, statements: pd.DataFrame, theme: Theme,
                 show_statements: bool, designations: pd.DataFrame | None = None) -> None:
    """Dashed lines for nuclear tests; thin ticks along the bottom edge for statements and, above them,
    for designations with an exact listing date."""
    for line in items.context_lines:
        items.plot.removeItem(line)
    items.context_lines = []
    pen = pg.mkPen(qcolor(theme.failure, 170), width=1.2, style=Qt.PenStyle.DashLine)
    for t, label in zip(context["t"].to_numpy(), context["label"].astype(str)):
        line = pg.InfiniteLine(pos=float(t), angle=90, movable=False, pen=pen)
        line.setToolTip(label)
        line.setZValue(-6)
        items.plot.addItem(line, ignoreBounds=True)
        items.context_lines.append(line)
    tick = pg.mkPen(qcolor(theme.accent, 190), width=1.5)
    items.statement_lines = _redraw_ticks(items, items.statement_lines,
                                          statements if show_statements else None, tick, (0.0, 0.06))
    tick = pg.mkPen(qcolor(theme.muted, 200), width=1.0)
    items.designation_lines = _redraw_ticks(items, items.designation_lines, designations, tick, (0.07, 0.12))


def _redraw_ticks(items: TimelineItems, old: list[pg.InfiniteLine], ticks: pd.DataFrame | None, pen,
                  span: tuple[float, float]) -> list[pg.InfiniteLine]:
    """Replace `old` with one thin vertical tick per row of `ticks` (t, label), over `span` of the view."""
    for line in old:
        items.plot.removeItem(line)
    lines: list[pg.InfiniteLine] = []
    if ticks is None or not len(ticks):
        return lines
    for t, label in zip(ticks["t"].to_numpy(dtype=float), ticks["label"].astype(str)):
        line = pg.InfiniteLine(pos=float(t), angle=90, movable=False, pen=pen, span=span)
        line.setToolTip(label)
        line.setZValue(-5)
        items.plot.addItem(line, ignoreBounds=True)
        lines.append(line)
    return lines


@dataclass
class YearCharts:
    """The yearly-bars and cumulative plots' items, updated in place with setOpts/setData."""

    yearly_plot: pg.PlotItem
    cumulative_plot: pg.PlotItem
    bars: list[pg.BarGraphItem]
    bar_samples: list[pg.ScatterPlotItem]
    curves: list[pg.PlotDataItem]
    record_labels: list[pg.TextItem] = field(default_factory=list)


def year_charts(yearly_plot: pg.PlotItem, cumulative_plot: pg.PlotItem, theme: Theme,
                plot_legends: bool = True) -> YearCharts:
    """Add the bars (events, missiles), two cumulative curves and, with `plot_legends`, pyqtgraph legends
    inside the plots (the dashboard passes False and keys the charts in rows of their own: year_legend_entries,
    cumulative_legend_entries)."""
    if plot_legends:
        yearly_plot.addLegend(offset=(10, 5), labelTextColor=theme.text)
        cumulative_plot.addLegend(offset=(10, 10), labelTextColor=theme.text)
    bars, samples = [], []
    for offset, label in ((-0.21, "launch events"), (0.21, "missiles")):
        item = pg.BarGraphItem(x=[offset], height=[0], width=0.4, pen=pg.mkPen(None))
        sample = pg.ScatterPlotItem(symbol="s", size=10, pen=pg.mkPen(None))
        yearly_plot.addItem(item)
        if plot_legends:
            yearly_plot.legend.addItem(sample, label)
        bars.append(item)
        samples.append(sample)
    curves = [cumulative_plot.plot([], [], name=" " if plot_legends else None) for _ in range(2)]
    month_starts = [1, 32, 60, 91, 121, 152, 182, 213, 244, 274, 305, 335]
    names = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    months = list(zip(month_starts, names))      # quarters first; the other months only where they fit
    cumulative_plot.getAxis("bottom").setTicks([months[::3], [m for i, m in enumerate(months) if i % 3]])
    cumulative_plot.setXRange(1, 366, padding=0.01)
    return YearCharts(yearly_plot, cumulative_plot, bars, samples, curves)


def draw_yearly(charts: YearCharts, yearly: pd.DataFrame, records_events: list[int], records_missiles: list[int],
                theme: Theme, uncovered: list[int] | None = None, label_records: bool = True) -> None:
    """Side-by-side bars of launch events and missiles per year; record years in the highlight colour;
    years the launch data does not cover completely (`uncovered`) shaded: a missing bar there is not zero.
    With `label_records` the record is named beside its bar; else the legend names it (year_legend_entries)."""
    plot = charts.yearly_plot
    for label in charts.record_labels:
        plot.removeItem(label)
    charts.record_labels = []
    for year in uncovered or []:
        brush = pg.mkBrush(qcolor(theme.response("not_covered"), 90))
        brush.setStyle(Qt.BrushStyle.BDiagPattern)
        band = pg.LinearRegionItem(values=(year - 0.5, year + 0.5), movable=False, brush=brush, pen=pg.mkPen(None))
        band.setZValue(-9)
        band.setToolTip(f"{year}: the launch data do not cover the whole year (not covered is not zero)")
        band.uncovered_year = year
        plot.addItem(band)
        charts.record_labels.append(band)
    years = yearly["year"].to_numpy(dtype=float)
    for bars, sample, offset, column, colour, records in (
            (charts.bars[0], charts.bar_samples[0], -0.21, "events", theme.accent, records_events),
            (charts.bars[1], charts.bar_samples[1], 0.21, "missiles", theme.muted, records_missiles)):
        normal, record = pg.mkBrush(qcolor(colour)), pg.mkBrush(qcolor(theme.highlight))
        sample.setBrush(normal)
        is_record = np.isin(yearly["year"].to_numpy(), records)
        bars.setVisible(not yearly.empty)
        if not yearly.empty:
            bars.setOpts(x=years + offset, height=yearly[column].to_numpy(dtype=float),
                         brushes=[record if r else normal for r in is_record])
    if yearly.empty:
        return
    for year in sorted(set(records_events) | set(records_missiles)) if label_records else []:
        row = yearly[yearly["year"] == year].iloc[0]
        text = pg.TextItem(f"record {year}: {row['events']} events, {row['missiles']} missiles",
                           color=theme.text, anchor=(1, 0))     # hangs left of the bar's top: fits a short chart
        text.setPos(float(year) - 0.45, float(row["missiles"]))
        plot.addItem(text)
        charts.record_labels.append(text)
    span = list(years) + [float(y) for y in uncovered or [] if y <= years.max() + 3]
    plot.setXRange(min(span) - 0.8, max(span) + 0.8, padding=0)
    plot.setYRange(0, max(float(yearly["missiles"].max()), 1.0) * 1.18, padding=0)


def draw_cumulative(charts: YearCharts, curves: list[tuple[int, pd.DataFrame]], theme: Theme,
                    measure: str = "missiles") -> None:
    """Cumulative `measure` by day of year, one curve per (year, frame); the first is the focus year.

    A frame may stop before day 366 (the data's last day): the curve is not extended past it.
    """
    colours = [theme.accent, theme.highlight]
    legend = charts.cumulative_plot.legend               # None when the chart is keyed in a row of its own
    for i, item in enumerate(charts.curves):
        label = legend.getLabel(item) if legend is not None else None
        if i < len(curves):
            year, frame = curves[i]
            style = Qt.PenStyle.SolidLine if i == 0 else Qt.PenStyle.DashLine
            item.setPen(pg.mkPen(qcolor(colours[i]), width=2.4 if i == 0 else 1.8, style=style))
            item.setData(frame["doy"].to_numpy(dtype=float), frame[measure].to_numpy(dtype=float))
            if label is not None:
                label.setText(curve_name(year, frame, measure), color=theme.text)
        else:
            item.setData([], [])
            if label is not None:
                label.setText("")
    top = max([float(f[measure].max()) for _, f in curves if len(f)] + [1.0])
    charts.cumulative_plot.setYRange(0, top * 1.08, padding=0)


def curve_name(year: int, frame: pd.DataFrame, measure: str = "missiles") -> str:
    return f"{year}: {int(frame[measure].iloc[-1]) if len(frame) else 0} {measure}"


def year_legend_entries(theme: Theme, title: str | None, yearly: pd.DataFrame, records: list[int],
                        uncovered: list[int] | None = None, whose: str | None = None) -> list:
    """The per-year chart's key, led by its title (the dashboard's; a printed figure titles its plot instead)
    and whose count the bars are (an entry of its own, so a narrow key wraps it to its own line): the two bar
    kinds, the record year with its counts (named here rather than over the bars) and the hatching of years the
    launch data do not wholly cover."""
    from ui.plots.legend_row import LegendEntry

    entries = [LegendEntry(title, "title")] if title else []
    if whose:
        entries.append(LegendEntry(f"({whose})" if title else f"Bars: {whose}.", "text"))
    entries += [LegendEntry("launch events", brush=pg.mkBrush(qcolor(theme.accent))),
                LegendEntry("missiles", brush=pg.mkBrush(qcolor(theme.muted)))]
    rows = [yearly[yearly["year"] == y].iloc[0] for y in records if len(yearly) and (yearly["year"] == y).any()]
    if rows:
        entries.append(LegendEntry("record " + "; ".join(
            f"{int(r['year'])}: {int(r['events'])} events, {int(r['missiles'])} missiles" for r in rows),
            brush=pg.mkBrush(qcolor(theme.highlight))))
    if uncovered:
        hatch = QBrush(qcolor(theme.response("not_covered"), 200), Qt.BrushStyle.BDiagPattern)
        entries.append(LegendEntry("not wholly covered", brush=None, pattern=hatch))
    return entries


def cumulative_legend_entries(theme: Theme, title: str | None, curves: list[tuple[int, pd.DataFrame]],
                              measure: str = "missiles") -> list:
    """The cumulative chart's key, led by its title (when given): one line sample per curve, as draw_cumulative
    draws it; the second curve is the previous record year."""
    from ui.plots.legend_row import LegendEntry

    entries = [LegendEntry(title, "title")] if title else []
    for i, (year, frame) in enumerate(curves[:2]):
        style = Qt.PenStyle.SolidLine if i == 0 else Qt.PenStyle.DashLine
        total = int(frame[measure].iloc[-1]) if len(frame) else 0       # the title names the measure
        name = f"{year}: {total}" if i == 0 else f"{year} (previous record): {total}"
        entries.append(LegendEntry(name, "line", pen=pg.mkPen(qcolor([theme.accent, theme.highlight][i]),
                                                              width=2.4 if i == 0 else 1.8, style=style)))
    return entries


def legend_html(theme: Theme) -> str:
    """The timeline's legend as rich text (outcome colours, hollow = unconfirmed, size = missiles). Each key
    keeps its words together (non-breaking spaces): a narrow pane wraps between keys, never inside one."""
    dot = "<span style='color:{c}; font-size:14px'>{s}</span>"
    keys = [(dot.format(c=outcome_colour(theme, o), s="●"), o) for o in OUTCOMES]
    keys += [(dot.format(c=theme.text, s="○"), "unconfirmed"),
             (dot.format(c=theme.text, s="◆"), f"{PRELIMINARY} ({SOURCES[NAGIX].count}, after the CNS data ends)"),
             (f"<span style='color:{theme.muted}'>▬</span>", "month-only date"),
             (f"<span style='color:{theme.failure}'>┆</span>", "nuclear test"),
             (f"<span style='color:{theme.accent}'>|</span>", "statement"),
             ("", "size = missiles in the event")]
    parts = [(f"{symbol}&nbsp;" if symbol else "") + text.replace(" ", "&nbsp;") for symbol, text in keys]
    return f"<span style='color:{theme.text}'>" + " &nbsp; ".join(parts) + "</span>"


def bold_font(point_size: int = 9) -> QFont:
    font = QFont()
    font.setPointSize(point_size)
    font.setBold(True)
    return font
