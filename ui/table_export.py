"""'Export this table as CSV…' on a table view's context menu: the rows as shown (period, sort order).

The file dialog is a module-level factory (`ask_csv_path`) so tests can replace it; the writing is
models.safe_text.write_csv (formula-safe cells, written through models.safe_write).
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable

import pandas as pd
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMenu, QTableView, QWidget

from ui.frame_model import FrameModel


def ask_csv_path(parent: QWidget, suggested: str) -> str:
    path, _ = QFileDialog.getSaveFileName(parent, "Export table as CSV", suggested, "CSV files (*.csv)")
    return path


def shown_rows(model: FrameModel) -> pd.DataFrame:
    """The model's rows in the order the view shows them."""
    return model.frame.iloc[model._order].reset_index(drop=True)


def export_shown(view: QTableView, name: str, report: Callable[[str], None] | None = None) -> Path | None:
    """Ask for a file and write the view's rows as shown; returns the path written (None: cancelled)."""
    from models.safe_text import write_csv
    from models.safe_write import WriteError

    path = ask_csv_path(view, f"{name}.csv")
    if not path:
        return None
    try:
        write_csv(shown_rows(view.model()), Path(path))
    except (OSError, WriteError) as exc:
        if report:
            report(f"Cannot write {path}: {getattr(exc, 'strerror', None) or exc}")
        return None
    if report:
        report(f"Wrote {len(view.model().frame):,} rows to {path}")
    return Path(path)


def add_csv_export(view: QTableView, name: str, report: Callable[[str], None] | None = None) -> QAction:
    """A context-menu action on `view` (a FrameModel view) that exports its rows as shown."""
    action = QAction("Export this table as CSV…", view)
    action.setObjectName(f"export_{name}_csv")
    action.triggered.connect(lambda: export_shown(view, name, report))
    view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)

    def menu_at(point: QPoint) -> None:
        menu = QMenu(view)
        menu.addAction(action)
        extra = [a for a in view.actions() if a is not action]       # e.g. the curation actions of the pane
        if extra:
            menu.addSeparator()
            menu.addActions(extra)
        menu.popup(view.viewport().mapToGlobal(point))
    view.customContextMenuRequested.connect(menu_at)
    return action
