"""The collation as HTML: its alignment table, one row per witness and one column per aligned
position (``Collation._repr_html_``, and ``render(collation, "html")``).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass

from ...model import APPARATUS_TERMS, Collation
from ..labels import siglum_parts
from ..options import HTMLOptions
from .templates import render_template
from .views import WitnessView


@dataclass(frozen=True, slots=True)
class _AlignCell:
    kind: str  # "" | gap | lacuna
    text: str


@dataclass(frozen=True, slots=True)
class _AlignRow:
    witness: WitnessView
    cells: tuple[_AlignCell, ...]


def _align_rows(collation: Collation, count: int) -> Iterator[_AlignRow]:
    for wi, w in enumerate(collation.witnesses):
        printed, state = siglum_parts(w)
        view = WitnessView(
            w.siglum,
            printed,
            APPARATUS_TERMS[state] if state else None,
            "",
            w.metadata.title,
            w.metadata.date or "",
            w.metadata.language,
            False,
        )
        cells = []
        for c in collation.columns[:count]:
            cell = c.cells[wi]
            kind = "lacuna" if cell.is_lacuna else "gap" if cell.is_gap else ""
            cells.append(_AlignCell(kind, cell.text))
        yield _AlignRow(view, tuple(cells))


def collation_html(
    collation: Collation,
    *,
    max_columns: int = 200,
    templates: str | os.PathLike[str] | None = None,
) -> str:
    """The alignment table as an HTML fragment (``Collation._repr_html_``).

    One row per witness, one column per aligned position (at most ``max_columns``); columns
    where the witnesses differ are highlighted, gaps shown as ``–`` and lacunae as ``[…]``.
    """
    cols = collation.columns[:max_columns]
    return render_template(
        "collation.html",
        templates,
        columns=[c.variant for c in cols],
        rows=list(_align_rows(collation, len(cols))),
        more=len(collation.columns) - len(cols),
        collation=collation,
    )


def render_collation_html(collation: Collation, o: HTMLOptions) -> str:
    """The alignment table as HTML (the Jupyter fragment; ``max_units`` caps the columns)."""
    return collation_html(collation, max_columns=o.max_units or 200, templates=o.templates)
