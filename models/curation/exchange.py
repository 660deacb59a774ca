"""Exchanging the analysts' facts: `python main.py export-curation DIR` and importing that folder back.

The folder holds the register CSV format (curation_statements.csv, curation_signatories.csv and
curation_votes.csv with the statement register's columns), plus curation_launches.csv, curation_claims.csv,
curation_edits.csv (edits and deletions of imported records: one row per field) and curation_sources.csv
(every record's sources). Importing the folder (`python main.py import DIR`) into any database, an empty
one included, gives the same facts; exporting again writes the same files.
"""
from __future__ import annotations

import csv
import json
import sqlite3
from pathlib import Path

from models.curation.facts import Fact, all_facts, now_utc, os_user, write_audit, write_fact

FILES = {
    "statements": ["statement_id", "date", "title", "trigger_event", "venue", "url", "source_note", "kind", "series",
                   "trigger_dates"],
    "signatories": ["statement_id", "country", "country_name", "position"],
    "votes": ["resolution_or_draft", "date", "country_iso3", "country_name", "vote", "url", "source_note"],
    "launches": ["launch_id", "date", "time_utc", "missile_class", "missile_name", "missile_count", "facility",
                 "apogee_km", "range_km", "outcome", "confirmation"],
    "claims": ["claim", "day", "missiles", "publisher", "url", "accessed", "quote", "chosen"],
    "edits": ["kind", "record_id", "hidden", "field", "value"],
    "sources": ["kind", "record_id", "publisher", "url", "accessed", "quote"],
}
MARKER = "curation_sources.csv"
FORMAT = "curation_folder"


def _name(key: str) -> str:
    return f"curation_{key}.csv"


def _cell(value: object) -> str:
    return "" if value is None else str(value)


def _rows_for(conn: sqlite3.Connection) -> dict[str, list[list[str]]]:
    names = {r[0]: r[1] for r in conn.execute("SELECT iso3, name FROM countries")}
    out: dict[str, list[list[str]]] = {k: [] for k in FILES}
    for fact in all_facts(conn):
        v = fact.value or {}
        for s in fact.sources:
            out["sources"].append([fact.kind, fact.record_id, s.get("publisher", ""), s.get("url", ""),
                                   s.get("accessed", ""), s.get("quote", "")])
        if fact.origin == "import" or fact.kind == "designation":
            if fact.hidden:
                out["edits"].append([fact.kind, fact.record_id, "1", "", ""])
            for key in sorted(v):
                out["edits"].append([fact.kind, fact.record_id, "1" if fact.hidden else "0", key,
                                     json.dumps(v[key], ensure_ascii=False, sort_keys=True)])
            if not v and not fact.hidden:
                out["edits"].append([fact.kind, fact.record_id, "0", "", ""])
        elif fact.kind == "statement":
            out["statements"].append([fact.record_id, v["date"], v["title"], _cell(v.get("trigger_event")),
                                      _cell(v.get("venue")), _cell(v.get("url")), _cell(v.get("source_note")),
                                      v["kind"], _cell(v.get("series_id")), ";".join(v.get("triggers") or [])])
            for iso3, position in sorted((v.get("positions") or {}).items()):
                out["signatories"].append([fact.record_id, iso3, names.get(iso3, ""), position])
        elif fact.kind == "vote":
            for iso3, vote in sorted((v.get("positions") or {}).items()):
                out["votes"].append([fact.record_id, v["date"], iso3, names.get(iso3, ""), vote,
                                     _cell(v.get("url")), _cell(v.get("source_note"))])
        elif fact.kind == "launch":
            out["launches"].append([fact.record_id, v["date"], _cell(v.get("time_utc")), v["classes"],
                                    _cell(v.get("missile_name")), str(v["missile_count"]), _cell(v.get("facility")),
                                    _cell(v.get("max_apogee_km")), _cell(v.get("max_distance_km")), v["outcome"],
                                    v["confirmation"]])
    chosen = {r[0] for r in conn.execute("SELECT claim_id FROM curation_choices")}
    for i, r in enumerate(conn.execute("SELECT * FROM curation_claims ORDER BY day, claim_id").fetchall()):
        out["claims"].append([str(i + 1), r["day"], str(r["missiles"]), r["publisher"], r["url"],
                              r["accessed"], _cell(r["quote"]), "1" if r["claim_id"] in chosen else "0"])
    return out


def export_curation(store, folder: str | Path) -> dict[str, int]:
    """Write the analysts' facts into `folder` (created if needed); returns rows per file."""
    import pandas as pd

    from models.safe_text import write_csv

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    rows = _rows_for(store.conn)
    for key, columns in FILES.items():
        write_csv(pd.DataFrame(rows[key], columns=columns, dtype=object), folder / _name(key))
    return {_name(k): len(v) for k, v in rows.items()}


