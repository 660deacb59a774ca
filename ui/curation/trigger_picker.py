"""Trigger launches of a statement, picked from the timeline's launch events before its date.

The list offers the launch events around the statement's date (models.curation.launch_choices) and any
already chosen, each a check box; the launch selected in the timeline is ticked for a new statement.
"""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from models.curation import launch_choices
from models.store import Store

AROUND_DAYS = 45


class TriggerPicker(QWidget):
    changed = Signal()

    def __init__(self, store: Store, chosen: list[str] | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.chosen: list[str] = list(chosen or [])
        self.labels: dict[str, str] = {}
        self.list = QListWidget()
        self.list.setObjectName("triggerList")
        self.list.setMinimumHeight(self.fontMetrics().height() * 4)
        self.list.setMaximumHeight(self.fontMetrics().height() * 8)
        self.list.itemChanged.connect(self._on_item_changed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list)
        self.set_date(None)

    def set_date(self, iso: str | None) -> None:
        """Offer the launch events around `iso` (keeping the ticked ones)."""
        offered = dict(launch_choices(self.store, iso, AROUND_DAYS)) if iso else {}
        if iso:                     # a statement follows its trigger: only launches up to its date
            offered = {k: v for k, v in offered.items() if _launch_day(k) <= iso}
        for launch_id in self.chosen:
            offered.setdefault(launch_id, self.labels.get(launch_id, launch_id))
        self.labels.update(offered)
        self.list.blockSignals(True)
        self.list.clear()
        for launch_id in sorted(offered, key=_launch_day, reverse=True):
            item = QListWidgetItem(offered[launch_id])
            item.setData(Qt.ItemDataRole.UserRole, launch_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if launch_id in self.chosen else Qt.CheckState.Unchecked)
            self.list.addItem(item)
        if not self.list.count():
            item = QListWidgetItem("No launch events near this date" if iso else "Enter the date to see the launches")
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.list.addItem(item)
        self.list.blockSignals(False)

    def tick(self, launch_id: str, on: bool = True) -> None:
        for i in range(self.list.count()):
            item = self.list.item(i)
            if item.data(Qt.ItemDataRole.UserRole) == launch_id:
                item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def offered(self) -> list[str]:
        return [self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count())
                if self.list.item(i).data(Qt.ItemDataRole.UserRole)]

    def launch_ids(self) -> list[str]:
        return list(self.chosen)

    def _on_item_changed(self, item: QListWidgetItem) -> None:
        launch_id = item.data(Qt.ItemDataRole.UserRole)
        if not launch_id:
            return
        if item.checkState() == Qt.CheckState.Checked and launch_id not in self.chosen:
            self.chosen.append(launch_id)
        elif item.checkState() != Qt.CheckState.Checked and launch_id in self.chosen:
            self.chosen.remove(launch_id)
        self.changed.emit()


def _launch_day(launch_id: str) -> str:
    """The UTC date in a launch id (L2022-11-02-1, U2024-10-31-1)."""
    return launch_id[1:11]
