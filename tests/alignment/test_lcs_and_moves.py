"""The order-preserving matching is an exact LCS; transpositions only for real moves.

Issue 18: for two witnesses without moves the matched count equals an exact LCS (computed
here by a plain dynamic program, or by rapidfuzz's Indel on the tokens' hashes), repetitive
alphabets and texts that repeat themselves included; a transposition is reported only for a
block the order-preserving alignment cannot explain (shuffled paragraphs of real text are
found as transpositions of exactly those paragraphs), never between unrelated texts beyond
what they genuinely share.
"""

from __future__ import annotations

import random

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from rapidfuzz.distance import Indel
from texts import darwin_paragraphs, darwin_words, matched, realistic_edit, token_witness

from witnesscollate import collate


def lcs_length(a: list[str], b: list[str]) -> int:
    """The reference: a plain dynamic program."""
    prev = [0] * (len(b) + 1)
    for x in a:
        cur = [0]
        for j, y in enumerate(b):
            cur.append(prev[j] + 1 if x == y else max(prev[j + 1], cur[j]))
        prev = cur
    return prev[-1]


def exact_lcs(a: list[str], b: list[str]) -> int:
    """The reference for longer inputs: rapidfuzz's Indel edit operations on hashes."""
    ha, hb = [hash(x) for x in a], [hash(x) for x in b]
    return len(a) - sum(1 for op in Indel.editops(ha, hb) if op.tag == "delete")


ALPHABETS = st.sampled_from(["ab", "abc", "abcdefgh", "a,.", ["the", "cat", ",", "of", "the"]])


@st.composite
def sequences(draw: st.DrawFn) -> list[str]:
    """Short sequences over small alphabets, sometimes one chunk repeated with edits."""
    alphabet = list(draw(ALPHABETS))
    chunk = draw(st.lists(st.sampled_from(alphabet), max_size=30))
    if draw(st.booleans()):
        return chunk
    out: list[str] = []
    for _ in range(draw(st.integers(2, 4))):
        copy = list(chunk)
        for _ in range(draw(st.integers(0, 3))):
            if copy and draw(st.booleans()):
                del copy[draw(st.integers(0, len(copy) - 1))]
            else:
                copy.insert(draw(st.integers(0, len(copy))), draw(st.sampled_from(alphabet)))
        out += copy
    return out


@given(sequences(), sequences(), st.booleans())
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_matched_count_is_an_exact_lcs(a: list[str], b: list[str], near: bool) -> None:
    c = collate([token_witness("A", a), token_witness("B", b)], near_match=near)
    assert matched(c) == lcs_length(a, b)


def test_repeated_real_chapter_is_matched_as_an_exact_lcs() -> None:
    """Darwin's chapter start printed three times over, each copy with its own 2 % edits:
    large enough for the anchored path (not one LCS), and matched as well as an exact LCS,
    with no transposition (no block moved)."""
    rnd = random.Random(18)
    chapter = list(darwin_words()[:3_000])
    a = [w for _ in range(3) for w in realistic_edit(chapter, 0.02, rnd)]
    b = [w for _ in range(3) for w in realistic_edit(chapter, 0.02, rnd)]
    c = collate([token_witness("A", a), token_witness("B", b)])
    assert matched(c) == exact_lcs(a, b)
    assert c.transpositions == ()


def test_a_document_printed_twice_aligns_with_one_copy() -> None:
    """One witness prints the chapter twice: every word has two places to go.  The window is
    too large for one LCS (8,000 x 4,000 cells), so anchors decide; they may lose a match
    at the seam between the copies, no more, and the other witness stands against one copy
    (but for its last words, which the common ending draws to the second copy's end)."""
    chapter = list(darwin_words()[:4_000])
    b = realistic_edit(chapter, 0.01, random.Random(2))
    c = collate([token_witness("A", chapter + chapter), token_witness("B", b)])
    assert matched(c) >= exact_lcs(chapter + chapter, b) - 2
    in_first = sum(
        1
        for col in c.columns
        if col.cells[0].tokens
        and col.cells[1].tokens
        and col.cells[0].norm == col.cells[1].norm
        and col.cells[0].tokens[0].index < len(chapter)
    )
    assert in_first >= 0.95 * len(b)


def test_unrelated_real_texts_have_no_transposition_beyond_a_few() -> None:
    """The chapter's first and second halves: same author and subject, same formulae
    ("variation under domestication"), no moved block."""
    words = darwin_words()
    half = len(words) // 2
    a, b = list(words[:half]), list(words[half : 2 * half])
    c = collate([token_witness("A", a), token_witness("B", b)])
    assert len(c.transpositions) <= 3
    assert matched(c) == exact_lcs(a, b)


