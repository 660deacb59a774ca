"""Writing a list snapshot into the store and re-deriving each entry's history and current row.

designation_snapshots is the truth: one content row per entry per snapshot. After every import the
designations rows (first_seen, last_seen, removed_on, and the content of the newest snapshot holding
the entry) are recomputed from it, so snapshots can arrive in any order with the same result.

A snapshot may not cover every part (an OFAC sdn.csv imported without add.csv/alt.csv): its content
then says so ("uncovered", with aliases/addresses null). The current row keeps the newest KNOWN
aliases and addresses, from the newest snapshot of the entry that covers them (see `part_sources`);
its content_hash then also names those sources, so a change of source rebuilds the row.
"""
from __future__ import annotations

import hashlib
import json
import sqlite3
from typing import Iterable, Sequence

from models.importers.report import FileReport
from models.importers.sanctions_entry import CONTENT_ENCODER, ParsedList, content_hash
from models.progress import Progress

ROW_FIELDS = ("authority", "name", "type", "programs", "title", "nationality", "listed_on", "remarks")
KEPT_PARTS = ("aliases", "addresses")       # parts the current row takes from an older snapshot if need be
BATCH = 2000                                # rows per executemany: short GIL holds, progress and cancel between


def write_snapshot(conn: sqlite3.Connection, parsed: ParsedList, file_id: int, report: FileReport,
                   progress: Progress | None = None) -> None:
    """Store `parsed` as the snapshot of its list on its date (replacing a different one of that date)."""
    progress = progress or Progress()
    list_name, uncovered = parsed.list_name, parsed.uncovered
    total = len(parsed.entries)
    rows, contents = _snapshot_rows(parsed, progress)
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
    had_entries = bool(ids)
    new = [(e, row, c) for e, row, c in zip(parsed.entries, rows, contents) if e.source_id not in ids]
    kept = {part: None for part in KEPT_PARTS if part in uncovered}     # a new entry has no older source
    day = parsed.snapshot_date
    removed_on = conn.execute("SELECT MIN(snapshot_date) FROM list_snapshots WHERE list_name = ?"
                              " AND snapshot_date > ?", (list_name, day)).fetchone()[0]
    _batched(conn, progress, f"Writing new {list_name} entries",   # full rows now, so refresh_list skips them
             f"INSERT INTO designations (list_name, source_id, {', '.join(ROW_FIELDS)}, dprk, dprk_reason,"
             f" content_hash, file_id, first_seen, last_seen, removed_on)"
             f" VALUES ({', '.join('?' * (len(ROW_FIELDS) + 9))})",
             [(list_name, e.source_id, *_row_values(c), row[3], row[4], row_digest(row[1], kept), file_id,
               day, day, removed_on) for e, row, c in new])
    if new:
        ids = _ids(conn, list_name)
        _write_children(conn, [(ids[e.source_id], c, e.link_targets) for e, _row, c in new], ids, progress)
    _batched(conn, progress, f"Writing the {list_name} snapshot",
             "INSERT INTO designation_snapshots (designation_id, snapshot_id, content_hash, content, dprk,"
             " dprk_reason, link_targets) VALUES (?, ?, ?, ?, ?, ?, ?)",
             [(ids[r[0]], snapshot_id, *r[1:]) for r in rows])
    progress.step(total, total, f"Updating the {list_name} history")
    # Rows written just now are already current; only a list that held entries before can have stale rows.
    rebuilt = refresh_list(conn, list_name, progress) if had_entries else set()
    touched = {ids[r[0]] for r in rows} & rebuilt
    report.added += len(new)
    report.updated += len(touched)
    report.unchanged += len(rows) - len(new) - len(touched)


def _snapshot_rows(parsed: ParsedList, progress: Progress) -> tuple[list[tuple], list[dict]]:
    """Per entry: (source_id, content_hash, content JSON, dprk, dprk_reason, link_targets JSON), and its content."""
    list_name, uncovered = parsed.list_name, parsed.uncovered
    total = len(parsed.entries)
    rows, contents = [], []
    encode, dumps = CONTENT_ENCODER.encode, json.dumps
    for done, e in enumerate(parsed.entries):
        if done % BATCH == 0:
            progress.step(done, total, f"Preparing {list_name} entries: {done:,} of {total:,}")
        c = e.content(uncovered)
        contents.append(c)
        text = encode(c)
        rows.append((e.source_id, content_hash(text), text, int(e.dprk), e.dprk_reason,
                     dumps(e.link_targets) if e.links else None))
    return rows, contents


def row_digest(newest_hash: str, sources: dict[str, str | None]) -> str:
    """designations.content_hash: the newest snapshot's hash, plus the sources of parts it lacks."""
    if not sources:
        return newest_hash
    text = newest_hash + "".join(f"|{part}:{sources[part] or '-'}" for part in KEPT_PARTS if part in sources)
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def _batched(conn: sqlite3.Connection, progress: Progress, text: str, sql: str, rows: Sequence) -> None:
    total = len(rows)
    for start in range(0, total, BATCH):
        progress.step(start, total, f"{text}: {start:,} of {total:,}")
        conn.executemany(sql, rows[start:start + BATCH])


