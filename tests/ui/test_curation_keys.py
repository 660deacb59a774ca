"""Keyboard and prefills in the curation forms: Enter in a text field never presses Save (Ctrl+Enter does);
an empty source address reads "a source needs a web address"; editing an imported statement offers the
statement's own page as its source."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from curation_steps import activate, choose, fill_source, settle, type_into

JMOD = "https://www.mod.go.jp/j/press/news/2024/10/31a.html"


def _own_launches(win) -> int:
    launches = win.model.launches()
    return int((launches["dataset"] == "analyst").sum())


@pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing the keyboard)")   # the completer's popup
def test_enter_in_a_text_field_does_not_press_save_and_ctrl_enter_does(qtbot, window):
    dialog = choose(qtbot, window, "Data", "Add launch")
    type_into(qtbot, dialog.moment.date, "2024-10-31")
    type_into(qtbot, dialog.moment.time, "07:11")
    type_into(qtbot, dialog.name, "Hwasong-19")
    fill_source(qtbot, dialog.sources, "Japan Ministry of Defense", JMOD)
    settle(qtbot, dialog)
    assert dialog.save_button.isEnabled(), dialog.problems()
    for field in (dialog.name, dialog.site, dialog.moment.date, dialog.apogee):
        activate(qtbot, dialog)
        field.setFocus()
        qtbot.keyClick(field, Qt.Key.Key_Return)
        qtbot.keyClick(field, Qt.Key.Key_Enter)
        assert dialog.isVisible() and not dialog.saved, field.objectName()
    assert _own_launches(window) == 0
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert dialog.saved and _own_launches(window) == 1


def test_an_empty_source_address_asks_for_one(qtbot, window):
    dialog = choose(qtbot, window, "Data", "Add launch")
    type_into(qtbot, dialog.moment.date, "2024-10-31")
    fill_source(qtbot, dialog.sources, "Japan Ministry of Defense", "")
    settle(qtbot, dialog)
    assert "source 1, url: a source needs a web address (http:// or https://)" in dialog.error_text("sources")
    assert "nothing" not in dialog.error_text("sources")


def test_editing_an_imported_statement_offers_its_own_page_as_the_source(qtbot, window):
    store = window.model.store
    sid, url = store.rows("SELECT statement_id, url FROM statements WHERE kind = 'joint_statement'"
                          " AND url LIKE 'https://usun.usmission.gov/%' ORDER BY statement_id LIMIT 1")[0]
    window.model.select_statement(sid)
    dialog = choose(qtbot, window, "Data", f"Edit {sid}")
    offered = dialog.sources.sources()
    assert [(s["publisher"], s["url"]) for s in offered] == [("usun.usmission.gov", url)]
    type_into(qtbot, dialog.venue, "UN Security Council stakeout (checked)")
    settle(qtbot, dialog)
    assert dialog.save_button.isEnabled(), dialog.problems()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.saved
    from models.curation import audit_trail
    assert url in audit_trail(store)["source"].iloc[-1]
