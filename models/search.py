"""Name and alias search over designations: the pane, `python main.py search` and `screen`.

Two stages. Candidates come from an SQLite FTS5 trigram index (schema V2, refreshed from
`search_dirty` before each search): names holding every query word (raw or in a canonical
romanisation, as substrings: fast exact and prefix matches), plus the names sharing the most trigrams
with the query's words and their romanisation keys (typos, other romanisations, run-together forms,
queries in Hangul, Chinese characters or Cyrillic). Each candidate name and alias is then scored 0-100
by models.matching, which also says why it matched; exact matches come first.
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
from models.matching import DEFAULT_THRESHOLD, MatchQuery, label_words, score_name
from models.matching.romanisation import CANONICAL, VARIANTS, canonical_word  # noqa: F401 (re-exported)
from models.store import Store

if TYPE_CHECKING:
    import pandas as pd

_NON_WORD = re.compile(r"[^0-9A-Z\u00C0-\uFFFF]+")
_APOSTROPHES = re.compile(r"['\u2019\u02bc\u2018`]")     # McCune-Reischauer: CH'OE, MYO'NG
SEARCH_COLUMNS = ["score", "name", "matched_name", "why", "matched_alias", "authority", "list", "source_id",
                  "programs", "type", "first_seen", "last_seen", "removed_on", "listed_on", "designation_id"]


def fold(text: str) -> str:
    """Upper case without accents; every run of non-letters becomes one space."""
    text = text or ""
    if not text.isascii():                      # ASCII (most names) has no accents to drop
        text = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
    plain = _APOSTROPHES.sub("", text).upper()
    return " ".join(_NON_WORD.sub(" ", plain).split())


def words(text: str) -> list[str]:
    return fold(text).split()


def index_text(label: str) -> str:
    """What the FTS index holds for one name, so that every query word is a 3+ character trigram query.

    Raw words (for substrings), the run-together form ("SUGIL"), every raw and canonical word as
    `_WORD_` (so "_RI" finds the 2-letter canonical word RI and "_SU" a word beginning with SU),
    `#K#` for each word's first letter (a 1-letter query word), and the words' romanisation keys
    (models.matching), spaced and run together, for the fuzzy candidate stage's trigrams.
    """
    raw = words(label)
    canon = [canonical_word(w) for w in raw]
    marked = " ".join(f"_{w}_" for w in dict.fromkeys(raw + canon))
    initials = " ".join(f"#{w[0]}#" for w in dict.fromkeys(raw + canon))
    keys = [w.key for w in label_words(label)]          # romanisation keys (names in other scripts transliterated)
    return f" {' '.join(raw)} | {''.join(raw)} | {marked} {initials} | {' '.join(keys)} | {''.join(keys)} "


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
    _GENERATION[0] += 1
    everything = not conn.execute(          # every current designation is dirty (deleted ones may be too)
        "SELECT EXISTS (SELECT 1 FROM designations d WHERE NOT EXISTS"
        " (SELECT 1 FROM search_dirty s WHERE s.designation_id = d.designation_id))").fetchone()[0]
    own = not conn.in_transaction
    if own:
        conn.execute("BEGIN IMMEDIATE")
    try:
        if everything:                           # every term goes: a new empty index, not row by row deletes
            conn.execute("DELETE FROM search_terms")
            _engine(conn).search_reset(conn)
        for start in range(0, len(dirty), batch):
            _reindex(conn, dirty[start:start + batch], delete_old=not everything)
        conn.execute("DELETE FROM search_dirty")
        if len(dirty) >= OPTIMIZE_AT:
            _engine(conn).search_optimize(conn)
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
EXACT_LIMIT = 5000      # candidates from the all-words path (every query word in the name, as substring)
FUZZY_LIMIT = 100       # candidates from the trigram path, best bm25 first (typos, romanisation, scripts)


@dataclass
class Hit:
    designation_id: int
    label: str                  # the name, alias or linked entry's name that matched best
    kind: int                   # NAME, ALIAS or LINK
    score: float                # 0-100
    reasons: list[str] = field(default_factory=list)
    exact: bool = False

    @property
    def shown(self) -> str:
        """The matched-alias column of the CLI and CSV: nothing for the name itself."""
        return "" if self.kind == NAME else self.label if self.kind == ALIAS else f"linked to {self.label}"

    @property
    def matched(self) -> str:
        """Which name or alias matched (the pane's "Matched name" column)."""
        return f"linked to {self.label}" if self.kind == LINK else self.label

    @property
    def why(self) -> str:
        if self.exact:
            return "exact"
        return "; ".join(dict.fromkeys(self.reasons)) or "same words"

    def rank_key(self) -> tuple:
        """Exact matches first, then direct matches by score, then entries linked to a match."""
        return (not self.exact, self.kind == LINK, -round(self.score, 6), self.label, self.designation_id)


@dataclass
class Query:
    """A parsed query: its words, raw and canonical (the all-words path), and its matcher form."""

    text: str
    raw: list[str] = field(default_factory=list)
    canon: list[str] = field(default_factory=list)
    match: MatchQuery = field(default_factory=lambda: MatchQuery(""))

    @classmethod
    def parse(cls, text: str) -> "Query":
        raw = words(text)
        matcher = MatchQuery.parse(text)
        if not raw and not matcher.empty:           # a query in another script: its transliteration
            raw = [w.norm for w in matcher.forms[0][0]]
        return cls(text, raw, [canonical_word(w) for w in raw], matcher)

    @property
    def empty(self) -> bool:
        return not self.raw and self.match.empty

    def fts_expression(self) -> str:
        """The FTS5 MATCH: every word (raw or canonical), or for several words the run-together form."""
        parts = ["(" + " OR ".join(f'"{t}"' for t in word_terms(raw, canon)) + ")"
                 for raw, canon in zip(self.raw, self.canon)]
        expression = " AND ".join(parts)
        joined = "".join(self.raw)
        if len(self.raw) > 1 and len(joined) >= 3:       # "Su-gil" against "SUGIL"
            expression = f'({expression}) OR "{joined}"'
        return expression


def _engine(conn):
    """The engine module holding the index's own SQL (FTS5 in SQLite, pg_trgm in PostgreSQL)."""
    if isinstance(conn, sqlite3.Connection):
        from models.engines import sqlite as engine
    else:
        from models.engines import postgres as engine
    return engine


def _fts(conn: sqlite3.Connection, expression: str, limit: int, ranked: bool = False) -> list:
    """Rows for one match expression; an expression the index cannot parse answers nothing."""
    if not expression:
        return []
    return _engine(conn).search_match(conn, expression, limit, ranked)


_GENERATION = [0]       # bumped by every refresh_index that changed something
_VOCAB: dict[tuple, tuple[dict[str, int], int]] = {}     # (connection, index state) -> trigram counts, names
PER_WORD = 3            # ... and at most this many from one query word (or key)
MIN_PER_WORD = 2        # ... and at least this many, common or not
MAX_TRIGRAM_NAMES = 5000    # ... and never one held by more names than this (bm25 over them costs 100s of ms)
COMMON_SHARE = 0.02     # ... and none held by more than this share of the names (they cost most, say least)
RARE_TRIGRAMS = 8       # the trigram path looks up only the query's rarest trigrams per reading (bm25 on few rows)
FINE_LIMIT = 30         # trigram-path candidates kept for the fine scorer after the rapidfuzz pre-score
EXACT_WORDS = 3         # the all-words path answers queries of up to this many words
EXACT_SCORED = 1000     # all-words-path candidates kept for the fine scorer (the best by the pre-score)


def _trigram_counts(conn: sqlite3.Connection, terms: set[str]) -> tuple[dict[str, int], int]:
    """How many names hold each of `terms` (fts5vocab, one term at a time), and how many names there are.

    Counts are kept per connection and index state (refresh_index bumps _GENERATION): typing asks
    again for the same trigrams. Reading the whole vocabulary at once would take seconds at 1M names.
    """
    state = (id(conn), conn.execute("SELECT MAX(term_id) FROM search_terms").fetchone()[0], _GENERATION[0])
    cached = _VOCAB.get(state)
    if cached is None:
        total = conn.execute("SELECT COUNT(*) FROM search_terms").fetchone()[0]
        for old in [k for k in _VOCAB if k[0] == id(conn)]:
            del _VOCAB[old]
        cached = _VOCAB[state] = ({}, total)
    counts = cached[0]
    counts.update(_engine(conn).search_term_counts(conn, terms - counts.keys()))
    return cached


def _fuzzy_expression(conn: sqlite3.Connection, query: Query) -> str:
    """The query's rarest trigrams: up to PER_WORD of each word's (and of each key's) trigrams.

    Trigrams held by more than COMMON_SHARE of the names are taken only when a word has fewer than
    MIN_PER_WORD others; capping each word keeps a typo's odd (rare) trigrams from taking every place.
    """
    by_word = query.match.trigram_terms_by_word()
    counts, total = _trigram_counts(conn, {t for terms in by_word for t in terms})
    common = max(COMMON_SHARE * total, 50)
    picks: list[list[str]] = []
    for terms in by_word:
        ranked = sorted((t for t in terms if 0 < counts[t] <= MAX_TRIGRAM_NAMES), key=lambda t: counts[t])
        rare = [t for t in ranked if counts[t] <= common][:PER_WORD]
        picks.append(rare if len(rare) >= MIN_PER_WORD else ranked[:MIN_PER_WORD])
    chosen: dict[str, None] = {}
    for depth in range(PER_WORD):                       # round robin over the words, rarest first
        for terms in picks:
            if depth < len(terms) and len(chosen) < RARE_TRIGRAMS * len(query.match.forms):
                chosen[terms[depth]] = None
    return " OR ".join(f'"{t}"' for t in chosen)


def candidates(conn: sqlite3.Connection, query: Query, exact_limit: int = EXACT_LIMIT,
               fuzzy_limit: int = FUZZY_LIMIT, exact_scored: int = EXACT_SCORED) -> tuple[list, bool, bool]:
    """(designation_id, label, kind) rows worth scoring; whether more than `exact_limit` names hold every
    query word; whether only the best `exact_scored` of those (by the rapidfuzz pre-score) were kept.

    Two index lookups: every query word in the name (substring; fast, exact and prefix matches), and
    the `fuzzy_limit` names sharing the most (rarest) trigrams with the query's words and romanisation
    keys (bm25 order), which finds typos, other romanisations and run-together forms.
    """
    # Names holding every word: what a short query (still being typed) needs; a long one finds its
    # names through the trigrams, and AND over many common words is the slowest index lookup there is.
    use = query.raw and len(query.raw) <= EXACT_WORDS
    exact = _fts(conn, query.fts_expression() if use else "", exact_limit + 1)
    partial = len(exact) > exact_limit
    fuzzy = _fts(conn, _fuzzy_expression(conn, query), fuzzy_limit, ranked=True)
    exact = [tuple(r) for r in exact[:exact_limit]]
    cut = len(exact) > exact_scored
    if cut:
        exact = prescore(query, exact, exact_scored)
    seen = set(exact)
    fuzzy = prescore(query, [r for r in fuzzy if tuple(r[:3]) not in seen])
    return exact + [tuple(r[:3]) for r in fuzzy], partial, cut


def prescore(query: Query, rows: list, keep: int = FINE_LIMIT, cutoff: float = 0.0) -> list:
    """The `keep` rows most like the query by rapidfuzz's WRatio over romanisation keys (C speed).

    Rows scoring below `cutoff` (0-100) are dropped.
    """
    if len(rows) <= keep and not cutoff:
        return rows
    from rapidfuzz import fuzz, process

    texts = [" ".join(w.key for w in words) for words, _how in query.match.forms]
    choices = [_key_text(r[1]) if len(r) < 4 else r[3].rsplit("|", 2)[1] for r in rows]
    best: dict[int, float] = {}
    for text in texts:
        for _choice, score, i in process.extract(text, choices, scorer=fuzz.WRatio, limit=keep,
                                                 score_cutoff=cutoff or None):
            best[i] = max(best.get(i, 0.0), score)
    chosen = sorted(best, key=lambda i: -best[i])[:keep]
    return [rows[i] for i in sorted(chosen)]


@lru_cache(maxsize=262144)
def _key_text(label: str) -> str:
    return " ".join(w.key for w in label_words(label))


def score_rows(query: Query, rows: list, threshold: float = 0.0, prefix: bool = True) -> list[Hit]:
    """Score (designation_id, label, kind) rows: one Hit per designation at or above `threshold`, best first.

    A designation's own name or alias wins over a link to a matching entry whenever it passes.
    """
    best: dict[int, Hit] = {}
    for designation_id, label, kind in rows:
        scored = score_name(query.match, label, prefix, threshold)
        if scored.score <= 0 or scored.score < threshold:
            continue
        hit = Hit(designation_id, label, kind, scored.score, scored.reasons, scored.exact)
        old = best.get(designation_id)
        if old is None or hit.rank_key() < old.rank_key():
            best[designation_id] = hit
    return sorted(best.values(), key=Hit.rank_key)


def search_ids(conn: sqlite3.Connection, text: str, limit: int | None = None,
               threshold: float = DEFAULT_THRESHOLD, prefix: bool = True) -> list[Hit]:
    """The designations matching `text` at or above `threshold` (0-100), best first (one Hit each)."""
    query = Query.parse(text)
    if query.empty:
        return []
    rows, _partial, _cut = candidates(conn, query)
    hits = score_rows(query, rows, threshold, prefix)
    return hits[:limit] if limit else hits


def search(store: Store, text: str, dprk_only: bool = True, limit: int | None = None,
           threshold: float = DEFAULT_THRESHOLD) -> "pd.DataFrame":
    """The designations matching `text`, best first, with the score, the name or alias that matched and why."""
    import pandas as pd

    refresh_index(store.conn)
    hits = search_ids(store.conn, text, threshold=threshold)
    if not hits:
        return pd.DataFrame(columns=SEARCH_COLUMNS)
    frame = pd.DataFrame({"designation_id": [h.designation_id for h in hits],
                          "matched_alias": [h.shown for h in hits],
                          "matched_name": [h.matched for h in hits],
                          "why": [h.why for h in hits],
                          "score": [round(h.score, 1) for h in hits]})
    details = store.query(
        "SELECT designation_id, name, authority, list_name AS list, source_id, programs, type, first_seen,"
        " last_seen, removed_on, listed_on, dprk FROM designations WHERE designation_id IN"
        " (SELECT CAST(value AS INTEGER) FROM json_each(?))", (json.dumps(frame["designation_id"].astype(int).tolist()),))
    frame = frame.merge(details, on="designation_id", how="inner")
    if dprk_only:
        frame = frame[frame["dprk"] == 1]
    frame = frame[SEARCH_COLUMNS].reset_index(drop=True)
    return frame.head(limit) if limit else frame


def render_hits(frame: "pd.DataFrame", query: str, threshold: float = DEFAULT_THRESHOLD) -> str:
    if frame.empty:
        return f"No designations match {query!r} at score {threshold:g} or more (try a lower --threshold)."
    verb = "designations match" if len(frame) != 1 else "designation matches"
    lines = [f"{len(frame)} {verb} {show_bidi(query)!r} at score {threshold:g} or more (best first; score 0-100):"]
    for r in frame.itertuples(index=False):
        alias = f"  [matched alias: {show_bidi(r.matched_alias)}]" if r.matched_alias else ""
        removed = f", removed {r.removed_on}" if isinstance(r.removed_on, str) and r.removed_on else ""
        listed = f"listed {r.listed_on}, " if isinstance(r.listed_on, str) and r.listed_on else ""
        lines.append(f"  {r.score:5.1f}  {show_bidi(r.name)}{alias}\n         why: {show_bidi(r.why)}\n"
                     f"         {r.authority} {r.source_id} | {r.programs or '-'} | {r.type} | "
                     f"{listed}first seen {r.first_seen}, last seen {r.last_seen}{removed}")
    return "\n".join(lines)


def run_search(store: Store, text: str, dprk_only: bool = True, csv_path: str | Path | None = None,
               threshold: float = DEFAULT_THRESHOLD) -> str:
    """The `search` CLI command: the text to print; writes the CSV too when `csv_path` is given."""
    frame = search(store, text, dprk_only=dprk_only, threshold=threshold)
    out = render_hits(frame, text, threshold)
    if csv_path is not None:
        from models.safe_text import write_csv

        write_csv(frame, Path(csv_path))        # formula triggers neutralised, bidi controls shown
        out += f"\n\nWrote {len(frame)} rows to {csv_path}"
    return out


LIVE_LIMIT = 2000       # search-as-you-type reads at most this many matching names ("keep typing" beyond)
LIVE_SCORED = 250       # ... and scores the best of them by the pre-score (a keystroke stays fast)


@dataclass
class LiveResult:
    """What the pane needs after one keystroke."""

    ids: list[int]                      # best first when scored, else in index order
    shown: dict[int, str] | None        # id -> matched name or alias; None: too many to score, ask matched_label
    partial: bool                       # True when LIVE_LIMIT cut the answer short
    scores: dict[int, float] = field(default_factory=dict)    # id -> score 0-100 (empty when unscored)
    why: dict[int, str] = field(default_factory=dict)         # id -> why it matched


def match_ids(conn: sqlite3.Connection, text: str, limit: int = LIVE_LIMIT,
              threshold: float = DEFAULT_THRESHOLD) -> LiveResult:
    """For search-as-you-type: the matching designations, scored, at or above `threshold`.

    When more than `limit` names hold every query word (one or two letters typed on a big store),
    the first `limit` of them are listed unscored, in index order ("keep typing"); when more than
    LIVE_SCORED do, the best LIVE_SCORED by the pre-score are scored and the answer is marked partial.
    """
    query = Query.parse(text)
    if query.empty:
        return LiveResult([], {}, False)
    rows, overflow, cut = candidates(conn, query, exact_limit=limit, exact_scored=LIVE_SCORED)
    if overflow:
        return LiveResult(list(dict.fromkeys(r[0] for r in rows[:limit])), None, True)
    hits = score_rows(query, rows, threshold)
    return LiveResult([h.designation_id for h in hits], {h.designation_id: h.matched for h in hits}, cut,
                      {h.designation_id: round(h.score, 1) for h in hits}, {h.designation_id: h.why for h in hits})


def matched_label(conn: sqlite3.Connection, designation_id: int, text: str) -> str:
    """The name, alias or link of one designation that best matches `text` (as Hit.matched)."""
    query = Query.parse(text)
    rows = [(designation_id, label, kind) for label, kind in
            conn.execute("SELECT label, kind FROM search_terms WHERE designation_id = ?", (designation_id,))]
    hits = score_rows(query, rows)
    return hits[0].matched if hits else ""


class _SqliteSideStore(Store):
    """A second connection to the same database file, for a worker thread (WAL lets it read alongside)."""

    def __init__(self, path: str | Path):  # noqa: D107 - no migration: the main Store has done it
        self.path = Path(path)
        self.conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
        self.conn.row_factory = sqlite3.Row
        self.conn.execute("PRAGMA busy_timeout = 5000")


def SideStore(path: str | Path) -> Store:  # noqa: N802 - was a class; callers construct it
    """A second connection to the same database (file or server), for a worker thread; not migrated: the
    main Store has done that."""
    from models.engines import is_server

    if is_server(path):
        from models.engines.postgres_store import PgStore

        return PgStore(str(path), migrate_schema=False)
    return _SqliteSideStore(path)


def side_store(store: Store) -> Store:
    """A worker's own connection, or the store itself when it lives in memory."""
    return SideStore(store.path) if store.path is not None else store


def cmd_search(store: Store, query: str, dprk_only: bool, csv_out: str | None,
               threshold: float = DEFAULT_THRESHOLD) -> int:
    """`python main.py search QUERY [--csv OUT.csv] [--all] [--threshold N]`."""
    print(run_search(store, query, dprk_only, csv_out, threshold))     # WriteError: main's one-line error handler
    return 0
