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
from hashlib import sha1
from itertools import islice
from typing import Iterable, Sequence

from models.importers.report import FileReport
from models.importers.sanctions_entry import (Entry, ListStream, choose_target, encode_content, link_keys,
                                              link_notes, linked_reason, norm_name)
from models.progress import Progress

ROW_FIELDS = ("authority", "name", "type", "programs", "title", "nationality", "listed_on", "remarks")
KEPT_PARTS = ("aliases", "addresses")       # parts the current row takes from an older snapshot if need be
PROGRAM_SEPARATOR = "\x1f"                 # between a staged entry's programmes (never in a programme's name)
BATCH = 2000                                # rows per executemany: short GIL holds, progress and cancel between
REFRESH_ROWS = 10_000                       # designations re-derived at a time after an import


def write_stream(conn: sqlite3.Connection, stream: ListStream, file_id: int, report: FileReport,
                 progress: Progress | None = None) -> tuple[int, int]:
    """Store `stream` (started) as the snapshot of its list on its date, replacing a different one of that
    date; returns (entries, DPRK-related entries).

    Entries are written BATCH at a time as they are read, so memory does not grow with the list: this
    snapshot's names and its entries with links go to temporary tables, and once every name is known the
    links are resolved and the verdicts that come through a link written. A stored snapshot of the same
    date is compared at the end: the same content changes nothing. All of it runs in the caller's
    transaction (temporary tables included), so an error anywhere leaves the store as it was.
    """
    progress = progress or Progress()
    list_name, day = stream.list_name, stream.snapshot_date
    kept = {part: None for part in KEPT_PARTS if part in stream.uncovered}     # a new entry has no older source
    had_entries = conn.execute("SELECT 1 FROM designations WHERE list_name = ? LIMIT 1", (list_name,)).fetchone()
    removed_on = conn.execute("SELECT MIN(snapshot_date) FROM list_snapshots WHERE list_name = ?"
                              " AND snapshot_date > ?", (list_name, day)).fetchone()[0]
    old = conn.execute("SELECT snapshot_id FROM list_snapshots WHERE list_name = ? AND snapshot_date = ?",
                       (list_name, day)).fetchone()
    snapshot_id = conn.execute(                # beside a stored one of that date until the two are compared
        "INSERT INTO list_snapshots (list_name, authority, snapshot_date, date_basis, file_id) VALUES (?, ?, ?, ?, ?)",
        (list_name, stream.authority, day if old is None else f"{day} (being imported)", stream.date_basis,
         file_id)).lastrowid
    _stage(conn)
    total = added = direct = 0               # direct: entries DPRK-related on their own
    entries = iter(stream)
    while batch := list(islice(entries, BATCH)):
        progress.check()
        added += _write_batch(conn, batch, list_name, snapshot_id, file_id, day, removed_on, kept, stream.uncovered,
                              bool(had_entries))
        direct += sum(1 for e in batch if e.dprk)
        total += len(batch)
    progress.step(total, total, f"Resolving the 'Linked To' names of {list_name}")
    dprk = direct + _resolve_links(conn, stream, snapshot_id, progress)
    _stage(conn, drop_only=True)
    stream.notes.extend(stream.closing_notes())
    if old is not None:
        if _same_snapshot(conn, old[0], snapshot_id):
            conn.execute("DELETE FROM list_snapshots WHERE snapshot_id = ?", (snapshot_id,))     # rows cascade
            report.unchanged += total
            report.notes.append(f"the {list_name} snapshot of {day} is already stored with this content; "
                                "nothing changed")
            return total, dprk
        conn.execute("DELETE FROM list_snapshots WHERE snapshot_id = ?", (old[0],))             # rows cascade
        conn.execute("UPDATE list_snapshots SET snapshot_date = ? WHERE snapshot_id = ?", (day, snapshot_id))
        conn.execute("UPDATE designations SET content_hash = NULL WHERE list_name = ?", (list_name,))
        report.notes.append(f"replaced the stored {list_name} snapshot of {day}, whose content differed")
    progress.step(total, total, f"Updating the {list_name} history")
    # Rows written just now are already current; only a list that held entries before can have stale rows.
    touched = refresh_list(conn, list_name, progress, count_in=snapshot_id) if had_entries else 0
    report.added += added
    report.updated += touched
    report.unchanged += total - added - touched
    return total, dprk


