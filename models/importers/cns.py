"""The CNS / NTI North Korea Missile Test Database, as CSV export or as the official workbook.

Both forms have one row per missile and the same 19 columns. `parse_cns_csv` and
`parse_cns_xlsx` return `MissileRecord`s; nothing here touches the database.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from models.errors import DataImportError
from models.importers.textfile import csv_records, read_text

COLUMNS = ["F1", "Date", "Date Entered/Updated", "Launch Time (UTC)", "Missile Name", "Missile Type",
           "Launch Agency/Authority", "Facility Name", "Facility Location", "Other Name",
           "Facility Latitude", "Facility Longitude", "Landing Location", "Apogee", "Distance Travelled",
           "Confirmation Status", "Test Outcome", "Additional Information", "Source(s)"]
REQUIRED = ["F1", "Date", "Missile Type", "Test Outcome"]
SHEET = "Missile Tests"
PUBLISHER = "James Martin Center for Nonproliferation Studies (CNS) / Nuclear Threat Initiative"
TITLE = "CNS North Korea Missile Test Database"
URL = "https://www.nti.org/analysis/articles/cns-north-korea-missile-test-database/"

CLASSES = {"SRBM": "SRBM", "MRBM": "MRBM", "IRBM": "IRBM", "ICBM": "ICBM", "SLBM": "SLBM", "SLV": "SLV",
           "HGV": "HGV", "CRUISE": "cruise", "CRUISE MISSILE": "cruise", "UNKNOWN": "unknown", "": "unknown"}
OUTCOMES = {"success": "success", "failure": "failure", "unknown": "unknown", "": "unknown"}
CONFIRMATIONS = {"confirmed": "confirmed", "unconfirmed": "unconfirmed", "unknown": "unknown", "": "unknown"}
NULLS = {"", "unknown", "n/a", "na", "none", "-"}
_KM = re.compile(r"^\s*~?\s*([\d,]+(?:\.\d+)?)\s*km\s*$", re.IGNORECASE)


@dataclass
class MissileRecord:
    source_key: str
    date: str
    date_precision: str
    time_utc: str | None
    missile_name: str | None
    missile_class: str
    agency: str | None
    facility: str | None
    facility_location: str | None
    latitude: float | None
    longitude: float | None
    landing_location: str | None
    apogee_km: float | None
    apogee_text: str | None
    distance_km: float | None
    distance_text: str | None
    outcome: str
    confirmation: str
    notes: str | None
    source_urls: str | None
    entered_on: str | None


def _text(value: Any) -> str | None:
    """A cleaned string, or None for the source's null words."""
    if value is None:
        return None
    text = str(value).replace("\xa0", " ").strip()
    return None if text.lower() in NULLS else text


def _km(value: Any) -> tuple[float | None, str | None]:
    """('1,380 km' -> 1380.0); anything else keeps its wording and has no number."""
    if isinstance(value, (int, float)):
        return float(value), None
    text = _text(value)
    if text is None:
        return None, None
    match = _KM.match(text)
    if match:
        return float(match.group(1).replace(",", "")), None
    return None, text


def _coordinate(value: Any, low: float, high: float) -> float | None:
    if isinstance(value, (int, float)):
        number = float(value)
    else:
        text = _text(value)
        if text is None:
            return None
        try:
            number = float(text)
        except ValueError:
            return None
    return number if low <= number <= high else None


def _year(two_digits: int) -> int:
    return 1900 + two_digits if two_digits >= 50 else 2000 + two_digits


def parse_date(value: Any) -> tuple[str, str]:
    """Return (iso text, precision). Accepts d-Mon-yy, Mon-yy, M/D/YYYY, YYYY-MM-DD and dates."""
    if isinstance(value, datetime):
        return value.date().isoformat(), "day"
    if isinstance(value, date):
        return value.isoformat(), "day"
    text = (_text(value) or "").strip()
    for fmt in ("%d-%b-%y", "%d-%b-%Y", "%m/%d/%Y", "%Y-%m-%d"):
        try:
            parsed = datetime.strptime(text, fmt)
        except ValueError:
            continue
        if fmt.endswith("%y"):
            parsed = parsed.replace(year=_year(parsed.year % 100))
        return parsed.date().isoformat(), "day"
    for fmt in ("%b-%y", "%b-%Y", "%Y-%m"):
        try:
            parsed = datetime.strptime(text, fmt)
        except ValueError:
            continue
        year = _year(parsed.year % 100) if fmt == "%b-%y" else parsed.year
        return f"{year:04d}-{parsed.month:02d}", "month"
    raise ValueError(f"unreadable date {text!r} (expected e.g. 9-Apr-84, Sep-84 or 2022-03-24)")


def parse_time(value: Any) -> str | None:
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, datetime):
        return value.strftime("%H:%M")
    text = _text(value)
    if text is None:
        return None
    for fmt in ("%I:%M:%S %p", "%I:%M %p", "%H:%M:%S", "%H:%M"):
        try:
            return datetime.strptime(text, fmt).strftime("%H:%M")
        except ValueError:
            continue
    raise ValueError(f"unreadable launch time {text!r} (expected e.g. 10:22:00 PM)")


def _sources(value: Any) -> str | None:
    text = _text(value)
    if text is None:
        return None
    parts = [p.strip().rstrip(";").strip() for p in re.split(r"\n|;\s+(?=https?://|[A-Z])", text)]
    parts = [p for p in parts if p]
    return "\n".join(parts)


