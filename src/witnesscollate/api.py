"""The composition root: the whole pipeline, one function per step.

``load_* → collate → apparatus → alterations → render / write``: each function here calls one
stage (:mod:`~witnesscollate.reading`, :mod:`~witnesscollate.alignment`,
:mod:`~witnesscollate.analysis`, :mod:`~witnesscollate.rendering`) and nothing else decides
anything.  The records' convenience methods (``collation.apparatus()``,
``apparatus.write(...)``, the Jupyter views) are one-line calls into this module, which
installs itself for them when the package is imported (:mod:`witnesscollate.model._hooks`).
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from .alignment import collate as _collate
from .analysis import alterations as _alterations
from .analysis import build_apparatus, filter_apparatus
from .analysis.signals import is_editorial_note
from .errors import InputError, WitnessCollateWarning, WitnessError
from .model import (
    AlterationReport,
    Apparatus,
    Collation,
    Note,
    Reading,
    Stemma,
    VariantType,
    VariationUnit,
    Witness,
    _hooks,
)
from .reading import (
    load_collatex_alignment,
    load_collatex_json,
    load_tei,
    load_tei_states,
    load_text,
)
from .rendering import render, write
from .rendering.dataframe import to_dataframe
from .rendering.graph import variant_graph
from .rendering.html import apparatus_fragment, collation_html
from .rendering.report_csv import report_dataframe
from .rendering.table import collation_dataframe

__all__ = [
    "alterations",
    "apparatus",
    "collate",
    "dataframe",
    "filter_apparatus",
    "graph",
    "html_fragment",
    "load_collatex_alignment",
    "load_collatex_json",
    "load_tei",
    "load_tei_states",
    "load_text",
    "render",
    "write",
]


def collate(witnesses: Iterable[Witness | str], **options: Any) -> Collation:
    """Align witnesses token by token (:func:`witnesscollate.alignment.collate`).

    Plain strings are accepted too, as CollateX's ``add_plain_witness`` does: they become
    witnesses with the sigla ``A``, ``B``, ``C``... in order.
    """
    if isinstance(witnesses, (str, Witness)):
        raise InputError(
            f"collate() takes a sequence of witnesses, got a single {type(witnesses).__name__}",
            hint="pass a list: collate([a, b])",
        )
    given = list(witnesses)
    if not given:
        raise WitnessError(
            "collate() needs at least two witnesses, got none",
            hint="load them with load_tei(...) or pass plain strings: collate(['text a', 'text b'])",
        )
    ws: list[Witness] = []
    for i, w in enumerate(given):
        if isinstance(w, str):
            _warn_if_a_file_name(w, _siglum(i))
            ws.append(load_text(_siglum(i), w))
        else:
            ws.append(w)
    if len(ws) < 2:
        raise WitnessError(
            f"collate() needs at least two witnesses, got one ({ws[0].siglum!r})",
            hint="a collation compares witnesses; add another",
        )
    for w in ws:
        if isinstance(w, Witness) and not w.tokens and not w.lacunae:
            _warn_empty(w.siglum)
    return _collate(ws, **options)


def _warn_empty(siglum: str) -> None:
    """Warn where a witness has no text: the apparatus would print it omitting everything
    (*om.*), which is wrong where its text was not read (an empty string or file) or is lost."""
    warnings.warn(
        WitnessCollateWarning(
            f"collate(): witness {siglum} has no text; the apparatus will show it omitting "
            "every word",
            hint="check that its text was read; text that is lost is a lacuna "
            "(TEI <gap/>), not an omission",
        ),
        stacklevel=3,
    )


def _warn_if_a_file_name(text: str, siglum: str) -> None:
    """Warn where a plain-string witness is one word that names a file: a newcomer's
    ``collate(["K56.xml", "T.xml"])`` would otherwise collate the two names."""
    name = text.strip()
    if len(name) > 4096 or not name or any(c.isspace() for c in name):
        return
    try:
        is_file = os.path.isfile(name)
    except (OSError, ValueError):  # (a name too long, a NUL: not a file's name)
        return
    if is_file:
        warnings.warn(
            WitnessCollateWarning(
                f"collate(): witness {siglum} is the text {name!r}, which names a file",
                hint="to collate the file, load it first: collate([load_tei(path), ...]) "
                "(or load_text(siglum, open(path).read()))",
            ),
            stacklevel=3,
        )


def _siglum(i: int) -> str:
    """``A``, ``B``, … ``Z``, ``AA``, ``AB``…: the sigla of plain-string witnesses."""
    out = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        out = chr(ord("A") + r) + out
    return out


def apparatus(collation: Collation, base: str | Witness | None = None, **options: Any) -> Apparatus:
    """Variation units with classified readings (:func:`witnesscollate.analysis.build_apparatus`).

    ``base`` is a siglum or a :class:`Witness` of the collation.
    """
    if isinstance(base, Witness):
        base = base.siglum
    return build_apparatus(collation, base=base, **options)


def alterations(
    source: Collation | Apparatus,
    chain: Sequence[str] | str | None = None,
    *,
    stemma: Stemma | str | None = None,
    base: str | None = None,
    apparatus: Apparatus | None = None,
    context: int = 4,
    note_filter: Callable[[Note], bool] = is_editorial_note,
    classify: Callable[
        [Reading, Reading, VariationUnit], tuple[VariantType, frozenset[VariantType]]
    ]
    | None = None,
    typography: bool = False,
) -> AlterationReport:
    """What each witness changed along a stemma (or a chain, a stemma with one path).

    ``source`` is a collation (its apparatus is built on ``base``: by default the last
    witness of the chain, or the stemma's last) or an apparatus.  ``stemma`` is a
    :class:`Stemma` or its edges as the command line takes them (``"H>T, T>K56, T>PSS"``,
    :meth:`Stemma.parse`).  See :func:`witnesscollate.analysis.alterations`.
    """
    if isinstance(stemma, str):
        stemma = Stemma.parse(stemma)
    elif stemma is not None and not isinstance(stemma, Stemma):
        raise InputError(
            f"stemma must be a Stemma or its edges as text, got {type(stemma).__name__}",
            hint="e.g. stemma='H>T,T>K56,T>PSS' or stemma=Stemma.from_mapping({...})",
        )
    if stemma is None:
        if chain is None:
            raise WitnessError(
                "alterations() needs a chain or a stemma",
                hint="e.g. alterations(collation, ['H', 'T', 'PSS']) or stemma=Stemma.from_mapping(...)",
            )
        stemma = Stemma.chain(chain)
    elif chain is not None:
        raise WitnessError("give either a chain or a stemma, not both")
    if isinstance(source, Apparatus):
        apparatus = source
    sigla = apparatus.sigla if apparatus is not None else getattr(source, "sigla", ())
    unknown = [s for s in stemma.order if s not in sigla and s not in stemma.lost]
    if unknown:
        word = "chain" if chain is not None else "stemma"
        raise WitnessError(
            f"the {word} names unknown siglum {unknown[0]!r}",
            hint=f"use one of: {', '.join(sigla)}",
        )
    if apparatus is None:
        if not isinstance(source, Collation):
            raise InputError(
                f"alterations() takes a Collation or an Apparatus, got {type(source).__name__}"
            )
        base = base or next(s for s in reversed(stemma.order) if s in source.sigla)
        apparatus = build_apparatus(source, base=base)
    elif base is not None and base != apparatus.base:
        raise WitnessError(
            f"base {base!r} differs from the apparatus's base {apparatus.base!r}",
            hint="build the apparatus on that base, or leave base out",
        )
    return _alterations(
        apparatus,
        stemma,
        context=context,
        note_filter=note_filter,
        classify=classify,
        typography=typography,
    )


def dataframe(obj: Apparatus | AlterationReport | Collation, **options: Any) -> Any:
    """A pandas DataFrame of an apparatus (``form="long"|"wide"``), of a report, or of a
    collation's alignment table (``layout="vertical"|"horizontal"``, ``segmentation``:
    :func:`witnesscollate.rendering.table.collation_dataframe`)."""
    if isinstance(obj, Apparatus):
        return to_dataframe(obj, **options)
    if isinstance(obj, AlterationReport):
        return report_dataframe(obj, **options)
    if isinstance(obj, Collation):
        return collation_dataframe(obj, **options)
    raise InputError(f"no DataFrame for a {type(obj).__name__}")


def graph(collation: Collation, *, segmentation: bool = False) -> Any:
    """The collation's variant graph, a :class:`networkx.DiGraph`
    (:func:`witnesscollate.rendering.graph.variant_graph`)."""
    if not isinstance(collation, Collation):
        raise InputError(
            f"a variant graph is made from a Collation, got {type(collation).__name__}"
        )
    return variant_graph(collation, segmentation=segmentation)


def html_fragment(obj: Collation | Apparatus | AlterationReport) -> str:
    """The Jupyter view of a collation, apparatus or report (IPython is never imported)."""
    if isinstance(obj, Collation):
        return collation_html(obj)
    if isinstance(obj, Apparatus):
        return apparatus_fragment(obj)
    return render(obj, "html", standalone=False, max_rows=_JUPYTER_ROWS)


#: How many alterations the Jupyter view of a report lists (a book's report has tens of
#: thousands: megabytes of HTML in a notebook); the apparatus's shows 200 units, the
#: collation's 200 columns.
_JUPYTER_ROWS = 200


class _Pipeline:
    """What the records' convenience methods call (:class:`witnesscollate.model._hooks.Pipeline`)."""

    apparatus = staticmethod(apparatus)
    filter = staticmethod(filter_apparatus)
    render = staticmethod(render)
    dataframe = staticmethod(dataframe)
    graph = staticmethod(graph)
    html_fragment = staticmethod(html_fragment)

    @staticmethod
    def write(obj: Any, path: str | os.PathLike[str], fmt: Any = None, **options: Any) -> Path:
        return write(obj, path, fmt, **options)


_hooks.install(_Pipeline())
