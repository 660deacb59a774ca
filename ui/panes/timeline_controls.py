"""The timeline pane's control rows: period presets and dates, y axis, context toggles, filters."""
from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate, QSettings, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDateEdit, QLabel, QMenu,
                               QToolButton, QWidget)

from models.analytics.timeline import CONFIRMATIONS, OUTCOMES, TimelineFilter
from models.launches import CLASS_ORDER
from ui.plots.timeline_plot import Y_MODES
from ui.flow_layout import FlowLayout

FACETS = {"classes": CLASS_ORDER, "outcomes": OUTCOMES, "confirmations": CONFIRMATIONS}
FACET_LABELS = {"classes": "Class", "outcomes": "Outcome", "confirmations": "Confirmation"}


def preset_period(name: str, today: date | None = None) -> tuple[date | None, date | None]:
    today = today or date.today()
    if name == "this year":
        return date(today.year, 1, 1), date(today.year, 12, 31)
    if name == "last 12 months":
        return today - timedelta(days=365), today
    if name.isdigit():
        return date(int(name), 1, 1), date(int(name), 12, 31)
    return None, None


YEAR_PRESETS = {"latest full year": "the latest full year the launch data covers",
                "record year": "the record year (most missiles launched)"}


class TimelineControls(QWidget):
    """Emits period_requested(start, end) and options_changed(); state lives in the widgets."""

    period_requested = Signal(object, object)
    options_changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        row = FlowLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(6)
        row.addWidget(QLabel("Period:"))
        self.preset_buttons: dict[str, QToolButton] = {}
        self._row = row
        for name in ("all", "this year", "last 12 months"):
            button = QToolButton()              # compact: a tool button is as wide as its text
            button.setText(name.capitalize())
            button.setObjectName(f"preset_{name.replace(' ', '_')}")
            button.clicked.connect(lambda _=False, n=name: self.period_requested.emit(*preset_period(n)))
            row.addWidget(button)
            self.preset_buttons[name] = button
        self._year_presets: dict[str, int] = {}
        for name in YEAR_PRESETS:             # filled from the data by set_year_presets
            button = QToolButton()
            button.setObjectName(f"preset_{name.replace(' ', '_')}")
            button.clicked.connect(lambda _=False, n=name: self.period_requested.emit(
                *preset_period(str(self._year_presets[n]))))
            button.hide()
            row.addWidget(button)
            self.preset_buttons[name] = button
        self.start_edit, self.end_edit = QDateEdit(), QDateEdit()
        for edit, name in ((self.start_edit, "periodStart"), (self.end_edit, "periodEnd")):
            edit.setObjectName(name)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setCalendarPopup(True)
            edit.setDateRange(QDate(1950, 1, 1), QDate(2100, 12, 31))
            edit.editingFinished.connect(self._on_dates_edited)
        row.addWidget(self.start_edit)
        row.addWidget(QLabel("to"))
        row.addWidget(self.end_edit)
        row.addSpacing(14)
        row.addWidget(QLabel("Y axis:"))
        self.y_mode = QComboBox()
        self.y_mode.setObjectName("yMode")
        for key, label in Y_MODES.items():
            self.y_mode.addItem(label, key)
        self.y_mode.currentIndexChanged.connect(self.options_changed)
        row.addWidget(self.y_mode)
        self.log_y = QCheckBox("Log scale")
        self.log_y.setObjectName("logY")
        self.log_y.toggled.connect(self.options_changed)
        row.addWidget(self.log_y)
        self.show_statements = QCheckBox("Statements")
        self.show_statements.setObjectName("showStatements")
        self.show_statements.setToolTip("Thin ticks at the bottom: joint statements and votes on record")
        self.show_statements.toggled.connect(self.options_changed)
        row.addWidget(self.show_statements)
        self.show_designations = QCheckBox("Designations")
        self.show_designations.setObjectName("showDesignations")
        self.show_designations.setToolTip("Thin ticks: DPRK-related designations dated to the day (UN LISTED_ON, "
                                          "OFAC's change archive, or the day a scrape of OFAC's list first shows "
                                          "the entry). Designations known only to a window get no tick; the "
                                          "sanctions log shows their windows.")
        self.show_designations.toggled.connect(self.options_changed)
        row.addWidget(self.show_designations)
        row.addSpacing(14)
        self.filter_actions: dict[str, dict[str, QAction]] = {}
        self.filter_button = QToolButton()           # one button, a submenu per facet (compact on a laptop)
        self.filter_button.setObjectName("timelineFilters")
        self.filter_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.filter_button)
        self.filter_menus: dict[str, QMenu] = {}
        for facet, values in FACETS.items():
            sub = menu.addMenu(FACET_LABELS[facet])
            self.filter_menus[facet] = sub
            self.filter_actions[facet] = {}
            for value in values:
                action = QAction(value, sub)
                action.setCheckable(True)
                action.setChecked(True)
                action.toggled.connect(self._on_filter_toggled)
                sub.addAction(action)
                self.filter_actions[facet][value] = action
        self.filter_button.setMenu(menu)
        row.addWidget(self.filter_button)
        self._update_filter_labels()

    # -- state -------------------------------------------------------------------------------
    def set_year_presets(self, years: dict[str, int]) -> None:
        """Year buttons from the data (models.analytics.timeline.year_presets): each shows its year, says in
        its tooltip what the year is, and is hidden when the data gives none; a year that is both shows once."""
        self._year_presets = dict(years)
        shown: dict[int, QToolButton] = {}
        for name, what in YEAR_PRESETS.items():
            button = self.preset_buttons[name]
            year = years.get(name)
            if year is None or year in shown:
                button.hide()
                if year is not None:
                    shown[year].setToolTip(f"{shown[year].toolTip()}; {what}")
                continue
            button.setText(str(year))
            button.setToolTip(f"{year}: {what}")
            button.show()
            shown[year] = button

    def current_filter(self) -> TimelineFilter:
        chosen = {}
        for facet, actions in self.filter_actions.items():
            on = frozenset(v for v, a in actions.items() if a.isChecked())
            chosen[facet] = None if len(on) == len(actions) else on
        return TimelineFilter(**chosen)

    def set_filter(self, flt: TimelineFilter) -> None:
        for facet, actions in self.filter_actions.items():
            on = getattr(flt, facet)
            for value, action in actions.items():
                action.blockSignals(True)
                action.setChecked(on is None or value in on)
                action.blockSignals(False)
        self._update_filter_labels()
        self.options_changed.emit()

    def y_mode_key(self) -> str:
        return str(self.y_mode.currentData())

    def set_period_dates(self, start: date | None, end: date | None, lo: date, hi: date) -> None:
        for edit, value in ((self.start_edit, start or lo), (self.end_edit, end or hi)):
            edit.blockSignals(True)
            edit.setDate(QDate(value.year, value.month, value.day))
            edit.blockSignals(False)

    # -- slots -------------------------------------------------------------------------------
    def _on_dates_edited(self) -> None:
        start, end = self.start_edit.date().toPython(), self.end_edit.date().toPython()
        if start > end:
            start, end = end, start
        self.period_requested.emit(start, end)

    def _on_filter_toggled(self, _checked: bool) -> None:
        self._update_filter_labels()
        self.options_changed.emit()

    def _update_filter_labels(self) -> None:
        """'Filters: all', or the narrowed facets ('Filters: Class 3 of 8'); each submenu says its own."""
        narrowed = []
        for facet, actions in self.filter_actions.items():
            on = sum(a.isChecked() for a in actions.values())
            suffix = "all" if on == len(actions) else f"{on} of {len(actions)}"
            self.filter_menus[facet].setTitle(f"{FACET_LABELS[facet]}: {suffix}")
            if on != len(actions):
                narrowed.append(f"{FACET_LABELS[facet]} {suffix}")
        self.filter_button.setText("Filters: " + (", ".join(narrowed) if narrowed else "all") + " ▾")

    # -- persistence -------------------------------------------------------------------------
    def save_state(self, settings: QSettings, group: str) -> None:
        """Toggles and filters as strings (INI-safe); a facet with every value on is stored as "*"."""
        settings.beginGroup(group)
        settings.setValue("version", 1)
        settings.setValue("y_mode", self.y_mode_key())
        settings.setValue("log_y", "1" if self.log_y.isChecked() else "0")
        settings.setValue("show_statements", "1" if self.show_statements.isChecked() else "0")
        settings.setValue("show_designations", "1" if self.show_designations.isChecked() else "0")
        flt = self.current_filter()
        for facet in FACETS:
            values = getattr(flt, facet)
            settings.setValue(facet, "*" if values is None else ",".join(sorted(values)) or "-")
        settings.endGroup()

    def restore_state(self, settings: QSettings, group: str) -> None:
        """Apply saved toggles and filters without emitting options_changed."""
        settings.beginGroup(group)
        self.blockSignals(True)
        for widget in (self.y_mode, self.log_y, self.show_statements, self.show_designations):
            widget.blockSignals(True)
        self.y_mode.setCurrentIndex(max(self.y_mode.findData(str(settings.value("y_mode", "class"))), 0))
        self.log_y.setChecked(str(settings.value("log_y", "0")) == "1")
        self.show_statements.setChecked(str(settings.value("show_statements", "0")) == "1")
        self.show_designations.setChecked(str(settings.value("show_designations", "0")) == "1")
        for widget in (self.y_mode, self.log_y, self.show_statements, self.show_designations):
            widget.blockSignals(False)
        chosen = {}
        for facet in FACETS:
            raw = str(settings.value(facet, "*"))
            chosen[facet] = None if raw == "*" else frozenset(v for v in raw.split(",") if v and v != "-")
        settings.endGroup()
        self.set_filter(TimelineFilter(**chosen))
        self.blockSignals(False)
