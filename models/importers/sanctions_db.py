"""Writing a list snapshot into the store and re-deriving each entry's history and current row.

designation_snapshots is the truth: one content row per entry per snapshot. After every import the
designations rows (first_seen, last_seen, removed_on, and the content of the newest snapshot holding
the entry) are recomputed from it, so snapshots can arrive in any order with the same result.
"""
from __future__ import annotations

import json
import sqlite3

from models.importers.report import FileReport
from models.importers.sanctions_entry import CONTENT_ENCODER, ParsedList, content_hash

ROW_FIELDS = ("authority", "name", "type", "programs", "title", "nationality", "listed_on", "remarks")


def write_snapshot(conn: sqlite3.Connection, parsed: ParsedList, file_id: int, report: FileReport) -> None:
    """Store `parsed` as the snapshot of its list on its date (replacing a different one of that date)."""
    list_name = parsed.list_name
    rows, contents = [], []
    for e in parsed.entries:
        contents.append(e.content())
        text = CONTENT_ENCODER.encode(contents[-1])
        rows.append((e.source_id, content_hash(text), text, int(e.dprk), e.dprk_reason,
                     json.dumps(e.link_targets) if e.links else None))
    old = conn.execute("SELECT snapshot_id FROM list_snapshots WHERE list_name = ? AND snapshot_date = ?",
                       (list_name, parsed.snapshot_date)).fetchone()
    if old is not None:
        snapshot_id = old[0]
        stored = {r[0]: tuple(r[1:]) for r in conn.execute(
            "SELECT d.source_id, s.content_hash, s.dprk, s.dprk_reason, s.link_targets"
            " FROM designation_snapshots s JOIN designations d USING (designation_id) WHERE s.snapshot_id = ?",
            (snapshot_id,))}
        if stored == {r[0]: (r[1], r[3], r[4], r[5]) for r in rows}:
            report.unchanged += len(rows)
            report.notes.append(f"the {list_name} snapshot of {parsed.snapshot_date} is already stored with "
                                "this content; nothing changed")
            return
        conn.execute("DELETE FROM designation_snapshots WHERE snapshot_id = ?", (snapshot_id,))
        conn.execute("UPDATE list_snapshots SET file_id = ?, date_basis = ? WHERE snapshot_id = ?",
                     (file_id, parsed.date_basis, snapshot_id))
        conn.execute("UPDATE designations SET content_hash = NULL WHERE list_name = ?", (list_name,))
        report.notes.append(f"replaced the stored {list_name} snapshot of {parsed.snapshot_date}, "
                            "whose content differed")
    else:
        snapshot_id = conn.execute(
            "INSERT INTO list_snapshots (list_name, authority, snapshot_date, date_basis, file_id)"
            " VALUES (?, ?, ?, ?, ?)",
            (list_name, parsed.authority, parsed.snapshot_date, parsed.date_basis, file_id)).lastrowid
    ids = _ids(conn, list_name)
    new = [(e, row, c) for e, row, c in zip(parsed.entries, rows, contents) if e.source_id not in ids]
    conn.executemany(   # new entries get their full row now, so refresh_list finds them up to date
        f"INSERT INTO designations (list_name, source_id, {', '.join(ROW_FIELDS)}, dprk, dprk_reason,"
        f" content_hash, file_id) VALUES ({', '.join('?' * (len(ROW_FIELDS) + 6))})",
        [(list_name, e.source_id, *_row_values(c), row[3], row[4], row[1], file_id) for e, row, c in new])
    if new:
        ids = _ids(conn, list_name)
        _write_children(conn, [(ids[e.source_id], c, e.link_targets) for e, _row, c in new], ids)
    conn.executemany(
        "INSERT INTO designation_snapshots (designation_id, snapshot_id, content_hash, content, dprk,"
        " dprk_reason, link_targets) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [(ids[r[0]], snapshot_id, *r[1:]) for r in rows])
    rebuilt = refresh_list(conn, list_name)
    touched = {ids[r[0]] for r in rows} & rebuilt
    report.added += len(new)
    report.updated += len(touched)
    report.unchanged += len(rows) - len(new) - len(touched)


def _row_values(content: dict) -> list:
    values = [content.get(f) for f in ROW_FIELDS]
    values[ROW_FIELDS.index("programs")] = "; ".join(content.get("programs") or []) or None
    return values


def _write_children(conn: sqlite3.Connection, items: list[tuple[int, dict, list]], ids: dict[str, int]) -> None:
    """Insert aliases, addresses, identifiers and resolved links for (designation_id, content, targets)."""
    aliases, addresses, identifiers, links = [], [], [], []
    for designation_id, c, targets in items:
        aliases += [(designation_id, *a) for a in c.get("aliases", [])]
        addresses += [(designation_id, *a) for a in c.get("addresses", [])]
        identifiers += [(designation_id, *i) for i in c.get("identifiers", [])]
        for target, link in zip(targets or [], c.get("links", [])):
            if target in ids and ids[target] != designation_id:
                links.append((designation_id, ids[target], link[1], link[2]))
    conn.executemany("INSERT INTO designation_aliases VALUES (?, ?, ?, ?)", aliases)
    conn.executemany("INSERT INTO designation_addresses VALUES (?, ?, ?, ?, ?, ?, ?)", addresses)
    conn.executemany("INSERT INTO designation_identifiers VALUES (?, ?, ?, ?)", identifiers)
    conn.executemany("INSERT OR IGNORE INTO designation_links VALUES (?, ?, ?, ?)", links)


def _ids(conn: sqlite3.Connection, list_name: str) -> dict[str, int]:
    return dict(conn.execute("SELECT source_id, designation_id FROM designations WHERE list_name = ?",
                             (list_name,)).fetchall())


def refresh_list(conn: sqlite3.Connection, list_name: str) -> set[int]:
    """Recompute history for every entry of the list and rebuild rows whose newest content changed."""
    conn.execute("DELETE FROM designations WHERE list_name = ? AND designation_id NOT IN"
                 " (SELECT designation_id FROM designation_snapshots)", (list_name,))
    conn.execute(
        "WITH snaps AS (SELECT snapshot_id, snapshot_date FROM list_snapshots WHERE list_name = :list),"
        " seen AS (SELECT s.designation_id, MIN(n.snapshot_date) AS first, MAX(n.snapshot_date) AS last"
        "   FROM designation_snapshots s JOIN snaps n USING (snapshot_id) GROUP BY s.designation_id)"
        " UPDATE designations SET first_seen = seen.first, last_seen = seen.last,"
        "   removed_on = (SELECT MIN(snapshot_date) FROM snaps WHERE snapshot_date > seen.last)"
        " FROM seen WHERE designations.designation_id = seen.designation_id", {"list": list_name})
    stale = conn.execute(
        "SELECT d.designation_id, s.content, s.content_hash, s.dprk, s.dprk_reason, s.link_targets, n.file_id"
        " FROM designations d JOIN list_snapshots n ON n.list_name = d.list_name AND n.snapshot_date = d.last_seen"
        " JOIN designation_snapshots s ON s.snapshot_id = n.snapshot_id AND s.designation_id = d.designation_id"
        " WHERE d.list_name = ? AND (d.content_hash IS NOT s.content_hash OR d.dprk IS NOT s.dprk"
        "   OR d.dprk_reason IS NOT s.dprk_reason OR d.file_id IS NOT n.file_id)", (list_name,)).fetchall()
    if not stale:
        return set()
    ids = _ids(conn, list_name)
    updates, items = [], []
    for designation_id, text, digest, dprk, reason, targets, file_id in stale:
        c = json.loads(text)
        updates.append((*_row_values(c), dprk, reason, digest, file_id, designation_id))
        items.append((designation_id, c, json.loads(targets) if targets else []))
    sets = ", ".join(f"{f} = ?" for f in ROW_FIELDS)
    conn.executemany(f"UPDATE designations SET {sets}, dprk = ?, dprk_reason = ?, content_hash = ?, file_id = ?"
                     " WHERE designation_id = ?", updates)
    keys = [(row[0],) for row in stale]
    for table, column in (("designation_aliases", "designation_id"), ("designation_addresses", "designation_id"),
                          ("designation_identifiers", "designation_id"), ("designation_links", "from_id")):
        conn.executemany(f"DELETE FROM {table} WHERE {column} = ?", keys)
    _write_children(conn, items, ids)
    return {row[0] for row in stale}
