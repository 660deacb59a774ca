"""The importers for launches and statements, registered with the import dispatcher."""
from __future__ import annotations

from typing import Callable

from models.importers import ImportJob, ImportOptions, register
from models.importers import cns, statements
from models.importers.missiles_db import upsert_missiles
from models.importers.report import FileReport
from models.progress import Progress
from models.store import Store, file_sha256


def _cns(parse: Callable, fmt: str):
    def run(store: Store, job: ImportJob, options: ImportOptions, progress: Progress) -> FileReport:
        warnings: list[str] = []
        records = parse(job.path, warnings)
        progress.check()
        snapshot = max((r.entered_on for r in records if r.entered_on), default=None)
        file_id = store.record_file(
            dataset="cns_missiles", fmt=fmt, path=job.path, sha256=file_sha256(job.path),
            publisher=cns.PUBLISHER, title=cns.TITLE, url=cns.URL, snapshot_date=snapshot,
            snapshot_date_basis="newest 'Date Entered/Updated' in the file", record_count=len(records))
        report = FileReport(job.path.name, fmt, warnings=warnings)
        upsert_missiles(store.conn, "cns", records, file_id, report)
        return report
    return run


def _register_table(fmt: str, importer: Callable, order: int):
    def run(store: Store, job: ImportJob, options: ImportOptions, progress: Progress) -> FileReport:
        report = FileReport(job.path.name, fmt)
        file_id = store.record_file(
            dataset="statements", fmt=fmt, path=job.path, sha256=file_sha256(job.path),
            publisher=statements.PUBLISHER, title=f"Statement register ({fmt.replace('_', ' ')})", url=None,
            snapshot_date=None, snapshot_date_basis=None, record_count=0)
        importer(store.conn, job.path, file_id, report)
        store.conn.execute("UPDATE source_files SET record_count = ?,"
                           " snapshot_date = (SELECT MAX(date) FROM statements) WHERE file_id = ?",
                           (report.added + report.updated + report.unchanged, file_id))
        statements.refresh_positions_known(store.conn)
        return report
    register(fmt, run, order)


register("cns_csv", _cns(cns.parse_cns_csv, "cns_csv"), order=10, rebuild_launches=True)
register("cns_xlsx", _cns(cns.parse_cns_xlsx, "cns_xlsx"), order=11, rebuild_launches=True)
_register_table("council_membership", statements.import_membership, order=19)
_register_table("statements", statements.import_statements, order=20)
_register_table("statement_signatories", statements.import_signatories, order=21)
_register_table("statement_votes", statements.import_votes, order=22)
from models.importers import triggers  # noqa: E402,F401
from models.importers import sanctions  # noqa: E402,F401
from models.importers import nagix  # noqa: E402,F401
from models.importers import snapshot_series  # noqa: E402,F401
from models.importers import ofac_changes  # noqa: E402,F401
from models.importers import curation_folder  # noqa: E402,F401
