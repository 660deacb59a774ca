"""Edits survive re-imports: re-importing the CNS file after an analyst's edit keeps the edit and reports the
conflict with both values; the analyst resolves it (audited); a deleted imported record stays hidden after a
re-import and comes back on restore; the audit trail lists every step."""
from __future__ import annotations

from models.curation import (
    EditLaunch, HideRecord, ResolveConflict, SourceInput, UnhideRecord, audit_trail, conflicts, launch_input_for)
from models.importers import import_files
from tests.conftest import CNS_CSV, STATEMENT_FILES, shared_file

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
    assert list(trail["command"]) == [f"Edit launch {LAUNCH}", resolve.description, f"Undo: {resolve.description}"]
    assert set(trail["who"]) == {"analyst-b"} and "ROK Joint Chiefs of Staff" in trail["source"].iloc[0]
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
