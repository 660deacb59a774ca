"""The SQLite store: one database file, WAL, foreign keys on, schema migrated on open.

Writes happen in `transaction()`, which commits everything or nothing. Queries return pandas
DataFrames (pandas is imported on first use, to keep start-up fast).
"""
from __future__ import annotations

import hashlib
import sqlite3
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator, Sequence

from models import reference
from models.schema import migrate

if TYPE_CHECKING:
    import pandas as pd


def shrink_wal(conn: sqlite3.Connection) -> bool:
    """Copy the write-ahead log into the database and empty it; True when it could (no reader in the way).

    Call after a large write (an index rebuild, a big import): until then every read of a changed page
    looks it up in the log, and a log of hundreds of MB makes each search several times slower.
    """
    if conn.in_transaction:
        return False
    busy, _frames, _done = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    return busy == 0


class Store:
    """A connection to one briefing database."""

    def __init__(self, path: str | Path):
        self.path = Path(path) if str(path) != ":memory:" else None
        if self.path is not None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        self.conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
        self.conn.row_factory = sqlite3.Row
        self.conn.execute("PRAGMA foreign_keys = ON")
        if self.path is not None:
            self.conn.execute("PRAGMA journal_mode = WAL")
            self.conn.execute("PRAGMA synchronous = NORMAL")
        self.conn.execute("PRAGMA busy_timeout = 5000")
        migrate(self.conn)
        with self.transaction():
            reference.sync(self.conn)

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
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        else:
            self.conn.execute("COMMIT")

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
        names = ["missiles", "launches", "statements", "positions", "designations", "designation_links"]
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


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()
