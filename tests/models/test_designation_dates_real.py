"""Designation dates on the real files: the OFAC scrape history (308 versions) and OFAC's 2023 change archive."""
from __future__ import annotations

import subprocess
import sys
from datetime import date

import pytest

from conftest import PROJECT, shared_file
from models.analytics.ledger import ledger_table
from models.importers.ofac_changes_parse import parse_changes
from models.tables import build_table

pytestmark = pytest.mark.both_engines      # every store fixture in this file: SQLite, then PostgreSQL

SCRAPE = "ofac/scrape/sdn_csv_scrape_2021-08-18_2024-05-04.bundle"
ARCHIVE = "ofac/changes/sdnnew23.txt"
AIR_KORYO = {"39660": "RI, Sok", "39661": "YAN, Zhiyong"}


@pytest.fixture(scope="module")
def history(tmp_path_factory):
    """A store holding only the scrape history and the change archive (matched against its entries)."""
    from models.importers import import_files
    from models.store import Store

    files = [shared_file(SCRAPE), shared_file(ARCHIVE)]
    with Store(tmp_path_factory.mktemp("history") / "history.sqlite3") as store:
        report = import_files(store, files)
        yield store, report


def _claims(store, source_id: str, source_like: str) -> list[tuple]:
    return [tuple(r) for r in store.rows(
        "SELECT event, date_from, date_to, precision FROM designation_dates WHERE source_id = ? AND source LIKE ?"
        " ORDER BY claim_id", (source_id, source_like))]


def _dprk_additions_2023() -> dict[str, list[str]]:
    """The archive's DPRK-programme additions: action date -> the records' leading text."""
    actions, _notes = parse_changes(shared_file(ARCHIVE))
    out: dict[str, list[str]] = {}
    for a in actions:
        if a.event == "designated" and any(p.startswith("DPRK") for p in a.programs):
            out.setdefault(a.day, []).append(a.text)
    return out


def test_air_koryo_pair_is_dated_to_the_day_from_the_scrape(history):
    store, report = history
    assert any("is empty (0 bytes): skipped" in n for n in report.files[0].notes)
    assert store.scalar("SELECT COUNT(*) FROM series_versions") == 308
    for source_id in AIR_KORYO:
        assert _claims(store, source_id, "sdn.csv git history%") == [("designated", "2022-11-08", "2022-11-08", "day")]


def test_all_30_dprk_additions_of_2023_carry_the_archives_action_dates(history):
    store, _report = history
    rows = store.rows(
        "SELECT c.source_id, c.date_to, c.record_ref FROM designation_dates c JOIN series_entries e"
        " ON e.source_id = c.source_id WHERE c.source = 'OFAC change archive' AND c.event = 'designated'"
        " AND c.match = 'matched' AND e.programs LIKE '%DPRK%' AND c.date_to LIKE '2023-%'")
    archive_days = {r[0]: r[1] for r in rows}
    assert len(archive_days) == 30
    assert set(archive_days.values()) == set(_dprk_additions_2023())
    unresolved = store.scalar("SELECT COUNT(*) FROM designation_dates WHERE source = 'OFAC change archive'"
                              " AND match != 'matched' AND name LIKE '%[DPRK%'")
    assert unresolved == 0
    for source_id, day in archive_days.items():       # the scrape agrees to the day for every one of them
        assert _claims(store, source_id, "sdn.csv git history%")[-1][1:] == (day, day, "day")


def test_dprk_entries_first_listed_after_the_first_version_are_dated_within_15_days(history):
    store, _report = history
    first = store.scalar("SELECT day FROM series_versions WHERE seq = 0")
    later = [r[0] for r in store.rows("SELECT source_id FROM series_entries WHERE programs LIKE '%DPRK%'"
                                      " AND first_day > ?", (first,))]
    assert len(later) == 72
    for source_id in later:
        claim = _claims(store, source_id, "sdn.csv git history%")[0]
        assert claim[0] == "designated" and claim[3] in ("day", "window")
        assert (date.fromisoformat(claim[2]) - date.fromisoformat(claim[1])).days <= 15


