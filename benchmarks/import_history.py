"""Importing the whole OFAC sdn.csv scrape history (a git bundle of 308 versions) as designation dates.

Run: python benchmarks/import_history.py
Figures, in one run: the baseline (git alone: cloning the bundle and streaming every version's blob
through `git cat-file --batch`, the least any reader of the bundle pays), then the import into an empty
store in a child process (wall time, and the peak resident memory of the importing process and of its
git children), then a second import of the same bundle (must change nothing). Prints
`name: value unit (target: ...) ok|MISSED`; exits 1 on any MISSED. Targets: import < 60 s, peak
memory < 1 GiB (the importing process; git's own peak is printed beside it), re-import changes nothing.
Exits 2 naming the file when ../shared/data is absent.
"""
from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _bench import exit_status, require, verdict  # noqa: E402

PROJECT = Path(__file__).resolve().parent.parent
BUNDLE = PROJECT.parent / "shared" / "data" / "ofac" / "scrape" / "sdn_csv_scrape_2021-08-18_2024-05-04.bundle"
TARGET_S = 60.0
TARGET_MIB = 1024.0

CHILD = r"""
import json, resource, sys, time
sys.path.insert(0, sys.argv[1])
from pathlib import Path
from models.importers import import_files
from models.store import Store

store = Store(Path(sys.argv[2]))
def fingerprint():
    return [tuple(r) for r in store.rows("SELECT * FROM designation_dates ORDER BY claim_id")]
start = time.perf_counter()
first = import_files(store, [sys.argv[3]]).files[0]
elapsed = time.perf_counter() - start
before = fingerprint()
start = time.perf_counter()
again = import_files(store, [sys.argv[3]]).files[0]
again_s = time.perf_counter() - start
print(json.dumps({"seconds": elapsed, "again_seconds": again_s, "claims": first.added,
                  "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "git_peak_mib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
                  "again": [again.added, again.updated, again.unchanged], "same": fingerprint() == before}))
"""


def baseline(tmp: Path) -> float:
    """git alone: clone the bundle and stream every version of sdn.csv once."""
    start = time.perf_counter()
    repo = tmp / "baseline.git"
    subprocess.run(["git", "clone", "--quiet", "--bare", str(BUNDLE), str(repo)], check=True)
    log = subprocess.run(["git", "-C", str(repo), "log", "--no-abbrev", "--raw", "--format=", "--", "sdn.csv"],
                         check=True, capture_output=True, text=True).stdout
    blobs = "".join(line.split()[3] + "\n" for line in log.splitlines() if line.startswith(":"))
    subprocess.run(["git", "-C", str(repo), "cat-file", "--batch"], input=blobs.encode(), check=True,
                   stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def line(name: str, value: float, unit: str, target: str, ok: bool) -> str:
    return f"{name}: {value:.1f} {unit} (target: {target}) {verdict(ok, name)}"


def main() -> int:
    require(BUNDLE)
    with tempfile.TemporaryDirectory() as tmp:
        base = baseline(Path(tmp))
        done = subprocess.run([sys.executable, "-c", CHILD, str(PROJECT), str(Path(tmp) / "h.sqlite3"), str(BUNDLE)],
                              check=True, capture_output=True, text=True)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    lines = [
        f"baseline (git clone + cat-file of every version): {base:.1f} s",
        line("import_history", result["seconds"], "s", f"< {TARGET_S:g} s; {result['seconds'] / base:.1f}x the "
             f"baseline; {result['claims']:,} dates stored", result["seconds"] < TARGET_S),
        line("import_history_peak_memory", result["peak_mib"], "MiB",
             f"< {TARGET_MIB:g} MiB; git children peaked at {result['git_peak_mib']:.0f} MiB",
             result["peak_mib"] < TARGET_MIB),
        line("reimport_history", result["again_seconds"], "s",
             f"changes nothing: added/updated/unchanged {result['again']}",
             result["same"] and result["again"][:2] == [0, 0]),
    ]
    print("\n".join(lines))
    return exit_status()


if __name__ == "__main__":
    sys.exit(main())
