"""LedgerPane driven as a user: rows, colour cues, two-way selection, records two clicks away."""
from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from helpers import shown
from models.briefing_model import BriefingModel


@pytest.fixture
def model(bundled_store):
    m = BriefingModel(bundled_store)
    m.set_period(date(2022, 1, 1), date(2022, 12, 31))
    return m


@pytest.fixture
def pane(qtbot, model):
    from ui.panes.ledger_pane import LedgerPane

    widget = shown(qtbot, LedgerPane(model), 1400, 600)
    yield widget
    widget.close()


def _column(pane, name: str) -> int:
    return list(pane.table_model.frame.columns).index(name)


def _cell(pane, launch_id: str, name: str) -> str:
    row = pane.table_model.view_row_of(launch_id)
    return pane.table_model.index(row, _column(pane, name)).data()


def _click_row(qtbot, pane, launch_id: str, column: str = "date", double: bool = False) -> None:
    index = pane.table_model.index(pane.table_model.view_row_of(launch_id), _column(pane, column))
    pane.view.scrollTo(index)
    pos = pane.view.visualRect(index).center()
    qtbot.mouseClick(pane.view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    if double:
        qtbot.mouseDClick(pane.view.viewport(), Qt.MouseButton.LeftButton, pos=pos)


def test_item_model_passes_qtmodeltester(qtmodeltester, pane):
    qtmodeltester.check(pane.table_model)


def test_rows_follow_the_period_and_show_the_responses(pane, model):
    assert pane.table_model.rowCount() == 36
    assert _cell(pane, "L2022-03-24-1", "statement_ids") == "JS2022-06"
    assert _cell(pane, "L2022-03-24-1", "first_statement_lag_days") == "1"
    assert _cell(pane, "L2022-03-24-1", "max_signatories") == "15"
    assert _cell(pane, "L2022-03-24-1", "council_majority") == "yes"
    assert _cell(pane, "L2022-11-02-1", "statement_ids") == "E10-2022-11-04; JS2022-08"
    assert _cell(pane, "L2022-11-02-1", "max_signatories") == "12"
    assert _cell(pane, "L2022-11-02-1", "council_majority") == "no"
    # the 2022 register holds no G7 foreign ministers' statements: nothing found is 'not covered', never 'no response'
    assert _cell(pane, "L2022-06-05-1", "response") == "not covered (G7 foreign ministers' statements)"
    assert "31 statement or vote, 5 not covered" in pane.caption.text() and "no response" not in pane.caption.text()
    model.set_period(date(2022, 3, 1), date(2022, 3, 31))
    assert pane.table_model.rowCount() == 3


def test_colour_cues_follow_the_response_vocabulary_and_mark_slow_responses(pane, model):
    from models import response_vocabulary as vocab
    from ui.theme import current_theme, qcolor

    table = pane.table_model
    gap = table.index(table.view_row_of("L2022-06-05-1"), 0).data(Qt.ItemDataRole.BackgroundRole)
    assert gap.rgb() == qcolor(current_theme().response(vocab.NOT_COVERED)).rgb()   # G7 not covered in 2022
    model.set_period(date(2023, 1, 1), date(2023, 12, 31))     # every response source covers 2023's windows
    silent = pane.full.loc[pane.full["response"] == "no response", "launch_id"].tolist()
    assert silent
    quiet = table.index(table.view_row_of(silent[0]), 0).data(Qt.ItemDataRole.BackgroundRole)
    slow = table.index(table.view_row_of("L2023-03-09-1"), 0).data(Qt.ItemDataRole.BackgroundRole)   # 10 days
    prompt = table.index(table.view_row_of("L2023-07-12-1"), 0).data(Qt.ItemDataRole.BackgroundRole)  # 1 day
    assert quiet is not None and slow is not None and prompt is None
    assert quiet.rgb() != slow.rgb()
    assert quiet.rgb() == qcolor(current_theme().response(vocab.NO_RESPONSE)).rgb()
    tip = table.index(table.view_row_of(silent[0]), list(table.frame.columns).index("response")).data(
        Qt.ItemDataRole.ToolTipRole)
    assert tip.startswith(f"no response: {vocab.TERMS[vocab.NO_RESPONSE].definition}")
    model.set_period(None, None)              # all dates: uncovered years are 'not covered', never 'no response'
    frame = pane.full
    old = frame[frame["date"] < "2021-07-08"]
    assert len(old) and old["response"].str.startswith(("not covered", "designation dated")).all()
    assert set(frame.loc[frame["response"] == "no response", "not_covered_sources"]) <= {""}
    assert _cell(pane, "L2019-05-04-1", "response") == "not covered (joint statements, Council votes, OFAC)"
    # its cells say what no source covers, never an empty 'none' or a bare 0
    assert _cell(pane, "L2019-05-04-1", "statement_ids") == _cell(pane, "L2019-05-04-1", "vote_ids") == "not covered"
    assert _cell(pane, "L2019-05-04-1", "council_majority") == "not covered"
    assert _cell(pane, "L2019-05-04-1", "designations_in_window").endswith(" (partial)")
    assert _cell(pane, "L2023-03-09-1", "statement_ids") != "not covered"          # covered: the ids


def test_row_click_selects_the_launch_in_the_model(qtbot, pane, model):
    seen = []
    model.changed.connect(lambda changes, who: seen.append((changes.selection, who)))
    _click_row(qtbot, pane, "L2022-03-24-1")
    assert model.selection.launch_id == "L2022-03-24-1"
    assert seen[-1] == (True, pane)
    assert "JS2022-06" in pane.details.text() and "15 signatories" in pane.details.text()


def test_selection_elsewhere_selects_the_row(pane, model):
    model.select_launch("L2022-11-18-1", initiator="timeline")
    assert pane.selected_launch() == "L2022-11-18-1"
    pane.view.sortByColumn(_column(pane, "max_signatories"), Qt.SortOrder.DescendingOrder)
    assert pane.selected_launch() == "L2022-11-18-1"        # still the same launch after a sort
    model.select_launch("L2021-03-24-1", initiator="timeline")   # outside the period
    assert pane.selected_launch() is None


def test_double_click_on_a_number_lists_its_records_with_sources(qtbot, pane):
    _click_row(qtbot, pane, "L2022-03-24-1", "max_signatories", double=True)
    dialog = pane.last_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.table == "statements" and dialog.record_ids == ["JS2022-06"]
    frame = dialog.frame
    assert frame.loc[0, "signatories"] == 15 and frame.loc[0, "council_members_among_them"] == 8
    assert "uaeun.org" in frame.loc[0, "source_url"]
    assert "JS2022-06" in dialog.record_source.text() and "uaeun.org" in dialog.record_source.text()
    dialog.close()


def test_details_links_open_the_records(qtbot, pane, model):
    model.select_launch("L2022-05-12-1", initiator="test")
    assert "S/2022/431" in pane.details.text()
    pane.details.linkActivated.emit("vote_ids")
    assert pane.last_dialog.record_ids == ["S/2022/431"]
    assert pane.last_dialog.frame.loc[0, "vetoes"] == "CHN, RUS"
    pane.details.linkActivated.emit("designations_in_window")
    assert pane.last_dialog.table == "designations" and len(pane.last_dialog.record_ids) == 4
    assert pane.last_dialog.frame["how_dated"].str.contains("sdn.csv git history").all()
    pane.last_dialog.close()


def test_window_setting_recomputes_and_persists(qtbot, pane):
    from ui.settings import response_window

    with qtbot.waitSignal(response_window().changed, timeout=2000):
        pane.window_box.setValue(3)
    assert _cell(pane, "L2022-01-05-1", "response") == "not covered (G7 foreign ministers' statements)"
    assert _cell(pane, "L2022-01-10-1", "response") == "designation dated in window"   # OFAC designations 2 days later
    assert response_window().days() == 3
    pane.window_box.setValue(30)
    assert _cell(pane, "L2022-01-05-1", "response") == "statement or vote"           # statement after 5 days
    # the OFAC designations dated 2 days after it are its first response, so it is not slow
    assert _cell(pane, "L2022-01-10-1", "response") == "statement or vote"


def test_empty_model_builds_and_grabs(qtbot, store):
    from ui.panes.ledger_pane import LedgerPane

    widget = LedgerPane(BriefingModel(store))
    qtbot.addWidget(widget)
    assert widget.table_model.rowCount() == 0
    assert not widget.grab().isNull()
    widget.close()


def _check_number(launch_date: str, column: str, cell: str, dialog) -> None:
    frame = dialog.frame
    if column == "missile_count":
        assert dialog.table == "launches" and frame["missile_count"].sum() == int(cell)
    elif column == "first_statement_lag_days":
        first = min(date.fromisoformat(d) for d in frame["date"])
        assert (first - date.fromisoformat(launch_date)).days == int(cell)
    elif column == "max_signatories":
        assert max(int(s) for s in frame["signatories"] if s != "") == int(cell)
    elif column == "max_council_signatories":
        assert max(int(s) for s in frame["council_members_among_them"] if s != "") == int(cell)
    elif column == "council_majority":
        assert ("yes" in set(frame["council_majority"])) == (cell == "yes")
    elif column == "vetoes":
        assert sum(len([v for v in x.split(", ") if v]) for x in frame["vetoes"]) == int(cell)
    elif column in ("designations_in_window", "designations_possible"):
        assert dialog.table == "designations" and len(frame) == int(cell)
    elif column in ("statement_ids", "vote_ids"):
        assert "; ".join(frame["statement_id"]) == cell
    elif column == "response":
        assert dialog.table == "ledger" and list(frame["response"]) == [cell.removesuffix(" (slow)")]


@pytest.mark.parametrize("launch_id", ["L2022-03-24-1", "L2022-05-12-1", "L2022-11-02-1"])
def test_every_ledger_number_traces_to_its_records_in_two_clicks(qtbot, pane, launch_id):
    from ui.panes.ledger_pane import COLUMNS

    for column in COLUMNS:
        cell = _cell(pane, launch_id, column)
        if column in ("date", "launch_id", "classes") or (cell == "" and column != "statement_ids"):
            continue
        _click_row(qtbot, pane, launch_id, column, double=True)
        dialog = pane.last_dialog
        assert dialog is not None and dialog.isVisible(), column
        _check_number(launch_id[1:11], column, cell, dialog)
        if len(dialog.frame):
            assert dialog.frame["source"].astype(str).str.len().gt(0).all(), column
        dialog.close()
        pane.last_dialog = None
