"""The sanctions log: one row per designation with its date window, and designations per period.

A designation's date is the best claim of models.designation_dates: a day (UN LISTED_ON, OFAC's
change archive, a dense scrape history), or a window between two list versions ("between 2022-06-29
and 2022-12-28"). Entries already in the first version of every source have no known date ("on or
before" it) and are left out of the per-period counts.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Callable

from models.progress import Progress
from models.store import Store, shrink_wal

if TYPE_CHECKING:
    import pandas as pd

    from models.analytics.sanctions_log import LogData
    from models.coverage import Coverage

LOG_COLUMNS = ["date", "window", "authority", "programs", "name", "matched", "type", "location", "revenue",
               "links", "status", "source_id", "list", "score"]       # matched, score: filled by the search
HIDDEN_COLUMNS = ["designation_id", "date_key", "window_start", "dprk", "main_stream", "known_date", "year", "month",
                  "countries"]


def log_frame(store: Store, progress: Progress | None = None) -> "pd.DataFrame":
    """Every designation (DPRK-related or not) as the log shows it; filter `dprk` for the default view."""
    import numpy as np

    from models.revenue import tag_summary

    if progress is not None:
        progress.step(0, 4, "reading designations")
    frame = _query_chunked(store,
        "SELECT d.designation_id, d.authority, d.list_name AS list, d.source_id, d.name, d.type, d.programs,"
        " d.nationality, d.listed_on, d.first_seen, d.removed_on, d.dprk, d.designated_on, d.designated_to,"
        " d.designated_precision FROM designations d ORDER BY d.designation_id")
    if progress is not None:
        progress.step(1, 4, "reading addresses and links")
    countries = _query_chunked(store, "SELECT designation_id, group_concat(country, '; ') AS countries FROM"
                            " (SELECT DISTINCT designation_id, country"
                            " FROM designation_addresses WHERE country IS NOT NULL ORDER BY designation_id, country)"
                            " GROUP BY designation_id")     # in name order: the same on every engine
    links = store.query("SELECT id AS designation_id, COUNT(*) AS links FROM"
                        " (SELECT from_id AS id FROM designation_links UNION ALL"
                        "  SELECT to_id FROM designation_links) GROUP BY id")
    if progress is not None:
        progress.step(2, 4, "reading revenue streams")
    revenue = tag_summary(store.conn)
    for extra in (countries, links, revenue):
        if not extra.empty:
            frame = frame.merge(extra, on="designation_id", how="left")
    for column, default in (("countries", None), ("links", 0), ("revenue", None), ("main_stream", None)):
        if column not in frame.columns:
            frame[column] = default
    frame["links"] = frame["links"].fillna(0).astype("int64")
    if progress is not None:
        progress.step(3, 4, "dating designations")
    precision = frame["designated_precision"].fillna("unknown")
    day, dated = (precision == "day").to_numpy(), precision.isin(["day", "window"]).to_numpy()
    frame["known_date"] = dated
    end, start = frame["designated_to"].fillna(""), frame["designated_on"].fillna("")
    frame["date_key"] = end
    frame["date"] = np.where(dated, end, np.where(end != "", "≤ " + end, ""))
    frame["window_start"] = np.where(dated, start, "")
    frame["window"] = np.where(day, "listed on " + end, np.where(
        dated, "between " + start + " and " + end,
        np.where(precision == "on_or_before", "on or before " + end, "date unknown")))
    frame["year"] = frame["date_key"].str.slice(0, 4)
    frame["month"] = frame["date_key"].str.slice(0, 7)
    frame["location"] = frame["countries"].fillna(frame["nationality"]).fillna("")
    frame["status"] = np.where(frame["removed_on"].notna(), "removed " + frame["removed_on"].fillna(""), "active")
    frame["matched"] = ""
    frame["score"] = ""
    frame["programs"] = frame["programs"].fillna("")
    frame["revenue"] = frame["revenue"].fillna("")
    frame["countries"] = frame["countries"].fillna("")
    return frame[LOG_COLUMNS + HIDDEN_COLUMNS].reset_index(drop=True)


def prepared_log(store: Store, progress: Progress, suggest: "Callable[[Store, Progress], int] | None" = None
                 ) -> tuple["LogData", dict[str, list[str]], int, "Coverage"]:
    """The pane's loading job: bring the search index up to date, write revenue-stream suggestions through
    `suggest` (the model's command, BriefingModel.write_revenue_suggestions), read the log as column arrays
    (models.analytics.sanctions_log), the filter choices and the store's coverage (for the chart's
    uncovered years: its queries take ~0.5 s on a million designations). Returns (log, choices,
    suggestions written, coverage): the caller sends the command's notification on the GUI thread.

    Runs on a worker with its own connection (models.search.side_store).
    """
    from models import coverage, search
    from models.analytics.sanctions_log import load_log

    side = search.side_store(store)
    try:
        progress.step(0, 5, "indexing names")
        suggested = suggest(side, progress) if suggest is not None else 0
        changed = search.refresh_index(side.conn) + suggested
        if changed and side.path is not None:
            shrink_wal(side.conn)               # searches read a large log several times slower
        log = load_log(side, progress)
        return log, log.choices(), suggested, coverage.load(side)
    finally:
        if side is not store:
            side.close()


def _query_chunked(store: Store, sql: str, chunk: int = 20000) -> "pd.DataFrame":
    """Like Store.query, but fetching in chunks: a million-row fetchall holds the GIL for seconds,
    and the GUI thread must get a turn while this runs on a worker."""
    import pandas as pd

    cursor = store.conn.execute(sql)
    columns = [c[0] for c in cursor.description]
    rows: list = []
    while True:
        part = cursor.fetchmany(chunk)
        if not part:
            break
        rows += [tuple(r) for r in part]
    return pd.DataFrame.from_records(rows, columns=columns)


def period_counts(log: "pd.DataFrame", freq: str = "year") -> "pd.DataFrame":
    """Designations dated in each period (rows) by authority (columns), zero-filled: a known date, or a
    window between two list versions lying wholly inside the period (models.response_vocabulary: "dated");
    a window spanning two periods is counted in neither (it is only "possibly" in each)."""
    import numpy as np
    import pandas as pd

    key = "year" if freq == "year" else "month"
    width = 4 if freq == "year" else 7
    inside = log["window_start"].astype(str).str[:width] == log["date_key"].astype(str).str[:width]
    known = log[["authority", key]][log["known_date"].to_numpy(dtype=bool) & inside.to_numpy(dtype=bool)]
    if known.empty:
        return pd.DataFrame()
    periods, period_names = pd.factorize(known[key], sort=True)       # bincount: ~5x a groupby on 1M rows
    authorities, authority_names = pd.factorize(known["authority"], sort=True)
    cells = np.bincount(periods * len(authority_names) + authorities,
                        minlength=len(period_names) * len(authority_names))
    table = pd.DataFrame(cells.reshape(len(period_names), len(authority_names)),
                         index=pd.Index(list(period_names), name=key),
                         columns=pd.Index(list(authority_names), name="authority"))
    return fill_periods(table, freq)


def fill_periods(table: "pd.DataFrame", freq: str) -> "pd.DataFrame":
    """Counts per period with every year (or month) from the first to the last present, zeros included."""
    import pandas as pd

    if freq == "year":
        periods = [str(y) for y in range(int(table.index.min()), int(table.index.max()) + 1)]
    else:
        start, end = pd.Period(table.index.min(), "M"), pd.Period(table.index.max(), "M")
        periods = [str(p) for p in pd.period_range(start, end, freq="M")]
    return table.reindex(periods, fill_value=0).astype("int64")


def window_end(start: str, days: int) -> str:
    return (date.fromisoformat(start) + timedelta(days=days)).isoformat()


def response_mask(log: "pd.DataFrame", launch_date: str | None, days: int = 30) -> "pd.Series":
    """Designations whose date, or date window between two list snapshots, overlaps the `days` after the launch.

    An OFAC entry first seen in a snapshot is only known to date from the window since the previous
    snapshot, so it counts when that window overlaps the response window.
    """
    import pandas as pd

    if not launch_date:
        return pd.Series(False, index=log.index)
    start, end = launch_date[:10], window_end(launch_date[:10], days)
    return (log["date_key"] > start) & (log["window_start"] <= end) & log["known_date"].astype(bool)


@dataclass
class Details:
    row: dict
    aliases: list[tuple]
    addresses: list[tuple]
    identifiers: list[tuple]
    links: list[tuple]                  # (direction, other name, other id, relation, source text)
    history: list[tuple]                # (snapshot date, event, detail)
    sources: list[tuple]                # (file name, publisher, snapshot date, url)
    tags: list
    dates: list[tuple] = field(default_factory=list)   # (event, date, verdict, source, basis): every claim


def details(store: Store, designation_id: int) -> Details | None:
    """Every stored fact about one designation, with its list history between snapshots."""
    from models.revenue import tags

    row = store.rows("SELECT * FROM designations WHERE designation_id = ?", (designation_id,))
    if not row:
        return None
    d = dict(row[0])
    aliases = [tuple(r) for r in store.rows("SELECT alias, alias_type, quality FROM designation_aliases"
                                            " WHERE designation_id = ?", (designation_id,))]
    addresses = [tuple(r) for r in store.rows("SELECT address, city, state_province, postal_code, country, remarks"
                                              " FROM designation_addresses WHERE designation_id = ?",
                                              (designation_id,))]
    identifiers = [tuple(r) for r in store.rows("SELECT id_type, id_value, country FROM designation_identifiers"
                                                " WHERE designation_id = ?", (designation_id,))]
    links = [tuple(r) for r in store.rows(
        "SELECT 'to', t.name, t.designation_id, l.relation, l.source FROM designation_links l"
        " JOIN designations t ON t.designation_id = l.to_id WHERE l.from_id = ?"
        " UNION ALL SELECT 'from', f.name, f.designation_id, l.relation, l.source FROM designation_links l"
        " JOIN designations f ON f.designation_id = l.from_id WHERE l.to_id = ?", (designation_id, designation_id))]
    sources = [tuple(r) for r in store.rows(
        "SELECT DISTINCT f.file_name, f.publisher, n.snapshot_date, f.url FROM designation_snapshots s"
        " JOIN list_snapshots n USING (snapshot_id) JOIN source_files f ON f.file_id = n.file_id"
        " WHERE s.designation_id = ? ORDER BY n.snapshot_date", (designation_id,))]
    return Details(d, aliases, addresses, identifiers, links, history(store, designation_id, d["list_name"]),
                   sources, tags(store.conn, designation_id), date_claims(store, designation_id, d["last_seen"]))


def date_claims(store: Store, designation_id: int, last_seen: str | None) -> list[tuple[str, str, str, str, str]]:
    """(event, date, verdict, source, basis) for every source's date claim; where sources disagree, both
    are listed and the verdict says which one the dashboard uses."""
    from models import designation_dates as dd

    found = dd.claims(store.conn, designation_id)
    chosen = {event: dd.best(found, event, last_seen) for event in ("designated", "removed")}
    conflicting = set(dd.disagreements(found, "designated")) | set(dd.disagreements(found, "removed"))
    out = []
    for c in found:
        verdict = ("used" if c == chosen.get(c.event) else "disagrees with the one used" if c in conflicting
                   else "")
        out.append((c.event, c.text(), verdict, c.source, c.basis))
    return out


def history(store: Store, designation_id: int, list_name: str) -> list[tuple[str, str, str]]:
    """(snapshot date, event, detail): first seen, amended (naming the fields), removed, re-listed."""
    from models.changes import changed_fields

    snapshots = store.rows("SELECT n.snapshot_date, s.content_hash, s.content FROM list_snapshots n"
                           " LEFT JOIN designation_snapshots s ON s.snapshot_id = n.snapshot_id"
                           " AND s.designation_id = ? WHERE n.list_name = ? ORDER BY n.snapshot_date",
                           (designation_id, list_name))
    events: list[tuple[str, str, str]] = []
    previous = None
    for day, digest, content in snapshots:
        if digest is None:
            if previous:                # listed in the snapshot before: removed now (said once)
                events.append((day, "removed", "absent from this snapshot"))
            previous = None if previous is None else False
            continue
        if previous is None:
            events.append((day, "first seen", "in this snapshot"))
        elif previous is False:
            events.append((day, "listed again", "back in this snapshot"))
        elif previous[0] != digest:
            fields = changed_fields(json.loads(previous[1]), json.loads(content))
            if fields:                  # only parts both snapshots cover: a missing add.csv is no amendment
                events.append((day, "amended", ", ".join(fields)))
        previous = (digest, content)
    if previous:
        events.append((snapshots[-1][0], "last seen", "in the newest snapshot"))
    return events
