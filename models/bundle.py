"""The bundled briefing dataset: built from the public files by the project's importers, shipped in
resources/, and used to seed a user's empty database.

The file is JSON in the project's schema: {"format", "schema_version", "built_at", "sources",
"tables": {name: {"columns": [...], "rows": [[...], ...]}}}. Rebuild it with
`python -m models.bundle` (reads ../shared/data, writes resources/dataset/briefing_dataset.json.gz).
"""
from __future__ import annotations

import argparse
import gzip
import json
import sys
import tempfile
from datetime import datetime, timezone
from pathlib import Path

from models import designation_dates
from models.paths import BUNDLED_DATASET, shared_data_dir
from models.schema import SCHEMA_VERSION
from models.store import Store

FORMAT = "dprk-pressure-brief-dataset"

# Tables in foreign-key order, each with the rows it keeps (a WHERE clause; None keeps all).
DPRK_IDS = "SELECT designation_id FROM designations WHERE dprk = 1"
DPRK_ENTRIES = "SELECT list_name, source_id FROM designations WHERE dprk = 1"
BUNDLE_TABLES: list[tuple[str, str | None]] = [
    ("source_files", None),
    ("launches", None),
    ("missiles", None),
    ("country_groups", "file_id IS NOT NULL"),     # Council seats from a sourced membership file
    ("statement_series", None),
    ("statements", None),
    ("statement_triggers", None),
    ("positions", None),
    ("list_snapshots", None),
    ("designations", "dprk = 1"),
    ("designation_snapshots", f"designation_id IN ({DPRK_IDS})"),
    ("designation_aliases", f"designation_id IN ({DPRK_IDS})"),
    ("designation_addresses", f"designation_id IN ({DPRK_IDS})"),
    ("designation_identifiers", f"designation_id IN ({DPRK_IDS})"),
    ("designation_links", f"from_id IN ({DPRK_IDS}) AND to_id IN ({DPRK_IDS})"),
    ("revenue_tags", f"designation_id IN ({DPRK_IDS})"),
    # designation dates: every source's claims about the DPRK-related entries, and the series behind them
    ("designation_dates", f"(list_name, source_id) IN ({DPRK_ENTRIES})"),
    ("series_versions", None),
    ("series_entries", f"(list_name, source_id) IN ({DPRK_ENTRIES})"),
]

# The public files the bundle is built from, relative to ../shared/data; each inner list is one import.
SOURCE_GROUPS: list[list[str]] = [
    ["missiles/north_korea_missile_test_database.csv"],
    # launches after the CNS data ends: nagix, a preliminary third-party source (models.launch_sources)
    ["missiles/nagix/test.en.json", "missiles/nagix/missile.en.json", "missiles/nagix/facility.en.json"],
    ["statements/statements_2022.csv", "statements/signatories_2022.csv", "statements/unsc_votes_2022.csv"],
    ["statements/unsc_membership_2023_2026.csv", "statements/statements_2023_2026.csv",
     "statements/signatories_2023_2026.csv", "statements/unsc_votes_2023_2026.csv"],
    # OFAC SDN history: a matched sdn/add/alt download, five scraped versions, and the newest sdn.csv
    # (whose add/alt/comments companions are the newest ones found, dated 2025-12-24).
    ["ofac/2021-07-07/sdn.csv", "ofac/2021-07-07/add.csv", "ofac/2021-07-07/alt.csv"],
    ["ofac/history/sdn_2021-08-18.csv"],
    ["ofac/history/sdn_2021-12-30.csv"],
    ["ofac/history/sdn_2022-06-28.csv"],
    ["ofac/history/sdn_2022-12-28.csv"],
    ["ofac/history/sdn_2023-12-28.csv"],
    ["ofac/2024-05-03/sdn.csv", "ofac/2025-12-24/add.csv", "ofac/2025-12-24/alt.csv",
     "ofac/2025-12-24/sdn_comments.csv"],
    ["un/consolidated.xml"],
    # designation dates: the whole scrape history of sdn.csv (308 versions), then OFAC's dated change
    # archive for 2023 (matched against the entries imported above)
    ["ofac/scrape/sdn_csv_scrape_2021-08-18_2024-05-04.bundle"],
    ["ofac/changes/sdnnew23.txt"],
]
# Project-owned curation files (in resources/), imported after the public files.
CURATION_FILES: list[str] = ["curation/statement_triggers_2022.csv", "curation/statement_triggers_2023_2024.csv"]


