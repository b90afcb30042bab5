"""Alignment: witnesses' tokens are aligned into the columns of a :class:`~witnesscollate.model.Collation`.

The aligner reads only ``Token.norm`` (and near matches between norms); it never changes a
token.  Every token of every witness appears in the collation exactly once, in order.
"""

from __future__ import annotations

from .api import ENGINES, MIN_TRANSPOSITION, collate

__all__ = ["ENGINES", "MIN_TRANSPOSITION", "collate"]
