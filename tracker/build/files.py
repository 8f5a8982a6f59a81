"""Files the build and `extract add` write next to the user's: atomically, so a crash leaves old or new."""

from __future__ import annotations

from tracker.store.files import write_atomic

__all__ = ["write_atomic"]  # the one implementation is tracker.store.files; kept here for the build's imports
