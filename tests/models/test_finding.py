"""Page one's title states the finding computed from the pressure summary by a stated rule (PACE_RULE),
and the key judgments open with computed leads. No Qt."""
from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest

from models.report import BriefOptions, build_brief
from models.report.finding import PACE_RULE, KeyJudgment, finding_title, pace


def summary(events: int, drew: int, silent: int, outside: int = 0, window: int = 30):
    return SimpleNamespace(launch_events=events, drew_statement=drew, no_statement=silent,
                           statement_not_covered=outside, window_days=window)


def headline(value: str, comparison: str = "", coverage: str = "covered", before: str = "covered"):
    return [SimpleNamespace(key="launch_events", value=value, comparison=comparison, coverage=coverage,
                            comparison_coverage=before)]


@pytest.mark.parametrize("drew, silent, verdict", [(10, 0, "kept pace"), (9, 1, "mostly kept pace"),
                                                   (8, 2, "mostly kept pace"), (7, 3, "did not keep pace")])
def test_the_verdict_follows_the_pace_rule(drew, silent, verdict):
    s = summary(drew + silent, drew, silent)
    assert pace(s) == verdict
    title = finding_title(s, headline("10", "2021: 4"), "2022")
    assert title.startswith(f"Pressure {verdict} with more launches in 2022: ")
    assert (f"{silent} of {drew + silent} launch events drew no joint statement at the UN within 30 days" in title if silent
            else f"all {drew + silent} launch events drew a joint statement at the UN within 30 days" in title)


def test_the_title_never_judges_what_no_source_covers():
    assert finding_title(summary(5, 0, 0, outside=5), headline("5"), "2016") == \
        "5 launch events in 2016; whether they drew a statement is not covered"
    assert "not covered" in finding_title(summary(0, 0, 0), headline("not covered", coverage="not covered"),
                                          "1950", launches_covered=False)
    assert finding_title(summary(0, 0, 0), headline("0"), "2025-06-01 to 2025-09-30") == \
        "No DPRK launch event recorded from 2025-06-01 to 2025-09-30"


def test_record_more_and_fewer_come_from_the_headline_figures():
    s = summary(12, 2, 10)
    assert "with record launches in" in finding_title(s, headline("36 (record)", "2021: 5"), "2022")
    assert "with fewer launches in" in finding_title(s, headline("12", "2023: 30"), "2024")
    # a year earlier not covered: no comparison is claimed
    assert "with the launches in" in finding_title(s, headline("12", "2015: not covered", before="not covered"), "2016")


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def briefs(request, tmp_path_factory):
    """The briefs of three periods, built on the bundled dataset on each engine (analytics on both)."""
    from helpers import bundled_store_on

    store = bundled_store_on(request, request.param, tmp_path_factory.mktemp("finding"))
    periods = {"2022": (date(2022, 1, 1), date(2022, 12, 31)), "2024": (date(2024, 1, 1), date(2024, 12, 31)),
               "all dates": (None, None)}
    yield {k: build_brief(store, BriefOptions(*v)) for k, v in periods.items()}, store
    store.close()


@pytest.mark.parametrize("name", ["2022", "2024", "all dates"])
def test_the_brief_title_is_the_computed_finding_and_agrees_with_the_verdict_line(briefs, name):
    from models.analytics.pressure import pressure_summary

    built, store = briefs
    brief = built[name]
    s = pressure_summary(store, brief.options.start, brief.options.end, brief.options.window_days)
    answered = s.drew_statement + s.no_statement
    assert brief.finding.startswith(f"Pressure {pace(s)} with ")
    assert f"{s.no_statement} of {answered} launch events drew no joint statement at the UN" in brief.finding
    assert f"{s.no_statement} of {answered} drew no joint statement at the UN within 30 days" in brief.standfirst
    assert brief.standfirst == s.verdict
    assert brief.hero is not None and brief.hero.key == "pressure" and brief.hero.data["summary"].verdict == s.verdict
    method = [b.text for sec in brief.sections for b in sec.all_blocks if hasattr(b, "text")]
    assert PACE_RULE in method                           # the rule the title follows is printed in the annex


@pytest.mark.parametrize("name", ["2022", "2024", "all dates"])
def test_three_to_five_key_judgments_each_led_by_a_judgment_and_traceable(briefs, name):
    brief = briefs[0][name]
    assert 3 <= len(brief.judgments) <= 5
    for j in brief.judgments:
        assert j.footnotes, j.text                      # each names the records it rests on
        if isinstance(j, KeyJudgment) and j.lead:
            assert j.text.startswith(j.lead + " ") and j.lead.endswith(".")
    leads = [j.lead for j in brief.judgments if isinstance(j, KeyJudgment) and j.lead]
    assert len(leads) >= 3


def test_2022_judgments_lead_with_what_the_figures_say(briefs):
    from models.report.judgments import launch_facts, launch_names
    from models.tables import build_table

    brief = briefs[0]["2022"]
    events = launch_facts(build_table(briefs[1], "launches"), brief.options.start, brief.options.end).events
    leads = [j.lead for j in brief.judgments]
    assert leads[0] == "Launches reached a record."                    # the scorecard's "36 (record)"
    assert leads[2] == "The Security Council was blocked."             # its one vote vetoed
    assert leads[3] == "Only OFAC added designations."                  # UN 1718 Committee: 0, covered
    response = brief.judgments[1]
    summary = brief.hero.data["summary"]
    assert f"{summary.drew_statement} of {summary.drew_statement + summary.no_statement} launch events drew a " \
           "joint statement at the UN within 30 days" in response.text
    named = launch_names(list(summary.no_statement_ids), events)    # by Korea date, whose record
    assert any(named in note for note in response.footnotes)
