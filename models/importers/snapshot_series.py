"""Importing a dated series of OFAC sdn.csv versions as designation and removal dates.

A series (a git repository or bundle of a scrape, or a folder of dated files) is not stored as
hundreds of full snapshots: each version is parsed and dropped, and only what it dates is kept: per
entry, the versions that bracket each spell on the list (series_entries, designation_dates), and the
versions themselves (series_versions). 308 versions of a 3 MB file are 900 MB of text; storing them
whole would multiply the store by that, while the dates need a few thousand rows.

Dating: an entry's designation lies after the last version without it and at or before the first
with it. A git version is dated by its commit time; when the scraper's workflow polls every N hours,
the change happened at most N (+2 for GitHub's delays) hours before the commit that shows it, which
for most changes leaves one US Eastern calendar day ("day"). Otherwise the claim is a window of
dates; an entry already in the first version is "on or before" that version's date.
"""
from __future__ import annotations

import csv
import hashlib
import io
from datetime import date, timedelta
from pathlib import Path

from models.errors import DataImportError
from models.importers import ImportJob, ImportOptions, register
from models.importers.formats import directory_sniffer, sniffer
from models.importers.ofac_csv import TYPES
from models.importers.report import FileReport
from models.importers.sanctions_entry import OFAC_SDN
from models.importers.series_read import (
    BUNDLE_MAGIC, US_EASTERN, Series, Version, folder_blobs, folder_series, git_blobs, git_series, is_git_repo,
    opened_repo)
from models.progress import Progress
from models.store import Store

FORMAT = "ofac_csv_series"
POLL_SLACK_HOURS = 2              # GitHub starts scheduled runs late; observed here up to 1 h 10 min
PUBLISHER = "US Treasury, Office of Foreign Assets Control (OFAC), as scraped"
URL = "https://www.treasury.gov/ofac/downloads/sdn.csv"
DPRK_PREFIX = "DPRK"


@sniffer
def _bundle(path: Path, head: bytes) -> str | None:
    return FORMAT if head.startswith(BUNDLE_MAGIC) else None


@directory_sniffer
def _series_folder(path: Path) -> str | None:
    if is_git_repo(path):
        return FORMAT
    names = [p.name for p in path.iterdir() if p.is_file() and p.name.lower().endswith(".csv")]
    return FORMAT if names and all("sdn" in n.lower() for n in names) else None


class _Presence:
    """Per entry: its newest name/type, every programme it carried, and its spells [first, last seq]."""

    __slots__ = ("name", "type", "programs", "spells")

    def __init__(self, name: str, sdn_type: str, programs: set[str]):
        self.name, self.type, self.programs, self.spells = name, sdn_type, programs, []


Parsed = dict[str, tuple[str, str, set[str]]]      # ent_num -> (name, type, programmes)


def _record(fields: list[str], version: Version, source: Path, line: int) -> tuple[str, tuple[str, str, set[str]]]:
    if len(fields) != 12 or not fields[0].strip().isdigit():
        raise DataImportError(source, f"version {version.ref} ({version.taken_at}): {len(fields)} fields, "
                                      "not an OFAC sdn.csv record", line=line, record=version.ref)
    sdn_type = fields[2].strip().lower()
    programs = {p.strip(" []") for p in fields[3].split("] [") if p.strip(" []-0")}
    return fields[0].strip(), (fields[1].strip(), TYPES.get("" if sdn_type == "-0-" else sdn_type, "entity"), programs)


def _entries(data: bytes, version: Version, source: Path) -> Parsed:
    """Every record of one version (the slow path, for files whose records span lines)."""
    out: Parsed = {}
    reader = csv.reader(io.StringIO(data.decode("cp1252", errors="replace"), newline=""))
    try:
        for fields in reader:
            if fields and fields != ["\x1a"]:
                ent, value = _record(fields, version, source, reader.line_num)
                out[ent] = value
    except csv.Error as exc:
        raise DataImportError(source, f"version {version.ref} ({version.taken_at}): broken CSV ({exc})",
                              line=reader.line_num, record=version.ref) from None
    return out


def _new_lines(lines: list[bytes], new: list[bytes], version: Version, source: Path) -> dict[bytes, tuple]:
    """line -> (ent_num, (name, type, programmes)) for the lines not in the previous version."""
    out = {}
    for line in new:
        try:
            fields = next(csv.reader([line.decode("cp1252", errors="replace").rstrip("\r")]))
        except (csv.Error, StopIteration):
            fields = []
        if len(fields) != 12 or not fields[0].strip().isdigit():
            _record(fields, version, source, lines.index(line) + 1)       # raises, naming the line
        out[line] = _record(fields, version, source, 0)
    return out


