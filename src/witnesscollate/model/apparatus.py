"""The critical apparatus: the base text in blocks, with variation units and their readings.

:func:`witnesscollate.api.apparatus` (the analysis stage) builds an :class:`Apparatus` from a
:class:`~witnesscollate.model.Collation`; every renderer reads it and nothing else.  The
apparatus carries the whole running text of the base witness as :attr:`Apparatus.blocks`
(the base's paragraphs, headings, closers...), each a sequence of shared :class:`Stretch` es,
:class:`Milestone` s (the base's page, column and line breaks, at their place) and
:class:`VariationUnit` s, so that a parallel-segmentation TEI, a printed edition or a synoptic
table is written from it alone, without walking tokens again.

Units nest.  Where a witness is absent for a while (it ends early, a lacuna, a long omission),
its absence is one unit, and the differences among the witnesses that do have text there are
units *inside* it (:attr:`VariationUnit.content`), which speak only for those witnesses
(:attr:`VariationUnit.scope`).  A unit never spans a paragraph boundary of the base.

How text is compared: a witness's text in a unit is its tokens' ``text``, each followed by one
space if the token had any whitespace after it (nothing after the witness's last token).  Runs
of whitespace are thus one space, but a space present in one witness and absent in another is
kept (an orthographic variant).  Readings are grouped by that exact text.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from operator import attrgetter
from pathlib import Path
from typing import Any

from .._version import __version__
from ..errors import InputError, WitnessError
from ._base import FrozenMap, record_maker
from ._hooks import pipeline
from .variants import VariantType
from .witness import _START_BITS, Token, Witness, WitnessLookup

#: A reading's token range in one witness: ``(siglum, start, end)``.
Span = tuple[str, int, int]
_SUBSTANTIVE = attrgetter("substantive")

__all__ = [
    "Apparatus",
    "Block",
    "Citation",
    "Location",
    "Milestone",
    "Reading",
    "Segment",
    "Stretch",
    "VariationUnit",
    "segment_text",
]

#: Printed names of the blocks that are not text paragraphs, for location labels.
BLOCK_NAMES: Mapping[str, str] = FrozenMap(
    {
        "head": "heading",
        "opener": "opener",
        "closer": "closer",
        "dateline": "dateline",
        "salute": "salutation",
        "signed": "signature",
        "byline": "byline",
        "docTitle": "title",
        "trailer": "trailer",
        "postscript": "postscript",
        "note": "note",
        "l": "verse",
        "sp": "speech",
        "stage": "stage direction",
    }
)


@dataclass(frozen=True, slots=True)
class Citation:
    """A work that a witness's TEI cites for its text in a reading (``@source``).

    ``witness`` is the siglum, ``ref`` the ``xml:id`` the TEI points to, ``text`` the one-line
    citation from that witness's header (the ``ref`` itself if the header does not define
    it), ``cert`` the least certainty (``@cert``) given for the witness's tokens that cite it.
    ``str()`` gives ``"K56: <citation>"``.
    """

    witness: str
    ref: str
    text: str
    cert: str | None = None

    def __str__(self) -> str:
        return f"{self.witness}: {self.text}"


@dataclass(frozen=True, slots=True)
class Location:
    """Where a variation unit stands in the base text.

    ``start``/``end`` are the lemma witness's token indices (end exclusive; ``start == end``
    where it has no text, e.g. at an addition, which then stands before token ``start``);
    ``char_start``/``char_end`` the same as character offsets in its
    :attr:`~witnesscollate.model.Witness.text`.  ``block`` is the block (TEI ``p``, ``head``,
    ``closer``...) the unit stands in, ``block_kind`` its element name and ``paragraph`` its
    number among the text paragraphs (``p`` only, so a heading does not shift the count; None
    in another kind of block).  ``page`` and ``line`` come from the first token
    (``pb``/``lb`` in the TEI; at an addition, from the token before it), ``page_end`` and
    ``line_end`` from the last.  ``columns`` is the range of collation columns; ``xml_ids``
    the ``xml:id`` s of the tokens' elements.
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
    block: int | None = None
    block_kind: str | None = None

    @property
    def label(self) -> str:
        """A short human reference, e.g. ``"¶ 5, p. 344, l. 12–13"`` (empty if nothing known)."""
        if self.page is None and self.line is None and self.paragraph is not None:
            return f"¶ {self.paragraph}"  # most units of a text without page or line breaks
        parts: list[str] = []
        if self.paragraph is not None:
            parts.append(f"¶ {self.paragraph}")
        elif self.block_kind is not None and self.block_kind != "p":
            parts.append(BLOCK_NAMES.get(self.block_kind, self.block_kind))
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

    ``text`` is the reading as the witnesses have it (empty for an omission or a lacuna);
    ``ws`` is ``" "`` if they have a space after it, else ``""``.  ``type`` classifies it
    against the lemma (``identical`` for the lemma itself) and ``flags`` holds every finer
    class found (e.g. ``capitalisation`` beside ``grammatical``); ``substantive`` says whether
    the apparatus's profile counts the difference as substantive (a class, or e.g. the
    Russian pronoun of address, «Вами»/«вами»).  ``lacuna`` is True if the witnesses' text is
    unknown in (part of) the unit.  ``unattested`` lists the witnesses whose text here is not
    attested (supplied from another witness for context, :attr:`Token.attested`): a reading
    can be attested in one witness and not in another.  ``group`` numbers the readings that
    differ only orthographically (TEI ``rdgGrp``).  ``spans`` gives each witness's token
    range ``(siglum, start, end)``, in the order of ``witnesses`` (a witness without tokens
    here has none); ``xml_ids`` the ``xml:id`` s of those tokens' elements; ``sources``
    what attests the reading for each witness (:class:`Citation` s) and ``cert`` the least
    certainty among them.  ``lead`` is ``" "`` where the witnesses have a space before the
    reading that the text before it, the base's, lacks («know» + « (of the incident)» where
    the base reads «know?»), and on the lemma where another witness's reading there begins
    with a mark that follows the word unspaced («heart» + « [soul]» where another reads
    «heart.»): the writers that set the base text print the lemma's ``lead`` before it.
    Rebuilding a witness's text reads ``lead + text + ws``.

    ``spans`` may be given as a :class:`ColumnSpans`, where to read them in the collation:
    the apparatus builder does, and ``reading.spans`` is then made on access (equality,
    hashing, ``repr``, pickling and :func:`dataclasses.replace` all see the tuple).
    """

    text: str
    witnesses: tuple[str, ...]
    lemma: bool = False
    type: VariantType = VariantType.IDENTICAL
    flags: frozenset[VariantType] = frozenset()
    ws: str = ""
    group: int = 0
    lacuna: bool = False
    unattested: tuple[str, ...] = ()
    spans: tuple[Span, ...] = ()
    xml_ids: tuple[str, ...] = ()
    sources: tuple[Citation, ...] = ()
    cert: str | None = None
    substantive: bool = False
    lead: str = ""

    @property
    def attested(self) -> bool:
        """True if every witness of the reading is known to have this text here."""
        return not self.unattested

    @property
    def attested_witnesses(self) -> tuple[str, ...]:
        """The witnesses known to have this text here."""
        return tuple(s for s in self.witnesses if s not in self.unattested)

    @property
    def empty(self) -> bool:
        """True if the witnesses have no text here (omission, lacuna, lemma of an addition)."""
        return not self.text

    def is_attested(self, siglum: str) -> bool:
        """True if witness ``siglum`` (one of :attr:`witnesses`) is known to have this text."""
        return siglum not in self.unattested

    def span_of(self, siglum: str) -> Span | None:
        """Witness ``siglum``'s token range ``(siglum, start, end)`` here, or None if it has no
        tokens in this reading (the one entry of :attr:`spans`, read alone)."""
        given = _SPANS_SLOT.__get__(self, Reading)
        if type(given) is ColumnSpans:
            return given.span(siglum) if siglum in self.witnesses else None
        for span in given:
            if span[0] == siglum:
                return span  # type: ignore[no-any-return]
        return None


class ColumnSpans:
    """The :attr:`Reading.spans` of a unit's readings, kept as where to read them: the
    collation's columns ``start``..``end`` (end exclusive), in the rows of the reading's
    witnesses.

    A book's apparatus has a hundred thousand units, and stored, the spans of one unit of
    ten witnesses are ten tuples and twenty integers (a kilobyte; 86 MB on ten witnesses of
    a million tokens), which few outputs read.  One object per unit, shared by its readings,
    instead; a witness's span is its first and last token in those columns.  It keeps the
    columns (the collation) alive as long as the readings.
    """

    __slots__ = ("_columns", "_table")

    def __init__(
        self,
        table: tuple[Sequence[Sequence[Sequence[Token]]], Mapping[str, int]],
        columns: tuple[int, int],
    ) -> None:
        #: the collation's columns (each the sequence of its cells) and each siglum's row
        self._table = table
        self._columns = columns

    def __repr__(self) -> str:
        return f"ColumnSpans(columns={self._columns!r})"

    def spans(self, witnesses: Iterable[str]) -> tuple[Span, ...]:
        """``(siglum, start, end)`` of each of ``witnesses`` that has tokens in the columns."""
        columns, row_of = self._table
        c0, c1 = self._columns
        if c1 == c0 + 1:  # one column (most units): each witness's cell is its span
            col = columns[c0]
            return tuple(
                (s, cell[0][3] >> _START_BITS, (cell[-1][3] >> _START_BITS) + 1)
                for s in witnesses
                if (cell := col[row_of[s]])
            )
        out: list[Span] = []
        for siglum in witnesses:
            span = self._span(columns, row_of[siglum], c0, c1, siglum)
            if span is not None:
                out.append(span)
        return tuple(out)

    def span(self, siglum: str) -> Span | None:
        """``(siglum, start, end)`` of one witness, or None if it has no tokens here."""
        columns, row_of = self._table
        c0, c1 = self._columns
        if c1 == c0 + 1:
            cell = columns[c0][row_of[siglum]]
            if not cell:
                return None
            return (siglum, cell[0][3] >> _START_BITS, (cell[-1][3] >> _START_BITS) + 1)
        return self._span(columns, row_of[siglum], c0, c1, siglum)

    def one_token(self, siglum: str) -> tuple[Token] | None:
        """The witness's tokens here when the columns are one and it has one token there
        (its span's tokens: a collation's row is its witness's tokens in order); else None."""
        c0, c1 = self._columns
        if c1 != c0 + 1:
            return None
        columns, row_of = self._table
        cell = columns[c0][row_of[siglum]]
        return (cell[0],) if len(cell) == 1 else None

    # (a token's index is its place shifted, read here without Token.index's Python call:
    # the TEI writer asks a span of every witness of every reading of a book)
    @staticmethod
    def _span(
        columns: Sequence[Sequence[Sequence[Token]]], r: int, c0: int, c1: int, siglum: str
    ) -> Span | None:
        for c in range(c0, c1):
            first = columns[c][r]
            if first:
                break
        else:
            return None  # no tokens here: no span
        for c in range(c1 - 1, c0 - 1, -1):  # (stops at the first's column at the latest)
            last = columns[c][r]
            if last:
                break
        return (siglum, first[0][3] >> _START_BITS, (last[-1][3] >> _START_BITS) + 1)


#: The slot that holds a reading's spans, as given (a tuple or a :class:`ColumnSpans`).
_SPANS_SLOT = Reading.__dict__["spans"]


def _reading_spans(reading: Reading) -> tuple[Span, ...]:
    value = _SPANS_SLOT.__get__(reading, Reading)
    if type(value) is ColumnSpans:
        return value.spans(reading.witnesses)
    return value  # type: ignore[no-any-return]


def spans_as_given(reading: Reading) -> tuple[Span, ...] | ColumnSpans:
    """What a reading's spans were given as: the tuple, or the :class:`ColumnSpans` they are
    read from (which a reading of some of the same witnesses can be given in turn: its spans
    are then those of its witnesses)."""
    given: tuple[Span, ...] | ColumnSpans = _SPANS_SLOT.__get__(reading, Reading)
    return given


#: A reading from all its fields, positional, for the apparatus builder (no keyword parsing:
#: a book has a few hundred thousand readings; :func:`~._base.record_maker`).  Made before
#: ``spans`` becomes a property, so that it stores into the slot as the property would.
new_reading = record_maker(Reading)

# ``spans`` read through the slot: the tuple given, or made from the ColumnSpans given.  The
# dataclass's __init__, __eq__, __hash__, __repr__ and pickling all go through it.
setattr(  # noqa: B010
    Reading,
    "spans",
    property(
        _reading_spans,
        _SPANS_SLOT.__set__,
        doc="Each witness's token range ``(siglum, start, end)``.",
    ),
)


@dataclass(frozen=True, slots=True)
class Stretch:
    """Running text that every witness in scope has alike.

    ``text`` ends with the space that follows it, if any; ``witness`` is the siglum whose
    tokens ``start``..``end`` it is (the base, or inside a nested unit without the base, the
    unit's lemma witness); ``columns`` the collation columns.
    """

    text: str
    columns: tuple[int, int]
    start: int
    end: int
    witness: str = ""


@dataclass(frozen=True, slots=True)
class Milestone:
    """A page, column or line break of the lemma witness, at its place (TEI ``pb``/``cb``/``lb``).

    ``token`` is the index of the token it stands before; ``n`` its number.
    """

    kind: str
    n: str | None
    token: int
    witness: str = ""


@dataclass(frozen=True, slots=True)
class VariationUnit:
    """A place where the witnesses differ: a lemma and the other readings.

    ``id`` is stable for a collation and its settings (``"app1"``, ``"app2"``... in text order,
    outer units before the units they contain); ``index`` its position in that order.
    ``readings`` starts with the lemma.  ``type`` is the most substantive class among the
    readings (lacuna or unattested only when nothing else differs).  ``columns`` is the range
    of collation columns (end exclusive); ``transposition`` the id of the collation's
    transposition the unit belongs to, if any.

    Nesting: ``scope`` lists the witnesses the unit speaks for (all, at the top; inside
    another unit, the witnesses of that unit's lemma); ``parent`` is the id of the enclosing
    unit; ``content`` the text of :attr:`content_reading` as :class:`Stretch` es,
    :class:`Milestone` s and nested units (what a nested TEI ``lem`` holds);
    ``lemma_witness`` the witness whose tokens the lemma (and the content) are: the base,
    unless the base is not in scope or is the absent witness of an absence unit; then the
    witness whose text most of those with text share (ties: the longest, then the first
    siglum in sort order), never one chosen by the witnesses' order.  The unit's
    ``location`` counts in that witness's tokens, but its paragraph, page and line (the
    label) are always the base's, at the nearest base token.
    """

    id: str
    index: int
    location: Location
    readings: tuple[Reading, ...]
    type: VariantType
    columns: tuple[int, int]
    transposition: int | None = None
    scope: tuple[str, ...] = ()
    parent: str | None = None
    content: tuple[Segment, ...] = ()
    lemma_witness: str = ""

    @property
    def lemma(self) -> Reading:
        """The lemma (the base witness's reading)."""
        return self.readings[0]

    @property
    def variants(self) -> tuple[Reading, ...]:
        """The readings other than the lemma."""
        return self.readings[1:]

    @property
    def substantive(self) -> bool:
        """True if some reading differs substantively from the lemma."""
        # (in C, not a generator: the writers ask it of every unit of a book)
        return any(map(_SUBSTANTIVE, self.readings[1:]))

    @property
    def types(self) -> frozenset[VariantType]:
        """The classes of the readings other than the lemma."""
        return frozenset(r.type for r in self.variants)

    @property
    def witnesses(self) -> tuple[str, ...]:
        """Every siglum that has a reading in the unit."""
        return tuple(s for r in self.readings for s in r.witnesses)

    @property
    def content_reading(self) -> Reading | None:
        """The reading whose text :attr:`content` spells out (with the nested units): the
        lemma witness's.  In an absence unit where the base is absent, that is not the lemma."""
        if not self.content:
            return None
        for r in self.readings:
            if self.lemma_witness in r.witnesses:
                return r
        return None

    @property
    def children(self) -> tuple[VariationUnit, ...]:
        """The units directly inside this one."""
        return tuple(s for s in self.content if isinstance(s, VariationUnit))

    def reading_of(self, siglum: str) -> Reading:
        """The reading a witness has in this unit."""
        for r in self.readings:
            if siglum in r.witnesses:
                return r
        raise WitnessError(
            f"witness {siglum!r} has no reading in unit {self.id}",
            hint=f"use one of: {', '.join(self.witnesses)}",
        )

    def walk(self) -> Iterator[VariationUnit]:
        """This unit and every unit inside it, outer first."""
        yield self
        for child in self.children:
            yield from child.walk()


Segment = Stretch | Milestone | VariationUnit


@dataclass(frozen=True, slots=True)
class Block:
    """One block of the base text: a paragraph, heading, closer... with its segments.

    ``index`` is the base tokens' :attr:`~witnesscollate.model.Token.paragraph` (the block's
    number among all blocks); ``kind`` the TEI element (``"p"`` for a plain-text paragraph);
    ``number`` its number among the text paragraphs (``p`` only; None for other kinds).
    """

    index: int
    kind: str
    number: int | None
    segments: tuple[Segment, ...]

    def units(self) -> Iterator[VariationUnit]:
        """Every unit in the block, outer first."""
        for seg in self.segments:
            if isinstance(seg, VariationUnit):
                yield from seg.walk()


@dataclass(frozen=True)
class Apparatus(WitnessLookup):
    """A critical apparatus: the base text with its variation units, ready to render.

    ``witnesses`` are the collated witnesses in the collation's order, ``base`` the siglum of
    the base text (copy-text); ``blocks`` the whole running text (every unit, even those a
    filter hid); ``units`` the units selected (all, outer before inner, unless
    :meth:`filter` was used).  ``segmentation``, ``profile`` (the language profile that
    classified the readings, e.g. ``"ru (pymorphy3)"``), ``normalizers``, ``engine``,
    ``options`` and ``version`` record how the apparatus was made, for the outputs' metadata
    (e.g. TEI ``appInfo``); ``filters`` the filters applied.  ``collation`` and
    ``analyzer`` (the profile object) are kept for the analyses that follow (the alteration
    report), not for output.
    """

    witnesses: tuple[Witness, ...]
    base: str
    units: tuple[VariationUnit, ...]
    blocks: tuple[Block, ...]
    segmentation: str = "phrase"
    profile: str = "generic"
    normalizers: tuple[str, ...] = ()
    engine: str = "native"
    version: str = __version__
    options: Mapping[str, Any] = field(default_factory=FrozenMap)
    filters: Mapping[str, Any] = field(default_factory=FrozenMap)
    # the Collation it was built from (typed Any: model/collation.py imports this module)
    collation: Any = field(default=None, compare=False, repr=False)
    analyzer: Any = field(default=None, compare=False, repr=False)

    def __getstate__(self) -> dict[str, Any]:
        # the profile object holds analyzers that do not pickle: a pickled apparatus keeps
        # its records (and the profile's name), not the means to classify more readings
        state = dict(self.__dict__)
        state["analyzer"] = None
        return state

    # --- access ------------------------------------------------------------------------

    @property
    def base_witness(self) -> Witness:
        """The witness that gives the lemmata."""
        return self.witness(self.base)

    @property
    def base_text(self) -> str:
        """The running base text, rebuilt from the blocks (blocks joined by a blank line)."""
        return self.text_of(self.base)

    @property
    def all_units(self) -> tuple[VariationUnit, ...]:
        """Every unit, selected or not, outer before inner, in text order."""
        return self._all_units

    @cached_property
    def _all_units(self) -> tuple[VariationUnit, ...]:
        return tuple(u for b in self.blocks for u in b.units())

    @cached_property
    def _selected_ids(self) -> frozenset[str]:
        return frozenset(u.id for u in self.units)

    @cached_property
    def _by_id(self) -> Mapping[str, VariationUnit]:
        return {u.id: u for u in self._all_units}

    def is_selected(self, unit: VariationUnit) -> bool:
        """True if ``unit`` is among :attr:`units` (not hidden by a filter)."""
        return unit.id in self._selected_ids

    def unit(self, unit_id: str) -> VariationUnit:
        """The unit with this id (selected or not)."""
        try:
            return self._by_id[unit_id]
        except KeyError:
            raise InputError(f"no variation unit {unit_id!r} in this apparatus") from None

    def text_of(self, siglum: str) -> str:
        """A witness's running text, rebuilt from the blocks (no re-alignment).

        Tokens' text with single spaces (see the module docstring); blocks are joined by the
        separator the witness has between them, as one space.
        """
        return "".join(self.texts_of(siglum))

    def texts_of(self, siglum: str) -> Iterator[str]:
        """The pieces :meth:`text_of` joins, one per segment in text order: for a caller that
        looks for something in the text and may stop at the first piece that has it."""
        self.witness(siglum)  # a WitnessError names the known sigla
        return (segment_text(seg, siglum) for b in self.blocks for seg in b.segments)

    def text_in(self, unit: VariationUnit, siglum: str) -> str:
        """A witness's own text in a unit (through the units nested in it)."""
        return segment_text(unit, siglum)

    def tokens_of(self, reading: Reading, siglum: str) -> tuple[Token, ...]:
        """The tokens of witness ``siglum`` that make its text in ``reading`` (none: ``()``)."""
        # (the TEI writer asks this of every witness of every reading: no span is made where
        # the reading's one column holds the witness's one token)
        given = _SPANS_SLOT.__get__(reading, Reading)
        if type(given) is ColumnSpans:
            if siglum not in reading.witnesses:
                return ()
            one = given.one_token(siglum)
            if one is not None:
                return one
            span = given.span(siglum)
        else:
            for s, start, end in given:
                if s == siglum:
                    return self.witness(siglum).tokens[start:end]
            return ()
        if span is None:
            return ()
        tokens = self._tokens_by_siglum.get(siglum)
        if tokens is None:
            self.witness(siglum)  # a WitnessError names the known sigla
        return tokens[span[1] : span[2]]  # type: ignore[index]

    @cached_property
    def _tokens_by_siglum(self) -> Mapping[str, tuple[Token, ...]]:
        """Each witness's tokens by siglum (the first witness of a siglum, as
        :meth:`witness`)."""
        out: dict[str, tuple[Token, ...]] = {}
        for w in self.witnesses:
            out.setdefault(w.siglum, w.tokens)
        return out

    def runs(self, block: Block) -> tuple[Segment, ...]:
        """A block's segments as a renderer of this (filtered) apparatus walks them."""
        return self.visible(block.segments)

    def visible(self, segments: Iterable[Segment]) -> tuple[Segment, ...]:
        """``segments`` as a renderer of this (filtered) apparatus shows them.

        Units hidden by a filter give way to their lemma's content (the base text, with any
        selected unit inside them, or the lemma's text if it has no content), and
        neighbouring stretches are joined.
        """
        out: list[Segment] = []
        self._flatten(segments, out)
        return tuple(out)

    def _flatten(self, segments: Iterable[Segment], out: list[Segment]) -> None:
        for seg in segments:
            if isinstance(seg, VariationUnit) and not self.is_selected(seg):
                if seg.content and seg.content_reading is seg.lemma:
                    self._flatten(seg.content, out)
                else:  # the lemma's own text (its content is another witness's)
                    lem = seg.lemma
                    text = lem.lead + lem.text + lem.ws
                    if text:
                        loc = seg.location
                        stretch = Stretch(text, seg.columns, loc.start, loc.end, seg.lemma_witness)
                        self._flatten((stretch,), out)
                continue
            if isinstance(seg, Stretch) and out and isinstance(out[-1], Stretch):
                prev = out[-1]
                out[-1] = Stretch(
                    prev.text + seg.text,
                    (prev.columns[0], seg.columns[1]),
                    prev.start,
                    seg.end,
                    prev.witness,
                )
            else:
                out.append(seg)

    def __len__(self) -> int:
        return len(self.units)

    def __iter__(self) -> Iterator[VariationUnit]:
        return iter(self.units)

    def __getitem__(self, index: int) -> VariationUnit:
        return self.units[index]

    def __repr__(self) -> str:
        return (
            f"Apparatus(base={self.base!r}, witnesses={list(self.sigla)}, "
            f"units={len(self.units)}, segmentation={self.segmentation!r}, "
            f"profile={self.profile!r})"
        )

    # --- convenience: one-line calls into witnesscollate.api ---------------------------

    def filter(
        self,
        *,
        substantive: bool | None = None,
        types: Iterable[VariantType | str] | None = None,
        witnesses: Iterable[str] | None = None,
    ) -> Apparatus:
        """A new apparatus with only some units (and witnesses); see :func:`witnesscollate.api.filter_apparatus`."""
        result: Apparatus = pipeline().filter(
            self, substantive=substantive, types=types, witnesses=witnesses
        )
        return result

    def render(self, fmt: Any = "tei", **opts: Any) -> str:
        """The apparatus in a format (a :class:`~witnesscollate.rendering.Format` or its name)."""
        return pipeline().render(self, fmt, **opts)

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
        return pipeline().dataframe(self, form=form)

    def write(self, path: str | os.PathLike[str], fmt: Any = None, **opts: Any) -> Path:
        """Render and write atomically; the format comes from ``fmt`` or the file suffix."""
        return pipeline().write(self, path, fmt, **opts)

    def _repr_html_(self) -> str:
        return pipeline().html_fragment(self)


#: Locations, stretches and units from all their fields, positional, for the builder.
new_location = record_maker(Location)
new_stretch = record_maker(Stretch)
new_unit = record_maker(VariationUnit)


def segment_text(seg: Segment, siglum: str) -> str:
    """A witness's text in one segment (recursing into the content of nested units)."""
    if isinstance(seg, Stretch):
        return seg.text
    if isinstance(seg, Milestone):
        return ""
    r = seg.reading_of(siglum)
    if seg.content and siglum != seg.lemma_witness and r is seg.content_reading:
        # the content's other witnesses differ from it only inside the nested units
        return r.lead + "".join(segment_text(s, siglum) for s in seg.content)
    return r.lead + r.text + r.ws
