"""`python main.py export FILE`: the brief as PDF or HTML, or one figure as PNG/SVG, with no window.

Works on a machine with no display (offscreen Qt platform); a QApplication is still made because
fonts, painting and pyqtgraph's scenes need one. Bad input (an unwritable path, an empty period,
no data in the period) prints a clear message and returns non-zero; every file goes through
`models.safe_write`: whole, or not at all (the old file stays).
"""
from __future__ import annotations

import os
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Callable

PANE_FIGURES = {"timeline": ("missiles", "timeline"), "alignment": ("diplomacy", "alignment"),
                "sanctions": ("sanctions", "sanctions_period"), "network": ("sanctions", "network"),
                "ledger": ("ledger", "ledger")}
FORMATS = (".pdf", ".html", ".htm", ".png", ".svg")


class ExportError(Exception):
    """A problem the user can fix; the message says what."""


def parse_day(text: str | None, flag: str) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ExportError(f"{flag} {text!r} is not a date (YYYY-MM-DD)") from None


def ensure_app():
    """The QApplication (offscreen when there is no display)."""
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY") and sys.platform.startswith("linux"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtGui import QFont
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
        app.setFont(QFont("DejaVu Sans", 9))
    return app


def export(store, out: str | Path, start: date | None = None, end: date | None = None, title: str | None = None,
           banner: str | None = None, paper: str = "a4", pane: str | None = None,
           log: Callable[[str], None] = print) -> Path:
    """Write the brief (or one pane's figure) to `out`; raises ExportError, BriefError or WriteError."""
    from models.report.content import BriefOptions
    from models.safe_write import safe_write, write_text

    out = Path(out)
    suffix = out.suffix.lower()
    if suffix not in FORMATS:
        raise ExportError(f"cannot tell the format of {out.name}: use .pdf, .html, .png or .svg")
    if suffix in (".png", ".svg") and pane is None:
        raise ExportError("a PNG or SVG export is one figure: name it with --pane "
                          + "|".join(PANE_FIGURES))
    if paper.lower() not in ("a4", "letter"):
        raise ExportError(f"unknown paper size {paper!r}: use a4 or letter")
    options = BriefOptions(start, end, paper=paper.lower())
    if title:
        options = replace(options, title=title)
    if banner is not None:
        options = replace(options, banner=banner)
    if pane is not None:
        if pane not in PANE_FIGURES:
            raise ExportError(f"unknown pane {pane!r}: use one of {', '.join(PANE_FIGURES)}")
        options = replace(options, sections=(PANE_FIGURES[pane][0],))
    brief = _build_while_loading_qt(store, options)
    if suffix == ".pdf":
        from ui.export.pdf import write_pdf

        layout = write_pdf(brief, out)
        log(f"wrote {out} ({len(layout.pages)} pages, {brief.period_label})")
    elif suffix in (".html", ".htm"):
        from models.report.html import render_html
        from ui.export.figures import build_figure, figure_svg

        width = 760.0
        svgs = {f.key: figure_svg(build_figure(f, width)) for f in brief.figures()}
        text = render_html(brief, svgs)
        write_text(out, text)
        log(f"wrote {out} ({brief.period_label})")
    else:
        from ui.export.figures import build_figure, figure_png, figure_svg

        key = PANE_FIGURES[pane][1]
        figure = next((f for f in brief.figures() if f.key == key), None)
        if figure is None:
            raise ExportError(f"the {pane} pane has nothing to draw for {brief.period_label} "
                              "(no data of that kind in the period)")
        built = build_figure(figure, 1000.0 if key != "alignment" else 900.0)
        if built.note:
            raise ExportError(f"the {pane} figure cannot be drawn: {built.note}")
        if suffix == ".svg":
            text = figure_svg(built)
            write_text(out, text)
        else:
            image = figure_png(built)

            def save(tmp: str) -> None:
                if not image.save(tmp, "PNG"):
                    raise OSError(f"cannot write {out}")
            safe_write(out, save)
        log(f"wrote {out} ({pane}, {brief.period_label})")
    return out


def _build_while_loading_qt(store, options):
    """Build the content (queries, numbers: no Qt) on a thread while this thread starts Qt and imports
    pyqtgraph; the figures need both. The store's connection is used by that thread alone meanwhile."""
    import threading

    from models.report.content import build_brief

    result: dict = {}

    def work() -> None:
        try:
            result["brief"] = build_brief(store, options)
        except BaseException as exc:  # re-raised on this thread
            result["error"] = exc

    worker = threading.Thread(target=work, name="brief-content")
    worker.start()
    try:
        ensure_app()
        import ui.export.figures  # noqa: F401  (pyqtgraph)
    finally:
        worker.join()
    if "error" in result:
        raise result["error"]
    return result["brief"]


def cmd_export(store, args) -> int:
    """The CLI entry: parse the arguments, export, report errors on stderr."""
    from models.report.content import BriefError
    from models.safe_write import WriteError

    try:
        start = parse_day(args.date_from, "--from")
        end = parse_day(args.date_to, "--to")
        export(store, args.out, start, end, args.title, args.banner, args.paper, args.pane)
    except (ExportError, BriefError, WriteError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0
