"""Tokenization never loses a character, on any Unicode text."""

from __future__ import annotations

import dataclasses

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from witnesscollate import InputError, Token, Witness, load_text
from witnesscollate.reading.text import ILLEGAL_CHARACTERS
from witnesscollate.tokenization import _reference_columns, token_columns, tokenize

ALPHABET = st.sampled_from(
    list("абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВЕЁЙ ")
    + list("abcXYZ 0123456789.,;:!?«»„“”—–-‐'’()[]…\u00ad\u0306\u0308\u200b")
    + [" ", "\n", "\t", "\u00a0"]
)
TEXT = st.one_of(st.text(alphabet=ALPHABET, max_size=200), st.text(max_size=200))


@given(TEXT)
@settings(max_examples=500)
def test_tokens_rebuild_the_text(text: str) -> None:
    result = tokenize(text)
    rebuilt = result.leading_ws + "".join(t.text + t.ws for t in result.tokens)
    assert rebuilt == text
    for t in result.tokens:
        assert t.text
        assert not t.text.isspace()
        assert text[t.start : t.start + len(t.text)] == t.text


@given(TEXT)
@settings(max_examples=200)
def test_witness_text_is_its_source(text: str) -> None:
    if ILLEGAL_CHARACTERS.search(text):  # no XML output could carry it: refused, not changed
        with pytest.raises(InputError, match="no XML output can carry"):
            load_text("A", text)
        return
    w = load_text("A", text)
    assert w.text == text
    assert [t.index for t in w.tokens] == list(range(len(w.tokens)))
    # its length, told by the reader, and counted for a witness no reader told
    assert w.text_length == len(text)
    again = dataclasses.replace(w, leading_ws=" " + w.leading_ws)
    assert again.text_length == len(again.text) == len(text) + 1
    made = Witness("B", tuple(Token(t.text, t.ws) for t in w.tokens), leading_ws=w.leading_ws)
    assert made.text_length == len(text)


# Texts rich in initials: letters, full stops and spaces side by side.
INITIALS = st.lists(
    st.sampled_from(["C", "c", "M", "т", "É", "CC", "Ph", ".", "..", " ", "\n", ",", "(", "'"]),
    max_size=40,
).map("".join)
# What the brief calls an initialism: single letters each with a stop, not in a longer word.
_INITIALISM = regex.compile(r"(?<![\p{L}\p{M}\p{N}.])(?:\p{L}\p{M}*\.){2,}(?![\p{L}\p{M}\p{N}.])")


@given(INITIALS)
@settings(max_examples=500, derandomize=True)
def test_initialisms_are_one_token_and_nothing_is_lost(text: str) -> None:
    result = tokenize(text)
    assert result.leading_ws + "".join(t.text + t.ws for t in result.tokens) == text
    assert not any(ch.isspace() for t in result.tokens for ch in t.text)
    assert token_columns(text, {}) == _reference_columns(text)
    starts = {t.start: t.text for t in result.tokens}
    for m in _INITIALISM.finditer(text):
        assert starts.get(m.start()) == m.group(0)
