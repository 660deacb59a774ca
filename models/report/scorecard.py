"""The headline scorecard of the brief: the response ledger's figures for exactly the brief's period.

The rows come from BriefContext.headline, computed once in build_brief from the same figures the key
judgments and the later sections state (models.analytics.ledger_score.compute), so page one can never
disagree with them. An uncovered figure says "not covered" (with the coverage in the Coverage column).
"""
from __future__ import annotations

import pandas as pd

from models.launch_sources import PRELIMINARY
from models.report.content import BriefContext, Table


def scorecard(ctx: BriefContext) -> Table:
    """The headline figures, each against the same period a year earlier, with its source and coverage."""
    label = ctx.period.label()
    from models.analytics.ledger_score import FIGURE_MEASURES

    rows = []
    measures: list[str] = []
    for f in ctx.headline:
        coverage = f.coverage if f.coverage != "covered" else ""
        if f.comparison_coverage != "covered" and f.comparison:
            coverage = (coverage + "; " if coverage else "") + f"a year earlier {f.comparison_coverage}"
        # launch figures name whose count (CNS, or the preliminary third-party source) rather than one file
        source = f.note if f.table == "launches" and PRELIMINARY in f.note else f.source.split(" (")[0].split(", as of")[0]
        rows.append((f.label, f.value, f.comparison.split(": ", 1)[-1] if f.comparison else "—", source,
                     coverage or "covered"))
        if f.coverage != "covered" or f.comparison_coverage != "covered":
            measures += [m for m in FIGURE_MEASURES.get(f.key, ()) if m not in measures]
            if f.key == "no_response_share":
                measures += [m for m in ("statements", "votes", "designations") if m not in measures]
    frame = pd.DataFrame(rows, columns=["Measure", label, "A year earlier", "Source", "Coverage"])
    note = ("Coverage: " + "; ".join(f"{m}: {ctx.coverage.describe(m)}" for m in measures) + ".") if measures else ""
    if ctx.awaiting_review:
        note += (f" Revenue streams count confirmed tags only; {ctx.awaiting_review} DPRK designations have "
                 "suggested streams awaiting review.")
    return Table("scorecard", "Headline scorecard (response ledger; sources in full in the annex, Sources and notes)",
                 frame, note=note.strip(), widths=[2.4, 1.1, 1.1, 2.6, 1.4], numeric=(label, "A year earlier"))
