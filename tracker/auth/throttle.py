"""Slow down password guessing: after a few failed sign-ins for one account name, refuse it for a while."""

from __future__ import annotations

import datetime as dt
import threading

MAX_FAILURES = 5
WINDOW = dt.timedelta(minutes=5)


class Throttle:
    """Failed sign-ins per account name; after `max_failures` within `window`, the name is locked until the
    oldest of them is `window` old. Shared by every session of one server (held in st.cache_resource)."""

    def __init__(self, max_failures: int = MAX_FAILURES, window: dt.timedelta = WINDOW) -> None:
        self.max_failures, self.window = max_failures, window
        self._failures: dict[str, list[dt.datetime]] = {}
        self._lock = threading.Lock()

    @staticmethod
    def _now(now: dt.datetime | None) -> dt.datetime:
        return now or dt.datetime.now(dt.UTC)

    def _recent(self, name: str, now: dt.datetime) -> list[dt.datetime]:
        recent = [t for t in self._failures.get(name.casefold(), []) if now - t < self.window]
        if recent:
            self._failures[name.casefold()] = recent
        else:
            self._failures.pop(name.casefold(), None)
        return recent

    def locked_for(self, name: str, now: dt.datetime | None = None) -> dt.timedelta | None:
        """How long `name` stays locked, or None when it may try to sign in."""
        now = self._now(now)
        with self._lock:
            recent = self._recent(name, now)
            if len(recent) < self.max_failures:
                return None
            return self.window - (now - recent[-self.max_failures])

    def failed(self, name: str, now: dt.datetime | None = None) -> None:
        """Count one failed sign-in."""
        now = self._now(now)
        with self._lock:
            self._failures[name.casefold()] = [*self._recent(name, now), now]

    def succeeded(self, name: str) -> None:
        """Forget the failures of a name that signed in."""
        with self._lock:
            self._failures.pop(name.casefold(), None)
