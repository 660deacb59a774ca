"""The name index and its candidate stage: which names and aliases are worth scoring for a query.

Tables (schema migration SEARCH_KEY_INDEX): `search_terms` (one row per name, alias or linked entry's
name of a designation, with its words' loose romanisation keys), `search_keys` (key -> term, with the
term's word keys: a WITHOUT ROWID B-tree of the keys of models.matching.keys) and `search_near` (the
deletions of every word key, for near spellings). Every lookup reads one point or range of a B-tree,
so a query costs about the same on a thousand names as on a million.

The candidate stage looks up each query unit (a word, or two words run together) and counts its
names (up to a few times DRIVER_CAP). The rarest units, while their names fit in DRIVER_CAP, are read
in full and each name gets the rarity (idf) of the units it holds; the common units are then checked
on those names only, from the word keys that came with them. The best `keep` go on to the rapidfuzz
pre-score and the fine scorer (models.search). When every unit is common (a letter or two typed on a
big store) a part is read and the answer says it is partial. Batch screening runs the same stage over
an in-memory copy (MemoryKeys).
"""
from __future__ import annotations

import json
import math
import sqlite3
from bisect import bisect_left
from functools import lru_cache
from collections import defaultdict
from typing import Protocol

from models.matching import MatchQuery, label_words
from models.matching.keys import Unit, deletions, index_keys, loose_keys, near_variants, near_worthy, query_units

DRIVER_CAP = 1500       # a unit held by more names than this is only checked on the others' names
SIZE_RANGE = 4          # names are counted up to this many times DRIVER_CAP (to tell the common units apart)
MMAP_SIZE = 1 << 30     # bytes of the database file a searching connection maps into memory
PARTIAL_READ = 2        # when every unit is common, this many times `keep` names of the rarest are read
DRIVER_SHARE, DRIVER_SHARE_MIN = 0.005, 200   # ... and on a smaller store, by more than this share (or 200)
NEAR_KEYS = 12          # near spellings kept per query word (the closest, most common first)


class KeySource(Protocol):
    """Where the candidate stage reads keys: SQLite (SqlKeys) or memory (MemoryKeys)."""

    total: int

    def count(self, key: str, prefix: bool, cap: int) -> int: ...
    def postings(self, key: str, prefix: bool, cap: int) -> list[tuple[int, str]]: ...
    def near(self, variants: set[str]) -> list[str]: ...
    def rows(self, term_ids: list[int]) -> list[tuple]: ...


def _after(prefix: str) -> str:
    """The smallest string greater than every string beginning with `prefix`."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


@lru_cache(maxsize=65536)
def filed_under(words: str) -> frozenset[str]:
    """The loose keys a name with these word keys (space-separated) is filed under."""
    return frozenset(loose_keys(words.split()))


class SqlKeys:
    """Key lookups on the store's tables (one connection; each a B-tree lookup or range), on either engine."""

    def __init__(self, conn: sqlite3.Connection):
        self.cursor = conn.cursor()
        self.cursor.row_factory = None          # plain tuples (the store's connection makes sqlite3.Row)
        if not self._one("PRAGMA mmap_size", ()):     # SQLite: map the file, no read() each (PostgreSQL: no-op)
            self.cursor.execute(f"PRAGMA mmap_size = {MMAP_SIZE}")
        self.total = max(1, self._one("SELECT COALESCE(MAX(term_id), 0) FROM search_terms", ()))

    def _one(self, sql: str, args: tuple):
        return self.cursor.execute(sql, args).fetchone()[0]

    @staticmethod
    def _where(key: str, prefix: bool) -> tuple[str, tuple]:
        return ("key >= ? AND key < ?", (key, _after(key))) if prefix else ("key = ?", (key,))

    def count(self, key: str, prefix: bool, cap: int) -> int:
        where, args = self._where(key, prefix)
        return self._one(f"SELECT COUNT(*) FROM (SELECT 1 FROM search_keys WHERE {where} LIMIT ?)", args + (cap + 1,))

    def postings(self, key: str, prefix: bool, cap: int) -> list[tuple[int, str]]:
        """(term id, its word keys) of the names filed under `key` (one range of the B-tree: no random reads)."""
        where, args = self._where(key, prefix)
        return self.cursor.execute(f"SELECT term_id, words FROM search_keys WHERE {where} LIMIT ?",
                                   args + (cap,)).fetchall()

    def near(self, variants: set[str]) -> list[str]:
        return [r[0] for r in self.cursor.execute(
            "SELECT DISTINCT key FROM search_near WHERE variant IN (SELECT value FROM json_each(?))",
            (json.dumps(sorted(variants)),))]

    def rows(self, term_ids: list[int]) -> list[tuple]:
        """(term_id, designation_id, label, kind) of each term."""
        return self.cursor.execute(
            "SELECT term_id, designation_id, label, kind FROM search_terms"
            " WHERE term_id IN (SELECT CAST(value AS INTEGER) FROM json_each(?))", (json.dumps(sorted(term_ids)),)).fetchall()


