"""What every output prints for a reading and a siglum: the one home of the apparatus's words.

A reading is printed as a :class:`Label`: a term before it (*add.*), its text, and a term after
it (*om.*, *lac.*, *transp.*), decided from the reading's class by :func:`reading_label` alone,
so that Markdown, HTML, LaTeX and the report say the same thing of the same reading.  A siglum
is printed with its revision state as *a.c.*/*p.c.* (:func:`siglum_parts`), and a witness whose
text is not attested at the place gets :data:`UNATTESTED_MARK`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..analysis.citations import least_certain
from ..model import APPARATUS_TERMS, Apparatus, Reading, VariantType, Witness
from ..model.witness import has_inferred, is_inferred

__all__ = [
    "INFERRED_MARK",
    "LEGEND",
    "NO_TEXT",
    "UNATTESTED_MARK",
    "Label",
    "abridged_ends",
    "inferred_certainty",
    "inferring_witnesses",
    "label_parts",
    "reading_label",
    "siglum_parts",
    "term",
]

#: Printed after the siglum of a witness whose text here is supplied, not attested.
UNATTESTED_MARK = "°"

#: Printed for a reading with no text (the lemma where another witness adds): not a dash,
#: which a witness may read.
NO_TEXT = "∅"

LEGEND = (
    f"{UNATTESTED_MARK} after a siglum: the witness's text here is supplied or inferred, not "
    f"attested. {NO_TEXT}: no text."
)
"""The marks explained, for renderers that print them without a key of their own."""

_STATE_RE = re.compile(r"^(?P<base>.*?\S)[\s_-]+(?P<state>[ap]\.?\s?c\.?)$", re.IGNORECASE)


def term(key: str) -> str:
    """A Latin term of the apparatus (``"omission"`` → ``"om."``, ``"ac"`` → ``"a.c."``)."""
    return APPARATUS_TERMS[key]


@dataclass(frozen=True, slots=True)
class Label:
    """A reading as an apparatus entry prints it.

    ``before`` is a term printed before the text (``"add."``), ``text`` the reading (may be
    empty), ``after`` a term printed after it (``"om."``, ``"lac."``, ``"transp."``), and
    ``note`` a remark for readings that would otherwise look identical (``"spacing"``).
    ``names_class`` is True when a term already says the reading's class.
    """

    before: str | None
    text: str
    after: str | None
    note: str | None = None

    @property
    def names_class(self) -> bool:
        return self.before is not None or self.after is not None

    def parts(self) -> tuple[str, ...]:
        """The non-empty pieces in print order (term, text, term), unescaped."""
        return tuple(p for p in (self.before, self.text, self.after) if p)


def reading_label(reading: Reading, lemma: Reading) -> Label:
    """How a reading is printed against its lemma (the rule every output follows).

    - a lacuna: its legible text (if any), then *lac.*;
    - a transposed reading: its text, then *transp.*;
    - text where the lemma has none (an addition): *add.* before the text;
    - no text where the lemma has some (an omission): *om.*;
    - otherwise the text; if it equals the lemma's but for the space after it, ``note`` says
      ``"spacing"``.
    """
    return Label(*label_parts(reading, lemma))


def label_parts(reading: Reading, lemma: Reading) -> tuple[str | None, str, str | None, str | None]:
    """:func:`reading_label`'s ``before``, ``text``, ``after`` and ``note`` as a plain tuple,
    for a writer that prints every reading of a book (a :class:`Label` record costs about a
    microsecond to make, several times what deciding it costs)."""
    if reading.lemma:
        return None, reading.text, term("lacuna") if reading.lacuna else None, None
    if reading.lacuna:
        return None, reading.text, term("lacuna"), None
    kind = VariantType.UNATTESTED if reading.type is VariantType.UNATTESTED else reading.type
    if kind is VariantType.UNATTESTED:
        kind = next(
            (f for f in reading.flags if f not in (VariantType.UNATTESTED, VariantType.IDENTICAL)),
            kind,
        )
    if kind is VariantType.TRANSPOSITION:
        return None, reading.text, term("transposition"), None
    if reading.text and not lemma.text and not lemma.lacuna:
        return term("addition"), reading.text, None, None
    if not reading.text and (lemma.text or lemma.lacuna):
        return None, "", term("omission"), None
    note = "spacing" if reading.text == lemma.text and reading.ws != lemma.ws else None
    return None, reading.text, None, note


def siglum_parts(witness: Witness) -> tuple[str, str | None]:
    """A witness's siglum split into the document's siglum and its revision state.

    ``("B3", "ac")`` for a witness with ``state="ac"`` (as the TEI reader makes them) or for a
    bare siglum such as ``"B3 a.c."``; ``(siglum, None)`` otherwise.  Renderers print the state
    as a superscript *a.c.*/*p.c.* after the siglum, so it is never printed twice.
    """
    m = _STATE_RE.match(witness.siglum)
    if m is not None:
        return m.group("base"), m.group("state").replace(".", "").replace(" ", "").lower()
    state = (witness.state or "").replace(".", "").lower()
    if state in ("ac", "pc") and witness.base_siglum and witness.base_siglum != witness.siglum:
        base = witness.base_siglum
        inner = _STATE_RE.match(base)
        return (inner.group("base") if inner else base), state
    return witness.siglum, None


_HAS_WORD = re.compile(r"\w")


def abridged_ends(text: str, limit: int) -> tuple[str, str] | None:
    """The first and last words a long lemma is quoted by («ни … ЦК,»), or None if it has
    at most ``limit`` words.  Punctuation standing alone at either end (``", до …
    условиях"``) is not a word to quote; every printed output abridges so."""
    words = text.split()
    if len(words) <= limit:
        return None
    wordy = [w for w in words if _HAS_WORD.search(w)] or words
    return wordy[0], wordy[-1]


#: Printed after the siglum of a witness whose wording here the encoder inferred.
INFERRED_MARK = "?"


def inferred_certainty(apparatus: Apparatus, r: Reading, siglum: str) -> str | None:
    """Where the encoder inferred witness ``siglum``'s words in ``r`` (TEI ``<supplied
    reason="inferred">``: its own text, the wording not reported), the least certainty they
    state, ``""`` if none; None where its words here are not inferred."""
    marked = [t.cert for t in apparatus.tokens_of(r, siglum) if is_inferred(t)]
    if not marked:
        return None
    return least_certain(marked) or ""


def inferring_witnesses(apparatus: Apparatus) -> frozenset[str]:
    """The witnesses some of whose words the encoder inferred (plain text has none): the
    printed outputs mark those words after their sigla."""
    return frozenset(
        w.siglum for w in apparatus.witnesses if not w.without_provenance and has_inferred(w.tokens)
    )
