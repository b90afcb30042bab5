"""Alignment: witnesses' tokens are aligned into the columns of a :class:`Collation`.

The aligner reads only ``Token.norm`` (and near matches between norms); it never changes a
token.  Every token of every witness appears in the collation exactly once, in order.
"""

from __future__ import annotations

from .api import collate
from .collation import Cell, Collation, Column, Transposition

__all__ = ["Cell", "Collation", "Column", "Transposition", "collate"]
