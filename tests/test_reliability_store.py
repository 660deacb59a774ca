"""Issue 16, problems 3-6 on the command line (subprocesses, as a user runs it): snapshot identity, locks,
one-line errors with exit status 1 (130 for Ctrl-C), broken pipes, and foreign SQLite files."""
from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import shared_file
from helpers import fingerprint
from models.store import APPLICATION_ID, Store
from synthetic import write_sdn

PROJECT = Path(__file__).resolve().parent.parent


def run(*args: str, env: dict | None = None, **kwargs) -> subprocess.CompletedProcess:
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen", **(env or {})}
    return subprocess.run([sys.executable, "main.py", *args], cwd=PROJECT, capture_output=True, text=True,
                          timeout=180, env=environment, **kwargs)


def digest(db: Path) -> str:
    with Store(db) as store:
        return fingerprint(store)


def one_line_error(result: subprocess.CompletedProcess, *words: str) -> None:
    assert result.returncode == 1, (result.returncode, result.stderr)
    lines = [line for line in result.stderr.splitlines() if not line.startswith("waiting for")]
    assert "Traceback" not in result.stderr and lines[0].startswith("error: ")
    for word in words:
        assert word in lines[0], (word, lines[0])


@pytest.fixture
def small_db(tmp_path) -> Path:
    db = tmp_path / "small.sqlite3"
    assert run("--db", str(db), "--empty", "import", str(write_sdn(tmp_path / "sdn_2022-01-01.csv", 50))
               ).returncode == 0
    return db


# -- problem 3: snapshot identity --------------------------------------------------------------------
def test_the_same_list_file_from_a_folder_without_a_date_changes_nothing(tmp_path):
    """The issue's case: a byte-identical sdn.csv again, from a folder with no date in its name."""
    old, new = shared_file("ofac/history/sdn_2022-06-28.csv"), shared_file("ofac/history/sdn_2022-12-28.csv")
    db = tmp_path / "lists.sqlite3"
    assert run("--db", str(db), "--empty", "import", str(old), str(new)).returncode == 0
    before = digest(db)
    copy = tmp_path / "downloads" / "sdn.csv"
    copy.parent.mkdir()
    shutil.copy(old, copy)
    again = run("--db", str(db), "--empty", "import", str(copy))
    assert again.returncode == 0, again.stderr
    assert "snapshot date 2022-06-28: the same content (SHA-256) was imported before" in again.stdout
    assert digest(db) == before
    with Store(db) as store:
        assert store.scalar("SELECT COUNT(*) FROM designations WHERE dprk = 1 AND removed_on IS NOT NULL "
                            "AND removed_on > '2022-12-28'") == 0
        assert [r[0] for r in store.rows("SELECT snapshot_date FROM list_snapshots")] == ["2022-06-28",
                                                                                          "2022-12-28"]


def test_a_list_file_without_any_date_is_refused_asking_for_as_of(tmp_path):
    plain = write_sdn(tmp_path / "downloads" / "sdn.csv", 5)
    db = tmp_path / "db.sqlite3"
    refused = run("--db", str(db), "--empty", "import", str(plain))
    one_line_error(refused, "sdn.csv", "no snapshot date", "--as-of")
    assert "Nothing was imported" in refused.stderr
    dated = run("--db", str(db), "--empty", "import", "--as-of", "2023-03-01", str(plain))
    assert dated.returncode == 0 and "snapshot date 2023-03-01: given by the user" in dated.stdout
    before = digest(db)
    renamed = tmp_path / "2030-01-01" / "sdn_2030-01-01.csv"          # the same bytes under a dated name
    renamed.parent.mkdir()
    shutil.copy(plain, renamed)
    again = run("--db", str(db), "--empty", "import", str(renamed))
    assert again.returncode == 0 and "snapshot date 2023-03-01: the same content" in again.stdout
    assert digest(db) == before


