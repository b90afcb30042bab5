"""The alteration report as a table: CSV text and a pandas DataFrame (one row per alteration).

Both share :func:`report_rows`, so a spreadsheet and a notebook see the same columns.  Lists
(``kept_in``, ``skipped``, ``xml_ids``) are joined with ``;`` in CSV and kept as lists in the
DataFrame.  ``sources`` / ``before_sources`` hold the citations of the new / earlier reading
(``"H: V. A. Sakharov, …, 2003, pp. 285–286"``) joined with ``"; "``, ``cert`` the least
certainty given for the new one.  pandas is imported only when a DataFrame is asked for.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from ..errors import RenderError
from ..model import AlterationReport
from .escaping import csv_cell
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
    rows = []
    for a in report:
        loc = a.location
        rows.append(
            {
                "id": a.id,
                "unit": a.unit,
                "paragraph": loc.paragraph,
                "page": loc.page,
                "line": loc.line,
                "base": report.base,
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
        )
    return rows


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ";".join(str(v) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return csv_cell(str(value))


def render_report_csv(report: AlterationReport, options: ReportOptions | None = None) -> str:
    """The report as CSV (RFC 4180, a header row, UTF-8 text)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in report_rows(report):
        writer.writerow([_cell(row[c]) for c in COLUMNS])
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
