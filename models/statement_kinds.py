"""What kinds of statement and vote the register holds, and its statement series (defined once here).

Series: `us_led` (JS…, launch-triggered joint statements delivered by the US at the UN), `e10` (E10…),
`context` (CTX…, DPRK joint statements at the UN not triggered by a launch) and `g7` (G7-…, G7 foreign
ministers' statements, not at the UN). The UN launch series are what the scorecard counts as
"joint statements"; the others are counted and shown on their own.
"""
from __future__ import annotations

RESOLUTION_VOTE = "resolution_vote"
DRAFT_VOTE = "draft_resolution_vote"
PROCEDURAL_VOTE = "procedural_vote"
VOTE_KINDS = (RESOLUTION_VOTE, DRAFT_VOTE, PROCEDURAL_VOTE)
STATEMENT_KINDS = ("joint_statement", "press_statement", "presidential_statement")

US_LED, E10, CONTEXT, G7 = "us_led", "e10", "context", "g7"
# id prefix -> (series_id, name, description)
SERIES_BY_PREFIX = {
    "JS": (US_LED, "US-led joint statements",
           "Joint statements on DPRK launches delivered by the US at the UN on behalf of a group"),
    "E10": (E10, "E10 statements", "Statements by the ten elected Security Council members"),
    "CTX": (CONTEXT, "Context statements at the UN",
            "DPRK joint statements at the UN not triggered by a launch (e.g. on the Panel of Experts)"),
    "G7": (G7, "G7 foreign ministers' statements",
           "Statements of the G7 foreign ministers on DPRK launches (not at the UN; a separate series)"),
}
SERIES_NAMES = {sid: name for sid, name, _ in SERIES_BY_PREFIX.values()}
# where a series' statements are made: the register covers a venue where it covers one of its series
UN_VENUE, G7_VENUE = "at the UN", "G7 foreign ministers"
VENUE_BY_SERIES = {US_LED: UN_VENUE, E10: UN_VENUE, CONTEXT: UN_VENUE, G7: G7_VENUE}
VENUE_STATEMENTS = {UN_VENUE: "statements at the UN", G7_VENUE: "G7 foreign ministers' statements"}
UN_LAUNCH_SERIES = (US_LED, E10)      # the "joint statements" the scorecard counts
# A series that a register covering these other series would have recorded under them: the 2023-2026 register
# records every DPRK joint statement at the UN, launch-triggered (JS) or not (CTX), so an E10 statement there
# is one of those rows; where it covers both, E10 is covered (none apart), not "not covered".
RECORDED_UNDER = {E10: (US_LED, CONTEXT)}
NOT_LAUNCH_TRIGGERED = (CONTEXT,)     # never matched to a launch by date alone
LIST_NOT_RECORDED = "list not recorded"


def venue_of(series_id: str | None) -> str:
    """The venue of a statement series (a series not defined here is its own venue)."""
    return VENUE_BY_SERIES.get(series_id or "", UN_VENUE if series_id is None else str(series_id))


def vote_kind(symbol: str) -> str:
    """The kind of a Council vote from its symbol: S/RES/… adopted resolution, 'procedural vote…', else a draft."""
    text = symbol.strip().lower()
    if text.startswith("procedural vote"):
        return PROCEDURAL_VOTE
    return RESOLUTION_VOTE if text.startswith("s/res/") else DRAFT_VOTE


def count_text(n: int, plural: str) -> str:
    """'1 US-led joint statement', '4 US-led joint statements' (series names are plural)."""
    return f"{n} {plural.replace('statements', 'statement', 1) if n == 1 else plural}"
