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


class ImportCancelled(Exception):
    """The user cancelled an import; the transaction was rolled back."""
