"""File > Export brief (PDF)… and File > Print…: the options dialog, the worker, the print preview.

The brief's content (models.report.build_brief: queries, numbers, tables) is built on a worker thread
with its own database connection; the figures (pyqtgraph scenes) are built and everything is painted
on the GUI thread, into the QPdfWriter or the preview's QPrinter. Options are remembered between
uses (ui.settings.app_settings). Modal dialogs are made through module-level factories so tests can
replace them.
"""
from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QDate, QObject, Signal
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDateEdit, QDialog, QDialogButtonBox, QFileDialog,
                               QFormLayout, QHBoxLayout, QLineEdit, QProgressDialog, QVBoxLayout, QWidget)

from models.report.content import ALL_SECTIONS, DEFAULT_BANNER, DEFAULT_TITLE, SECTION_TITLES, BriefOptions
from ui.settings import app_settings
from ui.workers import Job

SETTINGS_GROUP = "briefExport"
SETTINGS_VERSION = 1


def load_options(default_start: date | None = None, default_end: date | None = None) -> BriefOptions:
    """The options used last time (the period falls back to the given default)."""
    settings = app_settings()
    settings.beginGroup(SETTINGS_GROUP)
    try:
        if int(settings.value("version", 0) or 0) != SETTINGS_VERSION:
            return BriefOptions(default_start, default_end)

        def day(key: str, fallback: date | None) -> date | None:
            text = settings.value(key, "") or ""
            try:
                return date.fromisoformat(text) if text else fallback
            except ValueError:
                return fallback
        sections = [s for s in str(settings.value("sections", ",".join(ALL_SECTIONS))).split(",") if s in ALL_SECTIONS]
        return BriefOptions(day("start", default_start), day("end", default_end),
                            title=settings.value("title", DEFAULT_TITLE) or DEFAULT_TITLE,
                            banner=settings.value("banner", DEFAULT_BANNER) or "",
                            sections=tuple(sections), paper=settings.value("paper", "a4") or "a4")
    finally:
        settings.endGroup()


def save_options(options: BriefOptions) -> None:
    settings = app_settings()
    settings.beginGroup(SETTINGS_GROUP)
    settings.setValue("version", SETTINGS_VERSION)
    settings.setValue("start", options.start.isoformat() if options.start else "")
    settings.setValue("end", options.end.isoformat() if options.end else "")
    settings.setValue("title", options.title)
    settings.setValue("banner", options.banner)
    settings.setValue("sections", ",".join(options.sections))
    settings.setValue("paper", options.paper)
    settings.endGroup()
    settings.sync()


