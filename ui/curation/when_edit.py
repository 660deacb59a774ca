"""Date and time editors that accept typing: a date (YYYY-MM-DD), and a launch moment in Korea time or UTC.

Typing is never blocked; the form shows the model's reason (models.curation.validate_*) beside a field it
cannot read. The moment editor echoes the other zone with the model's own conversion
(models.curation.validate.to_utc; Korea Standard Time is UTC+9, models.korea_time).
"""
from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QWidget

from models.curation.validate import parse_day, parse_time, to_utc
from models.korea_time import KST_OFFSET


class DateEdit(QLineEdit):
    """A date typed as YYYY-MM-DD; `value()` is the ISO date, or None while it is not a date."""

    changed = Signal()

    def __init__(self, iso: str | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setPlaceholderText("YYYY-MM-DD")
        self.setMaxLength(10)
        self.setMaximumWidth(self.fontMetrics().horizontalAdvance("0000-00-00") + 30)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("0000-00-00") + 16)   # never cut a date
        if iso:
            self.setText(iso)
        self.textChanged.connect(self.changed)

    def value(self) -> str | None:
        day = parse_day(self.text())
        return day.isoformat() if day else None


class MomentEdit(QWidget):
    """A launch's date and optional time, typed in Korea time (KST, UTC+9) or UTC; the other zone is echoed."""

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
        self.time.setMinimumWidth(self.fontMetrics().horizontalAdvance("00:00") + 16)
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

    def _on_edit(self) -> None:
        """Echo the moment in the other zone, so the user sees what will be stored."""
        day, time = self.date.value(), self.time.text().strip()
        if day is None or (time and parse_time(time) is None):
            self.echo.setText("")
        elif not time:
            self.echo.setText(f"{self.zone_key()} date; time not recorded")
        elif self.zone_key() == "KST":
            utc_day, utc_time = to_utc(day, time, "KST")
            self.echo.setText(f"= {utc_day} {utc_time} UTC")
        else:
            hours, minutes = parse_time(time)
            kst = datetime.fromisoformat(f"{day}T{hours:02d}:{minutes:02d}") + KST_OFFSET
            self.echo.setText(f"= {kst:%Y-%m-%d %H:%M} KST")
        self.changed.emit()
