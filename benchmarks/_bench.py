"""Shared by every benchmark script: the verdict of each figure, the exit status, the shared data.

Each script prints one line per figure, `name: value unit (target: ...) ok` or `... MISSED`, and ends
with `sys.exit(exit_status())`: non-zero when any figure MISSED. A benchmark whose data is missing says
which file and exits non-zero (`require`), never prints "ok" for something it did not measure.
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
MISSING_DATA = 2          # exit status when a benchmark cannot run for want of its data

_missed: list[str] = []


def verdict(ok: bool, name: str = "") -> str:
    """'ok' or 'MISSED' (remembered for the exit status)."""
    if not ok:
        _missed.append(name or "?")
    return "ok" if ok else "MISSED"


def exit_status() -> int:
    """1 when any figure missed its target, else 0."""
    if _missed:
        print(f"MISSED {len(_missed)} target(s): {', '.join(_missed)}", file=sys.stderr, flush=True)
    return 1 if _missed else 0


def require(*paths: Path) -> None:
    """Exit (status 2) saying which file is missing, when any of `paths` does not exist."""
    for path in paths:
        if not Path(path).exists():
            print(f"cannot run: {path} is not available (the real public data lives in ../shared/data "
                  f"beside the checkout)", file=sys.stderr, flush=True)
            sys.exit(MISSING_DATA)
