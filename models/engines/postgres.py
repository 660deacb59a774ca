"""PostgreSQL through psycopg 3: a connection with the sqlite3 surface the models use, and the schema.

`PgConnection` gives the models what they use of sqlite3.Connection (execute / executemany returning
cursors whose rows read by index or by column name, lastrowid, in_transaction, total_changes) and
passes every statement through models.engines.postgres_sql.translate. Rows are `Row` tuples; numeric
results load as int (float when fractional) and booleans as 0/1, as SQLite gives them.

What SQLite keeps in PRAGMAs lives in the table `dprk_brief` (application id, schema version) and the
sequence `dprk_data_version` (bumped by every committed write, which also sends NOTIFY on
CHANNEL with the database user: every open dashboard can refresh). Writers serialise on one advisory
lock (WRITE_LOCK), readers never wait.
"""
from __future__ import annotations

import re
import threading
from typing import Any, Iterable, Iterator, Sequence

import psycopg
from psycopg import adapt, pq

from models.engines.postgres_sql import _split_code, replace_clause, translate, translate_ddl
from models.schema import MIGRATIONS, SCHEMA_VERSION, STATEMENTS_2023_AND_PRELIMINARY_LAUNCHES, V2

APPLICATION_ID = 0x44505242             # as in SQLite's PRAGMA application_id ("DPRB")
WRITE_LOCK = APPLICATION_ID             # pg_advisory_xact_lock key: one writer at a time
UPDATE_LOCK = APPLICATION_ID + 1        # pg_try_advisory_lock key: one data update at a time, on any machine
CHANNEL = "dprk_brief_changes"          # LISTEN/NOTIFY channel: payload is the database user who logged in
MARK_TABLE = "dprk_brief"


class Row(tuple):
    """A result row like sqlite3.Row: by position, by column name, keys()."""

    __slots__ = ()
    _names: tuple[str, ...] = ()

    def __getitem__(self, key: Any) -> Any:             # type: ignore[override]
        if isinstance(key, str):
            try:
                return tuple.__getitem__(self, self._names.index(key))
            except ValueError:
                lowered = [n.lower() for n in self._names]
                if key.lower() in lowered:
                    return tuple.__getitem__(self, lowered.index(key.lower()))
                raise IndexError(f"no such column: {key}") from None
        return tuple.__getitem__(self, key)

    def keys(self) -> list[str]:
        return list(self._names)


_ROW_TYPES: dict[tuple[str, ...], type] = {}


def _row_type(names: tuple[str, ...]) -> type:
    row_type = _ROW_TYPES.get(names)
    if row_type is None:
        row_type = _ROW_TYPES[names] = type("Row", (Row,), {"__slots__": (), "_names": names})
    return row_type


def _row_factory(cursor: psycopg.Cursor):
    return _row_type(tuple(c.name for c in cursor.description or ()))


class _NumericLoader(adapt.Loader):
    """numeric (SUM of integers, AVG) as int when whole, else float: what SQLite returns."""

    def load(self, data: bytes) -> int | float:
        text = bytes(data).decode()
        if text in ("NaN", "Infinity", "-Infinity"):
            return float(text)
        return int(text) if "." not in text and "e" not in text.lower() else float(text)


class _BoolLoader(adapt.Loader):
    def load(self, data: bytes) -> int:
        return 1 if bytes(data) == b"t" else 0


def _adapt(conn: psycopg.Connection) -> None:
    conn.adapters.register_loader("numeric", _NumericLoader)
    conn.adapters.register_loader("bool", _BoolLoader)


def _plain(params: Any) -> Any:
    """Parameters as SQLite takes them: bools as 0/1."""
    if isinstance(params, dict):
        return {k: int(v) if isinstance(v, bool) else v for k, v in params.items()}
    if params is None:
        return ()
    return [int(v) if isinstance(v, bool) else v for v in params]


