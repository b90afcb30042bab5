"""CollateX witness JSON: plain and pre-tokenized witnesses."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import data_file
from witnesscollate import InputError, load_collatex_json

PRETOKENIZED = {
    "witnesses": [
        {
            "id": "A",
            "tokens": [
                {"t": "The ", "n": "the", "ref": 123},
                {"t": "black ", "adj": True},
                {"t": "cat", "n": "cat", "pos": {"tag": "N"}},
            ],
        },
        {"id": "B", "content": "The  black\ncat."},
    ]
}


def test_pretokenized_tokens_are_kept_with_their_properties() -> None:
    a, _ = load_collatex_json(PRETOKENIZED)
    assert a.siglum == "A"
    assert [(t.text, t.ws, t.norm) for t in a.tokens] == [
        ("The", " ", "the"),
        ("black", " ", "black"),  # no n: the default normalizer
        ("cat", "", "cat"),
    ]
    assert [dict(t.extra) for t in a.tokens] == [{"ref": 123}, {"adj": True}, {"pos": {"tag": "N"}}]
    assert [t.start for t in a.tokens] == [0, 4, 10]
    assert a.text == "The black cat"
    assert [t.witness for t in a.tokens] == ["A"] * 3
    assert a.normalizers[0] == "n"


def test_content_witnesses_are_tokenized_losslessly() -> None:
    _, b = load_collatex_json(PRETOKENIZED)
    assert b.text == "The  black\ncat."
    assert [t.text for t in b.tokens] == ["The", "black", "cat", "."]
    assert b.tokens[0].norm == "the"


def test_leading_whitespace_moves_to_the_token_before() -> None:
    (w,) = load_collatex_json({"witnesses": [{"id": "A", "tokens": [{"t": " a"}, {"t": " b "}]}]})
    assert w.leading_ws == " "
    assert [(t.text, t.ws) for t in w.tokens] == [("a", " "), ("b", " ")]
    assert w.text == " a b "


def test_whitespace_only_token_is_kept_as_given() -> None:
    (w,) = load_collatex_json({"witnesses": [{"id": "A", "tokens": [{"t": "a"}, {"t": " "}]}]})
    assert [t.text for t in w.tokens] == ["a", " "]


@pytest.mark.parametrize("kind", ["path", "str-path", "json-text", "bytes"])
def test_sources(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "w.json"
    text = json.dumps(PRETOKENIZED, ensure_ascii=False)
    path.write_text(text, encoding="utf-8")
    source = {"path": path, "str-path": str(path), "json-text": text, "bytes": text.encode()}[kind]
    assert [w.text for w in load_collatex_json(source)] == ["The black cat", "The  black\ncat."]


def test_collatex_fixture_files() -> None:
    path = data_file("collatex_base-4w.json")
    ws = load_collatex_json(path)
    assert [w.siglum for w in ws] == ["doc1", "doc2", "doc3", "doc4"]
    assert [t.text for t in ws[1].tokens] == ["A", "H2", "Z"]


def test_collatex_cases_round_trip() -> None:
    """Every witness set of CollateX's test cases loads, keeping each t exactly."""
    cases = json.loads(data_file("collatex_witness_sets.json").read_text("utf-8"))
    loaded = 0
    for case in cases:
        if not case["witnesses"]:
            continue
        for spec, w in zip(
            case["witnesses"], load_collatex_json({"witnesses": case["witnesses"]}), strict=True
        ):
            if "tokens" in spec:
                assert w.text == "".join(t["t"] for t in spec["tokens"])
                assert [
                    t.norm for t, s in zip(w.tokens, spec["tokens"], strict=True) if "n" in s
                ] == [s["n"] for s in spec["tokens"] if "n" in s]
            else:
                assert w.text == spec["content"]
            loaded += 1
    assert loaded == 613  # every witness of the 242 cases that have any


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([], "cannot read CollateX JSON from a list"),
        ("[1, 2]", "'witnesses' list"),
        ({"witness": []}, "'witnesses' list"),
        ({"witnesses": []}, "empty"),
        ({"witnesses": [{"content": "a"}]}, "string 'id'"),
        ({"witnesses": [{"id": "A", "content": "a"}, {"id": "A", "content": "b"}]}, "duplicate"),
        ({"witnesses": [{"id": "A"}]}, "'content' string or a 'tokens' list"),
        ({"witnesses": [{"id": "A", "tokens": [{"n": "a"}]}]}, "non-empty string 't'"),
        ({"witnesses": [{"id": "A", "tokens": [{"t": ""}]}]}, "non-empty string 't'"),
        ({"witnesses": [{"id": "A", "tokens": [{"t": "a", "n": 1}]}]}, "'n' must be a string"),
    ],
)
def test_bad_input(data: object, message: str) -> None:
    with pytest.raises(InputError, match=message):
        load_collatex_json(data)  # type: ignore[arg-type]


def test_json_text_that_is_not_an_object_is_read_as_a_path() -> None:
    with pytest.raises(InputError, match="no such file"):
        load_collatex_json("witnesses.json")


def test_bad_files(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        load_collatex_json(tmp_path / "missing.json")
    broken = tmp_path / "broken.json"
    broken.write_text('{"witnesses": [\n{"id": "A",}]}', encoding="utf-8")
    with pytest.raises(InputError, match="not valid JSON") as info:
        load_collatex_json(broken)
    assert info.value.line == 2
    latin = tmp_path / "latin.json"
    latin.write_bytes('{"witnesses": [{"id": "A", "content": "café"}]}'.encode("latin-1"))
    with pytest.raises(InputError, match="not UTF-8"):
        load_collatex_json(latin)
    with pytest.raises(InputError, match="cannot read"):
        load_collatex_json(3.5)  # type: ignore[arg-type]
