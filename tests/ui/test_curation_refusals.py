"""Bad input in the curation forms is refused on the spot, with the reason beside its field, Save disabled,
and nothing saved: an invalid date, a missing source, an unknown country code, a duplicate statement id, a
vote with more than 15 members."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from curation_steps import choose, fill_source, settle, type_into
from helpers import fingerprint, settled

URL = "https://usun.usmission.gov/joint-statement-example/"


@pytest.fixture
def win(window, qtbot):
    settled(window, qtbot)             # the dashboard's start-up writes end before a test's "before" fingerprint
    return window


def _statement_form(qtbot, win, sid: str = "JS2024-99"):
    dialog = choose(qtbot, win, "Data", "Add statement")
    type_into(qtbot, dialog.statement_id, sid)
    type_into(qtbot, dialog.date, "2024-11-06")
    type_into(qtbot, dialog.title, "Joint statement (test)")
    type_into(qtbot, dialog.url, URL)
    type_into(qtbot, dialog.signatories.entry, "USA")
    qtbot.keyClick(dialog.signatories.entry, Qt.Key.Key_Return)
    fill_source(qtbot, dialog.sources, "US Mission to the UN", URL)
    settle(qtbot, dialog)
    assert dialog.save_button.isEnabled(), dialog.problems()      # a valid form to start from
    return dialog


def _refused(qtbot, dialog, key: str, reason: str) -> None:
    settle(qtbot, dialog)
    assert reason in dialog.error_text(key), dialog.error_text(key)
    assert not dialog.save_button.isEnabled()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)     # a click on the disabled button
    assert dialog.isVisible() and not dialog.saved


@pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing the keyboard)")   # the completer's popup
def test_statement_form_refuses_a_bad_date_a_missing_source_an_unknown_country_and_a_duplicate_id(qtbot, win):
    store = win.model.store
    before = fingerprint(store)
    dialog = _statement_form(qtbot, win)

    type_into(qtbot, dialog.date, "2024-02-30")
    _refused(qtbot, dialog, "date", "'2024-02-30' is not a date (YYYY-MM-DD)")
    type_into(qtbot, dialog.date, "2024-11-06")
    settle(qtbot, dialog)
    assert dialog.error_text("date") == "" and dialog.save_button.isEnabled()

    dialog.sources.table.selectRow(0)
    qtbot.mouseClick(dialog.sources.findChild(type(dialog.save_button), "removeSource"), Qt.MouseButton.LeftButton)
    _refused(qtbot, dialog, "sources", "every fact needs at least one public source")
    fill_source(qtbot, dialog.sources, "US Mission to the UN", "usun.usmission.gov", row=dialog.sources.add_row())
    _refused(qtbot, dialog, "sources", "source 1, url: usun.usmission.gov is not a web address")
    fill_source(qtbot, dialog.sources, "US Mission to the UN", URL, row=0)
    settle(qtbot, dialog)
    assert dialog.save_button.isEnabled()

    picker = dialog.signatories
    type_into(qtbot, picker.entry, "XYZ")
    qtbot.keyClick(picker.entry, Qt.Key.Key_Return)
    _refused(qtbot, dialog, "signatories", "'XYZ' is not a country code (ISO 3166 alpha-3, e.g. DNK)")
    assert picker.codes() == ["USA"]                                      # nothing added
    type_into(qtbot, picker.entry, "")
    settle(qtbot, dialog)
    assert dialog.save_button.isEnabled()

    type_into(qtbot, dialog.statement_id, "JS2022-01")                   # already in the register
    _refused(qtbot, dialog, "statement_id", "JS2022-01 is already in the register (duplicate statement id)")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.saved
    assert fingerprint(store) == before                                   # nothing saved
    assert not win.curation.undo.isEnabled()


def test_vote_form_prefills_the_15_members_and_refuses_a_sixteenth(qtbot, win):
    store = win.model.store
    before = fingerprint(store)
    dialog = choose(qtbot, win, "Data", "Add Council vote")
    type_into(qtbot, dialog.symbol, "S/2024/999")
    type_into(qtbot, dialog.date, "2024-03-28")
    settle(qtbot, dialog)
    votes = dialog.members.votes()
    assert len(votes) == 15 and {"CHN", "FRA", "RUS", "GBR", "USA", "KOR", "JPN", "MOZ"} <= set(votes)
    assert dialog.members.tally.text() == "15 members; yes-no-abstain 15-0-0"
    type_into(qtbot, dialog.members.entry, "DNK")
    qtbot.keyClick(dialog.members.entry, Qt.Key.Key_Return)
    _refused(qtbot, dialog, "votes", "16 members voted; the Council has 15")
    type_into(qtbot, dialog.members.entry, "QQQ")
    qtbot.keyClick(dialog.members.entry, Qt.Key.Key_Return)
    _refused(qtbot, dialog, "votes", "'QQQ' is not a country code")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert fingerprint(store) == before


def test_launch_form_refuses_an_invalid_time_and_a_launch_without_a_source_then_saves_in_korea_time(qtbot, win):
    model = win.model
    dialog = choose(qtbot, win, "Data", "Add launch")
    type_into(qtbot, dialog.moment.date, "2024-13-01")
    _refused(qtbot, dialog, "when", "'2024-13-01' is not a date (YYYY-MM-DD)")
    type_into(qtbot, dialog.moment.date, "2024-10-31")
    type_into(qtbot, dialog.moment.time, "25:70")
    _refused(qtbot, dialog, "when", "'25:70' is not a time (HH:MM, 24-hour)")
    type_into(qtbot, dialog.moment.time, "07:11")
    settle(qtbot, dialog)
    assert dialog.still_to_complete() == "Sources" and not dialog.save_button.isEnabled()   # no source yet
    assert dialog.moment.echo.text() == "= 2024-10-30 22:11 UTC"          # typed in Korea time, stored in UTC
    type_into(qtbot, dialog.apogee, "7000 km")
    _refused(qtbot, dialog, "apogee_km", "'7000 km' is not a number")
    type_into(qtbot, dialog.apogee, "7687.5")
    fill_source(qtbot, dialog.sources, "Japan Ministry of Defense", "https://www.mod.go.jp/j/press/news/2024/10/31a.html",
                "the flight time was about 86 minutes")
    settle(qtbot, dialog)
    assert dialog.save_button.isEnabled(), dialog.problems()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.saved
    launches = model.launches()
    own = launches[launches["dataset"] == "analyst"]
    assert list(own["date"]) == ["2024-10-30"] and str(own["time_utc"].iloc[0]).startswith("22:11")
    assert float(own["max_apogee_km"].iloc[0]) == 7687.5
    assert list(own["outcome"]) == ["unknown"] and list(own["confirmation"]) == ["unknown"]   # as left: not stated
    assert win.curation.undo.text().replace("&", "").startswith("Undo Add launch")
