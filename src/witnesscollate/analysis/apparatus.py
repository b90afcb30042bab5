"""The critical apparatus: variation units with classified readings and their locations.

:func:`build_apparatus` turns a :class:`~witnesscollate.alignment.Collation` into an
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

Citations
---------
A reading carries what attests it: for each of its witnesses, the works its tokens cite
(:attr:`~witnesscollate.model.Token.evidence`, from TEI ``@source``), resolved to one-line
citations by the witness's header (:attr:`~witnesscollate.model.WitnessMetadata.bibliography`),
as :class:`Citation` records in :attr:`Reading.sources`, with the least certainty given
(TEI ``@cert``) in :attr:`Reading.cert`.
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
from .classify import (
    Morphology,
    VariantType,
    classify_pair,
    get_morphology,
    orthographic_key,
)

if TYPE_CHECKING:
    from ..alignment.collation import Cell, Collation

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

_SEGMENTATIONS = ("word", "phrase")
_MORPHOLOGIES = ("auto", "pymorphy3", "heuristic")


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


# TEI's certainty scale, least certain first; a value outside it counts as least certain.
_CERT_ORDER = {"unknown": 0, "low": 1, "medium": 2, "high": 3}


def least_certain(certs: Iterable[str | None]) -> str | None:
    """The least certain of the values given (TEI ``@cert``), ignoring ``None``."""
    given = [c for c in certs if c is not None]
    return min(given, key=lambda c: _CERT_ORDER.get(c, -1)) if given else None


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


# --- building --------------------------------------------------------------------------------


@dataclass(slots=True)
class _Cell:
    """A witness at one column as the builder sees it."""

    tokens: tuple[Token, ...]
    piece: str | None  # None for a lacuna


def build_apparatus(
    collation: Collation,
    *,
    base: str | None = None,
    segmentation: str = "phrase",
    morphology: str = "auto",
) -> Apparatus:
    """Variation units with classified readings, from a collation.

    Parameters
    ----------
    collation:
        The aligned witnesses.
    base:
        Siglum of the base text that gives the lemmata; default the collation's first
        witness (pass the corpus manifest's base for a corpus document).
    segmentation:
        ``"phrase"`` (default) merges adjacent variant columns into one unit; ``"word"``
        makes one unit per variant column.
    morphology:
        ``"auto"`` uses pymorphy3 (the ``ru`` extra) when installed, else a stem-and-ending
        heuristic; ``"pymorphy3"`` requires it; ``"heuristic"`` never uses it.  The apparatus
        records which one ran in :attr:`Apparatus.morphology`.

    Raises
    ------
    WitnessError
        If ``base`` is not a siglum of the collation.
    InputError
        If ``segmentation`` or ``morphology`` is not one of the values above, or the
        collation has no witnesses.
    """
    sigla = collation.sigla
    if not sigla:
        raise InputError("cannot build an apparatus from a collation without witnesses")
    if base is None:
        base = sigla[0]
    bi = collation.row_index(base)  # raises WitnessError naming the allowed sigla
    if segmentation not in _SEGMENTATIONS:
        raise InputError(
            f"unknown segmentation {segmentation!r}",
            hint=f"use one of: {', '.join(_SEGMENTATIONS)}",
        )
    if morphology not in _MORPHOLOGIES:
        raise InputError(
            f"unknown morphology {morphology!r}", hint=f"use one of: {', '.join(_MORPHOLOGIES)}"
        )
    morph = _choose_morphology(morphology)
    last = [len(w.tokens) - 1 for w in collation.witnesses]

    table: list[list[_Cell]] = []
    variant: list[bool] = []
    for col in collation.columns:
        row: list[_Cell] = []
        for wi, cell in enumerate(col.cells):
            row.append(_cell(cell, last[wi]))
        pieces = {c.piece for c in row}
        known = {p for p in pieces if p is not None}
        # A lacuna where nobody else has text is no variant: unknown against nothing.
        variant.append(len(known) > 1 or (None in pieces and bool(known - {""})))
        table.append(row)

    # Group variant columns into units.
    spans: list[tuple[int, int]] = []
    i = 0
    n = len(table)
    while i < n:
        if not variant[i]:
            i += 1
            continue
        j = i + 1
        if segmentation == "phrase":
            tid = collation.columns[i].transposition
            while j < n and variant[j] and collation.columns[j].transposition == tid:
                j += 1
        spans.append((i, j))
        i = j

    segments: list[Segment] = []
    units: list[VariationUnit] = []
    prev_base: Token | None = None
    cursor = 0
    base_cursor = 0  # index of the next base token

    def stretch(c0: int, c1: int) -> None:
        nonlocal prev_base, base_cursor
        if c0 >= c1:
            return
        text = "".join(_first_piece(table[c]) for c in range(c0, c1))
        toks = [t for c in range(c0, c1) for t in table[c][bi].tokens]
        start = toks[0].index if toks else base_cursor
        end = toks[-1].index + 1 if toks else base_cursor
        if toks:
            prev_base = toks[-1]
            base_cursor = end
        if text:
            segments.append(Stretch(text, (c0, c1), start, end))

    for c0, c1 in spans:
        stretch(cursor, c0)
        unit = _build_unit(
            collation, table, c0, c1, bi, len(units) + 1, morph, prev_base, base_cursor
        )
        base_toks = [t for c in range(c0, c1) for t in table[c][bi].tokens]
        if base_toks:
            prev_base = base_toks[-1]
            base_cursor = base_toks[-1].index + 1
        units.append(unit)
        segments.append(unit)
        cursor = c1
    stretch(cursor, n)

    normalizers: list[str] = []
    for w in collation.witnesses:
        for name in w.normalizers:
            if name not in normalizers:
                normalizers.append(name)
    return Apparatus(
        witnesses=collation.witnesses,
        base=base,
        units=tuple(units),
        segments=tuple(segments),
        segmentation=segmentation,
        morphology=morph.name,
        normalizers=tuple(normalizers),
        engine=collation.engine,
        options=FrozenMap(dict(collation.options)),
        collation=collation,
    )


def _choose_morphology(option: str) -> Morphology:
    if option == "heuristic":
        return get_morphology(False)
    morph = get_morphology(True)
    if option == "pymorphy3" and morph.name != "pymorphy3":
        raise InputError(
            "morphology='pymorphy3' needs pymorphy3, which is not installed",
            hint="pip install 'witnesscollate[ru]', or use morphology='auto'",
        )
    return morph


def _cell(cell: Cell, last_index: int) -> _Cell:
    tokens = cell.tokens
    if not tokens:
        return _Cell((), None if cell.lacuna is not None else "")
    if len(tokens) == 1:  # the common case, kept cheap for book-length collations
        t = tokens[0]
        return _Cell(tokens, t.text + " " if t.ws and t.index != last_index else t.text)
    return _Cell(tokens, "".join(_piece(tokens, last_index)))


def _first_piece(row: Sequence[_Cell]) -> str:
    for c in row:
        if c.piece is not None:
            return c.piece
    return ""


def _unattested(tokens: Sequence[Token]) -> bool:
    return bool(tokens) and all(
        t.supplied and (t.reason or "").strip().lower() == "unattested" for t in tokens
    )


def citations_of(witness: Witness, tokens: Iterable[Token]) -> tuple[Citation, ...]:
    """What some of a witness's tokens cite: each work once, with the least certainty given.

    The citations are resolved by the witness's header (see :class:`Citation`); the
    apparatus builds :attr:`Reading.sources` with it, and other reports can do the same.
    """
    certs: dict[str, list[str | None]] = {}
    for t in tokens:
        for ref in t.evidence:
            certs.setdefault(ref, []).append(t.cert)
    meta = witness.metadata
    return tuple(
        Citation(witness.siglum, ref, meta.citation(ref) or ref, least_certain(cs))
        for ref, cs in certs.items()
    )


def _split_ws(piece: str) -> tuple[str, str]:
    if piece.endswith(" "):
        return piece[:-1], " "
    return piece, ""


def _build_unit(
    collation: Collation,
    table: list[list[_Cell]],
    c0: int,
    c1: int,
    bi: int,
    number: int,
    morph: Morphology,
    prev_base: Token | None,
    base_cursor: int,
) -> VariationUnit:
    sigla = collation.sigla
    cols = range(c0, c1)
    tid = next(
        (
            collation.columns[c].transposition
            for c in cols
            if collation.columns[c].transposition is not None
        ),
        None,
    )
    transposed: frozenset[str] = frozenset()
    if tid is not None:
        for tr in collation.transpositions:
            if tr.id == tid:
                transposed = frozenset(b[0] for b in tr.blocks)

    # Per witness: text, ws, tokens, lacuna, attested.
    keys: list[tuple[str, str, bool, bool]] = []
    tokens_of: list[tuple[Token, ...]] = []
    for wi in range(len(sigla)):
        toks = tuple(t for c in cols for t in table[c][wi].tokens)
        lac = any(table[c][wi].piece is None for c in cols)
        text, ws = _split_ws("".join(table[c][wi].piece or "" for c in cols))
        keys.append((text, ws, lac, not _unattested(toks)))
        tokens_of.append(toks)

    order: list[tuple[str, str, bool, bool]] = [keys[bi]]
    for k in keys:
        if k not in order:
            order.append(k)
    lemma_key = keys[bi]
    groups: dict[str, int] = {}
    readings: list[Reading] = []
    for k in order:
        members = [wi for wi, kk in enumerate(keys) if kk == k]
        text, ws, lac, attested = k
        is_lemma = k == lemma_key
        if is_lemma:
            rtype, flags = VariantType.IDENTICAL, frozenset[VariantType]()
            if not attested:
                flags = frozenset({VariantType.UNATTESTED})
            if lac:
                flags = flags | {VariantType.LACUNA}
        else:
            rtype, flags = _classify(
                table, cols, bi, members[0], lemma_key, k, morph, sigla, transposed
            )
        gkey = orthographic_key(text) if not lac else "\x00lacuna"
        group = groups.setdefault(gkey, len(groups))
        spans: list[tuple[str, int, int]] = []
        xml_ids: list[str] = []
        for wi in members:
            toks = tokens_of[wi]
            if toks:
                spans.append((sigla[wi], toks[0].index, toks[-1].index + 1))
            for t in toks:
                if t.xml_id and t.xml_id not in xml_ids:
                    xml_ids.append(t.xml_id)
        sources = tuple(
            c for wi in members for c in citations_of(collation.witnesses[wi], tokens_of[wi])
        )
        readings.append(
            Reading(
                text=text,
                witnesses=tuple(sigla[wi] for wi in members),
                lemma=is_lemma,
                type=rtype,
                flags=flags,
                ws=ws,
                group=group,
                lacuna=lac,
                attested=attested,
                spans=tuple(spans),
                xml_ids=tuple(xml_ids),
                sources=sources,
                cert=least_certain(c.cert for c in sources),
            )
        )
    utype = unit_type(readings[1:])
    location = _location(collation.witnesses[bi], tokens_of[bi], (c0, c1), prev_base, base_cursor)
    return VariationUnit(
        id=f"app{number}",
        index=number - 1,
        location=location,
        readings=tuple(readings),
        type=utype,
        columns=(c0, c1),
        transposition=tid,
    )


def _classify(
    table: list[list[_Cell]],
    cols: range,
    bi: int,
    wi: int,
    lemma_key: tuple[str, str, bool, bool],
    key: tuple[str, str, bool, bool],
    morph: Morphology,
    sigla: tuple[str, ...],
    transposed: frozenset[str],
) -> tuple[VariantType, frozenset[VariantType]]:
    text, ws, lac, attested = key
    if lac or lemma_key[2]:
        return VariantType.LACUNA, frozenset({VariantType.LACUNA})
    whole, flags = classify_pair(lemma_key[0] + lemma_key[1], text + ws, morph)
    rtype = whole
    if len(cols) > 1 and whole in (VariantType.LEXICAL, VariantType.ADDITION, VariantType.OMISSION):
        # Per column, where the aligner paired the tokens: an addition next to a grammatical
        # change is an addition with a grammatical flag, not a lexical substitution.
        per_types: list[VariantType] = []
        for c in cols:
            t, f = classify_pair(table[c][bi].piece or "", table[c][wi].piece or "", morph)
            flags = flags | f
            per_types.append(t)
        per = max(per_types, key=lambda t: t.rank)
        if whole is VariantType.LEXICAL and per.rank > VariantType.LEXICAL.rank:
            rtype = per
    if rtype in (VariantType.ADDITION, VariantType.OMISSION) and transposed:
        involved = {sigla[wi], sigla[bi]} & transposed
        if involved:
            flags = flags | {rtype}
            rtype = VariantType.TRANSPOSITION
    if rtype is not VariantType.IDENTICAL:
        flags = flags | {rtype}
    if not attested:
        flags = flags | {rtype, VariantType.UNATTESTED} - {VariantType.IDENTICAL}
        rtype = VariantType.UNATTESTED
    return rtype, frozenset(flags)


def _location(
    base: Witness,
    tokens: tuple[Token, ...],
    columns: tuple[int, int],
    prev: Token | None,
    cursor: int,
) -> Location:
    ids: list[str] = []
    for t in tokens:
        if t.xml_id and t.xml_id not in ids:
            ids.append(t.xml_id)
    if tokens:
        first, last = tokens[0], tokens[-1]
        return Location(
            start=first.index,
            end=last.index + 1,
            columns=columns,
            char_start=first.start,
            char_end=last.end,
            paragraph=first.paragraph,
            page=first.page,
            line=first.line,
            page_end=last.page,
            line_end=last.line,
            xml_ids=tuple(ids),
        )
    anchor = prev
    if anchor is None and cursor < len(base.tokens):
        anchor = base.tokens[cursor]
    char = base.tokens[cursor].start if cursor < len(base.tokens) else len(base.text)
    return Location(
        start=cursor,
        end=cursor,
        columns=columns,
        char_start=char,
        char_end=char,
        paragraph=anchor.paragraph if anchor else None,
        page=anchor.page if anchor else None,
        line=anchor.line if anchor else None,
        page_end=anchor.page if anchor else None,
        line_end=anchor.line if anchor else None,
        xml_ids=(anchor.xml_id,) if anchor and anchor.xml_id else (),
    )


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
