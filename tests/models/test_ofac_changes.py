"""OFAC's dated change archive (sdnnewYY.txt): parsing, matching to list entries, and the dates it gives."""
from __future__ import annotations

import pytest

from conftest import FIXTURES
from models import designation_dates as dd
from models.errors import DataImportError
from models.importers import import_files
import models.importers.builtin  # noqa: F401  (registers the formats)
from models.importers.formats import detect_format

pytestmark = pytest.mark.both_engines      # every store in this file: SQLite, then PostgreSQL

CHANGES = FIXTURES / "sanctions" / "changes"
BROKEN = FIXTURES / "sanctions" / "broken"


@pytest.fixture
def matched(store):
    import_files(store, [CHANGES / "sdn_2023-03-10.csv"])
    report = import_files(store, [CHANGES / "sdnnew_small.txt"]).files[0]
    return store, report


def test_recognised_from_content():
    assert detect_format(CHANGES / "sdnnew_small.txt") == "ofac_changes_txt"


def rows(store) -> dict:
    out: dict = {}
    for r in store.rows("SELECT source_id, event, date_to, match, record_ref FROM designation_dates"
                        " ORDER BY claim_id"):
        out.setdefault(r[0], []).append((r[1], r[2], r[3]))
    return out


def test_each_action_is_matched_by_name_type_and_programme(matched):
    store, report = matched
    claims = rows(store)
    # two records (name and alias) of one entry make one claim; its removal is dated too
    assert claims["201"] == [("designated", "2023-03-01", "matched"), ("removed", "2023-03-20", "matched")]
    assert claims["202"] == [("designated", "2023-03-01", "matched")]            # individual, comma in the name
    assert claims["205"] == [("designated", "2023-03-01", "matched")]            # vessel: name ends at a word
    assert claims["206"] == [("changed", "2023-03-02", "matched")]               # matched on the new text


def test_the_report_gives_the_match_rate_and_lists_ambiguous_and_unmatched(matched):
    store, report = matched
    assert any("8 records (3 action dates); matched 6 (75.0%), ambiguous 1, unmatched 1" in n for n in report.notes)
    assert any(r.startswith("ambiguous: line") and "TWIN TRADING" in r and "203, 204" in r for r in report.rejected)
    assert any(r.startswith("unmatched: line") and "NOBODY KNOWN LTD" in r for r in report.rejected)
    unresolved = {tuple(r) for r in store.rows("SELECT match, name FROM designation_dates WHERE source_id IS NULL")}
    assert {m for m, _n in unresolved} == {"ambiguous", "unmatched"}
    twins = store.rows("SELECT designated_precision FROM designations WHERE source_id IN ('203', '204')")
    assert {r[0] for r in twins} == {"on_or_before"}                # never a guessed date


def test_an_official_date_beats_the_snapshot_and_reimport_changes_nothing(matched):
    store, _report = matched
    row = store.rows("SELECT designated_on, designated_to, designated_precision, designated_source, removed_from,"
                     " removed_on, removed_precision FROM designations WHERE source_id = '201'")[0]
    assert tuple(row) == ("2023-03-01", "2023-03-01", "day", "OFAC change archive",
                          "2023-03-20", "2023-03-20", "day")
    before = [tuple(r) for r in store.rows("SELECT * FROM designations ORDER BY designation_id")]
    again = import_files(store, [CHANGES / "sdnnew_small.txt"]).files[0]
    assert (again.added, again.updated) == (0, 0) and again.unchanged > 0
    assert [tuple(r) for r in store.rows("SELECT * FROM designations ORDER BY designation_id")] == before


def test_before_the_list_nothing_matches_and_the_report_says_why(store):
    report = import_files(store, [CHANGES / "sdnnew_small.txt"]).files[0]
    assert any("matched 0 (0.0%)" in n for n in report.notes)
    assert any("import the list or its snapshot series first" in n for n in report.notes)


def test_disagreeing_sources_are_both_kept_and_shown(matched):
    store, _report = matched
    did = store.scalar("SELECT designation_id FROM designations WHERE source_id = '202'")
    fid = store.scalar("SELECT MIN(file_id) FROM source_files")
    with store.transaction() as conn:
        conn.execute("INSERT INTO designation_dates (list_name, source_id, event, date_from, date_to, precision,"
                     " source, rank, basis, file_id) VALUES ('OFAC SDN', '202', 'designated', '2023-02-20',"
                     " '2023-02-21', 'window', 'a scrape', 2, 'test', ?)", (fid,))
        dd.refresh(conn)
    found = dd.claims(store.conn, did)
    assert dd.best(found, "designated").source == "OFAC change archive"
    assert [c.source for c in dd.disagreements(found)] == ["a scrape"]
    from models.analytics.sanctions import details

    verdicts = {(row[3], row[2]) for row in details(store, did).dates}
    assert ("OFAC change archive", "used") in verdicts and ("a scrape", "disagrees with the one used") in verdicts


@pytest.mark.parametrize("name, problem, line", [
    ("changes_bad_date.txt", "not a valid MM/DD/YY date", 4),
    ("changes_no_action.txt", "without a paragraph saying whether it was added", 6),
    ("changes_change_without_to.txt", "without ' -to- '", 8),
    ("changes_truncated.txt", "the file may be truncated", 8),
])
def test_broken_archives_name_file_line_and_problem_and_change_nothing(store, name, problem, line):
    import_files(store, [CHANGES / "sdn_2023-03-10.csv"])
    before = store.scalar("SELECT COUNT(*) FROM source_files")
    with pytest.raises(DataImportError) as err:
        import_files(store, [BROKEN / name])
    assert problem in str(err.value) and err.value.line == line and name in str(err.value)
    assert store.scalar("SELECT COUNT(*) FROM source_files") == before
    assert store.scalar("SELECT COUNT(*) FROM designation_dates") == 0


def test_a_newer_copy_of_the_years_archive_replaces_the_older_copys_claims(store, tmp_path):
    # sdnnewYY.txt is re-published all year: the copy of 2 March (no removal yet), then the full one of 20 March
    import_files(store, [CHANGES / "sdn_2023-03-10.csv"])
    full = (CHANGES / "sdnnew_small.txt").read_text()
    older = tmp_path / "sdnnew23.txt"
    older.write_text(full[:full.index("03/20/23:")])
    import_files(store, [older])
    assert rows(store)["201"] == [("designated", "2023-03-01", "matched")]
    report = import_files(store, [CHANGES / "sdnnew_small.txt"]).files[0]
    assert any(n.startswith("supersedes sdnnew23.txt (actions to 2023-03-02)") for n in report.notes)
    claims = rows(store)
    assert claims["201"] == [("designated", "2023-03-01", "matched"), ("removed", "2023-03-20", "matched")]
    assert claims["202"] == [("designated", "2023-03-01", "matched")]            # once, not once per copy
    assert store.scalar("SELECT COUNT(DISTINCT file_id) FROM designation_dates WHERE source = 'OFAC change archive'") == 1
    # the older copy imported again afterwards stores nothing and says why
    again = import_files(store, [older]).files[0]
    assert any(n.startswith("superseded: sdnnew_small.txt (actions to 2023-03-20)") for n in again.notes)
    assert rows(store) == claims
