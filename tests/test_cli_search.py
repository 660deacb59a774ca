"""`python main.py search QUERY` in a subprocess, as a user runs it."""
from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

MAIN = Path(__file__).resolve().parent.parent / "main.py"


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(MAIN), *args], capture_output=True, text=True, timeout=300)


def test_search_prints_best_first_and_writes_safe_csv(tmp_path):
    db = tmp_path / "cli.sqlite3"
    result = run("--db", str(db), "search", "Su-gil Kim")
    assert result.returncode == 0, result.stderr
    assert "KIM, Su Gil" in result.stdout and "OFAC 39498" in result.stdout
    out = tmp_path / "hits.csv"
    result = run("--db", str(db), "search", "air koryo", "--csv", str(out), "--all")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[1].split() == ["100.0", "AIR", "KORYO"]          # the score (0-100), then the name
    assert lines[2].strip() == "why: exact"
    assert "[matched alias: linked to AIR KORYO]" in result.stdout
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert rows[0]["name"] == "AIR KORYO" and len(rows) >= 3
    assert rows[0]["score"] == "100.0" and rows[0]["matched_name"] == "AIR KORYO"


def test_search_with_no_match(tmp_path):
    result = run("--db", str(tmp_path / "cli.sqlite3"), "search", "xqzwv")
    assert result.returncode == 0 and "No designations match" in result.stdout
