"""The sanctions pane driven as a user would: type, filter, click the chart and the network, tag, export."""
from __future__ import annotations

import csv

import numpy as np
import pytest
from PySide6.QtCore import Qt

from models.briefing_model import BriefingModel
from ui.panes.sanctions_pane import SanctionsPane


@pytest.fixture
def pane(qtbot, bundled_store):
    model = BriefingModel(bundled_store)
    widget = SanctionsPane(model)
    qtbot.addWidget(widget)
    widget.resize(1400, 900)
    widget.show()
    qtbot.waitUntil(lambda: widget.loaded, timeout=20000)
    yield widget
    widget.close()


def names(pane) -> list[str]:
    return column(pane, "name")


def column(pane, name: str) -> list[str]:
    from models.analytics.sanctions import LOG_COLUMNS

    m = pane.table_model
    return [m.index(r, LOG_COLUMNS.index(name)).data() for r in range(m.rowCount())]


def type_text(qtbot, pane, text: str) -> None:
    pane.controls.search.clear()
    if text.isascii():
        qtbot.keyClicks(pane.controls.search, text)
    else:                       # QTest types ASCII only; pasting is what a user does with accents anyway
        pane.controls.search.insert(text)
    qtbot.waitUntil(lambda: pane.hits is not None and pane.query == text, timeout=10000)


def test_opens_on_dprk_designations_and_passes_the_model_tester(pane, qtmodeltester):
    assert pane.table_model.rowCount() == 752
    assert pane.view.verticalHeader().isHidden()
    qtmodeltester.check(pane.table_model)


def test_typing_air_koryo_finds_the_airline_and_its_linked_individuals(pane, qtbot):
    type_text(qtbot, pane, "air koryo")
    found = names(pane)
    assert found[0] == "AIR KORYO"
    assert {"RI, Sok", "YAN, Zhiyong"} <= set(found)
    matched = dict(zip(found, column(pane, "matched")))
    assert matched["RI, Sok"] == "linked to AIR KORYO"


@pytest.mark.parametrize("query", ["kim su gil", "Su-gil Kim", "KIM Su Gil", "su gil kim", "Kím Sú Gíl"])
def test_word_order_hyphens_and_accents_find_the_same_entry(pane, qtbot, query):
    type_text(qtbot, pane, query)
    assert names(pane)[0] == "KIM, Su Gil"


def test_search_on_the_worker_thread_and_the_latest_keystroke_wins(pane, qtbot):
    from models.search import LiveResult

    pane.searcher.synchronous = False                # as on a big store
    type_text(qtbot, pane, "tanchon")
    assert names(pane)[0] == "TANCHON COMMERCIAL BANK"
    pane._on_search_answered("tancho", LiveResult([4992], {4992: ""}, False))     # a stale answer
    assert names(pane)[0] == "TANCHON COMMERCIAL BANK"



def test_stale_keystrokes_are_skipped_and_the_newest_answer_shown(pane, qtbot):
    pane.searcher.synchronous = False                # as on a big store
    type_text(qtbot, pane, "ko")                     # the worker's connection is open and warm
    worker = pane.searcher._worker
    before = worker.queries
    pane.controls.search.clear()
    qtbot.keyClicks(pane.controls.search, "tanch")   # five keystrokes before the event loop runs again
    qtbot.waitUntil(lambda: pane._shown_query == "tanch", timeout=10000)
    qtbot.wait(100)                                  # any stale answer still queued would arrive now
    assert worker.queries - before == 1              # one query, the newest (the worker used to race the keys)
    assert pane._shown_query == "tanch" and pane.query == "tanch"
    assert names(pane)[0] == "TANCHON COMMERCIAL BANK"


SLOW_SQL = ("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 40000000)"
            " SELECT max(i) FROM n")        # 5-20 s unless stopped


