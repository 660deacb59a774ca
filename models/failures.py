"""Every failure the command line anticipates, told in one line that names the file and the problem.

`describe(exc, db)` returns that line (without "error: "), or None for a failure nobody anticipated,
which then keeps its traceback: a bug should be reported, not hidden.
"""
from __future__ import annotations

import sqlite3
from pathlib import Path

from models.errors import DataImportError, ImportCancelled, StoreError
from models.safe_write import WriteError

EXIT_ERROR = 1
EXIT_INTERRUPTED = 130                 # 128 + SIGINT, as shells report Ctrl-C


def describe(exc: BaseException, db: Path) -> str | None:
    """One line for an anticipated failure while working on the database `db`; None otherwise."""
    if isinstance(exc, DataImportError):
        return f"{exc}\nNothing was imported; the database is unchanged."
    if isinstance(exc, (StoreError, WriteError, ImportCancelled)):
        return str(exc)
    if isinstance(exc, sqlite3.OperationalError) and ("locked" in str(exc) or "busy" in str(exc)):
        return f"{db}: another program is writing to the database ({exc}); try again when it has finished"
    if isinstance(exc, sqlite3.DatabaseError):
        return f"{db}: the database is damaged or not a database of this program ({exc})"
    if type(exc).__module__.startswith("psycopg"):          # the PostgreSQL server said no (rights, connection)
        name = getattr(db, "name", db)
        if getattr(exc, "sqlstate", None) == "42501":
            return f"{name}: your database role may read but not change this database ({str(exc).strip()})"
        return f"{name}: the database server answered: {str(exc).strip()}"
    if isinstance(exc, OSError):
        where = exc.filename or db
        return f"{where}: {exc.strerror or exc}"
    return None


def waiting_message(db: Path):
    """A `Store.waiting` callback for the command line: says on stderr that (and how long) it waits."""
    import sys

    told = {"last": -10.0}

    def waiting(seconds: float) -> None:
        if seconds - told["last"] >= 5:
            told["last"] = seconds
            print(f"waiting for another program to finish writing to {db} ({seconds:.0f} s)…",
                  file=sys.stderr, flush=True)
    return waiting
