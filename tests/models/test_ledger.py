"""The response ledger and scorecard, against the bundled dataset and small hand-built stores."""
from __future__ import annotations

import subprocess
import sys
from datetime import date

import pytest

from conftest import PROJECT
from models import designation_dates
from models.analytics.ledger import (
    LEDGER_COLUMNS, headline_figures, ledger_table, period_scorecard, scorecard_table)
from models.analytics.ledger_records import cell_records, records_frame
from models.analytics.ledger_score import latest_full_year
from models.tables import build_table, table_names

pytestmark = pytest.mark.both_engines      # every store in this file: SQLite, then PostgreSQL


@pytest.fixture
def ledger(bundled_store):
    return ledger_table(bundled_store).set_index("launch_id", drop=False)


def test_march_24_icbm_answered_next_day_by_a_council_majority(ledger):
    row = ledger.loc["L2022-03-24-1"]
    assert row["statement_ids"] == "JS2022-06"
    assert row["first_statement_lag_days"] == 1
    assert row["max_signatories"] == 15
    assert row["max_council_signatories"] == 8
    assert row["council_majority"] == "yes"
    assert row["statement_match"] == "trigger"
    assert row["response"] == "statement or vote"


@pytest.mark.parametrize("launch_id", ["L2022-11-01-1", "L2022-11-01-2", "L2022-11-02-1", "L2022-11-02-2",
                                       "L2022-11-03-1"])
def test_november_launches_answered_by_js2022_08_without_a_council_majority(ledger, launch_id):
    row = ledger.loc[launch_id]
    assert "JS2022-08" in row["statement_ids"].split("; ")
    assert "JS2022-09" not in row["statement_ids"]          # later statement names another launch
    assert row["max_signatories"] == 12
    assert row["council_majority"] == "no"
    assert row["statement_match"] == "trigger"


def test_columns_and_no_response_rows(ledger, bundled_store):
    assert list(ledger.columns[:len(LEDGER_COLUMNS)]) == LEDGER_COLUMNS
    assert len(ledger) == bundled_store.scalar("SELECT COUNT(*) FROM launches")
    quiet = ledger[ledger["response"] == "no response"]
    assert len(quiet) and (quiet["not_covered_sources"] == "").all()          # only where every source covers it
    assert (quiet["statement_ids"] == "").all() and (quiet["vote_ids"] == "").all()
    assert (quiet["designations_in_window"] == 0).all()
    # 8 SRBMs, nothing found within 30 days; the 2022 register holds no G7 statements, so it cannot say "no response"
    gap = ledger.loc["L2022-06-05-1"]
    assert (gap["response"], gap["statement_ids"], gap["vote_ids"]) == (
        "not covered (G7 foreign ministers' statements)", "", "")
    assert ledger.loc["L2022-05-12-1", "vote_ids"] == "S/2022/431"       # the veto fell inside the window
    assert ledger.loc["L2022-05-12-1", "vetoes"] == 2
    # an unrelated launch picks the next statement in the window, and says so
    assert ledger.loc["L2022-03-16-1", "statement_match"] == "window"


def test_window_setting_changes_the_answer(bundled_store):
    short = ledger_table(bundled_store, window_days=3).set_index("launch_id")
    full = ledger_table(bundled_store).set_index("launch_id")
    assert short.loc["L2022-03-24-1", "response"] == "statement or vote"
    assert short.loc["L2022-01-05-1", "response"] == "not covered (G7 foreign ministers' statements)"
    assert full.loc["L2022-01-05-1", "response"] == "statement or vote"
    assert short.loc["L2022-01-10-1", "statement_ids"] == ""         # JS2022-02 came 10 days later
    assert short.loc["L2022-01-10-1", "first_designation_lag_days"] == "2"     # OFAC, 12 January
    assert short.loc["L2022-01-10-1", "response"] == "designation dated in window"


def test_march_24_icbm_is_followed_by_designations_dated_to_the_day(bundled_store):
    """The scrape history dates OFAC's 1 April 2022 designations to the day: counted as dated in the
    window, with their lag (a snapshot date is never a designation date)."""
    frame = ledger_table(bundled_store).set_index("launch_id")
    row = frame.loc["L2022-03-24-1"]
    assert row["designations_in_window"] == 5 and row["first_designation_lag_days"] == "8"
    assert row["designations_possible"] == 0
    records = records_frame(bundled_store, "designations", row["designation_ids"].split("; "))
    assert set(records["listing_date"]) == {"2022-04-01"}
    assert records["how_dated"].str.contains("sdn.csv git history").all()


