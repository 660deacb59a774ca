"""One sanctions-list entry as every list importer produces it, and the rules shared by all lists.

The importers (OFAC CSV, OFAC XML, UN XML) only parse, into a ListStream of entries; this module holds
the rules for "Linked To" names (choose_target) and for which entries are DPRK-related, so the three
lists follow the same rules whether a list is read whole (read_whole) or streamed into the store
(sanctions_db.write_stream).
"""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from operator import attrgetter
from pathlib import Path
from typing import Callable, Iterator, Sequence

import orjson

from models.errors import DataImportError, SnapshotDateNeeded
from models.progress import Progress

OFAC_SDN = "OFAC SDN"
OFAC_CONS = "OFAC Consolidated (non-SDN)"
UN_CONSOLIDATED = "UN Consolidated"
LIST_NAMES = (OFAC_SDN, OFAC_CONS, UN_CONSOLIDATED)

# The fields that make up an entry's content: compared between snapshots for "what changed".
CONTENT_FIELDS = ("name", "type", "programs", "title", "nationality", "listed_on", "remarks",
                  "aliases", "addresses", "identifiers", "links", "authority")

# The parts a snapshot can cover. An OFAC CSV snapshot covers addresses, aliases and comments only when
# it was imported with add.csv, alt.csv and sdn_comments.csv; the XML lists always cover every part.
# A snapshot's stored content says which parts it lacks ("uncovered", with aliases/addresses null), so
# "what changed" compares only what both snapshots cover and the current row keeps the newest known ones.
PARTS = ("primary", "addresses", "aliases", "comments")

# Content is plain lists, dicts and strings (never a cycle), so the per-container cycle check is skipped.
CONTENT_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), check_circular=False)
_CONTENT_VALUES = attrgetter(*CONTENT_FIELDS)
STEP_ENTRIES = 2000                     # entries between progress.step calls (a few ms of work)
NORTH_KOREA_REMARK = re.compile(r"north korea", re.IGNORECASE)
NORTH_KOREA = re.compile(r"korea,\s*north|north korea|democratic people'?s republic of korea|\bdprk\b",
                         re.IGNORECASE)


@dataclass
class Entry:
    source_id: str
    name: str
    type: str                                   # individual, entity, vessel, aircraft
    authority: str
    programs: list[str] = field(default_factory=list)
    title: str | None = None
    nationality: str | None = None
    listed_on: str | None = None                # only when the source gives it
    remarks: str | None = None
    aliases: list[list] = field(default_factory=list)       # [alias, alias_type, quality]
    addresses: list[list] = field(default_factory=list)     # [address, city, state, postal, country, remarks]
    identifiers: list[list] = field(default_factory=list)   # [id_type, id_value, country]
    links: list[list] = field(default_factory=list)         # [target name, relation, source text]
    link_targets: list = field(default_factory=list)        # per link: the target's source_id, or None
    dprk: bool = False
    dprk_reason: str | None = None
    comments: str | None = None                 # OFAC sdn_comments.csv text continuing (and appended to) remarks

    def content(self, uncovered: tuple[str, ...] = ()) -> dict:
        """The stored content: CONTENT_FIELDS, the comments continuation, and the parts not covered."""
        c = dict(zip(CONTENT_FIELDS, _CONTENT_VALUES(self)))
        if self.comments:
            c["comments"] = self.comments
        if uncovered:
            for part in ("aliases", "addresses"):
                if part in uncovered:
                    c[part] = None              # unknown in this snapshot, not "none"
            c["uncovered"] = list(uncovered)
        return c

    def content_json(self, uncovered: tuple[str, ...] = ()) -> str:
        return encode_content(self.content(uncovered)).decode("utf-8")     # key order fixed by CONTENT_FIELDS


def encode_content(content: dict) -> bytes:
    """The stored JSON of a content dict, UTF-8: byte for byte what CONTENT_ENCODER writes (compact, not
    ASCII-escaped, keys in insertion order), by orjson (several times faster); CONTENT_ENCODER where orjson
    refuses a value (a lone surrogate)."""
    try:
        return orjson.dumps(content)
    except TypeError:
        return CONTENT_ENCODER.encode(content).encode("utf-8")


def content_hash(content_json: str | bytes) -> str:
    """The SHA-1 of a content JSON (text, or its UTF-8 bytes from encode_content)."""
    data = content_json if isinstance(content_json, bytes) else content_json.encode("utf-8")
    return hashlib.sha1(data).hexdigest()


