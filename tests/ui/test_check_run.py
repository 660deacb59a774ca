"""`main.py --check`: prints first paint and panes ready, and leaves the user's settings as it found them."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]


def _check(tmp_path: Path, settings: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "DPRK_BRIEF_SETTINGS_DIR": str(settings)}
    return subprocess.run([sys.executable, "main.py", "--db", str(tmp_path / "check.sqlite3"), "--check"],
                          cwd=PROJECT, env=env, capture_output=True, text=True, timeout=240)


def test_check_prints_first_paint_then_panes_ready_and_writes_no_settings(tmp_path):
    settings = tmp_path / "settings"
    done = _check(tmp_path, settings)
    assert done.returncode == 0, done.stderr
    lines = [line.split(":")[0] for line in done.stdout.splitlines()]
    assert lines == ["first paint", "panes ready"]
    assert not (settings / "settings.ini").exists()


def test_check_leaves_existing_settings_byte_identical(tmp_path):
    settings = tmp_path / "settings"
    settings.mkdir()
    ini = settings / "settings.ini"
    ini.write_bytes(b"[appearance]\ntheme=dark\n")
    done = _check(tmp_path, settings)
    assert done.returncode == 0, done.stderr
    assert ini.read_bytes() == b"[appearance]\ntheme=dark\n"
