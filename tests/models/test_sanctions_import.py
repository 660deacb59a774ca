"""Sanctions list importers on the synthetic fixtures: OFAC CSV set, OFAC XML, UN XML."""
from __future__ import annotations

import os
import shutil

import pytest

from conftest import FIXTURES
from helpers import fingerprint
from models.errors import SnapshotDateNeeded
from models.importers import ImportOptions, builtin, import_files  # noqa: F401 (builtin registers sniffers)
from models.importers.formats import detect_format
from models.tables import build_table

pytestmark = pytest.mark.both_engines      # every store in this file: SQLite, then PostgreSQL

SANCTIONS = FIXTURES / "sanctions"
SET = SANCTIONS / "set_2020-02-01"
SET_FILES = [SET / "sdn.csv", SET / "add.csv", SET / "alt.csv", SET / "sdn_comments.csv"]


def entry(store, source_id, list_name="OFAC SDN"):
    return store.rows("SELECT * FROM designations WHERE list_name = ? AND source_id = ?", (list_name, source_id))[0]


def identifiers(store, source_id):
    return {(r[0], r[1], r[2]) for r in store.rows(
        "SELECT id_type, id_value, country FROM designation_identifiers JOIN designations USING (designation_id)"
        " WHERE source_id = ?", (source_id,))}


def test_formats_are_sniffed_from_content():
    assert [detect_format(p) for p in SET_FILES] == ["ofac_csv", "ofac_add_csv", "ofac_alt_csv", "ofac_comments_csv"]
    assert detect_format(SANCTIONS / "un_small.xml") == "un_xml"
    assert detect_format(SANCTIONS / "ofac_small.xml") == "ofac_xml"


def test_csv_set_with_companions(store):
    report = import_files(store, SET_FILES)
    file_report = report.files[0]
    assert (file_report.format, file_report.added) == ("ofac_csv", 8)
    notes = "\n".join(file_report.notes)
    assert "date in the folder name 'set_2020-02-01'" in notes
    assert "add.csv: 1 rows name an ent_num that is not in sdn.csv" in notes
    assert "NONEXISTENT HOLDING LTD" in notes                       # unresolved link reported, not invented
    assert store.scalar("SELECT snapshot_date FROM list_snapshots") == "2020-02-01"
    assert store.scalar("SELECT COUNT(*) FROM designation_addresses") == 4
    assert store.scalar("SELECT COUNT(*) FROM designation_aliases") == 4
    assert store.scalar("SELECT COUNT(*) FROM source_files") == 4
    kim = entry(store, "103")
    assert (kim["type"], kim["programs"], kim["nationality"], kim["title"]) == \
        ("individual", "NPWMD; DPRK2", "Korea, North", "Representative")
    assert kim["listed_on"] is None                                 # OFAC CSV never gives it
    assert {("DOB", "01 Jan 1970", None), ("Gender", "Male", None),
            ("Passport", "123456789", "Korea, North")} <= identifiers(store, "103")
    vessel = identifiers(store, "104")
    assert {("IMO", "9999991", None), ("MMSI", "445000001", None), ("Vessel Flag", "Korea, North", None),
            ("Vessel Type", "Oil Products Tanker", None), ("Call Sign", "HMAB1", None)} <= vessel
    assert {("Website", "www.example.com", None), ("Email", "info@example.com", None)} <= identifiers(store, "105")
    assert entry(store, "108")["remarks"].endswith("Long remarks that continues in the comments file.")
    links = build_table(store, "links")
    assert set(zip(links.from_name, links.to_name)) == {
        ("KIM, Example", "KOREA KWANGSON EXAMPLE BANKING CORP"),
        ("EXAMPLE STAR", "KOREA EXAMPLE TRADING CORPORATION"), ("SMITH, Jane", "KIM, Example")}


def test_dprk_flags_say_why(store):
    import_files(store, SET_FILES)
    reasons = {r[0]: (r[1], r[2]) for r in store.rows("SELECT source_id, dprk, dprk_reason FROM designations")}
    assert reasons["101"] == (1, "DPRK programme: DPRK3")
    assert reasons["102"][0] == 1 and "North Korea Sanctions Regulations" in reasons["102"][1]
    assert reasons["106"] == (1, "linked to KIM, Example (103), which is DPRK-related")
    assert reasons["105"] == (0, None) and reasons["107"] == (0, None)
    frame = build_table(store, "designations")
    assert list(frame.columns) == ["designation_id", "authority", "list", "source_id", "name", "type", "programs",
                                   "dprk", "nationality", "listed_on", "first_seen", "last_seen", "removed_on",
                                   "designated_on", "designated_to", "designated_precision", "designated_source",
                                   "removed_from", "removed_precision", "removed_source", "alias_count", "address_count", "link_count", "aliases_as_of",
                                   "addresses_as_of"]
    assert set(frame.dprk) == {"yes", "no"} and len(frame) == 8


def test_reimport_changes_nothing(store):
    import_files(store, SET_FILES)
    before = fingerprint(store)
    report = import_files(store, SET_FILES)
    assert (report.files[0].added, report.files[0].updated, report.files[0].unchanged) == (0, 0, 8)
    assert fingerprint(store) == before


