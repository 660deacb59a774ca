"""The answer-first view above the panes, driven as a user: read the verdict, hover a bin, click a year."""
from __future__ import annotations

from datetime import date

import pytest

from models import coverage as cov
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

from models.analytics.pressure import pressure_summary
from models.briefing_model import BriefingModel
from tests.helpers import shown



@pytest.fixture
def model(bundled_store):
    return BriefingModel(bundled_store)


@pytest.fixture
def view(qtbot, model):
    from ui.pressure_view import PressureView

    return shown(qtbot, PressureView(model), 900, 260)


def _move(widget, point) -> None:
    event = QMouseEvent(QEvent.Type.MouseMove, QPointF(point), QPointF(widget.mapToGlobal(point)),
                        Qt.MouseButton.NoButton, Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, event)


def test_verdict_states_the_answer_with_its_definition_on_hover(qtbot, view, model):
    model.set_period(date(2022, 1, 1), date(2022, 12, 31))
    expected = pressure_summary(model.store, date(2022, 1, 1), date(2022, 12, 31))
    qtbot.waitUntil(lambda: expected.verdict in view.verdict.text())
    answered = expected.drew_statement + expected.no_statement
    assert answered == expected.launch_events                  # the register covers every 2022 window at the UN
    assert (f"2022: {expected.launch_events} launch events (grouped from CNS missile rows); {expected.no_statement} of {answered} "
            "drew no joint statement at the UN within 30 days") in view.verdict.text()
    assert "(per month)" in view.verdict.text()
    tip = view.verdict.toolTip()
    assert "Provocations: DPRK launch events" in tip and "Hatched spans" in tip
    coverage = cov.load(model.store)                             # what the data covers: models.coverage's words
    for measure in (cov.LAUNCHES, cov.STATEMENTS, cov.VOTES, cov.DESIGNATIONS):
        assert coverage.describe(measure).replace("'", "&#x27;") in tip, measure
    assert [b.label for b in view.summary.bins][0] == "Jan 2022" and len(view.summary.bins) == 12
    _move(view.chart.viewport(), view.bin_center(5))          # the 2022 register holds no G7 statements: it says so
    assert "G7 foreign ministers' statements: not covered by the statement register here" in view.callout.text()


def test_hovering_a_bin_shows_its_counts_and_leaving_hides_them(qtbot, view, model):
    register_end = cov.load(model.store).ranges(cov.STATEMENTS)[-1][1]
    start, end = date(register_end.year, 1, 1), date(register_end.year + 1, 12, 31)
    model.set_period(start, end)
    qtbot.waitUntil(lambda: view.summary.start == start and view.summary.granularity == "month")
    bins = view.summary.bins
    after = next(i for i, b in enumerate(bins) if b.start > register_end and b.launch_events)
    viewport = view.chart.viewport()
    point = view.bin_center(after)                           # a month with launches after the register's end
    _move(viewport, point)
    callout = view.callout
    assert callout.isVisible()
    b = bins[after]
    assert f"{b.start.isoformat()} to {b.end.isoformat()}" in callout.text()
    assert f"Launch events: {b.launch_events} ({b.missiles} missiles); nagix count, preliminary" in callout.text()
    assert "Joint statements: not covered by the statement register" in callout.text()
    assert "Council votes: not covered" in callout.text() and "Joint statements: 0" not in callout.text()
    assert viewport.rect().contains(callout.geometry())         # inside the chart, beside the pointer
    assert not callout.geometry().contains(point)
    voted = next(i for i, b in enumerate(bins) if b.votes)
    _move(viewport, view.bin_center(voted))                  # it follows the mouse to a month with a vote
    assert f"{bins[voted].start.isoformat()} to" in callout.text()
    assert f"Council votes: {bins[voted].votes}" in callout.text()
    QApplication.sendEvent(viewport, QEvent(QEvent.Type.Leave))
    assert not callout.isVisible()


def test_clicking_a_year_makes_it_the_period_shown_by_month(qtbot, view, model):
    assert view.summary.granularity == "year"                # all dates: one bar pair per year
    labels = [b.label for b in view.summary.bins]
    qtbot.mouseClick(view.chart.viewport(), Qt.MouseButton.LeftButton, pos=view.bin_center(labels.index("2017")))
    qtbot.waitUntil(lambda: model.period.start == date(2017, 1, 1))
    assert model.period.end == date(2017, 12, 31)
    assert view.summary.granularity == "month" and "2017: 15 launch events" in view.verdict.text()
    qtbot.mouseClick(view.chart.viewport(), Qt.MouseButton.LeftButton, pos=view.bin_center(3))
    assert model.period.start == date(2017, 1, 1)            # a month is as fine as it gets: no change


def test_response_window_setting_updates_the_verdict(qtbot, view, model):
    from ui.settings import response_window

    model.set_period(date(2022, 1, 1), date(2022, 12, 31))
    response_window().set_days(3)
    qtbot.waitUntil(lambda: "within 3 days" in view.verdict.text())


def test_the_main_window_opens_with_the_answer_on_top(qtbot, bundled_store):
    from ui.main_window import MainWindow

    window = MainWindow(BriefingModel(bundled_store))
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.panes_ready, timeout=20000):
        window.show()
    try:
        bar = window.answer_bar
        assert bar.isVisible() and window.pressure.isVisible() and window.pressure.verdict.isVisible()
        assert window.pressure.verdict.text().count("Pressure vs provocations") == 1
        top = bar.mapTo(window, bar.rect().topLeft()).y()
        for dock in window.docks.values():                   # every pane in view sits below the answer
            if dock.isVisible() and not dock.visibleRegion().isEmpty():
                assert dock.mapTo(window, dock.rect().topLeft()).y() >= top + bar.height() - 1
        assert window.pressure.chart.height() >= 120
    finally:
        qtbot.waitUntil(lambda: window.panes["sanctions"].loaded, timeout=20000)
        window.close()


def test_hero_figure_builds_for_the_brief_without_a_window(qapp, bundled_store):
    from models.report.content import Figure
    from ui.export.figures import build_figure, figure_png

    summary = pressure_summary(bundled_store, date(2022, 1, 1), date(2022, 12, 31))
    figure = Figure("pressure", "Pressure vs provocations, 2022", 260, {"summary": summary})
    built = build_figure(figure, 700.0)
    assert built.note == ""
    image = figure_png(built, 1.0)
    assert image.width() == 700 and not image.isNull()
    colours = {image.pixelColor(x, y).name() for x in range(0, 700, 7) for y in range(0, 260, 5)}
    assert len(colours) > 6                                   # bars, hatches and text, not a blank page
