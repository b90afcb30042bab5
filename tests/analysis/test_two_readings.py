"""The short way to a one-column unit's readings (``_Builder._two_readings``) makes what the
general grouping (``_Builder._group``) makes: same units, same readings, same groups."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from witnesscollate import apparatus, collate, load_text
from witnesscollate.analysis import units
from witnesscollate.model import Witness

# words that make every kind of unit: case, spelling, punctuation, spacing, abbreviation,
# grammatical and lexical differences, additions, omissions, a paragraph break
_WORDS = ["the", "The", "cat", "cats", "Cat", "sat", "sate", "on", "mat", "grey", "gray"]
_WORDS += ["Dec.", "December", ",", "mat,", "M.", "V.", "M.V.", "to-day", "today", "\n\n"]

_word = st.sampled_from(_WORDS)
#: each word's near variant (a swap takes it half of the time)
_NEAR = dict(zip(_WORDS[::2], _WORDS[1::2], strict=False))
_NEAR.update({v: k for k, v in _NEAR.items()} | {"to-day": "today", "today": "to-day"})


@st.composite
def _pair(draw: st.DrawFn) -> tuple[str, str]:
    """A text and another made from it by a few edits (so that most columns align)."""
    a = draw(st.lists(_word, min_size=1, max_size=30))
    b: list[str] = []
    for w in a:
        edit = draw(st.sampled_from(["keep"] * 4 + ["swap", "drop", "add"]))
        if edit in ("keep", "add"):
            b.append(w)
        if edit in ("swap", "add"):
            b.append(_NEAR.get(w, w) if draw(st.booleans()) else draw(_word))
    glue = draw(st.lists(st.booleans(), min_size=len(a) + len(b), max_size=len(a) + len(b)))
    return _joined(a, glue), _joined(b or ["mat"], glue[len(a) :])


def _joined(words: list[str], glue: list[bool]) -> str:
    out = words[0]
    for w, spaced in zip(words[1:], glue, strict=False):
        out += (" " if spaced or w == "\n\n" else "") + w
    return out


def _built(a: str, b: str, spacing: bool) -> tuple[str, str]:
    app = apparatus(collate([load_text("A", a), load_text("B", b)]), spacing=spacing)
    return repr(app.blocks), repr(app.units)


@settings(max_examples=200, deadline=None)
@given(_pair(), st.booleans())
@example(("the cat sat on the mat to-day", "the cat sate on the mat today"), False)
@example(("we met M. V. at noon", "we met M.V. at noon"), False)
@example(("the cat sat", "the cat sat"), False)
def test_two_readings_as_the_general_grouping(texts: tuple[str, str], spacing: bool) -> None:
    fast = _built(*texts, spacing)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(units._Builder, "_two_readings", lambda *args: None)
        general = _built(*texts, spacing)
    assert fast == general


def test_two_readings_is_taken() -> None:
    """The short way is the one taken for a plain substitution (else the test above
    compares the general way with itself)."""
    calls: list[object] = []
    short = units._Builder._two_readings

    def counted(self: units._Builder, *args: object) -> object:
        got = short(self, *args)  # type: ignore[arg-type]
        calls.append(got)
        return got

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(units._Builder, "_two_readings", counted)
        app = apparatus(collate([load_text("A", "the cat sat"), load_text("B", "the dog sat")]))
    assert [r.text for r in app.units[0].readings] == ["cat", "dog"]
    assert len(calls) == 1
    assert calls[0] is not None


@settings(max_examples=100, deadline=None)
@given(_pair())
def test_plain_text_shortcuts_as_the_general_way(texts: tuple[str, str]) -> None:
    """Where every witness is plain text the builder skips reading provenance (attestation,
    citations, xml:ids, pages and lines of a location) and takes the short way to a unit's
    readings; told that no witness is plain, it reads everything, and finds the same."""
    fast = _built(*texts, False)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(Witness, "without_provenance", property(lambda self: False))
        general = _built(*texts, False)
    assert fast == general
