"""Importing a folder written by `python main.py export-curation DIR` (models.curation.exchange)."""
from __future__ import annotations

from pathlib import Path

from models.curation.exchange import FORMAT, import_curation_folder, is_curation_folder
from models.importers import ImportJob, ImportOptions, register
from models.importers.formats import directory_sniffer
from models.importers.report import FileReport
from models.progress import Progress
from models.store import Store


@directory_sniffer
def _curation_folder(path: Path) -> str | None:
    return FORMAT if is_curation_folder(path) else None


def _run(store: Store, job: ImportJob, options: ImportOptions, progress: Progress) -> FileReport:
    report = FileReport(job.path.name, FORMAT)
    import_curation_folder(store.conn, job.path, report)
    return report


register(FORMAT, _run, order=30)
