"""Snapshots that cover only some parts (an OFAC sdn.csv imported without add.csv / alt.csv / sdn_comments.csv).

Only the parts both snapshots cover are compared, and the current row keeps the newest known aliases and
addresses (their snapshot date is the provenance, in the designations table's *_as_of columns).
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from conftest import FIXTURES
from models.changes import list_changes, render_changes
from models.importers import import_files
from models.store import Store
from models.tables import build_table

pytestmark = pytest.mark.both_engines      # every store fixture in this file: SQLite, then PostgreSQL

SANCTIONS = FIXTURES / "sanctions"
SET = SANCTIONS / "set_2020-02-01"
FULL = [SET / "sdn.csv", SET / "add.csv", SET / "alt.csv", SET / "sdn_comments.csv"]
OLD = SANCTIONS / "history" / "sdn_2020-01-01.csv"
NEW = SANCTIONS / "history" / "sdn_2020-03-01.csv"


def full_set(folder: Path, alt_rows: list[str] | None = None, add_rows: list[str] | None = None) -> list[Path]:
    """A copy of the fixture set in `folder` (whose name dates it), optionally with other alt/add rows."""
    folder.mkdir(parents=True)
    for path in FULL:
        shutil.copy(path, folder / path.name)
    for name, rows in (("alt.csv", alt_rows), ("add.csv", add_rows)):
        if rows is not None:
            (folder / name).write_bytes(("\r\n".join(rows) + "\r\n").encode("cp1252"))
    return [folder / p.name for p in FULL]


def aliases(store: Store, source_id: str) -> set[str]:
    return {r[0] for r in store.rows("SELECT alias FROM designation_aliases JOIN designations USING (designation_id)"
                                     " WHERE source_id = ?", (source_id,))}


def row(store: Store, source_id: str) -> dict:
    frame = build_table(store, "designations")
    return frame[frame.source_id == source_id].iloc[0].to_dict()


def test_partial_snapshot_is_recorded(store):
    report = import_files(store, [OLD])
    assert "does not cover addresses, aliases, comments" in "\n".join(report.files[0].notes)
    content = store.scalar("SELECT content FROM designation_snapshots LIMIT 1")
    assert '"aliases":null' in content and '"uncovered":["addresses","aliases","comments"]' in content
    import_files(store, FULL)
    assert row(store, "101")["aliases_as_of"] == "2020-02-01"


def test_only_parts_both_cover_are_compared(store):
    import_files(store, [OLD])
    import_files(store, FULL)
    changes = list_changes(store, "OFAC SDN", "2020-01-01", "2020-02-01")
    assert {c.source_id: c.fields for c in changes.amended} == {"107": ["programs"]}
    assert changes.not_compared == ["addresses", "aliases", "comments"]
    text = render_changes(changes)
    assert "not compared: addresses, aliases, comments" in text
    assert "the 2020-01-01 snapshot does not cover addresses, aliases, comments" in text
    assert "1 entries have remarks continued in sdn_comments.csv in only one" in text     # entry 108


def test_aliases_and_addresses_are_compared_when_both_cover_them(store, tmp_path):
    import_files(store, FULL)
    alt = ['101,301,"aka","KETC",-0- ', '103,302,"aka","KIM, Ex",-0- ', '104,304,"fka","OLD STAR",-0- ']
    add = ['101,201,"Sungri Street","Pyongyang","Korea, North",-0- ', '103,203,-0- ,"Pyongyang","Korea, North",-0- ',
           '105,204,"Calle 1","Bogota","Colombia",-0- ']
    import_files(store, full_set(tmp_path / "set_2020-04-01", alt, add))
    changes = list_changes(store, "OFAC SDN", "2020-02-01", "2020-04-01")
    assert changes.not_compared == [] and not changes.notes
    assert {c.source_id: c.fields for c in changes.amended} == {"101": ["addresses"], "103": ["aliases"]}


def test_current_row_keeps_the_newest_known_aliases(tmp_path):
    with Store(tmp_path / "db.sqlite3") as store:
        for files in ([OLD], FULL, [NEW]):
            import_files(store, files)
        entry = row(store, "103")
        assert entry["last_seen"] == "2020-03-01"                            # primary fields from 2020-03-01
        assert (entry["aliases_as_of"], entry["addresses_as_of"]) == ("2020-02-01", "2020-02-01")
        assert (entry["alias_count"], entry["address_count"]) == (2, 1)
        assert aliases(store, "103") == {"KIM, Ex", "KIM, Old"}
        assert pd.isna(row(store, "109")["aliases_as_of"])                  # never in a snapshot with alt.csv
        # a newer snapshot with alt.csv, still older than 2020-03-01, becomes the source
        import_files(store, full_set(tmp_path / "set_2020-02-15", ['103,302,"aka","KIM, Newer",-0- ']))
        entry = row(store, "103")
        assert aliases(store, "103") == {"KIM, Newer"} and entry["aliases_as_of"] == "2020-02-15"
        assert entry["last_seen"] == "2020-03-01"
        before = store.rows("SELECT * FROM designations ORDER BY designation_id")
        import_files(store, [NEW])                                           # same content again: no change
        assert [tuple(r) for r in store.rows("SELECT * FROM designations ORDER BY designation_id")] == \
            [tuple(r) for r in before]


def test_a_newest_snapshot_with_companions_uses_its_own(tmp_path):
    with Store(tmp_path / "db.sqlite3") as store:
        import_files(store, [NEW])
        import_files(store, full_set(tmp_path / "set_2020-04-01"))
        entry = row(store, "103")
        assert entry["aliases_as_of"] == entry["last_seen"] == "2020-04-01"
        changes = list_changes(store, "OFAC SDN", "2020-03-01", "2020-04-01")
        assert changes.not_compared == ["addresses", "aliases", "comments"]
        assert {c.source_id for c in changes.added} == {"107"}


@pytest.mark.parametrize("order", [(0, 1, 2), (2, 1, 0), (1, 2, 0)])
def test_kept_parts_do_not_depend_on_import_order(order, tmp_path):
    snapshots = [[OLD], FULL, [NEW]]
    results = []
    for attempt, sequence in enumerate([(0, 1, 2), order]):
        with Store(tmp_path / f"db{attempt}.sqlite3") as store:
            for index in sequence:
                import_files(store, snapshots[index])
            frame = build_table(store, "designations").drop(columns="designation_id")
            results.append((frame.sort_values("source_id").to_dict("records"), sorted(
                map(tuple, store.rows("SELECT source_id, content_hash FROM designations")))))
    assert results[0] == results[1]


def test_changed_fields_for_per_entry_histories(store):
    from models.changes import changed_fields

    import_files(store, [OLD])
    import_files(store, FULL)
    contents = [__import__("json").loads(r[0]) for r in store.rows(
        "SELECT s.content FROM designation_snapshots s JOIN designations d USING (designation_id)"
        " JOIN list_snapshots n USING (snapshot_id) WHERE d.source_id = '101' ORDER BY n.snapshot_date")]
    assert changed_fields(*contents) == []                 # only its (uncompared) aliases and addresses differ
    contents[1]["name"] = "RENAMED"
    assert changed_fields(*contents) == ["name"]
