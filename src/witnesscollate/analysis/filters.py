"""Selecting part of an apparatus: substantive variants, some classes, some witnesses.

Filters return a new :class:`~witnesscollate.model.Apparatus`; the original is unchanged.  A
filter by class keeps or drops whole units (a unit is kept if any of its readings other than
the lemma is of a selected class, or substantive); hidden units stay in the blocks, so the
running text is still whole, and a renderer shows their content (with any selected unit
nested inside).  A filter by witness drops the other witnesses from every reading and from the
apparatus's witness list (the base is always kept) and hides the units where the remaining
witnesses agree.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import Any, cast

from ..errors import InputError, WitnessError
from ..model import Apparatus, FrozenMap, Reading, Segment, VariantType, VariationUnit
from ..model.apparatus import ColumnSpans, segment_text, spans_as_given
from .citations import least_certain
from .units import unit_type

__all__ = ["filter_apparatus", "parse_types"]


def parse_types(types: Iterable[VariantType | str]) -> frozenset[VariantType]:
    """Variant classes from enum members or their names (``"lexical"``, ``"om"``...)."""
    if isinstance(types, (str, VariantType)):
        types = [types]
    try:
        return frozenset(VariantType.parse(t) for t in types)
    except ValueError as exc:
        raise InputError(str(exc)) from None


def filter_apparatus(
    apparatus: Apparatus,
    *,
    substantive: bool | None = None,
    types: Iterable[VariantType | str] | None = None,
    witnesses: Iterable[str] | None = None,
) -> Apparatus:
    """A new apparatus with only the units (and witnesses) asked for.

    Parameters
    ----------
    substantive:
        True keeps units with a substantive reading (as the apparatus's profile decided:
        e.g. grammatical, lexical, addition, omission, transposition, and in Russian a change
        of the pronoun of address); False keeps the units with none.
    types:
        Keep units with a reading of one of these classes (names or aliases: ``"om"``...).
    witnesses:
        Keep only these witnesses (and the base); units where they all agree are hidden.
    """
    selected = list(apparatus.units)
    blocks = apparatus.blocks
    kept_witnesses = apparatus.witnesses
    recorded: dict[str, Any] = dict(apparatus.filters)
    if witnesses is not None:
        if isinstance(witnesses, str):
            witnesses = [witnesses]
        wanted = list(dict.fromkeys(witnesses))
        if not wanted:
            raise WitnessError("a witness filter needs at least one siglum")
        for s in wanted:
            apparatus.witness(s)  # a WitnessError names the known sigla
        keep = set(wanted) | {apparatus.base}
        kept_witnesses = tuple(w for w in apparatus.witnesses if w.siglum in keep)
        blocks = tuple(
            replace(b, segments=tuple(_restrict_segment(s, keep) for s in b.segments))
            for b in blocks
        )
        restricted = {u.id: u for b in blocks for u in b.units()}
        selected = [
            restricted[u.id]
            for u in selected
            if u.id in restricted and len(restricted[u.id].readings) > 1
        ]
        recorded["witnesses"] = tuple(w.siglum for w in kept_witnesses)
    if substantive is not None:
        selected = [u for u in selected if u.substantive == bool(substantive)]
        recorded["substantive"] = bool(substantive)
    if types is not None:
        wanted_types = parse_types(types)
        selected = [
            u
            for u in selected
            if any(r.type in wanted_types or (r.flags & wanted_types) for r in u.variants)
        ]
        recorded["types"] = tuple(sorted(t.value for t in wanted_types))
    return replace(
        apparatus,
        witnesses=kept_witnesses,
        units=tuple(selected),
        blocks=blocks,
        filters=FrozenMap(recorded),
    )


def _restrict_segment(seg: Segment, keep: set[str]) -> Segment:
    if not isinstance(seg, VariationUnit):
        return seg
    return _restrict(seg, keep)


def _kept_spans(r: Reading, keep: set[str]) -> tuple[tuple[str, int, int], ...]:
    """The spans of the kept witnesses: read from the same columns, if the reading's are."""
    given = spans_as_given(r)
    if isinstance(given, ColumnSpans):  # (read for the reading's witnesses: the kept ones)
        return cast("tuple[tuple[str, int, int], ...]", given)
    return tuple(sp for sp in given if sp[0] in keep)


def _restrict(unit: VariationUnit, keep: set[str]) -> VariationUnit:
    readings: list[Reading] = []
    spelled = unit.content_reading  # (the reading the content spells out, found before)
    spelled_at = None
    for r in unit.readings:
        wits = tuple(s for s in r.witnesses if s in keep)
        if not wits:
            continue
        sources = tuple(c for c in r.sources if c.witness in keep)
        if r is spelled:
            spelled_at = len(readings)
        readings.append(
            replace(
                r,
                witnesses=wits,
                unattested=tuple(s for s in r.unattested if s in keep),
                spans=_kept_spans(r, keep),
                sources=sources,
                cert=least_certain(c.cert for c in sources),
            )
        )
    if readings and not readings[0].lemma:
        # the lemma witness was dropped (only inside a unit without the base): the first
        # remaining reading is the lemma now, and the others are not re-classified
        readings[0] = replace(readings[0], lemma=True, type=VariantType.IDENTICAL)
    content = tuple(_restrict_segment(s, keep) for s in unit.content)
    lemma_witness = unit.lemma_witness
    if content and lemma_witness not in keep:
        # the witness the content is spelled for was dropped (a unit nested where the base
        # is absent): no kept witness reads the content, or another of its witnesses spells
        # it now, with its own text as the reading's (the shared reading spoke for the
        # dropped witness: «(on) yes» for a kept witness that reads «on»)
        if spelled_at is None:
            content = ()
        else:
            lemma_witness = readings[spelled_at].witnesses[0]
            full = "".join(segment_text(seg, lemma_witness) for seg in content)
            text = full.rstrip(" ")
            readings[spelled_at] = replace(readings[spelled_at], text=text, ws=full[len(text) :])
    return replace(
        unit,
        readings=tuple(readings),
        type=unit_type(readings[1:]),
        scope=tuple(s for s in unit.scope if s in keep),
        content=content,
        lemma_witness=lemma_witness,
    )