class PgCursor:
    """The result of one statement, read like an sqlite3.Cursor."""

    def __init__(self, cursor: psycopg.Cursor | None, lastrowid: int | None = None,
                 rows: list | None = None, description: list | None = None):
        self._cursor = cursor
        self._rows = rows
        self.lastrowid = lastrowid
        self.description = description if cursor is None else (
            [(c.name, None, None, None, None, None, None) for c in cursor.description]
            if cursor.description else None)
        self.rowcount = cursor.rowcount if cursor is not None else len(rows or [])

    def fetchone(self) -> Row | None:
        if self._rows is not None:
            return self._rows.pop(0) if self._rows else None
        return self._cursor.fetchone() if self._cursor is not None and self._cursor.description else None

    def fetchall(self) -> list[Row]:
        if self._rows is not None:
            rows, self._rows = self._rows, []
            return rows
        return self._cursor.fetchall() if self._cursor is not None and self._cursor.description else []

    def fetchmany(self, size: int = 1) -> list[Row]:
        if self._rows is not None:
            rows, self._rows = self._rows[:size], self._rows[size:]
            return rows
        return self._cursor.fetchmany(size) if self._cursor is not None and self._cursor.description else []

    def __iter__(self) -> Iterator[Row]:
        """The remaining rows (straight from psycopg's cursor: a fetchone per row re-reads its description)."""
        if self._rows is not None:
            rows, self._rows = self._rows, []
            yield from rows
        elif self._cursor is not None and self.description is not None:
            yield from self._cursor


class _Statements:
    """A cursor as the models use one: execute / executemany on its connection (rows are always Row)."""

    row_factory = None

    def __init__(self, conn: "PgConnection"):
        self.connection = conn

    def execute(self, sql: str, params: Sequence[Any] | dict = ()) -> PgCursor:
        return self.connection.execute(sql, params)

    def executemany(self, sql: str, seq: Iterable[Sequence[Any] | dict]) -> PgCursor:
        return self.connection.executemany(sql, seq)


def _one_value_cursor(name: str, value: Any) -> PgCursor:
    return PgCursor(None, rows=[_row_type((name,))((value,))], description=[(name,) + (None,) * 6])


_WRITES = {"insert", "update", "delete", "ddl"}


