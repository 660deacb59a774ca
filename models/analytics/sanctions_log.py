"""The sanctions log as column arrays: what the pane filters, sorts and shows, with no 1M-row DataFrame.

Every text column with few distinct values is stored as int32 codes into a small array of labels, so a
filter is a test over the labels (hundreds) and one numpy take over the codes; names and source ids are
plain object arrays. Sort ranks are precomputed: by casefolded label order for coded columns, by an
SQLite ORDER BY (run in C, with the GIL released) for names and source ids.

`load_log` runs on a worker and reads in chunks (`fetchmany`), yielding the GIL between chunks, so the
GUI thread never waits long for it. The derivations match `sanctions.log_frame` (the report's version).
"""
from __future__ import annotations

import gc
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable

import numpy as np

from models.progress import Progress
from models.store import Store

if TYPE_CHECKING:
    import pandas as pd

CHUNK = 5000
PLAIN = ("name", "source_id")             # one distinct value per row: kept as object arrays
CODED = ("date", "window", "authority", "programs", "type", "location", "revenue", "status", "list",
         "date_key", "window_start", "countries")

# The dates are the best claims models.designation_dates wrote on each row (designated_*).
_SELECT = """
SELECT designation_id, dprk, CASE WHEN designated_precision IN ('day', 'window') THEN 1 ELSE 0 END, 0, name, source_id,
       CASE WHEN designated_precision IN ('day', 'window') THEN designated_to
            WHEN designated_to IS NOT NULL THEN '≤ ' || designated_to ELSE '' END AS date,
       CASE designated_precision WHEN 'day' THEN 'listed on ' || designated_to
            WHEN 'window' THEN 'between ' || designated_on || ' and ' || designated_to
            WHEN 'on_or_before' THEN 'on or before ' || designated_to ELSE 'date unknown' END AS window,
       authority, COALESCE(programs, '') AS programs, type,
       COALESCE(countries, nationality, '') AS location, COALESCE(revenue, '') AS revenue,
       CASE WHEN removed_on IS NOT NULL THEN 'removed ' || removed_on ELSE 'active' END AS status,
       list_name, COALESCE(designated_to, '') AS date_key,
       CASE WHEN designated_precision IN ('day', 'window') THEN designated_on ELSE '' END AS window_start,
       COALESCE(countries, '') AS countries
FROM (
  SELECT d.designation_id, d.dprk, d.name, d.source_id, d.designated_on, d.designated_to, d.designated_precision,
    d.authority, d.programs, d.type, d.nationality, d.removed_on, d.list_name,
    (SELECT group_concat(country, '; ') FROM (SELECT DISTINCT a.country FROM designation_addresses a
      WHERE a.designation_id = d.designation_id AND a.country IS NOT NULL ORDER BY a.country)) AS countries,
    (SELECT group_concat(label, ', ') FROM (SELECT t.stream || CASE t.status WHEN 'suggested' THEN '*' ELSE '' END
      AS label FROM revenue_tags t WHERE t.designation_id = d.designation_id AND t.status != 'rejected'
      ORDER BY t.status = 'suggested', t.stream)) AS revenue
  FROM designations d ORDER BY d.designation_id)     -- not flattened: each subquery runs once per row
"""


