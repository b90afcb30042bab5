"""Analysis: from aligned columns to what editors publish.

:func:`build_apparatus` groups the variant columns of a
:class:`~witnesscollate.alignment.Collation` into variation units, takes the lemma from a base
witness, groups the readings by exact text and classifies each against the lemma
(:class:`VariantType`).  The result, :class:`Apparatus`, is independent of any output format;
:mod:`witnesscollate.rendering` writes it.  Assumes a collation in which every token of every
witness appears once, in order (what the alignment stage guarantees).
"""

from __future__ import annotations

from .apparatus import (
    Apparatus,
    Location,
    Reading,
    Segment,
    Stretch,
    VariationUnit,
    canonical_text,
)
from .citations import Citation
from .classify import VariantType
from .units import build_apparatus

__all__ = [
    "Apparatus",
    "Citation",
    "Location",
    "Reading",
    "Segment",
    "Stretch",
    "VariantType",
    "VariationUnit",
    "build_apparatus",
    "canonical_text",
]
