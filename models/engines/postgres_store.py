"""The Store on a PostgreSQL database: same interface as the SQLite Store (models.store)."""
from __future__ import annotations

import time
from pathlib import Path
from typing import Callable
from urllib.parse import urlsplit

from models import reference
from models.errors import ForeignDatabase, SchemaTooNew, StoreBusy, StoreError
from models.store import LOCK_POLL_MS, Store, lock_wait_seconds


class ServerAddress(str):
    """`--db` for a server: str() is the connection string as given (reopened by workers and helper
    processes); `name` says which database without any password; `parent` is a local folder for what the
    program keeps beside a database file (downloads of the data update, its lock file)."""

    @property
    def name(self) -> str:
        text = str(self)
        if "://" in text:
            parts = urlsplit(text)
            database = parts.path.lstrip("/") or "default database"
            host = parts.hostname or "local server"
            return f"PostgreSQL {database} on {host}"
        fields = dict(p.split("=", 1) for p in text.split() if "=" in p)
        fields.pop("password", None)
        return "PostgreSQL " + " ".join(f"{k}={v}" for k, v in fields.items())

    @property
    def parent(self) -> Path:
        from platformdirs import user_cache_path

        from models.paths import APP_NAME

        safe = "".join(ch if ch.isalnum() else "_" for ch in self.name)[:80]
        return user_cache_path(APP_NAME, appauthor=False) / "servers" / safe

    def with_name(self, name: str) -> Path:
        return self.parent / name

    def is_dir(self) -> bool:
        return False


class PgStore(Store):
    """A connection to one briefing database on a PostgreSQL server (psycopg 3)."""

    engine = "postgres"

    def __init__(self, target: str, waiting: Callable[[float], None] | None = None,
                 lock_wait: float | None = None, migrate_schema: bool = True):
        import psycopg

        from models.engines.postgres import connect

        self.path = ServerAddress(target)
        self.waiting = waiting
        self.lock_wait = lock_wait_seconds() if lock_wait is None else lock_wait
        try:
            self.conn = connect(str(target))
        except psycopg.Error as exc:
            raise StoreError(self.path.name, f"cannot connect: {str(exc).strip()}") from None
        try:
            if migrate_schema:
                self._open()
        except BaseException:
            self.conn.close()
            raise

    def _open(self) -> None:
        from models.engines.postgres import migrate

        try:
            migrate(self.conn)
        except (SchemaTooNew, ForeignDatabase) as exc:
            raise type(exc)(self.path.name, exc.problem) from None
        if reference.needs_sync(self.conn):
            with self.transaction():
                reference.sync(self.conn)

    # transaction() is Store's: all writes commit together or none do, one writer at a time (an advisory lock)
    def _rollback(self) -> None:
        self.conn.rollback()

    def _commit(self) -> None:
        self._refresh_search_index()
        self.conn.commit()

    def _refresh_search_index(self) -> None:
        """Re-index the names this transaction changed, before it commits: on a shared server the writer keeps
        the index current, so that readers (analysts may only read) never have to write."""
        if self.conn.execute("SELECT EXISTS (SELECT 1 FROM search_dirty)").fetchone()[0]:
            from models.search import refresh_index

            refresh_index(self.conn)

    @property
    def read_only(self) -> bool:
        """True when the database role may read but not change the data (an analyst, not an editor); asked
        once per connection."""
        if getattr(self, "_read_only", None) is None:
            self._read_only = not self.scalar("SELECT has_table_privilege(current_user, 'designations', 'INSERT')")
        return self._read_only

    def _begin_write(self) -> None:
        start = time.monotonic()
        while not self.conn.begin(wait=False):
            waited = time.monotonic() - start
            if waited >= self.lock_wait:
                raise StoreBusy(self.path.name, f"another program is writing to the database; gave up after "
                                                f"waiting {waited:.0f} s (try again when it has finished)")
            if self.waiting is not None:
                self.waiting(waited)
            time.sleep(min(LOCK_POLL_MS / 1000, max(self.lock_wait - waited, 0.01), 0.2))

    def data_version(self) -> int:
        return self.conn.data_version()

    @property
    def user(self) -> str:
        """The database user who logged in (session_user: an editor's group role does not hide who it is)."""
        return self.conn.session_user