def dump(store: Store) -> dict:
    tables = {}
    for name, where in BUNDLE_TABLES:
        cursor = store.conn.execute(f"SELECT * FROM {name}" + (f" WHERE {where}" if where else "")
                                    + (" ORDER BY 1, 4, 2" if name == "country_groups" else " ORDER BY 1"))
        tables[name] = {"columns": [c[0] for c in cursor.description],
                        "rows": [list(row) for row in cursor.fetchall()]}
    return {"format": FORMAT, "schema_version": SCHEMA_VERSION,
            "built_at": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"), "tables": tables}


def _open_bundle(path: Path) -> dict:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:
        data = json.load(fh)
    if data.get("format") != FORMAT:
        raise ValueError(f"{path.name} is not a {FORMAT} file")
    return data


def seed_store(store: Store, path: Path = BUNDLED_DATASET) -> int:
    """Load the bundled dataset into an empty store (one transaction). Returns the rows loaded."""
    if not store.is_empty():
        raise ValueError("the database already holds data; the bundled dataset seeds empty databases only")
    data = _open_bundle(path)
    loaded = 0
    with store.transaction() as conn:
        for name, _where in BUNDLE_TABLES:
            table = data["tables"].get(name)
            if not table or not table["rows"]:
                continue
            present = {r[1] for r in conn.execute(f"PRAGMA table_info({name})")}
            keep = [i for i, c in enumerate(table["columns"]) if c in present]
            cols = ", ".join(table["columns"][i] for i in keep)
            # imported Council seats replace the shipped reference rows of their years
            verb = "INSERT OR REPLACE" if name == "country_groups" else "INSERT"
            conn.executemany(f"{verb} INTO {name} ({cols}) VALUES ({', '.join('?' * len(keep))})",
                             [[row[i] for i in keep] for row in table["rows"]])
            loaded += len(table["rows"])
        conn.execute("DELETE FROM country_groups WHERE file_id IS NULL AND (group_name, valid_from) IN"
                     " (SELECT group_name, valid_from FROM country_groups WHERE file_id IS NOT NULL)")
        designation_dates.refresh(conn)          # a bundle built before the dated columns existed
    return loaded


def build(shared: Path, out: Path, resources: Path | None = None) -> dict:
    """Import the public files (and the project's curation files) into a scratch store and dump it."""
    from models.importers import import_files

    resources = resources or out.parent.parent
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "bundle.sqlite3")
        try:
            for group in SOURCE_GROUPS:
                report = import_files(store, [shared / p for p in group])
                print(report.summary().split("\n  note:")[0])
            curation = [resources / p for p in CURATION_FILES if (resources / p).exists()]
            if curation:
                print(import_files(store, curation).summary())
            data = dump(store)
        finally:
            store.close()
    out.parent.mkdir(parents=True, exist_ok=True)
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    if out.suffix == ".gz":
        payload = gzip.compress(payload, compresslevel=9, mtime=0)
    from models.safe_write import write_bytes

    write_bytes(out, payload, kind=".gz")
    return data


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m models.bundle", description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=shared_data_dir(), help="the public data folder")
    parser.add_argument("--out", type=Path, default=BUNDLED_DATASET, help="where to write the dataset")
    args = parser.parse_args(argv)
    if not args.shared.is_dir():
        print(f"error: {args.shared} not found (the public data lives in ../shared/data)", file=sys.stderr)
        return 2
    data = build(args.shared, args.out)
    counts = ", ".join(f"{k} {len(v['rows'])}" for k, v in data["tables"].items() if v["rows"])
    print(f"wrote {args.out} ({args.out.stat().st_size // 1024} KiB): {counts}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
