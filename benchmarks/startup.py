"""Start-up: the whole `python main.py --check` process until the window is usable, against a bare window.

    python benchmarks/startup.py [--runs 5]

"Panes ready" is the moment every pane holds its data and the whole window has painted it (`--check`
waits for panes that load on a worker, then repaints and prints the time). The baseline is a bare
process that imports PySide6, pyqtgraph and pandas and paints one plot window. Both are whole processes
timed from launch, measured in the same run, alternating, several times each; medians are compared.
Targets: panes ready at most 1.5x the bare window and under 1.5 s on the bundled data. The first paint
(a skeleton) is printed for information only.
"""
from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _bench import exit_status, require, verdict  # noqa: E402

PROJECT = Path(__file__).resolve().parent.parent
RUNS = 5

BARE = r"""
import time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication
import pyqtgraph as pg
import pandas as pd
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


def seconds_until(command: list[str], env: dict, marks: tuple[str, ...]) -> dict[str, float]:
    """Run `command`; seconds from launch until each line starting with one of `marks` is printed."""
    start = time.perf_counter()
    proc = subprocess.Popen(command, cwd=PROJECT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                            text=True, env=env)
    assert proc.stdout is not None
    seen: dict[str, float] = {}
    try:
        for text in proc.stdout:
            for mark in marks:
                if text.startswith(mark) and mark not in seen:
                    seen[mark] = time.perf_counter() - start
            if len(seen) == len(marks):
                break
        if len(seen) != len(marks):
            raise RuntimeError(f"{command} never printed {[m for m in marks if m not in seen]}")
        proc.wait(timeout=120)
    finally:
        proc.kill()
    return seen


def line(name: str, value: float, unit: str, target: str, ok: bool) -> str:
    return f"{name}: {value:.2f} {unit} (target: {target}) {verdict(ok, name)}"


def main() -> int:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=RUNS)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "DPRK_BRIEF_SETTINGS_DIR": tmp}
        db = str(Path(tmp) / "bench.sqlite3")
        subprocess.run([sys.executable, "main.py", "--db", db, "table", "launches", os.devnull], cwd=PROJECT,
                       env=env, check=True, capture_output=True)   # seed once, outside the timing
        bare, painted, ready = [], [], []
        for _ in range(args.runs):
            bare.append(seconds_until([sys.executable, "-c", BARE], env, ("painted",))["painted"])
            app = seconds_until([sys.executable, "main.py", "--db", db, "--check"], env,
                                ("first paint:", "panes ready:"))
            painted.append(app["first paint:"])
            ready.append(app["panes ready:"])
    bare_s, painted_s, ready_s = (statistics.median(v) for v in (bare, painted, ready))
    ratio = ready_s / bare_s
    print(f"bare PySide6 + pyqtgraph + pandas window process, painted: {bare_s * 1000:.0f} ms (baseline, "
          f"median of {args.runs})")
    print(f"main.py --check first paint (skeleton): {painted_s * 1000:.0f} ms (info)")
    print(line("main.py --check panes ready", ready_s * 1000, "ms", "<= 1500 ms", ready_s <= 1.5))
    print(line("panes ready ratio to bare window", ratio, "x", "<= 1.5x", ratio <= 1.5))
    return exit_status()

if __name__ == "__main__":
    sys.exit(main())
