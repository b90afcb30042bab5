"""witnesscollate: collate TEI witnesses token by token, publish the apparatus.

The package follows the Gothenburg model of collation, one subpackage per stage, data flowing
one way: :mod:`~witnesscollate.reading` (TEI, text, CollateX JSON in),
:mod:`~witnesscollate.tokenization`, :mod:`~witnesscollate.normalization`,
:mod:`~witnesscollate.alignment`, :mod:`~witnesscollate.analysis` (apparatus, alteration
report) and :mod:`~witnesscollate.rendering` (TEI, LaTeX, HTML, Markdown, CSV, JSON).
"""

from __future__ import annotations

from ._version import __version__
from .alignment import Cell, Collation, Column, Transposition, collate
from .alignment.many import CollationJob, CollationResult, collate_many
from .analysis.alterations import Alteration, AlterationReport, alterations
from .analysis.apparatus import Apparatus, Location, Reading, VariationUnit
from .analysis.classify import VariantType
from .analysis.units import build_apparatus
from .errors import (
    AlignmentError,
    CollationTimeoutError,
    CorpusError,
    InputError,
    RenderError,
    TEIError,
    TEIParseError,
    UnknownStateError,
    WitnessCollateError,
    WitnessError,
)
from .model import Hand, Lacuna, Note, Token, Witness, WitnessMetadata
from .reading import load_collatex_json, load_tei, load_tei_states, load_text
from .rendering import Format
from .tokenization import tokenize

__all__ = [
    "AlignmentError",
    "Alteration",
    "AlterationReport",
    "Apparatus",
    "Cell",
    "Collation",
    "CollationJob",
    "CollationResult",
    "CollationTimeoutError",
    "Column",
    "CorpusError",
    "Format",
    "Hand",
    "InputError",
    "Lacuna",
    "Location",
    "Note",
    "Reading",
    "RenderError",
    "TEIError",
    "TEIParseError",
    "Token",
    "Transposition",
    "UnknownStateError",
    "VariantType",
    "VariationUnit",
    "Witness",
    "WitnessCollateError",
    "WitnessError",
    "WitnessMetadata",
    "__version__",
    "alterations",
    "build_apparatus",
    "collate",
    "collate_many",
    "load_collatex_json",
    "load_tei",
    "load_tei_states",
    "load_text",
    "tokenize",
]