def read_presence(series: Series, blobs, source: Path, progress: Progress,
                  notes: list[str]) -> tuple[dict[str, _Presence], list[tuple[Version, int]]]:
    """Walk the versions once: the spells of every entry, and the versions read (with their entry counts).

    A version is compared with the one before line by line (one record per line in OFAC's files): only
    new lines are parsed, so the cost follows the changes, not the 15,000 entries of each version."""
    presence: dict[str, _Presence] = {}
    read: list[tuple[Version, int]] = []
    previous: set[str] = set()
    line_ents: dict[bytes, str] = {}          # line -> ent_num, for the previous version
    total = len(series.versions)
    for index, (version, data) in enumerate(blobs):
        progress.step(index, total, f"Reading version {index + 1:,} of {total:,} ({version.day})")
        if not data.strip(b"\x1a\r\n\t "):
            notes.append(f"version {version.ref} of {version.taken_at} is empty ({len(data)} bytes): skipped")
            continue
        lines = data.split(b"\n")
        keys = set(lines)
        new = [line for line in keys.difference(line_ents) if line.strip(b"\x1a\r\t ")]
        if any(line.count(b'"') % 2 for line in new):          # a record spans lines: read it whole
            changed = _entries(data, version, source)
            current, line_ents = set(changed), {}
        else:
            parsed = _new_lines(lines, new, version, source)
            gone = [line for line in line_ents.keys() - keys]
            staying = previous.difference(line_ents.pop(line) for line in gone)
            changed = dict(parsed.values())
            if len(changed) != len(parsed) or not staying.isdisjoint(changed):
                raise DataImportError(source, f"version {version.ref} ({version.taken_at}): an ent_num appears "
                                              "in two records", record=version.ref)
            line_ents.update((line, value[0]) for line, value in parsed.items())
            current = staying | changed.keys()
        seq = len(read)
        for ent, (name, sdn_type, programs) in changed.items():
            p = presence.get(ent)
            if p is None:
                presence[ent] = _Presence(name, sdn_type, programs)
            else:
                p.name, p.type = name, sdn_type
                p.programs |= programs
        for ent in current - previous:
            presence[ent].spells.append([seq, seq])
        for ent in previous - current:
            presence[ent].spells[-1][1] = seq - 1
        previous = current
        read.append((version, len(current)))
    if len(read) < 2:
        raise DataImportError(source, f"a dated series needs at least two non-empty versions; found {len(read)}")
    for ent in previous:
        presence[ent].spells[-1][1] = len(read) - 1
    return presence, read


def _window(before: Version, after: Version, poll_hours: int | None, added: bool = True) -> tuple[str, str, str]:
    """(first possible day, last possible day, basis) of a change seen between two versions."""
    seen = (f"not in {_label(before)}, in {_label(after)}" if added
            else f"in {_label(before)}, not in {_label(after)}")
    if before.moment is None or after.moment is None:
        start = (date.fromisoformat(before.day) + timedelta(days=1)).isoformat()
        return start, after.day, f"{seen} (dated files: after the earlier file's date)"
    earliest = before.moment
    if poll_hours:
        earliest = max(earliest, after.moment - timedelta(hours=poll_hours + POLL_SLACK_HOURS))
    start = earliest.astimezone(US_EASTERN).date().isoformat()
    why = (f"; the scraper polls every {poll_hours} hours, so the change came at most "
           f"{poll_hours + POLL_SLACK_HOURS} hours before the later commit" if poll_hours else "")
    return start, after.day, f"{seen}{why} (US Eastern dates)"


def _ent_order(item: tuple[str, "_Presence"]) -> tuple[int, str]:
    return (int(item[0]) if item[0].isdigit() else -1, item[0])


def _label(version: Version) -> str:
    return f"commit {version.ref[:10]} of {version.taken_at}" if version.moment else f"{version.ref}"


def claim_rows(presence: dict[str, _Presence], read: list[tuple[Version, int]], poll_hours: int | None,
               source_label: str, rank: int) -> list[tuple]:
    """designation_dates rows (list, source_id, event, from, to, precision, source, rank, basis, name, ref)."""
    versions = [v for v, _n in read]
    last = len(versions) - 1
    rows = []
    for ent, p in sorted(presence.items(), key=_ent_order):     # a stable order, whatever the hash seed
        for first, final in p.spells:
            if first == 0:
                rows.append((OFAC_SDN, ent, "designated", None, versions[0].day, "on_or_before", source_label, rank,
                             f"already in the first version ({_label(versions[0])})", p.name, versions[0].ref))
            else:
                start, end, basis = _window(versions[first - 1], versions[first], poll_hours)
                rows.append((OFAC_SDN, ent, "designated", start, end, "day" if start == end else "window",
                             source_label, rank, basis, p.name, versions[first].ref))
            if final < last:
                start, end, basis = _window(versions[final], versions[final + 1], poll_hours, added=False)
                rows.append((OFAC_SDN, ent, "removed", start, end, "day" if start == end else "window",
                             source_label, rank, basis, p.name, versions[final + 1].ref))
    return rows


