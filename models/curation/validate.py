"""Field-level checks of the curation inputs: cheap reads only, safe to call on every keystroke."""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from models.curation.inputs import (
    CONFIRMATIONS, KIND_CHOICES, LAUNCH_CLASSES, OUTCOMES, SERIES_CHOICES, VOTE_CHOICES, ZONES, ClaimInput,
    DesignationEdit, LaunchInput, Problem, SourceInput, StatementInput, VoteInput)
from models.store import Store

COUNCIL_SEATS = 15
REVENUE_STREAMS = ("labour", "minerals", "shipping", "cyber", "finance", "procurement", "other")
_URL = re.compile(r"^https?://[^\s/]+\.[^\s]+$", re.IGNORECASE)


def parse_day(text: str) -> date | None:
    try:
        return date.fromisoformat(text.strip()) if len(text.strip()) == 10 else None
    except ValueError:
        return None


def _day_problem(name: str, text: str, required: bool = True) -> Problem | None:
    if not text.strip():
        return Problem(name, "a date is required (YYYY-MM-DD)") if required else None
    day = parse_day(text)
    if day is None:
        return Problem(name, f"{text.strip()!r} is not a date (YYYY-MM-DD)")
    if day > date.today() + timedelta(days=1):
        return Problem(name, f"{day.isoformat()} is in the future")
    return None


def parse_time(text: str) -> tuple[int, int] | None:
    match = re.fullmatch(r"(\d{1,2}):(\d{2})", text.strip())
    if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
        return None
    return int(match.group(1)), int(match.group(2))


def to_utc(day: str, time: str, zone: str) -> tuple[str, str | None]:
    """A launch date and time typed in KST or UTC, as the UTC date and HH:MM (None when no time).
    Without a time a KST date is kept as the date (the day before in UTC cannot be known)."""
    t = parse_time(time) if time.strip() else None
    if t is None:
        return date.fromisoformat(day.strip()).isoformat(), None
    moment = datetime.fromisoformat(day.strip()) + timedelta(hours=t[0], minutes=t[1])
    if zone == "KST":
        moment -= timedelta(hours=9)
    return moment.date().isoformat(), moment.strftime("%H:%M")


def validate_source(source: SourceInput, prefix: str = "sources[0]") -> list[Problem]:
    problems = []
    if not source.publisher.strip():
        problems.append(Problem(f"{prefix}.publisher", "name the publisher of the source"))
    if not source.url.strip():
        problems.append(Problem(f"{prefix}.url", "a source needs a web address (http:// or https://)"))
    elif not _URL.match(source.url.strip()):
        problems.append(Problem(f"{prefix}.url", f"{source.url.strip()} is not a web address "
                                                  "(http:// or https://)"))
    problem = _day_problem(f"{prefix}.accessed", source.accessed)
    if problem:
        problems.append(problem)
    return problems


def _sources(sources: list[SourceInput]) -> list[Problem]:
    if not sources:
        return [Problem("sources", "every fact needs at least one public source")]
    problems: list[Problem] = []
    for i, source in enumerate(sources):
        problems += validate_source(source, f"sources[{i}]")
    return problems


def _known_countries(store: Store) -> set[str]:
    return {r[0] for r in store.rows("SELECT iso3 FROM countries")}


def _number(name: str, text: str) -> Problem | None:
    if not str(text).strip():
        return None
    try:
        value = float(str(text).strip())
    except ValueError:
        return Problem(name, f"{text!r} is not a number (kilometres; leave empty if unknown)")
    return Problem(name, "must not be negative") if value < 0 else None


