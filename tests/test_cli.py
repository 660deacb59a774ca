"""The command line, run as a user runs it (subprocesses, no display)."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pandas as pd

from conftest import FIXTURES

PROJECT = Path(__file__).resolve().parent.parent


def run(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen", **(env or {})}
    return subprocess.run([sys.executable, "main.py", *args], cwd=PROJECT, capture_output=True, text=True,
                          timeout=120, env=environment)


def test_table_missiles_on_a_fresh_database_gives_the_cns_rows_per_year(tmp_path):
    out = tmp_path / "m.csv"
    result = run("--db", str(tmp_path / "fresh.db"), "table", "missiles", str(out))
    assert result.returncode == 0, result.stderr
    missiles = pd.read_csv(out, dtype={"date": str})
    per_year = missiles.date.str[:4].value_counts().to_dict()
    assert per_year["2016"] == 24 and per_year["2017"] == 21 and per_year["2019"] == 27 and per_year["2022"] == 69
    assert "2018" not in per_year
    assert list(missiles.columns[:14]) == ["missile_id", "launch_id", "date", "time_utc", "missile_name",
                                           "missile_class", "facility", "latitude", "longitude", "apogee_km",
                                           "distance_km", "outcome", "confirmation", "source_key"]
    assert (missiles.date.str.len() == 7).sum() == 8          # month-only dates stay months


def test_table_launches_statements_and_alignment(tmp_path):
    db = str(tmp_path / "fresh.db")
    for name in ("launches", "statements", "alignment"):
        assert run("--db", db, "table", name, str(tmp_path / f"{name}.csv")).returncode == 0
    launches = pd.read_csv(tmp_path / "launches.csv")
    assert list(launches.columns[:8]) == ["launch_id", "date", "missile_count", "classes", "facility",
                                          "max_apogee_km", "max_distance_km", "outcome"]
    statements = pd.read_csv(tmp_path / "statements.csv")
    assert list(statements.columns[:6]) == ["statement_id", "date", "kind", "title", "url", "signatory_count"]
    alignment = pd.read_csv(tmp_path / "alignment.csv", keep_default_na=False).set_index("iso3")
    # 2022-2024: the UAE joined 5 statements in 2022 and 2 in 2023 (JS2023-02, -03); India only 2022's three
    assert alignment.loc["ARE", "joined_count"] == 7 and alignment.loc["IND", "joined_count"] == 3
    assert set(alignment["JS2023-01"]) == {"list not recorded"}
    assert alignment.columns[-1] == "joined_count"


def test_import_reports_and_rejects_bad_input_with_nonzero_exit(tmp_path):
    db = str(tmp_path / "fresh.db")
    good = run("--db", db, "import", str(FIXTURES / "statements" / "statements.csv"))
    assert good.returncode == 0, good.stderr
    assert "statements.csv (statements): 2 added" in good.stdout
    again = run("--db", db, "import", str(FIXTURES / "statements" / "statements.csv"))
    assert "0 added, 0 updated, 2 unchanged" in again.stdout
    bad = run("--db", db, "import", str(FIXTURES / "cns" / "small.csv"), str(FIXTURES / "cns" / "bad_date.csv"))
    assert bad.returncode == 1
    assert "bad_date.csv, line 3: unreadable date" in bad.stderr
    assert "database is unchanged" in bad.stderr


def test_unknown_table_and_unwritable_output(tmp_path):
    db = str(tmp_path / "fresh.db")
    unknown = run("--db", db, "table", "nonsense", str(tmp_path / "x.csv"))
    assert unknown.returncode == 2 and "unknown table 'nonsense'" in unknown.stderr
    unwritable = run("--db", db, "table", "launches", str(tmp_path / "missing-dir" / "x.csv"))
    assert unwritable.returncode == 1 and "cannot write" in unwritable.stderr


def test_help_and_version():
    assert "import" in run("--help").stdout
    assert run("--version").stdout.startswith("DPRK Pressure Brief")


def test_check_paints_the_main_window_offscreen(tmp_path):
    result = run("--db", str(tmp_path / "fresh.db"), "--check",
                 env={"DPRK_BRIEF_SETTINGS_DIR": str(tmp_path / "settings")})
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("first paint: ")
    assert "panes ready: " in result.stdout
