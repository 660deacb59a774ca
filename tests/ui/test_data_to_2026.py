"""The panes on the bundled data to 2026: preliminary (third-party) launches marked everywhere, whose count
stated, the counts compared where the sources overlap, and the 2023-2024 statements in the alignment matrix."""
from __future__ import annotations

from datetime import date

import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtWidgets import QApplication

from helpers import shown
from models.briefing_model import BriefingModel


@pytest.fixture
def model(bundled_store):
    return BriefingModel(bundled_store)


@pytest.fixture
def timeline(qtbot, model):
    from ui.panes.timeline_pane import TimelinePane

    pane = shown(qtbot, TimelinePane(model), 1400, 900)
    yield pane
    pane.close()


def test_timeline_marks_preliminary_launches_and_states_whose_count(qtbot, timeline, model):
    from ui.plots.timeline_plot import CONFIRMED_SYMBOL, PRELIMINARY_SYMBOL

    model.set_period(date(2024, 1, 1), date(2024, 12, 31))
    qtbot.waitUntil(lambda: timeline.header.text().startswith("2024: 12 launch events, 41 missiles"))
    assert "(nagix count, preliminary (third-party))" in timeline.header.text()
    model.set_period(date(2023, 1, 1), date(2023, 12, 31))
    qtbot.waitUntil(lambda: timeline.header.text().startswith("2023: 20 launch events, 33 missiles"))
    assert "CNS count to 2023-04-12; nagix count, preliminary (third-party) from 2023-05-30" in timeline.header.text()
    points = timeline.items.points
    symbols = timeline.items.scatter.data["symbol"]
    rows = np.flatnonzero(timeline.visible)[points["row"]]
    preliminary = timeline.events["preliminary"].to_numpy()[rows]
    assert preliminary.any() and (~preliminary).any()
    assert set(symbols[preliminary]) == {PRELIMINARY_SYMBOL} and set(symbols[~preliminary]) == {CONFIRMED_SYMBOL}
    assert "preliminary (third-party)" in timeline.legend.text().replace("&nbsp;", " ")


def test_timeline_details_flag_a_preliminary_launch_and_compare_counts(qtbot, timeline, model):
    assert "Where the counts differ" in timeline.details.toPlainText()     # nothing selected yet
    assert "2022" in timeline.details.toPlainText()
    row = int(np.flatnonzero(timeline.events["launch_id"].to_numpy() == "L2024-10-30-1")[0])
    t, y = float(timeline.events["t"].iloc[row]), float(timeline.events["y_class"].iloc[row])
    timeline.plot.setXRange(t - 20 * 86400, t + 20 * 86400, padding=0)
    QApplication.processEvents()
    point = timeline.timeline_view.mapFromScene(timeline.plot.getViewBox().mapViewToScene(QPointF(t, y)))
    with qtbot.waitSignal(model.changed, timeout=2000):
        qtbot.mouseClick(timeline.timeline_view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert model.selection.launch_id == "L2024-10-30-1"
    text = timeline.details.toPlainText()
    assert "Preliminary (third-party)" in text and "not the CNS record" in text
    assert "Hwasong-19" in text and "nagix 2024-10-30#1" in text


def test_ledger_says_whose_count(qtbot, model):
    from ui.panes.ledger_pane import LedgerPane

    model.set_period(date(2024, 1, 1), date(2024, 12, 31))
    pane = shown(qtbot, LedgerPane(model), 1400, 600)
    qtbot.waitUntil(lambda: pane.table_model.rowCount() == 12)
    frame = pane.table_model.frame
    column = list(frame.columns).index("launch_count")
    assert pane.table_model.headerData(column, Qt.Orientation.Horizontal) == "Whose count"
    assert set(frame["launch_count"]) == {"nagix count, preliminary (third-party)"}
    row = pane.table_model.view_row_of("L2024-10-30-1")
    assert pane.table_model.index(row, list(frame.columns).index("statement_ids")).data() == "G7-2024-01; JS2024-01"
    pane.close()


def test_alignment_covers_2022_to_2024_with_a_g7_group(qtbot, model):
    from ui.panes.alignment_pane import AlignmentPane

    model.set_period(date(2022, 1, 1), date(2024, 12, 31))
    pane = shown(qtbot, AlignmentPane(model), 1400, 900)
    columns = pane.view.matrix.columns
    series = list(columns["series"])
    first_g7 = series.index("g7")
    assert set(series[first_g7:]) == {"g7"} and len(series) - first_g7 == 7
    assert pane.figure.group_line.isVisible() and pane.figure.group_line.value() == first_g7
    assert {"S/2022/431", "S/RES/2680(2023)", "S/2024/255"} <= set(columns["statement_id"])
    pane.series_box.setCurrentIndex(pane.series_box.findData("g7"))
    assert set(pane.view.matrix.columns["series"]) == {"g7"}
    assert not pane.figure.group_line.isVisible()
    pane.series_box.setCurrentIndex(pane.series_box.findData("un"))
    assert "g7" not in set(pane.view.matrix.columns["series"])
    # notes name the record by its register id (issue 14: short labels only on the matrix axis)
    assert "JS2023-01 (2023-02-20): list not recorded" in pane.notes.toolTip()
    pane.series_box.setCurrentIndex(0)
    pane.close()


def test_sanctions_log_names_a_preliminary_launch(qtbot, model):
    from ui.panes.sanctions_pane import SanctionsPane

    pane = shown(qtbot, SanctionsPane(model), 1400, 800)
    model.select_launch("L2024-10-30-1")
    qtbot.waitUntil(lambda: "Launch of 2024-10-30 (nagix count, preliminary (third-party))"
                    in pane.controls.response_note.text(), timeout=10000)
    pane.close()
