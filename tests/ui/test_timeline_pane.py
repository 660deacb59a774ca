"""TimelinePane driven as a user: clicks, region drags, typed dates, filters, keys, persistence."""
from __future__ import annotations

from datetime import date

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

from helpers import shown
from models.analytics import timeline as tl


@pytest.fixture
def model(real_store):
    from models.briefing_model import BriefingModel

    return BriefingModel(real_store)


@pytest.fixture
def pane(qtbot, model):
    from ui.panes.timeline_pane import TimelinePane

    return shown(qtbot, TimelinePane(model), 1400, 900)


def _viewport_point(pane, x: float, y: float) -> QPoint:
    vb = pane.plot.getViewBox()
    scene = vb.mapViewToScene(QPointF(x, y))
    return pane.timeline_view.mapFromScene(scene)


def _scatter_ids(pane) -> set[str]:
    rows = np.flatnonzero(pane.visible)[pane.items.scatter.data["data"].astype(int)]
    return set(pane.events["launch_id"].to_numpy()[rows])


def _year_buttons(pane) -> dict[str, object]:
    return {b.text(): b for b in pane.controls.preset_buttons.values() if not b.isHidden() and b.text().isdigit()}


def test_year_presets_come_from_the_data_not_a_literal_year(qtbot, pane, model):
    from models.coverage import latest_covered_full_year

    def expected() -> tuple[int, int]:
        yearly = tl.yearly_counts(pane.events)
        top = yearly[yearly["missiles"] == yearly["missiles"].max()]
        return int(top["year"].max()), latest_covered_full_year(model.store)

    record, latest = expected()
    buttons = _year_buttons(pane)
    assert set(buttons) == {str(record), str(latest)}
    assert "record year" in buttons[str(record)].toolTip()
    assert "latest full year the launch data covers" in buttons[str(latest)].toolTip()
    qtbot.mouseClick(buttons[str(latest)], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: model.period.start == date(latest, 1, 1))
    assert model.period.end == date(latest, 12, 31)
    first_year = int(pane.events["year"].min())
    with model.store.transaction() as conn:          # the first year becomes the record: its button follows
        conn.execute("UPDATE launches SET missile_count = missile_count + 1000 WHERE launch_id ="
                     " (SELECT MIN(launch_id) FROM launches WHERE date LIKE ?)", (f"{first_year}-%",))
    model.reload()
    assert expected() == (first_year, latest)
    buttons = _year_buttons(pane)
    assert set(buttons) == {str(first_year), str(latest)}
    assert "record year" in buttons[str(first_year)].toolTip()
    assert "record year" not in buttons[str(latest)].toolTip()


def test_the_year_chart_says_whose_count_its_bars_are(qtbot, bundled_store):
    from models.briefing_model import BriefingModel
    from ui.panes.timeline_pane import TimelinePane

    pane = shown(qtbot, TimelinePane(BriefingModel(bundled_store)), 1400, 900)
    cns_end = bundled_store.scalar("SELECT MAX(date) FROM launches WHERE dataset = 'cns'")
    key = [e.label for e in pane.yearly_legend.entries[:2]]          # the chart's key row leads with it
    assert key == ["Launch events and missiles per year", f"(CNS count to {cns_end}; nagix, preliminary, after)"]
    pane.close()


def test_header_counts_2022_preset(qtbot, pane, model):
    assert pane.header.text() == "All dates: 135 launch events, 245 missiles (grouped from CNS missile rows)"
    qtbot.mouseClick(_year_buttons(pane)["2022"], Qt.MouseButton.LeftButton)       # the record year's button
    qtbot.waitUntil(lambda: model.period.start == date(2022, 1, 1))
    assert pane.header.text() == "2022: 36 launch events, 69 missiles (grouped from CNS missile rows)"
    # record year bar is 2022, highlighted; cumulative compares 2022 with the previous record 2019
    assert pane.records == ([2022], [2022])
    assert pane.cumulative_years == [2022, 2019]
    missiles_bars = pane.yearly_bars[1]
    years = np.round(missiles_bars.opts["x"] - 0.21).astype(int)
    assert missiles_bars.opts["height"][years == 2022][0] == 69


