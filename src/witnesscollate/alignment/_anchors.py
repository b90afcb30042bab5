"""Anchors for the exact matcher: runs of k-grams that correspond, chained in order.

A window too large for an exact LCS is cut at *anchors*: places where both sides surely
correspond.  An anchor is a k-gram (k consecutive ids) that occurs the same number of times
on both sides of the window, at most :data:`RARE` times: its first occurrence on one side is
paired with its first on the other, its second with its second, and so on.  Counting whole
k-grams rather than single words is what keeps a text that repeats itself (a chapter printed
three times, each copy with its own edits) from being matched crosswise: a word that survives
in a different copy on each side is unique on both sides, a 4-gram that ran across an edit in
two of three copies on both sides is not.  A k-gram that occurs once on one side and a few
times on the other (a document printed twice in one volume) is paired with every occurrence.

The pairs are merged into runs along their diagonals, and the heaviest chain of runs
increasing on both sides is kept (a weighted longest increasing subsequence): an anchor that
crosses the others loses against the many that agree.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import numpy.typing as npt

__all__ = ["Runs", "chain_runs", "kgram_pairs", "pairs_to_runs"]

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

#: A k-gram anchors when it occurs equally often on both sides, at most this many times.
RARE = 16
#: A k-gram occurring once on one side anchors against at most this many occurrences.
DUPLICATES = 4

_MULT = np.uint64(0x9E3779B97F4A7C15)


class Runs(NamedTuple):
    """Runs of matches: ``a[r] + d`` matches ``b[r] + d`` for ``d < length[r]``."""

    a: IntArray
    b: IntArray
    length: IntArray

    @property
    def total(self) -> int:
        return int(self.length.sum())


def _hashes(ids: IntArray, k: int) -> npt.NDArray[np.uint64]:
    """A 64-bit hash of each k-gram of ``ids`` (length ``len(ids) - k + 1``)."""
    n = len(ids) - k + 1
    u: npt.NDArray[np.uint64] = ids.astype(np.uint64)
    h: npt.NDArray[np.uint64] = u[:n].copy()
    for t in range(1, k):
        h *= _MULT
        h ^= u[t : t + n]
    return h


class _Occurrences(NamedTuple):
    """The distinct k-grams of one side (``keys``, sorted) and where each occurs:
    ``order[start[g] : start[g] + counts[g]]`` are k-gram ``g``'s positions, increasing."""

    keys: npt.NDArray[np.uint64]
    start: IntArray
    counts: IntArray
    order: IntArray


def _occurrences(h: npt.NDArray[np.uint64], shift: int) -> _Occurrences:
    """Group positions by hash with one unstable sort: the low ``shift`` bits of each key
    hold the position (so equal hashes come out in position order), the rest the hash."""
    n = len(h)
    low = np.uint64((1 << shift) - 1)
    key = ((h >> np.uint64(shift)) << np.uint64(shift)) | np.arange(n, dtype=np.uint64)
    key.sort()
    order = (key & low).astype(np.int64)
    grp = key >> np.uint64(shift)
    first = np.ones(n, dtype=np.bool_)
    first[1:] = grp[1:] != grp[:-1]
    start = np.flatnonzero(first)
    counts = np.diff(np.append(start, n))
    return _Occurrences(grp[start], start, counts, order)


