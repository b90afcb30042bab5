"""The short way to the readings of a unit of plain witnesses (``_Builder._plain_readings``,
any number of witnesses, one column or several) makes what the general grouping
(``_Builder._group``) makes: same blocks, same units, same readings, same groups.

The witnesses are generated from one text by a few edits each (so that most columns align and
the units have many witnesses in scope); some are plain text with lacunae, some TEI with
provenance (a gap, damage over legible words, an attestation note, a deletion and an
addition read as the a.c. and p.c. states of one document), which must keep the general
way.  The other short ways of the tenth pass are held to what they replace on the same
witnesses: a nested unit's stretches read over their own columns (``_RowRange``), witness
texts joined from the columns' pieces, and the search for spacing-only stretches.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import pytest
from apparatus_witnesses import built, joined, tei_document
from hypothesis import example, given, settings
from hypothesis import strategies as st

from witnesscollate import Witness, apparatus, collate, load_text
from witnesscollate.analysis import segmentation, units
from witnesscollate.model import Lacuna, Token
from witnesscollate.reading.tei import load_tei_states

# words that make every kind of unit: case, spelling, punctuation, spacing, abbreviation,
# grammatical and lexical differences, additions, omissions, a paragraph break
_WORDS = ["the", "The", "cat", "cats", "Cat", "sat", "sate", "on", "mat", "grey", "gray"]
_WORDS += ["Dec.", "December", ",", "mat,", "M.", "V.", "M.V.", "to-day", "today", "\n\n"]
_word = st.sampled_from(_WORDS)
_NEAR = dict(zip(_WORDS[::2], _WORDS[1::2], strict=False))
_NEAR.update({v: k for k, v in _NEAR.items()} | {"to-day": "today", "today": "to-day"})


def _edited(draw: st.DrawFn, base: list[str]) -> list[str]:
    out: list[str] = []
    for w in base:
        edit = draw(st.sampled_from(["keep"] * 5 + ["swap", "drop", "add"]))
        if edit in ("keep", "add"):
            out.append(w)
        if edit in ("swap", "add"):
            out.append(_NEAR.get(w, w) if draw(st.booleans()) else draw(_word))
    return out or ["mat"]


@st.composite
def _witnesses(draw: st.DrawFn, tei: bool) -> list[Witness]:
    """Three to six witnesses of one text; with ``tei``, one of them a TEI document's states."""
    base = draw(st.lists(_word, min_size=1, max_size=24))
    count = draw(st.integers(3, 6))
    out: list[Witness] = []
    for i in range(count):
        words = base if i == 0 else _edited(draw, base)
        w = load_text(chr(ord("A") + i), joined(draw, words))
        if i and draw(st.integers(0, 3)) == 0:  # a plain witness with a lacuna or two
            at = sorted(draw(st.lists(st.integers(0, len(w.tokens)), min_size=1, max_size=2)))
            w = dataclasses.replace(w, lacunae=tuple(Lacuna(p, p) for p in dict.fromkeys(at)))
        out.append(w)
    if tei:
        words = _edited(draw, base)
        marks = draw(st.lists(st.integers(0, 6), min_size=len(words), max_size=len(words)))
        states = load_tei_states(tei_document("T", words, marks), siglum="T")
        out.extend(dict.fromkeys(states.values()))
    return out


def _general(witnesses: list[Witness], spacing: bool, segmentation: str, base: int = 0) -> str:
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(units._Builder, "_two_readings", lambda *args: None)
        mp.setattr(units._Builder, "_plain_readings", lambda *args: None)
        return built(witnesses, spacing, segmentation, base)


_SEGMENTATION = st.sampled_from(["phrase", "phrase", "word"])


_ENDS = ["the cat", "the cat sat on ", "the cat sat on the mat", "the cat sat on"]
_MOVED = [  # a passage moved by B (a transposition), an omission and an addition inside it
    "the grey cat sat on the mat and then it went to sleep by the fire",
    "and then it went to sleep by the fire the grey cat sat on the mat",
    "the grey cat sat on mat and then it went to sleep by the fire",
    "the grey cat sat on the old mat and then it went to sleep by the fire",
]


