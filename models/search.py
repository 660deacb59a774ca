"""Name and alias search over designations, tolerant of romanisation: `python main.py search` and the pane.

Names are folded (accents dropped, upper case, hyphens and punctuation to spaces) and every word is
also written in a canonical romanisation (Ri/Lee/Rhee/Yi -> RI, Park -> PAK, Chong -> JONG, Choi ->
CHOE, eo -> o ...). A query matches a name when each of its words occurs in the name, raw or
canonical, in any order; "Su-gil" also matches "SUGIL" through the name's run-together form. The
index is an SQLite FTS5 trigram table (schema V2), refreshed from `search_dirty` before each search.
"""
from __future__ import annotations

import json
import re
import sqlite3
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from models.safe_text import show_bidi
from models.store import Store

if TYPE_CHECKING:
    import pandas as pd

# Romanisations of the same Korean (and a few Chinese) syllables: every variant maps to the first.
VARIANTS: list[tuple[str, ...]] = [
    ("RI", "LEE", "RHEE", "YI", "LI", "RHI", "I"), ("PAK", "PARK", "BAK", "BAEK", "PAEK"),
    ("JONG", "CHONG", "JEONG", "CHUNG", "JUNG"), ("CHOE", "CHOI", "CHOY"), ("KIM", "GIM"),
    ("RYU", "YU", "YOO", "RYOO"), ("SIN", "SHIN"), ("KANG", "GANG"), ("KWON", "GWON"), ("O", "OH"),
    ("YUN", "YOON"), ("JO", "CHO"), ("RIM", "LIM", "IM"), ("RO", "ROH", "NOH", "NO"), ("KU", "KOO", "GU"),
    ("SONG", "SEONG", "SUNG"), ("CHOL", "CHEOL", "CHUL"), ("HYON", "HYEON", "HYUN"), ("YONG", "YEONG", "YOUNG"),
    ("IL", "EEL"), ("SOK", "SEOK", "SUK"), ("JIN", "CHIN"), ("JU", "CHU", "JOO"), ("HO", "HOH"),
    ("KUK", "GUK", "KOOK"), ("KIL", "GIL"), ("TONG", "DONG"), ("TAE", "DAE"), ("PYONG", "PYEONG"),
    ("CHANG", "JANG"), ("CHAN", "JAN"), ("ZHANG", "CHANG"),
]
CANONICAL: dict[str, str] = {}
for _group in VARIANTS:
    for _word in _group:
        CANONICAL.setdefault(_word, _group[0])

_NON_WORD = re.compile(r"[^0-9A-Z\u00C0-\uFFFF]+")
_APOSTROPHES = re.compile(r"['\u2019\u02bc\u2018`]")     # McCune-Reischauer: CH'OE, MYO'NG
SEARCH_COLUMNS = ["name", "matched_alias", "authority", "list", "source_id", "programs", "type",
                  "first_seen", "last_seen", "removed_on", "listed_on", "score", "designation_id"]


def fold(text: str) -> str:
    """Upper case without accents; every run of non-letters becomes one space."""
    text = text or ""
    if not text.isascii():                      # ASCII (most names) has no accents to drop
        text = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
    plain = _APOSTROPHES.sub("", text).upper()
    return " ".join(_NON_WORD.sub(" ", plain).split())


def canonical_word(word: str) -> str:
    if word in CANONICAL:
        return CANONICAL[word]
    if "EO" in word:
        return word.replace("EO", "O")
    return word


def words(text: str) -> list[str]:
    return fold(text).split()


def index_text(label: str) -> str:
    """What the FTS index holds for one name, so that every query word is a 3+ character trigram query.

    Raw words (for substrings), the run-together form ("SUGIL"), every raw and canonical word as
    `_WORD_` (so "_RI" finds the 2-letter canonical word RI and "_SU" a word beginning with SU), and
    `#K#` for each word's first letter (a 1-letter query word).
    """
    raw = words(label)
    canon = [canonical_word(w) for w in raw]
    marked = " ".join(f"_{w}_" for w in dict.fromkeys(raw + canon))
    initials = " ".join(f"#{w[0]}#" for w in dict.fromkeys(raw + canon))
    return f" {' '.join(raw)} | {''.join(raw)} | {marked} {initials} "


