"""The apparatus as a pandas DataFrame (the ``pandas`` extra), long or wide.

``long``: one row per unit and reading (lemma first), columns as in
:data:`~witnesscollate.rendering.tables.LONG_COLUMNS`.  ``wide``: one row per unit, one column
per siglum with that witness's reading (missing where its text is unknown).  pandas is
imported only when a DataFrame is asked for.
"""

from __future__ import annotations

from typing import Any

from ..errors import InputError, RenderError
from ..model import Apparatus
from .tables import LONG_COLUMNS, long_rows, wide_columns, wide_rows

__all__ = ["to_dataframe"]

_FORMS = ("long", "wide")


def to_dataframe(apparatus: Apparatus, form: str = "long", *, positive: bool = True) -> Any:
    """A :class:`pandas.DataFrame` of the apparatus (``form="long"`` or ``"wide"``).

    Raises
    ------
    InputError
        For an unknown ``form``.
    RenderError
        If pandas is not installed (``pip install 'witnesscollate[pandas]'``).
    """
    if form not in _FORMS:
        raise InputError(
            f"unknown DataFrame form {form!r}", hint=f"use one of: {', '.join(_FORMS)}"
        )
    try:
        import pandas as pd
    except ImportError as exc:  # the pandas extra is not installed
        raise RenderError(
            "to_dataframe() needs pandas, which is not installed",
            hint="pip install 'witnesscollate[pandas]'",
        ) from exc
    if form == "long":
        frame = pd.DataFrame(long_rows(apparatus, positive=positive), columns=list(LONG_COLUMNS))
    else:
        frame = pd.DataFrame(wide_rows(apparatus), columns=list(wide_columns(apparatus)))
    return frame.set_index("unit") if form == "wide" else frame
