"""Rendering: the apparatus in the formats editors publish.

Every renderer is a module of its own that reads an
:class:`~witnesscollate.analysis.Apparatus` and nothing else (no renderer re-aligns).  A
:class:`Format` names each one; :func:`render` looks the renderer up in a table and imports
its module only when it is used, so that e.g. pandas or the LaTeX templates cost nothing
unless asked for.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import RenderError

if TYPE_CHECKING:
    from ..analysis.apparatus import Apparatus

__all__ = ["Format", "render", "write"]


class Format(str, Enum):
    """An output format of the apparatus.

    The values are the names used on the command line (``--format``) and by
    :meth:`Apparatus.render`; :meth:`parse` also accepts the short aliases ``md``,
    ``reledmac``, ``ekdosis``, ``xml``.
    """

    TEI = "tei"
    JSON = "json"
    MARKDOWN = "markdown"
    CSV = "csv"
    LATEX_RELEDMAC = "latex_reledmac"
    LATEX_EKDOSIS = "latex_ekdosis"
    HTML = "html"

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
        key = str(value).strip().lower().replace("-", "_")
        key = _ALIASES.get(key, key)
        try:
            return cls(key)
        except ValueError:
            allowed = ", ".join(sorted({f.value for f in cls} | set(_ALIASES)))
            raise RenderError(
                f"unknown output format {value!r}", hint=f"use one of: {allowed}"
            ) from None

    @classmethod
    def infer(cls, path_suffix: str | os.PathLike[str]) -> Format:
        """The format for a file suffix (``".xml"``) or a path (``"out/app.tex"``).

        ``.tex`` means reledmac; ask for ekdosis explicitly.
        """
        text = os.fspath(path_suffix)
        suffix = Path(text).suffix if "." in Path(text).name[1:] or "/" in text else text
        suffix = suffix.lower()
        if suffix and not suffix.startswith("."):
            suffix = "." + suffix
        try:
            return _BY_SUFFIX[suffix]
        except KeyError:
            allowed = ", ".join(sorted(_BY_SUFFIX))
            raise RenderError(
                f"cannot infer the output format from suffix {suffix or '(none)'!r}",
                hint=f"use one of: {allowed}, or give the format explicitly",
            ) from None


_ALIASES = {
    "md": "markdown",
    "reledmac": "latex_reledmac",
    "latex": "latex_reledmac",
    "ekdosis": "latex_ekdosis",
    "xml": "tei",
}
_SUFFIX = {
    Format.TEI: ".xml",
    Format.JSON: ".json",
    Format.MARKDOWN: ".md",
    Format.CSV: ".csv",
    Format.LATEX_RELEDMAC: ".tex",
    Format.LATEX_EKDOSIS: ".tex",
    Format.HTML: ".html",
}
_BY_SUFFIX = {
    ".xml": Format.TEI,
    ".tei": Format.TEI,
    ".json": Format.JSON,
    ".md": Format.MARKDOWN,
    ".markdown": Format.MARKDOWN,
    ".csv": Format.CSV,
    ".tex": Format.LATEX_RELEDMAC,
    ".html": Format.HTML,
    ".htm": Format.HTML,
}

# Format -> (module in this package, function name).  Modules are imported on first use.
RENDERERS: dict[Format, tuple[str, str]] = {
    Format.TEI: ("tei", "render_tei"),
    Format.JSON: ("json_", "render_json"),
    Format.MARKDOWN: ("markdown", "render_markdown"),
    Format.CSV: ("csv_", "render_csv"),
    Format.LATEX_RELEDMAC: ("latex", "render_reledmac"),
    Format.LATEX_EKDOSIS: ("latex", "render_ekdosis"),
    Format.HTML: ("html", "render_html"),
}


def renderer(fmt: Format | str) -> Callable[..., str]:
    """The render function of a format (its module imported now)."""
    f = Format.parse(fmt)
    module_name, func_name = RENDERERS[f]
    try:
        module = importlib.import_module(f"{__name__}.{module_name}")
    except ModuleNotFoundError as exc:
        if exc.name != f"{__name__}.{module_name}":
            raise
        raise RenderError(
            f"the {f.value} renderer is not available in this installation",
            hint=f"module witnesscollate.rendering.{module_name} is missing",
        ) from exc
    func: Callable[..., str] = getattr(module, func_name)
    return func


def render(apparatus: Apparatus, fmt: Format | str = Format.TEI, **opts: Any) -> str:
    """Render ``apparatus`` in ``fmt`` (a :class:`Format` or its name); options go to the renderer.

    Every renderer accepts ``positive=True`` (list the witnesses that agree with the lemma)
    or ``positive=False`` (a negative apparatus: only the dissenting witnesses).
    """
    return renderer(fmt)(apparatus, **opts)


def write(
    apparatus: Apparatus,
    path: str | os.PathLike[str],
    fmt: Format | str | None = None,
    **opts: Any,
) -> Path:
    """Render and write to ``path`` atomically (temporary file + ``os.replace``).

    The format is inferred from the suffix unless given.  Raises :class:`RenderError` if the
    path cannot be written; no partial file is left behind.
    """
    from .._io import atomic_write

    f = Format.parse(fmt) if fmt is not None else Format.infer(path)
    text = render(apparatus, f, **opts)
    return atomic_write(path, text)
