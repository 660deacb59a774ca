"""The timeline's period region, and the mapping between a period and the x axis (UTC epoch seconds).

An open end of the period stands for the edge of the data: the region spans the data there, and a
region dragged to the edge of the data leaves that end open.
"""
from __future__ import annotations

from datetime import date, datetime, timezone

import pandas as pd
import pyqtgraph as pg

from models.analytics import timeline as tl
from models.briefing_model import Period
from ui.theme import Theme, qcolor


class PeriodRegion(pg.LinearRegionItem):
    """A region whose edges drag but whose body lets the view pan underneath."""

    def mouseDragEvent(self, ev) -> None:  # noqa: N802 (Qt naming)
        ev.ignore()

    def apply_theme(self, theme: Theme) -> None:
        self.setBrush(pg.mkBrush(qcolor(theme.accent, 28)))
        self.setHoverBrush(pg.mkBrush(qcolor(theme.accent, 45)))
        for line in self.lines:
            line.setPen(pg.mkPen(qcolor(theme.accent, 180), width=2))
            line.setHoverPen(pg.mkPen(qcolor(theme.highlight), width=3))


def utc_date(seconds: float) -> date:
    return datetime.fromtimestamp(seconds, tz=timezone.utc).date()


def data_extent(events: pd.DataFrame) -> tuple[int, int]:
    """The x range the events cover (to the end of the last one's day); the past year when there are none."""
    if len(events) == 0:
        now = tl.epoch_seconds(date.today())
        return now - 365 * tl.DAY, now
    return int(events["t"].min()), int(events["t_end"].max()) + tl.DAY


def period_span(period: Period, extent: tuple[int, int]) -> tuple[int, int]:
    """The x range of a period (through the end of its last day); an open end is the data's edge."""
    lo, hi = extent
    x0 = tl.epoch_seconds(period.start) if period.start else lo
    x1 = tl.epoch_seconds(period.end) + tl.DAY if period.end else hi
    return x0, x1


def region_period(x0: float, x1: float, extent: tuple[int, int]) -> tuple[date | None, date | None]:
    """The (start, end) dates of a region; an end at or past the data's edge is open (None)."""
    lo, hi = extent
    start = None if x0 <= lo else utc_date(x0)
    end = None if x1 >= hi else utc_date(x1 - 1)
    return start, end