class PgConnection:
    """A psycopg connection that the models can use as they use sqlite3.Connection (autocommit unless
    BEGIN was executed, as sqlite3 with isolation_level=None)."""

    row_factory = None              # set by callers for sqlite3; rows here are always Row

    def __init__(self, raw: psycopg.Connection):
        self.raw = raw
        self.total_changes = 0
        self._identity: dict[str, str] | None = None     # table -> its identity column
        self._keys: dict[str, list[str]] = {}            # table -> primary key columns
        self._columns: dict[str, list[str]] = {}
        self._explicit_ids: set[str] = set()            # tables given explicit ids in this transaction
        self._wrote = False
        self._session_user: str | None = None
        self.lock = threading.RLock()                    # one statement at a time (shared with a worker)

    # ---- transaction state
    @property
    def in_transaction(self) -> bool:
        return self.raw.info.transaction_status != pq.TransactionStatus.IDLE

    def close(self) -> None:
        self.raw.close()

    @property
    def session_user(self) -> str:
        """The database user who logged in (an editor's group role does not hide who it is)."""
        if self._session_user is None:
            with self.lock:
                self._session_user = self.raw.execute("SELECT session_user").fetchone()[0]
        return self._session_user

    def cursor(self) -> "_Statements":
        """What sqlite3's `conn.cursor()` gives the models: statements on this connection."""
        return _Statements(self)

    # ---- catalogue
    def identity_column(self, table: str) -> str | None:
        if self._identity is None:
            rows = self.raw.execute(
                "SELECT table_name, column_name FROM information_schema.columns"
                " WHERE table_schema = current_schema() AND is_identity = 'YES'").fetchall()
            self._identity = {r[0]: r[1] for r in rows}
        return self._identity.get(table)

    def primary_key(self, table: str) -> list[str]:
        if table not in self._keys:
            rows = self.raw.execute(
                "SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid"
                " AND a.attnum = ANY(i.indkey) WHERE i.indrelid = CAST(%s AS regclass) AND i.indisprimary",
                (table,)).fetchall()
            self._keys[table] = [r[0] for r in rows]
        return self._keys[table]

    def table_columns(self, table: str) -> list[str]:
        if table not in self._columns:
            rows = self.raw.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema()"
                " AND table_name = %s ORDER BY ordinal_position", (table,)).fetchall()
            self._columns[table] = [r[0] for r in rows]
        return self._columns[table]

    def forget_catalogue(self) -> None:
        self._identity, self._keys, self._columns = None, {}, {}

    # ---- statements
    def execute(self, sql: str, params: Sequence[Any] | dict = ()) -> PgCursor:
        with self.lock:
            return self._execute(sql, params)

    def _execute(self, sql: str, params: Sequence[Any] | dict) -> PgCursor:
        t = translate(sql)
        if t.kind == "begin":
            self.begin(wait=True)
            return PgCursor(None, rows=[])
        if t.kind == "commit":
            self.commit()
            return PgCursor(None, rows=[])
        if t.kind == "rollback":
            self.rollback()
            return PgCursor(None, rows=[])
        if t.pragma is not None:
            return self._pragma(t.pragma)
        text = t.sql
        returning = None
        if t.kind == "insert":
            text, returning = self._insert_text(t, text, single=True)
        cursor = self.raw.cursor(row_factory=_row_factory)
        cursor.execute(text, _plain(params))
        lastrowid = None
        if returning and cursor.description:
            rows = cursor.fetchall()
            lastrowid = rows[-1][0] if rows else None
            cursor = None
            result = PgCursor(None, lastrowid, rows=[], description=None)
            result.rowcount = len(rows)
        else:
            result = PgCursor(cursor, lastrowid)
        self._after_write(t.kind, result.rowcount)
        return result

    def _insert_text(self, t, text: str, single: bool) -> tuple[str, str | None]:
        identity = self.identity_column(t.table)
        if identity and (t.columns is None or identity in t.columns):
            self._explicit_ids.add(t.table)
        if t.replace:
            columns = list(t.columns) if t.columns else self.table_columns(t.table)
            text += replace_clause(self.primary_key(t.table), columns)
        if single and identity and " RETURNING " not in text.upper():
            return text + f" RETURNING {identity}", identity
        return text, None

    def executemany(self, sql: str, seq: Iterable[Sequence[Any] | dict]) -> PgCursor:
        with self.lock:
            t = translate(sql)
            text = t.sql
            if t.kind == "insert":
                text, _ = self._insert_text(t, text, single=False)
            batch = [_plain(p) for p in seq]
            if not batch:
                return PgCursor(None, rows=[])
            with self.raw.cursor() as cursor:
                cursor.executemany(text, batch)
                count = cursor.rowcount
            self._after_write(t.kind, count)
            return PgCursor(None, rows=[])

    def executescript(self, script: str) -> None:
        """Statements separated by `;` (SQLite dialect), one by one."""
        for statement in split_statements(script):
            self.execute(statement)

    def _after_write(self, kind: str, count: int) -> None:
        if kind == "ddl":
            self.forget_catalogue()
        if kind in _WRITES:
            self.total_changes += max(count, 0)
            if self.in_transaction:
                self._wrote = True
            else:                                   # an autocommitted write: tell the others now
                self._announce()

    def _pragma(self, name: str) -> PgCursor:
        if name == "user_version":
            return _one_value_cursor("user_version", self.raw.execute(
                f"SELECT schema_version FROM {MARK_TABLE}").fetchone()[0])
        if name == "application_id":
            return _one_value_cursor("application_id", self.raw.execute(
                f"SELECT application_id FROM {MARK_TABLE}").fetchone()[0])
        if name == "data_version":
            return _one_value_cursor("data_version", self.data_version())
        raise psycopg.NotSupportedError(f"PRAGMA {name} has no PostgreSQL counterpart here")

    def data_version(self) -> int:
        """Bumped by every committed write of any connection (SQLite's PRAGMA data_version)."""
        return self.raw.execute("SELECT last_value FROM dprk_data_version").fetchone()[0]

    # ---- transactions
    def begin(self, wait: bool = True) -> bool:
        """BEGIN and take the writers' lock (waiting for it, or answering False at once when it is held)."""
        self.raw.execute("BEGIN")
        self._wrote, self._explicit_ids = False, set()
        if wait:
            self.raw.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))
            return True
        got = self.raw.execute("SELECT pg_try_advisory_xact_lock(%s)", (WRITE_LOCK,)).fetchone()[0]
        if not got:
            self.raw.execute("ROLLBACK")
        return bool(got)

    def commit(self) -> None:
        if not self.in_transaction:
            return
        if self._wrote:
            self._fix_identities()
            self._announce()
        self.raw.execute("COMMIT")
        self._wrote, self._explicit_ids = False, set()

    def rollback(self) -> None:
        if self.in_transaction:
            self.raw.execute("ROLLBACK")
        self._wrote, self._explicit_ids = False, set()

    def _fix_identities(self) -> None:
        """Rows given explicit ids (a copy, the bundled dataset) leave the id sequence behind: catch it up."""
        for table in sorted(self._explicit_ids):
            column = self.identity_column(table)
            if column:
                self.raw.execute(f"SELECT setval(pg_get_serial_sequence('{table}', '{column}'),"
                                 f" GREATEST((SELECT MAX({column}) FROM {table}), 1))")

    def _announce(self) -> None:
        self.raw.execute("SELECT nextval('dprk_data_version')")
        self.raw.execute("SELECT pg_notify(%s, session_user)", (CHANNEL,))


