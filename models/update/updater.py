"""One update: fetch each selected source, verify it, import it as a dated snapshot, say what changed.

Each source is one unit: its files are downloaded (conditionally), checked by the import's own format
detection, and imported together in one transaction with the fetch bookkeeping, so a source that fails
anywhere changes nothing, and the others still update. Only one update runs per database at a time
(a lock file beside a database file; an advisory lock on a PostgreSQL server, across machines), whether
started from the dashboard or the command line.

The files of the last successful fetch are kept in `downloads/<source>/` beside the database: an OFAC
set whose sdn.csv is "not modified" but whose add.csv changed is imported with the kept sdn.csv.
"""
from __future__ import annotations

import os
import shutil
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import httpx

from models.errors import DataImportError, ImportCancelled
from models.progress import Progress
from models.store import Store, file_sha256
from models.update import changes_since
from models.update.download import Downloader, Fetched, TransferError, Validators
from models.update.report import (CANCELLED, FAILED, KEPT, NO_CHANGE, UPDATED, VERIFIED, SourceOutcome,
                                  UpdateReport)
from models.update.settings import Source, UpdateSettings
from models.update.state import FetchRecord, load_records, mark_checked, save_record, utc_now
from models.update.verify import VerifyError, check_file, publication_date

UNCHANGED_DB = "nothing was imported from this source; the database is unchanged"


class UpdateBusy(Exception):
    """Another update of the same database is running."""


def downloads_dir(store: Store) -> Path:
    if store.path is None:
        raise ValueError("an update needs a database file (not an in-memory database)")
    return store.path.parent / "downloads"


@contextmanager
def update_lock(store: Store) -> Iterator[None]:
    """Hold the database's update lock, or raise UpdateBusy at once: a lock file beside a database file; on a
    PostgreSQL server an advisory lock, so that two analysts' machines never update the same database at once."""
    if store.engine == "postgres":
        with _server_update_lock(store):
            yield
        return
    from filelock import FileLock, Timeout

    path = store.path.with_name(store.path.name + ".update.lock")
    lock = FileLock(str(path), timeout=0)
    try:
        lock.acquire()
    except Timeout:
        raise UpdateBusy(f"another update of {store.path.name} is running (lock file {path}); "
                         "try again when it has finished") from None
    try:
        yield
    finally:
        lock.release()


@contextmanager
def _server_update_lock(store: Store) -> Iterator[None]:
    from models.engines.postgres import UPDATE_LOCK, hold_session_lock

    holder, who = hold_session_lock(str(store.path), UPDATE_LOCK)
    if holder is None:
        raise UpdateBusy(f"another update of {store.path.name} is running ({who}); try again when it has finished")
    try:
        yield
    finally:
        holder.close()


def run_update(store: Store, settings: UpdateSettings, names: list[str] | None = None, dry_run: bool = False,
               progress: Progress | None = None, client: httpx.Client | None = None) -> UpdateReport:
    """Update the selected sources (every enabled one by default); see the module docstring."""
    progress = progress or Progress()
    sources = settings.select(names)
    report = UpdateReport(dry_run=dry_run)
    downloads_dir(store)                            # a database file is needed (for the lock and downloads)
    with update_lock(store):
        downloader = Downloader(settings.transfer, client)
        try:
            for index, source in enumerate(sources):
                try:
                    progress.step(index, len(sources), f"Updating {source.title}")
                    outcome = _update_source(store, source, downloader, dry_run, progress)
                except ImportCancelled:
                    report.outcomes.append(SourceOutcome(source.name, source.title, CANCELLED,
                                                         f"cancelled by the user; {UNCHANGED_DB}"))
                    report.outcomes += [SourceOutcome(s.name, s.title, CANCELLED, "not started (cancelled)")
                                        for s in sources[index + 1:]]
                    break
                report.outcomes.append(outcome)
        finally:
            if client is None:
                downloader.close()
    return report