@pytest.mark.parametrize("keystroke_lands", ["while the statement runs", "before the statement starts"])
def test_a_newer_keystroke_stops_the_stale_query(pane, qtbot, keystroke_lands):
    """The worker's progress handler stops a stale statement, also one that starts after the newer
    keystroke (sqlite3's interrupt() is a no-op on a statement not yet running)."""
    import threading

    from models import search

    pane.searcher.synchronous = False
    type_text(qtbot, pane, "ko")
    entered, go, original = threading.Event(), threading.Event(), search.match_ids

    def slow_first(conn, text, **kwargs):            # the first query waits in SQLite until stopped
        if text == "air":
            entered.set()
            if keystroke_lands == "before the statement starts":
                go.wait(5)                           # the newer keystroke has come before the statement
            conn.execute(SLOW_SQL).fetchall()
        return original(conn, text, **kwargs)

    search.match_ids = slow_first
    try:
        pane.controls.search.setText("air")
        qtbot.waitUntil(entered.is_set, timeout=5000)
        if keystroke_lands == "while the statement runs":
            qtbot.wait(300)
        pane.controls.search.setText("air koryo")
        go.set()
        qtbot.waitUntil(lambda: pane._shown_query == "air koryo", timeout=4000)   # not after the slow one
    finally:
        search.match_ids = original
    assert names(pane)[0] == "AIR KORYO"


def test_romanisation_variants(pane, qtbot):
    type_text(qtbot, pane, "rhee jae il")
    assert set(names(pane)[:2]) == {"RI JAE IL", "RI, Jae Il"}
    type_text(qtbot, pane, "choi")
    from models.search import fold

    assert names(pane) and all({"CHOE", "CHOI"} & set(fold(n).split()) for n in names(pane)[:5])


def test_matching_alias_is_shown(pane, qtbot):
    type_text(qtbot, pane, "Hyo'k-ch'o'l")
    rows = dict(zip(names(pane), column(pane, "matched")))
    assert rows.get("KIM, Hyok Chol") in ("", "KIM, Hyo'k-ch'o'l")


def test_sort_on_every_column_keeps_the_rows(pane):
    before = sorted(names(pane))
    for c in range(pane.table_model.columnCount()):
        pane.view.sortByColumn(c, Qt.SortOrder.DescendingOrder)
        assert sorted(names(pane)) == before
    pane.view.sortByColumn(4, Qt.SortOrder.AscendingOrder)
    shown = names(pane)
    assert shown == sorted(shown, key=str.casefold)


def test_per_year_counts_agree_with_the_snapshots(pane, bundled_store):
    from models.analytics.sanctions import log_frame, period_counts

    counts = pane.log.period_counts(pane.log.dprk)
    frame = log_frame(bundled_store)
    assert counts.equals(period_counts(frame[frame["dprk"] == 1]))      # the report's log agrees
    # dated in 2022 (the scorecard's rule): a designation date to the day in 2022 (the scrape history), or a
    # window between two list versions lying wholly in 2022 (none in the bundle)
    direct = bundled_store.scalar(
        "SELECT COUNT(*) FROM designations WHERE dprk AND list_name = 'OFAC SDN' AND ((designated_precision = 'day'"
        " AND designated_to LIKE '2022%') OR (designated_precision = 'window' AND designated_on >= '2022-01-01'"
        " AND designated_to <= '2022-12-31'))")
    assert counts.loc["2022", "OFAC"] == direct == 43
    assert counts.loc["2021", "OFAC"] == 9
    assert len(pane.bars) == 2


def test_clicking_a_bar_filters_the_log(pane):
    pane.filter_bar("2022")
    assert pane.table_model.rowCount() == 43
    assert all(d.startswith("2022") for d in column(pane, "date"))
    pane.filter_bar(None)
    assert pane.table_model.rowCount() == 752


def test_filters_combine(pane):
    pane.controls.kind.setCurrentText("vessel")
    assert pane.table_model.rowCount() > 50 and set(column(pane, "type")) == {"vessel"}
    pane.controls.kind.setCurrentText("entity")
    entities = pane.table_model.rowCount()
    pane.controls.location.setCurrentText("China")       # "China-based"
    assert 0 < pane.table_model.rowCount() < entities
    assert all("China" in loc for loc in column(pane, "location"))
    pane.controls.kind.setCurrentText("(all)")
    pane.controls.location.setCurrentText("(all)")
    pane.controls.stream.setCurrentText("cyber")
    assert 0 < pane.table_model.rowCount() < 40
    assert all("cyber" in r for r in column(pane, "revenue"))


