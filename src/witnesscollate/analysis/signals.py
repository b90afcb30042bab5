"""What counts as a witness saying that it changed its text.

An edition signals an alteration with a note of its own at the place (a footnote, an
endnote, a secretary's annotation), with its bracket convention for interpolations, or with a
general declaration in its ``editorialDecl`` ("orthography modernised").  Notes the corpus
encoder adds about sources, attestation or open questions (``open-question``, ``citation``,
``attestation``...), bibliographic lines and imprints (``imprint``, ``bibl``, ``source``) are
not the witness's voice and signal nothing.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from ..model import Note, Signal, VariantType, WitnessMetadata

__all__ = [
    "DECLARED_CLASSES",
    "EDITORIAL_NOTE_TYPES",
    "declared_classes",
    "is_editorial_note",
    "note_signal",
]

#: Note types in which a witness comments on its own text.  Untyped notes count too.
EDITORIAL_NOTE_TYPES = frozenset(
    {"editorial", "annotation", "transcriber", "emendation", "correction", "footnote", "gloss"}
)

#: ``editorialDecl`` elements and the classes of change each declares.
DECLARED_CLASSES: Mapping[str, frozenset[VariantType]] = {
    "normalization": frozenset({VariantType.ORTHOGRAPHY}),
    "hyphenation": frozenset({VariantType.ORTHOGRAPHY}),
    "quotation": frozenset({VariantType.ORTHOGRAPHY}),
    "punctuation": frozenset({VariantType.PUNCTUATION}),
}

_WS = re.compile(r"\s+")
_CLASS_WORDS = {t.value: t for t in VariantType}


def is_editorial_note(note: Note) -> bool:
    """True for a note in which the witness (an edition, a scribe) comments on its text."""
    return note.type is None or note.type.lower() in EDITORIAL_NOTE_TYPES


def note_signal(siglum: str, note: Note) -> Signal:
    """The :class:`Signal` a note gives."""
    return Signal(
        siglum,
        _WS.sub(" ", note.text).strip(),
        note.type,
        note.resp,
        note.xml_id,
        note.source_line,
        "note",
    )


def declared_classes(metadata: WitnessMetadata) -> dict[VariantType, str]:
    """The classes of change a witness's ``editorialDecl`` declares, with the declaration.

    By element (``normalization`` declares orthography, ``punctuation`` punctuation...), or
    where a declaration's text names a class (``"capitalisation modernised"``).
    """
    out: dict[VariantType, str] = {}
    for element, text in metadata.declarations:
        kinds = set(DECLARED_CLASSES.get(element, frozenset()))
        lowered = text.lower()
        kinds |= {t for word, t in _CLASS_WORDS.items() if word in lowered}
        for k in kinds:
            out.setdefault(k, _WS.sub(" ", text).strip())
    return out
