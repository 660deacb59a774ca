"""The printed brief: real text, page numbers on every page, vector figures, rows never cut, escaping,
A4 and Letter, and the app's export and print commands (modal dialogs replaced)."""
from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QMainWindow

from helpers import add_evil_records
from models.briefing_model import BriefingModel
from models.report import BriefOptions, build_brief

pypdf = pytest.importorskip("pypdf")
YEAR = BriefOptions(date(2022, 1, 1), date(2022, 12, 31))


@pytest.fixture(scope="module")
def brief_pdf(tmp_path_factory, qapp):
    """The 2022 brief on the bundled dataset, written once for the module."""
    from models.bundle import seed_store
    from models.store import Store
    from ui.export.pdf import write_pdf

    folder = tmp_path_factory.mktemp("brief")
    with Store(folder / "bundled.sqlite3") as store:
        seed_store(store)
        brief = build_brief(store, YEAR)
    path = folder / "brief.pdf"
    layout = write_pdf(brief, path)
    return path, layout


def page_texts(path: Path) -> list[str]:
    """Each page's text, whitespace normalised (pypdf reads Qt's word gaps as tabs)."""
    return [" ".join(page.extract_text().split()) for page in pypdf.PdfReader(str(path)).pages]


def test_every_page_has_page_n_of_m_banner_and_title(brief_pdf):
    path, layout = brief_pdf
    texts = page_texts(path)
    assert len(texts) == len(layout.pages) >= 6
    for i, text in enumerate(texts, 1):
        assert f"page {i} of {len(texts)}" in text
        assert "UNCLASSIFIED // FOR DISCUSSION" in text and "DPRK Pressure Brief" in text
        assert "Generated " in text and " UTC" in text


def test_text_holds_the_2022_key_figures_and_the_sections(brief_pdf):
    text = " ".join(" ".join(page_texts(brief_pdf[0])).split())
    for words in ("36 launch events and 69 missiles", "10 joint statements", "4 with a Council majority",
                  "DPRK designations dated in 2022", "Key judgments", "Headline scorecard", "Missile activity",
                  "Diplomatic response", "Sanctions response", "Response ledger", "Sources and notes",
                  "Data gaps", "Data as of", "Revenue streams: not tagged", "What changed since the last brief"):
        assert words in text, words
    assert "https://www.nti.org/analysis/articles/cns-north-korea-missile-test-database/" in text.replace(" ", "")


def test_pdf_is_vector_with_embedded_fonts(brief_pdf):
    data = brief_pdf[0].read_bytes()
    assert b"/Subtype /Image" not in data and b"/Subtype/Image" not in data
    assert b"/FontFile2" in data and b"DejaVu" in data


def test_table_rows_are_never_cut_and_headers_repeat(brief_pdf):
    path, layout = brief_pdf
    from ui.export.pdf import row_tops

    for page in layout.pages:
        for piece in page:
            if piece.figure is None and piece.doc is not None and piece.doc.rootFrame().childFrames():
                tops = [round(t, 2) for t in row_tops(piece.doc, piece.doc.rootFrame().childFrames()[0])]
                tops += [0.0, round(piece.doc.size().height(), 2)]
                assert round(piece.y0, 2) in tops and round(piece.y1, 2) in tops
    texts = page_texts(path)
    continued = [t for t in texts if "Sinpo Shipyard" in t and "Missile activity" not in t]   # a later launch row
    assert continued and all("Apogee" in t for t in continued)        # the launches header, repeated