def test_period_filter_follows_the_model(pane):
    from datetime import date

    pane.model.set_period(date(2023, 1, 1), date(2023, 12, 31))
    assert pane.table_model.rowCount() == 34
    pane.model.set_period(None, None)
    assert pane.table_model.rowCount() == 752


def test_selecting_a_row_selects_everywhere_and_shows_details(pane, qtbot):
    type_text(qtbot, pane, "air koryo")
    pane.view.selectRow(0)
    assert pane.model.selection.designation_id == 4992
    html = pane.details.toHtml()
    assert "AIR KORYO" in html and "List history" in html and "Sources" in html


def test_an_answer_changes_rows_without_a_reset_and_keeps_the_selection(pane, qtbot):
    """Each answer reaches the table as row changes (a reset repainted more than the table), and rows
    removed under the selected one do not select another designation."""
    type_text(qtbot, pane, "air koryo")
    pane.view.selectRow(0)
    assert pane.model.selection.designation_id == 4992
    resets = []
    pane.table_model.modelReset.connect(lambda: resets.append(1))
    type_text(qtbot, pane, "tanchon")                 # fewer rows, none of them the selected one
    assert names(pane)[0] == "TANCHON COMMERCIAL BANK"
    type_text(qtbot, pane, "kim")                     # more rows
    pane.controls.search.clear()                      # every row again
    assert pane.table_model.rowCount() == 752
    assert not resets
    assert pane.model.selection.designation_id == 4992
    assert pane.table_model.designation_at(pane.view.currentIndex().row()) == 4992


def test_selecting_a_network_node_selects_the_row(pane, qtbot):
    pane.tabs.setCurrentWidget(pane.network_view)
    qtbot.waitUntil(lambda: pane.network_view.figure.data is not None, timeout=30000)
    data = pane.network_view.figure.data
    target = int(data.ids[data.index_of(4992)])
    pane.network_view.node_clicked.emit(target)
    assert pane.model.selection.designation_id == target
    row = pane.view.selectionModel().currentIndex().row()
    assert pane.table_model.designation_at(row) == target
    hot = pane.network_view.neighbourhood()
    assert 4992 in hot and len(hot) >= 3
    pane.network_view.hops.setValue(2)
    assert len(pane.network_view.neighbourhood()) >= len(hot)
    assert pane.network_view.components.count() > 10


def test_shortest_path_between_pinned_and_selected(pane, qtbot):
    pane.tabs.setCurrentWidget(pane.network_view)
    qtbot.waitUntil(lambda: pane.network_view.figure.data is not None, timeout=30000)
    pane.model.select_designation(4992)
    pane.network_view.pin.click()
    pane.model.select_designation(11750)
    path = pane.network_view.path()
    assert path[0] == 11750 and path[-1] == 4992
    assert "hops" in pane.network_view.path_label.text()


def test_revenue_tags_confirm_is_an_audited_curation_command(pane, qtbot, bundled_store):
    from models import revenue
    from models.curation import audit_trail

    pane.model.select_designation(5021)                     # KORYO BANK: the rules read finance from its name
    editor = pane.tag_editor
    assert [(t.stream, t.status) for t in revenue.tags(bundled_store.conn, 5021)] == [("finance", "suggested")]
    editor.set_streams(["finance"])
    assert [(t.stream, t.status) for t in revenue.tags(bundled_store.conn, 5021)] == [("finance", "confirmed")]
    trail = audit_trail(bundled_store)
    assert trail["command"].iloc[-1] == "Set revenue streams of KORYO BANK (OFAC SDN 20572) to finance"
    assert "OFAC SDN entry 20572 (KORYO BANK)" in trail["source"].iloc[-1]


def test_rejecting_other_that_no_rule_read_asks_for_a_source(pane, qtbot, bundled_store):
    from models import revenue

    pane.model.select_designation(4992)                     # AIR KORYO: "other", because no rule matched
    before = revenue.tags(bundled_store.conn, 4992)
    assert [(t.stream, t.reason) for t in before] == [("other", "no rule matched")]
    with qtbot.waitSignal(pane.tag_editor.source_needed) as asked:
        pane.tag_editor.set_streams([])
    assert asked.args == [4992, []]
    assert revenue.tags(bundled_store.conn, 4992) == before
    assert "needs your source" in pane.tag_editor.hint.text()