def word_terms(raw: str, canon: str) -> list[str]:
    """The FTS phrases, any of which matches one query word (raw or canonical form)."""
    if len(raw) == 1:
        return sorted({f"#{raw}#", f"#{canon[0]}#"})
    terms = {raw if len(raw) >= 3 else f"_{raw}"}
    if canon != raw or len(raw) < 3:        # "_KIM" only narrows "KIM": leave it out
        terms.add(f"_{canon}" if len(canon) >= 2 else f"_{canon}_")
    return sorted(terms)


OPTIMIZE_AT = 20000      # re-indexed designations from which the index is merged into one segment


def refresh_index(conn: sqlite3.Connection, batch: int = 20000) -> int:
    """Re-index the names and aliases of designations marked dirty; returns how many were re-indexed.

    After a large refresh the FTS index is merged into one segment ('optimize'): otherwise the
    replaced rows stay behind as tombstones in dozens of segments and every search reads them all
    (measured on 1,000,000 designations: search p95 119 ms before, 11 ms after).
    """
    dirty = [r[0] for r in conn.execute("SELECT designation_id FROM search_dirty").fetchall()]
    if not dirty:
        return 0
    everything = not conn.execute(          # every current designation is dirty (deleted ones may be too)
        "SELECT EXISTS (SELECT 1 FROM designations d WHERE NOT EXISTS"
        " (SELECT 1 FROM search_dirty s WHERE s.designation_id = d.designation_id))").fetchone()[0]
    own = not conn.in_transaction
    if own:
        conn.execute("BEGIN IMMEDIATE")
    try:
        if everything:                           # every term goes: a new empty index, not row by row deletes
            conn.execute("DELETE FROM search_terms")
            create = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'search_fts'").fetchone()[0]
            conn.execute("DROP TABLE search_fts")
            conn.execute(create)
        for start in range(0, len(dirty), batch):
            _reindex(conn, dirty[start:start + batch], delete_old=not everything)
        conn.execute("DELETE FROM search_dirty")
        if len(dirty) >= OPTIMIZE_AT:
            conn.execute("INSERT INTO search_fts (search_fts) VALUES ('optimize')")
    except BaseException:
        if own:
            conn.execute("ROLLBACK")
        raise
    if own:
        conn.execute("COMMIT")
    return len(dirty)


def _reindex(conn: sqlite3.Connection, chunk: list[int], delete_old: bool) -> None:
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS search_chunk (designation_id INTEGER PRIMARY KEY)")
    conn.execute("DELETE FROM search_chunk")
    conn.executemany("INSERT INTO search_chunk VALUES (?)", [(i,) for i in chunk])
    if delete_old:
        conn.execute("DELETE FROM search_fts WHERE rowid IN (SELECT term_id FROM search_terms"
                     " WHERE designation_id IN (SELECT designation_id FROM search_chunk))")
        conn.execute("DELETE FROM search_terms WHERE designation_id IN (SELECT designation_id FROM search_chunk)")
    labels = conn.execute(
        "SELECT d.designation_id, d.name, 0 FROM designations d JOIN search_chunk USING (designation_id)"
        " UNION ALL SELECT a.designation_id, a.alias, 1 FROM designation_aliases a"
        " JOIN search_chunk USING (designation_id) WHERE a.alias IS NOT NULL"
        " UNION ALL SELECT l.from_id, t.name, 2 FROM designation_links l"
        " JOIN search_chunk c ON c.designation_id = l.from_id"
        " JOIN designations t ON t.designation_id = l.to_id").fetchall()
    first = (conn.execute("SELECT COALESCE(MAX(term_id), 0) FROM search_terms").fetchone()[0]) + 1
    terms, texts = [], []
    for offset, (designation_id, label, kind) in enumerate(labels):
        term_id = first + offset
        terms.append((term_id, designation_id, label, kind))
        texts.append((term_id, index_text(label)))
    conn.executemany("INSERT INTO search_terms VALUES (?, ?, ?, ?)", terms)
    conn.executemany("INSERT INTO search_fts (rowid, norm) VALUES (?, ?)", texts)


NAME, ALIAS, LINK = 0, 1, 2


@dataclass
class Hit:
    designation_id: int
    label: str                  # the name, alias or linked entry's name that matched best
    kind: int                   # NAME, ALIAS or LINK
    score: float

    @property
    def shown(self) -> str:
        """What the log's "matched" column says: nothing for the name itself."""
        return "" if self.kind == NAME else self.label if self.kind == ALIAS else f"linked to {self.label}"


