"""Statement triggers: which launch dates (as CNS dates them, UTC) each statement responds to.

Format "statement_triggers": a CSV with header statement_id, launch_date [, basis]. The basis
column quotes the statement's trigger text; it documents the curation and is not stored.
Re-importing a statement's rows replaces that statement's triggers.
"""
from __future__ import annotations

import sqlite3
from pathlib import Path

from models.errors import DataImportError
from models.importers import ImportJob, ImportOptions, register
from models.importers.formats import _header, sniffer
from models.importers.report import FileReport
from models.importers.statements import PUBLISHER, _iso_date, _table
from models.progress import Progress
from models.store import Store, file_sha256

FORMAT = "statement_triggers"
COLUMNS = ["statement_id", "launch_date"]


@sniffer
def _statement_triggers(path: Path, head: bytes) -> str | None:
    return FORMAT if {"statement_id", "launch_date"} <= _header(head) else None


def import_triggers(conn: sqlite3.Connection, path: Path, report: FileReport) -> None:
    by_statement: dict[str, set[str]] = {}
    for line, row in _table(path, COLUMNS):
        sid = row["statement_id"]
        if conn.execute("SELECT 1 FROM statements WHERE statement_id = ?", (sid,)).fetchone() is None:
            raise DataImportError(path, f"statement {sid!r} is not in the register; import the statements "
                                        "file first (or together)", line=line)
        by_statement.setdefault(sid, set()).add(_iso_date(path, line, row["launch_date"]))
    for sid, dates in by_statement.items():
        old = {r[0] for r in conn.execute("SELECT launch_date FROM statement_triggers WHERE statement_id = ?",
                                          (sid,))}
        conn.execute("DELETE FROM statement_triggers WHERE statement_id = ?", (sid,))
        conn.executemany("INSERT INTO statement_triggers VALUES (?, ?)", [(sid, d) for d in sorted(dates)])
        report.added += len(dates - old)
        report.unchanged += len(dates & old)
        report.updated += len(old - dates)
        missing = sorted(d for d in dates if conn.execute(
            "SELECT 1 FROM missiles WHERE date = ?", (d,)).fetchone() is None)
        if missing:
            report.notes.append(f"{sid}: no missile in the database on {', '.join(missing)}")


def _run(store: Store, job: ImportJob, options: ImportOptions, progress: Progress) -> FileReport:
    report = FileReport(job.path.name, FORMAT)
    file_id = store.record_file(
        dataset="statements", fmt=FORMAT, path=job.path, sha256=file_sha256(job.path), publisher=PUBLISHER,
        title="Statement register (statement triggers)", url=None, snapshot_date=None,
        snapshot_date_basis=None, record_count=0)
    import_triggers(store.conn, job.path, report)
    store.conn.execute("UPDATE source_files SET record_count = ? WHERE file_id = ?",
                       (report.added + report.unchanged, file_id))
    return report


register(FORMAT, _run, order=25)
