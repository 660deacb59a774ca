"""OFAC's CSV list files: sdn.csv / cons_prim.csv with their add, alt and comments companions.

No header, cp1252, `-0- ` for null, a trailing Ctrl-Z, programmes joined with `] [`. The files carry
no publish date, so the snapshot date comes from an earlier import of the same content, the user, or the
file or folder name (never the file time).
"""
from __future__ import annotations

import re
from operator import itemgetter
from pathlib import Path
from typing import Iterator

from models.errors import DataImportError
from models.importers.sanctions_entry import (OFAC_CONS, OFAC_SDN, Entry, ListStream, ParsedList,
                                              fallback_snapshot_date, mark_direct_dprk, read_whole)
from models.importers.textfile import csv_records, open_text
from models.progress import Progress

COLUMNS = {"ofac_csv": 12, "ofac_add_csv": 6, "ofac_alt_csv": 5, "ofac_comments_csv": 2}
TYPES = {"": "entity", "individual": "individual", "vessel": "vessel", "aircraft": "aircraft"}
VESSEL_COLUMNS = {5: "Call Sign", 6: "Vessel Type", 7: "Tonnage", 8: "GRT", 9: "Vessel Flag", 10: "Vessel Owner"}

# Remarks parts ("; "-separated) that become identifiers or links: the part's label -> id_type.
REMARK_LABELS = {
    "DOB": "DOB", "POB": "Place of Birth", "nationality": "Nationality", "citizen": "Citizenship",
    "Passport": "Passport", "National ID No.": "National ID", "Vessel Registration Identification IMO": "IMO",
    "Identification Number IMO": "IMO", "Vessel Flag": "Vessel Flag", "Vessel Type": "Vessel Type",
    "MMSI": "MMSI", "Gender": "Gender", "Website": "Website", "Email Address": "Email",
    "Secondary sanctions risk:": "Secondary sanctions risk", "Linked To:": "link",
}
REMARK_PART = re.compile(r"^(?:alt\. )?(" + "|".join(re.escape(k) for k in sorted(REMARK_LABELS, key=len, reverse=True))
                         + r") (.+)$", re.DOTALL)
SINGLE_TOKEN = {"IMO", "MMSI"}
WITH_COUNTRY = {"Passport", "National ID"}


def value(field: str) -> str | None:
    """A field with OFAC's `-0- ` null marker (and surrounding blanks) removed."""
    text = field.strip()
    return None if text in ("", "-0-") else text


def parse_remarks(remarks: str | None) -> tuple[list[list], list[list]]:
    """The identifiers and "Linked To" links written into an OFAC remarks field."""
    identifiers: list[list] = []
    links: list[list] = []
    if not remarks:
        return identifiers, links
    for part in remarks.split("; "):
        part = part.strip()
        if "(" in part or ")" in part:          # most parts have no parenthesis: nothing to trim
            if part.startswith("(Linked To:") and part.endswith(")"):          # XML: "(Linked To: X)"
                part = part[1:-1]
            if part.startswith("(") and part.count("(") > part.count(")"):
                part = part[1:]
            if part.endswith(")") and part.count(")") > part.count("("):
                part = part[:-1]
        match = REMARK_PART.match(part)
        if match is None:
            continue
        id_type, text = REMARK_LABELS[match.group(1)], match.group(2).strip()
        if id_type == "link":
            links.append([text, "linked_to", part])
            continue
        text = text.split(" ")[0] if id_type in SINGLE_TOKEN else text.rstrip(".")
        country = None
        if id_type in WITH_COUNTRY:
            paren = PAREN.search(text)
            country = paren.group(1) if paren else None
            text = text.split(" ")[0].rstrip(";,")
        identifiers.append([id_type, text, country])
    return identifiers, links


PAREN = re.compile(r"\(([^)]+)\)")
NULLS = frozenset(("", "-0-"))
NULL_OF = dict.fromkeys(NULLS)         # a stripped null marker -> None


def _values(fields: list[str]) -> list[str | None]:
    """`value()` of each field, in C loops (map) rather than a Python loop per field."""
    stripped = list(map(str.strip, fields))
    return list(map(NULL_OF.get, stripped, stripped))
STEP_ROWS = 2000                      # rows between progress.step calls (a few ms of work)
COMPANION_PARTS = (("addresses", "ofac_add_csv"), ("aliases", "ofac_alt_csv"), ("comments", "ofac_comments_csv"))


