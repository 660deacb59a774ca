"""Coverage as data (models.coverage) and the response vocabulary (models.response_vocabulary)."""
from __future__ import annotations

import pytest

from datetime import date

from models import coverage as cov
from models import response_vocabulary as vocab

pytestmark = pytest.mark.both_engines      # every store in this file: SQLite, then PostgreSQL


def test_bundled_coverage_is_read_from_the_store(bundled_store):
    c = cov.load(bundled_store)
    # CNS rows and snapshot (to 2023-04-19), then the preliminary nagix file to its last launch
    assert c.ranges(cov.LAUNCHES) == [(date(1984, 4, 9), date(2026, 4, 18))]
    assert [s.source for s in c.of(cov.LAUNCHES)] == ["CNS North Korea Missile Test Database",
                                                     "nagix North Korea missile tests, preliminary (third-party)"]
    assert c.of(cov.LAUNCHES)[0].end == date(2023, 4, 19)
    # the register's years: the 2022 files, and the 2023-2026 files whose records run to 2024
    assert c.ranges(cov.STATEMENTS) == [(date(2022, 1, 1), date(2024, 12, 31))]
    assert c.ranges(cov.VOTES) == [(date(2022, 1, 1), date(2024, 12, 31))]
    assert c.ranges(cov.DESIGNATIONS, "OFAC") == [(date(2021, 7, 8), date(2024, 5, 3))]   # after the 1st snapshot
    assert c.ranges(cov.DESIGNATIONS, "UN 1718 Committee")[0][0] == date(2009, 4, 24)
    year = lambda y: (date(y, 1, 1), date(y, 12, 31))                              # noqa: E731
    assert c.status(cov.STATEMENTS, *year(2022)) == cov.COVERED
    assert c.status(cov.STATEMENTS, *year(2021)) == cov.NOT_COVERED
    assert c.status(cov.STATEMENTS, *year(2025)) == cov.NOT_COVERED
    assert c.status(cov.LAUNCHES, *year(2023)) == cov.COVERED                       # CNS, then nagix
    assert c.status(cov.LAUNCHES, *year(2026)) == cov.PARTIAL
    assert c.status(cov.LAUNCHES, date(2026, 5, 1), date(2026, 11, 30)) == cov.NOT_COVERED
    assert c.status(cov.DESIGNATIONS, *year(2016)) == cov.PARTIAL and c.missing(cov.DESIGNATIONS, *year(2016)) == ["OFAC"]
    assert "US-led joint statements" in c.describe(cov.STATEMENTS)
    assert c.uncovered(cov.LAUNCHES, *year(2026)) == [(date(2026, 4, 19), date(2026, 12, 31))]
    assert cov.latest_covered_full_year(bundled_store) == 2025
    assert cov.default_period(bundled_store) == year(2025)


def test_coverage_follows_the_data_not_a_year_in_the_code(bundled_store):
    """A statement of another year extends the register's coverage to that year; nothing else changes."""
    with bundled_store.transaction() as conn:
        fid = conn.execute("INSERT INTO source_files (dataset, format, file_name, sha256, imported_at) VALUES"
                           " ('statements', 'statements', 'statements_2026.csv', 'x', '2027-01-01T00:00:00Z')"
                           ).lastrowid
        conn.execute("INSERT INTO statements (statement_id, kind, series_id, date, title, file_id)"
                     " VALUES ('JS2026-01', 'joint_statement', 'us_led', '2026-11-05', 't', ?)", (fid,))
    c = cov.load(bundled_store)
    assert c.ranges(cov.STATEMENTS) == [(date(2022, 1, 1), date(2024, 12, 31)), (date(2026, 1, 1), date(2026, 12, 31))]
    assert c.status(cov.STATEMENTS, date(2026, 1, 1), date(2026, 12, 31)) == cov.COVERED
    assert c.status(cov.STATEMENTS, date(2025, 1, 1), date(2025, 12, 31)) == cov.NOT_COVERED
    assert c.status(cov.VOTES, date(2026, 1, 1), date(2026, 12, 31)) == cov.NOT_COVERED     # no vote file of 2026


def test_an_empty_store_covers_nothing(store):
    c = cov.load(store)
    assert c.status(cov.LAUNCHES, None, None) == cov.NOT_COVERED
    assert cov.latest_covered_full_year(store) is None and cov.default_period(store) == (None, None)


def test_the_vocabulary_orders_the_terms_and_never_says_no_response_without_coverage():
    assert vocab.classify(1, 1, 1, ["OFAC"]) == vocab.STATEMENT_OR_VOTE
    assert vocab.classify(0, 2, 1, []) == vocab.DESIGNATION_DATED
    assert vocab.classify(0, 0, 3, ["joint statements"]) == vocab.DESIGNATION_POSSIBLE
    assert vocab.classify(0, 0, 0, ["joint statements"]) == vocab.NOT_COVERED
    assert vocab.classify(0, 0, 0, []) == vocab.NO_RESPONSE
    assert vocab.cell_text(vocab.NOT_COVERED, ["joint statements", "OFAC"]) == "not covered (joint statements, OFAC)"
    assert not vocab.TERMS[vocab.DESIGNATION_POSSIBLE].counts_as_response
    text = vocab.definition_text()
    assert all(t.label in text for t in vocab.TERMS.values())



def test_statement_series_and_venues_are_covered_where_a_register_file_holds_them(bundled_store):
    """The 2022 files hold UN statements only; the 2023-2026 files hold G7 foreign ministers' statements too: G7
    is 'not covered' in 2022 although the register covers that year's UN statements."""
    from models.statement_kinds import G7_VENUE, UN_VENUE

    c = cov.load(bundled_store)
    year = lambda y: (date(y, 1, 1), date(y, 12, 31))                              # noqa: E731
    held = {}
    for first, last, series in bundled_store.rows(
            "SELECT MIN(date), MAX(date), series_id FROM statements WHERE series_id IS NOT NULL GROUP BY series_id"):
        held[series] = (int(first[:4]), int(last[:4]))
    assert set(c.scopes(cov.SERIES)) == set(held)
    assert c.venues() == sorted({G7_VENUE, UN_VENUE})
    first_g7 = held["g7"][0]
    assert c.venue_status(G7_VENUE, *year(first_g7)) == cov.COVERED
    assert c.venue_status(G7_VENUE, *year(first_g7 - 1)) == cov.NOT_COVERED
    assert c.status(cov.STATEMENTS, *year(first_g7 - 1)) == cov.COVERED                # the UN statements are
    assert c.venue_status(UN_VENUE, *year(first_g7 - 1)) == cov.COVERED
    assert c.series_status("e10", *year(held["e10"][0])) == cov.COVERED
    assert c.series_status("e10", *year(held["e10"][0] + 1)) == cov.NOT_COVERED
    assert c.venue_note(G7_VENUE).startswith(f"{G7_VENUE} (the register covers them {first_g7}-01-01 to")
    assert c.venue_note(G7_VENUE) in c.note(cov.STATEMENTS, *year(first_g7 - 1))      # said in every coverage note
    assert "venues not covered" not in c.note(cov.STATEMENTS, *year(first_g7))
