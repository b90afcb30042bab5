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
from .errors import (
    AlignmentError,
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
from .tokenization import tokenize

__all__ = [
    "AlignmentError",
    "Alteration",
    "AlterationReport",
    "Cell",
    "Collation",
    "CollationJob",
    "CollationResult",
    "Column",
    "CorpusError",
    "Hand",
    "InputError",
    "Lacuna",
    "Note",
    "RenderError",
    "TEIError",
    "TEIParseError",
    "Token",
    "Transposition",
    "UnknownStateError",
    "Witness",
    "WitnessCollateError",
    "WitnessError",
    "WitnessMetadata",
    "__version__",
    "alterations",
    "collate",
    "collate_many",
    "load_collatex_json",
    "load_tei",
    "load_tei_states",
    "load_text",
    "tokenize",
]
