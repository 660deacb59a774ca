"""The read-only, one-row-at-a-time table the curation dialogs (audit, conflicts, facts) list records in."""
from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from ui.frame_model import FrameModel


def record_table(headers: dict[str, str], name: str) -> tuple[QTableView, FrameModel]:
    """A table view over a FrameModel with `headers`: whole rows selected one at a time, columns resizable,
    the last one stretched, no row numbers."""
    model = FrameModel(headers=headers)
    table = QTableView()
    table.setObjectName(name)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    table.horizontalHeader().setStretchLastSection(True)
    table.verticalHeader().hide()
    return table, model
