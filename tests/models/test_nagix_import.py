"""nagix launches: a separate, preliminary (third-party) source; CNS stays the record where both exist."""
from __future__ import annotations

import pytest

from models.errors import DataImportError
from models.importers import import_files
from models.launch_sources import count_comparison, differing_years, whose_count
from tests.conftest import CNS_CSV, FIXTURES, shared_file

pytestmark = pytest.mark.both_engines      # every store in this file: SQLite, then PostgreSQL

NAGIX = FIXTURES / "nagix"
COMPANIONS = [NAGIX / "missile.en.json", NAGIX / "facility.en.json"]
REAL = ["missiles/nagix/test.en.json", "missiles/nagix/missile.en.json", "missiles/nagix/facility.en.json"]


def test_synthetic_launches_are_preliminary_and_keyed_stably(store):
    report = import_files(store, [NAGIX / "test.en.json", *COMPANIONS])
    assert report.files[0].format == "nagix_tests" and report.added == 4
    launches = store.rows("SELECT launch_id, date, date_precision, missile_count, dataset FROM launches ORDER BY date")
    assert [(r["launch_id"], r["missile_count"], r["dataset"]) for r in launches] == [
        ("L2098-03-01-1", 2, "nagix"), ("L2099-01-10-1", 1, "nagix"), ("L2099-02-1", 1, "nagix")]
    assert launches[2]["date_precision"] == "month"
    m = store.rows("SELECT * FROM missiles WHERE date = '2099-01-10'")[0]
    assert (m["missile_class"], m["apogee_km"], m["facility"], m["time_utc"]) == ("ICBM", 6000.0, None, None)
    assert whose_count(store) == "nagix count, preliminary (third-party)"
    before = store.rows("SELECT * FROM missiles ORDER BY missile_id")
    again = import_files(store, [NAGIX / "test.en.json", *COMPANIONS])
    assert not again.changed and store.rows("SELECT * FROM missiles ORDER BY missile_id") == before


@pytest.mark.parametrize("name, problem", [
    ("unknown_missile.en.json", "missile 'hwasong-100' is not in missile.en.json"),
    ("bad_date.en.json", "unreadable date '10 Jan 2099'"),
    ("bad_outcome.en.json", "unknown outcome 'exploded'"),
    ("truncated.en.json", "broken JSON"),
])
def test_broken_files_name_the_record_and_change_nothing(store, name, problem):
    import_files(store, [NAGIX / "test.en.json", *COMPANIONS])
    before = store.rows("SELECT * FROM missiles ORDER BY missile_id")
    with pytest.raises(DataImportError) as err:
        import_files(store, [NAGIX / "broken" / name, *COMPANIONS])
    text = str(err.value)
    assert name in text and problem in text
    assert "record timeBins[" in text or "line" in text
    assert store.rows("SELECT * FROM missiles ORDER BY missile_id") == before


def test_the_test_file_needs_its_companions(store):
    with pytest.raises(DataImportError, match="import it together with missile.en.json and facility.en.json"):
        import_files(store, [NAGIX / "test.en.json"])


@pytest.fixture
def both(store):
    import_files(store, [shared_file(CNS_CSV)])
    import_files(store, [shared_file(f) for f in REAL])
    return store


def test_real_cns_is_the_record_and_nagix_adds_what_follows(both):
    rows = {r[0]: tuple(r)[1:] for r in both.rows(
        "SELECT dataset, COUNT(*), MIN(date), MAX(date), SUM(missile_count) FROM launches GROUP BY dataset")}
    assert rows["cns"] == (135, "1984-04-09", "2023-04-12", 245)
    assert rows["nagix"][1:3] == ("2023-05-30", "2026-04-18")
    assert both.scalar("SELECT COUNT(*) FROM missiles WHERE dataset = 'nagix'") == 339
    per_year = dict(both.rows("SELECT substr(date, 1, 4), SUM(missile_count) FROM launches WHERE dataset = 'nagix'"
                              " GROUP BY 1"))
    assert per_year == {"2023": 33 - 16, "2024": 41, "2025": 11, "2026": 25}     # PROVENANCE: nagix per year


def test_real_counts_compared_per_year_where_they_overlap(both):
    comparison = count_comparison(both).set_index("year")
    assert comparison.loc[2023, "through"] == "2023-04-12"
    assert (comparison["cns_missiles"] == comparison["nagix_missiles"]).all()
    differs = differing_years(both)
    assert list(differs["year"]) == [2022]              # same missiles, grouped into different launch events
    assert (differs.loc[0, "cns_events"], differs.loc[0, "nagix_events"]) == (36, 39)
    assert whose_count(both, "2024-01-01", "2024-12-31") == "nagix count, preliminary (third-party)"
    assert whose_count(both, "2023-01-01", "2023-12-31").startswith("CNS count: 2023-02-18 to 2023-04-12; "
                                                                     "nagix count, preliminary (third-party)")