def _stage(conn: sqlite3.Connection, drop_only: bool = False) -> None:
    """(Re)create the temporary tables of one import: this snapshot's names and aliases, in the order they
    were read (for "Linked To"), and its entries that carry links."""
    conn.execute("DROP TABLE IF EXISTS temp.list_names")
    conn.execute("DROP TABLE IF EXISTS temp.list_links")
    if drop_only:
        return
    # seq: the order read (SQLite's rowid; PostgreSQL, which has none, numbers it as an identity column)
    conn.execute("CREATE TEMP TABLE list_names (seq INTEGER PRIMARY KEY, norm TEXT NOT NULL, alias INTEGER NOT NULL,"
                 " source_id TEXT NOT NULL, designation_id INTEGER NOT NULL, programs TEXT NOT NULL,"
                 " direct_name TEXT)")     # the entry's name when it is DPRK-related on its own, else NULL
    conn.execute("CREATE TEMP TABLE list_links (seq INTEGER PRIMARY KEY, designation_id INTEGER NOT NULL,"
                 " source_id TEXT NOT NULL,"
                 " programs TEXT NOT NULL, links TEXT NOT NULL, new INTEGER NOT NULL, direct INTEGER NOT NULL)")


def _write_batch(conn: sqlite3.Connection, batch: list[Entry], list_name: str, snapshot_id: int, file_id: int,
                 day: str, removed_on: str | None, kept: dict, uncovered: tuple[str, ...], known: bool = True) -> int:
    """Write one batch: new designations with their children, the snapshot rows, the staged names and links.
    `known`: whether the list may hold some of these entries already (False: every one is new).
    Returns how many designations were new."""
    raws = [encode_content(e.content(uncovered)) for e in batch]
    hashes = [sha1(r).hexdigest() for r in raws]
    ids = _ids_of(conn, list_name, [e.source_id for e in batch]) if known else {}
    new = [i for i, e in enumerate(batch) if e.source_id not in ids]
    if new:
        rows = []
        for i in new:
            e = batch[i]
            rows.append((list_name, e.source_id, e.authority, e.name, e.type, "; ".join(e.programs) or None, e.title,
                         e.nationality, e.listed_on, e.remarks, int(e.dprk), e.dprk_reason,
                         row_digest(hashes[i], kept) if kept else hashes[i], file_id, day, day, removed_on))
        conn.executemany(
            f"INSERT INTO designations (list_name, source_id, {', '.join(ROW_FIELDS)}, dprk, dprk_reason,"
            f" content_hash, file_id, first_seen, last_seen, removed_on)"
            f" VALUES ({', '.join('?' * (len(ROW_FIELDS) + 9))})", rows)
        ids.update(_ids_of(conn, list_name, [batch[i].source_id for i in new]))
        _write_entry_children(conn, [(ids[batch[i].source_id], batch[i]) for i in new], uncovered)
    conn.executemany(
        "INSERT INTO designation_snapshots (designation_id, snapshot_id, content_hash, content, dprk, dprk_reason,"
        " link_targets) VALUES (?, ?, ?, ?, ?, ?, NULL)",
        [(ids[e.source_id], snapshot_id, h, r.decode("utf-8"), int(e.dprk), e.dprk_reason)
         for e, h, r in zip(batch, hashes, raws)])
    fresh = {batch[i].source_id for i in new}
    names, linked = [], []
    for e in batch:
        designation_id, programs = ids[e.source_id], PROGRAM_SEPARATOR.join(e.programs)
        direct_name = e.name if e.dprk else None
        names.append((norm_name(e.name), 0, e.source_id, designation_id, programs, direct_name))
        for alias in e.aliases:
            names.append((norm_name(alias[0]), 1, e.source_id, designation_id, programs, direct_name))
        if e.links:      # staged as compact JSON (read back by json.loads)
            linked.append((designation_id, e.source_id, programs, encode_content(e.links).decode("utf-8"),
                           e.source_id in fresh, e.dprk))
    conn.executemany("INSERT INTO temp.list_names (norm, alias, source_id, designation_id, programs, direct_name)"
                     " VALUES (?, ?, ?, ?, ?, ?)", names)
    conn.executemany("INSERT INTO temp.list_links (designation_id, source_id, programs, links, new, direct)"
                     " VALUES (?, ?, ?, ?, ?, ?)", linked)
    return len(new)


