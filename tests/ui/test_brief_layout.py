"""The printed brief for its reader: page one answers the question (the computed finding, the hero figure,
the key judgments), at most six pages come before the annex, every figure's legend sits in its own row
(never over data) and keeps its encodings apart in greyscale, and table headers are never broken inside
a word."""
from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtGui import QColor, QTextCursor

from models.report import BriefOptions, build_brief

pypdf = pytest.importorskip("pypdf")
PERIODS = {"2022": (date(2022, 1, 1), date(2022, 12, 31)), "Q4 2022": (date(2022, 10, 1), date(2022, 12, 31)),
           "2024": (date(2024, 1, 1), date(2024, 12, 31)), "all dates": (None, None)}


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    from models.bundle import seed_store
    from models.store import Store

    store = Store(tmp_path_factory.mktemp("layout") / "bundled.sqlite3")
    seed_store(store)
    yield store
    store.close()


@pytest.fixture(scope="module")
def written(store, tmp_path_factory, qapp):
    """The 2022 brief written to PDF once, with its layout."""
    from ui.export.pdf import write_pdf

    path = tmp_path_factory.mktemp("pdf") / "brief.pdf"
    layout = write_pdf(build_brief(store, BriefOptions(*PERIODS["2022"])), path)
    texts = [" ".join(p.extract_text().split()) for p in pypdf.PdfReader(str(path)).pages]
    return layout, texts


def test_page_one_answers_with_the_finding_the_hero_figure_and_the_judgments(written):
    layout, texts = written
    brief, first = layout.brief, texts[0]
    assert " ".join(brief.finding.split()) in first                      # the computed title, on page one
    assert first.index(brief.finding.split(":")[0]) < first.index("Key judgments")
    assert "Figure 1. Pressure against provocations, per month" in first
    assert any(p.figure is not None and p.figure.figure.key == "pressure" for p in layout.pages[0])
    for i, j in enumerate(brief.judgments, 1):                           # every judgment whole on page one
        assert " ".join(j.text.split())[:60] in first, i
    assert "launches" in first and "designations" in first              # the hero figure's key, drawn as text


def test_the_2022_brief_is_at_most_six_pages_before_its_annex_and_tables_are_in_it(written):
    layout, texts = written
    annex = layout.annex_page
    assert annex is not None and 3 <= annex <= 6
    assert "Annex A. Launch events" in texts[annex] and "Annex" not in " ".join(texts[1:annex]).replace(
        "in the annex", "").replace("the annex,", "").replace("is in the annex", "")
    before = " ".join(texts[:annex])
    for table_header in ("Korea date; UTC", "Lag (days)", "Dated by", "Publisher"):   # annex tables only
        assert table_header not in before, table_header
    assert len(texts) > annex + 1


@pytest.mark.parametrize("name", ["Q4 2022", "2024", "all dates"])
def test_other_periods_also_keep_to_six_pages_before_the_annex(store, name, qapp):
    from ui.export.pdf import layout_brief

    layout = layout_brief(build_brief(store, BriefOptions(*PERIODS[name])))
    assert layout.annex_page is not None and layout.pages_before_annex <= 6
    assert any(p.figure is not None and p.figure.figure.key == "pressure" for p in layout.pages[0])


def test_no_argument_page_is_near_empty(written):
    layout, _ = written
    height = layout.content.height()
    for i, page in enumerate(layout.pages[:layout.annex_page - 1]):      # the page before the annex may end short
        bottom = max(p.y + (p.height if p.figure is not None else p.header + p.y1 - p.y0) for p in page)
        assert bottom > 0.5 * height, f"page {i + 1} is {bottom / height:.0%} full"


def test_the_year_chart_says_whose_count_and_names_the_record_in_its_key(written):
    layout, texts = written
    figure = next(f for f in layout.figures if f.figure.key == "year_charts")
    page = next(t for t in texts if "Launch events and missiles per year" in t)
    assert " ".join(f"Bars: {figure.figure.data['whose']}.".split()) in page
    assert "record 2022: 36 events, 69 missiles" in page


def _legend_rows(built):
    from ui.plots.legend_row import LegendRow

    return [i for i in built.view.scene().items() if isinstance(i, LegendRow)]


def _grey(brush) -> float:
    """Lightness in greyscale of a brush's colour over white paper (0 black .. 255 white)."""
    if brush is None:
        return 255.0
    c = QColor(brush.color())
    a = c.alphaF()
    lum = 0.299 * c.red() + 0.587 * c.green() + 0.114 * c.blue()
    return a * lum + (1 - a) * 255


