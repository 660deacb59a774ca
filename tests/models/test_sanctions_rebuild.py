"""Re-importing a changed list re-derives its current rows a chunk of designation_ids at a time (issue 16,
"Memory"): the rows, children and counts are those of the whole-list rebuild, on either engine."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.both_engines


def sdn_rows(count: int, year: int) -> bytes:
    """An sdn.csv of `count` entries; every third is linked to the one before it; `year` in each DOB."""
    rows = []
    for ent in range(1, count + 1):
        remarks = f"DOB 01 Jan {year}; nationality Korea, North"
        if ent % 3 == 0:
            remarks += f"; Linked To: TRADING {ent - 1:04d}"
        rows.append(f'{ent},"TRADING {ent:04d}","","DPRK3",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"{remarks}."')
    return ("\r\n".join(rows) + "\r\n").encode("cp1252")


def current_rows(store) -> list[tuple]:
    return [tuple(r) for r in store.conn.execute(
        "SELECT d.source_id, d.remarks, d.last_seen, d.content_hash, i.id_value, l.to_id IS NOT NULL"
        " FROM designations d JOIN designation_identifiers i ON i.designation_id = d.designation_id"
        " AND i.id_type = 'DOB' LEFT JOIN designation_links l ON l.from_id = d.designation_id"
        " ORDER BY d.source_id")]


@pytest.mark.parametrize("chunk", [7, 10_000])
def test_a_changed_list_reimported_rebuilds_every_row_in_chunks_the_same_as_at_once(new_store, tmp_path,
                                                                                    monkeypatch, chunk):
    from models.importers import ImportOptions, import_files
    from models.importers import sanctions_db

    monkeypatch.setattr(sanctions_db, "REFRESH_ROWS", chunk)
    first, second = tmp_path / "first.csv", tmp_path / "second.csv"
    first.write_bytes(sdn_rows(40, 1970))
    second.write_bytes(sdn_rows(40, 1971))
    store = new_store()
    import_files(store, [first], ImportOptions(as_of="2030-01-01"))
    report = import_files(store, [second], ImportOptions(as_of="2030-02-01")).files[0]
    assert (report.added, report.updated, report.unchanged) == (0, 40, 0)
    rows = current_rows(store)
    assert len(rows) == 40
    assert all(r[2] == "2030-02-01" and r[4] == "01 Jan 1971" and "1971" in r[1] for r in rows)
    assert sum(1 for r in rows if r[5]) == 13                    # every third entry keeps its link
    older = import_files(store, [first], ImportOptions(as_of="2029-12-01")).files[0]
    assert (older.added, older.updated, older.unchanged) == (0, 0, 40)    # the newest content is unchanged
    assert current_rows(store) == rows