@dataclass
class Query:
    """A parsed query: its words, raw and canonical."""

    text: str
    raw: list[str] = field(default_factory=list)
    canon: list[str] = field(default_factory=list)

    @classmethod
    def parse(cls, text: str) -> "Query":
        raw = words(text)
        return cls(text, raw, [canonical_word(w) for w in raw])

    @property
    def empty(self) -> bool:
        return not self.raw

    def fts_expression(self) -> str:
        """The FTS5 MATCH: every word (raw or canonical), or for several words the run-together form."""
        parts = ["(" + " OR ".join(f'"{t}"' for t in word_terms(raw, canon)) + ")"
                 for raw, canon in zip(self.raw, self.canon)]
        expression = " AND ".join(parts)
        joined = "".join(self.raw)
        if len(self.raw) > 1 and len(joined) >= 3:       # "Su-gil" against "SUGIL"
            expression = f'({expression}) OR "{joined}"'
        return expression


@lru_cache(maxsize=262144)
def _label_forms(label: str) -> tuple[list[str], list[str], str, str]:
    """A label's words, canonical words, spaced text and run-together text (cached: typing re-scores them)."""
    raw = words(label)
    canon = [canonical_word(w) for w in raw]
    return raw, canon, f" {' '.join(raw)} | {' '.join(canon)} ", "".join(raw) + " " + "".join(canon)


def score_label(query: Query, label: str) -> float:
    """0 when `label` does not match; higher is better (whole words beat prefixes beat substrings)."""
    raw, canon, text, compact = _label_forms(label)
    total = 0.0
    for qr, qc in zip(query.raw, query.canon):
        if qr in raw:
            total += 3
        elif qc in canon:
            total += 2.8
        elif f" {qr}" in text or f" {qc}" in text:
            total += 2
        elif len(qr) >= 3 and (qr in text or qc in text or qr in compact):
            total += 1
        else:
            total = 0.0
            break
    if total == 0 and len(query.raw) > 1 and "".join(query.raw) in compact:
        total = 1.5 * len(query.raw)
    if total == 0:
        return 0.0
    score = total / (3 * len(query.raw))          # 1.0 when every word is a whole word of the name
    if sorted(query.canon) == sorted(canon):
        score += 1.0                                # the same words, in any order
    return score


def _best(query: Query, rows: list) -> list[Hit]:
    """Score (designation_id, label, kind) rows; one Hit per designation, best first."""
    best: dict[int, Hit] = {}
    for designation_id, label, kind in rows:
        score = score_label(query, label)
        if score <= 0:
            continue
        score = score * 0.5 if kind == LINK else score - 0.01 * kind    # the name wins a tie
        old = best.get(designation_id)
        if old is None or score > old.score:
            best[designation_id] = Hit(designation_id, label, kind, score)
    return sorted(best.values(), key=lambda h: (-h.score, h.label, h.designation_id))


def search_ids(conn: sqlite3.Connection, text: str, limit: int | None = None) -> list[Hit]:
    """Every designation matching `text`, best first (one Hit per designation)."""
    query = Query.parse(text)
    if query.empty:
        return []
    rows = conn.execute("SELECT t.designation_id, t.label, t.kind FROM search_fts f"
                        " JOIN search_terms t ON t.term_id = f.rowid WHERE search_fts MATCH ?",
                        (query.fts_expression(),)).fetchall()
    hits = _best(query, rows)
    return hits[:limit] if limit else hits


def search(store: Store, text: str, dprk_only: bool = True, limit: int | None = None) -> "pd.DataFrame":
    """The designations matching `text`, best first, with the name or alias that matched."""
    import pandas as pd

    refresh_index(store.conn)
    hits = search_ids(store.conn, text)
    if not hits:
        return pd.DataFrame(columns=SEARCH_COLUMNS)
    frame = pd.DataFrame({"designation_id": [h.designation_id for h in hits],
                          "matched_alias": [h.shown for h in hits],
                          "score": [round(h.score, 3) for h in hits]})
    details = store.query(
        "SELECT designation_id, name, authority, list_name AS list, source_id, programs, type, first_seen,"
        " last_seen, removed_on, listed_on, dprk FROM designations WHERE designation_id IN"
        " (SELECT value FROM json_each(?))", (json.dumps(frame["designation_id"].astype(int).tolist()),))
    frame = frame.merge(details, on="designation_id", how="inner")
    if dprk_only:
        frame = frame[frame["dprk"] == 1]
    frame = frame[SEARCH_COLUMNS].reset_index(drop=True)
    return frame.head(limit) if limit else frame


