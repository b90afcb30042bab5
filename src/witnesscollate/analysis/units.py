"""Building the apparatus: segmenting a collation into variation units and readings.

:func:`build_apparatus` finds the variant columns of a
:class:`~witnesscollate.alignment.Collation` (see "How text is compared" in
:mod:`witnesscollate.analysis.apparatus`), groups them into variation units (one per column,
or one per run of adjacent columns), groups each unit's readings by exact text, classifies
them against the lemma and locates the unit in the base text.  The records it makes live in
:mod:`~witnesscollate.analysis.apparatus`; the citations of each reading come from
:mod:`~witnesscollate.analysis.citations`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..errors import InputError
from ..model import FrozenMap, Token, Witness
from .apparatus import (
    Apparatus,
    Location,
    Reading,
    Segment,
    Stretch,
    VariationUnit,
    _piece,
    unit_type,
)
from .citations import citations_of, least_certain
from .classify import (
    Morphology,
    VariantType,
    classify_pair,
    get_morphology,
    orthographic_key,
)

if TYPE_CHECKING:
    from ..alignment.collation import Cell, Collation

__all__ = ["build_apparatus"]

_SEGMENTATIONS = ("word", "phrase")
_MORPHOLOGIES = ("auto", "pymorphy3", "heuristic")


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
