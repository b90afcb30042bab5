"""Exact matching of two id sequences in near-linear time: local anchors, LIS, bounded LCS.

The left side is a sequence of *columns*, the right side a witness's token ids.  A column
usually holds one id (``prim[i]``); a column of a growing collation that holds several
readings lists all its ids in ``multi[i]``.  A token matches a column when its id is one of
the column's ids.

Why this shape: globally unique words anchor long texts cheaply, but texts that repeat
themselves (formulae, a document printed twice) have few globally unique words.  So
uniqueness is recomputed *inside each window* between two anchors, rare words with equal
counts on both sides anchor when unique ones do not, and any quadratic step (an LCS by
rapidfuzz's bit-parallel Indel) is bounded in size; a window too large for it and without
anchors is cut along its diagonal.  Substantive tokens anchor before punctuation
(interedition/collatex#58, #69): the first anchor pass in a window ignores "weak" ids.
Large windows are counted with NumPy, small ones in plain Python (less overhead).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Mapping

import numpy as np
import numpy.typing as npt
from rapidfuzz.distance import Indel

__all__ = ["IntArray", "match_exact"]

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

#: Windows up to this many cells (n * m) are matched by an exact LCS.
LCS_CELLS = 4_000_000
#: Windows whose smaller side is at most this long go to the LCS directly (cheap, exact).
SMALL_SIDE = 48
#: Rare anchors: an id occurring the same number of times (at most this) on both sides.
RARE_MAX = 8
#: Side length of the diagonal pieces a huge anchorless window is cut into.
CHUNK = 1_500
#: Windows with more tokens than this (both sides together) are counted with NumPy.
NUMPY_WINDOW = 600


def _lis(pa: list[int], pb: list[int]) -> list[int]:
    """Indices of a longest chain increasing in ``pb`` (pairs already sorted by ``pa``)."""
    tails: list[int] = []
    tail_idx: list[int] = []
    back = [-1] * len(pb)
    for k, j in enumerate(pb):
        pos = bisect_left(tails, j)
        if pos == len(tails):
            tails.append(j)
            tail_idx.append(k)
        else:
            tails[pos] = j
            tail_idx[pos] = k
        back[k] = tail_idx[pos - 1] if pos else -1
    out: list[int] = []
    k = tail_idx[-1] if tail_idx else -1
    while k >= 0:
        out.append(k)
        k = back[k]
    out.reverse()
    return out


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
        self.prim: list[int] = prim.tolist()
        self.seq: list[int] = seq.tolist()
        self.multi = multi
        self.multi_keys = np.array(sorted(multi), dtype=np.int64)
        self.weak = weak
        self.weak_set = set(np.flatnonzero(weak).tolist())
        # matches, as runs: (column, token, length)
        self.ra: list[int] = []
        self.rb: list[int] = []
        self.rl: list[int] = []

    def eq(self, i: int, j: int) -> bool:
        b = self.seq[j]
        if self.prim[i] == b:
            return True
        m = self.multi.get(i)
        return m is not None and b in m

    def col_ids(self, i: int) -> tuple[int, ...]:
        m = self.multi.get(i)
        return m if m is not None else (self.prim[i],)

    def emit(self, i: int, j: int, length: int = 1) -> None:
        self.ra.append(i)
        self.rb.append(j)
        self.rl.append(length)

    # -- trimming --------------------------------------------------------------------------
    def common_prefix(self, a0: int, b0: int, n: int) -> int:
        """Length of the run of matches from ``(a0, b0)``, at most ``n``."""
        if n < 64:
            k = 0
            while k < n and self.eq(a0 + k, b0 + k):
                k += 1
            return k
        k = 0
        while k < n:
            diff = np.flatnonzero(self.prim_np[a0 + k : a0 + n] != self.seq_np[b0 + k : b0 + n])
            if diff.size == 0:
                return n
            k += int(diff[0])
            if not self.eq(a0 + k, b0 + k):  # a column with several readings may still match
                return k
            k += 1
        return n

    def common_suffix(self, a1: int, b1: int, n: int) -> int:
        k = 0
        while k < n and self.eq(a1 - 1 - k, b1 - 1 - k):
            k += 1
            if k == 64 and n > 128:
                seg_a = self.prim_np[a1 - n : a1 - k][::-1]
                seg_b = self.seq_np[b1 - n : b1 - k][::-1]
                diff = np.flatnonzero(seg_a != seg_b)
                if diff.size == 0:
                    return n
                k += int(diff[0])
        return k

    # -- anchors ---------------------------------------------------------------------------
    def anchors(
        self, a0: int, a1: int, b0: int, b1: int, rare: int, skip_weak: bool
    ) -> tuple[list[int], list[int]]:
        if (a1 - a0) + (b1 - b0) > NUMPY_WINDOW:
            return self.anchors_np(a0, a1, b0, b1, rare, skip_weak)
        seq, prim, multi, weak = self.seq, self.prim, self.multi, self.weak_set
        cnt_b: dict[int, int] = {}
        for j in range(b0, b1):
            x = seq[j]
            cnt_b[x] = cnt_b.get(x, 0) + 1
        cnt_a: dict[int, int] = {}
        for i in range(a0, a1):
            m = multi.get(i) if multi else None
            for x in m if m is not None else (prim[i],):
                if x in cnt_b:
                    cnt_a[x] = cnt_a.get(x, 0) + 1
        good = {
            x
            for x, c in cnt_a.items()
            if c <= rare and cnt_b[x] == c and not (skip_weak and x in weak)
        }
        if not good:
            return [], []
        pos_a: dict[int, list[int]] = {}
        for i in range(a0, a1):
            m = multi.get(i) if multi else None
            for x in m if m is not None else (prim[i],):
                if x in good:
                    pos_a.setdefault(x, []).append(i)
        pos_b: dict[int, list[int]] = {}
        for j in range(b0, b1):
            x = seq[j]
            if x in good:
                pos_b.setdefault(x, []).append(j)
        pairs: list[tuple[int, int]] = []
        for x, ia in pos_a.items():
            pairs.extend(zip(ia, pos_b[x], strict=True))
        pairs.sort()
        pa = [p[0] for p in pairs]
        pb = [p[1] for p in pairs]
        return self.chain(pa, pb)

    def anchors_np(
        self, a0: int, a1: int, b0: int, b1: int, rare: int, skip_weak: bool
    ) -> tuple[list[int], list[int]]:
        ids_a = self.prim_np[a0:a1]
        pos_a = np.arange(a0, a1, dtype=np.int64)
        if self.multi:
            lo, hi = np.searchsorted(self.multi_keys, [a0, a1])
            if hi > lo:
                extra_pos: list[int] = []
                extra_ids: list[int] = []
                for i in self.multi_keys[lo:hi].tolist():
                    for x in self.multi[i]:
                        if x != self.prim[i]:
                            extra_pos.append(i)
                            extra_ids.append(x)
                ids_a = np.concatenate([ids_a, np.array(extra_ids, dtype=np.int64)])
                pos_a = np.concatenate([pos_a, np.array(extra_pos, dtype=np.int64)])
        ids_b = self.seq_np[b0:b1]
        ua, ca = np.unique(ids_a, return_counts=True)
        ub, cb = np.unique(ids_b, return_counts=True)
        common, ia, ib = np.intersect1d(ua, ub, assume_unique=True, return_indices=True)
        ok = (ca[ia] == cb[ib]) & (ca[ia] <= rare)
        if skip_weak:
            ok &= ~self.weak[common]
        good = common[ok]
        if good.size == 0:
            return [], []
        ma = np.isin(ids_a, good)
        sa, qa = ids_a[ma], pos_a[ma]
        oa = np.lexsort((qa, sa))
        mb = np.isin(ids_b, good)
        sb = ids_b[mb]
        qb = np.flatnonzero(mb).astype(np.int64) + b0
        ob = np.argsort(sb, kind="stable")
        pa, pb = qa[oa], qb[ob]  # the k-th occurrence of an id in A with its k-th in B
        order = np.lexsort((pb, pa))
        pa, pb = pa[order], pb[order]
        return self.chain(pa.tolist(), pb.tolist())

    def chain(self, pa: list[int], pb: list[int]) -> tuple[list[int], list[int]]:
        """The longest chain of anchor pairs increasing on both sides (one per column)."""
        if self.multi and pa:  # a column holding two good ids could pair twice
            keep = [0] + [k for k in range(1, len(pa)) if pa[k] != pa[k - 1]]
            pa = [pa[k] for k in keep]
            pb = [pb[k] for k in keep]
        if all(pb[k] < pb[k + 1] for k in range(len(pb) - 1)) and all(
            pa[k] < pa[k + 1] for k in range(len(pa) - 1)
        ):
            return pa, pb
        idx = _lis(pa, pb)
        return [pa[k] for k in idx], [pb[k] for k in idx]

    # -- bounded LCS -----------------------------------------------------------------------
    def lcs(self, a0: int, a1: int, b0: int, b1: int) -> None:
        right = self.seq[b0:b1]
        left = self.prim[a0:a1]
        if self.multi:
            present = set(right)
            for k in range(a1 - a0):
                m = self.multi.get(a0 + k)
                if m is not None:
                    for x in m:
                        if x in present:
                            left[k] = x
                            break
        weak = self.weak_set
        if weak and any(x in weak for x in right) and any(x in weak for x in left):
            # substantive tokens first: punctuation cannot pull the alignment its way; it is
            # matched afterwards, inside the stretches the words leave
            lw = [x if x not in weak else -1 - k for k, x in enumerate(left)]
            rw = [x if x not in weak else -(len(left) + 1) - k for k, x in enumerate(right)]
            pa, pb = 0, 0
            for op in Indel.opcodes(lw, rw):
                if op.tag != "equal":
                    continue
                self._lcs_plain(
                    left[pa : op.src_start], right[pb : op.dest_start], a0 + pa, b0 + pb
                )
                self.emit(a0 + op.src_start, b0 + op.dest_start, op.src_end - op.src_start)
                pa, pb = op.src_end, op.dest_end
            self._lcs_plain(left[pa:], right[pb:], a0 + pa, b0 + pb)
            return
        self._lcs_plain(left, right, a0, b0)

    def _lcs_plain(self, left: list[int], right: list[int], a0: int, b0: int) -> None:
        if not left or not right:
            return
        for op in Indel.opcodes(left, right):
            if op.tag == "equal":
                self.emit(a0 + op.src_start, b0 + op.dest_start, op.src_end - op.src_start)

    # -- driver ----------------------------------------------------------------------------
    def run(self) -> tuple[IntArray, IntArray]:
        stack = [(0, len(self.prim), 0, len(self.seq))]
        emit = self.emit
        while stack:
            a0, a1, b0, b1 = stack.pop()
            k = self.common_prefix(a0, b0, min(a1 - a0, b1 - b0))
            if k:
                emit(a0, b0, k)
                a0 += k
                b0 += k
            k = self.common_suffix(a1, b1, min(a1 - a0, b1 - b0))
            if k:
                a1 -= k
                b1 -= k
                emit(a1, b1, k)
            n, m = a1 - a0, b1 - b0
            if n == 0 or m == 0:
                continue
            if min(n, m) <= SMALL_SIDE and n * m <= LCS_CELLS:
                self.lcs(a0, a1, b0, b1)
                continue
            pa, pb = self.anchors(a0, a1, b0, b1, 1, True)
            if not pa:
                pa, pb = self.anchors(a0, a1, b0, b1, 1, False)
            if not pa:
                pa, pb = self.anchors(a0, a1, b0, b1, RARE_MAX, False)
            if pa:
                ca, cb = a0, b0
                for i, j in zip(pa, pb, strict=True):
                    emit(i, j)
                    if i > ca and j > cb:
                        stack.append((ca, i, cb, j))
                    ca, cb = i + 1, j + 1
                if a1 > ca and b1 > cb:
                    stack.append((ca, a1, cb, b1))
                continue
            if n * m <= LCS_CELLS:
                self.lcs(a0, a1, b0, b1)
                continue
            # huge window, no anchors: cut along the diagonal into bounded pieces
            pieces = max(n, m) // CHUNK + 1
            for p in range(pieces):
                sa, ea = a0 + n * p // pieces, a0 + n * (p + 1) // pieces
                sb, eb = b0 + m * p // pieces, b0 + m * (p + 1) // pieces
                if ea > sa and eb > sb:
                    self.lcs(sa, ea, sb, eb)
        ra = np.array(self.ra, dtype=np.int64)
        rb = np.array(self.rb, dtype=np.int64)
        rl = np.array(self.rl, dtype=np.int64)
        # expand runs: run r contributes (ra[r] + d, rb[r] + d) for d < rl[r]
        offs = np.arange(int(rl.sum()), dtype=np.int64) - np.repeat(np.cumsum(rl) - rl, rl)
        pi = np.repeat(ra, rl) + offs
        pj = np.repeat(rb, rl) + offs
        order = np.argsort(pi, kind="stable")
        pi, pj = pi[order], pj[order]
        self.shift_right(pi, pj)
        return pi, pj

    def shift_right(self, pi: IntArray, pj: IntArray) -> None:
        """Move matches rightwards over one-sided gaps, so unmatched text stands leftmost.

        Between two equally long matchings the one that leaves the unmatched tokens in the
        left-most place is taken: CollateX's convention (peer README 3.2), and the one that
        keeps an added phrase together with the variant before it ("This very quick" /
        "That").  A match ``(i, j)`` followed by unmatched columns ``i+1 .. e-1`` only
        (no unmatched token) moves to ``(e-1, j)`` when column ``e-1`` matches token ``j``;
        likewise for unmatched tokens.  Right to left, so that gaps move on leftwards.  A
        match that ends a run of matches and would join no other run stays (``a g c t`` is
        kept together against ``a g a g c t a g t``).
        """
        n = len(pi)
        if n == 0:
            return
        ni_arr = np.append(pi[1:], len(self.prim))
        nj_arr = np.append(pj[1:], len(self.seq))
        # candidates: a one-sided gap right after the match
        cand = np.flatnonzero(
            ((ni_arr - pi > 1) & (nj_arr - pj == 1)) | ((ni_arr - pi == 1) & (nj_arr - pj > 1))
        )
        for k in cand[::-1].tolist():
            i, j = int(pi[k]), int(pj[k])
            ni = int(pi[k + 1]) if k + 1 < n else len(self.prim)
            nj = int(pj[k + 1]) if k + 1 < n else len(self.seq)
            if k and pi[k - 1] == i - 1 and pj[k - 1] == j - 1 and k + 1 == n:
                continue  # would break a run of matches and join none: keep the phrase whole
            if nj == j + 1 and ni > i + 1:
                if self.eq(ni - 1, j):
                    pi[k] = ni - 1
            elif ni == i + 1 and nj > j + 1 and self.eq(i, nj - 1):
                pj[k] = nj - 1
            # a shift opens a gap before this match: let the previous match follow it
            p = k - 1
            while p >= 0:
                i, j = int(pi[p]), int(pj[p])
                ni, nj = int(pi[p + 1]), int(pj[p + 1])
                if nj == j + 1 and ni > i + 1 and self.eq(ni - 1, j):
                    pi[p] = ni - 1
                elif ni == i + 1 and nj > j + 1 and self.eq(i, nj - 1):
                    pj[p] = nj - 1
                else:
                    break
                p -= 1


def match_exact(
    prim: IntArray,
    multi: Mapping[int, tuple[int, ...]],
    seq: IntArray,
    weak: BoolArray,
) -> tuple[IntArray, IntArray]:
    """Exact matches ``(pi[k], pj[k])`` of columns and tokens, increasing on both sides.

    ``prim[i]`` is column ``i``'s id, ``multi[i]`` all its ids when it has several;
    ``weak[x]`` marks ids (punctuation) that do not anchor a window while substantive ids can.
    """
    return _Matcher(prim, multi, seq, weak).run()
