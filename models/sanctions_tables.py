"""The sanctions tables as DataFrames: `designations` and `links` (see models.tables)."""
from __future__ import annotations

from typing import TYPE_CHECKING

from models.store import Store
from models.tables import table

if TYPE_CHECKING:
    import pandas as pd


@table("designations")
def designations(store: Store) -> "pd.DataFrame":
    return store.query(
        "SELECT d.designation_id, d.authority, d.list_name AS list, d.source_id, d.name, d.type, d.programs,"
        " CASE WHEN d.dprk THEN 'yes' ELSE 'no' END AS dprk, d.nationality, d.listed_on, d.first_seen,"
        " d.last_seen, d.removed_on,"
        " (SELECT COUNT(*) FROM designation_aliases a WHERE a.designation_id = d.designation_id) AS alias_count,"
        " (SELECT COUNT(*) FROM designation_addresses a WHERE a.designation_id = d.designation_id) AS address_count,"
        " (SELECT COUNT(*) FROM designation_links l WHERE l.from_id = d.designation_id"
        "   OR l.to_id = d.designation_id) AS link_count"
        " FROM designations d ORDER BY d.list_name, d.name, d.source_id")


@table("links")
def links(store: Store) -> "pd.DataFrame":
    return store.query(
        "SELECT l.from_id, f.name AS from_name, l.to_id, t.name AS to_name, l.relation, l.source"
        " FROM designation_links l JOIN designations f ON f.designation_id = l.from_id"
        " JOIN designations t ON t.designation_id = l.to_id ORDER BY f.name, t.name, l.relation")
