"""The brief's sanctions section: new designations, their network, list changes and revenue streams."""
from __future__ import annotations

from datetime import date

import pandas as pd

from models.report import judgments as jd
from models.report.content import SECTION_TITLES, Block, BriefContext, Figure, Paragraph, Section, Table


def sanctions_section(ctx: BriefContext) -> Section:
    s = Section("sanctions", SECTION_TITLES["sanctions"])
    new, o = ctx.new, ctx.options
    frame = pd.DataFrame({
        "Authority": new["authority"].astype(str), "ID": new["source_id"].astype(str),
        "Name": new["name"].astype(str), "Type": new["type"].astype(str),
        "Programs": new["programs"].fillna("").astype(str), "Date": new["date"].astype(str),
        "Dated by": new["basis"].astype(str)})
    s.blocks.append(Table("designations", f"New DPRK-related designations in the period ({len(frame)})", frame,
                          widths=[1.3, 0.8, 3.6, 1, 1.4, 1.2, 1.1],
                          note="Dated by the list's own date (UN), OFAC's dated change archive, or the first "
                               "version of OFAC's list that holds the entry (a scrape polled every few hours dates "
                               "most to the day). Entries already on the first version held are not counted as new."))
    every = jd.new_designations(ctx.store, None, None)
    counts = pd.DataFrame()
    if len(every):  # years x authority, zero-filled (the layout of models.analytics.sanctions.period_counts)
        table = every.assign(year=every["date"].astype(str).str[:4]).groupby(["year", "authority"]).size()
        table = table.unstack("authority", fill_value=0)
        years_all = [str(y) for y in range(int(table.index.min()), int(table.index.max()) + 1)]
        counts = table.reindex(years_all, fill_value=0).astype("int64")
    years = {str(y) for y in range(o.start.year, o.end.year + 1)} if o.start and o.end else set()
    s.blocks.append(Figure("sanctions_period", "New DPRK-related designations per year by authority (the "
                           "brief's period highlighted). UN: listed-on date. OFAC: its change archive or the first "
                           "version of its list that shows the entry (a window counts in the year it ends)", 220, {"counts": counts, "highlight": sorted(years)}))
    s.blocks.extend(_network_blocks(ctx))
    s.blocks.extend(_changes_blocks(ctx))
    s.blocks.extend(_revenue_blocks(ctx))
    return s


def _network_blocks(ctx: BriefContext) -> list[Block]:
    """The period's designations and their direct neighbours (links, shared addresses/identifiers)."""
    from models import network

    if ctx.new.empty:
        return [Paragraph("No designation in the period, so no network figure.", "note")]
    graph = network.build_graph(ctx.store)
    ids = {int(i) for i in ctx.new["designation_id"]}
    keep = set(ids)
    for i in ids:
        if i in graph:
            keep |= set(graph.neighbors(i))
    sub = graph.subgraph(keep).copy()
    data = network.graph_data(sub, network.layout(sub))
    linked = sum(1 for i in ids if i in sub and sub.degree(i) > 0)
    caption = (f"The period's {len(ids)} designations and their direct neighbours: {sub.number_of_nodes()} "
               f"entries, {sub.number_of_edges()} links; {linked} of the period's designations are linked")
    return [Figure("network", caption, 300, {"graph": data, "period_ids": sorted(ids)})]


def _changes_blocks(ctx: BriefContext) -> list[Block]:
    from models.changes import list_changes

    o = ctx.options
    since = o.since or o.start
    until = o.end or date.today()
    blocks: list[Block] = [Paragraph(f"What changed since the last brief ({since.isoformat() if since else 'the first snapshot'})",
                                     "subhead")]
    rows, entries = [], []
    for list_name, n in ctx.store.rows("SELECT list_name, COUNT(*) FROM list_snapshots GROUP BY 1 ORDER BY 1"):
        if n < 2:
            only = ctx.store.scalar("SELECT snapshot_date FROM list_snapshots WHERE list_name = ?", (list_name,))
            rows.append((list_name, only, only, "—", "—", "—", "one snapshot stored: nothing to compare"))
            continue
        first = since.isoformat() if since else ctx.store.scalar(
            "SELECT MIN(snapshot_date) FROM list_snapshots WHERE list_name = ?", (list_name,))
        changes = list_changes(ctx.store, list_name, first, until.isoformat())
        added, removed, amended = changes.dprk_counts
        rows.append((list_name, changes.from_date, changes.to_date, str(added), str(removed), str(amended), ""))
        for kind, group in (("added", changes.added), ("removed", changes.removed), ("amended", changes.amended)):
            entries += [(list_name, kind, c.source_id, c.name, c.type, ", ".join(c.fields)) for c in group if c.dprk]
    frame = pd.DataFrame(rows, columns=["List", "From snapshot", "To snapshot", "Added", "Removed", "Amended", "Note"])
    blocks.append(Table("changes", "DPRK-related entries added, removed and amended between the snapshots nearest "
                        "the two dates", frame, widths=[1.6, 1.2, 1.2, 0.8, 0.9, 0.9, 2.6],
                        numeric=("Added", "Removed", "Amended")))
    if entries:
        limit = 80
        detail = pd.DataFrame(entries[:limit], columns=["List", "Change", "ID", "Name", "Type", "Fields changed"])
        note = (f"{len(entries) - limit} more not shown; `python main.py changes` lists them all."
                if len(entries) > limit else "")
        blocks.append(Table("change_entries", "The changed entries", detail, note=note,
                            widths=[1.3, 0.9, 0.8, 3.2, 0.9, 2.2]))
    return blocks


def _revenue_blocks(ctx: BriefContext) -> list[Block]:
    ids = ctx.new["designation_id"].astype(int).tolist() if len(ctx.new) else []
    blocks: list[Block] = [Paragraph("Revenue streams", "subhead")]
    tags = ctx.store.query(
        "SELECT t.stream, t.status, COUNT(*) AS n FROM revenue_tags t WHERE t.status != 'rejected'"
        f" AND t.designation_id IN ({','.join('?' * len(ids)) or 'NULL'}) GROUP BY 1, 2 ORDER BY 1, 2", ids)
    if tags.empty:
        blocks.append(Paragraph("Revenue streams: not tagged. No designation in the period carries a "
                                "revenue-stream tag yet.", "note"))
        return blocks
    frame = tags.pivot_table(index="stream", columns="status", values="n", aggfunc="sum", fill_value=0)
    frame = frame.reindex(columns=["confirmed", "suggested"], fill_value=0).reset_index()
    frame.columns = ["Stream", "Confirmed", "Suggested"]
    blocks.append(Table("revenue", "Revenue streams of the period's designations", frame.astype(str),
                        widths=[2, 1, 1], numeric=("Confirmed", "Suggested")))
    return blocks
