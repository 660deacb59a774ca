"""The kinds of data a change of the store touches, so a pane can skip reloading for data it does not show.

A `Changes(data=True)` carries `kinds`: a subset of EVERYTHING. Imports, updates and anything not known
touch EVERYTHING (every pane reloads); a curated edit seen in the audit trail touches the kind of its record
(an edited launch: LAUNCHES), a change of row counts the kinds of those tables, a revenue-tag decision TAGS.
"""
from __future__ import annotations

from typing import Iterable

LAUNCHES = "launches"               # launches, their missiles and the analysts' counts of a launch day
STATEMENTS = "statements"           # statements, Council votes and the countries' positions
DESIGNATIONS = "designations"       # designations and their links
TAGS = "tags"                       # revenue-stream tags of designations
EVERYTHING = frozenset({LAUNCHES, STATEMENTS, DESIGNATIONS, TAGS})

RECORD_KINDS = {"launch": LAUNCHES, "launch_day": LAUNCHES, "statement": STATEMENTS, "vote": STATEMENTS,
                "designation": DESIGNATIONS}        # the `kind` of a curated record (curation_audit.kind)
TABLE_KINDS = {"missiles": LAUNCHES, "launches": LAUNCHES, "statements": STATEMENTS, "positions": STATEMENTS,
               "designations": DESIGNATIONS, "designation_links": DESIGNATIONS}


def _mapped(names: Iterable[str], mapping: dict[str, str]) -> frozenset[str]:
    kinds = set()
    for name in names:
        if name not in mapping:
            return EVERYTHING               # not known: assume it touches everything
        kinds.add(mapping[name])
    return frozenset(kinds)


def of_records(record_kinds: Iterable[str]) -> frozenset[str]:
    """The kinds touched by curated edits of records of these kinds ("launch", "vote", ...)."""
    return _mapped(record_kinds, RECORD_KINDS)


def of_tables(tables: Iterable[str]) -> frozenset[str]:
    """The kinds touched by a change of the rows of these tables."""
    return _mapped(tables, TABLE_KINDS)