@dataclass
class ParsedList:
    """One file (plus companions) of one list, read whole: a dated snapshot of it (small files, tools)."""

    list_name: str
    authority: str
    dataset: str
    snapshot_date: str
    date_basis: str
    entries: list[Entry]
    notes: list[str] = field(default_factory=list)
    record_count: int = 0
    uncovered: tuple[str, ...] = ()             # PARTS this snapshot does not cover (in PARTS order)


class ListStream:
    """One file (plus companions) of one list read entry by entry: a dated snapshot, never held whole.

    Iterating yields each entry once, complete except its links' targets and a DPRK verdict that comes
    through a link (the importer's writer resolves those once every name is known). `start()` reads up
    to the first entry and fixes the snapshot date; a file with no date is still read to its end first,
    so that a broken file says so before the date is asked for.
    """

    def __init__(self, list_name: str, authority: str, dataset: str, entries: Iterator[Entry],
                 date: Callable[[], tuple[str, str]], notes: list[str] | None = None,
                 uncovered: tuple[str, ...] = (), dprk_through_links: bool = True,
                 closing_notes: Callable[[], list[str]] = list):
        self.list_name, self.authority, self.dataset = list_name, authority, dataset
        self.uncovered, self.dprk_through_links = uncovered, dprk_through_links
        self.notes = notes if notes is not None else []        # the reader appends to it as it goes
        self.closing_notes = closing_notes                      # notes that come after the links' notes
        self.snapshot_date = self.date_basis = ""
        self._entries, self._date, self._first = entries, date, None

    def start(self) -> None:
        self._first = next(self._entries, None)
        try:
            self.snapshot_date, self.date_basis = self._date()
        except SnapshotDateNeeded:
            for _entry in self._entries:                       # every row checked before the date is asked for
                pass
            raise
        self.notes.insert(0, f"snapshot date {self.snapshot_date}: {self.date_basis}")

    def __iter__(self) -> Iterator[Entry]:
        if self._first is not None:
            yield self._first
            self._first = None
        yield from self._entries


def read_whole(stream: ListStream, progress: Progress | None = None) -> ParsedList:
    """Every entry of `stream` in memory, links resolved and DPRK verdicts final (for small files and tools)."""
    stream.start()
    entries = list(stream)
    resolve_links(entries, stream.notes, progress)
    if stream.dprk_through_links:
        spread_dprk(entries)
    return ParsedList(stream.list_name, stream.authority, stream.dataset, stream.snapshot_date,
                      stream.date_basis, entries, stream.notes + stream.closing_notes(),
                      record_count=len(entries), uncovered=stream.uncovered)


def link_keys(name: str) -> tuple[str, str, str]:
    """The spellings a "Linked To" name is looked up under: as written, without and with a final full stop."""
    key = norm_name(name)
    return key, key.rstrip("."), key + "."


def choose_target(found: list[tuple[str, Sequence[str]]], source_id: str,
                  programs: Sequence[str]) -> tuple[str | None, str | None]:
    """(target source_id, problem) for one link, from the (source_id, programmes) entries carrying its name.

    The first spelling (by name, then by alias) that matches anything gives `found`. The entry itself never
    counts; among several, the one sharing a programme with the linking entry wins; else nothing is
    invented: the problem is "unresolved" (no entry) or "ambiguous" (several).
    """
    found = [c for c in found if c[0] != source_id]
    if len(found) > 1:
        shared = [c for c in found if set(c[1]) & set(programs)]
        return (shared[0][0], None) if len(shared) == 1 else (None, "ambiguous")
    if not found:
        return None, "unresolved"
    return found[0][0], None


def link_notes(unresolved: list[str], ambiguous: list[str], notes: list[str]) -> None:
    """Report the links left without a target (the first ten of each kind)."""
    for label, items in (("match no entry of this list", unresolved),
                         ("match several entries of this list", ambiguous)):
        if items:
            shown = "; ".join(items[:10]) + ("; ..." if len(items) > 10 else "")
            notes.append(f"{len(items)} 'Linked To' names {label} and were not linked: {shown}")


