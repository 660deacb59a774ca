"""The fault suite (issue 16): kills, broken inputs, concurrent writers and readers, full disks.

Each test asserts that nothing was lost: the database passes SQLite's integrity check and equals its state
before the failed operation (or holds exactly the committed result). Fast enough for CI: a few random
kill points by default; set FAULT_KILL_RUNS (e.g. 30) for more. The kill points are drawn from a seeded
generator (FAULT_SEED, printed on failure) so a failing run can be repeated.
"""
from __future__ import annotations

import errno
import json
import os
import random
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import FIXTURES, shared_file
from helpers import fingerprint
from models import safe_write
from models.errors import DataImportError
from models.importers import ImportOptions, import_files
from models.store import Store
from synthetic import write_sdn

PROJECT = Path(__file__).resolve().parent.parent
KILL_RUNS = int(os.environ.get("FAULT_KILL_RUNS", "3"))
SEED = int(os.environ.get("FAULT_SEED", str(random.SystemRandom().randrange(10**6))))


def state(db: Path) -> tuple[str, str]:
    """(integrity_check, fingerprint of every row) of the database file."""
    with Store(db) as store:
        return store.scalar("PRAGMA integrity_check"), fingerprint(store)


@pytest.fixture
def base_db(tmp_path) -> Path:
    """A database with one list snapshot and the CNS fixture: the state every fault must leave intact."""
    db = tmp_path / "base.sqlite3"
    with Store(db) as store:
        import_files(store, [write_sdn(tmp_path / "sdn_2022-01-01.csv", 500), FIXTURES / "cns" / "small.csv"])
    return db


def start_import(db: Path, *files: Path, env: dict | None = None) -> subprocess.Popen:
    """The dashboard's import process: one JSON progress line per step on stdout."""
    return subprocess.Popen([sys.executable, "-m", "models.import_process", "--db", str(db), *map(str, files)],
                            cwd=PROJECT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.PIPE,
                            env={**os.environ, **(env or {})})


# -- kill -9 mid-import ------------------------------------------------------------------------------
@pytest.mark.parametrize("run", range(KILL_RUNS))
def test_kill_9_at_a_random_point_of_an_import_loses_nothing(base_db, tmp_path, run):
    big = write_sdn(tmp_path / f"sdn_2022-0{2 + run % 7}-01.csv", 40_000, first=1000)
    before = state(base_db)
    rng = random.Random(SEED + run)
    steps = rng.randrange(1, 120)                          # progress lines to wait for before the kill
    process = start_import(base_db, big)
    seen = 0
    finished = False
    for line in process.stdout:
        message = json.loads(line)
        if "progress" not in message:
            finished = True
            break
        seen += 1
        if seen >= steps:
            break
    process.kill()                                        # SIGKILL: no handler, no rollback, no cleanup
    process.wait(timeout=60)
    process.stdout.close(), process.stderr.close(), process.stdin.close()
    after = state(base_db)
    assert after[0] == "ok", f"seed {SEED}"
    if finished:                                          # the import committed before the kill
        assert after[1] != before[1]
    else:
        assert after == before, f"killed after {seen} progress steps (seed {SEED}, FAULT_SEED to repeat)"


