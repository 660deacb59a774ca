"""The statement_triggers format, the curated 2022 file, and statements_for_launch."""
from __future__ import annotations

import csv

import pytest

from models.analytics.alignment import statements_for_launch
from models.errors import DataImportError
from models.importers import import_files
from models.importers.formats import detect_format
from models.paths import RESOURCES_DIR

pytestmark = pytest.mark.both_engines      # every store in this file: SQLite, then PostgreSQL

TRIGGERS = RESOURCES_DIR / "curation" / "statement_triggers_2022.csv"


def test_format_is_detected():
    from models.importers import builtin  # noqa: F401

    assert detect_format(TRIGGERS) == "statement_triggers"


def test_curated_dates_are_cns_launch_dates_named_by_the_trigger(real_store):
    rows = list(csv.DictReader(open(TRIGGERS, encoding="utf-8")))
    statements = {r["statement_id"]: r["trigger_event"] for r in real_store.rows(
        "SELECT statement_id, trigger_event FROM statements")}
    for row in rows:
        assert row["statement_id"] in statements
        assert real_store.scalar("SELECT COUNT(*) FROM missiles WHERE date = ?", (row["launch_date"],)) > 0
        assert row["basis"].startswith("trigger_event: '")
        quoted = row["basis"].split("'")[1].lstrip(". ")
        assert quoted in statements[row["statement_id"]]
    assert {r["statement_id"] for r in rows} == set(statements) - {"S/2022/431"}


def test_import_and_statements_for_launch(real_store):
    report = import_files(real_store, [TRIGGERS])
    assert report.files[0].format == "statement_triggers" and report.files[0].notes == []
    assert statements_for_launch(real_store, "L2022-03-24-1") == ["JS2022-06"]
    assert statements_for_launch(real_store, "L2022-01-05-1") == ["JS2022-01", "JS2022-02"]
    assert statements_for_launch(real_store, "L2022-01-10-1") == ["JS2022-02"]
    assert statements_for_launch(real_store, "L2022-11-02-1") == ["E10-2022-11-04", "JS2022-08"]
    assert statements_for_launch(real_store, "L2022-11-18-1") == ["JS2022-09"]
    assert statements_for_launch(real_store, "L2022-11-17-1") == []
    assert statements_for_launch(real_store, "no-such-launch") == []
    again = import_files(real_store, [TRIGGERS])
    assert again.files[0].added == 0 and again.files[0].unchanged == len(list(csv.DictReader(open(TRIGGERS))))


def test_unknown_statement_rolls_back(real_store, tmp_path):
    bad = tmp_path / "triggers.csv"
    bad.write_text("statement_id,launch_date,basis\nJS2022-06,2022-03-24,x\nJS2099-01,2099-01-01,x\n")
    with pytest.raises(DataImportError, match="not in the register"):
        import_files(real_store, [bad])
    assert real_store.scalar("SELECT COUNT(*) FROM statement_triggers") == 0


def test_bad_date_is_reported(real_store, tmp_path):
    bad = tmp_path / "triggers.csv"
    bad.write_text("statement_id,launch_date\nJS2022-06,24 March\n")
    with pytest.raises(DataImportError, match="unreadable date"):
        import_files(real_store, [bad])


def test_date_without_missile_is_noted(real_store, tmp_path):
    odd = tmp_path / "triggers.csv"
    odd.write_text("statement_id,launch_date\nJS2022-06,2022-03-25\n")
    report = import_files(real_store, [odd])
    assert report.files[0].notes == ["JS2022-06: no missile in the database on 2022-03-25"]
