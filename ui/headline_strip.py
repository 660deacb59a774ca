"""The headline strip: the scorecard of the current period against the same period a year earlier.

Every figure is a card; one click opens the records it counts (with their sources). The strip
follows the shared period (the latest full year when the period is "all dates") and the response
window setting shared with the ledger pane (`response_window()`).
"""
from __future__ import annotations

import re

import html

from PySide6.QtCore import QRect, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics, QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QScrollArea, QSizePolicy, QVBoxLayout, QWidget

from models.analytics.ledger import headline_figures
from models.analytics.ledger_score import HeadlineFigure, headline_period, period_label, year_earlier
from models.briefing_model import BriefingModel, Changes
from ui.flow_layout import FlowLayout
from ui.ledger_runner import forget_ledger_requests, ledger_runner
from ui.records_dialog import RecordsDialog, show_records
from ui.settings import response_window
from ui.theme import Theme, current_theme

SHORT_SOURCES = {"launches": "CNS database", "statements": "Statement reg.",
                 "designations": "OFAC · UN lists", "ledger": "Ledger"}
ALERT_KEYS = {"no_response_share", "vetoes"}
CARD_WIDTH = 110             # at least; wider when the small font needs it (card_width)
CARDS_PER_ROW = 6
CARD_PADDING = 6             # left and right, inside the 1 px border
SMALL_PT = 8.0
WIDEST_COMMON_LINE = "0000: not covered"   # a year-on-year comparison must fit one line, never be cut


def small_font() -> QFont:
    font = QFont()
    font.setPointSizeF(SMALL_PT)
    return font


def card_width() -> int:
    """Wide enough that a year's comparison ("2021: not covered") fits on one line in this font."""
    text = QFontMetrics(small_font()).horizontalAdvance(WIDEST_COMMON_LINE)
    return max(CARD_WIDTH, text + 2 * CARD_PADDING + 4)


def compact(text: str) -> str:
    """The card's short form ("(preliminary)" as "(prelim.)", as the source line has it); the tooltip is full."""
    return text.replace("(preliminary)", "(prelim.)")


def wrap_to_fit(label: QLabel, width: int) -> None:
    """Let a small label wrap and give it the height its text needs at `width`: nothing is cut or elided."""
    label.setWordWrap(True)
    metrics = QFontMetrics(label.font())
    needed = metrics.boundingRect(QRect(0, 0, width, 10_000), int(Qt.TextFlag.TextWordWrap), label.text())
    label.setFixedHeight(max(metrics.lineSpacing(), needed.height()))


class FigureCard(QFrame):
    """One clickable figure: value, label, last year's value, source."""

    clicked = Signal()

    def __init__(self, figure: HeadlineFigure, theme: Theme, width: int = CARD_WIDTH,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.figure = figure
        self.setObjectName("figureCard")
        self.setProperty("figureKey", figure.key)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        uncovered = figure.coverage == "not covered"
        colour = (theme.muted if uncovered else
                  theme.failure if figure.key in ALERT_KEYS and figure.value not in ("0", "0%", "n/a") else theme.accent)
        number, _, suffix = (figure.value, "", "") if uncovered else figure.value.partition(" ")
        small = f" <span style='font-size:9pt; font-weight:600'>{html.escape(suffix)}</span>" if suffix else ""
        self.value = QLabel(f"{html.escape(number)}{small}")
        self.value.setObjectName("figureValue")
        self.value.setStyleSheet(f"color: {colour}; font-size: {'10pt' if uncovered else '13pt'}; font-weight: 700;")
        self.label = QLabel(html.escape(figure.label))
        self.label.setObjectName("figureLabel")
        self.label.setStyleSheet(f"color: {theme.text}; font-weight: 600; font-size: 8pt;")
        self.label.setWordWrap(True)
        self.label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.label.ensurePolished()
        self.comparison = QLabel(compact(figure.comparison))
        self.comparison.setTextFormat(Qt.TextFormat.PlainText)
        self.comparison.setObjectName("figureComparison")
        short = SHORT_SOURCES.get(figure.table, figure.table)
        if figure.table == "launches" and "nagix" in figure.note:       # whose count: the launch figures' note
            short = "CNS + nagix (prelim.)" if "CNS" in figure.note else "nagix, preliminary"
        self.source = QLabel(short)
        self.source.setTextFormat(Qt.TextFormat.PlainText)
        self.source.setObjectName("figureSource")
        inner = width - 2 * CARD_PADDING - 2
        for small in (self.comparison, self.source):
            small.setStyleSheet(f"color: {theme.muted}; font-size: {SMALL_PT:g}pt;")
            small.ensurePolished()
            wrap_to_fit(small, inner)
        wrap_to_fit(self.label, inner)                   # at least two lines, so the cards' lines align
        self.label.setFixedHeight(max(self.label.height(), self.label.fontMetrics().lineSpacing() * 2 + 2))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(CARD_PADDING, 4, CARD_PADDING, 4)
        layout.setSpacing(0)
        for widget in (self.value, self.label, self.comparison, self.source):
            layout.addWidget(widget)
        self.setStyleSheet(
            f"QFrame#figureCard {{ background: {theme.background}; border: 1px solid {theme.grid};"
            f" border-radius: 4px; }}"
            f" QFrame#figureCard:hover, QFrame#figureCard:focus {{ border: 1px solid {theme.accent}; }}")
        tip = [f"<b>{html.escape(figure.label)}: {html.escape(figure.value)}</b>"]
        if figure.note:
            tip.append(html.escape(figure.note))
        if figure.comparison:
            tip.append(f"Same period a year earlier: {html.escape(figure.comparison)}")
        if figure.coverage != "covered" or figure.comparison_coverage != "covered" or figure.key == "no_response_share":
            tip.append(f"<i>{html.escape(figure.coverage_note)}</i>")
        if figure.key == "no_response_share":
            from models import response_vocabulary as vocab

            tip.append(html.escape("Responses: " + vocab.definition_text()))
        tip += [f"Source: {html.escape(figure.source)}", f"<i>{html.escape(records_hint(figure))}</i>"]
        self.setToolTip("<br>".join(tip))
        self.setFixedWidth(width)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt naming)
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(event.position().toPoint()):
            self.clicked.emit()
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt naming)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.clicked.emit()
        else:
            super().keyPressEvent(event)


