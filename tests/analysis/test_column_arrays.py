"""The eleventh pass's short ways through the column table and the builder, held to the
general ways they replace (``ColumnTable.fast_paths`` and ``_Builder.fast_paths`` False):

- a witness's tokens over some columns as a slice of its tokens, from arrays over the
  uncommon columns (``ColumnTable.token_bounds``), and whether its text is lost there;
- the uncommon columns' keys made in one loop, the character test before the spacing-only
  search (only runs and starts with as many characters for every witness are searched);
- the answers for plain text (no block crossed) and for a table with no lost text;
- a nested scope's variant columns in one loop (``variants_in``);
- a witness's text in one column from its cell, an absence unit's witnesses with text grouped
  without their tokens' key, each pair of texts classified once, the runs of absence
  subtracted only from those they overlap.

The witnesses: three to six made from one text by edits (some plain with lacunae, some
ending in a space), or with a TEI document's a.c. and p.c. states (a gap, damage over legible
words, notes, a deletion and an addition), or a passage moved by one of them.
"""

from __future__ import annotations

import dataclasses
import itertools

import numpy as np
import pytest
from apparatus_witnesses import MARKS, built, joined, tei_document
from hypothesis import example, given, settings
from hypothesis import strategies as st

from witnesscollate import Token, Witness, collate, load_text
from witnesscollate.analysis import segmentation, units
from witnesscollate.analysis.profiles import get_profile
from witnesscollate.analysis.segmentation import SPACING_SPAN, ColumnTable, _even_windows
from witnesscollate.model import Cell, Collation, Column, Lacuna
from witnesscollate.reading.tei import load_tei_states

_WORDS = ["the", "The", "cat", "cats", "sat", "sate", "on", "mat", "grey", "gray", "to", "day"]
_WORDS += ["today", ",", ".", "mat,", "M.", "V.", "M.V.", "\n\n", "to-day", "a", "b", "ab"]
_word = st.sampled_from(_WORDS)
_KINDS = MARKS[:5] + MARKS[6:]  # (no editorial note)

_MOVED = [  # a passage moved by B (a transposition), an omission and an addition inside it
    "the grey cat sat on the mat and then it went to sleep by the fire",
    "and then it went to sleep by the fire the grey cat sat on the mat",
    "the grey cat sat on mat and then it went to sleep by the fire",
    "the grey cat sat on the old mat and then it went to sleep by the fire",
]


def _edited(draw: st.DrawFn, base: list[str]) -> list[str]:
    out: list[str] = []
    for w in base:
        edit = draw(st.sampled_from(["keep"] * 4 + ["swap", "drop", "add", "join"]))
        if edit == "join" and out:
            out[-1] += w  # (a spacing difference: «to day» / «today», «M. V.» / «M.V.»)
            continue
        if edit in ("keep", "add"):
            out.append(w)
        if edit in ("swap", "add"):
            out.append(draw(_word))
    return out or ["mat"]


@st.composite
def _witnesses(draw: st.DrawFn) -> list[Witness]:
    """Three to six witnesses: plain (some with lacunae), a TEI document's states, or a
    moved passage."""
    kind = draw(st.sampled_from(["plain", "plain", "tei", "moved"]))
    if kind == "moved":
        count = draw(st.integers(3, 4))
        return [load_text(chr(65 + i), t) for i, t in enumerate(_MOVED[:count])]
    base = draw(st.lists(_word, min_size=1, max_size=24))
    count = draw(st.integers(3, 6)) - (1 if kind == "tei" else 0)
    out: list[Witness] = []
    for i in range(count):
        words = base if i == 0 else _edited(draw, base)
        w = load_text(chr(65 + i), joined(draw, words))
        if i and draw(st.integers(0, 2)) == 0:  # a lacuna or two
            at = sorted(draw(st.lists(st.integers(0, len(w.tokens)), min_size=1, max_size=2)))
            w = dataclasses.replace(w, lacunae=tuple(Lacuna(p, p) for p in dict.fromkeys(at)))
        out.append(w)
    if kind == "tei":
        words = _edited(draw, base)
        marks = draw(st.lists(st.integers(0, 5), min_size=len(words), max_size=len(words)))
        states = load_tei_states(
            tei_document("T", words, marks, _KINDS, paragraphs=True), siglum="T"
        )
        out.extend(dict.fromkeys(states.values()))
    return out


def _general() -> pytest.MonkeyPatch:
    mp = pytest.MonkeyPatch()
    mp.setattr(ColumnTable, "fast_paths", False)
    mp.setattr(units._Builder, "fast_paths", False)
    return mp