@settings(max_examples=150, deadline=None)
@given(_witnesses(tei=False), st.booleans(), _SEGMENTATION, st.integers(0, 5))
@example(
    [load_text("A", "the cat sat"), load_text("B", "the cat sat "), load_text("C", "the dog sat")],
    False,
    "phrase",
    0,
)
@example(
    [
        load_text("A", "we met M. V. at noon"),
        load_text("B", "we met M.V. at noon"),
        load_text("C", "we met thethe at noon"),
        load_text("D", "we met the the at noon"),
    ],
    False,
    "phrase",
    1,
)
@example([load_text(chr(65 + i), t) for i, t in enumerate(_MOVED)], False, "phrase", 0)
def test_plain_readings_as_the_general_grouping(
    witnesses: list[Witness], spacing: bool, segmentation: str, base: int
) -> None:
    """Any base (a lemma witness not the first of the unit's scope), either segmentation."""
    fast = built(witnesses, spacing, segmentation, base)
    assert fast == _general(witnesses, spacing, segmentation, base)


@settings(max_examples=60, deadline=None)
@given(_witnesses(tei=True), st.booleans())
def test_with_tei_witnesses_as_the_general_grouping(
    witnesses: list[Witness], spacing: bool
) -> None:
    """With a TEI witness (provenance, lacunae, notes, a.c./p.c.) the collation is not plain:
    the same units as the general way (which it must take)."""
    assert built(witnesses, spacing, "phrase") == _general(witnesses, spacing, "phrase")


def test_plain_readings_is_taken() -> None:
    """The short way is the one taken for units of many plain witnesses, of one column and of
    several (else the tests above compare the general way with itself), and not where a
    witness has provenance."""
    calls: list[tuple[int, int]] = []
    short = units._Builder._plain_readings

    def counted(
        self: units._Builder, scope: tuple[int, ...], columns: tuple[int, int], lemma_row: int
    ) -> object:
        got = short(self, scope, columns, lemma_row)
        assert got is not None
        calls.append(columns)
        return got

    texts = ["the grey cat sat on the mat", "the gray dog sat on a mat", "the grey dog sat on mat"]
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(units._Builder, "_plain_readings", counted)
        app = apparatus(collate([load_text(chr(65 + i), t) for i, t in enumerate(texts)]))
        assert [[r.text for r in u.readings] for u in app.units] == [
            ["grey cat", "gray dog", "grey dog"],
            ["the", "a", ""],
        ]
        assert len(calls) == 2
        assert any(c1 - c0 > 1 for c0, c1 in calls)
        calls.clear()
        tei = load_tei_states(tei_document("T", ["the", "grey", "cat"], [0, 2, 0]), siglum="T")[
            "pc"
        ]
        apparatus(collate([load_text("A", texts[0]), load_text("B", texts[1]), tei]))
        assert calls == []


@settings(max_examples=80, deadline=None)
@given(st.booleans().flatmap(lambda tei: _witnesses(tei=tei)), st.booleans(), st.integers(0, 5))
@example(  # B (the nested lemma) ends in a space at C's space: "sat on " before C's "the mat"
    [load_text(s, t) for s, t in zip("ABCD", _ENDS, strict=True)], False, 0
)
def test_nested_stretches_as_with_a_whole_row_index(
    witnesses: list[Witness], spacing: bool, base: int
) -> None:
    """A nested unit's lemma witness other than the base reads its stretches over their own
    columns (``_RowRange``): the same stretches as from an index of its whole row."""
    fast = built(witnesses, spacing, "phrase", base)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(
            units, "_RowRange", lambda table, row, c0, c1: units._RowIndex(table.collation, row)
        )
        assert fast == built(witnesses, spacing, "phrase", base)


