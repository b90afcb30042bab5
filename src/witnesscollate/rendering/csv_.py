"""The apparatus as CSV: one row per unit and reading (long), or per unit (wide).

The long form's columns are :data:`~witnesscollate.rendering.tables.LONG_COLUMNS`; the wide
form has one column per siglum.  Lines end with ``\\n``; empty cells are empty strings.
"""

from __future__ import annotations

import csv
import io

from ..errors import RenderError
from ..model import Apparatus
from .escaping import csv_cell
from .options import CSVOptions
from .tables import LONG_COLUMNS, Value, long_rows, wide_columns, wide_rows

__all__ = ["render_csv"]


def _cell(v: Value) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    return csv_cell(str(v))


def render_csv(apparatus: Apparatus, options: CSVOptions) -> str:
    """The apparatus as CSV text (``form="long"`` or ``"wide"``).

    Cells that a spreadsheet would run as a formula are neutralised (:func:`.escaping.csv_cell`).
    """
    form, positive = options.form, options.positive
    if form == "long":
        header: tuple[str, ...] = LONG_COLUMNS
        rows = long_rows(apparatus, positive=positive)
    elif form == "wide":
        header = wide_columns(apparatus)
        rows = wide_rows(apparatus)
    else:
        raise RenderError(f"unknown CSV form {form!r}", hint="use one of: long, wide")
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([_cell(v) for v in row])
    return buf.getvalue()
