"""The records behind a ledger or scorecard number, each with its source, for the records view."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from models.analytics.ledger import DEFAULT_WINDOW_DAYS, ledger_table
from models.analytics.ledger_data import load
from models.launch_sources import source
from models.store import Store

if TYPE_CHECKING:
    import pandas as pd

TABLE_TITLES = {"launches": "launch events", "statements": "statements and votes",
                "designations": "designations", "ledger": "ledger rows"}

# Ledger column -> (table, column holding the ids of the records behind it); anything else: the launch.
CELL_SOURCES = {
    "statement_ids": ("statements", "statement_ids"), "first_statement_lag_days": ("statements", "statement_ids"),
    "max_signatories": ("statements", "statement_ids"), "council_majority": ("statements", "statement_ids"),
    "statement_match": ("statements", "statement_ids"),
    "max_council_signatories": ("statements", "statement_ids"),
    "vote_ids": ("statements", "vote_ids"), "vote_outcomes": ("statements", "vote_ids"),
    "vetoes": ("statements", "vote_ids"),
    "designations_in_window": ("designations", "designation_ids"),
    "first_designation_lag_days": ("designations", "designation_ids"),
    "designation_ids": ("designations", "designation_ids"),
    "designations_by_authority": ("designations", "designation_ids"),
    "designations_by_stream": ("designations", "designation_ids"),
    "designations_possible": ("designations", "possible_designation_ids"),
    "possible_designation_ids": ("designations", "possible_designation_ids"),
    "response": ("ledger", "launch_id"), "first_response_lag_days": ("ledger", "launch_id"),
    "slow_response": ("ledger", "launch_id"),
}


def split_ids(text: Any) -> list[str]:
    return [p.strip() for p in str(text or "").split(";") if p.strip()]


def cell_records(row: dict, column: str) -> tuple[str, list[str]]:
    """(table, record ids) behind one ledger cell: e.g. the statements behind `max_signatories`."""
    table, id_column = CELL_SOURCES.get(column, ("launches", "launch_id"))
    return table, split_ids(row.get(id_column))


def records_frame(store: Store, table: str, ids: list[str],
                  window_days: int = DEFAULT_WINDOW_DAYS) -> "pd.DataFrame":
    """The records of `table` with the given ids, in date order, with a `source` column."""
    import pandas as pd

    wanted = [str(i) for i in ids]
    if table == "launches":
        frame = store.query(
            "SELECT l.launch_id, l.date, l.time_utc, l.classes, l.missile_count, l.facility, l.outcome,"
            " l.confirmation, (SELECT GROUP_CONCAT(DISTINCT m.missile_name) FROM missiles m"
            "   WHERE m.launch_id = l.launch_id) AS missile_names,"
            " (SELECT m.source_urls FROM missiles m WHERE m.launch_id = l.launch_id AND m.source_urls IS NOT NULL"
            "   LIMIT 1) AS references_,"
            " f.title || ', as of ' || f.snapshot_date AS source, f.url AS source_url, l.dataset"
            " FROM launches l LEFT JOIN source_files f ON f.file_id = (SELECT MIN(m.file_id) FROM missiles m"
            "   WHERE m.launch_id = l.launch_id) ORDER BY l.date, l.launch_id")
        frame = frame.rename(columns={"references_": "references"})
        frame["source"] = [f"{s} ({source(d).label})" for s, d in zip(frame["source"], frame.pop("dataset"))]
        from models.korea_time import korea_date

        frame.insert(2, "korea_date", [korea_date(d, t) or "" for d, t in zip(frame["date"], frame["time_utc"])])
        key = "launch_id"
    elif table == "statements":
        data = {s.statement_id: s for s in load(store).statements}
        frame = store.query("SELECT statement_id, date, kind, title, trigger_event, outcome, url AS source_url,"
                            " source_note FROM statements ORDER BY date, statement_id")
        frame.insert(4, "signatories", [_opt(data[i].signatories) for i in frame["statement_id"]])
        frame.insert(5, "council_members_among_them", [_opt(data[i].council_signatories)
                                                        for i in frame["statement_id"]])
        frame.insert(6, "council_majority", ["yes" if data[i].council_majority else "no"
                                             for i in frame["statement_id"]])
        frame.insert(7, "vetoes", [", ".join(data[i].vetoes) for i in frame["statement_id"]])
        frame["source"] = [n if isinstance(n, str) and n else "statement register (project curation)"
                           for n in frame.pop("source_note")]
        frame = frame[[c for c in frame.columns if c != "source_url"] + ["source_url"]]
        key = "statement_id"
    elif table == "designations":
        dated = {str(d.designation_id): d for d in load(store).designations}
        frame = store.query(
            "SELECT d.designation_id, d.authority, d.list_name AS list, d.source_id, d.name, d.type, d.programs,"
            " (SELECT GROUP_CONCAT(t.stream, '; ') FROM revenue_tags t WHERE t.designation_id = d.designation_id"
            "   AND t.status != 'rejected') AS revenue_streams,"
            " f.title AS source, f.url AS source_url FROM designations d"
            " LEFT JOIN source_files f ON f.file_id = d.file_id WHERE d.dprk = 1 ORDER BY d.designation_id")
        frame["designation_id"] = frame["designation_id"].astype(str)
        frame.insert(7, "listing_date", [dated[i].date_text() if i in dated else "" for i in frame["designation_id"]])
        frame.insert(8, "how_dated", [dated[i].basis if i in dated else "" for i in frame["designation_id"]])
        frame["revenue_streams"] = frame["revenue_streams"].fillna("not tagged")
        key = "designation_id"
    elif table == "ledger":
        frame = ledger_table(store, window_days)
        frame["source"] = (f"response ledger, {window_days}-day window (launches: CNS; statements: statement register;"
                           " designations: dated by LISTED_ON, OFAC's change archive or list versions)")
        key = "launch_id"
    else:
        raise KeyError(f"unknown records table {table!r}")
    frame = frame[frame[key].astype(str).isin(wanted)]
    if "date" in frame.columns:
        frame = frame.sort_values(["date", key], kind="stable")
    return pd.DataFrame(frame).reset_index(drop=True)


def _opt(value: int | None) -> Any:
    return "" if value is None else value
