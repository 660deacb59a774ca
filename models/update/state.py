"""What the updater last fetched for each source file (the `update_fetches` table).

A row holds the validators (ETag / Last-Modified) and the hash of the body this database last took in;
it is written in the same transaction as that body's import, so a failed import never leaves a row
that would make the next update skip the file as "not modified".
"""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime, timezone


@dataclass
class FetchRecord:
    source: str
    file_name: str
    url: str
    etag: str | None
    last_modified: str | None
    sha256: str
    size: int
    fetched_at: str
    checked_at: str


def utc_now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def load_records(conn: sqlite3.Connection, source: str) -> dict[str, FetchRecord]:
    rows = conn.execute("SELECT source, file_name, url, etag, last_modified, sha256, size, fetched_at, checked_at"
                        " FROM update_fetches WHERE source = ?", (source,)).fetchall()
    return {r[1]: FetchRecord(*r) for r in rows}


def save_record(conn: sqlite3.Connection, record: FetchRecord) -> None:
    conn.execute("INSERT OR REPLACE INTO update_fetches (source, file_name, url, etag, last_modified, sha256,"
                 " size, fetched_at, checked_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                 (record.source, record.file_name, record.url, record.etag, record.last_modified, record.sha256,
                  record.size, record.fetched_at, record.checked_at))


def mark_checked(conn: sqlite3.Connection, source: str, when: str) -> None:
    conn.execute("UPDATE update_fetches SET checked_at = ? WHERE source = ?", (when, source))


def last_checked(conn: sqlite3.Connection) -> str | None:
    """When any source was last checked (for a once-a-day check on start)."""
    return conn.execute("SELECT MAX(checked_at) FROM update_fetches").fetchone()[0]
