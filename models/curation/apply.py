"""Writing the analysts' facts into the ordinary tables the panes and the brief read.

Statements and votes are written per record; launch events are rebuilt from the missiles and then the
overlay (own launches, edits, hidden events, chosen claims) is laid over them; designation edits are
written per designation. `after_import` runs at the end of every import (same transaction): it lists
where the file disagrees with an edit (conflicts), refreshes the imported baselines and lays the
overlay over the freshly imported rows again, so a re-import never overwrites an edit.
"""
from __future__ import annotations

import json
import sqlite3

from models.curation.facts import ANALYST, Fact, all_facts, curation_file_id, now_utc, read_fact, write_fact

STATEMENT_FIELDS = ("kind", "series_id", "date", "title", "trigger_event", "venue", "url", "source_note",
                    "outcome", "file_id")
LAUNCH_FIELDS = ("date", "date_precision", "time_utc", "facility", "missile_count", "classes", "max_apogee_km",
                 "max_distance_km", "outcome", "confirmation")
STATEMENT_KINDS_OF_FACT = ("statement", "vote")


# -- statements and votes ------------------------------------------------------------------------------
def read_statement(conn: sqlite3.Connection, sid: str) -> dict | None:
    row = conn.execute(f"SELECT {', '.join(STATEMENT_FIELDS)} FROM statements WHERE statement_id = ?",
                       (sid,)).fetchone()
    if row is None:
        return None
    record = {f: row[f] for f in STATEMENT_FIELDS}
    record["positions"] = {r[0]: r[1] for r in conn.execute(
        "SELECT iso3, position FROM positions WHERE statement_id = ? ORDER BY iso3", (sid,))}
    record["triggers"] = [r[0] for r in conn.execute(
        "SELECT launch_date FROM statement_triggers WHERE statement_id = ? ORDER BY launch_date", (sid,))]
    return record


def write_statement(conn: sqlite3.Connection, sid: str, record: dict) -> None:
    values = {f: record.get(f) for f in STATEMENT_FIELDS}
    if values["file_id"] is None:
        values["file_id"] = curation_file_id(conn)
    if values["series_id"]:
        conn.execute("INSERT OR IGNORE INTO statement_series (series_id, name) VALUES (?, ?)",
                     (values["series_id"], values["series_id"]))
    positions = record.get("positions") or {}
    values["positions_known"] = int(bool(positions))
    conn.execute("DELETE FROM positions WHERE statement_id = ?", (sid,))
    conn.execute("DELETE FROM statement_triggers WHERE statement_id = ?", (sid,))
    if conn.execute("SELECT 1 FROM statements WHERE statement_id = ?", (sid,)).fetchone():
        conn.execute(f"UPDATE statements SET {', '.join(f'{k} = ?' for k in values)} WHERE statement_id = ?",
                     (*values.values(), sid))
    else:
        conn.execute(f"INSERT INTO statements (statement_id, {', '.join(values)})"
                     f" VALUES (?, {', '.join('?' * len(values))})", (sid, *values.values()))
    conn.executemany("INSERT INTO positions (statement_id, iso3, position, file_id) VALUES (?, ?, ?, ?)",
                     [(sid, iso3, pos, values["file_id"]) for iso3, pos in sorted(positions.items())])
    conn.executemany("INSERT INTO statement_triggers (statement_id, launch_date) VALUES (?, ?)",
                     [(sid, d) for d in sorted(set(record.get("triggers") or []))])


def wanted_statement(fact: Fact) -> dict | None:
    """The statement record a fact asks for; None when it asks for no row (hidden)."""
    if fact.hidden:
        return None
    if fact.origin == "user":
        return dict(fact.value or {})
    return {**(fact.imported or {}), **(fact.value or {})}


