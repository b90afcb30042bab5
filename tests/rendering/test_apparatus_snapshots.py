"""Snapshots of the text renderers (TEI, JSON, Markdown, CSV) on two small hand-built fixtures.

Small on purpose (issue 10): a change of the aligner cannot rewrite them, and a diff is short
enough to read.  Corpus behaviour is asserted at named loci elsewhere (``tests/gold``).  The
library version is pinned to 0.0.0 so that a release does not change them.  Update with
``pytest tests/rendering/test_apparatus_snapshots.py --snapshot-update`` after a deliberate
change, and read the diff.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import cache
from typing import Any

import pytest
from snapshot_support import text_extension
from syrupy.assertion import SnapshotAssertion

from conftest import hand_collation
from witnesscollate.model import Apparatus


@cache
def flat() -> Apparatus:
    """Substitutions, a grammatical change, an omission, a lacuna, a punctuation variant."""
    app = hand_collation(
        "для всех |«судей»| партии |Вы| ставим |ему| в вину |и так| далее|.",
        "для всех |судеб| партии |вы| ставим |им| в вину || далее|.",
        "для всех |?| партии |вы| ставим |ему| в вину |и так| далее|!",
        language="ru",
    ).apparatus()
    return replace(app, version="0.0.0")


@cache
def nested() -> Apparatus:
    """C omits a stretch inside which A and B differ: one omission unit with a unit inside."""
    app = hand_collation(
        "Я думаю, |что эта |реформа |нужна |для партии|.",
        "Я думаю, |что эта |мера |нужна |для партии|.",
        "Я думаю, ||||для партии|.",
        language="ru",
    ).apparatus()
    return replace(app, version="0.0.0")


SOURCES: dict[str, Callable[[], Apparatus]] = {"flat": flat, "nested": nested}

OUTPUTS: dict[str, tuple[str, Callable[[Apparatus], str]]] = {
    "tei": ("xml", lambda a: a.to_tei()),
    "tei_negative": ("xml", lambda a: a.to_tei(positive=False)),
    "json": ("json", lambda a: a.to_json()),
    "markdown": ("md", lambda a: a.to_markdown()),
    "csv_long": ("csv", lambda a: a.to_csv()),
    "csv_wide": ("csv", lambda a: a.to_csv(form="wide")),
}


@pytest.mark.parametrize("source", sorted(SOURCES))
@pytest.mark.parametrize("output", sorted(OUTPUTS))
def test_snapshot(source: str, output: str, snapshot: SnapshotAssertion) -> None:
    suffix, render = OUTPUTS[output]
    text = render(SOURCES[source]())
    assert text == snapshot(extension_class=text_extension(suffix))


def test_the_nested_fixture_nests() -> None:
    app = nested()
    outer, inner = app.units
    assert outer.reading_of("C").text == ""
    assert outer.variants[0].type.value == "omission"
    assert inner.parent == outer.id
    assert inner.scope == ("A", "B")
    assert [r.text for r in inner.readings] == ["реформа", "мера"]


def test_dataframes_match_the_csv() -> None:
    pd = pytest.importorskip("pandas")
    frame: Any = flat().to_dataframe("long")
    assert isinstance(frame, pd.DataFrame)
    assert list(frame["unit"]) == [row.split(",")[0] for row in flat().to_csv().splitlines()[1:]]