def records_hint(figure: HeadlineFigure) -> str:
    """The card tooltip's last line: what a click opens (never "the 0 records" of a period no source covers)."""
    n = len(figure.record_ids)
    if n:
        return f"Click to list the {n} record{'s' if n != 1 else ''} behind this figure."
    if figure.coverage == "not covered":
        return "No source covers this period, so no record stands behind this figure."
    return "No record in this period; click to see the source searched."


class HeadlineStrip(QWidget):
    """The period's scorecard as a row of clickable figures."""

    records_opened = Signal(object)    # the RecordsDialog
    height_fitted = Signal(int)        # the strip's new fixed height (the answer bar makes room for it)

    def __init__(self, model: BriefingModel, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("headlineStrip")
        self.model = model
        self.theme = current_theme()
        self.setting = response_window()
        self.figures: list[HeadlineFigure] = []
        self.cards: dict[str, FigureCard] = {}
        self.last_dialog: RecordsDialog | None = None
        self._key: tuple | None = None
        self._closed = False
        self.period_text = ""
        self.title = QLabel()
        self.title.setObjectName("headlineTitle")
        self.subtitle = QLabel()
        self.subtitle.setObjectName("headlineSubtitle")
        self.subtitle.setStyleSheet(f"color: {self.theme.muted}; font-size: 8pt;")
        head = QHBoxLayout()
        head.setContentsMargins(0, 0, 0, 0)
        head.setSpacing(8)
        head.addWidget(self.title)
        head.addWidget(self.subtitle, 1)
        self.row = FlowLayout(spacing=4)           # the cards wrap onto a second row instead of scrolling sideways
        cards = QWidget()
        cards.setObjectName("headlineCards")
        cards.setLayout(self.row)
        self.scroll = QScrollArea()
        self.scroll.setWidget(cards)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.setSpacing(2)
        layout.addLayout(head)
        layout.addWidget(self.scroll, 1)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        # two rows of cards hold all eleven figures from this width up
        self.card_width = card_width()
        scrollbar = self.scroll.verticalScrollBar().sizeHint().width()
        self.setMinimumWidth(CARDS_PER_ROW * (self.card_width + 4) + 16 + scrollbar)
        model.changed.connect(self._on_model_changed)
        self.setting.changed.connect(self._on_window_changed)
        self.refresh()

    def refresh(self) -> None:
        period = self.model.period
        days = self.setting.days()
        key = (period, days, id(self.model.store))
        if key == self._key:
            return
        self._key = key
        store = self.model.store
        runner = ledger_runner(store)
        if runner is None:
            start, end = headline_period(store, period.start, period.end)
            self._show(period, days, start, end, headline_figures(store, period.start, period.end, days))
            return
        self.subtitle.setText("updating…")             # many DPRK designations: computed on a worker
        runner.request("headline", lambda side: (*headline_period(side, period.start, period.end),
                                                 headline_figures(side, period.start, period.end, days)),
                       lambda result: self._show(period, days, *result),
                       lambda exc: self.subtitle.setText(f"could not compute the figures: {exc}"))

    def _show(self, period, days: int, start, end, figures: list[HeadlineFigure]) -> None:
        self.figures = figures
        label = period_label(start, end) if (start or end) else "All dates"
        self.period_text = label
        self.title.setText(f"<span style='font-size:11pt; font-weight:700; color:{self.theme.text}'>"
                           f"{html.escape(label)}</span>")
        earlier = period_label(year_earlier(start), year_earlier(end)) if (start or end) else "—"
        latest = "latest full year<br>" if period.is_all and (start or end) else ""
        self.subtitle.setText(f"{latest.replace('<br>', ' · ')}vs {html.escape(earlier)} · {days}-day response window")
        self.subtitle.setToolTip(
            ("The period filter is 'all dates', so the strip shows the latest full year of launch data. "
             if latest else "") + f"Each figure is compared with the same period a year earlier ({earlier}); "
            f"responses count when they come within {days} days of a launch. Click a figure for its records.")
        while self.row.count():
            item = self.row.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.cards = {}
        for figure in self.figures:
            card = FigureCard(figure, self.theme, self.card_width)
            card.clicked.connect(lambda f=figure: self.open_records(f))
            self.row.addWidget(card)
            card.show()                      # now, so the height below counts it
            self.cards[figure.key] = card
        tallest = max((c.sizeHint().height() for c in self.cards.values()), default=0)
        for card in self.cards.values():             # one height, so the rows stay aligned
            card.setFixedHeight(tallest)
        self._fit_height()

    def _fit_height(self) -> None:
        """As tall as the cards need at this width, up to two rows (a third row scrolls)."""
        if not self.cards:
            return
        card_height = max(c.sizeHint().height() for c in self.cards.values())
        width = max(self.scroll.viewport().width(), self.scroll.width() - 2, self.card_width)
        needed = self.row.heightForWidth(width)
        height = min(needed, card_height * 2 + self.row.spacing()) + 2
        if self.scroll.height() != height or self.height() != height + self.title.sizeHint().height() + 12:
            self.scroll.setFixedHeight(height)
            self.setFixedHeight(height + self.title.sizeHint().height() + 12)
            self.height_fitted.emit(self.height())

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt naming)
        super().resizeEvent(event)
        self._fit_height()

    def summary(self) -> str:
        """One line, e.g. '2022: 36 (record) launch events, 10 joint statements, 4 with a Council majority, …'."""
        f = {x.key: x for x in self.figures}
        if not f:
            return ""
        statements = f["statements"]
        parts = [re.sub(r"\s*(joint )?statements?(?= \(|$)", "", p).replace(" (", ": ").rstrip(")")
                 for p in (statements.note or "").split("; ") if not p.startswith("not counted here")]
        breakdown = f" ({', '.join(parts)})" if len(parts) > 1 or any(":" in p for p in parts) else ""
        joint = "joint statement" if statements.value == "1" else "joint statements"
        return (f"{self.period_text}: {f['launch_events'].value} launch events, {statements.value} {joint}"
                f"{breakdown}, {f['statements_council_majority'].value} with a Council majority, "
                f"{f['designations'].value} DPRK designations")

    def open_records(self, figure: HeadlineFigure) -> RecordsDialog:
        earlier = f"a year earlier {figure.comparison}" if figure.comparison else ""
        note = "; ".join(p for p in (figure.note, earlier) if p)
        self.last_dialog = show_records(self.model, f"{figure.label}, {self.period_text}", figure.table,
                                        figure.record_ids, figure.source, note, self.setting.days(), self.window())
        self.records_opened.emit(self.last_dialog)
        return self.last_dialog

    def _on_model_changed(self, changes: Changes, initiator: object) -> None:
        if changes.data:
            self._key = None
        if changes.data or changes.period:
            self.refresh()

    def _on_window_changed(self, _days: int) -> None:
        self.refresh()

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt naming)
        if not self._closed:                          # Qt may close a widget twice (window, then test teardown)
            self._closed = True
            forget_ledger_requests("headline")
            self.model.changed.disconnect(self._on_model_changed)
            self.setting.changed.disconnect(self._on_window_changed)
        super().closeEvent(event)
