"""The statement register: statements, signatories and Security Council votes, as CSV.

This is also the project's own exchange format for statements (documented in README.md):

- statements: statement_id, date, title [, trigger_event, venue, url, source_note, kind, series,
  trigger_dates (ISO dates joined by ';')]
- signatories: statement_id, country (ISO 3166 alpha-3) [, country_name, position]
- votes: resolution_or_draft, date, country_iso3 [, country_name], vote (yes/no/abstain/absent)
"""
from __future__ import annotations

import re
import sqlite3
from datetime import date
from pathlib import Path

from models.errors import DataImportError
from models.importers.report import FileReport
from models.importers.textfile import csv_records, read_text

KINDS = {"joint_statement", "resolution_vote", "draft_resolution_vote", "press_statement",
         "presidential_statement"}
SERIES = {"JS": ("us_led", "US-led joint statements",
                 "Joint statements on DPRK launches delivered by the US at the UN on behalf of a group"),
          "E10": ("e10", "E10 statements", "Statements by the ten elected Security Council members")}
VOTES = {"yes", "no", "abstain", "absent"}
PUBLISHER = "Project statement register (compiled from the public pages each row cites)"

STATEMENT_COLUMNS = ["statement_id", "date", "title"]
SIGNATORY_COLUMNS = ["statement_id", "country"]
VOTE_COLUMNS = ["resolution_or_draft", "date", "country_iso3", "vote"]


def _table(path: Path, required: list[str]) -> list[tuple[int, dict[str, str]]]:
    records = csv_records(path, read_text(path))
    first = next(records, None)
    if first is None:
        raise DataImportError(path, "the file is empty")
    line, header = first
    header = [h.strip().lower() for h in header]
    missing = [c for c in required if c not in header]
    if missing:
        raise DataImportError(path, f"missing column(s) {', '.join(missing)}", line=line)
    rows = []
    for line, fields in records:
        if len(fields) != len(header):
            raise DataImportError(path, f"the row has {len(fields)} fields, the header has {len(header)}",
                                  line=line)
        rows.append((line, {k: v.strip() for k, v in zip(header, fields)}))
    if not rows:
        raise DataImportError(path, "the file has a header but no data rows")
    return rows


def _iso_date(path: Path, line: int, text: str) -> str:
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        raise DataImportError(path, f"unreadable date {text!r} (expected YYYY-MM-DD)", line=line) from None


def _series(conn: sqlite3.Connection, statement_id: str, given: str) -> str | None:
    if given:
        conn.execute("INSERT OR IGNORE INTO statement_series (series_id, name) VALUES (?, ?)", (given, given))
        return given
    prefix = re.match(r"[A-Za-z0-9]+?(?=\d{4}|-|$)", statement_id)
    key = prefix.group(0).upper() if prefix else ""
    if key in SERIES:
        series_id, name, description = SERIES[key]
        conn.execute("INSERT OR IGNORE INTO statement_series VALUES (?, ?, ?)", (series_id, name, description))
        return series_id
    return None


def _upsert(conn: sqlite3.Connection, table: str, key: dict, values: dict, report: FileReport) -> None:
    where = " AND ".join(f"{k} = ?" for k in key)
    old = conn.execute(f"SELECT {', '.join(values)} FROM {table} WHERE {where}", tuple(key.values())).fetchone()
    if old is None:
        cols = {**key, **values}
        conn.execute(f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                     tuple(cols.values()))
        report.added += 1
    elif any(old[k] != v for k, v in values.items() if k != "file_id"):
        sets = ", ".join(f"{k} = ?" for k in values)
        conn.execute(f"UPDATE {table} SET {sets} WHERE {where}", (*values.values(), *key.values()))
        report.updated += 1
    else:
        report.unchanged += 1


def _country(conn: sqlite3.Connection, path: Path, line: int, iso3: str) -> str:
    code = iso3.upper()
    if conn.execute("SELECT 1 FROM countries WHERE iso3 = ?", (code,)).fetchone() is None:
        raise DataImportError(path, f"unknown country code {iso3!r} (expected ISO 3166 alpha-3)", line=line)
    return code


