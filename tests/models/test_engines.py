"""The PostgreSQL engine: SQL translation, schema and migration, writers' lock, data version, `copy`."""
from __future__ import annotations

import threading
import time

import pytest

from helpers import fingerprint
from models.engines import db_target, is_server
from models.engines.postgres_sql import translate


# ---- translation (no server needed)

def test_parameters_become_psycopg_style_and_percent_signs_survive():
    t = translate("SELECT * FROM t WHERE a = ? AND b = :name AND c LIKE '50%' AND d = '?'")
    assert t.sql == "SELECT * FROM t WHERE a = %s AND b = %(name)s AND c LIKE '50%%' AND d = '?'"


def test_upserts_become_on_conflict():
    t = translate("INSERT OR IGNORE INTO statement_series (series_id, name) VALUES (?, ?)")
    assert t.sql == "INSERT INTO statement_series (series_id, name) VALUES (%s, %s) ON CONFLICT DO NOTHING"
    t = translate("INSERT OR REPLACE INTO meta (key, value) VALUES ('reference_digest', ?)")
    assert t.replace and t.table == "meta" and t.columns == ("key", "value")


def test_sqlite_functions_become_postgres_functions():
    t = translate("SELECT group_concat(DISTINCT x), group_concat(y || ',' || z, '; '), date(d, '+1 day') FROM t")
    assert t.sql == ("SELECT string_agg(DISTINCT CAST(x AS TEXT), ','), string_agg(CAST(y || ',' || z AS TEXT),"
                     " '; '), to_char(CAST(d AS DATE) + (1), 'YYYY-MM-DD') FROM t")


def test_server_targets_are_told_from_files():
    assert is_server("postgresql://desk.example/brief") and is_server("postgres://") and is_server("service=desk")
    assert is_server("dbname=brief host=db.example")
    assert not is_server("brief.sqlite3") and not is_server("C:\\data\\x=1.sqlite3")
    assert db_target("postgresql://h/db") == "postgresql://h/db"       # not a Path: '//' survives


# ---- a real server

def test_a_new_database_gets_the_same_tables_and_columns_as_sqlite(pg_cluster, tmp_path):
    from models.db_copy import _columns, table_names
    from models.schema import SCHEMA_VERSION
    from models.store import Store, open_store

    url = pg_cluster.new_database(template=None)
    with open_store(url) as pg, Store(tmp_path / "x.sqlite3") as lite:
        assert pg.scalar("PRAGMA user_version") == SCHEMA_VERSION
        ours = [t for t in table_names(lite) if not t.startswith(("search_fts", "sqlite_"))]
        assert set(ours) <= set(table_names(pg))
        for table in ours:
            assert _columns(pg, table) == _columns(lite, table), table
        assert pg.scalar("SELECT COUNT(*) FROM countries") == lite.scalar("SELECT COUNT(*) FROM countries") > 200
        # the widened CHECK of STATEMENTS_2023 holds on PostgreSQL too
        with pytest.raises(Exception, match="statements_kind_check"):
            with pg.transaction() as conn:
                conn.execute("INSERT INTO statements (statement_id, kind, date, title, file_id)"
                             " VALUES ('x', 'tweet', '2024-01-01', 't', 1)")
    pg_cluster.drop_database(url)


def test_a_database_of_another_program_is_refused_and_left_untouched(pg_cluster):
    import psycopg

    from models.errors import ForeignDatabase
    from models.store import open_store

    url = pg_cluster.new_database(template=None)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("CREATE TABLE invoices (id int)")
    with pytest.raises(ForeignDatabase, match="another program"):
        open_store(url)
    with psycopg.connect(url) as conn:
        tables = [r[0] for r in conn.execute("SELECT table_name FROM information_schema.tables"
                                              " WHERE table_schema = 'public'")]
    assert tables == ["invoices"]
    pg_cluster.drop_database(url)


