"""Reading delimited text files the way the public sources ship them (cp1252, CRLF, Ctrl-Z)."""
from __future__ import annotations

import codecs
import csv
import io
import re
from pathlib import Path
from typing import Iterator, TextIO

from models.errors import DataImportError


CHUNK = 1 << 20                        # bytes read at a time when checking a file's encoding
CP1252_UNDEFINED = re.compile(rb"[\x81\x8d\x8f\x90\x9d]")
BLANK = b"\x1a\r\n\t "


def text_encoding(path: Path) -> tuple[str, int]:
    """The encoding of a text file and its number of line breaks, read in chunks (never the whole file).

    UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252. Raises DataImportError for empty
    files, binary content and bytes that are neither UTF-8 nor Windows-1252.
    """
    lines, text_seen = 0, False
    utf8 = codecs.getincrementaldecoder("utf-8")()
    utf8_ok, bad_cp1252 = True, None                 # bad_cp1252: the line of the first undefined byte
    with open(path, "rb") as fh:
        head = fh.read(CHUNK)
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            rest = iter(lambda: fh.read(CHUNK), b"")
            return "utf-16", head.count(b"\n") + sum(chunk.count(b"\n") for chunk in rest)
        chunk = head
        while chunk:
            if b"\x00" in chunk:
                raise DataImportError(path, "this is not a text file (it contains NUL bytes); "
                                            "expected a CSV file in UTF-8 or Windows-1252")
            text_seen = text_seen or bool(chunk.strip(BLANK))
            if utf8_ok:
                try:
                    utf8.decode(chunk)
                except UnicodeDecodeError:
                    utf8_ok = False
            if bad_cp1252 is None and (found := CP1252_UNDEFINED.search(chunk)):
                bad_cp1252 = (lines + chunk.count(b"\n", 0, found.start()) + 1, chunk[found.start()])
            lines += chunk.count(b"\n")
            chunk = fh.read(CHUNK)
    if not text_seen:
        raise DataImportError(path, "the file is empty")
    if utf8_ok:
        try:
            utf8.decode(b"", final=True)                 # a character cut off at the end is not UTF-8
            return "utf-8-sig", lines
        except UnicodeDecodeError:
            pass
    if bad_cp1252 is not None:
        line, byte = bad_cp1252
        raise DataImportError(path, f"cannot decode byte 0x{byte:02x} as UTF-8 or Windows-1252", line=line)
    return "cp1252", lines


def read_text(path: Path) -> str:
    """Decode a whole (small) text file with `text_encoding`'s rules."""
    encoding, _lines = text_encoding(path)
    return path.read_bytes().decode(encoding)


def open_text(path: Path) -> tuple[TextIO, int]:
    """A text stream over a (possibly large) file with `text_encoding`'s rules, and its line-break count."""
    encoding, lines = text_encoding(path)
    return open(path, encoding=encoding, newline=""), lines


def utf8_head(head: bytes) -> bytes:
    """The first bytes of a file as UTF-8 without a BOM, for format sniffing: UTF-16 LE/BE with a BOM is
    transcoded (a character cut at the end is dropped), a UTF-8 BOM removed, anything else kept as is."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return head.decode("utf-16", errors="ignore").encode("utf-8")
    if head.startswith(codecs.BOM_UTF8):
        return head[len(codecs.BOM_UTF8):]
    return head


def csv_records(path: Path, text: str | TextIO) -> Iterator[tuple[int, list[str]]]:
    """Yield (first physical line number, fields) per record of a text or an open text stream; drops a
    trailing Ctrl-Z record."""
    source = io.StringIO(text, newline="") if isinstance(text, str) else text
    reader = csv.reader(source, strict=True)
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
    except UnicodeDecodeError as exc:
        raise DataImportError(path, f"cannot decode the text ({exc.reason})", line=start) from None
