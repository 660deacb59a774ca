"""The response ledger pane: one row per launch, what came after it, linked both ways to the selection.

Numbers come from models.analytics.ledger; this pane only shows them. A row click selects the launch
in the shared model (the timeline, matrix and sanctions log react on their own); a selection made
elsewhere selects the row here. Double-click a cell, or click a link in the details line, to list
the records behind a number with their sources.
"""
from __future__ import annotations

import html
from typing import Any

import numpy as np
import pandas as pd
from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QHBoxLayout, QHeaderView, QLabel, QSpinBox, QTableView, QVBoxLayout, QWidget

from models.analytics.ledger import SLOW_RESPONSE_DAYS, ledger_table
from models import response_vocabulary as vocab
from models.analytics.ledger_records import cell_records
from models.korea_time import utc_text
from models.briefing_model import BriefingModel, Changes
from ui.frame_model import FrameModel, Index, table_min_height
from ui.ledger_runner import forget_ledger_requests, ledger_runner
from ui.table_export import add_csv_export
from ui.settings import response_window
from ui.records_dialog import RecordsDialog, show_records
from ui.theme import current_theme, qcolor
from ui.flow_layout import FlowLayout
from ui.table_fit import fit_columns

COLUMNS = {"korea_date": "Korea date", "date": "Date (UTC)", "time_utc": "Time (UTC)", "launch_id": "Launch",
           "classes": "Classes", "missile_count": "Missiles", "launch_count": "Whose count",
           "response": "Response", "statement_ids": "Statements", "first_statement_lag_days": "Statement lag",
           "max_signatories": "Signatories", "max_council_signatories": "Council", "council_majority": "Majority",
           "vote_ids": "Council votes", "vetoes": "Vetoes", "designations_in_window": "Designations",
           "first_designation_lag_days": "Designation lag", "designations_possible": "Possible"}
TIPS = {"launch_count": "Which source counts this launch event: the CNS database (the record), or after its last "
                        "launch nagix, a preliminary third-party source",
        "first_statement_lag_days": "Days from the launch (UTC date) to the first statement",
        "response": "Response inside the window, one of: " + vocab.definition_text(),
        "korea_date": "The launch's date in Korea (KST, UTC+9), as statements name it; blank when the source "
                      "records no time",
        "vetoes": "Permanent members voting no on a Council vote in the window",
        "max_signatories": "Most signatories of a responding statement (blank: the source names none)",
        "max_council_signatories": "Most Security Council members among a statement's signatories",
        "council_majority": "Did a responding statement have a Council majority (8 or more of the 15 members)?",
        "designations_in_window": "DPRK-related designations listed in the window",
        "first_designation_lag_days": "Days to the first designation; a range when the date is only known "
                                      "between two list snapshots",
        "designations_possible": "Designations whose date is only known to a window between list versions "
                                 "that overlaps the window without lying inside it: possibly in the window, never "
                                 "counted as dated"}
CONTESTED_CELLS = ("missile_count", "launch_count")       # flagged when sources dispute the day's count
INT_COLUMNS = ("first_statement_lag_days", "max_signatories", "max_council_signatories")
NUMERIC = {"missile_count", "first_statement_lag_days", "max_signatories", "max_council_signatories", "vetoes",
           "designations_in_window", "first_designation_lag_days", "designations_possible"}


def _lists(missing: set[str]) -> bool:
    """Whether a designation list (an authority) is among a row's missing response sources."""
    from models.coverage import MEASURE_NAMES, STATEMENTS, VOTES
    from models.statement_kinds import VENUE_STATEMENTS

    return bool(missing - {MEASURE_NAMES[STATEMENTS], MEASURE_NAMES[VOTES], *VENUE_STATEMENTS.values()})


UNCOVERED_CELLS = {"statement_ids", "vote_ids", "designations_in_window"}


