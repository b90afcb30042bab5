"""Exact matching of two id sequences in near-linear time: local anchors, LIS, bounded LCS.

The left side is a sequence of *columns* (each a tuple of distinct token ids, since a column
of a growing collation may hold several readings), the right side a witness's token ids.  A
right token matches a column when its id is one of the column's ids.

Why this shape: globally unique words anchor long texts cheaply, but texts that repeat
themselves (formulae, a document printed twice) have few globally unique words.  So
uniqueness is recomputed *inside each window* between two anchors, rare words with equal
counts on both sides anchor when unique ones do not, and any quadratic step (an LCS by
rapidfuzz's bit-parallel Indel) is bounded in size; a window too large for it and without
anchors is cut along its diagonal.  Substantive tokens anchor before punctuation
(interedition/collatex#58, #69): the first anchor pass in a window ignores "weak" ids.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence

from rapidfuzz.distance import Indel

__all__ = ["match_exact"]

#: Windows up to this many cells (n * m) are matched by an exact LCS.
LCS_CELLS = 4_000_000
#: Windows whose smaller side is at most this long go to the LCS directly (cheap, exact).
SMALL_SIDE = 48
#: Rare anchors: an id occurring the same number of times (at most this) on both sides.
RARE_MAX = 8
#: Side length of the diagonal pieces a huge anchorless window is cut into.
CHUNK = 1_500


def _lis(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest chain of pairs increasing in both coordinates (pairs sorted by first)."""
    tails: list[int] = []  # smallest second coordinate ending a chain of length k+1
    tail_idx: list[int] = []
    back: list[int] = [-1] * len(pairs)
    for k, (_, j) in enumerate(pairs):
        pos = bisect_left(tails, j)
        if pos == len(tails):
            tails.append(j)
            tail_idx.append(k)
        else:
            tails[pos] = j
            tail_idx[pos] = k
        back[k] = tail_idx[pos - 1] if pos else -1
    out: list[tuple[int, int]] = []
    k = tail_idx[-1] if tail_idx else -1
    while k >= 0:
        out.append(pairs[k])
        k = back[k]
    out.reverse()
    return out


