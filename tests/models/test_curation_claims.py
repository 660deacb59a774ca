"""Contested counts on the real bundled data: 2 Nov 2022 (Korea date) as CNS counts it and as the ROK JCS
and Japan's defence ministry report it; switching the counted claim changes the year's missile total, and
undo restores it."""
from __future__ import annotations

from datetime import date

import pytest

from models.analytics.ledger_score import period_scorecard
from models.briefing_model import BriefingModel
from models.curation import AddClaim, ChooseClaim, ClaimInput, SourceInput, audit_trail, claims_for, contested_days

pytestmark = pytest.mark.both_engines      # every store in this file: SQLite, then PostgreSQL

DAY = "2022-11-02"
JCS = SourceInput("ROK Joint Chiefs of Staff (via Yonhap)", "https://en.yna.co.kr/view/AEN20221102004200315",
                  "2026-12-01", "North Korea fired 23 missiles of various types")
MOD = SourceInput("Japan Ministry of Defense", "https://www.mod.go.jp/j/press/news/2022/11/02a.html", "2026-12-01")


def _year_missiles(store) -> int:
    return store.scalar("SELECT SUM(missile_count) FROM launches WHERE date LIKE '2022-%'")


def test_switching_the_counted_claim_changes_the_year_total_and_undo_restores_it(bundled_store):
    store = bundled_store
    model = BriefingModel(store)
    heard = []
    model.changed.connect(lambda changes, who: heard.append(changes))
    record = claims_for(store, DAY)
    assert len(record) == 1 and record[0].claim_id is None and record[0].chosen
    cns_day, cns_year = record[0].missiles, _year_missiles(store)
    assert cns_day > 0

    jcs, mod = AddClaim(ClaimInput(DAY, 23, JCS)), AddClaim(ClaimInput(DAY, cns_day + 1, MOD))
    model.execute(jcs)
    model.execute(mod)
    assert contested_days(store) == [DAY]
    side_by_side = claims_for(store, DAY)
    assert [c.missiles for c in side_by_side] == [cns_day, 23, cns_day + 1]
    assert [c.chosen for c in side_by_side] == [True, False, False]
    assert _year_missiles(store) == cns_year                     # adding a claim counts nothing yet

    choose = ChooseClaim(DAY, jcs.claim_id)
    model.execute(choose)
    assert _year_missiles(store) == cns_year - cns_day + 23
    assert period_scorecard(store, date(2022, 1, 1), date(2022, 12, 31))["missiles"].value == cns_year - cns_day + 23
    assert [c.chosen for c in claims_for(store, DAY)] == [False, True, False]
    assert claims_for(store, DAY)[0].missiles == cns_day          # the record's own count stays visible
    launches = model.launches()                                 # what the timeline and its details read
    basis = launches[launches["count_basis"].notna()]
    assert len(basis) == 1 and "23 missiles on 2022-11-02" in basis["count_basis"].iloc[0]
    assert launches[launches["date"].str.startswith("2022")]["missile_count"].sum() == cns_year - cns_day + 23

    model.undo(choose)
    assert _year_missiles(store) == cns_year
    assert [c.chosen for c in claims_for(store, DAY)] == [True, False, False]
    assert store.scalar("SELECT COUNT(*) FROM launches WHERE count_basis IS NOT NULL") == 0

    model.execute(choose)                                       # redo
    assert _year_missiles(store) == cns_year - cns_day + 23
    assert len(heard) == 5

    table = model.table("claims")                               # what the panes read, side by side
    assert list(table["missiles"]) == [cns_day, 23, cns_day + 1] and list(table["chosen"]) == [False, True, False]

    trail = audit_trail(store)
    assert list(trail["command"]) == [jcs.description, mod.description, choose.description,
                                      f"Undo: {choose.description}", choose.description]
    assert "ROK Joint Chiefs of Staff" in trail["source"].iloc[2]
    assert '"year_missiles": %d' % cns_year in trail["before"].iloc[2]


def test_a_claim_below_the_recorded_events_is_refused(bundled_store):
    from models.curation import validate_claim

    from models.curation.claims import day_launches

    events = len(day_launches(bundled_store.conn, DAY))
    assert events > 1
    problems = validate_claim(bundled_store, ClaimInput(DAY, 1, JCS))
    assert events and problems and "launch events" in problems[0].message


def test_a_claim_on_a_day_without_a_recorded_launch_is_refused(bundled_store):
    from models.curation import validate_claim

    assert claims_for(bundled_store, "2022-11-05")[0].missiles == 0
    problems = validate_claim(bundled_store, ClaimInput("2022-11-05", 3, JCS))
    assert [p.field for p in problems] == ["day"] and "add the launch first" in problems[0].message


def test_a_month_only_launch_date_has_no_korea_day_and_no_claim(bundled_store):
    month = bundled_store.scalar("SELECT date FROM launches WHERE date_precision = 'month' LIMIT 1")
    assert len(month) == 7
    assert [(c.claim_id, c.missiles) for c in claims_for(bundled_store, month)] == [(None, 0)]


def test_contested_launches_mark_every_event_of_the_day_and_the_brief_flags_them(bundled_store):
    from models.curation import contested_launches
    from models.report import BriefOptions, build_brief

    store = bundled_store
    assert contested_launches(store) == {}
    jcs, mod = AddClaim(ClaimInput(DAY, 23, JCS)), AddClaim(ClaimInput(DAY, 8, MOD))
    jcs.apply(store)
    mod.apply(store)
    ChooseClaim(DAY, jcs.claim_id).apply(store)
    marks = contested_launches(store)
    events = [r[0] for r in store.rows("SELECT launch_id FROM launches WHERE date IN ('2022-11-01', '2022-11-02')")
              if r[0] in marks]
    assert len(marks) == len(events) >= 2 and {m.day for m in marks.values()} == {DAY}
    first = marks["L2022-11-01-1"]
    assert first.whose == JCS.publisher
    assert first.note() == (f"counted: {JCS.publisher}, 23 missiles on {DAY} (Korea date); 2 other claims: "
                            "CNS count (the record) 7, Japan Ministry of Defense 8")
    assert "this event carries the difference [+16]" in first.count_basis        # whose count, in its tooltip
    assert first.count_basis in first.tooltip()
    assert all(not m.count_basis for k, m in marks.items() if k != "L2022-11-01-1")

    brief = build_brief(store, BriefOptions(date(2022, 1, 1), date(2022, 12, 31)))
    table = next(t for s in brief.sections for t in s.annex if getattr(t, "key", "") == "launches")
    row = table.frame[table.frame["Launch"] == "L2022-11-01-1"].iloc[0]
    assert row["Missiles"] == "20*" and row["Whose count"] == f"{JCS.publisher} (claim)"
    assert table.note.startswith("* Contested count") and "2 other claims: CNS count (the record) 7" in table.note
    others = table.frame[~table.frame["Launch"].isin(list(marks))]
    assert not others["Missiles"].str.endswith("*").any()
