"""Robust linking: a period change clears selections outside it in every pane, and one pane's exception
is caught, logged and shown in that pane while every other pane still hears the change."""
from __future__ import annotations

import logging
from datetime import date

import pytest
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from models.briefing_model import BriefingModel


class RaisingPane(QWidget):
    """A pane whose handler fails on every period change."""

    def __init__(self, model: BriefingModel):
        super().__init__()
        self.setLayout(QVBoxLayout())
        self.layout().addWidget(QLabel("raising pane"))
        self.calls = 0
        model.changed.connect(self._on_model_changed)

    def _on_model_changed(self, changes, initiator) -> None:
        self.calls += 1
        if changes.period:
            raise RuntimeError("this pane cannot draw the period")


@pytest.fixture
def window(qtbot, bundled_store):
    from ui.main_window import MainWindow

    model = BriefingModel(bundled_store)
    raising = RaisingPane(model)          # subscribed before every real pane: they all come after it
    qtbot.addWidget(raising)
    win = MainWindow(model)
    qtbot.addWidget(win)
    with qtbot.waitSignal(win.panes_ready, timeout=20000):
        win.show()
    yield win, raising
    win.close()


def test_a_raising_pane_is_logged_and_shown_and_every_other_pane_still_hears(window, caplog):
    win, raising = window
    model = win.model
    before = raising.calls
    with caplog.at_level(logging.ERROR, logger="models.notifier"):
        model.set_period(date(2022, 3, 1), date(2022, 3, 31))
    assert raising.calls == before + 1
    assert any("this pane cannot draw the period" in r.getMessage() or r.exc_info for r in caplog.records)
    label = raising.findChild(QLabel, "paneError")
    assert label is not None and not label.isHidden()
    assert "could not follow the last change" in label.text() and "cannot draw the period" in label.text()
    # the panes subscribed after the failing one followed the period
    assert win.panes["ledger"].table_model.rowCount() == 3
    assert "2022-03-01 to 2022-03-31" in win.headline.title.text()
    model.select_launch("L2022-03-24-1")              # a later change that succeeds clears the message
    assert label.isHidden()


def test_a_period_change_clears_selections_outside_the_period_in_every_pane(window):
    win, _ = window
    model = win.model
    model.set_period(date(2022, 1, 1), date(2022, 12, 31))
    with model.batch():
        model.select_launch("L2022-03-24-1")
        model.select_statement("JS2022-06")
    ledger = win.panes["ledger"]
    assert "L2022-03-24-1" in ledger.details.text()
    model.set_period(date(2024, 7, 1), date(2024, 12, 31))       # no launch or statement data
    assert model.selection.launch_id is None and model.selection.statement_id is None
    assert "Select a launch" in ledger.details.text()
    model.set_period(date(2022, 3, 1), date(2022, 3, 31))
    model.select_launch("L2022-03-24-1")
    model.set_period(date(2022, 1, 1), date(2022, 12, 31))        # still inside: kept
    assert model.selection.launch_id == "L2022-03-24-1"