def test_launch_selection_highlights_the_response_window(pane):
    launches = pane.model.launches()
    launch = launches[launches["date"].str.startswith("2022-05")].iloc[0]
    pane.model.select_launch(launch["launch_id"])
    assert "Launch of" in pane.controls.response_note.text()
    flagged = np.flatnonzero(pane.table_model.highlighted)
    assert len(flagged) > 0
    log = pane.log
    assert all(launch["date"] < log.cell("date_key", r) and log.cell("window_start", r) <= "2022-07-31"
               for r in flagged)
    # the ledger's words and numbers: the 2022-05-04 launch has only designations possibly in its window
    ledger = pane.model.table("ledger").set_index("launch_id").loc[launch["launch_id"]]
    note = pane.controls.response_note.text()
    dated, possible = int(ledger["designations_in_window"]), int(ledger["designations_possible"])
    assert f"{dated} designation{'' if dated == 1 else 's'} dated in window" in note       # the ledger's words,
    assert f"{possible} designation{'' if possible == 1 else 's'} possibly in window" in note   # as English
    assert int(pane.table_model.dated.sum()) == ledger["designations_in_window"]


def test_response_window_is_the_ledgers_setting(pane, qtbot):
    from ui.settings import response_window

    launches = pane.model.launches()
    pane.model.select_launch(launches[launches["date"].str.startswith("2022-05")].iloc[0]["launch_id"])
    box = pane.controls.response_days
    box.selectAll()
    qtbot.keyClicks(box, "7")
    qtbot.keyClick(box, Qt.Key.Key_Enter)
    assert response_window().days() == 7                     # the ledger and the headline read this
    assert "(7-day window)" in pane.controls.response_note.text()
    response_window().set_days(45)                           # changed in the ledger pane
    assert box.value() == 45
    assert "(45-day window)" in pane.controls.response_note.text()
    response_window().set_days(30)


def test_export_csv_is_formula_safe(pane, qtbot, tmp_path):
    type_text(qtbot, pane, "koryo")
    out = tmp_path / "log.csv"
    count = pane.export_csv(out)
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert len(rows) == count == pane.table_model.rowCount()
    assert all(not v.startswith(("=", "+", "-", "@")) for r in rows for v in r.values())


def test_export_network_png(pane, qtbot, tmp_path):
    pane.tabs.setCurrentWidget(pane.network_view)
    qtbot.waitUntil(lambda: pane.network_view.figure.data is not None, timeout=30000)
    out = tmp_path / "network.png"
    assert pane.export_network_png(out)
    assert out.stat().st_size > 1000


def test_column_layout_persists(qtbot, bundled_store):
    model = BriefingModel(bundled_store)
    first = SanctionsPane(model)
    qtbot.addWidget(first)
    header = first.view.horizontalHeader()
    header.setSectionHidden(7, True)
    header.moveSection(header.visualIndex(4), 0)      # the name column first
    header.resizeSection(2, 133)
    first.close()
    second = SanctionsPane(model)
    qtbot.addWidget(second)
    header = second.view.horizontalHeader()
    assert header.isSectionHidden(7) and header.logicalIndex(0) == 4 and header.sectionSize(2) == 133
    second.close()


def test_empty_store_builds(qtbot, store):
    widget = SanctionsPane(BriefingModel(store))
    qtbot.addWidget(widget)
    qtbot.waitUntil(lambda: widget.loaded, timeout=20000)
    assert widget.table_model.rowCount() == 0
    assert not widget.grab().isNull()
    widget.close()
    assert np.asarray(widget.table_model.rows).size == 0


