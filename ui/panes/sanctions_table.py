"""The sanctions log's table model: column arrays, a visible-row index and a numpy sort permutation.

No proxy model: filters and search produce an array of row positions; sorting argsorts precomputed
integer ranks of the chosen column over the visible rows only. The data is a
models.analytics.sanctions_log.LogData (codes into small label arrays), so swapping in a newly
loaded log is O(1) and a cell is two array lookups.
"""
from __future__ import annotations

from typing import Any, Callable

import numpy as np
import pandas as pd
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from models.analytics.sanctions import LOG_COLUMNS
from models.analytics.sanctions_log import LogData
from models.safe_text import show_bidi
from ui.theme import Theme, qcolor

Index = QModelIndex | QPersistentModelIndex
DISPLAY, TOOLTIP, BACKGROUND = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole,
                                Qt.ItemDataRole.BackgroundRole)
MATCHED = LOG_COLUMNS.index("matched")
SCORE = LOG_COLUMNS.index("score")
HEADERS = {"date": "Date", "window": "Date window", "authority": "Authority", "programs": "Programmes",
           "name": "Name", "matched": "Matched name", "type": "Type", "location": "Nationality / location",
           "revenue": "Revenue stream", "links": "Links", "status": "Status", "source_id": "Source id",
           "list": "List", "score": "Score"}


