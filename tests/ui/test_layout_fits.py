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


_SEEN: dict[str, dict] = {}


def probe_case(tmp_path_factory, case: str) -> dict:
    """The probe's report for a screen, run once per test session (each run starts a window: ~20 s)."""
    if case not in _SEEN:
        _SEEN[case] = run_probe(tmp_path_factory.mktemp("probe"), *CASES[case])
    return _SEEN[case]


@pytest.mark.parametrize("case", list(CASES))
def test_every_pane_keeps_its_usable_minimum(tmp_path_factory, case):
    width, height, scale = CASES[case]
    seen = probe_case(tmp_path_factory, case)
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


@pytest.mark.parametrize("case", list(CASES))
def test_nothing_is_cut_or_drawn_over_the_data(tmp_path_factory, case):
    """What the screenshots showed cut or overlapping, measured at each screen size: the scorecard's lines
    ("2021: not covered") whole, the year charts' keys in rows of their own (off the bars, every entry inside
    the key), no label over the bars, rotated column headers whole, table headers whole (bold, with the
    sort indicator), no pane wider than its dock, and a status line that ends in "…" (full text in its tooltip) rather
    than being cut mid-word."""
    seen = probe_case(tmp_path_factory, case)
    assert seen["cards_cut"] == []
    panes = seen["panes"]
    timeline = panes["timeline"]
    for key in timeline["chart_keys"]:
        assert key["entries"] >= 3 and not key["over_data"] and key["entries_inside"], key
    assert timeline["labels_over_bars"] == 0
    widest, room = panes["alignment"]["column_label_room"]
    assert widest + 3 <= room                    # '26 May vote · S/2022/431' whole
    assert panes["ledger"]["headers_cut"] == [] and panes["sanctions"]["headers_cut"] == []
    for key in ("timeline", "ledger", "sanctions"):
        assert not panes[key]["sideways_scroll"], key
    vintage = seen["vintage"]
    assert vintage["fits"]
    assert vintage["shown"] == vintage["full"] or (vintage["shown"].endswith("…") and vintage["full"] in vintage["tip"])


def test_small_screens_tab_the_panes_and_large_ones_set_them_side_by_side(tmp_path_factory):
    assert probe_case(tmp_path_factory, "1366x768 at 100 %")["compact"] is True
    assert probe_case(tmp_path_factory, "1920x1080 at 100 %")["compact"] is False
