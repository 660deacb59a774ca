"""Index keys: the exact strings under which a name is filed, and the lookups a query makes.

A name is filed under each word's loose romanisation key (lower case: KWANGSON and GWANGSEON both
'kwangson'), the spelling of words with a whole-word variant (upper case: 'PARK' beside 'pak', so a
prefix of the spelling finds it), each pair of neighbouring words run together ('sokir' for SU GIL, so "Sugil"
finds "Su Gil"; the first two also the other way round: "aungsoe" finds "SOE, Aung"), and all its words
run together ("KIMSUGIL"). A query looks each word up the same
ways, as a prefix for the word still being typed, and through its near spellings: the keys that
share a deletion with it (symmetric delete, as SymSpell), which finds one wrong, missing, extra or
swapped letter with B-tree lookups alone (two in long words).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from models.matching.normalise import Word
from models.matching.romanisation import canonical_word

NEAR_MIN = 4            # words shorter than this are not looked up by near spelling (too many neighbours)
NEAR_TWO = 8            # words this long may be two edits away
JOIN_MAX = 6            # names of more words are not filed under all their words run together


def loose_keys(loose: list[str]) -> set[str]:
    """The keys of a name whose words have these loose keys: the words, neighbouring pairs run together
    (the first two both ways round) and, for up to JOIN_MAX words, all of them run together."""
    keys = set(loose)
    keys.update(a + b for a, b in zip(loose, loose[1:]))
    if len(loose) > 1:                          # "Aung Soe" run together finds "SOE, Aung" (surname first)
        keys.add(loose[1] + loose[0])
    if 2 < len(loose) <= JOIN_MAX:
        keys.add("".join(loose))
    keys.discard("")
    return keys


def index_keys(words: tuple[Word, ...]) -> list[str]:
    """Every key a name (as `name_words`) is filed under: its loose keys (loose_keys) and, in upper case,
    the spelling of each word that has a whole-word variant (PARK, LEE: so that "PAR" typed finds PARK)."""
    keys = loose_keys([w.loose for w in words])
    keys.update(w.norm for w in words if w.norm and canonical_word(w.norm) != w.norm)
    return sorted(keys)


def near_worthy(key: str) -> bool:
    """Whether a word key is filed with its deletions (letters only, long enough)."""
    return len(key) >= NEAR_MIN and key.isalpha()


def deletions(key: str, depth: int = 1) -> set[str]:
    """The strings left by deleting one letter (or up to `depth` letters) of `key`."""
    out: set[str] = set()
    level = {key}
    for _ in range(depth):
        level = {w[:i] + w[i + 1:] for w in level for i in range(len(w))}
        out |= level
    out.discard(key)
    return out


@dataclass
class Unit:
    """One thing a query looks up: a word (or two words run together) as exact keys and key prefixes."""

    keys: list[str] = field(default_factory=list)
    prefixes: list[str] = field(default_factory=list)
    near: str = ""              # a word key whose near spellings count too
    weight: float = 1.0         # company forms say little about which company


def query_units(forms: list[tuple[tuple[Word, ...], str]], prefix: bool) -> list[Unit]:
    """What a query looks up (every reading of it): each word, and neighbouring words run together.

    With `prefix`, the last word may be unfinished: it (and the pair it ends) is looked up as a prefix too.
    """
    units: list[Unit] = []
    for words, _how in forms:
        last = len(words) - 1
        for i, w in enumerate(words):
            unit = Unit([w.loose], weight=w.weight, near=w.loose if near_worthy(w.loose) else "")
            if prefix and i == last:
                unit.prefixes = list(dict.fromkeys([w.loose, w.norm]))
            units.append(unit)
        for i, (a, b) in enumerate(zip(words, words[1:])):
            pair = Unit(list(dict.fromkeys([a.loose + b.loose, b.loose + a.loose])))
            if prefix and i + 1 == last:
                pair.prefixes = [a.loose + b.loose]
            units.append(pair)
        if 2 < len(words) <= JOIN_MAX:
            units.append(Unit(["".join(w.loose for w in words)]))
    return units


def near_variants(key: str) -> tuple[set[str], int]:
    """The strings a near-spelling lookup tries for `key`, and the edit distance it accepts."""
    depth = 2 if len(key) >= NEAR_TWO else 1
    return deletions(key, depth) | {key}, depth
