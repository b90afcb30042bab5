"""Small helpers the alignment stage shares."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["gc_paused"]


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while many small acyclic records are made.

    Each collection scans every tracked object, so with the collector on, building (or
    unpickling) a collation of a million columns costs several times the work itself.  The
    collector's previous state is restored on exit, even on error.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
