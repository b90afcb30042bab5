"""Choosing an alteration-report renderer by format, and writing reports atomically."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

from .._io import atomic_write
from ..errors import RenderError

if TYPE_CHECKING:
    from ..analysis.alterations import AlterationReport

__all__ = ["ReportFormat", "render_report", "write_report"]


class ReportFormat(str, Enum):
    """The formats an alteration report is written in (values are the CLI's names)."""

    MARKDOWN = "md"
    HTML = "html"
    JSON = "json"
    CSV = "csv"

    @classmethod
    def parse(cls, value: str | ReportFormat) -> ReportFormat:
        """A format from its name (``md``, ``markdown``, ``html``, ``json``, ``csv``)."""
        if isinstance(value, ReportFormat):
            return value
        name = value.lower().lstrip(".")
        name = {"markdown": "md", "htm": "html"}.get(name, name)
        for fmt in cls:
            if fmt.value == name:
                return fmt
        raise RenderError(
            f"unknown report format {value!r}",
            hint=f"use one of: {', '.join(f.value for f in cls)}",
        )

    @classmethod
    def infer(cls, path: str | Path) -> ReportFormat:
        """The format a file name's suffix asks for."""
        suffix = Path(path).suffix
        if not suffix:
            raise RenderError(
                f"cannot tell the report format of {str(path)!r} from its name",
                hint="add a suffix (.md, .html, .json, .csv) or give the format",
            )
        return cls.parse(suffix)


def render_report(report: AlterationReport, fmt: str | ReportFormat) -> str:
    """The report as text in ``fmt``."""
    fmt = ReportFormat.parse(fmt)
    if fmt is ReportFormat.MARKDOWN:
        from .report_markdown import render_report_markdown

        return render_report_markdown(report)
    if fmt is ReportFormat.HTML:
        from .report_html import render_report_html

        return render_report_html(report)
    if fmt is ReportFormat.JSON:
        from .report_json import render_report_json

        return render_report_json(report)
    from .report_csv import render_report_csv

    return render_report_csv(report)


def write_report(
    report: AlterationReport, path: str | Path, fmt: str | ReportFormat | None = None
) -> Path:
    """Write the report to ``path`` atomically (the format from ``fmt`` or the suffix)."""
    chosen = ReportFormat.parse(fmt) if fmt is not None else ReportFormat.infer(path)
    return atomic_write(path, render_report(report, chosen))
