"""Contested counts as the user sees them: 2 Nov 2022 (Korea date) as CNS counts it (7 missiles) and as
the ROK Joint Chiefs report it (23), side by side with their sources; counting the JCS claim changes the
2022 missile total in the timeline, Ctrl+Z restores it, and the audit trail lists both steps."""
from __future__ import annotations

import csv
import re

import pytest
from PySide6.QtCore import Qt

from curation_steps import DAY, JCS_URL, activate, choose, fill_source, on_launch, press_in_window


@pytest.fixture
def win(window, qtbot):
    return on_launch(window, qtbot)


def _year_missiles(win) -> int:
    """The 2022 missile total the timeline's header shows ('2022: 69 launch events, 90 missiles (...)')."""
    match = re.search(r"^2022: \d+ launch events?, (\d+) missiles", win.panes["timeline"].header.text())
    assert match, win.panes["timeline"].header.text()
    return int(match.group(1))


def _rows(dialog) -> list[list[str]]:
    table = dialog.table
    return [[table.item(r, c).text() for c in range(table.columnCount())] for r in range(table.rowCount())]


def test_two_counts_of_2_nov_2022_side_by_side_switching_changes_the_year_total_and_ctrl_z_undoes_it(
        qtbot, win, tmp_path, monkeypatch):
    details = win.panes["timeline"].details
    before = _year_missiles(win)
    assert "Contested count" not in details.toPlainText()

    dialog = choose(qtbot, win, "Data", "Contested counts")
    assert dialog.windowTitle() == "Contested count: 2 Nov 2022 (KST)"
    assert _rows(dialog) == [["✓ counted", "7", "CNS count (the record)", "CNS count", "", "", ""]]
    # record the Joint Chiefs' count with its source, from the keyboard
    activate(qtbot, dialog)
    dialog.missiles.setFocus()
    dialog.missiles.selectAll()
    qtbot.keyClicks(dialog.missiles, "23")
    fill_source(qtbot, dialog.sources, "ROK Joint Chiefs of Staff (via Yonhap)", JCS_URL,
                "North Korea fired 23 missiles of various types")
    assert dialog.add_button.isEnabled(), dialog.claim_error.text()
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 2)
    rows = _rows(dialog)
    assert [r[:2] for r in rows] == [["✓ counted", "7"], ["", "23"]]          # side by side, CNS still counts
    assert rows[1][3:5] == ["ROK Joint Chiefs of Staff (via Yonhap)", JCS_URL]
    assert rows[1][6] == "North Korea fired 23 missiles of various types"
    assert _year_missiles(win) == before                                     # a claim alone changes nothing
    assert "1 contested day (2022-11-02, flagged ⚑): one claim counted per day" in win.panes["timeline"].header.text()
    text = details.toPlainText()                                             # the timeline details mark both
    assert "Contested count: 2 Nov 2022 (KST), 2 claims" in text
    assert re.search(r"✓ counted\s*7", text) and re.search(r"not counted\s*23", text)

    # count the JCS claim: select its row, press the button
    qtbot.mouseClick(dialog.table.viewport(), Qt.MouseButton.LeftButton,
                     pos=dialog.table.visualItemRect(dialog.table.item(1, 2)).center())
    qtbot.mouseClick(dialog.count_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: _rows(dialog)[1][0] == "✓ counted")
    assert _rows(dialog)[0][0] == ""
    assert dialog.status.text().startswith("Counted: 23 missiles")
    assert _year_missiles(win) == before - 7 + 23
    assert re.search(r"✓ counted\s*23", details.toPlainText())
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)                                # close the dialog
    qtbot.waitUntil(lambda: not dialog.isVisible())

    # Edit > Undo names the choice; Ctrl+Z in the window takes it back
    assert win.curation.undo.text().replace("&", "").startswith(f"Undo Count {DAY} by claim")
    press_in_window(qtbot, win, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: _year_missiles(win) == before)
    assert re.search(r"✓ counted\s*7", details.toPlainText())

    # the audit trail lists each step, with who, when and the source; it exports as CSV
    audit = choose(qtbot, win, "Data", "Audit trail")
    shown = audit.rows_shown()
    assert len(shown) == 3
    assert shown["command"].iloc[0] == f"Add claim: ROK Joint Chiefs of Staff (via Yonhap) counts 23 missiles on {DAY}"
    assert shown["command"].iloc[1].startswith(f"Count {DAY} by claim")
    assert shown["command"].iloc[2].startswith(f"Undo: Count {DAY} by claim")
    assert shown["who"].str.len().min() > 0
    assert JCS_URL in str(shown["source"].iloc[0])
    out = tmp_path / "audit.csv"
    monkeypatch.setattr("ui.curation.audit_dialog.ask_csv_path", lambda *_a: str(out))
    qtbot.mouseClick(audit.export_button, Qt.MouseButton.LeftButton)
    assert audit.status.text() == f"Wrote the audit trail to {out}"
    with open(out, newline="", encoding="utf-8") as fh:
        written = list(csv.DictReader(fh))
    assert [r["command"] for r in written][-3:] == list(shown["command"])
