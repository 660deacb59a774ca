"""Recognising a file's format from its content, never from its name."""
from __future__ import annotations

import zipfile
import zlib
from pathlib import Path
from typing import Callable

from models.errors import DataImportError
from models.importers.textfile import utf8_head

# Each sniffer looks at (path, first bytes) and returns a format name or None.
Sniffer = Callable[[Path, bytes], "str | None"]
SNIFFERS: list[Sniffer] = []
# A folder can be one source too (a git repository, a folder of dated list files): (path) -> format or None.
DirectorySniffer = Callable[[Path], "str | None"]
DIRECTORY_SNIFFERS: list[DirectorySniffer] = []


def sniffer(fn: Sniffer) -> Sniffer:
    SNIFFERS.append(fn)
    return fn


def directory_sniffer(fn: DirectorySniffer) -> DirectorySniffer:
    DIRECTORY_SNIFFERS.append(fn)
    return fn


def detect_directory(path: Path) -> str:
    """The format of a folder given as one source; DataImportError when it is none this program reads."""
    for sniff in DIRECTORY_SNIFFERS:
        fmt = sniff(path)
        if fmt:
            return fmt
    raise DataImportError(path, "is a directory, but neither a git repository of an OFAC sdn.csv scrape nor a "
                                "folder of dated sdn.csv files (give the files inside it by name instead)")


def _first_line(head: bytes) -> str:
    text = head.decode("utf-8-sig", errors="replace") if not head.startswith(b"\xff\xfe") else head.decode(
        "utf-16", errors="replace")
    return text.splitlines()[0] if text.splitlines() else ""


def _header(head: bytes) -> set[str]:
    return {c.strip().strip('"').lower() for c in _first_line(head).split(",")}


@sniffer
def _cns_csv(path: Path, head: bytes) -> str | None:
    header = _header(head)
    return "cns_csv" if {"f1", "date"} <= header and header & {"missile name", "missile type"} else None


@sniffer
def _statement_register(path: Path, head: bytes) -> str | None:
    header = _header(head)
    if {"year", "iso3", "permanent_or_elected"} <= header:
        return "council_membership"
    if {"resolution_or_draft", "country_iso3", "vote"} <= header:
        return "statement_votes"
    if {"statement_id", "country"} <= header:
        return "statement_signatories"
    if {"statement_id", "date", "title"} <= header:
        return "statements"
    return None


@sniffer
def _workbook(path: Path, head: bytes) -> str | None:
    if not head.startswith(b"PK\x03\x04"):
        return None
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            workbook = archive.read("xl/workbook.xml") if "xl/workbook.xml" in names else b""
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
        raise DataImportError(path, f"a damaged or truncated ZIP/XLSX file ({exc})") from None
    if not workbook:
        raise DataImportError(path, "a ZIP archive, but not an Excel workbook")
    if b'name="Missile Tests"' in workbook:
        return "cns_xlsx"
    raise DataImportError(path, "an Excel workbook, but not the CNS missile test database "
                                "(it has no 'Missile Tests' sheet)")


def detect_format(path: Path) -> str:
    """The format name of `path`; DataImportError when it is empty, unreadable or unknown."""
    if path.is_dir():
        raise DataImportError(path, "is a directory, not a file")
    try:
        with open(path, "rb") as fh:
            head = fh.read(8192)
    except OSError as exc:
        raise DataImportError(path, f"cannot read the file ({exc.strerror})") from None
    head = utf8_head(head)
    if not head.strip(b"\x1a\r\n\t "):
        raise DataImportError(path, "the file is empty")
    for sniff in SNIFFERS:
        fmt = sniff(path, head)
        if fmt:
            return fmt
    if b"\x00" in head:
        raise DataImportError(path, "not a format this program reads (binary content)")
    raise DataImportError(path, "not a format this program reads: expected the CNS missile database "
                                "(CSV or XLSX), the statement register (CSV), an OFAC list (CSV or XML), "
                                "the UN consolidated list (XML), OFAC's change archive (sdnnewYY.txt) or a git "
                                "bundle of an sdn.csv scrape")
