"""Edits survive re-imports: re-importing the CNS file after an analyst's edit keeps the edit and reports the
conflict with both values; the analyst resolves it (audited); a deleted imported record stays hidden after a
re-import and comes back on restore; the audit trail lists every step."""
from __future__ import annotations

import pytest

from models.curation import (
    EditLaunch, HideRecord, ResolveConflict, SourceInput, UnhideRecord, audit_trail, conflicts, launch_input_for)
from models.importers import import_files
from tests.conftest import CNS_CSV, STATEMENT_FILES, shared_file

pytestmark = pytest.mark.both_engines      # every store in this file: SQLite, then PostgreSQL

SOURCE = SourceInput("ROK Joint Chiefs of Staff", "https://en.yna.co.kr/view/AEN20221102004200315", "2026-12-01",
                     "fired from Jeongju")
LAUNCH = "L2022-11-01-1"


def test_reimport_keeps_the_edit_reports_the_conflict_and_the_analyst_resolves_it(real_store):
    store = real_store
    imported_site = store.scalar("SELECT facility FROM launches WHERE launch_id = ?", (LAUNCH,))
    inp = launch_input_for(store, LAUNCH)
    inp.site, inp.sources = "Jeongju (per ROK JCS)", [SOURCE]
    edit = EditLaunch(LAUNCH, inp, user="analyst-b")
    edit.apply(store)
    assert store.scalar("SELECT facility FROM launches WHERE launch_id = ?", (LAUNCH,)) == "Jeongju (per ROK JCS)"

    report = import_files(store, [shared_file(CNS_CSV)])
    assert store.scalar("SELECT facility FROM launches WHERE launch_id = ?", (LAUNCH,)) == "Jeongju (per ROK JCS)"
    notes = [n for f in report.files for n in f.notes if n.startswith("conflict:")]
    assert len(notes) == 1 and "Jeongju (per ROK JCS)" in notes[0] and imported_site in notes[0]
    assert notes[0] in report.summary()
    open_ = conflicts(store)
    assert list(open_["field"]) == ["facility"] and open_["record_id"].iloc[0] == LAUNCH
    assert imported_site in open_["theirs"].iloc[0] and "Jeongju" in open_["mine"].iloc[0]

    again = import_files(store, [shared_file(CNS_CSV)])     # the same disagreement is not listed twice
    assert len(conflicts(store)) == 1 and any("conflict:" in n for f in again.files for n in f.notes)

    resolve = ResolveConflict(int(open_["conflict_id"].iloc[0]), "theirs", user="analyst-b")
    resolve.apply(store)
    assert store.scalar("SELECT facility FROM launches WHERE launch_id = ?", (LAUNCH,)) == imported_site
    assert conflicts(store).empty
    resolve.revert(store)
    assert store.scalar("SELECT facility FROM launches WHERE launch_id = ?", (LAUNCH,)) == "Jeongju (per ROK JCS)"
    assert len(conflicts(store)) == 1

    trail = audit_trail(store)
    assert list(trail["command"]) == [f"Edit launch {LAUNCH}",
                                      f"Import {shared_file(CNS_CSV).name}: conflict on facility (the edit kept)",
                                      resolve.description, f"Undo: {resolve.description}"]
    assert "ROK Joint Chiefs of Staff" in trail["source"].iloc[0] and imported_site in trail["after"].iloc[1]
    assert trail["who"].iloc[0] == trail["who"].iloc[2] == "analyst-b"
    assert "Jeongju" in trail["after"].iloc[0] and "Jeongju" not in (trail["before"].iloc[0] or "")


