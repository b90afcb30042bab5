"""CollateX alignment tables read back: CollateX's own output (Java, Python) and ours.

``load_collatex_alignment`` gives the :class:`Collation` a table records, and
``load_collatex_json`` its witnesses; a collation written with ``to_collatex_json`` reads back
with the same witnesses (text, tokens, lacunae) and the same columns, in every layout.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from collation_strategies import witness_sets
from conftest import hand_collation, witnesses
from witnesscollate import (
    Collation,
    InputError,
    Token,
    Witness,
    collate,
    load_collatex_alignment,
    load_collatex_json,
    load_text,
)
from witnesscollate.rendering.collatex import joined_table


def tok(t: Token) -> tuple[str, str, str]:
    return (t.text, t.ws, t.norm)


def grid_of(c: Collation) -> list[list[str]]:
    return [[cell.text for cell in col.cells] for col in c.columns]


def assert_same_witnesses(read: Collation, written: Collation) -> None:
    assert read.sigla == written.sigla
    for a, b in zip(read.witnesses, written.witnesses, strict=True):
        assert a.text == b.text
        assert a.leading_ws == b.leading_ws
        assert [tok(t) for t in a.tokens] == [tok(t) for t in b.tokens]
        assert [t.index for t in a.tokens] == list(range(len(a.tokens)))
        assert [t.start for t in a.tokens] == [t.start for t in b.tokens]
        assert a.lacunae == b.lacunae
        assert a.normalizers == b.normalizers


def assert_same_collation(read: Collation, written: Collation) -> None:
    """Same witnesses, same columns cell by cell (tokens, lacunae), same links."""
    assert_same_witnesses(read, written)
    assert len(read.columns) == len(written.columns)
    for a, b in zip(read.columns, written.columns, strict=True):
        assert [tuple(map(tok, c.tokens)) for c in a.cells] == [
            tuple(map(tok, c.tokens)) for c in b.cells
        ]
        assert [c.lacuna for c in a.cells] == [c.lacuna for c in b.cells]
        assert (a.transposition, a.near) == (b.transposition, b.near)
    assert read.transpositions == written.transpositions
    assert read.engine == written.engine
    assert dict(read.options) == dict(written.options)


def assert_same_segments(read: Collation, written: Collation) -> None:
    """A segmented table reads back as its segments: CollateX's joined cells."""
    assert_same_witnesses(read, written)
    assert [[tuple(map(tok, c.tokens)) for c in col.cells] for col in read.columns] == [
        [tuple(map(tok, cell)) for cell in row] for row in joined_table(written)
    ]


# --- CollateX's own output -------------------------------------------------------------------


def cx_json(texts: dict[str, str] | list[dict[str, Any]], **options: Any) -> dict[str, Any]:
    """What the collatex package (CollateX Python) writes for these witnesses."""
    from collatex import Collation as CxCollation
    from collatex import collate as cx_collate

    if isinstance(texts, dict):
        cx = CxCollation()
        for siglum, text in texts.items():
            cx.add_plain_witness(siglum, text)
    else:
        cx = CxCollation.create_from_dict({"witnesses": texts})
    return json.loads(cx_collate(cx, output="json", **options))


TEXTS = {
    "A": "The quick brown fox jumps over the lazy dog.",
    "B": "The brown fox jumps over the dog.",
    "C": "A quick brown fox leaps over the lazy dog!",
}


@pytest.mark.parametrize("segmentation", [False, True])
def test_collatex_python_output_reads_back_cell_by_cell(segmentation: bool) -> None:
    theirs = cx_json(TEXTS, segmentation=segmentation)
    c = load_collatex_alignment(theirs)
    assert c.sigla == ("A", "B", "C")
    assert c.engine == "collatex"
    assert [w.text for w in c.witnesses] == list(TEXTS.values())
    # CollateX Python's table is horizontal: table[witness][column], null for a gap
    want = [
        ["".join(t["t"] for t in row[k] or []).rstrip() for row in theirs["table"]]
        for k in range(len(theirs["table"][0]))
    ]
    assert grid_of(c) == want
    if segmentation:
        assert any(len(cell.tokens) > 1 for col in c.columns for cell in col.cells)
    # CollateX's own bookkeeping is not the user's: dropped
    assert all("_sigil" not in t.extra for w in c.witnesses for t in w.tokens)


