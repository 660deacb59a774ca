"""Yearly scorecards 2023 and 2024 on the real files: their statements, the 2024 veto, and launches from the
preliminary source, labelled as such."""
from __future__ import annotations

from datetime import date

import pytest

from models.analytics.ledger_score import period_scorecard, scorecard_table
from models.importers import import_files
from models.paths import RESOURCES_DIR
from tests.conftest import CNS_CSV, STATEMENT_FILES, shared_file

pytestmark = pytest.mark.both_engines      # every store fixture in this file: SQLite, then PostgreSQL

NAGIX = ["missiles/nagix/test.en.json", "missiles/nagix/missile.en.json", "missiles/nagix/facility.en.json"]
REGISTER_2023 = ["statements/unsc_membership_2023_2026.csv", "statements/statements_2023_2026.csv",
                 "statements/signatories_2023_2026.csv", "statements/unsc_votes_2023_2026.csv"]


@pytest.fixture
def store(store):
    import_files(store, [shared_file(CNS_CSV)])
    import_files(store, [shared_file(f) for f in NAGIX])
    import_files(store, [shared_file(f) for f in STATEMENT_FILES])
    import_files(store, [shared_file(f) for f in REGISTER_2023])
    import_files(store, [RESOURCES_DIR / "curation" / f for f in ("statement_triggers_2022.csv",
                                                                   "statement_triggers_2023_2024.csv")])
    return store


def _year(store, year: int) -> dict:
    return period_scorecard(store, date(year, 1, 1), date(year, 12, 31))


def test_2023_four_joint_statements_one_list_not_recorded_launches_partly_preliminary(store):
    f = _year(store, 2023)
    assert f["statements"].value == 4
    assert sorted(f["statements"].record_ids) == ["JS2023-01", "JS2023-02", "JS2023-03", "JS2023-04"]
    assert f["statements"].note.startswith("4 US-led joint statements (1 list not recorded)")
    assert "not counted here: 6 G7 foreign ministers' statements (1 list not recorded)" in f["statements"].note
    assert f["avg_signatories"].text == "10" and "3 statements whose signatories are named" in f["avg_signatories"].note
    assert f["statements_council_majority"].value == 3          # 9 of 15 members in Apr and Jul, 8 in Dec
    assert f["council_votes"].record_ids == ["S/RES/2680(2023)"] and f["vetoes"].value == 0
    assert f["council_products_adopted"].record_ids == ["S/RES/2680(2023)"]
    assert f["launch_events"].value == 20 and f["launch_events"].text == "20 (12 preliminary)"
    assert f["launch_events"].note == "8 CNS count; 12 nagix count, preliminary (third-party)"
    assert f["missiles"].text == "33 (17 preliminary)"


def test_2024_one_joint_statement_the_veto_and_preliminary_launches(store):
    f = _year(store, 2024)
    assert f["statements"].record_ids == ["JS2024-01"]
    assert f["statements"].note.startswith("1 US-led joint statement; not counted here:")     # singular
    assert "3 Context statements at the UN" in f["statements"].note
    assert f["vetoes"].value == 1 and f["vetoes"].record_ids == ["S/2024/255"]
    assert f["vetoes"].note == "S/2024/255: RUS"                  # the procedural vote carries no veto
    assert f["council_votes"].value == 2 and f["council_products_adopted"].value == 0
    assert f["launch_events"].text == "12 (preliminary)" and f["missiles"].text == "41 (preliminary)"
    assert f["icbm_events"].text == "1 (preliminary)"


def test_scorecard_table_rows_say_whose_count(store):
    table = scorecard_table(store).set_index("year")
    assert table.loc[2022, "launch_count"] == "36 CNS count"
    assert table.loc[2024, "launch_count"] == "12 nagix count, preliminary (third-party)"
    assert table.loc[2023, "statements"] == 4 and table.loc[2024, "statements"] == 1
    assert table.loc[2024, "vetoes"] == 1 and table.loc[2022, "vetoes"] == 2
    assert "list not recorded" in table.loc[2023, "statements_note"]


def test_the_brief_scorecard_names_the_preliminary_source(store):
    from models.report import BriefOptions, build_brief

    brief = build_brief(store, BriefOptions(date(2024, 1, 1), date(2024, 12, 31), sections=("sources",)))
    rows = brief.scorecard.frame.set_index("Measure")
    assert rows.loc["Launch events", "2024"] == "12 (preliminary)"
    assert rows.loc["Launch events", "Source"] == "12 nagix count, preliminary (third-party)"
    assert rows.loc["Vetoes", "2024"] == "1"


def test_e10_is_covered_where_the_register_records_every_un_joint_statement_but_context_in_2022_is_not(store):
    # 2023-2026: launch-triggered (JS) and context (CTX) rows hold every DPRK joint statement at the UN, so an
    # E10 statement would be one of them; the 2022 register held US-led and E10 statements only
    for year in (2023, 2024):
        note = _year(store, year)["statements"].note
        assert "E10" not in note, note
    note_2022 = _year(store, 2022)["statements"].note
    assert "Context statements at the UN: not covered" in note_2022 and "1 E10 statement " in note_2022

