"""The critical apparatus: variation units with classified readings and their locations.

:func:`~witnesscollate.analysis.units.build_apparatus` turns a :class:`~witnesscollate.alignment.Collation` into an
:class:`Apparatus`, the one output-independent structure that every renderer (TEI, LaTeX,
HTML, Markdown, CSV, JSON, pandas) reads.  Renderers never re-align: the apparatus carries
the whole running text as :attr:`Apparatus.segments`, shared stretches alternating with
variation units, so that a parallel-segmentation TEI or a synoptic table can be written from
it alone.

How text is compared
--------------------
A witness's text at a column is its tokens' ``text``, each followed by one space if the token
had any whitespace after it (and nothing after the witness's last token).  Runs of whitespace
(line breaks, double spaces) are thus one space, but a space that is present in one witness
and absent in another is kept, and is an orthographic (spacing) variant.  This is the text
that the TEI output reproduces for each witness (:func:`canonical_text`).  A column is
*variant* when the witnesses' texts there differ in any character (so «Вы»/«вы», which the
aligner's lenient ``norm`` treats as one word, is a variant) or when a witness has a lacuna.

Readings are grouped by exact text (not by ``norm``), with their witnesses in the collation's
witness order; the lemma is the base witness's reading and comes first.

Readings cite what attests them (:attr:`Reading.sources`, :attr:`Reading.cert`): see
:mod:`witnesscollate.analysis.citations`.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .._version import __version__
from ..alignment.collation import WitnessLookup
from ..errors import InputError, WitnessError
from ..model import FrozenMap, Token, Witness
from .citations import Citation, citations_of, least_certain
from .classify import VariantType

if TYPE_CHECKING:
    from ..alignment.collation import Collation
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
    "citations_of",
    "least_certain",
]


def canonical_text(witness: Witness) -> str:
    """The witness's text as the apparatus compares and the TEI output reproduces it.

    Tokens' text, each followed by a single space where the witness has any whitespace after
    it; no space before the first token or after the last.
    """
    return "".join(_piece(witness.tokens, len(witness.tokens) - 1))


def _piece(tokens: Sequence[Token], last_index: int) -> list[str]:
    out: list[str] = []
    for t in tokens:
        out.append(t.text)
        if t.ws and t.index != last_index:
            out.append(" ")
    return out


@dataclass(frozen=True, slots=True)
class Location:
    """Where a variation unit stands in the base text.

    ``start``/``end`` are the base witness's token indices (end exclusive; ``start == end``
    where the base has no text, e.g. at an addition, which then stands before token
    ``start``); ``char_start``/``char_end`` the same as character offsets in the base
    witness's :attr:`~witnesscollate.model.Witness.text`.  ``paragraph``, ``page`` and
    ``line`` come from the first base token (``pb``/``lb``/block in the TEI; at an addition,
    from the token before it), ``page_end``/``line_end`` from the last.  ``columns`` is the
    range of collation columns; ``xml_ids`` the ``xml:id``s of the base tokens' elements.
    """

    start: int
    end: int
    columns: tuple[int, int]
    char_start: int = 0
    char_end: int = 0
    paragraph: int | None = None
    page: str | None = None
    line: str | None = None
    page_end: str | None = None
    line_end: str | None = None
    xml_ids: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        """A short human reference, e.g. ``"¶ 5, p. 344, l. 12–13"`` (empty if nothing known)."""
        parts: list[str] = []
        if self.paragraph is not None:
            parts.append(f"¶ {self.paragraph}")
        if self.page is not None:
            page = self.page
            if self.page_end is not None and self.page_end != self.page:
                page += f"–{self.page_end}"
            parts.append(f"p. {page}")
        if self.line is not None:
            line = self.line
            if self.line_end is not None and self.line_end != self.line:
                line += f"–{self.line_end}"
            parts.append(f"l. {line}")
        return ", ".join(parts)


@dataclass(frozen=True, slots=True)
class Reading:
    """One reading of a variation unit: a text and the witnesses that have it.

    ``text`` is the reading as the witnesses have it (tokens with single spaces, see
    :func:`canonical_text`; empty for an omission or a lacuna); ``ws`` is ``" "`` if the
    witnesses have a space after it, else ``""`` (renderers that rebuild running text write
    ``text + ws``).  ``type`` classifies it against the lemma (``identical`` for the lemma
    itself); ``flags`` holds every finer class found (e.g. ``capitalisation`` beside
    ``grammatical``).  ``lacuna`` is True if the witnesses' text is unknown in (part of) the
    unit; ``attested`` is False if it is text the witnesses do not have but which was supplied
    to give context (TEI ``supplied reason="unattested"``).  ``group`` numbers the readings
    that differ only orthographically (TEI ``rdgGrp``): equal groups, one spelling family.
    ``spans`` gives each witness's token range ``(siglum, start, end)`` and ``xml_ids`` the
    ``xml:id``s of those tokens' elements.  ``sources`` says what attests the reading for each
    witness (:class:`Citation` s, in witness order; empty where the witness's TEI cites
    nothing) and ``cert`` is the least certainty among them (``None`` if none is given).
    """

    text: str
    witnesses: tuple[str, ...]
    lemma: bool = False
    type: VariantType = VariantType.IDENTICAL
    flags: frozenset[VariantType] = frozenset()
    ws: str = ""
    group: int = 0
    lacuna: bool = False
    attested: bool = True
    spans: tuple[tuple[str, int, int], ...] = ()
    xml_ids: tuple[str, ...] = ()
    sources: tuple[Citation, ...] = ()
    cert: str | None = None

    @property
    def substantive(self) -> bool:
        """True if the reading differs from the lemma in its words."""
        return self.type.substantive

    @property
    def empty(self) -> bool:
        """True if the witnesses have no text here (omission, lacuna, or the lemma of an addition)."""
        return not self.text


@dataclass(frozen=True, slots=True)
class VariationUnit:
    """A place where the witnesses differ: a lemma and the other readings.

    ``id`` is stable for a given collation and segmentation (``"app1"``, ``"app2"``... in text
    order; a filtered apparatus keeps the ids).  ``readings`` starts with the lemma.  ``type``
    is the most substantive class among the readings (lacuna or unattested only when nothing
    else differs).  ``columns`` is the range of collation columns (end exclusive);
    ``transposition`` the id of the collation's transposition the unit belongs to, if any.
    """

    id: str
    index: int
    location: Location
    readings: tuple[Reading, ...]
    type: VariantType
    columns: tuple[int, int]
    transposition: int | None = None

    @property
    def lemma(self) -> Reading:
        """The base witness's reading."""
        return self.readings[0]

    @property
    def variants(self) -> tuple[Reading, ...]:
        """The readings other than the lemma."""
        return self.readings[1:]

    @property
    def substantive(self) -> bool:
        """True if some reading differs from the lemma in its words."""
        return any(r.substantive for r in self.readings)

    @property
    def types(self) -> frozenset[VariantType]:
        """The classes of the readings other than the lemma."""
        return frozenset(r.type for r in self.variants)

    @property
    def witnesses(self) -> tuple[str, ...]:
        """Every siglum that has a reading in the unit."""
        return tuple(s for r in self.readings for s in r.witnesses)

    def reading_of(self, siglum: str) -> Reading:
        """The reading a witness has in this unit."""
        for r in self.readings:
            if siglum in r.witnesses:
                return r
        raise WitnessError(
            f"witness {siglum!r} has no reading in unit {self.id}",
            hint=f"use one of: {', '.join(self.witnesses)}",
        )


