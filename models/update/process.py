"""The child process that runs an update started from the dashboard.

`python -m models.update.process --db DB [--config FILE] [--source NAME ...] [--dry-run]` writes one JSON
object per line on stdout: {"progress": [done, total, text]} while it works, then exactly one of
{"update": report} or {"error": message}. A line "cancel" on stdin cancels (the same protocol as
models/import_process.py): the update unwinds at its next progress step and its transaction rolls back.
In its own process, a big list import never competes with the GUI thread for the interpreter.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from models.child_protocol import child_progress, emit, report_waiting
from models.engines import db_target
from models.store import open_store, shrink_wal


def main(argv: list[str] | None = None) -> int:
    from models.update.report import report_to_json
    from models.update.settings import SettingsError, load_settings
    from models.update.updater import UpdateBusy, run_update

    parser = argparse.ArgumentParser(prog="python -m models.update.process")
    parser.add_argument("--db", type=db_target, required=True)
    parser.add_argument("--config", type=Path)
    parser.add_argument("--source", dest="sources", action="append")
    parser.add_argument("--dry-run", action="store_true")
    args = parser.parse_args(argv)
    progress = child_progress()
    try:
        with open_store(args.db, report_waiting) as store:
            report = run_update(store, load_settings(args.config), args.sources, args.dry_run, progress)
            if report.changed:
                shrink_wal(store.conn)
    except (SettingsError, UpdateBusy) as exc:
        emit({"error": str(exc)})
        return 1
    except Exception as exc:  # anything else still reaches the user, never a silent exit
        emit({"error": f"{type(exc).__name__}: {exc}"})
        return 1
    emit({"update": report_to_json(report)})
    return 0


if __name__ == "__main__":
    sys.exit(main())
