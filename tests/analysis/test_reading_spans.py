"""A reading's spans, read from the collation's columns on access rather than stored.

The apparatus builder gives each unit's readings one :class:`ColumnSpans` (where to read
them); ``reading.spans`` must be what storing them gave: each witness's first and last token
in the unit's columns, in the order of the reading's witnesses, for leaf units and absence
units alike, and the records must compare, hash, print, pickle and copy as before.
"""

from __future__ import annotations

import copy
import dataclasses
import pickle

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import witnesses
from witnesscollate import collate
from witnesscollate.analysis.units import SPANS_READ_WIDTH
from witnesscollate.model import Apparatus, Collation, Reading, VariationUnit
from witnesscollate.model.apparatus import _SPANS_SLOT, ColumnSpans

WORDS = ["the", "cat", "sat", "on", "a", "mat", "and", "dog", "ran", "far", "Cat", "sad"]


def _expected(
    c: Collation, unit: VariationUnit, reading: Reading
) -> tuple[tuple[str, int, int], ...]:
    """The spans as the builder stored them: the witness's tokens in the unit's columns."""
    out = []
    for siglum in reading.witnesses:
        row = c.row_index(siglum)
        toks = [
            t for col in c.columns[unit.columns[0] : unit.columns[1]] for t in col.cells[row].tokens
        ]
        if toks:
            out.append((siglum, toks[0].index, toks[-1].index + 1))
    return tuple(out)


def _check(app: Apparatus) -> None:
    c = app.collation
    for unit in app.all_units:
        for r in unit.readings:
            assert r.spans == _expected(c, unit, r)
            stored = dataclasses.replace(r, spans=r.spans)  # the same reading, spans stored
            assert stored == r
            assert hash(stored) == hash(r)
            assert repr(stored) == repr(r)
            assert pickle.loads(pickle.dumps(r)) == r
            assert copy.deepcopy(r) == r
            by_siglum = {span[0]: span for span in r.spans}
            for siglum in c.sigla:  # one witness's span, read alone, from either form
                assert r.span_of(siglum) == by_siglum.get(siglum)
                assert stored.span_of(siglum) == by_siglum.get(siglum)
                got = app.tokens_of(r, siglum)
                span = by_siglum.get(siglum)
                assert got == (
                    () if span is None else app.witness(siglum).tokens[span[1] : span[2]]
                )


@st.composite
def _texts(draw: st.DrawFn) -> list[str]:
    base = draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=25))
    out = [" ".join(base)]
    for _ in range(draw(st.integers(1, 3))):
        words = list(base)
        if words and draw(st.booleans()):  # an omission, often a long one
            i = draw(st.integers(0, len(words) - 1))
            del words[i : i + draw(st.integers(1, 8))]
        if words and draw(st.booleans()):  # a substitution
            words[draw(st.integers(0, len(words) - 1))] = draw(st.sampled_from(WORDS))
        if draw(st.booleans()):  # an addition
            words.insert(draw(st.integers(0, len(words))), draw(st.sampled_from(WORDS)))
        out.append(" ".join(words))
    return out


@settings(max_examples=60, deadline=None)
@given(_texts())
def test_spans_read_on_access_are_the_tokens_in_the_units_columns(texts: list[str]) -> None:
    c = collate(witnesses(*texts))
    _check(c.apparatus())
    _check(c.apparatus(segmentation="word"))


def test_absence_units_and_the_readings_inside_them() -> None:
    c = collate(
        witnesses(
            "the cat sat on the mat and the dog ran far",
            "the cat sat far",
            "the cat sat on a mat and the dog ran far",
        )
    )
    app = c.apparatus()
    assert any(u.children for u in app.units)  # B lacks a passage in which A and C differ
    _check(app)
    outer = next(u for u in app.units if u.children)
    assert outer.reading_of("B").spans == ()  # B has no tokens there: no span


def test_the_builder_keeps_one_column_spans_per_unit() -> None:
    app = collate(witnesses("a b c d", "a x c d", "a y c")).apparatus()
    unit = app.units[0]
    assert len(unit.readings) == 3
    kept = {id(_SPANS_SLOT.__get__(r, Reading)) for r in unit.readings}
    assert len(kept) == 1  # one object for the unit, shared by its readings
    assert type(_SPANS_SLOT.__get__(unit.lemma, Reading)) is ColumnSpans
    assert [r.spans for r in unit.readings] == [(("A", 1, 2),), (("B", 1, 2),), (("C", 1, 2),)]


def test_spans_given_as_a_tuple_are_kept_as_given() -> None:
    r = Reading("b", ("A",), spans=(("A", 1, 2),))
    assert r.spans == (("A", 1, 2),)
    assert Reading("b", ("A",)).spans == ()
    with pytest.raises(dataclasses.FrozenInstanceError):
        r.spans = ()  # type: ignore[misc]


def test_wide_units_keep_their_spans_stored() -> None:
    # B lacks a passage wider than SPANS_READ_WIDTH columns, in which A and C differ: the
    # absence unit stores its spans (no scan of B's empty columns), the units inside it do not
    words = [f"w{i}" for i in range(SPANS_READ_WIDTH + 20)]
    other = list(words)
    other[30] = "changed"
    c = collate(witnesses(" ".join(words), f"{words[0]} {words[-1]}", " ".join(other)))
    app = c.apparatus()
    (wide,) = [u for u in app.units if u.columns[1] - u.columns[0] > SPANS_READ_WIDTH]
    assert all(type(_SPANS_SLOT.__get__(r, Reading)) is tuple for r in wide.readings)
    assert wide.reading_of("B").spans == ()
    assert [s for s, _, _ in wide.reading_of("A").spans] == ["A", "C"]
    assert wide.children
    assert all(
        type(_SPANS_SLOT.__get__(r, Reading)) is ColumnSpans
        for u in wide.children
        for r in u.readings
    )
    _check(app)


@settings(max_examples=30, deadline=None)
@given(_texts(), st.data())
def test_a_filtered_apparatus_keeps_the_spans_of_the_kept_witnesses(
    texts: list[str], data: st.DataObject
) -> None:
    app = collate(witnesses(*texts)).apparatus()
    wanted = data.draw(st.lists(st.sampled_from(app.sigla), min_size=1, unique=True))
    kept = app.filter(witnesses=wanted)
    keep = {*wanted, app.base}  # (the base stays)
    assert set(kept.sigla) == keep
    for unit in kept.all_units:
        before = app.unit(unit.id)
        for r in unit.readings:
            (old,) = [x for x in before.readings if set(r.witnesses) <= set(x.witnesses)]
            assert r.spans == tuple(sp for sp in old.spans if sp[0] in keep)
