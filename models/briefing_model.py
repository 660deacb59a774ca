"""The one shared model every pane and the brief read: the store, the filters and the selection.

Commands (`set_period`, `select_launch`, ...) change state and emit exactly one
`changed(changes, initiator)`; `batch()` folds several commands into one emission. Panes
look at the `Changes` flags they care about and ignore emissions they initiated themselves.
Queries return pandas DataFrames cached until the data changes.
"""
from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING, Any, Callable, Iterator

from models import tables
from models.data_kinds import EVERYTHING, of_records
from models.notifier import Notification
from models.store import Store

if TYPE_CHECKING:
    import pandas as pd

    from models.curation.commands import Command
    from models.progress import Progress


@dataclass(frozen=True)
class Period:
    """An inclusive date range; None on a side means open-ended."""

    start: date | None = None
    end: date | None = None

    def contains(self, iso: str) -> bool:
        """Whether an ISO date (or a YYYY-MM month, which counts if it overlaps) lies in the period."""
        first, last = (iso + "-01", iso + "-31") if len(iso) == 7 else (iso, iso)
        return ((self.start is None or last >= self.start.isoformat())
                and (self.end is None or first <= self.end.isoformat()))

    @property
    def is_all(self) -> bool:
        return self.start is None and self.end is None

    def label(self) -> str:
        if self.is_all:
            return "all dates"
        if (self.start and self.end and self.start.month == 1 and self.start.day == 1
                and self.end.month == 12 and self.end.day == 31 and self.start.year == self.end.year):
            return str(self.start.year)
        return f"{self.start.isoformat() if self.start else '…'} to {self.end.isoformat() if self.end else '…'}"


@dataclass(frozen=True)
class Changes:
    """What one command changed. With `data`, `kinds` says which kinds of data (models.data_kinds): every
    kind unless the change is known to touch fewer (another program's edit of one launch)."""

    data: bool = False
    period: bool = False
    selection: bool = False
    filters: bool = False
    kinds: frozenset[str] = EVERYTHING

    def __or__(self, other: "Changes") -> "Changes":
        flags = (a or b for a, b in zip(self._flags(), other._flags()))
        kinds = (self.kinds if self.data else frozenset()) | (other.kinds if other.data else frozenset())
        return Changes(*flags, kinds=kinds or EVERYTHING)

    def _flags(self) -> tuple[bool, bool, bool, bool]:
        return (self.data, self.period, self.selection, self.filters)

    def touches(self, *kinds: str) -> bool:
        """Whether the data changed in any of these kinds."""
        return self.data and not self.kinds.isdisjoint(kinds)

    def __bool__(self) -> bool:
        return any(self._flags())


@dataclass(frozen=True)
class Selection:
    launch_id: str | None = None
    statement_id: str | None = None
    designation_id: int | None = None