def test_snapshot_date_basis(store, tmp_path):
    report = import_files(store, [SET / "sdn.csv"], ImportOptions(as_of="2020-02-05"))
    assert "snapshot date 2020-02-05: given by the user" in report.files[0].notes[0]
    report = import_files(store, [SANCTIONS / "history" / "sdn_2020-01-01.csv"])
    assert "date in the file name 'sdn_2020-01-01.csv'" in report.files[0].notes[0]
    plain = tmp_path / "plain" / "sdn.csv"
    plain.parent.mkdir()
    shutil.copy(SET / "sdn.csv", plain)
    os.utime(plain, (1_600_000_000, 1_600_000_000))                 # a file time is never a snapshot date
    before = fingerprint(store)
    report = import_files(store, [plain])                           # the same content: the same snapshot
    assert report.files[0].notes[0] == ("snapshot date 2020-02-05: the same content (SHA-256) was imported "
                                        "before with this date")
    assert fingerprint(store) == before
    plain.write_bytes(plain.read_bytes().replace(b"\r\n", b"\n"))   # other content, no date anywhere
    with pytest.raises(SnapshotDateNeeded, match="sdn.csv: the file carries no snapshot date.*--as-of"):
        import_files(store, [plain])
    assert fingerprint(store) == before
    dates = [r[0] for r in store.rows("SELECT snapshot_date FROM list_snapshots ORDER BY 1")]
    assert dates == ["2020-01-01", "2020-02-05"]


def test_consolidated_csv_set_gets_its_own_list(store, tmp_path):
    folder = tmp_path / "2021-01-01_cons"
    folder.mkdir()
    for name, target in (("sdn.csv", "cons_prim.csv"), ("add.csv", "cons_add.csv"), ("alt.csv", "cons_alt.csv")):
        shutil.copy(SET / name, folder / target)
    import_files(store, sorted(folder.iterdir()))
    assert store.scalar("SELECT DISTINCT list_name FROM designations") == "OFAC Consolidated (non-SDN)"
    assert store.scalar("SELECT COUNT(*) FROM designation_addresses") == 4


def test_un_xml(store):
    report = import_files(store, [SANCTIONS / "un_small.xml"])
    assert report.files[0].added == 3
    assert store.scalar("SELECT snapshot_date FROM list_snapshots") == "2025-01-15"
    rows = {r["source_id"]: r for r in store.rows("SELECT * FROM designations")}
    kim = rows["KPi.901"]
    assert (kim["name"], kim["authority"], kim["listed_on"], kim["dprk"], kim["list_name"]) == \
        ("KIM EXAMPLE", "UN 1718 Committee", "2016-03-02", 1, "UN Consolidated")
    assert kim["remarks"] == "Official of an example bureau;\nhandles procurement."
    assert rows["QDi.901"]["authority"] == "UN Security Council (1267/1989/2253 Committee)"
    assert rows["QDi.901"]["dprk"] == 0
    assert rows["KPe.901"]["type"] == "entity"
    assert ("Passport", "PS-1", "Democratic People's Republic of Korea") in identifiers(store, "KPi.901")
    assert store.scalar("SELECT COUNT(*) FROM designation_aliases") == 3   # empty alias element skipped


def test_ofac_xml_any_namespace(store):
    report = import_files(store, [SANCTIONS / "ofac_small.xml"])
    assert report.files[0].added == 2
    assert store.scalar("SELECT snapshot_date FROM list_snapshots") == "2024-03-15"
    vessel = entry(store, "502")
    assert (vessel["type"], vessel["dprk"]) == ("vessel", 1)
    assert vessel["dprk_reason"].startswith("linked to EXAMPLE SHIPPING CO LTD")
    assert ("IMO", "9000001", None) in identifiers(store, "502")
    assert store.scalar("SELECT COUNT(*) FROM designation_links") == 1


@pytest.mark.parametrize("as_of", ["2020-13-01", "yesterday"])
def test_bad_as_of_is_refused(store, as_of):
    from models.errors import DataImportError

    with pytest.raises(DataImportError, match="not YYYY-MM-DD"):
        import_files(store, [SET / "sdn.csv"], ImportOptions(as_of=as_of))


def test_ambiguous_link_names_use_the_shared_programme(store, tmp_path):
    path = tmp_path / "sdn_2021-01-01.csv"
    rows = ['1,"MINISTRY OF EXAMPLE",-0- ,"DPRK3",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ',
            '2,"MINISTRY OF EXAMPLE",-0- ,"CAATSA - RUSSIA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ',
            '3,"A, B","individual","CAATSA - RUSSIA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"Linked To: MINISTRY OF EXAMPLE."',
            '4,"C, D","individual","SDGT",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"Linked To: MINISTRY OF EXAMPLE."']
    path.write_bytes(("\r\n".join(rows) + "\r\n").encode("cp1252") + b"\x1a")
    report = import_files(store, [path])
    assert any("1 'Linked To' names match several entries" in n and "4 -> MINISTRY" in n
               for n in report.files[0].notes)
    links = build_table(store, "links")
    assert list(zip(links.from_name, links.to_id)) == [("A, B", entry(store, "2")["designation_id"])]
    assert entry(store, "3")["dprk"] == 0                                # not linked to the DPRK ministry


def test_content_json_is_byte_for_byte_the_standard_encoder_so_stored_hashes_still_match():
    # A snapshot imported before (json module) and the same content imported now (orjson) must hash alike,
    # or re-importing the same file would replace the snapshot instead of changing nothing.
    from models.importers.sanctions_entry import CONTENT_ENCODER, Entry, content_hash, encode_content

    entry = Entry("1", 'KIM "Jong" \\ \u202eGNOJ\x00\x1f\x7f \u2028 Ünïcödé 金正恩 \U0001F600', "individual", "OFAC",
                  ["DPRK3", "DPRK\tNK"], remarks="line\r\nbreak\b\f", aliases=[["A/B", "a.k.a.", None]])
    for uncovered in ((), ("addresses", "aliases", "comments")):
        content = entry.content(uncovered)
        expected = CONTENT_ENCODER.encode(content)
        assert encode_content(content) == expected.encode("utf-8")
        assert entry.content_json(uncovered) == expected
        assert content_hash(encode_content(content)) == content_hash(expected)
