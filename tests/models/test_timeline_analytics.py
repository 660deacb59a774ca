"""models.analytics.timeline: positions, filters, yearly counts, records, cumulative curves (no Qt)."""
from __future__ import annotations

import subprocess
import sys
import time
from datetime import date

import numpy as np
import pandas as pd
import pytest

from models.analytics import timeline as tl
from models.launches import CLASS_ORDER

pytestmark = pytest.mark.both_engines      # every store in this file: SQLite, then PostgreSQL


def _launches(rows: list[tuple]) -> pd.DataFrame:
    cols = ["launch_id", "date", "missile_count", "classes", "facility", "max_apogee_km", "max_distance_km",
            "outcome", "date_precision", "time_utc", "confirmation"]
    return pd.DataFrame(rows, columns=cols)


SMALL = _launches([
    ("L2022-01-05-1", "2022-01-05", 1, "HGV", "Jagang", 50.0, 700.0, "success", "day", "22:10", "confirmed"),
    ("L1990-05-1", "1990-05", 1, "MRBM", None, None, None, "failure", "month", None, "unconfirmed"),
    ("L2022-03-24-1", "2022-03-24", 2, "SRBM; ICBM", "Sunan", 6248.0, 1090.0, "mixed", "day", None, "confirmed"),
    ("L2021-03-25-1", "2021-03-25", 2, "SRBM", "Hamju", 60.0, 450.0, "success", "day", "22:04", "confirmed"),
])


def test_prepare_events_positions_and_classes():
    ev = tl.prepare_events(SMALL)
    assert list(ev["launch_id"]) == ["L1990-05-1", "L2021-03-25-1", "L2022-01-05-1", "L2022-03-24-1"]
    first = ev.iloc[0]
    assert bool(first["span"]) and first["t"] == 641520000  # 1990-05-01 00:00 UTC, in seconds
    assert first["t_end"] - first["t"] == 31 * 86400
    hgv = ev.iloc[2]
    assert hgv["t"] == pd.Timestamp("2022-01-05 22:10", tz="UTC").timestamp()
    assert hgv["primary_class"] == "HGV" and not hgv["span"]
    mixed = ev.iloc[3]
    assert mixed["primary_class"] == "ICBM"  # most advanced class present
    assert mixed["class_bits"] == tl.class_bits(["SRBM", "ICBM"])
    assert mixed["y_class"] == CLASS_ORDER.index("ICBM")
    assert np.isnan(ev.iloc[0]["max_apogee_km"])  # missing stays missing


def test_empty_frame():
    ev = tl.prepare_events(pd.DataFrame())
    assert ev.empty and tl.yearly_counts(ev).empty and tl.record_years(tl.yearly_counts(ev)) == []
    assert tl.counts(ev) == (0, 0)


def test_filters_periods_and_counts():
    ev = tl.prepare_events(SMALL)
    srbm = tl.filter_mask(ev, tl.TimelineFilter(classes=frozenset({"SRBM"})))
    assert list(ev.loc[srbm, "launch_id"]) == ["L2021-03-25-1", "L2022-03-24-1"]
    ok = tl.filter_mask(ev, tl.TimelineFilter(outcomes=frozenset({"success"}),
                                              confirmations=frozenset({"confirmed"})))
    assert tl.counts(ev, ok) == (2, 3)
    in_2022 = tl.period_mask(ev, date(2022, 1, 1), date(2022, 12, 31))
    assert tl.counts(ev, in_2022) == (2, 3)
    # a month-only event overlaps any period touching its month
    assert tl.period_mask(ev, date(1990, 5, 31), date(1990, 6, 30))[0]
    assert not tl.period_mask(ev, date(1990, 6, 1), None)[0]
    assert tl.TimelineFilter(classes=frozenset({"ICBM", "SRBM"})).describe() == "classes: SRBM, ICBM"


def test_yearly_records_and_cumulative():
    ev = tl.prepare_events(SMALL)
    yearly = tl.yearly_counts(ev)
    assert yearly["year"].tolist() == list(range(1990, 2023))
    assert yearly.set_index("year").loc[2022].tolist() == [2, 3]
    assert tl.record_years(yearly, "missiles") == [2022]
    assert tl.record_years(yearly, "events") == [2022]
    assert tl.previous_record_year(yearly, 2022) == 2021
    cum = tl.cumulative_by_day(ev, 2022)
    assert len(cum) == 366 and cum.loc[cum["doy"] == 4, "missiles"].item() == 0
    assert cum.loc[cum["doy"] == 5, "missiles"].item() == 1 and cum["missiles"].iloc[-1] == 3


def test_record_ties_all_count():
    yearly = pd.DataFrame({"year": [2019, 2020, 2021], "events": [3, 5, 5], "missiles": [1, 2, 2]})
    assert tl.record_years(yearly, "events") == [2020, 2021]
    assert tl.previous_record_year(yearly, 2022) == 2021


