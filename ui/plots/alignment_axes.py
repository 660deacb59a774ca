"""Category axes and the colour/pattern legend for the alignment figure."""
from __future__ import annotations

import math

import pyqtgraph as pg
from PySide6.QtCore import QRectF, QSizeF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem

from ui.plots.alignment_cells import CellStyle


ROTATED_MAX = 150        # px: the tallest rotated column header (longer ones end in "…")


class CategoryAxis(pg.AxisItem):
    """An axis whose ticks are category labels at i + 0.5, thinned so labels never overlap."""

    sigLabelClicked = Signal(int)

    def __init__(self, orientation: str, text_colour: QColor, point_delta: int = 0, **kwargs):
        super().__init__(orientation, **kwargs)
        if point_delta:
            font = QFont()
            font.setPointSizeF(max(6.0, font.pointSizeF() + point_delta))
            self.setStyle(tickFont=font)
        self._labels: list[str] = []
        self._tooltips: list[str] = []
        self._need = 20.0
        self._rotated = False
        self.setStyle(tickLength=0, autoExpandTextSpace=False, hideOverlappingLabels=True)
        self.setTextPen(pg.mkPen(text_colour))
        self.setPen(pg.mkPen(text_colour))
        self.setAcceptHoverEvents(True)

    def set_rotated(self, rotated: bool) -> None:
        """Horizontal axes: labels read upwards, one line each, so narrow columns all keep their label."""
        self._rotated = rotated and self.orientation in ("top", "bottom")
        if self._labels:
            self.setLabels(self._labels, self._tooltips)

    def setLabels(self, labels: list[str], tooltips: list[str] | None = None) -> None:
        if self._rotated:
            labels = [_one_line(label) for label in labels]
        self._labels = list(labels)
        self._tooltips = list(tooltips or [])
        metrics = QFontMetricsF(self.style["tickFont"] or QFont())
        split = [label.split("\n") for label in self._labels]
        lines = max((len(parts) for parts in split), default=1)
        # measure only the longest lines by character count: exact enough, and fast for 5,000 labels
        longest = sorted({line for parts in split for line in parts}, key=len, reverse=True)[:24]
        widest = max((metrics.horizontalAdvance(line) for line in longest), default=20.0)
        if self._rotated:
            self._need = metrics.height() + 2
            self.setHeight(int(min(widest, ROTATED_MAX) + 10))
        elif self.orientation in ("left", "right"):
            self._need = lines * metrics.height() + 1
            self.setWidth(int(min(widest, 360) + 12))
        else:
            self._need = widest + 6
            self.setHeight(int(lines * metrics.height() + 8))
        self.picture = None
        self.update()

    def labels(self) -> list[str]:
        return list(self._labels)

    def _needed_px(self) -> float:
        """Pixels one label needs along the axis (cached by setLabels)."""
        return self._need

    def tickValues(self, minVal, maxVal, size):  # noqa: N802,N803 (pyqtgraph API)
        n = len(self._labels)
        minVal, maxVal = min(minVal, maxVal), max(minVal, maxVal)
        if not n or maxVal <= minVal or size <= 0:
            return []
        px_per = size / (maxVal - minVal)
        step = max(1, math.ceil(self._needed_px() / px_per))
        first = max(0, math.ceil(minVal - 0.5))
        first += (-first) % step
        last = min(n - 1, math.floor(maxVal - 0.5))
        return [(float(step), [i + 0.5 for i in range(first, last + 1, step)])]

    def generateDrawSpecs(self, p):  # noqa: N802
        """Axis line and label rectangles computed directly (no per-label text measuring), which
        keeps a scroll frame cheap with thousands of categories."""
        if self.style["tickFont"] is not None:
            p.setFont(self.style["tickFont"])
        bounds = self.mapRectFromParent(self.geometry())
        vertical = self.orientation in ("left", "right")
        length = bounds.height() if vertical else bounds.width()
        lo, hi = self.range
        pen = self.pen()
        if self.orientation == "left":
            line = (bounds.topRight(), bounds.bottomRight())
        elif self.orientation == "right":
            line = (bounds.topLeft(), bounds.bottomLeft())
        elif self.orientation == "top":
            line = (bounds.bottomLeft(), bounds.bottomRight())
        else:
            line = (bounds.topLeft(), bounds.topRight())
        if hi == lo or length <= 0 or not self._labels:
            return (pen, *line), [], []
        levels = self.tickValues(lo, hi, length)
        if not levels:
            return (pen, *line), [], []
        step, values = levels[0]
        per_unit = length / (hi - lo)          # negative when the view is inverted
        cell = abs(per_unit) * step
        gap = self.style["tickTextOffset"][0 if vertical else 1]
        texts = self.tickStrings(values, 1.0, step)
        specs = []
        flags = Qt.TextFlag.TextDontClip
        align_for = {
            "left": Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter | flags,
            "right": Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter | flags,
            "top": Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom | flags,
            "bottom": Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop | flags}
        align = align_for[self.orientation]
        text_half = (self._need - 1) / 2
        for v, text in zip(values, texts):
            if vertical:
                y = bounds.bottom() - (v - lo) * per_unit
                if self.orientation == "left":
                    rect = QRectF(bounds.left(), y - cell / 2, bounds.width() - gap, cell)
                else:
                    rect = QRectF(bounds.left() + gap, y - cell / 2, bounds.width() - gap, cell)
            elif self._rotated:
                x = bounds.left() + (v - lo) * per_unit
                rect = QRectF(x - self._need / 2, bounds.top(), self._need, bounds.height() - gap)
            else:
                x = bounds.left() + (v - lo) * per_unit
                width = max(cell, min(self._need, bounds.width()))
                left = x - width / 2
                if self.orientation == "top":
                    rect = QRectF(left, bounds.top(), width, bounds.height() - gap)
                else:
                    rect = QRectF(left, bounds.top() + gap, width, bounds.height() - gap)
            if vertical:
                edge_ok = rect.center().y() - text_half >= bounds.top() - 1 and \
                    rect.center().y() + text_half <= bounds.bottom() + 1
            else:
                edge_ok = rect.left() >= bounds.left() - 1 and rect.right() <= bounds.right() + 1
            if edge_ok:    # never draw a label cut in half by the axis edge
                specs.append((rect, align, text))
        return (pen, *line), [], specs

    def drawPicture(self, p, axisSpec, tickSpecs, textSpecs):  # noqa: N802,N803 (pyqtgraph API)
        if not self._rotated:
            return super().drawPicture(p, axisSpec, tickSpecs, textSpecs)
        super().drawPicture(p, axisSpec, tickSpecs, [])
        if self.style["tickFont"] is not None:
            p.setFont(self.style["tickFont"])
        p.setPen(self.textPen())
        metrics = QFontMetricsF(p.font())
        for rect, _align, text in textSpecs:      # read upwards from the matrix edge
            # a label longer than the axis is shortened visibly ("…"), never cut; its tooltip has it whole
            text = metrics.elidedText(text, Qt.TextElideMode.ElideRight, rect.height() - 3)
            p.save()
            p.translate(rect.center().x(), rect.bottom() - 2 if self.orientation == "top" else rect.top() + 4)
            p.rotate(-90 if self.orientation == "top" else 90)
            p.drawText(QRectF(0, -rect.width() / 2, rect.height(), rect.width()),
                       int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), text)
            p.restore()

    def tickStrings(self, values, scale, spacing):  # noqa: N802
        out = []
        for v in values:
            i = int(math.floor(v))
            out.append(self._labels[i] if 0 <= i < len(self._labels) else "")
        return out

    def index_at(self, scene_pos) -> int:
        view = self.linkedView()
        if view is None:
            return -1
        point = view.mapSceneToView(scene_pos)
        value = point.x() if self.orientation in ("top", "bottom") else point.y()
        i = math.floor(value)
        return i if 0 <= i < len(self._labels) else -1

    def mouseClickEvent(self, event):  # noqa: N802
        if event.button() != Qt.MouseButton.LeftButton:
            return
        i = self.index_at(event.scenePos())
        if i >= 0:
            event.accept()
            self.sigLabelClicked.emit(i)

    def hoverEvent(self, event):  # noqa: N802
        if event.isExit() or not self._tooltips:
            return
        i = self.index_at(event.scenePos())
        self.setToolTip(self._tooltips[i] if 0 <= i < len(self._tooltips) else "")


