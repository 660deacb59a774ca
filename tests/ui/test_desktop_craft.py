"""Desktop craft, driven as a user: period by drag or year bar, callouts that leave with the mouse,
labelled matrix columns with details beside the matrix, Ctrl+F, Help > About, HTML export, dark check boxes."""
from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QCheckBox

from helpers import shown
from models.analytics import timeline as tl
from models.briefing_model import BriefingModel


@pytest.fixture
def model(bundled_store):
    return BriefingModel(bundled_store)


@pytest.fixture
def timeline(qtbot, model):
    from ui.panes.timeline_pane import TimelinePane

    return shown(qtbot, TimelinePane(model), 1300, 700)


def _send(widget, kind: QEvent.Type, point: QPoint, button: Qt.MouseButton, buttons: Qt.MouseButton) -> None:
    event = QMouseEvent(kind, QPointF(point), QPointF(widget.mapToGlobal(point)), button, buttons,
                        Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, event)


def _plot_point(pane, day: date) -> QPoint:
    vb = pane.plot.getViewBox()
    (_, _), (y0, y1) = vb.viewRange()
    scene = vb.mapViewToScene(QPointF(tl.epoch_seconds(day), (y0 + y1) / 2 + 0.37))   # between class rows
    return pane.timeline_view.mapFromScene(scene)


def test_dragging_across_the_timeline_selects_that_period(qtbot, timeline, model):
    model.set_period(date(2022, 1, 1), date(2022, 12, 31))
    qtbot.wait(50)
    viewport = timeline.timeline_view.viewport()
    start, middle, end = (_plot_point(timeline, d) for d in (date(2022, 3, 1), date(2022, 5, 1), date(2022, 6, 30)))
    left, none = Qt.MouseButton.LeftButton, Qt.MouseButton.NoButton
    _send(viewport, QEvent.Type.MouseButtonPress, start, left, left)
    for point in (middle, end):
        _send(viewport, QEvent.Type.MouseMove, point, none, left)
    _send(viewport, QEvent.Type.MouseButtonRelease, end, left, none)
    qtbot.waitUntil(lambda: model.period.end is not None and model.period.end.month == 6)
    assert abs((model.period.start - date(2022, 3, 1)).days) <= 2
    assert abs((model.period.end - date(2022, 6, 30)).days) <= 2
    assert timeline.header.text().startswith(f"{model.period.label()}: ")


def test_clicking_a_year_bar_selects_that_year(qtbot, timeline, model):
    qtbot.mouseClick(timeline.yearly_view.viewport(), Qt.MouseButton.LeftButton, pos=timeline.year_bar_point(2017))
    qtbot.waitUntil(lambda: model.period.start == date(2017, 1, 1))
    assert model.period.end == date(2017, 12, 31)
    assert timeline.header.text().startswith("2017: 15 launch events")


def test_the_hover_tip_follows_the_pointer_and_leaves_with_it(qtbot, timeline, model):
    model.set_period(date(2022, 11, 1), date(2022, 11, 30))
    qtbot.wait(50)
    row = int((timeline.events["launch_id"] == "L2022-11-18-1").to_numpy().nonzero()[0][0])
    event = timeline.events.iloc[row]
    vb = timeline.plot.getViewBox()
    scene = vb.mapViewToScene(QPointF(float(event["t"]), float(event["y_class"])))
    timeline._on_scene_moved(scene)
    assert timeline.hover.isVisible() and "2022-11-18 01:14 UTC" in timeline.hover.textItem.toPlainText()
    QApplication.sendEvent(timeline.timeline_view.viewport(), QEvent(QEvent.Type.Leave))
    assert not timeline.hover.isVisible()


@pytest.fixture
def alignment(qtbot, model):
    from ui.panes.alignment_pane import AlignmentPane

    return shown(qtbot, AlignmentPane(model), 760, 700)


