"""The bundled dataset: seeds an empty database with real, sourced data, and is rebuilt from ../shared."""
from __future__ import annotations

import gzip
import json

import pytest

from conftest import SHARED_DATA, shared_file
from models.bundle import BUNDLE_TABLES, FORMAT, build, seed_store
from models.paths import BUNDLED_DATASET, RESOURCES_DIR
from models.tables import build_table

pytestmark = pytest.mark.both_engines      # the seeded store: SQLite, then PostgreSQL (seeded the same way)


def test_bundle_is_in_the_projects_schema_with_provenance():
    data = json.loads(gzip.decompress(BUNDLED_DATASET.read_bytes()))
    assert data["format"] == FORMAT
    files = data["tables"]["source_files"]
    columns = files["columns"]
    sources = [dict(zip(columns, row)) for row in files["rows"]]
    assert {s["dataset"] for s in sources} >= {"cns_missiles", "statements"}
    assert all(s["sha256"] and s["publisher"] for s in sources)
    missiles = data["tables"]["missiles"]
    assert all(row[missiles["columns"].index("file_id")] for row in missiles["rows"])


def test_seeding_gives_every_cns_launch_and_the_2022_register(bundled_store):
    missiles = build_table(bundled_store, "missiles")
    missiles = missiles[missiles.dataset == "cns"]
    assert len(missiles) == 245
    assert missiles.date.min() == "1984-04-09" and missiles.date.max() == "2023-04-12"
    assert (missiles.date.str[:4] == "2022").sum() == 69
    statements = build_table(bundled_store, "statements")
    assert ((statements.series_id == "us_led") & (statements.date.str[:4] == "2022")).sum() == 9
    assert "S/2022/431" in set(statements.statement_id)


def test_seeding_gives_data_to_2026_with_preliminary_launches_marked(bundled_store):
    launches = build_table(bundled_store, "launches")
    cns, nagix = launches[launches.dataset == "cns"], launches[launches.dataset == "nagix"]
    assert cns.date.max() == "2023-04-12" and nagix.date.min() > "2023-04-12"
    assert nagix.date.max() == "2026-04-18"
    missiles = build_table(bundled_store, "missiles")
    assert (missiles.date.str[:4] == "2024").sum() == 41 and set(missiles[missiles.date >= "2024"].dataset) == {"nagix"}
    statements = build_table(bundled_store, "statements")
    assert set(statements.series_id.dropna()) == {"us_led", "e10", "context", "g7"}
    assert statements.date.max() == "2024-11-05" and "S/2024/255" in set(statements.statement_id)
    seats = bundled_store.rows("SELECT iso3 FROM country_groups WHERE group_name = 'UNSC' AND valid_from = '2026-01-01'")
    assert len(seats) == 15 and bundled_store.scalar(
        "SELECT COUNT(*) FROM country_groups WHERE group_name = 'UNSC' AND valid_from = '2026-01-01'"
        " AND file_id IS NOT NULL") == 15


def test_seed_refuses_a_database_with_data(bundled_store):
    with pytest.raises(ValueError, match="already holds data"):
        seed_store(bundled_store)


def test_bundle_is_up_to_date_with_its_sources(tmp_path):
    """Rebuilding from ../shared/data gives the rows that are shipped (the build time aside)."""
    shared_file("missiles/north_korea_missile_test_database.csv")
    rebuilt = build(SHARED_DATA, tmp_path / "dataset" / "rebuilt.json.gz", resources=RESOURCES_DIR)
    shipped = json.loads(gzip.decompress(BUNDLED_DATASET.read_bytes()))
    for name, _where in BUNDLE_TABLES:
        new, old = rebuilt["tables"][name], shipped["tables"][name]
        if name == "source_files":
            drop = new["columns"].index("imported_at")
            new = {"rows": [r[:drop] + r[drop + 1:] for r in new["rows"]]}
            old = {"rows": [r[:drop] + r[drop + 1:] for r in old["rows"]]}
        assert new["rows"] == old["rows"], f"table {name} differs: run python -m models.bundle"