def test_collatex_python_pretokenized_output_keeps_norms_and_properties() -> None:
    given_witnesses = [
        {"id": "A", "tokens": [{"t": "The ", "n": "the", "ref": 1}, {"t": "Cat", "n": "cat"}]},
        {"id": "B", "tokens": [{"t": "the ", "n": "the", "ref": 2}, {"t": "dog", "n": "dog"}]},
    ]
    c = load_collatex_alignment(cx_json(given_witnesses, segmentation=False))
    assert [tok(t) for t in c.witnesses[0].tokens] == [("The", " ", "the"), ("Cat", "", "cat")]
    assert [dict(t.extra) for t in c.witnesses[1].tokens] == [{"ref": 2}, {}]
    assert grid_of(c) == [["The", "the"], ["Cat", "dog"]]
    assert c.variant_columns == (1,)


def test_square_collatex_python_table_is_told_by_its_sigils() -> None:
    """2 witnesses and 2 columns fit both layouts; CollateX Python's ``_sigil`` decides."""
    theirs = cx_json({"A": "a b", "B": "c d"}, segmentation=False)
    assert len(theirs["table"]) == len(theirs["table"][0]) == 2
    c = load_collatex_alignment(theirs)
    assert [w.text for w in c.witnesses] == ["a b", "c d"]


def test_collatex_python_near_match_output() -> None:
    theirs = cx_json(
        {"A": "the black cat", "B": "the blak kat"}, near_match=True, segmentation=False
    )
    c = load_collatex_alignment(theirs)
    assert [w.text for w in c.witnesses] == ["the black cat", "the blak kat"]
    assert grid_of(c)[1] == ["black", "blak"]


def test_collatex_java_documented_output() -> None:
    """The example of CollateX's documentation (JSON output): vertical, user properties."""
    doc = {
        "witnesses": ["A", "B"],
        "table": [
            [[{"t": "A", "ref": 123}], [{"t": "A"}]],
            [[{"t": "black", "adj": True}], [{"t": "white", "adj": True}]],
            [[{"t": "cat", "id": "xyz"}], [{"t": "kitten.", "n": "cat"}]],
        ],
    }
    c = load_collatex_alignment(doc)
    assert grid_of(c) == [["A", "A"], ["black", "white"], ["cat", "kitten."]]
    a, b = c.witnesses
    assert [dict(t.extra) for t in a.tokens] == [{"ref": 123}, {"adj": True}, {"id": "xyz"}]
    assert b.tokens[2].norm == "cat"
    assert c.variant_columns == (1,)  # "kitten." is compared as "cat"


def test_collatex_java_gaps_and_content_tokens() -> None:
    """Java writes a gap as ``[]`` and a token of a ``content`` witness as its string."""
    gaps = {
        "witnesses": ["X", "Y"],
        "table": [
            [[{"t": "A "}], [{"t": "A "}]],
            [[{"t": "brown "}], []],
            [[{"t": "dog"}], [{"t": "dog"}]],
        ],
    }
    c = load_collatex_alignment(gaps)
    assert [w.text for w in c.witnesses] == ["A brown dog", "A dog"]
    assert c.columns[1].cells[1].is_gap
    strings = {"witnesses": ["A", "B"], "table": [[["The "], ["the "]], [["cat"], ["Cat."]]]}
    c = load_collatex_alignment(strings)
    assert [w.text for w in c.witnesses] == ["The cat", "the Cat."]
    assert c.columns[0].cells[1].tokens[0].norm == "the"  # no n: the default normalizer


