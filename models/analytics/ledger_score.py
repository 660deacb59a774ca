"""The scorecard: a period's launches against its statements, Council votes and designations.

`period_scorecard` gives every figure with the ids of the records behind it (and the table they
come from), so a view can always show what a number counts. `scorecard_table` is one row per
year; `headline_figures` is what the dashboard's headline strip and the printed brief show.
"""
from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from models.analytics.ledger import (
    DEFAULT_WINDOW_DAYS, LedgerRow, lag_text, ledger_rows, stream_breakdown)
from models import response_vocabulary as vocab
from models.analytics.ledger_data import LedgerData, load, split_by_period
from models.coverage import (
    RESPONSE_MEASURES, COVERED, DESIGNATIONS, LAUNCHES, NOT_COVERED, NOT_COVERED_TEXT, PARTIAL, STATEMENTS, VOTES, Coverage)
from models.launch_sources import SOURCES, source
from models.statement_kinds import LIST_NOT_RECORDED, RECORDED_UNDER, UN_LAUNCH_SERIES, count_text
from models.store import Store

if TYPE_CHECKING:
    import pandas as pd

SCORECARD_COLUMNS = [
    "year", "launch_events", "missiles", "icbm_events", "statements", "statements_council_majority",
    "avg_signatories", "council_votes", "council_products_adopted", "vetoes", "designations",
    "designations_by_authority", "designations_by_stream", "designations_possible", "median_statement_lag_days",
    "median_designation_lag_days", "no_response_launches", "no_response_share", "launch_count", "statements_note"]


@dataclass
class Figure:
    """One number of the scorecard and the records behind it."""

    key: str
    label: str
    value: float | int | None
    text: str                                  # the value as shown ("36", "10.8", "3-20", "n/a")
    record_ids: list[str]
    table: str                                 # launches / statements / designations / ledger
    note: str = ""
    parts: dict[str, list[str]] = field(default_factory=dict)   # breakdown -> record ids
    coverage: str = COVERED                    # covered / partial / not covered (models.coverage)
    coverage_note: str = ""                    # what covers the measure (tooltip, footnote)


@dataclass
class HeadlineFigure:
    key: str
    label: str
    value: str
    comparison: str                            # the same period a year earlier
    source: str
    record_ids: list[str]
    table: str
    note: str = ""
    coverage: str = COVERED
    coverage_note: str = ""
    comparison_coverage: str = COVERED


# Figure key -> the measures whose coverage it needs (models.coverage)
FIGURE_MEASURES = {
    "launch_events": (LAUNCHES,), "missiles": (LAUNCHES,), "icbm_events": (LAUNCHES,),
    "statements": (STATEMENTS,), "statements_council_majority": (STATEMENTS,), "avg_signatories": (STATEMENTS,),
    "council_votes": (VOTES,), "council_products_adopted": (STATEMENTS, VOTES), "vetoes": (VOTES,),
    "designations": (DESIGNATIONS,), "designations_possible": (DESIGNATIONS,),
    "median_statement_lag": (LAUNCHES, STATEMENTS), "median_designation_lag": (LAUNCHES, DESIGNATIONS),
    "no_response_share": (LAUNCHES,)}


def _in(iso: str, start: date | None, end: date | None) -> bool:
    """Whether an ISO date (or a YYYY-MM month, which counts if it overlaps) lies in [start, end]."""
    first, last = (iso + "-01", iso + "-31") if len(iso) == 7 else (iso, iso)
    return (start is None or last >= start.isoformat()) and (end is None or first <= end.isoformat())


def _median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def _num(value: float | None, digits: int = 0) -> str:
    if value is None:
        return "n/a"
    return f"{value:.{digits}f}" if digits and value != int(value) else f"{int(round(value)):,}"


