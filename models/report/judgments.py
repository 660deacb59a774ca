"""The numbers behind the brief's key judgments, and the judgments themselves (plain text, no Qt).

Every figure here is computed from the store; a judgment whose inputs are missing is left out,
never guessed. Each judgment carries footnotes naming the records it rests on.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np
import pandas as pd

from models.analytics import timeline as tl
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


def period_designations(store: Store, card: dict) -> pd.DataFrame:
    """The designations behind the scorecard's two designation figures, by their dated designation
    (models.designation_dates): `in_period` is "dated" (a day inside the period, or a window between two
    list versions wholly inside it; counted) or "possibly" (a window that only overlaps the period; never
    counted). An entry known only "on or before" the first list version held is neither. `basis` says how
    each is dated and by which source."""
    from models.analytics.ledger_data import load

    dated = {str(d.designation_id): d for d in load(store).designations}
    ids = [(i, "dated") for i in card["designations"].record_ids]
    ids += [(i, "possibly") for i in card["designations_possible"].record_ids]
    columns = ["designation_id", "authority", "list_name", "source_id", "name", "type", "programs", "date",
               "basis", "in_period"]
    if not ids:
        return pd.DataFrame({c: pd.Series(dtype=str) for c in columns})
    frame = store.query(
        "SELECT designation_id, authority, list_name, source_id, name, type, programs FROM designations"
        f" WHERE designation_id IN ({','.join('?' * len(ids))})", [int(i) for i, _ in ids])
    frame["designation_id"] = frame["designation_id"].astype(str)
    where = dict(ids)
    frame["date"] = [dated[i].date_text() for i in frame["designation_id"]]
    frame["basis"] = [dated[i].basis for i in frame["designation_id"]]
    frame["in_period"] = [where[i] for i in frame["designation_id"]]
    return frame.sort_values(["in_period", "authority", "date", "name"], kind="stable").reset_index(drop=True)[columns]


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


def launch_names(ids: list[str], events: pd.DataFrame | None, limit: int = 12) -> str:
    """Launch events named as the statements name them: their Korea date (models.korea_time), grouped by whose
    record they are ('CNS: 6 Jan 2022 (KST), …; nagix, preliminary (third-party): 31 May 2023 (KST), …'). Without the
    events table, the launch ids."""
    from models.korea_time import korea_label
    from models.launch_sources import short_name

    ids = [str(i) for i in ids]
    if events is None or "launch_id" not in events or not ids:
        return id_list(ids, limit)
    rows = events.set_index("launch_id").reindex(ids)
    groups: dict[str, list[str]] = {}
    for launch_id, row in rows.iterrows():
        if pd.isna(row.get("date")):
            groups.setdefault("", []).append(str(launch_id))
            continue
        time = row.get("time_utc")
        label = korea_label(str(row["date"]), None if pd.isna(time) else str(time))
        groups.setdefault(short_name(row.get("dataset")), []).append(label)
    parts = [(f"{whose}: " if whose else "") + id_list(names, limit) for whose, names in groups.items()]
    return "; ".join(parts)


def names_list(names: list[str]) -> str:
    names = [str(n) for n in names]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def count_only(text: str) -> str:
    """A launch figure's text without its '(preliminary)' / '(N preliminary)' mark, for a sentence that
    names whose count in words (timeline.count_text) right after it."""
    return re.sub(r" \((\d+ )?preliminary\)", "", text)


def _in(label: str) -> str:
    return "over all dates" if label == "all dates" else f"in {label}"


def _not_covered(what: str, label: str, coverage, measure: str, start: date | None, end: date | None) -> Judgment:
    return Judgment(f"{what} {_in(label)}: not covered.", [coverage.note(measure, start, end)])


def launch_judgment(facts: LaunchFacts, card: dict, label: str, year: int | None, coverage,
                    start: date | None, end: date | None) -> Judgment:
    events, missiles = card["launch_events"], card["missiles"]
    if events.coverage == "not covered":
        return _not_covered(f"Launch events ({tl.COUNT_SOURCE})", label, coverage, "launches", start, end)
    text = (f"{label[0].upper() + label[1:]}: {count_only(events.text)} launch events and "
            f"{count_only(missiles.text)} missiles ({tl.count_text(facts.events, facts.mask)}).")
    yearly = facts.yearly
    if year is not None and len(yearly) and events.coverage == "covered":
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
    ids = events.record_ids
    note = (f"Launches table, {len(ids)} launch events ({launch_names(ids, facts.events, 6) or 'none'}); yearly "
            "counts over all "
            "years of the CNS North Korea Missile Test Database"
            + (f"; after its last launch, {tl.count_source(facts.events[facts.events['preliminary']])}"
               if "preliminary" in facts.events and facts.events["preliminary"].any() else "")
            + f". {coverage.note('launches', start, end)}")
    return Judgment(text, [note])


def response_judgment(card: dict, window_days: int, coverage, start: date | None,
                      end: date | None, events: pd.DataFrame | None = None) -> Judgment | None:
    from models import response_vocabulary as vocab

    fig = card["no_response_share"]
    if not card["launch_events"].record_ids:
        return None
    silent = fig.parts.get(vocab.NO_RESPONSE, [])
    unknown = fig.parts.get(vocab.NOT_COVERED, [])
    text = f"{fig.label}: {fig.text} ({fig.note})."        # the scorecard's figure and note, as page one
    notes = [f"Basis: the response ledger's vocabulary ({vocab.label(vocab.NO_RESPONSE)}: "
             f"{vocab.TERMS[vocab.NO_RESPONSE].definition}). Launch events with no response: "
             f"{launch_names(silent, events) if silent else 'none'}"
             + (f". Not covered: {launch_names(unknown, events)}" if unknown else "") + "."]
    return Judgment(text, notes)


def statements_judgment(card: dict, label: str, coverage, start: date | None, end: date | None) -> Judgment | None:
    said, majority, votes = card["statements"], card["statements_council_majority"], card["council_votes"]
    if said.coverage == "not covered" and votes.coverage == "not covered":
        return _not_covered("Joint statements and Council votes", label, coverage, "statements", start, end)
    parts, notes = [], []
    # the scorecard counts the UN launch series; G7 and context statements are named apart (statement_kinds)
    counted, _, apart = said.note.partition("not counted here: ")
    counted = counted.rstrip("; ")
    if said.coverage == "not covered":
        parts.append("Joint statements: not covered")
    elif said.value:
        issued = "joint statement was" if said.value == 1 else "joint statements were"
        parts.append(f"{said.text} {issued} issued ({counted}), {majority.text} with a Council "
                     f"majority (8 or more of the 15 members) among the signatories ({majority.note})")
        notes.append(f"Statements: {id_list(said.record_ids)}; with a Council majority: "
                     f"{id_list(majority.record_ids) or 'none'}.")
    else:
        parts.append(f"No joint statement is recorded ({said.text})")
    if apart and said.coverage != "not covered":
        parts.append(f"Counted apart: {apart}")
    if votes.coverage == "not covered":
        parts.append("Council votes: not covered")
    elif votes.value:
        parts.append(f"Council votes: {votes.text} ({votes.note})")
        notes.append(f"Votes: {id_list(votes.record_ids)} (statements table, outcome column).")
    partial = [f.label.lower() for f in (said, votes) if f.coverage == "partial"]
    if partial:
        notes.append("Partial coverage: " + coverage.note("statements", start, end))
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


def designations_judgment(card: dict, authorities: list[str], label: str, coverage, start: date | None,
                          end: date | None) -> Judgment:
    dated, possible = card["designations"], card["designations_possible"]
    parts = []
    for authority in authorities:
        state = coverage.scope_status("designations", authority, start, end)
        n = len(dated.parts.get(authority, []))
        if state == "not covered":
            parts.append(f"{authority}: not covered")
        else:
            parts.append(f"{authority}: {n} dated in the period" + (" (partial coverage)" if state == "partial" else ""))
    text = f"DPRK designations dated {_in(label)}: {dated.text} ({'; '.join(parts)})"
    if possible.value:
        text += (f"; {possible.text} more possibly in the period (dated only to a window between two list "
                 "versions that overlaps it; not counted)")
    notes = [f"Designations table: dated {id_list(dated.record_ids) or 'none'}"
             + (f"; possibly {id_list(possible.record_ids)}" if possible.record_ids else "") + ". "
             + coverage.note("designations", start, end)]
    return Judgment(text + ".", notes)


def gap_judgment(gaps: pd.DataFrame, years: set[str]) -> Judgment | None:
    if gaps.empty:
        return None
    rows = gaps[gaps["year"].isin(years)]
    if rows.empty:
        return None
    parts = [f"{r['summary']} ({r['series_id'].replace('us_led', 'US-led')} joint statements of {r['year']}; "
             f"{r['reported_by']} reports {r['reported']})" for _, r in rows.iterrows()]
    return Judgment("Data gap: " + "; ".join(parts) + " (see Sources and notes).",
                    [f"Recorded: counted in the statement register; reported: {r['source']}." for _, r in rows.iterrows()])
