"""nagix/nk-missile-tests: a third-party JSON derivative of the CNS database, with its author's own
preliminary entries after the CNS data ends (a lower-confidence source; see models.launch_sources).

Three files: test.en.json (`timeBins[].data[]`, one record per missile) and its companions
missile.en.json (missile slug -> name and type) and facility.en.json (`facilities`: slug -> name,
lat, lon). The records have no ids: a missile is keyed by its date and its order among that date's
records in the file, so re-importing the same file changes nothing.
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from models.errors import DataImportError
from models.importers import COMPANIONS, ImportJob, ImportOptions, register
from models.importers.cns import CLASSES, OUTCOMES, MissileRecord
from models.importers.formats import sniffer
from models.importers.missiles_db import upsert_missiles
from models.importers.report import FileReport
from models.launch_sources import NAGIX, PRELIMINARY
from models.progress import Progress
from models.store import Store, file_sha256

FORMAT, MISSILES, FACILITIES = "nagix_tests", "nagix_missiles", "nagix_facilities"
PUBLISHER = f"nagix/nk-missile-tests (Apache-2.0; derived from the CNS database; {PRELIMINARY})"
TITLE = "nagix North Korea missile tests"
URL = "https://github.com/nagix/nk-missile-tests"
_DATE = re.compile(r"^\d{4}-\d{2}(-\d{2})?$")
_TIME = re.compile(r"^(\d{2}):(\d{2}) \(UTC\)$")
_MISSILE_HEAD = re.compile(rb'^\s*\{\s*"[^"]+"\s*:\s*\{\s*"name"\s*:')


@sniffer
def _nagix(path: Path, head: bytes) -> str | None:
    text = head.lstrip()
    if not text.startswith(b"{"):
        return None
    if re.match(rb'\{\s*"timeBins"\s*:', text):
        return FORMAT
    if re.match(rb'\{\s*"facilities"\s*:', text):
        return FACILITIES
    if _MISSILE_HEAD.match(text) and b'"type"' in text:
        return MISSILES
    return None


def _load(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise DataImportError(path, f"broken JSON ({exc.msg}); the file may be truncated", line=exc.lineno) from None
    except UnicodeDecodeError:
        raise DataImportError(path, "not UTF-8 text (the nagix files are UTF-8 JSON)") from None


def _number(value: Any) -> tuple[float | None, str | None]:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value), None
    text = str(value).strip() if value is not None else ""
    if text.lower() in ("", "unknown"):
        return None, None
    try:
        return float(text.replace(",", "")), None
    except ValueError:
        return None, text


def parse_nagix(path: Path, companions: dict[str, Path]) -> list[MissileRecord]:
    """The missile records of test.en.json, resolved with its two companions."""
    missing = [name for fmt, name in ((MISSILES, "missile.en.json"), (FACILITIES, "facility.en.json"))
               if fmt not in companions]
    if missing:
        raise DataImportError(path, f"import it together with {' and '.join(missing)} (the missile types and "
                                    "facility names it refers to)")
    types = _load(companions[MISSILES])
    facilities = (_load(companions[FACILITIES]) or {}).get("facilities")
    if not isinstance(types, dict) or not isinstance(facilities, dict):
        raise DataImportError(companions[MISSILES] if not isinstance(types, dict) else companions[FACILITIES],
                              "not the nagix layout (expected an object of slugs)")
    data = _load(path)
    bins = data.get("timeBins") if isinstance(data, dict) else None
    if not isinstance(bins, list):
        raise DataImportError(path, "no 'timeBins' list: not the nagix test file layout")
    records: list[MissileRecord] = []
    per_date: dict[str, int] = {}
    for i, time_bin in enumerate(bins):
        for j, raw in enumerate(time_bin.get("data", []) if isinstance(time_bin, dict) else []):
            where = f"timeBins[{i}].data[{j}]"
            if not isinstance(raw, dict):
                raise DataImportError(path, "a record is not an object", record=where)
            day = str(raw.get("date", ""))
            if not _DATE.match(day):
                raise DataImportError(path, f"unreadable date {day!r} (expected YYYY-MM-DD or YYYY-MM)", record=where)
            where += f" ({day})"
            slug, site = raw.get("missile"), raw.get("facility")
            if slug not in types:
                raise DataImportError(path, f"missile {slug!r} is not in {companions[MISSILES].name}", record=where)
            if site not in facilities:
                raise DataImportError(path, f"facility {site!r} is not in {companions[FACILITIES].name}",
                                      record=where)
            kind = str(types[slug].get("type", "")).strip().upper()
            if kind not in CLASSES:
                raise DataImportError(path, f"unknown missile type {kind!r} for {slug!r}", record=where)
            outcome = str(raw.get("outcome", "")).strip().lower()
            if outcome not in OUTCOMES:
                raise DataImportError(path, f"unknown outcome {raw.get('outcome')!r}", record=where)
            clock = str(raw.get("time", "")).strip()
            match = _TIME.match(clock)
            if not match and clock.lower() not in ("unknown", ""):
                raise DataImportError(path, f"unreadable time {clock!r} (expected 'HH:MM (UTC)')", record=where)
            per_date[day] = per_date.get(day, 0) + 1
            apogee, apogee_text = _number(raw.get("apogee"))
            distance, distance_text = _number(raw.get("distance"))
            place = facilities[site]
            name = types[slug].get("name")
            records.append(MissileRecord(
                source_key=f"{day}#{per_date[day]}", date=day, date_precision="day" if len(day) == 10 else "month",
                time_utc=f"{match.group(1)}:{match.group(2)}" if match else None,
                missile_name=None if slug == "unknown" else name, missile_class=CLASSES[kind], agency=None,
                facility=None if site == "unknown" else place.get("name"), facility_location=None,
                latitude=None if site == "unknown" else place.get("lat"),
                longitude=None if site == "unknown" else place.get("lon"),
                landing_location=raw.get("landing") or None, apogee_km=apogee, apogee_text=apogee_text,
                distance_km=distance, distance_text=distance_text, outcome=OUTCOMES[outcome],
                confirmation="unknown", notes=(str(raw.get("description") or "").strip() or None),
                source_urls=None, entered_on=None))
    if not records:
        raise DataImportError(path, "the file holds no launch records")
    return records


def _run(store: Store, job: ImportJob, options: ImportOptions, progress: Progress) -> FileReport:
    records = parse_nagix(job.path, job.companions)
    progress.check()
    file_id = store.record_file(
        dataset="nagix_missiles", fmt=FORMAT, path=job.path, sha256=file_sha256(job.path), publisher=PUBLISHER,
        title=TITLE, url=URL, snapshot_date=max(r.date for r in records),
        snapshot_date_basis="newest launch date in the file", record_count=len(records))
    report = FileReport(job.path.name, FORMAT)
    upsert_missiles(store.conn, NAGIX, records, file_id, report)
    report.notes.append(f"{PRELIMINARY}: launch events after the last CNS launch come from this file; "
                        "before it, CNS is the record and this file is only compared with it")
    return report


COMPANIONS[MISSILES] = FORMAT
COMPANIONS[FACILITIES] = FORMAT
register(FORMAT, _run, order=12, rebuild_launches=True)