def materialise_statement(conn: sqlite3.Connection, sid: str, fact: Fact | None) -> None:
    if fact is None:                    # no curation any more: an own record goes, an imported one stays
        row = conn.execute("SELECT file_id FROM statements WHERE statement_id = ?", (sid,)).fetchone()
        if row is not None and row[0] == curation_file_id(conn):
            conn.execute("DELETE FROM statements WHERE statement_id = ?", (sid,))
        return
    record = wanted_statement(fact)
    if record is None:
        conn.execute("DELETE FROM statements WHERE statement_id = ?", (sid,))
    elif fact.origin == "import" and not fact.imported:
        return                          # an edit of a record no import holds yet: kept, waiting for it
    else:
        write_statement(conn, sid, record)


def vote_outcome_for(conn: sqlite3.Connection, symbol: str, day: str, votes: dict[str, str]) -> str:
    """'adopted (13-0-2)' / 'not adopted (...; vetoed by RUS)' for votes not yet stored (models.importers
    .statements.vote_outcome's rule: nine votes adopt; a permanent member's no vetoes, not in procedure)."""
    from models.statement_kinds import PROCEDURAL_VOTE, vote_kind

    permanent = {r[0] for r in conn.execute(
        "SELECT iso3 FROM country_groups WHERE group_name = 'UNSC' AND role = 'permanent'"
        " AND ? BETWEEN valid_from AND COALESCE(valid_to, '9999')", (day,))}
    yes = sum(v == "yes" for v in votes.values())
    counts = "-".join(str(sum(v == p for v in votes.values())) for p in ("yes", "no", "abstain"))
    if vote_kind(symbol) == PROCEDURAL_VOTE:
        return f"{'adopted' if yes >= 9 else 'not adopted'} ({counts}; procedural vote, no veto applies)"
    vetoes = sorted(c for c, v in votes.items() if v == "no" and c in permanent)
    if vetoes:
        return f"not adopted ({counts}; vetoed by {', '.join(vetoes)})"
    return f"{'adopted' if yes >= 9 else 'not adopted'} ({counts})"


# -- launches -----------------------------------------------------------------------------------------
def read_launch(conn: sqlite3.Connection, launch_id: str) -> dict | None:
    row = conn.execute(f"SELECT {', '.join(LAUNCH_FIELDS)} FROM launches WHERE launch_id = ?", (launch_id,)).fetchone()
    return None if row is None else {f: row[f] for f in LAUNCH_FIELDS}


def refresh_launches(conn: sqlite3.Connection) -> None:
    """Rebuild the launch events from the imported missiles, then lay the analysts' overlay over them."""
    from models.curation.claims import apply_choices
    from models.importers.missiles_db import rebuild_launches

    rebuild_launches(conn)
    conn.execute("DELETE FROM missiles WHERE dataset = ?", (ANALYST,))
    for fact in all_facts(conn, "launch"):
        _apply_launch(conn, fact)
    apply_choices(conn)


def _apply_launch(conn: sqlite3.Connection, fact: Fact) -> None:
    if fact.hidden:
        conn.execute("UPDATE missiles SET launch_id = NULL WHERE launch_id = ?", (fact.record_id,))
        conn.execute("DELETE FROM launches WHERE launch_id = ?", (fact.record_id,))
        return
    if fact.origin == "import":
        edits = {k: v for k, v in (fact.value or {}).items() if k in LAUNCH_FIELDS}
        if edits:
            conn.execute(f"UPDATE launches SET {', '.join(f'{k} = ?' for k in edits)} WHERE launch_id = ?",
                         (*edits.values(), fact.record_id))
        return
    v = fact.value or {}
    conn.execute("INSERT INTO launches (launch_id, date, date_precision, time_utc, facility, missile_count, classes,"
                 " max_apogee_km, max_distance_km, outcome, confirmation, dataset) VALUES (?, ?, 'day', ?, ?, ?, ?,"
                 " ?, ?, ?, ?, ?)",
                 (fact.record_id, v["date"], v.get("time_utc"), v.get("facility"), v["missile_count"],
                  v["classes"], v.get("max_apogee_km"), v.get("max_distance_km"), v["outcome"], v["confirmation"],
                  ANALYST))
    file_id = curation_file_id(conn)
    urls = "\n".join(s.get("url", "") for s in fact.sources)
    from models.curation.facts import sources_text

    for i in range(int(v["missile_count"])):
        conn.execute("INSERT INTO missiles (dataset, source_key, launch_id, date, date_precision, time_utc,"
                     " missile_name, missile_class, facility, apogee_km, distance_km, outcome, confirmation, notes,"
                     " source_urls, file_id) VALUES (?, ?, ?, ?, 'day', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                     (ANALYST, f"{fact.record_id}#{i + 1}", fact.record_id, v["date"], v.get("time_utc"),
                      v.get("missile_name") or None, v["classes"], v.get("facility"), v.get("max_apogee_km"),
                      v.get("max_distance_km"), v["outcome"], v["confirmation"],
                      f"Analyst entry. Sources: {sources_text(fact.sources)}", urls or None, file_id))


