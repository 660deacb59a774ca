"""The main window fits a laptop: 1366x768 at 100 % and 1920x1080 at 150 % (1280x720 logical).

Each case starts a child process with an offscreen screen of that size (tests/ui/layout_probe.py),
raises every pane in turn and reports what the user sees. The stated minimums: the launch timeline at
least 160 px high, the alignment matrix at least 8 rows each with its label and every column labelled,
each table at least 6 rows. Below those a dock scrolls rather than squeezing its pane.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

PROBE = Path(__file__).with_name("layout_probe.py")
CASES = {"1366x768 at 100 %": (1366, 768, "1"), "1920x1080 at 150 %": (1920, 1080, "1.5"),
         "1600x900 at 100 %": (1600, 900, "1"), "1920x1080 at 100 %": (1920, 1080, "1")}


def run_probe(tmp_path: Path, width: int, height: int, scale: str) -> dict:
    config = tmp_path / "screen.json"
    config.write_text(json.dumps({"screens": [{"name": "probe", "x": 0, "y": 0, "width": width, "height": height,
                                               "logicalDpiX": 96, "logicalDpiY": 96, "dpr": 1}]}))
    env = dict(os.environ, QT_QPA_PLATFORM=f"offscreen:configfile={config}", QT_SCALE_FACTOR=scale)
    result = subprocess.run([sys.executable, str(PROBE)], env=env, capture_output=True, text=True, timeout=240)
    assert result.returncode == 0, result.stderr[-3000:]
    line = next(x for x in result.stdout.splitlines() if x.startswith("PROBE "))
    return json.loads(line[len("PROBE "):])


@pytest.mark.parametrize("case", list(CASES))
def test_every_pane_keeps_its_usable_minimum(tmp_path, case):
    width, height, scale = CASES[case]
    seen = run_probe(tmp_path, width, height, scale)
    screen_w, screen_h = seen["screen"]
    assert screen_w == round(width / float(scale)) and screen_h == round(height / float(scale))
    assert seen["window"][0] <= screen_w and seen["window"][1] <= screen_h          # never larger than the screen
    assert seen["minimum"][0] <= screen_w and seen["minimum"][1] <= screen_h
    panes = seen["panes"]
    assert all(p["visible"] for p in panes.values())
    assert panes["timeline"]["plot_height"] >= 160
    assert panes["timeline"]["yearly_height"] >= 120
    matrix = panes["alignment"]
    assert matrix["rows_in_view"] >= 8 and matrix["label_step"] == 1.0 and matrix["labelled_rows"] >= 8
    assert matrix["column_labels"] == matrix["columns"] == 11                        # every statement named
    assert panes["sanctions"]["table_rows"] >= 6
    assert panes["ledger"]["table_rows"] >= 6


def test_small_screens_tab_the_panes_and_large_ones_set_them_side_by_side(tmp_path):
    assert run_probe(tmp_path, 1366, 768, "1")["compact"] is True
    assert run_probe(tmp_path, 1920, 1080, "1")["compact"] is False