def _row_values(content: dict) -> list:
    values = [content.get(f) for f in ROW_FIELDS]
    values[ROW_FIELDS.index("programs")] = "; ".join(content.get("programs") or []) or None
    return values


def _write_children(conn: sqlite3.Connection, items: list[tuple[int, dict, list]], ids: dict[str, int],
                    progress: Progress) -> None:
    """Insert aliases, addresses, identifiers and resolved links for (designation_id, content, targets)."""
    aliases, addresses, identifiers, links = [], [], [], []
    for designation_id, c, targets in items:      # plain loops: a comprehension per entry costs a call each
        for a in c.get("aliases") or ():
            aliases.append((designation_id, *a))
        for a in c.get("addresses") or ():
            addresses.append((designation_id, *a))
        for i in c.get("identifiers") or ():
            identifiers.append((designation_id, *i))
        for target, link in zip(targets or (), c.get("links") or ()):
            if target in ids and ids[target] != designation_id:
                links.append((designation_id, ids[target], link[1], link[2]))
    _batched(conn, progress, "Writing aliases", "INSERT INTO designation_aliases VALUES (?, ?, ?, ?)", aliases)
    _batched(conn, progress, "Writing addresses", "INSERT INTO designation_addresses VALUES (?, ?, ?, ?, ?, ?, ?)",
             addresses)
    _batched(conn, progress, "Writing identifiers", "INSERT INTO designation_identifiers VALUES (?, ?, ?, ?)",
             identifiers)
    _batched(conn, progress, "Writing links", "INSERT OR IGNORE INTO designation_links VALUES (?, ?, ?, ?)", links)


def _ids(conn: sqlite3.Connection, list_name: str) -> dict[str, int]:
    return dict(conn.execute("SELECT source_id, designation_id FROM designations WHERE list_name = ?",
                             (list_name,)).fetchall())


def snapshot_uncovered(conn: sqlite3.Connection, list_name: str | None = None) -> dict[int, tuple[str, ...]]:
    """The parts each snapshot does not cover, by snapshot_id (read off one of its content rows)."""
    rows = conn.execute(
        "SELECT n.snapshot_id, (SELECT json_extract(s.content, '$.uncovered') FROM designation_snapshots s"
        "  WHERE s.snapshot_id = n.snapshot_id LIMIT 1) FROM list_snapshots n"
        + (" WHERE n.list_name = ?" if list_name else ""), (list_name,) if list_name else ()).fetchall()
    return {r[0]: tuple(json.loads(r[1])) if r[1] else () for r in rows}


def part_sources(conn: sqlite3.Connection, list_name: str, part: str,
                 uncovered: dict[int, tuple[str, ...]]) -> dict[int, tuple[int, str, str]]:
    """Per designation: (snapshot_id, snapshot_date, content_hash) of its newest snapshot covering `part`."""
    covering = [sid for sid, parts in uncovered.items() if part not in parts]
    if not covering:
        return {}
    rows = conn.execute(        # the newest covering snapshot of each designation (one per list and date)
        "SELECT designation_id, snapshot_id, snapshot_date, content_hash FROM"
        " (SELECT s.designation_id, s.snapshot_id, n.snapshot_date, s.content_hash, ROW_NUMBER() OVER"
        "  (PARTITION BY s.designation_id ORDER BY n.snapshot_date DESC) AS newest"
        "  FROM designation_snapshots s JOIN list_snapshots n USING (snapshot_id)"
        f" WHERE n.list_name = ? AND n.snapshot_id IN ({', '.join('?' * len(covering))})) AS covering"
        " WHERE newest = 1", (list_name, *covering)).fetchall()
    return {r[0]: (r[1], r[2], r[3]) for r in rows}