def compute(data: LedgerData, rows: list[LedgerRow], start: date | None, end: date | None) -> dict[str, Figure]:
    """Every scorecard figure for [start, end] (None: open-ended)."""
    launch_rows = [r for r in rows if _in(r.launch.date, start, end)]
    launches = [r.launch for r in launch_rows]
    said = [s for s in data.statements if not s.is_vote and _in(s.date, start, end)]
    known = [s for s in said if s.signatories is not None]
    votes = [s for s in data.statements if s.is_vote and _in(s.date, start, end)]
    counted, possible = split_by_period(data.designations, start, end)
    lids = [x.launch_id for x in launches]
    f: dict[str, Figure] = {}

    def add(key, label, value, text, ids, table, note="", parts=None):
        f[key] = Figure(key, label, value, text, [str(i) for i in ids], table, note, parts or {})

    preliminary = [x for x in launches if x.preliminary]
    whose = "; ".join(f"{sum(x.dataset == d for x in launches)} {source(d).label}"
                      for d in dict.fromkeys(x.dataset for x in launches))
    add("launch_events", "Launch events", len(launches), _num(len(launches)), lids, "launches", whose,
        {source(d).label: [x.launch_id for x in launches if x.dataset == d] for d in {x.dataset for x in launches}})
    n_missiles = sum(x.missile_count for x in launches)
    add("missiles", "Missiles", n_missiles, _num(n_missiles), lids, "launches", whose)
    icbm = [x.launch_id for x in launches if x.is_icbm]
    add("icbm_events", "ICBM launch events", len(icbm), _num(len(icbm)), icbm, "launches", whose)
    if preliminary:          # every launch figure says when (part of) it is the preliminary source's count
        shares = {"launch_events": (len(preliminary), len(launches)),
                  "missiles": (sum(x.missile_count for x in preliminary), n_missiles),
                  "icbm_events": (sum(x.is_icbm for x in preliminary), len(icbm))}
        for key, (part, whole) in shares.items():
            if part:
                f[key].text += " (preliminary)" if part == whole else f" ({part} preliminary)"
    series = {s.series_id or s.kind: [] for s in said}
    for s in said:
        series[s.series_id or s.kind].append(s.statement_id)
    others = [s for s in said if s.series_id not in UN_LAUNCH_SERIES and s.series_id is not None]
    said = [s for s in said if s not in others]       # the UN joint statements; G7 and context rows apart
    known = [s for s in said if s.signatories is not None]

    def series_text(k: str, ids: list[str]) -> str:
        unknown = sum(1 for s in data.statements if s.statement_id in ids and s.signatories is None)
        return (count_text(len(ids), data.series_names.get(k, k.replace('_', ' ')))
                + (f" ({unknown} {LIST_NOT_RECORDED})" if unknown else ""))

    counted_series = [k for k in series if k not in {s.series_id for s in others}]
    # series the register holds but not for this period (G7 in 2022): "not covered", not absent; a series recorded
    # under others where the register covers those (E10 in 2023-2024: RECORDED_UNDER) is covered there
    def uncovered(k: str) -> bool:
        return data.coverage.series_status(k, start, end) == NOT_COVERED
    gaps = [k for k in data.series_names if k not in series and data.coverage.status(STATEMENTS, start, end) !=
            NOT_COVERED and uncovered(k) and not (k in RECORDED_UNDER and not any(map(uncovered, RECORDED_UNDER[k])))]
    gap_text = {k: f"{data.series_names[k]}: {NOT_COVERED_TEXT}" for k in gaps}
    note = "; ".join([series_text(k, series[k]) for k in counted_series]
                     + [gap_text[k] for k in gaps if k in UN_LAUNCH_SERIES])
    apart = [series_text(k, v) for k, v in series.items() if k not in counted_series]
    apart += [gap_text[k] for k in gaps if k not in UN_LAUNCH_SERIES]
    if apart:
        note += ("; " if note else "") + "not counted here: " + ", ".join(apart)
    add("statements", "Joint statements", len(said), _num(len(said)), [s.statement_id for s in said], "statements",
        note, series)
    majority = [s.statement_id for s in said if s.council_majority]
    add("statements_council_majority", "With a Council majority", len(majority), _num(len(majority)), majority,
        "statements", f"8+ of the 15 Council members among the signatories; of {len(known)} with named signatories")
    avg = statistics.fmean(s.signatories for s in known) if known else None
    add("avg_signatories", "Average signatories", avg, _num(avg, 1), [s.statement_id for s in known], "statements",
        f"over the {len(known)} statements whose signatories are named")
    add("council_votes", "Council votes", len(votes), _num(len(votes)), [v.statement_id for v in votes], "statements",
        "; ".join(f"{v.statement_id}: {v.outcome or 'outcome not recorded'}" for v in votes))
    products = [s.statement_id for s in data.statements if s.adopted and _in(s.date, start, end)]
    add("council_products_adopted", "Adopted by the Council", len(products), _num(len(products)), products,
        "statements", "adopted resolutions, presidential and press statements")
    vetoed = [v for v in votes if v.vetoes]
    n_vetoes = sum(len(v.vetoes) for v in votes)
    add("vetoes", "Vetoes", n_vetoes, _num(n_vetoes), [v.statement_id for v in vetoed], "statements",
        "; ".join(f"{v.statement_id}: {', '.join(v.vetoes)}" for v in vetoed))
    by_authority: dict[str, list[int]] = {}
    for d in counted:
        by_authority.setdefault(d.authority, []).append(d.designation_id)
    ranged = sum(not d.exact for d in counted)
    note = "; ".join(f"{a} {len(by_authority.get(a, []))}" for a in data.authorities
                     if data.coverage.scope_status(DESIGNATIONS, a, start, end) != NOT_COVERED)
    if ranged:
        note += f"; {ranged} dated only to a window between two list versions, all of it inside the period"
    if counted:
        note += f"; revenue streams (confirmed tags only): {stream_breakdown(counted, data.tagged)}"
    if data.awaiting_review:
        note += f"; {data.awaiting_review} DPRK designations have suggested revenue streams awaiting review"
    add("designations", "DPRK designations", len(counted), _num(len(counted)), [d.designation_id for d in counted],
        "designations", note, {k: [str(i) for i in v] for k, v in by_authority.items()})
    add("designations_possible", "Designations possibly in the period", len(possible), _num(len(possible)),
        [d.designation_id for d in possible], "designations",
        "dated only to a window between two list versions that overlaps the period without lying inside it: "
        "possibly in the period, never counted as dated")
    lagged = [r for r in launch_rows if r.statement_lag is not None]
    med = _median([r.statement_lag for r in lagged])
    add("median_statement_lag", "Median days to statement", med, _num(med, 1),
        [r.launch.launch_id for r in lagged], "ledger", f"over the {len(lagged)} launches with a statement")
    dlag = [r for r in launch_rows if r.designation_lag is not None]
    dmed = None if not dlag else (_median([r.designation_lag[0] for r in dlag]),
                                  _median([r.designation_lag[1] for r in dlag]))
    add("median_designation_lag", "Median days to a designation", dmed[0] if dmed else None,
        lag_text((round(dmed[0]), round(dmed[1]))) if dmed else "n/a", [r.launch.launch_id for r in dlag], "ledger",
        f"over the {len(dlag)} launches with a designation in the window")
    covered = [r for r in launch_rows if not r.missing]
    silent = [r.launch.launch_id for r in covered if r.category == vocab.NO_RESPONSE]
    # not covered: nothing counted as a response found, and a response source does not cover the window
    open_rows = [r for r in launch_rows if r.missing and not vocab.TERMS[r.category].counts_as_response]
    unknown = [r.launch.launch_id for r in open_rows]
    maybe = [r.launch.launch_id for r in covered if r.category == vocab.DESIGNATION_POSSIBLE]
    share = len(silent) / len(covered) if covered else None
    if covered:
        note = (f"{len(silent)} of the {len(covered)} launch events whose {vocab.WINDOW_TEXT} every response "
                "source covers drew no statement, vote or dated designation")
    else:
        answered = sum(vocab.TERMS[r.category].counts_as_response for r in launch_rows)
        note = f"no launch event's {vocab.WINDOW_TEXT} is covered by every response source"
        if answered:       # a response found is a fact; "0 of N drew one" would read as a finding no source covers
            note += f"; {answered} of {len(launch_rows)} drew a statement, vote or dated designation"
    if maybe:
        note += f" ({len(maybe)} of them had only a designation possibly in the window, not counted as a response)"
    if unknown:
        sources = list(dict.fromkeys(m for r in open_rows for m in r.missing))
        note += (f"; {len(unknown)} launch events not covered: nothing found, but their {vocab.WINDOW_TEXT} is not "
                 f"covered for {', '.join(sources)}")
    add("no_response_share", "Launches with no response", share,
        NOT_COVERED_TEXT if share is None and launch_rows else "n/a" if share is None else f"{share:.0%}",
        silent, "ledger", note, {vocab.NO_RESPONSE: silent, vocab.NOT_COVERED: unknown,
                                 vocab.DESIGNATION_POSSIBLE: maybe})
    _apply_coverage(f, data.coverage, start, end)
    return f


