"""`python main.py export ...` as a user runs it: no display, subprocesses, clear errors, no half-written files."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent


def run(*args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    return subprocess.run([sys.executable, "main.py", *args], cwd=PROJECT, capture_output=True, text=True,
                          timeout=180, env=env)


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("cli") / "bundled.sqlite3"
    assert run("--db", str(path), "table", "launches", str(path.parent / "l.csv")).returncode == 0
    return str(path)


def test_pdf_2022_with_no_display(db, tmp_path):
    pypdf = pytest.importorskip("pypdf")
    out = tmp_path / "brief.pdf"
    result = run("--db", db, "export", str(out), "--from", "2022-01-01", "--to", "2022-12-31",
                 "--title", "Quarterly <b>brief</b>", "--banner", "FOR TEST", "--paper", "letter")
    assert result.returncode == 0, result.stderr
    assert "wrote" in result.stdout
    reader = pypdf.PdfReader(str(out))
    texts = [" ".join(p.extract_text().split()) for p in reader.pages]
    assert all(f"page {i} of {len(texts)}" in t for i, t in enumerate(texts, 1))
    text = " ".join(texts)
    assert "36 launch events and 69 missiles" in text and "10 joint statements" in text
    assert "Quarterly <b>brief</b>" in text and "FOR TEST" in text and "Sources and notes" in text
    assert b"/Subtype /Image" not in out.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["brief.pdf"]


def test_html_is_self_contained_with_inline_svg(db, tmp_path):
    out = tmp_path / "brief.html"
    result = run("--db", db, "export", str(out), "--from", "2022-01-01", "--to", "2022-12-31")
    assert result.returncode == 0, result.stderr
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and page.count("<svg") >= 4
    assert "<img" not in page and "<script" not in page and "http-equiv" not in page
    assert "36 launch events and 69 missiles" in page


@pytest.mark.parametrize("name, pane", [("timeline.png", "timeline"), ("alignment.svg", "alignment"),
                                        ("sanctions.svg", "sanctions"), ("network.png", "network"),
                                        ("ledger.svg", "ledger")])
def test_single_figures(db, tmp_path, name, pane):
    out = tmp_path / name
    result = run("--db", db, "export", str(out), "--pane", pane, "--from", "2022-01-01", "--to", "2022-12-31")
    assert result.returncode == 0, result.stderr
    data = out.read_bytes()
    if name.endswith(".png"):
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 5000
    else:
        assert b"<svg" in data[:2000] and b"<image" not in data


@pytest.mark.parametrize("args, words", [
    (["export", "{tmp}/no/such/folder/brief.pdf", "--from", "2022-01-01", "--to", "2022-12-31"], "does not exist"),
    (["export", "{tmp}/brief.pdf", "--from", "2022-12-31", "--to", "2022-01-01"], "period is empty"),
    (["export", "{tmp}/brief.pdf", "--from", "1950-01-01", "--to", "1950-12-31"], "no launches, statements"),
    (["export", "{tmp}/brief.pdf", "--from", "2022-13-01"], "is not a date"),
    (["export", "{tmp}/figure.png"], "--pane"),
    (["export", "{tmp}/brief.docx"], "use .pdf, .html, .png or .svg"),
])
def test_bad_input_says_why_and_leaves_nothing(db, tmp_path, args, words):
    result = run("--db", db, *[a.format(tmp=tmp_path) for a in args])
    assert result.returncode != 0
    assert words in result.stderr and "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_unwritable_target_keeps_the_old_file(db, tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir()
    old = folder / "brief.pdf"
    old.write_bytes(b"old brief")
    folder.chmod(0o500)
    try:
        if os.access(folder, os.W_OK):
            pytest.skip("running as a user who can write anywhere (root)")
        result = run("--db", db, "export", str(old), "--from", "2022-01-01", "--to", "2022-12-31")
        assert result.returncode != 0 and "cannot write" in result.stderr
        assert old.read_bytes() == b"old brief"
    finally:
        folder.chmod(0o700)


def test_a_target_that_cannot_be_replaced_is_reported(db, tmp_path):
    target = tmp_path / "brief.pdf"
    target.mkdir()                                     # a folder in the way: the rename must fail
    result = run("--db", db, "export", str(target), "--from", "2022-01-01", "--to", "2022-12-31")
    assert result.returncode != 0 and "cannot write" in result.stderr and "Traceback" not in result.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["brief.pdf"] and target.is_dir()
