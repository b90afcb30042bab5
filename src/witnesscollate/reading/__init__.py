"""Reading: TEI documents, plain text and CollateX JSON become :class:`~witnesscollate.model.Witness` objects.

A CollateX alignment table can also be read back as the :class:`~witnesscollate.model.Collation`
it records (:func:`load_collatex_alignment`).

This is the input end of the pipeline.  Readers call the tokenizer and the normalizer; they
never align or render.
"""

from __future__ import annotations

from .collatex_json import load_collatex_alignment, load_collatex_json
from .safexml import ParseLimits
from .tei import load_tei, load_tei_states
from .teireport import ReaderReport
from .text import build_tokens, load_text, normalizer_names

__all__ = [
    "ParseLimits",
    "ReaderReport",
    "build_tokens",
    "load_collatex_alignment",
    "load_collatex_json",
    "load_tei",
    "load_tei_states",
    "load_text",
    "normalizer_names",
]
