"""The brief as data: page-one summary, sections of paragraphs, tables and figure specs (no Qt).

`build_brief` runs in a worker thread (it only reads the store); the renderers in ui/export
(PDF, print) and models.report.html (HTML) draw what it returns. All text is plain text: the
renderers escape it, so names from the data are never interpreted as markup.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from typing import Any, Callable

import numpy as np
import pandas as pd

from models.analytics import timeline as tl
from models.briefing_model import Period
from models.progress import Progress
from models.report import judgments as jd
from models.store import Store

DEFAULT_TITLE = "DPRK Pressure Brief"
DEFAULT_BANNER = "UNCLASSIFIED // FOR DISCUSSION"
ALL_SECTIONS = ("missiles", "diplomacy", "sanctions", "ledger", "sources")
SECTION_TITLES = {"missiles": "Missile activity", "diplomacy": "Diplomatic response",
                  "sanctions": "Sanctions response", "ledger": "Response ledger", "sources": "Sources and notes"}
DATASET_NAMES = {"cns_missiles": "CNS missile tests", "statements": "Statement register",
                 "ofac_sdn": "OFAC SDN list", "un_consolidated": "UN Consolidated List"}


class BriefError(ValueError):
    """The brief cannot be made (empty period, no data in the period): the message says why."""


@dataclass(frozen=True)
class BriefOptions:
    start: date | None = None
    end: date | None = None
    title: str = DEFAULT_TITLE
    banner: str = DEFAULT_BANNER
    sections: tuple[str, ...] = ALL_SECTIONS
    paper: str = "a4"                    # a4 | letter (the renderers read it)
    window_days: int = 30                # the response window after a launch
    since: date | None = None            # "what changed since the last brief" (default: the period start)
    country_group: str | None = None


@dataclass
class Paragraph:
    text: str
    style: str = "body"                  # body | note | lead


@dataclass
class Bullets:
    items: list[str]
    style: str = "body"


@dataclass
class Table:
    key: str
    caption: str
    frame: pd.DataFrame
    note: str = ""
    widths: list[float] | None = None    # relative column widths
    numeric: tuple[str, ...] = ()        # right-aligned columns


@dataclass
class Figure:
    key: str                             # timeline | year_charts | alignment | sanctions_period | network
    caption: str
    height: float                        # at the page's content width, in 96-dpi pixels
    data: dict[str, Any] = field(default_factory=dict)
    note: str = ""


Block = Paragraph | Bullets | Table | Figure


@dataclass
class Section:
    key: str
    title: str
    blocks: list[Block] = field(default_factory=list)


@dataclass
class Brief:
    options: BriefOptions
    title: str
    banner: str
    period_label: str
    generated_at: str                     # UTC, "YYYY-MM-DD HH:MM UTC"
    vintage: dict[str, str]
    filters: list[str]
    judgments: list[jd.Judgment]
    scorecard: Table
    sections: list[Section]

    @property
    def footnotes(self) -> list[tuple[int, str]]:
        """(number, text) over the key judgments, in order."""
        out, n = [], 0
        for j in self.judgments:
            for note in j.footnotes:
                n += 1
                out.append((n, note))
        return out

    def figures(self) -> list[Figure]:
        return [b for s in self.sections for b in s.blocks if isinstance(b, Figure)]


def optional_module(name: str):
    """A module written elsewhere that may not exist yet (the ledger): None when it is absent."""
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name == name:
            return None
        raise


def build_brief(store: Store, options: BriefOptions, progress: Progress | None = None,
                now: datetime | None = None) -> Brief:
    """Everything the brief shows. Raises BriefError for an empty period or no data in it."""
    from models.tables import build_table

    progress = progress or Progress()
    start, end = options.start, options.end
    if start is not None and end is not None and start > end:
        raise BriefError(f"the period is empty: {start.isoformat()} is after {end.isoformat()}")
    period = Period(start, end)
    progress.step(0, 6, "Reading the tables")
    launches = build_table(store, "launches")
    statements = build_table(store, "statements")
    launch_rows = launches[launches["date"].astype(str).map(period.contains)].reset_index(drop=True)
    facts = jd.launch_facts(launches, start, end)
    period_statements = jd.statements_in_period(statements, start, end)
    new = jd.new_designations(store, start, end)
    if launch_rows.empty and period_statements.empty and new.empty:
        raise BriefError(f"the database holds no launches, statements or designations in {period.label()}; "
                         "choose another period or import data")
    ledger_mod = optional_module("models.analytics.ledger")
    ledger = ledger_mod.ledger_table(store, options.window_days) if ledger_mod else None

    progress.step(1, 6, "Alignment")
    from models.analytics.alignment import data_gaps
    from models.analytics.alignment_view import AlignmentOptions, alignment_view

    view = alignment_view(store, period_statements, AlignmentOptions(country_group=options.country_group))
    gaps = data_gaps(store)
    vintage = store.data_vintage()
    label = period.label()
    year = jd.single_year(start, end)
    ctx = _Context(store, options, period, launches, launch_rows, statements, period_statements, facts, new, view,
                   gaps, ledger, ledger_mod, vintage, year)

    progress.step(2, 6, "Key judgments")
    authorities = [r[0] for r in store.rows("SELECT DISTINCT authority FROM designations WHERE dprk = 1 ORDER BY 1")]
    candidates = [
        jd.launch_judgment(facts, launch_rows, label, year, vintage.get("cns_missiles")),
        jd.response_judgment(launch_rows, statements, options.window_days, ledger),
        jd.statements_judgment(period_statements, view.margins),
        jd.drift_judgment(view.rows, "US-led joint statements") if view.primary_series == "us_led" else None,
        jd.designations_judgment(new, authorities, label) if authorities else None,
        jd.gap_judgment(gaps, _period_years(start, end, launches)),
    ]
    judgments = [j for j in candidates if j is not None][:6]

    builders: dict[str, Callable[[_Context], Section]] = {
        "missiles": _missiles_section, "diplomacy": _diplomacy_section, "sanctions": _sanctions_section,
        "ledger": _ledger_section, "sources": _sources_section}
    sections = []
    for i, key in enumerate(k for k in ALL_SECTIONS if k in options.sections):
        progress.step(3, 6, SECTION_TITLES[key])
        sections.append(builders[key](ctx))
    progress.step(6, 6, "Done")
    stamp = (now or datetime.now(timezone.utc)).strftime("%Y-%m-%d %H:%M UTC")
    return Brief(options, options.title or DEFAULT_TITLE, options.banner, label, stamp, vintage,
                 _filters(options, period), judgments, _scorecard(ctx), sections)


@dataclass
class _Context:
    store: Store
    options: BriefOptions
    period: Period
    launches: pd.DataFrame
    launch_rows: pd.DataFrame
    statements: pd.DataFrame
    period_statements: pd.DataFrame
    facts: jd.LaunchFacts
    new: pd.DataFrame
    view: Any
    gaps: pd.DataFrame
    ledger: pd.DataFrame | None
    ledger_mod: Any
    vintage: dict[str, str]
    year: int | None


def _period_years(start: date | None, end: date | None, launches: pd.DataFrame) -> set[str]:
    first = start.year if start else int(str(launches["date"].min())[:4]) if len(launches) else 1984
    last = end.year if end else date.today().year
    return {str(y) for y in range(first, last + 1)}


def _filters(options: BriefOptions, period: Period) -> list[str]:
    return [f"Period: {period.label()}",
            f"Countries: {options.country_group or 'all'}",
            "Launches: every class, outcome and confirmation status (CNS count)",
            f"Response window: {options.window_days} days after each launch"]


def _fmt(value: Any, digits: int = 0) -> str:
    if value is None or (not isinstance(value, (str, list, tuple)) and pd.isna(value)):
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    return str(value)


def _scorecard(ctx: _Context) -> Table:
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


# -- sections ---------------------------------------------------------------------------------------
def _missiles_section(ctx: _Context) -> Section:
    from models.paths import REFERENCE_DIR

    s = Section("missiles", SECTION_TITLES["missiles"])
    f, o = ctx.facts, ctx.options
    s.blocks.append(Paragraph(f"{ctx.period.label()[0].upper() + ctx.period.label()[1:]}: {f.n_events} launch "
                              f"events, {f.n_missiles} missiles ({tl.COUNT_SOURCE}).", "lead"))
    last = str(ctx.launches["date"].iloc[-1]) if len(ctx.launches) else None
    if last and o.end and o.end.isoformat() > last:
        s.blocks.append(Paragraph(f"The CNS data end on {last}; later launches are not counted.", "note"))
    context = tl.load_context_events(str(REFERENCE_DIR / "context_events.csv"))
    ticks = tl.statement_ticks(ctx.period_statements)
    s.blocks.append(Figure("timeline", "Launch events by class (marker size: missiles; colour: outcome; hollow: "
                           "unconfirmed; dashed: nuclear test; ticks: statements)", 300,
                           {"events": f.events, "mask": f.mask, "start": o.start, "end": o.end,
                            "context": context, "statements": ticks}))
    yearly, rec_e, rec_m, curves = tl.year_comparison(f.events, np.ones(len(f.events), bool), o.start, o.end)
    s.blocks.append(Figure("year_charts", "Launch events and missiles per year (record years highlighted); "
                           "cumulative missiles by day of year", 260,
                           {"yearly": yearly, "records_events": rec_e, "records_missiles": rec_m,
                            "curves": curves}))
    rows = ctx.launch_rows
    frame = pd.DataFrame({
        "Date": rows["date"].astype(str), "Launch": rows["launch_id"].astype(str),
        "Classes": rows["classes"].fillna("").astype(str), "Missiles": rows["missile_count"].astype(int).astype(str),
        "Facility": rows["facility"].fillna("").astype(str),
        "Apogee km": [_fmt(v) for v in pd.to_numeric(rows["max_apogee_km"], errors="coerce")],
        "Range km": [_fmt(v) for v in pd.to_numeric(rows["max_distance_km"], errors="coerce")],
        "Outcome": rows["outcome"].fillna("").astype(str), "Confirmed": rows["confirmation"].fillna("").astype(str)})
    s.blocks.append(Table("launches", f"Launch events in the period ({len(frame)})", frame,
                          widths=[1.3, 1.55, 1.2, 0.95, 2.3, 1, 1, 1.15, 1.35],
                          numeric=("Missiles", "Apogee km", "Range km")))
    return s


def _diplomacy_section(ctx: _Context) -> Section:
    from models.analytics.alignment_stats import SERIES_NAMES

    s = Section("diplomacy", SECTION_TITLES["diplomacy"])
    view = ctx.view
    n_rows, n_cols = view.matrix.shape
    if not n_cols:
        s.blocks.append(Paragraph("No statements or votes are recorded in the period.", "note"))
        return s
    s.blocks.append(Paragraph(f"{n_cols} statements and votes, {n_rows} countries. Rows are grouped by bloc; the "
                              "right margin counts each country's "
                              f"{SERIES_NAMES.get(view.primary_series, view.primary_series or '')}.", "lead"))
    height = min(60 + 16 * n_rows + 150, 900)
    s.blocks.append(Figure("alignment", "Who joined what: countries (rows) by statement and vote (numbered columns)", height, {"view": view}))
    cols, m = view.matrix.columns, view.margins
    s.blocks.append(Table("matrix_columns", "The matrix's columns: statements and votes in the period", pd.DataFrame({
        "#": [str(i + 1) for i in range(len(cols))],
        "Label": [str(lb) for lb in cols["label"]],
        "Date": cols["date"].astype(str), "Title": cols["title"].fillna("").astype(str),
        "Signed / yes": [str(int(n)) if k else "not recorded" for n, k in zip(m["signatories"], m["positions_known"])],
        "Council": [f"{int(sc)}/{int(sz)}{' majority' if mj else ''}" if k else "—"
                    for sc, sz, mj, k in zip(m["council_signatories"], m["council_size"], m["council_majority"],
                                             m["positions_known"])]}),
        note="Figure columns are numbered as in this table. Bottom margin of the figure: Council members among the "
             "signatories (★ a majority, 8 or more of 15; n/r: signatories not recorded). Right margin: each "
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
        "Joined": [_fmt(int(v)) if pd.notna(v) else "—" for v in rows["joined"]],
        "Eligible": [_fmt(int(v)) if pd.notna(v) else "—" for v in rows["eligible"]],
        "Rate": [f"{v:.0%}" if pd.notna(v) else "—" for v in rate],
        "Last joined": rows["last_joined"].fillna("—").astype(str),
        "Drift": rows["drift_text"].fillna("").astype(str)})
    s.blocks.append(Table("participation", f"Participation in the "
                          f"{SERIES_NAMES.get(view.primary_series, 'statements')}", frame,
                          widths=[2.2, 1.6, 0.8, 0.8, 0.8, 1.3, 2.6], numeric=("Joined", "Eligible", "Rate")))
    shifts = [f"{c}: {t}" for c, t in zip(rows["country"], rows["drift_text"]) if isinstance(t, str) and t]
    s.blocks.append(Paragraph("Notable shifts", "subhead"))
    s.blocks.append(Bullets(shifts or ["No country started or stopped joining in the period."]))
    if view.notes:
        s.blocks.append(Paragraph("Gaps: " + "; ".join(n.rstrip(".") for n in view.notes) + ".", "note"))
    return s


def _sanctions_section(ctx: _Context) -> Section:
    s = Section("sanctions", SECTION_TITLES["sanctions"])
    new, o = ctx.new, ctx.options
    frame = pd.DataFrame({
        "Authority": new["authority"].astype(str), "ID": new["source_id"].astype(str),
        "Name": new["name"].astype(str), "Type": new["type"].astype(str),
        "Programs": new["programs"].fillna("").astype(str), "Date": new["date"].astype(str),
        "Dated by": new["basis"].astype(str).str.replace(" in snapshot", "", regex=False)})
    s.blocks.append(Table("designations", f"New DPRK-related designations in the period ({len(frame)})", frame,
                          widths=[1.3, 0.8, 3.6, 1, 1.4, 1.2, 1.1],
                          note="OFAC publishes no designation date: an entry is dated by the first stored list "
                               "snapshot that holds it. Entries already on a list's first stored snapshot are not "
                               "counted as new."))
    every = jd.new_designations(ctx.store, None, None)
    counts = pd.DataFrame()
    if len(every):  # years x authority, zero-filled (the layout of models.analytics.sanctions.period_counts)
        table = every.assign(year=every["date"].astype(str).str[:4]).groupby(["year", "authority"]).size()
        table = table.unstack("authority", fill_value=0)
        years_all = [str(y) for y in range(int(table.index.min()), int(table.index.max()) + 1)]
        counts = table.reindex(years_all, fill_value=0).astype("int64")
    years = {str(y) for y in range(o.start.year, o.end.year + 1)} if o.start and o.end else set()
    s.blocks.append(Figure("sanctions_period", "New DPRK-related designations per year by authority (the "
                           "brief's period highlighted). UN: listed-on date. OFAC publishes no designation date: "
                           "an entry counts in the year of the first list snapshot that shows it", 220, {"counts": counts, "highlight": sorted(years)}))
    s.blocks.extend(_network_blocks(ctx))
    s.blocks.extend(_changes_blocks(ctx))
    s.blocks.extend(_revenue_blocks(ctx))
    return s


def _network_blocks(ctx: _Context) -> list[Block]:
    """The period's designations and their direct neighbours (links, shared addresses/identifiers)."""
    network = optional_module("models.network")
    if network is None:
        return [Paragraph("The network figure is not available in this version of the program.", "note")]
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


