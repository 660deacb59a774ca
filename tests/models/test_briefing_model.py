"""The shared model: one notification per command, flags, initiator, batching, period filter, cache."""
from __future__ import annotations

import pytest

from datetime import date

from models.briefing_model import BriefingModel, Changes, Period

pytestmark = pytest.mark.both_engines      # every store in this file: SQLite, then PostgreSQL


def record(model: BriefingModel) -> list[tuple[Changes, object]]:
    seen: list[tuple[Changes, object]] = []
    model.changed.connect(lambda changes, initiator: seen.append((changes, initiator)))
    return seen


def test_each_command_emits_once_with_its_flag_and_initiator(bundled_store):
    model = BriefingModel(bundled_store)
    seen = record(model)
    pane = object()
    model.set_period(date(2022, 1, 1), date(2022, 12, 31), initiator=pane)
    model.set_period(date(2022, 1, 1), date(2022, 12, 31), initiator=pane)   # no change, no emission
    model.select_launch("L2022-03-24-1", initiator=pane)
    model.set_country_group("G7")
    assert seen == [(Changes(period=True), pane), (Changes(selection=True), pane), (Changes(filters=True), None)]
    assert model.period.label() == "2022"
    assert model.selection.launch_id == "L2022-03-24-1"


def test_batch_folds_commands_into_one_emission(bundled_store):
    model = BriefingModel(bundled_store)
    seen = record(model)
    with model.batch(initiator="importer"):
        model.set_period(date(2017, 1, 1), None)
        model.select_statement("JS2022-06")
        model.reload()
    assert seen == [(Changes(data=True, period=True, selection=True), "importer")]


def test_period_filters_rows_and_months_count_if_they_overlap(bundled_store):
    model = BriefingModel(bundled_store)
    model.set_period(date(2022, 1, 1), date(2022, 12, 31))
    launches = model.in_period(model.launches())
    assert launches.missile_count.sum() == 69
    assert Period(date(1984, 9, 15), date(1984, 9, 20)).contains("1984-09")
    assert not Period(date(1984, 10, 1), None).contains("1984-09")


def test_queries_are_cached_until_reload(bundled_store):
    model = BriefingModel(bundled_store)
    first = model.launches()
    assert model.launches() is first
    model.reload()
    assert model.launches() is not first


def test_shrink_wal_empties_the_log_after_a_large_write(tmp_path):
    from models.store import Store, shrink_wal

    with Store(tmp_path / "wal.sqlite3") as store:
        with store.transaction() as conn:
            conn.execute("CREATE TABLE filler (x)")
            conn.executemany("INSERT INTO filler VALUES (?)", [("x" * 500,)] * 5000)
        wal = tmp_path / "wal.sqlite3-wal"
        assert wal.stat().st_size > 1_000_000
        assert shrink_wal(store.conn)
        assert wal.stat().st_size == 0
        assert store.scalar("SELECT COUNT(*) FROM filler") == 5000
