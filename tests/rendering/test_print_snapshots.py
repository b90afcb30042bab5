"""Snapshots of the LaTeX (reledmac, ekdosis) renderers (the HTML ones are in test_html.py).

LaTeX: two small hand-built collations (:mod:`latex_samples`: nesting, states, works cited,
page breaks; :mod:`edition_samples`: transposition, lacuna, specials), which do not depend on
the aligner; the corpus is checked by named loci and compiled PDFs in ``test_latex.py``
instead of whole-document snapshots.
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
from snapshot_support import text_extension
from syrupy.assertion import SnapshotAssertion

from witnesscollate.model import Apparatus


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
