"""Reference data every database carries: the ISO 3166 country table and dated group memberships."""
from __future__ import annotations

import csv
import hashlib
import sqlite3

from models.paths import REFERENCE_DIR

GROUPS_FILE = REFERENCE_DIR / "country_groups.csv"

SHORT_NAMES = {
    "KOR": "Republic of Korea", "PRK": "DPRK (North Korea)", "RUS": "Russian Federation",
    "GBR": "United Kingdom", "USA": "United States", "IRN": "Iran", "SYR": "Syria",
    "VNM": "Viet Nam", "TWN": "Taiwan", "BOL": "Bolivia", "VEN": "Venezuela", "TZA": "Tanzania",
    "MDA": "Moldova", "LAO": "Lao PDR", "COD": "DR Congo", "FSM": "Micronesia",
    "VCT": "Saint Vincent and the Grenadines", "PSE": "Palestine", "MKD": "North Macedonia",
    "CZE": "Czechia", "TUR": "Türkiye",
}


def country_rows() -> list[tuple[str, str]]:
    import pycountry

    rows = []
    for country in pycountry.countries:
        name = SHORT_NAMES.get(country.alpha_3) or getattr(country, "common_name", None) or country.name
        rows.append((country.alpha_3, name))
    return rows


def _groups_digest() -> str:
    return hashlib.sha256(GROUPS_FILE.read_bytes()).hexdigest()


def needs_sync(conn: sqlite3.Connection) -> bool:
    """True when the reference tables are missing or older than the shipped file (a read: no lock taken)."""
    row = conn.execute("SELECT value FROM meta WHERE key = 'reference_digest'").fetchone()
    return row is None or row[0] != _groups_digest()


def sync(conn: sqlite3.Connection) -> None:
    """Fill or refresh the reference tables when they are missing or the shipped file changed."""
    if not needs_sync(conn):
        return
    digest = _groups_digest()
    conn.executemany("INSERT INTO countries (iso3, name) VALUES (?, ?)"
                     " ON CONFLICT (iso3) DO UPDATE SET name = excluded.name", country_rows())
    # rows imported from a membership file (file_id set) stay, and replace the shipped rows of their period
    conn.execute("DELETE FROM country_groups WHERE file_id IS NULL")
    imported = {tuple(r) for r in conn.execute("SELECT DISTINCT group_name, valid_from FROM country_groups")}
    with open(GROUPS_FILE, newline="", encoding="utf-8") as fh:
        groups = [(r["group_name"], r["iso3"], r["role"] or None, r["valid_from"], r["valid_to"] or None,
                   r["source_url"]) for r in csv.DictReader(fh) if (r["group_name"], r["valid_from"]) not in imported]
    conn.executemany("INSERT INTO country_groups (group_name, iso3, role, valid_from, valid_to, source_url)"
                     " VALUES (?, ?, ?, ?, ?, ?)", groups)
    conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('reference_digest', ?)", (digest,))
