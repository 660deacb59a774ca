"""Errors the data layer raises for bad input, each naming the file, the record and the problem."""
from __future__ import annotations

from pathlib import Path


class DataImportError(Exception):
    """Bad input: says which file, which line or record, and what is wrong with it."""

    def __init__(self, path: str | Path, problem: str, line: int | None = None, record: str | None = None):
        self.path = Path(path)
        self.problem = problem
        self.line = line
        self.record = record
        where = self.path.name
        if line is not None:
            where += f", line {line}"
        if record:
            where += f", record {record}"
        super().__init__(f"{where}: {problem}")


class SnapshotDateNeeded(DataImportError):
    """A list file carries no date (content, name, folder) and none was given: the user must say it."""


class ImportCancelled(Exception):
    """The user cancelled an import; the transaction was rolled back."""


class StoreError(Exception):
    """The database cannot be used as asked: says which file and why (the file is left as it was)."""

    def __init__(self, path: str | Path | None, problem: str):
        self.path = path
        self.problem = problem
        super().__init__(f"{path}: {problem}" if path is not None else problem)


class SchemaTooNew(StoreError, RuntimeError):
    """The database was written by a newer version of the program."""


class ForeignDatabase(StoreError):
    """An SQLite file of another program: refused, never converted."""


class StoreBusy(StoreError):
    """Another program held the write lock for longer than we wait."""
