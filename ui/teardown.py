"""Closing the dashboard cleanly: every worker stopped and waited for, every Qt object deleted while
Python still runs.

Left to the interpreter's exit, the window's widgets are deleted in whatever order Python frees their
wrappers; a pyqtgraph scene deleted that late calls back into Python overrides that are already gone and
the process dies with SIGSEGV after its work is done (seen as exit -11 from `main.py --check`).
"""
from __future__ import annotations

import gc

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QApplication, QGraphicsItem, QGraphicsScene, QWidget

from ui.ledger_runner import close_ledger_runner


def shut_down(window: QWidget) -> None:
    """After the event loop has returned: close `window` (its closeEvent cancels and waits for its jobs),
    stop the shared ledger worker, then delete the window with everything in it and every other top-level
    widget (menus and popups), now."""
    if window.isVisible():
        window.close()
    close_ledger_runner()
    window.deleteLater()
    for widget in QApplication.topLevelWidgets():     # pyqtgraph's plot menus have no parent: delete them too
        if widget is not window:
            widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()
    _delete_orphan_graphics_items()


def _delete_orphan_graphics_items() -> None:
    """Delete the plot items that belong to no scene, through a scene of their own, while Python runs.

    pyqtgraph leaves some behind (a GraphicsLayoutWidget's first central item once another replaces it,
    items built but never shown); deleted at the interpreter's exit, one of them crashed the process."""
    orphans = []
    for item in gc.get_objects():
        if isinstance(item, QGraphicsItem):
            try:
                if item.scene() is None and item.parentItem() is None:
                    orphans.append(item)
            except RuntimeError:                        # its C++ object is gone already
                pass
    if orphans:
        scene = QGraphicsScene()
        for item in orphans:
            scene.addItem(item)                         # the scene owns them now
        del orphans, item
        scene.clear()                                   # deletes every item, with the Python overrides alive
        del scene
    gc.collect()
