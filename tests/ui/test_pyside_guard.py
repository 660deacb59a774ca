"""Guards against the PySide6 6.12.0 + Python 3.11 refcount defect (../shared/PERFORMANCE.md section 0)."""
from __future__ import annotations

import gc
import sys

import pytest
from PySide6.QtWidgets import QApplication

from helpers import shown


def test_void_qt_calls_keep_none_refcount():
    from PySide6.QtCore import QObject

    obj = QObject()
    before = sys.getrefcount(None)
    for _ in range(1000):
        obj.setParent(None)
    assert sys.getrefcount(None) - before >= 0, "this PySide6 drops a reference to None on every void call"


@pytest.mark.parametrize("steps", [2000])
def test_timeline_soak_pan(qtbot, real_store, steps):
    """2,000 pan frames on the timeline plot: no crash, no None refcount drain, no item/object leak.

    (The refcount of None *rises* by a few per frame on PySide6 6.11.3 even for a bare PlotWidget;
    only a drop, the 6.12.0 defect, is fatal.)"""
    from models.briefing_model import BriefingModel
    from ui.panes.timeline_pane import TimelinePane

    pane = shown(qtbot, TimelinePane(BriefingModel(real_store)), 900, 600)
    vb = pane.plot.getViewBox()
    viewport = pane.timeline_view.viewport()
    (x0, x1), _ = vb.viewRange()
    step = (x1 - x0) / 200
    items_before = len(pane.plot.scene().items())
    gc.collect()
    objects_before = len(gc.get_objects())
    none_before = sys.getrefcount(None)
    for i in range(steps):
        vb.translateBy(x=step if (i // 200) % 2 == 0 else -step)
        viewport.repaint()
        if i % 50 == 0:
            QApplication.processEvents()
    pane.timeline_view.grab()
    drift = sys.getrefcount(None) - none_before
    assert drift >= 0, f"refcount of None dropped by {-drift} over {steps} pan frames"
    assert len(pane.plot.scene().items()) == items_before
    gc.collect()
    assert len(gc.get_objects()) - objects_before < 1000, "Python objects pile up while panning"
    (y0, y1), _ = vb.viewRange()
    assert abs(y0 - x0) < step  # back where it started: 10 round trips
