"""The native aligner: progressive alignment of witnesses against a growing column profile.

Witnesses are aligned one at a time against the columns built so far.  Each step is an exact
matching (:func:`._pairwise.match_exact`: local anchors, LIS, bounded LCS), then transposition
detection on what is left unmatched (hashed n-grams: linear, so long moves cost nothing
quadratic), then, between two matched columns, near matching (a small dynamic program over
rapidfuzz similarities) and a CollateX-like forced match of what remains (mismatched tokens
between two matches share columns, left-aligned).

The witnesses are processed in a canonical order (longest first, then by their ``norm``
sequence), not the order given, so that the result does not depend on the order of the input
(up to row order): rows are emitted in the order given.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cmp_to_key, partial
from typing import Any

import numpy as np
import numpy.typing as npt
from rapidfuzz.distance import Indel

from ..model import FrozenMap, Witness
from ._build import build_collation
from ._gc import gc_paused
from ._pairwise import IntArray, match_exact
from ..model import Collation

__all__ = ["NEAR_THRESHOLD", "align_native"]

#: Minimum similarity (``Indel.normalized_similarity``, i.e. Levenshtein ``ratio``) for two
#: different norms to count as a near match (``Column.near``).
NEAR_THRESHOLD = 0.7
#: Near matching runs in a stretch between two exact matches of at most this many cells.
NEAR_CELLS = 4_096
#: Candidate positions kept per n-gram when looking for transpositions (repeats beyond are noise).
_NGRAM_CANDIDATES = 8

Progress = Callable[[int, int], None]


@dataclass
class _State:
    """The growing collation: columns of ids, and each processed witness's token → column.

    ``prim[c]`` is column ``c``'s first id, ``multi[c]`` all its ids when it holds several
    readings; ``tcol[c]`` its transposition id or -1.
    """

    prim: IntArray
    multi: dict[int, tuple[int, ...]]
    near: npt.NDArray[np.bool_]
    tcol: IntArray
    support: IntArray  # how many witnesses have tokens in each column
    pos: list[IntArray] = field(default_factory=list)  # per processed witness
    # transposition id -> sides, each an array of column indices
    trans: dict[int, list[IntArray]] = field(default_factory=dict)

    def ids(self, c: int) -> tuple[int, ...]:
        m = self.multi.get(c)
        return m if m is not None else (int(self.prim[c]),)


def _is_weak(norm: str) -> bool:
    return not any(ch.isalnum() for ch in norm)


def _near_pairs(
    rc: list[int],
    rw: list[int],
    cols: _ColumnView,
    seq: Sequence[int],
    norms: list[str],
) -> list[tuple[int, int, float]]:
    """Monotone pairs (index into rc, index into rw, similarity) maximizing total similarity.

    Similarity is ``Indel.normalized_similarity`` (python-Levenshtein's ``ratio``, which
    CollateX's near matching uses), with no cut-off: between two exact matches a token
    stands against the reading it most resembles (CollateX's near matching), and only pairs
    at or above ``threshold`` count as near matches (``Column.near``).
    """
    n, m = len(rc), len(rw)
    sim = [[0.0] * m for _ in range(n)]
    any_sim = False
    for a in range(n):
        col = cols[rc[a]]
        row = sim[a]
        for b in range(m):
            nb = norms[seq[rw[b]]]
            best = 0.0
            for x in col:
                s = Indel.normalized_similarity(norms[x], nb)
                if s > best:
                    best = s
            if best:
                row[b] = best
                any_sim = True
    if not any_sim:
        return []
    score = [[0.0] * (m + 1) for _ in range(n + 1)]
    for a in range(n - 1, -1, -1):
        sa, sa1, row = score[a], score[a + 1], sim[a]
        for b in range(m - 1, -1, -1):
            best = sa1[b] if sa1[b] >= sa[b + 1] else sa[b + 1]
            if row[b]:
                d = row[b] + sa1[b + 1]
                if d > best:
                    best = d
            sa[b] = best
    out: list[tuple[int, int, float]] = []
    a = b = 0
    while a < n and b < m:
        s = sim[a][b]
        if s and score[a][b] == s + score[a + 1][b + 1]:
            out.append((a, b, s))
            a += 1
            b += 1
        elif score[a][b] == score[a + 1][b]:
            a += 1
        else:
            b += 1
    return out


def _find_transpositions(
    st: _State,
    seq: IntArray,
    pi: IntArray,
    pj: IntArray,
    k: int,
    weak: npt.NDArray[np.bool_],
) -> list[tuple[int, int, int, int]]:
    """Blocks ``(col_start, col_end, tok_start, tok_end)`` that match exactly out of order.

    The unmatched columns' k-grams are hashed (a few candidate places per k-gram), the
    unmatched tokens' k-grams looked up and extended: linear in the unmatched text, so a
    paragraph moved across a whole book costs no more than one moved across a page.
    """
    ncols, nseq = len(st.prim), len(seq)
    ma = np.zeros(ncols, dtype=np.bool_)
    ma[pi] = True
    mb = np.zeros(nseq, dtype=np.bool_)
    mb[pj] = True
    free_c = np.flatnonzero(~ma)
    free_w = np.flatnonzero(~mb)
    if len(free_c) < k or len(free_w) < k:
        return []
    prim: list[int] = st.prim.tolist()
    seq_l: list[int] = seq.tolist()
    ma_l: list[bool] = ma.tolist()
    mb_l: list[bool] = mb.tolist()
    index: dict[tuple[int, ...], list[int]] = {}
    run = 0
    prev = -2
    for c in free_c.tolist():
        run = run + 1 if c == prev + 1 else 1
        prev = c
        if run >= k:
            start = c - k + 1
            key = tuple(prim[start : c + 1])
            lst = index.get(key)
            if lst is None:
                index[key] = [start]
            elif len(lst) < _NGRAM_CANDIDATES:
                lst.append(start)
    if not index:
        return []
    counts = np.bincount(seq)
    used_c = bytearray(ncols)
    blocks: list[tuple[int, int, int, int]] = []
    free_w_l: list[int] = free_w.tolist()
    nxt = 0  # tokens before this are consumed
    for j in free_w_l:
        if j < nxt or j + k > nseq or any(mb_l[j : j + k]):
            continue
        cands = index.get(tuple(seq_l[j : j + k]))
        if not cands:
            continue
        region_j = int(np.searchsorted(pj, j, side="right"))
        best_len, best_c = 0, -1
        for c in cands:
            if used_c[c] or int(np.searchsorted(pi, c, side="right")) == region_j:
                continue  # same stretch between matches: an alignment choice, not a move
            ln = 0
            while (
                c + ln < ncols
                and j + ln < nseq
                and not ma_l[c + ln]
                and not used_c[c + ln]
                and not mb_l[j + ln]
                and seq_l[j + ln] in st.ids(c + ln)
            ):
                ln += 1
            if ln > best_len:
                best_len, best_c = ln, c
        if best_len >= k and _substantive(seq[j : j + best_len], k, weak, counts):
            for c in range(best_c, best_c + best_len):
                used_c[c] = 1
            blocks.append((best_c, best_c + best_len, j, j + best_len))
            nxt = j + best_len
    return _join_blocks(blocks, ma, mb)


#: A block shorter than twice the minimum length must hold a word this rare in its witness
#: (or rarer): common phrases ("of the same species") recur by chance, not by a move.
_RARE_IN_WITNESS = 3


def _substantive(block: IntArray, k: int, weak: npt.NDArray[np.bool_], counts: IntArray) -> bool:
    """Whether an out-of-order block is evidence of a move rather than a chance recurrence."""
    if weak[block].all():
        return False
    if len(block) >= 2 * k:
        return True
    return bool((counts[block] <= _RARE_IN_WITNESS).any())


#: Blocks of one move separated by at most this many unmatched tokens (edits inside a moved
#: paragraph) are linked as one transposition.
_BLOCK_JOIN = 3


def _join_blocks(
    blocks: list[tuple[int, int, int, int]],
    ma: npt.NDArray[np.bool_],
    mb: npt.NDArray[np.bool_],
) -> list[tuple[int, int, int, int]]:
    """Join consecutive blocks of one moved passage that small edits split apart."""
    blocks.sort(key=lambda b: b[2])
    out: list[tuple[int, int, int, int]] = []
    for b in blocks:
        if out:
            c0, c1, j0, j1 = out[-1]
            if (
                0 <= b[0] - c1 <= _BLOCK_JOIN
                and 0 <= b[2] - j1 <= _BLOCK_JOIN
                and not ma[c1 : b[0]].any()
                and not mb[j1 : b[2]].any()
            ):
                out[-1] = (c0, b[1], j0, b[3])
                continue
        out.append(b)
    # a joined block must not take in columns another block links
    taken = np.zeros(len(ma), dtype=np.bool_)
    kept: list[tuple[int, int, int, int]] = []
    for b in out:
        if not taken[b[0] : b[1]].any():
            taken[b[0] : b[1]] = True
            kept.append(b)
    return kept


def _step(
    st: _State,
    seq: IntArray,
    norms: list[str],
    weak: npt.NDArray[np.bool_],
    *,
    near_match: bool,
    threshold: float,
    min_transposition: int | None,
    next_tid: list[int],
    matched: Callable[[], None] | None = None,
) -> None:
    """Align one more witness (ids ``seq``) against the columns and merge it in."""
    ncols, nseq = len(st.prim), len(seq)
    pi, pj = match_exact(st.prim, st.multi, seq, weak)
    if matched is not None:
        matched()
    _prefer_support(st, seq, pi, pj)
    blocks = (
        _find_transpositions(st, seq, pi, pj, min_transposition, weak) if min_transposition else []
    )
    reserved_c = np.zeros(ncols, dtype=np.bool_)
    moved_w = np.zeros(nseq, dtype=np.bool_)
    for c0, c1, j0, j1 in blocks:
        reserved_c[c0:c1] = True
        moved_w[j0:j1] = True

    # between two exact matches: near matches, then forced matches (left-aligned)
    ext_i = np.concatenate(([-1], pi, [ncols]))
    ext_j = np.concatenate(([-1], pj, [nseq]))
    both = np.flatnonzero((np.diff(ext_i) > 1) & (np.diff(ext_j) > 1))
    extra_i: list[int] = []
    extra_j: list[int] = []
    near_cols: list[int] = []
    cols_of = _ColumnView(st)
    seq_l: list[int] = seq.tolist()
    for g in both.tolist():
        lo_i, hi_i = int(ext_i[g]) + 1, int(ext_i[g + 1])
        lo_j, hi_j = int(ext_j[g]) + 1, int(ext_j[g + 1])
        rc = (np.flatnonzero(~reserved_c[lo_i:hi_i]) + lo_i).tolist()
        rw = (np.flatnonzero(~moved_w[lo_j:hi_j]) + lo_j).tolist()
        if not rc or not rw:
            continue
        anchors: list[tuple[int, int]] = []
        if near_match and len(rc) * len(rw) <= NEAR_CELLS:
            for a, b, sim in _near_pairs(rc, rw, cols_of, seq_l, norms):
                anchors.append((a, b))
                if sim >= threshold:
                    near_cols.append(rc[a])
        pa = pb = 0
        for a, b in [*anchors, (len(rc), len(rw))]:
            for d in range(min(a - pa, b - pb)):
                extra_i.append(rc[pa + d])
                extra_j.append(rw[pb + d])
            if a < len(rc):
                extra_i.append(rc[a])
                extra_j.append(rw[b])
            pa, pb = a + 1, b + 1
    ai = np.concatenate((pi, np.array(extra_i, dtype=np.int64)))
    aj = np.concatenate((pj, np.array(extra_j, dtype=np.int64)))
    order = np.argsort(ai, kind="stable")
    ai, aj = ai[order], aj[order]

    # merge: in each stretch, the old unassigned columns, then the witness's new columns,
    # then the assigned pair (vectorized: every element's new index is counted, not walked)
    assigned_w = np.zeros(nseq, dtype=np.bool_)
    assigned_w[aj] = True
    assigned_c = np.zeros(ncols, dtype=np.bool_)
    assigned_c[ai] = True
    free_w = np.flatnonzero(~assigned_w)
    gap_w = np.searchsorted(aj, free_w)
    gap_c = np.searchsorted(ai, np.arange(ncols))
    before = np.where(
        assigned_c,
        np.searchsorted(gap_w, gap_c, side="right"),
        np.searchsorted(gap_w, gap_c, side="left"),
    )
    remap = np.arange(ncols, dtype=np.int64) + before
    ai_ext = np.append(ai, ncols)
    new_free = ai_ext[gap_w] + np.arange(len(free_w), dtype=np.int64)
    total = ncols + len(free_w)
    wpos = np.empty(nseq, dtype=np.int64)
    wpos[aj] = remap[ai]
    wpos[free_w] = new_free

    prim = np.empty(total, dtype=np.int64)
    prim[remap] = st.prim
    prim[new_free] = seq[free_w]
    multi = {int(remap[c]): ids for c, ids in st.multi.items()}
    for k in np.flatnonzero(seq[aj] != st.prim[ai]).tolist():
        c, x = int(remap[ai[k]]), seq_l[int(aj[k])]
        ids = multi.get(c, (int(prim[c]),))
        if x not in ids:
            multi[c] = (*ids, x)
    near = np.zeros(total, dtype=np.bool_)
    near[remap] = st.near
    if near_cols:
        near[remap[np.array(near_cols, dtype=np.int64)]] = True
    tcol = np.full(total, -1, dtype=np.int64)
    tcol[remap] = st.tcol
    support = np.ones(total, dtype=np.int64)
    support[remap] = st.support
    support[remap[ai]] += 1

    # transpositions: remap existing sides, then link the new blocks
    for sides in st.trans.values():
        sides[:] = [remap[side] for side in sides]
    for c0, c1, j0, j1 in blocks:
        old_side = remap[c0:c1]
        new_side = wpos[j0:j1]
        existing = set(tcol[old_side].tolist())
        found = existing.pop() if len(existing) == 1 else -1
        if found >= 0:
            tid = found
            st.trans[tid].append(new_side)
        else:
            tid = next_tid[0]
            next_tid[0] += 1
            st.trans[tid] = [old_side, new_side]
            tcol[old_side] = tid
        tcol[new_side] = tid

    st.pos = [remap[p] for p in st.pos]
    st.pos.append(wpos)
    st.prim, st.multi, st.near, st.tcol, st.support = prim, multi, near, tcol, support


#: How far (columns) a match may move to a column more witnesses share.
_SUPPORT_REACH = 64


def _prefer_support(st: _State, seq: IntArray, pi: IntArray, pj: IntArray) -> None:
    """Move matches to equal columns that more witnesses share, where the gap allows.

    A token equal to two columns in the stretch it may stand in (between the neighbouring
    matches) should join the one most witnesses already agree on: the exact matching counts
    matches, not agreements, so it cannot see the difference.  From the second witness on.
    """
    sup = st.support
    if len(pi) == 0 or int(sup.max()) == int(sup.min()):
        return
    ncols = len(st.prim)
    lo_arr = np.concatenate(([-1], pi[:-1])) + 1
    hi_arr = np.append(pi[1:], ncols)
    cand = np.flatnonzero((hi_arr - lo_arr) > 1)
    for k in cand.tolist():
        i, x = int(pi[k]), int(seq[pj[k]])
        lo = max(int(pi[k - 1]) + 1 if k else 0, i - _SUPPORT_REACH)
        hi = min(int(pi[k + 1]) if k + 1 < len(pi) else ncols, i + _SUPPORT_REACH + 1)
        best, best_sup = i, int(sup[i])
        for c in range(lo, hi):
            if int(sup[c]) > best_sup and x in st.ids(c):
                best, best_sup = c, int(sup[c])
        pi[k] = best


class _ColumnView:
    """``view[c]``: the ids of column ``c`` (for the near-match scorer)."""

    def __init__(self, st: _State) -> None:
        self.st = st

    def __getitem__(self, c: int) -> tuple[int, ...]:
        return self.st.ids(c)


def _canonical_order(witnesses: Sequence[Witness]) -> list[int]:
    """Witness indices in an order that depends only on the witnesses' content and sigla.

    Longest first (the most text to anchor on), then by ``norm`` sequence (compared only
    when lengths tie), then by siglum.
    """

    def cmp(a: int, b: int) -> int:
        wa, wb = witnesses[a], witnesses[b]
        if len(wa.tokens) != len(wb.tokens):
            return len(wb.tokens) - len(wa.tokens)
        for ta, tb in zip(wa.tokens, wb.tokens, strict=True):
            if ta.norm != tb.norm:
                return -1 if ta.norm < tb.norm else 1
        return (wa.siglum > wb.siglum) - (wa.siglum < wb.siglum)

    return sorted(range(len(witnesses)), key=cmp_to_key(cmp))


def align_native(
    witnesses: Sequence[Witness],
    *,
    near_match: bool = True,
    near_threshold: float = NEAR_THRESHOLD,
    transpositions: bool = True,
    min_transposition: int = 4,
    progress: Progress | None = None,
    options: dict[str, Any] | None = None,
) -> Collation:
    """Align validated witnesses (unique sigla) into a :class:`Collation`."""
    with gc_paused():
        return _align_native(
            witnesses,
            near_match=near_match,
            near_threshold=near_threshold,
            transpositions=transpositions,
            min_transposition=min_transposition,
            progress=progress,
            options=options,
        )


def _align_native(
    witnesses: Sequence[Witness],
    *,
    near_match: bool,
    near_threshold: float,
    transpositions: bool,
    min_transposition: int,
    progress: Progress | None,
    options: dict[str, Any] | None,
) -> Collation:
    nw = len(witnesses)
    opts = FrozenMap(dict(options or {}))
    if nw == 0:
        return Collation(witnesses=(), columns=(), engine="native", options=opts)
    ids: dict[str, int] = {}
    seqs: list[list[int]] = []
    for w in witnesses:
        seqs.append([ids.setdefault(t.norm, len(ids)) for t in w.tokens])
    norms = list(ids)
    weak = np.array([_is_weak(nm) for nm in norms], dtype=np.bool_)
    order = _canonical_order(witnesses)
    total = sum(len(s) for s in seqs)
    done = 0

    first = np.array(seqs[order[0]], dtype=np.int64)
    st = _State(
        prim=first,
        multi={},
        near=np.zeros(len(first), dtype=np.bool_),
        tcol=np.full(len(first), -1, dtype=np.int64),
        support=np.ones(len(first), dtype=np.int64),
        pos=[np.arange(len(first), dtype=np.int64)],
    )

    # progress: tokens aligned so far, scaled so that building the table is the last tenth
    def report(tokens_done: float) -> None:
        if progress is not None:
            progress(int(tokens_done * 0.9), total)

    done += len(first)
    report(done)
    next_tid = [0]
    for k in order[1:]:
        halfway = done + len(seqs[k]) / 2
        _step(
            st,
            np.array(seqs[k], dtype=np.int64),
            norms,
            weak,
            near_match=near_match,
            threshold=near_threshold,
            min_transposition=min_transposition if transpositions else None,
            next_tid=next_tid,
            matched=partial(report, halfway),
        )
        done += len(seqs[k])
        report(done)

    # rows in the order given
    rank = {k: n for n, k in enumerate(order)}
    pos_of = [st.pos[rank[r]].tolist() for r in range(nw)]
    tcol: list[int | None] = [None if t < 0 else t for t in st.tcol.tolist()]
    collation = build_collation(
        witnesses,
        pos_of,
        len(st.prim),
        near=st.near.tolist(),
        tcol=tcol,
        trans={tid: [side.tolist() for side in sides] for tid, sides in st.trans.items()},
        engine="native",
        options=opts,
    )
    if progress is not None:
        progress(total, total)
    return collation
