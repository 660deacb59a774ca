"""The brief's sanctions section: new designations, their network, list changes and revenue streams."""
from __future__ import annotations

from datetime import date

import pandas as pd

from models import response_vocabulary as vocab
from models.report.content import SECTION_TITLES, Block, BriefContext, Figure, Paragraph, Section, Table


def sanctions_section(ctx: BriefContext) -> Section:
    s = Section("sanctions", SECTION_TITLES["sanctions"])
    new, o = ctx.new, ctx.options
    dated, possible = ctx.card["designations"], ctx.card["designations_possible"]
    frame = pd.DataFrame({
        "Authority": new["authority"].astype(str), "ID": new["source_id"].astype(str),
        "Name": new["name"].astype(str), "Type": new["type"].astype(str),
        "Programs": new["programs"].fillna("").astype(str), "Date": new["date"].astype(str),
        "Dated by": new["basis"].astype(str),
        "In the period": new["in_period"].map({"dated": "dated", "possibly": "possibly"}).astype(str)})
    caption = f"DPRK-related designations in the period: {dated.text} dated"
    if possible.value:
        caption += f", {possible.text} possibly"
    s.blocks.append(Paragraph(_lead(ctx), "lead"))
    s.annex.append(Table("designations", caption, frame, widths=[1.1, 0.7, 2.9, 0.9, 1.1, 1.3, 1.9, 0.9],
                          note=f"{vocab.label(vocab.DESIGNATION_DATED)}: {vocab.TERMS[vocab.DESIGNATION_DATED].definition}. "
                               f"{vocab.label(vocab.DESIGNATION_POSSIBLE)}: "
                               f"{vocab.TERMS[vocab.DESIGNATION_POSSIBLE].definition}. "
                               "Dated by the list's own date (UN), OFAC's dated change archive, or the first version "
                               "of OFAC's list that holds the entry (a scrape polled every few hours dates most to "
                               "the day); entries already on the first version held are not counted. "
                               + ctx.coverage.note("designations", o.start, o.end)))
    counts, uncovered = yearly_designations(ctx)
    years = {str(y) for y in range(o.start.year, o.end.year + 1)} if o.start and o.end else set()
    s.blocks.append(Figure("sanctions_period", "DPRK-related designations dated in each year, by authority (the "
                           "brief's period highlighted; shaded: a list does not cover the year, so its bar is "
                           "missing, not zero). UN: listing date. OFAC: its change archive or the first version of "
                           "its list that shows the entry; a window between two list versions counts only when it "
                           "lies wholly in the year", 220,
                           {"counts": counts, "highlight": sorted(years), "uncovered": uncovered}))
    s.annex.extend(_network_blocks(ctx))       # an exhibit: beside the designations table it draws
    s.annex.extend(_changes_blocks(ctx))
    s.annex.extend(_revenue_blocks(ctx))
    return s


def _lead(ctx: BriefContext) -> str:
    """The argument's sentence: the period's dated designations by authority (the key judgment's figures)."""
    from models.analytics.ledger_score import by_authority_text
    from models.analytics.ledger_data import load

    dated, possible = ctx.card["designations"], ctx.card["designations_possible"]
    label = ctx.period.label()
    if dated.coverage == "not covered":
        return f"DPRK designations in {label}: not covered. " + ctx.coverage.note("designations", ctx.options.start,
                                                                                 ctx.options.end)
    text = f"{dated.text} DPRK-related designations are dated in the period"
    data = load(ctx.store)
    by = by_authority_text(data, dated, ctx.options.start, ctx.options.end)
    if by:
        text += f" ({by})"
    if possible.value:
        text += f"; {possible.text} more possibly (dated only to a window that overlaps the period; not counted)"
    return text + ". Each is listed in the annex with how it is dated."


def yearly_designations(ctx: BriefContext) -> tuple[pd.DataFrame, dict[str, list[str]]]:
    """Dated designations per year (rows) and authority (columns), from the same rule as the scorecard,
    over the years any list covers; and per year the authorities whose list does not cover it."""
    from models.analytics.ledger_data import load, split_by_period, window_groups

    data = load(ctx.store)
    ranges = [r for a in data.authorities for r in ctx.coverage.ranges("designations", a)]
    if not ranges:
        return pd.DataFrame(), {}
    first, last = min(a for a, _ in ranges).year, max(b for _, b in ranges).year
    groups = window_groups(data.designations)
    table, uncovered = {}, {}
    for year in range(first, last + 1):
        lo, hi = date(year, 1, 1), date(year, 12, 31)
        dated, _possible = split_by_period(data.designations, lo, hi, groups)     # the scorecard's rule
        table[str(year)] = {a: sum(d.authority == a for d in dated) for a in data.authorities}
        missing = [a for a in data.authorities
                   if ctx.coverage.scope_status("designations", a, lo, hi) != "covered"]
        if missing:
            uncovered[str(year)] = missing
    return pd.DataFrame.from_dict(table, orient="index").rename_axis("year"), uncovered


def _network_blocks(ctx: BriefContext) -> list[Block]:
    """The period's designations and their direct neighbours (links, shared addresses/identifiers)."""
    from models import network

    if not ctx.card["designations"].record_ids:
        return [Paragraph("No designation dated in the period, so no network figure.", "note")]
    graph = network.build_graph(ctx.store)
    ids = {int(i) for i in ctx.card["designations"].record_ids}
    keep = set(ids)
    for i in ids:
        if i in graph:
            keep |= set(graph.neighbors(i))
    sub = graph.subgraph(keep).copy()
    data = network.graph_data(sub, network.layout(sub))
    linked = sum(1 for i in ids if i in sub and sub.degree(i) > 0)
    caption = (f"The period's {len(ids)} dated designations and their direct neighbours: {sub.number_of_nodes()} "
               f"entries, {sub.number_of_edges()} links; {linked} of them are linked")
    return [Figure("network", caption, 300, {"graph": data, "period_ids": sorted(ids)})]


