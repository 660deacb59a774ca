"""Who stood up after each launch: countries x statements and votes."""
from __future__ import annotations

from typing import TYPE_CHECKING

from models.statement_kinds import LIST_NOT_RECORDED, VOTE_KINDS
from models.store import Store

if TYPE_CHECKING:
    import pandas as pd

NOT_JOINED = "not joined"


def council_members(store: Store, on: str) -> set[str]:
    """ISO3 codes of the Security Council members on the ISO date `on`."""
    rows = store.rows("SELECT iso3 FROM country_groups WHERE group_name = 'UNSC'"
                      " AND ? BETWEEN valid_from AND COALESCE(valid_to, '9999')", (on,))
    return {r[0] for r in rows}


def alignment_table(store: Store) -> "pd.DataFrame":
    """One row per country, one column per statement (date order), then joined_count.

    Cells: joined / not joined for a statement whose signatories are recorded; yes / no /
    abstain / absent for a vote; empty where the country had no standing (not on the Council
    for a vote) or the source names no signatories.
    """
    import pandas as pd

    statements = store.rows("SELECT statement_id, date, kind, positions_known FROM statements"
                            " ORDER BY date, statement_id")
    positions = {(r[0], r[1]): r[2] for r in store.rows("SELECT statement_id, iso3, position FROM positions")}
    years = sorted({s["date"][:4] for s in statements})
    council: set[str] = set()
    for year in years:
        council |= {r[0] for r in store.rows(
            "SELECT iso3 FROM country_groups WHERE group_name = 'UNSC' AND valid_from <= ? AND"
            " COALESCE(valid_to, '9999') >= ?", (f"{year}-12-31", f"{year}-01-01"))}
    codes = {iso3 for _, iso3 in positions} | council
    names = dict(store.rows("SELECT iso3, name FROM countries"))
    columns: dict[str, list[str]] = {}
    for s in statements:
        members = council_members(store, s["date"]) if s["kind"] in VOTE_KINDS else set()
        cells = []
        for iso3 in sorted(codes):
            recorded = positions.get((s["statement_id"], iso3))
            if s["kind"] in VOTE_KINDS:
                cells.append(recorded or "")
            elif recorded:
                cells.append(recorded)
            else:
                cells.append(NOT_JOINED if s["positions_known"] else LIST_NOT_RECORDED)
            if s["kind"] in VOTE_KINDS and not recorded and iso3 not in members:
                cells[-1] = ""
        columns[s["statement_id"]] = cells
    frame = pd.DataFrame({"iso3": sorted(codes), "country": [names.get(c, c) for c in sorted(codes)],
                          **columns})
    statement_ids = list(columns)
    frame["joined_count"] = (frame[statement_ids] == "joined").sum(axis=1) if statement_ids else 0
    return frame.sort_values(["joined_count", "country"], ascending=[False, True]).reset_index(drop=True)


def statements_for_launch(store: Store, launch_id: str) -> list[str]:
    """The statements whose trigger names the launch's date (statement_triggers), in date order."""
    return [r[0] for r in store.rows(
        "SELECT t.statement_id FROM launches l JOIN statement_triggers t ON t.launch_date = l.date"
        " JOIN statements s ON s.statement_id = t.statement_id WHERE l.launch_id = ?"
        " ORDER BY s.date, s.statement_id", (launch_id,))]


def data_gaps(store: Store) -> "pd.DataFrame":
    """Sourced gaps in the statement register: how many statements a source reports for a series and
    year (resources/reference/data_gaps.csv holds only that, with its source) against how many the
    store holds (counted here, never copied from a file).

    Columns: series_id, year, reported, reported_by, note, source, recorded (from the store), and
    `summary` ("9 of 10 statements recorded").
    """
    import pandas as pd

    from models.paths import REFERENCE_DIR

    frame = pd.read_csv(REFERENCE_DIR / "data_gaps.csv", dtype={"series_id": str, "year": str, "note": str,
                                                              "source": str, "reported_by": str},
                        keep_default_na=False)
    frame["recorded"] = [int(store.scalar("SELECT COUNT(*) FROM statements WHERE series_id = ?"
                                          " AND substr(date, 1, 4) = ?", (s, y)))
                         for s, y in zip(frame["series_id"], frame["year"])]
    frame["in_store"] = frame["recorded"]
    frame["summary"] = [f"{r} of {n} statements recorded" for r, n in zip(frame["recorded"], frame["reported"])]
    return frame[frame["recorded"] < frame["reported"].astype(int)].reset_index(drop=True) \
        if len(frame) else frame
