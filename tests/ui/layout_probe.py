"""Run in a child process by test_layout_fits.py: open the main window on a screen of a given size and
print, as JSON, what each pane shows when its dock is raised (sizes in logical pixels).

The screen comes from QT_QPA_PLATFORM="offscreen:configfile=..." and QT_SCALE_FACTOR, which must be set
before Qt starts, hence the separate process.
"""
from __future__ import annotations

import json
import math
import os
import sys
import tempfile
from datetime import date
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(PROJECT))


def probe() -> dict:
    os.environ["DPRK_BRIEF_SETTINGS_DIR"] = tempfile.mkdtemp(prefix="probe-settings-")
    import pyqtgraph as pg
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtGui import QFont, QFontMetricsF
    from PySide6.QtWidgets import QApplication

    from models.briefing_model import BriefingModel
    from models.bundle import seed_store
    from models.store import Store
    from ui.main_window import MainWindow

    app = QApplication(sys.argv[:1])
    app.setStyle("Fusion")
    store = Store(Path(tempfile.mkdtemp(prefix="probe-db-")) / "probe.sqlite3")
    seed_store(store)
    model = BriefingModel(store)
    window = MainWindow(model)

    def settle(ms: int = 300) -> None:
        loop = QEventLoop()
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    window.panes_ready.connect(lambda: None)
    window.show()
    for _ in range(100):
        if window.panes:
            break
        settle(100)
    model.set_period(date(2022, 1, 1), date(2022, 12, 31))
    settle()
    screen = window.screen().availableGeometry()
    frame = window.frameGeometry()
    out: dict = {"screen": [screen.width(), screen.height()], "window": [frame.width(), frame.height()],
                 "minimum": [window.minimumSizeHint().width(), window.minimumSizeHint().height()],
                 "compact": window.compact(), "panes": {}}
    for key in ("timeline", "alignment", "sanctions", "ledger"):
        window.docks[key].raise_()
        settle()
        pane = window.panes[key]
        info: dict = {"visible": pane.isVisible()}
        scroll = window.docks[key].widget()
        info["sideways_scroll"] = scroll.horizontalScrollBar().isVisible()     # the pane wider than its dock
        if key == "timeline":
            info["plot_height"] = pane.timeline_view.height()
            info["yearly_height"] = pane.yearly_view.height()
            info["chart_keys"] = [chart_key(legend, plot) for legend, plot in (
                (pane.yearly_legend, pane.yearly_plot), (pane.cumulative_legend, pane.cumulative_plot))]
            info["labels_over_bars"] = sum(isinstance(x, pg.TextItem) for x in pane.yearly_plot.items)
        elif key == "alignment":
            figure = pane.figure
            vb = figure.plot.getViewBox()
            y0, y1 = vb.viewRange()[1]
            ticks = figure.left_axis.tickValues(y0, y1, vb.height())
            step, values = ticks[0] if ticks else (0, [])
            info["rows_in_view"] = min(figure.view.matrix.shape[0], math.floor(y1 + 0.01)) - max(0, math.ceil(y0 - 0.01))
            info["label_step"] = step
            info["labelled_rows"] = len(values)
            info["columns"] = figure.view.matrix.shape[1]
            info["column_labels"] = len(figure.top_axis.tickValues(*vb.viewRange()[0], vb.width())[0][1])
            axis = figure.top_axis
            metrics = QFontMetricsF(axis.style["tickFont"] or QFont())
            widest = max(metrics.horizontalAdvance(label) for label in axis.labels())
            info["column_label_room"] = [widest, axis.height()]
        else:
            view = pane.view
            info["table_rows"] = view.viewport().height() // view.verticalHeader().defaultSectionSize()
            info["headers_cut"] = headers_cut(view)
        out["panes"][key] = info
    out["cards_cut"] = cards_cut(window)
    vintage = window.vintage_label
    out["vintage"] = {"shown": vintage.shown_text(), "full": vintage.text(), "tip": vintage.toolTip(),
                      "fits": text_fits(vintage, vintage.shown_text())}
    window.close()
    store.close()
    return out


def text_fits(widget, text: str) -> bool:
    """One line of `text` in the widget's font fits its contents width."""
    from PySide6.QtGui import QFontMetrics

    return QFontMetrics(widget.font()).horizontalAdvance(text) <= widget.contentsRect().width()


def cards_cut(window) -> list[str]:
    """Every headline card line (label, comparison, source) that its label cannot show whole, and every
    card that lies outside the answer bar (cut by it)."""
    from PySide6.QtCore import QPoint, QRect, Qt
    from PySide6.QtGui import QFontMetrics

    cut = []
    bar = window.answer_bar
    bar_rect = QRect(bar.mapTo(window, QPoint(0, 0)), bar.size())
    for key, card in window.headline.cards.items():
        if not bar_rect.contains(QRect(card.mapTo(window, QPoint(0, 0)), card.size())):
            cut.append(f"{key}: card outside the bar")
        for label, text in ((card.label, card.figure.label), (card.comparison, card.comparison.text()),
                            (card.source, card.source.text())):
            box = label.contentsRect()
            metrics = QFontMetrics(label.font())
            if label.wordWrap():
                needed = metrics.boundingRect(QRect(0, 0, box.width(), 10_000), int(Qt.TextFlag.TextWordWrap), text)
                if needed.height() > box.height() or needed.width() > box.width():
                    cut.append(f"{key}: {text!r}")
            elif metrics.horizontalAdvance(text) > box.width():
                cut.append(f"{key}: {text!r}")
    return cut


def chart_key(legend, plot) -> dict:
    """Whether a chart's key (a LegendRow) stays off the data and holds every entry inside its own box."""
    box = legend.sceneBoundingRect()
    data = plot.getViewBox().sceneBoundingRect()
    entries = [legend.mapRectToScene(rect) for rect in legend.entry_rects()]
    return {"over_data": box.intersects(data), "entries": len(entries),
            "entries_inside": all(box.adjusted(-0.5, -0.5, 0.5, 0.5).contains(r) for r in entries)}


def headers_cut(view) -> list[str]:
    """Header titles wider than their section (bold, as the style sheet draws them, plus its padding)."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QFontMetrics

    header = view.horizontalHeader()
    bold = header.font()
    bold.setBold(True)
    metrics = QFontMetrics(bold)
    model = view.model()
    cut = []
    for column in range(model.columnCount()):
        if header.isSectionHidden(column):
            continue
        title = str(model.headerData(column, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole) or "")
        indicator = 14 if header.isSortIndicatorShown() and header.sortIndicatorSection() == column else 0
        if max(metrics.horizontalAdvance(line) for line in title.split("\n")) + 12 + indicator > \
                header.sectionSize(column):
            cut.append(title)
    return cut


if __name__ == "__main__":
    print("PROBE " + json.dumps(probe()))
