"""Two analysts editing one record (team mode): a save over a record someone else changed since the form
opened is refused with both versions named; keeping mine saves over theirs, keeping theirs changes nothing."""
from __future__ import annotations

import pytest

from models.curation import EditConflict, EditLaunch, SourceInput, audit_trail, fact_version, launch_input_for
from models.search import side_store

pytestmark = pytest.mark.both_engines      # every store in this file: SQLite, then PostgreSQL

SOURCE = SourceInput("ROK Joint Chiefs of Staff", "https://en.yna.co.kr/view/AEN20221102004200315", "2026-12-01",
                     "fired from the west coast")


def _site(store, launch_id):
    return store.scalar("SELECT facility FROM launches WHERE launch_id = ?", (launch_id,))


def _edit(store, launch_id, site, user, opened):
    inp = launch_input_for(store, launch_id)
    inp.site, inp.sources = site, [SOURCE]
    edit = EditLaunch(launch_id, inp, user=user)
    edit.expected_version = opened
    return edit


def test_saving_over_a_colleagues_change_is_refused_with_both_versions_and_keep_mine_overwrites(bundled_store):
    store = bundled_store
    colleague = side_store(store)                  # a second connection: another analyst's dashboard
    launch = store.scalar("SELECT MIN(launch_id) FROM launches WHERE launch_id LIKE 'L2022-%'")
    # both open the form on the same record, not curated yet
    mine_opened, theirs_opened = fact_version(store.conn, "launch", launch), fact_version(colleague.conn, "launch", launch)
    assert mine_opened == theirs_opened == 0
    _edit(colleague, launch, "Sunan (per colleague)", "analyst-b", theirs_opened).apply(colleague)
    assert fact_version(store.conn, "launch", launch) == 1

    mine = _edit(store, launch, "Jeongju (per me)", "analyst-a", mine_opened)
    with pytest.raises(EditConflict) as refused:
        mine.apply(store)
    conflict = refused.value
    assert conflict.who == "analyst-b" and conflict.version == 1
    assert "Sunan (per colleague)" in str(conflict) and "Jeongju (per me)" in str(conflict)
    assert ("facility", "Sunan (per colleague)", "Jeongju (per me)") in conflict.differences()
    assert _site(store, launch) == "Sunan (per colleague)"            # nothing of mine saved
    assert list(audit_trail(store)["who"]) == ["analyst-b"]

    mine.expected_version = conflict.version                         # keep mine
    mine.apply(store)
    assert _site(store, launch) == _site(colleague, launch) == "Jeongju (per me)"
    assert fact_version(store.conn, "launch", launch) == 2
    mine.revert(store)                                               # undo: theirs again, as a new version
    assert _site(store, launch) == "Sunan (per colleague)" and fact_version(store.conn, "launch", launch) == 3
    if colleague is not store:
        colleague.close()


def test_a_save_with_nobody_else_changing_the_record_goes_through(bundled_store):
    store = bundled_store
    launch = store.scalar("SELECT MIN(launch_id) FROM launches WHERE launch_id LIKE 'L2022-%'")
    first = _edit(store, launch, "Pyongyang Sunan", "analyst-a", fact_version(store.conn, "launch", launch))
    first.apply(store)
    second = _edit(store, launch, "Pyongyang", "analyst-a", fact_version(store.conn, "launch", launch))
    second.apply(store)
    assert _site(store, launch) == "Pyongyang" and fact_version(store.conn, "launch", launch) == 2


def test_a_form_open_on_a_deleted_own_record_cannot_save_over_one_added_again_under_its_id(bundled_store):
    """Analyst B's form is open on an own statement (version 1); A deletes it and adds a new one under the same
    id: its version goes on from the deleted one's, so B's save is refused instead of overwriting A's."""
    from models.curation import AddStatement, EditStatement, HideRecord, StatementInput, statement_input_for

    store = bundled_store
    sid = "JS2026-99"

    def statement(title: str) -> StatementInput:
        return StatementInput(sid, "2026-11-05", title, signatories=["USA", "JPN", "KOR"], sources=[SOURCE])

    AddStatement(statement("First text"), user="analyst-a").apply(store)
    opened = fact_version(store.conn, "statement", sid)
    stale = statement_input_for(store, sid)                      # B's form, still open
    HideRecord("statement", sid, user="analyst-a").apply(store)
    assert fact_version(store.conn, "statement", sid) == 0        # gone
    AddStatement(statement("Second text"), user="analyst-a").apply(store)
    assert fact_version(store.conn, "statement", sid) > opened

    stale.title = "B's edit of the first text"
    edit = EditStatement(sid, stale, user="analyst-b")
    edit.expected_version = opened
    with pytest.raises(EditConflict):
        edit.apply(store)
    assert store.scalar("SELECT title FROM statements WHERE statement_id = ?", (sid,)) == "Second text"