def _apply_coverage(figures: dict[str, Figure], coverage: Coverage, start: date | None, end: date | None) -> None:
    """Mark each figure covered / partial / not covered; an uncovered one says so instead of a number."""
    for key, fig in figures.items():
        measures = FIGURE_MEASURES.get(key, ())
        states = {coverage.status(m, start, end) for m in measures}
        state = COVERED if states <= {COVERED} else NOT_COVERED if NOT_COVERED in states else PARTIAL
        if key == "no_response_share" and state != NOT_COVERED:       # also needs the response sources
            unknown, judged = fig.parts.get(vocab.NOT_COVERED, []), fig.value is not None
            state = NOT_COVERED if unknown and not judged else PARTIAL if unknown else state
            measures = measures + RESPONSE_MEASURES
        fig.coverage = state
        fig.coverage_note = " ".join(coverage.note(m, start, end) for m in measures)
        if state == NOT_COVERED:
            fig.value, fig.text = None, NOT_COVERED_TEXT
        elif state == PARTIAL and fig.text not in ("n/a", NOT_COVERED_TEXT):
            fig.text += " (partial)"


def by_authority_text(data: LedgerData, fig: Figure, start: date | None, end: date | None) -> str:
    """'OFAC 21; UN 1718 Committee 0', with 'not covered' for an authority whose list does not cover the period."""
    parts = []
    for a in data.authorities:
        state = data.coverage.scope_status(DESIGNATIONS, a, start, end)
        n = len(fig.parts.get(a, []))
        parts.append(f"{a} {NOT_COVERED_TEXT}" if state == NOT_COVERED else
                     f"{a} {n}{' (partial)' if state == PARTIAL else ''}")
    return "; ".join(parts)


