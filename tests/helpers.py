"""Helpers shared by the tests (no Qt import here: tests/models runs without a display)."""
from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TypeVar

from models.store import Store

EVIL = "<b>Evil & Co</b><script>alert(1)</script>"
W = TypeVar("W")


def fingerprint(store: Store, skip: tuple[str, ...] = ()) -> str:
    """A digest of every row of every table (but the tables in `skip`): equal digests mean the database
    did not change (either engine: models.db_copy's per-table checksums)."""
    from models.db_copy import checksums, table_names

    digest = hashlib.sha256()
    tables = [t for t in table_names(store) if t not in skip and not t.startswith(("search_fts", "sqlite_"))]
    for table, total in checksums(store, tables).items():
        digest.update(f"{table}: {total}\n".encode())
    return digest.hexdigest()


def add_evil_records(store: Store) -> None:
    """A designation and a statement in 2022 whose names (and source file) carry markup: EVIL."""
    with store.transaction() as conn:
        file_id = store.record_file(dataset="statements", fmt="test", path=Path("evil.csv"), sha256="0" * 64,
                                    publisher="<i>Test</i> & publisher", title="Evil <b>file</b>",
                                    url="https://example.org/?a=1&b=<2>", snapshot_date="2022-06-02",
                                    snapshot_date_basis="test", record_count=2)
        conn.execute("INSERT INTO designations (authority, list_name, source_id, name, type, programs, listed_on,"
                     " first_seen, dprk, file_id) VALUES ('UN 1718 Committee', 'UN Consolidated', 'EVIL1', ?,"
                     " 'entity', '<u>DPRK</u>', '2022-06-01', '2022-06-01', 1, ?)", (EVIL, file_id))
        conn.execute("INSERT INTO statements (statement_id, kind, date, title, positions_known, file_id)"
                     " VALUES ('JS2022-99', 'joint_statement', '2022-06-01', ?, 0, ?)", (EVIL, file_id))
        from models import designation_dates

        designation_dates.refresh(conn)           # what every import does after writing designations


def shown(qtbot, widget: W, width: int, height: int) -> W:
    """`widget` handed to qtbot (closed after the test), resized, shown and exposed on screen."""
    qtbot.addWidget(widget)
    widget.resize(width, height)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def settled(window, qtbot) -> None:
    """Wait for the dashboard's own start-up writes (the sanctions pane's job indexes names and writes tag
    suggestions): a fingerprint taken before they end would count them as the change under test."""
    pane = window.panes["sanctions"]
    qtbot.waitUntil(lambda: pane.loaded and not pane._jobs, timeout=60000)


def bundled_store_on(request, engine: str, folder):
    """A store holding the bundled dataset for a module-scoped fixture: an SQLite file in `folder`, or
    (engine "postgres") a database on the tests' throw-away server (skipped or failed as pg_cluster says)."""
    from models.bundle import seed_store
    from models.store import Store, open_store

    if engine == "postgres":
        return open_store(request.getfixturevalue("pg_cluster").bundled_database())
    store = Store(folder / "bundled.sqlite3")
    seed_store(store)
    return store