def _snapshot(conn, list_name, day, file_id):
    return conn.execute("INSERT INTO list_snapshots (list_name, authority, snapshot_date, date_basis, file_id)"
                        " VALUES (?, 'OFAC', ?, 'test', ?)", (list_name, day, file_id)).lastrowid


def test_designation_lag_is_a_range_between_snapshots(store):
    with store.transaction() as conn:
        fid = conn.execute("INSERT INTO source_files (dataset, format, file_name, sha256, imported_at) VALUES"
                           " ('test', 'test', 't.csv', 'x', 'now')").lastrowid
        conn.execute("INSERT INTO launches (launch_id, date, date_precision, time_utc, facility, missile_count, classes, max_apogee_km, max_distance_km, outcome, confirmation) VALUES ('L2023-01-10-1', '2023-01-10', 'day', NULL, NULL, 1, 'ICBM',"
                     " NULL, NULL, 'success', 'confirmed')")
        for day in ("2023-01-01", "2023-01-15", "2023-01-22"):
            _snapshot(conn, "OFAC SDN", day, fid)
        conn.execute("INSERT INTO designations (authority, list_name, source_id, name, type, first_seen, dprk,"
                     " file_id) VALUES ('OFAC', 'OFAC SDN', '1', 'A', 'entity', '2023-01-15', 1, ?)", (fid,))
        conn.execute("INSERT INTO designations (authority, list_name, source_id, name, type, first_seen, dprk,"
                     " file_id) VALUES ('OFAC', 'OFAC SDN', '2', 'B', 'entity', '2023-01-22', 1, ?)", (fid,))
        conn.execute("INSERT INTO designations (authority, list_name, source_id, name, type, listed_on, dprk,"
                     " file_id) VALUES ('UN 1718 Committee', 'UN', '3', 'C', 'entity', '2023-01-20', 1, ?)", (fid,))
        designation_dates.refresh(conn)           # what every import does after writing designations
    row = ledger_table(store).iloc[0]
    # A: 2023-01-02..15 (partly before the launch: possible); B: 16..22 (all inside: lag 6-12); C: exactly 10
    assert row["designations_in_window"] == 2
    assert row["designations_possible"] == 1
    assert row["first_designation_lag_days"] == "6-10"
    assert row["designations_by_authority"] == "OFAC 1; UN 1718 Committee 1"
    assert row["designations_by_stream"] == "not tagged"
    assert row["response"] == "designation dated in window"
    card = period_scorecard(store, date(2023, 1, 1), date(2023, 12, 31))
    assert card["designations"].value == 3          # every interval lies wholly inside 2023


def test_2022_scorecard_agrees_with_the_tables(bundled_store):
    card = scorecard_table(bundled_store).set_index("year").loc[2022]
    launches = build_table(bundled_store, "launches")
    launches = launches[launches["date"].str.startswith("2022")]
    statements = build_table(bundled_store, "statements")
    statements = statements[statements["date"].str.startswith("2022")]
    said = statements[statements["kind"] == "joint_statement"]
    votes = statements[statements["kind"].isin(["resolution_vote", "draft_resolution_vote"])]
    assert card["launch_events"] == len(launches) == 36
    assert card["missiles"] == launches["missile_count"].sum()
    assert card["icbm_events"] == launches["classes"].str.contains("ICBM").sum() == 5
    assert card["statements"] == len(said) == 10
    assert card["statements_council_majority"] == 4           # 4 Feb, 25 Mar, 5 Oct, 21 Nov (README)
    known = said[said["positions_known"] == 1]
    assert card["avg_signatories"] == round(known["signatory_count"].mean(), 1) == 10.8
    assert card["council_votes"] == len(votes) == 1
    assert card["council_products_adopted"] == 0
    assert card["vetoes"] == 2
    designations = build_table(bundled_store, "designations")
    dprk = designations[designations["dprk"] == "yes"]
    in_2022 = dprk[dprk["designated_precision"].eq("day") & dprk["designated_to"].str.startswith("2022")]
    assert card["designations"] == len(in_2022) == 43
    assert card["designations_by_authority"] == "OFAC 43; UN 1718 Committee 0"
    windows = dprk[dprk["designated_precision"].eq("window")]
    assert card["designations_possible"] == 0 == len(windows)
    ledger = ledger_table(bundled_store)
    ledger = ledger[ledger["date"].str.startswith("2022")]
    # the register covers the UN statements and votes, and OFAC every 2022 window (the December launches' run
    # into 2023, which the 2023 register covers); it holds no G7 foreign ministers' statements for 2022
    assert (ledger["not_covered_sources"] == "G7 foreign ministers' statements").all() and len(ledger) == 36
    unanswered = ledger["response"] == "not covered (G7 foreign ministers' statements)"
    assert unanswered.sum() == 5 and (ledger.loc[~unanswered, "response"] == "statement or vote").all()
    assert card["no_response_launches"] == card["no_response_share"] == "not covered"     # never 5 or 14 %
    assert card["median_statement_lag_days"] == ledger["first_statement_lag_days"].dropna().median()