def test_paginate_cuts_only_at_breaks_and_repeats_the_header():
    from ui.export.pdf import Flow, paginate

    class Doc:
        def __init__(self, h):
            self.h = h

        def size(self):
            from PySide6.QtCore import QSizeF
            return QSizeF(100, self.h)

    breaks = [0.0] + [20.0 + 30 * i for i in range(1, 20)] + [600.0]
    pages = paginate([Flow(doc=Doc(600.0), breaks=breaks, header=20.0)], 250.0)
    assert len(pages) >= 3
    for page in pages:
        for piece in page:
            assert piece.y0 in breaks and piece.y1 in breaks
            assert piece.header + piece.y1 - piece.y0 <= 250.0
    assert pages[0][0].header == 0 and all(p[0].header == 20.0 for p in pages[1:])


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) is not installed")
def test_figures_are_drawn_on_the_page(brief_pdf, tmp_path):
    path, layout = brief_pdf
    index = next(i for i, page in enumerate(layout.pages) if any(p.figure is not None for p in page))
    piece = next(p for p in layout.pages[index] if p.figure is not None)
    subprocess.run(["pdftoppm", "-r", "50", "-f", str(index + 1), "-l", str(index + 1), "-png", str(path),
                    str(tmp_path / "page")], check=True)
    image = QImage(str(next(tmp_path.glob("page*.png"))))
    scale = 50 / 96
    top = int((layout.content.top() + piece.y) * scale)
    bottom = int((layout.content.top() + piece.y + piece.figure.height) * scale)
    x0, x1 = int(layout.content.left() * scale), int(layout.content.right() * scale)
    inked = sum(1 for y in range(top, bottom, 2) for x in range(x0, x1, 2)
                if QColor(image.pixel(x, y)).lightness() < 200)
    assert inked > 300


def test_letter_paper_and_markup_in_names_prints_as_text(bundled_store, tmp_path, qapp):
    from ui.export.pdf import write_pdf

    add_evil_records(bundled_store)
    options = BriefOptions(date(2022, 1, 1), date(2022, 12, 31), paper="letter", banner="SECRET <b>& test</b>")
    (tmp_path / "out").mkdir()
    path = tmp_path / "out" / "letter.pdf"
    write_pdf(build_brief(bundled_store, options), path)
    reader = pypdf.PdfReader(str(path))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)
    text = " ".join(page_texts(path))
    assert "<b>Evil & Co</b><script>alert(1)</script>" in text
    assert "SECRET <b>& test</b>" in text
    assert [p.name for p in path.parent.iterdir()] == ["letter.pdf"]     # no temporary file left


def test_a_figure_as_svg_and_png(bundled_store, qapp):
    from ui.export.figures import build_figure, figure_png, figure_svg

    brief = build_brief(bundled_store, BriefOptions(date(2022, 1, 1), date(2022, 12, 31), sections=("diplomacy",)))
    built = build_figure(next(f for f in brief.figures() if f.key == "alignment"), 700)
    svg = figure_svg(built)
    assert svg.startswith("<svg") and "<image" not in svg and "Albania" in svg
    image = figure_png(built, 1.0)
    assert image.width() == 700 and not image.isNull()


# -- the app's commands --------------------------------------------------------------------------------
class FakeWindow(QMainWindow):
    """What the export needs from the main window: the model, show_message and a status bar."""

    def __init__(self, model):
        super().__init__()
        self.model = model
        self.messages: list[tuple[str, str, str]] = []

    def show_message(self, kind, title, text):
        self.messages.append((kind, title, text))


@pytest.fixture
def fake_window(qtbot, bundled_store):
    win = FakeWindow(BriefingModel(bundled_store))
    qtbot.addWidget(win)
    return win


def test_export_from_the_app_builds_on_a_worker_and_writes_the_pdf(fake_window, qtbot, tmp_path):
    from ui.export.dialog import export_brief, load_options

    path = tmp_path / "brief.pdf"
    options = BriefOptions(date(2022, 1, 1), date(2022, 12, 31), banner="FOR TEST", paper="letter")
    run = export_brief(fake_window, path, options)
    with qtbot.waitSignal(run.finished, timeout=60000) as blocker:
        pass
    assert blocker.args[0] == path and path.exists() and not fake_window.messages
    remembered = load_options()
    assert (remembered.banner, remembered.paper, remembered.start) == ("FOR TEST", "letter", date(2022, 1, 1))


