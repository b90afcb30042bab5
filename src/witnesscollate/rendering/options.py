"""One options type per renderer, with the defaults every entry point shares.

:func:`witnesscollate.rendering.render` turns keyword arguments into one of these records and
refuses a name the renderer does not know (a :class:`~witnesscollate.errors.RenderError`
naming the ones it does), so no option is ever ignored in silence.  The API, the command line
and the demo take their defaults from here.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any, TypeVar

from ..errors import RenderError

__all__ = [
    "POSITIVE",
    "CSVOptions",
    "CollateXOptions",
    "DotOptions",
    "GraphMLOptions",
    "HTMLOptions",
    "JSONOptions",
    "LaTeXOptions",
    "MarkdownOptions",
    "ReportOptions",
    "SVGOptions",
    "TEIOptions",
    "TEIStandoffOptions",
    "TableCSVOptions",
    "TableJSONOptions",
    "make_options",
]

#: Positive apparatus by default everywhere: the witnesses that agree with the lemma are
#: named, so that the silence of a witness known only in part is never read as agreement.
POSITIVE = True


@dataclass(frozen=True, slots=True)
class TEIOptions:
    """TEI parallel segmentation: ``positive`` gives ``lem`` its ``@wit``; ``title`` the
    ``titleStmt/title`` (default from the document and the base text)."""

    positive: bool = POSITIVE
    title: str | None = None


@dataclass(frozen=True, slots=True)
class TEIStandoffOptions:
    """TEI standoff (double end-point attachment into copies of the witness files):
    ``positive`` and ``title`` as for TEI; ``choice`` the ``choice`` children to read the
    files of witnesses that do not record how they were read (``metadata.read_with``, which
    :func:`~witnesscollate.reading.load_tei` fills; default: the reader's default)."""

    positive: bool = POSITIVE
    title: str | None = None
    choice: tuple[str, ...] | str | None = None


@dataclass(frozen=True, slots=True)
class JSONOptions:
    """JSON: ``positive`` lists the lemma's witnesses; ``segments`` adds the running text."""

    positive: bool = POSITIVE
    segments: bool = True
    indent: int | None = 2


@dataclass(frozen=True, slots=True)
class MarkdownOptions:
    """Markdown: a witness list, one table row per unit, the works cited."""

    positive: bool = POSITIVE
    title: str | None = None


@dataclass(frozen=True, slots=True)
class CSVOptions:
    """CSV: ``form`` is ``"long"`` (a row per unit and reading) or ``"wide"`` (per unit)."""

    positive: bool = POSITIVE
    form: str = "long"


@dataclass(frozen=True, slots=True)
class HTMLOptions:
    """HTML: a standalone page (or a Jupyter fragment with ``standalone=False``).

    ``lang`` is the language of witness texts whose witness declares none; ``max_units``
    caps the units shown; ``synopsis`` includes the synoptic table; ``templates`` is a folder
    of Jinja2 templates that override the shipped ones (same file names).
    """

    positive: bool = POSITIVE
    standalone: bool = True
    title: str | None = None
    lang: str | None = None
    max_units: int | None = None
    synopsis: bool = True
    sources: bool = True
    templates: str | os.PathLike[str] | None = None


@dataclass(frozen=True, slots=True)
class LaTeXOptions:
    """reledmac and ekdosis: see :func:`witnesscollate.rendering.latex.render_reledmac`."""

    positive: bool = POSITIVE
    standalone: bool = True
    title: str | None = None
    language: str | None = None
    font: str = "DejaVu Serif"
    fontsize: str = "11pt"
    line_increment: int = 5
    long_lemma: int = 4
    sigla: Mapping[str, str] = field(default_factory=dict)
    unattested_mark: str = "°"
    conspectus: bool = True
    sources: bool = True


@dataclass(frozen=True, slots=True)
class ReportOptions:
    """The alteration report: ``standalone`` for HTML (a page or a fragment), ``indent`` for
    JSON; ``templates`` a folder of Jinja2 templates overriding the HTML report's;
    ``max_rows`` caps the alterations, and the siblings' differences, the HTML lists (the
    counts and figures are the whole report's; the Jupyter view shows 200)."""

    standalone: bool = True
    indent: int | None = 2
    templates: str | os.PathLike[str] | None = None
    max_rows: int | None = None


@dataclass(frozen=True, slots=True)
class CollateXOptions:
    """CollateX's JSON alignment table: ``layout`` ``"vertical"`` (CollateX Java) or
    ``"horizontal"`` (CollateX Python), ``segmentation`` joins cells as CollateX does;
    ``witnesses`` ``"sigla"`` (CollateX's output) or ``"tokens"`` (each witness as CollateX's
    input, so that CollateX can run the file)."""

    layout: str = "vertical"
    segmentation: bool = False
    indent: int | None = None
    witnesses: str = "sigla"


@dataclass(frozen=True, slots=True)
class TableCSVOptions:
    """The alignment table as CSV: ``layout`` ``"vertical"`` (a column per witness) or
    ``"horizontal"`` (a row per witness); ``segmentation`` joins cells as CollateX does."""

    layout: str = "vertical"
    segmentation: bool = False


@dataclass(frozen=True, slots=True)
class TableJSONOptions:
    """The alignment table as JSON: ``layout`` and ``segmentation`` as for CSV, ``indent``."""

    layout: str = "vertical"
    segmentation: bool = False
    indent: int | None = 2


@dataclass(frozen=True, slots=True)
class GraphMLOptions:
    """The variant graph as GraphML: ``segmentation`` joins straight runs into one vertex."""

    segmentation: bool = False


@dataclass(frozen=True, slots=True)
class DotOptions:
    """The variant graph in DOT: ``segmentation`` as for GraphML, ``rankdir`` Graphviz's
    direction (``"LR"``, CollateX's, or ``"TB"``, ``"RL"``, ``"BT"``)."""

    segmentation: bool = False
    rankdir: str = "LR"


@dataclass(frozen=True, slots=True)
class SVGOptions:
    """The variant graph drawn by Graphviz's ``dot``: as for DOT, and ``timeout`` in seconds
    (a large graph can take Graphviz minutes; the drawing is refused past it)."""

    segmentation: bool = False
    rankdir: str = "LR"
    timeout: float = 120.0


OptionsT = TypeVar("OptionsT")


def make_options(cls: type[OptionsT], name: str, given: Mapping[str, Any]) -> OptionsT:
    """``cls(**given)``, refusing a name ``cls`` does not define (with the ones it does)."""
    known = {f.name for f in fields(cls)}  # type: ignore[arg-type]
    unknown = sorted(set(given) - known)
    if unknown:
        raise RenderError(
            f"{name}: unknown option(s) {', '.join(map(repr, unknown))}",
            hint=f"use one of: {', '.join(sorted(known))}",
        )
    return cls(**given)