def parse_ofac_csv(path: Path, companions: dict[str, Path], as_of: str | None,
                   progress: Progress | None = None, known: str | None = None) -> ParsedList:
    """Read a primary file and its companions whole into one dated snapshot of the list (small files, tools)."""
    return read_whole(ofac_csv_stream(path, companions, as_of, progress, known), progress)


def ofac_csv_stream(path: Path, companions: dict[str, Path], as_of: str | None,
                    progress: Progress | None = None, known: str | None = None) -> ListStream:
    """A primary file and its companions as a stream of entries: one row of the primary file at a time.

    The companions (add.csv, alt.csv, sdn_comments.csv) are read first and kept by ent_num until their
    entry's row comes; the primary file is never held whole.
    """
    progress = progress or Progress()
    cons = path.name.lower().startswith("cons_")
    list_name = OFAC_CONS if cons else OFAC_SDN
    notes = [f"list {list_name!r} (from the file name: OFAC's consolidated files are named cons_*.csv)"]
    uncovered = tuple(part for part, fmt in COMPANION_PARTS if fmt not in companions)

    def closing_notes() -> list[str]:
        if not uncovered:
            return []
        return [f"this snapshot does not cover {', '.join(uncovered)} (imported without "
                f"{', '.join(_label(f) for _part, f in COMPANION_PARTS if f not in companions)}):"
                " they are not compared with other snapshots, and entries keep the newest known ones"]

    return ListStream(list_name, "OFAC", "ofac_cons" if cons else "ofac_sdn",
                      _entries(path, companions, progress, notes), lambda: fallback_snapshot_date(path, as_of, known),
                      notes, uncovered, closing_notes=closing_notes)


def _entries(path: Path, companions: dict[str, Path], progress: Progress, notes: list[str]) -> Iterator[Entry]:
    """Each entry of the primary file with its companions' rows, remarks read and its own DPRK verdict."""
    parts = {fmt: _companion(companion, fmt, progress) for fmt, companion in sorted(companions.items())}
    addresses, aliases, comments = (parts.get(f) or InMemory() for f in ("ofac_add_csv", "ofac_alt_csv",
                                                                         "ofac_comments_csv"))
    seen: set[str] = set()
    vessel_columns = tuple(VESSEL_COLUMNS.items())
    for line, fields in _records(path, "ofac_csv", progress):
        ent = fields[0].strip()
        if ent in seen:
            raise DataImportError(path, f"ent_num {ent} appears twice", line=line, record=ent)
        seen.add(ent)
        vals = _values(fields)
        name = vals[1]
        if not name:
            raise DataImportError(path, "the entry has no name", line=line, record=ent)
        sdn_type = (vals[2] or "").lower()
        if sdn_type not in TYPES:
            raise DataImportError(path, f"unknown SDN type {fields[2]!r}", line=line, record=ent)
        programs = [p.strip() for p in (vals[3] or "").split("] [") if p.strip()]
        e = Entry(ent, name, TYPES[sdn_type], "OFAC", programs, title=vals[4], remarks=vals[11])
        e.identifiers = [[label, vals[i], None] for i, label in vessel_columns if vals[i]]
        if rows := addresses.pop(ent, None):
            e.addresses = [[v[0], v[1], None, None, v[2], v[3]] for _n, v in sorted(rows, key=_own_number)]
        if rows := aliases.pop(ent, None):
            e.aliases = [[v[1] or "", v[0], v[2]] for _n, v in sorted(rows, key=_own_number)]
        if rows := comments.pop(ent, None):
            e.comments = "".join(text for _n, text in rows)
            e.remarks = (e.remarks or "") + e.comments
        if e.remarks:
            identifiers, e.links = parse_remarks(e.remarks)
            e.identifiers = _unique(e.identifiers + identifiers)
        e.nationality = next((i[1] for i in e.identifiers if i[0] == "Nationality"), None)
        mark_direct_dprk(e)
        yield e
    for fmt, companion in sorted(companions.items()):
        orphans = parts[fmt].left()
        if orphans:
            notes.append(f"{companion.name}: {orphans} rows name an ent_num that is not in {path.name} "
                         "(newer or older designations); they were skipped")


COMPANION_MEMORY_BYTES = 16 * 1024 * 1024   # a larger companion file in ent_num order is read alongside


class InMemory(dict):
    """A companion file's rows by ent_num (ent_num -> [(own number, values)] in file order), read whole."""

    def left(self) -> int:
        """Rows not taken by any entry."""
        return sum(len(rows) for rows in self.values())


