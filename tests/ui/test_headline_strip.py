"""HeadlineStrip: the period's scorecard, a year earlier, and every figure's records one click away."""
from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from helpers import shown
from models.briefing_model import BriefingModel


@pytest.fixture
def model(bundled_store):
    return BriefingModel(bundled_store)


@pytest.fixture
def strip(qtbot, model):
    from ui.headline_strip import HeadlineStrip

    widget = HeadlineStrip(model)
    yield shown(qtbot, widget, 1500, widget.height())
    widget.close()


@pytest.fixture
def year_2022(model):
    model.set_period(date(2022, 1, 1), date(2022, 12, 31))
    return model


def test_all_dates_shows_the_latest_full_year_against_the_year_before(strip):
    assert "2025" in strip.title.text()                  # the launch data run to 2026-04-18
    assert "vs 2024" in strip.subtitle.text() and "latest full year" in strip.subtitle.text()
    card = strip.cards["launch_events"]
    assert card.value.text().startswith("7 ") and "(preliminary)" in card.value.text()
    assert card.comparison.text() == "2024: 12 (prelim.)"            # the card's short form; the tooltip is full
    assert "Same period a year earlier: 2024: 12 (preliminary)" in card.toolTip()
    assert card.source.text() == "nagix, preliminary"
    assert "preliminary (third-party)" in card.toolTip()


def test_2022_against_2021(year_2022, strip):
    assert strip.summary() == ("2022: 36 (record) launch events, 10 joint statements (9 US-led, 1 E10: 1 list not "
                               "recorded), 4 with a Council majority, 43 DPRK designations")
    card = strip.cards["launch_events"]
    assert "36" in card.value.text() and card.comparison.text() == "2021: 5"
    assert card.source.text() == "CNS database"
    assert "CNS North Korea Missile Test Database" in card.toolTip()


@pytest.mark.parametrize("key", ["statements", "statements_council_majority", "avg_signatories",
                                 "council_products_adopted", "vetoes", "median_statement_lag", "no_response_share"])
def test_2022_against_2021_says_not_covered_with_the_coverage_in_the_tooltip(year_2022, strip, key):
    """No source covers 2021's statements and votes: the strip says so rather than '2021: 0'."""
    card = strip.cards[key]
    assert card.comparison.text() == "2021: not covered"
    assert "statement register" in card.toolTip() and "2022-01-01 to 2022-12-31" in card.toolTip()


def test_a_period_no_source_covers_shows_not_covered_never_zero(strip, model):
    model.set_period(date(2026, 5, 1), date(2026, 11, 30))       # CNS ends 2023-04-19, nagix 2026-04-18
    for key in ("launch_events", "missiles", "statements", "vetoes", "no_response_share"):
        card = strip.cards[key]
        assert card.value.text() == "not covered", key
        if key in ("launch_events", "missiles"):     # a year earlier the preliminary nagix source covers it
            assert card.comparison.text().endswith("(prelim.)"), key          # the card's short form
        else:
            assert "not covered" in card.comparison.text(), key
    assert "CNS North Korea Missile Test Database: 1984-04-09 to 2023-04-19" in strip.cards["launch_events"].toolTip()
    for card in strip.cards.values():                  # nothing to list, and the tooltip says why
        assert "0 records" not in card.toolTip()
    assert "No source covers this period, so no record stands behind this figure." in strip.cards["vetoes"].toolTip()


def test_follows_the_period(strip, model):
    model.set_period(date(2022, 11, 1), date(2022, 11, 30))
    assert "2022-11-01 to 2022-11-30" in strip.title.text()
    assert strip.cards["launch_events"].value.text() == "8"
    assert strip.cards["launch_events"].comparison.text() == "2021-11-01 to 2021-11-30: 0"


@pytest.mark.parametrize("key", ["launch_events", "missiles", "icbm_events", "statements",
                                 "statements_council_majority", "avg_signatories", "council_products_adopted",
                                 "vetoes", "designations", "median_statement_lag", "no_response_share"])
def test_every_figure_opens_its_records_with_sources_in_one_click(qtbot, strip, key):
    card = strip.cards[key]
    with qtbot.waitSignal(strip.records_opened, timeout=5000) as opened:
        qtbot.mouseClick(card, Qt.MouseButton.LeftButton)
    dialog = opened.args[0]
    assert dialog.isVisible()
    assert dialog.record_ids == card.figure.record_ids
    assert dialog.table_model.rowCount() == len(card.figure.record_ids)
    if len(dialog.frame):
        assert dialog.frame["source"].astype(str).str.len().gt(0).all()
        assert "source:" in dialog.record_source.text()
    dialog.close()


def test_2023_and_2024_show_their_statements_veto_and_preliminary_launches(model, strip):
    model.set_period(date(2023, 1, 1), date(2023, 12, 31))
    assert strip.summary().startswith("2023: 20 (12 preliminary) launch events, 4 joint statements (4 US-led: 1 list "
                                      "not recorded), 3 with a Council majority")
    assert strip.cards["launch_events"].source.text() == "CNS + nagix (prelim.)"
    assert "not counted here: 6 G7 foreign ministers" in strip.cards["statements"].toolTip()
    model.set_period(date(2024, 1, 1), date(2024, 12, 31))
    assert strip.summary().startswith("2024: 12 (preliminary) launch events, 1 joint statement, 1 with a Council "
                                      "majority")
    assert strip.cards["vetoes"].value.text() == "1" and "S/2024/255: RUS" in strip.cards["vetoes"].toolTip()
    assert strip.cards["launch_events"].source.text() == "nagix, preliminary"


