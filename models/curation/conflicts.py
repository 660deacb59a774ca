"""Where an import disagreed with an analyst's edit: both values, until the analyst keeps one."""
from __future__ import annotations

import json
import sqlite3
from typing import TYPE_CHECKING

from models.curation.facts import now_utc
from models.store import Store

if TYPE_CHECKING:
    import pandas as pd


def _text(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def record_conflict(conn: sqlite3.Connection, kind: str, record_id: str, field: str, mine: object,
                    theirs: object, file_name: str) -> str | None:
    """Record one disagreement unless the same one is already open or was settled by keeping the edit;
    returns the import report's note (None when nothing new)."""
    seen = conn.execute("SELECT 1 FROM curation_conflicts WHERE kind = ? AND record_id = ? AND field = ?"
                        " AND theirs = ? AND mine = ? AND (resolution IS NULL OR resolution = 'mine')",
                        (kind, record_id, field, _text(theirs), _text(mine))).fetchone()
    if seen is None:
        from models.curation.facts import connection_user, write_audit

        conn.execute("INSERT INTO curation_conflicts (kind, record_id, field, mine, theirs, file_name, found_at)"
                     " VALUES (?, ?, ?, ?, ?, ?, ?)",
                     (kind, record_id, field, _text(mine), _text(theirs), file_name, now_utc()))
        write_audit(conn, connection_user(conn), f"Import {file_name}: conflict on {field} (the edit kept)", kind, record_id,
                    {field: mine}, {field: mine, f"{field} (imported)": theirs}, file_name)
    return (f"conflict: {kind} {record_id}, {field}: the analyst's edit {_short(mine)} is kept; "
            f"the imported file says {_short(theirs)} (resolve in the conflicts view)")


def _short(value: object) -> str:
    text = _text(value)
    return text if len(text) <= 80 else text[:77] + "..."


def conflicts(store: Store, open_only: bool = True) -> "pd.DataFrame":
    sql = ("SELECT conflict_id, kind, record_id, field, mine, theirs, file_name, found_at, resolution,"
           " resolved_at, resolved_by FROM curation_conflicts")
    return store.query(sql + (" WHERE resolution IS NULL" if open_only else "") + " ORDER BY conflict_id")
