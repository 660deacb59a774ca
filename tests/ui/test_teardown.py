"""Closing the dashboard stops and waits for every worker and deletes every widget while Python still runs.

Left to the interpreter's exit, a pyqtgraph scene deleted that late called back into Python and the
process died with SIGSEGV after its work was done (`main.py --check`: exit -11 about one run in five).
"""
from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]

CHILD = r"""
import gc, sys
sys.path.insert(0, sys.argv[1])
from pathlib import Path
from ui.app import run_app

code = run_app(Path(sys.argv[2]), check=True)
from PySide6.QtWidgets import QApplication, QGraphicsScene
gc.collect()
scenes = [o for o in gc.get_objects() if isinstance(o, QGraphicsScene)]
alive = []
for scene in scenes:
    try:
        scene.objectName()
        alive.append(scene)
    except RuntimeError:            # its C++ object is gone already
        pass
print("exit", code, "widgets", len(QApplication.allWidgets()), "scenes", len(alive), flush=True)
"""


def test_after_the_dashboard_closes_no_widget_or_plot_scene_is_left_for_the_interpreter_exit(tmp_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "DPRK_BRIEF_SETTINGS_DIR": str(tmp_path / "settings")}
    done = subprocess.run([sys.executable, "-c", CHILD, str(PROJECT), str(tmp_path / "check.sqlite3")],
                          cwd=PROJECT, env=env, capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.splitlines()[-1] == "exit 0 widgets 0 scenes 0", done.stdout


def test_closing_the_window_while_its_workers_run_stops_and_waits_for_each(qtbot, bundled_store):
    from models.briefing_model import BriefingModel
    from ui.main_window import MainWindow
    from ui.teardown import shut_down

    window = MainWindow(BriefingModel(bundled_store))
    with qtbot.waitSignal(window.panes_ready, timeout=30000):
        window.show()
    pane = window.panes["sanctions"]
    pane.reload()                                     # the sanctions log loads on a worker thread
    pane.searcher.synchronous = False
    pane.searcher.request("KIM")                      # and a search runs on the search thread
    jobs, search_thread = list(pane._jobs), pane.searcher._thread
    assert search_thread is not None and search_thread.isRunning()
    assert any(job.is_running() for job in jobs)
    shut_down(window)
    assert not any(job.is_running() for job in jobs)
    assert search_thread.isFinished()
    with pytest.raises(RuntimeError):                 # the window and its panes are deleted, not left to exit
        window.objectName()


def test_closing_the_ledger_worker_interrupts_its_query_and_waits_for_it(qtbot, bundled_store):
    from ui.ledger_runner import LedgerRunner

    runner = LedgerRunner(str(bundled_store.path))
    started, answers = threading.Event(), []

    def endless(store):
        started.set()
        return store.conn.execute("WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n)"
                                  " SELECT COUNT(*) FROM (SELECT x FROM n LIMIT 10000000000)").fetchone()

    runner.request("test", endless, answers.append, answers.append)
    assert started.wait(20)
    begun = time.monotonic()
    assert runner.close()
    assert not runner._thread.is_alive() and time.monotonic() - begun < 5
    qtbot.wait(50)
    assert answers == []                              # a closed runner delivers nothing
