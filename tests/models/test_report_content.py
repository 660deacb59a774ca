"""The brief as data (models.report): key figures match the model's tables, bad periods are refused,
and text from the data is escaped in the HTML. No Qt."""
from __future__ import annotations

from datetime import date

import pytest

from helpers import EVIL, add_evil_records
from models.report import BriefError, BriefOptions, Figure, Table, build_brief
from models.report.html import render_html
from models.tables import build_table

pytestmark = pytest.mark.both_engines      # every store in this file: SQLite, then PostgreSQL

YEAR = BriefOptions(date(2022, 1, 1), date(2022, 12, 31))


def new_in_2022(store):
    """From the `designations` table: DPRK-related entries certainly dated in 2022 by their designation
    date (models.designation_dates): a day in 2022, or a window between two list versions lying wholly in
    2022; never an entry known only "on or before" the first version held."""
    table = build_table(store, "designations")
    lo, hi = table["designated_on"].fillna("").astype(str), table["designated_to"].fillna("").astype(str)
    precision = table["designated_precision"].fillna("").astype(str)
    day = precision.eq("day") & hi.str.startswith("2022")
    window = precision.eq("window") & (lo >= "2022-01-01") & (hi <= "2022-12-31")
    return table[(table["dprk"] == "yes") & (day | window)]


def all_text(brief) -> str:
    parts = [j.text for j in brief.judgments] + [t for _, t in brief.footnotes]
    for section in brief.sections:
        for block in section.all_blocks:
            if isinstance(block, Table):
                parts.append(block.frame.to_csv())
            elif hasattr(block, "text"):
                parts.append(block.text)
            elif hasattr(block, "items"):
                parts += block.items
    return "\n".join(parts)


def test_2022_key_figures_match_the_tables(bundled_store):
    brief = build_brief(bundled_store, YEAR)
    launches = build_table(bundled_store, "launches")
    in_year = launches[launches["date"].str[:4] == "2022"]
    assert (len(in_year), int(in_year["missile_count"].sum())) == (36, 69)
    statements = build_table(bundled_store, "statements")
    joint = statements[(statements["date"].str[:4] == "2022") & (statements["kind"] == "joint_statement")
                       & (statements["positions_known"] == 1)]
    assert len(joint) == 9
    text = "\n".join(j.text for j in brief.judgments)
    assert "36 launch events and 69 missiles" in text
    assert "10 joint statements were issued (9 US-led" in text and "4 with a Council majority" in text
    assert 3 <= len(brief.judgments) <= 6
    assert all(j.footnotes for j in brief.judgments[:3])       # each figure names its records
    designations = next(b for s in brief.sections for b in s.all_blocks if isinstance(b, Table) and b.key == "designations")
    dated = designations.frame[designations.frame["In the period"] == "dated"]
    assert f"DPRK designations dated in 2022: {len(dated)} (OFAC: {len(dated)} dated" in text
    assert len(dated) == len(new_in_2022(bundled_store)) == 43      # dated to the day by the scrape history


def test_yearly_designations_agree_with_the_sanctions_log(bundled_store):
    """The brief's per-year figure and the sanctions pane's chart count the same dated designations."""
    sanctions = pytest.importorskip("models.analytics.sanctions")

    counts = sanctions.period_counts(sanctions.log_frame(bundled_store).query("dprk == 1"))
    brief = build_brief(bundled_store, YEAR)
    ours = next(f for f in brief.figures() if f.key == "sanctions_period").data["counts"]
    for year in ours.index:
        for authority in ours.columns:
            expected = counts.loc[year, authority] if year in counts.index and authority in counts.columns else 0
            assert ours.loc[year, authority] == expected, (year, authority)


