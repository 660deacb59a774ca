"""The brief checks itself: every figure stated on page one and in the key judgments is stated equal
wherever it appears again, uncovered periods say "not covered" (never 0 / 0 % / 100 %), statement URLs
are listed, and no file path of this machine or the repository appears in any export. No Qt."""
from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from conftest import PROJECT
from models.report import BriefOptions, Table, build_brief
from models.report.html import render_html
from models.report.judgments import count_only

PERIODS = {
    "2022": (date(2022, 1, 1), date(2022, 12, 31)),
    "Q4 2022": (date(2022, 10, 1), date(2022, 12, 31)),
    "2016-2017": (date(2016, 1, 1), date(2017, 12, 31)),
    # no record at all; the preliminary launch source and the UN list cover it, the register does not (it
    # holds records to 2024 since the 2023-2026 files; H2 2024, this test's period before them, has data now)
    "no data (Jun-Sep 2025)": (date(2025, 6, 1), date(2025, 9, 30)),
    "all dates": (None, None),
}


def _table(brief, key: str) -> Table:
    return next(b for s in brief.sections for b in s.all_blocks if isinstance(b, Table) and b.key == key)


def all_text(brief) -> str:
    parts = [j.text for j in brief.judgments] + [t for _, t in brief.footnotes] + [brief.scorecard.note]
    parts.append(brief.scorecard.frame.to_csv())
    for section in brief.sections:
        for block in section.all_blocks:
            if isinstance(block, Table):
                parts += [block.caption, block.note, block.frame.to_csv()]
            elif hasattr(block, "caption"):
                parts.append(block.caption)
            elif hasattr(block, "text"):
                parts.append(block.text)
            elif hasattr(block, "items"):
                parts += block.items
    return "\n".join(parts)


def _page_one(brief) -> dict[str, str]:
    frame = brief.scorecard.frame
    return dict(zip(frame["Measure"], frame[frame.columns[1]]))


def _number(text: str) -> str:
    return text.split(" ")[0]


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def briefs(request, tmp_path_factory):
    """The briefs of every period, built on the bundled dataset on each engine (analytics on both)."""
    from helpers import bundled_store_on

    store = bundled_store_on(request, request.param, tmp_path_factory.mktemp("briefs"))
    out = {name: build_brief(store, BriefOptions(a, b)) for name, (a, b) in PERIODS.items()}
    yield out
    store.close()


@pytest.mark.parametrize("name", list(PERIODS))
def test_each_figure_stated_twice_is_stated_equal(briefs, name):
    brief = briefs[name]
    page = _page_one(brief)
    judgments = "\n".join(j.text for j in brief.judgments)
    text = all_text(brief)
    events, missiles = page["Launch events"], page["Missiles"]
    launches = _table(brief, "launches")
    ledger = _table(brief, "ledger")
    if events == "not covered":
        assert "Launch events (grouped from CNS missile rows) in" in judgments and ": not covered." in judgments
        assert len(launches.frame) == 0 and "launch events not covered" in text
    else:
        # the sentences name whose count in words, so they drop the page's '(preliminary)' marks
        n, stated, missiles = _number(events), count_only(events.replace(" (record)", "")), count_only(missiles)
        assert f"{stated} launch events and {missiles} missiles" in judgments
        assert f"{stated} launch events, {missiles} missiles" in text            # the missile section's lead
        assert str(len(launches.frame)) == n == str(len(ledger.frame))
        assert f"Launch events in the period ({n})" == launches.caption
    # joint statements and Council majority: page one == key judgment == the matrix's columns
    said, majority = page["Joint statements"], page["With a Council majority"]
    if said == "not covered":
        assert "Joint statements and Council votes in" in judgments or "Joint statements: not covered" in judgments
    else:
        assert f"{said} joint statements were issued" in judgments or f"No joint statement is recorded ({said})" \
            in judgments
        if _number(said) != "0":
            assert f"{majority} with a Council majority" in judgments
    # designations: page one == key judgment == the designations table
    dated = page["DPRK designations"]
    designations = _table(brief, "designations")
    n_dated = int((designations.frame["In the period"] == "dated").sum())
    assert "DPRK designations dated " in judgments and f": {dated} (" in judgments
    assert _number(dated) == str(n_dated)
    assert designations.caption.startswith(f"DPRK-related designations in the period: {dated} dated")
    # no response: page one == key judgment == the ledger table's tally
    share = page["Launches with no response"]
    tally = re.search(r"no response (\d+)", ledger.caption)
    if share not in ("not covered", "n/a"):
        assert f"Launches with no response: {share} (" in judgments
        silent = int(re.search(r"\((\d+) of the \d+ launch events whose response window", judgments).group(1))
        assert (int(tally.group(1)) if tally else 0) == silent
    elif share == "not covered" and len(ledger.frame):
        # not covered on page one: the judgment says so in the same words, and the ledger says "no response" nowhere
        assert "Launches with no response: not covered (" in judgments
        assert tally is None and not (ledger.frame["Response"] == "no response").any()
        unknown = ledger.frame["Response"].str.startswith("not covered")
        found = re.search(r"; (\d+) launch events not covered: nothing found", judgments)
        assert (int(found.group(1)) if found else 0) == int(unknown.sum())
    # the register gap: the key judgment and the sources section give the same count
    gap = re.search(r"Data gap: (\d+ of \d+) statements recorded", judgments)
    if gap:
        assert f"{gap.group(1)} statements recorded (counted in the register" in text