def _write_entry_children(conn: sqlite3.Connection, items: list[tuple[int, Entry]], uncovered: tuple[str, ...]) -> None:
    """Insert the aliases, addresses and identifiers of new designations (designation_id, entry); their links
    come once every name is known (_resolve_links). Parts the snapshot does not cover have no rows, as
    their content is null (see Entry.content)."""
    aliases, addresses, identifiers = [], [], []
    for designation_id, e in items:         # plain loops: a comprehension per entry costs a call each
        for a in e.aliases:
            aliases.append((designation_id, *a))
        for a in e.addresses:
            addresses.append((designation_id, *a))
        for i in e.identifiers:
            identifiers.append((designation_id, *i))
    if "aliases" not in uncovered:
        conn.executemany("INSERT INTO designation_aliases VALUES (?, ?, ?, ?)", aliases)
    if "addresses" not in uncovered:
        conn.executemany("INSERT INTO designation_addresses VALUES (?, ?, ?, ?, ?, ?, ?)", addresses)
    conn.executemany("INSERT INTO designation_identifiers VALUES (?, ?, ?, ?)", identifiers)


def _resolve_links(conn: sqlite3.Connection, stream: ListStream, snapshot_id: int, progress: Progress) -> int:
    """Resolve the staged links against this snapshot's names (sanctions_entry.choose_target's rules); write
    the targets, the links of new designations and the verdicts that come through a link.

    Returns how many entries are DPRK-related through a link only."""
    conn.execute("CREATE INDEX temp.list_names_norm ON list_names (norm)")
    lookup = ("SELECT norm, alias, source_id, designation_id, programs, direct_name FROM temp.list_names"
              " WHERE norm IN (SELECT value FROM json_each(?)) ORDER BY seq")
    problems: dict[str, list[str]] = {"unresolved": [], "ambiguous": []}
    spread = 0
    loads, dumps = json.loads, json.dumps
    cursor = conn.execute("SELECT designation_id, source_id, programs, links, new, direct FROM temp.list_links"
                          " ORDER BY seq")
    while rows := cursor.fetchmany(BATCH):
        progress.check()
        rows = [(d, s, _programs(p), loads(links), new, own) for d, s, p, links, new, own in rows]
        keys = {link[0]: link_keys(link[0]) for row in rows for link in row[3]}
        spelled: dict[tuple[str, int], list[tuple[str, int, list[str]]]] = {}
        direct: dict[str, str] = {}          # source_id -> name of the candidates DPRK-related on their own
        for norm, alias, source_id, designation_id, programs, direct_name in conn.execute(
                lookup, (dumps(sorted({k for ks in keys.values() for k in ks})),)):
            spelled.setdefault((norm, alias), []).append((source_id, designation_id, _programs(programs)))
            if direct_name is not None:
                direct[source_id] = direct_name
        snapshots, designations, links_out = [], [], []
        for designation_id, source_id, own_programs, links, new, own_verdict in rows:
            targets = []
            for link in links:
                found = next((spelled[(k, alias)] for alias in (0, 1) for k in keys[link[0]]
                              if (k, alias) in spelled), [])       # by name, then alias; as written first
                target, problem = choose_target([(f[0], f[2]) for f in found], source_id, own_programs)
                if problem:
                    problems[problem].append(f"{source_id} -> {link[0]}")
                targets.append(target)
                to_id = next((f[1] for f in found if f[0] == target), None)
                if new and to_id is not None and to_id != designation_id:
                    links_out.append((designation_id, to_id, link[1], link[2]))
            reason = None
            if stream.dprk_through_links and not own_verdict:
                reason = linked_reason(targets, direct)
                spread += reason is not None
                if new and reason:
                    designations.append((reason, designation_id))
            snapshots.append((dumps(targets), reason, reason, designation_id, snapshot_id))
        conn.executemany("UPDATE designation_snapshots SET link_targets = ?, dprk = CASE WHEN CAST(? AS TEXT) IS NULL THEN dprk"
                         " ELSE 1 END, dprk_reason = COALESCE(?, dprk_reason) WHERE designation_id = ?"
                         " AND snapshot_id = ?", snapshots)
        conn.executemany("UPDATE designations SET dprk = 1, dprk_reason = ? WHERE designation_id = ?", designations)
        conn.executemany("INSERT OR IGNORE INTO designation_links VALUES (?, ?, ?, ?)", links_out)
    link_notes(problems["unresolved"], problems["ambiguous"], stream.notes)
    return spread