def _lookup(table: dict[str, str], value: Any, what: str) -> str:
    key = (_text(value) or "").strip()
    for candidate in (key, key.lower(), key.upper()):
        if candidate in table:
            return table[candidate]
    raise ValueError(f"unknown {what} {value!r} (expected one of: {', '.join(sorted(set(table.values())))})")


def record_from_row(row: dict[str, Any]) -> MissileRecord:
    """Normalise one source row; raises ValueError naming the bad field."""
    key = row.get("F1")
    if isinstance(key, float) and key.is_integer():
        key = int(key)
    key_text = _text(key)
    if key_text is None or not key_text.isdigit():
        raise ValueError(f"the sequence number F1 is {key!r}, expected a whole number")
    iso, precision = parse_date(row.get("Date"))
    entered = row.get("Date Entered/Updated")
    entered_on = parse_date(entered)[0] if _text(entered) else None
    apogee, apogee_text = _km(row.get("Apogee"))
    distance, distance_text = _km(row.get("Distance Travelled"))
    return MissileRecord(
        source_key=key_text, date=iso, date_precision=precision,
        time_utc=parse_time(row.get("Launch Time (UTC)")),
        missile_name=_text(row.get("Missile Name")),
        missile_class=_lookup(CLASSES, row.get("Missile Type"), "missile type"),
        agency=_text(row.get("Launch Agency/Authority")),
        facility=_text(row.get("Facility Name")),
        facility_location=_text(row.get("Facility Location")),
        latitude=_coordinate(row.get("Facility Latitude"), -90, 90),
        longitude=_coordinate(row.get("Facility Longitude"), -180, 180),
        landing_location=_text(row.get("Landing Location")),
        apogee_km=apogee, apogee_text=apogee_text, distance_km=distance, distance_text=distance_text,
        outcome=_lookup(OUTCOMES, row.get("Test Outcome"), "test outcome"),
        confirmation=_lookup(CONFIRMATIONS, row.get("Confirmation Status"), "confirmation status"),
        notes=_text(row.get("Additional Information")),
        source_urls=_sources(row.get("Source(s)")),
        entered_on=entered_on,
    )


def _check_header(path: Path, header: list[str], line: int, warnings: list[str] | None = None) -> None:
    """Refuse a file without the required columns; warn (in `warnings`) of optional ones it lacks."""
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise DataImportError(path, f"missing column(s) {', '.join(missing)}; "
                                    "this does not look like the CNS missile test database", line=line)
    absent = [c for c in COLUMNS if c not in header]
    if absent and warnings is not None:
        warnings.append(f"{path.name}, line {line}: no column {', '.join(repr(c) for c in absent)} (the CNS "
                        "database has it; renamed or removed?): that field is empty in every imported row")


def parse_cns_csv(path: Path, warnings: list[str] | None = None) -> list[MissileRecord]:
    records = csv_records(path, read_text(path))
    first = next(records, None)
    if first is None:
        raise DataImportError(path, "the file is empty")
    line, header = first
    header = [h.strip() for h in header]
    _check_header(path, header, line, warnings)
    out = []
    for line, fields in records:
        if len(fields) != len(header):
            raise DataImportError(path, f"the row has {len(fields)} fields, the header has {len(header)}; "
                                        "the file may be truncated or not comma-separated", line=line)
        try:
            out.append(record_from_row(dict(zip(header, fields))))
        except ValueError as exc:
            raise DataImportError(path, str(exc), line=line) from None
    if not out:
        raise DataImportError(path, "the file has a header but no data rows")
    return out


def parse_cns_xlsx(path: Path, warnings: list[str] | None = None) -> list[MissileRecord]:
    """Read the 'Missile Tests' sheet; cached formula values, month-only dates kept as months.

    A damaged workbook (a bad ZIP member, broken compression or XML, found while the rows are read) is a
    DataImportError like any other bad input, never a raw zlib or XML error.
    """
    import zipfile
    import zlib

    from openpyxl import load_workbook

    damaged = (zipfile.BadZipFile, zlib.error, EOFError, OSError, KeyError, ValueError, SyntaxError)
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except damaged as exc:
        raise DataImportError(path, f"cannot open the workbook ({exc})") from None
    try:
        return _read_sheet(path, workbook, warnings)
    except damaged as exc:
        raise DataImportError(path, f"the workbook is damaged ({type(exc).__name__}: {exc})") from None
    finally:
        workbook.close()


def _read_sheet(path: Path, workbook, warnings: list[str] | None) -> list[MissileRecord]:
    """The records of the workbook's 'Missile Tests' sheet."""
    if SHEET not in workbook.sheetnames:
        raise DataImportError(path, f"no sheet named {SHEET!r} (sheets: {', '.join(workbook.sheetnames)}); "
                                    "this is not the CNS missile test database workbook")
    header: list[str] | None = None
    out = []
    for row in workbook[SHEET].iter_rows():
        values = [c.value for c in row]
        if header is None:
            if any(v is not None for v in values):
                header = [str(v).strip() if v is not None else "" for v in values]
                _check_header(path, header, row[0].row, warnings)
            continue
        if all(v is None for v in values):
            continue
        fields = dict(zip(header, values))
        date_cell = row[header.index("Date")]
        if isinstance(date_cell.value, datetime) and "d" not in date_cell.number_format.lower():
            fields["Date"] = date_cell.value.strftime("%Y-%m")  # shown as mmm-yy: month only
        try:
            out.append(record_from_row(fields))
        except ValueError as exc:
            raise DataImportError(path, str(exc), line=row[0].row) from None
    if header is None:
        raise DataImportError(path, f"the sheet {SHEET!r} is empty")
    if not out:
        raise DataImportError(path, "the workbook has a header but no data rows")
    return out