def _update_source(store: Store, source: Source, downloader: Downloader, dry_run: bool,
                   progress: Progress) -> SourceOutcome:
    folder = downloads_dir(store) / source.name
    incoming = folder / ".incoming"
    incoming.mkdir(parents=True, exist_ok=True)
    outcome = SourceOutcome(source.name, source.title, FAILED, "")
    records = load_records(store.conn, source.name)
    checked = utc_now()
    try:
        fetched = [_fetch(downloader, source, f, folder, incoming, records, progress) for f in source.files]
    except TransferError as exc:
        outcome.message = f"could not download {exc}; {UNCHANGED_DB}"
        _clear(incoming)
        return outcome
    outcome.files = [_describe(f) for f in fetched]
    try:
        if all(f.not_modified for f in fetched):
            outcome.status, outcome.message = NO_CHANGE, "not modified since the last update (the server " \
                                                         "answered 304 Not Modified: nothing was downloaded)"
            if not dry_run:
                with store.transaction() as conn:
                    mark_checked(conn, source.name, checked)
            return outcome
        paths = [_body(f, folder, incoming) for f in fetched]
        hashes = [file_sha256(p) for p in paths]
        if all(records.get(f.file.name) and records[f.file.name].sha256 == h for f, h in zip(fetched, hashes)):
            outcome.status, outcome.message = NO_CHANGE, "the files are identical (same SHA-256) to the last " \
                                                         "update's; nothing imported"
            if not dry_run:
                _save_records(store, source, fetched, hashes, checked)
            return outcome
        if not source.do_import:
            return _keep(store, source, fetched, paths, hashes, folder, checked, dry_run, outcome)
        formats = [check_file(p, f.file.format, f.content_type) for f, p in zip(fetched, paths)]
        outcome.notes += [f"{f.file.name}: the server labelled it {f.content_type.split(';')[0]}, but its content "
                          "is the list (recognised by its content, as `import` does)"
                          for f in fetched if not f.not_modified and _labelled_html(f.content_type)]
        if all(store.find_file(fmt, h) is not None for fmt, h in zip(formats, hashes)):
            outcome.status, outcome.message = NO_CHANGE, "these files are already in the database (same " \
                                                         "SHA-256 as an earlier import); nothing imported"
            if not dry_run:
                _save_records(store, source, fetched, hashes, checked)
                _move_into(folder, paths)
            return outcome
        published = {p.name: publication_date(p, fmt) for p, fmt in zip(paths, formats)}
        if dry_run:
            outcome.status = VERIFIED
            outcome.message = "downloaded and recognised; not imported (dry run)"
            outcome.snapshots = [_dry_run_date(p.name, fmt, published[p.name], checked)
                                 for p, fmt in zip(paths, formats) if fmt in MAIN_FORMATS]
            return outcome
        return _import(store, source, fetched, paths, hashes, folder, checked, progress, outcome)
    except VerifyError as exc:
        outcome.message = f"{exc}; {UNCHANGED_DB}"
        return outcome
    except DataImportError as exc:
        outcome.message = f"the import failed: {exc}; {UNCHANGED_DB}"
        return outcome
    except OSError as exc:
        outcome.message = f"cannot read or write {exc.filename or 'a file'}: {exc.strerror or exc}; {UNCHANGED_DB}"
        return outcome
    finally:
        _clear(incoming)


MAIN_FORMATS = {"ofac_csv", "ofac_xml", "un_xml", "cns_xlsx", "cns_csv"}


def _fetch(downloader: Downloader, source: Source, file, folder: Path, incoming: Path,
           records: dict[str, FetchRecord], progress: Progress) -> Fetched:
    """Fetch one file, conditionally when this database holds its last body and the kept copy is intact."""
    record = records.get(file.name)
    kept = folder / file.name
    known = None
    if record and record.url == file.url and kept.is_file() and file_sha256(kept) == record.sha256:
        known = Validators(record.etag, record.last_modified)
    return downloader.fetch(file, incoming / file.name, known, progress)


def _body(fetched: Fetched, folder: Path, incoming: Path) -> Path:
    """The file to import: the new body, or (not modified) a copy of the kept one beside the others."""
    target = incoming / fetched.file.name
    if fetched.not_modified:
        shutil.copyfile(folder / fetched.file.name, target)
    return target


