"""Add or edit a Security Council vote: symbol, date, adopted or not, and each member's vote.

The 15 members of the vote's year are prefilled from the Council membership held (reference data or an
imported membership file); each vote is a combo (yes / no / abstain / absent). More than 15 members is
refused. The tally and the vetoes are shown as the user enters them.
"""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit,
                               QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from models.briefing_model import BriefingModel
from models.curation import VOTE_CHOICES as VOTES
from models.curation import VoteInput, council_members, country_choices, validate_vote
from ui.curation.form import EntryField, FieldForm, field_problems, with_first
from ui.curation.source_editor import SourceEditor
from ui.curation.when_edit import DateEdit

OUTCOMES = (("Adopted", True), ("Not adopted", False), ("Not stated by the source", None))


class MemberVotes(QWidget):
    """One row per Council member: the country and its vote."""

    changed = Signal()

    def __init__(self, store, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.names = dict(country_choices(store))
        self.permanent: set[str] = set()
        self.table = QTableWidget(0, 2)
        self.table.setObjectName("memberTable")
        self.table.setHorizontalHeaderLabels(["Member", "Vote"])
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 12)
        self.table.setMinimumHeight((self.fontMetrics().height() + 12) * 16 + 4)   # all 15 seats in view
        self.entry = EntryField()
        self.entry.setObjectName("memberEntry")
        self.entry.setPlaceholderText("Add a member: ISO3 code, Enter")
        self.entry.returnPressed.connect(self.add_from_entry)
        self.entry.textChanged.connect(lambda _t: self._set_entry_problem(""))
        remove = QPushButton("Remove member")
        remove.setObjectName("removeMember")
        remove.setAutoDefault(False)
        remove.clicked.connect(self.remove_selected)
        self.prefill_button = QPushButton("&Prefill the year's Council")
        self.prefill_button.setObjectName("prefillCouncil")
        self.prefill_button.setAutoDefault(False)
        self.tally = QLabel()
        self.tally.setObjectName("voteTally")
        self.tally.setWordWrap(True)
        self.entry_problem = ""
        row = QHBoxLayout()
        row.addWidget(self.entry, 1)
        row.addWidget(remove)
        self.entry.setMinimumWidth(self.fontMetrics().horizontalAdvance("Add a member: ISO3 code, Enter") + 16)
        buttons = QHBoxLayout()
        buttons.addWidget(self.prefill_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        layout.addLayout(buttons)
        layout.addWidget(self.tally)

    def prefill(self, on: str) -> None:
        """The Council members of the year of `on` (permanent first), each voting yes until changed."""
        members = council_members(self.store, int(on[:4]))
        self.permanent = {c for c in members if c in PERMANENT}
        members = sorted(members, key=lambda c: (c not in self.permanent, self.names.get(c, c)))
        self.set_votes({code: "yes" for code in members})

    def set_votes(self, votes: dict[str, str]) -> None:
        self.table.setRowCount(0)
        for code, vote in votes.items():
            self._append(code, vote)
        self._on_changed()

    def _append(self, code: str, vote: str = "yes") -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        label = f"{self.names.get(code, code)} ({code})" + (" · permanent" if code in self.permanent else "")
        item = QTableWidgetItem(label)
        item.setData(Qt.ItemDataRole.UserRole, code)
        item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
        self.table.setItem(row, 0, item)
        box = QComboBox()
        box.setObjectName(f"vote_{code}")
        box.addItems(list(VOTES))
        box.setCurrentText(vote)
        box.currentIndexChanged.connect(self._on_changed)
        self.table.setCellWidget(row, 1, box)

    def add_from_entry(self) -> None:
        code = self.entry.text().strip().upper()
        if code not in self.names:
            self._set_entry_problem(f"'{self.entry.text().strip()}' is not a country code (ISO 3166 alpha-3)")
            return
        if code in self.votes():
            self._set_entry_problem(f"{code} is already listed")
            return
        self._append(code)
        self.entry.clear()
        self._on_changed()

    def _set_entry_problem(self, text: str) -> None:
        if text != self.entry_problem:
            self.entry_problem = text
            self.changed.emit()

    def remove_selected(self) -> None:
        for row in sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True):
            self.table.removeRow(row)
        self._on_changed()

    def votes(self) -> dict[str, str]:
        return {self.table.item(r, 0).data(Qt.ItemDataRole.UserRole): self.table.cellWidget(r, 1).currentText()
                for r in range(self.table.rowCount())}

    def set_vote(self, code: str, vote: str) -> None:
        for r in range(self.table.rowCount()):
            if self.table.item(r, 0).data(Qt.ItemDataRole.UserRole) == code:
                self.table.cellWidget(r, 1).setCurrentText(vote)

    def problem(self) -> str:
        """What the entry could not read (the members and votes are checked by the model)."""
        return self.entry_problem

    def _on_changed(self) -> None:
        votes = self.votes()
        counts = "-".join(str(sum(v == p for v in votes.values())) for p in ("yes", "no", "abstain"))
        vetoes = sorted(c for c, v in votes.items() if v == "no" and c in self.permanent)
        self.tally.setText(f"{len(votes)} members; yes-no-abstain {counts}"
                           + (f"; vetoed by {', '.join(vetoes)}" if vetoes else ""))
        self.changed.emit()


