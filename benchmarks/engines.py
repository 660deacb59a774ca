"""The same synthetic list on both engines, side by side: SQLite (a file) and PostgreSQL (team mode).

    python benchmarks/engines.py [--rows N] [--pg postgresql://...]

N designations (default 1,000,000; benchmarks/sanctions.py's synthetic store) are written into a new
SQLite file and a new PostgreSQL database (--pg, or a throw-away local server as the tests start it,
tests/pg.py), then on each: the write (import) time including the search index, the sanctions log load
(models.analytics.sanctions_log.load_log) and search-as-you-type (models.search.match_ids, each prefix of
five typed sessions). One line per figure and engine; SQLite's figure is the baseline of PostgreSQL's.
Targets: keystroke p95 < 50 ms on both engines (issue 21); the others have none (printed for comparison).
Each engine's store is built once per run; at 1,000,000 rows a run takes about 35 minutes on two shared
cores, most of it the PostgreSQL import (its search index is written row by row through the driver).
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks._bench import exit_status, verdict  # noqa: E402

SESSIONS = ["kim su gil", "park jong", "air koryo", "tanchon bank", "su-gil kim"]
KEYSTROKE_P95_MS = 50


def measure(store, rows: int) -> dict[str, float]:
    import numpy as np

    from benchmarks.sanctions import fill_store
    from models import search
    from models.analytics.sanctions_log import load_log

    figures = {}
    t0 = time.perf_counter()
    fill_store(store, rows)
    search.refresh_index(store.conn)                # SQLite: at the first search; PostgreSQL: done at commit
    figures["write designations and index (import)"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    load_log(store)
    figures["sanctions log load"] = time.perf_counter() - t0
    times = []
    for session in SESSIONS:
        for n in range(1, len(session) + 1):
            t0 = time.perf_counter()
            search.match_ids(store.conn, session[:n])
            times.append((time.perf_counter() - t0) * 1000)
    figures["keystroke p95"] = float(np.percentile(times, 95))
    figures["keystroke median"] = float(np.median(times))
    load = os.getloadavg()
    print(f"[{store.engine}] " + ", ".join(f"{k} {v:.2f}" for k, v in figures.items())
          + f" (load {load[0]:.1f} {load[1]:.1f} {load[2]:.1f})", flush=True)
    return figures


UNITS = {"write designations and index (import)": "s", "sanctions log load": "s", "keystroke p95": "ms",
         "keystroke median": "ms"}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--pg", help="an empty PostgreSQL database (default: a throw-away local server)")
    args = parser.parse_args()
    os.environ.setdefault("DPRK_BRIEF_SETTINGS_DIR", "/tmp/dprk_engines_bench_settings")
    from models.store import Store, open_store

    cluster = None
    url = args.pg
    if url is None:
        from tests.pg import ClusterUnavailable, start_cluster

        try:
            cluster = start_cluster()
        except ClusterUnavailable as exc:
            print(f"cannot run: {exc}", file=sys.stderr)
            return 2
        url = cluster.new_database()
    results = {}
    try:
        with tempfile.TemporaryDirectory() as tmp:
            with Store(Path(tmp) / "bench.sqlite3") as lite:
                results["sqlite"] = measure(lite, args.rows)
        with open_store(url) as pg:
            results["postgres"] = measure(pg, args.rows)
    finally:
        if cluster is not None:
            cluster.stop()
    load = os.getloadavg()
    print(f"{args.rows:,} designations, SQLite | PostgreSQL (load at the end {load[0]:.1f} {load[1]:.1f} "
          f"{load[2]:.1f}; {os.cpu_count()} cores):")
    for name, unit in UNITS.items():
        for engine in ("sqlite", "postgres"):
            value = results[engine][name]
            target = f"(target: < {KEYSTROKE_P95_MS} ms) " + verdict(value < KEYSTROKE_P95_MS, f"{name} {engine}") \
                if name == "keystroke p95" else "(no target)"
            base = "" if engine == "sqlite" else f"  [baseline: SQLite {results['sqlite'][name]:.2f} {unit}]"
            print(f"{name} [{engine}]: {value:.2f} {unit} {target}{base}", flush=True)
    return exit_status()


if __name__ == "__main__":
    sys.exit(main())
