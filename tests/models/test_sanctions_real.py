"""The sanctions importers on the real public lists in ../shared/data (see PROVENANCE.md sections 2, 3, 5)."""
from __future__ import annotations

import csv
import random

import pytest

from conftest import shared_file
from helpers import fingerprint
from models.changes import list_changes
from models.importers import ImportOptions, import_files
from models.tables import build_table
from models.store import Store

pytestmark = pytest.mark.both_engines      # every store fixture in this file: SQLite, then PostgreSQL

HISTORY = ["ofac/history/sdn_2021-08-18.csv", "ofac/history/sdn_2021-12-30.csv", "ofac/history/sdn_2022-06-28.csv",
           "ofac/history/sdn_2022-12-28.csv", "ofac/history/sdn_2023-12-28.csv", "ofac/2024-05-03/sdn.csv"]


def test_sdn_2024(store):
    report = import_files(store, [shared_file("ofac/2024-05-03/sdn.csv")])
    assert report.files[0].added == 14965
    assert store.scalar("SELECT COUNT(*) FROM designations WHERE list_name = 'OFAC SDN'") == 14965
    programmes = [r[0] for r in store.rows("SELECT programs FROM designations")]
    assert sum(1 for p in programmes if "DPRK" in p) == 484
    assert "date in the folder name '2024-05-03'" in report.files[0].notes[0]
    kwangson = store.rows("SELECT * FROM designations WHERE name = 'KOREA KWANGSON BANKING CORP'")[0]
    assert kwangson["programs"] == "NPWMD" and kwangson["dprk"] == 1
    assert "North Korea Sanctions Regulations" in kwangson["dprk_reason"]
    linked = store.scalar(
        "SELECT COUNT(*) FROM designation_links l JOIN designations t ON t.designation_id = l.to_id"
        " WHERE t.name = 'KOREA KWANGSON BANKING CORP'")
    assert linked >= 1
    flagged = store.scalar("SELECT COUNT(*) FROM designations WHERE dprk = 1")
    assert flagged > 484 and store.scalar("SELECT COUNT(*) FROM designations WHERE dprk = 1 AND"
                                          " (dprk_reason IS NULL OR dprk_reason = '')") == 0
    before = fingerprint(store)
    again = import_files(store, [shared_file("ofac/2024-05-03/sdn.csv")])
    assert (again.files[0].added, again.files[0].updated, again.files[0].unchanged) == (0, 0, 14965)
    assert fingerprint(store) == before


def test_2021_trio(store):
    files = [shared_file(f"ofac/2021-07-07/{n}.csv") for n in ("sdn", "add", "alt")]
    import_files(store, files)
    assert store.scalar("SELECT COUNT(*) FROM designations") == 8976
    assert store.scalar("SELECT COUNT(*) FROM designation_addresses") == 13837
    assert store.scalar("SELECT COUNT(*) FROM designation_aliases") == 11910
    for table in ("designation_addresses", "designation_aliases", "designation_identifiers"):
        assert store.scalar(f"SELECT COUNT(*) FROM {table} WHERE designation_id NOT IN"
                            " (SELECT designation_id FROM designations)") == 0
    dprk_programme = "(SELECT designation_id FROM designations WHERE programs LIKE '%DPRK%')"
    assert store.scalar(f"SELECT COUNT(*) FROM {dprk_programme}") == 414
    assert store.scalar(f"SELECT COUNT(*) FROM designation_addresses WHERE designation_id IN {dprk_programme}") == 536
    assert store.scalar(f"SELECT COUNT(*) FROM designation_aliases WHERE designation_id IN {dprk_programme}") == 322


def test_un_list(store):
    report = import_files(store, [shared_file("un/consolidated.xml")])
    assert report.files[0].added == 1003
    assert store.scalar("SELECT snapshot_date FROM list_snapshots") == "2026-02-27"
    rows = store.rows("SELECT type, COUNT(*), COUNT(listed_on) FROM designations"
                      " WHERE authority = 'UN 1718 Committee' GROUP BY type ORDER BY type")
    assert [tuple(r) for r in rows] == [("entity", 75, 75), ("individual", 80, 80)]
    assert store.scalar("SELECT COUNT(*) FROM designations WHERE dprk = 1") == 155
    years = dict(store.rows("SELECT substr(listed_on, 1, 4), COUNT(*) FROM designations WHERE dprk = 1 GROUP BY 1"))
    assert years == {"2009": 13, "2012": 3, "2013": 15, "2014": 1, "2016": 49, "2017": 52, "2018": 22}


def test_ofac_xml_sample(store):
    import_files(store, [shared_file("ofac/2018-04-06_consolidated_xml/consolidated.xml")])
    assert store.scalar("SELECT COUNT(*) FROM designations") == 639
    assert store.rows("SELECT list_name, snapshot_date FROM list_snapshots")[0][:] == \
        ("OFAC Consolidated (non-SDN)", "2018-04-06")
    assert store.scalar("SELECT COUNT(*) FROM designations WHERE dprk = 1") == 0


