"""A legend in a row of its own above a plot (never over the data), wrapping to as many lines as it needs.

Each entry is drawn with the very fill, pattern, pen or marker of the series it names, so a reader of a
greyscale print can match it by pattern or shape, not by colour alone.
"""
from __future__ import annotations

from dataclasses import dataclass

import pyqtgraph as pg
from pyqtgraph.graphicsItems.ScatterPlotItem import drawSymbol
from PySide6.QtCore import QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import QBrush, QFont, QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem

from ui.theme import Theme, qcolor


@dataclass
class LegendEntry:
    label: str
    kind: str = "box"                    # box | symbol | line | text (label only) | title (bold label only)
    brush: QBrush | None = None
    pattern: QBrush | None = None        # drawn over the fill (hatching)
    pen: QPen | None = None
    symbol: str | object = "o"           # a pyqtgraph symbol name or QPainterPath
    size: float = 9.0
    marks: list[tuple[str | object, QPen | None, QBrush | None, float]] | None = None   # drawn over the symbol


class LegendRow(pg.GraphicsWidget):
    SWATCH = 12.0
    GAP = 10.0

    def __init__(self, entries: list[LegendEntry], theme: Theme, point_size: float = 7.5, auto_fit: bool = False):
        """With `auto_fit` (a live view) the row re-wraps whenever its width changes."""
        super().__init__()
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemHasNoContents, False)
        self.entries = entries
        self.auto_fit = auto_fit
        self._text = qcolor(theme.text)
        self._font = QFont("DejaVu Sans")
        self._font.setPointSizeF(point_size)
        self._bold = QFont(self._font)
        self._bold.setBold(True)
        self._metrics = QFontMetricsF(self._font)
        self._bold_metrics = QFontMetricsF(self._bold)
        self._row = max(self.SWATCH, self._metrics.height()) + 3
        self.setMinimumHeight(self._row + 2)
        self.setMaximumHeight(self._row + 2)

    def set_entries(self, entries: list[LegendEntry]) -> None:
        self.entries = entries
        if self.auto_fit:
            self.fit_width(self.size().width() - 4)
        self.update()

    def sizeHint(self, which, constraint=QSizeF()):  # noqa: N802 (Qt naming)
        """No width of its own to ask for: the row wraps to whatever width the plots' columns give it."""
        hint = super().sizeHint(which, constraint)
        if self.auto_fit and which != Qt.SizeHint.MaximumSize:
            hint.setWidth(0)
        return hint

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt naming)
        super().resizeEvent(event)
        if self.auto_fit and event.oldSize().width() != event.newSize().width():
            self.fit_width(event.newSize().width() - 4)

    def _label_width(self, entry: LegendEntry) -> float:
        return (self._bold_metrics if entry.kind == "title" else self._metrics).horizontalAdvance(entry.label)

    def entry_width(self, entry: LegendEntry) -> float:
        swatch = 0.0 if entry.kind in ("text", "title") else self.SWATCH + 4
        return swatch + self._label_width(entry) + self.GAP

    def entry_rects(self) -> list[QRectF]:
        """Where each entry is drawn (item coordinates), as `paint` lays them out."""
        rects, x, y, width = [], 2.0, 1.0, self.size().width()
        for entry in self.entries:
            w = self.entry_width(entry)
            if x > 2 and x + w > width:
                x, y = 2.0, y + self._row
            rects.append(QRectF(x, y, w - self.GAP, self._row))
            x += w
        return rects

    def fit_width(self, width: float) -> int:
        """Set the height to the rows the entries need at `width`; returns the number of rows."""
        rows, x = 1, 0.0
        for entry in self.entries:
            w = self.entry_width(entry)
            if x > 0 and x + w > width:
                rows, x = rows + 1, 0.0
            x += w
        height = rows * self._row + 2
        self.setMinimumHeight(height)
        self.setMaximumHeight(height)
        return rows

    def paint(self, p: QPainter, *args) -> None:
        p.setFont(self._font)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        x, y, width = 2.0, 1.0, self.size().width()
        for entry in self.entries:
            w = self.entry_width(entry)
            if x > 2 and x + w > width:
                x, y = 2.0, y + self._row
            if entry.kind not in ("text", "title"):
                self._swatch(p, entry, QRectF(x, y + (self._row - self.SWATCH) / 2, self.SWATCH, self.SWATCH))
                x += self.SWATCH + 4
            p.setPen(self._text)
            p.setFont(self._bold if entry.kind == "title" else self._font)
            label_w = self._label_width(entry) + 2
            p.drawText(QRectF(x, y, label_w, self._row),
                       int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft), entry.label)
            x += label_w - 2 + self.GAP

    def _swatch(self, p: QPainter, entry: LegendEntry, box: QRectF) -> None:
        p.save()
        if entry.kind == "box":
            p.setPen(Qt.PenStyle.NoPen)
            if entry.brush is not None:
                p.setBrush(entry.brush)
                p.drawRect(box)
            if entry.pattern is not None:
                p.setBrush(entry.pattern)
                p.drawRect(box)
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.setPen(entry.pen if entry.pen is not None else QPen(self._text, 0))
            p.drawRect(box)
        elif entry.kind == "line":
            p.setPen(entry.pen if entry.pen is not None else QPen(self._text, 1))
            mid = box.center().y()
            p.drawLine(QPointF(box.left(), mid), QPointF(box.right(), mid))
        else:
            p.translate(box.center())
            symbols = [(entry.symbol, entry.pen or QPen(self._text, 1), entry.brush, entry.size)]
            symbols += [(s, pen or QPen(Qt.PenStyle.NoPen), brush, size) for s, pen, brush, size in entry.marks or []]
            for symbol, pen, brush, size in symbols:
                p.save()                  # drawSymbol scales the painter and leaves it scaled
                drawSymbol(p, symbol, size, pen, brush or QBrush(Qt.BrushStyle.NoBrush))
                p.restore()
        p.restore()


def with_legend(plot: pg.PlotItem, entries: list[LegendEntry], theme: Theme,
                width: float | None = None) -> tuple[pg.GraphicsLayout, LegendRow]:
    """A layout holding the legend row over `plot`."""
    layout = pg.GraphicsLayout()
    legend = LegendRow(entries, theme)
    if width:
        legend.fit_width(width - 10)
    layout.addItem(legend, row=0, col=0)
    layout.addItem(plot, row=1, col=0)
    return layout, legend
