"""The signatories of a statement: countries typed or picked by preset, or "list not recorded".

"List not recorded" (the sources name no signatories: no country is shown as joined or not joined)
is a state of its own, distinct from a recorded list, where every country not listed did not join.
Presets add a whole group: this year's Security Council, the G7, the last statement's list.
"""
from __future__ import annotations

import re

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QCheckBox, QCompleter, QHBoxLayout, QLabel, QListWidget,
                               QListWidgetItem, QPushButton, QVBoxLayout, QWidget)

from models.curation import council_members, country_choices, g7_members, last_statement_signatories
from models.store import Store
from ui.curation.form import EntryField


class CountryPicker(QWidget):
    """Chosen countries (ISO3) with an entry that accepts codes or names, presets and a not-recorded state."""

    changed = Signal()

    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.names = dict(country_choices(store))
        self.by_label = {f"{name} ({code})": code for code, name in self.names.items()}
        self.by_name = {name.casefold(): code for code, name in self.names.items()}
        self.on_date: str | None = None
        self._entry_problem = ""

        self.not_recorded = QCheckBox("List not recorded (the sources name no signatories)")
        self.not_recorded.setObjectName("listNotRecorded")
        self.not_recorded.setToolTip("No country will be shown as joined or as not joined. Leave unticked when "
                                     "the list is known: every country not on it did not join.")
        self.entry = EntryField()
        self.entry.setObjectName("countryEntry")
        self.entry.setPlaceholderText("Type a code or name (DNK, Denmark; several: DNK ECU FRA), Enter adds")
        completer = QCompleter(sorted(self.by_label), self.entry)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.entry.setCompleter(completer)
        self.entry.returnPressed.connect(self.add_from_entry)
        self.entry.textChanged.connect(self._on_entry_edited)
        add = QPushButton("&Add")
        add.setObjectName("countryAdd")
        add.setAutoDefault(False)
        add.clicked.connect(self.add_from_entry)
        self.council_button = self._preset("This year's &Council", "presetCouncil", self.add_council)
        self.g7_button = self._preset("&G7", "presetG7", self.add_g7)
        self.last_button = self._preset("&Last statement's list", "presetLast", self.add_last)
        clear = self._preset("Clea&r", "countryClear", self.clear)
        self.list = QListWidget()
        self.list.setObjectName("countryList")
        self.list.setSelectionMode(QListWidget.SelectionMode.ExtendedSelection)
        self.list.setMinimumHeight(self.fontMetrics().height() * 17)     # a Council and more without scrolling
        remove = QShortcut(QKeySequence(Qt.Key.Key_Delete), self.list, self.remove_selected)
        remove.setContext(Qt.ShortcutContext.WidgetShortcut)
        self.remove_button = self._preset("Remo&ve", "countryRemove", self.remove_selected)
        self.count_label = QLabel()
        self.count_label.setObjectName("countryCount")
        self.count_label.setWordWrap(True)

        entry_row = QHBoxLayout()
        entry_row.addWidget(self.entry, 1)
        entry_row.addWidget(add)
        presets = QHBoxLayout()
        presets.addWidget(QLabel("Add:"))
        for button in (self.council_button, self.g7_button, self.last_button):
            presets.addWidget(button)
        presets.addStretch(1)
        edits = QHBoxLayout()              # under the list they act on, so the column stays narrow
        edits.addWidget(self.remove_button)
        edits.addWidget(clear)
        edits.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.not_recorded)
        layout.addLayout(entry_row)
        layout.addLayout(presets)
        layout.addWidget(self.list, 1)
        layout.addLayout(edits)
        layout.addWidget(self.count_label)
        self.not_recorded.toggled.connect(self._on_state_changed)
        self._on_state_changed()

    def _preset(self, text: str, name: str, slot) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.setAutoDefault(False)
        button.clicked.connect(slot)
        return button

    # -- state --------------------------------------------------------------------------------
    def set_date(self, iso: str | None) -> None:
        """The statement's date: which Council and which 'last statement' the presets mean."""
        self.on_date = iso
        year = iso[:4] if iso else "this year"
        self.council_button.setText(f"{year} &Council")
        self._update_count()

    def codes(self) -> list[str]:
        return [self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count())]

    def recorded(self) -> bool:
        return not self.not_recorded.isChecked()

    def set_codes(self, codes: list[str], recorded: bool = True) -> None:
        self.list.clear()
        self._add(codes)
        self.not_recorded.setChecked(not recorded)

    def problem(self) -> str:
        """What the entry could not read (the list itself is checked by the model)."""
        if not self.recorded():
            return ""
        return self._entry_problem

    # -- editing ------------------------------------------------------------------------------
    def resolve(self, text: str) -> tuple[list[str], list[str]]:
        """(codes, unknown words) for what the user typed: a label, a name, or codes separated by spaces/commas."""
        text = text.strip()
        if not text:
            return [], []
        if text in self.by_label:
            return [self.by_label[text]], []
        if text.casefold() in self.by_name:
            return [self.by_name[text.casefold()]], []
        codes, unknown = [], []
        for word in re.split(r"[\s,;]+", text):
            if word.upper() in self.names:
                codes.append(word.upper())
            elif word:
                unknown.append(word)
        return codes, unknown

    def add_from_entry(self) -> None:
        codes, unknown = self.resolve(self.entry.text())
        if unknown:
            self._entry_problem = (f"'{', '.join(unknown)}' is not a country code (ISO 3166 alpha-3, e.g. DNK) or "
                                   "a country name; nothing added")
            self.changed.emit()
            return
        self._add(codes)
        self.entry.clear()
        self.entry.completer().popup().hide()         # Enter took the typed text: the suggestions go too

    def _on_entry_edited(self, text: str) -> None:
        if self._entry_problem:
            self._entry_problem = ""
            self.changed.emit()

    def _add(self, codes: list[str]) -> None:
        have = set(self.codes())
        for code in codes:
            if code in have:
                continue
            have.add(code)
            item = QListWidgetItem(f"{self.names.get(code, code)} ({code})")
            item.setData(Qt.ItemDataRole.UserRole, code)
            self.list.addItem(item)
        self.list.sortItems()
        self._update_count()
        self.changed.emit()

    def add_council(self) -> None:
        self._add(sorted(council_members(self.store, int((self.on_date or _today())[:4]))))

    def add_g7(self) -> None:
        self._add(sorted(g7_members(self.store, self.on_date or _today())))

    def add_last(self) -> None:
        self._add(last_statement_signatories(self.store, self.on_date))

    def remove_selected(self) -> None:
        for item in self.list.selectedItems():
            self.list.takeItem(self.list.row(item))
        self._update_count()
        self.changed.emit()

    def clear(self) -> None:
        self.list.clear()
        self._update_count()
        self.changed.emit()

    def _on_state_changed(self) -> None:
        recorded = self.recorded()
        for widget in (self.entry, self.list, self.council_button, self.g7_button, self.last_button,
                       self.remove_button):
            widget.setEnabled(recorded)
        self._update_count()
        self.changed.emit()

    def _update_count(self) -> None:
        if not self.recorded():
            self.count_label.setText("List not recorded: no country is shown as joined or not joined.")
            return
        codes = set(self.codes())
        council = set(council_members(self.store, int(self.on_date[:4]))) if self.on_date else set()
        text = f"{len(codes)} signator{'y' if len(codes) == 1 else 'ies'}"
        if council:
            text += f"; {len(codes & council)} of {len(council)} Council members"
        self.count_label.setText(text + ". Countries not listed did not join.")
        self.last_button.setToolTip("The signatories of the latest joint statement with a recorded list"
                                    + (f" before {self.on_date}" if self.on_date else ""))


def _today() -> str:
    from datetime import date

    return date.today().isoformat()
