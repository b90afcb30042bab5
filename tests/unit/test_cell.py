"""A collation's cell: the tuple of its tokens underneath, the frozen record it was on top.

A book's collation holds a cell per token, so a cell is the tuple of its tokens itself (no
tuple of its own inside); these tests hold it to behaving as the dataclass it replaced.
"""

from __future__ import annotations

import copy
import dataclasses
import pickle
import sys

import pytest

from witnesscollate.model import GAP, Cell, Lacuna, Token


def _tok(text: str, i: int = 0) -> Token:
    return Token(text, " ", text.lower(), "A", i, 2 * i)


def test_the_fields_constructor_and_reads_are_the_records() -> None:
    a, b = _tok("a"), _tok("B", 1)
    lost = Lacuna(position=0, end=1)
    cell = Cell((a, b))
    assert cell == Cell(tokens=[a, b]) == Cell(tokens=(a, b), lacuna=None)
    assert cell.tokens == (a, b)
    assert type(cell.tokens) is tuple
    assert cell.lacuna is None
    assert not cell.is_gap
    assert not cell.is_lacuna
    assert cell.text == "a B"
    assert cell.norm == ("a", "b")
    assert Cell() == GAP
    assert GAP.is_gap
    assert GAP.tokens == ()
    assert GAP.text == ""
    unknown = Cell(lacuna=lost)
    assert unknown.is_lacuna
    assert not unknown.is_gap
    assert unknown.lacuna == lost
    partly = Cell((a,), lost)
    assert partly.tokens == (a,)
    assert partly.lacuna == lost
    assert not partly.is_lacuna
    assert [f.name for f in dataclasses.fields(cell)] == ["tokens", "lacuna"]
    assert dataclasses.replace(cell, lacuna=lost) == Cell((a, b), lost)
    assert dataclasses.replace(partly, lacuna=None) == Cell((a,))
    assert repr(GAP) == "Cell(tokens=(), lacuna=None)"
    match partly:
        case Cell(tokens=tokens, lacuna=found):
            assert tokens == (a,)
            assert found == lost


def test_equal_only_to_a_cell_of_the_same_tokens_and_lacuna() -> None:
    a = _tok("a")
    lost = Lacuna(position=0, end=1)
    assert Cell((a,)) != Cell((a,), lost)
    assert Cell((a,)) != (a,)
    assert (a,) != Cell((a,))
    assert Cell() != ()
    assert hash(Cell((a,))) == hash(Cell((a,)))
    assert len({Cell((a,)), Cell((a,)), Cell((a,), lost)}) == 2


@pytest.mark.parametrize("cell", [GAP, Cell((_tok("a"),)), Cell((_tok("a"),), Lacuna(0, 1))])
def test_pickled_and_copied_cells_are_the_same(cell: Cell) -> None:
    for back in (pickle.loads(pickle.dumps(cell)), copy.copy(cell), copy.deepcopy(cell)):
        assert back == cell
        assert back.lacuna == cell.lacuna
        assert back.tokens == cell.tokens


def test_a_cell_is_immutable() -> None:
    for cell in (Cell((_tok("a"),)), Cell(lacuna=Lacuna(0, 1))):
        with pytest.raises(dataclasses.FrozenInstanceError):
            cell.lacuna = None
        with pytest.raises(dataclasses.FrozenInstanceError):
            del cell.lacuna


def test_a_one_token_cell_holds_no_tuple_of_its_own() -> None:
    # the cell is the tuple: one object per token (before: the record and a 1-tuple)
    cell = Cell((_tok("a"),))
    assert isinstance(cell, tuple)
    assert len(cell) == 1
    assert sys.getsizeof(cell) <= sys.getsizeof((None,)) + 8
    assert not hasattr(cell, "__dict__")