def _programs(text: str) -> list[str]:
    """A staged entry's programmes."""
    return text.split(PROGRAM_SEPARATOR) if text else []


def _same_snapshot(conn: sqlite3.Connection, old: int, new: int) -> bool:
    """Whether two snapshots hold the same entries with the same content, verdicts and link targets."""
    columns = "designation_id, content_hash, dprk, dprk_reason, link_targets"
    one = f"SELECT {columns} FROM designation_snapshots WHERE snapshot_id = "
    differ = conn.execute(f"SELECT EXISTS ({one}:old EXCEPT {one}:new) OR EXISTS ({one}:new EXCEPT {one}:old)",
                          {"old": old, "new": new}).fetchone()[0]
    return not differ


def _ids_of(conn: sqlite3.Connection, list_name: str, source_ids: list[str]) -> dict[str, int]:
    """source_id -> designation_id for those of `source_ids` the list holds."""
    out: dict[str, int] = {}
    for chunk in _chunks(source_ids, 500):
        out.update(conn.execute(f"SELECT source_id, designation_id FROM designations WHERE list_name = ? AND"
                                f" source_id IN ({', '.join('?' * len(chunk))})", (list_name, *chunk)).fetchall())
    return out


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
    values[PROGRAMS_AT] = "; ".join(values[PROGRAMS_AT] or []) or None
    return values


PROGRAMS_AT = ROW_FIELDS.index("programs")


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


def snapshot_uncovered(conn: sqlite3.Connection, list_name: str | None = None) -> dict[int, tuple[str, ...]]:
    """The parts each snapshot does not cover, by snapshot_id (read off one of its content rows)."""
    rows = conn.execute(
        "SELECT n.snapshot_id, (SELECT json_extract(s.content, '$.uncovered') FROM designation_snapshots s"
        "  WHERE s.snapshot_id = n.snapshot_id LIMIT 1) FROM list_snapshots n"
        + (" WHERE n.list_name = ?" if list_name else ""), (list_name,) if list_name else ()).fetchall()
    return {r[0]: tuple(json.loads(r[1])) if r[1] else () for r in rows}


def part_sources(conn: sqlite3.Connection, list_name: str, part: str, uncovered: dict[int, tuple[str, ...]],
                 ids: tuple[int, int] | None = None) -> dict[int, tuple[int, str, str]]:
    """Per designation (with designation_id in the range `ids`, first and last, if given): (snapshot_id,
    snapshot_date, content_hash) of its newest snapshot covering `part`."""
    covering = [sid for sid, parts in uncovered.items() if part not in parts]
    if not covering:
        return {}
    within = " AND s.designation_id BETWEEN ? AND ?" if ids else ""
    rows = conn.execute(        # the newest covering snapshot of each designation (one per list and date)
        "SELECT designation_id, snapshot_id, snapshot_date, content_hash FROM"
        " (SELECT s.designation_id, s.snapshot_id, n.snapshot_date, s.content_hash, ROW_NUMBER() OVER"
        "  (PARTITION BY s.designation_id ORDER BY n.snapshot_date DESC) AS newest"
        "  FROM designation_snapshots s JOIN list_snapshots n USING (snapshot_id)"
        f" WHERE n.list_name = ? AND n.snapshot_id IN ({', '.join('?' * len(covering))}){within}) AS covering"
        " WHERE newest = 1", (list_name, *covering, *(ids or ()))).fetchall()
    return {r[0]: (r[1], r[2], r[3]) for r in rows}


