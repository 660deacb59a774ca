"""Add or edit a launch event: when (UTC or Korea time), class, name, count, site, apogee, range, outcome,
confirmation, and one or more sources. Checked as typed by models.curation.validate_launch."""
from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLineEdit, QSpinBox, QWidget

from models.curation import CONFIRMATIONS, LAUNCH_CLASSES, OUTCOMES, LaunchInput, validate_launch
from models.store import Store
from ui.curation.form import FieldForm, field_problems
from ui.curation.source_editor import SourceEditor
from ui.curation.when_edit import MomentEdit


class LaunchDialog(FieldForm):
    """The form; `submit(LaunchInput)` (given by the caller) applies it as one undoable model command."""

    aliases = {"date": "when", "time": "when", "zone": "when"}
    column_stretch = (1, 1)               # the sources table beside the fields needs room for URLs and quotes

    def __init__(self, store: Store, submit, existing: LaunchInput | None = None, launch_id: str | None = None,
                 parent: QWidget | None = None):
        super().__init__(f"Edit launch {launch_id}" if launch_id else "Add launch", parent)
        self.setObjectName("launchDialog")
        self.store = store
        self.submit = submit
        self.launch_id = launch_id
        self.moment = self.add_row("when", "&When", MomentEdit(),
                                   "The launch date and time as a source gives it: UTC, or Korea time (UTC+9)")
        self.missile_class = self.add_row("missile_class", "&Class", _combo(LAUNCH_CLASSES))
        self.name = self.add_row("missile_name", "&Name", QLineEdit())
        self.name.setPlaceholderText("e.g. Hwasong-19 (empty when not recorded)")
        self.count = self.add_row("count", "Co&unt", QSpinBox(), "Missiles fired in this launch event")
        self.count.setRange(1, 99)
        self.site = self.add_row("site", "Si&te", QLineEdit())
        self.site.setPlaceholderText("launch site or area (empty when not recorded)")
        self.apogee = self.add_row("apogee_km", "&Apogee (km)", QLineEdit())
        self.range = self.add_row("range_km", "&Range (km)", QLineEdit())
        for field in (self.apogee, self.range):
            field.setPlaceholderText("empty when unknown")
        self.outcome = self.add_row("outcome", "&Outcome", _combo(OUTCOMES))
        self.confirmation = self.add_row("confirmation", "Con&firmation", _combo(CONFIRMATIONS))
        for box in (self.missile_class, self.outcome, self.confirmation):
            box.setCurrentText("unknown")            # never a made-up fact: the user states what a source says
        self.sources = self.add_row("sources", "&Sources", SourceEditor(),
                                    "One row per source: publisher, URL, date accessed, the quote that states it",
                                    side=True)
        self._fill(existing)
        self.fit_to_screen(1200, 460)
        self.start(editing=existing is not None)

    def _fill(self, launch: LaunchInput | None) -> None:
        if launch is None:
            self.sources.add_row()
            return
        self.moment.set_moment(launch.date, launch.time, launch.zone)
        self.missile_class.setCurrentText(launch.missile_class)
        self.name.setText(launch.missile_name)
        self.count.setValue(max(1, int(launch.count or 1)))
        self.site.setText(launch.site)
        self.apogee.setText(launch.apogee_km)
        self.range.setText(launch.range_km)
        self.outcome.setCurrentText(launch.outcome)
        self.confirmation.setCurrentText(launch.confirmation)
        self.sources.set_inputs(launch.sources)
        if not launch.sources:
            self.sources.add_row()

    def draft(self) -> LaunchInput:
        m = self.moment
        return LaunchInput(date=m.date.text().strip(), time=m.time.text().strip(), zone=m.zone_key(),
                           missile_class=self.missile_class.currentText(), missile_name=self.name.text().strip(),
                           count=self.count.value(), site=self.site.text().strip(),
                           apogee_km=self.apogee.text().strip(), range_km=self.range.text().strip(),
                           outcome=self.outcome.currentText(), confirmation=self.confirmation.currentText(),
                           sources=self.sources.inputs())

    def problems(self) -> dict[str, str]:
        return field_problems(validate_launch(self.store, self.draft()), self.aliases)

    def save(self) -> None:
        self.submit(self.draft())


def _combo(values) -> QComboBox:
    box = QComboBox()
    box.addItems(list(values))
    return box
