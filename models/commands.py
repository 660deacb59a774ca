"""The command-line subcommands that need no Qt: import, table, changes, export-curation, audit."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Callable

from models.errors import DataImportError, ImportCancelled
from models.store import Store, open_store as open_database


def open_store(db: Path | str, seed: bool = True, waiting: Callable[[float], None] | None = None,
               lock_wait: float | None = None) -> Store:
    """Open (creating if needed) the database; an empty one is seeded from the bundled dataset."""
    store = open_database(db, waiting, lock_wait)
    if seed and store.is_empty():
        from models.bundle import seed_store

        seed_store(store)
    return store


def cmd_import(store: Store, files: list[str], as_of: str | None) -> int:
    from models.importers import ImportOptions, import_files

    if as_of is not None:
        from datetime import date

        try:
            as_of = date.fromisoformat(as_of).isoformat()
        except ValueError:
            print(f"error: --as-of {as_of!r} is not a date (YYYY-MM-DD)", file=sys.stderr)
            return 2
    try:
        report = import_files(store, files, ImportOptions(as_of=as_of))
    except (DataImportError, ImportCancelled) as exc:
        print(f"error: {exc}\nNothing was imported; the database is unchanged.", file=sys.stderr)
        return 1
    print(report.summary())
    return 0


def cmd_table(store: Store, name: str, out: str) -> int:
    from models.safe_text import write_csv
    from models.tables import build_table, table_names

    if name not in table_names():
        print(f"error: unknown table {name!r}; choose one of: {', '.join(table_names())}", file=sys.stderr)
        return 2
    frame = build_table(store, name)
    write_csv(frame, Path(out))           # WriteError reaches main's one-line error handler
    print(f"wrote {len(frame)} rows of {name} to {out}")
    return 0


def cmd_changes(store: Store, list_name: str, date_from: str, date_to: str, csv_out: str | None) -> int:
    from models.changes import run_changes

    try:
        print(run_changes(store, list_name, date_from, date_to, csv_out))
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


def cmd_export_curation(store: Store, folder: str) -> int:
    from models.curation import export_curation

    counts = export_curation(store, folder)
    print(f"wrote the analysts' facts to {folder}: " + ", ".join(f"{n} {k}" for k, n in counts.items()))
    return 0


def cmd_audit(store: Store, out: str) -> int:
    from models.curation import export_audit_csv

    print(f"wrote {export_audit_csv(store, out)} audit entries to {out}")
    return 0