def _spaced_only_as_it_was(
    table: segmentation.ColumnTable, lo: int, hi: int, scope: Sequence[int]
) -> set[int]:
    """The search for spacing-only stretches as written before it skipped runs and starts
    (each witness's next text column found by one loop, every start tried)."""
    out: set[int] = set()
    columns = table.columns
    n = hi - lo
    texts_at = [[keys[r] or "" for r in scope] for keys in map(table.keys, range(lo, hi))]

    def closed(i: int) -> bool:
        cells = columns[lo + i]
        return any(cells[r].lacuna is not None for r in scope)

    nxt: list[list[int]] = []
    for k in range(len(scope)):
        row, following = [n] * (n + 1), n
        for i in range(n - 1, -1, -1):
            if texts_at[i][k]:
                following = i
            row[i] = following
        nxt.append(row)
    for i in range(n - 1):
        end = min(n, i + segmentation.SPACING_SPAN)
        if any(row[i] >= end for row in nxt) or closed(i):
            continue
        tid = columns[lo + i].transposition
        texts = texts_at[i]
        for j in range(i + 1, end):
            longest = max(texts, key=len)
            if not all(longest.startswith(t) for t in texts):
                break
            if columns[lo + j].transposition != tid or closed(j):
                break
            texts = [segmentation._glue(t, k) for t, k in zip(texts, texts_at[j], strict=True)]
            if all(t == texts[0] for t in texts) and segmentation._shifted(texts_at[i : j + 1]):
                out.update(range(lo + i, lo + j + 1))
    return out


@settings(max_examples=150, deadline=None)
@given(_witnesses(tei=False), st.data())
@example([load_text("A", "we met M. V. at noon"), load_text("B", "we met M.V. at noon")], None)
def test_spaced_only_as_it_was(witnesses: list[Witness], data: st.DataObject | None) -> None:
    """Every run of variant columns, among every witness and among some: the same columns
    found to differ only in spacing as by the search before it was made cheaper."""
    table = segmentation.ColumnTable(collate(witnesses))
    every = list(range(table.nrows))
    scopes: list[list[int]] = [every]
    if data is not None:
        scopes.append(sorted(data.draw(st.sets(st.sampled_from(every), min_size=1))))
    found = 0
    for scope in scopes:
        variant = [segmentation.is_variant(table.keys(c), scope) for c in range(len(table))]
        c = 0
        while c < len(variant):
            d = c + 1
            while variant[c] and d < len(variant) and variant[d]:
                d += 1
            if variant[c]:
                got = table._spaced_only(c, d, scope)
                assert got == _spaced_only_as_it_was(table, c, d, scope)
                found += len(got)
            c = d
    if data is None:  # (the example: «M. V.» against «M.V.»)
        assert found


def _text_as_it_was(
    self: units._Builder, row: int, c0: int, c1: int
) -> tuple[str, bool, list[Token]]:
    """A witness's text over some columns read cell by cell (the builder's way before it
    joined the columns' cached pieces)."""
    parts: list[str] = []
    lacuna = False
    tokens: list[Token] = []
    last = self.table.last[row]
    for c in range(c0, c1):
        cell = self.table.columns[c][row]
        if cell:
            tokens.extend(cell)
            parts.append(
                "".join(t.text + " " if t.ws and t.index != last else t.text for t in cell)
            )
        elif cell.lacuna is not None:
            lacuna = True
    return "".join(parts), lacuna, tokens


@settings(max_examples=80, deadline=None)
@given(st.booleans().flatmap(lambda tei: _witnesses(tei=tei)), st.booleans(), st.integers(0, 5))
def test_witness_texts_as_read_cell_by_cell(
    witnesses: list[Witness], spacing: bool, base: int
) -> None:
    """Texts joined from the columns' pieces (and the last few kept) read as those read cell
    by cell, TEI witnesses (a lacuna with legible tokens, notes, revisions) included."""
    fast = built(witnesses, spacing, "phrase", base)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(units._Builder, "_witness_text", _text_as_it_was)
        mp.setattr(units._Builder, "_plain_readings", lambda *args: None)
        assert fast == built(witnesses, spacing, "phrase", base)
