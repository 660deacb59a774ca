"""From a name as written to the words the matcher compares.

Scripts: Hangul is romanised per syllable (anyascii gives Revised Romanization: 김정은 -> GIM JEONG
EUN); Chinese characters get two readings, Mandarin Pinyin (pypinyin) and Sino-Korean (models.matching.
hanja); Cyrillic and every other script go through anyascii (Путин -> PUTIN). Then: upper case, accents
and apostrophes dropped, punctuation to spaces, company forms to one abbreviation (CORPORATION -> CORP,
COMPANY LIMITED -> CO LTD, SHIPPING -> SHPG) and stop words (OF, THE, AND) dropped.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import NamedTuple

from models.matching.hanja import READINGS as HANJA_READINGS
from models.matching.romanisation import key, loose_key

_APOSTROPHES = re.compile(r"['\u2019\u02bc\u2018`\u02bb]")
_NON_WORD = re.compile(r"[^0-9A-Z]+")
_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")

# Company and legal forms: every spelling -> one abbreviation (multi-word forms first).
COMPANY_PHRASES: list[tuple[tuple[str, ...], str]] = [      # matched on the abbreviated words
    (("JOINT", "STOCK", "CO"), "JSC"), (("LTD", "LIABILITY", "CO"), "LLC"), (("LTD", "LIABILITY", "CORP"), "LLC"),
    (("L", "L", "C"), "LLC"), (("S", "A"), "SA"), (("P", "T", "E"), "PTE"), (("CO", "OP"), "COOP"),
]
COMPANY_WORDS: dict[str, str] = {
    "CORPORATION": "CORP", "CORP": "CORP", "CORPN": "CORP", "COMPANY": "CO", "CO": "CO", "COMPANIES": "CO",
    "LIMITED": "LTD", "LTD": "LTD", "INCORPORATED": "INC", "INC": "INC", "SHIPPING": "SHPG", "SHPG": "SHPG",
    "INTERNATIONAL": "INTL", "INTL": "INTL", "TRADING": "TRDG", "TRDG": "TRDG", "MANAGEMENT": "MGMT",
    "MGMT": "MGMT", "ENTERPRISE": "ENT", "ENTERPRISES": "ENT", "ENT": "ENT", "PRIVATE": "PTE", "PTE": "PTE",
    "LLC": "LLC", "JSC": "JSC", "OAO": "OAO", "ZAO": "ZAO", "OOO": "OOO", "PAO": "PAO", "AO": "AO",
    "GMBH": "GMBH", "SA": "SA", "PLC": "PLC", "LLP": "LLP", "BROTHERS": "BROS", "BROS": "BROS",
    "DEPARTMENT": "DEPT", "DEPT": "DEPT", "ASSOCIATION": "ASSN", "ASSN": "ASSN", "GROUP": "GROUP",
    "INDUSTRIAL": "IND", "INDUSTRIES": "IND", "INDUSTRY": "IND", "IND": "IND", "MARITIME": "MARITIME",
}
GENERIC = frozenset(COMPANY_WORDS.values())           # weigh little: they say what, not who
STOP_WORDS = frozenset({"OF", "THE", "AND", "OR", "NOT", "FOR", "A", "AN", "DE", "DU", "LA", "LE", "EL", "AL", "Y"})
GENERIC_WEIGHT = 0.3


class Word(NamedTuple):
    """One word of a name: as written (folded), after company-form folding, and its romanisation keys.

    A named tuple, not a dataclass: the scorer hashes millions of them (its cache), and tuples hash in C.
    """

    written: str
    norm: str
    key: str
    loose: str
    weight: float


def _script_readings(text: str) -> list[str]:
    """The Latin readings of `text` (two when it holds Chinese characters: Mandarin and Sino-Korean)."""
    from anyascii import anyascii

    if text.isascii():
        return [text]
    if _HAN.search(text):
        from models.matching.pinyin import lazy_pinyin

        mandarin = " ".join(lazy_pinyin(text))
        korean = "".join(HANJA_READINGS.get(ch, ch) for ch in text)
        readings = [anyascii(_spaced_hangul(mandarin))]
        if not _HAN.search(korean):
            readings.append(anyascii(_spaced_hangul(korean)))
        return readings
    return [anyascii(_spaced_hangul(text))]


def _spaced_hangul(text: str) -> str:
    """A space after each Hangul syllable, so each becomes a word (GIM JEONG EUN)."""
    return _HANGUL.sub(lambda m: f" {m.group()} ", text) if _HANGUL.search(text) else text


def fold(text: str) -> str:
    """Upper case Latin letters and digits without accents or apostrophes, one space between words."""
    text = text or ""
    if not text.isascii():
        text = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
    return " ".join(_NON_WORD.sub(" ", _APOSTROPHES.sub("", text).upper()).split())


def split_camel(text: str) -> str:
    """SergeiLavrov -> Sergei Lavrov (a lower-case letter followed by an upper-case one)."""
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", text)


_PHRASES_BY_HEAD: dict[str, list[tuple[tuple[str, ...], str]]] = {}
for _phrase, _abbr in COMPANY_PHRASES:
    _PHRASES_BY_HEAD.setdefault(_phrase[0], []).append((_phrase, _abbr))


def _company_forms(words: list[str]) -> list[tuple[str, str]]:
    """(written, normalised) pairs with multi-word company forms collapsed."""
    short = [COMPANY_WORDS.get(w, w) for w in words]
    if not any(w in _PHRASES_BY_HEAD for w in short):
        return list(zip(words, short))
    out: list[tuple[str, str]] = []
    i = 0
    while i < len(words):
        for phrase, abbr in _PHRASES_BY_HEAD.get(short[i], ()):
            if tuple(short[i:i + len(phrase)]) == phrase:
                out.append((" ".join(words[i:i + len(phrase)]), abbr))
                i += len(phrase)
                break
        else:
            out.append((words[i], short[i]))
            i += 1
    return out


@lru_cache(maxsize=262144)
def name_words(text: str) -> tuple[Word, ...]:
    """The words of a Latin (or already transliterated) name, ready to compare."""
    folded = fold(split_camel(text)).split()
    pairs = _company_forms(folded)
    kept = [p for p in pairs if p[1] not in STOP_WORDS] or pairs
    return tuple(Word(w, n, key(n), loose_key(n), GENERIC_WEIGHT if n in GENERIC else 1.0) for w, n in kept)


def readings(text: str) -> list[tuple[str, str]]:
    """(reading, how it was obtained) for a query or name in any script; the first is the main one."""
    out = _script_readings(text or "")
    if len(out) == 1 and out[0] == text:
        return [(text, "")]
    how = []
    for i, reading in enumerate(out):
        script = ("Chinese characters" if _HAN.search(text) else "Hangul" if _HANGUL.search(text)
                  else "Cyrillic" if _CYRILLIC.search(text) else "another script")
        if _HAN.search(text):
            script += " (Mandarin)" if i == 0 else " (Sino-Korean)"
        how.append(f"transliterated from {script}: {fold(reading)}")
    return list(zip(out, how))