def render_hits(frame: "pd.DataFrame", query: str) -> str:
    if frame.empty:
        return f"No designations match {query!r}."
    verb = "designations match" if len(frame) != 1 else "designation matches"
    lines = [f"{len(frame)} {verb} {show_bidi(query)!r} (best first):"]
    for r in frame.itertuples(index=False):
        alias = f"  [matched alias: {show_bidi(r.matched_alias)}]" if r.matched_alias else ""
        removed = f", removed {r.removed_on}" if isinstance(r.removed_on, str) and r.removed_on else ""
        listed = f"listed {r.listed_on}, " if isinstance(r.listed_on, str) and r.listed_on else ""
        lines.append(f"  {show_bidi(r.name)}{alias}\n      {r.authority} {r.source_id} | {r.programs or '-'} | {r.type} | "
                     f"{listed}first seen {r.first_seen}, last seen {r.last_seen}{removed}")
    return "\n".join(lines)


def run_search(store: Store, text: str, dprk_only: bool = True, csv_path: str | Path | None = None) -> str:
    """The `search` CLI command: the text to print; writes the CSV too when `csv_path` is given."""
    frame = search(store, text, dprk_only=dprk_only)
    out = render_hits(frame, text)
    if csv_path is not None:
        from models.safe_text import write_csv

        write_csv(frame.drop(columns=["score"]), Path(csv_path))
        out += f"\n\nWrote {len(frame)} rows to {csv_path}"
    return out


SCORED_LIMIT = 1000     # up to this many matching names are scored (best first); more keep the table's sort
LIVE_LIMIT = 2000       # search-as-you-type reads at most this many matching names ("keep typing" beyond)


@dataclass
class LiveResult:
    """What the pane needs after one keystroke."""

    ids: list[int]                      # best first when scored, else in index order
    shown: dict[int, str] | None        # id -> matched alias; None: too many to score, ask matched_label
    partial: bool                       # True when LIVE_LIMIT cut the answer short


def match_ids(conn: sqlite3.Connection, text: str, limit: int = LIVE_LIMIT) -> LiveResult:
    """For search-as-you-type: at most `limit` matching names, scored when there are few.

    One SQL statement over the trigram index (see `index_text` for how short words are answered).
    """
    query = Query.parse(text)
    if query.empty:
        return LiveResult([], {}, False)
    rows = conn.execute("SELECT t.designation_id, t.label, t.kind FROM search_fts f JOIN search_terms t"
                        " ON t.term_id = f.rowid WHERE search_fts MATCH ? LIMIT ?",
                        (query.fts_expression(), limit + 1)).fetchall()
    partial = len(rows) > limit
    if len(rows) > SCORED_LIMIT:
        return LiveResult(list(dict.fromkeys(r[0] for r in rows[:limit])), None, partial)
    hits = _best(query, rows[:limit])
    return LiveResult([h.designation_id for h in hits], {h.designation_id: h.shown for h in hits}, partial)


def matched_label(conn: sqlite3.Connection, designation_id: int, text: str) -> str:
    """The name, alias or link of one designation that best matches `text` (as Hit.shown)."""
    query = Query.parse(text)
    best: Hit | None = None
    for label, kind in conn.execute("SELECT label, kind FROM search_terms WHERE designation_id = ?",
                                    (designation_id,)).fetchall():
        score = score_label(query, label)
        score = score * 0.5 if kind == LINK else score - 0.01 * kind
        if score > 0 and (best is None or score > best.score):
            best = Hit(designation_id, label, kind, score)
    return best.shown if best else ""


class SideStore(Store):
    """A second connection to the same database file, for a worker thread (WAL lets it read alongside)."""

    def __init__(self, path: str | Path):  # noqa: D107 - no migration: the main Store has done it
        self.path = Path(path)
        self.conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
        self.conn.row_factory = sqlite3.Row
        self.conn.execute("PRAGMA busy_timeout = 5000")


def side_store(store: Store) -> Store:
    """A worker's own connection, or the store itself when it lives in memory."""
    return SideStore(store.path) if store.path is not None else store


def cmd_search(store: Store, query: str, dprk_only: bool, csv_out: str | None) -> int:
    """`python main.py search QUERY [--csv OUT.csv] [--all]`."""
    print(run_search(store, query, dprk_only, csv_out))     # WriteError: main's one-line error handler
    return 0