@pytest.mark.parametrize("name", list(PERIODS))
def test_key_judgment_footnotes_name_launches_by_korea_date_and_whose_record(briefs, name):
    from models.korea_time import korea_label

    brief = briefs[name]
    notes = "\n".join(n for j in brief.judgments for n in j.footnotes)
    launches = _table(brief, "launches").frame if any(
        isinstance(b, Table) and b.key == "launches" for s in brief.sections for b in s.blocks) else None
    assert not re.search(r"\bL\d{4}-\d{2}-\d{2}-\d+\b", notes)          # never a launch id
    ledger = _table(brief, "ledger").frame
    if len(ledger):
        silent = ledger[ledger["Response"] == "no response"]
        for when in silent["Launch (Korea date; UTC)"]:                      # each named by its Korea date
            assert when.split(";")[0].strip() in notes, when
    if launches is not None and len(launches) and "Launches table, " in notes:
        assert re.search(r"Launches table, \d+ launch events \((CNS|nagix, preliminary \(third-party\)): \d", notes)
    assert korea_label("2022-10-03", "22:23") == "4 Oct 2022 (KST)"        # the launch over Japan, as Japan dates it


def test_a_statement_venue_the_register_does_not_cover_says_not_covered(briefs):
    """The 2022 register holds no G7 foreign ministers' statements: the 2022 brief says so where it counts
    statements and where it judges responses, and never says "no response" in the ledger."""
    text = all_text(briefs["2022"])
    judgments = "\n".join(j.text for j in briefs["2022"].judgments)
    assert "G7 foreign ministers' statements: not covered" in judgments                 # counting statements
    assert "Not covered in this period: G7 foreign ministers' statements" in text       # the diplomatic section
    assert "venues not covered in the period: G7 foreign ministers (the register covers them" in text   # notes
    assert "not covered for G7 foreign ministers' statements" in judgments              # judging responses
    ledger = _table(briefs["2022"], "ledger").frame
    assert set(ledger["Response"]) == {"statement or vote", "not covered (G7 foreign ministers' statements)"}
    assert "no response" not in _page_one(briefs["2022"])["Launches with no response"]
    later = all_text(briefs["all dates"])                 # the 2023-2026 file holds G7: covered there, counted apart
    assert "G7 foreign ministers' statements: not covered" not in later and "G7" in later
    assert "0 G7" not in text


