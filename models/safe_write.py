"""The one way the program writes a file (PDF, HTML, PNG, SVG, CSV, bundle): whole, or not at all.

`safe_write(path, write)` lets `write` fill a temporary file in the target's folder, flushes it to the
disk (fsync), checks it (not empty; a PDF must end in a trailer whose cross-reference offset lies in the
file; a PNG must end in its IEND chunk; text written by us must have the size we wrote), then renames it
over the target in one step (`os.replace`, atomic on POSIX and Windows) and syncs the folder. On any
failure (a full disk, no permission, a writer that stops half-way without saying so) the old file is
untouched, the temporary is removed and `WriteError` says which file and what went wrong.

The standard library suffices (tempfile + fsync + os.replace); the `atomicwrites` package that used to do
this is unmaintained.
"""
from __future__ import annotations

import errno
import os
import re
import tempfile
from pathlib import Path
from typing import Callable


class WriteError(Exception):
    """A file could not be written; the old file (if any) is unchanged."""

    def __init__(self, path: str | Path, problem: str):
        self.path = Path(path)
        self.problem = problem
        super().__init__(f"cannot write {path}: {problem}")


def default_mode() -> int:
    """0666 minus the umask: the mode open() would give a new file."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def _reason(exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return "the disk is full (no space left on device)"
    if exc.errno == errno.EDQUOT:
        return "the disk quota is exceeded"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if exc.errno == errno.EROFS:
        return "the file system is read-only"
    return exc.strerror or str(exc)


STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")


def check_pdf(data_tail: bytes, head: bytes, size: int) -> str | None:
    """Why a PDF is not whole (None when it is): header, `startxref N %%EOF` trailer, N inside the file."""
    if not head.startswith(b"%PDF-"):
        return "the PDF has no %PDF header"
    match = STARTXREF.search(data_tail)
    if match is None:
        return "the PDF ends without its trailer (%%EOF): it was cut short"
    if not 0 < int(match.group(1)) < size:
        return "the PDF's cross-reference offset lies outside the file: it is damaged"
    return None


def check_png(data_tail: bytes, head: bytes, size: int) -> str | None:
    if not head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "the PNG has no PNG signature"
    if not data_tail.endswith(b"IEND\xaeB`\x82"):
        return "the PNG ends without its IEND chunk: it was cut short"
    return None


def check_svg(data_tail: bytes, head: bytes, size: int) -> str | None:
    return None if data_tail.rstrip().endswith(b"</svg>") else "the SVG ends without </svg>: it was cut short"


CHECKS: dict[str, Callable[[bytes, bytes, int], str | None]] = {".pdf": check_pdf, ".png": check_png,
                                                                 ".svg": check_svg}


def verify(path: str | Path, kind: str, expected_size: int | None = None) -> str | None:
    """Why the file at `path` is not a whole file of `kind` (".pdf", ".csv", ...), or None when it is."""
    size = os.path.getsize(path)
    if size == 0:
        return "nothing was written (the file is empty)"
    if expected_size is not None and size != expected_size:
        return f"{size} of {expected_size} bytes reached the disk"
    check = CHECKS.get(kind)
    if check is None:
        return None
    with open(path, "rb") as fh:
        head = fh.read(16)
        fh.seek(max(0, size - 1024))
        tail = fh.read()
    return check(tail, head, size)


def _fsync(path: str) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_folder(folder: Path) -> None:
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass                                    # some file systems cannot sync a folder; the rename stands
    finally:
        os.close(fd)


def safe_write(path: str | Path, write: Callable[[str], object], kind: str | None = None,
               expected_size: int | None = None) -> None:
    """Call `write(temporary path)`, check the result, then put it in place of `path` in one step.

    `kind` is the suffix whose check applies (default: the target's suffix). Raises WriteError.
    """
    path = Path(path)
    kind = (kind or path.suffix).lower()
    folder = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        raise WriteError(path, "it is a folder")
    if not folder.is_dir():
        raise WriteError(path, f"the folder {folder} does not exist")
    if path.exists() and not path.is_file():    # a device or a pipe (/dev/null, /dev/stdout): never replace it
        try:
            write(str(path))
        except OSError as exc:
            raise WriteError(path, _reason(exc)) from None
        return
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise WriteError(path, _reason(exc)) from None
    os.close(fd)
    try:
        write(tmp)
        _fsync(tmp)
        problem = verify(tmp, kind, expected_size)
        if problem:
            raise WriteError(path, problem + "; the old file is unchanged")
        os.chmod(tmp, default_mode())          # mkstemp makes 0600; a written file gets the usual mode
        os.replace(tmp, path)
        _fsync_folder(folder)
    except OSError as exc:
        raise WriteError(path, _reason(exc) + "; the old file is unchanged") from None
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def write_bytes(path: str | Path, data: bytes, kind: str | None = None) -> None:
    """Write `data` to `path` through `safe_write` (checked for its full size)."""
    def write(tmp: str) -> None:
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
    safe_write(path, write, kind, expected_size=len(data))


def write_text(path: str | Path, text: str, kind: str | None = None, encoding: str = "utf-8") -> None:
    write_bytes(path, text.encode(encoding), kind)