class MemoryKeys:
    """The same lookups over an in-memory copy of the index (batch screening: built once, then no SQL)."""

    def __init__(self, conn: sqlite3.Connection, kinds: tuple[int, ...] = (0, 1)):
        self._rows: dict[int, tuple] = {}
        self._words: dict[int, str] = {}
        for term_id, designation_id, label, kind, words in conn.execute(
                "SELECT term_id, designation_id, label, kind, keys FROM search_terms WHERE kind IN (%s)"
                % ",".join("?" * len(kinds)), kinds):
            self._rows[term_id] = (term_id, designation_id, label, kind)
            self._words[term_id] = words
        postings: dict[str, list[tuple[int, str]]] = defaultdict(list)
        for key, term_id in conn.execute("SELECT key, term_id FROM search_keys"):
            if term_id in self._rows:
                postings[key].append((term_id, self._words[term_id]))
        self._postings = dict(postings)
        self._sorted = sorted(self._postings)
        near: dict[str, list[str]] = defaultdict(list)
        for variant, key in conn.execute("SELECT variant, key FROM search_near"):
            near[variant].append(key)
        self._near = dict(near)
        self.total = max(1, max(self._rows, default=0))

    def _keys(self, key: str, prefix: bool) -> list[str]:
        if not prefix:
            return [key]
        start, end = bisect_left(self._sorted, key), bisect_left(self._sorted, _after(key))
        return self._sorted[start:end]

    def count(self, key: str, prefix: bool, cap: int) -> int:
        if not prefix:
            return min(cap + 1, len(self._postings.get(key, ())))
        return min(cap + 1, sum(len(self._postings[k]) for k in self._keys(key, prefix)))

    def postings(self, key: str, prefix: bool, cap: int) -> list[tuple[int, str]]:
        out: list[tuple[int, str]] = []
        for k in self._keys(key, prefix):
            out.extend(self._postings.get(k, ()))
            if len(out) >= cap:
                break
        return out[:cap]

    def near(self, variants: set[str]) -> list[str]:
        return list({k for v in variants for k in self._near.get(v, ())})

    def rows(self, term_ids: list[int]) -> list[tuple]:
        return [self._rows[t] for t in term_ids if t in self._rows]


def _near_keys(source: KeySource, key: str, cap: int) -> list[str]:
    """The indexed word keys within one edit of `key` (two for long keys), closest first, itself left out."""
    from rapidfuzz.distance import OSA

    variants, depth = near_variants(key)
    found = [(OSA.distance(key, k), k) for k in source.near(variants) if k != key]
    return [k for d, k in sorted(f for f in found if f[0] <= depth)][:NEAR_KEYS]


def _lookups(source: KeySource, unit: Unit) -> list[tuple[str, bool]]:
    """(key, is_prefix) pairs one unit looks up."""
    prefixes = [p for p in unit.prefixes if p]
    out = [(k, False) for k in unit.keys] + [(p, True) for p in prefixes]
    if unit.near:
        out += [(k, False) for k in _near_keys(source, unit.near, DRIVER_CAP)]
    return [(k, p) for k, p in dict.fromkeys(out) if p or not any(k.startswith(q) for q in prefixes)]