def _changes_blocks(ctx: _Context) -> list[Block]:
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


def _revenue_blocks(ctx: _Context) -> list[Block]:
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


def _ledger_section(ctx: _Context) -> Section:
    s = Section("ledger", SECTION_TITLES["ledger"])
    if ctx.ledger is None:
        s.blocks.append(Paragraph("The response ledger is not available in this version of the program "
                                  "(models.analytics.ledger is missing), so this section shows no figures.", "note"))
        return s
    ledger = ctx.ledger
    rows = ledger[ledger["date"].astype(str).map(ctx.period.contains)]
    pick = [c for c in ("date", "launch_id", "classes", "missile_count", "statement_ids", "first_statement_lag_days",
                        "council_majority", "designations_in_window", "response") if c in rows.columns]
    names = {"date": "Date", "launch_id": "Launch", "classes": "Classes", "missile_count": "Missiles",
             "statement_ids": "Statements", "first_statement_lag_days": "Lag (days)",
             "council_majority": "Council majority", "designations_in_window": "Designations",
             "response": "Response"}
    frame = rows[pick].copy()
    for c in pick:
        frame[c] = [_fmt(v) for v in frame[c]]
    frame.columns = [names[c] for c in pick]
    s.blocks.append(Paragraph(f"Each launch event in the period against the responses inside the "
                              f"{ctx.options.window_days}-day window.", "lead"))
    lag = pd.to_numeric(rows.get("first_statement_lag_days"), errors="coerce") if len(rows) else pd.Series(dtype=float)
    days = rows["date"].astype(str).where(rows["date"].astype(str).str.len() == 10, rows["date"].astype(str) + "-01")
    t = pd.to_datetime(days, format="%Y-%m-%d").dt.as_unit("s").astype("int64") if len(rows) else pd.Series(dtype="int64")
    s.blocks.append(Figure("ledger", f"Days from each launch to the first joint statement (bars); launches with no "
                           f"statement inside the {ctx.options.window_days}-day window marked on the axis", 200,
                           {"t": t.to_numpy(), "lag": lag.to_numpy(dtype=float), "window_days": ctx.options.window_days,
                            "start": ctx.options.start, "end": ctx.options.end}))
    widths = {"Date": 1.25, "Launch": 1.45, "Classes": 1.0, "Missiles": 0.9, "Statements": 2.3, "Lag (days)": 0.85,
              "Council majority": 1.0, "Designations": 1.4, "Response": 1.0}
    s.blocks.append(Table("ledger", f"Response ledger ({len(frame)} launch events)", frame.reset_index(drop=True),
                          widths=[widths[c] for c in frame.columns],
                          numeric=tuple(n for n in ("Missiles", "Lag (days)", "Designations") if n in frame.columns)))
    return s


def _sources_section(ctx: _Context) -> Section:
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
    gaps += [n for n in ctx.view.notes if "signatories not recorded" in n]
    snapshots = ctx.store.rows("SELECT list_name, GROUP_CONCAT(snapshot_date, ', ') FROM"
                               " (SELECT list_name, snapshot_date FROM list_snapshots ORDER BY snapshot_date)"
                               " GROUP BY list_name")
    for list_name, dates in snapshots:
        gaps.append(f"{list_name}: snapshots stored for {dates}; changes between snapshots are dated by the "
                    "snapshot, not by the day they happened.")
    if len(ctx.launches):
        gaps.append(f"CNS missile tests: the database runs from {ctx.launches['date'].iloc[0]} to "
                    f"{ctx.launches['date'].iloc[-1]}; month-only dates are counted in their month.")
    s.blocks.append(Bullets(gaps or ["No data gaps recorded."]))
    s.blocks.append(Paragraph("Method: launch events and missiles are the CNS count; a joint statement's Council "
                              "majority means 8 or more of the 15 Council members at its date signed it; "
                              "designations are DPRK-related entries as the lists define them.", "note"))
    return s
