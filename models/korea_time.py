"""Launch dates as the world states them: CNS records UTC; statements and the press use the Korea date.

Korea Standard Time is UTC+9 (no daylight saving since 1988). A launch with a UTC time has one Korea
date; without a time its Korea date is the UTC date or the day after, and is shown as unknown.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta

KST_OFFSET = timedelta(hours=9)
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _time(text: str | None) -> tuple[int, int] | None:
    if not text:
        return None
    try:
        hh, mm = str(text).strip()[:5].split(":")
        return int(hh), int(mm)
    except ValueError:
        return None


def korea_date(utc_date: str, time_utc: str | None) -> str | None:
    """The Korea (KST) date of a launch, ISO; None when the time is not recorded or the date is a month."""
    t = _time(time_utc)
    if t is None or len(str(utc_date)) != 10:
        return None
    moment = datetime.fromisoformat(str(utc_date)) + timedelta(hours=t[0], minutes=t[1]) + KST_OFFSET
    return moment.date().isoformat()


def day_text(iso: str) -> str:
    """'4 Oct 2022' (a YYYY-MM month: 'Oct 2022')."""
    if len(iso) == 7:
        return f"{MONTHS[int(iso[5:7]) - 1]} {iso[:4]}"
    d = date.fromisoformat(iso)
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def korea_label(utc_date: str, time_utc: str | None) -> str:
    """How the brief and the ledger name a launch: '4 Oct 2022 (KST)', or '3 Oct 2022 (UTC; time not recorded)'."""
    kst = korea_date(utc_date, time_utc)
    if kst is not None:
        return f"{day_text(kst)} (KST)"
    return f"{day_text(str(utc_date))} (UTC; Korea date unknown)"


def utc_text(utc_date: str, time_utc: str | None) -> str:
    """'2022-10-03 22:23 UTC', or '2022-10-03 (UTC, time not recorded)'."""
    t = _time(time_utc)
    if t is None:
        return f"{utc_date} (UTC, time not recorded)"
    return f"{utc_date} {t[0]:02d}:{t[1]:02d} UTC"
