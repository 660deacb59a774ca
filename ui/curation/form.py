"""A dialog whose fields are checked as the user types: the reason shows beside the field, Save waits.

Subclasses build their fields with `add_row`, implement `problems()` (field key -> reason, empty when
valid) and `save()` (which may raise a refusal naming a field: the reason is shown there and nothing
is saved). Every edit of a field calls `revalidate()`.
"""
from __future__ import annotations

import html

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (QAbstractButton, QAbstractSpinBox, QCheckBox, QComboBox, QDialog,
                               QDialogButtonBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit,
                               QPushButton, QScrollArea, QSizePolicy, QVBoxLayout, QWidget)

from ui.theme import current_theme


class FieldForm(QDialog):
    """Labelled fields, each with its own error line, and Save / Cancel buttons."""

    aliases: dict[str, str] = {}          # the model's field name -> this form's key, where they differ
    column_stretch = (3, 2)               # the main column and the side column's shares of the width

    def __init__(self, title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setModal(True)
        self.errors: dict[str, QLabel] = {}
        self.fields: dict[str, QWidget] = {}
        self.labels: dict[str, str] = {}
        self.touched: set[str] = set()       # fields the user changed: only their reasons show beside them
        self.saved = False
        self._body = QWidget()
        columns = QHBoxLayout(self._body)
        columns.setContentsMargins(0, 0, 0, 0)
        self.form = self._form_layout()
        self.side_form = self._form_layout()  # a second column (e.g. the signatories) on a wide enough screen
        for form, stretch in zip((self.form, self.side_form), self.column_stretch):
            column = QVBoxLayout()
            column.addLayout(form)
            column.addStretch(1)           # rows keep their height; the room left goes below them
            columns.addLayout(column, stretch)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(self._body)
        self.summary = QLabel()
        self.summary.setObjectName("formSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.buttons = QDialogButtonBox()
        self.save_button = self.buttons.addButton("&Save", QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setObjectName("saveButton")
        self.save_button.setToolTip("Save (Ctrl+Enter)")
        cancel = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        cancel.setObjectName("cancelButton")
        self.save_button.clicked.connect(self._on_save)
        cancel.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.buttons)
        self._pending = False

    # -- building ---------------------------------------------------------------------------------
    @staticmethod
    def _form_layout() -> QFormLayout:
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        return form

    def fit_to_screen(self, width: int, height: int) -> None:
        fit_to_screen(self, width, height)

    def add_row(self, key: str, label: str, widget: QWidget, tip: str = "", side: bool = False) -> QWidget:
        """A labelled field with an error line under it (hidden while the field is valid); `side` puts it
        in the second column."""
        widget.setObjectName(f"{key}Field")
        if tip:
            widget.setToolTip(tip)
        error = QLabel()
        error.setObjectName(f"{key}Error")
        error.setWordWrap(True)
        error.setStyleSheet(f"color: {current_theme().failure};")
        error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        error.hide()
        holder = QWidget()
        holder.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)   # reasons get the width
        box = QVBoxLayout(holder)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(1)
        small = isinstance(widget, (QComboBox, QAbstractSpinBox)) or widget.maximumWidth() < 10000
        box.addWidget(widget, 0, Qt.AlignmentFlag.AlignLeft if small else Qt.AlignmentFlag(0))
        box.addWidget(error)
        caption = QLabel(label)
        caption.setBuddy(widget)
        (self.side_form if side else self.form).addRow(caption, holder)
        self.errors[key] = error
        self.fields[key] = widget
        self.labels[key] = label.replace("&", "")
        watch(widget, lambda *_args, key=key: self._touch(key))
        return widget

    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt naming)
        """Enter in a field stays in the form (it never presses Save); Ctrl+Enter saves; Enter on a focused
        button presses that button (Qt's own handling)."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not isinstance(self.focusWidget(), QPushButton):
            if event.modifiers() & Qt.KeyboardModifier.ControlModifier and self.save_button.isEnabled():
                self.save_button.click()
            event.accept()
            return
        super().keyPressEvent(event)

    def _touch(self, key: str) -> None:
        self.touched.add(key)
        self.revalidate()

    def start(self, editing: bool) -> None:
        """Call at the end of building: an edit form shows every field's reason (its values came from the
        record); a new form shows them as the user fills each field in."""
        self.touched = set(self.errors) if editing else set()
        self.check_now()

    # -- checking ---------------------------------------------------------------------------------
    def problems(self) -> dict[str, str]:
        """Field key -> reason; empty when everything is valid. Subclasses override."""
        return {}

    def revalidate(self) -> None:
        """Check soon (several signals of one keystroke make one check)."""
        if not self._pending:
            self._pending = True
            QTimer.singleShot(0, self.check_now)

    def check_now(self) -> dict[str, str]:
        self._pending = False
        problems = self.problems()
        self.show_problems(problems)
        return problems

    def show_problems(self, problems: dict[str, str]) -> None:
        for key, label in self.errors.items():
            reason = problems.get(key, "") if key in self.touched else ""
            label.setText(reason)
            label.setVisible(bool(reason))
        other = [v if k == "form" else f"{k}: {v}" for k, v in problems.items()
                 if k not in self.errors and k != "pending"]
        waiting = [self.labels[k] for k in self.errors if k in problems and k not in self.touched]
        theme = current_theme()
        lines = [f"<span style='color:{theme.failure}'>{html.escape(t)}</span>" for t in other]
        if "pending" in problems:          # not wrong, just not done: e.g. nothing changed yet
            lines.append(f"<span style='color:{theme.muted}'>{html.escape(problems['pending'])}</span>")
        if waiting:
            lines.append(f"<span style='color:{theme.muted}'>Still to complete: {html.escape(', '.join(waiting))}"
                         "</span>")
        self.summary.setText("<br>".join(lines))
        self.save_button.setEnabled(not problems)
        self.save_button.setToolTip("Fix the fields marked in red first" if problems else "")

    def still_to_complete(self) -> str:
        """The summary line naming the fields not filled in yet (as the user reads it)."""
        import re

        match = re.search(r"Still to complete: ([^<]*)", self.summary.text())
        return html.unescape(match.group(1)) if match else ""

    def error_text(self, key: str) -> str:
        """The reason shown beside a field ('' when valid): what the user reads."""
        label = self.errors.get(key)
        return label.text() if label is not None and label.isVisible() else ""

    # -- saving -----------------------------------------------------------------------------------
    def save(self) -> None:
        """Apply the form through a model command; raise on refusal. Subclasses override."""
        raise NotImplementedError

    def _on_save(self) -> None:
        problems = self.check_now()
        if problems:                     # Enter with fields still wrong: show every reason
            self.touched.update(problems)
            self.show_problems(problems)
            return
        try:
            self.save()
        except Exception as exc:          # a refusal: show it at its field, keep the dialog and its input
            found = field_problems(getattr(exc, "problems", None) or [], self.aliases)
            self.touched.update(found)
            self.show_problems(found or {"form": str(exc)})
            return
        self.saved = True
        self.accept()


WIDE_SHARE, TALL_SHARE = 0.75, 0.6     # on a large screen a dialog grows to these shares of it


def fit_to_screen(dialog: QWidget, width: int, height: int) -> None:
    """At least the preferred size, more on a large screen (room for URLs, quotes and the audit's columns),
    never larger than the screen's available area (the body scrolls instead)."""
    screen = dialog.screen() or (dialog.parentWidget().screen() if dialog.parentWidget() else None)
    if screen is not None:
        room = screen.availableGeometry()
        width = min(max(width, int(room.width() * WIDE_SHARE)), room.width() - 24)
        height = min(max(height, int(room.height() * TALL_SHARE)), room.height() - 48)
    dialog.resize(width, height)


class EntryField(QLineEdit):
    """A line whose Enter adds what was typed (a country, a member) and never presses the dialog's Save."""

    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt naming)
        super().keyPressEvent(event)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()


