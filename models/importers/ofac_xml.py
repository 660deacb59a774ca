"""OFAC's XML lists (SDN.XML, consolidated.xml): the `sdnList` schema, any namespace URI.

The snapshot date is `publshInformation/Publish_Date` (MM/DD/YYYY; OFAC's own spelling).
"""
from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Iterator

from models.errors import DataImportError
from models.importers.ofac_csv import parse_remarks
from models.importers.sanctions_entry import (OFAC_CONS, OFAC_SDN, Entry, ListStream, ParsedList,
                                              fallback_snapshot_date, mark_direct_dprk, read_whole)
from models.importers.xml_safe import EntryReader, Node, estimate_records, iter_records, local, text_of
from models.progress import Progress

STEP_ENTRIES = 500                   # entries between progress.step calls
TYPES = {"individual": "individual", "entity": "entity", "vessel": "vessel", "aircraft": "aircraft"}
VESSEL = {"callSign": "Call Sign", "vesselType": "Vessel Type", "vesselFlag": "Vessel Flag",
          "vesselOwner": "Vessel Owner", "tonnage": "Tonnage", "grossRegisteredTonnage": "GRT"}
ID_TYPES = {"Vessel Registration Identification": "IMO", "Gender": "Gender", "Website": "Website",
            "Email Address": "Email", "Secondary sanctions risk:": "Secondary sanctions risk",
            "Passport": "Passport", "National ID No.": "National ID", "MMSI": "MMSI"}


def parse_ofac_xml(path: Path, as_of: str | None, progress: Progress | None = None,
                   known: str | None = None) -> ParsedList:
    """The whole list in memory (small files, tools)."""
    return read_whole(ofac_xml_stream(path, as_of, progress, known), progress)


def ofac_xml_stream(path: Path, as_of: str | None, progress: Progress | None = None,
                    known: str | None = None) -> ListStream:
    """The list as a stream of entries. The Publish_Date is read where OFAC puts it, before the entries."""
    progress = progress or Progress()
    cons = "cons" in path.name.lower()
    list_name = OFAC_CONS if cons else OFAC_SDN
    header: dict[str, str | None] = {}
    notes = [f"list {list_name!r} (from the file name: 'consolidated' files are OFAC's non-SDN list)"]

    def entries() -> Iterator[Entry]:
        reader = EntryReader(path, "uid", estimate_records(path, ("sdnEntry",)), progress, STEP_ENTRIES)
        for event, elem in iter_records(path, ("publshInformation", "sdnEntry"), "sdnList"):
            if event == "start":
                continue
            if local(elem) == "publshInformation":
                header.update(publish=text_of(elem, "Publish_Date"), count=text_of(elem, "Record_Count"))
                continue
            e = _entry(path, elem, elem.sourceline)
            reader.add(e, elem.sourceline)
            mark_direct_dprk(e)
            yield e
        count = header.get("count")
        if count and count.isdigit() and int(count) != reader.count:
            notes.append(f"Record_Count says {count} but the file holds {reader.count} entries")

    def date() -> tuple[str, str]:
        publish = header.get("publish")
        if not publish:
            return fallback_snapshot_date(path, as_of, known)
        try:
            return datetime.strptime(publish, "%m/%d/%Y").strftime("%Y-%m-%d"), "Publish_Date in the file"
        except ValueError:
            raise DataImportError(path, f"Publish_Date {publish!r} is not MM/DD/YYYY") from None

    return ListStream(list_name, "OFAC", "ofac_cons" if cons else "ofac_sdn", entries(), date, notes)


def _entry(path: Path, elem, line: int | None) -> Entry:
    n = Node(elem)
    uid = n.text("uid")
    if not uid:
        raise DataImportError(path, "an sdnEntry has no uid", line=line)
    last, first = n.text("lastName"), n.text("firstName")
    if not last and not first:
        raise DataImportError(path, "the entry has no name", line=line, record=uid)
    name = f"{last}, {first}" if last and first else (last or first)
    sdn_type = (n.text("sdnType") or "entity").lower()
    if sdn_type not in TYPES:
        raise DataImportError(path, f"unknown sdnType {sdn_type!r}", line=line, record=uid)
    programs = [(p.text or "").strip() for pl in n.all("programList") for p in pl if (p.text or "").strip()]
    entry = Entry(uid, name, TYPES[sdn_type], "OFAC", programs, title=n.text("title"),
                  remarks=n.text("remarks"))
    for aka_list in n.all("akaList"):
        for aka in aka_list:
            a = Node(aka)
            a_last, a_first = a.text("lastName"), a.text("firstName")
            alias = f"{a_last}, {a_first}" if a_last and a_first else (a_last or a_first)
            if alias:
                entry.aliases.append([alias, a.text("type"), a.text("category")])
    for addr_list in n.all("addressList"):
        for addr in addr_list:
            a = Node(addr)
            street = ", ".join(filter(None, (a.text(f"address{i}") for i in (1, 2, 3)))) or None
            entry.addresses.append([street, a.text("city"), a.text("stateOrProvince"),
                                    a.text("postalCode"), a.text("country"), None])
    ids = entry.identifiers
    for id_list in n.all("idList"):
        for item in id_list:
            a = Node(item)
            id_type, number = a.text("idType"), a.text("idNumber")
            if id_type and number:
                kind = ID_TYPES.get(id_type, id_type)
                number = number.removeprefix("IMO ") if kind == "IMO" else number
                ids.append([kind, number, a.text("idCountry")])
    for tag, label, field in (("nationalityList", "Nationality", "country"),
                              ("citizenshipList", "Citizenship", "country"),
                              ("dateOfBirthList", "DOB", "dateOfBirth"),
                              ("placeOfBirthList", "Place of Birth", "placeOfBirth")):
        for group in n.all(tag):
            for item in group:
                found = Node(item).text(field)
                if found:
                    ids.append([label, found, None])
    for info in n.all("vesselInfo"):
        for child in info:
            if local(child) in VESSEL and (child.text or "").strip():
                ids.append([VESSEL[local(child)], child.text.strip(), None])
    remark_ids, entry.links = parse_remarks(entry.remarks)
    ids.extend(i for i in remark_ids if i not in ids)
    entry.nationality = next((i[1] for i in ids if i[0] == "Nationality"), None)
    return entry
