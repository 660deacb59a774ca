"""The curation tables for `python main.py table NAME` and BriefingModel.table(NAME): claims, conflicts, audit."""
from __future__ import annotations

from typing import TYPE_CHECKING

from models.store import Store
from models.tables import table

if TYPE_CHECKING:
    import pandas as pd

CLAIM_COLUMNS = ["day", "claim_id", "label", "missiles", "publisher", "url", "accessed", "quote", "chosen", "origin"]


@table("claims")
def claims_table(store: Store) -> "pd.DataFrame":
    """Every contested Korea date's claims side by side (the record's own count first), one chosen per day."""
    import pandas as pd

    from models.curation.claims import claims_for, contested_days

    rows = [(day, c.claim_id, c.label, c.missiles, c.publisher, c.url, c.accessed, c.quote, c.chosen, c.origin)
            for day in contested_days(store) for c in claims_for(store, day)]
    frame = pd.DataFrame.from_records(rows, columns=CLAIM_COLUMNS)
    frame["claim_id"] = frame["claim_id"].astype("Int64")
    return frame


@table("conflicts")
def conflicts_table(store: Store) -> "pd.DataFrame":
    from models.curation.conflicts import conflicts

    return conflicts(store, open_only=False)


@table("audit")
def audit_table(store: Store) -> "pd.DataFrame":
    from models.curation.audit import audit_trail

    return audit_trail(store)
