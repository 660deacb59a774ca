"""Timeline pane performance: pan/repaint on the real CNS data and on 100k synthetic events.

    python benchmarks/timeline.py [--steps 2000]

Prints one line per figure: `name: value unit (target: ...) ok|MISSED`. The bare ScatterPlotItem
baseline is measured in the same run, at the same widget size, with the same points.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _bench import exit_status, require, verdict  # noqa: E402

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DPRK_BRIEF_SETTINGS_DIR", tempfile.mkdtemp(prefix="timeline-bench-"))

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

SHARED = ROOT.parent / "shared" / "data"
SIZE = (1400, 900)


def report(name: str, value: float, unit: str, target: str, ok: bool) -> None:
    print(f"{name}: {value:.1f} {unit} (target: {target}) {verdict(ok, name)}", flush=True)


def synthetic_launches(n: int, seed: int = 7) -> pd.DataFrame:
    from models.analytics.timeline import OUTCOMES
    from models.launches import CLASS_ORDER

    rng = np.random.default_rng(seed)
    days = pd.Timestamp("1984-01-01") + pd.to_timedelta(rng.integers(0, 40 * 365, n), unit="D")
    minutes = rng.integers(0, 24 * 60, n)
    return pd.DataFrame({
        "launch_id": [f"S{i:06d}" for i in range(n)], "date": days.strftime("%Y-%m-%d"),
        "missile_count": rng.integers(1, 8, n), "classes": np.asarray(CLASS_ORDER, dtype=object)[rng.integers(0, 9, n)],
        "facility": "synthetic", "max_apogee_km": rng.uniform(10, 6000, n), "max_distance_km": rng.uniform(10, 6000, n),
        "outcome": np.asarray(OUTCOMES, dtype=object)[rng.integers(0, 4, n)], "date_precision": "day",
        "time_utc": [f"{m // 60:02d}:{m % 60:02d}" for m in minutes],
        "confirmation": np.asarray(["confirmed", "unconfirmed"], dtype=object)[rng.integers(0, 2, n)]})


def real_model(folder: str):
    from models.briefing_model import BriefingModel
    from models.importers import import_files
    from models.store import Store

    store = Store(os.path.join(folder, "real.sqlite3"))
    files = [SHARED / "missiles" / "north_korea_missile_test_database.csv"] + [
        SHARED / "statements" / f for f in ("statements_2022.csv", "signatories_2022.csv", "unsc_votes_2022.csv")]
    import_files(store, [str(f) for f in files])
    return BriefingModel(store)


def synthetic_model(folder: str, n: int):
    from models.briefing_model import BriefingModel
    from models.store import Store

    model = BriefingModel(Store(os.path.join(folder, "synthetic.sqlite3")))
    model._cache["table:launches"] = synthetic_launches(n)  # the benchmark feeds the query cache directly
    model._cache["table:missiles"] = pd.DataFrame({"launch_id": pd.Series(dtype=str),
                                                   "missile_name": pd.Series(dtype=str)})
    return model


def time_steps(vb, viewport, app, steps: int, pan: bool) -> list[float]:
    (x0, x1), _ = vb.viewRange()
    dx = (x1 - x0) / 100
    out = []
    for i in range(steps):
        t0 = time.perf_counter()
        if pan:
            vb.translateBy(x=dx if (i // 20) % 2 == 0 else -dx)
        viewport.repaint()
        out.append((time.perf_counter() - t0) * 1000)
    app.processEvents()
    return out


def median(values: list[float]) -> float:
    return statistics.median(values[3:] if len(values) > 6 else values)


def bare_scatter(app, pane):
    """A bare PlotWidget + one ScatterPlotItem with every one of the pane's points (same styles, not merged)."""
    import pyqtgraph as pg

    widget = pg.PlotWidget(axisItems={"bottom": pg.DateAxisItem(orientation="bottom", utcOffset=0)})
    pts = pane.items.points
    brushes, pens = pane.style_.arrays(pts["outcome"], pts["confirmed"])
    scatter = pg.ScatterPlotItem(pxMode=True)
    scatter.setData(x=pts["x"], y=pts["y"], size=pts["size"], brush=brushes, pen=pens)
    widget.addItem(scatter)
    widget.resize(pane.timeline_view.size())
    widget.show()
    (x0, x1), (y0, y1) = pane.plot.getViewBox().viewRange()
    widget.setXRange(x0, x1, padding=0)
    widget.setYRange(y0, y1, padding=0)
    app.processEvents()
    return widget


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", type=int, default=2000, help="pan frames in the soak figure")
    parser.add_argument("--n", type=int, default=100_000, help="synthetic events")
    args = parser.parse_args()

    from datetime import date

    from PySide6.QtWidgets import QApplication

    from models.analytics import timeline as tl
    from ui.panes.timeline_pane import TimelinePane

    app = QApplication.instance() or QApplication([])
    folder = tempfile.mkdtemp(prefix="timeline-bench-")

    require(SHARED / "missiles")
    pane = TimelinePane(real_model(folder))
    pane.resize(*SIZE)
    pane.show()
    app.processEvents()
    vb, viewport = pane.plot.getViewBox(), pane.timeline_view.viewport()
    pan = median(time_steps(vb, viewport, app, 60, pan=True))
    report("bundled_pan_step", pan, "ms", "< 16 ms", pan < 16)
    pane.close()

    model = synthetic_model(folder, args.n)
    t0 = time.perf_counter()
    pane = TimelinePane(model)
    pane.resize(*SIZE)
    pane.show()
    app.processEvents()
    print(f"synthetic_build: {(time.perf_counter() - t0) * 1000:.0f} ms for {args.n} events (info)")
    vb, viewport = pane.plot.getViewBox(), pane.timeline_view.viewport()
    repaint = median(time_steps(vb, viewport, app, 20, pan=False))
    pan = median(time_steps(vb, viewport, app, 20, pan=True))
    (vx0, vx1), _ = vb.viewRange()
    mid = float(np.median(pane.items.points["x"]))  # a year in the middle of the data
    vb.setXRange(mid - 182 * 86400, mid + 183 * 86400, padding=0)
    app.processEvents()
    zoomed = time_steps(vb, viewport, app, 200, pan=True)
    report("pan_step_100k_zoomed_1y", median(zoomed), "ms", "< 50 ms", median(zoomed) < 50)
    print(f"pan_step_100k_zoomed_1y_p95: {np.percentile(zoomed, 95):.1f} ms, max {max(zoomed):.1f} ms"
          f" ({len(pane.items.scatter.data)} markers; info)")
    vb.setXRange(vx0, vx1, padding=0)
    app.processEvents()
    bare = bare_scatter(app, pane)
    bvb, bview = bare.getViewBox(), bare.viewport()
    bare_repaint = median(time_steps(bvb, bview, app, 20, pan=False))
    bare_pan = median(time_steps(bvb, bview, app, 20, pan=True))
    bare.close()
    print(f"points: {len(pane.items.points['x'])} events drawn as {len(pane.items.scatter.data)} merged markers (info)")
    print(f"baseline_bare_scatter_repaint_100k: {bare_repaint:.1f} ms (same run, same points)")
    print(f"baseline_bare_scatter_pan_100k: {bare_pan:.1f} ms (same run, same points)")
    report("repaint_100k", repaint, "ms", "< 50 ms", repaint < 50)
    report("pan_step_100k", pan, "ms", "< 50 ms", pan < 50)
    report("repaint_100k_vs_bare", repaint / bare_repaint, "x", "<= 1.2x bare ScatterPlotItem",
           repaint / bare_repaint <= 1.2)
    report("pan_step_100k_vs_bare", pan / bare_pan, "x", "<= 1.2x bare ScatterPlotItem", pan / bare_pan <= 1.2)

    flt = tl.TimelineFilter(classes=frozenset({"SRBM", "ICBM", "IRBM"}), outcomes=frozenset({"success", "mixed"}))
    times = []
    for _ in range(7):
        t0 = time.perf_counter()
        mask = tl.filter_mask(pane.events, flt) & tl.period_mask(pane.events, date(2000, 1, 1), None)
        tl.counts(pane.events, mask)
        tl.yearly_counts(pane.events, mask)
        times.append((time.perf_counter() - t0) * 1000)
    report("filter_compute_100k", min(times), "ms", "< 50 ms", min(times) < 50)
    action = pane.controls.filter_actions["classes"]["SRBM"]
    times = []
    for _ in range(6):
        t0 = time.perf_counter()
        action.trigger()  # toggles: recompute masks, counts, yearly bars and redraw the scatter
        viewport.repaint()
        times.append((time.perf_counter() - t0) * 1000)
    report("filter_apply_redraw_100k", statistics.median(times), "ms", "< 50 ms", statistics.median(times) < 50)

    none_before = sys.getrefcount(None)
    t0 = time.perf_counter()
    frames = time_steps(vb, viewport, app, args.steps, pan=True)
    drift = sys.getrefcount(None) - none_before
    print(f"soak_{args.steps}_pan_frames_100k: {time.perf_counter() - t0:.1f} s, median {median(frames):.1f} ms,"
          f" max {max(frames):.1f} ms (info)")
    report("soak_none_refcount_drift", float(drift), "refs", f"no drop over {args.steps} pan frames", drift > -100)
    pane.close()
    return exit_status()


if __name__ == "__main__":
    sys.exit(main())
