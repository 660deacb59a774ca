"""Date and time editors that accept typing: a date (YYYY-MM-DD), and a launch moment in UTC or Korea time.

Typing is never blocked: what cannot be read is reported as a reason (`problem()`), so a form shows it
beside the field. Korea Standard Time is models.korea_time's UTC+9.
"""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QWidget

from models.korea_time import KST_OFFSET

ZONES = ("UTC", "KST")


def parse_date(text: str) -> tuple[str | None, str]:
    """(ISO date, '') or (None, reason)."""
    text = text.strip()
    if not text:
        return None, "enter a date (YYYY-MM-DD)"
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return None, f"'{text}' is not a date: write YYYY-MM-DD"
    try:
        return date.fromisoformat(text).isoformat(), ""
    except ValueError as exc:
        return None, f"'{text}' is not a date ({exc})"


def parse_time(text: str) -> tuple[str | None, str]:
    """('HH:MM', '') for a time, (None, '') for none, or (None, reason)."""
    text = text.strip()
    if not text:
        return None, ""
    match = re.fullmatch(r"(\d{1,2}):(\d{2})", text)
    if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
        return None, f"'{text}' is not a time: write HH:MM (24-hour)"
    return f"{int(match.group(1)):02d}:{match.group(2)}", ""


class DateEdit(QLineEdit):
    """A date typed as YYYY-MM-DD; `value()` is the ISO date or None, `problem()` the reason."""

    changed = Signal()

    def __init__(self, iso: str | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setPlaceholderText("YYYY-MM-DD")
        self.setMaxLength(10)
        self.setMaximumWidth(self.fontMetrics().horizontalAdvance("0000-00-00") + 30)
        if iso:
            self.setText(iso)
        self.textChanged.connect(self.changed)

    def value(self) -> str | None:
        return parse_date(self.text())[0]

    def problem(self) -> str:
        return parse_date(self.text())[1]


class MomentEdit(QWidget):
    """A launch's date and optional time, typed in UTC or Korea time (KST, UTC+9); stored as UTC.

    `utc()` -> (UTC date, UTC 'HH:MM' or None). A Korea date without a time cannot be placed on a UTC
    date (it is the same day or the day before), so KST needs the time.
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.date = DateEdit()
        self.date.setObjectName("momentDate")
        self.time = QLineEdit()
        self.time.setObjectName("momentTime")
        self.time.setPlaceholderText("HH:MM (optional)")
        self.time.setMaxLength(5)
        self.time.setMaximumWidth(self.fontMetrics().horizontalAdvance("HH:MM (optional)") + 20)
        self.zone = QComboBox()
        self.zone.setObjectName("momentZone")
        self.zone.addItem("Korea time (KST, UTC+9)", "KST")       # as the news and the ROK JCS report launches
        self.zone.addItem("UTC", "UTC")
        self.echo = QLabel()
        self.echo.setObjectName("momentEcho")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.date)
        row.addWidget(self.time)
        row.addWidget(self.zone)
        row.addWidget(self.echo, 1)
        self.date.textChanged.connect(self._on_edit)
        self.time.textChanged.connect(self._on_edit)
        self.zone.currentIndexChanged.connect(self._on_edit)
        self._on_edit()

    def set_moment(self, day: str, time: str | None, zone: str) -> None:
        self.zone.setCurrentIndex(max(0, self.zone.findData(zone)))
        self.date.setText(day or "")
        self.time.setText((time or "")[:5])

    def zone_key(self) -> str:
        return str(self.zone.currentData())

    def problem(self) -> str:
        day, reason = parse_date(self.date.text())
        if day is None:
            return reason
        t, reason = parse_time(self.time.text())
        if reason:
            return reason
        return ""

    def utc(self) -> tuple[str | None, str | None]:
        """(UTC date, UTC time or None); (None, None) while invalid."""
        if self.problem():
            return None, None
        day = parse_date(self.date.text())[0]
        t = parse_time(self.time.text())[0]
        if t is None:
            return day, None
        moment = datetime.fromisoformat(f"{day}T{t}")
        if self.zone_key() == "KST":
            moment -= KST_OFFSET
        return moment.date().isoformat(), moment.strftime("%H:%M")

    def _on_edit(self) -> None:
        """Echo the moment in the other zone, so the user sees what will be stored."""
        day, t = self.utc()
        if day is None or t is None:
            self.echo.setText("" if day is None else f"{self.zone_key()} date; time not recorded")
        elif self.zone_key() == "KST":
            self.echo.setText(f"= {day} {t} UTC")
        else:
            kst = datetime.fromisoformat(f"{day}T{t}") + KST_OFFSET
            self.echo.setText(f"= {kst:%Y-%m-%d %H:%M} KST")
        self.changed.emit()


def plus_days(iso: str, days: int) -> str:
    return (date.fromisoformat(iso) + timedelta(days=days)).isoformat()
