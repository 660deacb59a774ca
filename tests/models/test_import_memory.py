"""List imports stream: their peak memory does not grow with the file (issue 16, "Memory").

Each import runs in a fresh child process that reports its own peak resident set (VmHWM). A small
and a larger synthetic file are imported and the growth of the peak is compared with the growth of the
file. SQLite's page cache is a fixed bound of its own (models.importers.IMPORT_CACHE_KIB, 128 MiB) that
a moderate file does not reach; the child sets it to 8 MiB, and the smaller file already fills it, so
that what is measured is the importer.
Reading a whole list into memory costs ~15x the file; streaming costs a fraction of it.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]
MAX_GROWTH = 2.0                  # peak memory growth per byte of file growth

CHILD = r"""
import resource, sys
sys.path.insert(0, sys.argv[1])
from pathlib import Path
import models.importers as importers
from models.importers import ImportOptions, import_files
from models.store import Store

importers.IMPORT_CACHE_KIB = -8192
if len(sys.argv) > 4:                   # companion files: read alongside from this size on
    import models.importers.ofac_csv as ofac_csv
    ofac_csv.COMPANION_MEMORY_BYTES = int(sys.argv[4])
store = Store(Path(sys.argv[2]))
for month, files in enumerate(sys.argv[3].split(";"), start=1):     # imports one after another
    report = import_files(store, files.split("|"), ImportOptions(as_of=f"2030-{month:02d}-01"))
store.close()
try:                    # this process's own high-water mark (ru_maxrss keeps the parent's from before exec)
    with open("/proc/self/status") as status:
        peak = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
