"""The timeline's hover tip: what lies under the pointer, and a tip placed so it stays inside the plot.

The text of a launch's tip comes from ui.panes.timeline_details.hover_text; this module finds the context
markers (nuclear tests, statement and designation ticks) near the pointer and places the tip.
"""
from __future__ import annotations

import textwrap

import numpy as np
import pandas as pd
import pyqtgraph as pg
from PySide6.QtCore import QPointF

from ui.theme import Theme, qcolor


def context_text(x: float, tolerance: float, context: pd.DataFrame, statements: pd.DataFrame | None,
                 designations: pd.DataFrame | None) -> str | None:
    """Labels of the nuclear tests (and the shown statement and designation ticks) within `tolerance` of x.

    `statements` and `designations` are None when their ticks are hidden. At most six labels, or None.
    """
    near = lambda frame: frame[np.abs(frame["t"].to_numpy(dtype=float) - x) <= tolerance]  # noqa: E731
    tests = near(context)
    labels = [f"{d}: {label} (source: {url})" for d, label, url in
              zip(tests["date"], tests["label"], tests["source_url"])]
    if statements is not None:
        labels += list(near(statements)["label"].astype(str))
    if designations is not None:
        labels += list(near(designations)["label"].astype(str))
    return "\n".join(labels[:6]) if labels else None


class HoverTip(pg.TextItem):
    """A text tip beside the pointer, on the side of it that faces the middle of the view."""

    def __init__(self):
        super().__init__("", anchor=(0, 1))
        self.setZValue(50)
        self.hide()

    def apply_theme(self, theme: Theme) -> None:
        self.fill = pg.mkBrush(qcolor(theme.surface, 235))
        self.border = pg.mkPen(qcolor(theme.muted))
        self.setColor(qcolor(theme.text))

    def show_at(self, vb: pg.ViewBox, pos: QPointF, text: str) -> None:
        """Show `text` (long lines wrapped) 8 px from the scene position `pos` in the view box `vb`."""
        view = vb.mapSceneToView(pos)
        (x0, x1), (y0, y1) = vb.viewRange()
        right, top = view.x() > (x0 + x1) / 2, view.y() > (y0 + y1) / 2
        self.setAnchor((1.0 if right else 0.0, 0.0 if top else 1.0))
        self.setText("\n".join(textwrap.fill(line, 90, subsequent_indent="  ") for line in text.split("\n")))
        px = vb.viewPixelSize()
        self.setPos(view.x() + (-8 if right else 8) * px[0], view.y() + (-8 if top else 8) * px[1])
        self.show()