# -- designations --------------------------------------------------------------------------------------
def read_designation(conn: sqlite3.Connection, designation_id: int) -> dict:
    row = conn.execute("SELECT designated_on, designated_to, designated_precision, designated_source"
                       " FROM designations WHERE designation_id = ?", (designation_id,)).fetchone()
    record = {k: row[k] for k in row.keys()} if row else {}
    record["revenue"] = {r[0]: [r[1], r[2], r[3]] for r in conn.execute(
        "SELECT stream, status, reason, updated_at FROM revenue_tags WHERE designation_id = ?", (designation_id,))}
    return record


def materialise_designation(conn: sqlite3.Connection, designation_id: int, fact: Fact | None) -> None:
    from models.curation.facts import sources_text

    base = (fact.imported if fact else None) or {}
    value = (fact.value if fact and not fact.hidden else None) or {}
    if not base:
        return
    dated = value.get("designated_on")
    if dated:
        conn.execute("UPDATE designations SET designated_on = ?, designated_to = ?, designated_precision = 'day',"
                     " designated_source = ? WHERE designation_id = ?",
                     (dated, dated, value.get("designated_source"), designation_id))
    else:
        conn.execute("UPDATE designations SET designated_on = ?, designated_to = ?, designated_precision = ?,"
                     " designated_source = ? WHERE designation_id = ?",
                     (base.get("designated_on"), base.get("designated_to"), base.get("designated_precision"),
                      base.get("designated_source"), designation_id))
    conn.execute("DELETE FROM revenue_tags WHERE designation_id = ?", (designation_id,))
    tags = {s: list(v) for s, v in (base.get("revenue") or {}).items()}
    if value.get("revenue_streams") is not None:
        why = f"analyst: {sources_text(fact.sources)}"
        for stream in tags:             # models.revenue's rule: the user's word confirms these, rejects the rest
            if stream not in value["revenue_streams"]:
                tags[stream] = ["rejected", why, now_utc()]
        for stream in value["revenue_streams"]:
            tags[stream] = ["confirmed", why, now_utc()]
    conn.executemany("INSERT INTO revenue_tags (designation_id, stream, status, reason, updated_at)"
                     " VALUES (?, ?, ?, ?, ?)", [(designation_id, s, *t) for s, t in sorted(tags.items())])
    conn.execute("DELETE FROM designation_links WHERE from_id = ? AND source LIKE 'analyst:%'", (designation_id,))
    for other in value.get("links") or []:
        conn.execute("INSERT OR IGNORE INTO designation_links (from_id, to_id, relation, source)"
                     " VALUES (?, ?, 'associated', ?)",
                     (designation_id, int(other), f"analyst: {sources_text(fact.sources)}"))