def period_scorecard(store: Store, start: date | None, end: date | None,
                     window_days: int = DEFAULT_WINDOW_DAYS) -> dict[str, Figure]:
    """The figures for [start, end], each a Figure with the ids of the records behind it."""
    data = load(store)
    return compute(data, ledger_rows(data, window_days), start, end)


def _years(data: LedgerData) -> list[int]:
    years = {x.day.year for x in data.launches} | {s.day.year for s in data.statements}
    years |= {d.hi.year for d in data.designations if d.lo is not None}
    return sorted(years)


def scorecard_table(store: Store, window_days: int = DEFAULT_WINDOW_DAYS) -> "pd.DataFrame":
    """One row per year (every year from the first to the last with any record)."""
    import pandas as pd

    data = load(store)
    rows = ledger_rows(data, window_days)
    years = _years(data)
    records = []
    for year in range(years[0], years[-1] + 1) if years else []:
        f = compute(data, rows, date(year, 1, 1), date(year, 12, 31))
        nc = {k for k, fig in f.items() if fig.coverage == NOT_COVERED}
        counted = [d for d in data.designations if str(d.designation_id) in set(f["designations"].record_ids)]
        records.append({
            "year": year, **{k: f[k].value for k in (
                "launch_events", "missiles", "icbm_events", "statements", "statements_council_majority")},
            "avg_signatories": None if f["avg_signatories"].value is None else round(f["avg_signatories"].value, 1),
            **{k: f[k].value for k in ("council_votes", "council_products_adopted", "vetoes", "designations")},
            "designations_by_authority": "; ".join(
                f"{a} {len(f['designations'].parts.get(a, []))}" for a in data.authorities),
            "designations_by_stream": stream_breakdown(counted, data.tagged),
            "designations_possible": f["designations_possible"].value,
            "median_statement_lag_days": f["median_statement_lag"].value,
            "median_designation_lag_days": "" if f["median_designation_lag"].value is None
            else f["median_designation_lag"].text,
            "no_response_launches": len(f["no_response_share"].record_ids),
            "no_response_share": None if f["no_response_share"].value is None
            else round(f["no_response_share"].value, 3),
            "launch_count": f["launch_events"].note, "statements_note": f["statements"].note})
        row = records[-1]
        row["designations_by_authority"] = by_authority_text(data, f["designations"], date(year, 1, 1),
                                                             date(year, 12, 31))
        for column, key in SCORECARD_KEYS.items():
            if key in nc or (key == "no_response_share" and f[key].value is None and f["launch_events"].value):
                row[column] = NOT_COVERED_TEXT
            elif (f[key].coverage == PARTIAL and row[column] not in (None, "") and column != "designations_by_authority"
                  and "(partial)" not in str(row[column])):
                row[column] = f"{row[column]} (partial)"
    return pd.DataFrame.from_records(records, columns=SCORECARD_COLUMNS)


