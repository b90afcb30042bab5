"""The apparatus as rows: what the CSV, Markdown and DataFrame renderers share.

Two shapes.  The *long* form has one row per unit and reading (lemma first), with the
reading's witnesses, class and flags; the *wide* form has one row per unit and one column per
siglum holding that witness's reading (``None`` where its text is unknown: a lacuna).
"""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Apparatus, VariantType, VariationUnit
from .memo import Memo

__all__ = [
    "LONG_COLUMNS",
    "Value",
    "long_parts",
    "long_rows",
    "unit_columns",
    "wide_columns",
    "wide_rows",
]

Value = str | int | bool | None

UNIT_COLUMNS = ("unit", "parent", "location", "paragraph", "page", "line", "start", "end")
LONG_COLUMNS = (
    *UNIT_COLUMNS,
    "lemma",
    "reading",
    "witnesses",
    "type",
    "flags",
    "substantive",
    "is_lemma",
    "attested",
    "unattested",
    "lacuna",
)


def unit_columns(unit: VariationUnit) -> tuple[Value, ...]:
    """The location cells of a unit (id, label, paragraph, page, line, token start/end)."""
    loc = unit.location
    return (unit.id, unit.parent, loc.label, loc.paragraph, loc.page, loc.line, loc.start, loc.end)


def long_rows(apparatus: Apparatus, *, positive: bool = True) -> list[tuple[Value, ...]]:
    """One row per unit and reading; ``positive=False`` leaves the lemma's witnesses out."""
    rows: list[tuple[Value, ...]] = []
    for head, readings in long_parts(apparatus, positive=positive):
        rows += [head + tail for tail in readings]
    return rows


def long_parts(
    apparatus: Apparatus, *, positive: bool = True
) -> Iterator[tuple[tuple[Value, ...], list[tuple[Value, ...]]]]:
    """:func:`long_rows` a unit at a time: its :func:`unit_columns`, and the rest of each of
    its readings' rows (a writer that converts cells converts the unit's once)."""
    flags_of = Memo(_flag_cell)  # (made once per set; called: a reading made by hand may
    # hold a list of flags)
    for unit in apparatus.units:
        lemma = unit.lemma.text if unit.readings else ""  # (a unit made by hand may have none)
        yield (
            unit_columns(unit),
            [
                (
                    lemma,
                    r.text,
                    " ".join(r.witnesses) if (positive or not r.lemma) else "",
                    r.type._value_,  # (the value without the enum property's Python call)
                    flags_of(r.flags),
                    r.substantive,
                    r.lemma,
                    r.attested,
                    " ".join(r.unattested),
                    r.lacuna,
                )
                for r in unit.readings
            ],
        )


def _flag_cell(flags: frozenset[VariantType]) -> str:
    """A reading's flags as a cell: their values, sorted."""
    return " ".join(sorted(f.value for f in flags))


def wide_columns(apparatus: Apparatus) -> tuple[str, ...]:
    """The wide form's header: unit columns, lemma, type, then one column per siglum."""
    return (*UNIT_COLUMNS, "lemma", "type", *apparatus.sigla)


def wide_rows(apparatus: Apparatus) -> list[tuple[Value, ...]]:
    """One row per unit: the lemma, the unit's class and each witness's reading."""
    rows: list[tuple[Value, ...]] = []
    for unit in apparatus.units:
        cells: list[Value] = []
        for s in apparatus.sigla:
            if s not in unit.scope:  # said by the enclosing unit
                cells.append(None)
                continue
            r = unit.reading_of(s)
            cells.append(None if r.lacuna and not r.text else r.text)
        rows.append((*unit_columns(unit), unit.lemma.text, unit.type.value, *cells))
    return rows
