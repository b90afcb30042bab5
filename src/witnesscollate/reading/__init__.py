"""Reading: TEI documents, plain text and CollateX JSON become :class:`~witnesscollate.model.Witness` objects.

This is the input end of the pipeline.  Readers call the tokenizer and the normalizer; they
never align or render.
"""

from __future__ import annotations

from .text import build_tokens, load_text, normalizer_names

__all__ = ["build_tokens", "load_text", "normalizer_names"]
