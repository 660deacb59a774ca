"""The store: the SQLite engine (one database file, WAL, foreign keys on, schema migrated on open) and
`open_store`, which opens a PostgreSQL database instead when `--db` names one (models.engines).

Writes happen in `transaction()`, which commits everything or nothing. Queries return pandas
DataFrames (pandas is imported on first use, to keep start-up fast).
"""
from __future__ import annotations

import hashlib
import os
import sqlite3
import time
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterator, Sequence

from models import reference
from models.errors import ForeignDatabase, SchemaTooNew, StoreBusy, StoreError
from models.schema import migrate

if TYPE_CHECKING:
    import pandas as pd


def shrink_wal(conn: sqlite3.Connection) -> bool:
    """Copy the write-ahead log into the database and empty it; True when it could (no reader in the way).

    Call after a large write (an index rebuild, a big import): until then every read of a changed page
    looks it up in the log, and a log of hundreds of MB makes each search several times slower.
    """
    if not isinstance(conn, sqlite3.Connection) or conn.in_transaction:      # a server keeps its own log
        return False
    busy, _frames, _done = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    return busy == 0


APPLICATION_ID = 0x44505242          # "DPRB" in PRAGMA application_id: marks our databases
OUR_TABLES = {"meta", "source_files"}  # a database from before the mark holds these (and a user_version)
LOCK_WAIT_SECONDS = 60.0              # how long a writer waits for another writer ($DPRK_BRIEF_LOCK_WAIT)
LOCK_POLL_MS = 1000                   # one wait step (a progress message between steps)


def lock_wait_seconds() -> float:
    try:
        return float(os.environ.get("DPRK_BRIEF_LOCK_WAIT", LOCK_WAIT_SECONDS))
    except ValueError:
        return LOCK_WAIT_SECONDS


def is_busy(exc: sqlite3.Error) -> bool:
    return "locked" in str(exc) or "busy" in str(exc)


