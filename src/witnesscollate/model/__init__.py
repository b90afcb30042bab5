"""The records every stage shares, and nothing else.

Frozen, slotted dataclasses: immutable, cheap to pickle (no lxml objects inside), defined here
so that no stage has to import another to know what a token, a column or a reading is.  This
package imports nothing of witnesscollate but :mod:`witnesscollate.errors` (and the version):
the stages import it, never the other way round (``docs/architecture.md``).

- :mod:`.witness`: :class:`Token`, :class:`Witness` and their provenance (stages 1–3);
- :mod:`.collation`: the aligned :class:`Collation` (stage 4);
- :mod:`.variants`: the vocabulary of variant classes (:class:`VariantType`);
- :mod:`.apparatus`: the :class:`Apparatus`, its units and readings (stage 5);
- :mod:`.stemma` and :mod:`.alterations`: the :class:`AlterationReport` along a stemma.

A witness's tokens are lossless: ``"".join(t.text + t.ws for t in witness.tokens)`` is the
witness's text, character for character (see :attr:`Witness.text`).
"""

from __future__ import annotations

from ._base import FrozenMap, Positional
from .alterations import Alteration, AlterationReport, Signal, SignalNote
from .apparatus import (
    Apparatus,
    Block,
    Citation,
    Location,
    Milestone,
    Reading,
    Segment,
    Stretch,
    VariationUnit,
)
from .collation import GAP, Cell, Collation, Column, Transposition
from .stemma import RELATIONS, Stemma
from .variants import APPARATUS_TERMS, TypeInfo, VariantType
from .witness import (
    OWN_TEXT_REASONS,
    Hand,
    Lacuna,
    Note,
    Token,
    Witness,
    WitnessLookup,
    WitnessMetadata,
)

__all__ = [
    "APPARATUS_TERMS",
    "GAP",
    "OWN_TEXT_REASONS",
    "RELATIONS",
    "Alteration",
    "AlterationReport",
    "Apparatus",
    "Block",
    "Cell",
    "Citation",
    "Collation",
    "Column",
    "FrozenMap",
    "Hand",
    "Lacuna",
    "Location",
    "Milestone",
    "Note",
    "Positional",
    "Reading",
    "Segment",
    "Signal",
    "SignalNote",
    "Stemma",
    "Stretch",
    "Token",
    "Transposition",
    "TypeInfo",
    "VariantType",
    "VariationUnit",
    "Witness",
    "WitnessLookup",
    "WitnessMetadata",
]
