"""The alignment figure: countries x statements, coloured, hatched and marked by position.

One builder for the pane and the printed brief: `AlignmentFigure` is a pyqtgraph GraphicsLayout
(matrix with category axes and margins, plus a legend strip) that needs no main window;
`export_pdf` renders it as vector graphics into a QPdfWriter. `AgreementFigure` draws the
country-by-country agreement matrix with the same cell item.
"""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import QBrush, QColor, QPageLayout, QPageSize, QPainter, QPdfWriter

from models.analytics.alignment_matrix import (
    ABSENT, ABSTAIN, JOINED, NO_STANDING, NOT_JOINED, POSITION_LABELS, UNKNOWN, VOTE_NO, VOTES_SERIES)
from models.analytics.alignment_view import AlignmentView, _short_date
from ui.plots.alignment_axes import CategoryAxis, LegendStrip
from ui.plots.alignment_cells import CellGridItem, CellStyle
from ui.theme import Theme, current_theme, qcolor

AGREEMENT_BINS = 10


def position_styles(theme: Theme) -> list[CellStyle]:
    """Cell styles indexed by position code: colour for the eye, hatch and glyph for print."""
    ink = qcolor(theme.text)
    on_dark = qcolor(theme.background)

    def hatch(colour: str, pattern: Qt.BrushStyle, alpha: int = 255) -> QBrush:
        return QBrush(qcolor(colour, alpha), pattern)

    styles = {
        JOINED: CellStyle(QBrush(qcolor(theme.joined)), None, "✓", on_dark if theme.name == "light" else ink),
        VOTE_NO: CellStyle(QBrush(qcolor(theme.vote_no)), hatch(theme.text, Qt.BrushStyle.DiagCrossPattern, 90),
                           "✗", on_dark if theme.name == "light" else ink),
        ABSTAIN: CellStyle(QBrush(qcolor(theme.abstain)), hatch(theme.text, Qt.BrushStyle.BDiagPattern, 150),
                           "–", ink),
        ABSENT: CellStyle(QBrush(qcolor(theme.absent)), hatch(theme.text, Qt.BrushStyle.Dense6Pattern, 150),
                          "○", ink),
        NOT_JOINED: CellStyle(QBrush(qcolor(theme.not_joined))),
        UNKNOWN: CellStyle(QBrush(qcolor(theme.surface)), hatch(theme.unknown, Qt.BrushStyle.FDiagPattern), "?",
                           ink),
        NO_STANDING: CellStyle(QBrush(qcolor(theme.no_standing)), hatch(theme.grid, Qt.BrushStyle.Dense7Pattern)),
    }
    return [styles[i] for i in range(len(styles))]


def legend_entries(theme: Theme) -> list[tuple[CellStyle, str]]:
    styles = position_styles(theme)
    return [(styles[i], POSITION_LABELS[i]) for i in range(len(styles))]


def column_headers(view: AlignmentView) -> list[str]:
    """'10 Jan' over 'JS-01' per column (votes: '26 May vote' over the symbol)."""
    cols = view.matrix.columns
    return [f"{_short_date(str(d))[:-5]}{' vote' if s == VOTES_SERIES else ''}\n{label}"
            for d, s, label in zip(cols["date"].tolist(), cols["series"].tolist(), cols["label"].tolist())]


def column_tooltips(view: AlignmentView) -> list[str]:
    """Full title, date, trigger, venue and outcome per column."""
    out = []
    cols = view.matrix.columns
    fields = ("title", "date", "trigger_event", "venue", "outcome", "positions_known")
    for title, d, trigger, venue, outcome, known in zip(*(cols[f].tolist() for f in fields)):
        parts = [str(title), f"Date: {d}"]
        for name, value in (("Trigger", trigger), ("Venue", venue), ("Outcome", outcome)):
            if isinstance(value, str) and value:
                parts.append(f"{name}: {value}")
        if not known:
            parts.append("List not recorded: the sources read name no signatories")
        out.append("\n".join(parts))
    return out


def column_margins(view: AlignmentView) -> list[str]:
    """Signatories over 'SC n/15', with ★ for a Council majority; 'not recorded' when unknown."""
    m = view.margins
    return ["list not\nrecorded" if not known else f"{int(n)}\nSC {int(sc)}/{int(size)}{' ★' if major else ''}"
            for n, sc, size, major, known in zip(*(m[f].tolist() for f in (
                "signatories", "council_signatories", "council_size", "council_majority", "positions_known")))]


