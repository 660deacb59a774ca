"""Editing recorded facts through the forms: a statement whose signatories no source names ("list not
recorded", not "did not join"), a designation's revenue streams, notes and designation date with sources."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from curation_steps import activate, choose, fill_source, settle, type_into

URL = "https://www.nknews.org/2023/02/11-countries-condemn-north-koreas-icbm-launch-amid-security-council-inaction/"


@pytest.fixture
def win(window):
    return window


def test_a_statement_with_its_list_not_recorded_shows_no_country_as_not_joined(qtbot, win):
    dialog = choose(qtbot, win, "Data", "Add statement")
    type_into(qtbot, dialog.statement_id, "JS2023-90")
    type_into(qtbot, dialog.date, "2023-02-21")
    type_into(qtbot, dialog.title, "Joint statement of 11 countries on the 18 Feb ICBM launch (test copy)")
    type_into(qtbot, dialog.url, URL)
    fill_source(qtbot, dialog.sources, "NK News", URL, "The U.S. and 10 other countries")
    picker = dialog.signatories
    settle(qtbot, dialog)
    assert not dialog.save_button.isEnabled()                 # neither signatories nor "not recorded" yet
    assert dialog.still_to_complete() == "Signatories"
    activate(qtbot, dialog)
    picker.not_recorded.setFocus()
    qtbot.keyClick(picker.not_recorded, Qt.Key.Key_Space)     # the sources name no signatories
    settle(qtbot, dialog)
    assert picker.count_label.text().startswith("List not recorded")
    assert not picker.entry.isEnabled() and not picker.council_button.isEnabled()
    assert dialog.save_button.isEnabled(), dialog.problems()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.saved

    from datetime import date
    win.model.set_period(date(2023, 1, 1), date(2023, 12, 31))
    pane = win.panes["alignment"]
    qtbot.waitUntil(lambda: "JS2023-90" in list(pane.view.matrix.columns["statement_id"]), timeout=10000)
    column = list(pane.view.matrix.columns["statement_id"]).index("JS2023-90")
    details = pane.details_html(column, pane.view.matrix.row_of("USA"))
    assert "List not recorded" in details
    assert "<b>United States</b>: list not recorded (signatories not named by the source)" in details
    assert ": not joined" not in details

    # editing it again: the form opens in the state it was saved in
    win.model.select_statement("JS2023-90")
    again = choose(qtbot, win, "Data", "Edit JS2023-90")
    assert again.statement_id.isReadOnly() and again.signatories.not_recorded.isChecked()
    qtbot.keyClick(again, Qt.Key.Key_Escape)


def test_a_designation_gets_a_stream_a_note_and_a_dated_source_through_the_form(qtbot, win):
    store = win.model.store
    designation = int(store.scalar("SELECT designation_id FROM designations WHERE dprk = 1 ORDER BY designation_id"
                                   " LIMIT 1"))
    win.model.select_designation(designation)
    dialog = choose(qtbot, win, "Data", "Curate selected designation")
    assert dialog.still_to_complete() == "" and "Nothing changed yet." in dialog.summary.text()
    type_into(qtbot, dialog.designated_on, "2017-06-01")
    settle(qtbot, dialog)
    assert dialog.still_to_complete() == "Date's source" and not dialog.save_button.isEnabled()
    fill_source(qtbot, dialog.date_source, "US Treasury press release", "https://home.treasury.gov/news/press-releases/sm0099")
    activate(qtbot, dialog)
    qtbot.mouseClick(dialog.streams.boxes["shipping"], Qt.MouseButton.LeftButton)
    type_into(qtbot, dialog.notes, "", clear=False)
    qtbot.keyClicks(dialog.notes, "Operates tankers in ship-to-ship transfers (per the Panel of Experts).")
    settle(qtbot, dialog)
    assert dialog.still_to_complete() == "Sources"                          # a tag and a note need their source
    fill_source(qtbot, dialog.sources, "UN Panel of Experts", "https://undocs.org/S/2019/171")
    settle(qtbot, dialog)
    assert dialog.save_button.isEnabled(), dialog.problems()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.saved

    details = win.panes["sanctions"].details
    qtbot.waitUntil(lambda: "Analyst's notes" in details.toPlainText(), timeout=10000)
    text = details.toPlainText()
    assert "shipping (confirmed: analyst:" in text
    assert "Operates tankers in ship-to-ship transfers" in text
    name, list_name, list_id = store.rows("SELECT name, list_name, source_id FROM designations"
                                          " WHERE designation_id = ?", (designation,))[0]
    assert win.curation.undo.text().replace("&", "") == f"Undo Edit {name} ({list_name} {list_id})"
