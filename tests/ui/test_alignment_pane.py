"""AlignmentPane driven as a user: clicks on cells and headers, options, linking, persistence, export."""
from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QPointF, Qt

from helpers import shown
from models.analytics.alignment_matrix import JOINED, UNKNOWN, VOTE_NO
from models.paths import RESOURCES_DIR


@pytest.fixture
def model(real_store):
    from models.briefing_model import BriefingModel
    from models.importers import import_files

    import_files(real_store, [RESOURCES_DIR / "curation" / "statement_triggers_2022.csv"])
    return BriefingModel(real_store)


def _make_pane(qtbot, model):
    from ui.panes.alignment_pane import AlignmentPane

    return shown(qtbot, AlignmentPane(model), 1400, 900)


@pytest.fixture
def pane(qtbot, model):
    return _make_pane(qtbot, model)


def _cell_point(pane, row: int, col: int):
    scene = pane.figure.cells.mapToScene(QPointF(col + 0.5, row + 0.5))
    return pane.graphics.mapFromScene(scene)


def _header_point(pane, col: int):
    x = pane.figure.cells.mapToScene(QPointF(col + 0.5, 0)).x()
    y = pane.figure.top_axis.sceneBoundingRect().center().y()
    return pane.graphics.mapFromScene(QPointF(x, y))


def _row(pane, iso3: str) -> int:
    return pane.view.matrix.row_of(iso3)


def _col(pane, statement_id: str) -> int:
    return pane.view.matrix.column_of(statement_id)


def test_rows_show_the_article_counts(pane):
    labels = pane.figure.right_axis.labels()
    assert labels[_row(pane, "ARE")].startswith("5/9 56%")
    assert labels[_row(pane, "IND")].startswith("3/9") and "started" in labels[_row(pane, "IND")]
    for iso in ("CAN", "DEU", "ITA"):
        assert labels[_row(pane, iso)].startswith("1/9")
    assert labels[_row(pane, "NZL")].startswith("3/9") and "last 25 Mar 2022" in labels[_row(pane, "NZL")]
    assert "stopped" in labels[_row(pane, "NZL")]
    assert labels[_row(pane, "AUS")].startswith("4/9")
    left = pane.figure.left_axis.labels()
    assert left[_row(pane, "CHN")] == "China (P5)"


def test_council_majority_marker_on_four_joint_statements(pane):
    margins = pane.figure.bottom_axis.labels()
    series = pane.view.matrix.columns["series"].tolist()
    starred = [m for m, s in zip(margins, series) if s == "us_led" and "★" in m]
    assert len(starred) == 4
    assert margins[_col(pane, "E10-2022-11-04")] == "list not recorded"      # one line, read upwards


def test_china_and_russia_show_no_on_the_draft(pane):
    codes = pane.figure.cells.codes()
    j = _col(pane, "S/2022/431")
    assert codes[_row(pane, "CHN"), j] == VOTE_NO and codes[_row(pane, "RUS"), j] == VOTE_NO
    assert (codes[:, _col(pane, "E10-2022-11-04")] == UNKNOWN).all()


def test_click_cell_shows_details_and_selects(qtbot, pane, model):
    row, col = _row(pane, "NZL"), _col(pane, "JS2022-06")
    assert pane.figure.cells.codes()[row, col] == JOINED
    qtbot.mouseClick(pane.graphics.viewport(), Qt.MouseButton.LeftButton, pos=_cell_point(pane, row, col))
    qtbot.waitUntil(lambda: model.selection.statement_id == "JS2022-06")
    text = pane.details.toPlainText()
    assert "New Zealand: joined / voted yes" in text
    assert "uaeun.org/statement/joint-statement-on-the-march-24" in pane.details.toHtml()
    assert "Signatories (15; 8 of 15 Council members, a Council majority)" in text
    assert "Germany" in text and "Canada" in text


def test_click_header_selects_statement(qtbot, pane, model):
    seen = []
    model.changed.connect(lambda changes, who: seen.append(who))
    col = _col(pane, "S/2022/431")
    qtbot.mouseClick(pane.graphics.viewport(), Qt.MouseButton.LeftButton, pos=_header_point(pane, col))
    qtbot.waitUntil(lambda: model.selection.statement_id == "S/2022/431")
    assert seen[-1] is pane
    assert "Other votes: China (no), Russian Federation (no)" in pane.details.toPlainText()
    assert pane.figure.cells._selected_col == col
    tip = pane.figure.top_axis._tooltips[_col(pane, "JS2022-06")]
    assert "Trigger: DPRK ICBM launch of 24 Mar 2022" in tip and "Venue:" in tip


