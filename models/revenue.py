"""Revenue-stream tags: rules suggest them from the data, the user confirms, edits or rejects them.

Rows live in `revenue_tags` (designation_id, stream, status, reason, updated_at). Suggestions are
written only where the user has said nothing: a confirmed or rejected tag is never touched by the
rules, and designation ids survive re-imports (a list entry keeps its row), so edits survive too.
"""
from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Iterable

from models.progress import Progress

if TYPE_CHECKING:
    import pandas as pd

STREAMS = ("labour", "minerals", "shipping", "cyber", "finance", "procurement", "other")
STREAM_LABELS = {"labour": "Overseas labour", "minerals": "Coal and other minerals",
                 "shipping": "Shipping and ship-to-ship transfers", "cyber": "Cyber theft and IT workers",
                 "finance": "Finance and banking", "procurement": "Arms and WMD procurement", "other": "Other"}

# (stream, pattern over name + title + remarks + programmes, reason); the first match per stream wins.
RULES: list[tuple[str, re.Pattern, str]] = [
    ("cyber", re.compile(r"\bCYBER|\bIT WORKERS?\b|INFORMATION TECHNOLOGY|\bHACK|LAZARUS|VIRTUAL CURRENCY"
                         r"|CRYPTO|RANSOMWARE|\bSOFTWARE\b|CHOSUN EXPO|BLUENOROFF|ANDARIEL", re.I), "cyber"),
    ("labour", re.compile(r"\bLABOU?R|\bWORKERS\b|OVERSEAS CONSTRUCTION|OVERSEAS PROJECT|MANSUDAE"
                          r"|CONSTRUCTION COMPANY|\bRESTAURANT", re.I), "overseas labour"),
    ("minerals", re.compile(r"\bCOAL\b|\bMINING\b|\bMINERALS?\b|IRON ORE|\bMETALS?\b|NATURAL RESOURCES"
                            r"|\bRARE EARTH|\bGOLD\b|\bZINC\b|\bMAGNESITE", re.I), "coal and minerals"),
    ("shipping", re.compile(r"\bSHIPPING\b|\bSHIP[- ]TO[- ]SHIP|\bMARITIME\b|\bSHIP MANAGEMENT|\bVESSELS?\b"
                            r"|\bNAVIGATION\b|\bTANKER|\bMARINE\b|\bSEAFARER|\bOCEAN\b", re.I), "shipping"),
    ("finance", re.compile(r"\bBANK(ING)?\b|\bFINANC|\bCREDIT\b|\bINSURANCE\b|SWIFT/BIC|\bCAPITAL\b"
                           r"|\bINVESTMENT\b|MONEY LAUNDER|\bEXCHANGE\b", re.I), "finance"),
    ("procurement", re.compile(r"NPWMD|\bWEAPONS?\b|\bMISSILE|\bNUCLEAR\b|\bWMD\b|\bMUNITIONS?\b|\bARMS\b"
                               r"|PROCUREMENT|KOMID|NAMCHONGANG|\bACADEMY OF NATURAL SCIENCES|\bMILITARY\b"
                               r"|\bDEFEN[CS]E\b|\bBALLISTIC|\bURANIUM", re.I), "arms and WMD procurement"),
]


@dataclass(frozen=True)
class Tag:
    stream: str
    status: str                 # suggested, confirmed, rejected
    reason: str | None = None
    updated_at: str | None = None


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


_BOILERPLATE = ("transactions prohibited", "secondary sanctions risk", "additional sanctions information",
                "target type", "organization type")


def _substantive(remarks: str | None) -> str:
    """Remarks without the list's boilerplate clauses (every OFAC DPRK entry names "Financial Institutions")."""
    return "; ".join(p for p in (remarks or "").split(";") if not p.strip().lower().startswith(_BOILERPLATE))


def suggest_one(name: str, kind: str, programs: str | None, title: str | None, remarks: str | None,
                imo: bool = False) -> list[tuple[str, str]]:
    """(stream, reason) suggestions for one designation from its own fields."""
    text = " ".join(t for t in (name, title, _substantive(remarks), programs) if t)
    found: dict[str, str] = {}
    if kind == "vessel" or imo:
        found["shipping"] = "a vessel" if kind == "vessel" else "carries an IMO number"
    for stream, pattern, label in RULES:
        if stream in found:
            continue
        match = pattern.search(text)
        if match:
            where = "programme" if programs and match.group(0) in programs else "name or remarks"
            found[stream] = f"{label}: {where} mention {match.group(0).strip()!r}"
    if not found:
        found["other"] = "no rule matched"
    return list(found.items())


