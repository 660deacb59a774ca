"""Sanctions list import against a bare parse of the same files, measured in the same run.

Run: python benchmarks/import_lists.py [--repeat 3]
Figures (best of --repeat): full import of ofac/2024-05-03/sdn.csv with ofac/2025-12-24/add.csv and
alt.csv into an empty store vs one csv.reader pass over the three files; UN consolidated.xml import vs
a plain lxml parse. Prints `name: value unit (target: ...) ok|MISSED`. Target: import at most 3x the
bare parse. Skips with a message when ../shared/data is absent.
"""
from __future__ import annotations

import argparse
import csv
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))
DATA = PROJECT.parent / "shared" / "data"
OFAC = [DATA / "ofac/2024-05-03/sdn.csv", DATA / "ofac/2025-12-24/add.csv", DATA / "ofac/2025-12-24/alt.csv"]
UN = DATA / "un/consolidated.xml"
TARGET_RATIO = 3.0


def best(fn, repeat: int) -> float:
    return min(fn() for _ in range(repeat))


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def bare_csv() -> None:
    for path in OFAC:
        with open(path, encoding="cp1252", newline="") as fh:
            for _row in csv.reader(fh):
                pass


def bare_xml() -> None:
    from lxml import etree

    etree.parse(str(UN))


def full_import(paths: list[Path]) -> float:
    """Seconds to import `paths` into an empty store (creating the store is not timed)."""
    from models.importers import import_files
    from models.store import Store

    with tempfile.TemporaryDirectory() as folder, Store(Path(folder) / "bench.sqlite3") as store:
        return timed(lambda: import_files(store, paths))


def line(name: str, value: float, unit: str, target: str, ok: bool) -> str:
    return f"{name}: {value:.3f} {unit} (target: {target}) {'ok' if ok else 'MISSED'}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    missing = [p for p in [*OFAC, UN] if not p.exists()]
    if missing:
        print(f"skipped: {missing[0]} is not available (the real public data lives in ../shared/data)")
        return 0
    full_import(OFAC[:1])                                    # warm imports and caches
    figures = []
    for name, bare, run in (("ofac_csv", bare_csv, lambda: full_import(OFAC)),
                            ("un_xml", bare_xml, lambda: full_import([UN]))):
        bare_s, import_s = best(lambda: timed(bare), args.repeat), best(run, args.repeat)
        ratio = import_s / bare_s
        figures += [line(f"{name}_bare_parse", bare_s, "s", "baseline", True),
                    line(f"{name}_import", import_s, "s", f"<= {TARGET_RATIO:g}x bare parse", ratio <= TARGET_RATIO),
                    line(f"{name}_ratio", ratio, "x", f"<= {TARGET_RATIO:g}", ratio <= TARGET_RATIO)]
    print("\n".join(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
