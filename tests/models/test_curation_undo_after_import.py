"""Undo after an import that came between the step and its undo: the record goes back to what the newest
import says (not to the baseline from before that import), and the analyst's overlay is not taken for the
import's data."""
from __future__ import annotations

from models import revenue
from models.curation import DesignationEdit, EditDesignation, SourceInput, tag_edit
from models.importers import import_files
from tests.conftest import shared_file

PANEL = SourceInput("UN Panel of Experts", "https://undocs.org/S/2024/215", "2026-12-01", "acts for the bank")
TREASURY = SourceInput("US Treasury press release", "https://home.treasury.gov/news/press-releases/jy0000",
                       "2026-12-01", "designated today")


def _tags(store, did) -> list[tuple]:
    return [(t.stream, t.status, t.reason) for t in revenue.tags(store.conn, did)]


def _dates(store, did) -> tuple:
    return tuple(store.rows("SELECT designated_on, designated_to, designated_precision, designated_source"
                            " FROM designations WHERE designation_id = ?", (did,))[0][:])


def test_undoing_a_tag_confirmation_after_a_reimport_gives_back_the_suggestion(bundled_store):
    store = bundled_store
    revenue.sync_suggestions(store.conn)
    bank = store.scalar("SELECT designation_id FROM designations WHERE list_name = 'OFAC SDN' AND source_id = '20572'")
    before = _tags(store, bank)
    assert [t[:2] for t in before] == [("finance", "suggested")]
    confirm = EditDesignation(tag_edit(store, bank, ["finance"]))
    confirm.apply(store)
    import_files(store, [shared_file("ofac/changes/sdnnew23.txt")])       # an import between the step and undo
    assert [t[:2] for t in _tags(store, bank)] == [("finance", "confirmed")]
    confirm.revert(store)
    assert _tags(store, bank) == before


def test_undoing_a_second_edit_after_a_reimport_keeps_the_first_and_the_imported_date(bundled_store):
    store = bundled_store
    did = store.scalar("SELECT designation_id FROM designations WHERE dprk = 1 AND list_name = 'OFAC SDN'"
                       " ORDER BY designation_id LIMIT 1")
    imported = _dates(store, did)
    EditDesignation(DesignationEdit(did, notes="first note", sources=[PANEL])).apply(store)
    second = EditDesignation(DesignationEdit(did, "2017-06-01", TREASURY))
    second.apply(store)
    import_files(store, [shared_file("ofac/changes/sdnnew23.txt")])
    assert _dates(store, did)[0] == "2017-06-01"
    second.revert(store)
    assert _dates(store, did) == imported


def test_undoing_an_edit_after_a_register_reimport_keeps_what_the_new_register_says(real_store, tmp_path):
    import csv

    from models.curation import EditStatement, statement_input_for
    from tests.conftest import STATEMENT_FILES

    store = real_store
    sid = "JS2022-01"
    first = statement_input_for(store, sid)
    first.venue, first.sources = "UN Security Council stakeout (per the video)", [PANEL]
    EditStatement(sid, first).apply(store)
    second = statement_input_for(store, sid)
    second.title, second.sources = "Joint statement on the 5 January launch", [PANEL]
    step = EditStatement(sid, second)
    step.apply(store)

    new_url = "https://usun.usmission.gov/joint-statement-on-the-dprks-january-5-launch/"
    source = shared_file(STATEMENT_FILES[0])          # the register again, with this statement's page moved
    with open(source, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    for row in rows:
        if row["statement_id"] == sid:
            old_url, row["url"] = row["url"], new_url
    newer = tmp_path / source.name
    with open(newer, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    import_files(store, [newer] + [shared_file(f) for f in STATEMENT_FILES[1:]])
    assert store.scalar("SELECT url FROM statements WHERE statement_id = ?", (sid,)) == new_url != old_url

    step.revert(store)                                  # the title edit undone; the first edit and new url stay
    row = store.rows("SELECT title, venue, url FROM statements WHERE statement_id = ?", (sid,))[0]
    assert row["venue"] == first.venue and row["title"] != second.title
    assert row["url"] == new_url
