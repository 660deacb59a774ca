"""Own launches and Council votes entered through the curation API: a KST time is stored as UTC, the launch
counts in the timeline, the ledger and the scorecard as an analyst entry with its source; a vote shows in the
alignment matrix with each member's vote; edit, delete and undo."""
from __future__ import annotations

from datetime import date

import pytest

from models.analytics.alignment_matrix import ABSTAIN, JOINED, NO_STANDING, VOTE_NO, alignment_matrix
from models.analytics.ledger import ledger_table
from models.analytics.ledger_score import period_scorecard
from models.analytics.timeline import prepare_events
from models.briefing_model import BriefingModel
from models.curation import (
    AddLaunch, AddVote, EditLaunch, HideRecord, LaunchInput, SourceInput, VoteInput, council_members,
    launch_input_for, record_sources, vote_input_for)

pytestmark = pytest.mark.both_engines      # every store in this file: SQLite, then PostgreSQL

KCNA = SourceInput("ROK Joint Chiefs of Staff (via Yonhap)", "https://en.yna.co.kr/view/AEN20261129000000315",
                   "2026-11-29", "two short-range ballistic missiles")


def test_own_launch_in_kst_counts_everywhere_and_can_be_edited_deleted_and_restored(bundled_store):
    model = BriefingModel(bundled_store)
    year = lambda: period_scorecard(bundled_store, date(2026, 1, 1), date(2026, 12, 31))["missiles"].value  # noqa: E731
    before = year()
    add = AddLaunch(LaunchInput("2026-11-29", "07:15", "KST", "SRBM", "KN-23", 2, "Sunan", "", "350", "success",
                                "unconfirmed", [KCNA]))
    model.execute(add)
    assert add.record_id == "U2026-11-28-1"
    row = bundled_store.rows("SELECT date, time_utc, missile_count, classes, dataset FROM launches WHERE launch_id = ?",
                             (add.record_id,))[0]
    assert tuple(row) == ("2026-11-28", "22:15", 2, "SRBM", "analyst")
    assert year() == before + 2
    assert add.record_id in set(ledger_table(bundled_store)["launch_id"])
    assert add.record_id in set(prepare_events(model.launches())["launch_id"])
    assert record_sources(bundled_store, "launch", add.record_id) == [KCNA]
    assert launch_input_for(bundled_store, add.record_id).missile_name == "KN-23"

    inp = launch_input_for(bundled_store, add.record_id)
    inp.count = 3
    edit = EditLaunch(add.record_id, inp)
    model.execute(edit)
    assert year() == before + 3
    delete = HideRecord("launch", add.record_id)
    model.execute(delete)
    assert year() == before
    model.undo(delete)
    assert year() == before + 3
    model.undo(edit)
    assert year() == before + 2
    model.undo(add)
    assert year() == before
    assert bundled_store.scalar("SELECT COUNT(*) FROM missiles WHERE dataset = 'analyst'") == 0


def test_council_vote_prefilled_from_the_membership_shows_in_the_matrix(bundled_store):
    members = council_members(bundled_store, 2024)
    votes = {c: "yes" for c in members} | {"RUS": "no", "CHN": "abstain"}
    vote = AddVote(VoteInput("S/2024/998", "2024-06-03", False, votes, "https://press.un.org/en/2024/sc0000.doc.htm",
                             [KCNA]))
    BriefingModel(bundled_store).execute(vote)
    matrix = alignment_matrix(bundled_store)
    col = matrix.column_of("S/2024/998")
    assert matrix.codes[matrix.row_of("RUS"), col] == VOTE_NO
    assert matrix.codes[matrix.row_of("CHN"), col] == ABSTAIN
    assert matrix.codes[matrix.row_of("USA"), col] == JOINED
    assert matrix.codes[matrix.row_of("DEU"), col] == NO_STANDING and "DEU" not in members
    outcome = bundled_store.scalar("SELECT outcome FROM statements WHERE statement_id = 'S/2024/998'")
    assert outcome == "not adopted (13-1-1; vetoed by RUS)"
    assert vote_input_for(bundled_store, "S/2024/998").adopted is False


def test_editing_an_imported_vote_recomputes_its_outcome_and_undo_restores_it(bundled_store):
    from models.curation import EditVote

    symbol, outcome = bundled_store.rows("SELECT statement_id, outcome FROM statements WHERE kind = 'draft_resolution_vote'"
                                         " AND outcome LIKE 'not adopted%vetoed by%' ORDER BY date LIMIT 1")[0]
    inp = vote_input_for(bundled_store, symbol)
    vetoes = [c for c, v in inp.votes.items() if v == "no" and c in ("CHN", "RUS")]
    assert vetoes and inp.adopted is False
    for code in vetoes:
        inp.votes[code] = "abstain"
    inp.adopted, inp.sources = True, [KCNA]
    edit = EditVote(symbol, inp)
    BriefingModel(bundled_store).execute(edit)
    assert bundled_store.scalar("SELECT outcome FROM statements WHERE statement_id = ?", (symbol,)).startswith("adopted")
    edited = bundled_store.scalar("SELECT value FROM curation_facts WHERE record_id = ?", (symbol,))
    assert '"positions"' in edited and '"title"' not in edited       # only what differs from the import
    edit.revert(bundled_store)
    assert bundled_store.scalar("SELECT outcome FROM statements WHERE statement_id = ?", (symbol,)) == outcome


def test_a_refused_command_sends_no_notification(bundled_store):
    import pytest

    from models.curation import CurationRefused

    model = BriefingModel(bundled_store)
    heard = []
    model.changed.connect(lambda changes, who: heard.append(changes))
    with pytest.raises(CurationRefused) as refused:
        model.execute(AddLaunch(LaunchInput("2026-02-30", sources=[KCNA])))
    assert refused.value.field == "date" and heard == []


def test_deleting_an_imported_vote_named_as_a_statement_hides_it_as_a_vote_and_restores_it(bundled_store):
    symbol = bundled_store.scalar("SELECT statement_id FROM statements WHERE kind = 'resolution_vote' LIMIT 1")
    votes = bundled_store.scalar("SELECT COUNT(*) FROM positions WHERE statement_id = ?", (symbol,))
    hide = HideRecord("statement", symbol)
    hide.apply(bundled_store)
    assert hide.kind == "vote" and bundled_store.scalar("SELECT 1 FROM statements WHERE statement_id = ?",
                                                        (symbol,)) is None
    hide.revert(bundled_store)
    assert bundled_store.scalar("SELECT COUNT(*) FROM positions WHERE statement_id = ?", (symbol,)) == votes
