"""Importing files into the store: detect each file's format, then run every file in one transaction.

`import_files` is the single entry point (CLI, GUI worker, bundle builder). A format is registered
with `register(...)`; companions (files that complete another, like OFAC's add.csv for sdn.csv)
are attached to their main file's job by `plan_jobs`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from models.errors import DataImportError
from models.importers.formats import detect_directory, detect_format
from models.importers.report import FileReport, ImportReport
from models.progress import Progress
from models.store import Store


IMPORT_CACHE_KIB = -131072             # PRAGMA cache_size during an import: at most 128 MiB


@dataclass
class ImportOptions:
    as_of: str | None = None          # snapshot date for files that carry none (YYYY-MM-DD)


@dataclass
class ImportJob:
    fmt: str
    path: Path
    companions: dict[str, Path] = field(default_factory=dict)   # companion format -> file
    sha256: str | None = None                                    # the main file's content hash, once read
    known_date: str | None = None          # the snapshot date an earlier import gave the same content


ImporterFn = Callable[[Store, ImportJob, ImportOptions, Progress], FileReport]


@dataclass
class ImporterSpec:
    run: ImporterFn
    order: int                         # lower runs first (statements before their signatories)
    rebuild_launches: bool = False
    refresh_dates: bool = False        # re-derive every designation's dates after the import


REGISTRY: dict[str, ImporterSpec] = {}
COMPANIONS: dict[str, str] = {}        # companion format -> the main format it completes


def register(fmt: str, run: ImporterFn, order: int, rebuild_launches: bool = False,
             refresh_dates: bool = False) -> None:
    REGISTRY[fmt] = ImporterSpec(run, order, rebuild_launches, refresh_dates)


def plan_jobs(detected: list[tuple[Path, str]]) -> list[ImportJob]:
    """One job per main file; each companion joins the main file in its folder (or the only one)."""
    jobs = [ImportJob(fmt, path) for path, fmt in detected if fmt not in COMPANIONS]
    for path, fmt in detected:
        main = COMPANIONS.get(fmt)
        if main is None:
            continue
        candidates = [j for j in jobs if j.fmt == main]
        same_folder = [j for j in candidates if j.path.parent == path.parent]
        target = same_folder or (candidates if len(candidates) == 1 else [])
        if not target:
            raise DataImportError(path, f"this {fmt} file completes a {main} file; import it together with "
                                        f"exactly one {main} file (or the one in the same folder)")
        if fmt in target[0].companions:
            raise DataImportError(path, f"two {fmt} files for {target[0].path.name}")
        target[0].companions[fmt] = path
    return sorted(jobs, key=lambda j: REGISTRY[j.fmt].order)


def import_files(store: Store, paths: list[str | Path], options: ImportOptions | None = None,
                 progress: Progress | None = None) -> ImportReport:
    """Import every file in one transaction: all of them, or (on any error or cancel) none."""
    from models.importers import builtin  # noqa: F401  (registers the formats)

    options = options or ImportOptions()
    progress = progress or Progress()
    resolved = [Path(p) for p in paths]
    for path in resolved:
        if not path.is_file() and not path.is_dir():
            raise DataImportError(path, "no such file")
    detected = [(path, detect_directory(path) if path.is_dir() else detect_format(path)) for path in resolved]
    unknown = [(p, f) for p, f in detected if f not in REGISTRY and f not in COMPANIONS]
    if unknown:
        raise DataImportError(unknown[0][0], f"recognised as {unknown[0][1]}, which this version cannot import")
    jobs = plan_jobs(detected)
    report = ImportReport()
    # A larger page cache while the transaction runs keeps its pages in memory instead of spilling them
    # to the WAL early (big list imports); journal mode and synchronous are untouched.
    cache = store.conn.execute("PRAGMA cache_size").fetchone()[0]
    store.conn.execute(f"PRAGMA cache_size = {IMPORT_CACHE_KIB}")
    try:
        with store.transaction() as conn:
            for index, job in enumerate(jobs):
                progress.step(index, len(jobs), f"Importing {job.path.name}")
                report.files.append(REGISTRY[job.fmt].run(store, job, options, progress))
            rebuilt = any(REGISTRY[j.fmt].rebuild_launches for j in jobs)
            if rebuilt:
                from models.importers.missiles_db import rebuild_launches

                rebuild_launches(conn)
            if any(REGISTRY[j.fmt].refresh_dates for j in jobs):
                from models import designation_dates

                progress.step(len(jobs), len(jobs), "Dating the designations")
                designation_dates.refresh(conn)
            from models.curation.apply import after_import

            after_import(conn, report, rebuilt)     # the analysts' edits survive; disagreements are listed
            progress.step(len(jobs), len(jobs), "Import finished")    # the last point where Cancel can act
    finally:
        store.conn.execute(f"PRAGMA cache_size = {int(cache)}")
    return report
