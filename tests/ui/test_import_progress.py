"""A long sanctions import through the main window: the progress bar moves, Cancel rolls everything back."""
from __future__ import annotations

import re
import time

from PySide6.QtWidgets import QPushButton

from conftest import shared_file
from helpers import fingerprint, settled

FILES = ["ofac/2024-05-03/sdn.csv", "ofac/2025-12-24/add.csv", "ofac/2025-12-24/alt.csv",
         "ofac/2025-12-24/sdn_comments.csv"]


def test_progress_advances_and_cancel_rolls_back(window, qtbot):
    files = [shared_file(f) for f in FILES]
    settled(window, qtbot)
    before = fingerprint(window.model.store)
    window.start_import(files)
    dialog, seen = window.progress_dialog, []
    window._job.progressed.connect(lambda done, total, text: seen.append((dialog.value(), dialog.maximum(), text)))
    # the bar moves within a phase (reading sdn.csv, add.csv, ... writing), with a text saying how far

    def moved() -> bool:
        phases: dict[str, set[int]] = {}
        for value, _maximum, text in seen:
            phases.setdefault(text.split(":")[0], set()).add(value)
        return any(len(values) >= 2 and max(values) > 0 for values in phases.values())

    qtbot.waitUntil(moved, timeout=30000)
    assert all(0 <= v <= m for v, m, _t in seen)
    assert any(re.fullmatch(r"(Reading|Writing|Preparing|Resolving|Finding) .+: [\d,]+ of [\d,]+", t)
               for _v, _m, t in seen), [t for _v, _m, t in seen]
    with qtbot.waitSignal(window.import_finished, timeout=30000) as done:
        started = time.monotonic()
        dialog.findChild(QPushButton).click()                   # the dialog's Cancel button
    assert time.monotonic() - started < 2.0, "Cancel took too long to take effect"
    assert "cancelled" in str(done.args[0])
    assert window.last_message[0] == "Import failed"
    assert fingerprint(window.model.store) == before


def test_cancel_while_writing_rolls_back(window, qtbot):
    files = [shared_file(f) for f in FILES]
    settled(window, qtbot)
    before = fingerprint(window.model.store)
    window.start_import(files)
    texts: list[str] = []
    window._job.progressed.connect(lambda done, total, text: texts.append(text))
    qtbot.waitUntil(lambda: any(t.startswith("Writing") for t in texts), timeout=60000)
    with qtbot.waitSignal(window.import_finished, timeout=30000) as done:
        window.progress_dialog.findChild(QPushButton).click()
    assert "cancelled" in str(done.args[0])
    assert fingerprint(window.model.store) == before
