"""Importing a dated series of sdn.csv versions (git repository or bundle of a scrape, folder of dated files)."""
from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from models import designation_dates as dd
from models.errors import DataImportError
from models.importers import import_files

pytestmark = pytest.mark.both_engines      # every store in this file: SQLite, then PostgreSQL

ROWS = {
    "101": '101,"EXAMPLE TRADING CO",-0- ,"DPRK3",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ',
    "102": '102,"KIM, Example","individual","DPRK2",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"DOB 01 Jan 1970."',
    "102b": '102,"KIM, Example Renamed","individual","DPRK2",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"DOB 01 Jan 1970."',
    "103": '103,"RI, Example","individual","DPRK3",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ',
}
# (commit time in UTC, rows): 103 appears between 7 Nov 18:51Z and 9 Nov 02:52Z (8 Nov, US Eastern), 102 is
# removed around 20 Nov and listed again on 25 Nov; the last commit empties the file (skipped).
VERSIONS = [
    ("2022-11-01T18:43:00Z", ["101", "102"]),
    ("2022-11-07T18:51:00Z", ["101", "102b"]),
    ("2022-11-09T02:52:00Z", ["101", "102b", "103"]),
    ("2022-11-20T12:54:00Z", ["101", "103"]),
    ("2022-11-25T18:43:00Z", ["101", "102b", "103"]),
    ("2022-11-26T18:43:00Z", None),
]
WORKFLOW = "on:\n  schedule:\n    - cron: 43 */6 * * *\n"


def _csv(keys: list[str]) -> bytes:
    return ("\r\n".join(ROWS[k] for k in keys) + "\r\n\x1a").encode("cp1252")


def _git(repo: Path, *args: str, when: str | None = None) -> None:
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.org", GIT_COMMITTER_NAME="t",
               GIT_COMMITTER_EMAIL="t@example.org")
    if when:
        env.update(GIT_AUTHOR_DATE=when, GIT_COMMITTER_DATE=when)
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, env=env)


def make_scrape(root: Path, versions=VERSIONS, workflow: bool = True, bad: str | None = None) -> Path:
    """A git repository committing sdn.csv at the given times (like the public scrape)."""
    repo = root / "scrape"
    repo.mkdir()
    _git(repo, "init", "-q")
    if workflow:
        (repo / ".github" / "workflows").mkdir(parents=True)
        (repo / ".github" / "workflows" / "scrape.yml").write_text(WORKFLOW)
    for index, (when, keys) in enumerate(versions):
        data = b"" if keys is None else _csv(keys)
        if bad and index == 2:
            data = data.replace(b',-0- ,"DOB 01 Jan 1970."', b',"DOB"', 1)
        (repo / "sdn.csv").write_bytes(data)
        _git(repo, "add", "-A")
        _git(repo, "commit", "-q", "-m", f"version {index}", when=when)
    return repo


def bundle_of(repo: Path) -> Path:
    path = repo.parent / "scrape.bundle"
    _git(repo, "bundle", "create", str(path), "--all")
    return path


def claims(store, source_id: str) -> list[tuple]:
    return [tuple(r) for r in store.rows(
        "SELECT event, date_from, date_to, precision FROM designation_dates WHERE source_id = ? ORDER BY claim_id",
        (source_id,))]


def test_bundle_dates_each_entry_between_the_versions_around_it(store, tmp_path):
    bundle = bundle_of(make_scrape(tmp_path))
    report = import_files(store, [bundle]).files[0]
    assert report.format == "ofac_csv_series"
    assert any("is empty (0 bytes): skipped" in n for n in report.notes)
    assert any("every 6 hours" in n for n in report.notes)
    assert claims(store, "103") == [("designated", "2022-11-08", "2022-11-08", "day")]
    assert claims(store, "101") == [("designated", None, "2022-11-01", "on_or_before")]
    # removed between 20 Nov 04:54Z (8 h before the commit) and the commit: 19 to 20 Nov, US Eastern
    assert claims(store, "102") == [("designated", None, "2022-11-01", "on_or_before"),
                                    ("removed", "2022-11-19", "2022-11-20", "window"),
                                    ("designated", "2022-11-25", "2022-11-25", "day")]
    assert store.scalar("SELECT COUNT(*) FROM series_versions") == 5
    assert store.scalar("SELECT name FROM series_entries WHERE source_id = '102'") == "KIM, Example Renamed"