class BriefOptionsDialog(QDialog):
    """Period, sections, banner, title and paper size."""

    def __init__(self, options: BriefOptions, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("briefOptionsDialog")
        self.setWindowTitle("Brief options")
        self.start = self._date_edit(options.start)
        self.end = self._date_edit(options.end)
        period = QHBoxLayout()
        period.addWidget(self.start)
        period.addWidget(self.end)
        self.title = QLineEdit(options.title)
        self.banner = QLineEdit(options.banner)
        self.paper = QComboBox()
        self.paper.addItem("A4", "a4")
        self.paper.addItem("Letter", "letter")
        self.paper.setCurrentIndex(max(0, self.paper.findData(options.paper)))
        self.sections: dict[str, QCheckBox] = {}
        boxes = QVBoxLayout()
        for key in ALL_SECTIONS:
            box = QCheckBox(SECTION_TITLES[key])
            box.setChecked(key in options.sections)
            self.sections[key] = box
            boxes.addWidget(box)
        form = QFormLayout()
        form.addRow("Period (from, to)", period)
        form.addRow("Title", self.title)
        form.addRow("Banner", self.banner)
        form.addRow("Paper", self.paper)
        form.addRow("Sections", boxes)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self._window_days = options.window_days

    @staticmethod
    def _date_edit(day: date | None) -> QDateEdit:
        edit = QDateEdit()
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        edit.setDate(QDate(day.year, day.month, day.day) if day else QDate.currentDate())
        return edit

    def options(self) -> BriefOptions:
        to_date = lambda edit: date(edit.date().year(), edit.date().month(), edit.date().day())  # noqa: E731
        return BriefOptions(to_date(self.start), to_date(self.end), title=self.title.text().strip() or DEFAULT_TITLE,
                            banner=self.banner.text().strip(), paper=self.paper.currentData(),
                            sections=tuple(k for k, box in self.sections.items() if box.isChecked()),
                            window_days=self._window_days)


# Factories for the modal pieces (tests replace them).
def ask_options(parent: QWidget, options: BriefOptions) -> BriefOptions | None:
    dialog = BriefOptionsDialog(options, parent)
    return dialog.options() if dialog.exec() == QDialog.DialogCode.Accepted else None


def ask_path(parent: QWidget, suggested: str, kind: str = "PDF") -> str:
    pattern = "PDF files (*.pdf)" if kind == "PDF" else "HTML files (*.html *.htm)"
    path, _ = QFileDialog.getSaveFileName(parent, f"Export brief as {kind}", suggested, pattern)
    return path


def show_preview(parent: QWidget, paint: Callable) -> None:
    from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog

    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setWindowTitle("Print brief")
    dialog.paintRequested.connect(paint)
    dialog.exec()


class BriefExport(QObject):
    """One export or print: content on a worker, then figures and painting on the GUI thread."""

    progressed = Signal(int, int, str)
    finished = Signal(object)          # the written Path (or the Layout when printing), or the exception

    def __init__(self, window, options: BriefOptions, path: Path | None = None):
        super().__init__(window)
        self.window, self.options, self.path = window, options, path
        self.job: Job | None = None
        self.brief = None

    def start(self) -> None:
        from models.report.content import build_brief
        from models.store import open_store

        db = self.window.model.store.path
        options = self.options

        def run(progress):
            if db is None:                          # an in-memory database has one connection
                return build_brief(self.window.model.store, options, progress)
            with open_store(db) as store:
                return build_brief(store, options, progress)

        self.job = Job(run, self)
        dialog = QProgressDialog("Preparing the brief…", "Cancel", 0, 6, self.window)
        dialog.setWindowTitle("Brief")
        dialog.setMinimumDuration(400)
        dialog.canceled.connect(self.job.cancel)
        self.job.progressed.connect(lambda done, total, text: (dialog.setMaximum(max(total, 1)), dialog.setValue(done),
                                                               dialog.setLabelText(text)))
        self.job.progressed.connect(self.progressed)
        self.job.succeeded.connect(self._on_built)
        self.job.failed.connect(self._on_failed)
        self.job.finished.connect(dialog.reset)
        self.job.finished.connect(dialog.deleteLater)
        self.job.start()

    def _on_failed(self, error: Exception) -> None:
        from models.errors import ImportCancelled

        if not isinstance(error, ImportCancelled):
            self.window.show_message("warning", "Cannot make the brief", str(error))
        self.finished.emit(error)

    def _on_built(self, brief) -> None:
        self.brief = brief
        if self.path is None:
            show_preview(self.window, self.paint_printer)
            self.finished.emit(None)
            return
        from models.safe_write import WriteError
        from ui.export.pdf import write_pdf

        try:
            if self.path.suffix.lower() in (".html", ".htm"):
                from models.safe_write import write_text

                write_text(self.path, brief_html(brief))
            else:
                write_pdf(brief, self.path,
                          lambda done, total: self.progressed.emit(done, total, f"Page {done} of {total}"))
        except WriteError as exc:
            self.window.show_message("warning", "Export failed", str(exc))
            self.finished.emit(exc)
            return
        self.window.statusBar().showMessage(f"Wrote the brief to {self.path}", 5000)
        self.finished.emit(self.path)

    def paint_printer(self, printer) -> None:
        """The preview's paintRequested: lay the brief out for this printer and paint every page."""
        from ui.export.pdf import configure, layout_brief, paint_pages

        configure(printer, self.options.paper)
        paint_pages(layout_brief(self.brief, printer), printer)


def brief_html(brief) -> str:
    """The brief as one self-contained HTML page, charts inline as SVG (as `main.py export brief.html`)."""
    from models.report.html import render_html
    from ui.export.figures import build_figure, figure_svg

    return render_html(brief, {f.key: figure_svg(build_figure(f, 760.0)) for f in brief.figures()})


def _default_options(window) -> BriefOptions:
    """The last options used, for the dashboard's current period; 'all dates' becomes the whole range the
    sources cover (the dialog's date fields need dates)."""
    from models.coverage import load

    period = window.model.period
    start, end = period.start, period.end
    if period.is_all:
        spans = load(window.model.store).spans
        if spans:
            start, end = min(s.start for s in spans), max(s.end for s in spans)
    options = load_options(start, end)
    return replace(options, start=start, end=end, country_group=window.model.country_group)


def _period_has_data(window, options: BriefOptions) -> bool:
    """Say why, and return False, when no brief can be made for the chosen period."""
    from models.report.content import BriefError, check_period

    try:
        check_period(window.model.store, options.start, options.end)
    except BriefError as exc:
        window.show_message("warning", "Nothing to export", str(exc)[0].upper() + str(exc)[1:] + ".")
        return False
    return True


def export_brief(window, path: str | Path | None = None, options: BriefOptions | None = None,
                 kind: str = "PDF") -> BriefExport | None:
    """File > Export brief (PDF or HTML)…: options, file name, then the export. Returns the running export."""
    options = options or ask_options(window, _default_options(window))
    if options is None:
        return None
    save_options(options)
    if path is None:
        if not _period_has_data(window, options):
            return None
        suggested = f"brief_{options.start or 'all'}_{options.end or 'all'}.{'pdf' if kind == 'PDF' else 'html'}"
        path = ask_path(window, suggested, kind)
        if not path:
            return None
    run = BriefExport(window, options, Path(path))
    run.start()
    return run


def export_brief_html(window, path: str | Path | None = None,
                      options: BriefOptions | None = None) -> BriefExport | None:
    """File > Export brief as HTML…: the same options and content as the PDF, one HTML file."""
    return export_brief(window, path, options, kind="HTML")


def print_brief(window, options: BriefOptions | None = None) -> BriefExport | None:
    """File > Print…: options, then the print preview (QPrintPreviewDialog)."""
    options = options or ask_options(window, _default_options(window))
    if options is None:
        return None
    save_options(options)
    run = BriefExport(window, options, None)
    run.start()
    return run
