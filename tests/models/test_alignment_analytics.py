"""Alignment analytics on the real 2022 register: the article's claims, series, gaps, agreement."""
from __future__ import annotations

import numpy as np
import pytest

from models.analytics import alignment_stats as stats
from models.analytics.alignment import alignment_table, data_gaps
from models.analytics.alignment_matrix import (
    JOINED, NO_STANDING, UNKNOWN, VOTE_NO, alignment_matrix)
from models.analytics.alignment_view import AlignmentOptions, alignment_view

pytestmark = pytest.mark.both_engines      # every store in this file: SQLite, then PostgreSQL


@pytest.fixture
def matrix(real_store):
    return alignment_matrix(real_store)


def _us_led(matrix):
    frame = stats.participation(matrix)
    return frame[frame["series"] == "us_led"].set_index("iso3")


def test_article_counts_per_country(matrix):
    us = _us_led(matrix)
    assert (us.loc["ARE", "joined"], us.loc["ARE", "eligible"]) == (5, 9)
    assert us.loc["IND", "joined"] == 3
    for iso in ("CAN", "DEU", "ITA"):
        assert us.loc[iso, "joined"] == 1
        assert us.loc[iso, "last_joined"] == "2022-03-25"
    assert us.loc["NZL", "joined"] == 3
    assert us.loc["AUS", "joined"] == 4
    assert us.loc[["CHN", "RUS", "GAB", "GHA", "KEN", "MEX"], "joined"].tolist() == [0] * 6


def test_drift_new_zealand_stopped_india_started(matrix):
    us = _us_led(matrix)
    assert us.loc["NZL", "drift"] == "stopped"
    assert us.loc["NZL", "last_joined"] == "2022-03-25"
    assert us.loc["IND", "drift"] == "started"
    assert us.loc["IND", "first_joined"] == "2022-10-05"
    joined_ids = [matrix.columns["statement_id"][j] for j in range(matrix.shape[1])
                  if matrix.codes[matrix.row_of("IND"), j] == JOINED and matrix.columns["series"][j] == "us_led"]
    assert joined_ids == ["JS2022-07", "JS2022-08", "JS2022-09"]


def test_four_council_majorities_among_the_nine(matrix):
    margins = stats.statement_margins(matrix)
    joint = margins[matrix.columns["series"].to_numpy() == "us_led"]
    assert len(joint) == 9
    assert joint["council_majority"].sum() == 4
    assert set(joint.loc[joint["council_majority"], "statement_id"]) == {
        "JS2022-03", "JS2022-06", "JS2022-07", "JS2022-09"}
    assert joint["council_signatories"].tolist() == [5, 7, 8, 7, 7, 8, 9, 7, 8]


def test_veto_and_standing_on_the_vote(matrix):
    j = matrix.column_of("S/2022/431")
    assert matrix.codes[matrix.row_of("CHN"), j] == VOTE_NO
    assert matrix.codes[matrix.row_of("RUS"), j] == VOTE_NO
    assert matrix.codes[matrix.row_of("GAB"), j] == JOINED
    assert matrix.codes[matrix.row_of("JPN"), j] == NO_STANDING   # not on the Council in 2022
    assert matrix.council[:, j].sum() == 15
    assert matrix.permanent[matrix.row_of("CHN")] and not matrix.permanent[matrix.row_of("ALB")]


def test_e10_stays_unknown_and_never_counts(matrix):
    j = matrix.column_of("E10-2022-11-04")
    assert (matrix.codes[:, j] == UNKNOWN).all()
    margins = stats.statement_margins(matrix)
    assert not margins.loc[j, "council_majority"] and margins.loc[j, "signatories"] == 0
    frame = stats.participation(matrix)
    e10 = frame[frame["series"] == "e10"]
    assert (e10["eligible"] == 0).all() and (e10["joined"] == 0).all()
    assert _us_led(matrix).loc["ARE", "joined"] == 5


def test_series_filter_keeps_only_that_series(real_store):
    us = alignment_matrix(real_store, series="us_led")
    assert us.shape[1] == 9 and set(us.columns["series"]) == {"us_led"}
    votes = alignment_matrix(real_store, series="votes")
    assert votes.columns["statement_id"].tolist() == ["S/2022/431"]
    assert (us.codes[:, :] != UNKNOWN).all()


