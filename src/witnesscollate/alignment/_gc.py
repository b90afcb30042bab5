"""Small helpers the alignment stage shares."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["gc_paused", "promote_to_oldest"]


def promote_to_oldest() -> bool:
    """Move every object the collector tracks into its oldest generation, without a scan.

    Records made while the collector was paused all sit in the youngest generation, and the
    next collection would traverse them one by one (a collation of a million columns holds
    several million small records: a sixth of ``collate()``).  They are acyclic and live as
    long as the collation, so they belong in the oldest generation; ``gc.freeze()`` then
    ``gc.unfreeze()`` puts them there by splicing lists.  Nothing is frozen afterwards: every
    object, the caller's too, stays collectable; the caller's young objects only wait for the
    next full collection, as the survivors of any collection do.  Skipped (False) when the
    program itself has frozen objects (``gc.get_freeze_count()``), which ``unfreeze`` would
    release.
    """
    if gc.get_freeze_count():
        return False
    gc.freeze()
    gc.unfreeze()
    return True


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while many small acyclic records are made.

    Each collection scans every tracked object, so with the collector on, building (or
    unpickling) a collation of a million columns costs several times the work itself.  On
    exit the records made are moved to the oldest generation (:func:`promote_to_oldest`)
    and the collector's previous state is restored, even on error.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            promote_to_oldest()
            gc.enable()
