"""Reading OFAC's "Archive of Changes to the SDN List" (sdnnewYY.txt) into dated actions.

The file: a legal preamble, then per action date a line `MM/DD/YY:`, paragraphs such as `The following
[DPRK4] entries have been added to OFAC's SDN List:` (or removed, changed, `resulting in the following
new ... entries:`), each followed by entries in the text form of OFAC's sdn.txt. Entries carry no
ent_num. An entry ends where its last line ends with CR LF (wrapped lines end with a bare LF in OFAC's
files); in a file with one kind of line ending, where a line ends with "." after its programme tags.
A changed entry is "old text -to- new text".
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from models.errors import DataImportError

DATE_LINE = re.compile(r"^(\d{2})/(\d{2})/(\d{2}):\s*$")
HEADERS = [   # (pattern over a paragraph joined to one line, event)
    (re.compile(r"^The following (\[[^:]*\] )?entr(y has|ies have) been added to OFAC'?s SDN List:$", re.I), "designated"),
    (re.compile(r"^The following (\[[^:]*\] )?entr(y has|ies have) been removed( from OFAC'?s SDN List)?:$", re.I),
     "removed"),
    (re.compile(r"^The following (\[[^:]*\] )?entr(y has|ies have) been changed:$", re.I), "changed"),
    (re.compile(r"^resulting in the following new (\[[^:]*\] )?entr(y|ies):$", re.I), "designated"),
    (re.compile(r"^resulting in the removal of the following (\[[^:]*\] )?entr(y|ies):$", re.I), "removed"),
]
TAG = re.compile(r"\[([A-Z0-9][A-Z0-9 ._-]*)\]")
TYPE_MARK = re.compile(r"\((individual|vessel|aircraft)\)")
CHANGE_SPLIT = re.compile(r"\s-\s?to-\s?")     # " -to- ", also wrapped after its hyphen


@dataclass
class Action:
    """One entry of the archive under one dated action."""

    day: str                 # YYYY-MM-DD
    event: str               # designated / removed / changed
    text: str                # the entry as one line (for a change: the new text)
    old_text: str | None     # a change's old text
    line: int                # first line of the entry
    header: str              # the paragraph that introduced it

    @property
    def sdn_type(self) -> str:
        mark = TYPE_MARK.search(self.text)
        return mark.group(1) if mark else "entity"

    @property
    def programs(self) -> set[str]:
        return set(TAG.findall(self.text))


def _lines(path: Path) -> list[tuple[str, bool]]:
    """(text, ended with CR LF) per physical line."""
    raw = path.read_bytes()
    if b"\x00" in raw[:65536]:
        raise DataImportError(path, "not a text file (it contains NUL bytes)")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    out = []
    for part in text.split("\n"):
        crlf = part.endswith("\r")
        out.append((part.rstrip("\r").replace("\x1a", ""), crlf))
    return out


def _join(parts: list[str]) -> str:
    """Wrapped lines as one line: a line broken after a hyphen joins without a space."""
    text = ""
    for part in parts:
        part = part.strip()
        if not text:
            text = part
        elif text.endswith("-") and not text.endswith(" -"):
            text += part
        else:
            text += " " + part
    return text


def parse_changes(path: Path) -> tuple[list[Action], list[str]]:
    """The dated actions of an archive file, and notes on paragraphs it skipped."""
    lines = _lines(path)
    mixed = any(crlf for _t, crlf in lines) and any(not crlf and t.strip() for t, crlf in lines)
    # paragraphs: runs of non-blank lines, with their first line number
    paragraphs: list[tuple[int, list[tuple[str, bool]]]] = []
    current: list[tuple[str, bool]] = []
    start = 0
    for number, (text, crlf) in enumerate(lines, 1):
        if text.strip():
            if not current:
                start = number
            current.append((text, crlf))
        elif current:
            paragraphs.append((start, current))
            current = []
    if current:
        paragraphs.append((start, current))
    actions: list[Action] = []
    notes: list[str] = []
    day: str | None = None
    event: str | None = None
    header = ""
    for first, para in paragraphs:
        joined = _join([t for t, _c in para])
        match = DATE_LINE.match(joined)
        if match:
            month, dom, year = (int(g) for g in match.groups())
            try:
                day = date(2000 + year if year < 90 else 1900 + year, month, dom).isoformat()
            except ValueError:
                raise DataImportError(path, f"the action date {joined!r} is not a valid MM/DD/YY date",
                                      line=first) from None
            event = None
            continue
        kind = next((e for pattern, e in HEADERS if pattern.match(joined)), None)
        if kind is not None:
            if day is None:
                raise DataImportError(path, f"the paragraph {joined[:60]!r} comes before any action date "
                                            "(MM/DD/YY:)", line=first)
            event, header = kind, joined
            continue
        if day is None:
            continue                      # the legal preamble
        if event is None:
            if TAG.search(joined):
                raise DataImportError(path, f"an entry ({joined[:60]!r}) under the action date {day} without a "
                                            "paragraph saying whether it was added, removed or changed", line=first)
            notes.append(f"line {first}: skipped a paragraph that is not an entry ({joined[:60]!r})")
            continue
        actions.extend(_entries(path, para, first, mixed, day, event, header))
    if day is None:
        raise DataImportError(path, "no action date (a line MM/DD/YY:) found; not an OFAC change archive")
    return actions, notes


def _entries(path: Path, para: list[tuple[str, bool]], first: int, mixed: bool, day: str, event: str,
             header: str) -> list[Action]:
    out = []
    parts: list[str] = []
    start = first
    for offset, (text, crlf) in enumerate(para):
        if not parts:
            start = first + offset
        parts.append(text)
        so_far = " ".join(parts)
        ends = crlf if mixed else (text.rstrip().endswith(".") and TAG.search(so_far) is not None)
        if ends or offset == len(para) - 1:
            out.append(_action(path, _join(parts), start, day, event, header))
            parts = []
    return out


def _action(path: Path, text: str, line: int, day: str, event: str, header: str) -> Action:
    old = None
    if event == "changed":
        parts = CHANGE_SPLIT.split(text, 1)
        if len(parts) != 2:
            raise DataImportError(path, f"a changed entry without ' -to- ' between its old and new text "
                                        f"({text[:60]!r})", line=line)
        old, text = parts
    if not TAG.search(text):
        raise DataImportError(path, f"an entry without a programme tag such as [DPRK3] ({text[:60]!r}); "
                                    "the file may be truncated or damaged", line=line)
    return Action(day, event, text.strip(), old.strip() if old else None, line, header)
