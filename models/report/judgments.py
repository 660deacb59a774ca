"""The numbers behind the brief's key judgments, and the judgments themselves (plain text, no Qt).

Every figure here is computed from the store; a judgment whose inputs are missing is left out,
never guessed. Each judgment carries footnotes naming the records it rests on.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np
import pandas as pd

from models.analytics import timeline as tl
from models.statement_kinds import LIST_NOT_RECORDED, SERIES_NAMES, UN_LAUNCH_SERIES, VOTE_KINDS
from models.store import Store

JOINT = "joint_statement"


@dataclass
class Judgment:
    text: str
    footnotes: list[str] = field(default_factory=list)   # the records each footnote names


@dataclass
class LaunchFacts:
    events: pd.DataFrame          # prepared events (models.analytics.timeline), all years
    mask: np.ndarray              # the period's events
    n_events: int
    n_missiles: int
    yearly: pd.DataFrame          # all years
    record_events: list[int]
    record_missiles: list[int]


def launch_facts(launches: pd.DataFrame, start: date | None, end: date | None) -> LaunchFacts:
    events = tl.prepare_events(launches)
    mask = tl.period_mask(events, start, end)
    n_events, n_missiles = tl.counts(events, mask)
    yearly = tl.yearly_counts(events)
    return LaunchFacts(events, mask, n_events, n_missiles, yearly, tl.record_years(yearly, "events"),
                       tl.record_years(yearly, "missiles"))


def single_year(start: date | None, end: date | None) -> int | None:
    """The calendar year the period is, if it is exactly one."""
    if (start and end and start.year == end.year and (start.month, start.day) == (1, 1)
            and (end.month, end.day) == (12, 31)):
        return start.year
    return None


def new_designations(store: Store, start: date | None, end: date | None) -> pd.DataFrame:
    """Entries that came onto a list inside the period, by their dated designation (models.designation_dates:
    a day, or a window counted by its last day, as the sanctions log does), never "on or before" the first
    list version held (that only says the entry already existed). Column `basis` says how it is dated."""
    lo, hi = (start.isoformat() if start else "0000-00-00"), (end.isoformat() if end else "9999-12-31")
    frame = store.query(
        "SELECT d.designation_id, d.authority, d.list_name, d.source_id, d.name, d.type, d.programs,"
        " d.listed_on, d.first_seen, d.removed_on, d.dprk, d.designated_on, d.designated_to,"
        " d.designated_precision, d.designated_source"
        " FROM designations d WHERE d.dprk = 1 AND d.designated_precision IN ('day', 'window')"
        " AND d.designated_to BETWEEN ? AND ?", (lo, hi))
    if frame.empty:
        return frame.assign(date=pd.Series(dtype=str), basis=pd.Series(dtype=str))
    day = frame["designated_precision"] == "day"
    frame["date"] = frame["designated_to"]
    frame["basis"] = np.where(day, "to the day: " + frame["designated_source"].fillna(""),
                              "between " + frame["designated_on"].fillna("") + " and " + frame["designated_to"]
                              + ": " + frame["designated_source"].fillna(""))
    return frame.sort_values(["authority", "date", "name"], kind="stable").reset_index(drop=True)


def statements_in_period(statements: pd.DataFrame, start: date | None, end: date | None) -> pd.DataFrame:
    if statements.empty:
        return statements
    dates = statements["date"].fillna("").astype(str)
    keep = np.ones(len(dates), bool)
    if start is not None:
        keep &= (dates >= start.isoformat()).to_numpy()
    if end is not None:
        keep &= (dates.str[:10] <= end.isoformat()).to_numpy()
    return statements[keep].reset_index(drop=True)


def unanswered_launches(launch_rows: pd.DataFrame, statements: pd.DataFrame, window_days: int,
                        ledger: pd.DataFrame | None = None) -> tuple[list[str], str]:
    """Launch ids with no joint statement dated within `window_days` after the launch, and the basis.

    Uses the response ledger when it exists (models.analytics.ledger); else joint statements dated
    on or up to `window_days` after the launch day (a month-only date counts from the 1st).
    """
    if ledger is not None and "statement_ids" in ledger.columns:
        rows = ledger[ledger["launch_id"].isin(launch_rows["launch_id"])]
        empty = rows["statement_ids"].fillna("").astype(str).str.strip() == ""
        return list(rows.loc[empty, "launch_id"]), "response ledger"
    joint = statements[statements["kind"] == JOINT]["date"].astype(str).tolist()
    out = []
    for launch_id, day in zip(launch_rows["launch_id"], launch_rows["date"].astype(str)):
        first = date.fromisoformat(day if len(day) == 10 else day + "-01")
        last = (first + timedelta(days=window_days)).isoformat()
        if not any(first.isoformat() <= d <= last for d in joint):
            out.append(launch_id)
    return out, f"joint statements dated up to {window_days} days after the launch"


def id_list(ids: list[str], limit: int = 12) -> str:
    ids = [str(i) for i in ids]
    if len(ids) <= limit:
        return ", ".join(ids)
    return ", ".join(ids[:limit]) + f" … and {len(ids) - limit} more"


def names_list(names: list[str]) -> str:
    names = [str(n) for n in names]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def launch_judgment(facts: LaunchFacts, launch_rows: pd.DataFrame, label: str, year: int | None,
                    cns_vintage: str | None) -> Judgment | None:
    if facts.n_events == 0:
        return Judgment(f"No launch events are recorded for {label} ({tl.COUNT_SOURCE}).",
                        [f"CNS North Korea Missile Test Database, snapshot {cns_vintage or 'unknown'}."])
    text = (f"{label[0].upper() + label[1:]}: {facts.n_events} launch events and {facts.n_missiles} missiles "
            f"({tl.count_source(facts.events, facts.mask)}).")
    yearly = facts.yearly
    if year is not None and len(yearly):
        if year in facts.record_missiles:
            prev = tl.previous_record_year(yearly, year)
            text += f" {year} is the record year for missiles launched"
            if prev is not None:
                row = yearly[yearly["year"] == prev].iloc[0]
                text += (f", above the previous record of {int(row['missiles'])} missiles "
                         f"({int(row['events'])} launch events) in {prev}")
            text += "."
        elif facts.record_missiles:
            rec = facts.record_missiles[-1]
            row = yearly[yearly["year"] == rec].iloc[0]
            text += f" The record is {int(row['missiles'])} missiles ({int(row['events'])} launch events) in {rec}."
    ids = launch_rows["launch_id"].tolist()
    note = (f"Launches table, {len(ids)} records dated {launch_rows['date'].iloc[0]} to "
            f"{launch_rows['date'].iloc[-1]} ({id_list(ids, 6)}); yearly counts over all years of the "
            f"CNS North Korea Missile Test Database, snapshot {cns_vintage or 'unknown'}"
            + (f"; after its last launch, {tl.count_source(facts.events[facts.events['preliminary']])}"
               if facts.events["preliminary"].any() else "") + ".")
    return Judgment(text, [note])


def response_judgment(launch_rows: pd.DataFrame, statements: pd.DataFrame, window_days: int,
                      ledger: pd.DataFrame | None) -> Judgment | None:
    if launch_rows.empty:
        return None
    missing, basis = unanswered_launches(launch_rows, statements, window_days, ledger)
    n = len(launch_rows)
    share = len(missing) / n
    text = (f"{len(missing)} of {n} launch events ({share:.0%}) drew no joint statement within "
            f"{window_days} days.")
    note = f"Basis: {basis}. Launch events without one: {id_list(missing) if missing else 'none'}."
    return Judgment(text, [note])


def statements_judgment(period_statements: pd.DataFrame, margins: pd.DataFrame) -> Judgment | None:
    if period_statements.empty:
        return None
    joint = period_statements[period_statements["kind"] == JOINT]
    apart = joint[joint["series_id"].isin([s for s in SERIES_NAMES if s not in UN_LAUNCH_SERIES])]
    joint = joint.drop(apart.index)           # the UN launch series, as the scorecard counts them
    m = margins.set_index("statement_id") if len(margins) else margins
    known_ids = [s for s in joint["statement_id"] if s in m.index and bool(m.loc[s, "positions_known"])]
    unknown = [s for s in joint["statement_id"] if s not in known_ids]
    majority = [s for s in known_ids if bool(m.loc[s, "council_majority"])]
    parts = []
    if len(joint):
        parts.append(f"{len(known_ids)} joint statements with recorded signatories were issued, "
                     f"{len(majority)} with a Council majority (8 or more of the 15 members) among the signatories")
        if unknown:
            parts[-1] += f"; {len(unknown)} more whose signatories are not recorded ({LIST_NOT_RECORDED})"
    if len(apart):
        counts = apart["series_id"].value_counts()
        parts.append("Counted apart: " + ", ".join(f"{n} {SERIES_NAMES[s]}" for s, n in counts.items()))
    votes = period_statements[period_statements["kind"].isin(VOTE_KINDS)]
    for _, vote in votes.iterrows():
        outcome = vote.get("outcome")
        parts.append(f"Council vote on {vote['statement_id']}: {outcome if isinstance(outcome, str) else 'outcome not recorded'}")
    if not parts:
        return None
    notes = [f"Statements: {id_list(known_ids)}; with a Council majority: {id_list(majority) or 'none'}"
             + (f"; {LIST_NOT_RECORDED}: {id_list(unknown)}" if unknown else "") + "."]
    if len(votes):
        notes.append(f"Votes: {id_list(votes['statement_id'].tolist())} (statements table, outcome column).")
    return Judgment(". ".join(parts) + ".", notes)


def drift_judgment(rows: pd.DataFrame, series_name: str) -> Judgment | None:
    if rows.empty or "drift" not in rows.columns:
        return None
    stopped = rows[rows["drift"] == "stopped"]
    started = rows[rows["drift"] == "started"]
    if stopped.empty and started.empty:
        return Judgment(f"No country drifted in or out of the {series_name} in the period.", [])
    parts = []
    if len(stopped):
        after = [f"{c} after {d}" for c, d in zip(stopped["country"], stopped["last_joined"].astype(str))]
        parts.append(f"{names_list(stopped['country'].tolist())} stopped joining the {series_name} "
                     f"(none from {names_list(after)})")
    if len(started):
        parts.append(f"{names_list(started['country'].tolist())} joined only from a later statement on")
    note = "Participation table: " + "; ".join(
        f"{c}: {t}" for c, t in zip(pd.concat([stopped, started])["country"], pd.concat([stopped, started])["drift_text"]))
    return Judgment("; ".join(parts) + ".", [note + "."])


def designations_judgment(new: pd.DataFrame, authorities: list[str], label: str) -> Judgment:
    parts, notes = [], []
    for authority in authorities:
        rows = new[new["authority"] == authority] if len(new) else new
        if rows.empty:
            parts.append(f"{authority}: no new DPRK-related listings dated in {label}")
            continue
        windowed = int((~rows["basis"].astype(str).str.startswith("to the day")).sum())
        what = f"{authority}: {len(rows)} new DPRK-related entries"
        if windowed:
            what += f" ({windowed} dated only to a window between two versions of the list, counted by its last day)"
        parts.append(what)
        notes.append(f"{authority} source ids: {id_list(rows['source_id'].tolist())} (designations table).")
    return Judgment("Designations — " + "; ".join(parts) + ".", notes)


def gap_judgment(gaps: pd.DataFrame, years: set[str]) -> Judgment | None:
    if gaps.empty:
        return None
    rows = gaps[gaps["year"].isin(years)]
    if rows.empty:
        return None
    parts = [f"{int(r['recorded'])} of {int(r['reported'])} {r['series_id'].replace('us_led', 'US-led')} joint "
             f"statements of {r['year']} are recorded" for _, r in rows.iterrows()]
    return Judgment("Data gap: " + "; ".join(parts) + " (see Sources and notes).",
                    ["resources/reference/data_gaps.csv."])
