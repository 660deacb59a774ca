"""The audit trail and the list of curated records, for browsing and export."""
from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from models.curation.inputs import SourceInput
from models.store import Store

if TYPE_CHECKING:
    import pandas as pd

AUDIT_COLUMNS = ["audit_id", "at", "who", "command", "kind", "record_id", "before", "after", "source"]


def audit_trail(store: Store) -> "pd.DataFrame":
    """Every curation step, oldest first: who, when (UTC), what, before and after (JSON), which source."""
    return store.query(f"SELECT {', '.join(AUDIT_COLUMNS)} FROM curation_audit ORDER BY audit_id")


def export_audit_csv(store: Store, path: str | Path) -> int:
    """Write the audit trail as CSV (formula-safe, atomic); returns the rows written."""
    from models.safe_text import write_csv

    frame = audit_trail(store)
    write_csv(frame, Path(path))
    return len(frame)


def user_facts(store: Store) -> "pd.DataFrame":
    """Every curated record: kind, record_id, origin (user: own record; import: an edited/hidden import),
    hidden, the edited fields, when and by whom."""
    import pandas as pd

    rows = []
    for r in store.rows("SELECT kind, record_id, origin, value, hidden, updated_at, updated_by FROM curation_facts"
                        " ORDER BY kind, record_id"):
        value = json.loads(r["value"]) if r["value"] else {}
        edited = "" if r["origin"] == "user" else ", ".join(sorted(value))
        rows.append((r["kind"], r["record_id"], r["origin"], bool(r["hidden"]), edited, r["updated_at"],
                     r["updated_by"]))
    return pd.DataFrame.from_records(rows, columns=["kind", "record_id", "origin", "hidden", "edited_fields",
                                                    "updated_at", "updated_by"])


def record_sources(store: Store, kind: str, record_id: str) -> list[SourceInput]:
    text = store.scalar("SELECT sources FROM curation_facts WHERE kind = ? AND record_id = ?", (kind, str(record_id)))
    return [SourceInput.from_dict(s) for s in json.loads(text)] if text else []
