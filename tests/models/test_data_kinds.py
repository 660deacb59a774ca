"""The kinds of data a change touches (models.data_kinds) and how Changes carries them."""
from __future__ import annotations

from models.briefing_model import Changes
from models.data_kinds import DESIGNATIONS, EVERYTHING, LAUNCHES, STATEMENTS, TAGS, of_records, of_tables


def test_curated_records_and_tables_map_to_their_kinds_and_unknown_ones_to_everything():
    assert of_records(["launch", "launch_day"]) == {LAUNCHES}
    assert of_records(["vote", "designation"]) == {STATEMENTS, DESIGNATIONS}
    assert of_records(["launch", "something new"]) == EVERYTHING
    assert of_tables(["positions"]) == {STATEMENTS}
    assert of_tables(["source_files"]) == EVERYTHING


def test_a_data_change_touches_every_kind_unless_narrowed_and_a_batch_joins_the_kinds():
    assert Changes(data=True).touches(TAGS)                           # an import, an update: everything
    launch = Changes(data=True, kinds=frozenset({LAUNCHES}))
    assert launch.touches(LAUNCHES) and not launch.touches(DESIGNATIONS, TAGS)
    assert not Changes(period=True).touches(LAUNCHES)                  # no data changed
    assert (launch | Changes(selection=True)).kinds == {LAUNCHES}      # a non-data change adds no kinds
    joined = launch | Changes(data=True, kinds=frozenset({TAGS}))
    assert joined.kinds == {LAUNCHES, TAGS} and joined.data
    assert (launch | Changes(data=True)).kinds == EVERYTHING
