"""Page one of the brief: the title that states the finding and the 3-5 key judgments (plain text, no Qt).

Nothing here is written by hand: the title's verdict follows a stated rule (PACE_RULE) from the pressure
summary (models.analytics.pressure), and each key judgment is a computed lead ("Launches reached a
record.") followed by the evidence sentence and footnotes of models.report.judgments, so every number
stays the one the scorecard and the sections state.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from models.report.judgments import Judgment, launch_names

# at most this share of launch events with no statement in the window still "mostly kept pace"
MOSTLY = 0.2
PACE_RULE = ("The title's verdict: pressure 'kept pace' when every launch event whose response window the "
             "statement register covers drew a statement within the window, 'mostly kept pace' when at most one "
             "in five drew none, and 'did not keep pace' otherwise; launches outside the register are not counted "
             "either way. 'Record' and 'more' or 'fewer' compare the period's launch events with the record year "
             "and with the same period a year earlier.")


@dataclass
class KeyJudgment(Judgment):
    """A judgment whose text begins with a computed lead sentence (printed in bold)."""

    lead: str = ""


def _in(label: str) -> str:
    if label == "all dates":
        return "over all dates"
    return f"from {label}" if " to " in label else f"in {label}"


def _number(text: str) -> int | None:
    match = re.match(r"\s*(\d+)", text or "")
    return int(match.group(1)) if match else None


def tempo(headline: list[Any]) -> str | None:
    """'record', 'more', 'fewer' or 'as many' launch events than a year earlier; None when not comparable."""
    fig = next((f for f in headline if f.key == "launch_events"), None)
    if fig is None or fig.coverage == "not covered":
        return None
    if "(record)" in fig.value:
        return "record"
    now = _number(fig.value)
    before = _number(fig.comparison.split(": ", 1)[-1]) if fig.comparison else None
    if now is None or before is None or fig.comparison_coverage != "covered" or fig.coverage != "covered":
        return None
    return "more" if now > before else "fewer" if now < before else "as many"


def pace(summary: Any) -> str | None:
    """The verdict of PACE_RULE, or None when no launch event's window is covered by the register."""
    answered = summary.drew_statement + summary.no_statement
    if not summary.launch_events or not answered:
        return None
    share = summary.no_statement / answered
    return "kept pace" if share == 0 else "mostly kept pace" if share <= MOSTLY else "did not keep pace"


def finding_title(summary: Any, headline: list[Any], label: str, launches_covered: bool = True) -> str:
    """The brief's headline: does the pressure keep pace with the provocations in the period, and the
    number that says so."""
    where = _in(label)
    if not launches_covered:
        return f"Launches {where}: not covered, so the brief cannot say whether pressure kept pace"
    if not summary.launch_events:
        return f"No DPRK launch event recorded {where}"
    verdict = pace(summary)
    if verdict is None:
        return (f"{summary.launch_events} launch event{'s' if summary.launch_events != 1 else ''} {where}; "
                "whether they drew a statement is not covered")
    what = {"record": "record launches", "more": "more launches", "fewer": "fewer launches",
            "as many": "as many launches as a year earlier"}.get(tempo(headline) or "", "the launches")
    answered = summary.drew_statement + summary.no_statement
    evidence = (f"{summary.no_statement} of {answered} launch events drew no joint statement at the UN within "
                f"{summary.window_days} days" if summary.no_statement else
                f"all {answered} launch events drew a joint statement at the UN within {summary.window_days} days")
    return f"Pressure {verdict} with {what} {where}: {evidence}"


def _lead(j: Judgment | None, lead: str | None, extra: list[str] | None = None) -> KeyJudgment | None:
    if j is None:
        return None
    text = f"{lead} {j.text}" if lead else j.text
    return KeyJudgment(text, list(j.footnotes) + (extra or []), lead or "")


def launch_lead(headline: list[Any]) -> str | None:
    return {"record": "Launches reached a record.", "more": "Launches rose.", "fewer": "Launches fell.",
            "as many": "Launches held steady."}.get(tempo(headline) or "")


