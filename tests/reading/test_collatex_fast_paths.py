"""The CollateX JSON reader's short ways for a book-length table give what the long ways gave.

Reading back the 2 x 100,000-token alignment table took 1.9 s, four times ``load_text``: a walk
that named the path of every string to look for characters XML cannot carry (now one scan of
the JSON text, the walk only when the scan finds something that may be one), two regex
searches per token for its whitespace (now ``str.lstrip``/``rstrip``), a copy of every
token's dict.  These tests hold each short way to the long one.
"""

from __future__ import annotations

import json
import random
import sys

import pytest
import regex

from witnesscollate import InputError, load_collatex_json
from witnesscollate.model import FrozenMap
from witnesscollate.reading import load_collatex_alignment
from witnesscollate.reading.collatex_json import _SPACE, check_json_characters, maybe_illegal
from witnesscollate.reading.text import ILLEGAL_CHARACTERS

ILLEGAL = [chr(c) for c in range(sys.maxunicode + 1) if ILLEGAL_CHARACTERS.match(chr(c))]


def test_str_isspace_is_the_tokenizers_whitespace() -> None:
    """The reader splits a token with ``str.strip``: it must strip exactly ``_SPACE``."""
    space = regex.compile(_SPACE)
    differ = [
        f"U+{c:04X}"
        for c in range(sys.maxunicode + 1)
        if (space.match(chr(c)) is not None) != chr(c).isspace()
    ]
    assert not differ


@pytest.mark.parametrize("ensure_ascii", [True, False])
def test_the_scan_sees_every_illegal_character_however_written(ensure_ascii: bool) -> None:
    for ch in ILLEGAL:
        raw = json.dumps(
            {"witnesses": [{"id": "A", "content": f"a{ch}b"}]}, ensure_ascii=ensure_ascii
        )
        assert maybe_illegal(raw), f"U+{ord(ch):04X} in {raw!r}"
        upper = regex.sub(r"\\u[0-9a-f]{4}", lambda m: "\\u" + m.group()[2:].upper(), raw)
        assert maybe_illegal(upper), f"U+{ord(ch):04X} in {upper!r}"
    for escape in ("\\b", "\\f", "\\u000B", "\\u001f", "\\uDBFF", "\\uFFFE", "\\uffff"):
        assert maybe_illegal('{"a": "x' + escape + 'y"}'), escape


def test_the_scan_lets_ordinary_json_through() -> None:
    for text in ("plain", "tab\there\nnewline\r", "кириллица «ё»", "DEL\x7f C1\x85 \ufffd"):
        for ensure_ascii in (True, False):
            raw = json.dumps(
                {"witnesses": [{"id": "A", "content": text}]}, ensure_ascii=ensure_ascii
            )
            assert not maybe_illegal(raw), raw


def _check(data: object, raw: str | None) -> str | None:
    try:
        check_json_characters(data, "w.json", raw)
    except InputError as exc:
        return str(exc)
    return None


def test_with_the_scan_the_check_refuses_what_the_walk_refuses() -> None:
    rnd = random.Random(5)
    alphabet = [
        "a",
        " ",
        "\\",
        '"',
        "\n",
        "\t",
        "é",
        "\U0001f600",
        "\ud83d",
        "\ufffe",
        "\x01",
        "\x0c",
    ]
    for _ in range(2000):
        strings = ["".join(rnd.choice(alphabet) for _ in range(rnd.randrange(6))) for _ in range(3)]
        data = {"witnesses": [{"id": strings[0], "content": strings[1], strings[2]: 1}]}
        raw = json.dumps(data, ensure_ascii=rnd.random() < 0.5)
        parsed = json.loads(raw)
        walked = _check(parsed, None)
        scanned = _check(parsed, raw)
        assert (walked is None) == (scanned is None), raw
        assert scanned is None or scanned.startswith("w.json:1: column "), scanned


SPACES = [
    " ",
    "\t",
    "\n",
    "\r",
    "\u3000",
    "\xa0",
    "\x85",
    "\u2028",
    "\u200a",
]  # (U+001C-1F: refused)
NOT_SPACES = ["\u200b", "\ufeff", "\u180e", "\x7f"]  # look blank, are not whitespace


def test_a_token_splits_into_leading_space_text_and_trailing_space_as_before() -> None:
    rnd = random.Random(11)
    split = regex.compile(rf"({_SPACE}*)(.*?)({_SPACE}*)\Z", regex.DOTALL)
    for _ in range(300):
        tokens = []
        for _ in range(rnd.randrange(1, 6)):
            parts = [rnd.choice(SPACES) for _ in range(rnd.randrange(3))]
            core = "".join(rnd.choice(["w", "ё", *NOT_SPACES]) for _ in range(rnd.randrange(3)))
            trail = "".join(rnd.choice(SPACES) for _ in range(rnd.randrange(3)))
            tokens.append("".join(parts) + core + trail or "x")
        (w,) = load_collatex_json(
            {"witnesses": [{"id": "A", "tokens": [{"t": t} for t in tokens]}]}
        )
        expected = []
        for t in tokens:
            m = split.fullmatch(t)
            assert m is not None
            lead, core, trail = m.groups() if m.group(2) else ("", t, "")
            expected.append((lead, core, trail))
        assert w.leading_ws == expected[0][0]
        assert [t.text for t in w.tokens] == [core for _, core, _ in expected]
        assert [t.ws for t in w.tokens] == [
            trail + (expected[i + 1][0] if i + 1 < len(expected) else "")
            for i, (_, _, trail) in enumerate(expected)
        ]
        assert w.leading_ws + "".join(t.text + t.ws for t in w.tokens) == "".join(tokens)


def test_tokens_without_properties_share_a_run_and_others_keep_theirs() -> None:
    (w,) = load_collatex_json(
        {
            "witnesses": [
                {"id": "A", "tokens": [{"t": "a ", "n": "x"}, {"t": "b ", "k": 1}, {"t": "c"}]}
            ]
        }
    )
    a, b, c = w.tokens
    assert (a.norm, b.norm, c.norm) == ("x", "b", "c")
    assert [dict(t.extra) for t in w.tokens] == [{}, {"k": 1}, {}]
    assert isinstance(b.extra, FrozenMap)
    assert a[4] is c[4]  # the shared run of a token without provenance
    assert [t.start for t in w.tokens] == [0, 2, 4]


def test_collatex_python_keys_are_dropped_and_the_input_is_not_changed() -> None:
    cell = {"t": "a ", "_sigil": "A", "_token_array_position": 0, "k": 2}
    plain = {"t": "b"}
    doc = {"witnesses": ["A", "B"], "table": [[[cell], [dict(plain)]], [[plain], []]]}
    before = json.dumps(doc, sort_keys=True)
    collation = load_collatex_alignment(doc)
    assert json.dumps(doc, sort_keys=True) == before
    a, b = collation.witnesses
    assert dict(a.tokens[0].extra) == {"k": 2}
    assert [t.text for t in a.tokens] == ["a", "b"]
    assert [t.text for t in b.tokens] == ["b"]
