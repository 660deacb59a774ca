"""A curation dialog that stays live: it refreshes whenever the data change, until it is done."""
from __future__ import annotations

from PySide6.QtWidgets import QDialog

from models.briefing_model import Changes


class LiveDialog(QDialog):
    """Subclasses set `self.model`, connect `model.changed` to `_on_model_changed` and implement `refresh`."""

    def refresh(self) -> None:
        raise NotImplementedError

    def _on_model_changed(self, changes: Changes, _initiator: object) -> None:
        if changes.data:
            self.refresh()

    def done(self, result: int) -> None:  # noqa: D401 (Qt naming)
        self.model.changed.disconnect(self._on_model_changed)
        super().done(result)
