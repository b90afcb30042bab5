"""The alignment table: each witness's text at each aligned position, as CSV, JSON or pandas.

The collation itself, not the apparatus: one cell per witness per column of the
:class:`~witnesscollate.model.Collation` (or per segment with ``segmentation=True``, joining
straight runs as CollateX does: :func:`.collatex.joined_table`).  ``layout="vertical"`` puts
a column per witness (a row per aligned position, CollateX Java's layout, the shape that
reads down a long text); ``"horizontal"`` a row per witness (CollateX Python's).

A cell is the witness's text there, its tokens with the spaces between them; a gap (the
witness has no text here) is the empty string; a lacuna (its text is unknown here) is printed
as the apparatus prints one, *lac.* after any legible text (:mod:`.labels`), so that an
unknown text is never read as an absent one.  A segmented table does not know lacunae (as in
CollateX, its cells are the witnesses' tokens only).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

from ..errors import RenderError
from ..model import Cell, Collation, Token
from .collatex import joined_table
from .escaping import csv_cell
from .json_ import dumps
from .labels import Label, term
from .options import TableCSVOptions, TableJSONOptions

__all__ = ["LAYOUTS", "collation_dataframe", "grid", "render_table_csv", "render_table_json"]

#: ``"vertical"``: a column per witness; ``"horizontal"``: a row per witness.
LAYOUTS = ("vertical", "horizontal")


def _text(tokens: Sequence[Token]) -> str:
    return "".join(t.text + t.ws for t in tokens).rstrip()


def cell_text(cell: Cell) -> str:
    """A cell as the table prints it: its text, ``""`` for a gap, *lac.* for a lacuna."""
    if cell.lacuna is None:
        return cell.text
    return " ".join(Label(None, cell.text, term("lacuna")).parts())


def grid(collation: Collation, *, segmentation: bool = False) -> list[list[str]]:
    """``grid[column][witness]``: the text of every cell (segments with ``segmentation``)."""
    if segmentation:
        return [[_text(cell) for cell in row] for row in joined_table(collation)]
    return [[cell_text(cell) for cell in col.cells] for col in collation.columns]


def _variant(collation: Collation, segmentation: bool) -> list[bool]:
    """Per column (or segment): do the witnesses with known text differ there?"""
    if not segmentation:
        return [col.variant for col in collation.columns]
    return [
        len({tuple(t.norm for t in cell) for cell in row}) > 1 for row in joined_table(collation)
    ]


def _check(layout: str) -> None:
    if layout not in LAYOUTS:
        raise RenderError(
            f"unknown table layout {layout!r}",
            hint="use 'vertical' (a column per witness) or 'horizontal' (a row per witness)",
        )


def _shape(
    collation: Collation, layout: str, segmentation: bool
) -> tuple[list[str], list[list[Any]]]:
    """The header and the rows of the table, in either layout."""
    _check(layout)
    cells = grid(collation, segmentation=segmentation)
    sigla = list(collation.sigla)
    if layout == "vertical":
        return ["column", *sigla], [[i, *row] for i, row in enumerate(cells)]
    return ["witness", *map(str, range(len(cells)))], [
        [s, *(row[r] for row in cells)] for r, s in enumerate(sigla)
    ]


def render_table_csv(collation: Collation, options: TableCSVOptions) -> str:
    """The alignment table as CSV.

    ``layout="vertical"``: a header ``column,A,B,...`` and one row per column of the
    collation (numbered from 0, as ``collation.columns``); ``"horizontal"``: a header
    ``witness,0,1,...`` and one row per witness.  Cells a spreadsheet would run as a formula
    get a leading apostrophe (:func:`.escaping.csv_cell`); lines end with ``\\n``.
    """
    header, rows = _shape(collation, options.layout, options.segmentation)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow([csv_cell(h) for h in header])
    for row in rows:
        writer.writerow([csv_cell(v) if isinstance(v, str) else v for v in row])
    return buf.getvalue()


def render_table_json(collation: Collation, options: TableJSONOptions) -> str:
    """The alignment table as JSON.

    ``{"witnesses": [sigla], "layout": ..., "segmentation": ..., "table": ...,
    "variant": [...]}``: ``table[column][witness]`` (vertical) or ``table[witness][column]``
    (horizontal), each cell a string (``""`` a gap, *lac.* a lacuna); ``variant[column]``
    says whether the witnesses with known text differ there (CollateX's ``status``).
    """
    _check(options.layout)
    cells = grid(collation, segmentation=options.segmentation)
    table: list[list[str]] = cells
    if options.layout == "horizontal":
        table = [[row[r] for row in cells] for r in range(len(collation.witnesses))]
    doc = {
        "witnesses": list(collation.sigla),
        "layout": options.layout,
        "segmentation": options.segmentation,
        "table": table,
        "variant": _variant(collation, options.segmentation),
    }
    return dumps(doc, options.indent, sort_keys=False)  # (orjson at the default indent)


def collation_dataframe(
    collation: Collation, *, layout: str = "vertical", segmentation: bool = False
) -> Any:
    """The alignment table as a :class:`pandas.DataFrame` (the ``pandas`` extra).

    ``layout="vertical"``: one column per siglum, indexed by the collation's column number
    (index name ``"column"``); ``"horizontal"``: one row per witness (index ``"witness"``),
    one column per collation column.  Cells as in the CSV: text, ``""`` for a gap, *lac.*
    for a lacuna.

    Raises
    ------
    RenderError
        For an unknown ``layout``, or if pandas is not installed
        (``pip install 'witnesscollate[pandas]'``).
    """
    _check(layout)
    try:
        import pandas as pd
    except ImportError as exc:  # the pandas extra is not installed
        raise RenderError(
            "to_dataframe() needs pandas, which is not installed",
            hint="pip install 'witnesscollate[pandas]'",
        ) from exc
    cells = grid(collation, segmentation=segmentation)
    sigla = list(collation.sigla)
    frame = pd.DataFrame(
        cells,
        columns=pd.Index(sigla, name="witness"),
        index=pd.RangeIndex(len(cells), name="column"),
        dtype=object,
    )
    return frame if layout == "vertical" else frame.T
