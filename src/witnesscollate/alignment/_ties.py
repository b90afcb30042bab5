"""Tie-breaking between equally long matchings: where unmatched text stands.

Many matchings have the same number of matches; they differ in where the unmatched text
goes.  Two rules choose among them, both without losing a match:

* unmatched text stands left-most, CollateX's convention (peer README 3.2), which keeps an
  added phrase together with the variant before it (:func:`shift_right`);
* a witness's lacuna (a TEI ``gap``, zero-width too, at the start or the end) attracts the
  unmatched text beside it: the words just after a gap are matched to their *last* possible
  place and those just before it to their *first*, so that the text the witness cannot show
  lies inside the lacuna, not beside it as an omission (:func:`attract_to_lacunae`).

Blocks (TEI paragraphs, headings, date lines) bound both: a witness's block corresponds to the
block of the columns where most of its matches stand, and a match does not slide out of that
counterpart (:func:`shift_right`); a run of matches that crossed into another block on one
side, while the match before it stays in its block on the other, moves back where it also
matches (:func:`pull_into_blocks`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import numpy.typing as npt

__all__ = [
    "Blocks",
    "attract_to_lacunae",
    "block_numbers",
    "prefer_support",
    "pull_into_blocks",
    "shift_right",
]

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
Eq = Callable[[int, int], bool]

#: Each column's and each token's block number (blocks counted from where they start).
Blocks = tuple[IntArray, IntArray]

#: How far (columns) a match may move to reach a lacuna.
LACUNA_REACH = 5_000


def block_numbers(col_starts: BoolArray, tok_starts: BoolArray) -> Blocks | None:
    """Each column's and each token's block, from where blocks start (``col_starts``,
    ``tok_starts``); None when neither side has a block start (plain texts: no bounds)."""
    if not (col_starts.any() or tok_starts.any()):
        return None
    return np.cumsum(col_starts, dtype=np.int64), np.cumsum(tok_starts, dtype=np.int64)


def shift_right(
    pi: IntArray,
    pj: IntArray,
    ncols: int,
    nseq: int,
    eq: Eq,
    blocks: Blocks | None = None,
) -> None:
    """Move matches rightwards over one-sided gaps, so unmatched text stands left-most.

    A match ``(i, j)`` followed by unmatched columns ``i+1 .. e-1`` only (no unmatched
    token) moves to ``(e-1, j)`` when column ``e-1`` matches token ``j``; likewise for
    unmatched tokens.  Right to left, so that gaps move on leftwards.  A match that ends a
    run of matches and would join no other run stays (``a g c t`` is kept together against
    ``a g a g c t a g t``).  A match never moves into another block (``blocks``: from
    :func:`block_numbers`): a paragraph's full stop stays at its end rather
    than joining the same stop after a date line that only the other text has.
    """
    n = len(pi)
    if n == 0:
        return
    stay = _Blocks(blocks, pi, pj)
    ni_arr = np.append(pi[1:], ncols)
    nj_arr = np.append(pj[1:], nseq)
    cand = np.flatnonzero(
        ((ni_arr - pi > 1) & (nj_arr - pj == 1)) | ((ni_arr - pi == 1) & (nj_arr - pj > 1))
    )
    for k in cand[::-1].tolist():
        i, j = int(pi[k]), int(pj[k])
        ni = int(pi[k + 1]) if k + 1 < n else ncols
        nj = int(pj[k + 1]) if k + 1 < n else nseq
        if k and pi[k - 1] == i - 1 and pj[k - 1] == j - 1 and k + 1 == n:
            continue  # would break a run of matches and join none: keep the phrase whole
        if nj == j + 1 and ni > i + 1:
            if eq(ni - 1, j) and not stay.cols(j, i, ni - 1):
                pi[k] = ni - 1
        elif ni == i + 1 and nj > j + 1 and eq(i, nj - 1) and not stay.toks(i, j, nj - 1):
            pj[k] = nj - 1
        _follow(pi, pj, k - 1, eq, stay)


class _Blocks:
    """Which block of the columns each block of the witness corresponds to: the one most of
    its matched tokens stand in (none when two tie, or where no block is marked).  A match
    may not move out of its block's counterpart."""

    def __init__(
        self,
        blocks: Blocks | None,
        pi: IntArray,
        pj: IntArray,
    ) -> None:
        self.on = blocks is not None and len(pi) > 0
        if blocks is None or not self.on:
            return
        self.cb, self.tb = blocks
        width = int(self.cb[-1]) + 1
        keys, counts = np.unique(self.tb[pj] * width + self.cb[pi], return_counts=True)
        self.dom: dict[int, int] = {}
        best: dict[int, int] = {}
        for key, n in zip(keys.tolist(), counts.tolist(), strict=True):
            t, c = divmod(key, width)
            if n > best.get(t, 0):
                best[t], self.dom[t] = n, c
            elif n == best[t]:
                self.dom[t] = -1  # a tie: no counterpart

    def counterpart(self, j: int) -> int:
        """The column block of token ``j``'s block, or -1."""
        return self.dom.get(int(self.tb[j]), -1) if self.on else -1

    def cols(self, j: int, a: int, b: int) -> bool:
        """Moving token ``j``'s match from column ``a`` to ``b`` leaves its counterpart."""
        if not self.on:
            return False
        dom = self.counterpart(j)
        return dom >= 0 and int(self.cb[a]) == dom and int(self.cb[b]) != dom

    def toks(self, i: int, a: int, b: int) -> bool:
        """Moving column ``i``'s match from token ``a`` to ``b`` leaves its counterpart."""
        if not self.on:
            return False
        c = int(self.cb[i])
        return self.counterpart(a) == c and self.counterpart(b) != c