def is_curation_folder(path: Path) -> bool:
    return path.is_dir() and (path / MARKER).is_file()


def _unsafe(text: str) -> str:
    """Undo models.safe_text.safe_cell's quote before a formula trigger."""
    from models.safe_text import FORMULA_TRIGGERS

    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_TRIGGERS) else text


def _read(folder: Path, key: str) -> list[dict[str, str]]:
    from models.errors import DataImportError

    path = folder / _name(key)
    if not path.is_file():
        return []
    with open(path, newline="", encoding="utf-8-sig") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in FILES[key] if c not in (reader.fieldnames or [])]
        if missing:
            raise DataImportError(path, f"missing column(s) {', '.join(missing)}", line=1)
        return [{k: _unsafe(v or "") for k, v in row.items()} for row in reader]


def import_curation_folder(conn: sqlite3.Connection, folder: Path, report) -> None:
    """Store the folder's facts as the analysts' own (inside the import's transaction; audited)."""
    from models.errors import DataImportError

    who = os_user()
    sources: dict[tuple[str, str], list[dict]] = {}
    for row in _read(folder, "sources"):
        sources.setdefault((row["kind"], row["record_id"]), []).append(
            {k: row[k] for k in ("publisher", "url", "accessed", "quote")})
    facts: dict[tuple[str, str], Fact] = {}

    def fact(kind: str, rid: str, origin: str) -> Fact:
        return facts.setdefault((kind, rid), Fact(kind, rid, origin, None if origin == "import" else {}, None, False,
                                                  sources.get((kind, rid), []), now_utc(), who))

    def opt(text: str) -> str | None:
        return text or None

    for row in _read(folder, "statements"):
        f = fact("statement", row["statement_id"], "user")
        f.value.update({"kind": row["kind"] or "joint_statement", "series_id": opt(row["series"]), "date": row["date"],
                        "title": row["title"], "trigger_event": opt(row["trigger_event"]), "venue": opt(row["venue"]),
                        "url": opt(row["url"]), "source_note": opt(row["source_note"]), "outcome": None,
                        "file_id": None, "positions": {}, "triggers": [t for t in row["trigger_dates"].split(";") if t]})
    for row in _read(folder, "signatories"):
        f = facts.get(("statement", row["statement_id"]))
        if f is None:
            raise DataImportError(folder / _name("signatories"), f"statement {row['statement_id']!r} is not in "
                                                                 f"{_name('statements')}")
        f.value["positions"][row["country"]] = row["position"] or "joined"
    for row in _read(folder, "votes"):
        from models.curation.records import vote_record
        from models.curation.inputs import VoteInput

        f = fact("vote", row["resolution_or_draft"], "user")
        f.value.setdefault("_votes", {})[row["country_iso3"]] = row["vote"]
        f.value["_row"] = row
    for (kind, rid), f in facts.items():
        if kind == "vote":
            row = f.value.pop("_row")
            votes = f.value.pop("_votes")
            rec = vote_record(conn, VoteInput(rid, row["date"], None, votes, row["url"]))
            rec["source_note"] = opt(row["source_note"])
            rec["url"] = opt(row["url"])
            f.value = rec
    for row in _read(folder, "launches"):
        f = fact("launch", row["launch_id"], "user")
        f.value = {"date": row["date"], "date_precision": "day", "time_utc": opt(row["time_utc"]),
                   "facility": opt(row["facility"]), "missile_count": int(row["missile_count"]),
                   "classes": row["missile_class"], "max_apogee_km": float(row["apogee_km"]) if row["apogee_km"] else None,
                   "max_distance_km": float(row["range_km"]) if row["range_km"] else None, "outcome": row["outcome"],
                   "confirmation": row["confirmation"], "missile_name": opt(row["missile_name"])}
    for row in _read(folder, "edits"):
        f = fact(row["kind"], row["record_id"], "import")
        f.hidden = f.hidden or row["hidden"] == "1"
        if row["field"]:
            f.value = {**(f.value or {}), row["field"]: json.loads(row["value"])}
    for f in facts.values():
        write_fact(conn, f)
        write_audit(conn, who, "Import curation folder", f.kind, f.record_id, None, f.as_json(), folder.name)
        report.added += 1
    for row in _read(folder, "claims"):
        cur = conn.execute("INSERT INTO curation_claims (day, missiles, publisher, url, accessed, quote, created_at,"
                           " created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                           (row["day"], int(row["missiles"]), row["publisher"], row["url"], row["accessed"],
                            opt(row["quote"]), now_utc(), who))
        if row["chosen"] == "1":
            conn.execute("INSERT OR REPLACE INTO curation_choices (day, claim_id) VALUES (?, ?)", (row["day"], cur.lastrowid))
        write_audit(conn, who, "Import curation folder", "launch_day", row["day"], None,
                    {k: row[k] for k in FILES["claims"] if k != "claim"}, folder.name)
        report.added += 1
