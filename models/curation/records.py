"""From the forms' inputs to the records curation stores (and back, to prefill an edit form)."""
from __future__ import annotations

import re
import sqlite3

from models.curation.facts import sources_text
from models.curation.inputs import LaunchInput, SourceInput, StatementInput, VoteInput
from models.curation.validate import to_utc
from models.statement_kinds import DRAFT_VOTE, PROCEDURAL_VOTE, RESOLUTION_VOTE, SERIES_BY_PREFIX, vote_kind


def series_for(statement_id: str, given: str) -> str | None:
    if given:
        return given
    prefix = re.match(r"[A-Za-z0-9]+?(?=\d{4}|-|$)", statement_id)
    key = prefix.group(0).upper() if prefix else ""
    return SERIES_BY_PREFIX[key][0] if key in SERIES_BY_PREFIX else None


def _note(sources: list[SourceInput]) -> str:
    return f"Analyst entry. Sources: {sources_text([s.as_dict() for s in sources])}"


def statement_record(conn: sqlite3.Connection, inp: StatementInput) -> dict:
    from models.korea_time import korea_label

    launches = [conn.execute("SELECT date, time_utc FROM launches WHERE launch_id = ?", (lid,)).fetchone()
                for lid in inp.trigger_launch_ids]
    launches = [r for r in launches if r is not None]
    trigger_text = ("launch of " + ", ".join(korea_label(r[0], r[1]) for r in launches)) if launches else None
    sid = inp.statement_id.strip()
    return {"kind": inp.kind, "series_id": series_for(sid, inp.series), "date": inp.date.strip(),
            "title": inp.title.strip(), "trigger_event": trigger_text, "venue": inp.venue.strip() or None,
            "url": inp.url.strip() or (inp.sources[0].url.strip() if inp.sources else None),
            "source_note": _note(inp.sources), "outcome": None, "file_id": None,
            "positions": {} if inp.signatories is None else {c.strip().upper(): "joined" for c in inp.signatories},
            "triggers": sorted({r[0] for r in launches})}


def vote_record(conn: sqlite3.Connection, inp: VoteInput) -> dict:
    from models.curation.apply import vote_outcome_for

    symbol = inp.symbol.strip()
    kind = vote_kind(symbol)
    title = {RESOLUTION_VOTE: f"Security Council vote on resolution {symbol}",
             DRAFT_VOTE: f"Security Council vote on draft resolution {symbol}",
             PROCEDURAL_VOTE: f"Security Council {symbol}"}[kind]
    votes = {k.strip().upper(): v.strip().lower() for k, v in inp.votes.items()}
    return {"kind": kind, "series_id": None, "date": inp.date.strip(), "title": title, "trigger_event": None,
            "venue": "UN Security Council", "url": inp.url.strip() or (inp.sources[0].url.strip() if inp.sources else None),
            "source_note": _note(inp.sources), "outcome": vote_outcome_for(conn, symbol, inp.date.strip(), votes),
            "file_id": None, "positions": votes, "triggers": []}


def _km(text: str) -> float | None:
    return float(str(text).strip()) if str(text).strip() else None


def launch_record(inp: LaunchInput) -> dict:
    day, time_utc = to_utc(inp.date, inp.time, inp.zone)
    return {"date": day, "date_precision": "day", "time_utc": time_utc, "facility": inp.site.strip() or None,
            "missile_count": int(inp.count), "classes": inp.missile_class, "max_apogee_km": _km(inp.apogee_km),
            "max_distance_km": _km(inp.range_km), "outcome": inp.outcome, "confirmation": inp.confirmation,
            "missile_name": inp.missile_name.strip() or None}


def _sources_of(conn: sqlite3.Connection, kind: str, record_id: str) -> list[SourceInput]:
    row = conn.execute("SELECT sources FROM curation_facts WHERE kind = ? AND record_id = ?", (kind, record_id)).fetchone()
    import json

    return [SourceInput.from_dict(s) for s in json.loads(row[0])] if row else []


def statement_input_for(store, statement_id: str) -> StatementInput | None:
    """The current (curated) statement as a form input, to prefill an edit."""
    from models.curation.apply import read_statement

    rec = read_statement(store.conn, statement_id)
    if rec is None:
        return None
    triggers = [r[0] for d in rec["triggers"] for r in store.rows("SELECT launch_id FROM launches WHERE date = ?", (d,))]
    joined = sorted(c for c, p in rec["positions"].items() if p == "joined")
    return StatementInput(statement_id, rec["date"], rec["title"], rec["series_id"] or "", rec["kind"],
                          rec["venue"] or "", rec["url"] or "", triggers, joined or None,
                          _sources_of(store.conn, "statement", statement_id))


def vote_input_for(store, symbol: str) -> VoteInput | None:
    from models.curation.apply import read_statement

    rec = read_statement(store.conn, symbol)
    if rec is None:
        return None
    adopted = rec["outcome"].startswith("adopted") if rec["outcome"] else None
    return VoteInput(symbol, rec["date"], adopted, dict(rec["positions"]), rec["url"] or "",
                     _sources_of(store.conn, "vote", symbol))


def launch_input_for(store, launch_id: str) -> LaunchInput | None:
    """The launch as a form input (UTC date and time, as stored)."""
    row = store.rows("SELECT * FROM launches WHERE launch_id = ?", (launch_id,))
    if not row:
        return None
    r = row[0]
    name = store.scalar("SELECT GROUP_CONCAT(DISTINCT missile_name) FROM missiles WHERE launch_id = ?", (launch_id,))
    cls = (r["classes"] or "unknown").split("; ")[0]
    return LaunchInput(r["date"], r["time_utc"] or "", "UTC", cls, name or "", int(r["missile_count"]),
                       r["facility"] or "", "" if r["max_apogee_km"] is None else str(r["max_apogee_km"]),
                       "" if r["max_distance_km"] is None else str(r["max_distance_km"]), r["outcome"]
                       if r["outcome"] in ("success", "failure", "unknown") else "unknown",
                       r["confirmation"] if r["confirmation"] in ("confirmed", "unconfirmed", "unknown") else "unknown",
                       _sources_of(store.conn, "launch", launch_id))