def find_candidates(source: KeySource, query: MatchQuery, prefix: bool, keep: int,
                    cap: int = DRIVER_CAP) -> tuple[list[tuple], bool]:
    """The (term_id, word keys, weight) of the names most worth scoring, at most `keep`, best first
    (weight: the rarity of the query units the name holds), and whether more names held the query's
    words than could be looked at (the answer is then the best of a part)."""
    units = query_units(query.forms, prefix)
    if not units:
        return [], False
    cap = min(cap, max(DRIVER_SHARE_MIN, int(source.total * DRIVER_SHARE)))
    sized = []
    for unit in units:
        lookups = _lookups(source, unit)
        counts = [source.count(k, p, SIZE_RANGE * cap) for k, p in lookups]
        if sum(counts):
            sized.append((sum(counts), unit, [lk for lk, c in zip(lookups, counts) if c]))
    if not sized:
        return [], False
    sized.sort(key=lambda s: s[0])
    drivers, budget = [], cap                   # the rarest units, while their names fit in `cap`
    for size_unit in sized:
        if drivers and size_unit[0] > budget:
            break
        drivers.append(size_unit)
        budget -= size_unit[0]
    partial = drivers[0][0] > cap
    read = min(cap, PARTIAL_READ * keep) if partial else cap      # of a part, a smaller part will do

    def weight(size: int, unit: Unit) -> float:
        return unit.weight * (math.log(source.total / min(size, source.total)) + 0.1)

    scores: dict[int, float] = defaultdict(float)
    words: dict[int, str] = {}
    for size, unit, lookups in drivers:
        held: dict[int, str] = {}
        for key, is_prefix in lookups:
            if len(held) < read:
                held.update(source.postings(key, is_prefix, read - len(held)))
        w = weight(size, unit)
        for t in held:
            scores[t] += w
        words.update(held)
    common = [(weight(size, unit), {k for k, p in lookups if not p}, [k for k, p in lookups if p and k.islower()])
              for size, unit, lookups in sized[len(drivers):]]
    if common:                                  # the common units, checked on the drivers' names only
        for t, text in words.items():
            filed = filed_under(text)
            for w, exact, prefixes in common:
                if not filed.isdisjoint(exact) or prefixes and any(k.startswith(p) for p in prefixes for k in filed):
                    scores[t] += w
    ranked = sorted(scores, key=lambda t: (-scores[t], t))
    partial = partial or len(ranked) > keep
    return [(t, words[t], scores[t]) for t in ranked[:keep]], partial


# -- keeping the index current -----------------------------------------------------------------

OPTIMIZE_AT = 20000      # re-indexed designations from which the tables are analysed afresh


def refresh_index(conn: sqlite3.Connection, batch: int = 20000) -> int:
    """Re-index the names and aliases of designations marked dirty; returns how many were re-indexed.

    When every designation is dirty (a first index, or after an import of everything) the tables are
    emptied and the keys are written in key order at the end (a sorted bulk insert: no random B-tree
    writes), which is what keeps a million designations to about a minute.
    """
    dirty = [r[0] for r in conn.execute("SELECT designation_id FROM search_dirty").fetchall()]
    if not dirty:
        return 0
    GENERATION[0] += 1
    everything = not conn.execute(          # every current designation is dirty (deleted ones may be too)
        "SELECT EXISTS (SELECT 1 FROM designations d WHERE NOT EXISTS"
        " (SELECT 1 FROM search_dirty s WHERE s.designation_id = d.designation_id))").fetchone()[0]
    own = not conn.in_transaction
    if own:
        conn.execute("BEGIN IMMEDIATE")
    try:
        if everything:
            for table in ("search_terms", "search_keys", "search_near"):
                conn.execute(f"DELETE FROM {table}")
            conn.execute("CREATE TEMP TABLE IF NOT EXISTS search_staging (key TEXT, term_id INTEGER, words TEXT)")
            conn.execute("DELETE FROM temp.search_staging")
        vocabulary: set[str] = set()
        for start in range(0, len(dirty), batch):
            vocabulary |= _reindex(conn, dirty[start:start + batch], staged=everything)
        if everything:
            conn.execute("INSERT INTO search_keys SELECT key, term_id, words FROM temp.search_staging"
                         " ORDER BY key, term_id")
            conn.execute("DROP TABLE temp.search_staging")
        _file_near(conn, vocabulary, everything)
        conn.execute("DELETE FROM search_dirty")
        if len(dirty) >= OPTIMIZE_AT:
            conn.execute("ANALYZE search_keys")
    except BaseException:
        if own:
            conn.execute("ROLLBACK")
        raise
    if own:
        conn.execute("COMMIT")
    return len(dirty)


