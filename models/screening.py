"""Batch screening: match a list of names (a ship registry, a company list) against the store.

`read_names` reads one column of a CSV file (clear errors for a missing column, an empty file or a file
that is not UTF-8); `screen` scores each name with the same matcher as the search (models.matching,
candidates from models.search's index) and returns the best matches at or above a threshold, one row per
match and one row for each name that matched nothing. Used by `python main.py screen` and the dashboard's
File > Screen a list... (on a worker, with progress and cancel).
"""
from __future__ import annotations

import csv
import io
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from models import search
from models.matching import DEFAULT_THRESHOLD
from models.search_index import MemoryKeys
from models.progress import Progress

if TYPE_CHECKING:
    import pandas as pd

BEST = 3                    # matches kept per screened name
CANDIDATES = 60             # candidates of one name from the in-memory key index
SCORED = 10                 # candidates of one name kept for the fine scorer
PRESCORE_MARGIN = 20        # candidates whose rapidfuzz pre-score is this far below the threshold are not scored
SCREEN_COLUMNS = ["line", "input_name", "rank", "score", "matched_name", "why", "name", "authority", "list",
                  "source_id", "programs", "type", "removed_on", "designation_id"]


class ScreeningError(ValueError):
    """A names file that cannot be screened; the message names the file and the problem."""


@dataclass
class NameList:
    path: Path
    column: str
    names: list[tuple[int, str]]        # (line number in the file, name)


def read_names(path: str | Path, column: str | None = None) -> NameList:
    """The names in one column of a CSV file (with a header row); blank cells are skipped.

    Without `column`, a column called "name" (any case) is used, or the only column there is.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ScreeningError(f"cannot read {path}: {exc.strerror or exc}") from exc
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise ScreeningError(f"{path.name}: line {line} is not UTF-8 text (byte 0x{data[exc.start]:02x}); "
                             "save the file as UTF-8 (in Excel: CSV UTF-8) and try again") from exc
    if not text.strip():
        raise ScreeningError(f"{path.name} is empty: expected a header row and one name per line")
    rows = csv.reader(io.StringIO(text, newline=""))
    header = [h.strip() for h in next(rows)]
    index = _column_index(path, header, column)
    names = []
    for number, row in enumerate(rows, start=2):
        value = row[index].strip() if index < len(row) else ""
        if value:
            names.append((number, value))
    if not names:
        raise ScreeningError(f"{path.name}: column {header[index]!r} holds no names (only the header row)")
    return NameList(path, header[index], names)


def _column_index(path: Path, header: list[str], column: str | None) -> int:
    if column is not None:
        if column in header:
            return header.index(column)
        folded = [h.casefold() for h in header]
        if column.casefold() in folded:
            return folded.index(column.casefold())
        raise ScreeningError(f"{path.name} has no column {column!r}; its columns are: "
                             f"{', '.join(repr(h) for h in header)}")
    folded = [h.casefold() for h in header]
    if "name" in folded:
        return folded.index("name")
    if len(header) == 1:
        return 0
    raise ScreeningError(f"{path.name} has several columns and none is called 'name'; choose one with "
                         f"--column (its columns are: {', '.join(repr(h) for h in header)})")


def screen_name(index: MemoryKeys, name: str, threshold: float = DEFAULT_THRESHOLD,
                best: int = BEST) -> list[search.Hit]:
    """The best matches of one name (whole words only: no prefix completion)."""
    query = search.Query.parse(name)
    if query.empty:
        return []
    rows, _partial = search.best_rows(index, query, False, CANDIDATES, SCORED,
                                      cutoff=max(0.0, threshold - PRESCORE_MARGIN))
    return search.score_rows(query, rows, threshold, prefix=False)[:best]


def build_index(conn: sqlite3.Connection, progress: Progress | None = None) -> MemoryKeys:
    """Every name and alias of the store (refreshing the search index first), its key index in memory."""
    if progress is not None:
        progress.step(0, 1, "indexing the names")
    search.refresh_index(conn)
    return MemoryKeys(conn, kinds=(search.NAME, search.ALIAS))


def screen(conn: sqlite3.Connection, names: list[tuple[int, str]], threshold: float = DEFAULT_THRESHOLD,
           progress: Progress | None = None, best: int = BEST) -> "pd.DataFrame":
    """Screen (line, name) pairs: a frame of SCREEN_COLUMNS, every name's matches best first."""
    import pandas as pd

    progress = progress or Progress()
    index = build_index(conn, progress)
    found: list[tuple[int, str, int, search.Hit | None]] = []
    for done, (line, name) in enumerate(names):
        if done % 20 == 0:
            progress.step(done, len(names), f"{done:,} of {len(names):,} names screened")
        hits = screen_name(index, name, threshold, best)
        found.extend((line, name, rank, hit) for rank, hit in enumerate(hits, start=1))
        if not hits:
            found.append((line, name, 0, None))
    progress.step(len(names), len(names), "done")
    ids = sorted({h.designation_id for *_rest, h in found if h is not None})
    details = {r[0]: r[1:] for r in conn.execute(
        "SELECT designation_id, name, authority, list_name, source_id, programs, type, removed_on"
        " FROM designations WHERE designation_id IN (SELECT value FROM json_each(?))", (str(ids),))}
    rows = []
    for line, name, rank, hit in found:
        if hit is None:
            rows.append([line, name, None, None, "", "no match at this threshold"] + [None] * 7 + [None])
            continue
        d = details.get(hit.designation_id, (None,) * 7)
        rows.append([line, name, rank, round(hit.score, 1), hit.matched, hit.why, *d, hit.designation_id])
    frame = pd.DataFrame(rows, columns=SCREEN_COLUMNS)
    for column in ("rank", "designation_id"):
        frame[column] = frame[column].astype("Int64")
    return frame


def summary(frame: "pd.DataFrame", names: NameList, threshold: float) -> str:
    matched = frame.loc[frame["rank"].notna(), "line"].nunique()
    return (f"Screened {len(names.names):,} names from column {names.column!r} of {names.path.name} at score "
            f"{threshold:g} or more: {matched:,} matched, {len(names.names) - matched:,} did not.")


def cmd_screen(store, path: str, column: str | None, threshold: float, out: str) -> int:
    """`python main.py screen NAMES.csv [--column NAME] [--threshold N] --out MATCHES.csv`."""
    import sys

    from models.safe_text import write_csv

    if not 0 <= threshold <= 100:
        print(f"error: --threshold {threshold:g} is not between 0 and 100", file=sys.stderr)
        return 2
    try:
        names = read_names(path, column)
    except ScreeningError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    frame = screen(store.conn, names.names, threshold)
    try:
        write_csv(frame, Path(out))
    except OSError as exc:
        print(f"error: cannot write {out}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    print(summary(frame, names, threshold) + f"\nWrote {len(frame):,} rows to {out}")
    return 0
