"""The brief as data: page-one summary, sections of paragraphs, tables and figure specs (no Qt).

`build_brief` runs in a worker thread (it only reads the store); the scorecard and each section are
built in models.report.scorecard and models.report.sections_*. The renderers in ui/export
(PDF, print) and models.report.html (HTML) draw what it returns. All text is plain text: the
renderers escape it, so names from the data are never interpreted as markup.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from typing import Any, Callable

import pandas as pd

from models.analytics import timeline as tl
from models.briefing_model import Period
from models.progress import Progress
from models.report import judgments as jd
from models.store import Store

DEFAULT_TITLE = "DPRK Pressure Brief"
DEFAULT_BANNER = "UNCLASSIFIED // FOR DISCUSSION"
# the argument's order: the provocations, then the response to each launch, diplomacy, sanctions
ALL_SECTIONS = ("missiles", "ledger", "diplomacy", "sanctions", "sources")
SECTION_TITLES = {"missiles": "Missile activity", "diplomacy": "Diplomatic response",
                  "sanctions": "Sanctions response", "ledger": "Response ledger", "sources": "Sources and notes"}
# a section's tables and long lists go to the annex under these titles (the argument keeps its figures)
ANNEX_TITLES = {"missiles": "Launch events", "ledger": "Response ledger", "diplomacy": "Who joined what",
                "sanctions": "Designations and list changes", "sources": "Sources and notes"}
DATASET_NAMES = {"cns_missiles": "CNS missile tests", "statements": "Statement register",
                 "ofac_sdn": "OFAC SDN list", "un_consolidated": "UN Consolidated List",
                 "nagix_missiles": "nagix missile tests (preliminary, third-party)"}


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
    """A part of the argument (`blocks`: text and figures) and its exhibits for the annex (`annex`:
    tables, long lists, the dense matrix), which the renderers print after the argument."""
    key: str
    title: str
    blocks: list[Block] = field(default_factory=list)
    annex: list[Block] = field(default_factory=list)

    @property
    def all_blocks(self) -> list[Block]:
        return self.blocks + self.annex

    @property
    def annex_title(self) -> str:
        return ANNEX_TITLES.get(self.key, self.title)


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
    finding: str = ""                     # page one's headline: the computed answer (models.report.finding)
    standfirst: str = ""                  # the verdict line under it (models.analytics.pressure)
    hero: Figure | None = None            # pressure against provocations, on page one

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
        """Every figure: the hero first, then the argument's, then the annex's (each key once)."""
        hero = [self.hero] if self.hero is not None else []
        return hero + [b for s in self.sections for b in s.blocks if isinstance(b, Figure)] + \
            [b for s in self.sections for b in s.annex if isinstance(b, Figure)]

    def argument(self) -> list[Section]:
        """The sections that have text or figures for the argument (before the annex)."""
        return [s for s in self.sections if s.blocks]

    def annex(self) -> list[Section]:
        return [s for s in self.sections if s.annex]


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
    from models.analytics.ledger import ledger_table
    from models.analytics.ledger_data import load as load_ledger
    from models.analytics.ledger_score import compute, headline_figures, ledger_rows

    data = load_ledger(store)
    coverage = data.coverage
    check_period(store, start, end)
    # one computation: page one, the key judgments and the later sections all read these figures
    card = compute(data, ledger_rows(data, options.window_days), start, end)
    headline = headline_figures(store, start, end, options.window_days, resolve_all=False)
    new = jd.period_designations(store, card)
    ledger = ledger_table(store, options.window_days)

    progress.step(1, 6, "Alignment")
    from models.analytics.alignment import data_gaps
    from models.analytics.alignment_view import AlignmentOptions, alignment_view

    view = alignment_view(store, period_statements, AlignmentOptions(country_group=options.country_group))
    gaps = data_gaps(store)
    vintage = store.data_vintage()
    label = period.label()
    year = jd.single_year(start, end)
    ctx = BriefContext(store, options, period, launches, launch_rows, statements, period_statements, facts, new, view,
                       gaps, ledger, vintage, year, card, headline, coverage, data.awaiting_review)

    progress.step(2, 6, "Key judgments")
    from models.analytics.pressure import pressure_summary
    from models.report import finding

    summary = pressure_summary(store, start, end, options.window_days)
    parts = {
        "launches": jd.launch_judgment(facts, card, label, year, coverage, start, end),
        "response": jd.response_judgment(card, options.window_days, coverage, start, end, facts.events),
        "statements": jd.statements_judgment(card, label, coverage, start, end),
        "drift": jd.drift_judgment(view.rows, "US-led joint statements")
        if view.primary_series == "us_led" and card["statements"].value else None,
        "designations": jd.designations_judgment(card, data.authorities, label, coverage, start, end)
        if data.authorities else None,
        "gap": jd.gap_judgment(gaps, _period_years(start, end, launches)),
    }
    judgments = finding.key_judgments(parts, summary, card, headline, data.authorities, coverage, start, end,
                                      view.rows if parts["drift"] is not None else None, facts.events)
    title = finding.finding_title(summary, headline, label, card["launch_events"].coverage != "not covered")
    hero = Figure("pressure", pressure_caption(summary), 340, {"summary": summary})

    # imported here: the section modules import this module's block classes
    from models.report import (sections_diplomacy, sections_ledger, sections_missiles, sections_sanctions,
                               sections_sources)
    from models.report.scorecard import scorecard

    builders: dict[str, Callable[[BriefContext], Section]] = {
        "missiles": sections_missiles.missiles_section, "diplomacy": sections_diplomacy.diplomacy_section,
        "sanctions": sections_sanctions.sanctions_section, "ledger": sections_ledger.ledger_section,
        "sources": sections_sources.sources_section}
    sections = []
    for i, key in enumerate(k for k in ALL_SECTIONS if k in options.sections):
        progress.step(3, 6, SECTION_TITLES[key])
        sections.append(builders[key](ctx))
    progress.step(6, 6, "Done")
    stamp = (now or datetime.now(timezone.utc)).strftime("%Y-%m-%d %H:%M UTC")
    return Brief(options, options.title or DEFAULT_TITLE, options.banner, label, stamp, vintage,
                 _filters(options, period, tl.count_text(facts.events, facts.mask)), judgments, scorecard(ctx),
                 sections, title, summary.verdict, hero)


def pressure_caption(summary) -> str:
    """The hero figure's caption: what each side of the line counts, per bin."""
    per = {"month": "month", "quarter": "quarter", "year": "year"}[summary.granularity]
    return (f"Pressure against provocations, per {per}: launch events above the line (★ nuclear test); "
            f"below it, joint statements (solid: 8 or more of the 15 Council members signed; hatched: fewer), "
            f"Council votes (cross-hatched) and designations dated in the {per} (dotted). Grey hatching: a source "
            "does not cover the span, so nothing there counts as zero")


