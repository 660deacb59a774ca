"""The source of a quick revenue-stream edit in the sanctions pane (tick, untick, Confirm).

models.revenue suggests streams by reading the designation's own list entry (name, title, remarks,
programmes, IMO number, the entries it is linked to). Confirming or rejecting such a suggestion is the
analyst's reading of that same entry, so the edit's source is the list entry: the publisher and web page of
the newest list file that holds it, accessed on that file's snapshot date, quoting the rules' reasons. A
stream no rule read from the entry (or "other" because no rule matched) rests on something else: the edit
gets no source here and the form must ask the analyst for one.
"""
from __future__ import annotations

from models.curation.facts import read_fact
from models.curation.inputs import DesignationEdit, SourceInput
from models.store import Store

ANALYST_REASONS = ("analyst:", "set by the user")
NO_RULE = "no rule matched"


def rule_streams(store: Store, designation_id: int) -> dict[str, str]:
    """stream -> the rule's reason, for the streams models.revenue read from the entry (before any analyst's word)."""
    fact = read_fact(store.conn, "designation", str(designation_id))
    if fact is not None and fact.imported is not None:
        rows = [(s, v[1]) for s, v in (fact.imported.get("revenue") or {}).items()]
    else:
        rows = [tuple(r) for r in store.rows("SELECT stream, reason FROM revenue_tags WHERE designation_id = ?",
                                             (designation_id,))]
    return {s: r for s, r in rows if r and r != NO_RULE and not r.startswith(ANALYST_REASONS)}


def entry_source(store: Store, designation_id: int, quote: str = "") -> SourceInput | None:
    """The designation's list entry as a public source (the newest list file holding it with a web address)."""
    rows = store.rows(
        "SELECT d.list_name, d.source_id, d.name, f.publisher, f.url,"
        " COALESCE(n.snapshot_date, f.snapshot_date, substr(f.imported_at, 1, 10)) AS seen"
        " FROM designations d JOIN designation_snapshots s ON s.designation_id = d.designation_id"
        " JOIN list_snapshots n ON n.snapshot_id = s.snapshot_id JOIN source_files f ON f.file_id = n.file_id"
        " WHERE d.designation_id = ? AND f.url LIKE 'http%' ORDER BY seen DESC, f.file_id DESC LIMIT 1",
        (designation_id,))
    if not rows:
        return None
    list_name, source_id, name, publisher, url, seen = rows[0]
    entry = f"{list_name} entry {source_id} ({name})"
    return SourceInput(publisher or list_name, url, seen, f"{entry}: {quote}" if quote else entry)


def current_streams(store: Store, designation_id: int) -> list[str]:
    """The streams the pane shows ticked: confirmed or suggested, not rejected."""
    return sorted(r[0] for r in store.rows("SELECT stream FROM revenue_tags WHERE designation_id = ?"
                                           " AND status != 'rejected'", (designation_id,)))


def tag_edit(store: Store, designation_id: int, streams: list[str]) -> DesignationEdit:
    """The edit that confirms `streams` (every other tag rejected). Its source is the list entry when the
    rules' suggestions account for every stream whose state changes; otherwise it has no source (the
    analyst must give one: EditDesignation refuses an edit without)."""
    chosen = sorted(set(streams))
    rules = rule_streams(store, designation_id)
    status = {r[0]: r[1] for r in store.rows("SELECT stream, status FROM revenue_tags WHERE designation_id = ?",
                                             (designation_id,))}
    changed = [s for s in set(status) | set(chosen)
               if (status.get(s) == "confirmed") != (s in chosen) or status.get(s) == "suggested"]
    sources: list[SourceInput] = []
    if all(s in rules for s in changed):
        reasons = "; ".join(f"{s} ({'confirmed' if s in chosen else 'rejected'}): rule read {rules[s]}"
                            for s in sorted(changed))
        source = entry_source(store, designation_id, reasons)
        sources = [source] if source is not None else []
    return DesignationEdit(designation_id=designation_id, revenue_streams=chosen, sources=sources)