def test_writers_wait_for_each_other_but_readers_do_not(pg_cluster):
    from models.errors import StoreBusy
    from models.store import open_store

    url = pg_cluster.new_database()
    with open_store(url) as one, open_store(url, lock_wait=0.5) as two:
        with one.transaction() as conn:
            conn.execute("INSERT INTO meta (key, value) VALUES ('held', 'yes')")
            waits = []
            two.waiting = waits.append
            started = time.monotonic()
            with pytest.raises(StoreBusy, match="another program is writing"):
                with two.transaction():
                    pass
            assert time.monotonic() - started >= 0.5 and waits
            assert two.scalar("SELECT COUNT(*) FROM countries") > 200      # reading while the other writes
            assert two.scalar("SELECT value FROM meta WHERE key = 'held'") is None     # not committed yet
        with two.transaction() as conn:                                  # free again
            conn.execute("UPDATE meta SET value = 'no' WHERE key = 'held'")
        assert one.scalar("SELECT value FROM meta WHERE key = 'held'") == "no"
    pg_cluster.drop_database(url)


def test_data_version_changes_when_another_connection_commits(pg_cluster):
    from models.store import open_store

    url = pg_cluster.new_database()
    with open_store(url) as one, open_store(url) as two:
        before = one.data_version()
        assert one.data_version() == before                              # reading changes nothing
        with two.transaction() as conn:
            conn.execute("INSERT INTO meta (key, value) VALUES ('k', 'v')")
        assert one.data_version() != before
    pg_cluster.drop_database(url)


def test_lastrowid_and_identity_ids_after_explicit_ids(pg_cluster):
    from pathlib import Path

    from models.store import open_store

    url = pg_cluster.new_database()
    with open_store(url) as s:
        with s.transaction() as conn:
            conn.execute("INSERT INTO source_files (file_id, dataset, format, file_name, sha256, imported_at)"
                         " VALUES (41, 'd', 'f', 'a.csv', 'aa', 'now')")
        with s.transaction():
            new = s.record_file(dataset="d", fmt="f", path=Path("b.csv"), sha256="bb", publisher=None, title=None,
                                url=None, snapshot_date=None, snapshot_date_basis=None, record_count=0)
        assert new == 42                                                  # after the copied id, as SQLite does
        assert s.find_file("f", "bb")["file_name"] == "b.csv"
    pg_cluster.drop_database(url)


# ---- copy

def _run(*argv: str) -> int:
    from main import main

    return main(list(argv))


def test_copy_round_trips_the_bundled_database_exactly(pg_cluster, tmp_path, capsys):
    from models.db_copy import checksums, data_tables
    from models.store import Store, open_store

    original = tmp_path / "desk.sqlite3"
    assert _run("--db", str(original), "table", "statements", str(tmp_path / "s.csv")) == 0    # seeds the bundle
    url = pg_cluster.new_database()
    assert _run("copy", "--from", str(original), "--to", url) == 0
    out = capsys.readouterr().out
    assert "row counts and checksums agree" in out and "designations:" in out
    back = tmp_path / "back.sqlite3"
    assert _run("copy", "--from", url, "--to", str(back)) == 0
    with Store(original) as a, Store(back) as b, open_store(url) as pg:
        tables = data_tables(a)
        assert {"designations", "statements", "missiles", "positions", "designation_dates"} <= set(tables)
        sums = checksums(a, tables)
        assert sums == checksums(b, tables) == checksums(pg, tables)
        assert sums["designations"].rows > 500
        assert fingerprint(a, skip=("search_terms", "search_dirty")) == \
            fingerprint(b, skip=("search_terms", "search_dirty"))
        # the copy is a working database: new rows get new ids, search finds names
        from models.search import search

        name = a.scalar("SELECT name FROM designations WHERE dprk = 1 ORDER BY designation_id LIMIT 1")
        assert name in set(search(pg, name)["name"])
    pg_cluster.drop_database(url)


