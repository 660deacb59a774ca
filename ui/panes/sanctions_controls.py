"""The sanctions pane's controls: search box, filters, chart period, response window, exports."""
from __future__ import annotations

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtWidgets import (QCheckBox, QComboBox, QFileDialog, QGridLayout, QHBoxLayout, QLabel,
                               QLineEdit, QPushButton, QSpinBox, QToolButton, QWidget)

from models.matching import DEFAULT_THRESHOLD
from models.revenue import STREAMS
from ui.flow_layout import FlowLayout
from ui.settings import response_window

ALL = "(all)"


class Controls(QWidget):
    search_edited = Signal(str)
    filters_changed = Signal()
    export_csv_requested = Signal(str)
    export_png_requested = Signal(str)
    response_days_changed = Signal()
    threshold_changed = Signal(int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(6)
        grid.setVerticalSpacing(3)
        self.search = QLineEdit()
        self.search.setObjectName("sanctionsSearch")
        self.search.setPlaceholderText("Search names and aliases (any order, any romanisation: Ri/Lee, Pak/Park)…")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.search_edited)
        grid.addWidget(self.search, 0, 0)
        self.all_lists = QCheckBox("Whole list (not only DPRK-related)")
        self.all_lists.toggled.connect(self.filters_changed)
        grid.addWidget(self.all_lists, 0, 1)
        self.csv_button = QPushButton("Export CSV…")
        self.csv_button.setToolTip("Save the log as shown (rows, order, columns) to a CSV file")
        self.csv_button.clicked.connect(lambda: self._ask("CSV files (*.csv)", self.export_csv_requested))
        self.png_button = QPushButton("Network PNG…")
        self.png_button.setToolTip("Save the network view as an image")
        self.png_button.clicked.connect(lambda: self._ask("PNG images (*.png)", self.export_png_requested))
        self.filters_button = QToolButton()
        self.filters_button.setObjectName("filtersButton")
        self.filters_button.setCheckable(True)
        self.filters_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.filters_button.setToolTip("Show or hide the filters, the chart period and the response window")
        grid.addWidget(self.filters_button, 0, 2)
        grid.addWidget(self.csv_button, 0, 3)
        grid.addWidget(self.png_button, 0, 4)
        grid.setColumnStretch(0, 1)

        self.filter_box = QWidget()         # folded away by default: one line of controls, not three
        self.filter_box.setObjectName("sanctionsFilters")
        row = FlowLayout(self.filter_box)   # filters, chart period and response window: wrap as one line
        self.threshold = QSpinBox()
        self.threshold.setObjectName("searchThreshold")
        self.threshold.setRange(0, 100)
        self.threshold.setValue(DEFAULT_THRESHOLD)
        self.threshold.setToolTip("The lowest match score (0-100) the search shows; lower finds more, "
                                  f"and weaker, matches (default {DEFAULT_THRESHOLD})")
        self.threshold.valueChanged.connect(self.threshold_changed)
        row.addWidget(self._labelled("Min score", self.threshold))
        self.authority = self._combo("Authority", row)
        self.programme = self._combo("Programme", row)
        self.kind = self._combo("Type", row)
        self.location = self._combo("Location", row)
        self.stream = self._combo("Revenue", row)
        self.status = self._combo("Status", row)
        self.status.addItems([ALL, "active", "removed"])
        self.freq_combo = self._combo("Chart by", row)
        self.freq_combo.setObjectName("chartFreq")
        self.freq_combo.setMinimumContentsLength(5)
        self.freq_combo.addItems(["year", "month"])
        self.window_setting = response_window()          # shared with the ledger pane and headline strip
        self.response_days = QSpinBox()
        self.response_days.setObjectName("responseDays")
        self.response_days.setRange(1, 365)
        self.response_days.setValue(self.window_setting.days())
        self.response_days.setSuffix(" days")
        self.response_days.setToolTip("The response window after a launch; the same setting as the ledger's")
        self.response_days.valueChanged.connect(self._on_days_edited)
        self.window_setting.changed.connect(self._on_window_changed)
        row.addWidget(self._labelled("Response window", self.response_days))
        grid.addWidget(self.filter_box, 1, 0, 1, 5)
        self.filter_box.hide()
        self.filters_button.toggled.connect(self.filter_box.setVisible)
        self.filters_changed.connect(self._update_filters_button)
        self.response_note = QLabel()
        self.response_note.setObjectName("responseNote")
        self.response_note.setWordWrap(True)
        grid.addWidget(self.response_note, 2, 0, 1, 5)
        self._update_filters_button()

    def active_filters(self) -> int:
        return sum(self.value(c) is not None for c in (self.authority, self.programme, self.kind, self.location,
                                                         self.stream, self.status))

    def _update_filters_button(self) -> None:
        """'Filters' with the number in force, so folded filters are never forgotten."""
        n = self.active_filters()
        self.filters_button.setText(f"Filters ({n} on) ▾" if n else "Filters ▾")

    def _combo(self, label: str, row: FlowLayout) -> QComboBox:
        combo = QComboBox()
        combo.setObjectName(f"filter{label}")
        combo.setMinimumContentsLength(8)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.currentIndexChanged.connect(self.filters_changed)
        row.addWidget(self._labelled(label, combo))
        return combo

    @staticmethod
    def _labelled(label: str, field: QWidget) -> QWidget:
        """A label and its field as one widget, so they wrap to the next line together."""
        pair = QWidget()
        box = QHBoxLayout(pair)
        box.setContentsMargins(0, 0, 8, 0)
        box.setSpacing(4)
        box.addWidget(QLabel(label))
        box.addWidget(field)
        return pair

    def _ask(self, kind: str, signal) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Export", "", kind)
        if path:
            signal.emit(path)

    @staticmethod
    def value(combo: QComboBox) -> str | None:
        text = combo.currentText()
        return None if not text or text == ALL else text

    def freq(self) -> str:
        return self.freq_combo.currentText()

    def set_choices(self, choices: dict[str, list[str]]) -> None:
        """Fill the filter lists (LogData.choices in models.analytics.sanctions_log), keeping current choices."""
        combos = {self.authority: choices.get("authority", []), self.programme: choices.get("programme", []),
                  self.kind: choices.get("type", []), self.location: choices.get("location", []),
                  self.stream: list(STREAMS)}
        for combo, values in combos.items():
            current = combo.currentText()
            combo.blockSignals(True)
            combo.clear()
            combo.addItems([ALL] + [str(v) for v in values])
            combo.setCurrentText(current if current in values else ALL)
            combo.blockSignals(False)

    def set_response_note(self, launch_date: str | None, days: int, dated: int, possible: int = 0) -> None:
        """The highlighted rows in the ledger's words (models.response_vocabulary), its colours as keys."""
        from models import response_vocabulary as vocab
        from ui.theme import current_theme

        if not launch_date:
            self.response_note.setText("Select a launch in the timeline to highlight the response")
            self.response_note.setToolTip("")
            return
        theme = current_theme()
        key = lambda term, n: (f"<span style='color:{theme.response(term)}'>&#9632;</span>&nbsp;"  # noqa: E731
                               f"{n} {plural(vocab.label(term), n)}")
        self.response_note.setText(f"Launch of {launch_date} ({days}-day window): "
                                   f"{key(vocab.DESIGNATION_DATED, dated)}, {key(vocab.DESIGNATION_POSSIBLE, possible)}")
        self.response_note.setToolTip(vocab.definition_text())

    def _on_days_edited(self, days: int) -> None:
        if self.window_setting is not None:
            self.window_setting.set_days(days)          # changed emits back to _on_window_changed

    def _on_window_changed(self, days: int) -> None:
        if self.response_days.value() != days:
            self.response_days.setValue(days)
        self.response_days_changed.emit()

    def disconnect_settings(self) -> None:
        """Stop following the shared window setting (the pane is closing; a second call does nothing)."""
        if self.window_setting is not None:
            self.window_setting.changed.disconnect(self._on_window_changed)
            self.window_setting = None

    def restore(self, settings: QSettings) -> None:
        self.freq_combo.setCurrentText(str(settings.value("chartFreq", "year")))
        threshold = settings.value("searchThreshold", DEFAULT_THRESHOLD)
        self.threshold.setValue(int(threshold) if str(threshold).isdigit() else DEFAULT_THRESHOLD)

    def save(self, settings: QSettings) -> None:
        settings.setValue("chartFreq", self.freq())
        settings.setValue("searchThreshold", self.threshold.value())


def plural(term: str, n: int) -> str:
    """'designation dated in window' -> '13 designations dated in window' reads as English."""
    head, _, rest = term.partition(" ")
    return term if n == 1 or head.endswith("s") else f"{head}s {rest}".rstrip()