def refresh_list(conn: sqlite3.Connection, list_name: str, progress: Progress | None = None,
                 count_in: int | None = None) -> int:
    """Recompute history for every entry of the list and rebuild rows whose newest content changed, a chunk
    of rows at a time; returns how many rows were rebuilt (of those, only the entries of snapshot
    `count_in` when given)."""
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
    parts = [part for part in KEPT_PARTS if any(part in u for u in uncovered.values())]
    total = conn.execute("SELECT COUNT(*) FROM designations WHERE list_name = ?", (list_name,)).fetchone()[0]
    rebuilt, last, done = 0, -1, 0
    while True:                 # REFRESH_ROWS designations at a time, so memory does not grow with the list
        progress.step(done, total, f"Updating the {list_name} history: {done:,} of {total:,}")
        current = conn.execute(
            "SELECT d.designation_id, n.snapshot_id, s.content_hash, d.content_hash,"
            " d.dprk IS NOT s.dprk OR d.dprk_reason IS NOT s.dprk_reason OR d.file_id IS NOT n.file_id"
            " FROM designations d JOIN list_snapshots n ON n.list_name = d.list_name AND n.snapshot_date = d.last_seen"
            " JOIN designation_snapshots s ON s.snapshot_id = n.snapshot_id AND s.designation_id = d.designation_id"
            " WHERE d.list_name = ? AND d.designation_id > ? ORDER BY d.designation_id LIMIT ?",
            (list_name, last, REFRESH_ROWS)).fetchall()
        if not current:
            return rebuilt
        first, last, done = current[0][0], current[-1][0], done + len(current)
        sources = {part: part_sources(conn, list_name, part, uncovered, (first, last)) for part in parts}
        stale = []                # (designation_id, newest snapshot_id, digest, {part: source snapshot_id})
        for designation_id, snapshot_id, digest, row_hash, others_differ in current:
            kept = {p: sources[p].get(designation_id) for p in parts if p in uncovered[snapshot_id]}
            if kept:
                digest = row_digest(digest, {p: src[2] if src else None for p, src in kept.items()})
            if others_differ or row_hash != digest:
                stale.append((designation_id, snapshot_id, digest, {p: src[0] if src else None
                                                                     for p, src in kept.items()}))
        if stale:
            progress.check()
            rebuilt += _rebuild(conn, list_name, stale, progress, snapshot_id=count_in)


def _contents(conn: sqlite3.Connection, pairs: Iterable[tuple[int, int]]) -> dict[tuple[int, int], tuple]:
    """(designation_id, snapshot_id) -> (content, dprk, dprk_reason, link_targets, file_id), read per snapshot
    over the range of the designation_ids wanted (a chunk of neighbouring ids)."""
    wanted: dict[int, set[int]] = {}
    for designation_id, snapshot_id in pairs:
        wanted.setdefault(snapshot_id, set()).add(designation_id)
    out = {}
    sql = ("SELECT s.designation_id, s.content, s.dprk, s.dprk_reason, s.link_targets, n.file_id"
           " FROM designation_snapshots s JOIN list_snapshots n USING (snapshot_id) WHERE s.snapshot_id = ?"
           " AND s.designation_id BETWEEN ? AND ?")
    for snapshot_id, designations in wanted.items():
        for r in conn.execute(sql, (snapshot_id, min(designations), max(designations))):
            if r[0] in designations:
                out[(r[0], snapshot_id)] = tuple(r[1:])
    return out


def _chunks(items: Sequence, size: int) -> Iterable[Sequence]:
    return (items[i:i + size] for i in range(0, len(items), size))


def _rebuild(conn: sqlite3.Connection, list_name: str, stale: list, progress: Progress,
             snapshot_id: int | None = None) -> int:
    """Rewrite the stale rows (a chunk of neighbouring designation_ids) and their children from their newest
    snapshot (and the kept parts' sources). Returns how many (of them in `snapshot_id`, when given)."""
    pairs = {(d, s) for d, s, _digest, _kept in stale}
    pairs |= {(d, src) for d, _s, _digest, kept in stale for src in kept.values() if src is not None}
    stored = _contents(conn, pairs)
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
    ids = _ids_of(conn, list_name, sorted({t for _d, _c, targets in items for t in targets if t is not None}))
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
    if snapshot_id is None:
        return len(keys)
    return sum(conn.execute(f"SELECT COUNT(*) FROM designation_snapshots WHERE snapshot_id = ? AND designation_id"
                            f" IN ({', '.join('?' * len(chunk))})", (snapshot_id, *chunk)).fetchone()[0]
               for chunk in _chunks(keys, 500))