def test_export_of_an_empty_period_says_why_and_writes_nothing(fake_window, qtbot, tmp_path):
    from ui.export.dialog import export_brief

    (tmp_path / "out").mkdir()
    path = tmp_path / "out" / "empty.pdf"
    run = export_brief(fake_window, path, BriefOptions(date(1950, 1, 1), date(1950, 12, 31)))
    with qtbot.waitSignal(run.finished, timeout=60000):
        pass
    assert not path.exists() and list(path.parent.iterdir()) == []
    assert fake_window.messages and "no launches" in fake_window.messages[0][2]


def test_print_goes_through_the_preview(fake_window, qtbot, tmp_path, monkeypatch):
    from PySide6.QtPrintSupport import QPrinter

    from ui.export import dialog

    out = tmp_path / "printed.pdf"

    def preview(parent, paint):
        printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        paint(printer)

    monkeypatch.setattr(dialog, "show_preview", preview)
    run = dialog.print_brief(fake_window, BriefOptions(date(2022, 1, 1), date(2022, 12, 31)))
    with qtbot.waitSignal(run.finished, timeout=60000):
        pass
    texts = page_texts(out)
    assert len(texts) >= 6 and f"page 1 of {len(texts)}" in texts[0]


def test_options_dialog_round_trip(qtbot):
    from ui.export.dialog import BriefOptionsDialog

    options = BriefOptions(date(2021, 3, 1), date(2021, 9, 30), title="T", banner="B", paper="letter",
                           sections=("missiles", "sources"))
    dialog = BriefOptionsDialog(options)
    qtbot.addWidget(dialog)
    assert dialog.options() == options


def test_main_window_has_export_and_print_actions(qtbot, bundled_store):
    from ui.main_window import MainWindow

    win = MainWindow(BriefingModel(bundled_store))
    qtbot.addWidget(win)
    texts = [a.text() for a in win.menuBar().actions()[0].menu().actions()]
    assert "Export &brief (PDF)…" in texts and "&Print…" in texts


def test_the_printed_brief_states_each_figure_once_in_value_with_sources_and_no_local_path(brief_pdf):
    """The real PDF: page one's designations and no-response figures equal the key judgments', the
    statement URLs are listed, and no path of this machine or the repository is printed."""
    import re

    from conftest import PROJECT

    text = " ".join(" ".join(page_texts(brief_pdf[0])).split())
    brief = brief_pdf[1].brief
    page = dict(zip(brief.scorecard.frame["Measure"], brief.scorecard.frame["2022"]))
    assert f"DPRK designations dated in 2022: {page['DPRK designations']} (" in text
    assert f"Launches with no response: {page['Launches with no response']} (" in text
    assert "norway.no/en/missions/un/news/joint-statement-on-dprk3" in text.replace(" ", "")
    bare = re.sub(r"https?://\S+", "", text)
    for path in (str(PROJECT), str(PROJECT.parent), "../", "shared/data", "resources/", "README.md"):
        assert path not in bare, path


def test_the_export_dialog_defaults_to_the_current_period_and_checks_it_has_data_first(fake_window, monkeypatch):
    from ui.export import dialog

    offered, asked = [], []
    monkeypatch.setattr(dialog, "ask_options", lambda parent, options: offered.append(options) or options)
    monkeypatch.setattr(dialog, "ask_path", lambda parent, suggested, kind="PDF": asked.append(suggested) or "")
    fake_window.model.set_period(date(2022, 10, 1), date(2022, 12, 31))
    dialog.export_brief(fake_window)
    assert (offered[-1].start, offered[-1].end) == (date(2022, 10, 1), date(2022, 12, 31))
    assert asked == ["brief_2022-10-01_2022-12-31.pdf"]
    fake_window.model.set_period(date(1950, 1, 1), date(1950, 12, 31))   # nothing covers it: no file name asked
    assert dialog.export_brief(fake_window) is None
    assert len(asked) == 1 and "no launches" in fake_window.messages[-1][2]