def refresh_list(conn: sqlite3.Connection, list_name: str, progress: Progress | None = None) -> set[int]:
    """Recompute history for every entry of the list and rebuild rows whose newest content changed."""
    progress = progress or Progress()
    conn.execute("DELETE FROM designations WHERE list_name = ? AND designation_id NOT IN"
                 " (SELECT designation_id FROM designation_snapshots)", (list_name,))
    conn.execute(
        "WITH snaps AS (SELECT snapshot_id, snapshot_date FROM list_snapshots WHERE list_name = :list),"
        " seen AS (SELECT s.designation_id, MIN(n.snapshot_date) AS first, MAX(n.snapshot_date) AS last"
        "   FROM designation_snapshots s JOIN snaps n USING (snapshot_id) GROUP BY s.designation_id)"
        " UPDATE designations SET first_seen = seen.first, last_seen = seen.last,"
        "   removed_on = (SELECT MIN(snapshot_date) FROM snaps WHERE snapshot_date > seen.last)"
        " FROM seen WHERE designations.designation_id = seen.designation_id AND (first_seen IS NOT seen.first"
        "   OR last_seen IS NOT seen.last OR removed_on IS NOT"
        "   (SELECT MIN(snapshot_date) FROM snaps WHERE snapshot_date > seen.last))", {"list": list_name})
    progress.check()
    uncovered = snapshot_uncovered(conn, list_name)
    sources = {}
    for part in KEPT_PARTS:
        if any(part in u for u in uncovered.values()):
            sources[part] = part_sources(conn, list_name, part, uncovered)
            progress.check()
    current = conn.execute(
        "SELECT d.designation_id, n.snapshot_id, s.content_hash, d.content_hash,"
        " d.dprk IS NOT s.dprk OR d.dprk_reason IS NOT s.dprk_reason OR d.file_id IS NOT n.file_id"
        " FROM designations d JOIN list_snapshots n ON n.list_name = d.list_name AND n.snapshot_date = d.last_seen"
        " JOIN designation_snapshots s ON s.snapshot_id = n.snapshot_id AND s.designation_id = d.designation_id"
        " WHERE d.list_name = ?", (list_name,)).fetchall()
    stale = []                    # (designation_id, newest snapshot_id, digest, {part: source snapshot_id})
    progress.check()
    for index, (designation_id, snapshot_id, digest, row_hash, others_differ) in enumerate(current):
        if index % BATCH == 0:
            progress.check()
        kept = {p: sources[p].get(designation_id) for p in KEPT_PARTS if p in uncovered[snapshot_id]}
        if kept:
            digest = row_digest(digest, {p: src[2] if src else None for p, src in kept.items()})
        if others_differ or row_hash != digest:
            stale.append((designation_id, snapshot_id, digest, {p: src[0] if src else None
                                                                 for p, src in kept.items()}))
    if not stale:
        return set()
    progress.check()
    return _rebuild(conn, list_name, stale, progress)


def _contents(conn: sqlite3.Connection, pairs: Iterable[tuple[int, int]]) -> dict[tuple[int, int], tuple]:
    """(designation_id, snapshot_id) -> (content, dprk, dprk_reason, link_targets, file_id)."""
    wanted: dict[int, set[int]] = {}
    for designation_id, snapshot_id in pairs:
        wanted.setdefault(snapshot_id, set()).add(designation_id)
    out = {}
    sql = ("SELECT s.designation_id, s.content, s.dprk, s.dprk_reason, s.link_targets, n.file_id"
           " FROM designation_snapshots s JOIN list_snapshots n USING (snapshot_id) WHERE s.snapshot_id = ?")
    for snapshot_id, designations in wanted.items():
        if len(designations) > 2000:                 # most of the snapshot: one scan, filtered here
            rows = [r for r in conn.execute(sql, (snapshot_id,)) if r[0] in designations]
        else:
            rows = []
            for chunk in _chunks(sorted(designations), 500):
                rows += conn.execute(sql + f" AND s.designation_id IN ({', '.join('?' * len(chunk))})",
                                     (snapshot_id, *chunk)).fetchall()
        out.update({(r[0], snapshot_id): tuple(r[1:]) for r in rows})
    return out


def _chunks(items: Sequence, size: int) -> Iterable[Sequence]:
    return (items[i:i + size] for i in range(0, len(items), size))


def _rebuild(conn: sqlite3.Connection, list_name: str, stale: list, progress: Progress) -> set[int]:
    """Rewrite the stale rows and their children from their newest snapshot (and the kept parts' sources)."""
    pairs = {(d, s) for d, s, _digest, _kept in stale}
    pairs |= {(d, src) for d, _s, _digest, kept in stale for src in kept.values() if src is not None}
    stored = _contents(conn, pairs)
    ids = _ids(conn, list_name)
    updates, items = [], []
    loads = json.loads
    for done, (designation_id, snapshot_id, digest, kept) in enumerate(stale):
        if done % BATCH == 0:
            progress.step(done, len(stale), f"Updating {list_name} entries: {done:,} of {len(stale):,}")
        text, dprk, reason, targets, file_id = stored[(designation_id, snapshot_id)]
        c = loads(text)
        for part, src in kept.items():
            c[part] = loads(stored[(designation_id, src)][0]).get(part) if src is not None else None
        updates.append((*_row_values(c), dprk, reason, digest, file_id, designation_id))
        items.append((designation_id, c, loads(targets) if targets else []))
    sets = ", ".join(f"{f} = ?" for f in ROW_FIELDS)
    _batched(conn, progress, f"Updating {list_name} entries",
             f"UPDATE designations SET {sets}, dprk = ?, dprk_reason = ?, content_hash = ?, file_id = ?"
             " WHERE designation_id = ?", updates)
    keys = sorted(d for d, _s, _digest, _kept in stale)
    for table, column in (("designation_aliases", "designation_id"), ("designation_addresses", "designation_id"),
                          ("designation_identifiers", "designation_id"), ("designation_links", "from_id")):
        for chunk in _chunks(keys, 500):
            progress.check()
            conn.execute(f"DELETE FROM {table} WHERE {column} IN ({', '.join('?' * len(chunk))})", chunk)
    _write_children(conn, items, ids, progress)
    return set(keys)