@settings(max_examples=200, deadline=None)
@given(
    _witnesses(), st.booleans(), st.sampled_from(["phrase", "phrase", "word"]), st.integers(0, 5)
)
@example([load_text(chr(65 + i), t) for i, t in enumerate(_MOVED)], False, "phrase", 0)
@example(  # (C lacks what A and B read alike but for spacing: nothing nested)
    [
        load_text("A", "we met M. V. at noon"),
        load_text("B", "we met M.V. at noon"),
        load_text("C", "we noon"),
    ],
    False,
    "phrase",
    0,
)
@example(  # (one addition inside B's moved passage, the same outside it: two classes)
    [
        load_text("A", "the cat sat on the mat and then it went to sleep by the fire"),
        load_text("B", "and then it went to sleep by the old fire the cat sat on the mat"),
        load_text("C", "the old cat sat on the mat and then it went to sleep by the fire"),
    ],
    False,
    "phrase",
    0,
)
@example(
    [
        load_text("A", "we met M. V. at noon today"),
        load_text("B", "we met M.V. at noon to day"),
        load_text("C", "we met the the at noon"),
    ],
    False,
    "phrase",
    1,
)
def test_apparatus_as_the_general_way(
    witnesses: list[Witness], spacing: bool, segmentation_: str, base: int
) -> None:
    """Same blocks, units, readings and spans with every short way as without."""
    fast = built(witnesses, spacing, segmentation_, base)
    mp = _general()
    try:
        general = built(witnesses, spacing, segmentation_, base)
    finally:
        mp.undo()
    assert fast == general


@settings(max_examples=150, deadline=None)
@given(_witnesses(), st.data())
def test_table_as_the_general_way(witnesses: list[Witness], data: st.DataObject) -> None:
    """The table's answers, column by column, among every witness and among some: variant
    columns (spacing-only ones cleared), lost witnesses, blocks, a scope's variant columns;
    and each witness's tokens and lost text over every range of columns from the token
    bounds, as read cell by cell."""
    collation = collate(witnesses)
    fast = ColumnTable(collation)
    mp = _general()
    try:
        general = ColumnTable(collation)
        rows = range(general.nrows)
        scope = sorted(data.draw(st.sets(st.sampled_from(list(rows)), min_size=1)))
        n = len(general)
        assert fast.variant == general.variant
        for s in (list(rows), scope):
            assert fast.variants_in(0, n, s) == general.variants_in(0, n, s)
            seen_fast: dict[int, int | None] = {}
            seen_general: dict[int, int | None] = {}
            for c in range(n):
                assert fast.lost(c, s) == general.lost(c, s)
                assert fast.crosses_block(c, s, seen_fast) == general.crosses_block(
                    c, s, seen_general
                )
                fast.blocks_at(c, s, seen_fast)
                general.blocks_at(c, s, seen_general)
    finally:
        mp.undo()
    bounds = fast.token_bounds()
    assert bounds is not None  # (a collation the aligner made)
    for r, w in enumerate(collation.witnesses):
        assert bounds.lengths(r).tolist() == [len(col[r]) for col in collation.columns]
        for c0, c1 in itertools.combinations(range(len(collation.columns) + 1), 2):
            i0, i1 = bounds.span(r, c0, c1)
            cells = [col[r] for col in collation.columns[c0:c1]]
            assert list(w.tokens[i0:i1]) == [t for cell in cells for t in cell]
            assert bounds.lost(r, c0, c1) == any(not x and x.lacuna is not None for x in cells)


def test_no_token_bounds_for_a_collation_made_by_hand() -> None:
    """A collation without the aligner's note of common columns reads cell by cell."""
    collation = collate([load_text("A", "the cat sat"), load_text("B", "the dog sat")])
    by_hand = dataclasses.replace(collation)
    assert ColumnTable(collation).token_bounds() is not None
    assert ColumnTable(by_hand).token_bounds() is None


def test_spacing_only_runs_are_found() -> None:
    """The character test lets through the runs that differ only in spacing: «M. V.» /
    «M.V.» is no variant, «to day» / «today» is one (a boundary between letters)."""
    table = ColumnTable(
        collate([load_text("A", "we met M. V. to day"), load_text("B", "we met M.V. today")])
    )
    variant = [c for c, v in enumerate(table.variant) if v]
    texts = {table.pieces(c)[0] for c in variant}
    assert texts == {"to ", "day"}


@settings(max_examples=150, deadline=None)
@given(_witnesses())
def test_character_counts_are_the_texts(witnesses: list[Witness]) -> None:
    """The characters the spacing-only test counts at each uncommon column are those of the
    witness's tokens' texts there (a key's boundaries between two words are none)."""
    table = ColumnTable(collate(witnesses))
    counts = table._char_counts()
    for k, c in enumerate(table._uncommon):
        for r, cell in enumerate(table.columns[c]):
            assert counts[k + 1, r] - counts[k, r] == sum(len(t.text) for t in cell)


