"""A tokenizer of the caller's own must give the text back, in order, with true offsets.

The readers find a token's markup (and its line, its notes) by its offset: a tokenizer that
drops text or misplaces offsets would give tokens another token's provenance, in silence.
"""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from witnesscollate import load_tei, load_text
from witnesscollate.errors import InputError
from witnesscollate.tokenization import RawToken, Tokenized, tokenize, tokenized_problem

TEI = (
    '<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>t</title>'
    "</titleStmt><publicationStmt><p>p</p></publicationStmt><sourceDesc><p>s</p></sourceDesc>"
    '</fileDesc></teiHeader><text><body><p>one <hi rend="i">two</hi> three</p></body></text></TEI>'
)


def _at_zero(text: str) -> Tokenized:
    """Every token at offset 0: the words are there, the offsets are not."""
    good = tokenize(text)
    return Tokenized(good.leading_ws, [RawToken(t.text, t.ws, 0) for t in good.tokens])


def _drops_last(text: str) -> Tokenized:
    good = tokenize(text)
    return Tokenized(good.leading_ws, good.tokens[:-1])


def _words_only(text: str) -> Tokenized:
    """Whitespace-split words with their offsets: a lossless tokenizer of one's own."""
    tokens: list[RawToken] = []
    pos = 0
    for i, word in enumerate(text.split(" ")):
        ws = "" if i == text.count(" ") else " "
        tokens.append(RawToken(word, ws, pos))
        pos += len(word) + len(ws)
    return Tokenized("", tokens)


@pytest.mark.parametrize("bad", [_at_zero, _drops_last])
def test_a_tokenizer_that_moves_or_loses_text_is_refused(bad) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InputError, match="lost or moved text"):
        load_tei(TEI, siglum="T", tokenizer=bad)
    with pytest.raises(InputError, match="lost or moved text"):
        load_text("A", "one two three", tokenizer=bad)


def test_a_lossless_tokenizer_of_ones_own_is_read() -> None:
    w = load_tei(TEI, siglum="T", tokenizer=_words_only)
    assert [(t.text, t.rend) for t in w.tokens] == [("one", None), ("two", "i"), ("three", None)]
    assert [t.text for t in load_text("A", "one two three", tokenizer=_words_only).tokens] == [
        "one",
        "two",
        "three",
    ]


@given(st.text(alphabet="ab .,\n\u00a0-'", max_size=40))
def test_the_default_tokenizer_has_no_problem(text: str) -> None:
    assert tokenized_problem(text, tokenize(text)) is None
