"""witnesscollate: collate TEI witnesses token by token, publish the apparatus.

The package follows the Gothenburg model of collation, one subpackage per stage, imports
pointing one way (``docs/architecture.md``): :mod:`~witnesscollate.model` (the records),
:mod:`~witnesscollate.reading` (TEI, text, CollateX JSON in), :mod:`~witnesscollate.tokenization`,
:mod:`~witnesscollate.normalization`, :mod:`~witnesscollate.alignment`,
:mod:`~witnesscollate.analysis` (apparatus, alteration report) and
:mod:`~witnesscollate.rendering` (TEI, LaTeX, HTML, Markdown, CSV, JSON); :mod:`~witnesscollate.api`
composes them, and the command line (:mod:`~witnesscollate.cli`) calls it.
"""

from __future__ import annotations

from ._version import __version__
from .alignment.many import CollationJob, CollationResult, collate_many
from .api import (
    alterations,
    apparatus,
    collate,
    filter_apparatus,
    load_collatex_alignment,
    load_collatex_json,
    load_tei,
    load_tei_states,
    load_text,
    render,
    write,
)
from .errors import (
    AlignmentError,
    CollationTimeoutError,
    CorpusError,
    InputError,
    RenderError,
    TEIError,
    TEIParseError,
    TEIWarning,
    UnknownStateError,
    WitnessCollateError,
    WitnessCollateWarning,
    WitnessError,
)
from .model import (
    Alteration,
    AlterationReport,
    Apparatus,
    Block,
    Cell,
    Citation,
    Collation,
    Column,
    Hand,
    Lacuna,
    Location,
    Milestone,
    Note,
    Reading,
    Signal,
    Stemma,
    Stretch,
    Token,
    Transposition,
    VariantType,
    VariationUnit,
    Witness,
    WitnessMetadata,
)
from .reading import ParseLimits, ReaderReport
from .rendering import Format
from .tokenization import tokenize

#: The builder of an apparatus, under the name it had before the API module.
build_apparatus = apparatus

__all__ = [
    "AlignmentError",
    "Alteration",
    "AlterationReport",
    "Apparatus",
    "Block",
    "Cell",
    "Citation",
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
    "Milestone",
    "Note",
    "ParseLimits",
    "ReaderReport",
    "Reading",
    "RenderError",
    "Signal",
    "Stemma",
    "Stretch",
    "TEIError",
    "TEIParseError",
    "TEIWarning",
    "Token",
    "Transposition",
    "UnknownStateError",
    "VariantType",
    "VariationUnit",
    "Witness",
    "WitnessCollateError",
    "WitnessCollateWarning",
    "WitnessError",
    "WitnessMetadata",
    "__version__",
    "alterations",
    "apparatus",
    "build_apparatus",
    "collate",
    "collate_many",
    "filter_apparatus",
    "load_collatex_alignment",
    "load_collatex_json",
    "load_tei",
    "load_tei_states",
    "load_text",
    "render",
    "tokenize",
    "write",
]
