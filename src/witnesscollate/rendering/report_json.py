"""The alteration report as JSON: the form other tools read.

The schema (documented in ``docs/alterations.md``) is::

    {"generator": "witnesscollate X.Y", "chain": [sigla], "base": siglum,
     "witnesses": [{"siglum", "title", "date"}],
     "summary": {siglum: {"alterations", "signalled", "silent", "unattested",
                          "by_type": {type: n}}},
     "alterations": [{"id", "unit", "location", "before", "after", "type", "predecessor",
                      "introduced_in", "kept_in", "reverted_in", "signalled", "proposed_in",
                      "note", "attested", "not_attested", "skipped", "context",
                      "transposition", "sources": [{"witness", "ref", "citation", "cert"}],
                      "cert", "before_sources": [...]}]}
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from .._version import __version__

if TYPE_CHECKING:
    from ..analysis.alterations import AlterationReport

__all__ = ["render_report_json", "report_to_dict"]


def report_to_dict(report: AlterationReport) -> dict[str, Any]:
    """The report as plain data (lists, dicts, strings, numbers, booleans, None)."""
    counts = report.counts()
    summary = {
        siglum: {**row, "by_type": counts.get(siglum, {})}
        for siglum, row in report.summary().items()
    }
    return {
        "generator": f"witnesscollate {__version__}",
        "chain": list(report.chain),
        "base": report.base,
        "witnesses": [
            {"siglum": s, "title": report.titles.get(s, s), "date": report.dates.get(s)}
            for s in report.chain
        ],
        "summary": summary,
        "alterations": [a.to_dict() for a in report],
    }


def render_report_json(report: AlterationReport, *, indent: int | None = 2) -> str:
    """The report as a JSON document (UTF-8 text, Cyrillic kept as is)."""
    return json.dumps(report_to_dict(report), ensure_ascii=False, indent=indent) + "\n"
