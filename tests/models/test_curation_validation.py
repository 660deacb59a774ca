"""Curation inputs refused on the spot with the reason, and nothing saved."""
from __future__ import annotations

import pytest

from models.curation import (
    AddLaunch, AddStatement, AddVote, CurationRefused, LaunchInput, SourceInput, StatementInput, VoteInput,
    audit_trail, council_members, g7_members, last_statement_signatories, validate_launch, validate_statement,
    validate_vote)

pytestmark = pytest.mark.both_engines      # every store in this file: SQLite, then PostgreSQL

SOURCE = SourceInput("US Mission to the UN", "https://usun.usmission.gov/joint-statement/", "2024-11-06",
                     "on behalf of ...")


def _counts(store) -> tuple:
    return tuple(store.scalar(f"SELECT COUNT(*) FROM {t}") for t in
                 ("statements", "positions", "launches", "missiles", "curation_facts", "curation_audit"))


def _statement(**over) -> StatementInput:
    values = dict(statement_id="JS2099-01", date="2024-11-05", title="Joint statement", signatories=["USA", "JPN"],
                  sources=[SOURCE])
    values.update(over)
    return StatementInput(**values)


def _fields(problems) -> dict[str, str]:
    out: dict[str, str] = {}
    for p in problems:
        out[p.field] = f"{out[p.field]}; {p.message}" if p.field in out else p.message
    return out


@pytest.mark.parametrize("over, field, words", [
    ({"date": "2024-02-30"}, "date", "is not a date"),
    ({"date": "2999-01-01"}, "date", "in the future"),
    ({"sources": []}, "sources", "at least one public source"),
    ({"signatories": ["USA", "XXX"]}, "signatories", "'XXX' is not a country code"),
    ({"statement_id": "JS2022-01"}, "statement_id", "duplicate statement id"),
    ({"sources": [SourceInput("", "ftp://x", "2024-13-01")]}, "sources[0].url", "ftp://x is not a web address"),
    ({"sources": [SourceInput("UN", "", "2024-11-06")]}, "sources[0].url", "a source needs a web address"),
    ({"signatories": []}, "signatories", "mark the list as not recorded"),
])
def test_bad_statement_is_refused_with_its_reason_and_nothing_is_saved(bundled_store, over, field, words):
    before = _counts(bundled_store)
    problems = validate_statement(bundled_store, _statement(**over))
    assert words in _fields(problems)[field]
    with pytest.raises(CurationRefused) as refused:
        AddStatement(_statement(**over)).apply(bundled_store)
    assert words in str(refused.value)
    assert _counts(bundled_store) == before


def test_a_valid_statement_has_no_problem_and_list_not_recorded_is_allowed(bundled_store):
    assert validate_statement(bundled_store, _statement()) == []
    assert validate_statement(bundled_store, _statement(signatories=None)) == []


def test_vote_with_more_than_15_members_is_refused(bundled_store):
    members = council_members(bundled_store, 2024)
    assert len(members) == 15
    votes = {c: "yes" for c in members} | {"DEU": "yes"}
    inp = VoteInput("S/2099/1", "2024-03-28", True, votes, sources=[SOURCE])
    before = _counts(bundled_store)
    assert "16 members voted; the Council has 15" in _fields(validate_vote(bundled_store, inp))["votes"]
    with pytest.raises(CurationRefused):
        AddVote(inp).apply(bundled_store)
    assert _counts(bundled_store) == before


def test_vote_outcome_must_agree_with_the_votes_a_russian_no_is_a_veto(bundled_store):
    votes = {c: "yes" for c in council_members(bundled_store, 2024)} | {"RUS": "no"}
    inp = VoteInput("S/2099/2", "2024-03-28", True, votes, sources=[SOURCE])
    assert "vetoed by RUS" in _fields(validate_vote(bundled_store, inp))["adopted"]
    inp.adopted = False
    assert validate_vote(bundled_store, inp) == []


def test_bad_launch_is_refused(bundled_store):
    inp = LaunchInput("2024-11-31", time="25:00", count=0, apogee_km="high", sources=[])
    fields = _fields(validate_launch(bundled_store, inp))
    assert {"date", "time", "count", "apogee_km", "sources"} <= set(fields)
    before = _counts(bundled_store)
    with pytest.raises(CurationRefused):
        AddLaunch(inp).apply(bundled_store)
    assert _counts(bundled_store) == before and audit_trail(bundled_store).empty


def test_presets_come_from_the_membership_and_the_register(bundled_store):
    assert {"USA", "GBR", "FRA", "CHN", "RUS", "DZA", "GUY"} <= set(council_members(bundled_store, 2024))
    assert set(g7_members(bundled_store)) == {"CAN", "FRA", "DEU", "ITA", "JPN", "GBR", "USA"}
    last = last_statement_signatories(bundled_store, before="2024-12-31")
    assert len(last) == 13 and "SLE" in last
