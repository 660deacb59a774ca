"""The printable brief: time the 2022 PDF in-process and as a whole command, against laying it out alone.

    python benchmarks/export.py [--runs 3]

Prints one line per figure: `name: value unit (target: ...) ok|MISSED`. "layout only" builds the same
content, figures and documents and paginates them without painting; it is measured in the same run,
interleaved with the full exports, so the ratio compares like with like on a noisy machine.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _bench import exit_status, require, verdict  # noqa: E402

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DPRK_BRIEF_SETTINGS_DIR", tempfile.mkdtemp(prefix="export-bench-"))

START, END = date(2022, 1, 1), date(2022, 12, 31)


def report(name: str, value: float, unit: str, target: str, ok: bool) -> None:
    print(f"{name}: {value:.2f} {unit} (target: {target}) {verdict(ok, name)}", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="export-bench-"))
    db = folder / "bundled.sqlite3"

    # imports first: the in-process figure is the work after them
    from ui.export.cli import ensure_app

    ensure_app()
    import networkx  # noqa: F401  (imported by models.network inside the brief)
    import pyqtgraph  # noqa: F401
    from PySide6.QtGui import QPainter, QPdfWriter

    import models.analytics.ledger  # noqa: F401
    import models.analytics.ledger_score  # noqa: F401
    import models.network  # noqa: F401
    from models.commands import open_store
    from models.report import BriefOptions, build_brief
    from ui.export import pdf

    store = open_store(db)
    options = BriefOptions(START, END)

    def full(path: Path) -> int:
        brief = build_brief(store, options)
        writer = QPdfWriter(str(path))
        pdf.configure(writer, "a4")
        layout = pdf.layout_brief(brief, writer)
        painter = QPainter(writer)
        pdf.paint_pages(layout, writer, painter)
        painter.end()
        del writer
        return len(layout.pages)

    def layout_only() -> int:
        brief = build_brief(store, options)
        writer = QPdfWriter(str(folder / "unused.pdf"))
        pdf.configure(writer, "a4")
        return len(pdf.layout_brief(brief, writer).pages)

    first = None
    fulls, layouts = [], []
    for i in range(args.runs):
        t = time.perf_counter()
        pages = full(folder / f"brief{i}.pdf")
        fulls.append(time.perf_counter() - t)
        first = fulls[0] if first is None else first
        t = time.perf_counter()
        layout_only()
        layouts.append(time.perf_counter() - t)
    store.close()
    median_full, median_layout = statistics.median(fulls), statistics.median(layouts)
    report("brief 2022 in-process, first run after imports", first, "s", "< 1 s", first < 1.0)
    report("brief 2022 in-process, median", median_full, "s", "< 1 s", median_full < 1.0)
    ratio = median_full / median_layout
    report("painting overhead (full / layout only)", ratio, "x", "<= 1.5x", ratio <= 1.5)
    print(f"  ({pages} pages; layout only {median_layout:.2f} s)", flush=True)

    out = folder / "cli.pdf"
    walls = []
    for _ in range(args.runs):
        t = time.perf_counter()
        result = subprocess.run([sys.executable, str(ROOT / "main.py"), "--db", str(db), "export", str(out),
                                 "--from", START.isoformat(), "--to", END.isoformat()], capture_output=True, text=True,
                                env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
        walls.append(time.perf_counter() - t)
        if result.returncode != 0:
            print(result.stderr, file=sys.stderr)
            return 1
    wall = statistics.median(walls)
    report("whole command `main.py export brief.pdf` 2022, median", wall, "s", "< 2.5 s", wall < 2.5)
    data = out.read_bytes()
    images = data.count(b"/Subtype /Image")
    report("raster images in the PDF", images, "images", "0", images == 0)
    return exit_status()


if __name__ == "__main__":
    sys.exit(main())
