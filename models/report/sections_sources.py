"""The brief's sources section: source files, data vintage, data gaps and method."""
from __future__ import annotations

import pandas as pd

from models import response_vocabulary as vocab
from models.coverage import MEASURES
from models.launches import GROUPING_RULE
from models.report.content import DATASET_NAMES, SECTION_TITLES, BriefContext, Bullets, Paragraph, Section, Table
from models.launch_sources import CNS, NAGIX, PRELIMINARY, SOURCES
from models.report.finding import PACE_RULE
from models.statement_kinds import LIST_NOT_RECORDED


def sources_section(ctx: BriefContext) -> Section:
    s = Section("sources", SECTION_TITLES["sources"])
    files = ctx.store.query("SELECT dataset, publisher, title, url, snapshot_date FROM source_files")
    # companion files (add.csv, alt.csv, signatories ...) are one source with their main file
    files["title"] = files["title"].fillna("").astype(str).str.replace(r"\s*\(.*\)$", "", regex=True)
    files = (files.fillna({"url": "", "publisher": ""}).groupby(["dataset", "publisher", "title", "url"])
             .agg(snapshot=("snapshot_date", "max"), files=("snapshot_date", "size")).reset_index())
    frame = pd.DataFrame({
        "Source": [f"{t} ({n} file{'s' if n != 1 else ''})" for t, n in zip(files["title"], files["files"])],
        "Publisher": files["publisher"].replace("", "—").astype(str),
        "URL": files["url"].replace("", "(each row cites its own public page: see the statements table below)").astype(str),
        "Snapshot": files["snapshot"].fillna("—").astype(str)})
    s.blocks.append(Table("sources", "Sources (newest snapshot of each)", frame, widths=[2.6, 2.4, 3.4, 1.1]))
    vintage = ", ".join(f"{DATASET_NAMES.get(k, k)} {v}" for k, v in ctx.vintage.items())
    s.blocks.append(Paragraph(f"Data as of: {vintage or 'no data imported'}.", "body"))
    s.blocks.append(_statement_sources(ctx))
    s.blocks.append(Paragraph("Coverage", "subhead"))
    s.blocks.append(Bullets([ctx.coverage.note(m, ctx.options.start, ctx.options.end) for m in MEASURES]))
    s.blocks.append(Paragraph("Data gaps", "subhead"))
    gaps = [f"{g['series_id'].replace('us_led', 'US-led')} joint statements, {g['year']}: {g['summary']} "
            f"(counted in the register; {g['reported_by']} reports {g['reported']}). {g['note']} Source: {g['source']}."
            for _, g in ctx.gaps.iterrows()]
    gaps += [n for n in ctx.view.notes if LIST_NOT_RECORDED in n]
    snapshots = ctx.store.rows("SELECT list_name, GROUP_CONCAT(snapshot_date, ', ') FROM"
                               " (SELECT list_name, snapshot_date FROM list_snapshots ORDER BY snapshot_date)"
                               " GROUP BY list_name")
    for list_name, dates in snapshots:
        gaps.append(f"{list_name}: snapshots stored for {dates}; an entry without a listing date is dated by the "
                    "list versions: to the day where a dense version history or OFAC's change archive gives it, else "
                    "only to a window between the version that first shows it and the one before.")
    if len(ctx.launches):
        cns = ctx.launches[ctx.launches["dataset"] == CNS] if "dataset" in ctx.launches else ctx.launches
        if len(cns):
            gaps.append(f"CNS missile tests: the database runs from {cns['date'].iloc[0]} to "
                        f"{cns['date'].iloc[-1]}; month-only dates are counted in their month.")
        later = ctx.launches.drop(cns.index)
        if len(later):
            gaps.append(f"Launch events from {later['date'].iloc[0]} to {later['date'].iloc[-1]} are "
                        f"{SOURCES[NAGIX].label} ({SOURCES[NAGIX].name}); they are not the CNS record.")
    s.blocks.append(Bullets(gaps or ["No data gaps recorded."]))
    s.blocks.append(Paragraph("Method", "subhead"))
    s.blocks.append(Paragraph(
        f"Launch events (grouped from CNS missile rows): {GROUPING_RULE}. Missiles are the CNS rows themselves. "
        f"After the CNS data end, launch events and missiles are the nagix count ({PRELIMINARY}), its missile rows "
        "grouped the same way; where both exist CNS is the record. "
        "Launches are named by their Korea date (KST, UTC+9) where the UTC time is recorded; the UTC date and time "
        "are given with them. A joint statement's Council majority means 8 or more of the 15 Council members at its "
        "date signed it. Designations are DPRK-related entries as the lists define them, dated by the list's own "
        "date (UN), OFAC's change archive or the versions of OFAC's list. Revenue streams count "
        "confirmed tags only; suggested tags await an analyst's review and are never counted. A figure for a period "
        "its sources do not cover says 'not covered', never 0; '(partial)' marks a figure whose sources cover only "
        "part of the period.", "note"))
    s.blocks.append(Paragraph("Responses: " + vocab.definition_text(), "note"))
    s.blocks.append(Paragraph(PACE_RULE, "note"))
    s.annex, s.blocks = s.blocks, []          # sources and method belong to the annex, whole
    return s


def _statement_sources(ctx: BriefContext) -> Table:
    """Every statement and vote of the period, and every one the period's launches were answered by, with its URL."""
    cited = set(ctx.period_statements["statement_id"].astype(str)) if len(ctx.period_statements) else set()
    rows = ctx.ledger[ctx.ledger["date"].astype(str).map(ctx.period.contains)]
    for column in ("statement_ids", "vote_ids"):
        for text in rows[column].fillna("").astype(str):
            cited |= {p.strip() for p in text.split(";") if p.strip()}
    frame = ctx.store.query("SELECT statement_id, date, title, url FROM statements ORDER BY date, statement_id")
    frame = frame[frame["statement_id"].isin(cited)]
    columns = ctx.view.matrix.columns if "diplomacy" in ctx.options.sections else None
    numbered = ({str(i): n + 1 for n, i in enumerate(columns["statement_id"])} if columns is not None and len(columns)
                else {})
    # a statement of the matrix is titled in the matrix's columns table: named by its column, not twice
    titles = [f"column {numbered[i]} of the matrix" if i in numbered else t for i, t in
              zip(frame["statement_id"].astype(str), frame["title"].fillna("").astype(str))]
    table = pd.DataFrame({"ID": frame["statement_id"].astype(str), "Date": frame["date"].astype(str),
                          "Title": titles,
                          "URL": frame["url"].fillna("no public page recorded").astype(str)})
    return Table("statement_sources", f"Statements and votes cited ({len(table)}), each with the public page it "
                 "was read from", table.reset_index(drop=True), widths=[1.3, 1.0, 3.4, 3.8])
