"""Exact matching of two id sequences: an LCS where affordable, anchored windows elsewhere.

The left side is a sequence of *columns*, the right side a witness's token ids.  A column
usually holds one id (``prim[i]``); a column of a growing collation that holds several
readings lists all its ids in ``multi[i]``.  A token matches a column when its id is one of
the column's ids.

The matching is order-preserving and, wherever it is affordable, a longest common
subsequence (LCS).  Work goes window by window, starting with the whole text:

1. the window's common prefix and suffix are matched (NumPy, in widths doubling from one
   item, so short and long agreements are both cheap);
2. a window of at most :data:`LCS_CELLS` cells gets an exact LCS (rapidfuzz's bit-parallel
   Indel), preferring words to punctuation among equally long ones
   (interedition/collatex#58, #69);
3. a larger window is cut at anchors (:mod:`._anchors`: k-grams occurring equally often on
   both sides, chained in order) and each stretch between two anchors is a new window (their
   prefixes and suffixes matched all at once: thousands of short edits on a repetitive text);
4. a window where anchors cover little (texts unrelated there) gets an exact LCS up to
   :data:`UNRELATED_LCS_CELLS`; a larger one is matched along its diagonal by overlapping
   pieces of bounded size, as a banded LCS would.

No step is quadratic in more than a bounded window, so time grows near-linearly.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

import numpy as np
import numpy.typing as npt
from rapidfuzz.distance import Indel

from ._anchors import Runs, chain_runs, kgram_pairs, pairs_to_runs

__all__ = ["LCS_CELLS", "IntArray", "Matches", "match_exact"]

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

#: Windows up to this many cells (n * m) get an exact LCS (about 10 ms here).
LCS_CELLS = 25_000_000
#: Where anchors find the sides unrelated, an exact LCS still runs up to this many cells
#: (about 10,000 x 10,000 tokens, some 50 ms here); beyond, the diagonal is matched piecewise.
UNRELATED_LCS_CELLS = 100_000_000
#: The k of the k-gram anchors tried first; single ids are tried when these give too little.
ANCHOR_K = 4
#: Anchors must cover at least this share of the window's shorter side; below it the two
#: sides are taken to be unrelated there, and anchors would only drag the alignment off
#: its diagonal.
MIN_COVERAGE = 0.1
#: Anchor tiers, tried in turn until one covers enough: (k, leave out k-grams of
#: punctuation only, pair a k-gram found once on one side with its few copies on the other).
_TIERS = ((ANCHOR_K, True, False), (ANCHOR_K, True, True), (1, True, False), (1, False, True))
#: Cells of one piece when an unrelated window is matched along its diagonal.
SLIDE_CELLS = 4_000_000


class Window(NamedTuple):
    """Columns ``a0:a1`` against tokens ``b0:b1``."""

    a0: int
    a1: int
    b0: int
    b1: int


class Run(NamedTuple):
    """``length`` matches from column ``col`` and token ``tok`` on."""

    col: int
    tok: int
    length: int


class Matches(NamedTuple):
    """Matched pairs: column ``cols[k]`` with token ``toks[k]``, increasing on both sides."""

    cols: IntArray
    toks: IntArray


class _Matcher:
    def __init__(
        self,
        prim: IntArray,
        multi: Mapping[int, tuple[int, ...]],
        seq: IntArray,
        weak: BoolArray,
    ) -> None:
        self.prim_np = prim
        self.seq_np = seq
        self.multi = multi
        self.multi_keys = np.array(sorted(multi), dtype=np.int64)
        self.multi_mask = np.zeros(len(prim), dtype=np.bool_)
        self.multi_mask[self.multi_keys] = True
        self.weak = weak
        self.weak_set = set(np.flatnonzero(weak).tolist())
        # matched runs: single runs as Python ints, anchor runs as arrays
        self.ra: list[int] = []
        self.rb: list[int] = []
        self.rl: list[int] = []
        self.chunks: list[Runs] = []

    def emit(self, i: int, j: int, length: int) -> None:
        self.ra.append(i)
        self.rb.append(j)
        self.rl.append(length)

    # -- 1. common prefix and suffix -------------------------------------------------------
    def trim(self, w: Window) -> Window:
        """Match the window's common prefix and suffix; the window that remains."""
        one = [np.array([x], dtype=np.int64) for x in w]
        a0, a1, b0, b1 = (int(x[0]) for x in self._trim_all(*one))
        return Window(a0, a1, b0, b1)

    def _trim_all(
        self, a0: IntArray, a1: IntArray, b0: IntArray, b1: IntArray
    ) -> tuple[IntArray, IntArray, IntArray, IntArray]:
        """Match the common prefix and suffix of many windows at once; what remains."""
        k = self._common(a0, b0, np.minimum(a1 - a0, b1 - b0), +1)
        self._emit_all(a0, b0, k)
        a0, b0 = a0 + k, b0 + k
        k = self._common(a1 - 1, b1 - 1, np.minimum(a1 - a0, b1 - b0), -1)
        a1, b1 = a1 - k, b1 - k
        self._emit_all(a1, b1, k)
        return a0, a1, b0, b1

    def _common(self, a: IntArray, b: IntArray, n: IntArray, step: int) -> IntArray:
        """How many items match from columns ``a`` and tokens ``b`` on (``step`` +1) or back
        (-1), at most ``n``: the common prefixes or suffixes of many windows at once.

        Each round compares the windows still agreeing over twice the width of the round
        before (1, 2, 4... items), so a window costs about twice its agreement.
        """
        prim, seq = self.prim_np, self.seq_np
        k = np.zeros(len(a), dtype=np.int64)
        live = np.flatnonzero(n > 0)
        width = 1
        while live.size:
            rest = n[live] - k[live]
            width = min(width, int(rest.max()))
            d = np.arange(width, dtype=np.int64)
            off = step * (k[live, None] + d)
            inside = d < rest[:, None]
            ia = np.clip(a[live, None] + off, 0, len(prim) - 1)
            ib = np.clip(b[live, None] + off, 0, len(seq) - 1)
            ok = (prim[ia] == seq[ib]) & inside
            if self.multi:  # a column with several readings may still match
                for r, c in zip(*np.nonzero(~ok & inside & self.multi_mask[ia]), strict=True):
                    ok[r, c] = int(seq[ib[r, c]]) in self.multi[int(ia[r, c])]
            full = ok.all(axis=1)
            first = np.where(full, width, ok.argmin(axis=1))
            k[live] += first
            live = live[full & (k[live] < n[live])]
            width *= 2
        return k

    def _emit_all(self, a: IntArray, b: IntArray, length: IntArray) -> None:
        """Emit the runs of positive length among these."""
        sel = np.flatnonzero(length)
        if sel.size:
            self.chunks.append(Runs(a[sel], b[sel], length[sel]))

    # -- 2. exact LCS ----------------------------------------------------------------------
    def lcs_runs(self, w: Window) -> list[Run]:
        """An exact LCS of the window as runs ``(column, token, length)``.

        Among LCSs it prefers one that matches words first and punctuation in the stretches
        the words leave (punctuation must not pull words out of place), as long as that
        costs no match.
        """
        a0, b0 = w.a0, w.b0
        left, right = self._left(w), self.seq_np[b0 : w.b1].tolist()
        plain = _equal_runs(left, right, a0, b0)
        weak = self.weak_set
        if not (weak and any(x in weak for x in right) and any(x in weak for x in left)):
            return plain
        lw = [x if x not in weak else -1 - k for k, x in enumerate(left)]
        rw = [x if x not in weak else -(len(left) + 1) - k for k, x in enumerate(right)]
        words: list[Run] = []
        pa = pb = 0
        for op in Indel.opcodes(lw, rw):
            if op.tag == "equal":
                words += _equal_runs(
                    left[pa : op.src_start], right[pb : op.dest_start], a0 + pa, b0 + pb
                )
                words.append(Run(a0 + op.src_start, b0 + op.dest_start, op.src_end - op.src_start))
                pa, pb = op.src_end, op.dest_end
        words += _equal_runs(left[pa:], right[pb:], a0 + pa, b0 + pb)
        if sum(r.length for r in words) >= sum(r.length for r in plain):
            return words
        return plain

    def _left(self, w: Window) -> list[int]:
        """The columns' ids, a column with several readings showing the one the tokens have."""
        left: list[int] = self.prim_np[w.a0 : w.a1].tolist()
        if self.multi:
            lo, hi = np.searchsorted(self.multi_keys, [w.a0, w.a1])
            if hi > lo:
                present = set(self.seq_np[w.b0 : w.b1].tolist())
                for c in self.multi_keys[lo:hi].tolist():
                    for x in self.multi[c]:
                        if x in present:
                            left[c - w.a0] = x
                            break
        return left

    # -- 3. anchors ------------------------------------------------------------------------
    def skeleton(self, w: Window) -> Runs | None:
        """Chained anchor runs covering enough of the window, or None (unrelated sides)."""
        a0, a1, b0, b1 = w
        need = MIN_COVERAGE * min(a1 - a0, b1 - b0)
        a, b = self.prim_np[a0:a1], self.seq_np[b0:b1]
        for k, weak, dup in _TIERS:
            if k == 1:
                a_ids, a_pos = self._column_ids(w)
                pa, pb = kgram_pairs(a_ids, b, 1, self.weak if weak else None, dup)
                pa = a_pos[pa]
            else:
                pa, pb = kgram_pairs(a, b, k, self.weak if weak else None, dup)
            if len(pa) == 0:
                continue
            runs = chain_runs(pairs_to_runs(pa, pb, k))
            if runs.total >= need:
                return Runs(runs.a + a0, runs.b + b0, runs.length)
        return None

    def _column_ids(self, w: Window) -> tuple[IntArray, IntArray]:
        """Every id of the window's columns, with its column (window-relative)."""
        ids = self.prim_np[w.a0 : w.a1]
        pos = np.arange(w.a1 - w.a0, dtype=np.int64)
        if self.multi:
            lo, hi = np.searchsorted(self.multi_keys, [w.a0, w.a1])
            keys = self.multi_keys[lo:hi]
            extra = [
                (c - w.a0, x)
                for c, p in zip(keys.tolist(), self.prim_np[keys].tolist(), strict=True)
                for x in self.multi[c]
                if x != p
            ]
            if extra:
                ep, ex = zip(*extra, strict=True)
                ids = np.concatenate((ids, np.array(ex, dtype=np.int64)))
                pos = np.concatenate((pos, np.array(ep, dtype=np.int64)))
        return ids, pos

    def gaps(self, w: Window, runs: Runs) -> list[Window]:
        """The stretches between consecutive anchor runs, trimmed, that could still hold
        matches: those small enough are matched at once, the others are returned.

        A window after anchors is mostly a short edit: its common prefix and suffix (the
        k-gram's tail past the last anchor, typically) are matched for all the stretches
        at once, in NumPy, instead of window by window.
        """
        lo_a = np.concatenate(([w.a0], runs.a + runs.length))
        hi_a = np.append(runs.a, w.a1)
        lo_b = np.concatenate(([w.b0], runs.b + runs.length))
        hi_b = np.append(runs.b, w.b1)
        sel = np.flatnonzero((hi_a > lo_a) & (hi_b > lo_b))
        lo_a, hi_a, lo_b, hi_b = lo_a[sel], hi_a[sel], lo_b[sel], hi_b[sel]
        lo_a, hi_a, lo_b, hi_b = self._trim_all(lo_a, hi_a, lo_b, hi_b)
        na, nb = hi_a - lo_a, hi_b - lo_b
        # a 1 x 1 window left after trimming is a substitution: no match
        sel = np.flatnonzero((na > 0) & (nb > 0) & ((na > 1) | (nb > 1)))
        small = na[sel] * nb[sel] <= LCS_CELLS
        out: list[Window] = []
        for t, a0, a1, b0, b1 in zip(
            small.tolist(),
            lo_a[sel].tolist(),
            hi_a[sel].tolist(),
            lo_b[sel].tolist(),
            hi_b[sel].tolist(),
            strict=True,
        ):
            if t:
                for run in self.lcs_runs(Window(a0, a1, b0, b1)):
                    self.emit(*run)
            else:
                out.append(Window(a0, a1, b0, b1))
        return out

    # -- 4. unrelated stretches ------------------------------------------------------------
    def slide(self, w: Window) -> None:
        """Match a large window without anchors piece by piece along its diagonal.

        Each piece (about :data:`SLIDE_CELLS` cells, in the window's proportions) gets an
        exact LCS; the matches in its first half on both sides are kept and the next piece
        starts after the last of them, so pieces overlap and no boundary cuts the path.
        """
        a0, a1, b0, b1 = w
        while a1 > a0 and b1 > b0:
            n, m = a1 - a0, b1 - b0
            if n * m <= LCS_CELLS:
                for run in self.lcs_runs(Window(a0, a1, b0, b1)):
                    self.emit(*run)
                return
            scale = (SLIDE_CELLS / (n * m)) ** 0.5
            ea, eb = a0 + max(2, int(n * scale)), b0 + max(2, int(m * scale))
            half_a, half_b = a0 + (ea - a0) // 2, b0 + (eb - b0) // 2
            last_a, last_b = half_a - 1, half_b - 1
            found = False
            for i, j, ln in self.lcs_runs(Window(a0, ea, b0, eb)):
                take = min(ln, half_a - i, half_b - j)
                if take <= 0:
                    break
                self.emit(i, j, take)
                last_a, last_b, found = i + take - 1, j + take - 1, True
            if not found:
                last_a, last_b = half_a - 1, half_b - 1
            a0, b0 = last_a + 1, last_b + 1

    # -- driver ----------------------------------------------------------------------------
    def run(self) -> Matches:
        stack = [Window(0, len(self.prim_np), 0, len(self.seq_np))]
        while stack:
            w = self.trim(stack.pop())
            n, m = w.a1 - w.a0, w.b1 - w.b0
            if n == 0 or m == 0:
                continue
            if n * m <= LCS_CELLS:
                for run in self.lcs_runs(w):
                    self.emit(*run)
                continue
            runs = self.skeleton(w)
            if runs is None:
                if n * m <= UNRELATED_LCS_CELLS:
                    for run in self.lcs_runs(w):
                        self.emit(*run)
                else:
                    self.slide(w)
                continue
            self.chunks.append(runs)
            stack.extend(self.gaps(w, runs))
        return self._expand()

    def _expand(self) -> Matches:
        """The matched runs as sorted pairs (the runs, disjoint, sorted by column first)."""
        ra = np.concatenate([np.array(self.ra, dtype=np.int64), *(c.a for c in self.chunks)])
        rb = np.concatenate([np.array(self.rb, dtype=np.int64), *(c.b for c in self.chunks)])
        rl = np.concatenate([np.array(self.rl, dtype=np.int64), *(c.length for c in self.chunks)])
        order = np.argsort(ra, kind="stable")
        ra, rb, rl = ra[order], rb[order], rl[order]
        total = int(rl.sum())
        offs = np.arange(total, dtype=np.int64) - np.repeat(np.cumsum(rl) - rl, rl)
        return Matches(np.repeat(ra, rl) + offs, np.repeat(rb, rl) + offs)


def _equal_runs(left: list[int], right: list[int], a0: int, b0: int) -> list[Run]:
    """The equal blocks of an exact LCS of two id lists, as ``(column, token, length)``."""
    if not left or not right:
        return []
    return [
        Run(a0 + op.src_start, b0 + op.dest_start, op.src_end - op.src_start)
        for op in Indel.opcodes(left, right)
        if op.tag == "equal"
    ]


def match_exact(
    prim: IntArray,
    multi: Mapping[int, tuple[int, ...]],
    seq: IntArray,
    weak: BoolArray,
) -> Matches:
    """Exact matches of columns and tokens, increasing on both sides (before tie-breaking).

    ``prim[i]`` is column ``i``'s id, ``multi[i]`` all its ids when it has several;
    ``weak[x]`` marks ids (punctuation) that do not anchor and give way to words.
    """
    return _Matcher(prim, multi, seq, weak).run()