def test_load_collatex_json_gives_the_witnesses_of_a_table() -> None:
    c = collate(witnesses("The black cat sat.", "The  white cat\nsat."))
    ws = load_collatex_json(c.to_collatex_json())
    assert [w.text for w in ws] == ["The black cat sat.", "The  white cat\nsat."]
    assert [[tok(t) for t in w.tokens] for w in ws] == [
        [tok(t) for t in w.tokens] for w in c.witnesses
    ]


# --- our own output, whole -------------------------------------------------------------------


@given(
    witness_sets(),
    st.sampled_from(["vertical", "horizontal"]),
    st.sampled_from(["sigla", "tokens"]),
    st.booleans(),
)
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_round_trip_gives_the_same_witnesses_and_columns(
    ws: list[Witness], layout: str, form: str, segmentation: bool
) -> None:
    c = collate(ws)
    text = c.to_collatex_json(layout=layout, segmentation=segmentation, witnesses=form)
    read = load_collatex_alignment(text)
    if segmentation:
        assert_same_segments(read, c)
    else:
        assert_same_collation(read, c)
    # and what CollateX alone sees (the block left out) still gives the same words
    bare = json.loads(text)
    del bare["witnesscollate"]
    alone = load_collatex_alignment(bare, layout=layout)
    assert [[tok(t) for t in w.tokens] for w in alone.witnesses] == [
        [tok(t) for t in w.tokens] for w in c.witnesses
    ]
    assert len(alone.columns) == len(read.columns)


def test_round_trip_keeps_transpositions_lacunae_and_metadata() -> None:
    a = "one two three four five six seven eight nine ten"
    b = "one two seven eight nine ten three four five six"
    c = collate(witnesses(a, b))
    assert c.transpositions
    read = load_collatex_alignment(c.to_collatex_json())
    assert_same_collation(read, c)
    segmented = load_collatex_alignment(c.to_collatex_json(segmentation=True))
    assert [t.blocks for t in segmented.transpositions] == [t.blocks for t in c.transpositions]
    moved = {k for t in segmented.transpositions for k in t.columns}
    assert moved
    assert all(segmented.columns[k].transposition is not None for k in moved)

    hand = hand_collation("a |b |c", "a |? |c")
    assert hand.columns[1].cells[1].is_lacuna
    read = load_collatex_alignment(hand.to_collatex_json(layout="horizontal"))
    assert_same_collation(read, hand)
    assert read.columns[1].cells[1].is_lacuna  # unknown stays unknown, never a gap
    assert read.witness("B").lacunae == hand.witness("B").lacunae


def test_round_trip_of_a_tei_corpus_document() -> None:
    """A real document's witnesses: provenance aside, the tokens and columns come back."""
    from witnesscollate.corpus import document

    doc = document("letter-to-congress-1922-12-23")
    ws = doc.load_group(doc.group().name)
    c = collate(ws)
    read = load_collatex_alignment(c.to_collatex_json(indent=1))
    assert_same_collation(read, c)
    for got, want in zip(read.witnesses, ws, strict=True):
        assert got.metadata.file == want.metadata.file  # where the witness came from
        assert got.metadata.title == want.metadata.title


def test_collatex_engine_collation_round_trips() -> None:
    c = collate(witnesses("The black cat sat.", "The white cat sat down."), engine="collatex")
    read = load_collatex_alignment(c.to_collatex_json(layout="horizontal"))
    assert_same_collation(read, c)
    assert read.engine == "collatex"


def test_empty_witness_reads_back_with_its_space() -> None:
    c = collate([load_text("A", "a b"), load_text("B", "  ")])
    read = load_collatex_alignment(c.to_collatex_json())
    assert [w.text for w in read.witnesses] == ["a b", "  "]
    assert all(col.cells[1].is_gap for col in read.columns)


