"""Name and alias search over designations: the pane, `python main.py search` and `screen`.

Three stages. Candidates come from the key index (models.search_index, refreshed from `search_dirty`
before each search): the names filed under the query's rarest words, as romanisation keys, spellings,
prefixes of the word being typed, near spellings (one or two letters off) and words run together.
rapidfuzz's WRatio over romanisation keys keeps the most promising of them, and each of those names
and aliases is scored 0-100 by models.matching, which also says why it matched; exact matches come first.
"""
from __future__ import annotations

import json
import re
import sqlite3
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from models.safe_text import show_bidi
from models.matching import DEFAULT_THRESHOLD, MatchQuery, score_name
from models.matching.romanisation import CANONICAL, VARIANTS, canonical_word  # noqa: F401 (re-exported)
from models.search_index import OPTIMIZE_AT, KeySource, SqlKeys, find_candidates, refresh_index  # noqa: F401
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


NAME, ALIAS, LINK = 0, 1, 2
CANDIDATES = 300        # names the key index hands to the pre-score, best by the rarity of the query words they hold
SCORED = 30             # ... of which the fine scorer scores the best by rapidfuzz's WRatio


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



def candidates(conn: sqlite3.Connection, query: Query, prefix: bool = True, keep: int = CANDIDATES,
               scored: int = SCORED) -> tuple[list, bool]:
    """(designation_id, label, kind) rows worth scoring (at most `scored`), and whether the answer is the
    best of a part (more names held the query's words than were looked at or scored).

    The key index (models.search_index) gives the `keep` names holding the query's rarest words;
    rapidfuzz's WRatio over romanisation keys keeps the best `scored` of them for the fine scorer.
    """
    return best_rows(SqlKeys(conn), query, prefix, keep, scored)


def best_rows(source: KeySource, query: Query, prefix: bool, keep: int, scored: int,
              cutoff: float = 0.0) -> tuple[list, bool]:
    """`candidates` over any key source (batch screening passes its in-memory index and a pre-score cutoff)."""
    found, partial = find_candidates(source, query.match, prefix, keep)
    best = prescore(query, found, scored, cutoff)
    by_id = {r[0]: r[1:] for r in source.rows([c[0] for c in best])}
    return [by_id[c[0]] for c in best if c[0] in by_id], partial or len(found) > scored


def prescore(query: Query, found: list, keep: int = SCORED, cutoff: float = 0.0) -> list:
    """The `keep` best of the key index's (term_id, word keys, weight) candidates: by weight (the rarity of
    the query words a name holds), ties broken by rapidfuzz's WRatio between the word keys (C speed).
    Candidates whose WRatio is below `cutoff` (0-100) are dropped.
    """
    if len(found) <= keep and not cutoff:
        return found
    from rapidfuzz import fuzz, process

    texts = [" ".join(w.loose for w in words) for words, _how in query.match.forms]
    best = process.cdist(texts, [c[1] for c in found], scorer=fuzz.WRatio, workers=1).max(axis=0)
    order = sorted((i for i in range(len(found)) if best[i] >= cutoff), key=lambda i: (-found[i][2], -best[i], i))
    return [found[i] for i in order[:keep]]


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



def warm_up() -> None:
    """Load and prime the matcher's lazily imported parts (rapidfuzz, anyascii, pypinyin: 0.3-1 s on first
    use) so that no keystroke pays for them; the pane's search thread calls it as it starts."""
    from rapidfuzz import fuzz, process  # noqa: F401 (imported for its side effect: loaded)
    from rapidfuzz.distance import OSA  # noqa: F401

    labels = ["KIM Jong Un", "金正恩", "김정은", "Путин", "Ri Sŏng-ch'ŏl"]
    score_rows(Query.parse("kim jong un"), [(1, label, "name") for label in labels])
    prescore(Query.parse("kim jong"), [(i, label, 1.0) for i, label in enumerate(labels)], keep=1)

def search_ids(conn: sqlite3.Connection, text: str, limit: int | None = None,
               threshold: float = DEFAULT_THRESHOLD, prefix: bool = True) -> list[Hit]:
    """The designations matching `text` at or above `threshold` (0-100), best first (one Hit each)."""
    query = Query.parse(text)
    if query.empty:
        return []
    rows, _partial = candidates(conn, query, prefix)
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


LIVE_LIMIT = 2000       # search-as-you-type: a query still too common for this many names is answered unscored


@dataclass
class LiveResult:
    """What the pane needs after one keystroke."""

    ids: list[int]                      # best first when scored, else in index order
    shown: dict[int, str] | None        # id -> matched name or alias; None: unscored, ask matched_label
    partial: bool                       # True when the answer is the best of a part ("keep typing")
    scores: dict[int, float] = field(default_factory=dict)    # id -> score 0-100 (empty when unscored)
    why: dict[int, str] = field(default_factory=dict)         # id -> why it matched


def match_ids(conn: sqlite3.Connection, text: str, limit: int = LIVE_LIMIT,
              threshold: float = DEFAULT_THRESHOLD) -> LiveResult:
    """For search-as-you-type: the matching designations, scored, at or above `threshold`, best first.

    The same stages as search_ids (the last word may be unfinished). When the query's words are all
    too common to read in full (one or two letters typed on a big store), the best of the part read
    are scored and the answer is marked partial; with `limit` below SCORED, the first `limit`
    candidates are listed unscored instead.
    """
    query = Query.parse(text)
    if query.empty:
        return LiveResult([], {}, False)
    rows, partial = candidates(conn, query, True)
    if limit < SCORED and (partial or len(rows) > limit):
        return LiveResult(list(dict.fromkeys(r[0] for r in rows))[:limit], None, True)
    hits = score_rows(query, rows, threshold)
    return LiveResult([h.designation_id for h in hits], {h.designation_id: h.matched for h in hits}, partial,
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
