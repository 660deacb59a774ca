"""An analyst corrects a CNS launch in the form; re-importing the CNS file keeps the correction and lists the
disagreement in the Conflicts view with both values; Keep theirs takes the file's value, Ctrl+Z puts the
correction back; deleting a launch hides it and Ctrl+Z brings it back."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from conftest import CNS_CSV, shared_file
from curation_steps import (
    JCS_URL, LAUNCH, choose, fill_source, launch_site, on_launch, press_in_window, settle, type_into)

SITE = "Jeongju (per ROK JCS)"


@pytest.fixture
def win(window, qtbot):
    return on_launch(window, qtbot)


def test_an_edit_survives_the_reimport_and_the_conflicts_view_keeps_either_value(qtbot, win):
    cns = shared_file(CNS_CSV)
    imported = launch_site(win)
    dialog = choose(qtbot, win, "Data", f"Edit launch {LAUNCH}")
    assert dialog.windowTitle() == f"Edit launch {LAUNCH}"
    assert dialog.site.text() == imported and dialog.count.value() == 4           # prefilled from the record
    type_into(qtbot, dialog.site, SITE)
    settle(qtbot, dialog)
    assert "every fact needs at least one public source" in dialog.error_text("sources")   # the correction's own
    fill_source(qtbot, dialog.sources, "ROK Joint Chiefs of Staff", JCS_URL, "fired from Jeongju")
    settle(qtbot, dialog)
    assert dialog.save_button.isEnabled(), dialog.problems()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert launch_site(win) == SITE
    assert SITE in win.panes["timeline"].details.toPlainText()

    with qtbot.waitSignal(win.import_finished, timeout=120000) as finished:
        win.start_import([cns])
    report = finished.args[0]
    assert not isinstance(report, Exception), report
    assert any(SITE in n and n.startswith("conflict:") for f in report.files for n in f.notes)
    assert launch_site(win) == SITE                                               # the re-import kept the edit
    title, text = win.last_message                                                # the import report says so
    assert title == "Import finished" and f'the analyst\'s edit "{SITE}" is kept' in text
    box = win.findChild(QMessageBox)
    qtbot.keyClick(box, Qt.Key.Key_Return)                                        # OK
    qtbot.waitUntil(lambda: not box.isVisible())

    view = choose(qtbot, win, "Data", "Re-import conflicts")
    frame = view.table_model.frame
    assert list(frame["record_id"]) == [LAUNCH] and list(frame["field"]) == ["facility"]
    assert SITE in frame["mine"].iloc[0] and imported in frame["theirs"].iloc[0]
    assert view.status.text() == "1 open conflict"
    qtbot.mouseClick(view.keep_theirs, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: launch_site(win) == imported)
    assert view.status.text().startswith("No conflicts")
    qtbot.keyClick(view, Qt.Key.Key_Escape)
    assert win.curation.undo.text().replace("&", "").startswith("Undo Resolve conflict")
    press_in_window(qtbot, win, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: launch_site(win) == SITE)


def test_deleting_a_launch_hides_it_and_undo_brings_it_back(qtbot, win):
    header = win.panes["timeline"].header
    before = header.text()
    menu_entry = [a for a in win.curation.pane_actions("timeline") if a is not None and a.text().startswith("Delete")][0]
    assert menu_entry.text() == f"Delete launch {LAUNCH}"                         # also on the pane's context menu
    assert menu_entry in win.panes["ledger"].view.actions()                        # the ledger's right-click menu
    assert menu_entry in win.panes["timeline"].timeline_view.actions()            # and the timeline plot's
    menu_entry.trigger()
    qtbot.waitUntil(lambda: LAUNCH not in set(win.model.launches()["launch_id"]))
    assert header.text() != before
    assert "Edit > Undo restores it" in win.statusBar().currentMessage()
    press_in_window(qtbot, win, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: LAUNCH in set(win.model.launches()["launch_id"]))
    assert header.text() == before

    # deleted again, it can be restored from the list of your facts (undo history ends with the session)
    win.model.select_launch(LAUNCH)
    menu_entry.trigger()
    qtbot.waitUntil(lambda: LAUNCH not in set(win.model.launches()["launch_id"]))
    facts = choose(qtbot, win, "Data", "Facts you recorded or changed")
    qtbot.mouseClick(facts.deleted_only, Qt.MouseButton.LeftButton)
    assert list(facts.table_model.frame["record_id"]) == [LAUNCH]
    assert list(facts.table_model.frame["state"]) == ["deleted"]
    qtbot.mouseClick(facts.restore_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: LAUNCH in set(win.model.launches()["launch_id"]))
    assert facts.table_model.rowCount() == 0 and header.text() == before
    assert win.curation.undo.text().replace("&", "") == f"Undo Restore launch {LAUNCH}"