def _run(store: Store, job: ImportJob, options: ImportOptions, progress: Progress) -> FileReport:
    source = job.path
    notes: list[str] = []
    if source.is_dir() and not is_git_repo(source):
        series = folder_series(source)
        presence, read = read_presence(series, folder_blobs(series), source, progress, notes)
        return _store(store, source, series, presence, read, notes, rank=3, kind="dated files")
    with opened_repo(source) as repo:
        series = git_series(repo, source)
        presence, read = read_presence(series, git_blobs(series, source), source, progress, notes)
    return _store(store, source, series, presence, read, notes, rank=2, kind="git history")


def _store(store: Store, source: Path, series: Series, presence: dict[str, _Presence],
           read: list[tuple[Version, int]], notes: list[str], rank: int, kind: str) -> FileReport:
    versions = [v for v, _n in read]
    label = f"sdn.csv {kind} ({len(versions)} versions, {versions[0].day} to {versions[-1].day})"
    identity = hashlib.sha256(series.identity.encode()).hexdigest()
    conn = store.conn
    file_id = store.record_file(
        dataset="ofac_sdn_series", fmt=FORMAT, path=source, sha256=identity, publisher=PUBLISHER,
        title=f"OFAC SDN list, dated series of sdn.csv versions ({kind})", url=URL,
        snapshot_date=versions[-1].day, snapshot_date_basis="the newest version's date", record_count=len(presence))
    rows = claim_rows(presence, read, series.poll_hours, label, rank)
    entry_rows = [(file_id, OFAC_SDN, ent, p.name, p.type, "; ".join(sorted(p.programs)) or None,
                   versions[p.spells[0][0]].day, versions[p.spells[-1][1]].day, len(p.spells))
                  for ent, p in sorted(presence.items(), key=_ent_order)]
    version_rows = [(file_id, seq, v.ref, v.taken_at, v.day, n) for seq, (v, n) in enumerate(read)]
    report = FileReport(source.name, FORMAT)
    report.notes.extend(notes)
    report.notes.append(f"{len(versions)} versions, {versions[0].taken_at} to {versions[-1].taken_at}; "
                        f"{len(presence):,} entries ever listed"
                        + (f"; the scraper's schedule: every {series.poll_hours} hours" if series.poll_hours else ""))
    stored = conn.execute("SELECT COUNT(*) FROM designation_dates WHERE file_id = ?", (file_id,)).fetchone()[0]
    if stored and _same(conn, file_id, rows):
        report.unchanged = len(rows)
        report.notes.append("this series is already stored with these dates; nothing changed")
        return report
    for table in ("designation_dates", "series_versions", "series_entries"):
        conn.execute(f"DELETE FROM {table} WHERE file_id = ?", (file_id,))
    conn.executemany("INSERT INTO designation_dates (list_name, source_id, event, date_from, date_to, precision,"
                     " source, rank, basis, name, record_ref, file_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                     [(*r, file_id) for r in rows])
    conn.executemany("INSERT INTO series_versions VALUES (?, ?, ?, ?, ?, ?)", version_rows)
    conn.executemany("INSERT INTO series_entries VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", entry_rows)
    dated = sum(1 for r in rows if r[2] == "designated" and r[5] != "on_or_before")
    report.added = len(rows)
    report.notes.append(f"{dated:,} designations and {sum(1 for r in rows if r[2] == 'removed'):,} removals dated "
                        f"({sum(1 for r in rows if r[2] == 'designated' and r[5] == 'day'):,} to the day); "
                        f"{sum(1 for r in rows if r[5] == 'on_or_before'):,} entries listed on or before "
                        f"{versions[0].day}")
    if stored:
        report.notes.append("replaced the dates stored from an earlier import of this series")
    return report


def _same(conn, file_id: int, rows: list[tuple]) -> bool:
    have = conn.execute("SELECT list_name, source_id, event, date_from, date_to, precision, source, rank, basis,"
                        " name, record_ref FROM designation_dates WHERE file_id = ?", (file_id,)).fetchall()
    return sorted(map(tuple, have), key=repr) == sorted(rows, key=repr)


register(FORMAT, _run, order=35, refresh_dates=True)
