"""The missile timeline's numbers: event positions, filters, yearly counts, records, cumulative curves.

Pure pandas/numpy over the `launches` table (one row per launch event, CNS database). Everything
is vectorised so 100k events filter in a few milliseconds. Dates are UTC; a month-only date
("YYYY-MM") is a span from the first of the month to the first of the next month.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Iterable

import numpy as np
import pandas as pd

from models.launch_sources import CNS, COUNT_SOURCE, SOURCES, count_label
from models.launches import CLASS_ORDER

if TYPE_CHECKING:
    from models.store import Store

OUTCOMES = ["success", "failure", "unknown", "mixed"]
CONFIRMATIONS = ["confirmed", "unconfirmed", "mixed"]
DAY = 86400

EVENT_COLUMNS = ["launch_id", "date", "date_precision", "time_utc", "t", "t_end", "span", "year", "doy",
                 "missile_count", "classes", "primary_class", "y_class", "class_bits", "outcome",
                 "confirmation", "facility", "max_apogee_km", "max_distance_km", "outcome_code", "confirmed",
                 "dataset", "preliminary"]


@dataclass(frozen=True)
class TimelineFilter:
    """Which events to show; None on a facet means every value passes."""

    classes: frozenset[str] | None = None
    outcomes: frozenset[str] | None = None
    confirmations: frozenset[str] | None = None

    @property
    def is_all(self) -> bool:
        return self.classes is None and self.outcomes is None and self.confirmations is None

    def describe(self) -> str:
        """A short phrase for headers, e.g. "classes: SRBM, ICBM; outcome: success"."""
        parts = []
        for name, values, order in (("classes", self.classes, CLASS_ORDER), ("outcome", self.outcomes, OUTCOMES),
                                    ("confirmation", self.confirmations, CONFIRMATIONS)):
            if values is not None:
                parts.append(f"{name}: {', '.join(v for v in order if v in values) or 'none'}")
        return "; ".join(parts)


def class_bits(classes: Iterable[str]) -> int:
    """Bitmask of CLASS_ORDER positions for the given class names."""
    wanted = set(classes)
    return sum(1 << i for i, c in enumerate(CLASS_ORDER) if c in wanted)


def prepare_events(launches: pd.DataFrame) -> pd.DataFrame:
    """The launches table plus plotting columns, in time order.

    t / t_end: epoch seconds (UTC). Day events: t is the date plus time_utc (midnight when the
    time is not recorded) and t_end == t. Month events: the month's first and next month's first.
    primary_class: the event's most advanced class (last in CLASS_ORDER, "unknown" only if alone);
    y_class its position. class_bits: every class present in the event.
    """
    if launches.empty:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in EVENT_COLUMNS}).astype(
            {"t": "int64", "t_end": "int64", "span": "bool", "year": "int64", "doy": "int64",
             "missile_count": "int64", "y_class": "int64", "class_bits": "int64",
             "max_apogee_km": "float64", "max_distance_km": "float64", "outcome_code": "int64",
             "confirmed": "bool", "preliminary": "bool"})
    ev = launches.reset_index(drop=True).copy()
    dates = ev["date"].astype(str)
    span = (ev["date_precision"].astype(str) == "month").to_numpy() | (dates.str.len() == 7).to_numpy()
    day_text = np.where(span, dates + "-01", dates)
    day = pd.to_datetime(pd.Series(day_text), format="%Y-%m-%d")
    day_s = day.dt.as_unit("s").astype("int64").to_numpy()
    times = ev["time_utc"].fillna("").astype(str)
    has_time = times.str.len().to_numpy() >= 4
    hm = times.where(has_time, "00:00").str.split(":", n=1, expand=True)
    offset = hm[0].astype("int64").to_numpy() * 3600 + hm[1].str[:2].astype("int64").to_numpy() * 60
    t = day_s + np.where(span | ~has_time, 0, offset)
    next_month = (day + pd.offsets.MonthBegin(1)).dt.as_unit("s").astype("int64").to_numpy()
    ev["t"] = t
    ev["t_end"] = np.where(span, next_month, t)
    ev["span"] = span
    ev["year"] = day.dt.year.to_numpy().astype("int64")
    ev["doy"] = day.dt.day_of_year.to_numpy().astype("int64")
    padded = "; " + ev["classes"].fillna("unknown").astype(str) + ";"
    bits = np.zeros(len(ev), dtype="int64")
    primary = np.full(len(ev), CLASS_ORDER.index("unknown"), dtype="int64")
    for i, name in enumerate(CLASS_ORDER):
        present = padded.str.contains(f"; {name};", regex=False).to_numpy()
        bits |= present.astype("int64") << i
        if name != "unknown":
            primary = np.where(present, i, primary)
    bits = np.where(bits == 0, 1 << CLASS_ORDER.index("unknown"), bits)
    ev["class_bits"] = bits
    ev["y_class"] = primary
    ev["primary_class"] = np.asarray(CLASS_ORDER, dtype=object)[primary]
    ev["missile_count"] = ev["missile_count"].fillna(0).astype("int64")
    for col in ("max_apogee_km", "max_distance_km"):
        ev[col] = pd.to_numeric(ev[col], errors="coerce").astype("float64")
    outcome = ev["outcome"].fillna("unknown").astype(str)
    ev["outcome_code"] = pd.Categorical(outcome, categories=OUTCOMES).codes.astype("int64")
    ev.loc[ev["outcome_code"] < 0, "outcome_code"] = OUTCOMES.index("unknown")
    ev["confirmed"] = (ev["confirmation"].astype(str) == "confirmed").to_numpy()
    ev["dataset"] = ev["dataset"].fillna(CNS).astype(str) if "dataset" in ev else CNS
    record = [k for k, s in SOURCES.items() if not s.preliminary]     # any other dataset is preliminary
    ev["preliminary"] = (~ev["dataset"].isin(record)).to_numpy()
    order = np.argsort(ev["t"].to_numpy(), kind="stable")
    return ev.iloc[order].reset_index(drop=True)[EVENT_COLUMNS]


def filter_mask(events: pd.DataFrame, flt: TimelineFilter) -> np.ndarray:
    """Boolean mask of the events passing the filter (an event passes a class filter if any of its
    classes is selected; outcome and confirmation are the event's combined values)."""
    mask = np.ones(len(events), dtype=bool)
    if flt.classes is not None:
        mask &= (events["class_bits"].to_numpy() & class_bits(flt.classes)) != 0
    if flt.outcomes is not None:
        mask &= events["outcome"].isin(list(flt.outcomes)).to_numpy()
    if flt.confirmations is not None:
        mask &= events["confirmation"].isin(list(flt.confirmations)).to_numpy()
    return mask


def epoch_seconds(day: date) -> int:
    return int((np.datetime64(day.isoformat(), "s") - np.datetime64(0, "s")).astype("int64"))


def period_mask(events: pd.DataFrame, start: date | None, end: date | None) -> np.ndarray:
    """Events overlapping the inclusive period [start, end] (month spans count if they overlap)."""
    mask = np.ones(len(events), dtype=bool)
    if start is not None:
        lo = epoch_seconds(start)
        mask &= np.maximum(events["t_end"].to_numpy() - events["span"].to_numpy(), events["t"].to_numpy()) >= lo
    if end is not None:
        mask &= events["t"].to_numpy() < epoch_seconds(end) + DAY
    return mask


def count_source(events: pd.DataFrame, mask: np.ndarray | None = None) -> str:
    """Whose count the masked events are: 'CNS count', or each source with its last/first date when both
    are present ('CNS count to 2023-04-12; nagix count, preliminary (third-party), from 2023-05-30')."""
    datasets = events["dataset"].to_numpy() if mask is None else events["dataset"].to_numpy()[mask]
    dates = events["date"].to_numpy() if mask is None else events["date"].to_numpy()[mask]
    return count_label(list(zip(datasets, dates.astype(str))))


def yearly_whose(events: pd.DataFrame) -> str:
    """Whose count the per-year bars are: 'CNS count', or 'CNS count to 2023-04-12; nagix, preliminary, after'
    when the preliminary source follows."""
    preliminary = events["preliminary"].to_numpy(bool) if "preliminary" in events and len(events) else None
    if preliminary is None or not preliminary.any():
        return SOURCES[CNS].count
    record = events["date"].astype(str).to_numpy()[~preliminary]
    if not len(record):
        return count_source(events)
    return f"{SOURCES[CNS].count} to {max(record)}; nagix, preliminary, after"


def yearly_title(events: pd.DataFrame) -> str:
    """The per-year chart's title, saying whose count its bars are (yearly_whose)."""
    return f"Launch events and missiles per year ({yearly_whose(events)})"


def count_text(events: pd.DataFrame, mask: np.ndarray | None = None) -> str:
    """How a launch-event count is made, in words: 'grouped from CNS missile rows' where every event is the
    CNS record, else whose count (count_source: the preliminary third-party source named, with its dates)."""
    whose = count_source(events, mask)
    return COUNT_SOURCE if whose == SOURCES[CNS].count else whose


def counts(events: pd.DataFrame, mask: np.ndarray | None = None) -> tuple[int, int]:
    """(launch events, missiles) among the masked events."""
    missiles = events["missile_count"].to_numpy()
    if mask is not None:
        missiles = missiles[mask]
    return int(len(missiles)), int(missiles.sum())


def yearly_counts(events: pd.DataFrame, mask: np.ndarray | None = None) -> pd.DataFrame:
    """One row per year from the first to the last (zero rows included): year, events, missiles."""
    years, missiles = events["year"].to_numpy(), events["missile_count"].to_numpy()
    if mask is not None:
        years, missiles = years[mask], missiles[mask]
    if len(years) == 0:
        return pd.DataFrame({"year": pd.Series(dtype="int64"), "events": pd.Series(dtype="int64"),
                             "missiles": pd.Series(dtype="int64")})
    first, last = int(years.min()), int(years.max())
    idx = years - first
    n = last - first + 1
    return pd.DataFrame({"year": np.arange(first, last + 1, dtype="int64"),
                         "events": np.bincount(idx, minlength=n).astype("int64"),
                         "missiles": np.bincount(idx, weights=missiles, minlength=n).astype("int64")})


def record_years(yearly: pd.DataFrame, measure: str = "missiles") -> list[int]:
    """The year(s) with the highest count of `measure` ("events" or "missiles"); ties all count."""
    if yearly.empty or yearly[measure].max() <= 0:
        return []
    top = yearly[measure].max()
    return [int(y) for y in yearly.loc[yearly[measure] == top, "year"]]


def year_presets(yearly: pd.DataFrame, latest_full_year: int | None) -> dict[str, int]:
    """The timeline's year buttons, from the data: the latest full year the launch data covers
    (models.coverage.latest_covered_full_year) and the record year for missiles (the latest on a tie)."""
    out: dict[str, int] = {}
    if latest_full_year is not None:
        out["latest full year"] = int(latest_full_year)
    records = record_years(yearly, "missiles")
    if records:
        out["record year"] = records[-1]
    return out


def previous_record_year(yearly: pd.DataFrame, year: int, measure: str = "missiles") -> int | None:
    """The record year among the years before `year` (the latest one on a tie), or None."""
    earlier = yearly[(yearly["year"] < year) & (yearly[measure] > 0)]
    if earlier.empty:
        return None
    top = earlier[measure].max()
    return int(earlier.loc[earlier[measure] == top, "year"].max())


def cumulative_by_day(events: pd.DataFrame, year: int, mask: np.ndarray | None = None) -> pd.DataFrame:
    """Cumulative events and missiles by day of year (1..366) for `year`.

    Month-only events count from the first of their month.
    """
    sel = events["year"].to_numpy() == year
    if mask is not None:
        sel &= mask
    doy = events["doy"].to_numpy()[sel] - 1
    ev = np.bincount(doy, minlength=366)[:366]
    mi = np.bincount(doy, weights=events["missile_count"].to_numpy()[sel], minlength=366)[:366]
    return pd.DataFrame({"doy": np.arange(1, 367, dtype="int64"), "events": np.cumsum(ev).astype("int64"),
                         "missiles": np.cumsum(mi).astype("int64")})


def focus_year(start: date | None, end: date | None, events: pd.DataFrame) -> int | None:
    """The year the cumulative chart compares: the period's last year, else the data's latest."""
    if end is not None:
        return end.year
    if len(events):
        return int(events["year"].max())
    return start.year if start is not None else None


def load_context_events(path: str) -> pd.DataFrame:
    """The sourced context reference file (date, kind, label, source_url), with epoch seconds t."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame["t"] = pd.to_datetime(frame["date"], format="%Y-%m-%d").dt.as_unit("s").astype("int64")
    return frame


def statement_ticks(statements: pd.DataFrame) -> pd.DataFrame:
    """Statements with a day date, as (t, label) for thin ticks on the timeline."""
    if statements.empty:
        return pd.DataFrame({"t": pd.Series(dtype="int64"), "label": pd.Series(dtype="str"),
                             "url": pd.Series(dtype="str")})
    valid = statements[statements["date"].fillna("").astype(str).str.len() == 10]
    t = pd.to_datetime(valid["date"], format="%Y-%m-%d").dt.as_unit("s").astype("int64")
    label = valid["date"].astype(str) + " " + valid["kind"].fillna("").astype(str).str.replace("_", " ") + ": " \
        + valid["title"].fillna("").astype(str)
    return pd.DataFrame({"t": t.to_numpy(), "label": label.to_numpy(), "url": valid["url"].fillna("").to_numpy()})


def dated_designations(store: "Store") -> pd.DataFrame:
    """The DPRK-related designations dated to the day: all designation_ticks draws (as `listed_on`).

    A narrow indexed query: a consolidated store may hold a million entries the timeline never shows.
    """
    return store.query("SELECT 'yes' AS dprk, designated_to AS listed_on, authority, name, source_id"
                       " FROM designations WHERE dprk = 1 AND designated_precision = 'day'"
                       " ORDER BY designated_to, source_id")


def designation_ticks(designations: pd.DataFrame) -> pd.DataFrame:
    """DPRK-related designations dated to the day (models.designation_dates), as (t, label, url).

    A designation known only to a window between two list versions gets no tick: a tick at a snapshot
    date would state a date we do not have.
    """
    empty = pd.DataFrame({"t": pd.Series(dtype="int64"), "label": pd.Series(dtype="str"),
                          "url": pd.Series(dtype="str")})
    if designations.empty or "listed_on" not in designations:
        return empty
    dated = designations[(designations["dprk"] == "yes") & designations["listed_on"].fillna("").astype(str)
                         .str.fullmatch(r"\d{4}-\d{2}-\d{2}")]
    if dated.empty:
        return empty
    t = pd.to_datetime(dated["listed_on"], format="%Y-%m-%d").dt.as_unit("s").astype("int64")
    label = (dated["listed_on"].astype(str) + " designation, " + dated["authority"].astype(str) + ": "
             + dated["name"].astype(str) + " (" + dated["source_id"].astype(str) + ")")
    return pd.DataFrame({"t": t.to_numpy(), "label": label.to_numpy(), "url": [""] * len(dated)})


def aggregate_points(x: np.ndarray, y: np.ndarray, size: np.ndarray, outcome_code: np.ndarray,
                     confirmed: np.ndarray, bin_x: float, bin_y: float) -> dict[str, np.ndarray]:
    """Merge points that share a (bin_x, bin_y) cell into one marker, for dense zoomed-out views.

    Per cell: mean position, largest size, the common outcome code or 3 ("mixed") when they differ,
    confirmed if any is confirmed, and the number of merged points. Sort + reduceat, no Python loop.
    """
    if len(x) == 0:
        empty = np.zeros(0)
        return {"x": empty, "y": empty, "size": empty, "outcome": empty.astype("int64"),
                "confirmed": empty.astype(bool), "n": empty.astype("int64")}
    kx = np.floor(x / bin_x).astype("int64")
    ky = np.floor(y / bin_y).astype("int64")
    kx -= kx.min()
    ky -= ky.min()
    span_y = int(ky.max()) + 1
    # x is usually already sorted: a stable sort on the (small) y cell keeps x order inside each row,
    # and a 16-bit key sorts by radix, several times faster than sorting the combined key
    by_y = ky.astype("int16") if span_y < 2 ** 15 else ky
    order = np.argsort(by_y, kind="stable")
    if not np.all(np.diff(x) >= 0):
        order = np.lexsort((kx, ky))
    key = ky[order] * (int(kx.max()) + 1) + kx[order]
    starts = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
    n = np.diff(np.r_[starts, len(key)])
    code = outcome_code[order].astype("int64")
    lo, hi = np.minimum.reduceat(code, starts), np.maximum.reduceat(code, starts)
    return {"x": np.add.reduceat(x[order], starts) / n, "y": np.add.reduceat(y[order], starts) / n,
            "size": np.maximum.reduceat(size[order], starts), "outcome": np.where(lo == hi, lo, 3),
            "confirmed": np.maximum.reduceat(confirmed[order].astype("int8"), starts).astype(bool),
            "n": n.astype("int64")}


def step_event(visible: np.ndarray, current: int | None, step: str) -> int | None:
    """Keyboard stepping over the visible events (time order): "next", "previous", "first", "last".

    With nothing selected, next starts at the first event and previous at the last.
    """
    order = np.flatnonzero(visible)
    if len(order) == 0:
        return None
    if step == "first" or (current is None and step == "next"):
        return int(order[0])
    if step == "last" or (current is None and step == "previous"):
        return int(order[-1])
    if step == "next":
        return int(order[min(np.searchsorted(order, current, side="right"), len(order) - 1)])
    return int(order[max(np.searchsorted(order, current, side="left") - 1, 0)])


def year_comparison(events: pd.DataFrame, mask: np.ndarray, start: date | None,
                    end: date | None) -> tuple[pd.DataFrame, list[int], list[int], list[tuple[int, pd.DataFrame]]]:
    """What the year-over-year charts show: yearly counts, record years (events, missiles) and the
    cumulative curves of the focus year and the record year before it.

    The focus year's curve stops at the data's last day rather than running flat to December.
    """
    yearly = yearly_counts(events, mask)
    year = focus_year(start, end, events[["year"]][mask])
    curves: list[tuple[int, pd.DataFrame]] = []
    if year is not None:
        focus = cumulative_by_day(events, year, mask)
        if len(events):
            last = pd.Timestamp(int(events["t_end"].max()), unit="s")
            if last.year == year:
                focus = focus[focus["doy"] <= last.day_of_year]
        curves.append((year, focus))
        previous = previous_record_year(yearly, year)
        if previous is not None:
            curves.append((previous, cumulative_by_day(events, previous, mask)))
    return yearly, record_years(yearly, "events"), record_years(yearly, "missiles"), curves