def validate_launch(store: Store, inp: LaunchInput, editing: str | None = None) -> list[Problem]:
    problems = [p for p in [_day_problem("date", inp.date)] if p]
    if inp.time.strip() and parse_time(inp.time) is None:
        problems.append(Problem("time", f"{inp.time.strip()!r} is not a time (HH:MM, 24-hour)"))
    if inp.zone not in ZONES:
        problems.append(Problem("zone", "choose KST or UTC"))
    if inp.missile_class not in LAUNCH_CLASSES:
        problems.append(Problem("missile_class", f"unknown class {inp.missile_class!r} "
                                                 f"(one of {', '.join(LAUNCH_CLASSES)})"))
    if not isinstance(inp.count, int) or inp.count < 1:
        problems.append(Problem("count", "a launch event has at least one missile"))
    for name, value in (("apogee_km", inp.apogee_km), ("range_km", inp.range_km)):
        problem = _number(name, value)
        if problem:
            problems.append(problem)
    if inp.outcome not in OUTCOMES:
        problems.append(Problem("outcome", f"choose one of {', '.join(OUTCOMES)}"))
    if inp.confirmation not in CONFIRMATIONS:
        problems.append(Problem("confirmation", f"choose one of {', '.join(CONFIRMATIONS)}"))
    if editing is not None and store.scalar("SELECT 1 FROM launches WHERE launch_id = ?", (editing,)) is None \
            and store.scalar("SELECT 1 FROM curation_facts WHERE kind = 'launch' AND record_id = ?", (editing,)) is None:
        problems.append(Problem("launch_id", f"no launch {editing!r} in the database"))
    return problems + _sources(inp.sources)


def _statement_exists(store: Store, sid: str) -> bool:
    return bool(store.scalar("SELECT 1 FROM statements WHERE statement_id = ?", (sid,))
                or store.scalar("SELECT 1 FROM curation_facts WHERE kind IN ('statement', 'vote')"
                                " AND record_id = ?", (sid,)))


def validate_statement(store: Store, inp: StatementInput, editing: str | None = None) -> list[Problem]:
    problems: list[Problem] = []
    sid = inp.statement_id.strip()
    if not sid:
        problems.append(Problem("statement_id", "give the statement an id (e.g. JS2024-01)"))
    elif not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_./-]*", sid):
        problems.append(Problem("statement_id", "use letters, digits, '-', '_', '.' or '/' only"))
    elif sid != editing and _statement_exists(store, sid):
        problems.append(Problem("statement_id", f"{sid} is already in the register (duplicate statement id)"))
    problem = _day_problem("date", inp.date)
    if problem:
        problems.append(problem)
    if not inp.title.strip():
        problems.append(Problem("title", "a title is required"))
    if inp.series and inp.series not in SERIES_CHOICES:
        problems.append(Problem("series", f"unknown series {inp.series!r} (one of {', '.join(SERIES_CHOICES)})"))
    if inp.kind not in KIND_CHOICES:
        problems.append(Problem("kind", f"unknown kind {inp.kind!r} (one of {', '.join(KIND_CHOICES)})"))
    if inp.url.strip() and not _URL.match(inp.url.strip()):
        problems.append(Problem("url", f"{inp.url.strip()} is not a web address (http:// or https://)"))
    for launch_id in inp.trigger_launch_ids:
        if store.scalar("SELECT 1 FROM launches WHERE launch_id = ?", (launch_id,)) is None:
            problems.append(Problem("trigger_launch_ids", f"no launch {launch_id!r} in the database"))
    if inp.signatories is not None:
        if not inp.signatories:
            problems.append(Problem("signatories", "pick the signatories, or mark the list as not recorded"))
        known = _known_countries(store)
        for code in inp.signatories:
            if code.strip().upper() not in known:
                problems.append(Problem("signatories", f"{code!r} is not a country code (ISO 3166 alpha-3)"))
        dupes = sorted({c.upper() for c in inp.signatories if [x.upper() for x in inp.signatories].count(c.upper()) > 1})
        if dupes:
            problems.append(Problem("signatories", f"listed twice: {', '.join(dupes)}"))
    return problems + _sources(inp.sources)


