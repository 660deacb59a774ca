"""The sanctions-list importers (OFAC CSV and XML, UN XML): content sniffing and registration.

Each imported list file becomes one dated snapshot of its list; see sanctions_db for the history rules.
"""
from __future__ import annotations

import csv
import gc
import hashlib
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

from models.errors import DataImportError
from models.importers import COMPANIONS, ImportJob, ImportOptions, register
from models.importers.formats import sniffer
from models.importers.ofac_csv import ofac_csv_stream
from models.importers.ofac_xml import ofac_xml_stream
from models.importers.report import FileReport
from models.importers.sanctions_db import write_stream
from models.importers.sanctions_entry import ListStream
from models.importers.un_xml import un_xml_stream
from models.importers.xml_safe import prolog_root
from models.progress import Progress
from models.store import Store, file_sha256

SOURCES = {
    "ofac_sdn": ("US Treasury, Office of Foreign Assets Control (OFAC)", "OFAC Specially Designated Nationals list",
                 "https://ofac.treasury.gov/specially-designated-nationals-and-blocked-persons-list-sdn-human-readable-lists"),
    "ofac_cons": ("US Treasury, Office of Foreign Assets Control (OFAC)", "OFAC Consolidated (non-SDN) list",
                  "https://ofac.treasury.gov/consolidated-sanctions-list-non-sdn-lists"),
    "un_consolidated": ("UN Security Council", "UN Security Council Consolidated List",
                        "https://scsanctions.un.org/resources/xml/en/consolidated.xml"),
}
CSV_LAYOUTS = {12: "ofac_csv", 6: "ofac_add_csv", 5: "ofac_alt_csv", 2: "ofac_comments_csv"}
XML_ROOTS = {"sdnList": "ofac_xml", "CONSOLIDATED_LIST": "un_xml"}


@sniffer
def _ofac_csv(path: Path, head: bytes) -> str | None:
    """No header, a numeric ent_num first; the column count tells primary, add, alt and comments apart."""
    if b"\x00" in head or not head.lstrip(b'"')[:1].isdigit():
        return None
    line = head.decode("cp1252", errors="replace").split("\n", 1)[0]
    try:
        fields = next(csv.reader([line]))
    except (csv.Error, StopIteration):
        return None
    if not fields[0].strip().isdigit() or len(fields) < 2:
        return None
    fmt = CSV_LAYOUTS.get(len(fields))
    if fmt in ("ofac_add_csv", "ofac_alt_csv") and not fields[1].strip().isdigit():
        fmt = None
    if fmt is None:
        raise DataImportError(path, f"looks like an OFAC list CSV (no header, numeric first field) but has "
                                    f"{len(fields)} columns; expected 12 (sdn.csv / cons_prim.csv), 6 (add.csv), "
                                    "5 (alt.csv) or 2 (sdn_comments.csv)", line=1)
    return fmt


@sniffer
def _list_xml(path: Path, head: bytes) -> str | None:
    return XML_ROOTS.get(prolog_root(path, head) or "")


def set_key(job: ImportJob, fmt: str) -> str:
    """The identity of a list version: the hashes of its main file and of the companions imported with it."""
    parts = [f"{fmt}:{job.sha256}"] + sorted(f"{f}:{file_sha256(p)}" for f, p in job.companions.items())
    return "snapshot_set:" + hashlib.sha256("|".join(parts).encode()).hexdigest()


def known_snapshot_date(store: Store, job: ImportJob, fmt: str) -> str | None:
    """The date an earlier import gave this very content (the same main file with the same companions).

    Recorded in `meta` by each import; for a database imported before that record existed, a lone main
    file is recognised by its hash when the snapshot it made covers what a lone file covers.
    """
    row = store.conn.execute("SELECT value FROM meta WHERE key = ?", (set_key(job, fmt),)).fetchone()
    if row is not None:
        return row[0]
    known = store.find_file(fmt, job.sha256)
    if known is None or job.companions or not known["snapshot_date"]:
        return None
    sample = store.conn.execute(
        "SELECT s.content FROM list_snapshots l JOIN designation_snapshots s USING (snapshot_id)"
        " WHERE l.file_id = ? AND l.snapshot_date = ? LIMIT 1", (known["file_id"], known["snapshot_date"])).fetchone()
    lone = '"uncovered":["addresses","aliases","comments"]'
    return known["snapshot_date"] if sample is not None and lone in sample[0] else None


def _store(store: Store, job: ImportJob, fmt: str, stream: ListStream, progress: Progress) -> FileReport:
    stream.start()                                     # reads up to the first entry: the snapshot date is known
    publisher, title, url = SOURCES[stream.dataset]
    file_id = store.record_file(
        dataset=stream.dataset, fmt=fmt, path=job.path, sha256=job.sha256 or file_sha256(job.path),
        publisher=publisher, title=title, url=url, snapshot_date=stream.snapshot_date,
        snapshot_date_basis=stream.date_basis, record_count=0)
    for companion_fmt, companion in sorted(job.companions.items()):
        store.record_file(
            dataset=stream.dataset, fmt=companion_fmt, path=companion, sha256=file_sha256(companion),
            publisher=publisher, title=f"{title} ({companion.name}, completes {job.path.name})", url=url,
            snapshot_date=stream.snapshot_date, snapshot_date_basis=stream.date_basis, record_count=0)
    report = FileReport(job.path.name, fmt)
    entries, dprk = write_stream(store.conn, stream, file_id, report, progress)
    store.conn.execute("UPDATE source_files SET record_count = ? WHERE file_id = ? AND record_count IS NOT ?",
                       (entries, file_id, entries))     # a file seen before keeps its row (same content, same count)
    notes = [*stream.notes]
    if job.companions:
        notes.append("with " + ", ".join(p.name for _f, p in sorted(job.companions.items())))
    notes.append(f"{stream.list_name}: {entries} entries, {dprk} DPRK-related")
    report.notes[:0] = notes                           # before what writing the snapshot found
    store.conn.execute("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET"
                       " value = excluded.value WHERE meta.value != excluded.value", (set_key(job, fmt), stream.snapshot_date))
    return report


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for one list import (restored afterwards).

    Every batch builds thousands of small containers, freed by reference counting once written; a
    collection triggered by them holds the GIL and finds nothing to free.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _importer(fmt: str, open_stream: Callable[[ImportJob, ImportOptions, Progress], ListStream]):
    def run(store: Store, job: ImportJob, options: ImportOptions, progress: Progress) -> FileReport:
        job.sha256 = file_sha256(job.path)            # the content identifies the snapshot, not the file's place
        job.known_date = known_snapshot_date(store, job, fmt)
        with _gc_paused():      # each batch of entries is freed as soon as it is written
            return _store(store, job, fmt, open_stream(job, options, progress), progress)
    return run


register("ofac_csv", _importer("ofac_csv", lambda j, o, p: ofac_csv_stream(j.path, j.companions, o.as_of, p,
                                                                          j.known_date)), order=30,
         refresh_dates=True)
register("ofac_xml", _importer("ofac_xml", lambda j, o, p: ofac_xml_stream(j.path, o.as_of, p, j.known_date)),
         order=31, refresh_dates=True)
register("un_xml", _importer("un_xml", lambda j, o, p: un_xml_stream(j.path, o.as_of, p, j.known_date)), order=32,
         refresh_dates=True)
for _companion in ("ofac_add_csv", "ofac_alt_csv", "ofac_comments_csv"):
    COMPANIONS[_companion] = "ofac_csv"
