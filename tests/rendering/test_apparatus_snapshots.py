"""Snapshots of every apparatus renderer of this module set (TEI, JSON, Markdown, CSV, pandas).

Two corpus documents (the 23 December letter and the «characteristics» of 24-25 December,
Russian witnesses on the PSS base) and one hand-built collation that does not depend on the
aligner.  The library version is pinned to 0.0.0 so that a release does not change them.
Update with ``pytest tests/rendering/test_apparatus_snapshots.py --snapshot-update`` after a
deliberate change, and read the diff.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import cache
from typing import Any

import pytest
from snapshot_support import corpus_apparatus, text_extension
from syrupy.assertion import SnapshotAssertion

from conftest import hand_collation
from witnesscollate.analysis import Apparatus


@cache
def hand_apparatus() -> Apparatus:
    app = hand_collation(
        "для всех |«судей»| партии |Вы| ставим |ему| в вину |и так| далее|.",
        "для всех |судеб| партии |вы| ставим |им| в вину || далее|.",
        "для всех |?| партии |вы| ставим |ему| в вину |и так| далее|!",
        language="ru",
    ).apparatus()
    return replace(app, version="0.0.0")


SOURCES: dict[str, Callable[[], Apparatus]] = {
    "letter": lambda: corpus_apparatus("letter-to-congress-1922-12-23"),
    "characteristics": lambda: corpus_apparatus("characteristics-1922-12-24"),
    "hand": hand_apparatus,
}

OUTPUTS: dict[str, tuple[str, Callable[[Apparatus], str]]] = {
    "tei": ("xml", lambda a: a.to_tei()),
    "tei_negative": ("xml", lambda a: a.to_tei(positive=False)),
    "json": ("json", lambda a: a.to_json()),
    "markdown": ("md", lambda a: a.to_markdown()),
    "csv_long": ("csv", lambda a: a.to_csv()),
    "csv_wide": ("csv", lambda a: a.to_csv(form="wide")),
    "dataframe_long": ("csv", lambda a: _frame_csv(a, "long")),
    "dataframe_wide": ("csv", lambda a: _frame_csv(a, "wide")),
}


def _frame_csv(app: Apparatus, form: str) -> str:
    pytest.importorskip("pandas")
    frame: Any = app.to_dataframe(form)
    return str(frame.to_csv(lineterminator="\n"))


@pytest.mark.parametrize("source", sorted(SOURCES))
@pytest.mark.parametrize("output", sorted(OUTPUTS))
def test_snapshot(source: str, output: str, snapshot: SnapshotAssertion) -> None:
    suffix, render = OUTPUTS[output]
    text = render(SOURCES[source]())
    assert text == snapshot(extension_class=text_extension(suffix))
