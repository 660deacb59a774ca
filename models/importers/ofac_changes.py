"""Importing OFAC's dated change archive (sdnnewYY.txt): each action matched to an SDN list entry.

The archive's entries carry no ent_num, and OFAC writes one record per name (an entity with two
aliases appears three times, each record listing the others as a.k.a.). A record is matched to the
entries whose primary name is among the record's names (its leading name or an a.k.a./f.k.a.), of the
same type (individual, vessel, aircraft, entity) and sharing a programme tag; several left are told
apart by identifiers (IMO number, date of birth) in the text, else the record is "ambiguous". The
candidates are the OFAC SDN entries in the store and those known from an imported snapshot series
(series_entries). Unmatched and ambiguous records are stored with their text and listed in the
report: never a silent guess. Import the list (or its series) first: matching reads the store.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from models.importers import ImportJob, ImportOptions, register
from models.importers.formats import sniffer
from models.importers.ofac_changes_parse import DATE_LINE, Action, parse_changes
from models.importers.report import FileReport
from models.importers.sanctions_entry import OFAC_SDN
from models.progress import Progress
from models.store import Store, file_sha256

FORMAT = "ofac_changes_txt"
SOURCE = "OFAC change archive"
PUBLISHER = "US Treasury, Office of Foreign Assets Control (OFAC)"
URL = "https://ofac.treasury.gov/specially-designated-nationals-list-sdn-list/archive-of-changes-to-the-sdn-list"
ALIAS_PART = re.compile(r"^\((?:a\.k\.a\.|f\.k\.a\.)(.*?)\)", re.I)
ALIAS_SPLIT = re.compile(r";\s*(?:a\.k\.a\.|f\.k\.a\.)\s*", re.I)
BOUNDARY = re.compile(r" \(|, |; |\.$| \[")
IDENTIFIERS = [(re.compile(r"IMO (\d{7})"), ("IMO",)), (re.compile(r"DOB (\d{1,2} [A-Z][a-z]{2} \d{4})"), ("DOB",))]
TYPE_VESSEL = "(vessel)"
LISTED_IN = 500         # report at most this many unmatched / ambiguous records by name (the rest are counted)


@sniffer
def _archive(path: Path, head: bytes) -> str | None:
    text = head.decode("cp1252", errors="replace")
    if "Specially Designated Nationals" not in text and "OFAC" not in text:
        return None
    return FORMAT if any(DATE_LINE.match(line.strip()) for line in text.splitlines()) else None


def norm(name: str) -> str:
    return " ".join(name.replace('"', " ").upper().replace("\u2019", "'").split()).strip(" .,;")


@dataclass
class Candidate:
    source_id: str
    name: str
    type: str
    programs: set[str]
    identifiers: set[tuple[str, str]] = field(default_factory=set)


def candidates(conn) -> tuple[dict[str, Candidate], dict[str, set[str]], dict[str, set[str]]]:
    """(source_id -> Candidate, primary name -> ids, alias -> ids) of the OFAC SDN entries known."""
    found: dict[str, Candidate] = {}
    for sid, name, sdn_type, programs in conn.execute(
            "SELECT source_id, name, type, programs FROM series_entries WHERE list_name = ?", (OFAC_SDN,)):
        found[sid] = Candidate(sid, name, sdn_type, set((programs or "").split("; ")) - {""})
    for did, sid, name, sdn_type, programs in conn.execute(
            "SELECT designation_id, source_id, name, type, programs FROM designations WHERE list_name = ?",
            (OFAC_SDN,)):
        c = found.setdefault(sid, Candidate(sid, name, sdn_type, set()))
        c.name, c.type = name, sdn_type
        c.programs |= set((programs or "").split("; ")) - {""}
    for sid, id_type, value in conn.execute(
            "SELECT d.source_id, i.id_type, i.id_value FROM designation_identifiers i JOIN designations d"
            " USING (designation_id) WHERE d.list_name = ? AND i.id_type IN ('IMO', 'DOB')", (OFAC_SDN,)):
        found[sid].identifiers.add((id_type, value))
    names: dict[str, set[str]] = defaultdict(set)
    for c in found.values():
        names[norm(c.name)].add(c.source_id)
    aliases: dict[str, set[str]] = defaultdict(set)
    for sid, alias in conn.execute(
            "SELECT d.source_id, a.alias FROM designation_aliases a JOIN designations d USING (designation_id)"
            " WHERE d.list_name = ?", (OFAC_SDN,)):
        aliases[norm(alias)].add(sid)
    return found, names, aliases


def record_names(text: str) -> list[str]:
    """The names a record gives: every prefix ending at a boundary (the leading name), and its a.k.a.s."""
    out = []
    for match in BOUNDARY.finditer(text[:400]):
        out.append(norm(text[:match.start()]))
        if match.group(0) == " (":
            rest = text[match.start() + 1:]
            aliases = ALIAS_PART.match(rest)
            if aliases:
                out += [norm(a) for a in ALIAS_SPLIT.split(aliases.group(1)) if norm(a)]
            break
    if TYPE_VESSEL in text:       # "AMIAS Chemical/Products Tanker Vietnam flag; ...": the name ends at a word
        words = text[:120].split(" ")
        out += [norm(" ".join(words[:n])) for n in range(1, min(len(words), 8))]
    return [n for n in out if n]


def match(action: Action, found: dict[str, Candidate], names: dict[str, set[str]],
          aliases: dict[str, set[str]]) -> tuple[str, list[str], str]:
    """('matched' | 'ambiguous' | 'unmatched', source ids, how)."""
    wanted = record_names(action.text) + (record_names(action.old_text) if action.old_text else [])
    ids = set().union(*(names.get(n, set()) for n in wanted)) if wanted else set()
    how = "primary name"
    if not ids:
        ids = set().union(*(aliases.get(n, set()) for n in wanted)) if wanted else set()
        how = "an alias in the store"
    same_type = [i for i in sorted(ids) if found[i].type == action.sdn_type]
    if not same_type:
        return "unmatched", sorted(ids), "no entry of that name and type"
    tagged = [i for i in same_type if found[i].programs & action.programs]
    if tagged:
        same_type, how = tagged, how + ", type and programme"
    else:
        how += " and type (programmes differ)"
    if len(same_type) > 1:
        marks = {(kind[0], m) for pattern, kind in IDENTIFIERS for m in pattern.findall(action.text)}
        by_id = [i for i in same_type if found[i].identifiers & marks]
        if len(by_id) == 1:
            return "matched", by_id, how + ", identifiers"
        return "ambiguous", same_type, how
    return "matched", same_type, how


def _run(store: Store, job: ImportJob, options: ImportOptions, progress: Progress) -> FileReport:
    actions, notes = parse_changes(job.path)
    progress.check()
    conn = store.conn
    found, names, aliases = candidates(conn)
    report = FileReport(job.path.name, FORMAT)
    report.notes.extend(notes)
    days = sorted({a.day for a in actions})
    file_id = store.record_file(
        dataset="ofac_sdn_changes", fmt=FORMAT, path=job.path, sha256=file_sha256(job.path), publisher=PUBLISHER,
        title="OFAC, Archive of Changes to the SDN List", url=URL, snapshot_date=days[-1] if days else None,
        snapshot_date_basis="the newest action date in the file", record_count=len(actions))
    rows: dict[tuple, tuple] = {}
    outcome = {"matched": 0, "ambiguous": 0, "unmatched": 0}
    problems: dict[str, list[str]] = {"ambiguous": [], "unmatched": []}
    for index, action in enumerate(actions):
        if index % 500 == 0:
            progress.step(index, len(actions), f"Matching {job.path.name}: {index:,} of {len(actions):,}")
        status, ids, how = match(action, found, names, aliases)
        outcome[status] += 1
        basis = f"{job.path.name}: {action.header} ({action.day})"
        if status == "matched":
            key = (ids[0], action.event, action.day)
            if key not in rows:                 # one claim per entry and action, from its first record
                rows[key] = (OFAC_SDN, ids[0], action.event, action.day, action.day, "day", SOURCE, 1,
                             f"{basis}; matched by {how}", found[ids[0]].name, "matched", f"line {action.line}")
            continue
        label = action.text[:70]
        problems[status].append(f"line {action.line}, {action.day} {action.event}: {label}"
                                + (f" (candidates: {', '.join(ids)})" if ids else ""))
        rows[("", action.line)] = (OFAC_SDN, None, action.event, action.day, action.day, "day", SOURCE, 1,
                                   f"{basis}; {how}" + (f"; candidates {', '.join(ids)}" if ids else ""),
                                   label, status, f"line {action.line}")
    total = len(actions)
    rate = outcome["matched"] / total if total else 0.0
    report.notes.append(f"{total:,} records ({len(days)} action dates); matched {outcome['matched']:,} "
                        f"({rate:.1%}), ambiguous {outcome['ambiguous']:,}, unmatched {outcome['unmatched']:,}")
    if not found:
        report.notes.append("the store holds no OFAC SDN entries to match against: import the list or its "
                            "snapshot series first, then this file again")
    for status, items in problems.items():
        for item in items[:LISTED_IN]:
            report.rejected.append(f"{status}: {item}")
        if len(items) > LISTED_IN:
            report.notes.append(f"{len(items) - LISTED_IN:,} more {status} records (the table "
                                "designation_dates lists them all, match = " f"'{status}')")
    if _superseded(conn, file_id, days, report):
        return report
    new = sorted(rows.values(), key=repr)
    have = sorted((tuple(r) for r in conn.execute(
        "SELECT list_name, source_id, event, date_from, date_to, precision, source, rank, basis, name, match,"
        " record_ref FROM designation_dates WHERE file_id = ?", (file_id,))), key=repr)
    if have == new:
        report.unchanged = len(new)
        report.notes.append("already imported with the same matches; nothing changed")
        return report
    conn.execute("DELETE FROM designation_dates WHERE file_id = ?", (file_id,))
    conn.executemany("INSERT INTO designation_dates (list_name, source_id, event, date_from, date_to, precision,"
                     " source, rank, basis, name, match, record_ref, file_id)"
                     " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", [(*r, file_id) for r in new])
    report.added = len(new)
    return report


def _superseded(conn, file_id: int, days: list[str], report: FileReport) -> bool:
    """One year's archive grows all year (sdnnewYY.txt is re-published with every change), so the copy with
    the newest action date holds that year's claims: an older copy's claims are removed when a newer copy is
    imported, and an older copy imported after a newer one stores none. True when this copy is the older."""
    year = days[-1][:4] if days and days[0][:4] == days[-1][:4] else None
    if year is None:
        return False
    others = conn.execute(
        "SELECT file_id, file_name, snapshot_date FROM source_files WHERE format = ? AND file_id <> ?"
        " AND substr(snapshot_date, 1, 4) = ? ORDER BY snapshot_date, file_id", (FORMAT, file_id, year)).fetchall()
    newer = [o for o in others if o[2] > days[-1]]
    if newer:
        conn.execute("DELETE FROM designation_dates WHERE file_id = ?", (file_id,))
        report.notes.append(f"superseded: {newer[-1][1]} (actions to {newer[-1][2]}) is a newer copy of the {year} "
                            "archive and holds its claims; this copy's are not stored")
        return True
    for other_id, name, newest in others:
        gone = conn.execute("DELETE FROM designation_dates WHERE file_id = ?", (other_id,)).rowcount
        if gone:
            report.notes.append(f"supersedes {name} (actions to {newest}), an older copy of the {year} archive: "
                                f"its {gone:,} claims are replaced by this copy's")
    return False


register(FORMAT, _run, order=40, refresh_dates=True)