def kgram_pairs(
    a: IntArray, b: IntArray, k: int, weak: BoolArray | None, duplicates: bool = False
) -> tuple[IntArray, IntArray]:
    """Anchor pairs ``(pa, pb)``: k-grams at ``a[pa:pa+k]`` and ``b[pb:pb+k]`` that correspond.

    ``weak`` (optional) marks ids that cannot anchor alone: k-grams made only of them are
    left out.  With ``duplicates``, a k-gram found once on one side is also paired with each
    of its few occurrences on the other.
    """
    if len(a) < k or len(b) < k:
        return _EMPTY, _EMPTY
    ha, hb = _hashes(a, k), _hashes(b, k)
    if weak is not None:  # weak-only k-grams get placeholders that differ between sides
        ha[_all_weak(a, k, weak)] = np.uint64(0)
        hb[_all_weak(b, k, weak)] = np.uint64(1 << 63)
    shift = max(len(ha), len(hb)).bit_length()
    occ_a, occ_b = _occurrences(ha, shift), _occurrences(hb, shift)
    at = np.searchsorted(occ_b.keys, occ_a.keys)
    at = np.minimum(at, len(occ_b.keys) - 1)
    hit = occ_b.keys[at] == occ_a.keys
    ia, ib = np.flatnonzero(hit), at[hit]
    na, nb = occ_a.counts[ia], occ_b.counts[ib]
    equal = (na == nb) & (na <= RARE)
    dup = ~equal & (np.minimum(na, nb) == 1) & (np.maximum(na, nb) <= DUPLICATES) & duplicates
    # equal counts: the d-th occurrence with the d-th
    e_a, e_b, e_n = occ_a.start[ia[equal]], occ_b.start[ib[equal]], na[equal]
    offs = _offsets(e_n)
    pa_eq = occ_a.order[np.repeat(e_a, e_n) + offs]
    pb_eq = occ_b.order[np.repeat(e_b, e_n) + offs]
    # one against a few: every pairing
    d_a, d_b, d_na, d_nb = occ_a.start[ia[dup]], occ_b.start[ib[dup]], na[dup], nb[dup]
    cross = d_na * d_nb
    offs = _offsets(cross)
    rep_nb = np.repeat(d_nb, cross)
    pa_dup = occ_a.order[np.repeat(d_a, cross) + offs // rep_nb]
    pb_dup = occ_b.order[np.repeat(d_b, cross) + offs % rep_nb]
    pa = np.concatenate((pa_eq, pa_dup))
    pb = np.concatenate((pb_eq, pb_dup))
    ok = np.ones(len(pa), dtype=np.bool_)
    for t in range(k):  # a hash collision must not become an anchor
        ok &= a[pa + t] == b[pb + t]
    return pa[ok], pb[ok]


_EMPTY = np.zeros(0, dtype=np.int64)


def _offsets(counts: IntArray) -> IntArray:
    """``0 .. c-1`` for each count ``c``, concatenated."""
    total = int(counts.sum())
    return np.arange(total, dtype=np.int64) - np.repeat(np.cumsum(counts) - counts, counts)


def _all_weak(ids: IntArray, k: int, weak: BoolArray) -> BoolArray:
    n = len(ids) - k + 1
    w: BoolArray = weak[ids]
    out: BoolArray = w[:n].copy()
    for t in range(1, k):
        out &= w[t : t + n]
    return out


def pairs_to_runs(pa: IntArray, pb: IntArray, k: int) -> Runs:
    """Merge k-gram pairs on one diagonal that touch or overlap into runs of matches."""
    if len(pa) == 0:
        return Runs(_EMPTY, _EMPTY, _EMPTY)
    diag = pb - pa
    span = int(pa.max()) + 1
    order = np.argsort((diag - int(diag.min())) * span + pa)
    pa, diag = pa[order], diag[order]
    brk = np.ones(len(pa), dtype=np.bool_)
    brk[1:] = (diag[1:] != diag[:-1]) | (pa[1:] - pa[:-1] > k)
    starts = np.flatnonzero(brk)
    ends = np.append(starts[1:], len(pa)) - 1
    ra = pa[starts]
    length = pa[ends] + k - ra
    rb = ra + diag[starts]
    order = np.argsort(ra * (int(rb.max()) + 1) + rb)
    return Runs(ra[order], rb[order], length[order])


def chain_runs(runs: Runs) -> Runs:
    """The heaviest chain of runs increasing on both sides (runs sorted by ``a``).

    Weighted by run length, so that one long block that crosses many short ones (a moved
    paragraph) is kept only if it holds more matches than they do.  A run compatible with
    every other run is in the heaviest chain, and splits the problem in two: the dynamic
    program runs only on the stretches of runs that conflict (usually none).
    """
    ra, rb, rl = runs = _drop_strays(runs)
    n = len(ra)
    if n <= 1:
        return runs
    ea, eb = ra + rl, rb + rl
    # clean: everything before it (in a) ends before it on both sides, everything after
    # starts after it on b
    before_a = np.concatenate(([np.iinfo(np.int64).min], np.maximum.accumulate(ea)[:-1]))
    before_b = np.concatenate(([np.iinfo(np.int64).min], np.maximum.accumulate(eb)[:-1]))
    after_b = np.append(np.minimum.accumulate(rb[::-1])[::-1][1:], np.iinfo(np.int64).max)
    after_a = np.append(ra[1:], np.iinfo(np.int64).max)
    clean = (before_a <= ra) & (before_b <= rb) & (eb <= after_b) & (ea <= after_a)
    if bool(clean.all()):
        return runs
    keep = clean.copy()
    dirty = np.flatnonzero(~clean)
    cuts = np.flatnonzero(np.diff(dirty) > 1) + 1
    for seg in np.split(dirty, cuts):
        sub = _heaviest_chain(ra[seg].tolist(), rb[seg].tolist(), rl[seg].tolist())
        keep[seg[sub]] = True
    return Runs(ra[keep], rb[keep], rl[keep])


#: Neighbours on each side whose diagonals a short run is checked against.
STRAY_WINDOW = 8
#: Runs at most this long, and farther than :data:`STRAY_OFFSET` from their neighbours'
#: median diagonal, are strays: a few words that recur by chance far away.
STRAY_LENGTH = 8
STRAY_OFFSET = 256


def _drop_strays(runs: Runs) -> Runs:
    """Leave out short runs far off the diagonal that the runs around them follow.

    Such a run (a 4-gram met once on each side, in unrelated places) would cross thousands
    of runs and send them all through the dynamic program, only to lose there; a long run,
    or one that its neighbours agree with (the far side of a long insertion), stays.
    """
    ra, rb, rl = runs
    n = len(ra)
    if n <= 2 * STRAY_WINDOW:
        return runs
    diag = rb - ra
    padded = np.pad(diag, STRAY_WINDOW, mode="edge")
    local = np.median(
        np.lib.stride_tricks.sliding_window_view(padded, 2 * STRAY_WINDOW + 1), axis=1
    )
    keep = (rl > STRAY_LENGTH) | (np.abs(diag - local) <= STRAY_OFFSET)
    if bool(keep.all()):
        return runs
    return Runs(ra[keep], rb[keep], rl[keep])


def _heaviest_chain(ra: list[int], rb: list[int], rl: list[int]) -> list[int]:
    """Indices of a maximum-weight chain: ``ra``/``rb`` increasing, runs not overlapping.

    Dynamic programming over the runs in ``a`` order; a run becomes a possible predecessor
    once the scan passes its end on ``a``, and the best predecessor ending at or before a
    run's start on ``b`` is found with a Fenwick tree of prefix maxima over ``b`` ends.
    The tree positions and the order in which runs become predecessors are counted in NumPy
    first; the scan is left with the tree.  A node's value never exceeds its parent's, so
    an update stops at the first node that already holds as much.
    """
    n = len(ra)
    a, b, ln = (np.array(x, dtype=np.int64) for x in (ra, rb, rl))
    ends_b = np.unique(b + ln)
    size = len(ends_b)
    slot: list[int] = np.searchsorted(ends_b, b + ln, side="right").tolist()
    below: list[int] = np.searchsorted(ends_b, b, side="right").tolist()
    by_end_a = np.argsort(a + ln, kind="stable")
    # how many runs end on a at or before each run's start (ra is sorted)
    ready: list[int] = np.searchsorted((a + ln)[by_end_a], a, side="right").tolist()
    order: list[int] = by_end_a.tolist()
    tree_val = [0] * (size + 1)
    tree_arg = [-1] * (size + 1)
    best = [0] * n
    back = [-1] * n
    p = 0
    for r in range(n):
        while p < ready[r]:
            q = order[p]
            p += 1
            v = best[q]
            i = slot[q]
            while i <= size and v > tree_val[i]:
                tree_val[i] = v
                tree_arg[i] = q
                i += i & -i
        i = below[r]
        val, arg = 0, -1
        while i > 0:
            if tree_val[i] > val:
                val, arg = tree_val[i], tree_arg[i]
            i -= i & -i
        best[r] = val + rl[r]
        back[r] = arg
    r = max(range(n), key=lambda x: (best[x], -x))
    out: list[int] = []
    while r >= 0:
        out.append(r)
        r = back[r]
    out.reverse()
    return out
