"""Reading a dated series of OFAC sdn.csv versions: a git repository or bundle of a scrape, or a folder.

Each version is read, parsed and dropped before the next (bounded memory). Git is used through its
command line (`git cat-file --batch` streams the blobs); a bundle is first cloned bare into a
temporary folder. A git version is dated by its commit time; a file by the date in its name.
"""
from __future__ import annotations

import re
import subprocess
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator
from zoneinfo import ZoneInfo

from models.errors import DataImportError
from models.importers.sanctions_entry import DATE_IN_NAME

US_EASTERN = ZoneInfo("America/New_York")     # OFAC publishes on Washington, DC dates
BUNDLE_MAGIC = (b"# v2 git bundle", b"# v3 git bundle")
CRON_EVERY_HOURS = re.compile(r"cron:\s*['\"]?\s*\d{1,2}\s+\*/(\d{1,2})\s+\*\s+\*\s+\*")


@dataclass
class Version:
    ref: str                  # commit id, or file name
    taken_at: str             # commit time in UTC (ISO), or the file's date
    day: str                  # its calendar date: US Eastern for a commit
    moment: datetime | None   # the commit time (None for a dated file)
    blob: str                 # git blob id, or the file's path
    size: int


@dataclass
class Series:
    kind: str                           # git / folder
    versions: list[Version]
    identity: str                       # content identity (blob ids or file hashes), for re-imports
    poll_hours: int | None = None       # the scraper's schedule, read from its workflow file
    repo: Path | None = None
    path_in_repo: str | None = None


def is_git_repo(path: Path) -> bool:
    return (path / ".git").exists() or ((path / "HEAD").is_file() and (path / "objects").is_dir())


def _git(repo: Path, *args: str, source: Path) -> str:
    try:
        done = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, check=False)
    except FileNotFoundError:
        raise DataImportError(source, "reading a git history needs the git command, which was not found") from None
    if done.returncode != 0:
        raise DataImportError(source, f"git {args[0]} failed: {done.stderr.decode(errors='replace').strip()}")
    return done.stdout.decode("utf-8", errors="replace")


@contextmanager
def opened_repo(path: Path) -> Iterator[Path]:
    """The repository itself, or a bare clone of a bundle in a temporary folder (removed afterwards)."""
    if path.is_dir():
        yield path
        return
    with tempfile.TemporaryDirectory(prefix="series-") as tmp:
        target = Path(tmp) / "repo.git"
        try:
            _git(Path(tmp), "clone", "--quiet", "--bare", str(path.resolve()), str(target), source=path)
        except DataImportError as exc:
            raise DataImportError(path, "a git bundle that git cannot read (damaged or incomplete): "
                                        + exc.problem.splitlines()[0]) from None
        yield target


def git_series(repo: Path, source: Path) -> Series:
    """Every version of the repository's sdn.csv, oldest first, with its commit time."""
    files = [f for f in _git(repo, "ls-tree", "-r", "--name-only", "HEAD", source=source).splitlines()
             if f.rsplit("/", 1)[-1].lower() == "sdn.csv"]
    if len(files) != 1:
        raise DataImportError(source, "a git history, but not of one OFAC sdn.csv file "
                                      f"({len(files)} files named sdn.csv at its newest commit)")
    log = _git(repo, "log", "--reverse", "--no-abbrev", "--raw", "--no-renames", "--format=C %H %cI",
               "--", files[0], source=source)
    versions, commit = [], None
    for line in log.splitlines():
        if line.startswith("C "):
            _c, sha, when = line.split(" ")
            commit = (sha, datetime.fromisoformat(when).astimezone(timezone.utc))
        elif line.startswith(":") and commit is not None:
            meta, _name = line.split("\t", 1)
            blob = meta.split(" ")[3]
            if set(blob) == {"0"}:                # the file was deleted in this commit
                continue
            sha, moment = commit
            versions.append(Version(sha, moment.strftime("%Y-%m-%dT%H:%M:%SZ"),
                                    moment.astimezone(US_EASTERN).date().isoformat(), moment, blob, -1))
    if not versions:
        raise DataImportError(source, f"the git history holds no version of {files[0]}")
    return Series("git", versions, "git:" + ",".join(v.blob for v in versions),
                  poll_hours=_poll_hours(repo, source), repo=repo, path_in_repo=files[0])


def _poll_hours(repo: Path, source: Path) -> int | None:
    """The 'every N hours' of a scheduled GitHub workflow in the repository, if it has one."""
    names = [f for f in _git(repo, "ls-tree", "-r", "--name-only", "HEAD", source=source).splitlines()
             if f.startswith(".github/workflows/")]
    for name in names:
        match = CRON_EVERY_HOURS.search(_git(repo, "show", f"HEAD:{name}", source=source))
        if match:
            return int(match.group(1))
    return None


def git_blobs(series: Series, source: Path) -> Iterator[tuple[Version, bytes]]:
    """(version, content) one at a time, streamed from one `git cat-file --batch` process."""
    proc = subprocess.Popen(["git", "-C", str(series.repo), "cat-file", "--batch"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    try:
        for version in series.versions:
            proc.stdin.write(version.blob.encode() + b"\n")
            proc.stdin.flush()
            header = proc.stdout.readline().split()
            if len(header) != 3 or header[1] != b"blob":
                raise DataImportError(source, f"git cannot read {series.path_in_repo} of commit {version.ref}"
                                              " (the history is incomplete)", record=version.ref)
            size = int(header[2])
            data = proc.stdout.read(size)
            proc.stdout.read(1)
            version.size = size
            yield version, data
    finally:
        proc.stdin.close()
        proc.stdout.close()
        proc.wait()


def folder_series(folder: Path) -> Series:
    """The dated sdn.csv files of a folder (the date in each file's name), oldest first."""
    import hashlib

    versions = []
    for path in sorted(folder.iterdir()):
        match = DATE_IN_NAME.search(path.name)
        if not path.is_file() or not path.name.lower().endswith(".csv") or match is None:
            continue
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        day = match.group(0)
        versions.append(Version(path.name, day, day, None, str(path), path.stat().st_size))
        versions[-1].ref = f"{path.name} ({digest[:12]})"
    versions.sort(key=lambda v: v.day)
    days = [v.day for v in versions]
    if len(set(days)) != len(days):
        twice = next(d for d in days if days.count(d) > 1)
        raise DataImportError(folder, f"two files are dated {twice}; a series holds one version per date")
    if len(versions) < 2:
        raise DataImportError(folder, "a dated series needs at least two sdn.csv files with a date "
                                      f"(YYYY-MM-DD) in their names; found {len(versions)}")
    return Series("folder", versions, "folder:" + ",".join(v.ref for v in versions))


def folder_blobs(series: Series) -> Iterator[tuple[Version, bytes]]:
    for version in series.versions:
        yield version, Path(version.blob).read_bytes()
