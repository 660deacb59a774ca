"""The statement register 2023-2026: CTX and G7 series, lists not recorded, Council membership per year,
procedural votes, and one transaction with clear errors (synthetic fixtures and the real files)."""
from __future__ import annotations

import pytest

from models.analytics.alignment import alignment_table, council_members
from models.analytics.alignment_matrix import (
    G7, JOINED, NO_STANDING, UN_ONLY, UNKNOWN, VOTE_NO, alignment_matrix)
from models.errors import DataImportError
from models.importers import import_files
from tests.conftest import FIXTURES, STATEMENT_FILES, shared_file

pytestmark = pytest.mark.both_engines      # every store in this file: SQLite, then PostgreSQL

SYN = FIXTURES / "statements_2023"
SYNTHETIC = [SYN / "membership.csv", SYN / "statements.csv", SYN / "signatories.csv", SYN / "votes.csv"]
REAL_2023 = ["statements/unsc_membership_2023_2026.csv", "statements/statements_2023_2026.csv",
             "statements/signatories_2023_2026.csv", "statements/unsc_votes_2023_2026.csv"]


def _state(store) -> tuple:
    return tuple(store.rows(f"SELECT * FROM {t} ORDER BY 1, 2") for t in
                 ("statements", "positions", "country_groups", "statement_triggers"))


def test_series_follow_the_ids_and_a_missing_list_is_not_recorded(store):
    import_files(store, SYNTHETIC)
    rows = {r["statement_id"]: r for r in store.rows("SELECT * FROM statements")}
    assert rows["CTX2098-01"]["series_id"] == "context" and rows["G7-2098-01"]["series_id"] == "g7"
    assert rows["JS2098-02"]["series_id"] == "us_led" and rows["JS2098-02"]["positions_known"] == 0
    table = alignment_table(store).set_index("iso3")
    assert (table["JS2098-02"] == "list not recorded").all()
    assert "not joined" not in set(table["JS2098-02"])


def test_membership_per_year_replaces_the_seats_and_no_standing_follows_the_year(store):
    import_files(store, SYNTHETIC)
    assert "JPN" in council_members(store, "2098-06-01") and "KOR" not in council_members(store, "2098-06-01")
    assert "KOR" in council_members(store, "2099-06-01") and "JPN" not in council_members(store, "2099-06-01")
    matrix = alignment_matrix(store)
    vote = matrix.column_of("S/2099/1")
    assert matrix.codes[matrix.row_of("KOR"), vote] == JOINED
    assert matrix.codes[matrix.row_of("JPN"), vote] == NO_STANDING       # on the Council in 2098, not in 2099
    assert matrix.codes[matrix.row_of("RUS"), vote] == VOTE_NO
    assert matrix.codes[matrix.row_of("CAN"), matrix.column_of("JS2098-02")] == UNKNOWN


def test_a_procedural_vote_has_no_veto_and_a_draft_vote_does(store):
    import_files(store, SYNTHETIC)
    outcome = dict(store.rows("SELECT statement_id, outcome FROM statements WHERE kind != 'joint_statement'"))
    assert outcome["S/2099/1"] == "not adopted (13-1-1; vetoed by RUS)"
    assert outcome["procedural vote: adoption of agenda item 'X'"] == \
        "adopted (12-2-1; procedural vote, no veto applies)"
    assert store.scalar("SELECT kind FROM statements WHERE statement_id LIKE 'procedural%'") == "procedural_vote"


def test_reimport_changes_nothing(store):
    import_files(store, SYNTHETIC)
    before = _state(store)
    report = import_files(store, SYNTHETIC)
    assert not report.changed and _state(store) == before


@pytest.mark.parametrize("name, problem", [
    ("membership_short.csv", "2098 has 14 members (5 permanent); the Council has 15"),
    ("membership_bad_role.csv", "permanent_or_elected must be 'permanent' or 'elected', not 'veto'"),
    ("membership_duplicate.csv", "listed twice for 2098"),
])
def test_a_broken_membership_file_names_the_problem_and_changes_nothing(store, name, problem):
    import_files(store, [SYN / "statements.csv"])
    before = _state(store)
    with pytest.raises(DataImportError) as err:
        import_files(store, [SYN / name, SYN / "signatories.csv", SYN / "votes.csv"])
    assert name in str(err.value) and problem in str(err.value) and "line" in str(err.value)
    assert _state(store) == before


def test_membership_survives_a_reference_refresh(store):
    from models import reference

    import_files(store, SYNTHETIC)
    with store.transaction() as conn:
        conn.execute("DELETE FROM meta WHERE key = 'reference_digest'")
        reference.sync(conn)
    assert "KOR" in council_members(store, "2099-06-01")
    assert store.scalar("SELECT COUNT(*) FROM country_groups WHERE group_name = 'UNSC'"
                        " AND valid_from = '2099-01-01'") == 15


def test_g7_is_its_own_group_of_columns_and_filterable(store):
    import_files(store, SYNTHETIC)
    everything = alignment_matrix(store)
    series = list(everything.columns["series"])
    assert series[-1] == G7 and G7 not in series[:-1]           # after the UN columns, whatever its date
    assert list(alignment_matrix(store, series=G7).columns["statement_id"]) == ["G7-2098-01"]
    assert G7 not in set(alignment_matrix(store, series=UN_ONLY).columns["series"])


# -- the real files -----------------------------------------------------------------------------
@pytest.fixture
def register(store):
    import_files(store, [shared_file(f) for f in STATEMENT_FILES])
    import_files(store, [shared_file(f) for f in REAL_2023])
    return store


def test_real_register_2023_2026(register):
    store = register
    counts = dict(store.rows("SELECT series_id, COUNT(*) FROM statements WHERE date >= '2023' GROUP BY series_id"))
    assert counts == {"us_led": 5, "context": 3, "g7": 7, None: 3}
    unknown = {r[0] for r in store.rows("SELECT statement_id FROM statements WHERE positions_known = 0")}
    assert unknown == {"E10-2022-11-04", "JS2023-01", "G7-2023-01"}
    outcome = dict(store.rows("SELECT statement_id, outcome FROM statements WHERE kind != 'joint_statement'"))
    assert outcome["S/2024/255"] == "not adopted (13-1-1; vetoed by RUS)"
    assert outcome["S/RES/2680(2023)"] == "adopted (15-0-0)"
    assert outcome["S/2022/431"] == "not adopted (13-2-0; vetoed by CHN, RUS)"
    assert sum("no veto applies" in (o or "") for o in outcome.values()) == 1


def test_real_membership_no_standing_follows_the_year(register):
    matrix = alignment_matrix(register)
    veto_2024, votes_2022, res_2023 = (matrix.column_of(s) for s in ("S/2024/255", "S/2022/431", "S/RES/2680(2023)"))
    jpn, are, kor = (matrix.row_of(c) for c in ("JPN", "ARE", "KOR"))
    assert matrix.codes[jpn, votes_2022] == NO_STANDING and matrix.codes[jpn, veto_2024] == JOINED
    assert matrix.codes[are, res_2023] == JOINED and matrix.codes[are, veto_2024] == NO_STANDING
    assert matrix.codes[kor, veto_2024] == JOINED
    assert {"LVA", "COD", "BHR", "COL", "LBR"} <= council_members(register, "2026-06-01")
    js = matrix.column_of("JS2023-01")
    assert (matrix.codes[:, js] == UNKNOWN).all()           # list not recorded, never "not joined"


def test_real_register_reimport_is_idempotent(register):
    before = _state(register)
    report = import_files(register, [shared_file(f) for f in REAL_2023])
    assert not report.changed and _state(register) == before
