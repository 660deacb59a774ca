"""Data > Update data… in the main window: progress while it downloads, what changed afterwards, a working Cancel."""
from __future__ import annotations

import time

import pytest
from PySide6.QtCore import Qt

from conftest import shared_file
from helpers import fingerprint, settled
from list_server import list_server, write_settings  # noqa: F401  (the fixture)
from models.briefing_model import BriefingModel
from ui.main_window import MainWindow


@pytest.fixture
def un_next_day(list_server, tmp_path, monkeypatch):
    """The UN list generated a day after the bundled one, served at /consolidated.xml; returns the route."""
    body = shared_file("un/consolidated.xml").read_bytes().replace(b'dateGenerated="2026-02-27',
                                                                   b'dateGenerated="2026-02-28')
    url = list_server.serve("/consolidated.xml", body)
    config = write_settings(tmp_path / "sources.toml", {"un_consolidated": [("consolidated.xml", url, "un_xml")]})
    monkeypatch.setenv("DPRK_BRIEF_SOURCES", str(config))
    return list_server.routes["/consolidated.xml"]


def _open_update_dialog(window, qtbot):
    data_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Data")
    action = next(a for a in data_menu.actions() if a.text() == "&Update data…")
    action.trigger()
    dialog = window.update_dialog
    qtbot.waitExposed(dialog)
    return dialog


def test_update_shows_progress_then_what_changed(window, qtbot, un_next_day):
    dialog = _open_update_dialog(window, qtbot)
    assert dialog.sources.count() == 1
    assert dialog.sources.item(0).checkState() == Qt.CheckState.Checked
    seen: list[tuple[int, int, str]] = []
    with qtbot.waitSignal(dialog.update_finished, timeout=60000) as finished:
        qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
        dialog._job.progressed.connect(lambda done, total, text: seen.append((done, total, text)))
        assert dialog.cancel_button.isEnabled() and not dialog.start_button.isEnabled()
    report = finished.args[0]
    assert not report.failed
    assert any(text.startswith("Downloading consolidated.xml") for _d, _t, text in seen)
    assert dialog.status.text() == "Finished."
    shown = dialog.report.toPlainText()
    assert "un_consolidated (un_consolidated (test)): UPDATED: imported as a dated snapshot" in shown
    assert "What changed on UN Consolidated since the previous snapshot (2026-02-27 -> 2026-02-28)" in shown
    assert "UN list 2026-02-28" in window.vintage_label.text()           # the dashboard reloaded
    assert dialog.start_button.isEnabled() and not dialog.cancel_button.isEnabled()


def test_cancel_stops_the_download_and_changes_nothing(window, qtbot, un_next_day):
    un_next_day.chunk_delay = 0.05                       # about 3 s for the whole file
    settled(window, qtbot)
    before = fingerprint(window.model.store)
    dialog = _open_update_dialog(window, qtbot)
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.status.text().startswith("Downloading") and dialog.bar.value() > 0, timeout=20000)
    assert 0 < dialog.bar.value() < dialog.bar.maximum()
    with qtbot.waitSignal(dialog.update_finished, timeout=10000) as finished:
        started = time.monotonic()
        qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert time.monotonic() - started < 2.0, "Cancel took too long to take effect"
    assert [o.status for o in finished.args[0].outcomes] == ["cancelled"]
    assert dialog.status.text() == "Cancelled: nothing more was imported."
    assert "CANCELLED: cancelled by the user; nothing was imported from this source" in dialog.report.toPlainText()
    assert fingerprint(window.model.store) == before


def test_the_daily_check_on_start_is_off_by_default_then_runs_once_a_day(qtbot, bundled_store, un_next_day,
                                                                        list_server):
    from ui import update_schedule

    def open_window():
        win = MainWindow(BriefingModel(bundled_store))
        qtbot.addWidget(win)
        check = update_schedule.check_when_ready(win)
        with qtbot.waitSignal(win.panes_ready, timeout=20000):
            win.show()
        qtbot.waitUntil(win.panes_loaded, timeout=20000)    # closing a pane mid-load is another matter
        return win, check

    win, check = open_window()
    assert check is None and not list_server.log                 # off by default
    data_menu = next(a.menu() for a in win.menuBar().actions() if a.text() == "&Data")
    toggle = next(a for a in data_menu.actions() if a.text().startswith("Check for new data on &start"))
    assert not toggle.isChecked()
    toggle.trigger()                                              # the user turns it on
    win.close()

    win, check = open_window()
    assert check is not None
    qtbot.waitUntil(lambda: check.report is not None, timeout=60000)
    qtbot.waitUntil(lambda: "New data imported: un_consolidated" in win.statusBar().currentMessage(), timeout=5000)
    assert "UN list 2026-02-28" in win.vintage_label.text()
    requests = len(list_server.log)
    win.close()

    win, check = open_window()                                    # the same day: not again
    assert check is None and len(list_server.log) == requests
    win.close()