def import_statements(conn: sqlite3.Connection, path: Path, file_id: int, report: FileReport) -> None:
    for line, row in _table(path, STATEMENT_COLUMNS):
        sid = row["statement_id"]
        if not sid or not row["title"]:
            raise DataImportError(path, "statement_id and title must not be empty", line=line)
        kind = row.get("kind") or "joint_statement"
        if kind not in KINDS:
            raise DataImportError(path, f"unknown kind {kind!r} (expected one of {', '.join(sorted(KINDS))})",
                                  line=line)
        values = {"kind": kind, "series_id": _series(conn, sid, row.get("series", "")),
                  "date": _iso_date(path, line, row["date"]), "title": row["title"],
                  "trigger_event": row.get("trigger_event") or None, "venue": row.get("venue") or None,
                  "url": row.get("url") or None, "source_note": row.get("source_note") or None,
                  "file_id": file_id}
        _upsert(conn, "statements", {"statement_id": sid}, values, report)
        triggers = [t.strip() for t in (row.get("trigger_dates") or "").split(";") if t.strip()]
        if triggers:
            conn.execute("DELETE FROM statement_triggers WHERE statement_id = ?", (sid,))
            conn.executemany("INSERT INTO statement_triggers VALUES (?, ?)",
                             [(sid, _iso_date(path, line, t)) for t in triggers])


def import_signatories(conn: sqlite3.Connection, path: Path, file_id: int, report: FileReport) -> None:
    for line, row in _table(path, SIGNATORY_COLUMNS):
        sid = row["statement_id"]
        if conn.execute("SELECT 1 FROM statements WHERE statement_id = ?", (sid,)).fetchone() is None:
            raise DataImportError(path, f"statement {sid!r} is not in the register; import the statements "
                                        "file first (or together)", line=line)
        position = (row.get("position") or "joined").lower()
        if position != "joined":
            raise DataImportError(path, f"a signatory's position must be 'joined', not {position!r}", line=line)
        iso3 = _country(conn, path, line, row["country"])
        _upsert(conn, "positions", {"statement_id": sid, "iso3": iso3},
                {"position": position, "file_id": file_id}, report)


def import_votes(conn: sqlite3.Connection, path: Path, file_id: int, report: FileReport) -> None:
    rows = _table(path, VOTE_COLUMNS)
    for line, row in rows:
        symbol = row["resolution_or_draft"]
        if not symbol:
            raise DataImportError(path, "resolution_or_draft must not be empty", line=line)
        vote = row["vote"].lower()
        if vote not in VOTES:
            raise DataImportError(path, f"unknown vote {row['vote']!r} (expected yes, no, abstain or absent)",
                                  line=line)
        is_resolution = symbol.upper().startswith("S/RES/")
        kind = "resolution_vote" if is_resolution else "draft_resolution_vote"
        title = f"Security Council vote on {'resolution' if is_resolution else 'draft resolution'} {symbol}"
        values = {"kind": kind, "series_id": None, "date": _iso_date(path, line, row["date"]), "title": title,
                  "venue": "UN Security Council", "file_id": file_id}
        exists = conn.execute("SELECT date FROM statements WHERE statement_id = ?", (symbol,)).fetchone()
        if exists is None:
            conn.execute("INSERT INTO statements (statement_id, kind, series_id, date, title, venue, file_id)"
                         " VALUES (?, ?, ?, ?, ?, ?, ?)", (symbol, *values.values()))
        elif exists["date"] != values["date"]:
            raise DataImportError(path, f"{symbol} has two dates ({exists['date']} and {values['date']})",
                                  line=line)
        iso3 = _country(conn, path, line, row["country_iso3"])
        _upsert(conn, "positions", {"statement_id": symbol, "iso3": iso3},
                {"position": vote, "file_id": file_id}, report)
    for symbol in {r["resolution_or_draft"] for _, r in rows}:
        conn.execute("UPDATE statements SET outcome = ? WHERE statement_id = ?", (vote_outcome(conn, symbol), symbol))


def vote_outcome(conn: sqlite3.Connection, symbol: str) -> str:
    """'adopted' or 'not adopted', with the vetoes, from the recorded votes and Council seats."""
    rows = conn.execute(
        "SELECT p.iso3, p.position, g.role FROM positions p JOIN statements s USING (statement_id)"
        " LEFT JOIN country_groups g ON g.iso3 = p.iso3 AND g.group_name = 'UNSC'"
        "  AND s.date BETWEEN g.valid_from AND COALESCE(g.valid_to, '9999')"
        " WHERE p.statement_id = ?", (symbol,)).fetchall()
    yes = sum(r["position"] == "yes" for r in rows)
    vetoes = sorted(r["iso3"] for r in rows if r["position"] == "no" and r["role"] == "permanent")
    counts = "-".join(str(sum(r["position"] == p for r in rows)) for p in ("yes", "no", "abstain"))
    if vetoes:
        return f"not adopted ({counts}; vetoed by {', '.join(vetoes)})"
    return f"{'adopted' if yes >= 9 else 'not adopted'} ({counts})"


def refresh_positions_known(conn: sqlite3.Connection) -> None:
    conn.execute("UPDATE statements SET positions_known ="
                 " EXISTS (SELECT 1 FROM positions p WHERE p.statement_id = statements.statement_id)")
