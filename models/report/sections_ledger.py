"""The brief's response-ledger section: each launch in the period against the responses in its window."""
from __future__ import annotations

import pandas as pd

from models import response_vocabulary as vocab
from models.korea_time import utc_text
from models.report.content import SECTION_TITLES, BriefContext, Figure, Paragraph, Section, Table, fmt_cell


def ledger_section(ctx: BriefContext) -> Section:
    s = Section("ledger", SECTION_TITLES["ledger"])
    ledger = ctx.ledger
    rows = ledger[ledger["date"].astype(str).map(ctx.period.contains)]
    rows = rows.assign(when=[f"{k}; {utc_text(d, t)}" for k, d, t in
                             zip(rows["launch_label"], rows["date"].astype(str), rows["time_utc"])])
    pick = [c for c in ("when", "launch_id", "classes", "missile_count", "statement_ids", "first_statement_lag_days",
                        "council_majority", "designations_in_window", "response") if c in rows.columns]
    names = {"when": "Launch (Korea date; UTC)", "launch_id": "Launch", "classes": "Classes", "missile_count": "Missiles",
             "statement_ids": "Statements", "first_statement_lag_days": "Lag (days)",
             "council_majority": "Council majority", "designations_in_window": "Designations",
             "response": "Response"}
    frame = rows[pick].copy()
    for c in pick:
        frame[c] = [fmt_cell(v) for v in frame[c]]
    if "designations_in_window" in pick:      # a count some designation list does not cover is partial, not a 0
        frame["designations_in_window"] = [f"{n} (partial)" if _lists_missing(m) else n for n, m in
                                           zip(frame["designations_in_window"], rows["not_covered_sources"])]
    frame.columns = [names[c] for c in pick]
    s.blocks.append(Paragraph(_lead(ctx, rows), "lead"))
    s.annex.append(Paragraph(f"Each launch event in the period against the responses inside the "
                             f"{ctx.options.window_days}-day window. Launches are named by their Korea date (KST), "
                             "as statements name them; the UTC date and time follow.", "note"))
    s.annex.append(Paragraph("Response: " + vocab.definition_text(), "note"))
    lag = pd.to_numeric(rows.get("first_statement_lag_days"), errors="coerce") if len(rows) else pd.Series(dtype=float)
    days = rows["date"].astype(str).where(rows["date"].astype(str).str.len() == 10, rows["date"].astype(str) + "-01")
    t = pd.to_datetime(days, format="%Y-%m-%d").dt.as_unit("s").astype("int64") if len(rows) else pd.Series(dtype="int64")
    covered = ~rows["not_covered_sources"].fillna("").astype(str).str.contains("joint statements")
    spans = []
    if len(rows):
        from datetime import date, datetime, timezone

        first = ctx.options.start or date.fromisoformat(days.iloc[0])
        last = ctx.options.end or date.fromisoformat(days.iloc[-1])
        epoch = lambda d: datetime(d.year, d.month, d.day, tzinfo=timezone.utc).timestamp()   # noqa: E731
        spans = [(epoch(a), epoch(b) + 86400) for a, b in ctx.coverage.uncovered("statements", first, last)]
    s.blocks.append(Figure("ledger", f"Days from each launch to the first joint statement (bars); launches with no "
                           f"statement inside the {ctx.options.window_days}-day window marked on the axis; shaded: "
                           "no statement source covers the dates (no bar there is not 'no statement')", 200,
                           {"t": t.to_numpy(), "lag": lag.to_numpy(dtype=float), "window_days": ctx.options.window_days,
                            "start": ctx.options.start, "end": ctx.options.end, "covered": covered.to_numpy(),
                            "uncovered_spans": spans}))
    widths = {"Launch (Korea date; UTC)": 2.2, "Launch": 1.6, "Classes": 1.0, "Missiles": 0.9, "Statements": 2.3, "Lag (days)": 0.85,
              "Council majority": 1.0, "Designations": 1.4, "Response": 1.0}
    counts = rows["response_category"].value_counts()
    tally = "; ".join(f"{vocab.label(k)} {int(counts[k])}" for k in vocab.ORDER if k in counts)
    s.annex.append(Table("ledger", f"Response ledger ({len(frame)} launch events: {tally or 'none'})",
                          frame.reset_index(drop=True),
                          widths=[widths[c] for c in frame.columns],
                          numeric=tuple(n for n in ("Missiles", "Lag (days)", "Designations") if n in frame.columns)))
    return s


def _lead(ctx: BriefContext, rows: pd.DataFrame) -> str:
    """The argument's sentence: how the period's launch events fall into the response vocabulary, and the
    median days to the first statement (the scorecard's figure)."""
    if not len(rows):
        return "No launch event in the period, so no response to weigh."
    counts = rows["response_category"].value_counts()
    said = {vocab.STATEMENT_OR_VOTE: "drew a statement or vote", vocab.DESIGNATION_DATED: "drew only a designation "
            "dated in the window", vocab.DESIGNATION_POSSIBLE: "only a designation possibly in it",
            vocab.NOT_COVERED: "not covered (a response source misses part of the window)",
            vocab.NO_RESPONSE: "drew no response"}
    parts = [f"{int(counts[k])} {said.get(k, vocab.label(k))}" for k in vocab.ORDER if k in counts]
    lag = ctx.card["median_statement_lag"]
    text = (f"Of the period's {len(rows)} launch events, judged over the {ctx.options.window_days} days after "
            f"each: {', '.join(parts)}.")
    if lag.coverage != "not covered" and lag.value is not None:
        text += f" The median wait for the first joint statement was {lag.text} days."
    return text


def _lists_missing(missing: object) -> bool:
    """Whether a ledger row's missing response sources include a designation list (an authority)."""
    from models.coverage import MEASURE_NAMES, STATEMENTS, VOTES
    from models.statement_kinds import VENUE_STATEMENTS

    others = {MEASURE_NAMES[STATEMENTS], MEASURE_NAMES[VOTES], *VENUE_STATEMENTS.values()}
    return any(p.strip() and p.strip() not in others for p in str(missing or "").split(";"))
