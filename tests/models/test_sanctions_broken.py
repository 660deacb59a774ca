"""Broken list files: each gets a clear error naming the file (and line), and the database stays as it was."""
from __future__ import annotations

import pytest

from conftest import FIXTURES
from helpers import fingerprint
from models.errors import DataImportError
from models.importers import import_files

pytestmark = pytest.mark.both_engines      # every store in this file: SQLite, then PostgreSQL

SANCTIONS = FIXTURES / "sanctions"
BROKEN = SANCTIONS / "broken"
GOOD = SANCTIONS / "set_2020-02-01" / "sdn.csv"


@pytest.fixture
def loaded(store):
    import_files(store, [GOOD, SANCTIONS / "un_small.xml"])
    return store


def counts(store) -> dict[str, int]:
    tables = ["list_snapshots", "designations", "designation_snapshots", "designation_aliases",
              "designation_addresses", "designation_identifiers", "designation_links", "source_files"]
    return {t: store.scalar(f"SELECT COUNT(*) FROM {t}") for t in tables}


@pytest.mark.parametrize("name, pattern", [
    ("truncated_un.xml", r"truncated_un\.xml, line \d+: broken or truncated XML"),
    ("entity_bomb.xml", r"entity_bomb\.xml: the XML file declares a DTD .*entity bomb"),
    ("sdn_wrong_columns.csv", r"sdn_wrong_columns\.csv, line 3: 11 columns where an OFAC sdn\.csv file has 12"),
    ("garbage.bin", r"garbage\.bin: not a format this program reads \(binary content\)"),
    ("empty.csv", r"empty\.csv: the file is empty"),
])
def test_broken_file_is_refused_and_nothing_changes(loaded, name, pattern):
    before_counts, before = counts(loaded), fingerprint(loaded)
    with pytest.raises(DataImportError, match=pattern):
        import_files(loaded, [SANCTIONS / "history" / "sdn_2020-03-01.csv", BROKEN / name])
    assert counts(loaded) == before_counts
    assert fingerprint(loaded) == before


def test_unknown_column_count_is_named(loaded, tmp_path):
    odd = tmp_path / "odd.csv"
    odd.write_bytes(b'1,"A",-0- ,"B",-0- ,-0- ,-0- \r\n\x1a')
    before = fingerprint(loaded)
    with pytest.raises(DataImportError, match=r"odd\.csv, line 1: .* 7 columns; expected 12"):
        import_files(loaded, [odd])
    assert fingerprint(loaded) == before


def test_bad_row_in_companion_rolls_back(loaded, tmp_path):
    folder = tmp_path / "2020-04-01"
    folder.mkdir()
    (folder / "sdn.csv").write_bytes(GOOD.read_bytes())
    (folder / "add.csv").write_bytes(b'101,201,-0- ,"Pyongyang","Korea, North",-0- \r\n101,x,-0- ,-0- ,-0- ,-0- \r\n')
    before = fingerprint(loaded)
    with pytest.raises(DataImportError, match=r"add\.csv, line 2, record 101: the second field 'x' is not a number"):
        import_files(loaded, [folder / "sdn.csv", folder / "add.csv"])
    assert fingerprint(loaded) == before


def test_duplicate_entry_is_refused(store, tmp_path):
    dup = tmp_path / "sdn_2020-05-01.csv"
    line = b'7,"X",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n'
    dup.write_bytes(line + line)
    with pytest.raises(DataImportError, match=r"line 2, record 7: ent_num 7 appears twice"):
        import_files(store, [dup])
    assert store.scalar("SELECT COUNT(*) FROM designations") == 0
