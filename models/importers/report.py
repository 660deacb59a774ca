"""The report every import ends with."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class FileReport:
    """What one file's import did."""

    file_name: str
    format: str
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)     # imported, but something the file should have is missing

    def summary(self) -> str:
        text = (f"{self.file_name} ({self.format}): {self.added} added, {self.updated} updated, "
                f"{self.unchanged} unchanged, {len(self.rejected)} rejected")
        lines = [text] + [f"  warning: {w}" for w in self.warnings] + [f"  note: {n}" for n in self.notes] + [f"  rejected: {r}" for r in self.rejected]
        return "\n".join(lines)


@dataclass
class ImportReport:
    files: list[FileReport] = field(default_factory=list)

    @property
    def added(self) -> int:
        return sum(f.added for f in self.files)

    @property
    def updated(self) -> int:
        return sum(f.updated for f in self.files)

    @property
    def changed(self) -> bool:
        return any(f.added or f.updated for f in self.files)

    def summary(self) -> str:
        return "\n".join(f.summary() for f in self.files)
