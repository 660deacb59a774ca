"""OFAC's CSV list files: sdn.csv / cons_prim.csv with their add, alt and comments companions.

No header, cp1252, `-0- ` for null, a trailing Ctrl-Z, programmes joined with `] [`. The files carry
no publish date, so the snapshot date comes from an earlier import of the same content, the user, or the
file or folder name (never the file time).
"""
from __future__ import annotations

import re
from pathlib import Path

from models.errors import DataImportError
from models.importers.sanctions_entry import (OFAC_CONS, OFAC_SDN, Entry, ParsedList, classify_dprk,
                                              fallback_snapshot_date, resolve_links)
from models.importers.textfile import csv_records, read_text
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
STEP_ROWS = 2000                      # rows between progress.step calls (a few ms of work)


def parse_ofac_csv(path: Path, companions: dict[str, Path], as_of: str | None,
                   progress: Progress | None = None, known: str | None = None) -> ParsedList:
    """Read a primary file and its companions into one dated snapshot of the list."""
    progress = progress or Progress()
    cons = path.name.lower().startswith("cons_")
    list_name = OFAC_CONS if cons else OFAC_SDN
    notes = [f"list {list_name!r} (from the file name: OFAC's consolidated files are named cons_*.csv)"]
    entries: dict[str, Entry] = {}
    vessel_columns = tuple(VESSEL_COLUMNS.items())
    for line, fields in _records(path, "ofac_csv", progress):
        ent = fields[0].strip()
        if ent in entries:
            raise DataImportError(path, f"ent_num {ent} appears twice", line=line, record=ent)
        vals = [None if (t := f.strip()) in NULLS else t for f in fields]
        name = vals[1]
        if not name:
            raise DataImportError(path, "the entry has no name", line=line, record=ent)
        sdn_type = (vals[2] or "").lower()
        if sdn_type not in TYPES:
            raise DataImportError(path, f"unknown SDN type {fields[2]!r}", line=line, record=ent)
        programs = [p.strip() for p in (vals[3] or "").split("] [") if p.strip()]
        entry = Entry(ent, name, TYPES[sdn_type], "OFAC", programs, title=vals[4], remarks=vals[11])
        entry.identifiers = [[label, vals[i], None] for i, label in vessel_columns if vals[i]]
        entries[ent] = entry
    _attach_companions(path, companions, entries, notes, progress)
    date, basis = fallback_snapshot_date(path, as_of, known)     # after the rows: a broken file says so first
    notes.insert(0, f"snapshot date {date}: {basis}")
    total = len(entries)
    for done, e in enumerate(entries.values()):
        if done % STEP_ROWS == 0:
            progress.step(done, total, f"Reading the remarks of {path.name}: {done:,} of {total:,}")
        if e.remarks:
            identifiers, e.links = parse_remarks(e.remarks)
            e.identifiers = _unique(e.identifiers + identifiers)
        e.nationality = next((i[1] for i in e.identifiers if i[0] == "Nationality"), None)
    result = list(entries.values())
    resolve_links(result, notes, progress)
    classify_dprk(result, progress)
    uncovered = tuple(part for part, fmt in (("addresses", "ofac_add_csv"), ("aliases", "ofac_alt_csv"),
                                              ("comments", "ofac_comments_csv")) if fmt not in companions)
    if uncovered:
        notes.append(f"this snapshot does not cover {', '.join(uncovered)} (imported without "
                     f"{', '.join(_label(f) for f in ('ofac_add_csv', 'ofac_alt_csv', 'ofac_comments_csv') if f not in companions)}):"
                     " they are not compared with other snapshots, and entries keep the newest known ones")
    return ParsedList(list_name, "OFAC", "ofac_cons" if cons else "ofac_sdn", date, basis, result, notes,
                      record_count=len(result), uncovered=uncovered)


def _attach_companions(path: Path, companions: dict[str, Path], entries: dict[str, Entry],
                       notes: list[str], progress: Progress) -> None:
    comments: dict[str, list[str]] = {}
    for fmt, companion in sorted(companions.items()):
        rows, orphans = _rows_of_entries(companion, fmt, entries, progress)
        if fmt == "ofac_comments_csv":
            for entry, fields in rows:
                comments.setdefault(entry.source_id, []).append(fields[1])
        elif fmt == "ofac_add_csv":
            for entry, fields in rows:
                vals = [None if (t := f.strip()) in NULLS else t for f in fields[2:]]
                entry.addresses.append([vals[0], vals[1], None, None, vals[2], vals[3]])
        else:
            for entry, fields in rows:
                vals = [None if (t := f.strip()) in NULLS else t for f in fields[2:]]
                entry.aliases.append([vals[1] or "", vals[0], vals[2]])
        if orphans:
            notes.append(f"{companion.name}: {orphans} rows name an ent_num that is not in {path.name} "
                         "(newer or older designations); they were skipped")
    for ent, parts in comments.items():
        entry = entries[ent]
        entry.comments = "".join(parts)
        entry.remarks = (entry.remarks or "") + entry.comments


def _rows_of_entries(companion: Path, fmt: str, entries: dict[str, Entry],
                     progress: Progress) -> tuple[list[tuple[Entry, list[str]]], int]:
    """(entry, fields) for each row of a companion file whose ent_num is in `entries`, and the orphan count.

    Addresses and aliases come in the order of their own number (the second field).
    """
    rows = []
    orphans = 0
    for _line, fields in _records(companion, fmt, progress):
        entry = entries.get(fields[0].strip())
        if entry is None:
            orphans += 1
        else:
            rows.append((entry, fields))
    if fmt != "ofac_comments_csv":
        rows.sort(key=_own_number)
    return rows, orphans


def _own_number(row: tuple[Entry, list[str]]) -> int:
    return int(row[1][1])


def _records(path: Path, fmt: str, progress: Progress):
    """Validated records of one file of the set: right column count, numeric ent_num."""
    expected = COLUMNS[fmt]
    numbered = fmt in ("ofac_add_csv", "ofac_alt_csv")
    text = read_text(path)
    total = max(text.count("\n"), 1)       # physical lines: an upper bound of the records
    label = f"Reading {path.name}: {{:,}} of {total:,}"
    for count, (line, fields) in enumerate(csv_records(path, text)):
        if count % STEP_ROWS == 0:
            progress.step(min(count, total), total, label.format(count))
        if len(fields) != expected:
            raise DataImportError(path, f"{len(fields)} columns where an OFAC {_label(fmt)} file has "
                                        f"{expected}", line=line)
        if not fields[0].strip().isdigit():
            raise DataImportError(path, f"the first field {fields[0][:20]!r} is not an ent_num", line=line)
        if numbered and not fields[1].strip().isdigit():
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
