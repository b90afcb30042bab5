"""The short way to a one-column unit's readings (``_Builder._two_readings``) makes what the
general grouping (``_Builder._group``) makes: same units, same readings, same groups (the
short way for more witnesses, ``_plain_readings``, is turned off with it: it would take the
units ``_two_readings`` declines)."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from witnesscollate import apparatus, collate, load_text
from witnesscollate.analysis import units
from witnesscollate.model import Stretch, Witness

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
        mp.setattr(units._Builder, "_plain_readings", lambda *args: None)
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


def _stretch_token_by_token(
    self: units._Builder,
    lemma: units._RowIndex,
    i0: int,
    i1: int,
    c0: int,
    c1: int,
    scope: tuple[int, ...] | None,
    space_end: bool,
) -> Stretch:
    """A stretch's text made token by token (the builder's way before it joined runs): the
    lemma witness's own spaces, and one after the last word if asked and some witness in
    scope has one there."""
    parts = [t.text + " " if t.ws else t.text for t in lemma.tokens[i0:i1]]
    if i1 == len(lemma.tokens):
        parts[-1] = lemma.tokens[-1].text
    if not self.spacing and space_end:
        rows = scope if scope is not None else tuple(range(len(self.sigla)))
        for i, c in lemma.bare_ends(i0, i1):
            if i == i1 - 1 and self.table.space_after(c, rows):
                parts[i - i0] = lemma.tokens[i].text + " "
    return Stretch("".join(parts), (c0, c1), i0, i1, self.sigla[lemma.row])


@settings(max_examples=100, deadline=None)
@given(_pair(), _pair(), st.booleans())
def test_stretches_as_made_token_by_token(
    ab: tuple[str, str], cd: tuple[str, str], spacing: bool
) -> None:
    """Stretches joined a run at a time read as those made token by token: tokens without
    whitespace, the witness's last, a space another witness has where the lemma has none."""
    witnesses = [load_text("A", ab[0]), load_text("B", ab[1]), load_text("C", cd[1] + cd[0])]
    c = collate(witnesses)
    fast = repr(apparatus(c, spacing=spacing).blocks)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(units._Builder, "_stretch", _stretch_token_by_token)
        slow = repr(apparatus(c, spacing=spacing).blocks)
    assert fast == slow
