"""A user enters the 5 Nov 2024 joint statement and its 13 signatories through the form, into a database
that lacks it; the alignment matrix, the ledger and the headline strip show it; Ctrl+Z takes it back.

Source of the record: ../shared/data/statements/statements_2023_2026.csv (JS2024-01: Aju Press quotes the
list of 13; 10 Council members plus Denmark, Greece and Panama)."""
from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from curation_steps import choose, click_list_item, fill_source, press_in_window, settle, type_into
from models.briefing_model import BriefingModel

SID = "JS2024-01"
URL = "https://m.ajupress.com/view/20241106104541097"
SIGNATORIES = ["CHE", "DNK", "ECU", "FRA", "GBR", "GRC", "JPN", "KOR", "MLT", "PAN", "SLE", "SVN", "USA"]
NOT_SIGNING_MEMBERS = ["China", "Russian Federation", "Algeria", "Guyana", "Mozambique"]


@pytest.fixture
def lacking_store(bundled_store):
    """The bundled dataset without JS2024-01 (as if the register had not been updated yet)."""
    with bundled_store.transaction() as conn:
        for table in ("positions", "statement_triggers", "statements"):
            conn.execute(f"DELETE FROM {table} WHERE statement_id = ?", (SID,))
    return bundled_store


@pytest.fixture
def win(qtbot, lacking_store):
    from ui.main_window import MainWindow

    window = MainWindow(BriefingModel(lacking_store))
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.panes_ready, timeout=20000):
        window.show()
    window.model.set_period(date(2024, 1, 1), date(2024, 12, 31))
    qtbot.waitUntil(window.panes_loaded, timeout=20000)
    yield window
    window.close()


def _launch_of(model, utc_date: str) -> str:
    launches = model.launches()
    return str(launches[launches["date"] == utc_date]["launch_id"].iloc[0])


def _alignment_columns(win) -> list[str]:
    return list(win.panes["alignment"].view.matrix.columns["statement_id"])


@pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing the keyboard)")   # the completer's popup
def test_the_5_nov_2024_statement_entered_through_the_form_shows_in_matrix_ledger_and_headline(qtbot, win):
    model = win.model
    strip = win.headline
    assert strip.summary().startswith("2024: 12 (preliminary) launch events, 0 joint statements")
    assert SID not in _alignment_columns(win)
    launch = _launch_of(model, "2024-10-30")            # the Hwasong-19 ICBM, 31 Oct 2024 Korea time
    model.select_launch(launch)                         # picked in the timeline

    dialog = choose(qtbot, win, "Data", "Add statement")
    assert not dialog.save_button.isEnabled()           # nothing entered yet
    type_into(qtbot, dialog.statement_id, SID)
    type_into(qtbot, dialog.date, "2024-11-05")
    type_into(qtbot, dialog.title, "Joint statement on the DPRK's October 30 ICBM launch (descriptive title)")
    type_into(qtbot, dialog.venue, "UN Security Council stakeout")
    type_into(qtbot, dialog.url, URL)
    settle(qtbot, dialog)
    # the launch selected in the timeline is offered and ticked as the trigger
    ticked = [dialog.triggers.list.item(i) for i in range(dialog.triggers.list.count())
              if dialog.triggers.list.item(i).checkState() == Qt.CheckState.Checked]
    assert [i.data(Qt.ItemDataRole.UserRole) for i in ticked] == [launch]
    assert "31 Oct 2024 (KST)" in ticked[0].text()

    picker = dialog.signatories
    qtbot.mouseClick(picker.council_button, Qt.MouseButton.LeftButton)       # the 2024 Council: 15
    assert picker.count_label.text().startswith("15 signatories; 15 of 15 Council members")
    for name in NOT_SIGNING_MEMBERS:                   # the five members that did not sign
        click_list_item(qtbot, picker.list, name, Qt.Key.Key_Delete)
    type_into(qtbot, picker.entry, "DNK GRC PAN")      # three incoming 2025 members, typed as codes
    qtbot.keyClick(picker.entry, Qt.Key.Key_Return)
    assert picker.codes() == sorted(picker.codes(), key=lambda c: picker.names[c])
    assert sorted(picker.codes()) == SIGNATORIES
    assert picker.count_label.text().startswith("13 signatories; 10 of 15 Council members")

    fill_source(qtbot, dialog.sources, "Aju Press", URL,
                "Denmark, Ecuador, France, Greece, Japan, Malta, Panama, [South Korea], Sierra Leone, Slovenia, "
                "Switzerland, United Kingdom and the United States remain committed to diplomacy")
    settle(qtbot, dialog)
    assert dialog.save_button.isEnabled(), dialog.problems()
    type_into(qtbot, picker.entry, "USA")                # Enter in the country entry adds; it never saves
    qtbot.keyClick(picker.entry, Qt.Key.Key_Return)
    assert dialog.isVisible() and not dialog.saved and len(picker.codes()) == 13
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.saved

    # the headline strip counts it
    qtbot.waitUntil(lambda: strip.summary().startswith("2024: 12 (preliminary) launch events, 1 joint statement"),
                    timeout=10000)
    assert "1 with a Council majority" in strip.summary()
    # the alignment matrix has its column, with the 13 signatories and the source
    pane = win.panes["alignment"]
    qtbot.waitUntil(lambda: SID in _alignment_columns(win), timeout=10000)
    column = _alignment_columns(win).index(SID)
    details = pane.details_html(column)
    assert "Signatories (13; 10 of 15 Council members, a Council majority)" in details
    assert "Denmark" in details and "Panama" in details and "China" not in details
    assert URL in details
    matrix = pane.view.matrix                           # a cell's details say what its colour means
    assert "<b>Denmark</b>: joined / voted yes" in pane.details_html(column, matrix.row_of("DNK"))
    assert "<b>China</b>: not joined" in pane.details_html(column, matrix.row_of("CHN"))
    # the ledger answers the 31 Oct launch with it
    ledger = win.panes["ledger"]
    qtbot.waitUntil(lambda: ledger.table_model.view_row_of(launch) is not None, timeout=10000)
    frame = ledger.table_model.frame
    row = frame[frame["launch_id"] == launch].iloc[0]
    assert SID in str(row["statement_ids"])
    assert int(row["max_signatories"]) == 13 and int(row["max_council_signatories"]) == 10

    # the brief of 2024 lists it with its source
    from models.report.content import BriefOptions, build_brief
    from models.report.html import render_html

    brief = render_html(build_brief(model.store, BriefOptions(date(2024, 1, 1), date(2024, 12, 31))))
    assert SID in brief and URL in brief

    # Edit > Undo names the step and takes it back in one go
    undo = win.curation.undo
    assert undo.text().replace("&", "") == f"Undo Add statement {SID}"
    press_in_window(qtbot, win, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: SID not in _alignment_columns(win), timeout=10000)
    qtbot.waitUntil(lambda: strip.summary().startswith("2024: 12 (preliminary) launch events, 0 joint statements"),
                    timeout=10000)
    assert win.curation.redo.text().replace("&", "") == f"Redo Add statement {SID}"
    win.curation.redo.trigger()
    qtbot.waitUntil(lambda: SID in _alignment_columns(win), timeout=10000)


def test_at_1366x768_the_sources_table_gets_the_width_and_the_signatories_stay_narrow(qtbot, win):
    """The statement form at its 1366x768 size: the sources table (URLs, quotes) is the wide column and the
    signatory picker's buttons no longer hold its column at ~540 px (the table was narrower than the list)."""
    dialog = choose(qtbot, win, "Data", "Add statement")
    dialog.resize(1240, 720)
    settle(qtbot, dialog)
    table, countries = dialog.sources.table, dialog.signatories.list
    assert table.width() > 1.5 * countries.width()
    assert countries.width() >= 300                    # "Russian Federation (RUS)" and the like still fit
    picker = dialog.signatories
    assert picker.remove_button.isVisible() and picker.remove_button.y() > countries.y() + countries.height() - 1
    dialog.reject()