def uncovered_cell(column: str, shown: object, missing: set[str]) -> str | None:
    """What a cell says when its source does not cover the launch's window (models.coverage): an empty
    statements or votes cell 'not covered', a designation count '(partial)'; None: shown as it is."""
    from models.coverage import MEASURE_NAMES, NOT_COVERED_TEXT, STATEMENTS, VOTES

    if column == "statement_ids" and not shown and MEASURE_NAMES[STATEMENTS] in missing:
        return NOT_COVERED_TEXT
    if column == "vote_ids" and not shown and MEASURE_NAMES[VOTES] in missing:
        return NOT_COVERED_TEXT
    if column == "designations_in_window" and _lists(missing):
        return f"{shown} (partial)"
    return None


def contested_cell(column: str, value: Any, mark, role: int) -> str:
    """A disputed day's missile count flagged, whose count the counted claim is (models.curation.ContestedMark)."""
    if role == Qt.ItemDataRole.ToolTipRole:
        return f"{mark.tooltip()}\nDouble-click for the records behind this cell."
    if column == "missile_count":
        return f"{value} ⚑"
    return f"{mark.whose} (claim)" if mark.counted.origin == "analyst" else f"{value} ⚑"


class LedgerTableModel(FrameModel):
    """FrameModel plus colour cues (no response, slow response) and per-cell tooltips."""

    def __init__(self, parent=None):
        super().__init__(headers=COLUMNS, parent=parent)
        theme = current_theme()
        # background per response term (models.response_vocabulary.ORDER), colours from the theme
        self._backgrounds = [None if key == vocab.STATEMENT_OR_VOTE else
                             qcolor(theme.response(key), 40 if key != vocab.NO_RESPONSE else 46)
                             for key in vocab.ORDER]
        self._slow = qcolor(theme.highlight, 56)
        self._alert = qcolor(theme.response(vocab.NO_RESPONSE))
        self._muted = qcolor(theme.muted)
        self._bold = QFont()
        self._bold.setBold(True)
        self._term = np.zeros(0, np.int8)      # index into vocab.ORDER (by source row)
        self._slow_rows = np.zeros(0, bool)
        self._has_vote = np.zeros(0, bool)
        self._missing: list[set[str]] = []     # per source row: response sources not covering the window
        self.contested: dict = {}              # launch_id -> models.curation.ContestedMark (flagged cells)

    def set_frame(self, frame: pd.DataFrame) -> None:
        n = len(frame)
        self._term = (frame["response_category"].map(vocab.ORDER.index).to_numpy(np.int8) if n
                      else np.zeros(0, np.int8))
        self._slow_rows = (frame["slow_response"].to_numpy() == "yes") if n else np.zeros(0, bool)
        self._has_vote = (frame["vote_ids"].to_numpy() != "") if n else np.zeros(0, bool)
        self._missing = [set(filter(None, (p.strip() for p in str(m).split(";"))))
                         for m in frame["not_covered_sources"]] if n else []
        super().set_frame(frame[list(COLUMNS)] if len(frame.columns) else frame)

    def view_row_of(self, launch_id: str) -> int | None:
        hits = np.flatnonzero(self._frame["launch_id"].to_numpy() == launch_id) if len(self._frame) else []
        if not len(hits):
            return None
        return int(np.flatnonzero(self._order == hits[0])[0])

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        source_row = self._order[index.row()]
        column = self._frame.columns[index.column()]
        term = vocab.ORDER[self._term[source_row]]
        slow = bool(self._slow_rows[source_row]) and vocab.TERMS[term].counts_as_response
        if role == Qt.ItemDataRole.BackgroundRole:
            return self._slow if slow else self._backgrounds[self._term[source_row]]
        if role == Qt.ItemDataRole.ForegroundRole and column == "response" and term == vocab.NO_RESPONSE:
            return self._alert
        if role == Qt.ItemDataRole.ForegroundRole and (column == "designations_possible"
                                                       or (column == "response" and term == vocab.NOT_COVERED)):
            return self._muted
        if role == Qt.ItemDataRole.FontRole and column == "response" and (term == vocab.NO_RESPONSE or slow):
            return self._bold
        if role == Qt.ItemDataRole.DisplayRole and column == "response" and slow:
            return f"{super().data(index, role)} (slow)"
        if role == Qt.ItemDataRole.TextAlignmentRole and column in NUMERIC:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.DisplayRole and column == "vetoes" and not self._has_vote[source_row]:
            return ""
        if column in CONTESTED_CELLS and self.contested and role in (Qt.ItemDataRole.DisplayRole,
                                                                      Qt.ItemDataRole.ToolTipRole):
            mark = self.contested.get(str(self._frame["launch_id"].iat[source_row]))
            if mark is not None:
                return contested_cell(column, super().data(index, role), mark, role)
        if role == Qt.ItemDataRole.DisplayRole and column in UNCOVERED_CELLS:
            text = uncovered_cell(column, super().data(index, role), self._missing[source_row])
            if text is not None:
                return text
        if role == Qt.ItemDataRole.ToolTipRole and column == "response":
            return f"{vocab.label(term)}: {vocab.TERMS[term].definition}\nDouble-click for the records behind this cell."
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = TIPS.get(column, COLUMNS.get(column, column))
            return f"{tip}\nDouble-click for the records behind this cell."
        return super().data(index, role)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole and orientation == Qt.Orientation.Horizontal \
                and 0 <= section < len(self._frame.columns):
            column = str(self._frame.columns[section])
            return TIPS.get(column, COLUMNS.get(column, column))
        return super().headerData(section, orientation, role)


