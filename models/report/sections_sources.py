"""The brief's sources section: source files, data vintage, data gaps and method."""
from __future__ import annotations

import pandas as pd

from models.report.content import DATASET_NAMES, SECTION_TITLES, BriefContext, Bullets, Paragraph, Section, Table
from models.launch_sources import CNS, NAGIX, PRELIMINARY, SOURCES
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
        "URL": files["url"].replace("", "(each row cites its own public page)").astype(str),
        "Snapshot": files["snapshot"].fillna("—").astype(str)})
    s.blocks.append(Table("sources", "Sources (newest snapshot of each)", frame, widths=[2.6, 2.4, 3.4, 1.1]))
    vintage = ", ".join(f"{DATASET_NAMES.get(k, k)} {v}" for k, v in ctx.vintage.items())
    s.blocks.append(Paragraph(f"Data as of: {vintage or 'no data imported'}.", "body"))
    s.blocks.append(Paragraph("Data gaps", "subhead"))
    gaps = []
    for _, g in ctx.gaps.iterrows():
        held = int(g["in_store"]) if "in_store" in g else int(g["recorded"])
        gaps.append(f"{g['series_id'].replace('us_led', 'US-led')} joint statements, {g['year']}: {held} held in "
                    f"the database; {g['note']}")
    gaps += [n for n in ctx.view.notes if LIST_NOT_RECORDED in n]
    snapshots = ctx.store.rows("SELECT list_name, GROUP_CONCAT(snapshot_date, ', ') FROM"
                               " (SELECT list_name, snapshot_date FROM list_snapshots ORDER BY snapshot_date)"
                               " GROUP BY list_name")
    for list_name, dates in snapshots:
        gaps.append(f"{list_name}: snapshots stored for {dates}; changes between snapshots are dated by the "
                    "snapshot, not by the day they happened.")
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
    s.blocks.append(Paragraph("Method: launch events and missiles are the CNS count to its last launch and the "
                              f"nagix count ({PRELIMINARY}) after it; a joint statement's Council "
                              "majority means 8 or more of the 15 Council members at its date signed it; "
                              "designations are DPRK-related entries as the lists define them.", "note"))
    return s
