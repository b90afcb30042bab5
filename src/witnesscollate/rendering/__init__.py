"""Rendering: the apparatus, the alteration report and the collation in the formats editors use.

Every renderer is a module of its own that reads the records of :mod:`witnesscollate.model`
and nothing else (no renderer re-aligns or re-classifies).  One :class:`Format` names every
format; :func:`render` looks up the renderer for the kind of record and the format in
:data:`RENDERERS`, builds its options record (:mod:`.options`: unknown options are refused,
defaults are shared by the API, the command line and the demo) and imports the module only
when it is used, so that e.g. Jinja2 or pandas cost nothing unless asked for.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any

from .._io import atomic_write
from ..errors import RenderError
from ..model import AlterationReport, Apparatus, Collation
from ..model._base import paused_gc
from .options import (
    CollateXOptions,
    CSVOptions,
    DotOptions,
    GraphMLOptions,
    HTMLOptions,
    JSONOptions,
    LaTeXOptions,
    MarkdownOptions,
    ReportOptions,
    SVGOptions,
    TableCSVOptions,
    TableJSONOptions,
    TEIOptions,
    TEIStandoffOptions,
    make_options,
)

__all__ = [
    "RENDERERS",
    "Format",
    "Renderer",
    "formats_of",
    "kind_of",
    "render",
    "renderer",
    "write",
]


class Format(str, Enum):
    """An output format.  The values are the names used on the command line (``--format``)
    and by ``render()``; :meth:`parse` also takes the aliases ``md``, ``xml``, ``latex``.

    ``collatex-json``, ``table-csv``, ``table-json``, ``graphml``, ``dot`` and ``svg``
    write a :class:`Collation` (its alignment table and its variant graph), not an
    apparatus; ``docs/formats.md`` shows every format.
    """

    TEI = "tei"
    JSON = "json"
    MARKDOWN = "markdown"
    CSV = "csv"
    HTML = "html"
    RELEDMAC = "reledmac"
    EKDOSIS = "ekdosis"
    COLLATEX_JSON = "collatex-json"
    TABLE_CSV = "table-csv"
    TABLE_JSON = "table-json"
    GRAPHML = "graphml"
    DOT = "dot"
    SVG = "svg"
    TEI_STANDOFF = "tei-standoff"

    def __str__(self) -> str:
        return self.value

    @property
    def suffix(self) -> str:
        """The usual file suffix of the format (with the dot)."""
        return _SUFFIX[self]

    @classmethod
    def parse(cls, value: Format | str) -> Format:
        """A format from its name or an alias; a :class:`RenderError` names the allowed ones."""
        if isinstance(value, Format):
            return value
        key = str(value).strip().lower().replace("_", "-").lstrip(".")
        key = _ALIASES.get(key, key)
        try:
            return cls(key)
        except ValueError:
            allowed = ", ".join(sorted({f.value for f in cls} | set(_ALIASES)))
            raise RenderError(
                f"unknown output format {value!r}", hint=f"use one of: {allowed}"
            ) from None

    @classmethod
    def infer(cls, path: str | os.PathLike[str]) -> Format:
        """The format a file name's suffix asks for (``.tex`` means reledmac)."""
        text = os.fspath(path)
        name = Path(text).name
        if "." in name[1:] or "/" in text or os.sep in text:
            suffix = Path(text).suffix.lower()
        else:  # a bare suffix: ".xml" or "xml"
            suffix = "." + name.lower().lstrip(".") if name else ""
        if not suffix:
            raise RenderError(
                f"cannot tell the output format of {text!r} from its name",
                hint=f"add a suffix ({', '.join(sorted(_BY_SUFFIX))}) or give the format",
            )
        try:
            return _BY_SUFFIX[suffix]
        except KeyError:
            raise RenderError(
                f"cannot infer the output format from suffix {suffix!r}",
                hint=f"use one of: {', '.join(sorted(_BY_SUFFIX))}, or give the format",
            ) from None


