"""Issue 16, problems 1 and 2: exports on a full disk, formula injection in every CSV, bidi controls in names.

The CLI runs in this process (`main.main`), so the full disk can be simulated by making fsync fail; one
test also fills a real 200 KiB tmpfs when the machine lets it mount one.
"""
from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import main
from models import safe_write

EVIL_NAMES = ['=HYPERLINK("http://x","y")', "+cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0"]
BIDI_NAME = "KIM \u202eGNOJ LIAM"


def ofac_row(ent: int, name: str, program: str = "DPRK") -> str:
    name = name.replace('"', '""')
    return f'{ent},"{name}","individual","{program}",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"nationality Korea, North."'


@pytest.fixture
def evil_db(tmp_path):
    """The bundled data plus two dated OFAC snapshots; the second adds entries with hostile names."""
    names = EVIL_NAMES + [BIDI_NAME]
    old = tmp_path / "sdn_2022-06-01.csv"
    new = tmp_path / "sdn_2022-06-20.csv"
    old.write_text(ofac_row(90001, "PLAIN NAME") + "\r\n", encoding="cp1252")
    new.write_text("".join(ofac_row(90001 + i, n) + "\r\n" for i, n in enumerate(["PLAIN NAME"] + names)),
                   encoding="utf-8")
    db = tmp_path / "evil.sqlite3"
    assert main.main(["--db", str(db), "import", str(old), str(new)]) == 0
    return db


def read_names(path: Path) -> list[str]:
    return list(pd.read_csv(path, keep_default_na=False)["name"])


def test_table_and_changes_csv_neutralise_formulas_and_show_bidi(evil_db, tmp_path, capsys):
    table = tmp_path / "designations.csv"
    assert main.main(["--db", str(evil_db), "table", "designations", str(table)]) == 0
    names = read_names(table)
    for evil in EVIL_NAMES:
        assert evil not in names and "'" + evil in names
    assert "KIM <U+202E>GNOJ LIAM" in names and BIDI_NAME not in names
    changes = tmp_path / "changes.csv"
    assert main.main(["--db", str(evil_db), "changes", "--list", "OFAC SDN", "--from", "2022-06-01",
                      "--to", "2022-06-20", "--csv", str(changes)]) == 0
    names = read_names(changes)
    assert sorted(names) == sorted(["'" + e for e in EVIL_NAMES] + ["KIM <U+202E>GNOJ LIAM"])
    assert "KIM <U+202E>GNOJ LIAM" in capsys.readouterr().out          # the printed list too


def test_dashboard_export_table_neutralises_formulas(evil_db, tmp_path, qtbot):
    from models.briefing_model import BriefingModel
    from models.store import Store
    from ui.main_window import MainWindow

    with Store(evil_db) as store:
        window = MainWindow(BriefingModel(store))
        qtbot.addWidget(window)
        out = tmp_path / "table.csv"
        window.export_table("designations", out)
        names = read_names(out)
        window.close()
    assert "'" + EVIL_NAMES[0] in names and EVIL_NAMES[0] not in names


def test_brief_shows_a_right_to_left_override_visibly(evil_db, tmp_path, capsys):
    pypdf = pytest.importorskip("pypdf")
    pdf, html = tmp_path / "brief.pdf", tmp_path / "brief.html"
    for out in (pdf, html):
        assert main.main(["--db", str(evil_db), "export", str(out), "--from", "2022-06-01", "--to",
                          "2022-06-30"]) == 0
    text = " ".join(" ".join(p.extract_text().split()) for p in pypdf.PdfReader(str(pdf)).pages)
    assert "KIM <U+202E>GNOJ LIAM" in text and "\u202e" not in text
    page = html.read_text(encoding="utf-8")
    assert "KIM &lt;U+202E&gt;GNOJ LIAM" in page and "\u202e" not in page


def _disk_full(*_args):
    raise OSError(errno.ENOSPC, "No space left on device")


@pytest.mark.parametrize("command", [["export", "{out}.pdf", "--from", "2022-06-01", "--to", "2022-06-30"],
                                     ["export", "{out}.html", "--from", "2022-06-01", "--to", "2022-06-30"],
                                     ["changes", "--list", "OFAC SDN", "--from", "2022-06-01", "--to",
                                      "2022-06-20", "--csv", "{out}.csv"],
                                     ["search", "KIM", "--csv", "{out}.csv"],
                                     ["table", "launches", "{out}.csv"]])
def test_a_full_disk_keeps_the_old_file_and_exits_1(evil_db, tmp_path, monkeypatch, capsys, command):
    target = tmp_path / "out"
    argv = [a.format(out=target) for a in command]
    old = Path(next(a for a in argv if a.startswith(str(target))))
    old.write_bytes(b"the good file from before")
    capsys.readouterr()
    monkeypatch.setattr(safe_write.os, "fsync", _disk_full)
    assert main.main(["--db", str(evil_db), *argv]) == 1
    err = capsys.readouterr().err
    assert err.strip().count("\n") == 0 and "disk is full" in err and str(old) in err
    assert "wrote" not in err and "Traceback" not in err
    assert old.read_bytes() == b"the good file from before"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_export_to_a_real_full_tmpfs_keeps_the_old_brief(evil_db, tmp_path):
    """The issue's case on a real file system: Qt's PDF writer hits ENOSPC and says nothing."""
    mount = tmp_path / "small"
    mount.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=200k", "tmpfs", str(mount)],
                                           capture_output=True).returncode != 0:
        pytest.skip("cannot mount a small tmpfs here (needs root and mount rights); the simulated full disk "
                    "tests cover the same path")
    try:
        brief = mount / "brief.pdf"
        args = [sys.executable, "main.py", "--db", str(evil_db), "export", str(brief), "--from"]
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
        project = Path(main.__file__).parent
        first = subprocess.run(args + ["2022-06-01", "--to", "2022-06-30"], cwd=project, env=env,
                               capture_output=True, text=True, timeout=120)
        assert first.returncode == 0, first.stderr
        good = brief.read_bytes()
        second = subprocess.run(args + ["2022-01-01", "--to", "2022-12-31"], cwd=project, env=env,
                                capture_output=True, text=True, timeout=120)
        assert second.returncode == 1 and "wrote" not in second.stdout
        assert second.stderr.startswith(f"error: cannot write {brief}") and "Traceback" not in second.stderr
        assert brief.read_bytes() == good and os.listdir(mount) == ["brief.pdf"]
    finally:
        subprocess.run(["umount", str(mount)], check=False)