def _signature(entry):
    from PySide6.QtCore import Qt

    marks = tuple(str(m[0]) if isinstance(m[0], str) else "path" for m in entry.marks or [])
    pattern = entry.pattern.style() if entry.pattern is not None else Qt.BrushStyle.NoBrush
    pen = entry.pen.style() if entry.pen is not None and entry.kind == "line" else None
    return (entry.kind, entry.symbol if entry.kind == "symbol" and isinstance(entry.symbol, str) else "",
            marks, pattern, pen)


def _distinguishable(a, b) -> bool:
    return _signature(a) != _signature(b) or abs(_grey(a.brush) - _grey(b.brush)) >= 25


def test_every_figure_keeps_its_legend_out_of_the_data_and_apart_in_greyscale(written):
    import pyqtgraph as pg

    layout, _ = written
    keys = set()
    for built in layout.figures:
        scene = built.view.scene()
        boxes = [v.sceneBoundingRect() for v in scene.items() if isinstance(v, pg.ViewBox) and v.isVisible()]
        for legend in _legend_rows(built):
            keys.add(built.figure.key)
            rect = legend.sceneBoundingRect()
            assert rect.width() > 0 and not any(rect.intersects(b) for b in boxes), built.figure.key
            entries = [e for e in legend.entries if e.kind != "text"]
            for i, a in enumerate(entries):
                for b in entries[i + 1:]:
                    assert _distinguishable(a, b), (built.figure.key, a.label, b.label)
    assert {"timeline", "year_charts", "ledger", "sanctions_period", "network"} <= keys


def test_the_hero_figure_series_differ_in_greyscale_by_pattern_or_lightness():
    from ui.plots.pressure_plot import legend_entries
    from ui.theme import PRINT

    entries = legend_entries(PRINT)
    for i, (a, _la) in enumerate(entries):
        for b, _lb in entries[i + 1:]:
            sa = a.pattern.style() if a.pattern is not None else None
            sb = b.pattern.style() if b.pattern is not None else None
            assert sa != sb or abs(_grey(a.brush) - _grey(b.brush)) >= 25, (a.label, b.label)


def test_timeline_outcomes_are_marked_not_only_coloured(written):
    import pyqtgraph as pg

    from ui.plots.timeline_plot import OUTCOME_MARKS

    layout, _ = written
    built = next(f for f in layout.figures if f.figure.key == "timeline")
    scatters = [i for i in built.view.scene().items() if isinstance(i, pg.ScatterPlotItem)]
    marks = [s for s in scatters if len(s.data) and s is not max(scatters, key=lambda x: len(x.data))]
    events = built.figure.data["events"]
    shown = events[built.figure.data["mask"]]
    failures = int((shown["outcome"] == "failure").sum()) if "outcome" in shown else 0
    drawn = {str(d["symbol"]) for m in marks for d in m.data}
    assert failures and any(len(m.data) >= failures for m in marks)      # 2022 has failed launches: each marked
    assert "x" in drawn                                                   # failure: a cross inside the marker
    assert len({str(v) for v in OUTCOME_MARKS.values()} | {"none"}) == 4  # success plain; three distinct marks


def test_ledger_marks_sit_above_the_axis_not_clipped(written):
    import pyqtgraph as pg

    layout, _ = written
    built = next(f for f in layout.figures if f.figure.key == "ledger")
    box = next(v for v in built.view.scene().items() if isinstance(v, pg.ViewBox))
    (_x0, _x1), (y0, _y1) = box.viewRange()
    assert y0 < 0                       # the 'no statement' crosses at 0 are drawn whole, above the axis line


def test_no_table_header_is_broken_inside_a_word(written):
    layout, _ = written
    checked = 0
    for page in layout.pages:
        for piece in page:
            doc = piece.doc
            if piece.figure is not None or doc is None or not doc.rootFrame().childFrames():
                continue
            table = doc.rootFrame().childFrames()[0]
            if not hasattr(table, "cellAt"):
                continue
            for c in range(table.columns()):
                cell = table.cellAt(0, c)
                cursor = cell.firstCursorPosition()
                block = cursor.block()
                text, lines = block.text(), block.layout()
                for n in range(1, lines.lineCount()):
                    start = lines.lineAt(n).textStart()
                    assert text[start - 1].isspace() or text[start - 1] in "/;-(" or text[start].isspace(), \
                        f"header {text!r} broken at {start}"
                checked += 1
            assert QTextCursor is not None
    assert checked > 20
