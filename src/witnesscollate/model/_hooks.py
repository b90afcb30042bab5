"""How the records' convenience methods reach the pipeline without importing it.

``collation.apparatus()``, ``apparatus.write("app.xml")`` and the Jupyter ``_repr_html_``
methods are one-line calls into :mod:`witnesscollate.api`, the composition root.  The records
live in the lowest layer and may not import that module (imports point down the stages, see
``docs/architecture.md``), so the API installs itself here when the package is imported:
``import witnesscollate`` (which every import of a submodule runs first) imports
:mod:`witnesscollate.api`, which calls :func:`install`.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Protocol

__all__ = ["Pipeline", "install", "pipeline"]


class Pipeline(Protocol):
    """What the records ask of the composition root (:mod:`witnesscollate.api`)."""

    # The records are typed Any here: this module is imported by the record modules.
    def apparatus(self, collation: Any, base: str | None = None, **options: Any) -> Any:
        """Variation units from a collation."""
        ...

    def filter(
        self,
        apparatus: Any,
        *,
        substantive: bool | None = None,
        types: Iterable[Any] | None = None,
        witnesses: Iterable[str] | None = None,
    ) -> Any:
        """Part of an apparatus."""
        ...

    def render(self, obj: Any, fmt: Any = None, **options: Any) -> str:
        """A collation, apparatus or report in a format."""
        ...

    def write(
        self, obj: Any, path: str | os.PathLike[str], fmt: Any = None, **options: Any
    ) -> Path:
        """Render and write atomically."""
        ...

    def dataframe(self, obj: Any, **options: Any) -> Any:
        """A pandas DataFrame of a collation, apparatus or report."""
        ...

    def graph(self, collation: Any, *, segmentation: bool = False) -> Any:
        """A collation's variant graph (a networkx DiGraph)."""
        ...

    def html_fragment(self, obj: Any) -> str:
        """The Jupyter view."""
        ...


_PIPELINE: Pipeline | None = None


def install(impl: Pipeline) -> None:
    """Called once by :mod:`witnesscollate.api` when the package is imported."""
    global _PIPELINE
    _PIPELINE = impl


def pipeline() -> Pipeline:
    """The installed pipeline (always there once ``witnesscollate`` is imported)."""
    if _PIPELINE is None:  # pragma: no cover - the package __init__ installs it
        raise RuntimeError("witnesscollate.api is not installed; import witnesscollate first")
    return _PIPELINE