def test_period_scorecard_lists_the_records_behind_each_figure(bundled_store):
    card = period_scorecard(bundled_store, date(2022, 1, 1), date(2022, 12, 31))
    assert card["statements_council_majority"].record_ids == ["JS2022-03", "JS2022-06", "JS2022-07", "JS2022-09"]
    assert card["statements_council_majority"].table == "statements"
    assert card["vetoes"].record_ids == ["S/2022/431"]
    assert len(card["launch_events"].record_ids) == 36
    assert card["statements"].parts == {"us_led": [f"JS2022-0{i}" for i in range(1, 10)],
                                        "e10": ["E10-2022-11-04"]}
    for fig in card.values():
        if fig.record_ids:
            frame = records_frame(bundled_store, fig.table, fig.record_ids)
            assert len(frame) == len(fig.record_ids), fig.key
            assert frame["source"].astype(str).str.len().gt(0).all(), fig.key


def test_headline_shows_latest_full_year_and_a_year_earlier(bundled_store):
    assert latest_full_year(bundled_store) == 2025           # the launch data run to 2026-04-18 (nagix)
    latest = {f.key: f for f in headline_figures(bundled_store, None, None)}
    assert latest["launch_events"].value == "7 (preliminary)"
    assert latest["launch_events"].comparison == "2024: 12 (preliminary)"
    assert "preliminary (third-party)" in latest["launch_events"].source
    figures = {f.key: f for f in headline_figures(bundled_store, date(2022, 1, 1), date(2022, 12, 31))}
    assert figures["launch_events"].value == "36 (record)"
    assert figures["launch_events"].comparison == "2021: 5"
    assert figures["statements"].value == "10"
    assert "9 US-led" in figures["statements"].note
    assert figures["statements_council_majority"].value == "4"
    assert figures["designations"].value == "43"             # dated to the day (scrape history, change archive)
    assert "UN 1718 Committee 0" in figures["designations"].note
    assert "CNS" in figures["launch_events"].source and figures["designations"].source.startswith("OFAC SDN")
    spring = {f.key: f for f in headline_figures(bundled_store, date(2022, 3, 1), date(2022, 3, 31))}
    assert spring["launch_events"].value == "3"            # 4, 16 and 24 March
    assert spring["launch_events"].comparison == "2021-03-01 to 2021-03-31: 2"


def test_cell_records_point_at_the_records_behind_a_cell(ledger):
    row = ledger.loc["L2022-03-24-1"].to_dict()
    assert cell_records(row, "max_signatories") == ("statements", ["JS2022-06"])
    assert cell_records(row, "missile_count") == ("launches", ["L2022-03-24-1"])
    assert cell_records(row, "designations_in_window")[0] == "designations"
    assert len(cell_records(row, "designations_in_window")[1]) == 5


def test_tables_are_registered_and_the_cli_writes_them(bundled_store, tmp_path):
    assert {"ledger", "scorecard"} <= set(table_names())
    db = tmp_path / "cli.sqlite3"
    out = tmp_path / "ledger.csv"
    for name in ("ledger", "scorecard"):
        done = subprocess.run([sys.executable, str(PROJECT / "main.py"), "--db", str(db), "table", name,
                               str(tmp_path / f"{name}.csv")], capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
    head = out.read_text().splitlines()
    assert head[0] == ",".join(LEDGER_COLUMNS) + "," + head[0].split(",", len(LEDGER_COLUMNS))[-1]
    line = next(h for h in head if h.startswith("L2022-03-24-1,"))
    assert line.startswith("L2022-03-24-1,2022-03-24,ICBM,1,JS2022-06,1,15,yes,,5,8,statement or vote,")
    score = (tmp_path / "scorecard.csv").read_text().splitlines()
    assert score[0].startswith("year,launch_events,missiles,icbm_events,statements")
    assert next(s for s in score if s.startswith("2022,")).startswith("2022,36,69,5,10,4,10.8,1,0,2,43,")


def test_ledger_records_are_read_again_only_after_a_change(bundled_store):
    from models import revenue
    from models.analytics import ledger_data

    first = ledger_data.load(bundled_store)
    assert ledger_data.load(bundled_store) is first               # period and window changes reuse them
    designation = first.designations[0].designation_id
    revenue.set_streams(bundled_store.conn, designation, ["minerals"])
    again = ledger_data.load(bundled_store)
    assert again is not first
    assert "minerals" in next(d for d in again.designations if d.designation_id == designation).streams