def _import(store: Store, source: Source, fetched: list[Fetched], paths: list[Path], hashes: list[str],
            folder: Path, checked: str, progress: Progress, outcome: SourceOutcome) -> SourceOutcome:
    from models.importers import ImportOptions, import_files

    download_day = checked[:10]
    with store.transaction() as conn:
        report = import_files(store, paths, ImportOptions(as_of=download_day), progress)
        file_ids = [r[0] for h in hashes for r in conn.execute(
            "SELECT file_id FROM source_files WHERE sha256 = ?", (h,))]
        changes_since.state_download_basis(conn, file_ids, checked)
        _save_records(store, source, fetched, hashes, checked)
        progress.check()
    try:
        _move_into(folder, paths)
    except OSError as exc:           # imported all the same; the next update downloads the files again
        outcome.notes.append(f"could not keep the downloaded files in {folder} ({exc.strerror or exc})")
    outcome.import_report = report
    outcome.status = UPDATED if report.changed else NO_CHANGE
    outcome.message = ("imported as a dated snapshot" if report.changed
                       else "imported; the stored data already held this content")
    snapshots = changes_since.snapshots_of(store, file_ids)
    outcome.snapshots = [f"{s.list_name}: snapshot of {s.snapshot_date} ({s.date_basis})" for s in snapshots]
    if not snapshots:
        outcome.snapshots = [f"{r[0]}: data as of {r[1]} ({r[2]})" for r in store.rows(
            "SELECT DISTINCT file_name, snapshot_date, snapshot_date_basis FROM source_files WHERE file_id IN"
            f" ({', '.join('?' * len(file_ids))}) AND record_count > 0", file_ids)]
    for snap in snapshots:
        changes, note = changes_since.previous_changes(store, snap)
        if changes is not None:
            outcome.changes.append(changes)
        if note:
            outcome.notes.append(note)
    return outcome


def _keep(store: Store, source: Source, fetched: list[Fetched], paths: list[Path], hashes: list[str],
          folder: Path, checked: str, dry_run: bool, outcome: SourceOutcome) -> SourceOutcome:
    """A source this version does not import: check it is not a web page, and keep the file."""
    from models.update.verify import HTML_START

    for p, f in zip(paths, fetched):
        with open(p, "rb") as fh:
            if HTML_START.match(fh.read(4096)):
                raise VerifyError(f"{p.name}: the server sent a web page (HTML) instead of the file")
    if dry_run:
        outcome.status, outcome.message = VERIFIED, "downloaded; not kept (dry run)"
        return outcome
    _save_records(store, source, fetched, hashes, checked)
    _move_into(folder, paths)
    outcome.status = KEPT
    outcome.message = f"kept in {folder} (this version does not import it)"
    return outcome


def _save_records(store: Store, source: Source, fetched: list[Fetched], hashes: list[str], checked: str) -> None:
    with store.transaction() as conn:
        for f, h in zip(fetched, hashes):
            old = load_records(conn, source.name).get(f.file.name)
            new_body = not f.not_modified
            save_record(conn, FetchRecord(
                source.name, f.file.name, f.file.url,
                f.validators.etag if new_body or f.validators.etag else (old.etag if old else None),
                f.validators.last_modified if new_body or f.validators.last_modified
                else (old.last_modified if old else None),
                h, (f.size if new_body else (old.size if old else 0)),
                checked if new_body or old is None else old.fetched_at, checked))


def _move_into(folder: Path, paths: list[Path]) -> None:
    for p in paths:
        os.replace(p, folder / p.name)


def _clear(incoming: Path) -> None:
    """Remove finished bodies; keep partial downloads (and their validators) for a resume."""
    for p in incoming.glob("*"):
        if p.is_file() and not p.name.endswith((".part", ".part.json")):
            p.unlink(missing_ok=True)


def _labelled_html(content_type: str | None) -> bool:
    return bool(content_type) and content_type.split(";")[0].strip().lower() in ("text/html", "application/xhtml+xml")


def _describe(f: Fetched) -> str:
    if f.not_modified:
        text = f"{f.file.name}: not modified (304)"
    else:
        text = f"{f.file.name}: downloaded {f.size:,} bytes"
        if f.content_type:
            text += f" ({f.content_type.split(';')[0]})"
    if f.url and f.url != f.file.url:
        text += f" from {f.url}"
    return text + "".join(f"; {n}" for n in f.notes)


def _dry_run_date(name: str, fmt: str, published: str | None, checked: str) -> str:
    if published:
        return f"{name}: would be the snapshot of {published} (the file's own publication date)"
    if fmt.startswith("cns"):
        return f"{name}: dated by its newest entry date when imported"
    return f"{name}: would be the snapshot of {checked[:10]} (the download time {checked}; the file carries no date)"