def test_a_deleted_imported_statement_stays_hidden_after_a_reimport_and_can_be_restored(real_store):
    store = real_store
    sid = store.scalar("SELECT statement_id FROM statements WHERE kind = 'joint_statement' AND positions_known = 1"
                       " ORDER BY date LIMIT 1")
    signatories = store.scalar("SELECT COUNT(*) FROM positions WHERE statement_id = ?", (sid,))
    hide = HideRecord("statement", sid, user="analyst-c")
    hide.apply(store)
    assert store.scalar("SELECT 1 FROM statements WHERE statement_id = ?", (sid,)) is None

    import_files(store, [shared_file(f) for f in STATEMENT_FILES])
    assert store.scalar("SELECT 1 FROM statements WHERE statement_id = ?", (sid,)) is None

    UnhideRecord("statement", sid, user="analyst-c").apply(store)
    assert store.scalar("SELECT COUNT(*) FROM positions WHERE statement_id = ?", (sid,)) == signatories
    assert list(audit_trail(store)["command"]) == [f"Delete statement {sid}", f"Restore statement {sid}"]


def test_an_edited_statement_title_survives_a_register_reimport_with_the_conflict_listed(real_store):
    from models.curation import EditStatement, statement_input_for

    store = real_store
    sid = store.scalar("SELECT statement_id FROM statements WHERE kind = 'joint_statement' ORDER BY date LIMIT 1")
    imported_title = store.scalar("SELECT title FROM statements WHERE statement_id = ?", (sid,))
    inp = statement_input_for(store, sid)
    inp.title, inp.sources = "Joint statement (title as delivered)", [SOURCE]
    EditStatement(sid, inp).apply(store)
    report = import_files(store, [shared_file(f) for f in STATEMENT_FILES])
    assert store.scalar("SELECT title FROM statements WHERE statement_id = ?", (sid,)) == inp.title
    found = conflicts(store)
    assert list(found["field"]) == ["title"] and imported_title in found["theirs"].iloc[0]
    assert any(imported_title[:40] in n for f in report.files for n in f.notes)
    ResolveConflict(int(found["conflict_id"].iloc[0]), "mine").apply(store)
    assert conflicts(store).empty
    import_files(store, [shared_file(f) for f in STATEMENT_FILES])
    assert conflicts(store).empty                      # a kept edit is not reported again for the same file value
    assert store.scalar("SELECT title FROM statements WHERE statement_id = ?", (sid,)) == inp.title


def test_an_own_statement_later_published_in_the_register_keeps_the_analysts_fields(bundled_store, tmp_path):
    """The analyst entered JS2024-01 before the register had it; the register's import lists what differs."""
    import csv

    from models.curation import AddStatement, StatementInput

    store = bundled_store
    with store.transaction() as conn:
        conn.execute("DELETE FROM statements WHERE statement_id = 'JS2024-01'")
    AddStatement(StatementInput("JS2024-01", "2024-11-05", "Joint statement on the ICBM launch",
                                signatories=["USA", "JPN", "KOR"], sources=[SOURCE])).apply(store)
    import_files(store, [shared_file(f) for f in ["statements/unsc_membership_2023_2026.csv",
                                                  "statements/statements_2023_2026.csv",
                                                  "statements/signatories_2023_2026.csv"]])
    assert store.scalar("SELECT title FROM statements WHERE statement_id = 'JS2024-01'") == \
        "Joint statement on the ICBM launch"
    assert store.scalar("SELECT COUNT(*) FROM positions WHERE statement_id = 'JS2024-01'") == 3
    fields = set(conflicts(store).query("record_id == 'JS2024-01'")["field"])
    assert {"title", "positions"} <= fields
    with open(shared_file("statements/signatories_2023_2026.csv"), newline="", encoding="utf-8") as fh:
        published = {r["country"] for r in csv.DictReader(fh) if r["statement_id"] == "JS2024-01"}
    row = conflicts(store).query("record_id == 'JS2024-01' and field == 'positions'").iloc[0]
    ResolveConflict(int(row["conflict_id"]), "theirs").apply(store)
    assert {r[0] for r in store.rows("SELECT iso3 FROM positions WHERE statement_id = 'JS2024-01'")} == published
