"""The builder's positional constructors make the very records the dataclass constructors do."""

from __future__ import annotations

import copy
import dataclasses
import pickle
from dataclasses import dataclass, field
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from witnesscollate.model import Location, Reading, Stretch, VariantType, VariationUnit
from witnesscollate.model._base import record_maker
from witnesscollate.model.apparatus import (
    ColumnSpans,
    new_location,
    new_reading,
    new_stretch,
    new_unit,
    spans_as_given,
)

_text = st.text(max_size=8)
_opt = st.none() | _text
_sigla = st.lists(st.sampled_from("ABCD"), unique=True, max_size=3).map(tuple)
_types = st.sampled_from(list(VariantType))


@st.composite
def readings(draw: st.DrawFn) -> tuple[Any, ...]:
    return (
        draw(_text),
        draw(_sigla),
        draw(st.booleans()),
        draw(_types),
        draw(st.frozensets(_types, max_size=3)),
        draw(st.sampled_from(["", " "])),
        draw(st.integers(0, 3)),
        draw(st.booleans()),
        draw(_sigla),
        tuple((s, i, i + 1) for i, s in enumerate(draw(_sigla))),
        draw(st.lists(_text, max_size=2).map(tuple)),
        (),
        draw(_opt),
        draw(st.booleans()),
        draw(st.sampled_from(["", " "])),
    )


def _same(made: object, built: object) -> None:
    assert made == built
    assert built == made
    assert hash(made) == hash(built)
    assert repr(made) == repr(built)
    assert type(made) is type(built)
    assert pickle.loads(pickle.dumps(made)) == built
    assert copy.deepcopy(made) == built
    assert dataclasses.astuple(made) == dataclasses.astuple(built)  # type: ignore[call-overload]


@given(readings())
def test_new_reading_is_the_dataclass_reading(values: tuple[Any, ...]) -> None:
    made, built = new_reading(*values), Reading(*values)
    _same(made, built)
    assert dataclasses.replace(made, text="x") == dataclasses.replace(built, text="x")
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.text = "x"  # type: ignore[misc]


def test_the_builder_makers_take_the_twin_class() -> None:
    """The apparatus's records have one layout each: the maker stores into a plain twin's
    slots and hands the record its class (the fast way, not the descriptors')."""
    for make in (new_reading, new_location, new_stretch, new_unit):
        assert "__class__" in make.__code__.co_names
        assert not any(n.startswith("_set_") for n in make.__code__.co_names)


def test_new_reading_keeps_column_spans_as_given() -> None:
    """A :class:`ColumnSpans` given is kept (read on access), as the constructor keeps it."""
    columns = [[[("a", " ", "a", (3 << 32) | 10, None)], []]]
    spans = ColumnSpans((columns, {"A": 0, "B": 1}), (0, 1))  # type: ignore[arg-type]
    values: tuple[Any, ...] = (
        "a",
        ("A", "B"),
        True,
        VariantType.IDENTICAL,
        frozenset(),
        " ",
        0,
        False,
        (),
    )
    made = new_reading(*values, spans, (), (), None, False)
    built = Reading(*values, spans, (), (), None, False)  # type: ignore[call-arg]
    assert spans_as_given(made) is spans is spans_as_given(built)
    assert made.spans == (("A", 3, 4),) == built.spans
    _same(made, built)


@given(
    st.integers(0, 9), st.integers(0, 9), st.integers(0, 99), _opt, _opt, st.none() | st.integers()
)
def test_new_location_stretch_unit(
    start: int, width: int, char: int, page: str | None, kind: str | None, para: int | None
) -> None:
    loc: tuple[Any, ...] = (
        start,
        start + width,
        (start, start + 1),
        char,
        char + width,
        para,
        page,
        None,
    )
    loc += (page, None, ("x1",) if page else (), para, kind)
    _same(new_location(*loc), Location(*loc))
    stretch = (page or "", (start, start + width), start, start + width, "A")
    _same(new_stretch(*stretch), Stretch(*stretch))
    reading = Reading("a", ("A",), True)
    unit: tuple[Any, ...] = (
        "app1",
        0,
        Location(*loc),
        (reading,),
        VariantType.LEXICAL,
        (start, start + 1),
    )
    unit += (None, ("A", "B"), None, (Stretch(*stretch),), "A")
    _same(new_unit(*unit), VariationUnit(*unit))


def test_record_maker_refuses_records_it_would_not_check() -> None:
    """A class with a ``__post_init__`` (checks the maker would skip) or without slots."""

    @dataclass(frozen=True, slots=True)
    class Checked:
        n: int

        def __post_init__(self) -> None:
            if self.n < 0:
                raise ValueError("negative")

    @dataclass(frozen=True)
    class Unslotted:
        n: int

    @dataclass(frozen=True, slots=True)
    class Derived:
        n: int
        twice: int = field(init=False, default=0)

    @dataclass(frozen=True, slots=True)
    class Clashing:
        _new: int

    for cls in (Checked, Unslotted, Derived, Clashing):
        with pytest.raises(TypeError, match="record_maker"):
            record_maker(cls)


@dataclass(frozen=True, slots=True)
class _Base:
    a: int


@dataclass(frozen=True, slots=True)
class _Derived(_Base):
    b: str = ""


@given(st.integers(), _text)
def test_record_maker_of_a_derived_record(a: int, b: str) -> None:
    """A record whose fields are slots of two classes (no twin of one layout: each field
    stored through its slot) is made as its constructor makes it."""
    _same(record_maker(_Derived)(a, b), _Derived(a, b))
    _same(record_maker(_Base)(a), _Base(a))


def test_a_maker_may_leave_out_the_trailing_defaults() -> None:
    """A field added to a record (``Reading.lead``) need not be passed by every builder."""
    given = ("a", ("A",), True, VariantType.IDENTICAL, frozenset(), " ", 0, False, (), ())
    assert new_reading(*given) == Reading(*given)
    assert new_reading(*given).lead == ""
