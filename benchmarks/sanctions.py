"""Sanctions pane at scale: a synthetic store of N designations (default 1,000,000).

    python benchmarks/sanctions.py [--rows N] [--db PATH] [--keep-index]

Prints one line per figure, `name: value unit (target: ...) ok|MISSED`, each beside a baseline
measured in the same run. The synthetic store is cached at --db (default under /tmp) and rebuilt only
when N or SYNTHETIC_VERSION (bump it when build_store changes) differs, so reruns skip the build.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from benchmarks._bench import exit_status, verdict  # noqa: E402

SURNAMES = ["KIM", "RI", "PAK", "CHOE", "JONG", "KANG", "CHO", "YUN", "JANG", "HAN", "O", "SO", "SIN", "KWON",
            "HWANG", "AN", "SONG", "HONG", "JON", "MUN", "YANG", "PAEK", "HO", "NAM", "KO", "RYU", "CHA", "JU",
            "WANG", "LI", "ZHANG", "CHEN", "LIU", "IVANOV", "PETROV"]
SYLLABLES = ["CHOL", "SU", "GIL", "IL", "HO", "YONG", "MIN", "HYOK", "SONG", "NAM", "JIN", "CHUN", "GUK", "UN",
             "MYONG", "SOK", "HUI", "HWA", "JU", "TAE", "SIK", "PYONG", "RYONG", "KWANG", "HYON", "SUN", "BONG"]
WORDS = ["KORYO", "RYONBONG", "TANCHON", "MANSUDAE", "CHONGCHONGANG", "PYONGYANG", "OCEAN", "GOLDEN", "UNITED",
         "SILVER", "EASTERN", "DAEDONG", "KUMGANG", "MORAN", "SEAWAY", "HAPJANGGANG", "SINHUNG", "NAMGANG"]
KINDS = ["TRADING CORPORATION", "SHIPPING CO LTD", "BANK", "GENERAL CORPORATION", "MINING COMPANY",
         "TECHNOLOGY CO", "MARITIME LIMITED", "CONSTRUCTION COMPANY", "CREDIT BANK", "INDUSTRIAL GROUP"]
SNAPSHOTS = ["2017-01-01", "2018-01-01", "2019-01-01", "2020-01-01", "2021-01-01", "2022-01-01", "2022-07-01",
             "2023-01-01", "2024-01-01", "2025-01-01"]
COMPONENT = 5000               # the largest linked component (fewer on a store of fewer rows: component_size)
SYNTHETIC_VERSION = "2"         # the cache key of the synthetic store, with the row count


def build_store(path: Path, rows: int):
    from models.store import Store

    return fill_store(Store(path), rows)


def fill_store(store, rows: int):
    """Write the synthetic designations into an empty store (either engine); returns it."""
    rng = np.random.default_rng(42)
    conn = store.conn
    with store.transaction():
        conn.execute("INSERT INTO source_files (dataset, format, file_name, sha256, imported_at, record_count)"
                     " VALUES ('synthetic', 'synthetic', 'synthetic', 'x', '2026-01-01', ?)", (rows,))
        conn.executemany("INSERT INTO list_snapshots (list_name, authority, snapshot_date, date_basis, file_id)"
                         " VALUES ('SYNTH', 'OFAC', ?, 'synthetic', 1)", [(d,) for d in SNAPSHOTS])
        people = rng.random(rows) < 0.55
        s1, g1, g2 = rng.integers(0, len(SURNAMES), rows), rng.integers(0, len(SYLLABLES), rows), \
            rng.integers(0, len(SYLLABLES), rows)
        w1, k1 = rng.integers(0, len(WORDS), rows), rng.integers(0, len(KINDS), rows)
        names = [f"{SURNAMES[a]}, {SYLLABLES[b].title()} {SYLLABLES[c].title()}" if p
                 else f"{WORDS[w]} {KINDS[k]} {i}" for i, (p, a, b, c, w, k) in
                 enumerate(zip(people, s1, g1, g2, w1, k1))]
        first = rng.integers(0, len(SNAPSHOTS), rows)
        dprk = rng.random(rows) < 0.7
        authority = np.where(rng.random(rows) < 0.8, "OFAC", "UN 1718 Committee")
        programs = np.array(["DPRK", "DPRK2", "DPRK3", "DPRK4", "NPWMD", "CYBER2"])[rng.integers(0, 6, rows)]
        conn.executemany(
            "INSERT INTO designations (designation_id, authority, list_name, source_id, name, type, programs,"
            " first_seen, last_seen, dprk, file_id) VALUES (?, ?, 'SYNTH', ?, ?, ?, ?, ?, '2025-01-01', ?, 1)",
            ((i + 1, authority[i], str(i + 1), names[i], "individual" if people[i] else "entity", programs[i],
              SNAPSHOTS[first[i]], int(dprk[i])) for i in range(rows)))
        with_alias = np.flatnonzero(rng.random(rows) < 0.5)
        conn.executemany("INSERT INTO designation_aliases VALUES (?, ?, 'aka', NULL)",
                         ((int(i) + 1, names[i].replace("-", " ").upper() + " A") for i in with_alias))
        country = np.array(["China", "Russia", "Korea, North", "Singapore", "United Arab Emirates"])
        with_address = np.flatnonzero(rng.random(rows) < 0.4)
        conn.executemany("INSERT INTO designation_addresses (designation_id, city, country) VALUES (?, 'X', ?)",
                         ((int(i) + 1, country[i % 5]) for i in with_address))
        # one 5,000-node component (a random tree; half the rows if fewer) and many small ones
        component = component_size(rows)
        tree = [(int(rng.integers(1, j)), j) for j in range(2, component + 1)]
        small = rng.integers(component + 1, rows, (rows // 50, 2)) if rows > component + 1 else np.zeros((0, 2))
        conn.executemany("INSERT OR IGNORE INTO designation_links VALUES (?, ?, 'linked_to', 'synthetic')",
                         [(a, b) for a, b in tree] + [(int(a), int(b)) for a, b in small if a != b])
        from models import designation_dates

        designation_dates.refresh(conn)           # what every import does: the dated columns
        conn.execute("INSERT OR REPLACE INTO meta VALUES ('synthetic_rows', ?)", (_cache_key(rows),))
    return store


def component_size(rows: int) -> int:
    """Nodes of the one large linked component: COMPONENT, or half the rows on a small store."""
    return max(2, min(COMPONENT, rows // 2))


def _cache_key(rows: int) -> str:
    return f"{rows} v{SYNTHETIC_VERSION}"


def line(name: str, value: float, unit: str, target: float | None, baseline: str) -> None:
    verdict_text = "" if target is None else " " + verdict(value <= target, name)
    tgt = f"(target: < {target:g} {unit})" if target is not None else "(no target)"
    print(f"{name}: {value:.1f} {unit} {tgt}{verdict_text}  [baseline: {baseline}]", flush=True)


def keystrokes(app, pane, sessions: list[str]) -> list[float]:
    """ms from each keystroke to the table showing that query's answer (the GUI thread idles meanwhile)."""
    from PySide6.QtCore import QEventLoop, QTimer

    times = []
    loop = QEventLoop()
    guard = QTimer()
    guard.setSingleShot(True)
    guard.timeout.connect(loop.quit)
    pane.searcher.answered.connect(lambda *_: QTimer.singleShot(0, loop.quit))
    for session in sessions:
        pane.controls.search.clear()
        app.processEvents()
        for n in range(1, len(session) + 1):
            text = session[:n]
            start = time.perf_counter()
            pane.controls.search.setText(text)
            deadline = start + 10
            while pane._shown_query != text and time.perf_counter() < deadline:
                guard.start(1000)                        # never hang the benchmark
                loop.exec()
            guard.stop()
            times.append((time.perf_counter() - start) * 1000)
            app.processEvents()                          # paint, as between real keystrokes
    return times