@pytest.mark.parametrize("legend_first", [False, True])
def test_period_chart_names_each_authority_once_in_its_key(qtbot, legend_first):
    import pandas as pd
    import pyqtgraph as pg

    from ui.plots.sanctions_plot import draw_period_chart
    from ui.theme import current_theme

    widget = pg.PlotWidget()
    qtbot.addWidget(widget)
    plot = widget.getPlotItem()
    if legend_first:                    # as the printed brief's figure, whose plot may carry a legend already
        plot.addLegend()
    counts = pd.DataFrame({"OFAC": [3, 4], "UN 1718 Committee": [1, 0]}, index=["2021", "2022"])
    for _ in range(2):                  # a redraw replaces the entries
        bars = draw_period_chart(plot, counts, current_theme(), interactive=not legend_first)
        if legend_first:                # printed: a legend
            assert [label.text for _sample, label in plot.legend.items] == ["OFAC", "UN 1718 Committee"]
        else:                           # on screen the chart is short: the colour key is the title line
            title = plot.titleLabel.text
            assert plot.legend is None and title.count("OFAC") == 1 and title.count("UN 1718 Committee") == 1
    assert len(bars) == 2


def test_a_newer_load_wins_over_a_stale_one(pane, qtbot):
    pane.loaded = False
    pane.reload()
    pane.reload()                       # cancels the first: only the newest result is applied
    qtbot.waitUntil(lambda: pane.loaded and not pane._jobs, timeout=20000)
    assert pane.table_model.rowCount() == 752
    assert "Could not load" not in pane.caption.text()


def test_details_show_the_designation_date_and_every_sources_claim(pane, qtbot):
    type_text(qtbot, pane, "yan zhiyong")
    row = names(pane).index("YAN, Zhiyong")
    pane.view.selectRow(row)
    text = pane.details.toPlainText()
    assert "Designated" in text and "2022-11-08 (sdn.csv git history" in text
    assert "Dates, from every source" in text
    assert "between 2022-06-29 and 2022-12-28" in text and "list snapshots" in text     # the sparse claim, kept
    assert "used" in text
def test_results_show_score_matched_name_and_why(pane, qtbot):
    from ui.panes.sanctions_table import SCORE

    pane.controls.all_lists.setChecked(True)
    type_text(qtbot, pane, "Gwangseon")
    found = names(pane)[:3]
    assert "KOREA KWANGSON BANKING CORP" in found
    row = found.index("KOREA KWANGSON BANKING CORP")
    assert 80 <= int(column(pane, "score")[row]) < 100
    assert column(pane, "matched")[row].upper().startswith("KOREA KWANGSON BANKING CORP")
    tooltip = pane.table_model.index(row, SCORE).data(Qt.ItemDataRole.ToolTipRole)
    assert "romanisation: GWANGSEON~KWANGSON" in tooltip
    assert pane.table_model.headerData(SCORE, Qt.Orientation.Horizontal) == "Score"
    assert not pane.view.horizontalHeader().isSectionHidden(SCORE)


def test_min_score_setting_filters_the_matches(pane, qtbot):
    type_text(qtbot, pane, "Kim Su Gill")
    assert names(pane)[0] == "KIM, Su Gil"
    box = pane.controls.threshold
    box.selectAll()
    qtbot.keyClicks(box, "99")
    qtbot.waitUntil(lambda: "KIM, Su Gil" not in names(pane), timeout=10000)
    assert "at score 99 or more" in pane.caption.text()
    box.selectAll()
    qtbot.keyClicks(box, "80")
    qtbot.waitUntil(lambda: names(pane)[:1] == ["KIM, Su Gil"], timeout=10000)


@pytest.mark.parametrize("query", ["김정은", "金正恩", "Kim Jong Un"])
def test_hangul_and_hanja_find_the_entry(pane, qtbot, query):
    type_text(qtbot, pane, query)
    assert names(pane)[0] == "KIM, Jong Un"


def test_the_per_year_chart_shades_years_a_list_does_not_cover(pane):
    """OFAC snapshots start on 2021-07-07: before that its bars are missing, not zero, and the chart says so."""
    plot = pane.chart.getPlotItem()
    bars = pane.bars[0].periods
    shaded = {bars[int(round(item.getRegion()[0] + 0.5))]: item.uncovered
              for item in plot.items if hasattr(item, "uncovered")}
    assert shaded["2016"] == ["OFAC"] and "2022" not in shaded
    assert all("OFAC" in v for y, v in shaded.items() if y < "2022")
