"""Exchanging the analysts' facts: `python main.py export-curation DIR` and importing that folder back.

The folder holds the register CSV format (curation_statements.csv, curation_signatories.csv and
curation_votes.csv with the statement register's columns), plus curation_launches.csv, curation_claims.csv,
curation_edits.csv (edits and deletions of imported records: one row per field) and curation_sources.csv
(every record's sources). Designations are named by list and list id ('OFAC SDN:20572', `entry_key`), not by
the database's designation_id. Importing the folder (`python main.py import DIR`) into any database, an empty
one included, gives the same facts; exporting again writes the same files.
"""
from __future__ import annotations

import csv
import json
import sqlite3
from pathlib import Path

from models.curation.facts import Fact, all_facts, connection_user, now_utc, write_audit, write_fact

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


def entry_key(conn: sqlite3.Connection, designation_id: int | str) -> str:
    """A designation as the folder names it: 'OFAC SDN:20572' (its list and the list's own id), which any
    database holding that list resolves; designation_id numbers differ between databases."""
    row = conn.execute("SELECT list_name, source_id FROM designations WHERE designation_id = ?",
                       (int(designation_id),)).fetchone()
    return f"{row[0]}:{row[1]}" if row else str(designation_id)


def entry_id(conn: sqlite3.Connection, key: str) -> int | None:
    """The designation_id of a folder's entry key in this database (a bare number: an older folder's id)."""
    if key.isdigit():
        return int(key)
    list_name, _, source_id = key.rpartition(":")
    row = conn.execute("SELECT designation_id FROM designations WHERE list_name = ? AND source_id = ?",
                       (list_name, source_id)).fetchone()
    return int(row[0]) if row else None


def _rows_for(conn: sqlite3.Connection) -> dict[str, list[list[str]]]:
    names = {r[0]: r[1] for r in conn.execute("SELECT iso3, name FROM countries")}
    out: dict[str, list[list[str]]] = {k: [] for k in FILES}
    for fact in all_facts(conn):
        v = fact.value or {}
        rid = entry_key(conn, fact.record_id) if fact.kind == "designation" else fact.record_id
        if fact.kind == "designation" and v.get("links"):
            v = {**v, "links": [entry_key(conn, i) for i in v["links"]]}
        for s in fact.sources:
            out["sources"].append([fact.kind, rid, s.get("publisher", ""), s.get("url", ""),
                                   s.get("accessed", ""), s.get("quote", "")])
        if fact.origin == "import" or fact.kind == "designation":
            if fact.hidden:
                out["edits"].append([fact.kind, rid, "1", "", ""])
            for key in sorted(v):
                out["edits"].append([fact.kind, rid, "1" if fact.hidden else "0", key,
                                     json.dumps(v[key], ensure_ascii=False, sort_keys=True)])
            if not v and not fact.hidden:
                out["edits"].append([fact.kind, rid, "0", "", ""])
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


def _read(folder: Path, key: str) -> list[tuple[int, dict[str, str]]]:
    """The rows of one file of the folder with their line numbers ([] when the file is absent)."""
    from models.errors import DataImportError

    path = folder / _name(key)
    if not path.is_file():
        return []
    with open(path, newline="", encoding="utf-8-sig") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in FILES[key] if c not in (reader.fieldnames or [])]
        if missing:
            raise DataImportError(path, f"missing column(s) {', '.join(missing)}", line=1)
        return [(reader.line_num, {k: _unsafe(v or "") for k, v in row.items() if k is not None})
                for row in reader]


