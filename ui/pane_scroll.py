"""A scroll area for a dock's pane: the pane fills the dock, but never below its usable minimum.

QScrollArea's own resizing asks a height-for-width layout (our wrapping control bars) for its
preferred height, which makes every pane as tall as its size hint. This one sizes the pane to the
viewport, bounded below by the layout's minimum height at that width, so plots and tables keep their
stated minimums and only a dock smaller than that scrolls.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QFrame, QScrollArea, QWidget


class PaneScroll(QScrollArea):
    def __init__(self, pane: QWidget, parent: QWidget | None = None):
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setWidgetResizable(False)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setWidget(pane)
        pane.installEventFilter(self)
        self._fitting = False

    def minimum_for(self, width: int) -> tuple[int, int]:
        """The pane's minimum (width, height) when given `width`."""
        pane = self.widget()
        hint = pane.minimumSizeHint().expandedTo(pane.minimumSize())
        width = max(width, hint.width())
        layout = pane.layout()
        height = hint.height()
        if layout is not None and layout.hasHeightForWidth():
            height = max(height, layout.minimumHeightForWidth(width))
        return width, height

    def fit(self) -> None:
        if self._fitting or self.widget() is None:
            return
        self._fitting = True
        try:
            view = self.viewport().size()
            width, height = self.minimum_for(view.width())
            if height > view.height() and self.verticalScrollBar().isHidden():
                # the vertical bar will take some width: measure again with what is left
                width, height = self.minimum_for(view.width() - self.verticalScrollBar().sizeHint().width())
            self.widget().resize(width, max(height, view.height()))
        finally:
            self._fitting = False

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt naming)
        super().resizeEvent(event)
        self.fit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt naming)
        if watched is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            self.fit()
        return super().eventFilter(watched, event)
