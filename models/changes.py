"""What changed on a sanctions list between two dates: added, removed and amended entries.

Compares the stored snapshots nearest the two dates (by number of days; a tie goes to the earlier
snapshot). Amended means the entry's source content differs; the changed fields are named. Only the
parts both snapshots cover are compared (an OFAC sdn.csv imported without add.csv has no addresses to
compare); the others are named in `not_compared`.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from models.importers.sanctions_db import snapshot_uncovered
from models.importers.sanctions_entry import PARTS
from models.safe_text import show_bidi
from models.store import Store

if TYPE_CHECKING:
    import pandas as pd


@dataclass
class EntryChange:
    source_id: str
    name: str
    type: str
    programs: str
    dprk: bool
    fields: list[str] = field(default_factory=list)     # for amended entries: the fields that changed


@dataclass
class ChangeSet:
    list_name: str
    from_date: str                      # the snapshot dates actually compared
    to_date: str
    added: list[EntryChange] = field(default_factory=list)
    removed: list[EntryChange] = field(default_factory=list)
    amended: list[EntryChange] = field(default_factory=list)
    not_compared: list[str] = field(default_factory=list)    # PARTS not covered by both snapshots
    notes: list[str] = field(default_factory=list)            # which snapshot lacks what, and its effect

    @property
    def dprk_counts(self) -> tuple[int, int, int]:
        return tuple(sum(c.dprk for c in group) for group in (self.added, self.removed, self.amended))


def list_changes(store: Store, list_name: str, from_date: str, to_date: str) -> ChangeSet:
    """Compare the snapshots of `list_name` nearest `from_date` and `to_date` (YYYY-MM-DD)."""
    snapshots = store.rows("SELECT snapshot_id, snapshot_date FROM list_snapshots WHERE list_name = ?"
                           " ORDER BY snapshot_date", (list_name,))
    if not snapshots:
        known = [r[0] for r in store.rows("SELECT DISTINCT list_name FROM list_snapshots ORDER BY 1")]
        raise ValueError(f"no snapshots of the list {list_name!r}; "
                         f"known lists: {', '.join(known) if known else 'none (import a list first)'}")
    old, new = _nearest(snapshots, from_date), _nearest(snapshots, to_date)
    changes = ChangeSet(list_name, old[1], new[1])
    uncovered = snapshot_uncovered(store.conn, list_name)
    skipped = set(uncovered.get(old[0], ())) | set(uncovered.get(new[0], ()))
    changes.not_compared = [p for p in PARTS if p in skipped]
    for snapshot_id, day in (old, new):
        lacking = [p for p in PARTS if p in uncovered.get(snapshot_id, ())]
        if lacking and old[0] != new[0]:
            changes.notes.append(f"the {day} snapshot does not cover {', '.join(lacking)} (imported without "
                                 "the files that hold them), so they were not compared")
    before, after = _contents(store, old[0]), _contents(store, new[0])
    for sid in sorted(after.keys() - before.keys(), key=_sort_key):
        changes.added.append(_change(sid, after[sid]))
    for sid in sorted(before.keys() - after.keys(), key=_sort_key):
        changes.removed.append(_change(sid, before[sid]))
    continued = 0
    for sid in sorted(before.keys() & after.keys(), key=_sort_key):
        if before[sid][0] != after[sid][0]:
            a, b = json.loads(before[sid][1]), json.loads(after[sid][1])
            fields, partial = _differences(a, b, skipped)
            continued += partial
            if fields:
                changes.amended.append(_change(sid, after[sid], fields))
    if continued:
        changes.notes.append(f"{continued} entries have remarks continued in sdn_comments.csv in only one of "
                             "the snapshots: their remarks were compared without the continuation, and the "
                             "identifiers, links and nationality read from remarks were not compared")
    return changes


REMARK_DERIVED = ("identifiers", "links", "nationality")


def changed_fields(a: dict, b: dict) -> list[str]:
    """The fields that differ between two stored contents of one entry, comparing only the parts both
    snapshots cover (for any per-entry history: an entry is not "amended" by a missing add.csv)."""
    skipped = set(a.get("uncovered") or ()) | set(b.get("uncovered") or ())
    return _differences(a, b, skipped)[0]


def _differences(a: dict, b: dict, skipped: set[str]) -> tuple[list[str], bool]:
    """The content fields that differ, leaving out the parts in `skipped`; and whether a continuation was."""
    a, b = dict(a), dict(b)
    partial = False
    for c in (a, b):
        c.pop("uncovered", None)
    for part in ("aliases", "addresses"):
        if part in skipped:
            a.pop(part, None), b.pop(part, None)
    if "comments" in skipped:
        if a.get("comments") or b.get("comments"):
            partial = True
            a["remarks"], b["remarks"] = _primary_remarks(a), _primary_remarks(b)
            for name in REMARK_DERIVED:
                a.pop(name, None), b.pop(name, None)
        a.pop("comments", None), b.pop("comments", None)
    else:
        a.pop("comments", None), b.pop("comments", None)      # part of remarks, which is compared
    return sorted(k for k in a.keys() | b.keys() if a.get(k) != b.get(k)), partial


def _primary_remarks(c: dict) -> str | None:
    """The remarks as the primary file gives them, without the sdn_comments.csv continuation."""
    remarks, continuation = c.get("remarks"), c.get("comments")
    if continuation and remarks and remarks.endswith(continuation):
        remarks = remarks[: len(remarks) - len(continuation)]
    return remarks or None


def _nearest(snapshots: list, day: str) -> tuple[int, str]:
    target = _parse(day)
    best = min(snapshots, key=lambda r: (abs((date.fromisoformat(r[1]) - target).days), r[1]))
    return best[0], best[1]


def _parse(day: str) -> date:
    try:
        return date.fromisoformat(day)
    except (TypeError, ValueError):
        raise ValueError(f"{day!r} is not a date in the form YYYY-MM-DD") from None


def _contents(store: Store, snapshot_id: int) -> dict[str, tuple]:
    return {r[0]: (r[1], r[2], r[3]) for r in store.rows(
        "SELECT d.source_id, s.content_hash, s.content, s.dprk FROM designation_snapshots s"
        " JOIN designations d USING (designation_id) WHERE s.snapshot_id = ?", (snapshot_id,))}


def _sort_key(source_id: str) -> tuple:
    return (0, int(source_id), "") if source_id.isdigit() else (1, 0, source_id)


def _change(source_id: str, stored: tuple, fields: list[str] | None = None) -> EntryChange:
    c = json.loads(stored[1])
    return EntryChange(source_id, c["name"], c["type"], "; ".join(c.get("programs") or []), bool(stored[2]),
                       fields or [])


def changes_frame(changes: ChangeSet) -> "pd.DataFrame":
    """One row per changed entry, for CSV export."""
    import pandas as pd

    skipped = "; ".join(changes.not_compared)
    rows = [(kind, changes.list_name, changes.from_date, changes.to_date, c.source_id, c.name, c.type,
             c.programs, "yes" if c.dprk else "no", "; ".join(c.fields), skipped)
            for kind, group in (("added", changes.added), ("removed", changes.removed),
                                ("amended", changes.amended)) for c in group]
    return pd.DataFrame(rows, columns=["change", "list", "from_snapshot", "to_snapshot", "source_id", "name",
                                       "type", "programs", "dprk", "fields_changed", "not_compared"])


def render_changes(changes: ChangeSet) -> str:
    """Plain text for the CLI: the counts first, then the entries."""
    added, removed, amended = changes.dprk_counts
    lines = [f"{changes.list_name}: changes from the {changes.from_date} snapshot to the {changes.to_date} snapshot",
             f"  added:   {len(changes.added):6d}  ({added} DPRK-related)",
             f"  removed: {len(changes.removed):6d}  ({removed} DPRK-related)",
             f"  amended: {len(changes.amended):6d}  ({amended} DPRK-related)"]
    if changes.from_date == changes.to_date:
        lines.append("  (both dates are nearest the same snapshot, so nothing can differ)")
    if changes.not_compared:
        lines.append(f"  not compared: {', '.join(changes.not_compared)} (not covered by both snapshots)")
    lines += [f"  note: {note}" for note in changes.notes]
    for kind, group in (("Added", changes.added), ("Removed", changes.removed), ("Amended", changes.amended)):
        if group:
            lines += ["", f"{kind}:"]
            for c in group:
                what = f" [{', '.join(c.fields)}]" if c.fields else ""
                flag = " (DPRK)" if c.dprk else ""
                lines.append(f"  {c.source_id:>8}  {show_bidi(c.name)}  ({c.type}; {c.programs or '-'}){flag}{what}")
    return "\n".join(lines)


def run_changes(store: Store, list_name: str, from_date: str, to_date: str,
                csv_path: str | Path | None = None) -> str:
    """The `changes` CLI command: the text to print; writes the CSV too when `csv_path` is given."""
    _parse(from_date), _parse(to_date)
    changes = list_changes(store, list_name, from_date, to_date)
    text = render_changes(changes)
    if csv_path is not None:
        from models.safe_text import write_csv

        write_csv(changes_frame(changes), csv_path)
        text += f"\n\nWrote {len(changes.added) + len(changes.removed) + len(changes.amended)} rows to {csv_path}"
    return text
