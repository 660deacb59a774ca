"""Add or edit a statement: id, date, title, series, venue, URL, trigger launches, signatories, sources.

Checked as typed by models.curation.validate_statement (duplicate id, invalid date, unknown country,
missing source, ...); the country picker also refuses a code it cannot read before it is added.
"""
from __future__ import annotations

import re

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from models.briefing_model import BriefingModel
from models.curation import KIND_CHOICES, StatementInput, validate_statement
from models.statement_kinds import SERIES_BY_PREFIX
from ui.curation.country_picker import CountryPicker
from ui.curation.form import FieldForm, field_problems, with_first
from ui.curation.source_editor import SourceEditor
from ui.curation.trigger_picker import TriggerPicker
from ui.curation.when_edit import DateEdit

KIND_LABELS = {"joint_statement": "Joint statement", "press_statement": "Council press statement",
               "presidential_statement": "Presidential statement"}


def series_for_id(statement_id: str) -> str:
    """The series an id's prefix names (JS -> us_led, ...), as the register importer reads it; '' if none."""
    match = re.match(r"[A-Za-z0-9]+?(?=\d{4}|-|$)", statement_id)
    key = match.group(0).upper() if match else ""
    return SERIES_BY_PREFIX[key][0] if key in SERIES_BY_PREFIX else ""


class StatementDialog(FieldForm):
    aliases = {"trigger_launch_ids": "triggers"}
    column_stretch = (2, 1)               # the fields and the sources table (URLs, quotes) get most of the width

    def __init__(self, model: BriefingModel, submit, existing: StatementInput | None = None,
                 parent: QWidget | None = None):
        super().__init__(f"Edit statement {existing.statement_id}" if existing else "Add statement", parent)
        self.setObjectName("statementDialog")
        self.model = model
        self.store = model.store
        self.submit = submit
        self.editing = existing.statement_id if existing else None
        self.statement_id = self.add_row("statement_id", "&Id", QLineEdit(),
                                         "The register id: JS2024-01 (US-led), E10…, CTX…, G7-2024-01")
        self.statement_id.setPlaceholderText("e.g. JS2024-01")
        self.date = self.add_row("date", "&Date", DateEdit(), "The date the statement was issued (YYYY-MM-DD)")
        self.title = self.add_row("title", "&Title", QLineEdit())
        self.title.setPlaceholderText("the source's title, or a descriptive one that says so")
        self.series = self.add_row("series", "Se&ries", QComboBox())
        self.series.addItem("From the id's prefix", "")
        for series_id, name, _ in SERIES_BY_PREFIX.values():
            self.series.addItem(name, series_id)
        self.kind = self.add_row("kind", "&Kind", QComboBox())
        for kind in KIND_CHOICES:
            self.kind.addItem(KIND_LABELS.get(kind, kind), kind)
        self.venue = self.add_row("venue", "&Venue", QLineEdit())
        self.venue.setPlaceholderText("e.g. UN Security Council stakeout")
        self.url = self.add_row("url", "&URL", QLineEdit(), "The statement's own public page")
        self.url.setPlaceholderText("https://…")
        self.triggers = self.add_row("triggers", "Tri&gger launches", TriggerPicker(self.store),
                                     "The launches the statement responds to (from the timeline)")
        self.sources = self.add_row("sources", "S&ources", SourceEditor(),
                                    "Where the statement and its list of signatories are published")
        self.signatories = self.add_row("signatories", "Si&gnatories", CountryPicker(self.store), side=True)
        self.date.textChanged.connect(self._on_date_changed)
        self.statement_id.textChanged.connect(self._on_id_changed)
        self._fill(existing)
        self.fit_to_screen(1240, 720)
        self.start(editing=existing is not None)

    def _fill(self, e: StatementInput | None) -> None:
        if e is None:
            launch = self.model.selection.launch_id         # picked in the timeline
            if launch:
                self.triggers.chosen.append(launch)
            self.sources.add_row()
            return
        self.statement_id.setText(e.statement_id)
        self.statement_id.setReadOnly(True)
        self.statement_id.setToolTip("The id of a recorded statement cannot change")
        self.date.setText(e.date)
        self.title.setText(e.title)
        self.series.setCurrentIndex(max(0, self.series.findData(e.series)))
        self.kind.setCurrentIndex(max(0, self.kind.findData(e.kind)))
        self.venue.setText(e.venue)
        self.url.setText(e.url)
        self.triggers.chosen = list(e.trigger_launch_ids)
        self.signatories.set_codes(list(e.signatories or []), e.signatories is not None)
        self.sources.set_inputs(e.sources)
        if not e.sources:               # an imported statement: its own page is the source to offer
            if e.url.startswith(("http://", "https://")):
                self.sources.offer_page(e.url)
            else:
                self.sources.add_row()
        self._on_date_changed()

    def _on_id_changed(self, text: str) -> None:
        if self.editing is None and self.series.currentIndex() <= 0:
            name = dict((sid, n) for sid, n, _ in SERIES_BY_PREFIX.values()).get(series_for_id(text.strip()))
            self.series.setItemText(0, f"From the id's prefix ({name})" if name else "From the id's prefix")

    def _on_date_changed(self) -> None:
        day = self.date.value()
        self.triggers.set_date(day)
        self.signatories.set_date(day)

    def draft(self) -> StatementInput:
        return StatementInput(
            statement_id=self.statement_id.text().strip(), date=self.date.text().strip(),
            title=self.title.text().strip(), series=self.series.currentData() or "",
            kind=self.kind.currentData(), venue=self.venue.text().strip(), url=self.url.text().strip(),
            trigger_launch_ids=self.triggers.launch_ids(),
            signatories=self.signatories.codes() if self.signatories.recorded() else None,
            sources=self.sources.inputs())

    def problems(self) -> dict[str, str]:
        found = field_problems(validate_statement(self.store, self.draft(), editing=self.editing), self.aliases)
        return with_first(found, "signatories", self.signatories.problem())

    def save(self) -> None:
        self.submit(self.draft())
