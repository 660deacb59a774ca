"""Choices for the curation forms: the country picker's presets and the launches a statement can answer."""
from __future__ import annotations

from models.store import Store


def country_choices(store: Store) -> list[tuple[str, str]]:
    """Every country of the reference table (ISO 3166, from pycountry): (iso3, name), by name."""
    return [(r[0], r[1]) for r in store.rows("SELECT iso3, name FROM countries ORDER BY name")]


def _group(store: Store, group: str, on: str) -> list[str]:
    return [r[0] for r in store.rows(
        "SELECT DISTINCT iso3 FROM country_groups WHERE group_name = ? AND valid_from <= ?"
        " AND COALESCE(valid_to, '9999') >= ? ORDER BY iso3", (group, on, on))]


def council_members(store: Store, year: int, on: str | None = None) -> list[str]:
    """The Security Council's members in `year` (on a given day of it when `on` is set); [] if not held."""
    return _group(store, "UNSC", on or f"{year}-07-01") or _group(store, "UNSC", f"{year}-12-31")


def g7_members(store: Store, on: str | None = None) -> list[str]:
    from datetime import date

    return _group(store, "G7", on or date.today().isoformat())


def last_statement_signatories(store: Store, before: str | None = None) -> list[str]:
    """The signatories of the latest joint statement with a recorded list (before a date, if given)."""
    row = store.rows(
        "SELECT statement_id FROM statements WHERE kind = 'joint_statement' AND positions_known = 1"
        " AND date < ? ORDER BY date DESC, statement_id DESC LIMIT 1", (before or "9999",))
    if not row:
        return []
    return [r[0] for r in store.rows("SELECT iso3 FROM positions WHERE statement_id = ? AND position = 'joined'"
                                     " ORDER BY iso3", (row[0][0],))]


def launch_choices(store: Store, around: str | None = None, days: int = 30) -> list[tuple[str, str]]:
    """Launch events (id, label) for a trigger picker: those within `days` before `around`, or all."""
    from datetime import date, timedelta

    from models.korea_time import korea_label

    sql = "SELECT launch_id, date, time_utc, classes, missile_count, facility FROM launches"
    params: tuple = ()
    if around:
        end = date.fromisoformat(around)
        sql += " WHERE date BETWEEN ? AND ?"
        params = ((end - timedelta(days=days)).isoformat(), end.isoformat())
    out = []
    for r in store.rows(sql + " ORDER BY date DESC, launch_id DESC", params):
        site = f", {r['facility']}" if r["facility"] else ""
        out.append((r["launch_id"], f"{korea_label(r['date'], r['time_utc'])} {r['classes']} "
                                    f"x{r['missile_count']}{site}"))
    return out


def statement_ids(store: Store) -> list[str]:
    """Every statement and vote id held (the register's and the analysts'), for a duplicate check or a picker."""
    return [r[0] for r in store.rows("SELECT statement_id FROM statements UNION SELECT record_id FROM curation_facts"
                                     " WHERE kind IN ('statement', 'vote') ORDER BY 1")]