except OSError:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(report.files[0].added + report.files[0].updated, peak)
"""


def ofac_rows(count: int, year: int = 1970) -> str:
    """sdn.csv rows (cp1252, CRLF); every third entry is linked to the one before it."""
    rows = []
    for ent in range(1, count + 1):
        remarks = f"DOB 01 Jan {year}; nationality Korea, North; Passport P{ent:07d} (Korea, North)"
        if ent % 3 == 0:
            remarks += f"; Linked To: SYNTHETIC TRADING {ent - 1:07d}."
        rows.append(f'{ent},"SYNTHETIC TRADING {ent:07d}","","DPRK3] [DPRK4",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,'
                    f'"{remarks}."')
    return "\r\n".join(rows) + "\r\n"


def ofac_addresses(count: int) -> str:
    """add.csv rows for ofac_rows(count): three addresses per entry, in ent_num order as OFAC writes them."""
    return "".join(f'{ent},{3 * ent + n},"{n + 1} Synthetic Street {ent:07d}","Pyongyang","Korea, North",-0- \r\n'
                   for ent in range(1, count + 1) for n in range(3))


def un_entries(count: int) -> str:
    """A UN consolidated.xml with `count` DPRK individuals (no dateGenerated: the import gives --as-of)."""
    body = "".join(
        f"<INDIVIDUAL><DATAID>{n}</DATAID><FIRST_NAME>SYNTHETIC</FIRST_NAME><SECOND_NAME>PERSON {n:07d}"
        f"</SECOND_NAME><UN_LIST_TYPE>DPRK</UN_LIST_TYPE><REFERENCE_NUMBER>KPi.{n:07d}</REFERENCE_NUMBER>"
        f"<LISTED_ON>2017-06-02</LISTED_ON><COMMENTS1>Synthetic entry number {n} for the memory test."
        f"</COMMENTS1><NATIONALITY><VALUE>Democratic People's Republic of Korea</VALUE></NATIONALITY>"
        f"<INDIVIDUAL_ALIAS><QUALITY>Good</QUALITY><ALIAS_NAME>PERSON {n:07d}</ALIAS_NAME></INDIVIDUAL_ALIAS>"
        f"<INDIVIDUAL_DOCUMENT><TYPE_OF_DOCUMENT>Passport</TYPE_OF_DOCUMENT><NUMBER>{n:09d}</NUMBER>"
        f"</INDIVIDUAL_DOCUMENT></INDIVIDUAL>\n" for n in range(1, count + 1))
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<CONSOLIDATED_LIST><INDIVIDUALS>\n{body}</INDIVIDUALS>' \
           "<ENTITIES/></CONSOLIDATED_LIST>\n"


def import_peak(folder: Path, name: str, text: str, encoding: str, *extra) -> tuple[int, int]:
    """(peak resident KiB of a child process importing `text` as file `name`, the file's size in bytes).

    `extra`: (companion file name, its text, COMPANION_MEMORY_BYTES) imported with it, sizes then add up;
    or (an earlier file,) imported first, as of a month before."""
    folder.mkdir()
    path = folder / name
    path.write_bytes(text.encode(encoding))
    paths, size, args = [path], path.stat().st_size, []
    earlier = ""
    if len(extra) == 1:
        earlier, extra = f"{extra[0]};", ()
    if extra:
        companion_name, companion_text, limit = extra
        companion = folder / companion_name
        companion.write_bytes(companion_text.encode(encoding))
        paths.append(companion)
        size += companion.stat().st_size
        args.append(limit)
    done = subprocess.run([sys.executable, "-c", CHILD, str(PROJECT), str(folder / "store.sqlite3"),
                           earlier + "|".join(map(str, paths)), *args], capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    added, peak = map(int, done.stdout.split())
    assert added > 0
    return peak, size


@pytest.mark.parametrize("name, build, encoding, small, large", [
    ("sdn.csv", ofac_rows, "cp1252", 10_000, 70_000),
    ("consolidated.xml", un_entries, "utf-8", 4_000, 25_000)])
def test_a_list_import_streams_its_peak_memory_barely_grows_with_the_file(tmp_path, name, build, encoding, small,
                                                                           large):
    small_peak, small_size = import_peak(tmp_path / "small", name, build(small), encoding)
    large_peak, large_size = import_peak(tmp_path / "large", name, build(large), encoding)
    growth = (large_peak - small_peak) * 1024 / (large_size - small_size)
    assert growth < MAX_GROWTH, (f"peak memory grew {growth:.1f} bytes per byte of file "
                                 f"({small_peak / 1024:.0f} -> {large_peak / 1024:.0f} MiB for "
                                 f"{small_size / 1e6:.1f} -> {large_size / 1e6:.1f} MB)")


def test_a_large_companion_file_in_ent_num_order_is_read_alongside_so_memory_barely_grows(tmp_path):
    # The companion threshold is set to 1 MB so that moderate files take the large-file path.
    def peak(folder: str, count: int) -> tuple[int, int]:
        return import_peak(tmp_path / folder, "sdn.csv", ofac_rows(count), "cp1252", "add.csv",
                           ofac_addresses(count), "1000000")

    small_peak, small_size = peak("small", 10_000)
    large_peak, large_size = peak("large", 70_000)
    growth = (large_peak - small_peak) * 1024 / (large_size - small_size)
    assert growth < MAX_GROWTH, (f"peak memory grew {growth:.1f} bytes per byte of sdn.csv + add.csv "
                                 f"({small_peak / 1024:.0f} -> {large_peak / 1024:.0f} MiB for "
                                 f"{small_size / 1e6:.1f} -> {large_size / 1e6:.1f} MB)")


def test_reimporting_a_changed_large_list_rebuilds_its_rows_in_chunks_so_memory_barely_grows(tmp_path):
    # A second snapshot in which every entry changed: every current row is rebuilt from it.
    def peak(folder: str, count: int) -> tuple[int, int]:
        (tmp_path / folder).mkdir()
        first = tmp_path / folder / "first.csv"
        first.write_bytes(ofac_rows(count).encode("cp1252"))
        second = tmp_path / folder / "second"
        peak, size = import_peak(second, "sdn.csv", ofac_rows(count, year=1971), "cp1252", first)
        return peak, size

    small_peak, small_size = peak("small", 10_000)
    large_peak, large_size = peak("large", 70_000)
    growth = (large_peak - small_peak) * 1024 / (large_size - small_size)
    assert growth < MAX_GROWTH, (f"peak memory grew {growth:.1f} bytes per byte of the changed file "
                                 f"({small_peak / 1024:.0f} -> {large_peak / 1024:.0f} MiB for "
                                 f"{small_size / 1e6:.1f} -> {large_size / 1e6:.1f} MB)")


def test_a_companion_read_alongside_gives_the_same_store_as_one_read_whole(tmp_path, monkeypatch):
    from helpers import fingerprint
    from models.importers import import_files
    import models.importers.ofac_csv as ofac_csv
    from models.store import Store

    folder = tmp_path / "2030-01-01"
    folder.mkdir()
    (folder / "sdn.csv").write_bytes(ofac_rows(300).encode("cp1252"))
    rows = ofac_addresses(320).splitlines(keepends=True)        # 60 rows of entries sdn.csv lacks, at the end
    rows.insert(5, '0,1,"Nowhere",-0- ,-0- ,-0- \r\n')           # and one before every entry
    (folder / "add.csv").write_bytes("".join(rows).encode("cp1252"))
    stores = {}
    for limit in (ofac_csv.COMPANION_MEMORY_BYTES, 0):
        monkeypatch.setattr(ofac_csv, "COMPANION_MEMORY_BYTES", limit)
        with Store(tmp_path / f"{limit}.sqlite3") as store:
            report = import_files(store, [folder / "sdn.csv", folder / "add.csv"])
            stores[limit] = (fingerprint(store, skip=("source_files",)), report.files[0].notes)   # import times
    whole, alongside = stores.values()
    assert alongside == whole
    assert any("add.csv: 61 rows name an ent_num that is not in sdn.csv" in note for note in whole[1])


def test_a_streamed_list_import_reports_progress_while_reading_and_a_cancel_mid_write_changes_nothing(store,
                                                                                                     tmp_path):
    from helpers import fingerprint
    from models.errors import ImportCancelled
    from models.importers import ImportOptions, import_files
    from models.progress import Progress

    first = tmp_path / "first" / "sdn.csv"
    first.parent.mkdir()
    first.write_bytes(ofac_rows(3_000).encode("cp1252"))
    import_files(store, [first], ImportOptions(as_of="2030-01-01"))
    before = fingerprint(store)
    second = tmp_path / "second" / "sdn.csv"
    second.parent.mkdir()
    second.write_bytes(ofac_rows(12_000).encode("cp1252"))
    seen: list[tuple[int, int, str]] = []
    progress = Progress(lambda done, total, text: seen.append((done, total, text)), interval=0)

    def cancel_once_writing(done: int, total: int, text: str) -> None:
        seen.append((done, total, text))
        if text.startswith("Reading sdn.csv") and done >= 8_000:     # rows up to here are already written
            progress.cancel()

    progress._callback = cancel_once_writing
    with pytest.raises(ImportCancelled):
        import_files(store, [second], ImportOptions(as_of="2030-02-01"), progress=progress)
    reading = [done for done, _total, text in seen if text.startswith("Reading sdn.csv")]
    assert len(reading) >= 4 and reading == sorted(reading)           # it reported as it read, in order
    assert fingerprint(store) == before                                # the batches written were rolled back
