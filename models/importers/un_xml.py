"""The UN Security Council Consolidated List (consolidated.xml from scsanctions.un.org).

REFERENCE_NUMBER is the entry's id, LISTED_ON its designation date, `dateGenerated` on the root the
snapshot date. Each entry's authority is the committee of its UN_LIST_TYPE (DPRK: the 1718 Committee).
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Iterator

from models.errors import DataImportError
from models.importers.sanctions_entry import (UN_CONSOLIDATED, Entry, ListStream, ParsedList,
                                              fallback_snapshot_date, read_whole)
from models.importers.xml_safe import EntryReader, Node, estimate_records, iter_records, local
from models.progress import Progress

UN_AUTHORITY = "UN Security Council"
COMMITTEES = {"DPRK": "UN 1718 Committee", "Al-Qaida": f"{UN_AUTHORITY} (1267/1989/2253 Committee)",
              "Taliban": f"{UN_AUTHORITY} (1988 Committee)", "Iraq": f"{UN_AUTHORITY} (1518 Committee)",
              "DRC": f"{UN_AUTHORITY} (1533 Committee)", "Sudan": f"{UN_AUTHORITY} (1591 Committee)",
              "Somalia": f"{UN_AUTHORITY} (2713 Committee)", "Libya": f"{UN_AUTHORITY} (1970 Committee)",
              "CAR": f"{UN_AUTHORITY} (2127 Committee)", "Yemen": f"{UN_AUTHORITY} (2140 Committee)",
              "SouthSudan": f"{UN_AUTHORITY} (2206 Committee)", "Haiti": f"{UN_AUTHORITY} (2653 Committee)",
              "GB": f"{UN_AUTHORITY} (2048 Committee)", "Iran": f"{UN_AUTHORITY} (resolution 2231)"}
STEP_ENTRIES = 200                   # entries between progress.step calls (a few ms of work)
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")


def parse_un_xml(path: Path, as_of: str | None, progress: Progress | None = None,
                 known: str | None = None) -> ParsedList:
    """The whole list in memory (small files, tools)."""
    return read_whole(un_xml_stream(path, as_of, progress, known), progress)


def un_xml_stream(path: Path, as_of: str | None, progress: Progress | None = None,
                  known: str | None = None) -> ListStream:
    """The list as a stream of entries (iterparse, each record cleared once read)."""
    progress = progress or Progress()
    header: dict[str, str | None] = {}
    notes: list[str] = []

    def entries() -> Iterator[Entry]:
        reader = EntryReader(path, "REFERENCE_NUMBER", estimate_records(path, ("INDIVIDUAL", "ENTITY")), progress,
                             STEP_ENTRIES)
        unknown: set[str] = set()
        for event, elem in iter_records(path, ("INDIVIDUAL", "ENTITY"), "CONSOLIDATED_LIST"):
            if event == "start":
                header["generated"] = elem.get("dateGenerated")
                continue
            e = _entry(path, elem, elem.sourceline)
            reader.add(e, elem.sourceline)
            if e.programs and e.programs[0] not in COMMITTEES:
                unknown.add(e.programs[0])
            e.dprk = e.programs == ["DPRK"]          # the UN list says DPRK only through the 1718 list
            e.dprk_reason = "UN_LIST_TYPE DPRK (1718 Committee)" if e.dprk else None
            yield e
        if unknown:
            notes.append(f"UN_LIST_TYPE values without a known committee: {', '.join(sorted(unknown))}")

    def date() -> tuple[str, str]:
        generated = header.get("generated")
        if generated and ISO_DATE.match(generated):
            return generated[:10], "dateGenerated in the file"
        return fallback_snapshot_date(path, as_of, known)

    return ListStream(UN_CONSOLIDATED, UN_AUTHORITY, "un_consolidated", entries(), date, notes,
                      dprk_through_links=False)


def _entry(path: Path, elem, line: int | None) -> Entry:
    individual = local(elem) == "INDIVIDUAL"
    n = Node(elem)
    ref = n.text("REFERENCE_NUMBER")
    if not ref:
        raise DataImportError(path, "an entry has no REFERENCE_NUMBER", line=line,
                              record=n.text("DATAID"))
    parts = ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME") if individual else ("FIRST_NAME",)
    name = " ".join(filter(None, (n.text(p) for p in parts)))
    if not name:
        raise DataImportError(path, "the entry has no name", line=line, record=ref)
    list_type = n.text("UN_LIST_TYPE") or ""
    listed_on = n.text("LISTED_ON")
    if listed_on and not ISO_DATE.match(listed_on):
        raise DataImportError(path, f"LISTED_ON {listed_on!r} is not YYYY-MM-DD", line=line, record=ref)
    entry = Entry(ref, name, "individual" if individual else "entity",
                  COMMITTEES.get(list_type, f"{UN_AUTHORITY} ({list_type} list)"),
                  [list_type] if list_type else [], listed_on=listed_on[:10] if listed_on else None,
                  remarks=n.text("COMMENTS1"))
    entry.title = "; ".join(_values(n, "DESIGNATION")) or None
    nationalities = _values(n, "NATIONALITY")
    entry.nationality = "; ".join(nationalities) or None
    ids = entry.identifiers
    ids.extend(["Nationality", n, None] for n in nationalities)
    if n.text("NAME_ORIGINAL_SCRIPT"):
        entry.aliases.append([n.text("NAME_ORIGINAL_SCRIPT"), "original script", None])
    for alias in n.all(f"{local(elem)}_ALIAS"):
        a = Node(alias)
        alias_name, quality = a.text("ALIAS_NAME"), a.text("QUALITY")
        if alias_name:
            kind = quality if quality in ("a.k.a.", "f.k.a.") else "a.k.a."
            entry.aliases.append([alias_name, kind, None if quality == kind else quality])
    for addr in n.all(f"{local(elem)}_ADDRESS"):
        a = Node(addr)
        row = [a.text(t) for t in ("STREET", "CITY", "STATE_PROVINCE", "ZIP_CODE", "COUNTRY", "NOTE")]
        if any(row):
            entry.addresses.append(row)
    if n.text("GENDER"):
        ids.append(["Gender", n.text("GENDER"), None])
    for dob in n.all("INDIVIDUAL_DATE_OF_BIRTH"):
        d = Node(dob)
        date = d.text("DATE") or d.text("YEAR")
        if not date and d.text("FROM_YEAR"):
            date = f"{d.text('FROM_YEAR')}-{d.text('TO_YEAR') or ''}"
        if date:
            ids.append(["DOB", date, None])
    for pob in n.all("INDIVIDUAL_PLACE_OF_BIRTH"):
        place_node = Node(pob)
        place = ", ".join(filter(None, (place_node.text(t) for t in ("CITY", "STATE_PROVINCE", "COUNTRY"))))
        if place:
            ids.append(["Place of Birth", place, None])
    for doc in n.all("INDIVIDUAL_DOCUMENT"):
        d = Node(doc)
        number = d.text("NUMBER")
        if number:
            ids.append([d.text("TYPE_OF_DOCUMENT") or "Document", number,
                        d.text("ISSUING_COUNTRY") or d.text("COUNTRY_OF_ISSUE")])
    return entry


def _values(n: Node, name: str) -> list[str]:
    return [(v.text or "").strip() for group in n.all(name) for v in group
            if local(v) == "VALUE" and (v.text or "").strip()]
