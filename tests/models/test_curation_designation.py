"""Designation edits: the designation date with its source, confirmed revenue streams, notes and links;
the ledger reads the analyst's date; undo restores the imported date and tags exactly."""
from __future__ import annotations

import pytest

from models.analytics.ledger_data import load
from models.curation import (
    CurationRefused, DesignationEdit, EditDesignation, SourceInput, audit_trail, designation_notes,
    validate_designation_edit)

pytestmark = pytest.mark.both_engines      # every store in this file: SQLite, then PostgreSQL

TREASURY = SourceInput("US Treasury press release", "https://home.treasury.gov/news/press-releases/jy0000",
                       "2026-12-01", "designated today")


def _state(store, did):
    return (store.rows("SELECT designated_on, designated_to, designated_precision, designated_source FROM designations"
                       " WHERE designation_id = ?", (did,))[0][:],
            [tuple(r) for r in store.rows("SELECT stream, status, reason FROM revenue_tags WHERE designation_id = ?"
                                          " ORDER BY stream", (did,))],
            [tuple(r) for r in store.rows("SELECT to_id, relation FROM designation_links WHERE from_id = ?"
                                          " ORDER BY to_id", (did,))])


def test_designation_edit_reaches_the_ledger_and_undo_restores_the_import(bundled_store):
    store = bundled_store
    did, other = [r[0] for r in store.rows("SELECT designation_id FROM designations WHERE dprk = 1"
                                           " AND designated_precision != 'day' ORDER BY designation_id LIMIT 2")]
    before = _state(store, did)
    edit = EditDesignation(DesignationEdit(did, "2022-11-08", TREASURY, ["shipping"], "seen at Nampo", [other],
                                           [TREASURY]), user="analyst-d")
    edit.apply(store)
    dated = {d.designation_id: d for d in load(store).designations}[did]
    assert dated.lo.isoformat() == dated.hi.isoformat() == "2022-11-08"
    _dates, tags, links = _state(store, did)
    assert ("shipping", "confirmed") in [t[:2] for t in tags] and all(t[1] != "confirmed" or t[0] == "shipping"
                                                                      for t in tags)
    assert (other, "associated") in links
    assert designation_notes(store, did) == "seen at Nampo"
    assert "US Treasury press release" in audit_trail(store)["source"].iloc[0]

    edit.revert(store)
    assert _state(store, did) == before
    assert designation_notes(store, did) == ""


def test_a_designation_date_without_its_source_is_refused(bundled_store):
    did = bundled_store.scalar("SELECT designation_id FROM designations WHERE dprk = 1 LIMIT 1")
    problems = validate_designation_edit(bundled_store, DesignationEdit(did, "2022-11-08"))
    assert [p.field for p in problems] == ["date_source"]
    with pytest.raises(CurationRefused):
        EditDesignation(DesignationEdit(did, "2022-11-08")).apply(bundled_store)
    assert audit_trail(bundled_store).empty


def test_an_analysts_designation_date_survives_a_reimport_of_the_change_archive(bundled_store):
    from models.importers import import_files
    from tests.conftest import shared_file

    store = bundled_store
    did = store.scalar("SELECT designation_id FROM designations WHERE dprk = 1 AND designated_precision = 'day'"
                       " AND designated_on LIKE '2023-%' ORDER BY designation_id LIMIT 1")
    archive_day = store.scalar("SELECT designated_on FROM designations WHERE designation_id = ?", (did,))
    EditDesignation(DesignationEdit(did, "2023-01-02", TREASURY)).apply(store)
    import_files(store, [shared_file("ofac/changes/sdnnew23.txt")])
    assert store.scalar("SELECT designated_on FROM designations WHERE designation_id = ?", (did,)) == "2023-01-02"
    assert archive_day != "2023-01-02"
