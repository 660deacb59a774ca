"""A vector cell grid for pyqtgraph: one GraphicsObject paints every visible cell itself.

Cells are rectangles in data coordinates (column j spans x in [j, j+1], row i spans y in
[i, i+1]), filled with a handful of cached brushes, so the same paint code draws on screen and
as vector graphics into a QPdfWriter. Only the cells in view are painted; when a cell is smaller
than MIN_CELL_PX on screen, blocks of cells are merged and show their most common code
(computed once per zoom level and cached). Each row is run-length encoded and
the most common code is painted once as the background, so a frame draws few rectangles.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPen

MIN_CELL_PX = 4.0       # below this, cells are merged into blocks
GLYPH_MIN_PX = 13.0     # glyphs (symbols for greyscale / colour-blind reading) from this size
TEXT_MIN_PX = 18.0      # per-cell text from this size
GRID_MIN_PX = 6.0       # thin separators between cells from this size


@dataclass(frozen=True)
class CellStyle:
    """How one code is drawn: a fill, an optional hatch pattern over it, and a glyph."""

    fill: QBrush
    hatch: QBrush | None = None
    glyph: str = ""
    glyph_colour: QColor | None = None


class CellGridItem(pg.GraphicsObject):
    """Paints `codes` (an int array, rows x columns) with `styles[code]`."""

    sigCellClicked = Signal(int, int)      # row, column
    sigCellHovered = Signal(int, int)      # row, column (-1, -1 when leaving)

    def __init__(self, styles: list[CellStyle], grid_colour: QColor, highlight: QColor,
                 separator: QColor, cell_text: Callable[[int, int], str] | None = None):
        super().__init__()
        self._styles = styles
        self._grid_pen = QPen(grid_colour, 1)
        self._grid_pen.setCosmetic(True)
        self._sep_pen = QPen(separator, 2)
        self._sep_pen.setCosmetic(True)
        self._hl_pen = QPen(highlight, 3)
        self._hl_pen.setCosmetic(True)
        self._sel_pen = QPen(highlight, 3, Qt.PenStyle.DashLine)
        self._sel_pen.setCosmetic(True)
        self._hl_brush = QBrush(QColor(highlight.red(), highlight.green(), highlight.blue(), 50))
        self._cell_text = cell_text
        self._codes = np.zeros((0, 0), np.int8)
        self._levels = {}
        self._separators: list[int] = []
        self._highlight_cols: list[int] = []
        self._selected_col: int | None = None
        self._font = QFont()
        self.setAcceptHoverEvents(True)
        self.frame_cells = 0            # rectangles drawn in the last paint (for benchmarks)

    # -- data --------------------------------------------------------------------------------
    def setData(self, codes: np.ndarray, separators: list[int] | None = None) -> None:
        self.prepareGeometryChange()
        self._codes = np.ascontiguousarray(codes, dtype=np.int8)
        self._levels: dict[tuple[int, int], np.ndarray] = {}
        self._separators = list(separators or [])
        self.update()

    def setHighlights(self, columns: list[int], selected: int | None) -> None:
        self._highlight_cols = list(columns)
        self._selected_col = selected
        self.update()

    def codes(self) -> np.ndarray:
        return self._codes

    def boundingRect(self) -> QRectF:
        rows, cols = self._codes.shape
        return QRectF(0, 0, cols, rows)

    # -- painting ----------------------------------------------------------------------------
    def paint(self, p: QPainter, option, widget=None) -> None:
        rows, cols = self._codes.shape
        if not rows or not cols:
            return
        area = self.boundingRect()
        view = self.viewRect()
        if view is not None:
            area = area.intersected(view)
        exposed = option.exposedRect if option is not None else QRectF()
        if exposed.isValid() and not exposed.isEmpty():
            area = area.intersected(exposed)
        if area.isEmpty():
            return
        c0, c1 = max(0, math.floor(area.left())), min(cols, math.ceil(area.right()))
        r0, r1 = max(0, math.floor(area.top())), min(rows, math.ceil(area.bottom()))
        if c1 <= c0 or r1 <= r0:
            return
        t = p.transform()
        px_x, px_y = math.hypot(t.m11(), t.m12()), math.hypot(t.m21(), t.m22())
        sx = max(1, math.ceil(MIN_CELL_PX / px_x)) if px_x > 0 else 1
        sy = max(1, math.ceil(MIN_CELL_PX / px_y)) if px_y > 0 else 1
        c0, r0 = c0 - c0 % sx, r0 - r0 % sy
        if sx > 1 or sy > 1:
            block = self._level(sx, sy)[r0 // sy:math.ceil(r1 / sy), c0 // sx:math.ceil(c1 / sx)]
        else:
            block = self._codes[r0:r1, c0:c1]
        p.setPen(Qt.PenStyle.NoPen)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        counts = np.bincount(block.ravel(), minlength=len(self._styles))
        background = int(counts.argmax())
        full = QRectF(c0, r0, min(cols, c0 + block.shape[1] * sx) - c0, min(rows, r0 + block.shape[0] * sy) - r0)
        self._fill(p, background, [full])
        drawn = 1
        for code, rects in self._runs(block, background, c0, r0, sx, sy, cols, rows).items():
            self._fill(p, code, rects)
            drawn += len(rects)
        self.frame_cells = drawn
        cell_px_x, cell_px_y = px_x * sx, px_y * sy
        if sx == 1 and sy == 1 and min(cell_px_x, cell_px_y) >= GRID_MIN_PX:
            self._grid(p, c0, c1, r0, r1)
        if sx == 1 and sy == 1 and min(cell_px_x, cell_px_y) >= GLYPH_MIN_PX:
            self._glyphs(p, block, c0, r0, min(cell_px_x, cell_px_y))
        self._decorations(p, c0, c1, r0, r1)

    def _level(self, sx: int, sy: int) -> np.ndarray:
        """The whole grid in blocks of sy x sx cells, each showing its most common code (cached)."""
        key = (sx, sy)
        if key not in self._levels:
            rows, cols = self._codes.shape
            nr, nc = math.ceil(rows / sy), math.ceil(cols / sx)
            padded = np.full((nr * sy, nc * sx), 127, np.int8)
            padded[:rows, :cols] = self._codes
            blocks = padded.reshape(nr, sy, nc, sx)
            counts = np.stack([(blocks == k).sum(axis=(1, 3)) for k in range(len(self._styles))])
            self._levels[key] = counts.argmax(axis=0).astype(np.int8)
            if len(self._levels) > 8:
                self._levels.pop(next(iter(self._levels)))
        return self._levels[key]

    def _fill(self, p: QPainter, code: int, rects: list[QRectF]) -> None:
        style = self._styles[code]
        p.setBrush(style.fill)
        p.drawRects(rects)
        if style.hatch is not None:
            p.setBrush(style.hatch)
            p.drawRects(rects)

    @staticmethod
    def _runs(block: np.ndarray, background: int, c0: int, r0: int, sx: int, sy: int,
              cols: int, rows: int) -> dict[int, list[QRectF]]:
        """Horizontal runs of equal codes that differ from the background, grouped by code."""
        n_rows, n_cols = block.shape
        change = np.ones((n_rows, n_cols), bool)
        change[:, 1:] = block[:, 1:] != block[:, :-1]
        r_idx, c_idx = np.nonzero(change)
        codes = block[r_idx, c_idx]
        # run end: next start in the same row, or the row end
        ends = np.empty_like(c_idx)
        ends[:-1] = np.where(r_idx[1:] == r_idx[:-1], c_idx[1:], n_cols)
        if len(ends):
            ends[-1] = n_cols
        keep = codes != background
        out: dict[int, list[QRectF]] = {}
        if not keep.any():
            return out
        r_idx, c_idx, ends, codes = r_idx[keep], c_idx[keep], ends[keep], codes[keep]
        x = c0 + c_idx * sx
        w = np.minimum(cols, c0 + ends * sx) - x
        y = r0 + r_idx * sy
        h = np.minimum(rows, y + sy) - y
        order = np.argsort(codes, kind="stable")
        codes, x, y, w, h = codes[order], x[order], y[order], w[order], h[order]
        bounds = np.flatnonzero(np.diff(codes)) + 1
        for part in np.split(np.arange(len(codes)), bounds):
            if len(part):
                out[int(codes[part[0]])] = [QRectF(a, b, c, d) for a, b, c, d in zip(
                    x[part].tolist(), y[part].tolist(), w[part].tolist(), h[part].tolist())]
        return out

    def _grid(self, p: QPainter, c0: int, c1: int, r0: int, r1: int) -> None:
        p.setPen(self._grid_pen)
        for c in range(c0 + 1, c1):
            p.drawLine(QPointF(c, r0), QPointF(c, r1))
        for r in range(r0 + 1, r1):
            p.drawLine(QPointF(c0, r), QPointF(c1, r))

    def _glyphs(self, p: QPainter, block: np.ndarray, c0: int, r0: int, cell_px: float) -> None:
        """Symbols in device pixels (a scaled font would distort), one per cell with a glyph."""
        t = p.transform()
        p.save()
        p.resetTransform()
        font = QFont(self._font)
        font.setPixelSize(max(8, min(16, int(cell_px * 0.62))))
        p.setFont(font)
        for code, style in enumerate(self._styles):
            if not style.glyph:
                continue
            rr, cc = np.nonzero(block == code)
            if not len(rr):
                continue
            p.setPen(style.glyph_colour or QColor(Qt.GlobalColor.black))
            for r, c in zip((rr + r0).tolist(), (cc + c0).tolist()):
                cell = t.mapRect(QRectF(c, r, 1, 1))
                p.drawText(cell, Qt.AlignmentFlag.AlignCenter, style.glyph)
        if self._cell_text is not None and cell_px >= TEXT_MIN_PX:
            for r in range(r0, r0 + block.shape[0]):
                for c in range(c0, c0 + block.shape[1]):
                    text = self._cell_text(r, c)
                    if text:
                        p.setPen(self._styles[int(block[r - r0, c - c0])].glyph_colour
                                 or QColor(Qt.GlobalColor.black))
                        p.drawText(t.mapRect(QRectF(c, r, 1, 1)), Qt.AlignmentFlag.AlignCenter, text)
        p.restore()

    def _decorations(self, p: QPainter, c0: int, c1: int, r0: int, r1: int) -> None:
        p.setBrush(Qt.BrushStyle.NoBrush)
        if self._separators:
            p.setPen(self._sep_pen)
            for r in self._separators:
                if r0 < r < r1:
                    p.drawLine(QPointF(c0, r), QPointF(c1, r))
        rows = self._codes.shape[0]
        for c in self._highlight_cols:
            if c0 - 1 <= c <= c1:
                p.setPen(Qt.PenStyle.NoPen)
                p.setBrush(self._hl_brush)
                p.drawRect(QRectF(c, 0, 1, rows))
                p.setBrush(Qt.BrushStyle.NoBrush)
                p.setPen(self._hl_pen)
                p.drawRect(QRectF(c, 0, 1, rows))
        if self._selected_col is not None and c0 - 1 <= self._selected_col <= c1:
            p.setPen(self._sel_pen)
            p.drawRect(QRectF(self._selected_col, 0, 1, rows))

    # -- events ------------------------------------------------------------------------------
    def cell_at(self, pos: QPointF) -> tuple[int, int]:
        rows, cols = self._codes.shape
        r, c = math.floor(pos.y()), math.floor(pos.x())
        return (r, c) if 0 <= r < rows and 0 <= c < cols else (-1, -1)

    def mouseClickEvent(self, ev) -> None:  # noqa: N802 (pyqtgraph naming)
        if ev.button() != Qt.MouseButton.LeftButton:
            return
        r, c = self.cell_at(ev.pos())
        if r >= 0:
            ev.accept()
            self.sigCellClicked.emit(r, c)

    def hoverEvent(self, ev) -> None:  # noqa: N802
        if ev.isExit():
            self.sigCellHovered.emit(-1, -1)
            return
        r, c = self.cell_at(ev.pos())
        self.sigCellHovered.emit(r, c)
