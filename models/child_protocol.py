"""The protocol between the dashboard and a child process that writes to the database (an import, an update).

The child writes one JSON object per line on stdout ({"progress": [done, total, text]} while it works, then
its result) and reads stdin: a line "cancel" cancels, so the work unwinds at its next progress step and its
transaction rolls back. In its own process, a big job never competes with the GUI thread for the interpreter.
"""
from __future__ import annotations

import json
import sys
import threading

from models.progress import Progress


def emit(message: dict) -> None:
    """One message to the dashboard, as a line of JSON."""
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def _watch_stdin(progress: Progress) -> None:
    for line in sys.stdin:
        if line.strip() == "cancel":
            progress.cancel()
            return


def child_progress() -> Progress:
    """A Progress that reports each step to the dashboard and is cancelled by a "cancel" line on stdin."""
    progress = Progress(lambda done, total, text: emit({"progress": [done, total, text]}))
    threading.Thread(target=_watch_stdin, args=(progress,), daemon=True).start()
    return progress


def report_waiting(seconds: float) -> None:
    """What the child says while another program holds the database's write lock."""
    emit({"progress": [0, 0, f"Waiting for another program to finish writing to the database ({seconds:.0f} s)…"]})
