"""The statement register: real 2022 files, the project's exchange format, broken input."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.both_engines      # every store in this file: SQLite, then PostgreSQL

from conftest import FIXTURES, STATEMENT_FILES, shared_file
from helpers import fingerprint
from models.errors import DataImportError
from models.importers import import_files
from models.tables import build_table

S = FIXTURES / "statements"


def test_real_register(store):
    report = import_files(store, [shared_file(f) for f in reversed(STATEMENT_FILES)])
    assert [f.format for f in report.files] == ["statements", "statement_signatories", "statement_votes"]
    statements = build_table(store, "statements").set_index("statement_id")
    joint = statements[statements.series_id == "us_led"]
    assert len(joint) == 9
    assert joint.signatory_count.tolist() == [6, 8, 9, 11, 11, 15, 11, 12, 14]
    assert statements.loc["E10-2022-11-04", "series_id"] == "e10"
    assert statements.loc["E10-2022-11-04", "positions_known"] == 0
    assert statements.loc["S/2022/431", "kind"] == "draft_resolution_vote"
    assert statements.loc["S/2022/431", "outcome"] == "not adopted (13-2-0; vetoed by CHN, RUS)"


def test_alignment_table_matches_the_record(real_store):
    table = build_table(real_store, "alignment").set_index("iso3")
    joint = [c for c in table.columns if c.startswith("JS2022")]
    assert table.loc["ARE", "joined_count"] == 5
    assert table.loc["IND", "joined_count"] == 3
    assert [table.loc["IND", c] for c in joint][-3:] == ["joined"] * 3
    assert all(table.loc[c, "joined_count"] == 1 for c in ("CAN", "DEU", "ITA"))
    assert table.loc["NZL", "joined_count"] == 3
    assert table.loc["AUS", "joined_count"] == 4
    assert table.loc["CHN", "S/2022/431"] == "no" and table.loc["RUS", "S/2022/431"] == "no"
    assert table.loc["JPN", "S/2022/431"] == ""           # not on the Council in 2022: no standing
    assert table.loc["CHN", "JS2022-01"] == "not joined"
    assert (table["E10-2022-11-04"] == "list not recorded").all()   # the source names no signatories
    council_2022 = {"CHN", "FRA", "RUS", "GBR", "USA", "ALB", "BRA", "GAB", "GHA", "IND", "IRL", "KEN", "MEX",
                    "NOR", "ARE"}
    assert council_2022 <= set(table.index)


def test_exchange_format_with_kinds_series_and_triggers(store):
    report = import_files(store, [S / "votes.csv", S / "signatories.csv", S / "statements.csv"])
    assert [f.added for f in report.files] == [2, 3, 2]
    rows = {r["statement_id"]: r for r in store.rows("SELECT * FROM statements")}
    assert rows["JS2099-02"]["title"] == "Second synthetic statement, with a comma"
    assert rows["S/RES/9999 (2099)"]["kind"] == "resolution_vote"
    assert store.rows("SELECT launch_date FROM statement_triggers WHERE statement_id = 'JS2099-01'")[0][0] == \
        "2099-01-05"
    again = import_files(store, [S / "statements.csv", S / "signatories.csv", S / "votes.csv"])
    assert again.added == 0 and again.updated == 0


@pytest.mark.parametrize("files, message", [
    (["statements.csv", "signatories_unknown_statement.csv"],
     "signatories_unknown_statement.csv, line 3: statement 'JS2099-77' is not in the register"),
    (["statements.csv", "signatories_bad_country.csv"],
     "signatories_bad_country.csv, line 2: unknown country code 'XYZ'"),
    (["statements_bad_date.csv"], "statements_bad_date.csv, line 2: unreadable date '10 Jan 2099'"),
    (["votes_bad_vote.csv"], "votes_bad_vote.csv, line 2: unknown vote 'maybe'"),
])
def test_broken_register_is_rejected_and_changes_nothing(real_store, files, message):
    before = fingerprint(real_store)
    with pytest.raises(DataImportError) as caught:
        import_files(real_store, [S / f for f in files])
    assert str(caught.value).startswith(message)
    assert fingerprint(real_store) == before
