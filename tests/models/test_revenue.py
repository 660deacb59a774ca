"""Revenue-stream tags: rule suggestions, user edits that survive re-suggestion and re-import, undo state."""
from __future__ import annotations

import pytest

from models import revenue

pytestmark = pytest.mark.both_engines      # every store in this file: SQLite, then PostgreSQL


def test_rules():
    assert [s for s, _ in revenue.suggest_one("OCEAN MARITIME MANAGEMENT", "entity", "DPRK", None, None)] \
        == ["shipping"]
    assert "shipping" in [s for s, _ in revenue.suggest_one("CHON MA SAN", "vessel", "DPRK4", None, None)]
    assert "cyber" in [s for s, _ in revenue.suggest_one("LAZARUS GROUP", "entity", "DPRK3; CYBER2", None, None)]
    assert "finance" in [s for s, _ in revenue.suggest_one("KORYO BANK", "entity", "DPRK3", None, None)]
    boiler = "Transactions Prohibited For Persons Owned or Controlled By U.S. Financial Institutions: x"
    assert [s for s, _ in revenue.suggest_one("SOME PERSON", "individual", "DPRK2", None, boiler)] == ["other"]


def test_sync_suggests_once_and_keeps_user_edits(bundled_store):
    conn = bundled_store.conn
    assert revenue.sync_suggestions(conn) > 752
    assert revenue.sync_suggestions(conn) == 0
    tags = {t.stream: t for t in revenue.tags(conn, 5021)}         # KORYO BANK
    assert tags["finance"].status == "suggested"
    old = revenue.set_streams(conn, 5021, ["finance", "minerals"])
    assert old == list(tags.values())
    now = {t.stream: t.status for t in revenue.tags(conn, 5021)}
    assert now == {"finance": "confirmed", "minerals": "confirmed"} | \
        {s: "rejected" for s in tags if s not in ("finance", "minerals")}
    revenue.sync_suggestions(conn)                                  # the rules never overwrite the user
    assert {t.stream: t.status for t in revenue.tags(conn, 5021)} == now
    revenue.restore(conn, 5021, old)
    assert revenue.tags(conn, 5021) == old


def test_edits_survive_reimport(bundled_store):
    from conftest import shared_file
    from models.importers import ImportOptions, import_files

    conn = bundled_store.conn
    revenue.sync_suggestions(conn)
    revenue.set_streams(conn, 5021, ["labour"])
    # a new snapshot of the list: every entry is re-imported and its row rebuilt
    import_files(bundled_store, [shared_file("ofac/history/sdn_2023-12-28.csv")], ImportOptions(as_of="2025-01-01"))
    assert bundled_store.scalar("SELECT COUNT(*) FROM list_snapshots WHERE snapshot_date = '2025-01-01'") == 1
    assert [(t.stream, t.status) for t in revenue.tags(conn, 5021) if t.status == "confirmed"] == \
        [("labour", "confirmed")]


def test_summary_marks_suggestions(bundled_store):
    revenue.sync_suggestions(bundled_store.conn)
    revenue.set_streams(bundled_store.conn, 5021, ["finance"])
    summary = revenue.tag_summary(bundled_store.conn).set_index("designation_id")
    assert summary.loc[5021, "revenue"] == "finance"
    assert summary["revenue"].str.contains(r"\*").any()


def test_a_confirmed_tag_changes_the_ledger_a_suggestion_does_not(bundled_store):
    """Suggestions are written by a model command with its change notification; only confirmed tags
    count in the ledger, the scorecard and the brief, which say how many suggestions await review."""
    from datetime import date

    from models.analytics.ledger import ledger_table, period_scorecard
    from models.briefing_model import BriefingModel
    from models.report import BriefOptions, build_brief

    ledger = ledger_table(bundled_store).set_index("launch_id")
    row = ledger[ledger["designations_in_window"] > 0].iloc[0]
    launch, designation = row.name, int(row["designation_ids"].split("; ")[0])
    assert row["designations_by_stream"] == "not tagged"
    model = BriefingModel(bundled_store)
    heard = []
    model.changed.connect(lambda changes, who: heard.append((changes.data, who)))
    written = model.suggest_revenue_streams(initiator="test")
    assert written > 0 and heard == [(True, "test")]                    # the command's one notification
    assert {t.status for t in revenue.tags(bundled_store.conn, designation)} == {"suggested"}
    after = ledger_table(bundled_store).set_index("launch_id")
    assert after.loc[launch, "designations_by_stream"] == "not tagged"  # a suggestion counts for nothing
    card = period_scorecard(bundled_store, None, None)
    assert "awaiting review" in card["designations"].note
    brief = build_brief(bundled_store, BriefOptions(date(2022, 1, 1), date(2022, 12, 31)))
    assert "awaiting review" in brief.scorecard.note
    revenue.set_streams(bundled_store.conn, designation, ["minerals"])
    confirmed = ledger_table(bundled_store).set_index("launch_id")
    assert "minerals 1" in confirmed.loc[launch, "designations_by_stream"]
    assert model.suggest_revenue_streams() == 0 and len(heard) == 1    # nothing new: no notification
