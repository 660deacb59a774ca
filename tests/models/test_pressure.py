"""Pressure against provocations (models.analytics.pressure): bins, coverage and the verdict line."""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from models import coverage as cov
from models.analytics.ledger import ledger_rows
from models.analytics.ledger_data import load
from models.analytics.pressure import granularity_for, make_bins, pressure_summary

pytestmark = pytest.mark.both_engines      # every store in this file: SQLite, then PostgreSQL

YEAR_2022 = (date(2022, 1, 1), date(2022, 12, 31))


def test_2022_months_count_launches_statements_votes(bundled_store):
    s = pressure_summary(bundled_store, *YEAR_2022)
    assert s.granularity == "month" and [b.label for b in s.bins][:2] == ["Jan 2022", "Feb"]
    assert sum(b.launch_events for b in s.bins) == s.launch_events == 36
    assert sum(b.missiles for b in s.bins) == s.missiles == 69
    assert sum(b.statements for b in s.bins) == 10
    may = s.bins[4]
    assert may.votes == 1 and s.votes == 1 and s.vetoed_votes == 1
    assert all(b.statements_majority <= b.statements for b in s.bins)


def test_launches_past_the_statement_register_are_not_covered_never_unanswered(bundled_store):
    register_end = cov.load(bundled_store).ranges(cov.STATEMENTS)[-1][1]        # the register's last covered day
    start, end = date(register_end.year, 1, 1), date(register_end.year + 1, 12, 31)
    s = pressure_summary(bundled_store, start, end)
    rows = [r for r in ledger_rows(load(bundled_store), 30) if start <= r.launch.day <= end]
    un = [(date.fromisoformat(d), sid) for sid, d in bundled_store.rows(
        "SELECT statement_id, date FROM statements WHERE series_id IN ('us_led', 'e10')")]    # at the UN
    named = {(d, sid) for sid, d in bundled_store.rows("SELECT statement_id, launch_date FROM statement_triggers")}

    def drew(r) -> bool:
        return any(r.launch.day < d <= r.launch.day + timedelta(days=30)
                   or (d == r.launch.day and (r.launch.date, sid) in named) for d, sid in un)
    past = {r.launch.launch_id for r in rows if not drew(r) and r.launch.day + timedelta(days=30) > register_end}
    silent = {r.launch.launch_id for r in rows if not drew(r)} - past
    assert past and silent                                   # the data has both kinds around the register's end
    assert set(s.not_covered_ids) == past and set(s.no_statement_ids) == silent
    assert s.drew_statement + s.no_statement + s.statement_not_covered == s.launch_events == len(rows)
    for b in s.bins:                                         # months after the register's end: hatched, never 0
        assert b.statements_covered == (cov.COVERED if b.end <= register_end else cov.NOT_COVERED)
    assert f"{len(silent)} of {s.drew_statement + len(silent)} drew no joint statement at the UN within 30 days" in s.verdict
    assert f"{len(past)} not covered by the statement register" in s.verdict


def test_a_year_without_statements_on_record_says_so_instead_of_zero(bundled_store):
    s = pressure_summary(bundled_store, date(2017, 1, 1), date(2017, 12, 31))
    assert s.no_statement == 0 and s.statement_not_covered == s.launch_events == 15
    assert "drew no" not in s.verdict and "15 not covered by the statement register" in s.verdict
    assert "Council votes not covered" in s.verdict
    assert all(b.statements_covered == b.votes_covered == cov.NOT_COVERED for b in s.bins)
    assert "(not covered: OFAC)" in s.verdict                            # OFAC's list does not reach 2017
    assert s.bins[8].nuclear_tests == ["Sixth DPRK nuclear test"]       # 3 Sep 2017, from the reference file
    assert sum(b.designations for b in s.bins) == 52                    # UN LISTED_ON dates in 2017