_ALIASES = {
    "md": "markdown",
    "xml": "tei",
    "latex": "reledmac",
    "latex-reledmac": "reledmac",
    "latex-ekdosis": "ekdosis",
    "htm": "html",
    "collatex": "collatex-json",
    "gv": "dot",
    "standoff": "tei-standoff",
}
_SUFFIX = {
    Format.TEI: ".xml",
    Format.JSON: ".json",
    Format.MARKDOWN: ".md",
    Format.CSV: ".csv",
    Format.HTML: ".html",
    Format.RELEDMAC: ".tex",
    Format.EKDOSIS: ".tex",
    Format.COLLATEX_JSON: ".json",
    Format.TABLE_CSV: ".csv",
    Format.TABLE_JSON: ".json",
    Format.GRAPHML: ".graphml",
    Format.DOT: ".dot",
    Format.SVG: ".svg",
    Format.TEI_STANDOFF: "",  # a folder: apparatus.xml and witnesses/
}
_BY_SUFFIX = {
    ".xml": Format.TEI,
    ".tei": Format.TEI,
    ".json": Format.JSON,
    ".md": Format.MARKDOWN,
    ".markdown": Format.MARKDOWN,
    ".csv": Format.CSV,
    ".tex": Format.RELEDMAC,
    ".html": Format.HTML,
    ".htm": Format.HTML,
    ".graphml": Format.GRAPHML,
    ".dot": Format.DOT,
    ".gv": Format.DOT,
    ".svg": Format.SVG,
}


@dataclass(frozen=True, slots=True)
class Renderer:
    """Where a renderer lives and what options it takes.

    ``folder`` names, for a format written as a folder of files (``tei-standoff``), the
    function ``(record, options, path) -> Path`` of the module that writes it; ``function``
    then gives its main file as text.  ``encoded`` names, for a format whose writer makes
    UTF-8 bytes (JSON, through orjson) or can encode its text a stretch at a time (HTML), the
    function ``(record, options) -> Iterable[bytes | str]`` that :func:`write` calls
    instead: ``function``'s text in order, in parts that are its UTF-8 bytes (or text, where
    a part has no such bytes), which :func:`write` writes to the file as they come, without
    the whole text made first.
    """

    module: str
    function: str
    options: type
    folder: str | None = None
    encoded: str | None = None


#: ``(kind of record, format) -> renderer``; the kinds are ``"apparatus"``, ``"report"`` and
#: ``"collation"`` (:func:`kind_of`).
RENDERERS: dict[tuple[str, Format], Renderer] = {
    ("apparatus", Format.TEI): Renderer("tei", "render_tei", TEIOptions),
    ("apparatus", Format.JSON): Renderer(
        "json_", "render_json", JSONOptions, encoded="json_chunks"
    ),
    ("apparatus", Format.MARKDOWN): Renderer("markdown", "render_markdown", MarkdownOptions),
    ("apparatus", Format.CSV): Renderer("csv_", "render_csv", CSVOptions),
    ("apparatus", Format.HTML): Renderer("html", "render_html", HTMLOptions, encoded="html_chunks"),
    ("apparatus", Format.RELEDMAC): Renderer("latex", "render_reledmac", LaTeXOptions),
    ("apparatus", Format.EKDOSIS): Renderer("latex", "render_ekdosis", LaTeXOptions),
    ("apparatus", Format.TEI_STANDOFF): Renderer(
        "tei_standoff", "render_tei_standoff", TEIStandoffOptions, folder="write_tei_standoff"
    ),
    ("report", Format.MARKDOWN): Renderer(
        "report_markdown", "render_report_markdown", ReportOptions
    ),
    ("report", Format.HTML): Renderer("report_html", "render_report_html", ReportOptions),
    ("report", Format.JSON): Renderer(
        "report_json", "render_report_json", ReportOptions, encoded="report_json_chunks"
    ),
    ("report", Format.CSV): Renderer("report_csv", "render_report_csv", ReportOptions),
    ("collation", Format.COLLATEX_JSON): Renderer(
        "collatex", "render_collatex_json", CollateXOptions
    ),
    ("collation", Format.JSON): Renderer("collatex", "render_collatex_json", CollateXOptions),
    ("collation", Format.HTML): Renderer("html", "render_collation_html", HTMLOptions),
    ("collation", Format.TABLE_CSV): Renderer("table", "render_table_csv", TableCSVOptions),
    ("collation", Format.CSV): Renderer("table", "render_table_csv", TableCSVOptions),
    ("collation", Format.TABLE_JSON): Renderer("table", "render_table_json", TableJSONOptions),
    ("collation", Format.GRAPHML): Renderer("graph", "render_graphml", GraphMLOptions),
    ("collation", Format.DOT): Renderer("graph", "render_dot", DotOptions),
    ("collation", Format.SVG): Renderer("graph", "render_svg", SVGOptions),
}

