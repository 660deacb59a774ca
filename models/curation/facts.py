"""The curation tables' rows: read and write one fact (an own record, or edits of an imported one)."""
from __future__ import annotations

import getpass
import json
import sqlite3
from dataclasses import dataclass, field
from datetime import datetime, timezone

CURATION_DATASET = "curation"
ANALYST = "analyst"                    # the launches/missiles dataset of the analysts' own launches


def now_utc() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:                  # no login name (a container without one): say so, never guess
        return "unknown user"


def connection_user(conn: sqlite3.Connection) -> str:
    """Who changes the data through `conn`, for the audit trail (as Store.user): the database user on a
    server (PostgreSQL's session user), else the login."""
    return getattr(conn, "session_user", None) or os_user()


@dataclass
class Fact:
    kind: str
    record_id: str
    origin: str                         # user | import
    value: dict | None = None           # own record, or the edited fields
    imported: dict | None = None        # the imported record (baseline)
    hidden: bool = False
    sources: list[dict] = field(default_factory=list)
    updated_at: str = ""
    updated_by: str = ""
    version: int = 0                    # bumped by every write (0: not curated yet)

    def as_json(self) -> dict:
        return {"origin": self.origin, "value": self.value, "imported": self.imported, "hidden": self.hidden,
                "sources": self.sources}


def read_fact(conn: sqlite3.Connection, kind: str, record_id: str) -> Fact | None:
    row = conn.execute("SELECT * FROM curation_facts WHERE kind = ? AND record_id = ?", (kind, record_id)).fetchone()
    if row is None:
        return None
    return Fact(row["kind"], row["record_id"], row["origin"], _load(row["value"]), _load(row["imported"]),
                bool(row["hidden"]), json.loads(row["sources"] or "[]"), row["updated_at"], row["updated_by"],
                row["version"])


def fact_version(conn: sqlite3.Connection, kind: str, record_id: str) -> int:
    """The record's curation version: what a form remembers when it opens (0: nothing curated yet)."""
    row = conn.execute("SELECT version FROM curation_facts WHERE kind = ? AND record_id = ?",
                       (kind, str(record_id))).fetchone()
    return row[0] if row else 0


def _retired_key(kind: str, record_id: str) -> str:
    return f"curation_retired_version:{kind}:{record_id}"


def _retired_version(conn: sqlite3.Connection, kind: str, record_id: str) -> int:
    """The last version of a deleted own record of this id (0: none): a record added again under the same id
    goes on from there, so a form still open on the deleted one cannot save over the new one."""
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (_retired_key(kind, str(record_id)),)).fetchone()
    return int(row[0]) if row else 0


def all_facts(conn: sqlite3.Connection, kind: str | None = None) -> list[Fact]:
    sql = "SELECT kind, record_id FROM curation_facts"
    rows = conn.execute(sql + (" WHERE kind = ?" if kind else "") + " ORDER BY kind, record_id",
                        (kind,) if kind else ()).fetchall()
    return [read_fact(conn, r[0], r[1]) for r in rows]


def write_fact(conn: sqlite3.Connection, fact: Fact) -> None:
    """Store the fact as the record's next version (an undo writing an older state is a new version too)."""
    version = max(fact_version(conn, fact.kind, fact.record_id), _retired_version(conn, fact.kind, fact.record_id)) + 1
    conn.execute(
        "INSERT OR REPLACE INTO curation_facts (kind, record_id, origin, value, imported, hidden, sources,"
        " updated_at, updated_by, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (fact.kind, fact.record_id, fact.origin, _dump(fact.value), _dump(fact.imported), int(fact.hidden),
         json.dumps(fact.sources, ensure_ascii=False), fact.updated_at or now_utc(),
         fact.updated_by or connection_user(conn), version))


def delete_fact(conn: sqlite3.Connection, kind: str, record_id: str) -> None:
    """Remove an own record; its last version is kept (in meta) for a record added again under its id."""
    version = fact_version(conn, kind, record_id)
    if version:
        conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                     (_retired_key(kind, str(record_id)), str(version)))
    conn.execute("DELETE FROM curation_facts WHERE kind = ? AND record_id = ?", (kind, record_id))


def curation_file_id(conn: sqlite3.Connection) -> int:
    """The source_files row the analysts' own records point to (each record cites its own sources)."""
    row = conn.execute("SELECT file_id FROM source_files WHERE dataset = ? AND format = ?",
                       (CURATION_DATASET, CURATION_DATASET)).fetchone()
    if row is not None:
        return row[0]
    cur = conn.execute(
        "INSERT INTO source_files (dataset, format, file_name, sha256, publisher, title, url, snapshot_date,"
        " snapshot_date_basis, imported_at, record_count) VALUES (?, ?, ?, ?, ?, ?, NULL, NULL, NULL, ?, 0)",
        (CURATION_DATASET, CURATION_DATASET, "analyst entries", "analyst-entries",
         "Analysts (every entry cites its own public sources)", "Analyst entries", now_utc()))
    return cur.lastrowid


def write_audit(conn: sqlite3.Connection, who: str, command: str, kind: str, record_id: str,
                before: object, after: object, source: str) -> None:
    conn.execute("INSERT INTO curation_audit (at, who, command, kind, record_id, before, after, source)"
                 " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                 (now_utc(), who, command, kind, str(record_id), _dump(before), _dump(after), source))


def sources_text(sources: list[dict]) -> str:
    parts = []
    for s in sources:
        quote = f": \u201c{s['quote']}\u201d" if s.get("quote") else ""
        parts.append(f"{s.get('publisher', '')} ({s.get('url', '')}, accessed {s.get('accessed', '')}){quote}")
    return "; ".join(parts)


def _load(text: str | None):
    return None if text is None else json.loads(text)


def _dump(value: object) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)
