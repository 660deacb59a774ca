"""Regenerate docs/screenshots/*.png: the real window on the bundled dataset at common screen sizes.

    python tools/screenshots.py                 # every size, each under its own Xvfb screen (needs xvfb-run)
    python tools/screenshots.py --only 1366x768 # one size

Each size runs in a child process under `xvfb-run` with a screen of that size (and QT_SCALE_FACTOR for
the 150 % case), a fresh database seeded from the bundled dataset and fresh settings, so the shots show
the default layout a new user sees. On a laptop-sized screen the panes are tabs: one shot per pane.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
OUT = PROJECT / "docs" / "screenshots"
SIZES = {                       # name: (screen width, screen height, scale factor)
    "1366x768": (1366, 768, 1.0),
    "1600x900": (1600, 900, 1.0),
    "1920x1080": (1920, 1080, 1.0),
    "1920x1080@150": (1920, 1080, 1.5),
}
PERIOD = (date(2022, 1, 1), date(2022, 12, 31))     # a year with every kind of record
SELECTED_LAUNCH = "L2022-11-18-1"                   # the ICBM launch of 18 Nov 2022
DARK_SIZE = "1920x1080"                             # also shot in the dark appearance


def run_all(names: list[str]) -> int:
    if shutil.which("xvfb-run") is None:
        print("error: xvfb-run not found (Debian: apt-get install xvfb xauth libxcb-icccm4 libxcb-keysyms1)",
              file=sys.stderr)
        return 1
    OUT.mkdir(parents=True, exist_ok=True)
    failed = 0
    for name in names:
        width, height, scale = SIZES[name]
        env = dict(os.environ, QT_QPA_PLATFORM="xcb", QT_SCALE_FACTOR=str(scale))
        command = ["xvfb-run", "-a", "-s", f"-screen 0 {width}x{height}x24", sys.executable, __file__,
                   "--shoot", name]
        result = subprocess.run(command, env=env, cwd=PROJECT)
        failed += result.returncode != 0
        print(f"{name}: {'ok' if result.returncode == 0 else 'FAILED'}")
    return 1 if failed else 0


def shoot(name: str) -> int:
    """In the child: open the window, then save one PNG per view."""
    os.environ["DPRK_BRIEF_SETTINGS_DIR"] = tempfile.mkdtemp(prefix="shots-settings-")
    sys.path.insert(0, str(PROJECT))
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from models.briefing_model import BriefingModel
    from models.commands import open_store
    from ui.main_window import MainWindow
    from ui.style import stylesheet
    from ui.theme import apply_appearance, current_theme

    app = QApplication(sys.argv[:1])
    app.setApplicationName("DPRK Pressure Brief")
    app.setStyle("Fusion")
    apply_appearance(app, "light")
    app.setStyleSheet(stylesheet(current_theme()))
    folder = Path(tempfile.mkdtemp(prefix="shots-db-"))
    store = open_store(folder / "briefing.sqlite3", seed=True)
    model = BriefingModel(store)
    window = MainWindow(model)
    shots: list[tuple[str, callable]] = []

    def save(suffix: str) -> None:
        path = OUT / f"{name}_{suffix}.png"
        window.grab().save(str(path))
        print(f"  wrote {path.relative_to(PROJECT)} ({window.width()}x{window.height()} logical)")

    def raise_dock(key: str):
        def step() -> None:
            window.docks[key].show()
            window.docks[key].raise_()
        return step

    def plan() -> None:
        model.set_period(*PERIOD)
        model.select_launch(SELECTED_LAUNCH)
        alignment = window.panes["alignment"]
        if alignment.view is not None and len(alignment.view.matrix.columns):
            alignment._on_cell_clicked(0, len(alignment.view.matrix.columns) - 1)
        if window.compact():
            for key in ("timeline", "alignment", "sanctions", "ledger"):
                shots.append((key, raise_dock(key)))
        else:                                       # the timeline stays beside the tabbed panes
            for key in ("alignment", "sanctions", "ledger"):
                shots.append((f"timeline+{key}", raise_dock(key)))
        if name == DARK_SIZE:                       # the dark appearance, switched live as a user would
            def dark() -> None:
                window.set_appearance("dark")
                raise_dock("alignment" if not window.compact() else "timeline")()
            shots.append(("dark", dark))
        step_through()

    def step_through() -> None:
        if not shots:
            window.close()
            app.quit()
            return
        suffix, prepare = shots.pop(0)
        prepare()
        QTimer.singleShot(2500 if suffix == "dark" else 1200, lambda: (save(suffix), step_through()))

    planned: list[bool] = []

    def first_ready() -> None:                  # panes_ready fires again when the appearance rebuilds them
        if not planned:
            planned.append(True)
            QTimer.singleShot(800, plan)

    window.panes_ready.connect(first_ready)
    window.show()
    code = app.exec()
    store.close()
    return code


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=list(SIZES), action="append", help="one size (repeatable)")
    parser.add_argument("--shoot", choices=list(SIZES), help=argparse.SUPPRESS)   # the child process
    args = parser.parse_args()
    if args.shoot:
        return shoot(args.shoot)
    return run_all(args.only or list(SIZES))


if __name__ == "__main__":
    sys.exit(main())
