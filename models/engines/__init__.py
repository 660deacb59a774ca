"""Database engines: SQLite (the default, one file, no server) and PostgreSQL (a desk's shared server).

What differs between them lives in one module per engine: models.engines.sqlite and
models.engines.postgres (with models.engines.postgres_sql, which turns the models' SQLite-dialect
statements into PostgreSQL). The models themselves write one dialect and use `Store`.
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