def test_every_launch_card_says_whose_count_even_when_it_is_zero(model, strip):
    model.set_period(date(2026, 1, 1), date(2026, 12, 31))         # launch events 2026: nagix's only
    icbm = strip.cards["icbm_events"]
    assert not icbm.value.text().startswith(("1", "2", "3")) and "preliminary" not in icbm.value.text()
    assert icbm.source.text() == strip.cards["launch_events"].source.text() == "nagix, preliminary"
    model.set_period(date(2022, 1, 1), date(2022, 12, 31))
    assert {strip.cards[k].source.text() for k in ("launch_events", "missiles", "icbm_events")} == {"CNS database"}


def test_figures_match_the_records_they_list(qtbot, year_2022, strip):
    majority = strip.cards["statements_council_majority"]
    dialog = strip.open_records(majority.figure)
    assert list(dialog.frame["statement_id"]) == ["JS2022-03", "JS2022-06", "JS2022-07", "JS2022-09"]
    assert set(dialog.frame["council_majority"]) == {"yes"}
    dialog.close()
    designations = strip.open_records(strip.cards["designations"].figure)
    assert len(designations.frame) == 43                   # dated to the day by the scrape history (15a)
    assert not designations.frame["listing_date"].isin(["2022-06-28", "2022-12-28"]).any()   # never a snapshot date
    designations.close()


def test_launch_rows_in_the_records_select_the_launch(qtbot, year_2022, strip, model):
    dialog = strip.open_records(strip.cards["icbm_events"].figure)
    index = dialog.table_model.index(1, 1)
    dialog.view.doubleClicked.emit(index)
    assert model.selection.launch_id == dialog.table_model.row_record(1)["launch_id"]
    dialog.close()


def test_keyboard_opens_records(qtbot, year_2022, strip):
    card = strip.cards["vetoes"]
    card.setFocus()
    with qtbot.waitSignal(strip.records_opened, timeout=5000) as opened:
        qtbot.keyClick(card, Qt.Key.Key_Return)
    assert opened.args[0].record_ids == ["S/2022/431"]
    opened.args[0].close()


def test_window_change_refreshes(qtbot, strip):
    from ui.settings import response_window

    response_window().set_days(3)
    assert "3-day response window" in strip.subtitle.text()
    response_window().set_days(30)


def test_empty_store(qtbot, store):
    from ui.headline_strip import HeadlineStrip

    widget = HeadlineStrip(BriefingModel(store))
    qtbot.addWidget(widget)
    assert not widget.grab().isNull()
    widget.close()


def test_without_launch_data_there_is_no_year_earlier_to_compare(qtbot, tmp_path):
    from models.store import Store
    from ui.headline_strip import HeadlineStrip

    with Store(tmp_path / "empty.sqlite3") as store:
        strip = HeadlineStrip(BriefingModel(store))
        qtbot.addWidget(strip)
        assert strip.title.text().endswith("All dates</span>")
        assert all(f.comparison == "" for f in strip.figures)
        assert all(card.comparison.text() == "" for card in strip.cards.values())
        strip.close()


def _cut_lines(card) -> list[str]:
    """The card's lines its labels cannot show whole at their width (wrapped where they wrap)."""
    from PySide6.QtCore import QRect
    from PySide6.QtGui import QFontMetrics

    cut = []
    for label, text in ((card.label, card.figure.label), (card.comparison, card.comparison.text()),
                        (card.source, card.source.text())):
        box, metrics = label.contentsRect(), QFontMetrics(label.font())
        needed = metrics.boundingRect(QRect(0, 0, box.width(), 10_000), int(Qt.TextFlag.TextWordWrap), text) \
            if label.wordWrap() else metrics.boundingRect(text)
        if needed.height() > box.height() or needed.width() > box.width():
            cut.append(text)
    return cut


@pytest.mark.parametrize("period", [(date(2022, 1, 1), date(2022, 12, 31)), (date(2022, 3, 1), date(2022, 6, 30))])
def test_every_card_line_is_whole_and_the_cards_align(qtbot, strip, model, period):
    """'2021: not covered' fits one line; a custom period's longer comparison ('2021-03-01 to 2021-06-30: not
    covered') wraps onto more lines rather than being cut, and every card keeps one height."""
    model.set_period(*period)
    qtbot.waitUntil(lambda: strip.cards and strip.cards["statements"].comparison.text().startswith(
        str(period[0].year - 1)))
    cards = list(strip.cards.values())
    assert [text for card in cards for text in _cut_lines(card)] == []
    assert len({card.height() for card in cards}) == 1
    if period[0].month == 1:
        comparison = strip.cards["statements"].comparison
        assert comparison.text() == "2021: not covered"
        assert comparison.height() < 2 * comparison.fontMetrics().lineSpacing()        # on one line