def test_unknown_statement_details_say_not_recorded(qtbot, pane):
    col = _col(pane, "E10-2022-11-04")
    qtbot.mouseClick(pane.graphics.viewport(), Qt.MouseButton.LeftButton, pos=_cell_point(pane, 0, col))
    qtbot.waitUntil(lambda: "List not recorded" in pane.details.toPlainText())
    assert ": list not recorded" in pane.details.toPlainText()      # the clicked cell's position


def test_launch_selection_highlights_triggered_statements(qtbot, pane, model):
    model.select_launch("L2022-11-02-1")
    qtbot.waitUntil(lambda: pane.highlighted_statements() == ["E10-2022-11-04", "JS2022-08"])
    model.select_launch("L2022-03-24-1")
    qtbot.waitUntil(lambda: pane.highlighted_statements() == ["JS2022-06"])
    model.select_launch(None)
    qtbot.waitUntil(lambda: pane.highlighted_statements() == [])


def test_period_limits_columns(qtbot, pane, model):
    model.set_period(date(2022, 1, 1), date(2022, 3, 31))
    qtbot.waitUntil(lambda: pane.view.matrix.shape[1] == 6)
    assert "6 statements and votes" in pane.caption.text()
    model.set_period(None, None)
    qtbot.waitUntil(lambda: pane.view.matrix.shape[1] == 11)


def test_options_and_country_group_persist(qtbot, model):
    pane = _make_pane(qtbot, model)
    pane.series_box.setCurrentIndex(pane.series_box.findData("us_led"))
    pane.grouping_box.setCurrentIndex(pane.grouping_box.findData(False))
    pane.sort_box.setCurrentIndex(pane.sort_box.findData("name"))
    pane.group_box.setCurrentIndex(pane.group_box.findData("UNSC"))
    qtbot.waitUntil(lambda: model.country_group == "UNSC")
    assert pane.view.matrix.shape == (15, 9)
    assert list(pane.view.matrix.names) == sorted(pane.view.matrix.names)
    assert pane.view.bloc_names == ["All countries"]
    pane.close()

    from models.briefing_model import BriefingModel

    fresh = BriefingModel(model.store)
    again = _make_pane(qtbot, fresh)
    assert again.series_box.currentData() == "us_led"
    assert again.grouping_box.currentData() is False
    assert again.sort_box.currentData() == "name"
    assert fresh.country_group == "UNSC" and again.group_box.currentData() == "UNSC"
    assert again.view.matrix.shape == (15, 9)


def test_country_group_from_another_pane(qtbot, pane, model):
    model.set_country_group("Five Eyes")
    qtbot.waitUntil(lambda: set(pane.view.matrix.iso3) == {"AUS", "CAN", "NZL", "GBR", "USA"})
    assert pane.group_box.currentData() == "Five Eyes"


def test_agreement_tab(qtbot, pane):
    pane.tabs.setCurrentIndex(1)
    qtbot.waitUntil(lambda: len(pane.agreement_labels) == pane.view.matrix.shape[0])
    labels = pane.agreement_labels
    assert abs(labels.index("China") - labels.index("Russian Federation")) == 1
    assert not pane.agreement_view.grab().isNull()


def test_empty_model_builds(qtbot, store):
    from models.briefing_model import BriefingModel

    pane = _make_pane(qtbot, BriefingModel(store))
    assert pane.view.matrix.shape[1] == 0
    assert pane.caption.text().startswith("Statements and votes: not covered (no statement register imported)")
    assert not pane.grab().isNull()


def test_pdf_export_is_vector(qtbot, pane, tmp_path):
    from ui.plots.alignment_plot import export_pdf

    path = tmp_path / "alignment.pdf"
    export_pdf(pane.figure, str(path))
    data = path.read_bytes()
    assert data.startswith(b"%PDF") and len(data) > 2000
    assert b"/Subtype /Image" not in data and b"/Subtype/Image" not in data