def test_every_matrix_column_is_labelled_even_when_narrow(qtbot, alignment, model):
    from models import coverage as cov
    from models.analytics.alignment_matrix import short_label
    from models.korea_time import day_text

    first, last = cov.load(model.store).ranges(cov.STATEMENTS)[0]     # the register's first covered span
    year = (date(first.year, 1, 1), date(first.year, 12, 31))
    model.set_period(*year)
    figure = alignment.figure
    vb = figure.plot.getViewBox()
    held = model.store.scalar("SELECT COUNT(*) FROM statements WHERE date BETWEEN ? AND ?",
                              tuple(d.isoformat() for d in year))        # every statement and vote of the year
    qtbot.waitUntil(lambda: figure.view.matrix.shape[1] == held)
    n_cols = figure.view.matrix.shape[1]
    (x0, x1), _ = vb.viewRange()
    assert vb.width() / n_cols < 40                                   # narrower than a horizontal label
    ticks = figure.top_axis.tickValues(x0, x1, vb.width())
    assert len(ticks[0][1]) == n_cols
    columns = figure.view.matrix.columns
    for i in (0, n_cols // 2, n_cols - 1):                            # each label from the register's own record
        sid, day, kind, series = model.store.rows(
            "SELECT statement_id, date, kind, series_id FROM statements WHERE statement_id = ?",
            (columns["statement_id"].iloc[i],))[0]
        head = day_text(day)[:-5] + (" vote" if kind.endswith("vote") else "")
        assert figure.top_axis.labels()[i] == f"{head} · {short_label(sid, kind, series)}"
        assert f"Date: {day}" in figure.top_axis._tooltips[i]          # the full title on hover


def test_clicking_a_cell_opens_details_beside_the_matrix(qtbot, alignment):
    before = alignment.tabs.width()
    scene = alignment.figure.cells.mapToScene(QPointF(0.5, 0.5))
    qtbot.mouseClick(alignment.graphics.viewport(), Qt.MouseButton.LeftButton,
                     pos=alignment.graphics.mapFromScene(scene))
    qtbot.waitUntil(lambda: alignment.details.width() > 0 and alignment.details.isVisible())
    assert "Signatories" in alignment.details.toPlainText() or "Voted yes" in alignment.details.toPlainText()
    tabs, details = alignment.tabs.geometry(), alignment.details.geometry()
    assert details.left() >= tabs.right()                           # beside, not over or under
    assert details.top() == tabs.top()
    assert alignment.tabs.height() > 300                            # the matrix keeps its height
    assert alignment.tabs.width() >= alignment.tabs.minimumWidth() >= 380 and alignment.tabs.width() < before


@pytest.fixture
def window(qtbot, bundled_store):
    from ui.main_window import MainWindow

    win = MainWindow(BriefingModel(bundled_store))
    qtbot.addWidget(win)
    with qtbot.waitSignal(win.panes_ready, timeout=20000):
        win.show()
    qtbot.waitUntil(lambda: win.panes["sanctions"].loaded, timeout=20000)
    yield win
    win.close()


def test_ctrl_f_focuses_the_sanctions_search(qtbot, window):
    window.docks["timeline"].raise_()
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    search = window.panes["sanctions"].controls.search
    qtbot.waitUntil(lambda: search.hasFocus())
    assert not window.docks["sanctions"].visibleRegion().isEmpty()
    qtbot.keyClicks(search, "KORYO")
    assert search.text() == "KORYO"


def test_help_about_names_version_vintage_and_terms(qtbot, window):
    help_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Help")
    next(a for a in help_menu.actions() if a.text().startswith("&About")).trigger()
    box = window.about_box
    qtbot.waitUntil(box.isVisible)
    text = box.text()
    assert "DPRK Pressure Brief 0.1.0" in text
    assert "as of 2023-04-19" in text and "as of 2026-02-27" in text      # CNS and UN snapshots
    assert "17 U.S.C. § 105" in text and "NTI" in text and "scsanctions.un.org" in text
    box.close()


def test_status_bar_shows_the_vintage_not_a_path(window):
    texts = [w.text() for w in window.statusBar().findChildren(type(window.vintage_label)) if w.isVisible()]
    assert any(t.startswith("Data as of: CNS missiles 2023-04-19") for t in texts)
    assert not any(str(window.model.store.path) in t for t in texts)


def test_file_menu_exports_the_brief_as_html(qtbot, window, tmp_path, monkeypatch):
    from models.report.content import BriefOptions
    from ui.export import dialog

    out = tmp_path / "brief.html"
    monkeypatch.setattr(dialog, "ask_options", lambda parent, options: BriefOptions(date(2022, 1, 1),
                                                                                  date(2022, 12, 31)))
    monkeypatch.setattr(dialog, "ask_path", lambda parent, suggested, kind="PDF": str(out) if kind == "HTML" else "")
    file_menu = window.menuBar().actions()[0].menu()
    next(a for a in file_menu.actions() if a.text() == "Export brief as &HTML…").trigger()
    with qtbot.waitSignal(window.brief_export.finished, timeout=60000) as done:
        pass
    assert done.args[0] == out
    text = out.read_text(encoding="utf-8")
    assert text.lstrip().lower().startswith("<!doctype html") and "<svg" in text and "2022" in text


def test_dark_check_boxes_are_visible_and_disabled_ones_dimmed(qtbot, qapp):
    from PySide6.QtGui import QPalette

    from ui.style import stylesheet
    from ui.theme import DARK, palette_for

    # The dark palette and style sheet on the check box alone: changing the whole application's re-polishes
    # every widget earlier tests left behind (a segfault in the full suite).
    box = QCheckBox("Designations")
    box.setPalette(palette_for(DARK))
    box.setStyleSheet(stylesheet(DARK))
    box.setAutoFillBackground(True)
    shown(qtbot, box, 160, 30)
    image = box.grab().toImage()
    window = palette_for(DARK).color(QPalette.ColorRole.Window)
    edge = [image.pixelColor(x, y) for x in range(0, 24) for y in range(image.height())]
    assert max(c.lightness() for c in edge) - window.lightness() > 80        # the empty box's border shows
    box.setChecked(True)
    checked = box.grab().toImage()
    accent = [checked.pixelColor(x, y).name() for x in range(0, 24) for y in range(checked.height())]
    assert DARK.accent in accent                                              # ticked: filled in the accent
    box.setEnabled(False)
    box.setText("Log scale")
    off = box.grab().toImage()
    text_pixels = [off.pixelColor(x, y) for x in range(30, 150) for y in range(off.height())]
    assert max(c.lightness() for c in text_pixels) < 140                     # dim text, plainly disabled


def test_the_ledger_table_exports_as_shown_from_its_context_menu(qtbot, model, tmp_path, monkeypatch):
    import csv

    from ui import table_export
    from ui.panes.ledger_pane import LedgerPane

    pane = shown(qtbot, LedgerPane(model), 1200, 600)
    model.set_period(date(2022, 1, 1), date(2022, 12, 31))
    missiles = list(pane.table_model.frame.columns).index("missile_count")
    pane.view.sortByColumn(missiles, Qt.SortOrder.DescendingOrder)       # missiles, most first
    out = tmp_path / "ledger.csv"
    monkeypatch.setattr(table_export, "ask_csv_path", lambda parent, suggested: str(out))
    assert pane.view.contextMenuPolicy() == Qt.ContextMenuPolicy.CustomContextMenu
    pane.export_action.trigger()
    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 36 and rows[0]["launch_id"] == pane.table_model.row_record(0)["launch_id"]
    assert int(rows[0]["missile_count"]) == max(int(r["missile_count"]) for r in rows)