@pytest.mark.parametrize("name", ["2016-2017", "no data (Jun-Sep 2025)"])
def test_uncovered_periods_never_say_zero_or_a_hundred_percent(briefs, name):
    brief = briefs[name]
    page = _page_one(brief)
    frame = brief.scorecard.frame.set_index("Measure")
    for measure, value in page.items():
        coverage = frame.loc[measure, "Coverage"]
        if coverage.startswith("not covered"):
            assert value == "not covered", measure
        assert value not in ("0%", "100%"), measure
    text = all_text(brief)
    words = ["0 joint statements", "0 vetoes", "100%", "100 %", "no response 0"]
    if frame.loc["Launch events", "Coverage"] != "covered":       # a covered period may have no launch at all
        words.append(" 0 launch events")
    for w in words:
        assert w not in text, w
    if name == "2016-2017":      # the register covers 2022-2024 only: every launch's window is 'not covered'
        ledger = _table(brief, "ledger").frame
        assert ledger["Response"].str.startswith(("not covered", "designation dated", "statement or vote")).all()
        assert not (ledger["Response"] == "no response").any()
    ledger = _table(brief, "ledger").frame
    if len(ledger):       # cells of a source that does not cover the window: never "no" or a bare 0
        unsaid = ledger["Response"].str.contains("joint statements") & (ledger["Statements"].isin(["", "—"]))
        assert (ledger.loc[unsaid, "Council majority"] == "not covered").all()
        lists_missing = ledger["Response"].str.contains("OFAC|UN 1718")
        assert not (ledger.loc[lists_missing, "Designations"] == "0").any()


def test_a_period_with_no_source_at_all_is_refused(briefs):
    from models.report import BriefError
    from models.store import Store

    with Store(":memory:") as empty, pytest.raises(BriefError, match="no source"):
        build_brief(empty, BriefOptions(date(2022, 1, 1), date(2022, 12, 31)))


@pytest.mark.parametrize("name", list(PERIODS))
def test_sources_list_every_cited_statement_url_and_no_local_path(briefs, name):
    brief = briefs[name]
    cited = _table(brief, "statement_sources").frame
    ledger = _table(brief, "ledger").frame
    for ids in ledger["Statements"]:
        for sid in [p.strip() for p in str(ids).split(";") if p.strip() and p.strip() != "—"]:
            assert sid in set(cited["ID"]), sid
    if name == "2022":
        assert len(cited) == 11 and cited["URL"].str.startswith("http").sum() == 10   # S/2022/431 has no page
    page = render_html(brief, {f.key: "<svg></svg>" for f in brief.figures()})
    for text in (all_text(brief), page):
        text = re.sub(r"https?://\S+", "", text)           # public web addresses may hold any path
        for path in (str(PROJECT), str(PROJECT.parent), str(Path.home()), "../", "shared/data", "resources/",
                     ".sqlite3", "README.md", "data_gaps.csv"):
            assert path not in text, path


def test_what_changed_only_between_two_distinct_bracketing_snapshots(briefs):
    q4 = _table(briefs["Q4 2022"], "changes").frame
    assert list(q4["List"]) == ["OFAC SDN"]
    assert (q4["From snapshot"].iloc[0], q4["To snapshot"].iloc[0]) == ("2022-06-28", "2023-12-28")
    text = all_text(briefs["Q4 2022"])
    assert "Not shown for UN Consolidated: the database holds no two distinct snapshots" in text
    with pytest.raises(StopIteration):          # all dates: nothing brackets an open period
        _table(briefs["all dates"], "changes")


def test_method_note_names_the_grouping_rule_and_the_response_vocabulary(briefs):
    from models import response_vocabulary as vocab

    text = all_text(briefs["2022"])
    assert "Launch events (grouped from CNS missile rows): CNS missile rows with the same UTC date and launch site" \
        in text and "180 minutes" in text
    for term in vocab.TERMS.values():
        assert f"“{term.label}”: {term.definition}" in text
    assert "CNS count" not in text
