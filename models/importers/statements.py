"""The statement register: statements, signatories and Security Council votes, as CSV.

This is also the project's own exchange format for statements (documented in README.md):

- statements: statement_id, date, title [, trigger_event, venue, url, source_note, kind, series,
  trigger_dates (ISO dates joined by ';')]
- signatories: statement_id, country (ISO 3166 alpha-3) [, country_name, position]
- votes: resolution_or_draft, date, country_iso3 [, country_name], vote (yes/no/abstain/absent)
- council membership: year, iso3, permanent_or_elected [, name, source_url] (the 15 seats of each year)

Series and kinds are defined in `models.statement_kinds`: JS (US-led), E10, CTX (context) and G7-.
A statement with no signatory rows is "list not recorded" (positions_known 0), never "not joined".
"""
from __future__ import annotations

import re
import sqlite3
from datetime import date
from pathlib import Path

from models.errors import DataImportError
from models.importers.report import FileReport
from models.importers.textfile import csv_records, read_text
from models.statement_kinds import (
    DRAFT_VOTE, PROCEDURAL_VOTE, RESOLUTION_VOTE, SERIES_BY_PREFIX, STATEMENT_KINDS, vote_kind)

KINDS = set(STATEMENT_KINDS)
SERIES = SERIES_BY_PREFIX
VOTES = {"yes", "no", "abstain", "absent"}
COUNCIL_GROUP = "UNSC"
COUNCIL_SEATS, PERMANENT_SEATS = 15, 5
ROLES = {"permanent", "elected"}
PUBLISHER = "Project statement register (compiled from the public pages each row cites)"

STATEMENT_COLUMNS = ["statement_id", "date", "title"]
SIGNATORY_COLUMNS = ["statement_id", "country"]
VOTE_COLUMNS = ["resolution_or_draft", "date", "country_iso3", "vote"]
MEMBERSHIP_COLUMNS = ["year", "iso3", "permanent_or_elected"]


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
        kind = vote_kind(symbol)
        title = {RESOLUTION_VOTE: f"Security Council vote on resolution {symbol}",
                 DRAFT_VOTE: f"Security Council vote on draft resolution {symbol}",
                 PROCEDURAL_VOTE: f"Security Council {symbol}"}[kind]
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
    for symbol in sorted({r["resolution_or_draft"] for _, r in rows}):
        conn.execute("UPDATE statements SET outcome = ? WHERE statement_id = ?", (vote_outcome(conn, symbol), symbol))
        off = [r[0] for r in conn.execute(
            "SELECT p.iso3 FROM positions p JOIN statements s USING (statement_id) WHERE p.statement_id = ?"
            " AND NOT EXISTS (SELECT 1 FROM country_groups g WHERE g.group_name = ? AND g.iso3 = p.iso3"
            "  AND s.date BETWEEN g.valid_from AND COALESCE(g.valid_to, '9999')) ORDER BY p.iso3",
            (symbol, COUNCIL_GROUP))]
        if off:
            report.notes.append(f"{symbol}: {', '.join(off)} not on the Council at that date by the membership "
                                "held (import the membership file of that year)")


def vote_outcome(conn: sqlite3.Connection, symbol: str) -> str:
    """'adopted' or 'not adopted', with the vetoes, from the recorded votes and Council seats."""
    kind = conn.execute("SELECT kind FROM statements WHERE statement_id = ?", (symbol,)).fetchone()
    rows = conn.execute(
        "SELECT p.iso3, p.position, g.role FROM positions p JOIN statements s USING (statement_id)"
        " LEFT JOIN country_groups g ON g.iso3 = p.iso3 AND g.group_name = 'UNSC'"
        "  AND s.date BETWEEN g.valid_from AND COALESCE(g.valid_to, '9999')"
        " WHERE p.statement_id = ?", (symbol,)).fetchall()
    yes = sum(r["position"] == "yes" for r in rows)
    vetoes = sorted(r["iso3"] for r in rows if r["position"] == "no" and r["role"] == "permanent")
    counts = "-".join(str(sum(r["position"] == p for r in rows)) for p in ("yes", "no", "abstain"))
    if kind is not None and kind[0] == PROCEDURAL_VOTE:     # nine votes decide; no veto applies
        return f"{'adopted' if yes >= 9 else 'not adopted'} ({counts}; procedural vote, no veto applies)"
    if vetoes:
        return f"not adopted ({counts}; vetoed by {', '.join(vetoes)})"
    return f"{'adopted' if yes >= 9 else 'not adopted'} ({counts})"


def refresh_positions_known(conn: sqlite3.Connection) -> None:
    conn.execute("UPDATE statements SET positions_known = CASE WHEN"
                 " EXISTS (SELECT 1 FROM positions p WHERE p.statement_id = statements.statement_id) THEN 1 ELSE 0 END")


def import_membership(conn: sqlite3.Connection, path: Path, file_id: int, report: FileReport) -> None:
    """The Security Council's members per year: each year in the file replaces that year's seats."""
    years: dict[int, list[tuple[int, str, str, str | None]]] = {}
    for line, row in _table(path, MEMBERSHIP_COLUMNS):
        try:
            year = int(row["year"])
        except ValueError:
            raise DataImportError(path, f"unreadable year {row['year']!r}", line=line) from None
        if not 1946 <= year <= 2100:
            raise DataImportError(path, f"year {year} is outside 1946-2100", line=line)
        role = row["permanent_or_elected"].lower()
        if role not in ROLES:
            raise DataImportError(path, f"permanent_or_elected must be 'permanent' or 'elected', not "
                                        f"{row['permanent_or_elected']!r}", line=line)
        iso3 = _country(conn, path, line, row["iso3"])
        if any(seat[1] == iso3 for seat in years.get(year, [])):
            raise DataImportError(path, f"{iso3} is listed twice for {year}", line=line)
        years.setdefault(year, []).append((line, iso3, role, row.get("source_url") or None))
    for year, seats in sorted(years.items()):
        permanent = sum(role == "permanent" for _, _, role, _ in seats)
        if len(seats) != COUNCIL_SEATS or permanent != PERMANENT_SEATS:
            raise DataImportError(path, f"{year} has {len(seats)} members ({permanent} permanent); the Council has "
                                        f"{COUNCIL_SEATS} ({PERMANENT_SEATS} permanent)", line=seats[-1][0])
        start, end = f"{year}-01-01", f"{year}-12-31"
        old = {r["iso3"]: r for r in conn.execute(
            "SELECT iso3, role, valid_to, source_url, file_id FROM country_groups WHERE group_name = ?"
            " AND valid_from = ?", (COUNCIL_GROUP, start))}
        for _line, iso3, role, url in seats:
            before = old.pop(iso3, None)
            if before is not None and (before["role"], before["valid_to"], before["source_url"]) == (role, end, url) \
                    and before["file_id"] is not None:
                report.unchanged += 1
                continue
            conn.execute("INSERT OR REPLACE INTO country_groups (group_name, iso3, role, valid_from, valid_to,"
                         " source_url, file_id) VALUES (?, ?, ?, ?, ?, ?, ?)",
                         (COUNCIL_GROUP, iso3, role, start, end, url, file_id))
            if before is None:
                report.added += 1
            else:
                report.updated += 1
        for iso3 in old:               # a seat the shipped reference gave but this sourced file does not
            conn.execute("DELETE FROM country_groups WHERE group_name = ? AND iso3 = ? AND valid_from = ?",
                         (COUNCIL_GROUP, iso3, start))
            report.updated += 1
            report.notes.append(f"{year}: {iso3} removed from the Council (not in {path.name})")