class _Checker:
    """Refuses a bad row with its file, line and problem (the whole import is then rolled back)."""

    def __init__(self, conn: sqlite3.Connection, folder: Path):
        self.folder = folder
        self.countries = {r[0] for r in conn.execute("SELECT iso3 FROM countries")}

    def fail(self, key: str, line: int, problem: str) -> None:
        from models.errors import DataImportError

        raise DataImportError(self.folder / _name(key), problem, line=line)

    def day(self, key: str, line: int, text: str) -> str:
        from models.curation.validate import parse_day

        if parse_day(text) is None:
            self.fail(key, line, f"{text!r} is not a date (YYYY-MM-DD)")
        return text

    def country(self, key: str, line: int, code: str) -> str:
        if code not in self.countries:
            self.fail(key, line, f"unknown country code {code!r} (expected ISO 3166 alpha-3)")
        return code

    def number(self, key: str, line: int, text: str, whole: bool = False, least: float = 0) -> float | int | None:
        if not text:
            return None
        try:
            value = int(text) if whole else float(text)
        except ValueError:
            value = None
        if value is None or value < least:
            self.fail(key, line, f"{text!r} is not a {'whole ' if whole else ''}number of at least {least:g}")
        return value

    def choice(self, key: str, line: int, text: str, allowed: tuple[str, ...]) -> str:
        if text not in allowed:
            self.fail(key, line, f"{text!r} is not one of {', '.join(allowed)}")
        return text


