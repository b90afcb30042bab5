"""Snapshots of the LaTeX (reledmac, ekdosis) renderers (the HTML ones are in test_html.py).

Two corpus documents (the 23 December letter and the «characteristics» of 24-25 December,
Russian witnesses on the PSS base) and the hand-built sample of :mod:`edition_samples`, which
does not depend on the aligner.  The library version is pinned to 0.0.0 so that a release
does not change them.  Update with
``pytest tests/rendering/test_print_snapshots.py --snapshot-update`` after a deliberate
change, and read the diff (and compile or open the new output: see test_latex/test_html).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import cache

import pytest
from edition_samples import sample_collation
from snapshot_support import corpus_apparatus, text_extension
from syrupy.assertion import SnapshotAssertion

from witnesscollate.analysis import Apparatus
from witnesscollate.rendering.latex import render_ekdosis, render_reledmac


@cache
def sample_apparatus() -> Apparatus:
    return replace(sample_collation().apparatus(base="PSS"), version="0.0.0")


SOURCES: dict[str, Callable[[], Apparatus]] = {
    "letter": lambda: corpus_apparatus("letter-to-congress-1922-12-23"),
    "characteristics": lambda: corpus_apparatus("characteristics-1922-12-24"),
    "sample": sample_apparatus,
}

OUTPUTS: dict[str, tuple[str, Callable[[Apparatus], str]]] = {
    "reledmac": ("tex", lambda a: render_reledmac(a)),
    "reledmac_positive": ("tex", lambda a: render_reledmac(a, positive=True, standalone=False)),
    "ekdosis": ("tex", lambda a: render_ekdosis(a)),
}


@pytest.mark.parametrize("source", sorted(SOURCES))
@pytest.mark.parametrize("output", sorted(OUTPUTS))
def test_snapshot(source: str, output: str, snapshot: SnapshotAssertion) -> None:
    suffix, render = OUTPUTS[output]
    text = render(SOURCES[source]())
    assert text == snapshot(extension_class=text_extension(suffix))
