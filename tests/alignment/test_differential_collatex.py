"""Differential test: the native engine against collatex on small random inputs.

What is compared, and why not the tables themselves: where several alignments are equally
good (ties), the two engines may pick different ones, so exact equality is too strict.
Both engines run without transpositions and without near matching (collatex's transposition
detection crashes, and its near matching is a different post-process).  Compared are:

* validity: both collations hold every token of every witness once, in order;
* alignment quality: the number of witness pairs that agree on a token in the same column
  (``agreements``).  For two witnesses native's matching is an exact LCS, so it is never
  below collatex's; for three, progressive alignment is a heuristic in both engines, so the
  native total over a fixed batch must be at least collatex's and native may lose on only a
  few cases.
"""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from witnesscollate import Collation, Token, Witness
from witnesscollate.alignment import collate  # the engine: any number of witnesses

WORD = st.sampled_from(list("abcdefgh"))


def make(siglum: str, words: list[str]) -> Witness:
    return Witness(
        siglum=siglum,
        tokens=tuple(
            Token(text=w, ws=" ", norm=w, witness=siglum, index=i) for i, w in enumerate(words)
        ),
    )


def agreements(c: Collation) -> int:
    total = 0
    for col in c.columns:
        groups: dict[tuple[str, ...], int] = {}
        for cell in col.cells:
            if cell.tokens:
                groups[cell.norm] = groups.get(cell.norm, 0) + 1
        total += sum(n * (n - 1) // 2 for n in groups.values())
    return total


def lossless(c: Collation) -> bool:
    return all(
        [t for col in c.columns for t in col.cells[r].tokens] == list(w.tokens)
        for r, w in enumerate(c.witnesses)
    )


def both(ws: list[Witness]) -> tuple[Collation, Collation]:
    nat = collate(ws, near_match=False, transpositions=False)
    cx = collate(ws, engine="collatex", near_match=False, transpositions=False)
    return nat, cx


@given(st.lists(WORD, max_size=12), st.lists(WORD, max_size=12))
@settings(max_examples=60, deadline=None)
def test_two_witnesses_native_aligns_at_least_as_much(a: list[str], b: list[str]) -> None:
    nat, cx = both([make("A", a), make("B", b)])
    assert lossless(nat)
    assert lossless(cx)
    assert cx.engine == "collatex"
    assert agreements(nat) >= agreements(cx)


def test_three_witnesses_native_is_as_good_over_a_batch() -> None:
    rnd = random.Random(20261123)
    nat_total = cx_total = worse = 0
    cases = 120
    for _ in range(cases):
        base = [rnd.choice("abcdefg") for _ in range(rnd.randint(0, 10))]
        ws = []
        for k in range(3):
            w = list(base)
            for _ in range(rnd.randint(0, 3)):
                op = rnd.random()
                if op < 0.33 and w:
                    w[rnd.randrange(len(w))] = rnd.choice("abcdefgh")
                elif op < 0.66 and w:
                    del w[rnd.randrange(len(w))]
                else:
                    w.insert(rnd.randint(0, len(w)), rnd.choice("abcdefgh"))
            ws.append(make(f"W{k}", w))
        nat, cx = both(ws)
        assert lossless(nat)
        assert lossless(cx)
        n, c = agreements(nat), agreements(cx)
        nat_total += n
        cx_total += c
        worse += n < c
    assert nat_total >= cx_total
    assert worse <= cases // 10


def test_identical_witnesses_agree_with_collatex_exactly() -> None:
    words = ["the", "quick", "brown", "fox", "jumps", "over", "the", "lazy", "dog"]
    nat, cx = both([make("A", words), make("B", words), make("C", words)])
    rows = [[cell.text for cell in col.cells] for col in nat.columns]
    assert rows == [[cell.text for cell in col.cells] for col in cx.columns]