def test_copy_refuses_a_target_that_holds_data(pg_cluster, tmp_path, capsys):
    from models.store import open_store

    url = pg_cluster.new_database()
    with open_store(url) as pg:
        from models.bundle import seed_store

        seed_store(pg)
        before = fingerprint(pg)
    source = tmp_path / "other.sqlite3"
    assert _run("--db", str(source), "table", "statements", str(tmp_path / "s.csv")) == 0
    assert _run("copy", "--from", str(source), "--to", url) == 1
    assert "already holds data" in capsys.readouterr().err
    with open_store(url) as pg:
        assert fingerprint(pg) == before
    pg_cluster.drop_database(url)


def test_null_safe_comparisons_become_distinct_from():
    t = translate("SELECT 1 FROM t WHERE a IS NOT b.c AND d IS e AND f IS NULL AND g IS NOT NULL")
    assert t.sql == ("SELECT 1 FROM t WHERE a IS DISTINCT FROM b.c AND d IS NOT DISTINCT FROM e AND f IS NULL"
                     " AND g IS NOT NULL")


def test_unnamed_subqueries_get_a_name():
    t = translate("SELECT a FROM (SELECT a FROM t) WHERE a IN (SELECT b FROM (SELECT b FROM u) x) ORDER BY a")
    assert t.sql == ("SELECT a FROM (SELECT a FROM t) AS subquery_1 WHERE a IN (SELECT b FROM (SELECT b FROM u) x)"
                     " ORDER BY a")
    t = translate("UPDATE t SET a = 1 WHERE a IS NOT (SELECT MIN(b) FROM u)")
    assert t.sql == "UPDATE t SET a = 1 WHERE a IS DISTINCT FROM (SELECT MIN(b) FROM u)"


# ---- roles

def test_an_analyst_role_reads_and_searches_but_is_told_it_may_not_change(pg_cluster, capsys):
    from conftest import FIXTURES
    from models.search import search
    from models.store import open_store

    url = pg_cluster.bundled_database()
    analyst = pg_cluster.analyst_url(url)
    with open_store(url) as editor:
        assert not editor.read_only
        before = fingerprint(editor)
        name = editor.scalar("SELECT name FROM designations WHERE dprk = 1 ORDER BY designation_id LIMIT 1")
    with open_store(analyst) as store:
        assert store.read_only
        assert name in set(search(store, name)["name"])                  # the index needs no write to read
    assert _run("--db", analyst, "import", str(FIXTURES / "cns" / "small.csv")) == 1
    err = capsys.readouterr().err
    assert "may read but not change this database" in err and "permission denied" in err
    with open_store(url) as editor:
        assert fingerprint(editor) == before
    pg_cluster.drop_database(url)


def test_every_migration_has_postgresql_statements():
    """A new migration is portable SQL or brings its PostgreSQL text (models.engines.postgres.OWN_TEXT)."""
    from models.engines.postgres import migration_statements
    from models.schema import MIGRATIONS

    for version in range(len(MIGRATIONS)):
        statements = migration_statements(version)
        assert statements and not any("PRAGMA" in s or "sqlite_" in s for s in statements), version


def test_a_migration_using_sqlite_machinery_without_postgresql_text_is_refused(monkeypatch):
    from models import schema
    from models.engines import postgres

    monkeypatch.setattr(postgres, "MIGRATIONS", schema.MIGRATIONS + ["CREATE VIRTUAL TABLE x USING fts5(a);"])
    with pytest.raises(ValueError, match="only SQLite has"):
        postgres.migration_statements(len(schema.MIGRATIONS))


def test_the_store_names_the_database_user_for_an_audit_trail(pg_cluster, tmp_path):
    import getpass

    from models.store import Store, open_store

    url = pg_cluster.new_database()
    analyst = pg_cluster.analyst_url(url)
    with open_store(url) as editor, open_store(analyst) as reader, Store(tmp_path / "f.sqlite3") as lite:
        assert editor.user == "postgres" and reader.user == analyst.split("@")[0].split("//")[1]
        assert lite.user == getpass.getuser()
    pg_cluster.drop_database(url)
