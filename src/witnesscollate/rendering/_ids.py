"""Identifiers made from sigla: one shared rule for keeping them unique."""

from __future__ import annotations

from collections.abc import Callable, Iterable

__all__ = ["unique_ids"]


def unique_ids(names: Iterable[str], make_id: Callable[[str], str], sep: str) -> dict[str, str]:
    """Map each name to ``make_id(name)``, numbering repeats (``x``, ``x{sep}2``, ...).

    Two sigla can make the same identifier once unsafe characters are replaced ("B3 a.c."
    and "B3_a.c."); the second gets a number, so every output still tells them apart.
    """
    out: dict[str, str] = {}
    used: set[str] = set()
    for name in names:
        base = make_id(name)
        cand, k = base, 2
        while cand in used:
            cand, k = f"{base}{sep}{k}", k + 1
        used.add(cand)
        out[name] = cand
    return out