@dataclass
class LogData:
    """The whole log, one entry per designation in id order."""

    ids: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    dprk: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    known: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    links: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    plain: dict[str, np.ndarray] = field(default_factory=dict)      # name, source_id
    codes: dict[str, np.ndarray] = field(default_factory=dict)      # column -> int32 codes into labels
    labels: dict[str, np.ndarray] = field(default_factory=dict)     # column -> object array of distinct values
    ranks: dict[str, np.ndarray] = field(default_factory=dict)      # LOG_COLUMNS -> int rank per row
    one_period: dict[int, np.ndarray] = field(default_factory=dict)  # dated_in_one_period, by width (a cache)

    def __len__(self) -> int:
        return len(self.ids)

    def cell(self, column: str, row: int) -> str:
        if column in self.codes:
            return self.labels[column][self.codes[column][row]]
        if column in self.plain:
            value = self.plain[column][row]
            return "" if value is None else str(value)
        if column == "links":
            return str(int(self.links[row]))
        return ""

    def label_mask(self, column: str, test: Callable[[str], bool]) -> np.ndarray:
        """Rows whose label in `column` passes `test(label)` (evaluated once per distinct label)."""
        lut = np.fromiter((bool(test(v)) for v in self.labels[column]), dtype=bool, count=len(self.labels[column]))
        return lut[self.codes[column]] if len(lut) else np.zeros(len(self), dtype=bool)

    def equals(self, column: str, value: str) -> np.ndarray:
        return self.label_mask(column, lambda v: v == value)

    def contains(self, column: str, value: str) -> np.ndarray:
        return self.label_mask(column, lambda v: value in v)

    def mask(self, dprk_only: bool = True, equals: dict[str, str | None] | None = None,
             contains: dict[str, str | None] | None = None, active: bool | None = None,
             start: str | None = None, end: str | None = None, bar: str | None = None) -> np.ndarray:
        """The rows passing every filter given (None or an empty value: no filter on that)."""
        mask = np.ones(len(self), dtype=bool)
        if not len(self):
            return mask
        if dprk_only:
            mask &= self.dprk
        for column, value in (equals or {}).items():
            if value:
                mask &= self.equals(column, value)
        for column, value in (contains or {}).items():
            if value:
                mask &= self.contains(column, value)
        if active is not None:
            mask &= self.label_mask("status", lambda v: (v == "active") == active)
        if start or end:
            mask &= self.label_mask("date_key", lambda k: (not start or k >= start) and (not end or k <= end))
        if bar:
            mask &= self.in_bar(bar)
        return mask

    def in_bar(self, period: str) -> np.ndarray:
        """Rows dated in a chart bar: 'YYYY' or 'YYYY-MM'."""
        return self.known & self.label_mask("date_key", lambda v: v[:len(period)] == period)

    def period_counts(self, mask: np.ndarray, freq: str = "year") -> "pd.DataFrame":
        """As sanctions.period_counts, over the rows in `mask`: periods (rows) by authority (columns)."""
        import pandas as pd

        keys = self.labels.get("date_key", np.zeros(0, dtype=object))
        width = 4 if freq == "year" else 7
        period_names, period_of_key = np.unique(np.array([str(k)[:width] for k in keys], dtype=object),
                                                return_inverse=True) if len(keys) else (np.zeros(0), np.zeros(0))
        rows = mask & self.known & self.dated_in_one_period(width) if len(self) else mask
        if not len(self) or not rows.any():
            return pd.DataFrame()
        authorities = self.labels["authority"]
        periods = period_of_key[self.codes["date_key"][rows]]
        cells = np.bincount(periods * len(authorities) + self.codes["authority"][rows],
                            minlength=len(period_names) * len(authorities)).reshape(len(period_names), -1)
        used_rows, used_cols = cells.sum(axis=1) > 0, cells.sum(axis=0) > 0
        names = [str(a) for a in authorities[used_cols]]
        order = np.argsort(names)
        key = "year" if freq == "year" else "month"
        table = pd.DataFrame(cells[used_rows][:, used_cols][:, order],
                             index=pd.Index([str(p) for p in period_names[used_rows]], name=key),
                             columns=pd.Index([names[i] for i in order], name="authority"))
        from models.analytics.sanctions import fill_periods

        return fill_periods(table, freq)

    def dated_in_one_period(self, width: int) -> np.ndarray:
        """Rows whose date window starts and ends in the same year (width 4) or month (width 7).

        The periods of the few distinct labels are numbered once and the rows compare integers
        (comparing a million strings took ~90 ms on the GUI thread); load_log fills the cache on its worker."""
        if width in self.one_period:
            return self.one_period[width]
        number: dict[str, int] = {}
        first = np.array([number.setdefault(str(v)[:width], len(number)) for v in self.labels["window_start"]],
                         dtype=np.int64)
        last = np.array([number.setdefault(str(v)[:width], len(number)) for v in self.labels["date_key"]],
                        dtype=np.int64)
        self.one_period[width] = first[self.codes["window_start"]] == last[self.codes["date_key"]]
        return self.one_period[width]

    def response_mask(self, launch_date: str | None, days: int = 30) -> np.ndarray:
        """As sanctions.response_mask: dated in, or with a snapshot window overlapping, the days after a launch."""
        from models.analytics.sanctions import window_end

        if not launch_date or not len(self):
            return np.zeros(len(self), dtype=bool)
        start, end = launch_date[:10], window_end(launch_date[:10], days)
        return self.label_mask("date_key", lambda v: v > start) & \
            self.label_mask("window_start", lambda v: v <= end) & self.known

    def response_terms(self, launch_date: str | None, days: int = 30) -> tuple[np.ndarray, np.ndarray]:
        """(dated, possibly) in the response window after a launch, in the ledger's vocabulary
        (models.response_vocabulary): dated when the whole date window lies inside the response window
        (the day after the launch to `days` after it), possibly when it only overlaps it."""
        from models.analytics.sanctions import window_end

        overlap = self.response_mask(launch_date, days)
        if not launch_date or not overlap.any():
            return np.zeros(len(self), dtype=bool), overlap
        start, end = launch_date[:10], window_end(launch_date[:10], days)
        inside = self.label_mask("window_start", lambda v: v > start) & self.label_mask("date_key", lambda v: v <= end)
        dated = overlap & inside
        return dated, overlap & ~dated

    def choices(self) -> dict[str, list[str]]:
        """The values each filter offers: the distinct labels split, locations by how often they occur."""
        def split(column: str, sep: str) -> list[str]:
            return sorted({p.strip() for v in self.labels.get(column, []) for p in str(v).split(sep) if p.strip()})

        by_count: dict[str, int] = {}
        if len(self):
            counts = np.bincount(self.codes["countries"], minlength=len(self.labels["countries"]))
            for value, n in zip(self.labels["countries"], counts):
                for country in str(value).split(";"):
                    if country.strip() and n:
                        by_count[country.strip()] = by_count.get(country.strip(), 0) + int(n)
        return {"authority": sorted(v for v in self.labels.get("authority", []) if v),
                "programme": split("programs", ";"),
                "type": sorted(v for v in self.labels.get("type", []) if v),
                "location": sorted(by_count, key=lambda c: (-by_count[c], c))[:80]}