class LogModel(QAbstractTableModel):
    def __init__(self, theme: Theme, parent=None):
        super().__init__(parent)
        self.theme = theme
        self.log = LogData()
        self.ids = np.zeros(0, dtype=np.int64)
        self.ranks: dict[str, np.ndarray] = {}
        self.rows = np.zeros(0, dtype=np.int64)       # visible row positions, in display order
        self.matched: dict[int, str] | None = {}       # designation id -> matched name (None: ask lazily)
        self.scores: dict[int, float] = {}              # designation id -> search score 0-100
        self.why: dict[int, str] = {}                   # designation id -> why it matched (the tooltip)
        self.lazy_matched: Callable[[int], str] | None = None
        self.highlighted = np.zeros(0, dtype=bool)
        self.sort_column: int | None = None
        self.sort_order = Qt.SortOrder.AscendingOrder
        self._highlight_brush = qcolor(theme.highlight, 70)
        # the response vocabulary's colours: dated in the window / possibly in the window
        self.dated = np.zeros(0, dtype=bool)
        self._dated_brush = qcolor(theme.response("designation_dated"), 70)
        self._possible_brush = qcolor(theme.response("designation_possible"), 70)

    def set_log(self, log: LogData) -> None:
        """Swap in a newly loaded log (O(1)): no rows shown until `show_rows`."""
        self.beginResetModel()
        self.log = log
        self.ids = log.ids
        self.ranks = log.ranks
        self.rows = np.zeros(0, dtype=np.int64)
        self.highlighted = np.zeros(len(log), dtype=bool)
        self.dated = np.zeros(len(log), dtype=bool)
        self.endResetModel()

    def positions(self, ids) -> np.ndarray:
        """Row positions of designation ids (the log is ordered by id)."""
        ids = np.asarray(ids, dtype=np.int64)
        pos = np.searchsorted(self.ids, ids)
        pos = np.clip(pos, 0, max(len(self.ids) - 1, 0))
        return pos[(len(self.ids) > 0) & (self.ids[pos] == ids)] if len(self.ids) else pos[:0]

    def show_rows(self, rows: np.ndarray, keep_order: bool = False) -> None:
        """Show these rows: in the current sort order, or as given (search relevance) if unsorted.

        As row changes, not a model reset: the rows past the new count are removed (or the new ones
        appended) and the rest report changed data, so a view repaints its cells only, keeping its
        header and geometry (a reset relaid and repainted the whole log box on each keystroke).
        The view's current index may move when rows are removed: callers block the selection model's
        signals and reselect."""
        rows = self._sorted(rows) if (self.sort_column is not None or not keep_order) else rows
        old, new = len(self.rows), len(rows)
        if new < old:
            self.beginRemoveRows(QModelIndex(), new, old - 1)
            self.rows = rows
            self.endRemoveRows()
        elif new > old:
            self.beginInsertRows(QModelIndex(), old, new - 1)
            self.rows = rows
            self.endInsertRows()
        else:
            self.rows = rows
        if min(old, new):
            self.dataChanged.emit(self.index(0, 0), self.index(min(old, new) - 1, len(LOG_COLUMNS) - 1))

    def _sorted(self, rows: np.ndarray) -> np.ndarray:
        if self.sort_column is None:          # in log order (np.flatnonzero's rows already are: no sort)
            return rows if len(rows) < 2 or bool(np.all(rows[1:] > rows[:-1])) else np.sort(rows)
        if self.sort_column == SCORE:
            keys = np.array([self.scores.get(int(i), -1.0) for i in self.ids[rows]], dtype=float)
        elif self.sort_column == MATCHED and self.matched is not None:
            keys = np.array([self.matched.get(int(i), "").casefold() for i in self.ids[rows]], dtype=object)
        else:
            keys = self.ranks[LOG_COLUMNS[self.sort_column]][rows]
        order = np.argsort(keys, kind="stable")
        if self.sort_order == Qt.SortOrder.DescendingOrder:
            order = order[::-1]
        return rows[order]

    def designation_at(self, row: int) -> int:
        return int(self.ids[self.rows[row]])

    def row_of(self, designation_id: int) -> int | None:
        pos = self.positions([designation_id])
        if not len(pos):
            return None
        hits = np.flatnonzero(self.rows == pos[0])
        return int(hits[0]) if len(hits) else None

    def visible_frame(self) -> pd.DataFrame:
        """The rows shown, in display order, with every column (for CSV export)."""
        log, rows = self.log, self.rows
        out = {}
        for column in LOG_COLUMNS:
            if column in log.codes:
                out[column] = log.labels[column][log.codes[column][rows]]
            elif column in log.plain:
                out[column] = log.plain[column][rows]
            elif column == "links":
                out[column] = log.links[rows]
            elif column == "score":
                out[column] = [self.scores.get(int(i)) for i in self.ids[rows]]
            else:
                out[column] = [self._matched(int(i)) for i in self.ids[rows]] if len(rows) < 200000 else ""
        return pd.DataFrame(out, columns=LOG_COLUMNS).rename(columns=HEADERS)

    # -- Qt model ------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(LOG_COLUMNS)

    def _matched(self, designation_id: int) -> str:
        if self.matched is None:
            return self.lazy_matched(designation_id) if self.lazy_matched else ""
        return self.matched.get(designation_id, "")

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        if role != DISPLAY and role != TOOLTIP and role != BACKGROUND:    # noqa: PLR1714 (fast path)
            return None
        row = self.rows[index.row()]
        if role == BACKGROUND:
            if not self.highlighted[row]:
                return None
            return self._dated_brush if len(self.dated) and self.dated[row] else self._possible_brush
        column = index.column()
        if column == MATCHED or column == SCORE:     # noqa: PLR1714
            designation_id = int(self.ids[row])
            if role == TOOLTIP:
                return show_bidi(self.why.get(designation_id) or "") or None
            if column == SCORE:
                score = self.scores.get(designation_id)
                return "" if score is None else f"{score:.0f}"
            return show_bidi(self._matched(designation_id))
        return show_bidi(self.log.cell(LOG_COLUMNS[column], row))

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal \
                and 0 <= section < len(LOG_COLUMNS):
            return HEADERS[LOG_COLUMNS[section]]
        if role == TOOLTIP and orientation == Qt.Orientation.Horizontal and 0 <= section < len(LOG_COLUMNS) \
                and LOG_COLUMNS[section] == "revenue":
            return ("Revenue streams: confirmed by an analyst, or suggested by rules (marked *): a suggestion awaits "
                    "review and is never counted in the ledger, the scorecard or the brief")
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(LOG_COLUMNS) or not self.ranks:
            return
        self.layoutAboutToBeChanged.emit()
        self.sort_column, self.sort_order = column, order
        self.rows = self._sorted(self.rows)
        self.layoutChanged.emit()
