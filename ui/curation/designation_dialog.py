"""Curate a designation: its designation date with the source, revenue-stream tags, notes, links to other
entries, and the sources of those edits (models.curation.EditDesignation, checked as typed)."""
from __future__ import annotations

import re

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (QCheckBox, QGridLayout, QLabel, QLineEdit, QPlainTextEdit, QVBoxLayout, QWidget)

from models import revenue
from models.curation import DesignationEdit, SourceInput, validate_designation_edit
from models.store import Store
from ui.curation.form import FieldForm, field_problems, with_first
from ui.curation.source_editor import SourceEditor
from ui.curation.when_edit import DateEdit


class StreamBoxes(QWidget):
    """One check box per revenue stream (models.revenue.STREAMS)."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        self.boxes: dict[str, QCheckBox] = {}
        for i, stream in enumerate(revenue.STREAMS):
            box = QCheckBox(revenue.STREAM_LABELS.get(stream, stream))
            box.setObjectName(f"stream_{stream}")
            box.toggled.connect(self.changed)
            grid.addWidget(box, i // 2, i % 2)
            self.boxes[stream] = box

    def streams(self) -> list[str]:
        return [s for s, box in self.boxes.items() if box.isChecked()]

    def set_streams(self, streams: list[str]) -> None:
        for s, box in self.boxes.items():
            box.setChecked(s in streams)


class LinkEntry(QWidget):
    """Designation ids this entry is linked to, typed as numbers; their names echoed below."""

    changed = Signal()

    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.edit = QLineEdit()
        self.edit.setObjectName("linksEdit")
        self.edit.setPlaceholderText("designation ids, e.g. 1203 4411 (as the sanctions log shows them)")
        self.names = QLabel()
        self.names.setObjectName("linkNames")
        self.names.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        layout.addWidget(self.names)
        self.edit.textChanged.connect(self._on_edit)

    def problem(self) -> str:
        bad = [w for w in re.split(r"[\s,;]+", self.edit.text().strip()) if w and not w.isdigit()]
        return f"not a designation id: {', '.join(bad)}" if bad else ""

    def ids(self) -> list[int]:
        return [int(w) for w in re.split(r"[\s,;]+", self.edit.text().strip()) if w.isdigit()]

    def set_ids(self, ids: list[int]) -> None:
        self.edit.setText(" ".join(str(i) for i in ids))

    def _on_edit(self) -> None:
        ids = self.ids()
        names = []
        for i in ids:
            row = self.store.rows("SELECT name FROM designations WHERE designation_id = ?", (i,))
            names.append(f"{i}: {row[0][0]}" if row else f"{i}: (no such designation)")
        self.names.setText("; ".join(names))
        self.changed.emit()


class SourceFields(SourceEditor):
    """The single source of a designation date."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.table.setMinimumHeight(self.fontMetrics().height() * 3 + 16)
        self.table.setMaximumHeight(self.fontMetrics().height() * 3 + 24)


class DesignationDialog(FieldForm):
    aliases = {"designated_on": "designated_on", "date_source": "date_source"}

    def __init__(self, store: Store, submit, designation_id: int, parent: QWidget | None = None,
                 streams: list[str] | None = None):
        """`streams`: revenue streams ticked in the sanctions pane that need the analyst's source (saved as
        given, even if the confirmed set looks unchanged: the pane's suggestions become rejected)."""
        name = store.rows("SELECT name FROM designations WHERE designation_id = ?", (designation_id,))
        super().__init__(f"Curate designation: {name[0][0] if name else designation_id}", parent)
        self.setObjectName("designationDialog")
        self.store = store
        self.submit = submit
        self.designation_id = designation_id
        from models.curation import designation_notes

        self._initial_streams = sorted(t.stream for t in revenue.tags(store.conn, designation_id)
                                       if t.status == "confirmed")
        self._initial_notes = designation_notes(store, designation_id) or ""
        self._initial_links = [r[0] for r in store.rows(
            "SELECT to_id FROM designation_links WHERE from_id = ? AND source LIKE 'analyst:%' ORDER BY to_id",
            (designation_id,))]
        self.designated_on = self.add_row("designated_on", "Designation &date", DateEdit(),
                                          "The day it was designated, as a public source states it (empty: keep "
                                          "the imported date)")
        self.designated_on.setToolTip(self.designated_on.toolTip() + ". Optional.")
        self.date_source = self.add_row("date_source", "Date's so&urce", SourceFields())
        self.streams = self.add_row("revenue_streams", "&Revenue streams", StreamBoxes())
        self.links = self.add_row("links", "&Links", LinkEntry(store))
        self.notes = self.add_row("notes", "&Notes", QPlainTextEdit(), side=True)
        self.notes.setFixedHeight(self.fontMetrics().height() * 4 + 12)
        self.sources = self.add_row("sources", "S&ources", SourceEditor(),
                                    "The sources of the tags, notes and links you change")
        self.streams.set_streams(self._initial_streams if streams is None else streams)
        if streams is not None:
            self._initial_streams = None
        self.notes.setPlainText(self._initial_notes)
        self.links.set_ids(self._initial_links)
        self.sources.add_row()
        self.date_source.add_row()
        self.fit_to_screen(1200, 520)
        self.start(editing=False)

    def draft(self) -> DesignationEdit:
        date_sources = self.date_source.inputs()
        streams = sorted(self.streams.streams())
        notes = self.notes.toPlainText().strip()
        links = sorted(self.links.ids())
        return DesignationEdit(
            designation_id=self.designation_id, designated_on=self.designated_on.text().strip(),
            date_source=date_sources[0] if date_sources else (SourceInput("", "", "") if self.designated_on.text().strip()
                                                              else None),
            revenue_streams=streams if streams != self._initial_streams else None,
            notes=notes if notes != self._initial_notes else None,
            links=links if links != sorted(self._initial_links) else None,
            sources=self.sources.inputs())

    def problems(self) -> dict[str, str]:
        found = field_problems(validate_designation_edit(self.store, self.draft()), self.aliases)
        if found.get("designation_id") == "nothing to change":
            found["pending"] = "Nothing changed yet."
            del found["designation_id"]
        with_first(found, "links", self.links.problem())
        if len(self.date_source.inputs()) > 1:
            found.setdefault("date_source", "give the one source of the date (the others go under Sources)")
        return found

    def save(self) -> None:
        self.submit(self.draft())
