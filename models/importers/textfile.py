"""Reading delimited text files the way the public sources ship them (cp1252, CRLF, Ctrl-Z)."""
from __future__ import annotations

import codecs
import csv
import io
from pathlib import Path
from typing import Iterator

from models.errors import DataImportError


def read_text(path: Path) -> str:
    """Decode a text file: UTF-8 (with or without BOM), UTF-16 with BOM, else cp1252.

    Raises DataImportError for empty files and for binary content.
    """
    raw = path.read_bytes()
    if not raw.strip(b"\x1a\r\n\t "):
        raise DataImportError(path, "the file is empty")
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return raw.decode("utf-16")
    if b"\x00" in raw:
        raise DataImportError(path, "this is not a text file (it contains NUL bytes); "
                                    "expected a CSV file in UTF-8 or Windows-1252")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DataImportError(path, f"cannot decode byte 0x{raw[exc.start]:02x} as UTF-8 or Windows-1252",
                              line=line) from None


def utf8_head(head: bytes) -> bytes:
    """The first bytes of a file as UTF-8 without a BOM, for format sniffing: UTF-16 LE/BE with a BOM is
    transcoded (a character cut at the end is dropped), a UTF-8 BOM removed, anything else kept as is."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return head.decode("utf-16", errors="ignore").encode("utf-8")
    if head.startswith(codecs.BOM_UTF8):
        return head[len(codecs.BOM_UTF8):]
    return head


def csv_records(path: Path, text: str) -> Iterator[tuple[int, list[str]]]:
    """Yield (first physical line number, fields) per record; drops a trailing Ctrl-Z record."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    start = 1
    try:
        for fields in reader:
            if fields == ["\x1a"] or not fields:
                start = reader.line_num + 1
                continue
            yield start, fields
            start = reader.line_num + 1
    except csv.Error as exc:
        raise DataImportError(path, f"broken CSV ({exc}); the file may be truncated", line=start) from None
