"""Contested counts: the claims about one Korea date side by side, with their sources; choose which counts.

`claims_html` is the timeline details' section (the counted claim first and marked, the others marked
"not counted"); `ClaimsDialog` lists the claims in a table, makes the selected one count (an undoable
model command with its own audit entry) and records a new claim with its source.
"""
from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractItemView, QDialogButtonBox, QFormLayout, QHBoxLayout,
                               QHeaderView, QLabel, QPushButton, QSpinBox, QTableWidget, QTableWidgetItem,
                               QVBoxLayout, QWidget)

from models.briefing_model import BriefingModel
from models.curation import AddClaim, ChooseClaim, ClaimInput, claims_for, validate_claim
from models.korea_time import day_text, korea_date
from models.safe_text import show_bidi
from ui.curation.live_dialog import LiveDialog
from ui.curation.form import field_problems, fit_to_screen
from ui.curation.source_editor import SourceEditor
from ui.theme import Theme, current_theme

HEADERS = ["Counted", "Missiles", "Claim", "Publisher", "URL", "Accessed", "Quote"]


def launch_day(launch: dict) -> str:
    """The Korea date a launch's claims are kept under (its UTC date when no time is recorded)."""
    return korea_date(str(launch["date"]), launch.get("time_utc")) or str(launch["date"])[:10]


def claims_html(claims: list, day: str, theme: Theme, count_basis: str = "") -> str:
    """The details section: every claim, the counted one marked, the others 'not counted'; `count_basis`:
    how the counted claim changed this event's own number (launches.count_basis)."""
    if len(claims) < 2:
        return ""
    rows = []
    for c in sorted(claims, key=lambda c: not c.chosen):
        mark = (f"<b style='color:{theme.success}'>✓ counted</b>" if c.chosen
                else f"<span style='color:{theme.muted}'>not counted</span>")
        source = html.escape(show_bidi(c.publisher or c.label or ""))
        if c.url:
            source = f"<a href='{html.escape(c.url, quote=True)}'>{source or html.escape(c.url)}</a>"
        quote = f"<br><i>“{html.escape(show_bidi(c.quote))}”</i>" if c.quote else ""
        rows.append(f"<tr><td valign='top'>{mark}</td><td valign='top' align='right'><b>{int(c.missiles)}</b></td>"
                    f"<td valign='top'>{source}{quote}</td></tr>")
    return (f"<h4 style='color:{theme.failure}; margin:10px 0 2px 0'>⚑ Contested count: {day_text(day)} (KST), "
            f"{len(claims)} claims</h4><table cellspacing='0' cellpadding='2'>{''.join(rows)}</table>"
            + (f"<p>This event: {html.escape(show_bidi(count_basis))}.</p>" if count_basis else "")
            + f"<p style='color:{theme.muted}'>Data &gt; Contested counts… chooses the claim that counts.</p>")


