"""An in-memory trigram index over every name and alias: the candidate stage of batch screening.

Screening thousands of names against one list pays for building this once (a few seconds for the
OFAC list) and then answers each name with numpy instead of an SQL query: the labels sharing the
most trigrams with the query's words and romanisation keys, each trigram weighted by its rarity
(idf), so a typo's odd trigrams cannot outvote the right ones. The live search keeps the SQLite
FTS index (models.search), which needs no build and scales to a million designations.
"""
from __future__ import annotations

import math
from collections import defaultdict

import numpy as np

from models.matching import MatchQuery, label_words

MAX_TERMS = 24      # the query's rarest trigrams looked up (the common ones add little but cost most)


def _trigrams(text: str) -> set[str]:
    return {text[i:i + 3] for i in range(len(text) - 2)}


def label_text(label: str) -> list[str]:
    """The pieces of a label the index cuts into trigrams: its words and their keys, and the keys run together."""
    words = label_words(label)
    return [w.norm.lower() for w in words] + [w.key for w in words] + ["".join(w.key for w in words)]


class MemoryIndex:
    def __init__(self, rows: list[tuple[int, str, int]]):
        """`rows`: (designation_id, label, kind), as models.search stores them."""
        self.rows = rows
        postings: dict[str, list[int]] = defaultdict(list)
        for i, (_d, label, _k) in enumerate(rows):
            for t in set().union(*(_trigrams(p) for p in label_text(label))):
                postings[t].append(i)
        n = max(len(rows), 1)
        self.postings = {t: np.array(v, dtype=np.int32) for t, v in postings.items()}
        self.idf = {t: math.log(n / len(v)) + 0.1 for t, v in postings.items()}
        self._scores = np.zeros(len(rows), dtype=np.float32)

    def candidates(self, query: MatchQuery, limit: int = 100) -> list[tuple[int, str, int]]:
        """The `limit` rows sharing the most (rare) trigrams with the query."""
        if not self.rows:
            return []
        scores = self._scores
        scores[:] = 0
        terms = {t for word in query.trigram_terms_by_word() for t in word if t in self.postings}
        for t in sorted(terms, key=lambda t: len(self.postings[t]))[:MAX_TERMS]:
            scores[self.postings[t]] += self.idf[t]
        k = min(limit, int(np.count_nonzero(scores)))
        if k == 0:
            return []
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top], kind="stable")]
        return [self.rows[i] for i in top.tolist()]
