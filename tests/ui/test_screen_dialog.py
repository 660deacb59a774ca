"""File > Screen a list...: the dialog driven as a user would, with progress, results and cancel."""
from __future__ import annotations

import csv

import pytest
from PySide6.QtCore import Qt

from ui.screen_dialog import ScreenDialog


@pytest.fixture
def dialog(qtbot, bundled_store):
    widget = ScreenDialog(bundled_store)
    qtbot.addWidget(widget)
    widget.show()
    yield widget
    widget.close()


def test_screening_a_list_writes_the_matches(dialog, qtbot, tmp_path):
    names = tmp_path / "ships.csv"
    names.write_text("imo,owner\n1,Kim Su Gill\n2,Korean Polish Shipping Co Ltd\n3,Nobody Here Zzz\n", encoding="utf-8")
    dialog.set_input(str(names))
    assert [dialog.column.itemText(i) for i in range(dialog.column.count())] == ["imo", "owner"]
    assert "several columns" not in dialog.status.text() or dialog.column.count() == 2
    dialog.column.setCurrentText("owner")
    out = tmp_path / "out.csv"
    dialog.out_path.setText(str(out))
    qtbot.mouseClick(dialog.run_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.job is None and "Screened" in dialog.status.text(), timeout=60000)
    assert "Screened 3 names from column 'owner'" in dialog.status.text() and "2 matched, 1 did not" in dialog.status.text()
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    best = {r["input_name"]: r["name"] for r in rows if r["rank"] == "1"}
    assert best == {"Kim Su Gill": "KIM, Su Gil", "Korean Polish Shipping Co Ltd": "KOREAN POLISH SHPG CO LTD"}
    assert dialog.progress.value() == dialog.progress.maximum()


def test_bad_files_are_explained(dialog, tmp_path):
    bad = tmp_path / "latin1.csv"
    bad.write_bytes(b"name\nJos\xe9\n")
    dialog.set_input(str(bad))
    assert "not UTF-8" in dialog.status.text()
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    dialog.set_input(str(empty))
    assert "is empty" in dialog.status.text()


def test_cancel_stops_and_writes_nothing(dialog, qtbot, tmp_path):
    names = tmp_path / "many.csv"
    names.write_text("name\n" + "".join(f"Kim Su Gil {i}\n" for i in range(20000)), encoding="utf-8")
    dialog.set_input(str(names))
    out = tmp_path / "out.csv"
    dialog.out_path.setText(str(out))
    qtbot.mouseClick(dialog.run_button, Qt.MouseButton.LeftButton)
    assert not dialog.run_button.isEnabled()
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.job is None, timeout=60000)
    assert dialog.status.text() == "Cancelled; nothing was written."
    assert not out.exists() and dialog.run_button.isEnabled()
