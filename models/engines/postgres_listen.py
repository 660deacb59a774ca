"""Hearing about commits to a shared PostgreSQL database as they happen (LISTEN/NOTIFY).

Every committed write sends `NOTIFY dprk_brief_changes, '<database user>'` (models.engines.postgres).
A `ChangeListener` holds a connection of its own that listens on that channel; its `fileno()` becomes
readable when a notification arrives (a GUI watches it with a socket notifier), and `drain()` returns who
changed the data since the last call, without waiting.
"""
from __future__ import annotations

import psycopg

from models.engines.postgres import CHANNEL


class ChangeListener:
    def __init__(self, conninfo: str):
        self.conn = psycopg.connect(conninfo, autocommit=True, application_name="dprk-pressure-brief listener")
        self.conn.execute(f"LISTEN {CHANNEL}")
        self.own_pid = None         # the backend of the dashboard's own store: its commits are not news

    def fileno(self) -> int:
        return self.conn.pgconn.socket

    def drain(self) -> list[tuple[str, int]]:
        """(database user, server process id) of each notification received so far; never blocks."""
        pgconn = self.conn.pgconn
        pgconn.consume_input()
        found = []
        while (n := pgconn.notifies()) is not None:
            if n.relname.decode() == CHANNEL:
                found.append((n.extra.decode(), n.be_pid))
        return found

    def close(self) -> None:
        self.conn.close()
