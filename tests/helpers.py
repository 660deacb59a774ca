"""Helpers shared by the tests."""
from __future__ import annotations

import hashlib

from models.store import Store


def fingerprint(store: Store) -> str:
    """A digest of every row of every table: equal digests mean the database did not change."""
    digest = hashlib.sha256()
    for line in store.conn.iterdump():
        digest.update(line.encode())
    return digest.hexdigest()