def bracketing_snapshots(store, list_name: str, start: date | None, end: date | None) -> tuple[str, str] | None:
    """The two distinct snapshots of a list that bracket [start, end]: the newest on or before the start
    and the oldest on or after the end; None when the list holds no such pair."""
    if start is None:
        return None
    before = store.scalar("SELECT MAX(snapshot_date) FROM list_snapshots WHERE list_name = ? AND snapshot_date <= ?",
                          (list_name, start.isoformat()))
    after = store.scalar("SELECT MIN(snapshot_date) FROM list_snapshots WHERE list_name = ? AND snapshot_date >= ?",
                         (list_name, (end or date.max).isoformat())) if end else None
    if before is None or after is None or before == after:
        return None
    return before, after


def _changes_blocks(ctx: BriefContext) -> list[Block]:
    """'What changed since the last brief': only for lists with two distinct snapshots bracketing the period."""
    from models.changes import list_changes

    o = ctx.options
    since = o.since or o.start
    blocks: list[Block] = [Paragraph("What changed since the last brief", "subhead")]
    rows, entries, skipped = [], [], []
    listed = set(zip(ctx.new["list_name"].astype(str), ctx.new["source_id"].astype(str)))
    repeated = 0
    for (list_name,) in ctx.store.rows("SELECT DISTINCT list_name FROM list_snapshots ORDER BY 1"):
        pair = bracketing_snapshots(ctx.store, list_name, since, o.end)
        if pair is None:
            skipped.append(list_name)
            continue
        changes = list_changes(ctx.store, list_name, *pair)
        added, removed, amended = changes.dprk_counts
        rows.append((list_name, changes.from_date, changes.to_date, str(added), str(removed), str(amended)))
        for kind, group in (("added", changes.added), ("removed", changes.removed), ("amended", changes.amended)):
            for c in group:
                if not c.dprk:
                    continue
                if kind == "added" and (list_name, str(c.source_id)) in listed:
                    repeated += 1          # already a row of the designations table: not listed twice
                    continue
                entries.append((list_name, kind, c.source_id, c.name, c.type, ", ".join(c.fields)))
    if skipped:
        blocks.append(Paragraph(f"Not shown for {', '.join(skipped)}: the database holds no two distinct snapshots "
                                f"bracketing the period (one on or before "
                                f"{since.isoformat() if since else 'its start'} and one on or after "
                                f"{o.end.isoformat() if o.end else 'its end'}).", "note"))
    if not rows:
        return blocks
    frame = pd.DataFrame(rows, columns=["List", "From snapshot", "To snapshot", "Added", "Removed", "Amended"])
    blocks.append(Table("changes", "DPRK-related entries added, removed and amended between the two snapshots "
                        "that bracket the period (named in each row)", frame, widths=[1.6, 1.3, 1.3, 0.8, 0.9, 0.9],
                        numeric=("Added", "Removed", "Amended")))
    if entries:
        limit = 80
        detail = pd.DataFrame(entries[:limit], columns=["List", "Change", "ID", "Name", "Type", "Fields changed"])
        note = (f"{len(entries) - limit} more not shown; the changes command of the program lists them all."
                if len(entries) > limit else "")
        if repeated:
            note = (f"{repeated} added entries dated in the period are rows of the designations table above and "
                    "are not repeated here. " + note).strip()
        blocks.append(Table("change_entries", "The changed entries", detail, note=note,
                            widths=[1.3, 0.9, 0.8, 3.2, 0.9, 2.2]))
    return blocks


def _revenue_blocks(ctx: BriefContext) -> list[Block]:
    """Confirmed revenue-stream tags of the period's dated designations; suggestions are only counted as
    awaiting review, never as streams."""
    ids = [int(i) for i in ctx.card["designations"].record_ids]
    blocks: list[Block] = [Paragraph("Revenue streams", "subhead")]
    marks = ",".join("?" * len(ids)) or "NULL"
    tags = ctx.store.query(f"SELECT stream, COUNT(*) AS n FROM revenue_tags WHERE status = 'confirmed'"
                           f" AND designation_id IN ({marks}) GROUP BY 1 ORDER BY 1", ids)
    waiting = ctx.store.scalar(
        f"SELECT COUNT(DISTINCT designation_id) FROM revenue_tags t WHERE status = 'suggested'"
        f" AND designation_id IN ({marks}) AND NOT EXISTS (SELECT 1 FROM revenue_tags c WHERE"
        " c.designation_id = t.designation_id AND c.status IN ('confirmed', 'rejected'))", ids) or 0
    review = (f" {waiting} of the period's dated designations have suggested streams awaiting review "
              "(suggestions are not counted)." if waiting else "")
    if tags.empty:
        blocks.append(Paragraph("Revenue streams: not tagged. No designation dated in the period carries a "
                                f"confirmed revenue-stream tag.{review}", "note"))
        return blocks
    frame = tags.rename(columns={"stream": "Stream", "n": "Confirmed"}).astype(str)
    blocks.append(Table("revenue", "Revenue streams of the period's dated designations (confirmed tags)", frame,
                        widths=[2, 1], numeric=("Confirmed",), note=review.strip()))
    return blocks
