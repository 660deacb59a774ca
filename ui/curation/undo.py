"""Edit > Undo / Redo over the curation commands: one QUndoStack, one model change notification per step.

`Curator.run(command)` applies a models.curation command through `BriefingModel.execute` first: a refusal
(CurationRefused) reaches the caller and nothing is pushed or saved. Once applied, the command goes onto
the stack; Undo calls `BriefingModel.undo`, Redo `execute` again. The command's description is the menu
text ("Undo Add statement JS2024-01").
"""
from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from models.briefing_model import BriefingModel


class ModelCommand(QUndoCommand):
    """A curation command on the undo stack (already applied when pushed)."""

    def __init__(self, curator: "Curator", command):
        super().__init__(command.description)
        self.curator = curator
        self.command = command
        self._applied = True            # QUndoStack.push calls redo(): the command already ran

    def redo(self) -> None:
        if self._applied:
            return
        self.curator.model.execute(self.command, initiator=self.curator)
        self._applied = True

    def undo(self) -> None:
        self.curator.model.undo(self.command, initiator=self.curator)
        self._applied = False


class Curator(QObject):
    """Runs curation commands for the window and keeps their undo history."""

    done = Signal(str)        # the description of a command just applied, undone or redone
    failed = Signal(str)      # an undo or redo the store refused (e.g. the record changed since)

    def __init__(self, model: BriefingModel, parent: QObject | None = None):
        super().__init__(parent)
        self.model = model
        self.stack = QUndoStack(self)
        self.stack.setObjectName("curationUndoStack")
        self.stack.indexChanged.connect(self._on_index_changed)
        self._last_index = 0

    def run(self, command) -> None:
        """Apply `command` (raises CurationRefused: nothing saved, nothing pushed), then make it undoable."""
        self.model.execute(command, initiator=self)
        self.stack.push(ModelCommand(self, command))

    def undo(self) -> None:
        self._guarded("undo", self.stack.undo)

    def redo(self) -> None:
        self._guarded("redo", self.stack.redo)

    def _guarded(self, verb: str, step) -> None:
        try:
            step()
        except Exception as exc:          # the store refused: say so; nothing half-done (one transaction)
            self.failed.emit(f"Could not {verb}: {exc}")

    def _on_index_changed(self, index: int) -> None:
        if index < self._last_index:
            self.done.emit("Undone: " + self.stack.command(index).text())
        elif index > self._last_index:
            self.done.emit(self.stack.command(index - 1).text())
        self._last_index = index

    def clear(self) -> None:
        """Forget the history (another database was opened)."""
        self.stack.clear()
        self._last_index = 0