def test_click_selects_event(qtbot, pane, model):
    row = int(np.flatnonzero(pane.events["launch_id"].to_numpy() == "L2022-11-18-1")[0])
    t, y = float(pane.events["t"].iloc[row]), float(pane.events["y_class"].iloc[row])
    pane.plot.setXRange(t - 20 * 86400, t + 20 * 86400, padding=0)
    QApplication.processEvents()
    with qtbot.waitSignal(model.changed, timeout=2000):
        qtbot.mouseClick(pane.timeline_view.viewport(), Qt.MouseButton.LeftButton, pos=_viewport_point(pane, t, y))
    assert model.selection.launch_id == "L2022-11-18-1"
    html = pane.details.toHtml()
    assert "Hwasong-17" in html and "href=" in html and "Korea time" in html
    assert pane.items.selection.data["x"][0] == pytest.approx(t)


def test_details_show_missing_values_as_missing(qtbot, pane, model):
    launches = model.launches()
    launch_id = launches.loc[launches["max_apogee_km"].isna(), "launch_id"].iloc[0]
    model.select_launch(launch_id)
    qtbot.waitUntil(lambda: "apogee unknown" in pane.details.toPlainText())


def test_hover_shows_utc_and_korea_time(qtbot, pane):
    row = int(np.flatnonzero(pane.events["launch_id"].to_numpy() == "L2022-11-18-1")[0])
    t, y = float(pane.events["t"].iloc[row]), float(pane.events["y_class"].iloc[row])
    pane.plot.setXRange(t - 20 * 86400, t + 20 * 86400, padding=0)
    QApplication.processEvents()
    pane._on_scene_moved(pane.plot.getViewBox().mapViewToScene(QPointF(t, y)))
    text = pane.hover.textItem.toPlainText()
    assert pane.hover.isVisible() and "01:14 UTC" in text and "10:14 Korea time" in text and "Hwasong-17" in text


def test_filters_change_points_and_counts(qtbot, pane, model):
    model.set_period(date(2022, 1, 1), date(2022, 12, 31))
    before = len(pane.items.scatter.data)
    pane.controls.filter_actions["classes"]["SRBM"].trigger()
    qtbot.waitUntil(lambda: "filtered" in pane.header.text())
    shown = pane.events[pane.visible]
    assert not shown["classes"].str.fullmatch("SRBM").any()
    assert len(pane.items.scatter.data) < before
    assert all("SRBM" != c for c in pane.events.set_index("launch_id").loc[list(_scatter_ids(pane)), "classes"])
    assert pane.header.text().startswith("2022: ") and "(grouped from CNS missile rows) — filtered (classes:" in pane.header.text()
    pane.controls.filter_actions["outcomes"]["success"].trigger()
    assert set(pane.events[pane.visible]["outcome"]) <= {"failure", "unknown", "mixed"}


def test_month_only_dates_are_spans(pane):
    month_ids = set(pane.events.loc[pane.events["span"], "launch_id"])
    assert month_ids and not month_ids & _scatter_ids(pane)
    xs, _ = pane.items.spans.getData()
    widths = xs[1::2] - xs[0::2]
    assert len(widths) == len(month_ids) and (widths >= 28 * 86400).all()


def _drag(widget, start: QPoint, end: QPoint) -> None:
    """A real left-button drag (qtbot.mouseMove carries no buttons on Qt 6)."""
    left, none = Qt.MouseButton.LeftButton, Qt.MouseButton.NoButton
    mods = Qt.KeyboardModifier.NoModifier

    def send(kind, pos, button, buttons):
        global_pos = QPointF(widget.mapToGlobal(pos))
        QApplication.sendEvent(widget, QMouseEvent(kind, QPointF(pos), global_pos, button, buttons, mods))

    send(QEvent.Type.MouseMove, start, none, none)
    send(QEvent.Type.MouseButtonPress, start, left, left)
    for i in range(1, 11):
        p = start + (end - start) * (i / 10)
        send(QEvent.Type.MouseMove, p, none, left)
    send(QEvent.Type.MouseButtonRelease, end, left, none)


