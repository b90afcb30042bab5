"""The common columns the native engine notes on a collation (every witness one token of the
same text, no lacuna): exactly what a scan of the cells finds, and never trusted for other
columns or when two texts share a hash."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from texts import darwin_paragraphs

from witnesscollate import Collation, apparatus, collate, load_text
from witnesscollate.alignment import _build
from witnesscollate.corpus import load_corpus
from witnesscollate.model.collation import common_columns


def scanned(c: Collation) -> list[bool]:
    out = []
    for col in c.columns:
        cells = col.cells
        texts = {cell[0].text for cell in cells if len(cell) == 1}
        out.append(
            all(len(cell) == 1 and cell.lacuna is None for cell in cells) and len(texts) == 1
        )
    return out


@pytest.mark.parametrize(
    ("doc", "group"),
    [("letter-to-congress-1922-12-23", "ru"), ("letter-to-mdivani-1923-03-06", "en")],
)
def test_noted_common_columns_are_the_scanned_ones_on_the_corpus(doc: str, group: str) -> None:
    c = collate(load_corpus(doc, group))
    noted = common_columns(c)
    assert noted is not None
    assert noted.tolist() == scanned(c)
    assert any(any(cell.lacuna is not None for cell in col.cells) for col in c.columns)


def test_on_darwin() -> None:
    paras = darwin_paragraphs()
    ws = [load_text(f"E{k}", " ".join(p)) for k, p in enumerate(paras[:3])]
    c = collate(ws)
    noted = common_columns(c)
    assert noted is not None
    assert noted.tolist() == scanned(c)


words = st.lists(st.sampled_from(["a", "b", "B", "c", "d.", "ab"]), min_size=0, max_size=12)


@settings(max_examples=150, deadline=None)
@given(st.lists(words, min_size=2, max_size=4))
def test_noted_common_columns_match_a_scan(texts: list[list[str]]) -> None:
    ws = [load_text(f"W{k}", " ".join(t)) for k, t in enumerate(texts)]
    c = collate(ws)
    noted = common_columns(c)
    assert noted is not None
    assert noted.tolist() == scanned(c)


def test_a_collation_with_other_columns_has_no_note() -> None:
    c = collate([load_text("A", "a b c"), load_text("B", "a x c")])
    assert common_columns(c) is not None
    other = dataclasses.replace(c, columns=c.columns[1:])
    assert common_columns(other) is None


def test_texts_sharing_a_hash_leave_no_note_and_the_apparatus_is_the_same(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ws = [load_text("A", "one two three four"), load_text("B", "one too three four")]
    plain = apparatus(collate(ws))
    monkeypatch.setattr(_build, "hash", lambda text: 0, raising=False)
    c = collate(ws)
    assert common_columns(c) is None
    same = apparatus(c)
    assert [u.readings for u in same.units] == [u.readings for u in plain.units]
    assert len(plain.units) == 1