def history_state(store: Store) -> list[tuple]:
    return sorted(map(tuple, store.rows(
        "SELECT source_id, first_seen, last_seen, removed_on, name, programs, dprk, content_hash FROM designations")))


@pytest.fixture(scope="module")
def history_store(tmp_path_factory):
    files = [shared_file(f) for f in HISTORY]
    with Store(tmp_path_factory.mktemp("sdn_history") / "db.sqlite3") as store:
        import_files(store, files)
        yield store


def test_six_snapshots_in_any_order(history_store, tmp_path):
    files = [shared_file(f) for f in HISTORY]
    random.Random(20240503).shuffle(files)
    assert files != [shared_file(f) for f in HISTORY]
    with Store(tmp_path / "shuffled.sqlite3") as store:
        for path in files:                               # one import per file, in shuffled order
            import_files(store, [path])
        assert history_state(store) == history_state(history_store)
    first_seen = dict(history_store.rows("SELECT first_seen, COUNT(*) FROM designations GROUP BY 1"))
    assert sum(first_seen.values()) == history_store.scalar("SELECT COUNT(*) FROM designations")
    assert history_store.scalar("SELECT COUNT(*) FROM list_snapshots") == 6


def _plain(path) -> dict[str, list[str]]:
    with open(path, encoding="cp1252", newline="") as fh:
        return {row[0]: row for row in csv.reader(fh) if len(row) > 1}


def test_changes_match_a_plain_csv_comparison(history_store):
    old = _plain(shared_file("ofac/history/sdn_2022-06-28.csv"))
    new = _plain(shared_file("ofac/history/sdn_2022-12-28.csv"))
    changes = list_changes(history_store, "OFAC SDN", "2022-06-28", "2022-12-28")
    assert (changes.from_date, changes.to_date) == ("2022-06-28", "2022-12-28")
    assert {c.source_id for c in changes.added} == new.keys() - old.keys()
    assert {c.source_id for c in changes.removed} == old.keys() - new.keys()
    assert {c.source_id for c in changes.amended} == {k for k in old.keys() & new.keys() if old[k] != new[k]}
    assert changes.added and changes.removed and changes.amended


def test_changes_to_a_snapshot_with_companions_compare_only_shared_parts(tmp_path):
    """2023-12-28 has no add/alt/comments, 2024-05-03 is imported with the 2025-12-24 ones."""
    newest = [shared_file(f"ofac/2025-12-24/{n}.csv") for n in ("add", "alt", "sdn_comments")]
    with Store(tmp_path / "db.sqlite3") as store:
        import_files(store, [shared_file("ofac/history/sdn_2023-12-28.csv")])
        import_files(store, [shared_file("ofac/2024-05-03/sdn.csv"), *newest])
        changes = list_changes(store, "OFAC SDN", "2023-12-28", "2024-05-03")
        assert changes.not_compared == ["addresses", "aliases", "comments"]
        old = _plain(shared_file("ofac/history/sdn_2023-12-28.csv"))
        new = _plain(shared_file("ofac/2024-05-03/sdn.csv"))
        differ = {k for k in old.keys() & new.keys() if old[k] != new[k]}
        amended = {c.source_id for c in changes.amended}
        assert len(amended) < len(old.keys() & new.keys()) / 10 and amended <= differ
        assert len(differ - amended) <= 5                  # remarks continued in sdn_comments.csv only
        # the newest snapshot covers aliases and addresses: the current rows have them, dated 2024-05-03
        dprk = store.rows("SELECT designation_id FROM designations WHERE programs LIKE '%DPRK%' AND removed_on IS NULL")
        assert len(dprk) == 484
        with_addresses = store.scalar(
            "SELECT COUNT(DISTINCT a.designation_id) FROM designation_addresses a JOIN designations d"
            " USING (designation_id) WHERE d.programs LIKE '%DPRK%' AND removed_on IS NULL")
        assert with_addresses == 481
        # a newer snapshot without companions keeps those aliases and addresses, with their date
        import_files(store, [shared_file("ofac/2024-05-03/sdn.csv")], ImportOptions(as_of="2024-06-01"))
        assert store.scalar("SELECT COUNT(DISTINCT a.designation_id) FROM designation_addresses a JOIN designations d"
                            " USING (designation_id) WHERE d.programs LIKE '%DPRK%' AND removed_on IS NULL") == 481
        frame = build_table(store, "designations")
        assert set(frame[frame.removed_on.isna()].last_seen) == {"2024-06-01"}
        assert set(frame.aliases_as_of.dropna()) == {"2024-05-03"}
        again = list_changes(store, "OFAC SDN", "2024-05-03", "2024-06-01")
        assert not (again.added or again.removed or again.amended)
