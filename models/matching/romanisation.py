"""Romanisation keys: one spelling for the many ways Korean and Chinese names are written in Latin letters.

`key(word)` rewrites a folded word so that McCune-Reischauer (KWANGSON, CH'OE, KYONG), Revised
Romanization (GWANGSEON, CHOE, GYEONG), common spellings (LEE, PARK, CHOI, CHUNG, SOO) and Chinese
Wade-Giles (HSIANG, TS'AI, CHIH) meet Pinyin (XIANG, CAI, ZHI). The rules work inside a word, on its
syllables, so run-together forms (GWANGSEON, MEIXIANG) get the same treatment as spaced ones.
`loose_key` also merges the vowels O and U (CHOSUN ~ JOSEON, SUNG ~ SEONG), which a plain key keeps apart.
"""
from __future__ import annotations

import re
from functools import lru_cache

# Whole-word spellings of the same Korean (and a few Chinese) syllables: every variant maps to the first.
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


def canonical_word(word: str) -> str:
    """The first spelling of a word's variant group (RHEE -> RI); EO -> O otherwise."""
    if word in CANONICAL:
        return CANONICAL[word]
    if "EO" in word:
        return word.replace("EO", "O")
    return word


# Ordered rewrites on a lower-case word. "ng" is protected first so that g -> k leaves it alone. Each rule
# has the letters without which it cannot apply (checked first: a substring test is far cheaper than a regex).
_RULES: list[tuple[re.Pattern, str, tuple[str, ...]]] = [(re.compile(a), b, need) for a, b, need in [
    (r"ng", "N", ("ng",)),              # protect NG (KWANG, JONG) from the g -> k rule
    (r"hs", "x", ("hs",)),              # Wade-Giles HSIANG ~ Pinyin XIANG
    (r"tz|ts", "z", ("tz", "ts")), (r"^c(?=[aeiou])", "z", ("c",)),     # Wade-Giles TS'AI / TZU ~ Pinyin CAI / ZI
    (r"ieh", "ie", ("ieh",)), (r"ien", "ian", ("ien",)), (r"ih$", "i", ("ih",)),  # Wade-Giles YEH, MIEN, SHIH
    (r"eo", "o", ("eo",)), (r"eu", "u", ("eu",)), (r"oo", "u", ("oo",)), (r"ee", "i", ("ee",)),   # RR vowels
    (r"([ktp])h", r"\1", ("h",)), (r"sh", "s", ("sh",)),  # aspirates: THAEK ~ TAEK, SHIN ~ SIN
    (r"zh|ch|j|q", "j", ("zh", "ch", "j", "q")),     # CH (MR) ~ J (RR) ~ ZH / Q (Pinyin)
    (r"g", "k", ("g",)), (r"d", "t", ("d",)), (r"b", "p", ("b",)), (r"l", "r", ("l",)),   # RR voiced initials ~ MR
    (r"kk", "k", ("kk",)), (r"tt", "t", ("tt",)), (r"pp", "p", ("pp",)), (r"jj", "j", ("jj",)),
    (r"N", "ng", ("N",)),
]]


@lru_cache(maxsize=200000)
def key(word: str) -> str:
    """A word's romanisation key: KWANGSON and GWANGSEON both give 'kwangson'."""
    word = canonical_word(word.upper()).lower()
    for pattern, repl, need in _RULES:
        if any(n in word for n in need):
            word = pattern.sub(repl, word)
    return word


@lru_cache(maxsize=200000)
def loose_key(word: str) -> str:
    """`key` with O and U merged (the Korean vowel EO is often written U: CHOSUN, SUNG, CHUNG)."""
    return key(word).replace("u", "o")