class LedgerPane(QWidget):
    """The response ledger of the current period."""

    def __init__(self, model: BriefingModel, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("ledgerPane")
        self.model = model
        self.theme = current_theme()
        self.setting = response_window()
        self.full = pd.DataFrame()
        self.last_dialog: RecordsDialog | None = None
        self._syncing = False
        self._data_generation = 0                    # bumped by every data change
        self._full_key: tuple | None = None          # (days, data generation, store) of _full_table
        self._full_table = pd.DataFrame()
        self.caption = QLabel()
        self.caption.setObjectName("paneCaption")
        self.window_box = QSpinBox()
        self.window_box.setObjectName("windowDaysBox")
        self.window_box.setRange(1, 365)
        self.window_box.setSuffix(" days")
        self.window_box.setValue(self.setting.days())
        self.window_box.setToolTip("Statements, Council votes and designations count as a response when they "
                                   "come within this many days after a launch")
        chips = [(self._hexa(self.theme.response(k), 40 if k != vocab.NO_RESPONSE else 46), vocab.label(k))
                 for k in vocab.ORDER if k != vocab.STATEMENT_OR_VOTE]
        chips.append((self._hexa(self.theme.highlight, 56),
                      f"slow: first response after more than {SLOW_RESPONSE_DAYS} days"))
        bar = FlowLayout(spacing=4)                  # the key wraps chip by chip in a narrow dock
        self.legend_chips: list[QLabel] = []
        for colour, text in chips:
            chip = QLabel(f"<span style='background:{colour}'>&nbsp;{html.escape(text)}&nbsp;</span>")
            chip.setObjectName("ledgerLegend")
            chip.setToolTip(vocab.definition_text())
            bar.addWidget(chip)
            self.legend_chips.append(chip)
        window = QWidget()                           # the label stays with its box when the row wraps
        window_row = QHBoxLayout(window)
        window_row.setContentsMargins(12, 0, 0, 0)
        window_row.addWidget(QLabel("Response window"))
        window_row.addWidget(self.window_box)
        bar.addWidget(window)
        self.table_model = LedgerTableModel(self)
        self.view = QTableView()
        self.view.setObjectName("ledgerTable")
        self.view.setModel(self.table_model)
        self.view.horizontalHeader().setResizeContentsPrecision(60)   # fit columns to the first rows: fast
        self.view.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self.view.setSortingEnabled(True)
        self.view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.view.verticalHeader().setDefaultSectionSize(22)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.setMinimumHeight(table_min_height(self.view))
        self.export_action = add_csv_export(self.view, "ledger", self._report)
        self.details = QLabel()
        self.details.setObjectName("ledgerDetails")
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.RichText)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse)
        self.details.linkActivated.connect(self._on_link_activated)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        self.caption.setWordWrap(True)               # the caption has a line of its own above the key
        layout.addWidget(self.caption)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.details)
        self.view.selectionModel().selectionChanged.connect(self._on_rows_selected)
        self.view.doubleClicked.connect(self._on_cell_activated)
        self.table_model.layoutChanged.connect(self._sync_selection)     # a sort moved the selected row
        self.window_box.valueChanged.connect(self.setting.set_days)
        self.setting.changed.connect(self._on_window_changed)
        model.changed.connect(self._on_model_changed)
        self.refresh()

    def _report(self, text: str) -> None:
        """A line in the window's status bar (when the pane sits in one)."""
        window = self.window()
        if hasattr(window, "statusBar"):
            window.statusBar().showMessage(text, 6000)

    @staticmethod
    def _hexa(colour: str, alpha: int) -> str:
        c = qcolor(colour, alpha)
        return f"rgba({c.red()},{c.green()},{c.blue()},{alpha})"

    # -- content ------------------------------------------------------------------------
    def refresh(self) -> None:
        days = self.setting.days()
        runner = ledger_runner(self.model.store)
        if runner is None:
            self._show(self.model.table("ledger") if days == 30 else ledger_table(self.model.store, days), days)
            return
        key = (days, self._data_generation, id(self.model.store))
        if key == self._full_key:                    # a period change: the table is computed already
            self._show(self._full_table, days)
            return
        self.caption.setText("Computing the ledger…")   # many DPRK designations: on a worker
        runner.request("ledger", lambda side: ledger_table(side, days), lambda table: self._take(key, table),
                       lambda exc: self.caption.setText(f"Could not compute the ledger: {exc}"))

    def _take(self, key: tuple, table: pd.DataFrame) -> None:
        """The worker's table for `key` (days, data generation, store): kept for period changes, shown."""
        self._full_key, self._full_table = key, table
        self._show(table, key[0])

    def _show(self, full: pd.DataFrame, days: int) -> None:
        self.full = full.set_index("launch_id", drop=False) if len(full) else full
        frame = self.model.in_period(full)
        shown = frame.copy()
        for column in INT_COLUMNS:      # float NaN sorts with numpy; shown without decimals
            shown[column] = shown[column].astype("Float64").astype(float)
        from models.curation import contested_launches

        self._syncing = True
        self.table_model.contested = contested_launches(self.model.store)
        self.table_model.set_frame(shown)
        header = self.view.horizontalHeader()
        self.table_model.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())
        fit_columns(self.view)
        self._syncing = False
        counts = frame["response_category"].value_counts() if len(frame) else pd.Series(dtype=int)
        slow = int((frame["slow_response"] == "yes").sum()) if len(frame) else 0
        tally = ", ".join(f"{int(counts[k])} {vocab.label(k)}" for k in vocab.ORDER if k in counts)
        self.caption.setText(
            "No launches in this period." if frame.empty else
            f"{len(frame):,} launch events ({self.model.period.label()}, {days}-day window): {tally}; "
            f"{slow} answered slowly")
        self.caption.setToolTip(vocab.definition_text())
        self._sync_selection()

    def _sync_selection(self) -> None:
        launch_id = self.model.selection.launch_id
        row = self.table_model.view_row_of(launch_id) if launch_id else None
        self._syncing = True
        if row is None:
            self.view.clearSelection()
        else:
            index = self.table_model.index(row, 0)
            self.view.selectionModel().select(index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                                              | QItemSelectionModel.SelectionFlag.Rows)
            self.view.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.NoUpdate)
            self.view.scrollTo(index, QTableView.ScrollHint.PositionAtCenter)
        self._syncing = False
        self._show_details(launch_id if row is not None else None)

    def selected_launch(self) -> str | None:
        rows = self.view.selectionModel().selectedRows()
        return str(self.table_model.row_record(rows[0].row())["launch_id"]) if rows else None

    # -- details and records --------------------------------------------------------------
    def _show_details(self, launch_id: str | None) -> None:
        if not launch_id or launch_id not in self.full.index:
            self.details.setText(f"<span style='color:{self.theme.muted}'>Select a launch for its response; "
                                 "double-click any cell for the records behind it.</span>")
            return
        r = self.full.loc[launch_id]

        def link(column: str, text: str) -> str:
            return f"<a href='{column}' style='color:{self.theme.accent}'>{html.escape(text)}</a>"

        missiles = f"{r.classes}, {r.missile_count} missile{'' if r.missile_count == 1 else 's'}"
        parts = [f"<b>{html.escape(r.launch_label)}</b> {html.escape(launch_id)}, "
                 f"{html.escape(utc_text(r.date, r.time_utc))} ({link('missile_count', missiles)})"]
        mark = self.table_model.contested.get(launch_id)
        if mark is not None:
            parts.append(f"<span style='color:{self.theme.failure}'>⚑ contested count</span>: "
                         f"{html.escape(mark.note())}" + (f" ({html.escape(mark.count_basis)})" if mark.count_basis
                                                          else ""))
        if r.statement_ids:
            sig = "" if pd.isna(r.max_signatories) else f", {r.max_signatories} signatories"
            council = "" if pd.isna(r.max_council_signatories) else f", {r.max_council_signatories} Council members"
            majority = " (Council majority)" if r.council_majority == "yes" else " (no Council majority)"
            how = "names this launch" if r.statement_match == "trigger" else "next in the window"
            lag = r.first_statement_lag_days
            parts.append(f"statements {link('statement_ids', r.statement_ids)} after "
                         f"{lag} day{'' if lag == 1 else 's'}{sig}{council}{majority}; {how}")
        else:
            parts.append(f"no statement within {r.window_days} days")
        if r.vote_ids:
            parts.append(f"Council vote {link('vote_ids', r.vote_ids)}: {html.escape(r.vote_outcomes)}")
        if r.designations_in_window:
            parts.append(f"{link('designations_in_window', f'{r.designations_in_window} designations')}"
                         f" (first after {r.first_designation_lag_days} days)")
        if r.designations_possible:
            parts.append(f"{link('designations_possible', f'{r.designations_possible} designations')} possibly in "
                         "the window (dated only between list snapshots)")
        if r.response_category == vocab.NO_RESPONSE:
            parts.append(f"<b style='color:{self.theme.response(vocab.NO_RESPONSE)}'>no response within "
                         f"{r.window_days} days</b>")
        elif r.response_category == vocab.NOT_COVERED:
            parts.append(f"<span style='color:{self.theme.muted}'>not covered: {html.escape(r.not_covered_sources)} "
                         f"do not cover the {r.window_days}-day window</span>")
        self.details.setText(" · ".join(parts))

    def open_records(self, launch_id: str, column: str) -> RecordsDialog:
        """The records behind one ledger cell of `launch_id`."""
        row = self.full.loc[launch_id].to_dict()
        table, ids = cell_records(row, column)
        title = f"{COLUMNS.get(column, column.replace('_', ' '))} for {launch_id}"
        self.last_dialog = show_records(self.model, title, table, ids, "", "", self.setting.days(), self.window())
        return self.last_dialog

    def _on_link_activated(self, column: str) -> None:
        launch_id = self.model.selection.launch_id
        if launch_id and launch_id in self.full.index:
            self.open_records(launch_id, column)

    def _on_cell_activated(self, index: QModelIndex) -> None:
        record = self.table_model.row_record(index.row())
        self.open_records(str(record["launch_id"]), str(self.table_model.frame.columns[index.column()]))

    # -- linking --------------------------------------------------------------------------
    def _on_rows_selected(self, *_args) -> None:
        if not self._syncing:
            launch_id = self.selected_launch()
            self.model.select_launch(launch_id, initiator=self)
            self._show_details(launch_id)

    def _on_model_changed(self, changes: Changes, initiator: object) -> None:
        if changes.data:
            self._data_generation += 1
        if changes.data or changes.period:
            self.refresh()
        elif changes.selection and initiator is not self:
            self._sync_selection()

    def _on_window_changed(self, days: int) -> None:
        if self.window_box.value() != days:
            self.window_box.setValue(days)
        self.refresh()

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt naming)
        if not getattr(self, "_disconnected", False):      # a pane may be closed twice (its dock, then the test)
            self._disconnected = True
            forget_ledger_requests("ledger")
            self.model.changed.disconnect(self._on_model_changed)
            self.setting.changed.disconnect(self._on_window_changed)
        super().closeEvent(event)


__all__ = ["LedgerPane", "LedgerTableModel"]