def test_designations_known_only_between_snapshots_are_possible_not_counted(bundled_store):
    """Date OFAC's 2022 entries only by the stored list snapshots around them (as a list without designation
    dates is): a six-month window fits no month, so the months count none of them, and launches whose
    response window it overlaps report them as possible, never as dated."""
    snaps = [date.fromisoformat(d) for (d,) in bundled_store.rows(
        "SELECT DISTINCT snapshot_date FROM list_snapshots WHERE authority = 'OFAC' ORDER BY 1")]
    with bundled_store.transaction() as conn:
        for before, after in zip(snaps, snaps[1:]):
            conn.execute("UPDATE designations SET designated_on = ?, designated_to = ?, designated_precision ="
                         " 'window' WHERE authority = 'OFAC' AND designated_precision = 'day' AND designated_on > ?"
                         " AND designated_on <= ? AND designated_on LIKE '2022-%'",
                         ((before + timedelta(days=1)).isoformat(), after.isoformat(), before.isoformat(),
                          after.isoformat()))
    dated_2022 = bundled_store.scalar("SELECT COUNT(*) FROM designations WHERE dprk = 1 AND designated_precision"
                                      " = 'day' AND designated_on LIKE '2022-%'")
    s = pressure_summary(bundled_store, *YEAR_2022)
    assert sum(b.designations for b in s.bins) == dated_2022 == 0
    assert s.designations_in_windows == 0 and s.designations_possible > 0
    assert f"0 designations dated within a window (+{s.designations_possible} possible)" in s.verdict


def test_window_setting_changes_the_verdict(bundled_store):
    short = pressure_summary(bundled_store, *YEAR_2022, window_days=3)
    long = pressure_summary(bundled_store, *YEAR_2022, window_days=30)
    assert short.drew_statement < long.drew_statement
    assert "within 3 days" in short.verdict


def test_bins_follow_the_span(bundled_store):
    assert granularity_for(date(2022, 1, 1), date(2022, 12, 31)) == "month"
    assert granularity_for(date(2020, 1, 1), date(2023, 6, 30)) == "quarter"
    assert granularity_for(date(1984, 1, 1), date(2023, 6, 30)) == "year"
    quarters = make_bins(date(2020, 2, 10), date(2020, 12, 1), "quarter")
    assert [(b.label, b.start, b.end) for b in quarters][0] == ("Q1 2020", date(2020, 1, 1), date(2020, 3, 31))
    assert len(quarters) == 4
    launches = cov.load(bundled_store).ranges(cov.LAUNCHES)
    everything = pressure_summary(bundled_store)              # all dates: the span the launch data covers
    assert everything.granularity == "year"
    assert (everything.bins[0].label, everything.bins[-1].label) == (str(launches[0][0].year),
                                                                     str(launches[-1][1].year))
    last_day = launches[-1][1]
    assert last_day < date(last_day.year, 12, 31)             # the launch data ends inside its last year ...
    assert everything.bins[-1].launches_covered == cov.PARTIAL  # ... so that year is partly covered, not full


def test_coverage_is_the_one_model_definition_and_launches_say_whose_count(bundled_store):
    c = cov.load(bundled_store)
    s = pressure_summary(bundled_store, date(2022, 1, 1), date(2024, 12, 31))
    assert s.coverage is c                                      # models.coverage, not a copy of its own
    for b in s.bins:
        assert b.launches_covered == c.status(cov.LAUNCHES, b.start, b.end)
        assert b.statements_covered == c.status(cov.STATEMENTS, b.start, b.end)
        assert b.votes_covered == c.status(cov.VOTES, b.start, b.end)
        assert b.designations_covered == c.status(cov.DESIGNATIONS, b.start, b.end)
    assert [n.split(" coverage:")[0] for n in s.coverage_notes()] == ["Launches", "Joint statements",
                                                                     "Council votes", "Designations"]
    cns_end = bundled_store.scalar("SELECT MAX(date) FROM launches WHERE dataset = 'cns'")
    nagix_start = bundled_store.scalar("SELECT MIN(date) FROM launches WHERE dataset = 'nagix'")
    assert f"CNS count to {cns_end}; nagix count, preliminary (third-party) from {nagix_start}" in s.verdict
    later = pressure_summary(bundled_store, date(2024, 1, 1), date(2024, 12, 31))
    assert "(nagix count, preliminary (third-party))" in later.verdict and "CNS" not in later.verdict
    assert all(b.launch_count in ("", "nagix count, preliminary (third-party)") for b in later.bins)


def test_an_empty_store_covers_nothing(store):
    s = pressure_summary(store, *YEAR_2022)
    assert s.launch_events == 0 and "launch events not covered (no launch data imported)" in s.verdict
    assert all(b.launches_covered == b.statements_covered == cov.NOT_COVERED for b in s.bins)
