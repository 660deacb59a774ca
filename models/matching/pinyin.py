"""pypinyin's Mandarin readings, loaded without holding the GIL for long.

On import pypinyin parses its 2.5 MB phrase dictionary with one `json.loads`: ~0.4 s in which no
other thread runs Python, so the dashboard's window froze while the search thread warmed up. Here
pypinyin is imported without its phrases (its PYPINYIN_NO_PHRASES switch), the same file is parsed
in pieces with a pause between them into pypinyin's own phrase table, and its segmenter retrained
(what its load_phrases_dict does): the readings are pypinyin's usual ones.
"""
from __future__ import annotations

import json
import os
import re
import sys
import threading
import time
from pathlib import Path
from typing import Callable

PIECES = 60                                  # ~800 phrases each: a few ms per piece
_ENTRY = re.compile(r'^"[^"\n]+": \[$', re.MULTILINE)     # a top-level key of phrases_dict.json
_LOCK = threading.Lock()
_LOADED: list[Callable[[str], list[str]] | None] = [None]


def lazy_pinyin(text: str) -> list[str]:
    """pypinyin.lazy_pinyin (one toneless syllable per character, phrases read as phrases)."""
    if _LOADED[0] is None:
        with _LOCK:
            if _LOADED[0] is None:
                _LOADED[0] = _load()
    return _LOADED[0](text)


def _load() -> Callable[[str], list[str]]:
    if "pypinyin" in sys.modules:            # imported already, with its phrases
        from pypinyin import lazy_pinyin as imported

        return imported
    os.environ["PYPINYIN_NO_PHRASES"] = "1"
    try:
        import pypinyin
        from pypinyin.constants import PHRASES_DICT
        from pypinyin.seg import mmseg
    finally:
        del os.environ["PYPINYIN_NO_PHRASES"]
    text = Path(pypinyin.__file__).with_name("phrases_dict.json").read_text(encoding="utf-8")
    for piece in pieces(text):
        PHRASES_DICT.update(piece)
        time.sleep(0)                        # let the GUI thread have the GIL between pieces
    mmseg.retrain(mmseg.seg)
    return pypinyin.lazy_pinyin


def pieces(text: str, count: int = PIECES):
    """The JSON object `text` (one key per line, as pypinyin writes it) as about `count` dicts;
    the whole at once if it is laid out otherwise."""
    starts = [m.start() for m in _ENTRY.finditer(text)]
    end = text.rstrip().rfind("}")
    if not starts or end < starts[-1]:
        yield json.loads(text)
        return
    step = max(1, len(starts) // count)
    bounds = starts[::step] + [end]
    for a, b in zip(bounds, bounds[1:]):
        yield json.loads("{" + text[a:b].rstrip().rstrip(",") + "}")