#: How far (columns) a match may be pulled back into its block's counterpart.
BLOCK_REACH = 64


def pull_into_blocks(
    pi: IntArray,
    pj: IntArray,
    eq: Eq,
    blocks: Blocks | None,
) -> None:
    """Bring a run of matches back into the blocks of the match before it.

    Where the match before a run stays in one block on one side while the run has crossed
    into another block on the other side, and the run also matches earlier, inside the
    block it left, with free text between, the run moves there: a paragraph's last full
    stop returns to the end of the other text's paragraph instead of the same stop after a
    date line only that text has; a date returns to its own date line instead of the same
    date under a note appended after the letter.
    """
    if blocks is None:
        return
    cb, tb = blocks  # each column's block, each token's block
    n = len(pi)
    k = 1
    while k < n:
        i, j, i0, j0 = int(pi[k]), int(pj[k]), int(pi[k - 1]), int(pj[k - 1])
        r = _run_forward(pi, pj, k)
        # the run within one block on each side
        r = next((d for d in range(1, r) if cb[i + d] != cb[i] or tb[j + d] != tb[j]), r)
        if cb[i0] == cb[i] and tb[j0] != tb[j]:
            t = _back_into(j0, j, r, tb, eq, column=i)
            if t is not None:
                pj[k : k + r] = np.arange(t, t + r)
        elif tb[j0] == tb[j] and cb[i0] != cb[i]:
            c = _back_into(i0, i, r, cb, eq, token=j)
            if c is not None:
                pi[k : k + r] = np.arange(c, c + r)
        k += r


def _back_into(
    prev: int,
    here: int,
    r: int,
    block: IntArray,
    eq: Eq,
    *,
    column: int | None = None,
    token: int | None = None,
) -> int | None:
    """The first place after ``prev`` (within :data:`BLOCK_REACH`) still in ``prev``'s block,
    with room for a run of ``r`` before ``here``, where the run matches; None if there is
    none.  One side of :func:`pull_into_blocks`: the places are tokens (the run stays at
    ``column``) or columns (the run keeps its ``token``)."""
    for p in range(prev + 1, min(here, prev + 1 + BLOCK_REACH)):
        if block[p] != block[prev] or p + r > here:
            return None
        i, j = (column, p) if column is not None else (p, token)
        assert j is not None
        if all(eq(i + d, j + d) for d in range(r)):
            return p
    return None