def response_judgment(base: Judgment | None, summary: Any, events: Any = None) -> KeyJudgment | None:
    """How many launch events drew a statement (the pressure summary), then the ledger's no-response share;
    the footnote names the launches by Korea date and whose record (`events`: the launch events table)."""
    answered = summary.drew_statement + summary.no_statement
    if base is None and not answered:
        return None
    if not answered:
        return _lead(base, None)
    share = summary.no_statement / answered
    lead = ("Every launch drew a statement." if share == 0 else
            "Most launches drew no statement." if share > 0.5 else
            "Half the launches drew no statement." if share == 0.5 else
            f"About one launch in {round(1 / share)} drew no statement.")
    said = (f"{summary.drew_statement} of {answered} launch events drew a joint statement at the UN within "
            f"{summary.window_days} days"
            + (f" ({summary.statement_not_covered} more fall outside the statement register)"
               if summary.statement_not_covered else "") + ".")
    ids = launch_names(list(summary.no_statement_ids), events) or "none"
    note = f"Launch events with no joint statement at the UN within {summary.window_days} days: {ids}."
    if base is None:
        return KeyJudgment(f"{lead} {said}", [note], lead)
    return KeyJudgment(f"{lead} {said} {base.text}", [note] + list(base.footnotes), lead)


def council_lead(card: dict) -> str | None:
    votes, adopted, vetoes = card["council_votes"], card["council_products_adopted"], card["vetoes"]
    if votes.coverage == "not covered":
        return None
    if votes.value and not adopted.value:
        return "The Security Council was blocked." if vetoes.value else "The Security Council did not act."
    if adopted.value:
        return "The Security Council acted."
    return "The Security Council did not vote." if votes.value == 0 else None


def designations_lead(card: dict, headline: list[Any], authorities: list[str], coverage, start, end) -> str | None:
    dated = card["designations"]
    if dated.coverage == "not covered":
        return None
    covered = [a for a in authorities if coverage.scope_status("designations", a, start, end) == "covered"]
    acting = [a for a in authorities if dated.parts.get(a)]
    if not dated.value:
        return "No DPRK designation was dated in the period." if covered else None
    if len(acting) == 1 and len(covered) > 1 and acting[0] in covered:
        return f"Only {acting[0]} added designations."
    fig = next((f for f in headline if f.key == "designations"), None)
    before = _number(fig.comparison.split(": ", 1)[-1]) if fig and fig.comparison else None
    if fig is not None and before is not None and fig.comparison_coverage == "covered":
        return "Designations rose." if dated.value > before else "Designations fell." if dated.value < before \
            else None
    return None


def drift_lead(rows) -> str | None:
    if rows is None or rows.empty or "drift" not in rows.columns:
        return None
    if (rows["drift"] == "stopped").any():
        return "Support narrowed."
    if (rows["drift"] == "started").any():
        return "Support widened."
    return "Support held."


def key_judgments(parts: dict[str, Judgment | None], summary: Any, card: dict, headline: list[Any],
                  authorities: list[str], coverage, start, end, drift_rows=None,
                  events: Any = None) -> list[KeyJudgment]:
    """3-5 judgments: tempo, response to launches, the Council, sanctions, the coalition. A data gap
    becomes a footnote of the statements judgment (it qualifies that count)."""
    gap = parts.get("gap")
    statements = parts.get("statements")
    if gap is not None and statements is not None:
        statements = Judgment(statements.text, list(statements.footnotes) + [gap.text] + list(gap.footnotes))
    drift = parts.get("drift")
    if drift is not None and not drift.footnotes:       # "nobody drifted" rests on the participation table too
        drift = Judgment(drift.text, ["Participation table (annex, Who joined what): each country's joined and "
                                      "eligible statements of the series and the last it joined."])
    parts = {**parts, "drift": drift}
    out = [
        _lead(parts.get("launches"), launch_lead(headline)),
        response_judgment(parts.get("response"), summary, events),
        _lead(statements, council_lead(card)),
        _lead(parts.get("designations"), designations_lead(card, headline, authorities, coverage, start, end)),
        _lead(parts.get("drift"), drift_lead(drift_rows)),
    ]
    return [j for j in out if j is not None][:5]