def suggest_all(conn: sqlite3.Connection, only_untagged: bool = True,
                progress: Progress | None = None) -> list[tuple[int, str, str]]:
    """(designation_id, stream, reason) for every designation (or those with no tags yet).

    A person or company with no rule of its own inherits the streams of the entries it is linked to
    (a bank's officer is finance), with a reason naming the link.
    """
    where = (" WHERE NOT EXISTS (SELECT 1 FROM revenue_tags r WHERE r.designation_id = d.designation_id)"
             if only_untagged else "")
    rows = conn.execute("SELECT d.designation_id, d.name, d.type, d.programs, d.title, d.remarks,"
                        " EXISTS (SELECT 1 FROM designation_identifiers i WHERE i.designation_id = d.designation_id"
                        " AND i.id_type = 'IMO') FROM designations d" + where).fetchall()
    own: dict[int, list[tuple[str, str]]] = {}
    for n, (designation_id, name, kind, programs, title, remarks, imo) in enumerate(rows):
        own[designation_id] = suggest_one(name, kind, programs, title, remarks, bool(imo))
        if progress is not None and n % 5000 == 0:
            progress.step(n, len(rows), "suggesting revenue streams")
    names = dict(conn.execute("SELECT designation_id, name FROM designations").fetchall()) if own else {}
    targets: dict[int, list[int]] = {}
    for a, b in conn.execute("SELECT from_id, to_id FROM designation_links").fetchall():
        targets.setdefault(a, []).append(b)
    out = []
    for designation_id, found in own.items():
        if [s for s, _ in found] == ["other"]:
            inherited = {}
            for target in targets.get(designation_id, []):
                for stream, _ in own.get(target, []):
                    if stream != "other":
                        inherited.setdefault(stream, f"linked to {names.get(target, target)}")
            found = list(inherited.items()) or found
        out += [(designation_id, stream, reason) for stream, reason in found]
    return out


def sync_suggestions(conn: sqlite3.Connection, progress: Progress | None = None) -> int:
    """Write suggestions for designations that have no tags yet; returns how many tags were added."""
    suggestions = suggest_all(conn, only_untagged=True, progress=progress)
    if suggestions:
        now = _now()
        own = not conn.in_transaction
        if own:
            conn.execute("BEGIN IMMEDIATE")
        conn.executemany("INSERT OR IGNORE INTO revenue_tags VALUES (?, ?, 'suggested', ?, ?)",
                         [(i, s, r, now) for i, s, r in suggestions])
        if own:
            conn.execute("COMMIT")
    return len(suggestions)


def tags(conn: sqlite3.Connection, designation_id: int) -> list[Tag]:
    return [Tag(*r) for r in conn.execute(
        "SELECT stream, status, reason, updated_at FROM revenue_tags WHERE designation_id = ? ORDER BY stream",
        (designation_id,)).fetchall()]


def set_streams(conn: sqlite3.Connection, designation_id: int, streams: Iterable[str]) -> list[Tag]:
    """The user's word: these streams are confirmed, every other tag is rejected. Returns the old tags."""
    chosen = set(streams)
    unknown = chosen - set(STREAMS)
    if unknown:
        raise ValueError(f"unknown revenue streams: {', '.join(sorted(unknown))}")
    old = tags(conn, designation_id)
    now = _now()
    reasons = {t.stream: t.reason for t in old}
    new = [Tag(s, "confirmed", reasons.get(s) or "set by the user", now) for s in sorted(chosen)]
    new += [Tag(t.stream, "rejected", t.reason, now) for t in old if t.stream not in chosen]
    restore(conn, designation_id, new)
    return old


def restore(conn: sqlite3.Connection, designation_id: int, state: list[Tag]) -> None:
    """Put back exactly these tags (for undo and redo)."""
    own = not conn.in_transaction
    if own:
        conn.execute("BEGIN IMMEDIATE")
    conn.execute("DELETE FROM revenue_tags WHERE designation_id = ?", (designation_id,))
    conn.executemany("INSERT INTO revenue_tags VALUES (?, ?, ?, ?, ?)",
                     [(designation_id, t.stream, t.status, t.reason, t.updated_at) for t in state])
    if own:
        conn.execute("COMMIT")


def tag_summary(conn: sqlite3.Connection) -> "pd.DataFrame":
    """Per designation: its live streams ('finance, shipping*': * = suggested) and its main stream.

    Confirmed tags come first, so the main stream is the user's when there is one.
    """
    import pandas as pd

    rows = conn.execute(
        "SELECT designation_id, group_concat(label, ', ') FROM (SELECT designation_id,"
        " stream || CASE status WHEN 'suggested' THEN '*' ELSE '' END AS label FROM revenue_tags"
        " WHERE status != 'rejected' ORDER BY designation_id, status = 'suggested', stream)"
        " GROUP BY designation_id").fetchall()
    frame = pd.DataFrame(rows, columns=["designation_id", "revenue"])
    frame["main_stream"] = frame["revenue"].str.split(",", n=1).str[0].str.rstrip("*")
    return frame