@contextmanager
def _quiet_gc():
    """Leave the objects alive now out of garbage collections while the log loads.

    Reading a million rows makes tuples that survive young collections, so full collections run every
    few chunks, each walking every object of the app while holding the GIL (40-100 ms, a GUI stall).
    Frozen objects are skipped by those collections; unfreezing later does not collect.
    """
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def load_log(store: Store, progress: Progress | None = None) -> LogData:
    """Read the log in chunks into column arrays, then rank every column. Run on a worker."""
    with _quiet_gc():
        return _load_log(store, progress)


def _load_log(store: Store, progress: Progress | None) -> LogData:
    from models.analytics.sanctions import LOG_COLUMNS

    total = store.conn.execute("SELECT COUNT(*) FROM designations").fetchone()[0]
    cursor = store.conn.execute(_SELECT)
    maps: dict[str, dict] = {c: {} for c in CODED}
    parts: dict[str, list] = {c: [] for c in ("ids", "dprk", "known", *PLAIN, *CODED)}
    done = 0
    while True:
        rows = cursor.fetchmany(CHUNK)
        if not rows:
            break
        columns = list(zip(*rows))
        parts["ids"].append(np.array(columns[0], dtype=np.int64))
        parts["dprk"].append(np.array(columns[1], dtype=bool))
        parts["known"].append(np.array(columns[2], dtype=bool))
        for name, values in zip(PLAIN, columns[4:6]):
            parts[name].append(np.array(values, dtype=object))
        for name, values in zip(CODED, columns[6:]):
            seen = maps[name]
            parts[name].append(np.array([seen.setdefault("" if v is None else v, len(seen)) for v in values],
                                        dtype=np.int32))
        done += len(rows)
        if progress is not None:
            progress.step(done, max(total, 1), "reading designations")
        time.sleep(0)                           # let the GUI thread have the GIL between chunks
    log = LogData()
    if done:
        log.ids, log.dprk, log.known = (np.concatenate(parts[k]) for k in ("ids", "dprk", "known"))
        log.plain = {k: np.concatenate(parts[k]) for k in PLAIN}
        log.codes = {k: np.concatenate(parts[k]) for k in CODED}
    else:
        log.plain = {k: np.zeros(0, dtype=object) for k in PLAIN}
        log.codes = {k: np.zeros(0, dtype=np.int32) for k in CODED}
    log.labels = {k: np.array(list(maps[k]) or [], dtype=object) for k in CODED}
    log.links = _link_counts(store, log.ids)
    log.ranks = {}
    for column in LOG_COLUMNS:
        source = "date_key" if column == "date" else column
        if source in log.codes:
            log.ranks[column] = _label_ranks(log.labels[source])[log.codes[source]]
        elif column == "links":
            log.ranks[column] = log.links
        elif column in PLAIN:
            log.ranks[column] = _sql_ranks(store, column, log.ids)
        else:                                   # matched, score: filled by the search (sorted by the table)
            log.ranks[column] = np.zeros(len(log), dtype=np.int32)
        time.sleep(0)
    for width in (4, 7):                        # the chart's years and months, here rather than on the GUI thread
        log.dated_in_one_period(width)
    return log


