"""A dictionary that makes each missing value once: the writers' caches of what recurs on
every row of a book (escaped sigla and words, a set of flags as a cell)."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")

__all__ = ["Memo"]


class Memo(dict[K, V]):
    """``memo[key]`` is ``make(key)``, made the first time it is asked for.

    ``memo(key)`` is the same, and also takes a key that cannot be one, such as a list where
    a record made by hand has one instead of the tuple it declares: its value is made anew.
    """

    def __init__(self, make: Callable[[K], V]) -> None:
        super().__init__()
        self.make = make

    def __missing__(self, key: K) -> V:
        got = self[key] = self.make(key)
        return got

    def __call__(self, key: K) -> V:
        try:
            return self[key]
        except TypeError:  # (not hashable)
            return self.make(key)