# -- problem 4: locks ------------------------------------------------------------------------------
@pytest.fixture
def locked(small_db):
    """Another program holds the write lock (an open write transaction) while the test runs."""
    other = sqlite3.connect(small_db, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    other.execute("INSERT INTO meta (key, value) VALUES ('lock-test', 'x')")
    yield small_db
    other.execute("ROLLBACK")
    other.close()


def test_readers_do_not_wait_for_a_writer(tmp_path):
    small_db = tmp_path / "seeded.sqlite3"                # the bundled dataset, and the name index up to date
    assert run("--db", str(small_db), "search", "KIM").returncode == 0
    other = sqlite3.connect(small_db, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")                   # another program writes (and keeps the lock) meanwhile
    other.execute("INSERT INTO meta (key, value) VALUES ('lock-test', 'x')")
    locked = small_db
    start = time.monotonic()
    table = run("--db", str(locked), "table", "designations", str(tmp_path / "d.csv"))
    found = run("--db", str(locked), "search", "KIM JONG UN")
    assert table.returncode == 0 and found.returncode == 0, (table.stderr, found.stderr)
    assert "(best first; score 0-100):\n  100.0  KIM, Jong Un" in found.stdout and (tmp_path / "d.csv").stat().st_size > 1000
    export = run("--db", str(locked), "export", str(tmp_path / "b.html"), "--from", "2022-01-01", "--to",
                 "2022-12-31")
    assert export.returncode == 0, export.stderr
    assert time.monotonic() - start < 30                 # no 5 s busy timeout per command
    other.execute("ROLLBACK")
    other.close()


def test_a_second_writer_waits_with_a_message_then_fails_cleanly(locked, tmp_path):
    more = write_sdn(tmp_path / "sdn_2022-02-01.csv", 60)
    result = run("--db", str(locked), "import", str(more), env={"DPRK_BRIEF_LOCK_WAIT": "2"})
    assert "waiting for another program to finish writing to" in result.stderr
    one_line_error(result, "another program is writing to the database", str(locked))


def test_a_waiting_writer_goes_on_when_the_lock_is_released(small_db, tmp_path):
    more = write_sdn(tmp_path / "sdn_2022-02-01.csv", 60)
    other = sqlite3.connect(small_db, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    process = subprocess.Popen([sys.executable, "main.py", "--db", str(small_db), "import", str(more)], cwd=PROJECT,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "DPRK_BRIEF_LOCK_WAIT": "60"})
    time.sleep(2.5)
    other.execute("ROLLBACK")
    other.close()
    out, err = process.communicate(timeout=120)
    assert process.returncode == 0, err
    assert "waiting for another program" in err and "10 added" in out


# -- problem 5: one-line errors -------------------------------------------------------------------
def test_a_database_from_a_newer_schema_is_one_line(small_db):
    conn = sqlite3.connect(small_db)
    conn.execute("PRAGMA user_version = 999")
    conn.commit()
    conn.close()
    one_line_error(run("--db", str(small_db), "table", "launches", "x.csv"), str(small_db), "newer than this program")


@pytest.mark.parametrize("damage", ["garbage", "truncated"])
def test_a_damaged_database_is_one_line(small_db, damage):
    data = small_db.read_bytes()
    for extra in ("-wal", "-shm"):
        Path(str(small_db) + extra).unlink(missing_ok=True)
    small_db.write_bytes(os.urandom(8192) if damage == "garbage" else data[: len(data) // 3])
    result = run("--db", str(small_db), "search", "SYNTHETIC")
    one_line_error(result, str(small_db))


def test_an_unwritable_csv_target_is_one_line(small_db, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    result = run("--db", str(small_db), "changes", "--list", "OFAC SDN", "--from", "2022-01-01", "--to",
                 "2022-01-01", "--csv", str(blocker / "out.csv"))
    one_line_error(result, "cannot write", "out.csv", "does not exist")


def test_a_broken_pipe_is_one_line(tmp_path):
    db = tmp_path / "db.sqlite3"
    assert run("--db", str(db), "--empty", "import", str(write_sdn(tmp_path / "sdn_2022-01-01.csv", 3000)),
               str(write_sdn(tmp_path / "sdn_2022-02-01.csv", 3000, first=5001))).returncode == 0
    command = (f"{sys.executable} main.py --db {db} changes --list 'OFAC SDN' --from 2022-01-01 "
               f"--to 2022-02-01 | head -c 100 >/dev/null; echo \"status=${{PIPESTATUS[0]}}\" >&2")
    result = subprocess.run(["bash", "-c", command], cwd=PROJECT, capture_output=True, text=True, timeout=120)
    assert "Traceback" not in result.stderr and "Exception ignored" not in result.stderr
    assert "error: the output was closed before all of it was written (broken pipe)" in result.stderr
    assert "status=1" in result.stderr


def _wait_until_read(pid: int, size: int, timeout: float = 60) -> None:
    """Until process `pid` has read `size` bytes (Linux /proc/PID/io), else a few seconds."""
    deadline = time.monotonic() + timeout
    io = Path(f"/proc/{pid}/io")
    while time.monotonic() < deadline:
        try:
            rchar = int(next(x for x in io.read_text().splitlines() if x.startswith("rchar:")).split()[1])
        except (OSError, StopIteration, ValueError):
            time.sleep(3)
            return
        if rchar >= size:
            time.sleep(0.3)
            return
        time.sleep(0.05)


def test_ctrl_c_during_an_import_rolls_back_and_exits_130(small_db, tmp_path):
    big = write_sdn(tmp_path / "sdn_2022-03-01.csv", 150_000, first=100)
    before = digest(small_db)
    process = subprocess.Popen([sys.executable, "main.py", "--db", str(small_db), "import", str(big)], cwd=PROJECT,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    _wait_until_read(process.pid, big.stat().st_size)  # the list is being parsed: inside the import
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=120)
    if process.returncode == 0:
        pytest.skip("the import finished before the interrupt (a very fast machine)")
    assert process.returncode == 130, err
    assert "Traceback" not in err and err.startswith("error: interrupted") and "rolled back" in err
    assert digest(small_db) == before


# -- problem 6: foreign databases -------------------------------------------------------------------
def test_a_foreign_sqlite_file_is_refused_and_left_untouched(tmp_path):
    foreign = tmp_path / "other.db"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)")
    conn.execute("INSERT INTO notes (text) VALUES ('mine')")
    conn.commit()
    conn.close()
    data = foreign.read_bytes()
    result = run("--db", str(foreign), "table", "launches", str(tmp_path / "l.csv"))
    one_line_error(result, str(foreign), "another program", "untouched")
    assert foreign.read_bytes() == data and sorted(p.name for p in tmp_path.iterdir()) == ["other.db"]


def test_our_databases_carry_the_application_id_and_older_ones_are_kept(small_db):
    conn = sqlite3.connect(small_db)
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    conn.execute("PRAGMA application_id = 0")            # a database made before the mark existed
    conn.commit()
    conn.close()
    assert run("--db", str(small_db), "table", "designations", str(small_db.parent / "d.csv")).returncode == 0
    conn = sqlite3.connect(small_db)
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    conn.close()


def test_a_directory_as_database_is_one_line(tmp_path):
    one_line_error(run("--db", str(tmp_path), "table", "launches", "x.csv"), str(tmp_path), "is a directory")
