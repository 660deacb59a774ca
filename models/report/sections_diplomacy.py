"""The brief's diplomatic section: the alignment matrix, its columns and each country's participation."""
from __future__ import annotations

import pandas as pd

from models.report.content import SECTION_TITLES, BriefContext, Bullets, Figure, Paragraph, Section, Table, fmt_cell


def diplomacy_section(ctx: BriefContext) -> Section:
    from models.analytics.alignment_stats import SERIES_NAMES

    s = Section("diplomacy", SECTION_TITLES["diplomacy"])
    view = ctx.view
    n_rows, n_cols = view.matrix.shape
    if not n_cols:
        o = ctx.options
        if all(ctx.coverage.status(m, o.start, o.end) == "not covered" for m in ("statements", "votes")):
            s.blocks.append(Paragraph("Statements and votes: not covered for this period. "
                                      + ctx.coverage.note("statements", o.start, o.end), "note"))
        else:
            s.blocks.append(Paragraph("No statements or votes are recorded in the period, which the statement "
                                      "register covers.", "note"))
        return s
    lacking = ctx.coverage.uncovered_venues(ctx.options.start, ctx.options.end)
    s.blocks.append(Paragraph(f"{n_cols} statements and votes in the period, across {n_rows} countries (who joined "
                              "what, statement by statement, is in the annex)."
                              + (f" Not covered in this period: {', '.join(lacking)} (the statement register holds "
                                 "none for it, so their absence here is not a finding)." if lacking else ""), "lead"))
    s.annex.append(Paragraph(f"Rows are grouped by bloc; the right margin counts each country's "
                             f"{SERIES_NAMES.get(view.primary_series, view.primary_series or '')}.", "note"))
    height = min(60 + 16 * n_rows + 150, 900)
    s.annex.append(Figure("alignment", "Who joined what: countries (rows) by statement and vote (numbered columns)", height, {"view": view}))
    cols, m = view.matrix.columns, view.margins
    s.annex.append(Table("matrix_columns", "The matrix's columns: statements and votes in the period", pd.DataFrame({
        "#": [str(i + 1) for i in range(len(cols))],
        "ID": cols["statement_id"].astype(str),
        "Date": cols["date"].astype(str), "Title": cols["title"].fillna("").astype(str),
        "Signed / yes": [str(int(n)) if k else "not recorded" for n, k in zip(m["signatories"], m["positions_known"])],
        "Council": [f"{int(sc)}/{int(sz)}{' majority' if mj else ''}" if k else "—"
                    for sc, sz, mj, k in zip(m["council_signatories"], m["council_size"], m["council_majority"],
                                             m["positions_known"])]}),
        note="Figure columns are numbered as in this table. Bottom margin of the figure: Council members among the "
             "signatories (★ a majority, 8 or more of 15; n/r: list not recorded). Right margin: each "
             "country's joined / eligible statements of the series.",
        widths=[0.4, 1.1, 1.1, 5.0, 1.1, 1.3], numeric=("#", "Signed / yes")))
    rows = view.rows
    rate = pd.to_numeric(rows["rate"], errors="coerce")
    blocs = {start: name for start, name in view.bloc_starts}
    bloc, current = [], ""
    for i in range(len(rows)):
        current = blocs.get(i, current)
        bloc.append(current)
    frame = pd.DataFrame({
        "Country": rows["country"].astype(str), "Bloc": bloc,
        "Joined": [fmt_cell(int(v)) if pd.notna(v) else "—" for v in rows["joined"]],
        "Eligible": [fmt_cell(int(v)) if pd.notna(v) else "—" for v in rows["eligible"]],
        "Rate": [f"{v:.0%}" if pd.notna(v) else "—" for v in rate],
        "Last joined": rows["last_joined"].fillna("—").astype(str),
        "Drift": rows["drift_text"].fillna("").astype(str)})
    s.annex.append(Table("participation", f"Participation in the "
                          f"{SERIES_NAMES.get(view.primary_series, 'statements')}", frame,
                          widths=[2.2, 1.6, 0.8, 0.8, 0.8, 1.3, 2.6], numeric=("Joined", "Eligible", "Rate")))
    shifts = [f"{c}: {t}" for c, t in zip(rows["country"], rows["drift_text"]) if isinstance(t, str) and t]
    s.blocks.append(Paragraph("Notable shifts", "subhead"))
    s.blocks.append(Bullets(shifts or ["No country started or stopped joining in the period."]))
    if view.notes:
        s.annex.append(Paragraph("Gaps: " + "; ".join(n.rstrip(".") for n in view.notes) + ".", "note"))
    return s