def test_region_drag_sets_period(qtbot, pane, model, monkeypatch):
    import pyqtgraph as pg

    monkeypatch.setitem(pg.CONFIG_OPTIONS, "mouseRateLimit", -1)  # synthetic moves arrive faster than 100/s
    model.set_period(date(2015, 1, 1), date(2020, 12, 31))
    QApplication.processEvents()
    x0, x1 = pane.region.getRegion()
    y_mid = 4.0
    start = _viewport_point(pane, x0, y_mid)
    target_x = x0 + 365.25 * 86400 * 2.5  # drag the left edge to mid-2017
    end = _viewport_point(pane, target_x, y_mid)
    _drag(pane.timeline_view.viewport(), start, end)
    qtbot.waitUntil(lambda: model.period.start is not None and model.period.start.year == 2017)
    assert model.period.end == date(2020, 12, 31)


def test_typed_dates_set_period(qtbot, pane, model):
    from PySide6.QtWidgets import QDateTimeEdit

    for edit, typed in ((pane.controls.end_edit, "20191231"), (pane.controls.start_edit, "20190101")):
        edit.setFocus()
        edit.setSelectedSection(QDateTimeEdit.Section.YearSection)  # as a click on the year does
        qtbot.keyClicks(edit, typed)
        qtbot.keyClick(edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: model.period == type(model.period)(date(2019, 1, 1), date(2019, 12, 31)))
    assert pane.header.text() == "2019: 14 launch events, 27 missiles (grouped from CNS missile rows)"


def test_keyboard_steps_through_events(qtbot, pane, model):
    order = pane.events["launch_id"].tolist()
    qtbot.keyClick(pane, Qt.Key.Key_Home)
    assert model.selection.launch_id == order[0]
    qtbot.keyClick(pane, Qt.Key.Key_Right)
    qtbot.keyClick(pane, Qt.Key.Key_Right)
    assert model.selection.launch_id == order[2]
    qtbot.keyClick(pane, Qt.Key.Key_Left)
    assert model.selection.launch_id == order[1]
    qtbot.keyClick(pane, Qt.Key.Key_End)
    assert model.selection.launch_id == order[-1]
    qtbot.keyClick(pane, Qt.Key.Key_Escape)
    assert model.selection.launch_id is None


def test_y_modes_and_state_persist(qtbot, model, pane):
    from ui.panes.timeline_pane import TimelinePane

    pane.controls.y_mode.setCurrentIndex(pane.controls.y_mode.findData("apogee"))
    pane.controls.log_y.setChecked(True)
    pane.controls.show_statements.setChecked(True)
    pane.controls.filter_actions["confirmations"]["unconfirmed"].trigger()
    # apogee mode: only events with a recorded positive apogee are plotted, log10 of km
    ys = pane.items.scatter.data["y"]
    assert len(ys) and ys.max() == pytest.approx(np.log10(pane.events["max_apogee_km"].max()))
    assert "not plotted" in pane.header.text()
    assert len(pane.items.statement_lines) == len(model.statements())
    again = TimelinePane(model)
    qtbot.addWidget(again)
    assert again.controls.y_mode_key() == "apogee" and again.controls.log_y.isChecked()
    assert again.controls.show_statements.isChecked()
    assert again.controls.current_filter().confirmations == frozenset({"confirmed", "mixed"})


def test_ignores_nothing_from_others_and_reacts_to_data(qtbot, pane, model):
    model.select_launch("L2022-11-18-1", initiator=object())
    qtbot.waitUntil(lambda: "Hwasong-17" in pane.details.toPlainText())
    model.reload()
    assert len(pane.events) == 135


