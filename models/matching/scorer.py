"""The fine scorer: how well one name or alias matches a query, 0-100, and why.

Words are compared in any order, each with its best partner: the same word (1.0), the same
romanisation key (0.97) or loose key (0.93), else edit similarity (the mean of Jaro-Winkler and
normalised Levenshtein from rapidfuzz, squared; below 0.55 is no match). A query word left over may match two
name words run together (SERGEILAVROV ~ SERGEI LAVROV) and two query words one name word (SU GIL ~
SUGIL). The score is the weighted share of the query matched (company forms weigh 0.3), times a
small factor for name words the query left out (a missing patronymic costs a few points).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz.distance import JaroWinkler, Levenshtein

from models.matching.normalise import Word
from models.matching.romanisation import key, loose_key

MIN_WORD = 0.55         # word similarity below this is no match
ROMANISATION, LOOSE = 0.97, 0.93
PREFIX = 0.9            # an unfinished last word (search as you type): 0.9 to 0.97 as more of it is typed
UNMATCHED_NAME_SHARE = 0.15   # at most this share of the score goes when name words are left over


@dataclass
class Scored:
    score: float                                    # 0-100
    reasons: list[str] = field(default_factory=list)
    exact: bool = False                             # the same text once folded (always ranked first)


@lru_cache(maxsize=1 << 20)
def word_similarity(a: Word, b: Word, prefix: bool = False) -> tuple[float, str]:
    """(similarity 0-1, why) between a query word and a name word."""
    if a.norm == b.norm:
        if a.written != b.written and b.weight < 1:
            return 1.0, f"company form: {a.written}~{b.written}"
        return 1.0, ""
    if a.key == b.key:
        return ROMANISATION, f"romanisation: {a.written}~{b.written}"
    if a.loose == b.loose:
        return LOOSE, f"romanisation: {a.written}~{b.written}"
    if prefix and b.norm.startswith(a.norm):
        return PREFIX + 0.07 * len(a.norm) / len(b.norm), f"beginning of {b.written}"
    if prefix and b.key.startswith(a.key):
        return PREFIX - 0.02 + 0.07 * len(a.key) / len(b.key), f"beginning of {b.written} (romanisation)"
    raw = (JaroWinkler.normalized_similarity(a.norm, b.norm) + Levenshtein.normalized_similarity(a.norm, b.norm)) / 2
    keyed = (JaroWinkler.normalized_similarity(a.key, b.key) + Levenshtein.normalized_similarity(a.key, b.key)) / 2
    best = max(raw, keyed * 0.99) ** 2          # squared: one letter off in a short word is a weak match
    if best < MIN_WORD:
        return 0.0, ""
    kind = "spelling" if raw >= keyed * 0.99 else "romanisation and spelling"
    return best, f"{kind}: {a.written}~{b.written}"


@lru_cache(maxsize=1 << 18)
def _joined(words: tuple[Word, ...]) -> Word:
    norm = "".join(w.norm for w in words)
    return Word(" ".join(w.written for w in words), norm, key(norm), loose_key(norm),
                min(1.0, sum(w.weight for w in words)))


def score_words(query: tuple[Word, ...], name: tuple[Word, ...], prefix: bool = False, floor: float = 0.0) -> Scored:
    """Score a name against a query (both as `name_words`); `prefix`: the last query word may be unfinished.

    With `floor`, a name that cannot reach it even if every weak query word turned out to be run
    together skips that (slower) search and keeps its lower score.
    """
    if not query or not name:
        return Scored(0.0)
    last = len(query) - 1
    pairs = []
    for i, q in enumerate(query):
        unfinished = prefix and i == last
        for j, n in enumerate(name):
            s, why = word_similarity(q, n, unfinished)
            if s > 0:
                pairs.append((-s * q.weight, i, j, s, why))
    pairs.sort()                                # best weighted similarity first, then query and name order
    q_sim: dict[int, float] = {}
    n_sim: dict[int, float] = {}
    q_to_n: dict[int, int] = {}
    why_of: dict[int, str] = {}                 # query word -> why it matched
    for _w, i, j, s, why in pairs:
        if i in q_sim or j in n_sim:
            continue
        q_sim[i], n_sim[j], q_to_n[i], why_of[i] = s, s, j, why
    q_total = sum(q.weight for q in query)
    best_case = sum(q.weight if q_sim.get(i, 0.0) < 0.9 else q_sim[i] * q.weight for i, q in enumerate(query))
    if 100.0 * best_case / q_total >= floor:
        _run_together(query, name, q_sim, n_sim, q_to_n, why_of)
    n_total = sum(n.weight for n in name)
    q_cov = sum(q_sim.get(i, 0.0) * q.weight for i, q in enumerate(query)) / q_total
    n_cov = sum(n_sim.get(j, 0.0) * n.weight for j, n in enumerate(name)) / n_total
    reasons = [why_of[i] for i in sorted(why_of) if why_of[i]]
    order = [q_to_n[i] for i in sorted(q_to_n)]
    if any(b < a for a, b in zip(order, order[1:])):
        reasons.append("word order")
    return Scored(100.0 * q_cov * (1 - UNMATCHED_NAME_SHARE * (1 - n_cov)), reasons)


def _run_together(query, name, q_sim, n_sim, q_to_n, why_of) -> None:
    """Match left-over query words to two name words run together, and two query words to one name word."""
    free_n = [j for j in range(len(name)) if j not in n_sim]
    for i, q in enumerate(query):
        if q_sim.get(i, 0.0) >= 0.9 or len(free_n) < 2 or len(q.norm) < 4:
            continue
        best = None
        for a in free_n:
            if name[a].key[:1] != q.key[:1]:
                continue
            for b in free_n:
                if a != b and abs(len(name[a].norm) + len(name[b].norm) - len(q.norm)) <= 2:
                    s, _why = word_similarity(q, _joined((name[a], name[b])))
                    if s >= 0.85 and (best is None or s > best[0]):
                        best = (s, a, b)
        if best and best[0] > q_sim.get(i, 0.0):
            s, a, b = best
            if i in q_to_n:
                n_sim.pop(q_to_n[i], None)
            q_sim[i], n_sim[a], n_sim[b], q_to_n[i] = s, s, s, a
            free_n = [j for j in range(len(name)) if j not in n_sim]
            why_of[i] = f"run-together: {q.written}~{name[a].written} {name[b].written}"
    free_q = [i for i in range(len(query)) if q_sim.get(i, 0.0) < 0.9]
    for i in free_q:
        k = i + 1
        if k not in free_q:
            continue
        joined = None
        for j in range(len(name)):
            if j in n_sim and n_sim[j] >= 0.9 or abs(len(query[i].norm) + len(query[k].norm) - len(name[j].norm)) > 2:
                continue
            joined = joined or _joined((query[i], query[k]))
            s, _why = word_similarity(joined, name[j])
            if s >= 0.85:
                q_sim[i] = q_sim[k] = s
                n_sim[j], q_to_n[i], q_to_n[k] = s, j, j
                why_of[i], why_of[k] = f"run-together: {joined.written}~{name[j].written}", ""
                break
