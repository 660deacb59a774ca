"""Screening-grade name matching, shared by the live search, `python main.py search` and `screen`.

`MatchQuery.parse(text)` reads a query in any script (models.matching.normalise); `score_name(query,
label)` scores one name or alias 0-100 with the reasons (models.matching.scorer). The candidate stage
(which names to score) lives with the index in models.search_index; models.matching.keys says which
keys a name is filed under and which a query looks up.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from models.matching.normalise import Word, fold, name_words, readings
from models.matching.scorer import Scored, score_words

DEFAULT_THRESHOLD = 80      # chosen from benchmarks/search_quality.py (see README)

__all__ = ["DEFAULT_THRESHOLD", "MatchQuery", "Scored", "label_words", "score_name", "fold"]


@lru_cache(maxsize=262144)
def label_words(label: str) -> tuple[Word, ...]:
    """A stored name's or alias's words (names in other scripts are transliterated first)."""
    return name_words(readings(label)[0][0])


@lru_cache(maxsize=262144)
def label_fold(label: str) -> str:
    """A stored name's folded text (transliterated first): what an exact match must equal."""
    return fold(readings(label)[0][0])


@dataclass
class MatchQuery:
    """A query read every way it can be: [(words, how it was read)], and its folded text."""

    text: str
    forms: list[tuple[tuple[Word, ...], str]] = field(default_factory=list)
    folded: set[str] = field(default_factory=set)

    @classmethod
    def parse(cls, text: str) -> "MatchQuery":
        forms, folded = [], set()
        for reading, how in readings(text or ""):
            words = name_words(reading)
            if words and all(words != f for f, _ in forms):
                forms.append((words, how))
                folded.add(fold(reading))
        return cls(text or "", forms, folded)

    @property
    def empty(self) -> bool:
        return not self.forms


def score_name(query: MatchQuery, label: str, prefix: bool = False, floor: float = 0.0) -> Scored:
    """How well `label` matches `query`: the best reading's score, its reasons, and whether it is exact.

    Scores below `floor` may come out lower than they would without it (see score_words).
    """
    words = label_words(label)
    best = Scored(0.0)
    for form, how in query.forms:
        scored = score_words(form, words, prefix, floor)
        if scored.score > best.score:
            best = Scored(scored.score, ([how] if how else []) + scored.reasons)
    if best.score > 0 and label_fold(label) in query.folded:
        best = Scored(100.0, [r for r in best.reasons if r != "word order"], exact=True)
    return best