class VoteDialog(FieldForm):
    def __init__(self, model: BriefingModel, submit, existing: VoteInput | None = None,
                 parent: QWidget | None = None):
        super().__init__(f"Edit Council vote {existing.symbol}" if existing else "Add Council vote", parent)
        self.setObjectName("voteDialog")
        self.model = model
        self.store = model.store
        self.submit = submit
        self.editing = existing.symbol if existing else None
        self._prefilled: set[str] | None = None
        self.symbol = self.add_row("symbol", "&Symbol", QLineEdit(),
                                   "S/RES/2397 (2017) for an adopted resolution, S/2022/431 for a draft")
        self.symbol.setPlaceholderText("e.g. S/RES/2397 (2017) or S/2022/431")
        self.date = self.add_row("date", "&Date", DateEdit())
        self.adopted = self.add_row("adopted", "&Outcome", QComboBox(), "What the source says; checked against the votes")
        for label, value in OUTCOMES:
            self.adopted.addItem(label, value)
        self.adopted.setCurrentIndex(self.adopted.findData(None))      # until the user states the source's word
        self.url = self.add_row("url", "&URL", QLineEdit(), "The record of the vote (e.g. the meeting record)")
        self.url.setPlaceholderText("https://…")
        self.sources = self.add_row("sources", "S&ources", SourceEditor())
        self.members = self.add_row("votes", "&Members", MemberVotes(self.store), side=True)
        self.members.prefill_button.clicked.connect(self._prefill)
        self.date.textChanged.connect(self._on_date_changed)
        if existing is not None:
            self.symbol.setText(existing.symbol)
            self.symbol.setReadOnly(True)
            self.date.setText(existing.date)
            self.adopted.setCurrentIndex(max(0, self.adopted.findData(existing.adopted)))
            self.url.setText(existing.url)
            self.members.permanent = {c for c in existing.votes if c in PERMANENT}
            self.members.set_votes(dict(existing.votes))
            self.sources.set_inputs(existing.sources)
        if not self.sources.sources():       # an imported vote: its own record is the source to offer
            url = existing.url if existing is not None else ""
            if url.startswith(("http://", "https://")):
                self.sources.offer_page(url)
            else:
                self.sources.add_row()
        self.fit_to_screen(1180, 640)
        self.start(editing=existing is not None)

    def _on_date_changed(self) -> None:
        """A new vote's members follow its year until the user edits them."""
        if self.date.value() and self.editing is None and not self._members_edited():
            self._prefill()

    def _members_edited(self) -> bool:
        votes = self.members.votes()
        return bool(votes) and (set(votes.values()) != {"yes"} or self._prefilled != set(votes))

    def _prefill(self) -> None:
        day = self.date.value()
        if day:
            self.members.prefill(day)
            self._prefilled = set(self.members.votes())

    def draft(self) -> VoteInput:
        return VoteInput(symbol=self.symbol.text().strip(), date=self.date.text().strip(),
                         adopted=self.adopted.currentData(), votes=self.members.votes(),
                         url=self.url.text().strip(), sources=self.sources.inputs())

    def problems(self) -> dict[str, str]:
        found = field_problems(validate_vote(self.store, self.draft(), editing=self.editing), self.aliases)
        return with_first(found, "votes", self.members.problem())

    def save(self) -> None:
        self.submit(self.draft())


PERMANENT = {"CHN", "FRA", "RUS", "GBR", "USA"}      # the five permanent members (UN Charter, Art. 23)
