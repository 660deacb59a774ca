"""The selected designation's details (every field, history, sources) and its revenue-stream editor.

Tag edits go through a QUndoStack: each edit is one command that stores the tags before and after.
"""
from __future__ import annotations

from html import escape as html_escape

from PySide6.QtCore import Signal
from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import (QGridLayout, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QToolButton, QVBoxLayout,
                               QWidget)

from models import revenue
from models.analytics.sanctions import Details
from models.safe_text import show_bidi
from models.designation_dates import date_text
from models.store import Store
from ui.theme import Theme


def escape(text: str) -> str:
    """Data text for the details' HTML: markup escaped, bidi controls shown visibly."""
    return html_escape(show_bidi(text))


def _table(title: str, header: list[str], rows: list[tuple]) -> str:
    if not rows:
        return ""
    head = "".join(f"<th align='left'>{escape(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{escape(str(v)) if v not in (None, '') else '–'}</td>" for v in r)
                   + "</tr>" for r in rows)
    return f"<h4>{escape(title)} ({len(rows)})</h4><table cellspacing='0' cellpadding='2'><tr>{head}</tr>{body}</table>"


def _dated(start: str | None, end: str | None, precision: str | None, source: str | None) -> str:
    text = date_text(start, end, precision)
    return f"{text} ({source})" if source else text


def details_html(d: Details | None, theme: Theme) -> str:
    if d is None:
        return f"<p style='color:{theme.muted}'>Select a designation in the log or the network.</p>"
    r = d.row
    fields = [("Authority", r["authority"]), ("List", r["list_name"]), ("Source id", r["source_id"]),
              ("Type", r["type"]), ("Programmes", r["programs"]), ("Title", r["title"]),
              ("Nationality", r["nationality"]), ("Listed on", r["listed_on"]),
              ("Designated", _dated(r.get("designated_on"), r.get("designated_to"), r.get("designated_precision"),
                                    r.get("designated_source"))),
              ("First seen", r["first_seen"]), ("Last seen", r["last_seen"]),
              ("Removed", _dated(r.get("removed_from"), r["removed_on"], r.get("removed_precision"),
                                 r.get("removed_source")) if r.get("removed_precision") else r["removed_on"]),
              ("DPRK-related", f"yes: {r['dprk_reason']}" if r["dprk"] else "no"), ("Remarks", r["remarks"])]
    rows = "".join(f"<tr><td style='color:{theme.muted}'>{escape(k)}</td><td>{escape(str(v))}</td></tr>"
                   for k, v in fields if v not in (None, ""))
    tags = ", ".join(f"{t.stream} ({t.status}{': ' + t.reason if t.reason else ''})" for t in d.tags) or "none"
    return (f"<h3>{escape(r['name'])}</h3><table cellspacing='0' cellpadding='2'>{rows}</table>"
            f"<p><b>Revenue streams:</b> {escape(tags)}</p>"
            + _table("Aliases", ["alias", "type", "quality"], d.aliases)
            + _table("Addresses", ["address", "city", "state", "postal code", "country", "remarks"], d.addresses)
            + _table("Identifiers", ["type", "value", "country"], d.identifiers)
            + _table("Links", ["direction", "entry", "id", "relation", "source text"], d.links)
            + _table("Dates, from every source", ["event", "date", "", "source", "how it is known"], d.dates)
            + _table("List history", ["snapshot", "event", "detail"], d.history)
            + _table("Sources", ["file", "publisher", "snapshot", "url"], d.sources))


class TagCommand(QUndoCommand):
    """Set one designation's revenue streams; undo puts back the exact previous tags."""

    def __init__(self, store: Store, designation_id: int, streams: list[str], done):
        super().__init__(f"set revenue streams of {designation_id} to {', '.join(streams) or 'none'}")
        self.store, self.designation_id, self.streams, self.done = store, designation_id, streams, done
        self.before: list[revenue.Tag] | None = None
        self.after: list[revenue.Tag] | None = None

    def redo(self) -> None:
        if self.after is None:
            self.before = revenue.set_streams(self.store.conn, self.designation_id, self.streams)
            self.after = revenue.tags(self.store.conn, self.designation_id)
        else:
            revenue.restore(self.store.conn, self.designation_id, self.after)
        self.done(self.designation_id)

    def undo(self) -> None:
        revenue.restore(self.store.conn, self.designation_id, self.before or [])
        self.done(self.designation_id)


