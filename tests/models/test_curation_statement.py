"""A joint statement entered through the curation API shows in the alignment matrix, the ledger, the
scorecard and the brief with its source; undo takes it out again. The statement and its 13 signatories
are read from the public register file, then removed from the database before they are entered."""
from __future__ import annotations

import csv
from datetime import date

import pytest

from models.analytics.alignment_matrix import alignment_matrix
from models.analytics.ledger import ledger_table
from models.analytics.ledger_score import period_scorecard
from models.briefing_model import BriefingModel
from models.curation import AddStatement, SourceInput, StatementInput, audit_trail, launch_choices
from models.report import BriefOptions, build_brief
from models.report.html import render_html
from tests.conftest import shared_file

pytestmark = pytest.mark.both_engines      # every store in this file: SQLite, then PostgreSQL

SID = "JS2024-01"


def _register_rows():
    with open(shared_file("statements/statements_2023_2026.csv"), newline="", encoding="utf-8") as fh:
        statement = next(r for r in csv.DictReader(fh) if r["statement_id"] == SID)
    with open(shared_file("statements/signatories_2023_2026.csv"), newline="", encoding="utf-8") as fh:
        signatories = [r["country"] for r in csv.DictReader(fh) if r["statement_id"] == SID]
    return statement, signatories


@pytest.fixture
def lacking(bundled_store):
    """The bundled database without the 5 Nov 2024 statement; returns it with the launch ids it answered."""
    dates = [r[0] for r in bundled_store.rows("SELECT launch_date FROM statement_triggers WHERE statement_id = ?",
                                              (SID,))]
    with bundled_store.transaction() as conn:
        conn.execute("DELETE FROM statements WHERE statement_id = ?", (SID,))
    assert bundled_store.scalar("SELECT COUNT(*) FROM positions WHERE statement_id = ?", (SID,)) == 0
    launch_ids = [r[0] for d in dates for r in bundled_store.rows("SELECT launch_id FROM launches WHERE date = ?", (d,))]
    assert launch_ids, "the statement answers a recorded launch"
    return bundled_store, launch_ids


def test_statement_entered_through_the_api_reaches_matrix_ledger_scorecard_and_brief(lacking):
    store, launch_ids = lacking
    statement, signatories = _register_rows()
    assert len(signatories) == 13
    assert set(launch_ids) <= {lid for lid, _ in launch_choices(store, around="2024-11-05")}
    source = SourceInput("Aju Press", statement["url"], "2024-11-06", statement["source_note"][:120])
    inp = StatementInput(SID, statement["date"], statement["title"], venue=statement["venue"], url=statement["url"],
                         trigger_launch_ids=launch_ids, signatories=signatories, sources=[source])
    model = BriefingModel(store)
    heard = []
    model.changed.connect(lambda changes, who: heard.append(changes))
    before_2024 = period_scorecard(store, date(2024, 1, 1), date(2024, 12, 31))["statements"].value
    command = AddStatement(inp, user="analyst-a")
    model.execute(command)
    assert len(heard) == 1 and heard[0].data                       # one change notification

    matrix = alignment_matrix(store)
    col = matrix.column_of(SID)
    joined = {matrix.iso3[i] for i in range(matrix.shape[0]) if matrix.codes[i, col] == matrix.codes[
        matrix.row_of("USA"), col]}
    assert joined == set(signatories)

    ledger = ledger_table(store)
    answered = ledger[ledger["launch_id"].isin(launch_ids)]
    assert answered["statement_ids"].astype(str).str.contains(SID).all()

    card = period_scorecard(store, date(2024, 1, 1), date(2024, 12, 31))
    assert SID in card["statements"].record_ids and card["statements"].value == before_2024 + 1

    html = render_html(build_brief(store, BriefOptions(date(2024, 1, 1), date(2024, 12, 31))))
    assert statement["url"] in html

    trail = audit_trail(store)
    assert list(trail["command"]) == [f"Add statement {SID}"] and trail["who"].iloc[0] == "analyst-a"
    assert statement["url"] in trail["source"].iloc[0]

    model.undo(command)
    assert len(heard) == 2
    assert store.scalar("SELECT 1 FROM statements WHERE statement_id = ?", (SID,)) is None
    with pytest.raises(KeyError):
        alignment_matrix(store).column_of(SID)
    assert list(audit_trail(store)["command"]) == [f"Add statement {SID}", f"Undo: Add statement {SID}"]