def split_statements(script: str) -> list[str]:
    """A script's statements (`;` outside literals and comments ends one)."""
    from models.engines.postgres_sql import _split_code

    statements, current = [], []
    for code, text in _split_code(script):
        if not code:
            current.append(text)
            continue
        parts = text.split(";")
        for i, part in enumerate(parts):
            current.append(part)
            if i < len(parts) - 1:
                statements.append("".join(current))
                current = []
    statements.append("".join(current))
    return [s.strip() for s in statements if s.strip()]


def connect(conninfo: str) -> PgConnection:
    """A connection (libpq reads the password file, the service file and PG* variables itself)."""
    raw = psycopg.connect(conninfo, autocommit=True, application_name="dprk-pressure-brief")
    _adapt(raw)
    return PgConnection(raw)


def hold_session_lock(conninfo: str, key: int) -> tuple[psycopg.Connection | None, str]:
    """Take the server-wide advisory lock `key` on a connection of its own, without waiting: (the connection
    holding it, "") - closing the connection releases it, as does the program's end however it ends - or
    (None, who holds it: "user on host since HH:MM UTC")."""
    raw = psycopg.connect(conninfo, autocommit=True, application_name="dprk-pressure-brief lock")
    if raw.execute("SELECT pg_try_advisory_lock(%s)", (key,)).fetchone()[0]:
        return raw, ""
    try:
        row = raw.execute(
            "SELECT a.usename, COALESCE(host(a.client_addr), 'this server''s socket'),"
            " to_char(a.backend_start AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') FROM pg_locks l"
            " JOIN pg_stat_activity a ON a.pid = l.pid WHERE l.locktype = 'advisory' AND l.granted"
            " AND l.objid = %s AND l.classid = %s AND l.database = (SELECT oid FROM pg_database"
            " WHERE datname = current_database())",
            (key & 0xFFFFFFFF, key >> 32)).fetchone()
    finally:
        raw.close()
    return None, (f"{row[0]} from {row[1]}, connected since {row[2]} UTC" if row else "another session")


# ---- schema: the same MIGRATIONS, translated; the few that rewrite SQLite's own machinery have their own text

PG_SEARCH_INDEX = """
CREATE TABLE search_terms (
    term_id BIGINT PRIMARY KEY,
    designation_id BIGINT NOT NULL,
    label TEXT COLLATE "C" NOT NULL,
    kind BIGINT NOT NULL
);
CREATE INDEX search_terms_designation ON search_terms (designation_id);
-- SQLite's FTS5 trigram table, as a plain table: migration SEARCH_KEY_INDEX drops it for the key index
CREATE TABLE search_fts (rowid BIGINT PRIMARY KEY, norm TEXT COLLATE "C" NOT NULL);
CREATE TABLE search_dirty (designation_id BIGINT PRIMARY KEY);
INSERT INTO search_dirty SELECT designation_id FROM designations;
CREATE FUNCTION search_dirty_mark() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    r RECORD;
BEGIN
    IF TG_OP = 'DELETE' THEN r := OLD; ELSE r := NEW; END IF;
    IF TG_TABLE_NAME = 'designation_links' THEN
        INSERT INTO search_dirty VALUES (r.from_id) ON CONFLICT DO NOTHING;
        INSERT INTO search_dirty VALUES (r.to_id) ON CONFLICT DO NOTHING;
    ELSE
        INSERT INTO search_dirty VALUES (r.designation_id) ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER search_dirty_insert AFTER INSERT OR DELETE ON designations
    FOR EACH ROW EXECUTE FUNCTION search_dirty_mark();
CREATE TRIGGER search_dirty_update AFTER UPDATE OF name ON designations
    FOR EACH ROW EXECUTE FUNCTION search_dirty_mark();
CREATE TRIGGER search_dirty_alias AFTER INSERT OR DELETE ON designation_aliases
    FOR EACH ROW EXECUTE FUNCTION search_dirty_mark();
CREATE TRIGGER search_dirty_link AFTER INSERT OR DELETE ON designation_links
    FOR EACH ROW EXECUTE FUNCTION search_dirty_mark();

CREATE TABLE network_layout (
    layout_key TEXT COLLATE "C" NOT NULL,
    designation_id BIGINT NOT NULL,
    x DOUBLE PRECISION NOT NULL,
    y DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (layout_key, designation_id)
);
"""