class _Matcher:
    def __init__(
        self,
        cols: Sequence[tuple[int, ...]],
        prim: Sequence[int],
        seq: Sequence[int],
        weak: frozenset[int],
    ) -> None:
        self.cols = cols
        self.prim = prim
        self.seq = seq
        self.weak = weak
        self.multi = any(len(c) > 1 for c in cols)
        self.pairs: list[tuple[int, int]] = []

    def eq(self, i: int, j: int) -> bool:
        b = self.seq[j]
        return self.prim[i] == b or (self.multi and b in self.cols[i])

    # -- anchors -------------------------------------------------------------------------
    def anchors(
        self, a0: int, a1: int, b0: int, b1: int, rare: int, skip_weak: bool
    ) -> list[tuple[int, int]]:
        cols, seq, weak = self.cols, self.seq, self.weak
        cnt_b: dict[int, int] = {}
        for j in range(b0, b1):
            x = seq[j]
            cnt_b[x] = cnt_b.get(x, 0) + 1
        cnt_a: dict[int, int] = {}
        if self.multi:
            for i in range(a0, a1):
                for x in cols[i]:
                    if x in cnt_b:
                        cnt_a[x] = cnt_a.get(x, 0) + 1
        else:
            prim = self.prim
            for i in range(a0, a1):
                x = prim[i]
                if x in cnt_b:
                    cnt_a[x] = cnt_a.get(x, 0) + 1
        good = {
            x
            for x, c in cnt_a.items()
            if c <= rare and cnt_b[x] == c and not (skip_weak and x in weak)
        }
        if not good:
            return []
        pos_a: dict[int, list[int]] = {}
        if self.multi:
            for i in range(a0, a1):
                for x in cols[i]:
                    if x in good:
                        pos_a.setdefault(x, []).append(i)
        else:
            prim = self.prim
            for i in range(a0, a1):
                x = prim[i]
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
        if self.multi:
            # a column holding two good ids could pair twice: keep one pair per column
            pairs.sort()
            dedup: list[tuple[int, int]] = []
            last = -1
            for p in pairs:
                if p[0] != last:
                    dedup.append(p)
                    last = p[0]
            pairs = dedup
        else:
            pairs.sort()
        return _lis(pairs)

    # -- bounded LCS ---------------------------------------------------------------------
    def lcs(self, a0: int, a1: int, b0: int, b1: int) -> None:
        seq = self.seq
        right = list(seq[b0:b1])
        if self.multi:
            present = set(right)
            left = []
            for i in range(a0, a1):
                c = self.cols[i]
                rep = c[0]
                if len(c) > 1:
                    for x in c:
                        if x in present:
                            rep = x
                            break
                left.append(rep)
        else:
            left = list(self.prim[a0:a1])
        out = self.pairs
        for op in Indel.opcodes(left, right):
            if op.tag == "equal":
                for k in range(op.src_end - op.src_start):
                    out.append((a0 + op.src_start + k, b0 + op.dest_start + k))

    # -- driver --------------------------------------------------------------------------
    def run(self) -> list[tuple[int, int]]:
        stack = [(0, len(self.cols), 0, len(self.seq))]
        out = self.pairs
        eq = self.eq
        while stack:
            a0, a1, b0, b1 = stack.pop()
            while a0 < a1 and b0 < b1 and eq(a0, b0):
                out.append((a0, b0))
                a0 += 1
                b0 += 1
            while a0 < a1 and b0 < b1 and eq(a1 - 1, b1 - 1):
                a1 -= 1
                b1 -= 1
                out.append((a1, b1))
            n, m = a1 - a0, b1 - b0
            if n == 0 or m == 0:
                continue
            if min(n, m) <= SMALL_SIDE and n * m <= LCS_CELLS:
                self.lcs(a0, a1, b0, b1)
                continue
            anchors = self.anchors(a0, a1, b0, b1, 1, True)
            if not anchors:
                anchors = self.anchors(a0, a1, b0, b1, 1, False)
            if not anchors:
                anchors = self.anchors(a0, a1, b0, b1, RARE_MAX, False)
            if anchors:
                pa, pb = a0, b0
                for i, j in anchors:
                    out.append((i, j))
                    if i > pa and j > pb:
                        stack.append((pa, i, pb, j))
                    pa, pb = i + 1, j + 1
                if a1 > pa and b1 > pb:
                    stack.append((pa, a1, pb, b1))
                continue
            if n * m <= LCS_CELLS:
                self.lcs(a0, a1, b0, b1)
                continue
            # huge window, no anchors: cut along the diagonal into bounded pieces
            pieces = max(n, m) // CHUNK + 1
            for k in range(pieces):
                sa, ea = a0 + n * k // pieces, a0 + n * (k + 1) // pieces
                sb, eb = b0 + m * k // pieces, b0 + m * (k + 1) // pieces
                if ea > sa and eb > sb:
                    self.lcs(sa, ea, sb, eb)
        out.sort()
        self.shift_right(out)
        return out

    def shift_right(self, pairs: list[tuple[int, int]]) -> None:
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
        n = len(pairs)
        end_i, end_j = len(self.cols), len(self.seq)
        for k in range(n - 1, -1, -1):
            i, j = pairs[k]
            ni, nj = pairs[k + 1] if k + 1 < n else (end_i, end_j)
            if k and pairs[k - 1] == (i - 1, j - 1) and k + 1 == n:
                continue  # would break a run of matches and join none: keep the phrase whole
            if nj == j + 1 and ni > i + 1:
                if self.eq(ni - 1, j):
                    pairs[k] = (ni - 1, j)
            elif ni == i + 1 and nj > j + 1 and self.eq(i, nj - 1):
                pairs[k] = (i, nj - 1)


def match_exact(
    cols: Sequence[tuple[int, ...]],
    prim: Sequence[int],
    seq: Sequence[int],
    weak: frozenset[int] = frozenset(),
) -> list[tuple[int, int]]:
    """Pairs ``(column, token)`` of exact matches, increasing in both coordinates.

    ``prim[i]`` is ``cols[i][0]`` (passed in so the common one-reading case stays fast);
    ``weak`` ids (punctuation) do not anchor a window while substantive ids can.
    """
    return _Matcher(cols, prim, seq, weak).run()
