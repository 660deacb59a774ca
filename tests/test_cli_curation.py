"""`python main.py export-curation DIR` writes the analysts' facts as register CSV files; importing that folder
into an empty database reproduces them exactly (exporting again gives the same files); `audit` writes the trail."""
from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

from models.commands import open_store
from models.curation import (
    AddClaim, AddLaunch, AddStatement, AddVote, ChooseClaim, ClaimInput, EditLaunch, HideRecord, LaunchInput,
    SourceInput, StatementInput, VoteInput, council_members, launch_input_for, user_facts)

PROJECT = Path(__file__).resolve().parent.parent
SOURCE = SourceInput("US Mission to the UN", "https://usun.usmission.gov/joint-statement-x/", "2026-11-30",
                     "-we condemn the launch")           # a cell a spreadsheet would run as a formula


def run(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([sys.executable, "main.py", *args], cwd=PROJECT, capture_output=True, text=True,
                          timeout=300, env=env)


def _curate(db: Path) -> None:
    with open_store(db) as store:
        launch = AddLaunch(LaunchInput("2026-11-29", "07:15", "KST", "SRBM", "Hwasong-11", 2, "Pyongyang Sunan",
                                       "50", "350", "success", "unconfirmed", [SOURCE]))
        launch.apply(store)
        AddStatement(StatementInput("JS2026-09", "2026-11-30", "Joint statement on the 29 Nov launch",
                                    venue="UN Security Council stakeout", trigger_launch_ids=[launch.record_id],
                                    signatories=["USA", "JPN", "KOR", "GBR"], sources=[SOURCE])).apply(store)
        AddStatement(StatementInput("E102026-01", "2026-11-30", "E10 statement", signatories=None,
                                    sources=[SOURCE])).apply(store)
        votes = {c: "yes" for c in council_members(store, 2024)} | {"RUS": "no", "CHN": "abstain"}
        AddVote(VoteInput("S/2024/999", "2024-05-01", False, votes, sources=[SOURCE])).apply(store)
        claim = AddClaim(ClaimInput("2022-11-02", 23, SOURCE))
        claim.apply(store)
        ChooseClaim("2022-11-02", claim.claim_id).apply(store)
        edit = launch_input_for(store, "L2022-11-01-1")
        edit.site, edit.sources = "Jeongju", [SOURCE]
        EditLaunch("L2022-11-01-1", edit).apply(store)
        HideRecord("statement", "JS2022-01").apply(store)


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.csv"))}


def test_export_curation_round_trip_into_an_empty_database(tmp_path):
    db, empty = tmp_path / "work.db", tmp_path / "empty.db"
    _curate(db)
    first = run("--db", str(db), "export-curation", str(tmp_path / "out1"))
    assert first.returncode == 0, first.stderr
    files = _files(tmp_path / "out1")
    assert {"curation_statements.csv", "curation_signatories.csv", "curation_votes.csv", "curation_launches.csv",
            "curation_claims.csv", "curation_edits.csv", "curation_sources.csv"} <= set(files)
    with open(tmp_path / "out1" / "curation_statements.csv", newline="", encoding="utf-8") as fh:
        statements = list(csv.DictReader(fh))
    assert [r["statement_id"] for r in statements] == ["E102026-01", "JS2026-09"]
    assert "'-we condemn" in files["curation_sources.csv"].decode()        # formula-safe in the file

    imported = run("--db", str(empty), "--empty", "import", str(tmp_path / "out1"))
    assert imported.returncode == 0, imported.stderr
    again = run("--db", str(empty), "--empty", "export-curation", str(tmp_path / "out2"))
    assert again.returncode == 0, again.stderr
    assert _files(tmp_path / "out2") == files

    with open_store(empty, seed=False) as store:
        assert store.scalar("SELECT COUNT(*) FROM positions WHERE statement_id = 'JS2026-09'") == 4
        assert store.scalar("SELECT positions_known FROM statements WHERE statement_id = 'E102026-01'") == 0
        assert store.scalar("SELECT outcome FROM statements WHERE statement_id = 'S/2024/999'").startswith(
            "not adopted")
        assert store.scalar("SELECT missile_count FROM launches WHERE dataset = 'analyst'") == 2
        assert store.scalar("SELECT source_urls FROM missiles WHERE dataset = 'analyst' LIMIT 1") == SOURCE.url
        with open_store(db, seed=False) as original:
            columns = ["kind", "record_id", "origin", "hidden", "edited_fields"]
            assert user_facts(store)[columns].equals(user_facts(original)[columns])
            assert (store.scalar("SELECT value FROM curation_facts WHERE record_id = 'JS2026-09'")
                    == original.scalar("SELECT value FROM curation_facts WHERE record_id = 'JS2026-09'"))

    audit = run("--db", str(db), "audit", str(tmp_path / "audit.csv"))
    assert audit.returncode == 0, audit.stderr
    with open(tmp_path / "audit.csv", newline="", encoding="utf-8") as fh:
        commands = [r["command"] for r in csv.DictReader(fh)]
    assert len(commands) == 8 and commands[0].startswith("Add launch U2026-11-28-1")


def test_a_bad_row_in_a_curation_folder_is_refused_with_file_and_line_and_nothing_changes(tmp_path):
    db = tmp_path / "work.db"
    _curate(db)
    assert run("--db", str(db), "export-curation", str(tmp_path / "out")).returncode == 0
    signatories = tmp_path / "out" / "curation_signatories.csv"
    lines = signatories.read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2].replace(",JPN,", ",XYZ,")
    signatories.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    empty = tmp_path / "empty.db"
    result = run("--db", str(empty), "--empty", "import", str(tmp_path / "out"))
    assert result.returncode == 1
    assert "curation_signatories.csv" in result.stderr and "line 3" in result.stderr and "'XYZ'" in result.stderr
    with open_store(empty, seed=False) as store:
        assert store.scalar("SELECT COUNT(*) FROM curation_facts") == 0
        assert store.scalar("SELECT COUNT(*) FROM statements") == 0