class TagEditor(QWidget):
    """One toggle per stream (suggested ones marked) and Confirm; Undo/Redo through the stack."""

    tags_changed = Signal(int)

    def __init__(self, store_getter, parent: QWidget | None = None):
        super().__init__(parent)
        self._store = store_getter
        self.designation_id: int | None = None
        self.undo_stack = QUndoStack(self)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(2)
        layout = QGridLayout()
        layout.setSpacing(3)
        actions = QHBoxLayout()
        actions.setSpacing(3)
        outer.addLayout(layout)
        outer.addLayout(actions)
        layout.addWidget(QLabel("Revenue streams:"), 0, 0)
        self.buttons: dict[str, QToolButton] = {}
        for n, stream in enumerate(revenue.STREAMS):
            button = QToolButton()
            button.setText(stream)
            button.setCheckable(True)
            button.setToolTip(revenue.STREAM_LABELS[stream])
            button.setObjectName(f"stream_{stream}")
            button.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)   # fill the grid's cells:
            layout.addWidget(button, n // 4, 1 + n % 4)                                 # no gaps between them
            self.buttons[stream] = button
        self.confirm = QPushButton("Confirm")
        self.confirm.setToolTip("Save these streams as confirmed (unticked suggestions become rejected)")
        self.confirm.clicked.connect(self._on_confirm)
        self.undo_button = QToolButton()
        self.undo_button.setText("Undo")
        self.undo_button.clicked.connect(self.undo_stack.undo)
        self.redo_button = QToolButton()
        self.redo_button.setText("Redo")
        self.redo_button.clicked.connect(self.undo_stack.redo)
        self.undo_stack.canUndoChanged.connect(self.undo_button.setEnabled)
        self.undo_stack.canRedoChanged.connect(self.redo_button.setEnabled)
        self.undo_button.setEnabled(False)
        self.redo_button.setEnabled(False)
        layout.setColumnStretch(5, 1)
        self.hint = QLabel("? = suggested by rules")
        self.hint.setObjectName("tagHint")
        for w in (self.confirm, self.undo_button, self.redo_button, self.hint):
            actions.addWidget(w)
        actions.addStretch(1)
        self.show_designation(None)

    def show_designation(self, designation_id: int | None) -> None:
        self.designation_id = designation_id
        current = {t.stream: t for t in revenue.tags(self._store().conn, designation_id)} if designation_id else {}
        for stream, button in self.buttons.items():
            tag = current.get(stream)
            button.setChecked(tag is not None and tag.status != "rejected")
            suggested = tag is not None and tag.status == "suggested"
            button.setText(stream + ("?" if suggested else ""))
            button.setEnabled(designation_id is not None and not self.read_only)
        self.confirm.setEnabled(designation_id is not None and not self.read_only)
        self.hint.setText(READ_ONLY_HINT if self.read_only else "? = suggested by rules")

    @property
    def read_only(self) -> bool:
        """The database role may not change data (team mode, an analyst): tags are shown, not editable."""
        return self._store().read_only

    def set_streams(self, streams: list[str]) -> None:
        """What a user's ticks plus Confirm do (also used by tests)."""
        if self.designation_id is None or self.read_only:
            return
        self.undo_stack.push(TagCommand(self._store(), self.designation_id, streams, self._on_done))

    def _on_confirm(self) -> None:
        self.set_streams([s for s, b in self.buttons.items() if b.isChecked()])

    def _on_done(self, designation_id: int) -> None:
        if designation_id == self.designation_id:
            self.show_designation(designation_id)
        self.tags_changed.emit(designation_id)


READ_ONLY_HINT = "Read-only: your database role may read but not change tags (ask an editor)"


def details_layout(browser: QWidget, editor: TagEditor) -> QWidget:
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(editor)
    layout.addWidget(browser, 1)
    return box
