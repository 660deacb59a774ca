"""The headline scorecard of the brief: the response ledger's headline figures for the period."""
from __future__ import annotations

import pandas as pd

from models.analytics.ledger import headline_figures
from models.report.content import BriefContext, Table


def scorecard(ctx: BriefContext) -> Table:
    """The headline figures, each against the same period a year earlier, with its source."""
    o = ctx.options
    # launch figures name whose count (CNS, or the preliminary third-party source) rather than one file
    rows = [(f.label, f.value, f.comparison, f.note if f.table == "launches" and f.note
             else f.source.split(" (")[0].split(", as of")[0])
            for f in headline_figures(ctx.store, o.start, o.end, o.window_days)]
    frame = pd.DataFrame(rows, columns=["Measure", ctx.period.label(), "A year earlier", "Source"])
    return Table("scorecard", "Headline scorecard (response ledger; sources in full under Sources and notes)",
                 frame, widths=[2.6, 1.1, 1.2, 3.4], numeric=(ctx.period.label(), "A year earlier"))
