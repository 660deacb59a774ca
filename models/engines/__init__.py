"""Database engines: SQLite (the default, one file, no server) and PostgreSQL (a desk's shared server).

SQLite is the dialect the models write (models/store.py holds SQLite's own PRAGMAs); what differs on
PostgreSQL lives in models.engines.postgres (with models.engines.postgres_sql, which turns the models'
SQLite-dialect statements into PostgreSQL). The models themselves write one dialect and use `Store`. The
search index (models.search_index) is plain tables and B-tree lookups, the same on both engines.

A new migration (models/schema.py) works on both engines when it is portable SQL: CREATE TABLE with
INTEGER / REAL / TEXT columns (INTEGER PRIMARY KEY becomes an identity column), CREATE INDEX, ALTER TABLE
ADD COLUMN, `WITHOUT ROWID` tables, temporary tables (`CREATE TEMP TABLE`, `temp.t`), INSERT / UPDATE / DELETE, upserts as `INSERT ... ON CONFLICT` or `INSERT OR IGNORE`. One that
needs SQLite's own machinery (PRAGMA, virtual tables, triggers, writable_schema) also gets its PostgreSQL
text in models.engines.postgres.OWN_TEXT; tests/models/test_engines.py fails until it has one. Queries
should avoid SQLite's looseness: every subquery column either grouped or aggregated, integers (not
comparisons) stored in 0/1 columns (`CASE WHEN ... THEN 1 ELSE 0 END`), an ORDER BY that decides ties.
"""
from __future__ import annotations

from pathlib import Path

SERVER_SCHEMES = ("postgresql://", "postgres://")


def is_server(target: str | Path | None) -> bool:
    """True when `--db` names a PostgreSQL database rather than a file.

    A libpq URL (`postgresql://host/db`, `postgresql://` alone takes everything from the PG* environment
    variables), or a key=value connection string (`service=desk`, `dbname=brief host=db.example`).
    """
    if target is None or isinstance(target, Path):
        return False
    text = str(target).strip()
    if text.lower().startswith(SERVER_SCHEMES):
        return True
    first = text.split(None, 1)[0] if text else ""
    key = first.split("=", 1)[0]
    return "=" in first and key in {"service", "dbname", "host", "hostaddr", "port", "user"}


def db_target(text: str) -> str | Path:
    """`--db` as given: a file Path, or the PostgreSQL connection string unchanged (argparse type)."""
    return text if is_server(text) else Path(text)


def engine_name(target: str | Path | None) -> str:
    return "postgres" if is_server(target) else "sqlite"


def without_password(target: str | Path) -> str:
    """`target` as text with any password taken out (a URL's `user:secret@`, `?password=`, or a key=value
    `password=`): what may be shown or written to settings. libpq finds the password itself in the
    password file (~/.pgpass), the service file or PGPASSWORD."""
    import re

    text = str(target)
    if not is_server(text):
        return text
    if not text.lower().startswith(SERVER_SCHEMES):
        return re.sub(r"\s*\bpassword\s*=\s*('(?:[^'\\]|\\.)*'|\S+)", "", text).strip()
    from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

    parts = urlsplit(text)
    userinfo, at, hosts = parts.netloc.rpartition("@")
    query = parse_qsl(parts.query, keep_blank_values=True)
    if ":" not in userinfo and not any(k == "password" for k, _ in query):
        return text
    netloc = userinfo.split(":", 1)[0] + at + hosts
    query_text = urlencode([(k, v) for k, v in query if k != "password"], safe="/")
    return urlunsplit((parts.scheme, netloc, parts.path, query_text, parts.fragment)) or text
