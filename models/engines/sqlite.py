"""What only SQLite does: the FTS5 trigram search index (schema V2) and its vocabulary.

The rest of SQLite's own machinery lives with the SQLite Store (models/store.py: PRAGMAs application_id,
data_version, busy_timeout, WAL) and the migrations (models/schema.py, written in SQLite's dialect).
models.engines.postgres has the PostgreSQL counterpart of every function here.
"""
from __future__ import annotations

import sqlite3

_ROWS = "SELECT t.designation_id, t.label, t.kind{} FROM search_fts f JOIN search_terms t ON t.term_id = f.rowid" \
        " WHERE search_fts MATCH ?"


def search_reset(conn: sqlite3.Connection) -> None:
    """Empty the index at once (a new empty FTS table, not row-by-row deletes)."""
    create = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'search_fts'").fetchone()[0]
    conn.execute("DROP TABLE search_fts")
    conn.execute(create)


def search_optimize(conn: sqlite3.Connection) -> None:
    """Merge the index into one segment after a large refresh (tombstones otherwise slow every search)."""
    conn.execute("INSERT INTO search_fts (search_fts) VALUES ('optimize')")


def search_match(conn: sqlite3.Connection, expression: str, limit: int, ranked: bool) -> list:
    """(designation_id, label, kind[, norm]) rows for one FTS5 MATCH expression of quoted phrases, AND, OR
    and parentheses; `ranked`: best bm25 first, with the indexed text. Unparsable: no rows."""
    sql = _ROWS.format(", f.norm" if ranked else "") + (" ORDER BY rank" if ranked else "") + " LIMIT ?"
    try:
        return conn.execute(sql, (expression, limit)).fetchall()
    except sqlite3.OperationalError:
        return []


def search_term_counts(conn: sqlite3.Connection, terms: set[str]) -> dict[str, int]:
    """How many indexed names hold each trigram term (fts5vocab, one term at a time)."""
    conn.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_vocab USING fts5vocab(main, search_fts, row)")
    counts = {}
    for term in terms:
        row = conn.execute("SELECT doc FROM temp.search_vocab WHERE term = ?", (term,)).fetchone()
        counts[term] = row[0] if row else 0
    return counts