def validate_vote(store: Store, inp: VoteInput, editing: str | None = None) -> list[Problem]:
    from models.curation.presets import council_members

    problems: list[Problem] = []
    symbol = inp.symbol.strip()
    if not symbol:
        problems.append(Problem("symbol", "give the resolution or draft symbol (e.g. S/RES/2397 (2017))"))
    elif symbol != editing and _statement_exists(store, symbol):
        problems.append(Problem("symbol", f"{symbol} is already recorded (duplicate id)"))
    date_problem = _day_problem("date", inp.date)
    if date_problem:
        problems.append(date_problem)
    if inp.url.strip() and not _URL.match(inp.url.strip()):
        problems.append(Problem("url", f"{inp.url.strip()} is not a web address (http:// or https://)"))
    votes = {k.strip().upper(): v.strip().lower() for k, v in inp.votes.items()}
    if not votes:
        problems.append(Problem("votes", "record how the members voted"))
    if len(votes) > COUNCIL_SEATS:
        problems.append(Problem("votes", f"{len(votes)} members voted; the Council has {COUNCIL_SEATS}"))
    known = _known_countries(store)
    bad = sorted(c for c in votes if c not in known)
    if bad:
        problems.append(Problem("votes", f"not a country code (ISO 3166 alpha-3): {', '.join(bad)}"))
    wrong = sorted(f"{c} {v!r}" for c, v in votes.items() if v not in VOTE_CHOICES)
    if wrong:
        problems.append(Problem("votes", f"a vote is yes, no, abstain or absent, not {', '.join(wrong)}"))
    if date_problem is None and votes and not bad:
        seats = council_members(store, parse_day(inp.date).year, on=inp.date.strip())
        off = sorted(set(votes) - set(seats)) if seats else []
        if off:
            problems.append(Problem("votes", f"not on the Council on {inp.date.strip()}: {', '.join(off)}"))
    if inp.adopted is not None and votes and not wrong and not bad and len(votes) <= COUNCIL_SEATS \
            and date_problem is None and symbol:
        from models.curation.apply import vote_outcome_for

        outcome = vote_outcome_for(store.conn, symbol, inp.date.strip(), votes)
        if outcome.startswith("adopted") != inp.adopted:
            problems.append(Problem("adopted", f"the votes give '{outcome}', not "
                                               f"'{'adopted' if inp.adopted else 'not adopted'}'"))
    return problems + _sources(inp.sources)


def validate_designation_edit(store: Store, inp: DesignationEdit) -> list[Problem]:
    problems: list[Problem] = []
    if store.scalar("SELECT 1 FROM designations WHERE designation_id = ?", (inp.designation_id,)) is None:
        return [Problem("designation_id", f"no designation {inp.designation_id} in the database")]
    if inp.designated_on.strip():
        problem = _day_problem("designated_on", inp.designated_on)
        if problem:
            problems.append(problem)
        if inp.date_source is None:
            problems.append(Problem("date_source", "a designation date needs its source"))
        else:
            problems += validate_source(inp.date_source, "date_source")
    for stream in inp.revenue_streams or []:
        if stream not in REVENUE_STREAMS:
            problems.append(Problem("revenue_streams", f"unknown stream {stream!r} "
                                                       f"(one of {', '.join(REVENUE_STREAMS)})"))
    for other in inp.links or []:
        if other == inp.designation_id:
            problems.append(Problem("links", "an entry cannot be linked to itself"))
        elif store.scalar("SELECT 1 FROM designations WHERE designation_id = ?", (other,)) is None:
            problems.append(Problem("links", f"no designation {other} in the database"))
    if inp.revenue_streams is not None or inp.notes is not None or inp.links is not None:
        problems += _sources(inp.sources)
    if not (inp.designated_on.strip() or inp.revenue_streams is not None or inp.notes is not None
            or inp.links is not None):
        problems.append(Problem("designation_id", "nothing to change"))
    return problems


def validate_claim(store: Store, inp: ClaimInput) -> list[Problem]:
    from models.curation.claims import day_launches

    problems = [p for p in [_day_problem("day", inp.day)] if p]
    if not isinstance(inp.missiles, int) or inp.missiles < 1:
        problems.append(Problem("missiles", "a claim counts at least one missile"))
    elif not problems:
        events = len(day_launches(store.conn, inp.day.strip()))
        if events == 0:
            problems.append(Problem("day", f"no launch event is recorded on {inp.day.strip()} (Korea date); "
                                           "add the launch first, then its contested count"))
        elif inp.missiles < events:
            problems.append(Problem("missiles", f"the record holds {events} launch events on {inp.day.strip()} "
                                                "(Korea date); a count below that would drop events: hide "
                                                "the events that did not happen instead"))
    return problems + validate_source(inp.source, "source")
