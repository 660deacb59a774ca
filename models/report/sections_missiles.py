"""The brief's missile section: the period's launch counts, the timeline and year figures, the launch table."""
from __future__ import annotations

import numpy as np
import pandas as pd

from models.analytics import timeline as tl
from models.report.content import SECTION_TITLES, BriefContext, Figure, Paragraph, Section, Table, fmt_cell


def missiles_section(ctx: BriefContext) -> Section:
    from models.paths import REFERENCE_DIR

    s = Section("missiles", SECTION_TITLES["missiles"])
    f, o = ctx.facts, ctx.options
    events, missiles = ctx.card["launch_events"], ctx.card["missiles"]
    label = ctx.period.label()[0].upper() + ctx.period.label()[1:]
    if events.coverage == "not covered":
        s.blocks.append(Paragraph(f"{label}: launch events not covered. {events.coverage_note}", "lead"))
    else:
        s.blocks.append(Paragraph(f"{label}: {events.text} launch events, {missiles.text} missiles "
                                  f"({tl.COUNT_SOURCE}).", "lead"))
    if events.coverage != "covered":
        s.blocks.append(Paragraph(events.coverage_note + " Launches outside that range are not counted.", "note"))
    context = tl.load_context_events(str(REFERENCE_DIR / "context_events.csv"))
    ticks = tl.statement_ticks(ctx.period_statements)
    s.blocks.append(Figure("timeline", "Launch events by class (marker size: missiles; colour: outcome; hollow: "
                           "unconfirmed; dashed: nuclear test; ticks: statements)", 300,
                           {"events": f.events, "mask": f.mask, "start": o.start, "end": o.end,
                            "context": context, "statements": ticks,
                            "uncovered": _uncovered_years(ctx)}))
    yearly, rec_e, rec_m, curves = tl.year_comparison(f.events, np.ones(len(f.events), bool), o.start, o.end)
    s.blocks.append(Figure("year_charts", "Launch events and missiles per year (record years highlighted); "
                           "cumulative missiles by day of year", 260,
                           {"yearly": yearly, "records_events": rec_e, "records_missiles": rec_m,
                            "curves": curves, "uncovered": _uncovered_years(ctx)}))
    rows = ctx.launch_rows
    from models.korea_time import korea_label, utc_text

    frame = pd.DataFrame({
        "Korea date; UTC": [f"{korea_label(d, t)}; {utc_text(d, t)}" for d, t in
                            zip(rows["date"].astype(str), rows["time_utc"])],
        "Launch": rows["launch_id"].astype(str),
        "Classes": rows["classes"].fillna("").astype(str), "Missiles": rows["missile_count"].astype(int).astype(str),
        "Facility": rows["facility"].fillna("").astype(str),
        "Apogee km": [fmt_cell(v) for v in pd.to_numeric(rows["max_apogee_km"], errors="coerce")],
        "Range km": [fmt_cell(v) for v in pd.to_numeric(rows["max_distance_km"], errors="coerce")],
        "Outcome": rows["outcome"].fillna("").astype(str), "Confirmed": rows["confirmation"].fillna("").astype(str)})
    s.blocks.append(Table("launches", f"Launch events in the period ({len(frame)})", frame,
                          widths=[2.3, 1.55, 1.2, 0.95, 2.3, 1, 1, 1.15, 1.35],
                          numeric=("Missiles", "Apogee km", "Range km")))
    return s


def _uncovered_years(ctx: BriefContext) -> list[int]:
    """Years from the first launch year to the period's end (or this year) that the launch data does not
    cover completely: charts shade them instead of drawing zero bars."""
    from datetime import date

    if not len(ctx.launches):
        return []
    first = int(str(ctx.launches["date"].iloc[0])[:4])
    last = max(ctx.options.end.year if ctx.options.end else first, int(str(ctx.launches["date"].iloc[-1])[:4]))
    return [y for y in range(first, last + 1)
            if ctx.coverage.status("launches", date(y, 1, 1), date(y, 12, 31)) != "covered"]