def test_figure_builds_without_the_pane(qtbot, real_store, tmp_path):
    import pyqtgraph as pg

    from models.analytics.alignment_view import AlignmentOptions, alignment_view
    from models.briefing_model import BriefingModel
    from ui.plots.alignment_plot import AlignmentFigure, export_pdf
    from ui.theme import PRINT

    view = alignment_view(real_store, BriefingModel(real_store).statements(), AlignmentOptions(series="us_led"))
    graphics = pg.GraphicsView(background=PRINT.background)
    qtbot.addWidget(graphics)
    figure = AlignmentFigure(PRINT)
    graphics.setCentralItem(figure)
    figure.set_view(view)
    graphics.resize(1200, 800)
    export_pdf(figure, str(tmp_path / "figure.pdf"))
    assert (tmp_path / "figure.pdf").stat().st_size > 2000


def test_screenshot(qtbot, pane):
    pane.grab().save("/tmp/alignment.png")
    image = pane.grab().toImage()
    assert image.width() >= 1400 - 2 and not image.isNull()


def test_closing_disconnects(qtbot, model):
    pane = _make_pane(qtbot, model)
    pane.close()
    model.set_period(date(2022, 1, 1), date(2022, 2, 1))   # must not reach the closed pane
    assert pane.view.matrix.shape[1] == 11


def test_data_gaps_are_stated_in_one_short_line_with_details_on_hover(pane):
    text = pane.notes.text()
    assert text.startswith("Data gaps: ")
    assert "US-led joint statements 2022: 9 of 10 statements recorded" in text
    assert "E10-2022-11-04 (2022-11-04): list not recorded" in text
    assert "Ruggiero" in pane.notes.toolTip()


def test_a_short_pane_shows_fewer_rows_each_with_its_country(qtbot, model):
    pane = _make_pane(qtbot, model)
    pane.resize(900, 420)
    figure = pane.figure
    vb = figure.plot.getViewBox()

    def labelled() -> bool:
        y0, y1 = vb.viewRange()[1]
        ticks = figure.left_axis.tickValues(y0, y1, vb.height())
        return bool(ticks) and ticks[0][0] == 1.0 and y1 - y0 >= 8    # never fewer than 8 labelled rows
    qtbot.waitUntil(labelled, timeout=3000)
    (y0, y1) = vb.viewRange()[1]
    n_rows = figure.view.matrix.shape[0]
    assert y1 - y0 < n_rows                                       # not squeezed into the pane
    ticks = figure.left_axis.tickValues(y0, y1, vb.height())
    assert ticks and ticks[0][0] == 1.0                            # every visible row is labelled
    assert f"rows 1–{int(y1)} in view" in pane.caption.text()     # the user is told there are more
    pane.resize(900, 1400)                                         # more room: more rows
    qtbot.waitUntil(lambda: vb.viewRange()[1][1] - vb.viewRange()[1][0] > y1 - y0, timeout=3000)
    qtbot.waitUntil(lambda: "in view" not in pane.caption.text(), timeout=3000)      # all 25 rows fit


def test_a_venue_the_register_does_not_hold_for_the_period_is_named_not_covered(qtbot, bundled_store):
    from models import coverage as cov
    from models.briefing_model import BriefingModel

    model = BriefingModel(bundled_store)
    pane = _make_pane(qtbot, model)
    held = cov.load(bundled_store)
    first_g7 = int(bundled_store.scalar("SELECT MIN(date) FROM statements WHERE series_id = 'g7'")[:4])
    before = (date(first_g7 - 1, 1, 1), date(first_g7 - 1, 12, 31))     # the register's UN year before any G7 row
    assert held.status(cov.STATEMENTS, *before) == cov.COVERED
    model.set_period(*before)
    assert "(" + str(first_g7 - 1) + ") · not covered in this period: G7 foreign ministers' statements" in pane.caption.text()
    assert "G7 foreign ministers (the register covers them" in pane.caption.toolTip()
    model.set_period(date(first_g7, 1, 1), date(first_g7, 12, 31))
    assert "not covered in this period" not in pane.caption.text()
    pane.close()


def test_a_period_the_register_does_not_cover_says_not_covered(pane, model):
    model.set_period(date(2016, 1, 1), date(2016, 12, 31))
    assert pane.caption.text().startswith("Statements and votes: not covered in 2016 (the register covers 2022-01-01 "
                                          "to 2022-12-31)")
    assert "No statements" not in pane.caption.text()