def test_brief_has_every_section_page_one_and_sources(bundled_store):
    brief = build_brief(bundled_store, YEAR)
    assert [s.title for s in brief.sections] == ["Missile activity", "Response ledger", "Diplomatic response",
                                                 "Sanctions response", "Sources and notes"]
    assert brief.banner == "UNCLASSIFIED // FOR DISCUSSION"
    assert brief.vintage == bundled_store.data_vintage()
    assert {f.key for f in brief.figures()} >= {"pressure", "timeline", "year_charts", "alignment", "sanctions_period"}
    assert brief.figures()[0] is brief.hero and brief.hero.key == "pressure"
    sources = next(b for b in brief.sections[-1].all_blocks if isinstance(b, Table))
    assert {"Publisher", "URL", "Snapshot"} <= set(sources.frame.columns)
    assert "9 of 10 statements recorded (counted in the register" in all_text(brief)   # the sourced gap, plainly
    assert "not tagged" in all_text(brief)                       # revenue streams are empty in the bundle
    launches = next(b for b in brief.sections[0].all_blocks if isinstance(b, Table))
    assert len(launches.frame) == 36


def test_briefs_2022_to_2024_say_whose_count_and_compare_the_counts(bundled_store):
    brief_2022 = build_brief(bundled_store, BriefOptions(date(2022, 1, 1), date(2022, 12, 31)))
    comparison = next(b for b in brief_2022.sections[0].all_blocks
                      if isinstance(b, Table) and b.key == "launch_count_comparison")
    assert comparison.frame.iloc[0][["Year", "CNS events", "nagix events"]].tolist() == ["2022", "36", "39"]
    assert "36 launch events, 69 missiles (grouped from CNS missile rows)" in all_text(brief_2022)
    brief_2024 = build_brief(bundled_store, BriefOptions(date(2024, 1, 1), date(2024, 12, 31)))
    text = all_text(brief_2024)
    assert "12 launch events, 41 missiles (nagix count, preliminary (third-party))" in text
    assert "12 of these launch events are preliminary (third-party)" in text
    assert not any(b.key == "launch_count_comparison" for b in brief_2024.sections[0].all_blocks
                   if isinstance(b, Table))                       # CNS and nagix do not overlap in 2024
    assert "S/2024/255: not adopted (13-1-1; vetoed by RUS)" in text
    assert "Counted apart: 3 Context statements at the UN, 1 G7 foreign ministers' statement" in text
    brief_2023 = build_brief(bundled_store, BriefOptions(date(2023, 1, 1), date(2023, 12, 31)))
    text_2023 = all_text(brief_2023)          # the key judgment reads the scorecard's figures (issue 14)
    assert ("4 joint statements were issued (4 US-led joint statements (1 list not recorded))") in text_2023
    assert "of 3 with named signatories" in text_2023


def test_sections_can_be_left_out(bundled_store):
    brief = build_brief(bundled_store, BriefOptions(date(2022, 1, 1), date(2022, 12, 31), sections=("sources",)))
    assert [s.key for s in brief.sections] == ["sources"]
    assert brief.judgments                                        # page one is always there


@pytest.mark.parametrize("start, end, words", [
    (date(2022, 12, 31), date(2022, 1, 1), "period is empty"),
    (date(1950, 1, 1), date(1950, 12, 31), "no launches, statements or designations"),
])
def test_bad_periods_are_refused_with_a_reason(bundled_store, start, end, words):
    with pytest.raises(BriefError, match=words):
        build_brief(bundled_store, BriefOptions(start, end))


def test_an_empty_database_is_refused(store):
    with pytest.raises(BriefError):
        build_brief(store, YEAR)


def test_names_from_the_data_are_escaped_in_html(bundled_store):
    add_evil_records(bundled_store)
    brief = build_brief(bundled_store, YEAR)
    assert EVIL in all_text(brief)                                # kept verbatim as data
    page = render_html(brief, {f.key: "<svg></svg>" for f in brief.figures()})
    assert "<script>alert(1)</script>" not in page and "<b>Evil" not in page and "<u>DPRK" not in page
    assert "&lt;b&gt;Evil &amp; Co&lt;/b&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;i&gt;Test&lt;/i&gt; &amp; publisher" in page
    assert page.count("<svg") == len(brief.figures())


def test_figure_specs_carry_their_data(bundled_store):
    brief = build_brief(bundled_store, YEAR)
    figures = {f.key: f for f in brief.figures()}
    assert isinstance(figures["timeline"], Figure)
    assert int(figures["timeline"].data["mask"].sum()) == 36
    assert figures["alignment"].data["view"].matrix.shape[1] == 11
    assert figures["sanctions_period"].data["counts"].loc["2022"].sum() == len(new_in_2022(bundled_store))