# --- what is refused -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("doc", "message"),
    [
        ({"witnesses": [{"id": "A", "content": "a"}]}, "no alignment 'table'"),
        ({"witnesses": ["A", "B"], "table": {}}, "'table' must be a list"),
        ({"witnesses": ["A", "B"], "table": [[[{"t": "a"}]]]}, "fits neither layout"),
        ({"witnesses": ["A", 3], "table": []}, "witness 1 needs a siglum"),
        ({"witnesses": ["A", "A"], "table": []}, "duplicate witness id 'A'"),
        ({"witnesses": ["A"], "table": [[{"t": "a"}]]}, r"table\[0\]\[0\] must be a list"),
        ({"witnesses": ["A"], "table": [[[{"n": "a"}]]]}, r"table\[0\]\[0\]\[0\] must be a token"),
        ({"witnesses": ["A"], "table": [[[{"t": ""}]]]}, "non-empty string 't'"),
        (
            {"witnesses": [{"id": "A", "tokens": [{"t": "b"}]}], "table": [[[{"t": "a"}]]]},
            "differ from its tokens in the table",
        ),
        (
            {"witnesses": ["A"], "table": [], "witnesscollate": {"version": 99}},
            "version 99",
        ),
        (
            {"witnesses": ["A"], "table": [], "witnesscollate": {"witnesses": [{"id": "Z"}]}},
            "not one of the table's",
        ),
        (
            {
                "witnesses": ["A"],
                "table": [[[{"t": "a"}]]],
                "witnesscollate": {
                    "witnesses": [{"id": "A", "lacunae": [{"position": 5, "end": 5}]}]
                },
            },
            "beyond 1",
        ),
        (
            {
                "witnesses": ["A"],
                "table": [[[{"t": "a"}]]],
                "witnesscollate": {"transpositions": [{"id": 0, "blocks": [["Q", 0, 1]]}]},
            },
            r"a block is \[siglum, start, end\]",
        ),
        (
            {
                "witnesses": ["A"],
                "table": [],
                "witnesscollate": {"witnesses": [{"id": "A", "leading_ws": "x"}]},
            },
            "must be whitespace",
        ),
    ],
)
def test_malformed_tables_are_input_errors(doc: dict[str, Any], message: str) -> None:
    with pytest.raises(InputError, match=message):
        load_collatex_alignment(doc)


def test_a_layout_that_does_not_fit_is_refused() -> None:
    doc = {"witnesses": ["A", "B"], "table": [[[{"t": "a"}], None, [{"t": "b"}]]]}
    with pytest.raises(InputError, match="fits neither"):
        load_collatex_alignment(doc)
    square = {
        "witnesses": ["A", "B"],
        "table": [[[{"t": "a "}], [{"t": "b "}]], [None, [{"t": "c"}]]],
    }
    # square, and no _sigil: CollateX Java's documented (vertical) layout
    assert [w.text for w in load_collatex_alignment(square).witnesses] == ["a ", "b c"]
    rows = load_collatex_alignment(square, layout="horizontal")
    assert [w.text for w in rows.witnesses] == ["a b ", "c"]
    with pytest.raises(InputError, match="unknown table layout 'diagonal'"):
        load_collatex_alignment(square, layout="diagonal")
    with pytest.raises(InputError, match="the horizontal table needs 3 rows"):
        load_collatex_json({**square, "witnesses": ["A", "B", "C"]}, layout="horizontal")


def test_a_table_file_on_disk(tmp_path: Any) -> None:
    c = collate(witnesses("для всех судей партии", "для всех судеб партии"))
    path = tmp_path / "table.json"
    path.write_text(c.to_collatex_json(indent=2), encoding="utf-8")
    read = load_collatex_alignment(path)
    assert_same_collation(read, c)
    broken = tmp_path / "broken.json"
    broken.write_text('{"witnesses": ["A"],\n "table": [}', encoding="utf-8")
    with pytest.raises(InputError, match="not valid JSON") as info:
        load_collatex_alignment(broken)
    assert info.value.line == 2
