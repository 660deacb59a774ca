"""Copy a whole briefing database between engines (SQLite file <-> PostgreSQL), verified by checksums.

`python main.py copy --from SOURCE --to TARGET`: every table, in creation order (foreign keys hold at
each step), in one transaction on the target, which must hold no data yet. Afterwards both sides
are read again: each table's row count and checksum (an order-free digest of its rows, so the two
engines' different sort orders do not matter) must agree, else the copy is reported as failed.
The search index is not copied: the target rebuilds it from the names (models.search).
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Callable

from pathlib import Path

from models.engines import is_server
from models.store import Store

BATCH = 5000
NOT_COPIED = ("search_", "dprk_brief", "sqlite_")    # prefixes: derived or the engine's own


class CopyError(Exception):
    """The copy could not be made or did not verify; the target is as it was (one transaction)."""


def table_names(store: Store) -> list[str]:
    """The database's own tables in creation order (parents before the tables that refer to them)."""
    if store.engine == "postgres":
        rows = store.rows("SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                          " WHERE c.relkind = 'r' AND n.nspname = current_schema() ORDER BY c.oid")
    else:
        rows = store.rows("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY rowid")
    return [r[0] for r in rows]


def data_tables(store: Store) -> list[str]:
    return [t for t in table_names(store) if not t.startswith(NOT_COPIED)]


def _value_text(value: object) -> str:
    if value is None:
        return "\x00"
    if isinstance(value, float):
        return "f" + repr(value)
    if isinstance(value, int):
        return "i" + str(value)
    if isinstance(value, (bytes, memoryview)):
        return "b" + bytes(value).hex()
    return "s" + str(value)


@dataclass
class TableSum:
    rows: int = 0
    digest: int = 0             # sum of the rows' 64-bit hashes (mod 2**64): the same in any row order

    def add(self, row: tuple) -> None:
        text = "\x1f".join(_value_text(v) for v in row).encode()
        self.rows += 1
        self.digest = (self.digest + int.from_bytes(hashlib.blake2b(text, digest_size=8).digest(), "big")) % 2**64

    def __str__(self) -> str:
        return f"{self.rows} rows, checksum {self.digest:016x}"


def _columns(store: Store, table: str) -> list[str]:
    return [r[1] for r in store.rows(f"PRAGMA table_info({table})")]


def table_sum(store: Store, table: str, columns: list[str] | None = None) -> TableSum:
    columns = columns or sorted(_columns(store, table))
    total = TableSum()
    cursor = store.conn.execute(f"SELECT {', '.join(columns)} FROM {table}")
    while True:
        chunk = cursor.fetchmany(BATCH)
        if not chunk:
            return total
        for row in chunk:
            total.add(tuple(row))


def checksums(store: Store, tables: list[str] | None = None) -> dict[str, TableSum]:
    """Per table: row count and order-free checksum over its columns (by name, so column order may differ)."""
    return {t: table_sum(store, t) for t in (tables or data_tables(store))}


@dataclass
class CopyReport:
    tables: dict[str, TableSum] = field(default_factory=dict)

    def summary(self, source: str, target: str) -> str:
        lines = [f"Copied {len(self.tables)} tables from {source} to {target}; row counts and checksums agree:"]
        lines += [f"  {name}: {total}" for name, total in self.tables.items()]
        return "\n".join(lines)


def copy_database(source: Store, target: Store, progress: Callable[[str], None] | None = None) -> CopyReport:
    """Copy every data table of `source` into the empty `target`, then verify both sides agree."""
    if not target.is_empty():
        raise CopyError(f"{getattr(target.path, 'name', target.path)} already holds data; copy into a new, empty "
                        "database (nothing was changed)")
    tables = data_tables(source)
    missing = [t for t in tables if t not in set(data_tables(target))]
    if missing:
        raise CopyError(f"the target has no table {', '.join(missing)} (an older program version?); nothing was copied")
    with target.transaction() as out:
        for table in reversed(tables):          # the reference rows every new database starts with go first
            out.execute(f"DELETE FROM {table}")
        for table in tables:
            columns = _columns(source, table)
            if progress:
                progress(f"Copying {table}")
            sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
            cursor = source.conn.execute(f"SELECT {', '.join(columns)} FROM {table}")
            while True:
                chunk = cursor.fetchmany(BATCH)
                if not chunk:
                    break
                out.executemany(sql, [tuple(r) for r in chunk])
        out.execute("DELETE FROM search_dirty")
        out.execute("INSERT INTO search_dirty SELECT designation_id FROM designations")    # rebuilt on first search
        if progress:
            progress("Verifying")
        report = CopyReport()
        for table in tables:            # inside the transaction: a mismatch leaves the target untouched
            columns = sorted(_columns(source, table))
            theirs, ours = table_sum(source, table, columns), table_sum(target, table, columns)
            if (theirs.rows, theirs.digest) != (ours.rows, ours.digest):
                raise CopyError(f"{table} differs after the copy: source {theirs}, target {ours}; nothing was "
                                "changed")
            report.tables[table] = ours
    return report


def _name(store: Store) -> str:
    return store.path.name if store.engine == "postgres" else str(store.path)


def cmd_copy(source: str | Path, target: str | Path) -> int:
    """`python main.py copy --from SOURCE --to TARGET`: prints the per-table counts and checksums."""
    import sys

    from models.store import open_store

    if str(source) == str(target):
        print("error: --from and --to name the same database", file=sys.stderr)
        return 2
    if not is_server(source) and not Path(source).is_file():
        print(f"error: {source}: no such database file", file=sys.stderr)
        return 1
    with open_store(source) as src, open_store(target) as dst:
        try:
            report = copy_database(src, dst, lambda step: print(step + "…", file=sys.stderr, flush=True))
        except CopyError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        print(report.summary(_name(src), _name(dst)))
    return 0
