"""Pressure against provocations (models.analytics.pressure): bins, coverage and the verdict line."""
from __future__ import annotations

import pytest

from datetime import date

from models.analytics.pressure import data_coverage, granularity_for, make_bins, pressure_summary
from models.analytics.ledger_data import load

pytestmark = pytest.mark.both_engines      # every store in this file: SQLite, then PostgreSQL

YEAR_2022 = (date(2022, 1, 1), date(2022, 12, 31))



REASON_PRE_MERGE = ('written against the pre-merge data (statement register to 2022-11-21, OFAC dated by snapshots); the pressure view still computes its own coverage (pressure.data_coverage) instead of models.coverage: issue 18 left open')

def test_2022_months_count_launches_statements_votes(bundled_store):
    s = pressure_summary(bundled_store, *YEAR_2022)
    assert s.granularity == "month" and [b.label for b in s.bins][:2] == ["Jan 2022", "Feb"]
    assert sum(b.launch_events for b in s.bins) == s.launch_events == 36
    assert sum(b.missiles for b in s.bins) == s.missiles == 69
    assert sum(b.statements for b in s.bins) == 10
    may = s.bins[4]
    assert may.votes == 1 and s.votes == 1 and s.vetoed_votes == 1
    assert all(b.statements_majority <= b.statements for b in s.bins)


@pytest.mark.xfail(reason=REASON_PRE_MERGE, strict=False)
def test_launches_past_the_statement_register_are_not_covered_never_unanswered(bundled_store):
    s = pressure_summary(bundled_store, *YEAR_2022)
    assert s.coverage["statements"].end == date(2022, 11, 21)          # the register's own date
    assert s.bins[11].statements_covered == "none" and s.bins[10].statements_covered == "partial"
    december = {"L2022-12-18-1", "L2022-12-23-1", "L2022-12-30-1"}
    assert december <= set(s.not_covered_ids)
    assert not december & set(s.no_statement_ids)
    assert s.drew_statement + s.no_statement + s.statement_not_covered == s.launch_events
    assert s.verdict.startswith("2022: 36 launch events; ")
    assert f"{s.no_statement} of {s.drew_statement + s.no_statement} drew no statement within 30 days" in s.verdict
    assert f"{s.statement_not_covered} outside the statement register" in s.verdict


def test_a_year_without_statements_on_record_says_so_instead_of_zero(bundled_store):
    s = pressure_summary(bundled_store, date(2017, 1, 1), date(2017, 12, 31))
    assert s.no_statement == 0 and s.statement_not_covered == s.launch_events == 15
    assert "drew no statement" not in s.verdict and "15 outside the statement register" in s.verdict
    assert all(b.statements_covered == "none" for b in s.bins)
    assert s.bins[8].nuclear_tests == ["Sixth DPRK nuclear test"]       # 3 Sep 2017, from the reference file
    assert sum(b.designations for b in s.bins) == 52                    # UN LISTED_ON dates in 2017


@pytest.mark.xfail(reason=REASON_PRE_MERGE, strict=False)
def test_designations_known_only_between_snapshots_are_possible_not_counted(bundled_store):
    s = pressure_summary(bundled_store, *YEAR_2022)
    assert sum(b.designations for b in s.bins) == 0          # six-month snapshot windows fit no month
    assert s.designations_in_windows == 0 and s.designations_possible > 0
    assert f"0 designations dated within a window (+{s.designations_possible} possible)" in s.verdict


def test_window_setting_changes_the_verdict(bundled_store):
    short = pressure_summary(bundled_store, *YEAR_2022, window_days=3)
    long = pressure_summary(bundled_store, *YEAR_2022, window_days=30)
    assert short.drew_statement < long.drew_statement
    assert "within 3 days" in short.verdict


@pytest.mark.xfail(reason=REASON_PRE_MERGE, strict=False)
def test_bins_follow_the_span(bundled_store):
    assert granularity_for(date(2022, 1, 1), date(2022, 12, 31)) == "month"
    assert granularity_for(date(2020, 1, 1), date(2023, 6, 30)) == "quarter"
    assert granularity_for(date(1984, 1, 1), date(2023, 6, 30)) == "year"
    quarters = make_bins(date(2020, 2, 10), date(2020, 12, 1), "quarter")
    assert [(b.label, b.start, b.end) for b in quarters][0] == ("Q1 2020", date(2020, 1, 1), date(2020, 3, 31))
    assert len(quarters) == 4
    everything = pressure_summary(bundled_store)
    assert everything.granularity == "year" and everything.bins[0].label == "1984"
    assert everything.bins[-1].launches_covered == "none"                  # after the CNS file's date


@pytest.mark.xfail(reason=REASON_PRE_MERGE, strict=False)
def test_coverage_comes_from_the_records(bundled_store):
    snapshots = {"OFAC SDN": ["2021-07-07", "2022-06-28"]}
    cov = data_coverage(load(bundled_store), snapshots)
    assert cov["launches"].start == date(1984, 4, 9) and cov["launches"].end == date(2023, 4, 19)
    assert cov["statements"].start == date(2022, 1, 10)
    assert cov["designations"].start == date(2021, 7, 8) and cov["designations"].end == date(2022, 6, 28)


def test_an_empty_store_covers_nothing(store):
    s = pressure_summary(store, *YEAR_2022)
    assert s.launch_events == 0 and "no launch events recorded (no launch data imported)" in s.verdict
    assert all(b.launches_covered == "none" and b.statements_covered == "none" for b in s.bins)
