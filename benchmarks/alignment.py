"""Benchmark the alignment pane on a synthetic 193 x 5,000 matrix.

Run: python benchmarks/alignment.py [--rows 193] [--cols 5000] [--frames 40]
Prints one line per figure: `name: value unit (target: ...) ok|MISSED`, plus the same figures for a
bare pyqtgraph ImageItem of the same matrix, measured in the same run, as the baseline.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _bench import exit_status, require, verdict  # noqa: E402

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402

TARGET_BUILD_S = 1.0
TARGET_SORT_MS = 100.0
TARGET_FRAME_MS = 16.0


def synthetic_store(path: Path, n_rows: int, n_cols: int, seed: int = 7):
    """A store with n_cols statements (every 10th a Council vote) and n_rows countries with a
    participation rate each (a few allies near 100 %, most rarely joining), dated 2021-2025."""
    from models.store import Store

    rng = np.random.default_rng(seed)
    store = Store(path)
    codes = [r[0] for r in store.rows("SELECT iso3 FROM countries ORDER BY iso3")][:n_rows]
    rate = rng.beta(0.6, 3.0, len(codes))
    start = date(2021, 1, 1)
    span = (date(2025, 12, 31) - start).days
    with store.transaction() as conn:
        file_id = conn.execute(
            "INSERT INTO source_files (dataset, format, file_name, sha256, imported_at) VALUES"
            " ('statements', 'synthetic', 'synthetic', 'x', '2026-01-01')").lastrowid
        conn.execute("INSERT OR IGNORE INTO statement_series VALUES ('us_led', 'US-led', NULL)")
        statements, positions = [], []
        for j in range(n_cols):
            day = (start + timedelta(days=int(j * span / n_cols))).isoformat()
            vote = j % 10 == 9
            sid = f"S/{day[:4]}/{j}" if vote else f"JS{day[:4]}-{j:04d}"
            statements.append((sid, "draft_resolution_vote" if vote else "joint_statement",
                               None if vote else "us_led", day, f"Synthetic statement {j}", file_id))
            if vote:
                members = [r[0] for r in conn.execute(
                    "SELECT iso3 FROM country_groups WHERE group_name = 'UNSC' AND ? BETWEEN valid_from AND"
                    " COALESCE(valid_to, '9999')", (day,))]
                for iso in members:
                    positions.append((sid, iso, rng.choice(["yes", "no", "abstain"], p=[0.8, 0.1, 0.1]), file_id))
            else:
                joined = np.flatnonzero(rng.random(len(codes)) < rate)
                positions.extend((sid, codes[i], "joined", file_id) for i in joined)
        conn.executemany("INSERT INTO statements (statement_id, kind, series_id, date, title, file_id)"
                         " VALUES (?, ?, ?, ?, ?, ?)", statements)
        conn.executemany("INSERT OR IGNORE INTO positions VALUES (?, ?, ?, ?)", positions)
        conn.execute("UPDATE statements SET positions_known = 1")
    return store


def frame_times(view, move, frames: int) -> list[float]:
    times = []
    for k in range(frames):
        move(k)
        t = time.perf_counter()
        view.viewport().repaint()
        times.append((time.perf_counter() - t) * 1000)
    return times


def line(name: str, value: float, unit: str, target: float | None, baseline: float | None = None) -> str:
    base = f"; baseline ImageItem {baseline:.1f} {unit}" if baseline is not None else ""
    if target is None:
        return f"{name}: {value:.1f} {unit} (info{base})"
    verdict_text = verdict(value < target, name)
    return f"{name}: {value:.1f} {unit} (target: < {target:g} {unit}{base}) {verdict_text}"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=193)
    parser.add_argument("--cols", type=int, default=5000)
    parser.add_argument("--frames", type=int, default=40)
    args = parser.parse_args()

    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    tmp = Path(tempfile.mkdtemp(prefix="alignment-bench-"))
    os.environ["DPRK_BRIEF_SETTINGS_DIR"] = str(tmp / "settings")
    t = time.perf_counter()
    store = synthetic_store(tmp / "bench.sqlite3", args.rows, args.cols)
    print(f"synthetic store: {args.rows} x {args.cols}, "
          f"{store.scalar('SELECT COUNT(*) FROM positions'):,} positions, {time.perf_counter() - t:.1f} s (setup)")

    import pyqtgraph as pg

    from models.analytics.alignment_matrix import alignment_matrix
    from models.briefing_model import BriefingModel
    from ui.panes.alignment_pane import AlignmentPane

    # -- baseline: a bare ImageItem of the same matrix --------------------------------------
    codes = alignment_matrix(store).codes
    t = time.perf_counter()
    plot = pg.PlotWidget()
    image = pg.ImageItem(codes.T.astype(np.float32), levels=(0, 6))
    plot.addItem(image)
    plot.resize(1400, 900)
    plot.show()
    plot.getViewBox().setRange(xRange=(codes.shape[1] - 80, codes.shape[1]), yRange=(0, 60), padding=0)
    app.processEvents()
    plot.grab()
    base_build = time.perf_counter() - t
    vb = plot.getViewBox()
    base_pan = statistics.median(frame_times(
        plot, lambda k: vb.setRange(xRange=(codes.shape[1] - 80 - k, codes.shape[1] - k), yRange=(k % 20, 60 + k % 20),
                                    padding=0), args.frames))
    vb.setRange(xRange=(0, codes.shape[1]), yRange=(0, codes.shape[0]), padding=0)
    base_zoom = statistics.median(frame_times(
        plot, lambda k: vb.scaleBy((1.01 if k % 2 else 0.99, 1.0)), args.frames))
    plot.close()

    # -- the pane ----------------------------------------------------------------------------
    model = BriefingModel(store)
    t = time.perf_counter()
    pane = AlignmentPane(model)
    pane.resize(1400, 900)
    pane.show()
    app.processEvents()
    pane.grab()
    build = time.perf_counter() - t
    print(line("pane built and first painted", build, "s", TARGET_BUILD_S, base_build))

    sorts = []
    for index in (1, 2, 0, 1, 2, 0):
        t = time.perf_counter()
        pane.sort_box.setCurrentIndex(index)
        pane.graphics.viewport().repaint()
        sorts.append((time.perf_counter() - t) * 1000)
    print(line("re-sort (median of 6, incl. repaint)", statistics.median(sorts), "ms", TARGET_SORT_MS))

    view = pane.graphics
    pvb = pane.figure.plot.getViewBox()
    n_rows, n_cols = pane.view.matrix.shape
    pvb.setRange(xRange=(n_cols - 80, n_cols), yRange=(0, 60), padding=0)
    pan = frame_times(view, lambda k: pvb.setRange(xRange=(n_cols - 80 - k, n_cols - k),
                                                   yRange=(k % 20, 60 + k % 20), padding=0), args.frames)
    print(line("scroll frame at reading zoom (80 x 60 cells, median)", statistics.median(pan), "ms",
               TARGET_FRAME_MS, base_pan))
    print(line("scroll frame at reading zoom (95th percentile)", float(np.percentile(pan, 95)), "ms",
               TARGET_FRAME_MS))
    pvb.setRange(xRange=(0, n_cols), yRange=(0, n_rows), padding=0)
    zoom = frame_times(view, lambda k: pvb.scaleBy((1.01 if k % 2 else 0.99, 1.0)), args.frames)
    print(line("zoom frame, whole matrix in view (median)", statistics.median(zoom), "ms", TARGET_FRAME_MS,
               base_zoom))
    print(line("zoom frame, whole matrix in view (95th percentile)", float(np.percentile(zoom, 95)), "ms",
               TARGET_FRAME_MS))
    pvb.setRange(xRange=(n_cols - 400, n_cols), yRange=(0, n_rows), padding=0)
    mid = frame_times(view, lambda k: pvb.setRange(xRange=(n_cols - 400 - 5 * k, n_cols - 5 * k),
                                                   yRange=(0, n_rows), padding=0), args.frames)
    print(line("scroll frame, 193 x 400 cells in view (median)", statistics.median(mid), "ms", TARGET_FRAME_MS))
    pane.close()
    store.close()
    return exit_status()


if __name__ == "__main__":
    sys.exit(main())
