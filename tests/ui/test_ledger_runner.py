"""With many DPRK-related designations the headline strip and the ledger compute on a worker, and show
the same figures as when they compute in place."""
from __future__ import annotations

from datetime import date

import pytest

from helpers import shown
from models.analytics.ledger import headline_figures, ledger_table
from models.briefing_model import BriefingModel


@pytest.fixture
def large(monkeypatch):
    """Every file store counts as large: the worker path, on the bundled data."""
    from ui import ledger_runner

    monkeypatch.setattr(ledger_runner, "ASYNC_FROM", 0)
    yield
    ledger_runner.close_ledger_runner()


def test_headline_strip_computes_on_the_worker(qtbot, bundled_store, large):
    from ui.headline_strip import HeadlineStrip

    model = BriefingModel(bundled_store)
    strip = shown(qtbot, HeadlineStrip(model), 1500, 120)
    qtbot.waitUntil(lambda: bool(strip.figures), timeout=20000)
    expected = headline_figures(bundled_store, None, None, 30)
    assert [(f.key, f.value) for f in strip.figures] == [(f.key, f.value) for f in expected]
    assert f"{expected[-3].value} DPRK designations" in strip.summary() and expected[-3].key == "designations"
    model.set_period(date(2022, 11, 1), date(2022, 11, 30))
    assert "updating" in strip.subtitle.text()               # the GUI thread did not wait for it
    qtbot.waitUntil(lambda: "2022-11-01 to 2022-11-30" in strip.title.text(), timeout=20000)
    november = headline_figures(bundled_store, date(2022, 11, 1), date(2022, 11, 30), 30)
    assert [(f.key, f.value) for f in strip.figures] == [(f.key, f.value) for f in november]
    strip.close()


def test_ledger_pane_computes_on_the_worker_and_reuses_it_for_periods(qtbot, bundled_store, large):
    from ui.panes.ledger_pane import LedgerPane

    model = BriefingModel(bundled_store)
    pane = shown(qtbot, LedgerPane(model), 1400, 700)
    qtbot.waitUntil(lambda: pane.table_model.rowCount() > 0, timeout=20000)
    assert pane.table_model.rowCount() == len(ledger_table(bundled_store, 30))
    model.set_period(date(2022, 1, 1), date(2022, 12, 31))
    assert pane.table_model.rowCount() == 36                  # same table, filtered at once: no new request
    assert "36 launch events" in pane.caption.text()
    pane.window_box.setValue(7)                               # another window: computed again on the worker
    qtbot.waitUntil(lambda: "7-day window" in pane.caption.text(), timeout=20000)
    said = int((model.in_period(ledger_table(bundled_store, 7))["response_category"] == "statement_or_vote").sum())
    assert f"7-day window): {said} statement or vote" in pane.caption.text()
    pane.window_box.setValue(30)
    pane.close()


def test_pressure_view_computes_on_the_worker(qtbot, bundled_store, large):
    from models.analytics.pressure import pressure_summary
    from ui.pressure_view import PressureView

    model = BriefingModel(bundled_store)
    view = shown(qtbot, PressureView(model), 900, 260)
    qtbot.waitUntil(lambda: view.summary is not None, timeout=20000)
    model.set_period(date(2022, 1, 1), date(2022, 12, 31))
    assert "computing" in view.verdict.text()                 # the GUI thread did not wait for it
    expected = pressure_summary(bundled_store, date(2022, 1, 1), date(2022, 12, 31), 30).verdict
    qtbot.waitUntil(lambda: expected in view.verdict.text(), timeout=20000)
    assert len(view.summary.bins) == 12
    view.close()
