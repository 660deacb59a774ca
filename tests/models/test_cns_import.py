"""CNS missile database importers: the real CSV and workbook, synthetic fixtures, broken input."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.both_engines      # every store in this file: SQLite, then PostgreSQL

from conftest import CNS_CSV, CNS_XLSX, FIXTURES, shared_file
from helpers import fingerprint
from models.errors import DataImportError
from models.importers import import_files

CNS_PER_YEAR = {"1984": 6, "1986": 1, "1990": 2, "1991": 1, "1992": 1, "1993": 4, "1998": 1, "2006": 7,
                "2009": 8, "2012": 2, "2013": 6, "2014": 19, "2015": 15, "2016": 24, "2017": 21, "2019": 27,
                "2020": 9, "2021": 6, "2022": 69, "2023": 16}


def per_year(store) -> dict[str, int]:
    return {r[0]: r[1] for r in store.rows("SELECT substr(date, 1, 4), COUNT(*) FROM missiles GROUP BY 1")}


def test_real_csv_gives_every_cns_row_per_year(store):
    report = import_files(store, [shared_file(CNS_CSV)])
    assert report.files[0].format == "cns_csv"
    assert report.files[0].added == 245
    assert per_year(store) == CNS_PER_YEAR
    months = store.rows("SELECT source_key, date FROM missiles WHERE date_precision = 'month' ORDER BY CAST(source_key AS INTEGER)")
    assert [(r[0], r[1]) for r in months] == [("4", "1984-09"), ("5", "1984-09"), ("6", "1984-09"), ("7", "1986-05"),
                                              ("8", "1990-05"), ("9", "1990-06"), ("10", "1991-07"), ("11", "1992-06")]
    last = store.rows("SELECT * FROM missiles WHERE source_key = '245'")[0]
    assert (last["date"], last["time_utc"], last["missile_class"], last["apogee_km"], last["distance_km"]) == \
        ("2023-04-12", "22:22", "ICBM", None, 1000.0)
    classes = dict(store.rows("SELECT missile_class, COUNT(*) FROM missiles GROUP BY 1"))
    assert classes == {"SRBM": 163, "MRBM": 30, "IRBM": 16, "ICBM": 11, "SLBM": 10, "unknown": 8, "SLV": 6, "HGV": 1}


def test_real_csv_keeps_source_wording_where_no_number(store):
    import_files(store, [shared_file(CNS_CSV)])
    ranges = store.rows("SELECT apogee_km, apogee_text FROM missiles WHERE apogee_text LIKE 'between%'")
    assert ranges and all(r[0] is None for r in ranges)
    assert store.scalar("SELECT COUNT(*) FROM missiles WHERE distance_km = 1380") >= 1   # '1,380 km'
    assert store.scalar("SELECT COUNT(*) FROM missiles WHERE source_urls LIKE '%;'") == 0


def test_workbook_agrees_with_csv_where_they_overlap(store, tmp_path):
    from models.store import Store

    import_files(store, [shared_file(CNS_CSV)])
    csv_only = store.query("SELECT * FROM missiles ORDER BY source_key").drop(columns=["file_id"])
    report = import_files(store, [shared_file(CNS_XLSX)])
    assert report.files[0].format == "cns_xlsx"
    assert (report.files[0].added, report.files[0].updated, report.files[0].unchanged) == (0, 0, 156)
    both = store.query("SELECT * FROM missiles ORDER BY source_key").drop(columns=["file_id"])
    assert both.equals(csv_only)
    with Store(tmp_path / "xlsx.sqlite3") as xlsx_store:
        import_files(xlsx_store, [shared_file(CNS_XLSX)])
        assert {k: v for k, v in per_year(xlsx_store).items() if k < "2021"} == \
            {k: v for k, v in CNS_PER_YEAR.items() if k < "2021"}
        assert per_year(xlsx_store)["2021"] == 2
        months = xlsx_store.scalar("SELECT COUNT(*) FROM missiles WHERE date_precision = 'month'")
        assert months == 8
        same_entry = xlsx_store.query(
            "SELECT source_key, date, time_utc, missile_class, apogee_km, outcome FROM missiles"
            " WHERE entered_on <= '2019-01-01' ORDER BY source_key")
    from_csv = store.query("SELECT source_key, date, time_utc, missile_class, apogee_km, outcome FROM missiles"
                           " WHERE entered_on <= '2019-01-01' ORDER BY source_key")
    assert not same_entry.empty and same_entry.equals(from_csv)


@pytest.mark.parametrize("order", [[CNS_CSV, CNS_XLSX], [CNS_XLSX, CNS_CSV]])
def test_import_order_does_not_matter_and_reimport_changes_nothing(store, order):
    for name in order:
        import_files(store, [shared_file(name)])
    before = fingerprint(store)
    for name in order:
        report = import_files(store, [shared_file(name)])
        assert report.added == 0 and report.updated == 0
    assert fingerprint(store) == before
    assert per_year(store) == CNS_PER_YEAR
    assert store.scalar("SELECT missile_name FROM missiles WHERE source_key = '120'") == "Hwasong-11A (KN-23)"


def test_synthetic_csv_normalises_every_field(store):
    report = import_files(store, [FIXTURES / "cns" / "small.csv"])
    assert report.files[0].added == 4
    rows = {r["source_key"]: r for r in store.rows("SELECT * FROM missiles")}
    assert (rows["1"]["date"], rows["1"]["date_precision"]) == ("1984-09", "month")
    assert (rows["2"]["time_utc"], rows["2"]["apogee_km"], rows["2"]["distance_km"]) == ("05:34", 6248.0, 1090.0)
    assert "\n" in rows["2"]["notes"] and "°" in rows["2"]["notes"]
    assert rows["2"]["source_urls"] == "https://example.org/b\nhttps://example.org/c"
    assert rows["3"]["missile_name"] is None and rows["3"]["facility"] is None and rows["3"]["latitude"] is None
    assert (rows["3"]["apogee_km"], rows["3"]["apogee_text"]) == (None, "between 25 and 90 km")
    assert (rows["3"]["outcome"], rows["3"]["confirmation"]) == ("unknown", "unconfirmed")
    assert rows["4"]["notes"] == "Second missile of the salvo"
    launches = store.rows("SELECT launch_id, missile_count, outcome FROM launches ORDER BY launch_id")
    assert [(r[0], r[1], r[2]) for r in launches] == [
        ("L1984-09-1", 1, "success"), ("L2022-03-24-1", 1, "success"), ("L2022-11-02-1", 2, "mixed")]


@pytest.mark.parametrize("name, message", [
    ("bad_date.csv", "bad_date.csv, line 3: unreadable date '24/Mars/22'"),
    ("missing_columns.csv", "missing_columns.csv, line 1: missing column(s) Missile Type, Test Outcome"),
    ("truncated.csv", "truncated.csv, line 3: broken CSV"),
    ("short_row.csv", "short_row.csv, line 3: the row has 3 fields, the header has 19"),
    ("bad_type.csv", "bad_type.csv, line 2: unknown missile type 'Rocket'"),
    ("empty.csv", "empty.csv: the file is empty"),
    ("garbage.bin", "garbage.bin: not a format this program reads"),
    ("utf16_no_bom.csv", "utf16_no_bom.csv: not a format this program reads"),
])
def test_broken_input_is_rejected_and_changes_nothing(real_store, name, message):
    before = fingerprint(real_store)
    with pytest.raises(DataImportError) as caught:
        import_files(real_store, [FIXTURES / "cns" / "small.csv", FIXTURES / "cns" / name])
    assert str(caught.value).startswith(message)
    assert fingerprint(real_store) == before


def test_a_spreadsheet_of_something_else_is_rejected(store, tmp_path):
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.title = "Budget"
    workbook.active.append(["item", "cost"])
    path = tmp_path / "budget.xlsx"
    workbook.save(path)
    before = fingerprint(store)
    with pytest.raises(DataImportError, match=r"budget.xlsx: an Excel workbook, but not the CNS"):
        import_files(store, [path])
    truncated = tmp_path / "truncated.xlsx"
    truncated.write_bytes(shared_file(CNS_XLSX).read_bytes()[:5000])
    with pytest.raises(DataImportError, match=r"truncated.xlsx: a damaged or truncated"):
        import_files(store, [truncated])
    assert fingerprint(store) == before


def test_cancel_rolls_back(store):
    from models.errors import ImportCancelled
    from models.progress import Progress

    progress = Progress()
    progress.cancel()
    with pytest.raises(ImportCancelled):
        import_files(store, [FIXTURES / "cns" / "small.csv"], progress=progress)
    assert store.scalar("SELECT COUNT(*) FROM missiles") == 0
