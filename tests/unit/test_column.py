"""A collation's column: the tuple of its cells underneath, the frozen record it was on top.

A book's collation has a million columns, so a column is the tuple of its cells itself (no
record holding a tuple); these tests hold it to behaving as the dataclass it replaced.
"""

from __future__ import annotations

import copy
import dataclasses
import pickle
import sys

import pytest

from conftest import witnesses
from witnesscollate import collate
from witnesscollate.model import GAP, Cell, Column, Lacuna, Token


def _cell(text: str, i: int = 0, siglum: str = "A") -> Cell:
    return Cell((Token(text, " ", text.lower(), siglum, i, 2 * i),))


def test_the_fields_constructor_and_reads_are_the_records() -> None:
    a, b = _cell("a"), _cell("B", 1, "B")
    col = Column((a, b))
    assert col == Column(cells=[a, b]) == Column(cells=(a, b), transposition=None, near=False)
    assert col.cells == (a, b)
    assert type(col.cells) is tuple
    assert col.transposition is None
    assert col.near is False
    marked = Column((a, GAP), 3, True)
    assert marked.cells == (a, GAP)
    assert marked.transposition == 3
    assert marked.near is True
    assert Column((a, GAP), near=True).transposition is None
    assert Column((a, GAP), transposition=0).near is False
    assert [f.name for f in dataclasses.fields(col)] == ["cells", "transposition", "near"]
    assert dataclasses.replace(col, near=True) == Column((a, b), near=True)
    assert dataclasses.replace(marked, transposition=None, near=False) == Column((a, GAP))
    assert dataclasses.asdict(Column((GAP,))) == {
        "cells": ({"tokens": (), "lacuna": None},),
        "transposition": None,
        "near": False,
    }
    assert repr(Column((GAP,), 2)) == (
        "Column(cells=(Cell(tokens=(), lacuna=None),), transposition=2, near=False)"
    )
    match marked:
        case Column(cells=cells, transposition=tid, near=near):
            assert cells == (a, GAP)
            assert (tid, near) == (3, True)


def test_the_cells_are_read_by_position_without_a_copy() -> None:
    a, b = _cell("a"), _cell("b", 1, "B")
    col = Column((a, b))
    assert len(col) == 2
    assert col[0] is a
    assert col[1] is b
    assert list(col) == [a, b]
    assert col.cells[1] is col[1]


def test_variant_reads_the_cells() -> None:
    a, also_a, b = _cell("a"), _cell("A", 0, "B"), _cell("b", 0, "C")
    lost = Cell(lacuna=Lacuna(0, 1))
    assert not Column((a, also_a)).variant  # same norm
    assert Column((a, b)).variant
    assert Column((a, GAP)).variant  # a gap differs
    assert not Column((a, lost)).variant  # unknown is not different


def test_equal_only_to_a_column_of_the_same_cells_and_marks() -> None:
    a = _cell("a")
    assert Column((a, GAP)) != Column((a, GAP), 0)
    assert Column((a, GAP)) != Column((a, GAP), near=True)
    assert Column((a, GAP), 1, True) == Column((a, GAP), 1, True)
    assert Column((a, GAP)) != (a, GAP)
    assert (a, GAP) != Column((a, GAP))
    assert Column(()) != ()
    assert hash(Column((a,), 1)) == hash(Column((a,), 1))
    assert len({Column((a,)), Column((a,)), Column((a,), 1), Column((a,), near=True)}) == 3
    with pytest.raises(TypeError):
        _ = Column((a,)) < Column((a,))  # records have no order


@pytest.mark.parametrize(
    "col",
    [Column((GAP,)), Column((_cell("a"), GAP)), Column((_cell("a"),), 4, True)],
)
def test_pickled_and_copied_columns_are_the_same(col: Column) -> None:
    for back in (pickle.loads(pickle.dumps(col)), copy.copy(col), copy.deepcopy(col)):
        assert back == col
        assert back.cells == col.cells
        assert (back.transposition, back.near) == (col.transposition, col.near)


def test_a_column_is_immutable() -> None:
    for col in (Column((GAP,)), Column((GAP,), 1, True)):
        with pytest.raises(dataclasses.FrozenInstanceError):
            col.near = True
        with pytest.raises(dataclasses.FrozenInstanceError):
            del col.transposition


def test_a_plain_column_holds_no_record_of_its_own() -> None:
    # the column is the tuple of its cells: one object per column (before: the record and
    # its tuple)
    col = Column(tuple(_cell("a", 0, s) for s in "ABCDEFGHIJ"))
    assert isinstance(col, tuple)
    assert sys.getsizeof(col) <= sys.getsizeof(tuple(col)) + 8
    assert not hasattr(col, "__dict__")


def test_a_collation_reads_back_the_same_through_pickle() -> None:
    c = collate(
        witnesses(
            "the cat sat on the mat and then the dog came in to the house",
            "and then the dog came in to the house the cat sat on the mat",
            "the cat sat on the matt and then the dog came in to the house",
        )
    )
    assert any(col.transposition is not None for col in c.columns)
    assert any(col.near for col in c.columns)  # «mat» / «matt»
    back = pickle.loads(pickle.dumps(c))
    assert back.columns == c.columns
    assert [(col.transposition, col.near) for col in back.columns] == [
        (col.transposition, col.near) for col in c.columns
    ]


def test_a_lacuna_differs_from_nothing_but_its_legible_tokens_do() -> None:
    # (unknown text is not a difference; the tokens read in a lacuna's span are text)
    lost = Lacuna(position=0, end=1, reason="illegible")
    a, b = _cell("a"), _cell("b", 0, "B")
    assert not Column((a, Cell((), lost))).variant
    assert Column((a, Cell(b, lost))).variant
    assert not Column((a, Cell(_cell("A", 0, "B"), lost))).variant  # (the same norm)
    assert Column((a, GAP)).variant
    two = Cell((*a, *_cell("x", 1)))
    assert two.norm == ("a", "x")
    assert Column((two, Cell((*_cell("A"), *_cell("X", 1, "B"))))).variant is False
    assert Column((two, a)).variant