def resolve_links(entries: list[Entry], notes: list[str], progress: Progress | None = None) -> None:
    """Point each "Linked To" name at an entry of the same list (by name, then alias); never invent one.

    When several entries carry the name, the one sharing a programme with the linking entry wins;
    if that does not single one out, the link is left unresolved and reported (see choose_target).
    """
    progress = progress or Progress()
    by_name: dict[str, list[tuple[str, list[str]]]] = {}
    by_alias: dict[str, list[tuple[str, list[str]]]] = {}
    for index, e in enumerate(entries):
        if index % STEP_ENTRIES == 0:
            progress.step(index, 2 * len(entries), f"Resolving 'Linked To' names: {index:,} of {len(entries):,}")
        me = (e.source_id, e.programs)
        by_name.setdefault(norm_name(e.name), []).append(me)
        for alias in e.aliases:
            by_alias.setdefault(norm_name(alias[0]), []).append(me)
    problems: dict[str, list[str]] = {"unresolved": [], "ambiguous": []}
    for index, e in enumerate(entries):
        if index % STEP_ENTRIES == 0:
            progress.check()
        e.link_targets = []
        for link in e.links:
            keys = link_keys(link[0])
            found = next((by[k] for by in (by_name, by_alias) for k in keys if k in by), [])
            target, problem = choose_target(found, e.source_id, e.programs)
            if problem:
                problems[problem].append(f"{e.source_id} -> {link[0]}")
            e.link_targets.append(target)
    link_notes(problems["unresolved"], problems["ambiguous"], notes)


def norm_name(name: str) -> str:
    upper = name.upper()
    if "  " in upper or upper[:1].isspace() or upper[-1:].isspace() or "\t" in upper or "\n" in upper:
        return " ".join(upper.split())
    return upper                                   # already single-spaced (almost every name): no split/join


def mark_direct_dprk(e: Entry) -> None:
    """The entry's own verdict: a DPRK programme or a North Korean detail (links come later)."""
    e.dprk_reason = _direct_reason(e)
    e.dprk = e.dprk_reason is not None


def spread_dprk(entries: list[Entry]) -> None:
    """An entry linked to a directly DPRK-related entry is DPRK-related too (one step, never further)."""
    direct = {e.source_id: e.name for e in entries if e.dprk}
    for e in entries:
        if not e.dprk:
            reason = linked_reason(e.link_targets, direct)
            if reason:
                e.dprk, e.dprk_reason = True, reason


def linked_reason(targets: Sequence[str | None], direct: dict[str, str]) -> str | None:
    """Why an entry is DPRK-related through its links: the first target in `direct` (source_id -> name)."""
    for target in targets:
        if target in direct:
            return f"linked to {direct[target]} ({target}), which is DPRK-related"
    return None


def _direct_reason(e: Entry) -> str | None:
    programs = [p for p in e.programs if p.upper().startswith("DPRK")]
    if programs:
        return "DPRK programme: " + ", ".join(programs)
    if e.nationality and _names_north_korea(e.nationality):
        return f"nationality {e.nationality}"
    for id_type, value, country in e.identifiers:
        if id_type in ("Nationality", "Citizenship", "Vessel Flag") and _names_north_korea(value or ""):
            return f"{id_type.lower()} {value}"
        if country and _names_north_korea(country):
            return f"{id_type} issued by {country}"
        if id_type == "Secondary sanctions risk" and _names_north_korea(value or ""):
            return f"remarks: secondary sanctions risk under {value}"
    for address in e.addresses:
        if address[4] and _names_north_korea(address[4]):
            return f"address in {address[4]}"
    if e.remarks and NORTH_KOREA_REMARK.search(e.remarks):
        return "remarks mention North Korea"
    return None


@lru_cache(maxsize=4096)
def _names_north_korea(text: str) -> bool:
    """NORTH_KOREA.search(text), remembered: countries, nationalities and flags repeat across a list."""
    return NORTH_KOREA.search(text) is not None


DATE_IN_NAME = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")


def fallback_snapshot_date(path: Path, as_of: str | None, known: str | None = None) -> tuple[str, str]:
    """The snapshot date of a file whose content carries none.

    The user's date (`as_of`) comes first: it states what the list was on that day. Else content imported
    before keeps the date it got then (`known`: the content hash identifies a snapshot, wherever the file
    lies now and whatever its name says). Else a date in the file or folder name; else SnapshotDateNeeded:
    a file time is never taken for a snapshot date.
    """
    if as_of:
        if not _valid_date(as_of):
            raise DataImportError(path, f"the snapshot date {as_of!r} given for this import is not YYYY-MM-DD")
        return as_of, "given by the user (as of)"
    if known:
        return known, "the same content (SHA-256) was imported before with this date"
    for part, label in ((path.name, "file name"), (path.parent.name, "folder name")):
        for match in DATE_IN_NAME.finditer(part):
            if _valid_date(match.group(0)):
                return match.group(0), f"date in the {label} '{part}'"
    raise SnapshotDateNeeded(path, "the file carries no snapshot date (not in its content, its name or its "
                                   "folder's name); give the date of this version of the list with "
                                   "--as-of YYYY-MM-DD")


def _valid_date(text: str) -> bool:
    try:
        return datetime.strptime(text, "%Y-%m-%d").strftime("%Y-%m-%d") == text
    except ValueError:
        return False
