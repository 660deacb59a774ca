"""The one safe writer and the one CSV writer: whole files or none, cells a spreadsheet will not run."""
from __future__ import annotations

import errno
import os

import pandas as pd
import pytest

from models import safe_write
from models.safe_text import safe_cell, show_bidi, write_csv
from models.safe_write import WriteError

GOOD_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\nxref\n0 1\ntrailer<<>>\nstartxref\n27\n%%EOF\n"


def _disk_full(*_args):
    raise OSError(errno.ENOSPC, "No space left on device")


def test_a_full_disk_keeps_the_old_file_removes_the_temporary_and_says_so(tmp_path, monkeypatch):
    target = tmp_path / "table.csv"
    target.write_text("the old, good file\n")
    monkeypatch.setattr(safe_write.os, "fsync", _disk_full)
    with pytest.raises(WriteError, match="disk is full.*old file is unchanged"):
        write_csv(pd.DataFrame({"name": ["A"] * 1000}), target)
    assert target.read_text() == "the old, good file\n"
    assert [p.name for p in tmp_path.iterdir()] == ["table.csv"]


def test_a_write_that_fails_half_way_keeps_the_old_file(tmp_path):
    target = tmp_path / "brief.html"
    target.write_text("old")

    def write(tmp: str) -> None:
        with open(tmp, "w") as fh:
            fh.write("<html>half")
        raise OSError(errno.ENOSPC, "No space left on device")
    with pytest.raises(WriteError, match="brief.html: the disk is full"):
        safe_write.safe_write(target, write)
    assert target.read_text() == "old" and os.listdir(tmp_path) == ["brief.html"]


def test_a_pdf_cut_short_without_an_error_is_refused(tmp_path):
    """Qt's PDF writer does not report a full disk: the check of the written file must catch it."""
    target = tmp_path / "brief.pdf"
    target.write_bytes(GOOD_PDF)

    def truncated(tmp: str) -> None:
        with open(tmp, "wb") as fh:
            fh.write(GOOD_PDF[:30])
    with pytest.raises(WriteError, match="cut short"):
        safe_write.safe_write(target, truncated)
    assert target.read_bytes() == GOOD_PDF and os.listdir(tmp_path) == ["brief.pdf"]
    safe_write.safe_write(target, lambda tmp: open(tmp, "wb").write(GOOD_PDF + b"% appended\n"), kind=".bin")
    assert safe_write.verify(target, ".pdf") is not None       # a PDF must end in its trailer
    safe_write.write_bytes(target, GOOD_PDF)
    assert target.read_bytes() == GOOD_PDF


def test_checks_of_png_svg_and_sizes(tmp_path):
    png = tmp_path / "a.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n....IEND\xaeB`\x82")
    assert safe_write.verify(png, ".png") is None
    png.write_bytes(b"\x89PNG\r\n\x1a\n....ID")
    assert "cut short" in safe_write.verify(png, ".png")
    svg = tmp_path / "a.svg"
    svg.write_text("<svg>\n</svg>\n")
    assert safe_write.verify(svg, ".svg") is None
    svg.write_text("<svg><g>")
    assert "cut short" in safe_write.verify(svg, ".svg")
    assert "3 of 5 bytes" in safe_write.verify(svg.with_name("b"), ".txt", 5) if svg.with_name("b").write_text(
        "abc") else False


def test_a_folder_or_a_missing_folder_is_refused(tmp_path):
    with pytest.raises(WriteError, match="it is a folder"):
        safe_write.write_text(tmp_path, "x")
    with pytest.raises(WriteError, match="does not exist"):
        safe_write.write_text(tmp_path / "no" / "x.csv", "x")
    (tmp_path / "file").write_text("")
    with pytest.raises(WriteError, match="does not exist"):
        safe_write.write_text(tmp_path / "file" / "x.csv", "x")


def test_written_files_get_the_usual_mode(tmp_path):
    safe_write.write_text(tmp_path / "x.csv", "a\n")
    assert (tmp_path / "x.csv").stat().st_mode & 0o777 == safe_write.default_mode()


def test_formula_triggers_are_neutralised_and_bidi_shown(tmp_path):
    evil = ['=HYPERLINK("http://x","y")', "+cmd|' /C calc'!A0", "@SUM(A1:A2)", "-2+3", "\tTAB", "\rCR",
            "KIM \u202eGNOJ LIAM", "plain"]
    out = tmp_path / "t.csv"
    write_csv(pd.DataFrame({"name": evil, "n": range(len(evil))}), out)
    back = pd.read_csv(out, keep_default_na=False)
    assert list(back.name) == ["'" + e for e in evil[:6]] + ["KIM <U+202E>GNOJ LIAM", "plain"]
    assert list(back.n) == list(range(len(evil)))               # numbers stay numbers
    assert safe_cell(-3) == -3 and safe_cell(None) is None


def test_show_bidi_makes_every_direction_control_visible():
    controls = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
    shown = show_bidi("A" + controls + "B")
    assert shown == "A" + "".join(f"<U+{ord(c):04X}>" for c in controls) + "B"
    assert show_bidi("김정은 KIM") == "김정은 KIM"


def test_a_pipe_or_device_is_written_to_never_replaced(tmp_path):
    """`table launches /dev/null` must not turn /dev/null into a regular file (tested on a FIFO)."""
    import stat
    import threading

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received = []
    reader = threading.Thread(target=lambda: received.append(open(fifo, "rb").read()), daemon=True)
    reader.start()
    safe_write.write_text(fifo, "a,b\n")
    reader.join(timeout=10)
    assert received == [b"a,b\n"] and stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe"]
