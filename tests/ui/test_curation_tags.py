"""The sanctions pane's revenue-stream Confirm is a curation command: Edit > Undo takes it back, the audit
trail lists it with its source (the list entry the suggestion was read from), a re-import keeps it; a
stream no rule read from the entry asks for the analyst's source instead of inventing one."""
from __future__ import annotations

from PySide6.QtCore import Qt

from curation_steps import choose, fill_source, menu_action, settle
from models import revenue
from tests.conftest import shared_file

KORYO_BANK = 5021                   # OFAC SDN 20572: the rules suggest finance from its name
OFAC_PAGE = "https://ofac.treasury.gov/specially-designated-nationals-and-blocked-persons-list-sdn-human-readable-lists"


def _status(store, designation_id) -> dict[str, str]:
    return {t.stream: t.status for t in revenue.tags(store.conn, designation_id)}


def _shown(win, designation_id):
    pane = win.panes["sanctions"]
    win.model.select_designation(designation_id)
    win.docks["sanctions"].raise_()
    return pane, pane.tag_editor


def test_confirming_a_suggested_tag_is_undoable_audited_with_its_source_and_survives_a_reimport(window, qtbot):
    from models.curation import audit_trail
    from models.importers import import_files

    qtbot.waitUntil(window.panes_loaded, timeout=30000)
    store = window.model.store
    pane, editor = _shown(window, KORYO_BANK)
    before = _status(store, KORYO_BANK)
    assert before.get("finance") == "suggested" and editor.buttons["finance"].text() == "finance?"
    qtbot.mouseClick(editor.confirm, Qt.MouseButton.LeftButton)
    assert _status(store, KORYO_BANK)["finance"] == "confirmed"
    assert editor.buttons["finance"].text() == "finance"                  # no longer marked as a suggestion

    undo = menu_action(window, "Edit", "Undo")
    assert undo.isEnabled() and undo.text().replace("&", "") == \
        "Undo Set revenue streams of KORYO BANK (OFAC SDN 20572) to finance"
    audit = choose(qtbot, window, "Data", "Audit trail")
    shown = audit.rows_shown()
    assert list(shown["command"]) == ["Set revenue streams of KORYO BANK (OFAC SDN 20572) to finance"]
    source = str(shown["source"].iloc[0])
    assert source.startswith(f"US Treasury, Office of Foreign Assets Control (OFAC) ({OFAC_PAGE}, accessed 2024-05-03)")
    assert "OFAC SDN entry 20572 (KORYO BANK)" in source and "finance (confirmed): rule read finance" in source
    audit.close()

    undo.trigger()                                                          # Edit > Undo
    qtbot.waitUntil(lambda: editor.buttons["finance"].text() == "finance?")
    assert _status(store, KORYO_BANK) == before
    assert audit_trail(store)["command"].iloc[-1] == "Undo: Set revenue streams of KORYO BANK (OFAC SDN 20572) to finance"
    menu_action(window, "Edit", "Redo").trigger()
    qtbot.waitUntil(lambda: editor.buttons["finance"].text() == "finance")

    import_files(store, [shared_file("ofac/changes/sdnnew23.txt")])          # a re-import keeps the analyst's word
    window.model.reload()
    assert _status(store, KORYO_BANK)["finance"] == "confirmed"
    qtbot.waitUntil(lambda: pane.loaded and editor.buttons["finance"].text() == "finance", timeout=30000)
    assert not editor.findChildren(type(window.curation.curator.stack))    # no undo stack of its own


def test_a_stream_no_rule_suggested_asks_for_the_analysts_source(window, qtbot):
    qtbot.waitUntil(window.panes_loaded, timeout=30000)
    store = window.model.store
    _pane, editor = _shown(window, KORYO_BANK)
    before = _status(store, KORYO_BANK)
    assert "labour" not in before
    qtbot.mouseClick(editor.buttons["labour"], Qt.MouseButton.LeftButton)     # tick a stream no rule read
    qtbot.mouseClick(editor.confirm, Qt.MouseButton.LeftButton)
    dialog = window.curation.dialog
    qtbot.waitExposed(dialog)
    assert dialog.objectName() == "designationDialog"                      # the form asks for the source
    assert _status(store, KORYO_BANK) == before                              # nothing saved, nothing invented
    assert set(dialog.streams.streams()) == {"finance", "labour"}
    settle(qtbot, dialog)
    assert not dialog.save_button.isEnabled()
    fill_source(qtbot, dialog.sources, "UN Panel of Experts", "https://undocs.org/S/2024/215", "overseas workers")
    settle(qtbot, dialog)
    assert dialog.save_button.isEnabled(), dialog.problems()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert _status(store, KORYO_BANK) == {"finance": "confirmed", "labour": "confirmed"}
    assert menu_action(window, "Edit", "Undo").text().replace("&", "").startswith(
        "Undo Set revenue streams of KORYO BANK (OFAC SDN 20572)")
