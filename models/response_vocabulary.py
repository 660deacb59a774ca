"""The one response vocabulary: what followed a launch inside its response window, in the same words,
colours and order everywhere (headline strip, ledger, sanctions pane, timeline, brief).

Categories, strongest first (a launch takes the first that applies):

- `statement_or_vote`: a joint statement or a Council vote dated in the window.
- `designation_dated`: a DPRK-related designation known to fall in the window: a designation date to the
  day inside it (UN LISTED_ON, OFAC's change archive, a dense version history: models.designation_dates),
  or a window between two list versions lying wholly inside it.
- `designation_possible`: only designations that *may* fall in the window (dated only to a window between
  two list versions that overlaps it). Never counted as a dated designation or as a response.
- `not_covered`: nothing found, and some response source does not cover the whole window (the text
  names which); the data cannot tell whether there was a response.
- `no_response`: nothing found, and every response source covers the whole window.

Colours are theme keys (`ui.theme.Theme.response_<key>`), so widgets, plots and the brief agree.
"""
from __future__ import annotations

from dataclasses import dataclass

STATEMENT_OR_VOTE = "statement_or_vote"
DESIGNATION_DATED = "designation_dated"
DESIGNATION_POSSIBLE = "designation_possible"
NOT_COVERED = "not_covered"
NO_RESPONSE = "no_response"


@dataclass(frozen=True)
class Term:
    key: str
    label: str              # the words shown in a cell, a legend, the brief
    definition: str         # the tooltip and the brief's method note
    counts_as_response: bool


TERMS: dict[str, Term] = {t.key: t for t in (
    Term(STATEMENT_OR_VOTE, "statement or vote",
         "a joint statement or a Security Council vote dated inside the response window", True),
    Term(DESIGNATION_DATED, "designation dated in window",
         "a DPRK-related designation known to fall inside the window (a designation date to the day, or a "
         "window between two list versions that lies wholly inside it)", True),
    Term(DESIGNATION_POSSIBLE, "designation possibly in window",
         "only designations dated to a window between two list versions that overlaps the response window: they may "
         "fall inside it or not; never counted as dated, and not counted as a response", False),
    Term(NOT_COVERED, "not covered",
         "nothing found, but a response source does not cover the whole window (named in the cell): the "
         "data cannot tell whether there was a response", False),
    Term(NO_RESPONSE, "no response",
         "no statement, vote or designation in the window, and every response source covers all of it",
         False),
)}
ORDER = list(TERMS)
WINDOW_TEXT = "response window"


def label(key: str) -> str:
    return TERMS[key].label


def definition_text() -> str:
    """All definitions as one paragraph (the brief's method note, tooltips)."""
    return "; ".join(f"“{t.label}”: {t.definition}" for t in TERMS.values()) + "."


def classify(statements_or_votes: int, dated: int, possible: int, missing: list[str]) -> str:
    """The category of one launch from what its window holds and which response sources are missing."""
    if statements_or_votes:
        return STATEMENT_OR_VOTE
    if dated:
        return DESIGNATION_DATED
    if possible:
        return DESIGNATION_POSSIBLE
    return NOT_COVERED if missing else NO_RESPONSE


def cell_text(key: str, missing: list[str]) -> str:
    """A ledger cell: the label, and for 'not covered' which sources are missing."""
    if key == NOT_COVERED and missing:
        return f"not covered ({', '.join(missing)})"
    return TERMS[key].label