class BriefingModel:
    """Application state over one Store. Pure Python: no Qt."""

    changed = Notification()  # emits (Changes, initiator); a failing subscriber never silences the others

    def __init__(self, store: Store):
        self.store = store
        self.period = Period()
        self.selection = Selection()
        self.country_group: str | None = None
        self.programme: str | None = None
        self._cache: dict[str, Any] = {}
        self._pending: Changes | None = None
        self._pending_initiator: object = None

    # -- commands -------------------------------------------------------------------------
    def set_period(self, start: date | None, end: date | None, initiator: object = None) -> None:
        """Change the period; a selected launch, statement or designation outside it is cleared in the
        same notification, so no pane keeps showing details of a record the period no longer holds."""
        period = Period(start, end)
        if period != self.period:
            self.period = period
            kept = self._selection_within(period)
            changes = Changes(period=True, selection=kept != self.selection)
            self.selection = kept
            self._emit(changes, initiator)

    def _selection_within(self, period: Period) -> Selection:
        sel = self.selection
        if period.is_all or sel == Selection():
            return sel

        def dated(frame: "pd.DataFrame", key: str, value: object) -> str | None:
            rows = frame[frame[key].astype(str) == str(value)] if len(frame) else frame
            return str(rows["date"].iloc[0]) if len(rows) else None

        launch = sel.launch_id
        if launch is not None and not period.contains(dated(self.launches(), "launch_id", launch) or "0000-01-01"):
            launch = None
        statement = sel.statement_id
        if statement is not None and not period.contains(
                dated(self.statements(), "statement_id", statement) or "0000-01-01"):
            statement = None
        designation = sel.designation_id
        if designation is not None and not self._designation_may_fall_in(designation, period):
            designation = None
        return Selection(launch, statement, designation)

    def _designation_may_fall_in(self, designation_id: int, period: Period) -> bool:
        """Whether a DPRK designation's possible listing dates overlap the period (others are kept)."""
        from models.analytics.ledger_data import load

        for d in load(self.store).designations:
            if d.designation_id == designation_id:
                lo = d.lo.isoformat() if d.lo else "0000-01-01"
                return ((period.end is None or lo <= period.end.isoformat())
                        and (period.start is None or d.hi.isoformat() >= period.start.isoformat()))
        return True

    def select_launch(self, launch_id: str | None, initiator: object = None) -> None:
        self._select(replace(self.selection, launch_id=launch_id), initiator)

    def select_statement(self, statement_id: str | None, initiator: object = None) -> None:
        self._select(replace(self.selection, statement_id=statement_id), initiator)

    def select_designation(self, designation_id: int | None, initiator: object = None) -> None:
        self._select(replace(self.selection, designation_id=designation_id), initiator)

    def clear_selection(self, initiator: object = None) -> None:
        self._select(Selection(), initiator)

    def set_country_group(self, group: str | None, initiator: object = None) -> None:
        if group != self.country_group:
            self.country_group = group
            self._emit(Changes(filters=True), initiator)

    def set_programme(self, programme: str | None, initiator: object = None) -> None:
        if programme != self.programme:
            self.programme = programme
            self._emit(Changes(filters=True), initiator)

    def write_revenue_suggestions(self, store: Store | None = None, progress: "Progress | None" = None) -> int:
        """Write rule-suggested revenue-stream tags for designations with none yet (models.revenue); returns
        how many were written. Safe on a worker with a side connection (`store`); it emits nothing, so a
        worker's caller hands the count to `revenue_suggestions_written` on the GUI thread. Suggestions never
        count in the ledger, the scorecard or the brief until an analyst confirms them. A read-only role on a
        shared server writes none (an editor's dashboard does)."""
        from models import revenue

        if (store or self.store).read_only:
            return 0
        return revenue.sync_suggestions((store or self.store).conn, progress)

    def revenue_suggestions_written(self, count: int, initiator: object = None) -> None:
        """The notification of `write_revenue_suggestions`: panes showing tags or the awaiting-review
        count refresh (one `changed(data=True)`), nothing happens when none were written."""
        if count:
            self.reload(initiator)

    def suggest_revenue_streams(self, initiator: object = None) -> int:
        """Both steps on this thread: write the suggestions, then notify."""
        count = self.write_revenue_suggestions()
        self.revenue_suggestions_written(count, initiator)
        return count

    def execute(self, command: "Command", initiator: object = None) -> None:
        """Apply a curation command (models.curation: one transaction, audited), then one `changed(data)` for
        the kind of data its record is (an edited launch: the panes that show no launch data keep theirs).
        Raises CurationRefused (nothing saved, nothing emitted) when its input is refused."""
        command.apply(self.store)
        self.reload(initiator, of_records([command.kind]))

    def undo(self, command: "Command", initiator: object = None) -> None:
        """Revert a curation command applied by `execute`, then one `changed(data)`."""
        command.revert(self.store)
        self.reload(initiator, of_records([command.kind]))

    def reload(self, initiator: object = None, kinds: frozenset[str] = EVERYTHING) -> None:
        """Call after the store changed (an import): drops cached queries and tells every pane; `kinds`: the
        kinds of data changed (models.data_kinds), when known to be fewer than all."""
        self._cache.clear()
        self._emit(Changes(data=True, kinds=kinds), initiator)

    def replace_store(self, store: Store, initiator: object = None) -> None:
        old, self.store = self.store, store
        if old is not store:
            old.close()
        self.selection = Selection()
        self._cache.clear()
        self._emit(Changes(data=True, selection=True), initiator)

    @contextmanager
    def batch(self, initiator: object = None) -> Iterator[None]:
        """Run several commands, emit one `changed` at the end."""
        outer = self._pending is not None
        if not outer:
            self._pending, self._pending_initiator = Changes(), initiator
        try:
            yield
        finally:
            if not outer:
                changes, who = self._pending, self._pending_initiator
                self._pending = None
                if changes:
                    self.changed.emit(changes, who)

    def _select(self, selection: Selection, initiator: object) -> None:
        if selection != self.selection:
            self.selection = selection
            self._emit(Changes(selection=True), initiator)

    def _emit(self, changes: Changes, initiator: object) -> None:
        if self._pending is not None:
            self._pending = self._pending | changes
            if self._pending_initiator is None:
                self._pending_initiator = initiator
        else:
            self.changed.emit(changes, initiator)

    # -- queries (cached until reload) ------------------------------------------------------
    def _cached(self, key: str, build: Callable[[], Any]) -> Any:
        if key not in self._cache:
            self._cache[key] = build()
        return self._cache[key]

    def table(self, name: str) -> "pd.DataFrame":
        """A whole model table, as `python main.py table NAME` writes it."""
        return self._cached(f"table:{name}", lambda: tables.build_table(self.store, name))

    def missiles(self) -> "pd.DataFrame":
        return self.table("missiles")

    def launches(self) -> "pd.DataFrame":
        return self.table("launches")

    def statements(self) -> "pd.DataFrame":
        return self.table("statements")

    def alignment(self) -> "pd.DataFrame":
        return self.table("alignment")

    def designations(self) -> "pd.DataFrame":
        return self.table("designations")

    def in_period(self, frame: "pd.DataFrame", column: str = "date") -> "pd.DataFrame":
        """The rows of `frame` whose `column` (ISO date or month) lies in the current period."""
        if self.period.is_all or frame.empty:
            return frame
        mask = frame[column].fillna("").map(lambda v: bool(v) and self.period.contains(str(v)))
        return frame[mask.astype(bool)]

    def data_vintage(self) -> dict[str, str]:
        return self._cached("vintage", self.store.data_vintage)