def import_curation_folder(conn: sqlite3.Connection, folder: Path, report) -> None:
    """Store the folder's facts as the analysts' own (inside the import's transaction; audited).
    A bad row stops the import with its file, line and problem; nothing is stored then."""
    from models.curation.inputs import (
        CONFIRMATIONS, KIND_CHOICES, LAUNCH_CLASSES, OUTCOMES, RECORD_KINDS, VOTE_CHOICES, VoteInput)
    from models.curation.records import vote_record
    from models.curation.validate import COUNCIL_SEATS, parse_time

    check = _Checker(conn, folder)
    who = connection_user(conn)
    sources: dict[tuple[str, str], list[dict]] = {}
    for line, row in _read(folder, "sources"):
        check.day("sources", line, row["accessed"])
        sources.setdefault((row["kind"], row["record_id"]), []).append(
            {k: row[k] for k in ("publisher", "url", "accessed", "quote")})
    facts: dict[tuple[str, str], Fact] = {}

    def fact(kind: str, rid: str, origin: str, named: str | None = None) -> Fact:
        """The fact of record `rid` (`named`: the folder's name of it, where that differs)."""
        return facts.setdefault((kind, rid), Fact(kind, rid, origin, None if origin == "import" else {}, None, False,
                                                  sources.get((kind, named or rid), []), now_utc(), who))

    def opt(text: str) -> str | None:
        return text or None

    for line, row in _read(folder, "statements"):
        if not row["statement_id"] or not row["title"]:
            check.fail("statements", line, "statement_id and title must not be empty")
        f = fact("statement", row["statement_id"], "user")
        f.value.update({"kind": check.choice("statements", line, row["kind"] or "joint_statement", KIND_CHOICES),
                        "series_id": opt(row["series"]), "date": check.day("statements", line, row["date"]),
                        "title": row["title"], "trigger_event": opt(row["trigger_event"]), "venue": opt(row["venue"]),
                        "url": opt(row["url"]), "source_note": opt(row["source_note"]), "outcome": None,
                        "file_id": None, "positions": {},
                        "triggers": [check.day("statements", line, t) for t in row["trigger_dates"].split(";") if t]})
    for line, row in _read(folder, "signatories"):
        f = facts.get(("statement", row["statement_id"]))
        if f is None:
            check.fail("signatories", line, f"statement {row['statement_id']!r} is not in {_name('statements')}")
        check.choice("signatories", line, row["position"] or "joined", ("joined",))
        f.value["positions"][check.country("signatories", line, row["country"])] = "joined"
    votes: dict[str, tuple[int, dict[str, str], dict[str, str]]] = {}
    for line, row in _read(folder, "votes"):
        check.day("votes", line, row["date"])
        check.choice("votes", line, row["vote"], VOTE_CHOICES)
        _first, first_row, members = votes.setdefault(row["resolution_or_draft"], (line, row, {}))
        members[check.country("votes", line, row["country_iso3"])] = row["vote"]
        if len(members) > COUNCIL_SEATS:
            check.fail("votes", line, f"{row['resolution_or_draft']}: more than {COUNCIL_SEATS} members voted")
    for symbol, (_line, row, members) in votes.items():
        rec = vote_record(conn, VoteInput(symbol, row["date"], None, members, row["url"]))
        rec["source_note"], rec["url"] = opt(row["source_note"]), opt(row["url"])
        fact("vote", symbol, "user").value = rec
    for line, row in _read(folder, "launches"):
        if row["time_utc"] and parse_time(row["time_utc"]) is None:
            check.fail("launches", line, f"{row['time_utc']!r} is not a time (HH:MM)")
        fact("launch", row["launch_id"], "user").value = {
            "date": check.day("launches", line, row["date"]), "date_precision": "day",
            "time_utc": opt(row["time_utc"]), "facility": opt(row["facility"]),
            "missile_count": check.number("launches", line, row["missile_count"] or "0", whole=True, least=1),
            "classes": check.choice("launches", line, row["missile_class"], LAUNCH_CLASSES),
            "max_apogee_km": check.number("launches", line, row["apogee_km"]),
            "max_distance_km": check.number("launches", line, row["range_km"]),
            "outcome": check.choice("launches", line, row["outcome"], OUTCOMES),
            "confirmation": check.choice("launches", line, row["confirmation"], CONFIRMATIONS),
            "missile_name": opt(row["missile_name"])}
    for line, row in _read(folder, "edits"):
        kind, rid = check.choice("edits", line, row["kind"], RECORD_KINDS), row["record_id"]
        if kind == "designation":           # named by list and list id: this database's number for it
            local = entry_id(conn, rid)
            if local is None:
                report.rejected.append(f"{_name('edits')} line {line}: designation {rid} is not in this database "
                                       "(import its list first); its edit was left out")
                continue
            f = fact(kind, str(local), "import", rid)
        else:
            f = fact(kind, rid, "import")
        f.hidden = f.hidden or row["hidden"] == "1"
        if row["field"]:
            try:
                value = json.loads(row["value"])
            except ValueError:
                check.fail("edits", line, f"the value of {row['field']!r} is not JSON")
            if kind == "designation" and row["field"] == "links":
                value = _local_links(conn, value, rid, line, report)
            f.value = {**(f.value or {}), row["field"]: value}
    for f in facts.values():
        write_fact(conn, f)
        write_audit(conn, who, "Import curation folder", f.kind, f.record_id, None, f.as_json(), folder.name)
        report.added += 1
    for line, row in _read(folder, "claims"):
        key = (check.day("claims", line, row["day"]),
               check.number("claims", line, row["missiles"] or "0", whole=True, least=1),
               row["publisher"], row["url"], check.day("claims", line, row["accessed"]))
        held = conn.execute("SELECT claim_id FROM curation_claims WHERE day = ? AND missiles = ? AND publisher = ?"
                            " AND url = ? AND accessed = ?", key).fetchone()
        if held is not None:
            claim_id = held[0]
            report.unchanged += 1
        else:
            claim_id = conn.execute("INSERT INTO curation_claims (day, missiles, publisher, url, accessed, quote,"
                                    " created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                                    (*key, opt(row["quote"]), now_utc(), who)).lastrowid
            write_audit(conn, who, "Import curation folder", "launch_day", row["day"], None,
                        {k: row[k] for k in FILES["claims"] if k != "claim"}, folder.name)
            report.added += 1
        if row["chosen"] == "1":
            conn.execute("INSERT OR REPLACE INTO curation_choices (day, claim_id) VALUES (?, ?)", (row["day"], claim_id))


def _local_links(conn: sqlite3.Connection, keys: list, rid: str, line: int, report) -> list[int]:
    """A designation's links as this database's ids; an entry it does not hold is left out (and reported)."""
    out = []
    for key in keys:
        local = entry_id(conn, str(key))
        if local is None:
            report.rejected.append(f"{_name('edits')} line {line}: the link of {rid} to {key} was left out "
                                   "(that entry is not in this database)")
        else:
            out.append(local)
    return sorted(out)
