"""Data > Audit trail…: every curation step (who, when, what, before and after, which source), filterable,
exported as CSV through the project's safe CSV writer (models.curation.export_audit_csv)."""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import (QDialogButtonBox, QFileDialog, QHBoxLayout, QLabel, QLineEdit,
                               QPushButton, QSplitter, QTextBrowser, QVBoxLayout, QWidget)

from models.briefing_model import BriefingModel
from models.curation import audit_trail, export_audit_csv
from ui.curation.live_dialog import LiveDialog
from ui.curation.form import fit_to_screen
from ui.curation.record_table import record_table

HEADERS = {"at": "When (UTC)", "who": "Who", "command": "What", "kind": "Kind", "record_id": "Record",
           "before": "Before", "after": "After", "source": "Source"}


def ask_csv_path(parent: QWidget, suggested: str) -> str:
    """The save dialog (a module function so tests can answer it)."""
    path, _ = QFileDialog.getSaveFileName(parent, "Export the audit trail as CSV", suggested, "CSV files (*.csv)")
    return path


def _pretty(text: object) -> str:
    if text is None or (isinstance(text, float) and text != text) or text == "":
        return "(nothing)"
    try:
        return json.dumps(json.loads(str(text)), indent=2, ensure_ascii=False)
    except ValueError:
        return str(text)


class AuditDialog(LiveDialog):
    def __init__(self, model: BriefingModel, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("auditDialog")
        self.setWindowTitle("Audit trail")
        self.model = model
        self.frame = pd.DataFrame()
        self.filter = QLineEdit()
        self.filter.setObjectName("auditFilter")
        self.filter.setPlaceholderText("Filter: record, who, what or source contains…")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self.refresh)
        self.count = QLabel()
        self.count.setObjectName("auditCount")
        self.table, self.table_model = record_table(HEADERS, "auditTable")
        self.table.selectionModel().selectionChanged.connect(self._show_selected)
        self.details = QTextBrowser()
        self.details.setObjectName("auditDetails")
        self.details.setPlaceholderText("Select a step to see the record before and after it.")
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.details)
        split.setSizes([320, 180])
        self.export_button = export = QPushButton("&Export CSV…")
        export.setObjectName("auditExport")
        export.setAutoDefault(False)
        export.clicked.connect(self.export_dialog)
        self.status = QLabel()
        self.status.setObjectName("auditStatus")
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        top = QHBoxLayout()
        top.addWidget(self.filter, 1)
        top.addWidget(self.count)
        bottom = QHBoxLayout()
        bottom.addWidget(export)
        bottom.addWidget(self.status, 1)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        layout.addLayout(bottom)
        fit_to_screen(self, 1000, 600)
        model.changed.connect(self._on_model_changed)
        self.refresh()
        if self.table_model.rowCount():
            self.select_row(self.table_model.rowCount() - 1)       # the latest step, before and after

    def refresh(self) -> None:
        frame = audit_trail(self.model.store)
        columns = [c for c in HEADERS if c in frame.columns]
        shown = frame[columns].copy() if len(frame) else pd.DataFrame(columns=columns)
        for col in ("before", "after"):
            if col in shown:
                shown[col] = shown[col].map(lambda v: "" if v is None or v != v else str(v)[:120])
        text = self.filter.text().strip().casefold()
        if text and len(shown):
            mask = frame[columns].astype(str).apply(lambda col: col.str.casefold().str.contains(text, regex=False))
            keep = mask.any(axis=1).to_numpy()
            shown, frame = shown[keep], frame[keep]
        self.frame = frame.reset_index(drop=True)
        self.table_model.set_frame(shown.reset_index(drop=True))
        self.count.setText(f"{len(shown)} step{'s' if len(shown) != 1 else ''}")
        self.table.resizeColumnsToContents()
        for col in range(self.table_model.columnCount()):
            self.table.setColumnWidth(col, min(self.table.columnWidth(col), 260))

    def rows_shown(self) -> pd.DataFrame:
        return self.table_model.frame

    def _show_selected(self, *_args) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            self.details.clear()
            return
        row = self.frame.iloc[rows[0].row()]
        from html import escape

        self.details.setHtml(
            f"<p><b>{escape(str(row.get('command', '')))}</b> · {escape(str(row.get('at', '')))} · "
            f"{escape(str(row.get('who', '')))}</p><p><b>Source:</b> {escape(str(row.get('source') or 'none'))}</p>"
            f"<table width='100%'><tr><th align='left'>Before</th><th align='left'>After</th></tr><tr>"
            f"<td valign='top'><pre>{escape(_pretty(row.get('before')))}</pre></td>"
            f"<td valign='top'><pre>{escape(_pretty(row.get('after')))}</pre></td></tr></table>")

    def select_row(self, row: int) -> None:
        self.table.selectionModel().select(self.table_model.index(row, 0),
                                           QItemSelectionModel.SelectionFlag.ClearAndSelect |
                                           QItemSelectionModel.SelectionFlag.Rows)

    def export_dialog(self) -> Path | None:
        path = ask_csv_path(self, "audit_trail.csv")
        return self.export(Path(path)) if path else None

    def export(self, path: Path) -> Path | None:
        from models.safe_write import WriteError

        try:
            export_audit_csv(self.model.store, path)
        except (OSError, WriteError) as exc:
            self.status.setText(f"Cannot write {path}: {getattr(exc, 'strerror', None) or exc}")
            return None
        self.status.setText(f"Wrote the audit trail to {path}")
        return path