class Store:
    """A connection to one briefing database.

    Readers never wait for a writer (WAL). A writer that finds another one at work waits up to
    `lock_wait` seconds (default `lock_wait_seconds()`), calling `self.waiting(seconds waited)` between steps, then raises StoreBusy.
    """

    engine = "sqlite"                                   # models.engines.postgres_store.PgStore: "postgres"
    waiting: Callable[[float], None] | None = None      # (class defaults too: SideStore skips __init__)
    lock_wait: float = LOCK_WAIT_SECONDS

    def __init__(self, path: str | Path, waiting: Callable[[float], None] | None = None,
                 lock_wait: float | None = None):
        self.path = Path(path) if str(path) != ":memory:" else None
        self.waiting = waiting
        self.lock_wait = lock_wait_seconds() if lock_wait is None else lock_wait
        if self.path is not None:
            if self.path.is_dir():
                raise StoreError(self.path, "is a directory, not a database file")
            self.path.parent.mkdir(parents=True, exist_ok=True)
        self.conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
        try:
            self._open()
        except BaseException:
            self.conn.close()
            raise

    def _open(self) -> None:
        self.conn.row_factory = sqlite3.Row
        try:
            self._check_ours()
        except sqlite3.DatabaseError as exc:
            if is_busy(exc):
                raise
            raise StoreError(self.path, f"not a database this program can read: damaged, or not an SQLite "
                                        f"file ({exc})") from None
        self.conn.execute("PRAGMA foreign_keys = ON")
        if self.path is not None:
            self.conn.execute("PRAGMA journal_mode = WAL")
            self.conn.execute("PRAGMA synchronous = NORMAL")
        self.conn.execute("PRAGMA busy_timeout = 5000")
        try:
            migrate(self.conn)
        except SchemaTooNew as exc:
            raise SchemaTooNew(self.path, exc.problem) from None
        if self.conn.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
            with self.transaction() as conn:
                conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        if reference.needs_sync(self.conn):
            with self.transaction():
                reference.sync(self.conn)

    def _check_ours(self) -> None:
        """Refuse an SQLite file of another program (ForeignDatabase), before anything is written to it."""
        app_id = self.conn.execute("PRAGMA application_id").fetchone()[0]
        if app_id == APPLICATION_ID:
            return
        tables = {r[0] for r in self.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        version = self.conn.execute("PRAGMA user_version").fetchone()[0]
        if app_id == 0 and (not tables or (OUR_TABLES <= tables and version > 0)):
            return                                      # new, or ours from before the mark
        what = f"application id {app_id:#x}" if app_id else f"{len(tables)} table(s) of its own"
        raise ForeignDatabase(self.path, f"an SQLite database of another program ({what}); it was left "
                                         "untouched: give --db a new file or a DPRK Pressure Brief database")

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """All writes inside commit together, or none of them do."""
        if self.conn.in_transaction:  # nested: the outer transaction decides
            yield self.conn
            return
        self._begin_write()
        try:
            yield self.conn
        except BaseException:
            self._rollback()
            raise
        else:
            self._commit()

    def _rollback(self) -> None:
        self.conn.execute("ROLLBACK")

    def _commit(self) -> None:
        self.conn.execute("COMMIT")

    def _begin_write(self) -> None:
        """BEGIN IMMEDIATE, waiting for another writer in steps (telling `waiting`), at most `lock_wait` s."""
        wait = self.lock_wait
        start = time.monotonic()
        self.conn.execute(f"PRAGMA busy_timeout = {int(min(LOCK_POLL_MS, wait * 1000))}")
        try:
            while True:
                try:
                    self.conn.execute("BEGIN IMMEDIATE")
                    return
                except sqlite3.OperationalError as exc:
                    if not is_busy(exc):
                        raise
                waited = time.monotonic() - start
                if waited >= wait:
                    raise StoreBusy(self.path, f"another program is writing to the database; gave up after "
                                               f"waiting {waited:.0f} s (try again when it has finished)")
                if self.waiting is not None:
                    self.waiting(waited)
        finally:
            self.conn.execute("PRAGMA busy_timeout = 5000")

    read_only = False                   # an SQLite file is writable or cannot be opened; PgStore asks the server

    @property
    def user(self) -> str:
        """Who is making changes, for an audit trail: the login here; on a server, the database user."""
        import getpass

        try:
            return getpass.getuser()
        except (KeyError, OSError):
            return "unknown"

    def data_version(self) -> int:
        """Changes when another connection commits to the database (PRAGMA data_version)."""
        return self.conn.execute("PRAGMA data_version").fetchone()[0]

    def query(self, sql: str, params: Sequence[Any] | dict = ()) -> "pd.DataFrame":
        import pandas as pd

        cursor = self.conn.execute(sql, params)
        columns = [c[0] for c in cursor.description]
        return pd.DataFrame.from_records(cursor.fetchall(), columns=columns)

    def rows(self, sql: str, params: Sequence[Any] | dict = ()) -> list[sqlite3.Row]:
        return self.conn.execute(sql, params).fetchall()

    def scalar(self, sql: str, params: Sequence[Any] | dict = ()) -> Any:
        row = self.conn.execute(sql, params).fetchone()
        return None if row is None else row[0]

    def is_empty(self) -> bool:
        """True when no data has been imported or seeded yet."""
        return not self.scalar("SELECT EXISTS (SELECT 1 FROM source_files)")

    def table_counts(self) -> dict[str, int]:
        # curation_audit: every analyst's edit adds a row, so another window notices edits that keep the counts
        names = ["missiles", "launches", "statements", "positions", "designations", "designation_links",
                 "curation_audit"]
        return {n: self.scalar(f"SELECT COUNT(*) FROM {n}") for n in names}

    def data_vintage(self) -> dict[str, str]:
        """The newest snapshot date of each source dataset."""
        rows = self.rows("SELECT dataset, MAX(snapshot_date) FROM source_files GROUP BY dataset ORDER BY dataset")
        return {r[0]: r[1] for r in rows if r[1]}

    def find_file(self, fmt: str, sha256: str) -> sqlite3.Row | None:
        return self.conn.execute(
            "SELECT * FROM source_files WHERE format = ? AND sha256 = ?", (fmt, sha256)).fetchone()

    def record_file(self, *, dataset: str, fmt: str, path: Path, sha256: str, publisher: str | None,
                    title: str | None, url: str | None, snapshot_date: str | None,
                    snapshot_date_basis: str | None, record_count: int) -> int:
        """Record an imported file and return its file_id (the existing one for a file seen before)."""
        now = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        existing = self.find_file(fmt, sha256)
        if existing is not None:
            return existing["file_id"]
        cur = self.conn.execute(
            "INSERT INTO source_files (dataset, format, file_name, sha256, publisher, title, url,"
            " snapshot_date, snapshot_date_basis, imported_at, record_count)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (dataset, fmt, path.name, sha256, publisher, title, url, snapshot_date,
             snapshot_date_basis, now, record_count))
        return cur.lastrowid


def open_store(target: str | Path, waiting: Callable[[float], None] | None = None,
               lock_wait: float | None = None) -> Store:
    """The Store for `--db`: an SQLite file, or a PostgreSQL database (a `postgresql://` URL or a libpq
    key=value string such as `service=desk`; see models.engines.is_server)."""
    from models.engines import is_server

    if is_server(target):
        from models.engines.postgres_store import PgStore

        return PgStore(str(target), waiting, lock_wait)
    return Store(target, waiting, lock_wait)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()
