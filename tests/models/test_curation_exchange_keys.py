"""Designation edits travel in an export-curation folder by list and list id ('OFAC SDN:20572'), not by the
database's own designation_id: another database that holds the list, with other ids, gets the edit on the
same entry; an entry it does not hold is reported, not guessed."""
from __future__ import annotations

import csv
import json

from models.curation import DesignationEdit, EditDesignation, SourceInput, export_curation
from models.importers import import_files
from tests.conftest import shared_file

PANEL = SourceInput("UN Panel of Experts", "https://undocs.org/S/2024/215", "2026-12-01", "acts for the bank")


def _id(store, list_name: str, source_id: str) -> int:
    return store.scalar("SELECT designation_id FROM designations WHERE list_name = ? AND source_id = ?",
                        (list_name, source_id))


def test_a_designation_edit_reaches_the_same_entry_in_a_database_with_other_ids(bundled_store, new_store, tmp_path):
    a = bundled_store
    bank, air = _id(a, "OFAC SDN", "20572"), _id(a, "OFAC SDN", "20520")          # KORYO BANK, AIR KORYO
    un = a.scalar("SELECT MIN(designation_id) FROM designations WHERE list_name = 'UN Consolidated'")
    un_key = "UN Consolidated:" + a.scalar("SELECT source_id FROM designations WHERE designation_id = ?", (un,))
    EditDesignation(DesignationEdit(bank, revenue_streams=["finance"], links=[air], sources=[PANEL])).apply(a)
    EditDesignation(DesignationEdit(un, notes="seen at Nampo", sources=[PANEL])).apply(a)
    export_curation(a, tmp_path / "out")
    with open(tmp_path / "out" / "curation_edits.csv", newline="", encoding="utf-8") as fh:
        edits = {(r["record_id"], r["field"]): r["value"] for r in csv.DictReader(fh)}
    assert json.loads(edits[("OFAC SDN:20572", "links")]) == ["OFAC SDN:20520"]
    assert ("OFAC SDN:20572", "revenue_streams") in edits and (un_key, "notes") in edits
    assert not any(rid.isdigit() for rid, _ in edits)

    b = new_store("other")                                  # the OFAC list alone, imported afresh: other ids
    import_files(b, [shared_file("ofac/2024-05-03/sdn.csv")])
    b_bank, b_air = _id(b, "OFAC SDN", "20572"), _id(b, "OFAC SDN", "20520")
    assert (b_bank, b_air) != (bank, air)
    report = import_files(b, [tmp_path / "out"])
    rejected = [r for f in report.files for r in f.rejected]
    assert len(rejected) == 1 and f"designation {un_key} is not in this database" in rejected[0]
    assert b.rows("SELECT stream, status FROM revenue_tags WHERE designation_id = ? AND status = 'confirmed'",
                  (b_bank,))[0][:] == ("finance", "confirmed")
    assert [r[0] for r in b.rows("SELECT to_id FROM designation_links WHERE from_id = ? AND source LIKE 'analyst:%'",
                                 (b_bank,))] == [b_air]