def test_entries_of_the_first_version_are_listed_on_or_before_it(history):
    store, _report = history
    rows = store.rows("SELECT c.date_from, c.date_to, c.precision, e.programs LIKE '%DPRK%' FROM designation_dates c"
                      " JOIN series_entries e USING (source_id) WHERE c.source LIKE 'sdn.csv git history%'"
                      " AND c.event = 'designated' AND e.first_day = '2021-08-18' AND c.record_ref ="
                      " (SELECT version_ref FROM series_versions WHERE seq = 0)")
    assert len(rows) == 9083 and sum(r[3] for r in rows) == 414
    assert {tuple(r[:3]) for r in rows} == {(None, "2021-08-18", "on_or_before")}


def test_the_archive_import_reports_its_match_rate(history):
    _store, report = history
    notes = " ".join(report.files[1].notes)
    assert "6,675 records (114 action dates); matched" in notes
    assert all(r.startswith(("ambiguous: line", "unmatched: line")) for r in report.files[1].rejected)


# The bundled dataset (built from the same files by models.bundle)

def test_bundled_air_koryo_designations_are_dated_2022_11_08(bundled_store):
    table = build_table(bundled_store, "designations").set_index("source_id")
    for source_id, name in AIR_KORYO.items():
        row = table.loc[source_id]
        assert row["name"] == name
        assert (row["designated_on"], row["designated_precision"]) == ("2022-11-08", "day")
        assert row["designated_source"].startswith("sdn.csv git history")


def test_ledger_counts_them_five_to_six_days_after_the_november_launches(bundled_store):
    ids = {str(bundled_store.scalar("SELECT designation_id FROM designations WHERE source_id = ?", (s,)))
           for s in AIR_KORYO}
    ledger = ledger_table(bundled_store).set_index("launch_id")
    for launch_id, lag in (("L2022-11-02-1", 6), ("L2022-11-02-2", 6), ("L2022-11-03-1", 5)):
        row = ledger.loc[launch_id]
        assert ids <= set(row["designation_ids"].split("; "))
        assert not ids & set(row["possible_designation_ids"].split("; "))
        assert row["first_designation_lag_days"] == str(lag)


def test_bundled_2023_dprk_additions_match_the_archive(bundled_store):
    additions = _dprk_additions_2023()
    dated = bundled_store.rows("SELECT designated_to FROM designations WHERE programs LIKE '%DPRK%'"
                               " AND designated_precision = 'day' AND designated_source = 'OFAC change archive'"
                               " AND designated_to LIKE '2023-%'")
    assert len(dated) == 30 and {r[0] for r in dated} == set(additions)


def test_bundled_first_snapshot_entries_say_on_or_before(bundled_store):
    first = bundled_store.scalar("SELECT MIN(snapshot_date) FROM list_snapshots WHERE list_name = 'OFAC SDN'")
    rows = bundled_store.rows("SELECT designated_on, designated_to, designated_precision FROM designations"
                              " WHERE list_name = 'OFAC SDN' AND first_seen = ?", (first,))
    assert rows and {tuple(r) for r in rows} == {(None, first, "on_or_before")}
    from models.analytics.sanctions import log_frame

    log = log_frame(bundled_store)
    assert set(log[log["list"].eq("OFAC SDN") & ~log["known_date"]]["window"]) == {f"on or before {first}"}


def test_cli_designations_table_has_the_dated_columns(tmp_path):
    out = tmp_path / "designations.csv"
    done = subprocess.run([sys.executable, str(PROJECT / "main.py"), "--db", str(tmp_path / "cli.sqlite3"), "table",
                           "designations", str(out)], capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    header = out.read_text(encoding="utf-8").splitlines()[0].split(",")
    assert {"designated_on", "designated_precision", "designated_source"} <= set(header)
