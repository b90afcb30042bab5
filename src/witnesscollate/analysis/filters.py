"""Selecting part of an apparatus: substantive variants, some classes, some witnesses.

Filters return a new :class:`~witnesscollate.analysis.apparatus.Apparatus`; the original is
unchanged.  A filter by class keeps or drops whole units (a unit is kept if any of its
readings is of a selected class); the hidden units stay in
:attr:`~witnesscollate.analysis.apparatus.Apparatus.segments`, so the running text is still
whole.  A filter by witness drops the other witnesses from every reading and from the
apparatus's witness list (the base witness is always kept) and hides the units where the
remaining witnesses agree.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from ..errors import InputError, WitnessError
from ..model import FrozenMap
from .apparatus import Segment, VariationUnit, unit_type
from .citations import least_certain
from .classify import VariantType

if TYPE_CHECKING:
    from .apparatus import Apparatus

__all__ = ["filter_apparatus", "parse_types"]


def parse_types(types: Iterable[VariantType | str]) -> frozenset[VariantType]:
    """Variant classes from enum members or their names (``"lexical"``, ``"om"``...)."""
    aliases = {"om": "omission", "add": "addition", "transp": "transposition", "lac": "lacuna"}
    out: set[VariantType] = set()
    for t in types:
        if isinstance(t, VariantType):
            out.add(t)
            continue
        name = aliases.get(str(t).strip().lower(), str(t).strip().lower())
        try:
            out.add(VariantType(name))
        except ValueError:
            allowed = ", ".join(v.value for v in VariantType)
            raise InputError(f"unknown variant type {t!r}", hint=f"use one of: {allowed}") from None
    return frozenset(out)


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
        True keeps units with a substantive reading (grammatical, lexical, addition,
        omission, transposition); False keeps the units with none (accidentals, lacunae...).
    types:
        Keep units with a reading of one of these classes.
    witnesses:
        Keep only these witnesses (and the base); units where they all agree are hidden.
    """
    selected = list(apparatus.units)
    segments: list[Segment] = list(apparatus.segments)
    kept_witnesses = apparatus.witnesses
    recorded: dict[str, Any] = dict(apparatus.filters)
    if witnesses is not None:
        wanted = list(dict.fromkeys(witnesses))
        for s in wanted:
            apparatus.witness(s)  # raises WitnessError for an unknown siglum
        if not wanted:
            raise WitnessError("a witness filter needs at least one siglum")
        keep = set(wanted) | {apparatus.base}
        kept_witnesses = tuple(w for w in apparatus.witnesses if w.siglum in keep)
        new_units: dict[str, VariationUnit] = {}
        for i, seg in enumerate(segments):
            if isinstance(seg, VariationUnit):
                unit = _restrict(seg, keep)
                segments[i] = unit
                new_units[unit.id] = unit
        selected = [new_units[u.id] for u in selected if len(new_units[u.id].readings) > 1]
        recorded["witnesses"] = tuple(w.siglum for w in kept_witnesses)
    if substantive is not None:
        selected = [u for u in selected if u.substantive == substantive]
        recorded["substantive"] = substantive
    if types is not None:
        wanted_types = parse_types(types)
        selected = [u for u in selected if any(r.type in wanted_types for r in u.variants)]
        recorded["types"] = tuple(sorted(t.value for t in wanted_types))
    return replace(
        apparatus,
        witnesses=kept_witnesses,
        units=tuple(selected),
        segments=tuple(segments),
        filters=FrozenMap(recorded),
    )


def _restrict(unit: VariationUnit, keep: set[str]) -> VariationUnit:
    readings = []
    for r in unit.readings:
        wits = tuple(s for s in r.witnesses if s in keep)
        if not wits:
            continue
        sources = tuple(c for c in r.sources if c.witness in keep)
        readings.append(
            replace(
                r,
                witnesses=wits,
                spans=tuple(sp for sp in r.spans if sp[0] in keep),
                sources=sources,
                cert=least_certain(c.cert for c in sources),
            )
        )
    utype = unit_type(readings[1:])
    return replace(unit, readings=tuple(readings), type=utype)