def inprocess_search(conn, sessions: list[str], names: list[str]) -> tuple[list[float], list[float]]:
    """Wall and CPU ms of models.search without the pane: each keystroke of `sessions` (match_ids, as the
    pane's worker) and each of `names` as a whole query (search_ids, as the CLI)."""
    from models import search

    wall, cpu = [], []
    queries = [(s[:n], True) for s in sessions for n in range(1, len(s) + 1)] + [(n, False) for n in names]
    for text, typing in queries:
        start, start_cpu = time.perf_counter(), time.process_time()
        search.match_ids(conn, text) if typing else search.search_ids(conn, text, prefix=False)
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return wall, cpu


def sample_names(conn, count: int, seed: int = 7) -> list[str]:
    """`count` names of the store, every other one with one letter of a long word dropped (a typo)."""
    rng = np.random.default_rng(seed)
    total = conn.execute("SELECT MAX(designation_id) FROM designations").fetchone()[0]
    out = []
    for i, d in enumerate(rng.integers(1, total + 1, count)):
        name = conn.execute("SELECT name FROM designations WHERE designation_id = ?", (int(d),)).fetchone()[0]
        words = name.split()
        long = [j for j, w in enumerate(words) if len(w) >= 5 and w.isalpha()]
        if i % 2 and long:
            j = long[int(rng.integers(0, len(long)))]
            k = int(rng.integers(1, len(words[j]) - 1))
            words[j] = words[j][:k] + words[j][k + 1:]
        out.append(" ".join(words))
    return out


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--db", type=Path, default=Path("/tmp/dprk_sanctions_bench.sqlite3"))
    parser.add_argument("--keep-index", action="store_true",
                        help="search the cached store's index as it is (default: rebuild it, as an import does)")
    args = parser.parse_args()

    from PySide6.QtCore import QEventLoop, Qt
    from PySide6.QtWidgets import QApplication

    os.environ.setdefault("DPRK_BRIEF_SETTINGS_DIR", "/tmp/dprk_sanctions_bench_settings")
    from models import network, search
    from models.briefing_model import BriefingModel
    from models.store import Store, shrink_wal
    from ui.panes.sanctions_pane import SanctionsPane

    from ui.workers import keep_gui_thread_responsive

    app = QApplication.instance() or QApplication([])
    keep_gui_thread_responsive()                  # as the dashboard does at start-up (ui.app.run_app)
    sessions = ["kim su gil", "park jong", "air koryo", "tanchon bank", "su-gil kim"]

    def open_pane(model) -> tuple[SanctionsPane, float, float]:
        """Open the pane and run the event loop, as the app does, until the log has arrived.

        A 5 ms timer records the gaps between its ticks: the longest gap before the log arrives is
        the worst GUI stall while the worker loads; applying the log is timed on its own."""
        from PySide6.QtCore import QTimer

        applying = {"ms": 0.0, "start": float("inf"), "end": float("inf")}
        original = SanctionsPane._on_loaded

        def timed_on_loaded(self, result):
            applying["start"] = t = time.perf_counter()
            original(self, result)
            applying["end"] = time.perf_counter()
            applying["ms"] = (applying["end"] - t) * 1000

        SanctionsPane._on_loaded = timed_on_loaded
        start = time.perf_counter()
        pane = SanctionsPane(model)
        pane.resize(1400, 900)
        pane.show()
        first_paint = (time.perf_counter() - start) * 1000
        ticks: list[float] = []
        timer = QTimer()
        timer.setInterval(5)
        timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
        loop = QEventLoop()
        poll = QTimer()
        poll.timeout.connect(lambda: loop.quit() if pane.loaded else None)
        timer.start()
        poll.start(50)
        loop.exec()
        timer.stop()
        poll.stop()
        SanctionsPane._on_loaded = original
        # every gap but the one holding the application of the log (timed on its own)
        gaps = [(b - a) * 1000 for a, b in zip(ticks, ticks[1:]) if not a <= applying["start"] <= b]
        pane.stall_ms = max(gaps, default=0.0)
        pane.apply_ms = applying["ms"]
        return pane, first_paint, (time.perf_counter() - start) * 1000

    # -- bundled data ------------------------------------------------------------------------
    from models.commands import open_store

    small_db = Path("/tmp/dprk_sanctions_bench_bundled.sqlite3")
    for suffix in ("", "-wal", "-shm"):
        Path(str(small_db) + suffix).unlink(missing_ok=True)
    model = BriefingModel(open_store(small_db))
    pane, _paint, _ready = open_pane(model)
    names = model.designations()["name"].astype(str)
    times = keystrokes(app, pane, sessions)
    t0 = time.perf_counter()
    for s in sessions:
        for n in range(1, len(s) + 1):
            names.str.contains(s[:n], case=False, regex=False)
    base = (time.perf_counter() - t0) * 1000 / sum(len(s) for s in sessions)
    line("bundled keystroke p95", float(np.percentile(times, 95)), "ms", 10,
         f"pandas str.contains {base:.2f} ms/keystroke over {len(names)} names; median {statistics.median(times):.1f} ms")
    pane.close()

    # -- synthetic store ------------------------------------------------------------------------
    if args.db.exists():
        store = Store(args.db)
        if store.scalar("SELECT value FROM meta WHERE key = 'synthetic_rows'") not in (
                _cache_key(args.rows), str(args.rows) if SYNTHETIC_VERSION == "1" else None):
            store.close()
            for suffix in ("", "-wal", "-shm"):
                Path(str(args.db) + suffix).unlink(missing_ok=True)
    if not args.db.exists():
        t0 = time.perf_counter()
        build_store(args.db, args.rows).close()
        print(f"(built a synthetic store of {args.rows:,} designations in {time.perf_counter() - t0:.0f} s)")
    store = Store(args.db)
    if not args.keep_index:         # as after an import of every row: the keystrokes then search a rebuilt index
        store.conn.execute("INSERT OR IGNORE INTO search_dirty SELECT designation_id FROM designations")
    dirty = store.scalar("SELECT COUNT(*) FROM search_dirty")
    if dirty:
        t0 = time.perf_counter()
        search.refresh_index(store.conn)
        line("search index build (once per import)", (time.perf_counter() - t0), "s", None,
             f"{dirty:,} designations re-indexed")
    all_names = store.query("SELECT name FROM designations")["name"]
    sample = sample_names(store.conn, 100)
    t0 = time.perf_counter()
    for text in sample[:10]:
        all_names.str.contains(text.split()[0], case=False, regex=False)
    base = (time.perf_counter() - t0) * 100
    wall, cpu = inprocess_search(store.conn, sessions, sample)
    line("in-process search p95 (keystrokes and whole names, typos)", float(np.percentile(wall, 95)), "ms", 50,
         f"CPU p95 {np.percentile(cpu, 95):.1f} ms, median {statistics.median(wall):.1f} ms; pandas str.contains "
         f"of one word {base:.0f} ms; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    from models import revenue

    t0 = time.perf_counter()
    if revenue.sync_suggestions(store.conn):
        line("revenue suggestions (once per import)", (time.perf_counter() - t0), "s", None, "all untagged")
    shrink_wal(store.conn)          # as the pane's loading job does after writing the index
    model = BriefingModel(store)
    t0 = time.perf_counter()
    frame = store.query("SELECT designation_id, name, type FROM designations")
    read = (time.perf_counter() - t0) * 1000
    pane, paint, ready = open_pane(model)
    line("open pane: widget shown", paint, "ms", 500, "GUI thread free while the log loads on a worker")
    line("open pane: log loaded", ready, "ms", None, f"bare SELECT of 3 columns {read:.0f} ms")
    line("open pane: longest GUI stall while the worker loads", pane.stall_ms, "ms", 100,
         "GUI thread waiting for the GIL held by the loading worker")
    line("open pane: applying the loaded log on the GUI thread", pane.apply_ms, "ms", 100,
         "model reset, filters, chart")

    # keystrokes
    times = keystrokes(app, pane, sessions)
    names = frame["name"]
    t0 = time.perf_counter()
    for s in ["kim su gil", "park jong"]:
        for n in range(1, len(s) + 1):
            names.str.contains(s[:n], case=False, regex=False)
    base = (time.perf_counter() - t0) * 1000 / len("kim su gilpark jong")
    line("keystroke to updated table, median", statistics.median(times), "ms", None,
         f"pandas str.contains {base:.0f} ms/keystroke on {len(names):,} names")
    line("keystroke to updated table, p95", float(np.percentile(times, 95)), "ms", 50,
         f"pandas str.contains {base:.0f} ms/keystroke")

    # GUI responsiveness while typing: the longest stretch the event loop was blocked
    pane.controls.search.clear()
    app.processEvents()

    # sort
    pane.controls.all_lists.setChecked(True)
    app.processEvents()
    rows = pane.table_model.rowCount()
    for column, label in ((4, "name"), (0, "date")):
        t0 = time.perf_counter()
        pane.view.sortByColumn(column, Qt.SortOrder.DescendingOrder)
        app.processEvents()
        took = (time.perf_counter() - t0) * 1000
        log = pane.log
        shown = pd.DataFrame({"name": log.plain["name"], "date": log.labels["date"][log.codes["date"]]})
        t0 = time.perf_counter()
        shown.sort_values(label, ascending=False, kind="stable")
        base = (time.perf_counter() - t0) * 1000
        line(f"sort {rows:,} rows by {label}", took, "ms", 300, f"pandas sort_values {base:.0f} ms")
    pane.close()

    # network layout of the 5,000-node component
    graph = network.build_graph(store, range(1, component_size(args.rows) + 1))
    comp = network.components(graph)[0]
    sub = graph.subgraph(comp)
    index = {n: i for i, n in enumerate(comp)}
    edges = np.array([(index[a], index[b]) for a, b in sub.edges], dtype=np.int64)
    t0 = time.perf_counter()
    network.force_layout(len(comp), edges)
    took = time.perf_counter() - t0
    import networkx as nx

    sample = sub.subgraph(comp[:1000])
    t0 = time.perf_counter()
    nx.spring_layout(sample, seed=1)
    base = time.perf_counter() - t0
    line(f"network layout, {len(comp):,}-node component (worker)", took, "s", 2,
         f"networkx spring_layout on a 1,000-node part {base:.1f} s")
    store.conn.execute("DELETE FROM network_layout")
    network.cached_layout(store, sub)
    t0 = time.perf_counter()
    network.cached_layout(store, sub)
    line("network layout from cache (next session)", (time.perf_counter() - t0) * 1000, "ms", None,
         "positions read back from network_layout")
    store.close()
    return exit_status()


if __name__ == "__main__":
    sys.exit(main())