SCORECARD_KEYS = {c: c for c in SCORECARD_COLUMNS if c in FIGURE_MEASURES}
SCORECARD_KEYS.update({"designations_by_authority": "designations", "designations_by_stream": "designations",
                       "median_statement_lag_days": "median_statement_lag",
                       "median_designation_lag_days": "median_designation_lag",
                       "no_response_launches": "no_response_share"})

# -- headline --------------------------------------------------------------------------------
HEADLINE_KEYS = ["launch_events", "missiles", "icbm_events", "statements", "statements_council_majority",
                 "avg_signatories", "council_products_adopted", "vetoes", "designations", "median_statement_lag",
                 "no_response_share"]


def latest_full_year(store: Store) -> int | None:
    """The latest calendar year the launch data (CNS, then the preliminary nagix source) covers completely
    (models.coverage), not the calendar year."""
    from models.coverage import latest_covered_full_year

    return latest_covered_full_year(store)


def headline_period(store: Store, start: date | None, end: date | None) -> tuple[date | None, date | None]:
    """The period the strip shows: the given one, or the latest full year when it is 'all'."""
    if start is None and end is None:
        year = latest_full_year(store)
        if year is not None:
            return date(year, 1, 1), date(year, 12, 31)
    return start, end


def period_label(start: date | None, end: date | None) -> str:
    if start and end and (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) and start.year == end.year:
        return str(start.year)
    return f"{start.isoformat() if start else '…'} to {end.isoformat() if end else '…'}"


def year_earlier(day: date | None) -> date | None:
    if day is None:
        return None
    try:
        return day.replace(year=day.year - 1)
    except ValueError:   # 29 February
        return day.replace(year=day.year - 1, day=28)


