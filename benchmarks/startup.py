"""Start-up: `python main.py --check` first paint against a bare PySide6 + pyqtgraph window.

Both are whole processes timed from launch to their first paint, measured in the same run,
alternating, 5 times each; the medians are compared. Target: at most 1.5x the bare window
and under 1.5 s.
"""
from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
RUNS = 5

BARE = r"""
import time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication
import pyqtgraph as pg
app = QApplication([])
window = pg.PlotWidget()
class Watch(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            print("painted", flush=True)
            QTimer.singleShot(0, app.quit)
        return False
watch = Watch()
window.viewport().installEventFilter(watch)
window.resize(1400, 900)
window.show()
app.exec()
"""


def first_paint_seconds(command: list[str], env: dict) -> float:
    start = time.perf_counter()
    proc = subprocess.Popen(command, cwd=PROJECT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                            text=True, env=env)
    assert proc.stdout is not None
    try:
        for line in proc.stdout:
            if line.startswith(("painted", "first paint:")):
                elapsed = time.perf_counter() - start
                break
        else:
            raise RuntimeError(f"{command} never painted")
        proc.wait(timeout=120)
    finally:
        proc.kill()
    return elapsed


def line(name: str, value: float, unit: str, target: str, ok: bool) -> str:
    return f"{name}: {value:.2f} {unit} (target: {target}) {'ok' if ok else 'MISSED'}"


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "DPRK_BRIEF_SETTINGS_DIR": tmp}
        db = str(Path(tmp) / "bench.sqlite3")
        subprocess.run([sys.executable, "main.py", "--db", db, "table", "launches", os.devnull], cwd=PROJECT,
                       env=env, check=True, capture_output=True)   # seed once, outside the timing
        bare, app = [], []
        for _ in range(RUNS):
            bare.append(first_paint_seconds([sys.executable, "-c", BARE], env))
            app.append(first_paint_seconds([sys.executable, "main.py", "--db", db, "--check"], env))
    bare_s, app_s = statistics.median(bare), statistics.median(app)
    ratio = app_s / bare_s
    print(line("bare PySide6 + pyqtgraph window, first paint", bare_s * 1000, "ms", "baseline", True))
    print(line("main.py --check first paint", app_s * 1000, "ms", "< 1500 ms", app_s < 1.5))
    print(line("first paint ratio to bare window", ratio, "x", "<= 1.5x", ratio <= 1.5))
    return 0


if __name__ == "__main__":
    sys.exit(main())