@dataclass(frozen=True, slots=True)
class Stretch:
    """Running text that every witness has alike (between two variation units).

    ``text`` ends with the space that follows it, if any; ``columns`` and ``start``/``end``
    (base token indices) say where it comes from.
    """

    text: str
    columns: tuple[int, int]
    start: int
    end: int


Segment = Stretch | VariationUnit


@dataclass(frozen=True)
class Apparatus(WitnessLookup):
    """A critical apparatus: the base text with its variation units, ready to render.

    ``witnesses`` are the collated witnesses in the collation's order, ``base`` the siglum of
    the base text (copy-text); ``segments`` the whole running text, shared :class:`Stretch`
    es alternating with :class:`VariationUnit` s (every unit, even those a filter hid);
    ``units`` the units selected (all, unless :meth:`filter` was used).  ``segmentation``
    (``"word"`` or ``"phrase"``), ``morphology`` (``"pymorphy3"`` or ``"stem-heuristic"``),
    ``normalizers``, ``engine``, ``options`` and ``version`` record how the apparatus was made,
    for the outputs' metadata (e.g. TEI ``appInfo``).
    """

    witnesses: tuple[Witness, ...]
    base: str
    units: tuple[VariationUnit, ...]
    segments: tuple[Segment, ...]
    segmentation: str = "phrase"
    morphology: str = "pymorphy3"
    normalizers: tuple[str, ...] = ()
    engine: str = "native"
    version: str = __version__
    options: Mapping[str, Any] = field(default_factory=FrozenMap)
    filters: Mapping[str, Any] = field(default_factory=FrozenMap)
    collation: Collation | None = field(default=None, compare=False, repr=False)

    # --- access ------------------------------------------------------------------------

    @property
    def base_witness(self) -> Witness:
        """The witness that gives the lemmata."""
        return self.witness(self.base)

    @property
    def base_text(self) -> str:
        """The running base text (see :func:`canonical_text`)."""
        return self.text_of(self.base)

    def text_of(self, siglum: str) -> str:
        """A witness's running text, rebuilt from :attr:`segments` (no re-alignment)."""
        out: list[str] = []
        for seg in self.segments:
            if isinstance(seg, Stretch):
                out.append(seg.text)
            else:
                r = seg.reading_of(siglum)
                out.append(r.text + r.ws)
        return "".join(out)

    def is_selected(self, unit: VariationUnit) -> bool:
        """True if ``unit`` is among :attr:`units` (not hidden by a filter)."""
        return unit.id in self._selected_ids

    @cached_property
    def _selected_ids(self) -> frozenset[str]:
        return frozenset(u.id for u in self.units)

    def runs(self) -> tuple[Segment, ...]:
        """:attr:`segments` with the hidden units turned into base-text stretches.

        What a renderer of a filtered apparatus walks: the base text, with only the selected
        units as units.
        """
        selected = self._selected_ids
        out: list[Segment] = []
        for seg in self.segments:
            if isinstance(seg, VariationUnit) and seg.id not in selected:
                lem = seg.lemma
                seg = Stretch(
                    lem.text + lem.ws,
                    seg.columns,
                    seg.location.start,
                    seg.location.end,
                )
            if isinstance(seg, Stretch) and out and isinstance(out[-1], Stretch):
                prev = out[-1]
                seg = Stretch(
                    prev.text + seg.text, (prev.columns[0], seg.columns[1]), prev.start, seg.end
                )
                out[-1] = seg
            else:
                out.append(seg)
        return tuple(out)

    def __len__(self) -> int:
        return len(self.units)

    def __iter__(self) -> Iterator[VariationUnit]:
        return iter(self.units)

    def __getitem__(self, index: int) -> VariationUnit:
        return self.units[index]

    def unit(self, unit_id: str) -> VariationUnit:
        """The unit with this id (selected or not)."""
        for seg in self.segments:
            if isinstance(seg, VariationUnit) and seg.id == unit_id:
                return seg
        raise InputError(f"no variation unit {unit_id!r} in this apparatus")

    def __repr__(self) -> str:
        return (
            f"Apparatus(base={self.base!r}, witnesses={list(self.sigla)}, "
            f"units={len(self.units)}, segmentation={self.segmentation!r}, "
            f"morphology={self.morphology!r})"
        )

    # --- filters -----------------------------------------------------------------------

    def filter(
        self,
        *,
        substantive: bool | None = None,
        types: Iterable[VariantType | str] | None = None,
        witnesses: Iterable[str] | None = None,
    ) -> Apparatus:
        """A new apparatus with only some units (and witnesses); see :mod:`.filters`."""
        from .filters import filter_apparatus

        return filter_apparatus(self, substantive=substantive, types=types, witnesses=witnesses)

    # --- output ------------------------------------------------------------------------

    def render(self, fmt: Any = "tei", **opts: Any) -> str:
        """The apparatus in a format (a :class:`~witnesscollate.rendering.Format` or its name)."""
        from ..rendering import render

        return render(self, fmt, **opts)

    def to_tei(self, **opts: Any) -> str:
        """A TEI P5 document in parallel segmentation."""
        return self.render("tei", **opts)

    def to_json(self, **opts: Any) -> str:
        """The apparatus as JSON (schema in ``docs/apparatus.md``)."""
        return self.render("json", **opts)

    def to_markdown(self, **opts: Any) -> str:
        """The apparatus as a Markdown table."""
        return self.render("markdown", **opts)

    def to_csv(self, **opts: Any) -> str:
        """The apparatus as CSV, one row per reading."""
        return self.render("csv", **opts)

    def to_dataframe(self, form: str = "long") -> Any:
        """A pandas DataFrame, ``"long"`` (unit × reading) or ``"wide"`` (unit × siglum)."""
        from ..rendering.dataframe import to_dataframe

        return to_dataframe(self, form=form)

    def write(self, path: str | os.PathLike[str], fmt: Any = None, **opts: Any) -> Path:
        """Render and write atomically; the format is inferred from the suffix if not given.

        Raises :class:`~witnesscollate.errors.RenderError` if ``path`` cannot be written (no
        partial file is left) or the suffix names no format.
        """
        from ..rendering import write

        return write(self, path, fmt, **opts)

    def _repr_html_(self) -> str:
        from ..rendering import Format, renderer  # the HTML renderer, imported only now

        return renderer(Format.HTML)(self, standalone=False)


def unit_type(variants: Iterable[Reading]) -> VariantType:
    """The class of a unit: the most substantive of its variant readings.

    Lacuna and unattested count only when nothing else differs.
    """
    types: list[VariantType] = [r.type for r in variants]
    textual = [t for t in types if t not in (VariantType.LACUNA, VariantType.UNATTESTED)]
    pool = textual or types
    if not pool:
        return VariantType.IDENTICAL
    return max(pool, key=lambda t: t.rank)


def __getattr__(name: str) -> Any:
    """``build_apparatus`` lives in :mod:`.units`; kept importable from here (and for pickles)."""
    if name == "build_apparatus":
        from .units import build_apparatus  # the builder imports this module: import it late

        return build_apparatus
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
