"""A change notification that reaches every subscriber even when one of them fails.

`BriefingModel.changed` is a `Notification`: `connect`, `disconnect` and `emit` like a psygnal signal,
but an exception in one subscriber is caught, logged, recorded in `errors` and handed to `on_error`
(the UI shows it in that pane), and the remaining subscribers are still called. Bound methods are
held weakly, so a closed pane that forgot to disconnect is simply dropped.
"""
from __future__ import annotations

import logging
import weakref
from typing import Any, Callable

log = logging.getLogger(__name__)


class Notifier:
    """One object's list of subscribers."""

    def __init__(self) -> None:
        self._slots: list[Any] = []          # WeakMethod or plain callable
        self.errors: list[tuple[object, BaseException]] = []
        self.on_error: Callable[[object, BaseException | None], None] | None = None   # None: recovered
        self._failed: set[int] = set()

    @staticmethod
    def _ref(slot: Callable) -> Any:
        return weakref.WeakMethod(slot) if hasattr(slot, "__self__") and hasattr(slot, "__func__") else slot

    @staticmethod
    def _live(ref: Any) -> Callable | None:
        return ref() if isinstance(ref, weakref.WeakMethod) else ref

    def connect(self, slot: Callable) -> Callable:
        self._slots.append(self._ref(slot))
        return slot

    def disconnect(self, slot: Callable | None = None) -> None:
        """Drop `slot` (every subscriber when None); a slot not connected is ignored."""
        if slot is None:
            self._slots.clear()
            return
        self._slots = [r for r in self._slots if self._live(r) != slot]

    def __len__(self) -> int:
        return sum(self._live(r) is not None for r in self._slots)

    def emit(self, *args: Any) -> None:
        for ref in list(self._slots):
            slot = self._live(ref)
            if slot is None:
                self._slots = [r for r in self._slots if r is not ref]
                continue
            owner = getattr(slot, "__self__", slot)
            try:
                slot(*args)
            except Exception as exc:        # one pane's failure must not silence the others
                log.exception("a subscriber of the change notification failed: %r", owner)
                self.errors.append((owner, exc))
                self._failed.add(id(owner))
                self._tell(owner, exc)
            else:
                if id(owner) in self._failed:
                    self._failed.discard(id(owner))
                    self._tell(owner, None)

    def _tell(self, owner: object, exc: BaseException | None) -> None:
        if self.on_error is not None:
            try:
                self.on_error(owner, exc)
            except Exception:
                log.exception("showing the state of %r failed", owner)


class Notification:
    """Class attribute declaring a per-instance Notifier (used like `changed = Notification()`)."""

    def __set_name__(self, owner: type, name: str) -> None:
        self._name = f"_notifier_{name}"

    def __get__(self, instance: Any, owner: type | None = None) -> Any:
        if instance is None:
            return self
        notifier = instance.__dict__.get(self._name)
        if notifier is None:
            notifier = instance.__dict__[self._name] = Notifier()
        return notifier
