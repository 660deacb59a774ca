"""Two analysts on one database (team mode): while I have a launch's form open, a colleague saves a change to
it. My Save is refused with both versions shown; Keep theirs saves nothing of mine, Keep mine saves mine."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QTimer, Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

from curation_steps import JCS_URL, LAUNCH, choose, fill_source, launch_site, on_launch, settle, type_into
from models.curation import EditLaunch, SourceInput, launch_input_for
from models.search import side_store


@pytest.fixture
def win(window, qtbot):
    return on_launch(window, qtbot)


def _colleague_saves(store, site: str) -> None:
    colleague = side_store(store)
    inp = launch_input_for(colleague, LAUNCH)
    inp.site, inp.sources = site, [SourceInput("KCNA", "https://kcnawatch.org/", "2026-12-01")]
    EditLaunch(LAUNCH, inp, user="colleague").apply(colleague)
    if colleague is not store:
        colleague.close()


def _save_answering(qtbot, dialog, button: str) -> list[str]:
    """Press Save; when the box asking whose version to keep shows, read it and click `button`."""
    seen: list[str] = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox) or box.objectName() != "editConflictBox":
            QTimer.singleShot(50, answer)
            return
        seen.append(box.text() + "\n" + box.informativeText())
        qtbot.mouseClick(box.findChild(QPushButton, button), Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, answer)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    return seen


def _open_and_type(qtbot, win, site: str):
    dialog = choose(qtbot, win, "Data", f"Edit launch {LAUNCH}")
    type_into(qtbot, dialog.site, site)
    fill_source(qtbot, dialog.sources, "ROK Joint Chiefs of Staff", JCS_URL, "fired from Jeongju")
    settle(qtbot, dialog)
    assert dialog.save_button.isEnabled(), dialog.problems()
    return dialog


def test_keep_theirs_saves_nothing_of_mine_and_shows_both_versions(qtbot, win):
    dialog = _open_and_type(qtbot, win, "Jeongju (per me)")
    _colleague_saves(win.model.store, "Sunan (per colleague)")
    seen = _save_answering(qtbot, dialog, "keepTheirs")
    assert len(seen) == 1 and "changed by colleague" in seen[0]
    assert "Sunan (per colleague)" in seen[0] and "Jeongju (per me)" in seen[0]
    assert launch_site(win) == "Sunan (per colleague)"
    assert "your edit was not saved" in win.statusBar().currentMessage()


def test_keep_mine_saves_over_theirs_and_undo_gives_theirs_back(qtbot, win):
    dialog = _open_and_type(qtbot, win, "Jeongju (per me)")
    _colleague_saves(win.model.store, "Sunan (per colleague)")
    seen = _save_answering(qtbot, dialog, "keepMine")
    assert len(seen) == 1 and dialog.saved
    assert launch_site(win) == "Jeongju (per me)"
    win.curation.undo.trigger()
    assert launch_site(win) == "Sunan (per colleague)"
