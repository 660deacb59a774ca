"""Issue 16 in the dashboard: it asks for the snapshot date of a list file that carries none, notices data
written by another program, and its CSV exports neutralise formulas and fail cleanly on a full disk."""
from __future__ import annotations

import errno

from PySide6.QtCore import QDate, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from models import safe_write
from models.importers import import_files
from synthetic import write_sdn
from ui.snapshot_date import SnapshotDateDialog


def _answer_date_dialog(day: QDate | None, seen: list) -> None:
    """When the date dialog is up: set the date and press its OK button (or Cancel when day is None)."""
    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, SnapshotDateDialog):
            QTimer.singleShot(50, answer)
            return
        seen.append(dialog)
        buttons = dialog.findChild(QDialogButtonBox)
        if day is None:
            buttons.button(QDialogButtonBox.StandardButton.Cancel).click()
        else:
            dialog.date.setDate(day)
            buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    QTimer.singleShot(50, answer)


def test_import_of_an_undated_list_asks_for_the_date(window, qtbot, tmp_path):
    plain = write_sdn(tmp_path / "downloads" / "sdn.csv", 20, first=990001)
    seen: list = []
    _answer_date_dialog(QDate(2023, 3, 1), seen)
    with qtbot.waitSignal(window.import_finished, timeout=60000) as done:
        window.start_import([plain])
    assert len(seen) == 1 and not isinstance(done.args[0], Exception)
    assert window.last_message[0] == "Import finished"
    assert "snapshot date 2023-03-01: given by the user" in window.last_message[1]
    assert window.model.store.scalar("SELECT COUNT(*) FROM list_snapshots WHERE snapshot_date = '2023-03-01'") == 1


def test_cancelling_the_date_question_imports_nothing(window, qtbot, tmp_path):
    plain = write_sdn(tmp_path / "downloads" / "sdn.csv", 20, first=990001)
    before = window.model.store.table_counts()
    seen: list = []
    _answer_date_dialog(None, seen)
    with qtbot.waitSignal(window.import_finished, timeout=60000) as done:
        window.start_import([plain])
    assert len(seen) == 1 and isinstance(done.args[0], Exception)
    assert window.last_message[0] == "Import failed" and "--as-of" in window.last_message[1]
    assert window.model.store.table_counts() == before


def test_the_dashboard_notices_an_import_by_another_program(window, qtbot, tmp_path):
    from models.store import Store

    window.db_watch.poll()                               # the first look counts the rows
    with Store(window.model.store.path) as other:        # e.g. `python main.py import ...` meanwhile
        import_files(other, [write_sdn(tmp_path / "sdn_2026-01-01.csv", 30, first=990001)])
    # The QTimer polls PRAGMA data_version (other notifications, e.g. the sanctions pane's suggestions,
    # may come first: wait for the watcher's own message).
    qtbot.waitUntil(lambda: window.statusBar().currentMessage().startswith(
        "The database was changed by another program; reloaded"), timeout=10000)
    message = window.statusBar().currentMessage()
    assert "+30 designations" in message
    assert window.db_watch.poll() is False               # seen: no second reload


def test_the_dashboards_own_worker_commits_do_not_reload_it(window, qtbot):
    """A commit on another connection that changes nothing the panes show (the search index, as the
    sanctions pane's worker writes it) is no reason to reload every pane."""
    from models.store import Store

    window.db_watch.poll()
    reloads: list = []
    window.model.changed.connect(lambda *args: reloads.append(args))
    with Store(window.model.store.path) as worker:
        with worker.transaction() as conn:
            conn.execute("INSERT OR IGNORE INTO search_dirty SELECT designation_id FROM designations LIMIT 3")
    assert window.db_watch.poll() is False
    assert reloads == []


def test_export_table_on_a_full_disk_says_so_and_keeps_the_old_file(window, tmp_path, monkeypatch):
    out = tmp_path / "launches.csv"
    out.write_text("old\n")

    def full(*_args):
        raise OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr(safe_write.os, "fsync", full)
    window.export_table("launches", out)
    title, text = window.last_message
    assert title == "Export failed" and "disk is full" in text and str(out) in text
    assert out.read_text() == "old\n"


def test_sanctions_log_csv_export_neutralises_formulas(window, qtbot, tmp_path):
    import pandas as pd

    store = window.model.store
    with store.transaction() as conn:
        conn.execute("UPDATE designations SET name = '=HYPERLINK(\"http://x\",\"y\")' WHERE designation_id ="
                     " (SELECT MIN(designation_id) FROM designations WHERE dprk = 1)")
    pane = window.panes["sanctions"]
    pane.loaded = False
    window.model.reload()
    qtbot.waitUntil(lambda: pane.loaded and not pane._jobs, timeout=20000)
    out = tmp_path / "log.csv"
    pane.export_csv(out)
    names = list(pd.read_csv(out, keep_default_na=False)["Name"])
    assert '\'=HYPERLINK("http://x","y")' in names and not any(n.startswith("=") for n in names)


def test_snapshot_date_dialog_gives_iso_dates(qtbot):
    dialog = SnapshotDateDialog("sdn.csv", "no date")
    qtbot.addWidget(dialog)
    dialog.date.setDate(QDate(2021, 7, 7))
    assert dialog.chosen() == "2021-07-07"
