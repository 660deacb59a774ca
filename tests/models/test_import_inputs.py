"""Issue 16, problem 7: a renamed optional column is warned of, a directory is named as one, and text files
in UTF-16 (BE or LE, with a BOM) or UTF-8 (with or without a BOM) are read alike."""
from __future__ import annotations

import codecs

import pytest

from conftest import FIXTURES
from helpers import fingerprint
from models.errors import DataImportError
from models.importers import ImportOptions, import_files

pytestmark = pytest.mark.both_engines      # every store in this file: SQLite, then PostgreSQL

CNS = FIXTURES / "cns" / "small.csv"
STATEMENTS = FIXTURES / "statements" / "statements.csv"
SDN = FIXTURES / "sanctions" / "set_2020-02-01" / "sdn.csv"


def test_a_renamed_optional_cns_column_is_warned_of(store, tmp_path):
    renamed = tmp_path / "cns.csv"
    renamed.write_text(CNS.read_text(encoding="cp1252").replace("Missile Name", "Missile Designation", 1),
                       encoding="utf-8")
    report = import_files(store, [renamed])
    warnings = report.files[0].warnings
    assert len(warnings) == 1 and "no column 'Missile Name'" in warnings[0] and "cns.csv, line 1" in warnings[0]
    assert "  warning: cns.csv, line 1: no column 'Missile Name'" in report.summary()
    assert store.scalar("SELECT COUNT(*) FROM missiles WHERE missile_name IS NOT NULL") == 0
    clean = import_files(store, [CNS])
    assert clean.files[0].warnings == []


def test_a_directory_is_named_as_a_directory(store, tmp_path):
    with pytest.raises(DataImportError, match=f"{tmp_path.name}: is a directory"):
        import_files(store, [tmp_path])
    from models.importers.formats import detect_format

    with pytest.raises(DataImportError, match="is a directory"):
        detect_format(tmp_path)


ENCODINGS = {"utf-8": lambda t: t.encode("utf-8"),
             "utf-8-bom": lambda t: codecs.BOM_UTF8 + t.encode("utf-8"),
             "utf-16-le-bom": lambda t: codecs.BOM_UTF16_LE + t.encode("utf-16-le"),
             "utf-16-be-bom": lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be")}


@pytest.mark.parametrize("encoding", ENCODINGS)
@pytest.mark.parametrize("source", [CNS, STATEMENTS, SDN], ids=["cns", "statements", "ofac"])
def test_every_text_encoding_imports_the_same_rows(tmp_path, encoding, source):
    from models.store import Store
    from models.tables import build_table

    text = source.read_bytes().decode("cp1252" if source is not STATEMENTS else "utf-8")
    results = []
    for name, data in (("plain", source.read_bytes()), (encoding, ENCODINGS[encoding](text))):
        folder = tmp_path / name
        folder.mkdir()
        path = folder / source.name
        path.write_bytes(data)
        with Store(folder / "db.sqlite3") as store:
            import_files(store, [path], ImportOptions(as_of="2020-03-01"))
            table = {CNS: "missiles", STATEMENTS: "statements", SDN: "designations"}[source]
            frame = build_table(store, table).drop(columns=["file_id"], errors="ignore")
            results.append(frame.to_csv(index=False))
    assert results[0] == results[1]


def test_a_failed_import_changes_nothing(store, tmp_path):
    import_files(store, [CNS])
    before = fingerprint(store)
    with pytest.raises(DataImportError):
        import_files(store, [STATEMENTS, tmp_path])
    assert fingerprint(store) == before
