"""The apparatus as CSV: one row per unit and reading (long), or per unit (wide).

The long form's columns are :data:`~witnesscollate.rendering.tables.LONG_COLUMNS`; the wide
form has one column per siglum.  Lines end with ``\\n``; empty cells are empty strings.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from ..errors import RenderError
from ..model import Apparatus
from .escaping import FORMULA_START, csv_value
from .options import CSVOptions
from .tables import LONG_COLUMNS, Value, long_parts, wide_columns, wide_rows

__all__ = ["render_csv"]


_cell = csv_value  # (the plain rule, value by value)


def _cells(values: Iterable[Value]) -> list[str]:
    """:func:`_cell` of each value, its commonest cases (a text, none, a truth value) without
    a call: a book's apparatus at ten witnesses has millions of cells."""
    start = FORMULA_START
    return [
        (("'" + v) if v.startswith(start) else v)
        if v.__class__ is str
        else ""
        if v is None
        else ("true" if v else "false")
        if v.__class__ is bool
        else _cell(v)
        for v in values
    ]


def render_csv(apparatus: Apparatus, options: CSVOptions) -> str:
    """The apparatus as CSV text (``form="long"`` or ``"wide"``).

    Cells that a spreadsheet would run as a formula are neutralised (:func:`.escaping.csv_cell`).
    """
    form, positive = options.form, options.positive
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    if form == "long":
        writer.writerow(LONG_COLUMNS)
        for head, readings in long_parts(apparatus, positive=positive):
            cells = _cells(head)  # (once for all the unit's rows)
            writer.writerows([cells + _cells(tail) for tail in readings])
    elif form == "wide":
        writer.writerow(wide_columns(apparatus))
        writer.writerows(map(_cells, wide_rows(apparatus)))
    else:
        raise RenderError(f"unknown CSV form {form!r}", hint="use one of: long, wide")
    return buf.getvalue()