def test_kill_9_during_an_export_keeps_the_old_file(tmp_path):
    db = tmp_path / "db.sqlite3"
    with Store(db) as store:
        from models.bundle import seed_store

        seed_store(store)
    target = tmp_path / "brief.pdf"
    target.write_bytes(b"%PDF-1.4 the good old brief")
    process = subprocess.Popen([sys.executable, "main.py", "--db", str(db), "export", str(target), "--from",
                                "2017-01-01", "--to", "2022-12-31"], cwd=PROJECT, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not list(tmp_path.glob(".brief.pdf.*.tmp")) and process.poll() is None:
        time.sleep(0.02)
    time.sleep(random.Random(SEED).uniform(0, 0.3))       # somewhere while the temporary file is written
    process.kill()
    process.wait(timeout=60)
    assert target.read_bytes() == b"%PDF-1.4 the good old brief" or safe_write.verify(target, ".pdf") is None


# -- truncated and corrupt inputs of every format ----------------------------------------------------
def _cut_mid_record(data: bytes) -> bytes:
    """The first half of a text file, cut in the middle of a record (after a separator inside a line)."""
    middle = len(data) // 2
    line_start = data.rfind(b"\n", 0, middle) + 1
    comma = data.find(b",", line_start + 1)
    return data[: comma + 1]


def _inputs() -> list[tuple[str, Path]]:
    return [("cns_csv", FIXTURES / "cns" / "small.csv"), ("statements", FIXTURES / "statements" / "statements.csv"),
            ("signatories", FIXTURES / "statements" / "signatories.csv"),
            ("votes", FIXTURES / "statements" / "votes.csv"),
            ("ofac_csv", FIXTURES / "sanctions" / "set_2020-02-01" / "sdn.csv"),
            ("ofac_xml", FIXTURES / "sanctions" / "ofac_small.xml"), ("un_xml", FIXTURES / "sanctions" / "un_small.xml")]


@pytest.mark.parametrize("name, source", _inputs(), ids=[n for n, _ in _inputs()])
def test_a_truncated_input_is_refused_and_changes_nothing(base_db, tmp_path, name, source):
    broken = tmp_path / "2020-05-05" / source.name
    broken.parent.mkdir()
    broken.write_bytes(_cut_mid_record(source.read_bytes()))
    before = state(base_db)
    with Store(base_db) as store:
        with pytest.raises(DataImportError, match=source.name):
            import_files(store, [broken], ImportOptions(as_of="2020-05-05"))
    assert state(base_db) == before


@pytest.mark.parametrize("damage", ["truncated", "garbled"])
def test_a_damaged_workbook_is_refused_and_changes_nothing(base_db, tmp_path, damage):
    source = shared_file("missiles/north_korea_missile_test_database.xlsx")
    data = source.read_bytes()
    broken = tmp_path / source.name
    if damage == "truncated":
        broken.write_bytes(data[: len(data) // 2])
    else:
        rng = random.Random(SEED)
        garbled = bytearray(data)
        for _ in range(64):
            garbled[rng.randrange(200, len(data) - 200)] = rng.randrange(256)
        broken.write_bytes(bytes(garbled))
    before = state(base_db)
    with Store(base_db) as store:
        try:
            import_files(store, [broken])
        except DataImportError as exc:
            assert source.name in str(exc)
        else:            # the garbling missed every byte that is read (a member the importer never opens)
            assert state(base_db)[0] == "ok"
            return
    assert state(base_db) == before


# -- concurrency ------------------------------------------------------------------------------------
def test_two_writers_at_once_both_land(base_db, tmp_path):
    first = write_sdn(tmp_path / "a" / "sdn_2022-03-01.csv", 20_000, first=1000)
    second = write_sdn(tmp_path / "b" / "sdn_2022-04-01.csv", 20_000, first=2000)
    processes = [start_import(base_db, first), start_import(base_db, second)]
    outcomes = []
    for process in processes:
        out, err = process.communicate(timeout=300)
        outcomes.append((process.returncode, json.loads(out.splitlines()[-1]), err))
    assert [o[0] for o in outcomes] == [0, 0], outcomes
    with Store(base_db) as store:
        assert store.scalar("PRAGMA integrity_check") == "ok"
        dates = [r[0] for r in store.rows("SELECT snapshot_date FROM list_snapshots ORDER BY 1")]
        assert dates == ["2022-01-01", "2022-03-01", "2022-04-01"]
        assert store.scalar("SELECT COUNT(*) FROM designations") == 21_500                 # ent_nums 1-500, 1000-21999


def test_a_reader_during_a_writer_sees_before_or_after_never_half(base_db, tmp_path):
    big = write_sdn(tmp_path / "sdn_2022-05-01.csv", 40_000, first=1000)
    with Store(base_db) as store:
        before = store.scalar("SELECT COUNT(*) FROM designations")
    process = start_import(base_db, big)
    seen = set()
    reader = sqlite3.connect(f"file:{base_db}?mode=ro", uri=True)
    try:
        while process.poll() is None:
            start = time.monotonic()
            seen.add(reader.execute("SELECT COUNT(*) FROM designations").fetchone()[0])
            assert time.monotonic() - start < 1.0              # a reader never waits for the writer
            time.sleep(0.01)
    finally:
        reader.close()
        process.communicate(timeout=300)
    assert process.returncode == 0
    assert seen <= {before, 40_500} and before in seen


# -- full disk --------------------------------------------------------------------------------------
def test_exports_to_a_full_disk_keep_the_old_files(base_db, tmp_path, monkeypatch):
    """Every kind of file the app writes, on a disk that fills up: the old files stay as they were."""
    import pandas as pd

    from models.safe_text import write_csv

    def full(*_args):
        raise OSError(errno.ENOSPC, "No space left on device")
    olds = {}
    for name in ("t.csv", "b.html", "f.svg", "f.png", "b.pdf", "bundle.json.gz"):
        olds[name] = tmp_path / name
        olds[name].write_bytes(b"old " + name.encode())
    monkeypatch.setattr(safe_write.os, "fsync", full)
    with pytest.raises(safe_write.WriteError, match="disk is full"):
        write_csv(pd.DataFrame({"a": [1]}), olds["t.csv"])
    for name in ("b.html", "f.svg", "f.png", "b.pdf", "bundle.json.gz"):
        with pytest.raises(safe_write.WriteError, match="disk is full"):
            safe_write.write_bytes(olds[name], b"new content")
    assert all(path.read_bytes() == b"old " + name.encode() for name, path in olds.items())
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".tmp") == []
    assert state(base_db)[0] == "ok"
