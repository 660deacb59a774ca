"""The headline scorecard of the brief: the response ledger's figures, else the period's counts."""
from __future__ import annotations

import pandas as pd

from models.report import judgments as jd
from models.report.content import BriefContext, Table


def scorecard(ctx: BriefContext) -> Table:
    """The headline figures: the ledger's when it exists, else the period's counts."""
    mod, o = ctx.ledger_mod, ctx.options
    if mod is not None and hasattr(mod, "headline_figures"):
        figures = mod.headline_figures(ctx.store, o.start, o.end, o.window_days)
        rows = [(str(getattr(f, "label", f)), str(getattr(f, "value", "")), str(getattr(f, "comparison", "")),
                 str(getattr(f, "source", "")).split(" (")[0].split(", as of")[0]) for f in figures]
        frame = pd.DataFrame(rows, columns=["Measure", ctx.period.label(), "A year earlier", "Source"])
        return Table("scorecard", "Headline scorecard (response ledger; sources in full under Sources and notes)",
                     frame, widths=[2.6, 1.1, 1.2, 3.4], numeric=(ctx.period.label(), "A year earlier"))
    f = ctx.facts
    rows = [("Launch events", str(f.n_events)), ("Missiles (CNS count)", str(f.n_missiles))]
    margins = ctx.view.margins
    joint = ctx.period_statements[ctx.period_statements["kind"] == jd.JOINT] if len(ctx.period_statements) else \
        ctx.period_statements
    if len(margins):
        m = margins.set_index("statement_id")
        known = [s for s in joint["statement_id"] if s in m.index and bool(m.loc[s, "positions_known"])]
        rows.append(("Joint statements (signatories recorded)", str(len(known))))
        rows.append(("  of which with a Council majority", str(sum(bool(m.loc[s, "council_majority"]) for s in known))))
    else:
        rows.append(("Joint statements", str(len(joint))))
    votes = ctx.period_statements[ctx.period_statements["kind"].isin(jd.VOTE_KINDS)] if len(
        ctx.period_statements) else ctx.period_statements
    rows.append(("Security Council votes", str(len(votes))))
    for authority, n in (ctx.new.groupby("authority").size().items() if len(ctx.new) else []):
        rows.append((f"New designations: {authority}", str(int(n))))
    if ctx.new.empty:
        rows.append(("New designations", "0"))
    frame = pd.DataFrame(rows, columns=["Measure", ctx.period.label()])
    return Table("scorecard", "Headline scorecard", frame, widths=[4, 1], numeric=(ctx.period.label(),))