def test_a_lone_surrogate_is_one_character() -> None:
    """A token made by hand may hold a lone surrogate (the readers refuse one): the short
    way counts it as the one code point it is, and builds the apparatus the general way
    builds."""

    def made(siglum: str, text: str) -> Witness:
        words = text.split()
        return Witness(
            siglum, tuple(Token(t, " ", witness=siglum, index=i) for i, t in enumerate(words))
        )

    witnesses = [
        made("A", "the caf\udce9 sat on the mat"),
        made("B", "the dog lay on a rug"),
        made("C", "the cat sat on the mat"),
    ]
    table = ColumnTable(collate(witnesses))
    counts = table._char_counts()
    cafe = table._uncommon.index(1)  # (the column of «caf\udce9», «dog», «cat»)
    assert (counts[cafe + 1] - counts[cafe]).tolist() == [4, 3, 3]
    fast = built(witnesses, False, "phrase", 0)
    mp = _general()
    try:
        assert fast == built(witnesses, False, "phrase", 0)
    finally:
        mp.undo()


def test_a_key_boundary_is_no_character() -> None:
    """«the the» in one cell (its key «the\x1fthe») against «the» and «the» in two columns
    (a collation made by hand): six characters each, and a stretch that differs only in
    spacing, as the general way finds."""
    a = load_text("A", "we saw the the end")
    b = load_text("B", "we saw the the end")
    ta, tb = a.tokens, b.tokens
    columns = (
        Column((Cell(ta[0:1]), Cell(tb[0:1]))),
        Column((Cell(ta[1:2]), Cell(tb[1:2]))),
        Column((Cell(ta[2:4]), Cell(tb[2:3]))),
        Column((Cell(()), Cell(tb[3:4]))),
        Column((Cell(ta[4:5]), Cell(tb[4:5]))),
    )
    collation = Collation(witnesses=(a, b), columns=columns)
    table = ColumnTable(collation)
    counts = table._char_counts()
    assert [(counts[k + 1] - counts[k]).tolist() for k in range(len(table._uncommon))] == [
        [6, 3],
        [0, 3],
    ]
    assert table.variant == [False] * 5
    mp = _general()
    try:
        assert ColumnTable(collation).variant == [False] * 5
    finally:
        mp.undo()


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.lists(st.integers(0, 3), min_size=2, max_size=2), min_size=1, max_size=30),
    st.lists(st.integers(0, 2), min_size=30, max_size=30),
    st.booleans(),
)
def test_even_windows_as_counted_one_by_one(
    cells: list[list[int]], groups: list[int], grouped: bool
) -> None:
    """Every start of a window of 2 to SPACING_SPAN columns with as many characters for each
    witness (and, with ``same``, the same value at both ends), counted window by window."""
    n = len(cells)
    before = np.zeros((n + 1, 2), dtype=np.int64)
    before[1:] = np.cumsum(np.asarray(cells, dtype=np.int64), axis=0)
    same = np.asarray(groups[:n], dtype=np.int64) if grouped else None
    expected = [
        any(
            len({int(before[j + 1, w] - before[i, w]) for w in range(2)}) == 1
            and (same is None or same[i] == same[j])
            for j in range(i + 1, min(n, i + SPACING_SPAN))
        )
        for i in range(n)
    ]
    assert _even_windows(before, same).tolist() == expected


@settings(max_examples=150, deadline=None)
@given(_witnesses())
def test_texts_and_words_as_read_cell_by_cell(witnesses: list[Witness]) -> None:
    """A witness's text, lost text and tokens over every range of one to four columns, and
    its words there, as read column by column."""
    collation = collate(witnesses)
    table = ColumnTable(collation)
    builder = units._Builder(collation, 0, "phrase", get_profile(None))
    for r in range(table.nrows):
        last = table.last[r]
        for c0 in range(len(table)):
            for c1 in range(c0 + 1, min(len(table), c0 + 4) + 1):
                cells = [col[r] for col in table.columns[c0:c1]]
                tokens = [t for cell in cells for t in cell]
                text = "".join(t.text + " " if t.ws and t.index != last else t.text for t in tokens)
                lost = any(not x and x.lacuna is not None for x in cells)
                assert builder._read_text(r, c0, c1) == (text, lost, tokens)
                words = tuple(t.text for t in tokens if any(ch.isalnum() for ch in t.text))
                assert segmentation._words(table, r, segmentation.Span(c0, c1)) == words
