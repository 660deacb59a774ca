"""Modules that may be absent from a build (the ledger, the network, extra table builders)."""
from __future__ import annotations

import importlib
from types import ModuleType


def optional_module(name: str) -> ModuleType | None:
    """The module `name`, or None when that module itself is missing.

    A module that exists but fails to import one of its own dependencies still raises.
    """
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name == name:
            return None
        raise
