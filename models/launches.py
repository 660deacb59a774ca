"""Grouping missiles into launch events: one salvo is the same UTC date and site, close in time."""
from __future__ import annotations

from dataclasses import dataclass, field

CLASS_ORDER = ["SRBM", "cruise", "MRBM", "IRBM", "HGV", "SLBM", "ICBM", "SLV", "unknown"]
SALVO_GAP_MINUTES = 180
GROUPING_RULE = (f"CNS missile rows with the same UTC date and launch site, each fired within {SALVO_GAP_MINUTES} "
                 "minutes of the previous one, form one launch event; a row without a time joins the first event of its "
                 "date and site")


@dataclass
class MissileRow:
    missile_id: int
    date: str
    date_precision: str
    time_utc: str | None
    facility: str | None
    missile_class: str
    apogee_km: float | None
    distance_km: float | None
    outcome: str
    confirmation: str


@dataclass
class Launch:
    launch_id: str
    date: str
    date_precision: str
    missiles: list[MissileRow] = field(default_factory=list)

    @property
    def time_utc(self) -> str | None:
        times = sorted(m.time_utc for m in self.missiles if m.time_utc)
        return times[0] if times else None

    @property
    def facility(self) -> str | None:
        names = sorted({m.facility for m in self.missiles if m.facility})
        return "; ".join(names) or None

    @property
    def classes(self) -> str:
        present = {m.missile_class for m in self.missiles}
        return "; ".join(c for c in CLASS_ORDER if c in present)

    def _max(self, attr: str) -> float | None:
        values = [getattr(m, attr) for m in self.missiles if getattr(m, attr) is not None]
        return max(values) if values else None

    @property
    def outcome(self) -> str:
        return _combined({m.outcome for m in self.missiles})

    @property
    def confirmation(self) -> str:
        return _combined({m.confirmation for m in self.missiles})

    def row(self) -> tuple:
        return (self.launch_id, self.date, self.date_precision, self.time_utc, self.facility,
                len(self.missiles), self.classes, self._max("apogee_km"), self._max("distance_km"),
                self.outcome, self.confirmation)


def _combined(values: set[str]) -> str:
    return values.pop() if len(values) == 1 else "mixed"


def _minutes(hhmm: str) -> int:
    hours, minutes = hhmm.split(":")
    return int(hours) * 60 + int(minutes)


def group_launches(missiles: list[MissileRow]) -> list[Launch]:
    """Salvos: same date (and precision) and facility; a gap of over 3 hours starts a new salvo.

    Missiles with no time join the first salvo of their date and facility. Launch ids are
    L<date>-<n>, numbered by time then facility within the date.
    """
    by_site: dict[tuple[str, str, str], list[MissileRow]] = {}
    for m in missiles:
        by_site.setdefault((m.date, m.date_precision, m.facility or ""), []).append(m)
    salvos: list[tuple[str, str, list[MissileRow]]] = []
    for (day, precision, _site), group in by_site.items():
        timed = sorted((m for m in group if m.time_utc), key=lambda m: m.time_utc)
        untimed = [m for m in group if not m.time_utc]
        current: list[MissileRow] = []
        site_salvos: list[list[MissileRow]] = []
        for m in timed:
            if current and _minutes(m.time_utc) - _minutes(current[-1].time_utc) > SALVO_GAP_MINUTES:
                site_salvos.append(current)
                current = []
            current.append(m)
        if current:
            site_salvos.append(current)
        if untimed:
            if site_salvos:
                site_salvos[0].extend(untimed)
            else:
                site_salvos.append(untimed)
        salvos.extend((day, precision, s) for s in site_salvos)

    def order(item: tuple[str, str, list[MissileRow]]) -> tuple:
        day, _p, rows = item
        times = sorted(m.time_utc for m in rows if m.time_utc)
        return (day, times[0] if times else "99:99", rows[0].facility or "", min(m.missile_id for m in rows))

    launches: list[Launch] = []
    counter: dict[str, int] = {}
    for day, precision, rows in sorted(salvos, key=order):
        counter[day] = counter.get(day, 0) + 1
        launches.append(Launch(f"L{day}-{counter[day]}", day, precision,
                               sorted(rows, key=lambda m: m.missile_id)))
    return launches
