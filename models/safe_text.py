"""Text from the sources made safe to show and to hand to other programs.

- `show_bidi`: bidirectional control characters (U+202A-202E, U+2066-2069, U+200E/200F, U+061C) can make a
  stored "KIM \u202eGNOJ LIAM" print as "KIM MAIL JONG". Every displayed or exported name goes through
  `show_bidi`, which shows each one visibly as `<U+202E>` instead of obeying it.
- `safe_cell`: a CSV cell that starts with = + - @, a tab or a carriage return is run as a formula by
  spreadsheets (OWASP "CSV Injection"); it gets a leading single quote, so it is shown as text.
- `write_csv`: the one CSV writer (tables, `changes --csv`, `search --csv`, the dashboard's exports): every
  text cell through `show_bidi` and `safe_cell`, the file through `models.safe_write`.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from models.safe_write import safe_write

if TYPE_CHECKING:
    import pandas as pd

BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def show_bidi(text: str) -> str:
    """`text` with every bidirectional control shown as `<U+XXXX>` instead of acting on the text around it."""
    if not isinstance(text, str) or not BIDI_CONTROLS.search(text):
        return text
    return BIDI_CONTROLS.sub(lambda m: f"<U+{ord(m.group(0)):04X}>", text)


def safe_cell(value: object) -> object:
    """A CSV cell that spreadsheets will show as text: bidi controls visible, a quote before a formula trigger."""
    if not isinstance(value, str):
        return value
    value = show_bidi(value)
    return "'" + value if value.startswith(FORMULA_TRIGGERS) else value


def safe_frame(frame: "pd.DataFrame") -> "pd.DataFrame":
    """A copy of `frame` with every text cell through `safe_cell`."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or str(out[column].dtype).startswith("str"):
            out[column] = out[column].map(safe_cell)
    return out


def write_csv(frame: "pd.DataFrame", out: str | Path) -> None:
    """Write `frame` as CSV (UTF-8, header, no index), cells made safe, whole or not at all (WriteError).

    Records end in CRLF (RFC 4180): with a bare LF terminator Python's csv module leaves a cell holding a
    lone CR unquoted, and every reader then splits the record there.
    """
    safe = safe_frame(frame)
    safe_write(out, lambda tmp: safe.to_csv(tmp, index=False, lineterminator="\r\n"), kind=".csv")
