"""`python main.py screen NAMES.csv ... --out MATCHES.csv` and `search --threshold`, in a subprocess, as a user runs them."""
from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pytest

MAIN = Path(__file__).resolve().parent.parent / "main.py"


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(MAIN), *args], capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("screen") / "cli.sqlite3"
    assert run("--db", str(path), "search", "warm").returncode == 0           # seeds the bundled dataset
    return path


def test_screen_writes_the_best_matches_with_scores(db, tmp_path):
    names = tmp_path / "registry.csv"
    names.write_text("id,company\n1,Kim Su Gill\n2,Korea Kwangson Banking Corporation\n3,\n"
                     "4,Zzyzx Qwerty Holdings\n5,=HYPERLINK(\"x\")\n", encoding="utf-8")
    out = tmp_path / "matches.csv"
    result = run("--db", str(db), "screen", str(names), "--column", "company", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "Screened 4 names from column 'company' of registry.csv at score 80 or more: 2 matched, 2 did not." \
        in result.stdout
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    first = {r["input_name"]: r for r in rows if r["rank"] in ("1", "")}
    assert first["Kim Su Gill"]["name"] == "KIM, Su Gil" and first["Kim Su Gill"]["line"] == "2"
    assert 80 <= float(first["Kim Su Gill"]["score"]) < 100 and "GILL~GIL" in first["Kim Su Gill"]["why"]
    assert first["Korea Kwangson Banking Corporation"]["name"] == "KOREA KWANGSON BANKING CORP"
    assert first["Zzyzx Qwerty Holdings"]["why"] == "no match at this threshold"
    assert "'=HYPERLINK(\"x\")" in {r["input_name"] for r in rows}          # formulas neutralised


def test_screen_threshold_changes_what_matches(db, tmp_path):
    names = tmp_path / "names.csv"
    names.write_text("name\nKim Su Gill\n", encoding="utf-8")
    out = tmp_path / "m.csv"
    result = run("--db", str(db), "screen", str(names), "--threshold", "99", "--out", str(out))
    assert result.returncode == 0 and "0 matched, 1 did not" in result.stdout


@pytest.mark.parametrize("content, args, message", [
    (b"name\nKim\n", ["--column", "company"], "names.csv has no column 'company'; its columns are: 'name'"),
    (b"", [], "names.csv is empty"),
    (b"name\n", [], "column 'name' holds no names"),
    (b"name\nJos\xe9\n", [], "names.csv: line 2 is not UTF-8 text (byte 0xe9)"),
    (b"a,b\nx,y\n", [], "has several columns and none is called 'name'"),
    (b"name\nKim\n", ["--threshold", "120"], "--threshold 120 is not between 0 and 100"),
])
def test_screen_errors_are_clear(db, tmp_path, content, args, message):
    names = tmp_path / "names.csv"
    names.write_bytes(content)
    out = tmp_path / "m.csv"
    result = run("--db", str(db), "screen", str(names), *args, "--out", str(out))
    assert result.returncode != 0 and message in result.stderr
    assert not out.exists()


def test_screen_missing_file(db, tmp_path):
    result = run("--db", str(db), "screen", str(tmp_path / "nope.csv"), "--out", str(tmp_path / "m.csv"))
    assert result.returncode == 1 and "cannot read" in result.stderr


def test_search_threshold_and_scores(db):
    result = run("--db", str(db), "search", "Kim Su Gill")
    assert result.returncode == 0 and "KIM, Su Gil" in result.stdout and "why: spelling: GILL~GIL" in result.stdout
    strict = run("--db", str(db), "search", "Kim Su Gill", "--threshold", "99")
    assert "No designations match 'Kim Su Gill' at score 99 or more (try a lower --threshold)." in strict.stdout
