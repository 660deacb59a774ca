"""The brief's missile section: the period's launch counts, the timeline and year figures, the launch table."""
from __future__ import annotations

import numpy as np
import pandas as pd

from models.analytics import timeline as tl
from models.report import judgments as jd
from models.launch_sources import CNS, NAGIX, PRELIMINARY, SOURCES, differing_years, record_end, source
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
        # whose count is named in words after the numbers, so they carry no '(preliminary)' mark here
        s.blocks.append(Paragraph(f"{label}: {jd.count_only(events.text)} launch events, "
                                  f"{jd.count_only(missiles.text)} missiles ({tl.count_text(f.events, f.mask)}).",
                                  "lead"))
    if events.coverage != "covered":
        s.blocks.append(Paragraph(events.coverage_note + " Launches outside that range are not counted.", "note"))
    shown = f.events[f.mask] if len(f.events) else f.events
    if len(shown) and shown["preliminary"].any():
        n = int(shown["preliminary"].sum())
        s.blocks.append(Paragraph(
            f"{n} of these launch events are {PRELIMINARY}: they come from {SOURCES[NAGIX].name}, after the "
            f"CNS data end ({record_end(ctx.store.conn) or 'no CNS data held'}). CNS is the record wherever both "
            "exist.", "note"))
    context = tl.load_context_events(str(REFERENCE_DIR / "context_events.csv"))
    ticks = tl.statement_ticks(ctx.period_statements)
    s.blocks.append(Figure("timeline", "Launch events by class (marker size: missiles; colour: outcome; hollow: "
                           f"unconfirmed; diamond: {PRELIMINARY}; dashed: nuclear test; ticks: statements)", 300,
                           {"events": f.events, "mask": f.mask, "start": o.start, "end": o.end,
                            "context": context, "statements": ticks,
                            "uncovered": _uncovered_years(ctx)}))
    yearly, rec_e, rec_m, curves = tl.year_comparison(f.events, np.ones(len(f.events), bool), o.start, o.end)
    s.blocks.append(Figure("year_charts", "Launch events and missiles per year (record years highlighted); "
                           "cumulative missiles by day of year", 260,
                           {"yearly": yearly, "records_events": rec_e, "records_missiles": rec_m,
                            "curves": curves, "uncovered": _uncovered_years(ctx),
                            "whose": tl.count_text(f.events)}))
    rows = ctx.launch_rows
    from models.curation import contested_launches
    from models.korea_time import korea_label, utc_text

    contested = {k: m for k, m in contested_launches(ctx.store).items() if k in set(rows["launch_id"].astype(str))}

    frame = pd.DataFrame({
        "Korea date; UTC": [f"{korea_label(d, t)}; {utc_text(d, t)}" for d, t in
                            zip(rows["date"].astype(str), rows["time_utc"])],
        "Launch": rows["launch_id"].astype(str),
        "Classes": rows["classes"].fillna("").astype(str),
        "Missiles": [f"{int(n)}*" if lid in contested else str(int(n))
                     for lid, n in zip(rows["launch_id"].astype(str), rows["missile_count"])],
        "Facility": rows["facility"].fillna("").astype(str),
        "Apogee km": [fmt_cell(v) for v in pd.to_numeric(rows["max_apogee_km"], errors="coerce")],
        "Range km": [fmt_cell(v) for v in pd.to_numeric(rows["max_distance_km"], errors="coerce")],
        "Outcome": rows["outcome"].fillna("").astype(str), "Confirmed": rows["confirmation"].fillna("").astype(str),
        "Whose count": [_whose(d, contested.get(lid)) for lid, d in
                        zip(rows["launch_id"].astype(str),
                            rows["dataset"] if "dataset" in rows else [CNS] * len(rows))]})
    notes = dict.fromkeys(m.note() for m in contested.values())
    s.annex.append(Table("launches", f"Launch events in the period ({len(frame)})", frame,
                         note=("* Contested count (the sources disagree; an analyst chose the claim counted): "
                               + " ".join(f"{n[0].upper()}{n[1:]}." for n in notes)) if notes else "",
                         widths=[2.0, 1.6, 1.0, 1.05, 1.5, 1.0, 0.95, 1.05, 1.25, 1.1],
                         numeric=("Missiles", "Apogee km", "Range km")))
    s.annex.extend(_comparison(ctx))
    return s


def _whose(dataset: str, mark) -> str:
    """Whose count a launch's missiles are: the counted claim's publisher on a contested day, else the source."""
    if mark is not None and mark.counted.origin == "analyst":
        return f"{mark.whose} (claim)"
    return "CNS" if dataset == CNS else f"{dataset} (prelim.)" if source(dataset).preliminary else str(dataset)


def _comparison(ctx: BriefContext) -> list:
    """Where nagix's yearly counts differ from the CNS record in the period's years, side by side."""
    o = ctx.options
    frame = differing_years(ctx.store)
    if o.start is not None:
        frame = frame[frame["year"] >= o.start.year]
    if o.end is not None:
        frame = frame[frame["year"] <= o.end.year]
    if frame.empty:
        return []
    table = pd.DataFrame({"Year": frame["year"].astype(str), "Compared to": frame["through"].astype(str),
                          "CNS events": frame["cns_events"].astype(str),
                          "nagix events": frame["nagix_events"].astype(str),
                          "CNS missiles": frame["cns_missiles"].astype(str),
                          "nagix missiles": frame["nagix_missiles"].astype(str)})
    return [Table("launch_count_comparison", f"Where the two launch counts differ (CNS is the record; nagix is "
                  f"{PRELIMINARY}; events grouped the same way for both)", table,
                  widths=[0.8, 1.3, 1.1, 1.1, 1.2, 1.2],
                  numeric=("CNS events", "nagix events", "CNS missiles", "nagix missiles"))]


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
