"""What an update did, source by source, and what changed on each list since its previous snapshot."""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from models.changes import ChangeSet, EntryChange
from models.importers.report import ImportReport

OTHERS_SHOWN = 20          # non-DPRK entries listed per kind before "... and N more"

# An outcome's status: what the user reads first.
UPDATED, NO_CHANGE, KEPT, VERIFIED, FAILED, CANCELLED = (
    "updated", "no change", "downloaded", "checked (dry run)", "failed", "cancelled")


@dataclass
class SourceOutcome:
    source: str
    title: str
    status: str
    message: str
    files: list[str] = field(default_factory=list)          # one line per file: what the transfer did
    snapshots: list[str] = field(default_factory=list)      # "OFAC SDN: snapshot of 2026-12-03 (basis)"
    import_report: ImportReport | None = None
    changes: list[ChangeSet] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class UpdateReport:
    outcomes: list[SourceOutcome] = field(default_factory=list)
    dry_run: bool = False

    @property
    def failed(self) -> bool:
        return any(o.status in (FAILED, CANCELLED) for o in self.outcomes)

    @property
    def changed(self) -> bool:
        return any(o.status == UPDATED for o in self.outcomes)

    def summary(self) -> str:
        return "\n\n".join(render_outcome(o) for o in self.outcomes) or "no sources selected"


def render_outcome(o: SourceOutcome) -> str:
    lines = [f"{o.source} ({o.title}): {o.status.upper()}: {o.message}"]
    lines += [f"  {line}" for line in o.files]
    lines += [f"  {line}" for line in o.snapshots]
    if o.import_report is not None:
        for f in o.import_report.files:
            lines.append(f"  import {f.file_name} ({f.format}): {f.added} added, {f.updated} updated, "
                         f"{f.unchanged} unchanged, {len(f.rejected)} rejected")
    lines += [f"  note: {n}" for n in o.notes]
    for changes in o.changes:
        lines += ["", *(("  " + line).rstrip() for line in render_changes_dprk_first(changes).splitlines())]
    return "\n".join(lines)


def render_changes_dprk_first(changes: ChangeSet, others_shown: int = OTHERS_SHOWN) -> str:
    """The counts, then every DPRK-related change, then the first few others (the rest via `changes`)."""
    groups = (("added", changes.added), ("removed", changes.removed), ("amended", changes.amended))
    lines = [f"What changed on {changes.list_name} since the previous snapshot "
             f"({changes.from_date} -> {changes.to_date}):"]
    for kind, group in groups:
        lines.append(f"  {kind + ':':9s}{len(group):6d}  ({sum(c.dprk for c in group)} DPRK-related)")
    if changes.not_compared:
        lines.append(f"  not compared: {', '.join(changes.not_compared)} (not covered by both snapshots)")
    lines += [f"  note: {note}" for note in changes.notes]
    dprk = [(kind, c) for kind, group in groups for c in group if c.dprk]
    others = [(kind, c) for kind, group in groups for c in group if not c.dprk]
    if dprk:
        lines += ["", "  DPRK-related:"] + [_line(kind, c) for kind, c in dprk]
    if others:
        lines += ["", "  Other entries:"] + [_line(kind, c) for kind, c in others[:others_shown]]
        if len(others) > others_shown:
            lines.append(f"    ... and {len(others) - others_shown} more: python main.py changes --list "
                         f"\"{changes.list_name}\" --from {changes.from_date} --to {changes.to_date}")
    if not dprk and not others:
        lines.append("  no entry was added, removed or amended")
    return "\n".join(lines)


def _line(kind: str, c: EntryChange) -> str:
    what = f" [{', '.join(c.fields)}]" if c.fields else ""
    return f"    {kind:8s} {c.source_id:>9}  {c.name}  ({c.type}; {c.programs or '-'}){what}"


def report_to_json(report: UpdateReport) -> dict:
    return dataclasses.asdict(report)


def report_from_json(data: dict) -> UpdateReport:
    """The report a child process sent (models/update/process.py), as objects again."""
    from models.importers.report import FileReport

    outcomes = []
    for o in data["outcomes"]:
        o = dict(o)
        if o.get("import_report") is not None:
            o["import_report"] = ImportReport([FileReport(**f) for f in o["import_report"]["files"]])
        o["changes"] = [ChangeSet(**{**c, **{k: [EntryChange(**e) for e in c[k]]
                                              for k in ("added", "removed", "amended")}}) for c in o["changes"]]
        outcomes.append(SourceOutcome(**o))
    return UpdateReport(outcomes, data.get("dry_run", False))