GENERATION = [0]        # bumped by every refresh_index that changed something


def _reindex(conn: sqlite3.Connection, chunk: list[int], staged: bool) -> set[str]:
    """Re-file one chunk of designations; returns the word keys seen (for the near-spelling table)."""
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS search_chunk (designation_id INTEGER PRIMARY KEY)")
    conn.execute("DELETE FROM search_chunk")
    conn.executemany("INSERT INTO search_chunk VALUES (?)", [(i,) for i in chunk])
    if not staged:
        old = conn.execute("SELECT term_id, label FROM search_terms WHERE designation_id IN"
                           " (SELECT designation_id FROM search_chunk)").fetchall()
        conn.executemany("DELETE FROM search_keys WHERE key = ? AND term_id = ?",
                         [(k, t) for t, label in old for k in index_keys(label_words(label))])
        conn.execute("DELETE FROM search_terms WHERE designation_id IN (SELECT designation_id FROM search_chunk)")
    labels = conn.execute(
        "SELECT d.designation_id, d.name, 0 FROM designations d JOIN search_chunk USING (designation_id)"
        " UNION ALL SELECT a.designation_id, a.alias, 1 FROM designation_aliases a"
        " JOIN search_chunk USING (designation_id) WHERE a.alias IS NOT NULL"
        " UNION ALL SELECT l.from_id, t.name, 2 FROM designation_links l"
        " JOIN search_chunk c ON c.designation_id = l.from_id"
        " JOIN designations t ON t.designation_id = l.to_id").fetchall()
    first = (conn.execute("SELECT COALESCE(MAX(term_id), 0) FROM search_terms").fetchone()[0]) + 1
    terms, keys, vocabulary = [], [], set()
    for term_id, (designation_id, label, kind) in enumerate(labels, start=first):
        words = label_words(label)
        text = " ".join(w.loose for w in words)
        terms.append((term_id, designation_id, label, kind, text))
        keys.extend((k, term_id, text) for k in index_keys(words))
        vocabulary.update(w.loose for w in words)
    conn.executemany("INSERT INTO search_terms (term_id, designation_id, label, kind, keys) VALUES (?, ?, ?, ?, ?)",
                     terms)
    if staged:
        conn.executemany("INSERT INTO temp.search_staging VALUES (?, ?, ?)", keys)
    else:
        conn.executemany("INSERT OR IGNORE INTO search_keys VALUES (?, ?, ?)", keys)
    return vocabulary


def _file_near(conn: sqlite3.Connection, vocabulary: set[str], everything: bool) -> None:
    """File the deletions of word keys not filed yet (a key's own row, variant = key, marks it filed)."""
    words = sorted(k for k in vocabulary if near_worthy(k))
    if not everything and words:
        filed = {r[0] for r in conn.execute(
            "SELECT key FROM search_near WHERE variant = key AND key IN (SELECT value FROM json_each(?))",
            (json.dumps(words),))}
        words = [k for k in words if k not in filed]
    rows = sorted({(v, k) for k in words for v in deletions(k) | {k}})
    conn.executemany("INSERT OR IGNORE INTO search_near VALUES (?, ?)", rows)
