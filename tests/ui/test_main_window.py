"""The main window, driven as a user would: docks, status line, import with progress, layout, export."""
from __future__ import annotations

from PySide6.QtWidgets import QDockWidget

from conftest import FIXTURES, shared_file
from models.briefing_model import BriefingModel
from ui.main_window import MainWindow


def test_docks_show_real_data_and_status_shows_vintage(window):
    titles = {d.objectName(): d.windowTitle() for d in window.findChildren(QDockWidget)}
    assert titles == {"timelineDock": "Missile timeline", "alignmentDock": "Diplomatic alignment",
                      "sanctionsDock": "Sanctions log", "ledgerDock": "Response ledger"}
    assert "Database" not in window.vintage_label.text()          # the vintage, not a file path
    assert window.vintage_label.toolTip().startswith("Database: ")
    assert "CNS missiles 2023-04-19" in window.vintage_label.text()
    assert "statements 2024-11-05" in window.vintage_label.text()
    assert "nagix launches (preliminary, third-party) 2026-04-18" in window.vintage_label.text()
    assert all(not pane.grab().isNull() for pane in window.panes.values())


def test_view_menu_toggles_panes(window, qtbot):
    dock = window.docks["alignment"]
    action = dock.toggleViewAction()
    action.trigger()
    assert not dock.isVisible()
    action.trigger()
    assert dock.isVisible()


def test_import_runs_off_the_gui_thread_and_updates_every_pane(window, qtbot):
    before = window.model.statements()
    with qtbot.waitSignal(window.import_finished, timeout=30000) as done:
        window.start_import([FIXTURES / "statements" / "statements.csv"])
    assert not isinstance(done.args[0], Exception)
    assert window.last_message[0] == "Import finished"
    assert len(window.model.statements()) == len(before) + 2


def test_failed_import_says_why_and_changes_nothing(window, qtbot):
    before = window.model.store.table_counts()
    with qtbot.waitSignal(window.import_finished, timeout=30000) as done:
        window.start_import([FIXTURES / "cns" / "small.csv", FIXTURES / "cns" / "bad_date.csv"])
    assert isinstance(done.args[0], Exception)
    title, text = window.last_message
    assert title == "Import failed"
    assert "bad_date.csv, line 3: unreadable date" in text and "database is unchanged" in text
    assert window.model.store.table_counts() == before


def test_cancel_during_import_rolls_back(window, qtbot):
    path = shared_file("missiles/north_korea_missile_test_database.xlsx")
    before = window.model.store.table_counts()
    window.start_import([FIXTURES / "statements" / "statements.csv", path])
    window._job.cancel()
    with qtbot.waitSignal(window.import_finished, timeout=30000) as done:
        pass
    assert "cancelled" in str(done.args[0])
    assert window.model.store.table_counts() == before


def test_layout_is_saved_and_restored(qtbot, bundled_store):
    model = BriefingModel(bundled_store)
    first = MainWindow(model)
    qtbot.addWidget(first)
    first.show()
    first.docks["sanctions"].hide()
    first.close()
    second = MainWindow(model)
    qtbot.addWidget(second)
    second.show()
    assert not second.docks["sanctions"].isVisible()
    second.reset_layout()
    assert second.docks["sanctions"].isVisible()
    second.close()


def test_export_table_writes_csv(window, tmp_path):
    out = tmp_path / "launches.csv"
    window.export_table("launches", out)
    assert out.read_text().startswith("launch_id,date,missile_count")


def test_headline_scorecard_can_be_hidden_from_the_view_menu(window):
    view_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&View")
    toggle = next(a for a in view_menu.actions() if a.text() == "&Headline scorecard")
    assert window.headline_bar.isVisible()
    toggle.trigger()
    assert not window.headline_bar.isVisible()
    toggle.trigger()
    assert window.headline_bar.isVisible()


def test_appearance_applies_at_once_and_is_stored(window, qtbot):
    from PySide6.QtGui import QPalette
    from PySide6.QtWidgets import QApplication

    from ui.settings import app_settings
    from ui.theme import DARK, LIGHT, current_theme

    view_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&View")
    appearance = next(a.menu() for a in view_menu.actions() if a.text() == "&Appearance")
    dark = next(a for a in appearance.actions() if a.text() == "Dark")
    old_timeline = window.panes["timeline"]
    with qtbot.waitSignal(window.panes_ready, timeout=20000):
        dark.trigger()
    try:
        assert app_settings().value("appearance/theme") == "dark"
        assert QApplication.instance().palette().color(QPalette.ColorRole.Window).name() == DARK.surface
        assert current_theme() is DARK
        timeline = window.panes["timeline"]
        assert timeline is not old_timeline and timeline.theme is DARK        # rebuilt in the new colours
        assert window.pressure.theme is DARK and window.headline.theme is DARK
        assert timeline.grab().toImage().pixelColor(timeline.width() // 2, timeline.height() // 2).lightness() < 128
    finally:
        light = next(a for a in appearance.actions() if a.text() == "Light")
        with qtbot.waitSignal(window.panes_ready, timeout=20000):
            light.trigger()
    assert current_theme() is LIGHT and window.panes["timeline"].theme is LIGHT


def test_dark_palette_greys_out_disabled_controls():
    from PySide6.QtGui import QPalette

    from ui.theme import DARK, palette_for

    palette = palette_for(DARK)
    enabled = palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.ButtonText)
    disabled = palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText)
    assert disabled.name() == DARK.disabled and enabled.name() == DARK.text
    assert enabled.lightness() - disabled.lightness() > 100          # plainly dimmer, not a shade off


def test_file_menu_opens_the_screening_dialog(window, qtbot):
    from ui.screen_dialog import ScreenDialog

    file_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&File")
    action = next(a for a in file_menu.actions() if a.text() == "&Screen a list…")
    action.trigger()
    dialog = window.findChild(ScreenDialog)
    assert dialog is not None and dialog.isVisible() and dialog.store is window.model.store
    dialog.close()