def test_view_order_group_filter_and_notes(real_store):
    from models.briefing_model import BriefingModel

    statements = BriefingModel(real_store).statements()
    view = alignment_view(real_store, statements, AlignmentOptions(series="us_led", grouped=False, sort="name"))
    assert list(view.matrix.names) == sorted(view.matrix.names)
    view = alignment_view(real_store, statements, AlignmentOptions(grouped=True, sort="participation"))
    assert view.bloc_names[0] == "UNSC 2022"
    council = [str(i) for i, r in zip(view.matrix.iso3, view.bloc_rank) if r == 0]
    assert len(council) == 15 and council[:5] == ["ALB", "FRA", "IRL", "GBR", "USA"]
    assert view.margin_text(council.index("ARE")).startswith("5/9 56%")
    view = alignment_view(real_store, statements, AlignmentOptions(country_group="G7", sort="last_joined",
                                                                   grouped=False))
    assert set(view.matrix.iso3) == {"CAN", "FRA", "DEU", "ITA", "JPN", "GBR", "USA"}
    assert list(view.matrix.iso3[-3:]) == ["CAN", "DEU", "ITA"]      # last joined 25 Mar, by name
    # margins count every signatory, not only the filtered rows
    assert view.margins.set_index("statement_id").loc["JS2022-06", "signatories"] == 15
    assert any("list not recorded" in n for n in view.notes)
    assert any("9 of 10 statements recorded" in n for n in view.notes)


def test_data_gap_record(real_store):
    gaps = data_gaps(real_store)
    row = gaps[(gaps["series_id"] == "us_led") & (gaps["year"] == "2022")].iloc[0]
    assert (row["recorded"], row["reported"], row["in_store"]) == (9, 10, 9)
    assert row["summary"] == "9 of 10 statements recorded" and "Ruggiero" in row["source"]


def test_data_gap_counts_come_from_the_store_not_the_file(real_store):
    """A tenth statement in the store closes the gap: the file holds only what the article reports."""
    real_store.conn.execute(
        "INSERT INTO statements (statement_id, kind, series_id, date, title, file_id)"
        " SELECT 'JS2022-10', 'joint_statement', 'us_led', '2022-06-01', 'test row', file_id FROM statements"
        " WHERE statement_id = 'JS2022-01'")
    assert data_gaps(real_store).empty


def test_agreement_symmetric_and_clusters(matrix):
    share, both = stats.agreement(matrix)
    assert np.allclose(share, share.T, equal_nan=True)
    assert np.allclose(np.diag(share), 1.0)
    i, j = matrix.row_of("USA"), matrix.row_of("GBR")
    assert share[i, j] == 1.0 and both[i, j] == 10          # 9 statements + the vote; E10 excluded
    chn, alb = matrix.row_of("CHN"), matrix.row_of("ALB")
    assert share[chn, alb] == 0.0
    order = list(matrix.iso3[stats.agreement_order(share)])
    assert abs(order.index("CHN") - order.index("RUS")) == 1
    assert abs(order.index("CAN") - order.index("DEU")) <= 2


def test_row_order_ties_by_name():
    names = np.array(["b", "a", "c"])
    order = stats.row_order(names, np.array([0.5, 0.5, 0.9]), np.array([None, "2022-01-01", None]), "participation")
    assert names[order].tolist() == ["c", "a", "b"]
    order = stats.row_order(names, np.zeros(3), np.array([None, "2022-01-01", "2022-02-01"]), "last_joined")
    assert names[order].tolist() == ["c", "a", "b"]
    with pytest.raises(ValueError):
        stats.row_order(names, np.zeros(3), np.array([None] * 3), "colour")


def test_alignment_table_unchanged(real_store):
    table = alignment_table(real_store)
    assert list(table.columns[:2]) == ["iso3", "country"] and table.columns[-1] == "joined_count"
    counts = table.set_index("iso3")["joined_count"]
    assert (counts["ARE"], counts["IND"], counts["NZL"], counts["AUS"]) == (5, 3, 3, 4)


def test_matrix_of_empty_store(store):
    matrix = alignment_matrix(store)
    assert matrix.shape[1] == 0
    assert stats.statement_margins(matrix).empty