def check_period(store: Store, start: date | None, end: date | None) -> None:
    """Raise BriefError when no brief can be made for [start, end]: an empty period, or one no source the
    store holds covers at all (the export dialog asks this before asking for a file name)."""
    from models.coverage import MEASURES, NOT_COVERED, load

    if start is not None and end is not None and start > end:
        raise BriefError(f"the period is empty: {start.isoformat()} is after {end.isoformat()}")
    coverage = load(store)
    if all(coverage.status(m, start, end) == NOT_COVERED for m in MEASURES):
        raise BriefError(f"the database holds no launches, statements or designations in {Period(start, end).label()}, "
                         "and no source it holds covers that period (the brief could only say 'not covered'); "
                         "choose another period or import data")


@dataclass
class BriefContext:
    """What build_brief has read and computed once, for the scorecard and every section builder."""
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
    ledger: pd.DataFrame
    vintage: dict[str, str]
    year: int | None
    card: dict[str, Any]                  # ledger_score.compute for the period: every figure the brief states
    headline: list[Any]                   # the page-one scorecard rows (the same computation)
    coverage: Any                         # models.coverage.Coverage
    awaiting_review: int = 0              # designations with suggested revenue streams awaiting review


def _period_years(start: date | None, end: date | None, launches: pd.DataFrame) -> set[str]:
    first = start.year if start else int(str(launches["date"].min())[:4]) if len(launches) else 1984
    last = end.year if end else date.today().year
    return {str(y) for y in range(first, last + 1)}


def _filters(options: BriefOptions, period: Period, whose: str) -> list[str]:
    return [f"Period: {period.label()}",
            f"Countries: {options.country_group or 'all'}",
            f"Launches: launch events ({whose}), every class, outcome and confirmation status",
            f"Response window: {options.window_days} days after each launch"]


def fmt_cell(value: Any, digits: int = 0) -> str:
    """A table cell's text: "—" for a missing value, yes/no for a flag, thousands separators for a float."""
    if value is None or (not isinstance(value, (str, list, tuple)) and pd.isna(value)):
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    return str(value)