def test_dark_palette_colours_from_theme(qtbot, model):
    from PySide6.QtGui import QColor, QPalette

    from ui.panes.timeline_pane import TimelinePane
    from ui.theme import DARK

    app = QApplication.instance()
    old = app.palette()
    dark = QPalette(old)
    dark.setColor(QPalette.ColorRole.Window, QColor(DARK.background))
    app.setPalette(dark)
    try:
        widget = TimelinePane(model)
        qtbot.addWidget(widget)
        assert widget.theme.name == "dark"
        assert widget.style_.brushes[("success", True)].color().name() == QColor(DARK.success).name()
    finally:
        app.setPalette(old)


def test_nuclear_test_hover_names_source(qtbot, pane):
    t = float(pane.context["t"].iloc[-1])  # 2017-09-03
    vb = pane.plot.getViewBox()
    pane.plot.setXRange(t - 200 * 86400, t + 200 * 86400, padding=0)
    QApplication.processEvents()
    (y0, y1) = vb.viewRange()[1]
    pane._on_scene_moved(vb.mapViewToScene(QPointF(t, (y0 + y1) / 2 + 0.3)))
    text = pane.hover.textItem.toPlainText()
    assert "2017-09-03: Sixth DPRK nuclear test" in text and "ctbto.org" in text


def test_close_disconnects_from_model(qtbot, model):
    from ui.panes.timeline_pane import TimelinePane

    widget = TimelinePane(model)
    qtbot.addWidget(widget)
    widget.close()
    model.set_period(date(2022, 1, 1), date(2022, 12, 31))
    assert widget.header.text().startswith("All dates")


def test_empty_model_builds_and_grabs(qtbot, store):
    from models.briefing_model import BriefingModel
    from ui.panes.timeline_pane import TimelinePane

    widget = TimelinePane(BriefingModel(store))
    qtbot.addWidget(widget)
    widget.resize(900, 600)
    assert widget.header.text() == "All dates: launch events not covered (no source of launches is held)"
    qtbot.keyClick(widget, Qt.Key.Key_Right)
    assert not widget.grab().isNull()


def test_designation_ticks_only_where_the_source_gives_a_listing_date(qtbot, bundled_store):
    from PySide6.QtCore import Qt

    from models.briefing_model import BriefingModel
    from ui.panes.timeline_pane import TimelinePane

    model = BriefingModel(bundled_store)
    pane = TimelinePane(model)
    qtbot.addWidget(pane)
    pane.show()
    assert pane.items.designation_lines == []
    qtbot.mouseClick(pane.controls.show_designations, Qt.MouseButton.LeftButton)
    designations = model.designations()
    exact = designations[(designations.dprk == "yes") & designations.designated_precision.eq("day")]
    assert len(exact[exact.authority == "UN 1718 Committee"]) == 155          # LISTED_ON
    assert len(pane.items.designation_lines) == len(exact) > 155              # and OFAC's, dated to the day
    assert all(line.toolTip().split(" ")[0] in set(exact.designated_to) for line in pane.items.designation_lines)
    assert "known only to a window get no tick" in pane.controls.show_designations.toolTip()
    qtbot.mouseClick(pane.controls.show_designations, Qt.MouseButton.LeftButton)
    assert pane.items.designation_lines == []


def test_a_period_the_launch_data_do_not_cover_says_not_covered_and_the_year_chart_shades_it(pane, model):
    model.set_period(date(2026, 1, 1), date(2026, 12, 31))
    assert pane.header.text().startswith("2026: launch events not covered (CNS North Korea Missile Test Database")
    assert "0 launch events" not in pane.header.text()
    shaded = [item.uncovered_year for item in pane.charts.record_labels if hasattr(item, "uncovered_year")]
    assert 2023 in shaded and 2022 not in shaded            # the CNS data end on 2023-04-19
    model.select_launch("L2022-10-03-1")                    # the launch over Japan: Korea date 4 Oct
    model.set_period(date(2022, 1, 1), date(2022, 12, 31))
    model.select_launch("L2022-10-03-1")
    text = pane.details.toPlainText()
    assert "2022-10-03 22:22 UTC (2022-10-04 07:22 Korea time, UTC+9)" in text
    assert "Response (30-day window): statement or vote" in text
