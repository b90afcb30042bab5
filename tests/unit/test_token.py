"""The token record: its fields survive the compact layout (index and start in one integer,
witness and provenance in one shared run tuple), and it behaves as the dataclass it was."""

from __future__ import annotations

import copy
import dataclasses
import pickle
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from witnesscollate import load_text
from witnesscollate.model import Token, Witness
from witnesscollate.model.witness import token_place, token_span


@given(
    index=st.integers(min_value=-(10**12), max_value=10**12),
    start=st.integers(min_value=0, max_value=2**32 - 1),
)
def test_index_and_start_come_back_as_given(index: int, start: int) -> None:
    tok = Token("a", " ", "a", "W", index, start)
    assert (tok.index, tok.start, tok.end) == (index, start, start + 1)
    assert dataclasses.replace(tok, index=index + 1).start == start


@pytest.mark.parametrize("start", [-1, 2**32])
def test_a_start_outside_a_character_offset_is_refused(start: int) -> None:
    with pytest.raises(ValueError, match="character offset"):
        Token("a", index=0, start=start)


def test_witness_and_provenance_take_part_in_equality_and_hashing() -> None:
    a = Token("word", " ", "word", "A", 3, 10, page="2")
    assert a == Token("word", " ", "word", "A", 3, 10, page="2")
    assert hash(a) == hash(Token("word", " ", "word", "A", 3, 10, page="2"))
    assert a != dataclasses.replace(a, witness="B")
    assert a != dataclasses.replace(a, page="3")
    assert a != dataclasses.replace(a, start=11)
    assert a != dataclasses.replace(a, index=4)
    # extra takes no part, as in the dataclass (field(compare=False, hash=False))
    b = dataclasses.replace(a, extra={"k": 1})
    assert a == b
    assert hash(a) == hash(b)
    assert pickle.loads(pickle.dumps(a)) == a
    assert dataclasses.asdict(a)["witness"] == "A"
    assert dataclasses.asdict(a)["start"] == 10


def test_a_plain_texts_tokens_share_one_run_and_are_small() -> None:
    w = load_text("P", "one two three two one " * 50)
    runs = {id(t[4]) for t in w.tokens}
    assert len(runs) == 1
    assert all(t.witness == "P" for t in w.tokens)
    assert [t.index for t in w.tokens] == list(range(len(w.tokens)))
    assert all(w.text[t.start : t.end] == t.text for t in w.tokens)
    # five slots: text, ws, norm, the place integer, the shared run
    assert sys.getsizeof(w.tokens[0]) == sys.getsizeof((1, 2, 3, 4, 5))
    assert w.tokens[0][3] == token_place(0, 0)


def test_a_pickled_plain_text_keeps_its_shared_run() -> None:
    """Tokens back from a worker process share their witness's one plain run again, so
    the checks that recognise plain text by identity still apply to them."""
    from witnesscollate.model.witness import without_provenance

    w = load_text("Q", "a b c")
    back = pickle.loads(pickle.dumps(w.tokens))
    assert back == w.tokens
    assert without_provenance(back)
    assert back[0][4] is w.tokens[0][4]


def test_a_witness_knows_whether_its_tokens_carry_provenance() -> None:
    """``Witness.without_provenance`` is worked out once and kept, yet a witness made from it
    with other tokens asks again, and the kept answer plays no part in equality or pickling."""
    w = load_text("Q", "a b c")
    assert w.without_provenance
    assert w.without_provenance  # (the kept answer)
    marked = dataclasses.replace(
        w, tokens=(dataclasses.replace(w.tokens[0], supplied=True), *w.tokens[1:])
    )
    assert not marked.without_provenance
    assert dataclasses.replace(marked, tokens=w.tokens) == w
    back = pickle.loads(pickle.dumps(marked))
    assert back == marked
    assert not back.without_provenance
    assert load_text("Q", "a b c") == w  # one asked, one not: equal


def test_a_witness_pickled_before_its_kept_answers_works_them_out() -> None:
    """A witness pickled by a version without the kept answers (its state ends before
    them) is restored with those slots empty: it works them out on first use, and copies
    and pickles again."""
    w = load_text("Q", "a b c")
    fields = [f.name for f in dataclasses.fields(Witness)]
    assert fields[-2:] == ["_plain", "_length"]
    state = w.__getstate__()  # type: ignore[attr-defined]
    old = Witness.__new__(Witness)
    old.__setstate__(state[:-2])  # type: ignore[attr-defined]
    assert pickle.loads(pickle.dumps(old)) == old == w
    assert copy.copy(old) == w
    assert old.without_provenance
    assert old.text_length == len(old.text) == len("a b c")
    # a state that lacks a constructor's argument is not a witness
    with pytest.raises(TypeError, match="cannot restore a Witness from 1 values"):
        Witness.__new__(Witness).__setstate__(state[:1])  # type: ignore[attr-defined]


@given(st.integers(0, 2**40), st.integers(0, 2**32 - 1), st.integers(0, 2**32 - 100))
def test_token_span_reads_what_the_properties_read(index: int, start: int, end: int) -> None:
    first = Token(text="ab", ws=" ", norm="ab", witness="A", index=index, start=start)
    last = Token(text="word", ws="", norm="word", witness="A", index=index + 3, start=end)
    assert token_span(first, last) == (first.index, last.index + 1, first.start, last.end)