class ClaimsDialog(LiveDialog):
    """The claims of one Korea date, side by side; Count this claim; Add a claim with its source."""

    def __init__(self, model: BriefingModel, curator, day: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("claimsDialog")
        self.setWindowTitle(f"Contested count: {day_text(day)} (KST)")
        self.model = model
        self.curator = curator
        self.day = day
        self.claims: list = []
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setObjectName("claimsTable")
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)           # the quote takes the rest
        self.table.doubleClicked.connect(lambda _i: self.count_selected())
        self.count_button = QPushButton("&Count this claim")
        self.count_button.setObjectName("countClaim")
        self.count_button.clicked.connect(self.count_selected)
        self.status = QLabel()
        self.status.setObjectName("claimsStatus")
        self.status.setWordWrap(True)

        self.missiles = QSpinBox()
        self.missiles.setObjectName("claimMissiles")
        self.missiles.setRange(0, 99)
        self.sources = SourceEditor()
        self.sources.setObjectName("claimSource")
        self.sources.add_row()
        self.claim_error = QLabel()
        self.claim_error.setObjectName("claimError")
        self.claim_error.setWordWrap(True)
        self.claim_error.setStyleSheet(f"color: {current_theme().failure};")
        self.add_button = QPushButton("&Add claim")
        self.add_button.setObjectName("addClaim")
        self.add_button.setAutoDefault(False)
        self.add_button.clicked.connect(self.add_claim)
        self._claim_touched = False          # reasons show once the user starts a claim
        self.missiles.valueChanged.connect(self._on_claim_edited)
        self.sources.changed.connect(self._on_claim_edited)
        form = QFormLayout()
        form.addRow("&Missiles", self.missiles)
        form.addRow("Source", self.sources)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.count_button)
        row.addWidget(self.status, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Every claim about how many missiles were launched that day, with its source. "
                                "The counted claim gives the day's missiles in the timeline, the ledger and the brief."))
        layout.addWidget(self.table, 2)
        layout.addLayout(row)
        layout.addWidget(QLabel("<b>Record another claim</b>"))
        layout.addLayout(form)
        adder = QHBoxLayout()
        adder.addWidget(self.claim_error, 1)
        adder.addWidget(self.add_button)
        layout.addLayout(adder)
        layout.addWidget(close)
        fit_to_screen(self, 1000, 600)
        model.changed.connect(self._on_model_changed)
        self.refresh()
        counted = next((c for c in self.claims if c.chosen), None)
        self.missiles.setValue(int(counted.missiles) if counted else 1)     # a starting point, not a claim
        self.missiles.setMaximumWidth(self.fontMetrics().horizontalAdvance("0000") + 48)
        self._check_claim()

    def refresh(self) -> None:
        self.claims = claims_for(self.model.store, self.day)
        self.table.setRowCount(len(self.claims))
        for r, c in enumerate(self.claims):
            values = ["✓ counted" if c.chosen else "", str(int(c.missiles)), c.label or "", c.publisher or "",
                      c.url or "", c.accessed or "", c.quote or ""]
            for col, text in enumerate(values):
                item = QTableWidgetItem(show_bidi(str(text)))
                if col == 1:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                item.setToolTip(str(text))
                self.table.setItem(r, col, item)
        self.table.resizeColumnsToContents()
        for col, cap in enumerate((90, 70, 200, 180, 220, 90)):
            self.table.setColumnWidth(col, min(self.table.columnWidth(col), cap))
        self.table.resizeRowsToContents()
        chosen = next((c for c in self.claims if c.chosen), None)
        self.status.setText(f"Counted: {int(chosen.missiles)} missiles ({chosen.label or chosen.publisher})"
                            if chosen else "No claim is counted.")
        if self.table.currentRow() < 0 and self.claims:
            self.table.selectRow(0)

    def select_claim(self, missiles: int) -> None:
        """Select the first claim of that many missiles (as a click on its row would)."""
        for r, c in enumerate(self.claims):
            if int(c.missiles) == missiles:
                self.table.selectRow(r)
                return

    def count_selected(self) -> None:
        row = self.table.currentRow()
        if row < 0 or row >= len(self.claims) or self.claims[row].chosen:
            return
        try:
            self.curator.run(ChooseClaim(self.day, self.claims[row].claim_id))
        except Exception as exc:
            self.status.setText(f"Not changed: {exc}")

    def _claim_input(self) -> ClaimInput:
        sources = self.sources.inputs()
        from models.curation import SourceInput

        return ClaimInput(self.day, self.missiles.value(), sources[0] if sources else SourceInput("", "", ""))

    def _check_claim(self) -> bool:
        problems = field_problems(validate_claim(self.model.store, self._claim_input()))
        if len(self.sources.inputs()) > 1:
            problems.setdefault("source", "a claim rests on one source: record each source's count as its own claim")
        theme = current_theme()
        if self._claim_touched or not problems:
            self.claim_error.setStyleSheet(f"color: {theme.failure};")
            self.claim_error.setText("\n".join(f"{k}: {v}" for k, v in problems.items()))
        else:
            self.claim_error.setStyleSheet(f"color: {theme.muted};")
            self.claim_error.setText("Enter the count a source gives and the source (publisher, URL, quote).")
        self.add_button.setEnabled(not problems)
        return not problems

    def _on_claim_edited(self, *_args) -> None:
        self._claim_touched = True
        self._check_claim()

    def add_claim(self) -> None:
        if not self._check_claim():
            return
        try:
            self.curator.run(AddClaim(self._claim_input()))
        except Exception as exc:
            problems = field_problems(getattr(exc, "problems", None) or [])
            self.claim_error.setText("; ".join(f"{k}: {v}" for k, v in problems.items()) or str(exc))
            return
        self.sources.set_sources([])
        self.sources.add_row()
        self._claim_touched = False
        self._check_claim()
