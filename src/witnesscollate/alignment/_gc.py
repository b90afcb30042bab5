"""Small helpers the alignment stage shares."""

from __future__ import annotations

from contextlib import AbstractContextManager

from ..model._base import paused_gc, promote_to_oldest

__all__ = ["gc_paused", "promote_to_oldest"]


def gc_paused() -> AbstractContextManager[None]:
    """Pause the cyclic garbage collector while ``collate()`` makes its records.

    :func:`~witnesscollate.model._base.paused_gc`, promoting whatever was made to the oldest
    generation however little: a collation is made once and kept, and its records would
    otherwise wait for the next young collection to traverse them (a sixth of ``collate()``
    on a collation of a million columns).
    """
    return paused_gc(promote_at=0)