def test_without_a_poll_schedule_a_date_is_the_window_between_commits(store, tmp_path):
    import_files(store, [make_scrape(tmp_path, workflow=False)])
    assert claims(store, "103") == [("designated", "2022-11-07", "2022-11-08", "window")]


def test_designations_take_the_best_claim_and_keep_the_others(store, tmp_path):
    repo = make_scrape(tmp_path)
    snapshot = tmp_path / "sdn_2022-11-25.csv"
    snapshot.write_bytes(_csv(["101", "102b", "103"]))
    import_files(store, [snapshot, repo])
    row = store.rows("SELECT designated_on, designated_to, designated_precision, designated_source, removed_on"
                     " FROM designations WHERE source_id = '103'")[0]
    assert tuple(row)[:3] == ("2022-11-08", "2022-11-08", "day") and "git history" in row[3]
    assert row[4] is None
    first = store.rows("SELECT designated_on, designated_to, designated_precision FROM designations"
                       " WHERE source_id = '101'")[0]
    assert tuple(first) == (None, "2022-11-01", "on_or_before")          # the earlier of the two bounds
    did = store.scalar("SELECT designation_id FROM designations WHERE source_id = '103'")
    found = dd.claims(store.conn, did)
    assert {c.source.split(" (")[0] for c in found} == {"list snapshots", "sdn.csv git history"}
    assert dd.best(found, "designated").precision == "day"


def test_reimporting_the_bundle_or_its_repository_changes_nothing(store, tmp_path):
    repo = make_scrape(tmp_path)
    import_files(store, [bundle_of(repo)])
    before = [tuple(r) for r in store.rows("SELECT * FROM designation_dates ORDER BY claim_id")]
    for again in (bundle_of(repo), repo):
        report = import_files(store, [again]).files[0]
        assert (report.added, report.updated) == (0, 0) and report.unchanged == len(before)
        assert [tuple(r) for r in store.rows("SELECT * FROM designation_dates ORDER BY claim_id")] == before
    assert store.scalar("SELECT COUNT(*) FROM source_files") == 1


def test_folder_of_dated_files_gives_windows(store, tmp_path):
    folder = tmp_path / "history"
    folder.mkdir()
    for day, keys in (("2022-11-01", ["101"]), ("2022-11-07", ["101", "102"]), ("2022-11-20", ["102", "103"])):
        (folder / f"sdn_{day}.csv").write_bytes(_csv(keys))
    import_files(store, [folder])
    assert claims(store, "103") == [("designated", "2022-11-08", "2022-11-20", "window")]
    assert claims(store, "101") == [("designated", None, "2022-11-01", "on_or_before"),
                                    ("removed", "2022-11-08", "2022-11-20", "window")]
    assert store.scalar("SELECT DISTINCT rank FROM designation_dates") == dd.RANK_SPARSE


def test_a_broken_version_names_the_commit_and_line_and_changes_nothing(store, tmp_path):
    repo = make_scrape(tmp_path, bad="short row")
    with pytest.raises(DataImportError) as err:
        import_files(store, [repo])
    assert "fields, not an OFAC sdn.csv record" in str(err.value) and err.value.line == 2
    assert err.value.record and len(err.value.record) == 40          # the commit id
    assert store.is_empty()


def test_a_damaged_bundle_is_refused(store, tmp_path):
    bundle = bundle_of(make_scrape(tmp_path))
    broken = tmp_path / "damaged.bundle"
    broken.write_bytes(bundle.read_bytes()[: len(bundle.read_bytes()) // 2])
    with pytest.raises(DataImportError, match="git bundle"):
        import_files(store, [broken])
    assert store.is_empty()


def test_a_folder_that_is_no_series_is_refused(store, tmp_path):
    (tmp_path / "notes.txt").write_text("hello")
    with pytest.raises(DataImportError, match="is a directory, but neither"):
        import_files(store, [tmp_path])
