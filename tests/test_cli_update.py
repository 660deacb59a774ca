"""`python main.py update` against a list server on 127.0.0.1, run as the user runs it (a subprocess)."""
from __future__ import annotations

import os
import subprocess
import sys

from conftest import PROJECT, shared_file
from list_server import list_server, write_settings  # noqa: F401  (the fixture)

OFAC_SET = [("sdn.csv", "ofac_csv"), ("add.csv", "ofac_add_csv"), ("alt.csv", "ofac_alt_csv"),
            ("sdn_comments.csv", "ofac_comments_csv")]


def _run(*args: str, db, env_extra: dict | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_PROXY": "127.0.0.1", "no_proxy": "127.0.0.1", **(env_extra or {})}
    return subprocess.run([sys.executable, "main.py", "--db", str(db), *args], cwd=PROJECT, env=env,
                          capture_output=True, text=True, timeout=300)


def _newer_editions(list_server):
    """The newest OFAC set and the UN list, each as a newer edition than the bundled dataset's:
    one DPRK entry gone from the SDN list, and the UN list generated a day later."""
    sdn = shared_file("ofac/2024-05-03/sdn.csv").read_bytes().split(b"\r\n")
    gone = next(i for i, line in enumerate(sdn) if b"DPRK" in line)
    removed_id = sdn[gone].split(b",", 1)[0].decode()
    bodies = {"sdn.csv": b"\r\n".join(sdn[:gone] + sdn[gone + 1:])}
    for name in ("add.csv", "alt.csv", "sdn_comments.csv"):
        bodies[name] = shared_file(f"ofac/2025-12-24/{name}").read_bytes()
    un = shared_file("un/consolidated.xml").read_bytes().replace(b'dateGenerated="2026-02-27',
                                                                 b'dateGenerated="2026-03-02')
    sources = {"ofac_sdn": [(name, list_server.serve(f"/ofac/{name}", bodies[name]), fmt) for name, fmt in OFAC_SET],
               "un_consolidated": [("consolidated.xml", list_server.serve("/un/consolidated.xml", un), "un_xml")]}
    return sources, removed_id


def test_update_imports_dated_snapshots_prints_changes_then_no_change(list_server, tmp_path):
    sources, removed_id = _newer_editions(list_server)
    config = write_settings(tmp_path / "sources.toml", sources)
    db = tmp_path / "brief.sqlite3"

    first = _run("update", db=db, env_extra={"DPRK_BRIEF_SOURCES": str(config)})
    assert first.returncode == 0, first.stderr
    out = first.stdout
    assert "ofac_sdn (ofac_sdn (test)): UPDATED: imported as a dated snapshot" in out
    assert "the file carries no publication date" in out              # the CSV is dated by the download
    assert "UN Consolidated: snapshot of 2026-03-02 (dateGenerated in the file)" in out
    assert "What changed on OFAC SDN since the previous snapshot (2024-05-03 -> " in out
    dprk_part = out.split("DPRK-related:", 1)[1]
    assert dprk_part.splitlines()[1].split()[:2] == ["removed", removed_id]
    assert "What changed on UN Consolidated since the previous snapshot (2026-02-27 -> 2026-03-02)" in out
    bodies_sent = sum(h.body_bytes for h in list_server.log)

    second = _run("update", "--config", str(config), db=db)
    assert second.returncode == 0, second.stderr
    assert second.stdout.count("NO CHANGE: not modified since the last update") == 2
    again = list_server.log[len(OFAC_SET) + 1:]
    assert [h.status for h in again] == [304] * (len(OFAC_SET) + 1)
    assert all(h.headers.get("If-None-Match") == '"v1"' for h in again)
    assert sum(h.body_bytes for h in list_server.log) == bodies_sent


def test_update_of_one_source_with_a_dry_run(list_server, tmp_path):
    sources, _removed = _newer_editions(list_server)
    config = write_settings(tmp_path / "sources.toml", sources)
    db = tmp_path / "brief.sqlite3"
    run = _run("--empty", "update", "--source", "un_consolidated", "--dry-run", "--config", str(config), db=db)
    assert run.returncode == 0, run.stderr
    assert "dry run: nothing is imported" in run.stdout
    assert "would be the snapshot of 2026-03-02 (the file's own publication date)" in run.stdout
    assert "ofac_sdn" not in run.stdout
    assert {h.path for h in list_server.log} == {"/un/consolidated.xml"}
    table = _run("--empty", "table", "designations", str(tmp_path / "d.csv"), db=db)
    assert "wrote 0 rows" in table.stdout


def test_update_names_an_unknown_source_and_a_running_update(list_server, tmp_path):
    sources, _removed = _newer_editions(list_server)
    config = write_settings(tmp_path / "sources.toml", sources)
    db = tmp_path / "brief.sqlite3"
    unknown = _run("--empty", "update", "--source", "eu", "--config", str(config), db=db)
    assert unknown.returncode == 2
    assert "no source named 'eu'; the sources are: ofac_sdn, un_consolidated" in unknown.stderr

    from models.store import Store
    from models.update.updater import update_lock

    with Store(db) as store, update_lock(store):         # this process holds the lock; the CLI is another
        busy = _run("--empty", "update", "--config", str(config), db=db)
    assert busy.returncode == 2
    assert "another update of brief.sqlite3 is running" in busy.stderr
    assert not list_server.log


def test_the_settings_file_is_created_from_the_official_defaults(tmp_path):
    from models.update.settings import load_settings

    path = tmp_path / "config" / "sources.toml"
    settings = load_settings(path)
    assert path.is_file()
    urls = {f.name: f.url for s in settings.sources for f in s.files}
    assert urls["sdn.csv"] == "https://www.treasury.gov/ofac/downloads/sdn.csv"
    assert urls["consolidated.xml"] == "https://scsanctions.un.org/resources/xml/en/consolidated.xml"
    assert any(name.startswith("sdnnew") and name.endswith(".txt") for name in urls)
    assert "sdn_advanced.xml" in urls and "north_korea_missile_test_database.xlsx" in urls
    enabled = [s.name for s in settings.select(None)]
    assert enabled == ["ofac_sdn", "ofac_consolidated", "un_consolidated", "cns_missiles", "ofac_changes"]


def test_a_broken_settings_file_is_named_and_nothing_runs(tmp_path):
    config = tmp_path / "sources.toml"
    config.write_text('[[source]]\nname = "un"\nfiles = [{ name = "consolidated.xml", url = "ftp://x/y.xml" }]\n',
                      encoding="utf-8")
    run = _run("--empty", "update", "--config", str(config), db=tmp_path / "b.sqlite3")
    assert run.returncode == 2
    assert f"error: {config}: source 'un': 'ftp://x/y.xml' is not an http(s) address" in run.stderr
    config.write_text("[transfer\n", encoding="utf-8")
    run = _run("--empty", "update", "--config", str(config), db=tmp_path / "b.sqlite3")
    assert run.returncode == 2 and f"{config}: not valid TOML" in run.stderr


def test_two_machines_updating_one_server_database_at_once_one_updates_the_other_is_told(list_server, tmp_path,
                                                                                          pg_cluster):
    """Team mode: two analysts' machines (each its own download folder, so no lock file is shared) start
    `update` on one PostgreSQL database at once: the server's advisory lock lets one run; the other stops at
    once, naming who holds it, and the list is imported once."""
    import time

    url = pg_cluster.new_database()
    un = shared_file("un/consolidated.xml").read_bytes()
    config = write_settings(tmp_path / "sources.toml", {"un_consolidated": [
        ("consolidated.xml", list_server.serve("/un/consolidated.xml", un, chunk_delay=0.02), "un_xml")]})
    env = {**os.environ, "NO_PROXY": "127.0.0.1", "no_proxy": "127.0.0.1"}
    command = [sys.executable, "main.py", "--db", url, "--empty", "update", "--config", str(config)]
    first = subprocess.Popen(command, cwd=PROJECT, env={**env, "XDG_CACHE_HOME": str(tmp_path / "machine-a")},
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 120
        while not list_server.log and first.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)                        # the first is downloading: it holds the update lock
        assert list_server.log, "the first update never reached the list server"
        second = subprocess.run(command, cwd=PROJECT, env={**env, "XDG_CACHE_HOME": str(tmp_path / "machine-b")},
                                capture_output=True, text=True, timeout=300)
        out, err = first.communicate(timeout=300)
    finally:
        if first.poll() is None:
            first.kill()
            first.communicate()
    assert second.returncode == 2, second.stdout + second.stderr
    assert "another update of PostgreSQL" in second.stderr and "is running (postgres from " in second.stderr
    assert first.returncode == 0, err
    assert "UN Consolidated: snapshot of 2026-02-27" in out
    assert len(list_server.log) == 1                # the second downloaded nothing
    from models.store import open_store

    with open_store(url) as store:
        assert store.scalar("SELECT COUNT(*) FROM list_snapshots") == 1
    third = _run("--empty", "update", "--config", str(config), db=url, env_extra={"XDG_CACHE_HOME": str(tmp_path / "machine-b")})
    assert third.returncode == 0, third.stderr      # the lock went with the first process
    assert "NO CHANGE" in third.stdout
    pg_cluster.drop_database(url)
