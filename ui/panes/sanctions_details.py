"""The selected designation's details (every field, history, sources) and its revenue-stream editor.

Tag edits are curation commands (models.curation.EditDesignation) run by the main window's Curator.
"""
from __future__ import annotations

from html import escape as html_escape

from PySide6.QtCore import Signal
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


class TagEditor(QWidget):
    """One toggle per stream (suggested ones marked) and Confirm.

    Confirm is a curation command (models.curation.EditDesignation): it goes through `runner` (the main
    window's Curator: Edit > Undo / Redo, the audit trail) with the designation's list entry as its source
    when the rules' suggestions account for every change (models.curation.tag_edit). A stream no rule read
    from the entry needs the analyst's source: `source_needed(designation_id, streams)` asks for it (the
    window opens the designation form with these streams ticked)."""

    source_needed = Signal(int, list)

    def __init__(self, model, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = model
        self.runner = lambda command: model.execute(command, initiator=self)   # the window puts its Curator here
        self.designation_id: int | None = None
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
        self.confirm.setToolTip("Save these streams as confirmed (unticked suggestions become rejected); the list "
                                "entry the suggestions were read from is the source. Edit > Undo takes it back.")
        self.confirm.clicked.connect(self._on_confirm)
        layout.setColumnStretch(5, 1)
        self.hint = QLabel(HINT)
        self.hint.setObjectName("tagHint")
        self.hint.setWordWrap(True)
        actions.addWidget(self.confirm)
        actions.addWidget(self.hint, 1)
        self.show_designation(None)

    @property
    def store(self) -> Store:
        return self.model.store

    def show_designation(self, designation_id: int | None) -> None:
        self.designation_id = designation_id
        current = {t.stream: t for t in revenue.tags(self.store.conn, designation_id)} if designation_id else {}
        for stream, button in self.buttons.items():
            tag = current.get(stream)
            button.setChecked(tag is not None and tag.status != "rejected")
            suggested = tag is not None and tag.status == "suggested"
            button.setText(stream + ("?" if suggested else ""))
            button.setToolTip(revenue.STREAM_LABELS[stream] + (f"\n{tag.status}: {tag.reason}" if tag and tag.reason
                                                                 else ""))
            button.setEnabled(designation_id is not None and not self.read_only)
        self.confirm.setEnabled(designation_id is not None and not self.read_only)
        self.hint.setText(READ_ONLY_HINT if self.read_only else HINT)

    @property
    def read_only(self) -> bool:
        """The database role may not change data (team mode, an analyst): tags are shown, not editable."""
        return self.store.read_only

    def set_streams(self, streams: list[str]) -> None:
        """What a user's ticks plus Confirm do (also used by tests)."""
        from models.curation import EditDesignation, tag_edit

        designation_id = self.designation_id
        if designation_id is None or self.read_only:
            return
        edit = tag_edit(self.store, designation_id, streams)
        shown = {t.stream: t.status for t in revenue.tags(self.store.conn, designation_id)}
        if "suggested" not in shown.values() and sorted(s for s, v in shown.items() if v == "confirmed") == \
                edit.revenue_streams:
            self.hint.setText("Nothing to confirm: these streams are already confirmed.")
            return
        if not edit.sources:            # a stream no rule read from the list entry: the analyst names the source
            self.hint.setText(NEEDS_SOURCE)
            self.source_needed.emit(designation_id, edit.revenue_streams)
            return
        try:
            self.runner(EditDesignation(edit))
        except ValueError as exc:         # CurationRefused / EditConflict: nothing saved, say why
            self.hint.setText(f"Not saved: {exc}")
            return
        self.show_designation(designation_id)

    def _on_confirm(self) -> None:
        self.set_streams([s for s, b in self.buttons.items() if b.isChecked()])


HINT = "? = suggested by rules. Edit > Undo takes a confirmation back."
NEEDS_SOURCE = ("A stream no rule read from the list entry needs your source: give it in the designation form "
                "(Data > Curate selected designation).")
READ_ONLY_HINT = "Read-only: your database role may read but not change tags (ask an editor)"


def details_layout(browser: QWidget, editor: TagEditor) -> QWidget:
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(editor)
    layout.addWidget(browser, 1)
    return box
