"""The sanctions log's data layer: per-designation history across snapshots that cover different parts."""
from __future__ import annotations

import pytest

from conftest import FIXTURES
from models.analytics.sanctions import history
from models.importers import import_files
from models.store import Store

pytestmark = pytest.mark.both_engines      # every store in this file: SQLite, then PostgreSQL

SANCTIONS = FIXTURES / "sanctions"
SET = SANCTIONS / "set_2020-02-01"


@pytest.fixture(scope="module")
def mixed(tmp_path_factory):
    """Three OFAC snapshots: only the middle one was imported with add.csv, alt.csv and sdn_comments.csv."""
    with Store(tmp_path_factory.mktemp("mixed") / "db.sqlite3") as store:
        for files in ([SANCTIONS / "history" / "sdn_2020-01-01.csv"],
                      [SET / "sdn.csv", SET / "add.csv", SET / "alt.csv", SET / "sdn_comments.csv"],
                      [SANCTIONS / "history" / "sdn_2020-03-01.csv"]):
            import_files(store, files)
        yield store


def events(store: Store, source_id: str) -> list[tuple[str, str, str]]:
    designation_id, list_name = store.rows("SELECT designation_id, list_name FROM designations"
                                           " WHERE source_id = ?", (source_id,))[0]
    return history(store, designation_id, list_name)


@pytest.mark.parametrize("source_id", ["101", "102", "103", "108"])
def test_parts_one_snapshot_does_not_cover_are_no_amendment(mixed, source_id):
    # the stored contents differ (addresses, aliases, comments only in 2020-02-01), the entries do not
    assert [e for e in events(mixed, source_id) if e[1] == "amended"] == []


def test_real_amendments_name_their_fields(mixed):
    assert ("2020-03-01", "amended", "name") in events(mixed, "105")
    assert ("2020-02-01", "amended", "programs") in events(mixed, "107")


def test_a_removal_is_reported_once(mixed):
    assert [e[0] for e in events(mixed, "100") if e[1] == "removed"] == ["2020-02-01"]


def test_column_arrays_agree_with_the_report_log(bundled_store):
    """The pane's column arrays (models.analytics.sanctions_log) show, rank and count as log_frame does."""
    import numpy as np

    from models.analytics.sanctions import LOG_COLUMNS, log_frame, period_counts, response_mask
    from models.analytics.sanctions_log import load_log

    frame, log = log_frame(bundled_store), load_log(bundled_store)
    assert log.ids.tolist() == frame["designation_id"].tolist()
    for column in LOG_COLUMNS:
        if column != "matched":
            expected = ["" if v is None else str(v) for v in frame[column]]
            assert [log.cell(column, r) for r in range(len(log))] == expected, column
    order = np.argsort(log.ranks["name"], kind="stable")
    assert frame["name"].iloc[order].tolist() == sorted(frame["name"], key=str.casefold)
    assert log.period_counts(log.dprk).equals(period_counts(frame[frame["dprk"] == 1]))
    assert log.period_counts(np.ones(len(log), dtype=bool), "month").equals(period_counts(frame, "month"))
    assert (log.response_mask("2022-05-04", 30) == response_mask(frame, "2022-05-04", 30).to_numpy()).all()
    assert (log.known == frame["known_date"].to_numpy(dtype=bool)).all()
    assert log.contains("countries", "China").sum() == frame["countries"].str.contains("China").sum() > 0


def test_an_empty_store_gives_an_empty_log(store):
    from models.analytics.sanctions_log import load_log

    log = load_log(store)
    assert len(log) == 0 and log.period_counts(log.dprk).empty and log.choices()["authority"] == []