PG_STATEMENTS_2023 = """
ALTER TABLE statements DROP CONSTRAINT statements_kind_check;
ALTER TABLE statements ADD CONSTRAINT statements_kind_check CHECK (kind IN ('joint_statement',
    'resolution_vote', 'draft_resolution_vote', 'press_statement', 'presidential_statement', 'procedural_vote'));
ALTER TABLE launches ADD COLUMN dataset TEXT COLLATE "C" NOT NULL DEFAULT 'cns';
ALTER TABLE country_groups ADD COLUMN file_id BIGINT REFERENCES source_files (file_id);
"""

# Migrations whose SQLite text uses SQLite's own machinery (virtual tables, triggers, writable_schema),
# keyed by that text: their PostgreSQL text is written here. Every other migration is translated.
OWN_TEXT = {V2: PG_SEARCH_INDEX, STATEMENTS_2023_AND_PRELIMINARY_LAUNCHES: PG_STATEMENTS_2023}

_TEXT_TYPE = re.compile(r"\bTEXT\b")


_SQLITE_ONLY = re.compile(r"\b(PRAGMA|VIRTUAL\s+TABLE|CREATE\s+TRIGGER|sqlite_\w+)\b",
                          re.IGNORECASE)


def migration_statements(version: int) -> list[str]:
    """The PostgreSQL statements of MIGRATIONS[version] (already in PostgreSQL's dialect).

    A migration written in portable SQL (CREATE TABLE / INDEX, ALTER TABLE ADD COLUMN, INSERT, UPDATE,
    upserts as ON CONFLICT or INSERT OR IGNORE) is translated; one that uses SQLite's own machinery must
    have its PostgreSQL text in OWN_TEXT, else this raises (tests/models/test_engines.py checks them all)."""
    sql = MIGRATIONS[version]
    if sql in OWN_TEXT:
        return [OWN_TEXT[sql]]                        # one script, run as it is ($$ bodies hold semicolons)
    found = _SQLITE_ONLY.search("".join(t for code, t in _split_code(sql) if code))
    if found:
        raise ValueError(f"migration {version + 1} uses {found.group(0)!r}, which only SQLite has: give it a "
                         "PostgreSQL text in models.engines.postgres.OWN_TEXT")
    out = []
    for statement in split_statements(sql):
        ddl = translate_ddl(statement)
        if ddl.lstrip().upper().startswith(("CREATE TABLE", "ALTER TABLE")):
            ddl = _TEXT_TYPE.sub('TEXT COLLATE "C"', ddl)     # SQLite's byte order: sorts the same
        out.append(translate(ddl).sql.replace("%%", "%"))
    return out


def schema_version(conn: PgConnection) -> int | None:
    """The schema version, 0 for an empty database, None for a database of another program."""
    tables = {r[0] for r in conn.raw.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()")}
    if MARK_TABLE in tables:
        row = conn.raw.execute(f"SELECT application_id, schema_version FROM {MARK_TABLE}").fetchone()
        return row[1] if row and row[0] == APPLICATION_ID else None
    return 0 if not tables else None


def migrate(conn: PgConnection) -> int:
    """Bring the database to SCHEMA_VERSION, one migration per transaction, under the writers' lock."""
    from models.errors import ForeignDatabase, SchemaTooNew

    old = schema_version(conn)
    if old is None:
        raise ForeignDatabase(None, "a PostgreSQL database (schema) holding tables of another program; it was "
                                    "left untouched: give --db a new database or a DPRK Pressure Brief one")
    if old > SCHEMA_VERSION:
        raise SchemaTooNew(None, f"the database has schema version {old}, newer than this program "
                                 f"({SCHEMA_VERSION}); update the program")
    if old == SCHEMA_VERSION:
        return old
    conn.begin(wait=True)
    try:
        if MARK_TABLE not in {r[0] for r in conn.raw.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()")}:
            conn.raw.execute(f"CREATE TABLE {MARK_TABLE} (application_id BIGINT NOT NULL, "
                             "schema_version BIGINT NOT NULL)")
            conn.raw.execute(f"INSERT INTO {MARK_TABLE} VALUES ({APPLICATION_ID}, 0)")
            conn.raw.execute("CREATE SEQUENCE dprk_data_version")
            conn.raw.execute("SELECT nextval('dprk_data_version')")
        start = conn.raw.execute(f"SELECT schema_version FROM {MARK_TABLE}").fetchone()[0]  # another may have run
        for version in range(start, SCHEMA_VERSION):
            for statement in migration_statements(version):
                conn.raw.execute(statement)
            conn.raw.execute(f"UPDATE {MARK_TABLE} SET schema_version = %s", (version + 1,))
        conn.forget_catalogue()
        conn.commit()
    except BaseException:
        conn.rollback()
        raise
    return old
