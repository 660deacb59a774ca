"""The dashboard makes busy worker threads hand the GIL to the GUI thread after 0.5 ms, not Python's 5 ms."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]

CHILD = r"""
import sys
sys.path.insert(0, sys.argv[1])
from pathlib import Path
before = sys.getswitchinterval()
from ui.app import run_app
code = run_app(Path(sys.argv[2]), check=True)
print("exit", code, "before", before, "after", sys.getswitchinterval(), flush=True)
"""


def test_the_dashboard_sets_a_short_switch_interval(tmp_path):
    from ui.workers import SWITCH_INTERVAL

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "DPRK_BRIEF_SETTINGS_DIR": str(tmp_path / "settings")}
    done = subprocess.run([sys.executable, "-c", CHILD, str(PROJECT), str(tmp_path / "check.sqlite3")],
                          cwd=PROJECT, env=env, capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, done.stderr[-2000:]
    words = done.stdout.splitlines()[-1].split()
    assert words[:2] == ["exit", "0"] and float(words[3]) == 0.005
    assert float(words[5]) == SWITCH_INTERVAL == 0.0005