class AlignmentFigure(pg.GraphicsLayout):
    """Matrix (top axis: statements; left: countries; right: per-country margin; bottom: per-statement
    margin) and the legend strip. Fill with `set_view`."""

    def __init__(self, theme: Theme | None = None):
        super().__init__()
        self.theme = theme or current_theme()
        text = qcolor(self.theme.text)
        self.top_axis = CategoryAxis("top", text, point_delta=-1)
        self.left_axis = CategoryAxis("left", text)
        self.right_axis = CategoryAxis("right", text, point_delta=-1)
        self.bottom_axis = CategoryAxis("bottom", text, point_delta=-1)
        self.plot = pg.PlotItem(axisItems={"top": self.top_axis, "left": self.left_axis,
                                           "right": self.right_axis, "bottom": self.bottom_axis})
        for name in ("top", "left", "right", "bottom"):
            self.plot.showAxis(name)
        self.plot.setMenuEnabled(False)
        self.plot.hideButtons()
        vb = self.plot.getViewBox()
        vb.invertY(True)
        vb.setBackgroundColor(qcolor(self.theme.background))
        vb.setMouseMode(pg.ViewBox.PanMode)
        self.cells = CellGridItem(position_styles(self.theme), qcolor(self.theme.background),
                                  qcolor(self.theme.highlight), qcolor(self.theme.text))
        self.plot.addItem(self.cells)
        # between the UN columns and a separate group (the G7 series): a labelled divider
        self.group_line = pg.InfiniteLine(angle=90, movable=False, label="G7 ▸", labelOpts={
            "position": 0.02, "color": qcolor(self.theme.text), "anchors": [(0, 0), (0, 0)]},
            pen=pg.mkPen(qcolor(self.theme.text), width=2, style=Qt.PenStyle.DashLine))
        self.group_line.setZValue(5)
        self.plot.addItem(self.group_line)
        self.addItem(self.plot, row=0, col=0)
        self.legend = LegendStrip(legend_entries(self.theme), text, qcolor(self.theme.muted),
                                  "★ Council majority (8+ of 15)")
        self.addItem(self.legend, row=1, col=0)
        self.view: AlignmentView | None = None
        self._columns = None
        self._margins = None
        self._fitted = None
        vb.sigResized.connect(self._on_resized)

    def set_view(self, view: AlignmentView, fit: bool = True) -> None:
        self.view = view
        n_rows, n_cols = view.matrix.shape
        separators = [start for start, _ in view.bloc_starts[1:]] if len(view.bloc_starts) > 1 else []
        self.cells.setData(view.matrix.codes, separators)
        groups = view.matrix.columns["group"].to_numpy() if "group" in view.matrix.columns else np.zeros(0)
        split = np.flatnonzero(groups > 0)
        self.group_line.setVisible(bool(len(split)) and bool(split[0] > 0))
        if len(split):
            self.group_line.setValue(float(split[0]))
        if self._columns is not view.matrix.columns or self._margins is not view.margins:
            self._columns, self._margins = view.matrix.columns, view.margins
            self.top_axis.setLabels(column_headers(view), column_tooltips(view))
            self.bottom_axis.setLabels(column_margins(view))
        self.left_axis.setLabels(self._row_labels(view))
        self.right_axis.setLabels(view.margin_texts())
        vb = self.plot.getViewBox()
        vb.setLimits(xMin=0, xMax=max(n_cols, 1), yMin=0, yMax=max(n_rows, 1),
                     minXRange=min(3, max(n_cols, 1)), minYRange=min(3, max(n_rows, 1)))
        if fit:
            self.fit()

    @staticmethod
    def _row_labels(view: AlignmentView) -> list[str]:
        """Country names, '(P5)' for permanent members, the bloc name before each bloc's first row."""
        labels = [f"{name} (P5)" if p5 else str(name) for name, p5 in zip(view.matrix.names, view.matrix.permanent)]
        starts = view.bloc_starts
        if len(starts) > 1:
            for start, bloc in starts:
                labels[start] = f"{bloc} ▸ {labels[start]}"
        return labels

    def fit(self, max_rows: int = 60, max_cols: int = 80, readable: bool = True) -> None:
        """Show the whole matrix when it is small; else the first rows and the latest columns.

        `readable` (on screen): no more rows than have room for their labels, so every row shows its
        country; the rest are a scroll (drag or wheel) away. The printed figure passes False."""
        if self.view is None:
            return
        n_rows, n_cols = self.view.matrix.shape
        vb = self.plot.getViewBox()
        rows = min(n_rows, max_rows)
        if readable and vb.height() > 0:
            rows = min(rows, max(3, int(vb.height() // self.left_axis._needed_px())))
        x0 = max(0, n_cols - max_cols)
        vb.setRange(xRange=(x0, max(n_cols, 1)), yRange=(0, max(rows, 1)), padding=0)
        self._fitted = (readable, vb.viewRange())

    def _on_resized(self) -> None:
        """Fit again on a resize unless the user has moved the view since the last fit."""
        fitted = self._fitted
        if fitted is not None and fitted[0] and self.plot.getViewBox().viewRange() == fitted[1]:
            self.fit()

    def set_highlights(self, columns: list[int], selected: int | None) -> None:
        self.cells.setHighlights(columns, selected)


class AgreementFigure(pg.GraphicsLayout):
    """Country x country: the share of statements where both took the same position."""

    def __init__(self, theme: Theme | None = None):
        super().__init__()
        self.theme = theme or current_theme()
        text = qcolor(self.theme.text)
        self.top_axis = CategoryAxis("top", text)
        self.left_axis = CategoryAxis("left", text)
        self.plot = pg.PlotItem(axisItems={"top": self.top_axis, "left": self.left_axis})
        self.plot.showAxis("top")
        self.plot.hideAxis("bottom")
        self.plot.setMenuEnabled(False)
        self.plot.hideButtons()
        vb = self.plot.getViewBox()
        vb.invertY(True)
        vb.setBackgroundColor(qcolor(self.theme.background))
        self.share = np.zeros((0, 0))
        low, high = qcolor(self.theme.not_joined), qcolor(self.theme.joined)
        styles = []
        for k in range(AGREEMENT_BINS + 1):
            f = k / AGREEMENT_BINS
            colour = QColor(int(low.red() + (high.red() - low.red()) * f),
                            int(low.green() + (high.green() - low.green()) * f),
                            int(low.blue() + (high.blue() - low.blue()) * f))
            styles.append(CellStyle(QBrush(colour), glyph_colour=qcolor(self.theme.text if f < 0.55
                                                                         else self.theme.background)))
        styles.append(CellStyle(QBrush(qcolor(self.theme.surface)),
                                QBrush(qcolor(self.theme.unknown), Qt.BrushStyle.FDiagPattern)))
        self._styles = styles
        self.cells = CellGridItem(styles, qcolor(self.theme.background), qcolor(self.theme.highlight),
                                  qcolor(self.theme.text), cell_text=self._cell_text)
        self.plot.addItem(self.cells)
        self.addItem(self.plot, row=0, col=0)
        entries = [(styles[0], "0%"), (styles[AGREEMENT_BINS // 2], "50%"), (styles[AGREEMENT_BINS], "100% agree"),
                   (styles[-1], "no statement in common")]
        self.legend = LegendStrip(entries, text, qcolor(self.theme.muted))
        self.addItem(self.legend, row=1, col=0)

    def _cell_text(self, r: int, c: int) -> str:
        v = self.share[r, c] if r < self.share.shape[0] and c < self.share.shape[1] else np.nan
        return "" if np.isnan(v) else f"{v * 100:.0f}"

    def set_agreement(self, labels: list[str], share: np.ndarray) -> None:
        self.share = share
        codes = np.where(np.isnan(share), AGREEMENT_BINS + 1,
                         np.round(np.nan_to_num(share) * AGREEMENT_BINS)).astype(np.int8)
        self.cells.setData(codes)
        self.top_axis.setLabels(labels, labels)
        self.left_axis.setLabels(labels)
        n = len(labels)
        vb = self.plot.getViewBox()
        vb.setLimits(xMin=0, xMax=max(n, 1), yMin=0, yMax=max(n, 1))
        vb.setRange(xRange=(0, max(min(n, 60), 1)), yRange=(0, max(min(n, 60), 1)), padding=0)


def export_pdf(layout: pg.GraphicsLayout, path: str, size: QSizeF = QSizeF(1400, 900)) -> None:
    """Render a figure (already in a scene, e.g. a pg.GraphicsView) to a one-page vector PDF at 96 dpi."""
    scene = layout.scene()
    if scene is None:
        raise ValueError("the figure must be in a scene (put it in a pg.GraphicsView first)")
    from models.safe_write import safe_write

    def write(tmp: str) -> None:
        writer = QPdfWriter(tmp)
        writer.setResolution(96)
        writer.setPageSize(QPageSize(QSizeF(size.width() / 96 * 25.4, size.height() / 96 * 25.4),
                                     QPageSize.Unit.Millimeter))
        writer.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter)
        painter = QPainter(writer)
        try:
            painter.fillRect(QRectF(0, 0, writer.width(), writer.height()),
                             qcolor(getattr(layout, "theme", current_theme()).background))
            source = layout.sceneBoundingRect()
            target = QRectF(0, 0, writer.width(), writer.height())
            scene.render(painter, target, source, Qt.AspectRatioMode.KeepAspectRatio)
        finally:
            painter.end()
        del writer
    safe_write(path, write, kind=".pdf")        # whole or not at all (models/safe_write.py)
