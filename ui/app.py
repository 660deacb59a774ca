"""Starting the dashboard: the QApplication, the shared model, the main window."""
from __future__ import annotations

import os
import sys
import time
from pathlib import Path


GUI_LOCK_WAIT = 5.0     # seconds the GUI thread waits for another program's write lock (then an error)


def run_app(db: Path, seed: bool = True, check: bool = False, started: float | None = None) -> int:
    """Open the dashboard on `db`. With `check`, paint once offscreen, print timings and exit."""
    started = time.perf_counter() if started is None else started
    if check:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from models.commands import open_store
    from models.briefing_model import BriefingModel
    from ui.main_window import MainWindow
    from ui.style import stylesheet
    from ui.settings import app_settings
    from ui.theme import apply_appearance, current_theme
    from ui.workers import keep_gui_thread_responsive

    if check:
        from ui.settings import isolate_settings

        isolate_settings()          # --check reads the user's settings and writes none

    app = QApplication.instance() or QApplication(sys.argv[:1])
    keep_gui_thread_responsive()
    app.setApplicationName("DPRK Pressure Brief")
    app.setStyle("Fusion")
    apply_appearance(app, str(app_settings().value("appearance/theme", "system")))
    app.setStyleSheet(stylesheet(current_theme()))
    try:
        store = open_store(db, seed=seed, lock_wait=GUI_LOCK_WAIT)
    except Exception as exc:  # a broken or newer database: say so and stop
        print(f"error: cannot open the database {db}: {exc}", file=sys.stderr)
        return 1
    model = BriefingModel(store)
    from models.coverage import default_period

    model.set_period(*default_period(store))       # the latest full year the data covers, not the calendar year
    window = MainWindow(model)
    if not check:
        from ui.update_schedule import check_when_ready

        check_when_ready(window)                 # off unless the user turned it on (Data menu)
    if check:
        def report_first_paint() -> None:
            print(f"first paint: {(time.perf_counter() - started) * 1000:.0f} ms", flush=True)

        def report_ready() -> None:
            """Once every pane holds its data, paint the whole window and report: the window is usable."""
            if not window.panes_loaded():
                QTimer.singleShot(5, report_ready)
                return
            window.repaint()
            print(f"panes ready: {(time.perf_counter() - started) * 1000:.0f} ms", flush=True)
            window.close()
            app.quit()

        def fail(exc_type, exc, tb) -> None:
            import traceback

            traceback.print_exception(exc_type, exc, tb)
            app.exit(1)

        sys.excepthook = fail
        window.first_painted.connect(report_first_paint)
        window.panes_ready.connect(report_ready)
    window.show()
    code = app.exec()
    from ui.teardown import shut_down

    shut_down(window)           # workers stopped, widgets deleted while Python runs (not at interpreter exit)
    store.close()
    return code