def synthetic(n: int, seed: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    days = pd.Timestamp("1984-01-01") + pd.to_timedelta(rng.integers(0, 40 * 365, n), unit="D")
    classes = np.asarray(CLASS_ORDER, dtype=object)[rng.integers(0, len(CLASS_ORDER), n)]
    return _launches(list(zip(
        [f"S{i}" for i in range(n)], days.strftime("%Y-%m-%d"), rng.integers(1, 8, n), classes,
        ["site"] * n, rng.uniform(10, 6000, n), rng.uniform(10, 6000, n),
        np.asarray(tl.OUTCOMES, dtype=object)[rng.integers(0, 4, n)], ["day"] * n,
        [f"{h:02d}:{m:02d}" for h, m in zip(rng.integers(0, 24, n), rng.integers(0, 60, n))],
        np.asarray(["confirmed", "unconfirmed"], dtype=object)[rng.integers(0, 2, n)])))


def test_filter_100k_events_is_fast():
    ev = tl.prepare_events(synthetic(100_000))
    flt = tl.TimelineFilter(classes=frozenset({"SRBM", "ICBM"}), outcomes=frozenset({"success", "mixed"}))
    best = 1e9
    for _ in range(5):
        t0 = time.perf_counter()
        mask = tl.filter_mask(ev, flt) & tl.period_mask(ev, date(2000, 1, 1), date(2020, 12, 31))
        tl.counts(ev, mask)
        tl.yearly_counts(ev, mask)
        best = min(best, time.perf_counter() - t0)
    assert 0 < mask.sum() < len(ev)
    assert best < 0.05, f"filtering 100k events took {best * 1000:.1f} ms"


def test_real_cns_2022_counts(real_store):
    from models.briefing_model import BriefingModel

    ev = tl.prepare_events(BriefingModel(real_store).launches())
    assert tl.counts(ev, tl.period_mask(ev, date(2022, 1, 1), date(2022, 12, 31))) == (36, 69)
    yearly = tl.yearly_counts(ev)
    assert tl.record_years(yearly, "missiles") == [2022] and tl.record_years(yearly, "events") == [2022]
    assert tl.previous_record_year(yearly, 2022) == 2019
    assert ev["span"].sum() == (ev["date_precision"] == "month").sum() > 0


def test_context_file_is_sourced():
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "resources" / "reference" / "context_events.csv"
    ctx = tl.load_context_events(str(path))
    assert ctx.loc[ctx["kind"] == "nuclear_test", "date"].tolist() == [
        "2006-10-09", "2009-05-25", "2013-02-12", "2016-01-06", "2016-09-09", "2017-09-03"]
    assert ctx["source_url"].str.startswith("http").all()


@pytest.mark.parametrize("module", ["models.analytics.timeline"])
def test_no_qt_in_models(module):
    code = f"import sys, {module}; assert not any(m.startswith(('PySide6', 'pyqtgraph')) for m in sys.modules)"
    subprocess.run([sys.executable, "-c", code], check=True, cwd=str(__import__('pathlib').Path(__file__).parents[2]))


@pytest.mark.parametrize("reverse", [False, True])
def test_aggregate_points_matches_brute_force(reverse):
    rng = np.random.default_rng(0)
    n = 1000
    x = np.sort(rng.uniform(0, 100, n))
    y = rng.integers(0, 9, n).astype(float)
    size, code, conf = rng.uniform(7, 15, n), rng.integers(0, 3, n), rng.integers(0, 2, n).astype(bool)
    if reverse:  # unsorted input takes the lexsort path
        x, y, size, code, conf = x[::-1].copy(), y[::-1].copy(), size[::-1].copy(), code[::-1].copy(), conf[::-1].copy()
    agg = tl.aggregate_points(x, y, size, code, conf, 5.0, 1.0)
    cells: dict[tuple[int, int], list[int]] = {}
    for i in range(n):
        cells.setdefault((int(np.floor(x[i] / 5)), int(y[i])), []).append(i)
    assert len(agg["n"]) == len(cells) and agg["n"].sum() == n
    for j in range(len(agg["n"])):
        idx = cells[(int(np.floor(agg["x"][j] / 5)), int(agg["y"][j]))]
        outcomes = set(code[idx])
        assert agg["n"][j] == len(idx) and agg["size"][j] == pytest.approx(size[idx].max())
        assert agg["outcome"][j] == (outcomes.pop() if len(outcomes) == 1 else 3)
        assert agg["confirmed"][j] == conf[idx].any()


def test_step_event_and_year_comparison():
    visible = np.array([True, False, True, True])
    assert tl.step_event(visible, None, "next") == 0 and tl.step_event(visible, None, "previous") == 3
    assert tl.step_event(visible, 0, "next") == 2 and tl.step_event(visible, 3, "next") == 3
    assert tl.step_event(visible, 2, "previous") == 0 and tl.step_event(visible, 0, "previous") == 0
    assert tl.step_event(visible, 1, "next") == 2  # from a hidden selection
    assert tl.step_event(np.zeros(2, dtype=bool), None, "first") is None
    ev = tl.prepare_events(SMALL)
    yearly, rec_events, rec_missiles, curves = tl.year_comparison(ev, np.ones(len(ev), dtype=bool), None, None)
    assert rec_events == rec_missiles == [2022] and [y for y, _ in curves] == [2022, 2021]
    assert curves[0][1]["doy"].max() == 83  # 2022 stops at the data's last day (24 March)


@pytest.mark.sqlite_only                # reads SQLite's query plan
def test_dated_designations_use_the_index_not_a_scan(bundled_store):
    from models.analytics import timeline as tl

    frame = tl.dated_designations(bundled_store)
    assert len(frame) and frame["listed_on"].notna().all() and (frame["dprk"] == "yes").all()
    plan = " ".join(r[3] for r in bundled_store.rows(
        "EXPLAIN QUERY PLAN SELECT listed_on FROM designations WHERE dprk = 1 AND listed_on IS NOT NULL"))
    assert "designations_dprk" in plan