class InFileOrder:
    """A companion file in ascending ent_num order (as OFAC writes them), read alongside the primary file.

    pop(ent) reads on to that ent_num: only rows of ent_nums the primary file has not asked for yet in
    that order are held (rows of missing entries; every one if the primary file were out of order).
    """

    def __init__(self, rows: Iterator[tuple[int, str, tuple]]):
        self._rows, self._pending = rows, InMemory()
        self._head = next(rows, None)

    def pop(self, ent: str, default=None) -> list[tuple] | None:
        key = int(ent)
        found = self._pending.pop(ent, None)
        while self._head is not None and self._head[0] <= key:
            _number, row_ent, item = self._head
            if row_ent == ent:
                found = [*found, item] if found else [item]
            else:
                self._pending.setdefault(row_ent, []).append(item)
            self._head = next(self._rows, None)
        return found if found is not None else default

    def left(self) -> int:
        """Rows not taken by any entry (reads the rest of the file)."""
        count = self._pending.left()
        while self._head is not None:
            count += 1
            self._head = next(self._rows, None)
        return count


def _companion(path: Path, fmt: str, progress: Progress) -> InMemory | InFileOrder:
    """A companion file's rows for the primary file's entries: read whole when small, else (when its
    ent_nums ascend) read alongside the primary file so that memory does not grow with the file."""
    rows = _companion_items(path, fmt, progress)
    if path.stat().st_size > COMPANION_MEMORY_BYTES and _ascending(path):
        return InFileOrder(rows)
    whole = InMemory()
    for _number, ent, item in rows:
        if ent in whole:
            whole[ent].append(item)
        else:
            whole[ent] = [item]
    return whole


def _companion_items(path: Path, fmt: str, progress: Progress) -> Iterator[tuple[int, str, tuple]]:
    """(ent_num, ent_num as written, item) per row; item: (own number, values), comments (line, text)."""
    comments = fmt == "ofac_comments_csv"
    for line, fields in _records(path, fmt, progress):
        ent = fields[0].strip()
        if comments:
            yield int(ent), ent, (line, fields[1])
        else:           # addresses and aliases come in the order of their own number (the second field)
            yield int(ent), ent, (int(fields[1]), _values(fields[2:]))


def _ascending(path: Path) -> bool:
    """Whether the file's ent_nums never go down (a first pass; a malformed row answers False, and the
    whole read then reports it)."""
    stream, _lines = open_text(path)
    last = -1
    with stream:
        for _line, fields in csv_records(path, stream):
            ent = fields[0].strip() if fields else ""
            if not ent.isdigit() or int(ent) < last:
                return False
            last = int(ent)
    return True


_own_number = itemgetter(0)            # a companion row's own number (its sort key)


def _records(path: Path, fmt: str, progress: Progress):
    """Validated records of one file of the set: right column count, numeric ent_num."""
    expected = COLUMNS[fmt]
    numbered = fmt in ("ofac_add_csv", "ofac_alt_csv")
    stream, total = open_text(path)
    total = max(total, 1)                  # physical lines: an upper bound of the records
    label = f"Reading {path.name}: {{:,}} of {total:,}"
    with stream:
        for count, (line, fields) in enumerate(csv_records(path, stream)):
            if not count % STEP_ROWS:
                progress.step(min(count, total), total, label.format(count))
            if len(fields) != expected:
                raise DataImportError(path, f"{len(fields)} columns where an OFAC {_label(fmt)} file has "
                                            f"{expected}", line=line)
            if not (fields[0].isdigit() or fields[0].strip().isdigit()):        # strip only when needed
                raise DataImportError(path, f"the first field {fields[0][:20]!r} is not an ent_num", line=line)
            if numbered and not (fields[1].isdigit() or fields[1].strip().isdigit()):
                raise DataImportError(path, f"the second field {fields[1][:20]!r} is not a number", line=line,
                                      record=fields[0].strip())
            yield line, fields


def _label(fmt: str) -> str:
    return {"ofac_csv": "sdn.csv", "ofac_add_csv": "add.csv", "ofac_alt_csv": "alt.csv",
            "ofac_comments_csv": "sdn_comments.csv"}[fmt]


def _unique(items: list[list]) -> list[list]:
    seen: set[tuple] = set()
    out = []
    for item in items:
        key = tuple(item)
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out