def import_baseline(current: dict, old: dict | None) -> dict:
    """The designation as the import left it, without the analysts' overlay that is still in the tables: a date
    or tag whose source says "analyst:" is the overlay's, so the old baseline's value stands for it (undoing an
    edit after an import then gives back the import's data, not the analyst's)."""
    old = old or {}
    base = dict(current)
    if str(current.get("designated_source") or "").startswith("analyst:"):
        for key in ("designated_on", "designated_to", "designated_precision", "designated_source"):
            base[key] = old.get(key)
    revenue = {}
    for stream, tag in (current.get("revenue") or {}).items():
        if not str(tag[1] or "").startswith("analyst:"):
            revenue[stream] = tag
        elif stream in (old.get("revenue") or {}):
            revenue[stream] = old["revenue"][stream]
    base["revenue"] = revenue
    return base


# -- one entry point --------------------------------------------------------------------------------------
def materialise(conn: sqlite3.Connection, kind: str, record_id: str, fact: Fact | None) -> None:
    """Write what `fact` (the curation row now held, or None) asks for into the ordinary tables."""
    if kind in STATEMENT_KINDS_OF_FACT:
        materialise_statement(conn, record_id, fact)
    elif kind == "launch":
        refresh_launches(conn)
    elif kind == "designation":
        materialise_designation(conn, int(record_id), fact)


def has_curation(conn: sqlite3.Connection) -> bool:
    return bool(conn.execute("SELECT EXISTS (SELECT 1 FROM curation_facts) OR EXISTS (SELECT 1 FROM"
                             " curation_choices)").fetchone()[0])


def after_import(conn: sqlite3.Connection, report, launches_rebuilt: bool) -> None:
    """At the end of an import: list conflicts with the analysts' edits, keep the edits, refresh baselines."""
    from models.curation.conflicts import record_conflict

    if not has_curation(conn):
        return
    files = ", ".join(f.file_name for f in report.files)
    for fact in all_facts(conn):
        if fact.kind in STATEMENT_KINDS_OF_FACT:
            current = read_statement(conn, fact.record_id)
            mine = wanted_statement(fact)
            _reconcile(conn, fact, current, mine, report, files, record_conflict)
            materialise_statement(conn, fact.record_id, read_fact(conn, fact.kind, fact.record_id))
        elif fact.kind == "launch" and launches_rebuilt and fact.origin == "import":
            current = read_launch(conn, fact.record_id)
            mine = None if fact.hidden else {**(fact.imported or {}), **(fact.value or {})}
            if current is None and (fact.value or fact.hidden):
                report.files[-1].notes.append(
                    f"curation: launch {fact.record_id} (edited or hidden by an analyst) is not in the imported "
                    "data any more; the analyst's entry is kept")
            _reconcile(conn, fact, current, mine, report, files, record_conflict)
        elif fact.kind == "designation":
            fact.imported = import_baseline(read_designation(conn, int(fact.record_id)), fact.imported)
            write_fact(conn, fact)
            materialise_designation(conn, int(fact.record_id), fact)
    if launches_rebuilt or conn.execute("SELECT EXISTS (SELECT 1 FROM curation_facts WHERE kind = 'launch')"
                                        " OR EXISTS (SELECT 1 FROM curation_choices)").fetchone()[0]:
        refresh_launches(conn)


def _reconcile(conn, fact: Fact, current: dict | None, mine: dict | None, report, files: str, record_conflict) -> None:
    """Compare what the import left (`current`) with what the analyst wants (`mine`); a field the import
    wrote differently from an edit is a conflict (both values kept); the baseline takes the import's values."""
    if current is None or current == mine:
        return
    edited = set(fact.value or {}) if fact.origin == "import" else set(current) | set(mine or {})
    applied = mine or {}
    baseline = dict(fact.imported or {})
    changed_by_import = {k for k in current if current.get(k) != applied.get(k)}
    if fact.hidden:
        baseline = dict(current)
    for key in sorted(changed_by_import):
        if key in ("file_id",):
            baseline[key] = current[key]
            continue
        baseline[key] = current[key]
        if key in edited and mine is not None and not fact.hidden:
            note = record_conflict(conn, fact.kind, fact.record_id, key, applied.get(key), current.get(key), files)
            if note and report.files:
                report.files[-1].notes.append(note)
    fact.imported = baseline
    write_fact(conn, fact)


def dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)
