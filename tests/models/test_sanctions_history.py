"""List history from dated snapshots (any import order) and "what changed" between two dates."""
from __future__ import annotations

import itertools

import pandas as pd
import pytest

from conftest import FIXTURES
from models.changes import list_changes, run_changes
from models.importers import import_files
from models.store import Store
from models.tables import build_table

pytestmark = pytest.mark.both_engines      # every store in this file: SQLite, then PostgreSQL

SANCTIONS = FIXTURES / "sanctions"
SET = SANCTIONS / "set_2020-02-01"
SNAPSHOTS = {
    "2020-01-01": [SANCTIONS / "history" / "sdn_2020-01-01.csv"],
    "2020-02-01": [SET / "sdn.csv", SET / "add.csv", SET / "alt.csv", SET / "sdn_comments.csv"],
    "2020-03-01": [SANCTIONS / "history" / "sdn_2020-03-01.csv"],
}


def state(store: Store) -> dict:
    """Everything derived about the entries, keyed by source_id (ids differ between databases)."""
    frame = build_table(store, "designations").drop(columns="designation_id")
    children = {}
    for table, cols in (("designation_aliases", "alias, alias_type, quality"),
                        ("designation_addresses", "address, city, country"),
                        ("designation_identifiers", "id_type, id_value, country")):
        children[table] = sorted(map(tuple, store.rows(
            f"SELECT source_id, {cols} FROM {table} JOIN designations USING (designation_id)")), key=repr)
    children["links"] = sorted(map(tuple, store.rows(
        "SELECT f.source_id, t.source_id, l.relation FROM designation_links l"
        " JOIN designations f ON f.designation_id = l.from_id JOIN designations t ON t.designation_id = l.to_id")))
    rows = store.rows("SELECT source_id, name, programs, remarks, dprk, dprk_reason FROM designations")
    return {"table": frame.sort_values("source_id").reset_index(drop=True), "children": children,
            "rows": sorted(map(tuple, rows))}


@pytest.fixture(scope="module")
def in_order(tmp_path_factory):
    with Store(tmp_path_factory.mktemp("history") / "db.sqlite3") as store:
        for files in SNAPSHOTS.values():
            import_files(store, files)
        yield store


def test_history_fields(in_order):
    rows = {r["source_id"]: r for r in in_order.rows("SELECT * FROM designations")}
    seen = {k: (r["first_seen"], r["last_seen"], r["removed_on"]) for k, r in rows.items()}
    assert seen["100"] == ("2020-01-01", "2020-01-01", "2020-02-01")
    assert seen["104"] == ("2020-02-01", "2020-03-01", None)
    assert seen["107"] == ("2020-01-01", "2020-02-01", "2020-03-01")
    assert seen["109"] == ("2020-03-01", "2020-03-01", None)
    assert rows["105"]["name"] == "CAFE SEVILLA FRONT S.A.S."            # the newest snapshot's content
    assert rows["107"]["programs"] == "RUSSIA-EO14024"                  # its newest snapshot is 2020-02-01
    assert all(r["listed_on"] is None for r in rows.values())


@pytest.mark.parametrize("order", list(itertools.permutations(SNAPSHOTS))[1:])
def test_any_import_order_gives_the_same_result(in_order, order, tmp_path):
    with Store(tmp_path / "shuffled.sqlite3") as store:
        for date in order:
            import_files(store, SNAPSHOTS[date])
        expected, got = state(in_order), state(store)
        pd.testing.assert_frame_equal(got["table"], expected["table"])
        assert got["children"] == expected["children"]
        assert got["rows"] == expected["rows"]


def test_changes_between_snapshots(in_order):
    changes = list_changes(in_order, "OFAC SDN", "2020-01-01", "2020-03-01")
    assert [c.source_id for c in changes.added] == ["104", "106", "109"]
    assert [c.source_id for c in changes.removed] == ["100", "107"]
    assert [(c.source_id, c.fields) for c in changes.amended] == [("105", ["name"])]
    changes = list_changes(in_order, "OFAC SDN", "2020-01-01", "2020-02-01")
    amended = {c.source_id: c.fields for c in changes.amended}
    assert amended == {"107": ["programs"]}          # 2020-01-01 has no add/alt/comments: those are not compared
    assert changes.not_compared == ["addresses", "aliases", "comments"]


def test_nearest_snapshots_are_used(in_order):
    changes = list_changes(in_order, "OFAC SDN", "2019-06-01", "2020-02-20")
    assert (changes.from_date, changes.to_date) == ("2020-01-01", "2020-03-01")
    same = list_changes(in_order, "OFAC SDN", "2020-02-02", "2020-02-03")
    assert same.from_date == same.to_date == "2020-02-01"
    assert not (same.added or same.removed or same.amended)


def test_run_changes_text_and_csv(in_order, tmp_path):
    out = tmp_path / "changes.csv"
    text = run_changes(in_order, "OFAC SDN", "2020-01-01", "2020-03-01", csv_path=out)
    lines = text.splitlines()
    assert lines[0] == "OFAC SDN: changes from the 2020-01-01 snapshot to the 2020-03-01 snapshot"
    assert lines[1].split()[:2] == ["added:", "3"] and lines[2].split()[:2] == ["removed:", "2"]
    assert lines[3].split()[:2] == ["amended:", "1"]
    assert "NEW DESIGNEE CO" in text and "(DPRK)" in text
    frame = pd.read_csv(out, dtype=str)
    assert list(frame.change) == ["added"] * 3 + ["removed"] * 2 + ["amended"]
    assert frame.loc[frame.source_id == "105", "fields_changed"].item() == "name"


def test_run_changes_errors(in_order):
    with pytest.raises(ValueError, match=r"no snapshots of the list 'EU'; known lists: OFAC SDN"):
        run_changes(in_order, "EU", "2020-01-01", "2020-03-01")
    with pytest.raises(ValueError, match="not a date in the form YYYY-MM-DD"):
        run_changes(in_order, "OFAC SDN", "2020/01/01", "2020-03-01")


def test_no_snapshots_at_all(store):
    with pytest.raises(ValueError, match="none \\(import a list first\\)"):
        run_changes(store, "OFAC SDN", "2020-01-01", "2020-03-01")