def _follow(pi: IntArray, pj: IntArray, p: int, eq: Eq, stay: _Blocks) -> None:
    """After a shift opened a gap before match ``p + 1``, let the matches before it follow."""
    while p >= 0:
        i, j = int(pi[p]), int(pj[p])
        ni, nj = int(pi[p + 1]), int(pj[p + 1])
        if nj == j + 1 and ni > i + 1 and eq(ni - 1, j) and not stay.cols(j, i, ni - 1):
            pi[p] = ni - 1
        elif ni == i + 1 and nj > j + 1 and eq(i, nj - 1) and not stay.toks(i, j, nj - 1):
            pj[p] = nj - 1
        else:
            break
        p -= 1


def attract_to_lacunae(
    pi: IntArray,
    pj: IntArray,
    ncols: int,
    lacunae: Sequence[tuple[int, int]],
    eq: Eq,
) -> None:
    """Slide the matched runs beside the witness's lacunae away from them.

    ``lacunae`` are the witness's ``(position, end)`` token ranges (``position == end`` for
    a zero-width gap).  The run of matches that starts right after a lacuna moves to the
    last columns that match it before the next match; the run that ends right before one
    moves to the first columns after the previous match.  Both keep every match.
    """
    for position, end in lacunae:
        k = int(np.searchsorted(pj, end))
        if k < len(pj) and pj[k] == end:
            _slide_after(pi, pj, k, ncols, eq)
        k = int(np.searchsorted(pj, position)) - 1
        if position > 0 and k >= 0 and pj[k] == position - 1:
            _slide_before(pi, pj, k, eq)


def _run_forward(pi: IntArray, pj: IntArray, k: int) -> int:
    r = 1
    while k + r < len(pi) and pi[k + r] == pi[k] + r and pj[k + r] == pj[k] + r:
        r += 1
    return r


def _slide_after(pi: IntArray, pj: IntArray, k: int, ncols: int, eq: Eq) -> None:
    r = _run_forward(pi, pj, k)
    limit = int(pi[k + r]) if k + r < len(pi) else ncols
    start, tok = int(pi[k]), int(pj[k])
    for c in range(limit - r, max(start, limit - r - LACUNA_REACH), -1):
        if all(eq(c + d, tok + d) for d in range(r)):
            pi[k : k + r] = np.arange(c, c + r)
            return


def _slide_before(pi: IntArray, pj: IntArray, k: int, eq: Eq) -> None:
    r = 1
    while k - r >= 0 and pi[k - r] == pi[k] - r and pj[k - r] == pj[k] - r:
        r += 1
    first = k - r + 1
    limit = int(pi[first - 1]) + 1 if first > 0 else 0
    start, tok = int(pi[first]), int(pj[first])
    for c in range(limit, min(start, limit + LACUNA_REACH)):
        if all(eq(c + d, tok + d) for d in range(r)):
            pi[first : k + 1] = np.arange(c, c + r)
            return


#: How far (columns) a match may move to a column more witnesses share.
SUPPORT_REACH = 64


def prefer_support(pi: IntArray, pj: IntArray, seq: list[int], support: IntArray, has: Eq) -> None:
    """Move matches to equal columns that more witnesses share, where the gap allows.

    A token equal to two columns in the stretch it may stand in (between the neighbouring
    matches) should join the one most witnesses already agree on: the exact matching counts
    matches, not agreements, so it cannot see the difference.  ``has(c, x)`` tells whether
    column ``c`` holds id ``x``.
    """
    if len(pi) == 0 or int(support.max()) == int(support.min()):
        return
    ncols = len(support)
    lo_arr = np.concatenate(([-1], pi[:-1])) + 1
    hi_arr = np.append(pi[1:], ncols)
    cand = np.flatnonzero((hi_arr - lo_arr) > 1)
    for k in cand.tolist():
        i, x = int(pi[k]), seq[int(pj[k])]
        lo = max(int(pi[k - 1]) + 1 if k else 0, i - SUPPORT_REACH)
        hi = min(int(pi[k + 1]) if k + 1 < len(pi) else ncols, i + SUPPORT_REACH + 1)
        best, best_sup = i, int(support[i])
        for c in range(lo, hi):
            if int(support[c]) > best_sup and has(c, x):
                best, best_sup = c, int(support[c])
        pi[k] = best