def field_problems(problems, aliases: dict[str, str] | None = None) -> dict[str, str]:
    """The model's Problems (field 'sources[0].url', 'date', ...) as form key -> reasons (one per line).

    'sources[1].url' becomes key 'sources' with 'source 2: ...'; `aliases` maps model fields onto form keys
    ('time' -> 'when')."""
    import re

    out: dict[str, str] = {}
    for problem in problems:
        match = re.match(r"([A-Za-z_]+)(?:\[(\d+)\])?(?:\.(\w+))?", problem.field)
        key = match.group(1) if match else problem.field
        key = (aliases or {}).get(key, key)
        message = problem.message
        if match and match.group(2) is not None:
            where = f"{key.rstrip('s')} {int(match.group(2)) + 1}"
            message = f"{where}{', ' + match.group(3).replace('_', ' ') if match.group(3) else ''}: {message}"
        if message not in out.get(key, "").split("\n"):
            out[key] = f"{out[key]}\n{message}" if key in out else message
    return out


def with_first(found: dict[str, str], key: str, reason: str) -> dict[str, str]:
    """`found` with `reason` as the first line of `key` (what the user just typed comes first)."""
    if reason:
        found[key] = f"{reason}\n{found[key]}" if key in found else reason
    return found


def watch(widget: QWidget, slot) -> None:
    """Call `slot` whenever the user changes `widget` (any of the usual editors, or a `changed` signal)."""
    signal = getattr(widget, "changed", None)
    if signal is not None and hasattr(signal, "connect"):
        signal.connect(slot)
    elif isinstance(widget, QLineEdit):
        widget.textChanged.connect(slot)
    elif isinstance(widget, QPlainTextEdit):
        widget.textChanged.connect(slot)
    elif isinstance(widget, QComboBox):
        widget.currentIndexChanged.connect(slot)
        if widget.isEditable():
            widget.editTextChanged.connect(slot)
    elif isinstance(widget, QAbstractSpinBox):
        widget.valueChanged.connect(slot) if hasattr(widget, "valueChanged") else None
    elif isinstance(widget, (QCheckBox, QAbstractButton)) and not isinstance(widget, QPushButton):
        widget.toggled.connect(slot)