def _label_ranks(labels: np.ndarray) -> np.ndarray:
    """Per label code, its rank in case-folded order with blanks last."""
    keys = [str(v).casefold() for v in labels]
    order = sorted(range(len(keys)), key=lambda i: (keys[i] == "", keys[i]))
    ranks = np.zeros(len(keys), dtype=np.int32)
    previous, rank = None, -1
    for i in order:
        if keys[i] != previous:
            rank, previous = rank + 1, keys[i]
        ranks[i] = rank
    return ranks


def _positions(ids: np.ndarray, wanted: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(positions in `ids`, which of `wanted` were found) for ascending `ids`."""
    if not len(ids):
        return np.zeros(0, dtype=np.int64), np.zeros(len(wanted), dtype=bool)
    pos = np.clip(np.searchsorted(ids, wanted), 0, len(ids) - 1)
    found = ids[pos] == wanted
    return pos[found], found


def _sql_ranks(store: Store, column: str, ids: np.ndarray) -> np.ndarray:
    """Rank rows by SQLite's case-insensitive order, blanks last. SQLite sorts in C with the GIL released
    and answers in a few dozen "rank,id,rank,id…" strings, not a million rows (each row a GIL hand-off)."""
    ranks = np.zeros(len(ids), dtype=np.int32)
    cursor = store.conn.execute(
        f"SELECT group_concat(rn || ',' || designation_id) FROM (SELECT designation_id, row_number() OVER"
        f" (ORDER BY COALESCE({column}, '') = '', {column} COLLATE NOCASE, designation_id) - 1 AS rn"
        f" FROM designations) GROUP BY rn / {CHUNK * 4}")
    for (text,) in iter(cursor.fetchone, None):
        pairs = np.array(text.split(","), dtype=np.int64).reshape(-1, 2)
        pos, found = _positions(ids, pairs[:, 1])
        ranks[pos] = pairs[found, 0]
        time.sleep(0)
    return ranks


def _link_counts(store: Store, ids: np.ndarray) -> np.ndarray:
    counts = np.zeros(len(ids), dtype=np.int64)
    cursor = store.conn.execute("SELECT id, COUNT(*) FROM (SELECT from_id AS id FROM designation_links"
                                " UNION ALL SELECT to_id FROM designation_links) GROUP BY id")
    while True:
        rows = cursor.fetchmany(CHUNK)
        if not rows:
            break
        wanted = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
        pos, found = _positions(ids, wanted)
        counts[pos] = np.fromiter((r[1] for r in rows), dtype=np.int64, count=len(rows))[found]
        time.sleep(0)
    return counts