class LegendStrip(pg.GraphicsWidget):
    """One row of swatches (fill, hatch and glyph, exactly as the cells draw them) with labels."""

    SWATCH = 14.0
    GAP = 14.0

    def __init__(self, entries: list[tuple[CellStyle, str]], text_colour: QColor, border: QColor,
                 note: str = ""):
        super().__init__()
        self._entries = entries
        self._text = QColor(text_colour)
        self._border = QColor(border)
        self._note = note
        self._font = QFont()
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemHasNoContents, False)
        self._layout_height = 0.0
        self.setMinimumHeight(self._row_height() + 8)
        self.setMaximumHeight(self._row_height() * 3 + 8)

    def _row_height(self) -> float:
        return max(self.SWATCH, QFontMetricsF(self._font).height()) + 6

    def setNote(self, note: str) -> None:
        self._note = note
        self.update()

    def entries(self) -> list[str]:
        return [label for _, label in self._entries]

    def _items(self) -> list[tuple[CellStyle | None, str]]:
        items: list[tuple[CellStyle | None, str]] = [(s, t) for s, t in self._entries]
        if self._note:
            items.append((None, self._note))
        return items

    def sizeHint(self, which, constraint=QSizeF()):  # noqa: N802
        return QSizeF(600, self._row_height() * self._rows_needed(600) + 8)

    def _rows_needed(self, width: float) -> int:
        key = (width, self._note)
        if getattr(self, "_rows_key", None) == key:
            return self._rows_cached
        metrics = QFontMetricsF(self._font)
        x, rows = 0.0, 1
        for style, label in self._items():
            w = (self.SWATCH + 4 if style else 0) + metrics.horizontalAdvance(label) + self.GAP
            if x and x + w > width:
                rows, x = rows + 1, 0.0
            x += w
        self._rows_key, self._rows_cached = key, rows
        return rows

    def paint(self, p: QPainter, option, widget=None) -> None:
        metrics = QFontMetricsF(self._font)
        p.setFont(self._font)
        width = self.size().width()
        rows = self._rows_needed(width)
        if rows * self._row_height() + 8 > self.size().height() + 0.5 and rows > 1:
            self.setMinimumHeight(rows * self._row_height() + 8)
        x, y = 4.0, 4.0
        row_h = self._row_height()
        for style, label in self._items():
            w = (self.SWATCH + 4 if style else 0) + metrics.horizontalAdvance(label) + self.GAP
            if x > 4.0 and x + w > width:
                x, y = 4.0, y + row_h
            if style is not None:
                box = QRectF(x, y + (row_h - self.SWATCH) / 2, self.SWATCH, self.SWATCH)
                p.setPen(Qt.PenStyle.NoPen)
                p.setBrush(style.fill)
                p.drawRect(box)
                if style.hatch is not None:
                    p.setBrush(style.hatch)
                    p.drawRect(box)
                p.setBrush(Qt.BrushStyle.NoBrush)
                p.setPen(QPen(self._border, 1))
                p.drawRect(box)
                if style.glyph:
                    font = QFont(self._font)
                    font.setPixelSize(10)
                    p.setFont(font)
                    p.setPen(style.glyph_colour or self._text)
                    p.drawText(box, Qt.AlignmentFlag.AlignCenter, style.glyph)
                    p.setFont(self._font)
                x += self.SWATCH + 4
            p.setPen(self._text)
            p.drawText(QRectF(x, y, metrics.horizontalAdvance(label) + 2, row_h),
                       int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft), label)
            x += metrics.horizontalAdvance(label) + self.GAP


def _one_line(label: str) -> str:
    """'10 Jan' + 'JS-01' -> '10 Jan · JS-01'; a phrase broken over lines ('not' + 'recorded') joins with a space."""
    parts = [part for part in label.split("\n") if part]
    out = parts[0] if parts else ""
    for part in parts[1:]:
        out += (" " if part[:1].islower() else " · ") + part
    return out