@st.composite
def one_paragraph_moved(draw: st.DrawFn) -> tuple[list[tuple[str, ...]], int, int]:
    """A few consecutive paragraphs of Darwin and one of them to move: (paragraphs, which,
    where to among the others).  The moved one is shorter than the paragraphs it jumps
    over, so that the longest order-preserving alignment keeps those in place."""
    paras = darwin_paragraphs()
    start = draw(st.integers(0, len(paras) - 5))
    chosen = list(paras[start : start + draw(st.integers(3, 5))])
    which = draw(st.integers(0, len(chosen) - 1))
    where = draw(st.integers(0, len(chosen) - 1).filter(lambda k: k != which))
    others = [p for k, p in enumerate(chosen) if k != which]
    jumped = others[which:where] if where > which else others[where:which]
    assume(12 <= len(chosen[which]) < sum(len(p) for p in jumped))
    return chosen, which, where


def _moved(
    paras: list[tuple[str, ...]], which: int, where: int, rnd: random.Random | None
) -> tuple[list[str], list[str], tuple[int, int], tuple[int, int]]:
    """Witness A in order, B with paragraph ``which`` moved to index ``where`` among the
    others (lightly edited if ``rnd``): the words, and the paragraph's range in each."""
    a = [w for p in paras for w in p]
    a_start = sum(len(p) for p in paras[:which])
    moved = list(paras[which])
    if rnd is not None:
        moved = realistic_edit(moved, 0.04, rnd)
    others = [p for k, p in enumerate(paras) if k != which]
    before = [w for p in others[:where] for w in p]
    after = [w for p in others[where:] for w in p]
    b = before + moved + after
    return a, b, (a_start, a_start + len(paras[which])), (len(before), len(before) + len(moved))


def _assert_one_move(
    blocks: dict[str, tuple[int, int]], want_a: tuple[int, int], want_b: tuple[int, int]
) -> None:
    (a0, a1), (b0, b1) = blocks["A"], blocks["B"]
    slack = 3  # a paragraph's first or last token ("the", ".") may also fit in order
    assert abs(a0 - want_a[0]) <= slack
    assert abs(a1 - want_a[1]) <= slack
    assert abs(b0 - want_b[0]) <= slack
    assert abs(b1 - want_b[1]) <= slack


@given(one_paragraph_moved())
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_a_moved_paragraph_is_one_transposition_of_that_paragraph(
    case: tuple[list[tuple[str, ...]], int, int],
) -> None:
    paras, which, where = case
    a, b, want_a, want_b = _moved(paras, which, where, None)
    c = collate([token_witness("A", a), token_witness("B", b)])
    assert len(c.transpositions) == 1
    blocks = {s: (lo, hi) for s, lo, hi in c.transpositions[0].blocks}
    _assert_one_move(blocks, want_a, want_b)


@given(one_paragraph_moved(), st.integers(0, 2**32))
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_a_moved_and_lightly_edited_paragraph_is_still_one_transposition(
    case: tuple[list[tuple[str, ...]], int, int], seed: int
) -> None:
    """Issue 11, point 6: one moved passage with edits inside (4 %) is one transposition."""
    paras, which, where = case
    assume(len(paras[which]) >= 40)  # edits in a short passage may leave no block to find
    a, b, want_a, want_b = _moved(paras, which, where, random.Random(seed))
    c = collate([token_witness("A", a), token_witness("B", b)])
    assert len(c.transpositions) == 1
    blocks = {s: (lo, hi) for s, lo, hi in c.transpositions[0].blocks}
    slack = 8  # an edit at either end of the passage is not part of the block
    (a0, a1), (b0, b1) = blocks["A"], blocks["B"]
    assert want_a[0] - 1 <= a0 <= want_a[0] + slack
    assert want_a[1] - slack <= a1 <= want_a[1] + 1
    assert want_b[0] - 1 <= b0 <= want_b[0] + slack
    assert want_b[1] - slack <= b1 <= want_b[1] + 1


def test_several_moved_paragraphs_are_one_transposition_each() -> None:
    paras = list(darwin_paragraphs()[:12])
    rnd = random.Random(7)
    # move paragraphs 2, 6 and 9 (edited) to the end, in reverse order
    moved = [realistic_edit(list(paras[k]), 0.03, rnd) for k in (9, 6, 2)]
    kept = [w for k, p in enumerate(paras) if k not in (2, 6, 9) for w in p]
    a = [w for p in paras for w in p]
    b = kept + [w for p in moved for w in p]
    c = collate([token_witness("A", a), token_witness("B", b)])
    assert len(c.transpositions) == 3
    starts = sorted(dict((s, lo) for s, lo, _ in t.blocks)["A"] for t in c.transpositions)
    want = [sum(len(p) for p in paras[:k]) for k in (2, 6, 9)]
    assert all(abs(s - w) <= 8 for s, w in zip(starts, want, strict=True))
