"""Analysis: from aligned columns to what editors publish.

:func:`build_apparatus` cuts a :class:`~witnesscollate.model.Collation` into the base text's
blocks and variation units (:mod:`.segmentation`), groups each unit's readings by exact text
(:mod:`.text`), classifies each against the lemma with a language profile (:mod:`.profiles`,
:mod:`.classify`), and decides once, for every output, what is attested, lost, transposed and
where it stands.  :func:`alterations` derives the report of what each witness changed along a
stemma from those units (:mod:`.signals` says what counts as saying so), and
:func:`filter_apparatus` selects part of an apparatus.  Assumes a collation in which every
token of every witness appears once, in order (what the alignment stage guarantees).
"""

from __future__ import annotations

from .alterations import alterations
from .citations import citations_of, least_certain
from .filters import filter_apparatus, parse_types
from .profiles import Profile, get_profile
from .signals import is_editorial_note
from .text import canonical_text
from .units import build_apparatus, unit_type

__all__ = [
    "Profile",
    "alterations",
    "build_apparatus",
    "canonical_text",
    "citations_of",
    "filter_apparatus",
    "get_profile",
    "is_editorial_note",
    "least_certain",
    "parse_types",
    "unit_type",
]