_DEFAULT = {"apparatus": Format.TEI, "report": Format.MARKDOWN, "collation": Format.COLLATEX_JSON}


def kind_of(obj: object) -> str:
    """``"apparatus"``, ``"report"`` or ``"collation"``; a :class:`RenderError` otherwise."""
    if isinstance(obj, Apparatus):
        return "apparatus"
    if isinstance(obj, AlterationReport):
        return "report"
    if isinstance(obj, Collation):
        return "collation"
    raise RenderError(
        f"cannot render a {type(obj).__name__}",
        hint="render an Apparatus, an AlterationReport or a Collation",
    )


def formats_of(kind: str) -> tuple[Format, ...]:
    """The formats a kind of record (``"apparatus"``, ``"report"``, ``"collation"``) takes."""
    return tuple(f for k, f in RENDERERS if k == kind)


def renderer(kind: str, fmt: Format | str) -> tuple[Callable[..., str], type]:
    """The render function for a kind of record and a format, and its options type."""
    f = Format.parse(fmt)
    entry = RENDERERS.get((kind, f))
    if entry is None:
        allowed = ", ".join(sorted(fm.value for k, fm in RENDERERS if k == kind))
        article = "an" if kind[0] in "aeiou" else "a"
        raise RenderError(
            f"{article} {kind} cannot be written as {f.value}", hint=f"use one of: {allowed}"
        )
    module = importlib.import_module(f"{__name__}.{entry.module}")
    func: Callable[..., str] = getattr(module, entry.function)
    return func, entry.options


def render(
    obj: Apparatus | AlterationReport | Collation, fmt: Format | str | None = None, **opts: Any
) -> str:
    """``obj`` in ``fmt`` (a :class:`Format` or its name; default TEI for an apparatus,
    Markdown for a report, CollateX JSON for a collation).  Options go to the renderer's
    options record; an unknown one is a :class:`RenderError`."""
    kind = kind_of(obj)
    f = _DEFAULT[kind] if fmt is None else Format.parse(fmt)
    func, options_type = renderer(kind, f)
    options: Any = make_options(options_type, f.value, opts)
    # A writer makes many short-lived objects beside a collation of millions: with the
    # collector on, its full collections over those millions made writing superlinear.
    with paused_gc():
        return func(obj, options)


def write(
    obj: Apparatus | AlterationReport | Collation,
    path: str | os.PathLike[str],
    fmt: Format | str | None = None,
    **opts: Any,
) -> Path:
    """Render and write to ``path`` atomically (no partial file is ever left behind).

    The format is inferred from the suffix unless given.  A format written as a folder
    (``tei-standoff``) writes the folder ``path``, as atomically.
    """
    f = Format.parse(fmt) if fmt is not None else Format.infer(path)
    kind = kind_of(obj)
    entry = RENDERERS.get((kind, f))
    if entry is not None and entry.folder is not None:
        module = importlib.import_module(f"{__name__}.{entry.module}")
        writer: Callable[..., Path] = getattr(module, entry.folder)
        return writer(obj, make_options(entry.options, f.value, opts), path)
    if entry is not None and entry.encoded is not None:
        # a book's JSON is hundreds of megabytes: decoding orjson's bytes into a str only
        # to encode it back took as long as writing them
        module = importlib.import_module(f"{__name__}.{entry.module}")
        encoded: Callable[..., Iterable[bytes | str]] = getattr(module, entry.encoded)
        options: Any = make_options(entry.options, f.value, opts)
        with paused_gc():  # (the parts are made as the file is written)
            return atomic_write(path, encoded(obj, options))
    return atomic_write(path, render(obj, f, **opts))
