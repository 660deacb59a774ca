"""The sanctions tables as DataFrames: `designations` and `links` (see models.tables)."""
from __future__ import annotations

from typing import TYPE_CHECKING

from models.store import Store
from models.tables import table

if TYPE_CHECKING:
    import pandas as pd


# Per entry, the newest snapshot holding it that covers its aliases / addresses: the provenance of the
# alias and address rows (an OFAC sdn.csv imported without add.csv/alt.csv covers neither; see sanctions_db).
PART_SOURCES = (
    "WITH snap AS MATERIALIZED (SELECT n.snapshot_id, n.snapshot_date,"
    "   COALESCE((SELECT json_extract(s.content, '$.uncovered') FROM designation_snapshots s"
    "   WHERE s.snapshot_id = n.snapshot_id LIMIT 1), '[]') AS uncovered FROM list_snapshots n),"
    # links of each entry, either way: one pass (an OR over from_id/to_id per row scanned every link per entry)
    " link_counts AS MATERIALIZED (SELECT id, COUNT(*) AS n FROM (SELECT from_id AS id FROM designation_links"
    "   UNION ALL SELECT to_id FROM designation_links WHERE to_id != from_id) AS ends GROUP BY id) ")


def _as_of(part: str) -> str:
    return (f"(SELECT MAX(p.snapshot_date) FROM designation_snapshots s JOIN snap p USING (snapshot_id)"
            f" WHERE s.designation_id = d.designation_id AND p.uncovered NOT LIKE '%\"{part}\"%') AS {part}_as_of")


@table("designations")
def designations(store: Store) -> "pd.DataFrame":
    return store.query(
        PART_SOURCES + "SELECT d.designation_id, d.authority, d.list_name AS list, d.source_id, d.name, d.type, d.programs,"
        " CASE WHEN d.dprk = 1 THEN 'yes' ELSE 'no' END AS dprk, d.nationality, d.listed_on, d.first_seen,"
        " d.last_seen, d.removed_on, d.designated_on, d.designated_to, d.designated_precision, d.designated_source,"
        " d.removed_from, d.removed_precision, d.removed_source,"
        " (SELECT COUNT(*) FROM designation_aliases a WHERE a.designation_id = d.designation_id) AS alias_count,"
        " (SELECT COUNT(*) FROM designation_addresses a WHERE a.designation_id = d.designation_id) AS address_count,"
        f" COALESCE(lc.n, 0) AS link_count, {_as_of('aliases')}, {_as_of('addresses')}"
        " FROM designations d LEFT JOIN link_counts lc ON lc.id = d.designation_id ORDER BY d.list_name, d.name, d.source_id")


@table("links")
def links(store: Store) -> "pd.DataFrame":
    return store.query(
        "SELECT l.from_id, f.name AS from_name, l.to_id, t.name AS to_name, l.relation, l.source"
        " FROM designation_links l JOIN designations f ON f.designation_id = l.from_id"
        " JOIN designations t ON t.designation_id = l.to_id ORDER BY f.name, t.name, l.relation")