def sources(store: Store) -> dict[str, str]:
    """Where each table's records come from, in words."""
    files = {r[0]: r for r in store.rows(
        "SELECT dataset, MAX(title), MAX(snapshot_date), MAX(publisher) FROM source_files GROUP BY dataset")}
    cns = files.get("cns_missiles")
    nagix = files.get("nagix_missiles")
    lists = store.rows("SELECT list_name, MIN(snapshot_date), MAX(snapshot_date), COUNT(*) FROM list_snapshots"
                       " GROUP BY list_name ORDER BY list_name")
    statements = files.get("statements")
    from models.coverage import load as coverage

    cov = coverage(store)
    return {
        "launches": "; ".join(([f"{cns[1]}, as of {cns[2]} ({SOURCES['cns'].count})"] if cns else [])
                              + ([f"after it: {nagix[1]}, to {nagix[2]} ({SOURCES['nagix'].label})"] if nagix else []))
        or "launch data not imported",
        "statements": (f"statement register (statements compiled from public pages; covers "
                       f"{', '.join(f'{a.isoformat()} to {b.isoformat()}' for a, b in cov.ranges('statements'))})")
        if statements else "statement register not imported",
        "designations": ("; ".join(f"{r[0]} ({r[3]} snapshot{'s' if r[3] > 1 else ''}, {r[1]} to {r[2]})"
                                   if r[3] > 1 else f"{r[0]} (snapshot of {r[1]})" for r in lists)
                         + "".join(f"; dated by {title} ({records:,} records, to {day})" for title, records, day in
                                   store.rows("SELECT title, record_count, snapshot_date FROM source_files WHERE"
                                              " dataset IN ('ofac_sdn_series', 'ofac_sdn_changes') ORDER BY file_id")))
        or "no sanctions list imported"}


def headline_figures(store: Store, start: date | None, end: date | None,
                     window_days: int = DEFAULT_WINDOW_DAYS, resolve_all: bool = True) -> list[HeadlineFigure]:
    """The strip's figures for the period and the same period a year earlier.

    With `resolve_all` (the strip), an 'all dates' period shows the latest full year; the brief passes
    False and gets the figures of exactly its own period (no comparison for all dates).
    """
    data = load(store)
    rows = ledger_rows(data, window_days)
    if resolve_all:
        start, end = headline_period(store, start, end)
    now = compute(data, rows, start, end)
    prev_start, prev_end = year_earlier(start), year_earlier(end)
    bounded = start is not None or end is not None       # all dates: nothing a year earlier to compare with
    before = compute(data, rows, prev_start, prev_end) if bounded else None
    src = sources(store)
    src["ledger"] = f"response ledger ({window_days}-day window): {src['launches']}; {src['statements']}"
    record = now["launch_events"].value is not None and _is_record(data, start, end, now["launch_events"].value)
    label = period_label(prev_start, prev_end)
    out = []
    for key in HEADLINE_KEYS:
        fig = now[key]
        value = fig.text + (" (record)" if key == "launch_events" and record else "")
        comparison = f"{label}: {before[key].text}" if before is not None else ""
        out.append(HeadlineFigure(key, fig.label, value, comparison, src[fig.table], fig.record_ids, fig.table,
                                  fig.note, fig.coverage, fig.coverage_note,
                                  before[key].coverage if before is not None else COVERED))
        if before is not None and before[key].coverage != COVERED:
            out[-1].coverage_note += f" A year earlier ({label}): {before[key].coverage_note}"
    return out


def _is_record(data: LedgerData, start: date | None, end: date | None, value: int) -> bool:
    """Whether a full calendar year's launch-event count is the highest of any year."""
    if not (start and end and period_label(start, end).isdigit()) or not value:
        return False
    per_year: dict[int, int] = {}
    for x in data.launches:
        per_year[x.day.year] = per_year.get(x.day.year, 0) + 1
    return value >= max(per_year.values())


__all__ = ["Figure", "HeadlineFigure", "SCORECARD_COLUMNS", "headline_figures", "headline_period",
           "latest_full_year", "period_scorecard", "scorecard_table", "sources"]
