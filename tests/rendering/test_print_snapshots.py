"""Snapshots of the LaTeX (reledmac, ekdosis) and HTML renderers.

LaTeX: two small hand-built collations (:mod:`latex_samples`: nesting, states, works cited,
page breaks; :mod:`edition_samples`: transposition, lacuna, specials), which do not depend on
the aligner; the corpus is checked by named loci and compiled PDFs in ``test_latex.py``
instead of whole-document snapshots.  HTML: two corpus documents and the hand-built sample.
The library version is pinned to 0.0.0 so that a release does not change them.  Update with
``pytest tests/rendering/test_print_snapshots.py --snapshot-update`` after a deliberate
change, and read the diff (and compile or open the new output: see test_latex/test_html).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import cache

import pytest
from edition_samples import sample_collation
from latex_samples import edition
from snapshot_support import corpus_apparatus, text_extension
from syrupy.assertion import SnapshotAssertion

from witnesscollate import Apparatus


@cache
def sample_apparatus() -> Apparatus:
    return replace(sample_collation().apparatus(base="PSS"), version="0.0.0")


@cache
def edition_apparatus() -> Apparatus:
    return replace(edition().apparatus(base="PSS"), version="0.0.0")


LATEX_SOURCES: dict[str, Callable[[], Apparatus]] = {
    "edition": edition_apparatus,
    "sample": sample_apparatus,
}

LATEX_OUTPUTS: dict[str, Callable[[Apparatus], str]] = {
    "reledmac": lambda a: a.render("reledmac"),
    "reledmac_negative": lambda a: a.render("reledmac", positive=False, standalone=False),
    "ekdosis": lambda a: a.render("ekdosis"),
}


@pytest.mark.parametrize("source", sorted(LATEX_SOURCES))
@pytest.mark.parametrize("output", sorted(LATEX_OUTPUTS))
def test_latex_snapshot(source: str, output: str, snapshot: SnapshotAssertion) -> None:
    text = LATEX_OUTPUTS[output](LATEX_SOURCES[source]())
    assert text == snapshot(extension_class=text_extension("tex"))


SOURCES: dict[str, Callable[[], Apparatus]] = {
    "letter": lambda: corpus_apparatus("letter-to-congress-1922-12-23"),
    "characteristics": lambda: corpus_apparatus("characteristics-1922-12-24"),
    "sample": sample_apparatus,
}


def _html(a: Apparatus) -> str:
    from witnesscollate.rendering.html import render_html

    return render_html(a)


def _html_fragment(a: Apparatus) -> str:
    from witnesscollate.rendering.html import apparatus_html_fragment

    return apparatus_html_fragment(a)


OUTPUTS: dict[str, tuple[str, Callable[[Apparatus], str]]] = {
    "html": ("html", _html),
    "html_fragment": ("html", _html_fragment),
}


@pytest.mark.parametrize("source", sorted(SOURCES))
@pytest.mark.parametrize("output", sorted(OUTPUTS))
def test_snapshot(source: str, output: str, snapshot: SnapshotAssertion) -> None:
    suffix, render = OUTPUTS[output]
    text = render(SOURCES[source]())
    assert text == snapshot(extension_class=text_extension(suffix))


def test_collation_html_snapshot(snapshot: SnapshotAssertion) -> None:
    from witnesscollate.rendering.html import collation_html

    assert collation_html(sample_collation()) == snapshot(extension_class=text_extension("html"))
