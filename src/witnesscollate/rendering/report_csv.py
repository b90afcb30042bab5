"""The alteration report as a table: CSV text and a pandas DataFrame (one row per alteration).

Both have the columns of :func:`report_rows`, so a spreadsheet and a notebook see the same
table (the CSV writes each row as text in one go, held to those rows by a test).  Lists
(``kept_in``, ``skipped``, ``xml_ids``) are joined with ``;`` in CSV and kept as lists in the
DataFrame.  ``sources`` / ``before_sources`` hold the citations of the new / earlier reading
(``"H: V. A. Sakharov, …, 2003, pp. 285–286"``) joined with ``"; "``, ``cert`` the least
certainty given for the new one.  pandas is imported only when a DataFrame is asked for.
"""

from __future__ import annotations

import csv
import io
import re
from typing import Any

from ..errors import RenderError
from ..model import Alteration, AlterationReport
from .escaping import FORMULA_START, csv_cell, csv_value
from .options import ReportOptions

__all__ = ["COLUMNS", "render_report_csv", "report_dataframe", "report_rows"]

#: The columns, in order.
COLUMNS = (
    "id",
    "unit",
    "paragraph",
    "page",
    "line",
    "base",
    "start",
    "end",
    "before",
    "after",
    "type",
    "predecessor",
    "introduced_in",
    "candidates",
    "edges",
    "kept_in",
    "reverted_in",
    "signalled",
    "proposed_in",
    "note",
    "note_witness",
    "note_resp",
    "signal_kind",
    "attested",
    "not_attested",
    "skipped",
    "context",
    "xml_ids",
    "tei_sources",
    "sources",
    "cert",
    "before_sources",
)


def report_rows(report: AlterationReport) -> list[dict[str, Any]]:
    """One flat dict per alteration, keys as in :data:`COLUMNS`."""
    return [_record(a, report.base) for a in report]


def _record(a: Alteration, base: str) -> dict[str, Any]:
    loc = a.location
    return {
        "id": a.id,
        "unit": a.unit,
        "paragraph": loc.paragraph,
        "page": loc.page,
        "line": loc.line,
        "base": base,
        "start": loc.start,
        "end": loc.end,
        "before": a.before,
        "after": a.after,
        "type": a.type.value,
        "predecessor": a.predecessor,
        "introduced_in": a.introduced_in,
        "candidates": list(a.candidates),
        "edges": [f"{e}>{c}" for e, c in a.edges],
        "kept_in": list(a.kept_in),
        "reverted_in": a.reverted_in,
        "signalled": a.signalled,
        "proposed_in": a.proposed_in,
        "note": a.note.text if a.note else None,
        "note_witness": a.note.witness if a.note else None,
        "note_resp": a.note.resp if a.note else None,
        "signal_kind": a.note.kind if a.note else None,
        "attested": a.attested,
        "not_attested": a.not_attested,
        "skipped": list(a.skipped),
        "context": a.context,
        "xml_ids": list(loc.xml_ids),
        "tei_sources": list(a.tei_sources),
        "sources": a.citations(),
        "cert": a.cert,
        "before_sources": a.citations(before=True),
    }


def _row(a: Alteration, base: str) -> list[str]:
    """An alteration's row as :func:`report_rows` has it, as text: none an empty cell, a
    truth value ``true``/``false``, a list joined with ``;`` (a report along ten witnesses of
    a book has hundreds of thousands of rows, so no dict is made for one)."""
    loc, note = a.location, a.note
    paragraph, page, line = loc.paragraph, loc.page, loc.line
    return [
        a.id,
        a.unit or "",
        "" if paragraph is None else str(paragraph),
        "" if page is None else page,
        "" if line is None else line,
        base,
        str(loc.start),
        str(loc.end),
        a.before,
        a.after,
        a.type.value,
        a.predecessor,
        a.introduced_in,
        ";".join(a.candidates),
        ";".join([f"{e}>{c}" for e, c in a.edges]),
        ";".join(a.kept_in),
        a.reverted_in or "",
        "true" if a.signalled else "false",
        a.proposed_in or "",
        "" if note is None else note.text,
        "" if note is None else note.witness,
        "" if note is None or note.resp is None else note.resp,
        "" if note is None else note.kind,
        "true" if a.attested_before and a.attested_after else "false",
        a.not_attested or "",
        ";".join(a.skipped),
        a.context,
        ";".join(loc.xml_ids),
        ";".join(a.tei_sources),
        a.citations() if a.sources else "",
        a.cert or "",
        a.citations(before=True) if a.before_sources else "",
    ]


#: A cell that begins as a formula, in a row's cells joined after a NUL each: found in one
#: search of the row (a NUL inside a cell can only make a false alarm, then each is looked at).
_FORMULA_CELL = re.compile("\0(?:" + "|".join(map(re.escape, FORMULA_START)) + ")")


def _cell(value: Any) -> str:
    """A value of :func:`report_rows` as a cell by the plain rule (:func:`.escaping.csv_value`),
    a list joined with ``;``."""
    if isinstance(value, list):
        value = ";".join(str(v) for v in value)
    return csv_value(value)


def render_report_csv(report: AlterationReport, options: ReportOptions | None = None) -> str:
    """The report as CSV (RFC 4180, a header row, UTF-8 text).

    A cell that a spreadsheet would run as a formula is neutralised
    (:func:`.escaping.csv_cell`), a list's (``kept_in``, ``edges``...) too."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    base = report.base
    rows = []
    search = _FORMULA_CELL.search
    for a in report:
        try:
            row = _row(a, base)
            if search("\0" + "\0".join(row)):
                row = [csv_cell(c) for c in row]
        except TypeError:  # (a record built with other types than it declares)
            row = [_cell(v) for v in _record(a, base).values()]
        rows.append(row)
    writer.writerows(rows)
    return out.getvalue()


def report_dataframe(report: AlterationReport) -> Any:
    """The report as a DataFrame (needs the ``pandas`` extra)."""
    try:
        import pandas as pd
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise RenderError(
            "a DataFrame needs pandas", hint="pip install 'witnesscollate[pandas]'"
        ) from exc
    frame = pd.DataFrame(report_rows(report), columns=list(COLUMNS))
    return frame
