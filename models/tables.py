"""The model's tables as DataFrames, as `python main.py table NAME OUT.csv` writes them."""
from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from models.store import Store

if TYPE_CHECKING:
    import pandas as pd

TableBuilder = Callable[[Store], "pd.DataFrame"]
TABLES: dict[str, TableBuilder] = {}


def table(name: str) -> Callable[[TableBuilder], TableBuilder]:
    def register(fn: TableBuilder) -> TableBuilder:
        TABLES[name] = fn
        return fn
    return register


def build_table(store: Store, name: str) -> "pd.DataFrame":
    _load_builders()
    if name not in TABLES:
        raise KeyError(f"unknown table {name!r}; known tables: {', '.join(sorted(TABLES))}")
    return TABLES[name](store)


def table_names() -> list[str]:
    _load_builders()
    return sorted(TABLES)


def _load_builders() -> None:
    """Modules that register more tables (sanctions, ledger, curation); imported late, as they import this one."""
    import models.analytics.ledger  # noqa: F401
    import models.curation.tables  # noqa: F401
    import models.sanctions_tables  # noqa: F401


@table("missiles")
def missiles(store: Store) -> "pd.DataFrame":
    frame = store.query(
        "SELECT missile_id, launch_id, date, time_utc, missile_name, missile_class, facility, latitude,"
        " longitude, apogee_km, distance_km, outcome, confirmation, source_key,"
        " date_precision, apogee_text, distance_text, landing_location, facility_location, notes, source_urls,"
        " dataset FROM missiles"
        # the missiles behind the launch events: a preliminary source's rows where CNS is the record are
        # kept only for the count comparison (models.launch_sources)
        " WHERE dataset = 'cns' OR launch_id IS NOT NULL"
        " ORDER BY date, time_utc IS NULL, time_utc, dataset,"
        " CASE WHEN dataset = 'cns' THEN CAST(source_key AS INTEGER) END, source_key")
    # CNS keys are row numbers (shown as numbers); other sources' keys stay text (one column type on PostgreSQL)
    frame["source_key"] = [int(k) if d == "cns" and k is not None else k
                           for k, d in zip(frame["source_key"], frame["dataset"])]
    return frame


@table("launches")
def launches(store: Store) -> "pd.DataFrame":
    return store.query(
        "SELECT launch_id, date, missile_count, classes, facility, max_apogee_km, max_distance_km, outcome,"
        " date_precision, time_utc, confirmation, dataset,"
        # set where an analyst's chosen claim (models.curation.claims) changed the count: whose and by how much
        " count_basis FROM launches ORDER BY date, launch_id")


@table("statements")
def statements(store: Store) -> "pd.DataFrame":
    return store.query(
        "SELECT s.statement_id, s.date, s.kind, s.title, s.url,"
        " (SELECT COUNT(*) FROM positions p WHERE p.statement_id = s.statement_id"
        "   AND p.position IN ('joined', 'yes')) AS signatory_count,"
        " s.series_id, s.positions_known, s.outcome, s.trigger_event, s.venue, s.source_note"
        " FROM statements s ORDER BY s.date, s.statement_id")


@table("alignment")
def alignment(store: Store) -> "pd.DataFrame":
    from models.analytics.alignment import alignment_table

    return alignment_table(store)
