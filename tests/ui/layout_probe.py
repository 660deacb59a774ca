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
    from PySide6.QtCore import QEventLoop, QTimer
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
        if key == "timeline":
            info["plot_height"] = pane.timeline_view.height()
            info["yearly_height"] = pane.yearly_view.height()
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
        else:
            view = pane.view
            info["table_rows"] = view.viewport().height() // view.verticalHeader().defaultSectionSize()
        out["panes"][key] = info
    window.close()
    store.close()
    return out


if __name__ == "__main__":
    print("PROBE " + json.dumps(probe()))
