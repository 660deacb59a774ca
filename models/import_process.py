"""The child process that runs an import started from the dashboard.

The GUI starts `python -m models.import_process --db DB [--as-of DATE] FILE...` and reads one JSON
object per line on stdout: {"progress": [done, total, text]} while it works, then exactly one of
{"report": {...}}, {"cancelled": message} or {"error": message} (with "needs_date": true when a list file
carries no snapshot date: the dashboard then asks for one). A line "cancel" on stdin cancels:
the import unwinds at its next progress step and its transaction rolls back. Running in its own
process, the import never competes with the GUI thread for the interpreter.
"""
from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path

from models.child_protocol import child_progress, emit, report_waiting
from models.errors import DataImportError, ImportCancelled, SnapshotDateNeeded, StoreError
from models.importers import ImportOptions, import_files
from models.importers.report import FileReport, ImportReport
from models.engines import db_target
from models.store import open_store, shrink_wal


def report_from_json(data: dict) -> ImportReport:
    return ImportReport([FileReport(**f) for f in data["files"]])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m models.import_process")
    parser.add_argument("--db", type=db_target, required=True)
    parser.add_argument("--as-of")
    parser.add_argument("files", nargs="+", type=Path)
    args = parser.parse_args(argv)
    progress = child_progress()
    try:
        with open_store(args.db, report_waiting) as store:
            report = import_files(store, args.files, ImportOptions(as_of=args.as_of), progress)
            shrink_wal(store.conn)              # the panes read the new data faster from the database file
    except ImportCancelled as exc:
        emit({"cancelled": str(exc)})
        return 1
    except SnapshotDateNeeded as exc:                 # the dashboard asks the user for the date, then retries
        emit({"error": str(exc), "needs_date": True, "file": str(exc.path), "problem": exc.problem})
        return 1
    except (DataImportError, StoreError) as exc:
        emit({"error": str(exc)})
        return 1
    except Exception as exc:  # anything else still reaches the user, never a silent exit
        emit({"error": f"{type(exc).__name__}: {exc}"})
        return 1
    emit({"report": dataclasses.asdict(report)})
    return 0


if __name__ == "__main__":
    sys.exit(main())
