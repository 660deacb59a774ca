"""The README's team set-up, as written: its SQL creates the roles and the database, `copy` moves a desk's
file onto the server as an editor, an analyst's login reads it (and may not change it), an editor's edits
are audited under their login and reach the analyst's connection."""
from __future__ import annotations

import os
import re
import subprocess
import sys

from conftest import PROJECT

README = PROJECT / "README.md"


def _readme_sql() -> list[tuple[str, str]]:
    """(database, statement) for each statement of the README's team set-up block, `\\c` switching database."""
    text = README.read_text(encoding="utf-8").split("## Team mode", 1)[1]
    block = re.search(r"```sql\n(.*?)```", text, re.S).group(1)
    database, out = "postgres", []
    for line in block.splitlines():
        code = line.split("--", 1)[0].strip()
        if code.startswith("\\c "):
            database = code.split()[1]
        elif code:
            out.append((database, code.rstrip(";")))
    return out


def _main(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "main.py", *args], cwd=PROJECT, capture_output=True, text=True,
                          timeout=600, env=os.environ.copy())


def test_the_readme_team_set_up_works_as_written(pg_cluster, tmp_path):
    import psycopg

    from models.store import open_store

    statements = _readme_sql()
    assert any("CREATE DATABASE brief" in s for _, s in statements)
    for database, sql in statements:
        with psycopg.connect(pg_cluster.url(database), autocommit=True) as conn:
            conn.execute(sql)
    alice = pg_cluster.url("brief").replace("postgres@", "alice@", 1)
    bob = pg_cluster.url("brief").replace("postgres@", "bob@", 1)
    try:
        desk = tmp_path / "briefing.sqlite3"
        assert _main("--db", str(desk), "table", "launches", str(tmp_path / "l.csv")).returncode == 0   # seeds it
        moved = _main("copy", "--from", str(desk), "--to", alice)
        assert moved.returncode == 0, moved.stderr
        assert "row counts and checksums agree" in moved.stdout

        read = _main("--db", bob, "search", "Korea Mining")           # the analyst reads
        assert read.returncode == 0, read.stderr
        assert "KOREA MINING" in read.stdout.upper()
        with open_store(bob) as analyst, open_store(alice) as editor:
            assert analyst.read_only and not editor.read_only
            assert editor.user == "alice" and analyst.user == "bob"
            from models.curation import EditLaunch, SourceInput, audit_trail, launch_input_for

            launch = editor.scalar("SELECT MIN(launch_id) FROM launches WHERE launch_id LIKE 'L2022-%'")
            inp = launch_input_for(editor, launch)
            inp.site = "Sunan (per Alice)"
            inp.sources = [SourceInput("ROK Joint Chiefs of Staff", "https://en.yna.co.kr/view/AEN20221102004200315",
                                       "2026-12-03", "")]
            EditLaunch(launch, inp).apply(editor)
            assert list(audit_trail(editor)["who"]) == ["alice"]
            assert analyst.scalar("SELECT facility FROM launches WHERE launch_id = ?", (launch,)) == \
                "Sunan (per Alice)"
            refused = None
            try:
                EditLaunch(launch, launch_input_for(analyst, launch)).apply(analyst)
            except Exception as exc:                                       # noqa: BLE001 - the server refuses
                refused = exc
            assert refused is not None and "permission denied" in str(refused)
            owner = editor.scalar("SELECT tableowner FROM pg_tables WHERE tablename = 'designations'")
            assert owner == "brief_editors"                                # every editor may write, not only alice
    finally:
        pg_cluster.admin("DROP DATABASE IF EXISTS brief WITH (FORCE)")
        for role in ("alice", "bob", "brief_editors", "brief_analysts"):
            pg_cluster.admin(f"DROP ROLE IF EXISTS {role}")
