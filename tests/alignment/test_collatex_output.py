"""``engine="collatex"`` and ``Collation.to_collatex_json()``: CollateX in, CollateX out."""

from __future__ import annotations

import json

import pytest

from conftest import witnesses
from witnesscollate import Lacuna, RenderError, Token, Witness, load_text
from witnesscollate.alignment import collate  # the engine: any number of witnesses
from witnesscollate.errors import AlignmentError, InputError


def strip_internal(table: object) -> object:
    """CollateX's JSON without its implementation-internal ``_sigil``/``_token_array_position``."""
    if isinstance(table, list):
        return [strip_internal(x) for x in table]
    if isinstance(table, dict):
        return {k: v for k, v in table.items() if not k.startswith("_")}
    return table


def test_json_matches_collatex_own_output() -> None:
    from collatex import Collation as CxCollation
    from collatex import collate as cx_collate

    ws = witnesses(
        "The quick brown fox jumps over the dog.", "The brown fox jumps over the lazy dog."
    )
    ours = collate(ws, near_match=False)
    cx_input = {
        "witnesses": [
            {"id": w.siglum, "tokens": [{"t": t.text + t.ws, "n": t.norm} for t in w.tokens]}
            for w in ws
        ]
    }
    for seg in (False, True):
        theirs = json.loads(
            cx_collate(
                CxCollation.create_from_dict(cx_input),
                output="json",
                segmentation=seg,
                near_match=False,
            )
        )
        mine = json.loads(ours.to_collatex_json(layout="horizontal", segmentation=seg))
        assert mine["witnesses"] == theirs["witnesses"]
        assert mine["table"] == strip_internal(theirs["table"])


def test_json_vertical_is_column_major_with_null_gaps() -> None:
    c = collate(witnesses("a b c", "a c"))
    data = json.loads(c.to_collatex_json())
    assert data["witnesses"] == ["A", "B"]
    assert len(data["table"]) == len(c.columns) == 3
    assert data["table"][1] == [[{"t": "b ", "n": "b"}], None]
    horizontal = json.loads(c.to_collatex_json(layout="horizontal"))["table"]
    assert horizontal == [list(col) for col in zip(*data["table"], strict=True)]


def test_json_carries_token_properties_and_refuses_unknown_layouts() -> None:
    tok = Token(text="cat", norm="cat", witness="A", extra={"ref": 123, "adj": True})
    c = collate([Witness(siglum="A", tokens=(tok,))])
    assert json.loads(c.to_collatex_json())["table"] == [
        [[{"t": "cat", "n": "cat", "ref": 123, "adj": True}]]
    ]
    with pytest.raises(RenderError):
        c.to_collatex_json(layout="diagonal")


def test_collatex_engine_returns_the_same_record_type() -> None:
    c = collate(witnesses("The black cat sat.", "The white cat sat."), engine="collatex")
    assert c.engine == "collatex"
    assert [[cell.text for cell in col.cells] for col in c.columns] == [
        ["The", "The"],
        ["black", "white"],
        ["cat", "cat"],
        ["sat", "sat"],
        [".", "."],
    ]
    assert c.transpositions == ()
    assert c.options["transpositions"] is False


def test_collatex_engine_edge_cases() -> None:
    assert collate([], engine="collatex").columns == ()
    one = collate(witnesses("a b"), engine="collatex")
    assert [[cell.text for cell in col.cells] for col in one.columns] == [["a"], ["b"]]
    empty = load_text("E", "")
    c = collate([load_text("A", "a b"), empty, load_text("C", "a c")], engine="collatex")
    assert all(col.cells[1].is_gap for col in c.columns)
    assert [t.text for col in c.columns for t in col.cells[2].tokens] == ["a", "c"]


def test_collatex_engine_marks_lacunae() -> None:
    b = load_text("B", "a e")
    b = Witness(siglum="B", tokens=b.tokens, lacunae=(Lacuna(position=1, end=1),))
    c = collate([load_text("A", "a b e"), b], engine="collatex")
    assert [col.cells[1].is_lacuna for col in c.columns] == [False, True, False]


def test_collatex_refuses_a_text_too_long_for_it() -> None:
    """It is quadratic: above ``collatex_max_tokens`` (all witnesses together) it is refused
    before it starts, not left to run for many minutes (the new user's review of 2026-12-07)."""
    ws = witnesses("a b c d e", "a b d e f")
    with pytest.raises(AlignmentError, match=r"quadratic: 10 tokens in all .* at most 9") as got:
        collate(ws, engine="collatex", collatex_max_tokens=9)
    assert "native engine" in str(got.value)
    assert len(collate(ws, engine="collatex", collatex_max_tokens=10).columns) == 6
    assert len(collate(ws, engine="collatex", collatex_max_tokens=None).columns) == 6
    assert len(collate(ws, collatex_max_tokens=1).columns) == 6  # (the native engine: no limit)
    for bad in (-1, 2.5, True, "10"):
        with pytest.raises(InputError, match="collatex_max_tokens"):
            collate(ws, engine="collatex", collatex_max_tokens=bad)  # type: ignore[arg-type]
