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

from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from rapidfuzz.distance import Indel

from ..model import Witness
from ._build import build_collation
from ._pairwise import match_exact
from .collation import Collation

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
    """The growing collation: columns of ids, and each processed witness's token → column."""

    cols: list[tuple[int, ...]]
    prim: list[int]
    near: list[bool]
    tcol: list[int | None]
    pos: list[list[int]] = field(default_factory=list)  # per processed witness
    # transposition id -> sides, each a list of column indices
    trans: dict[int, list[list[int]]] = field(default_factory=dict)


def _is_weak(norm: str) -> bool:
    return not any(ch.isalnum() for ch in norm)


def _near_pairs(
    rc: list[int],
    rw: list[int],
    cols: list[tuple[int, ...]],
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
    seq: Sequence[int],
    pairs: list[tuple[int, int]],
    k: int,
    weak: set[int],
) -> list[tuple[int, int, int, int]]:
    """Blocks ``(col_start, col_end, tok_start, tok_end)`` that match exactly out of order."""
    ncols, nseq = len(st.cols), len(seq)
    ma = bytearray(ncols)
    mb = bytearray(nseq)
    for i, j in pairs:
        ma[i] = 1
        mb[j] = 1
    prim, cols = st.prim, st.cols
    index: dict[tuple[int, ...], list[int]] = {}
    run = 0
    for c in range(ncols):
        run = run + 1 if not ma[c] else 0
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
    pi = [p[0] for p in pairs]
    pj = [p[1] for p in pairs]
    used_c = bytearray(ncols)
    blocks: list[tuple[int, int, int, int]] = []
    j = 0
    while j + k <= nseq:
        if any(mb[j : j + k]):
            j += 1
            continue
        cands = index.get(tuple(seq[j : j + k]))
        best_len, best_c = 0, -1
        if cands:
            region_j = bisect_right(pj, j)
            for c in cands:
                if used_c[c] or bisect_right(pi, c) == region_j:
                    continue  # same stretch between matches: an alignment choice, not a move
                ln = 0
                while (
                    c + ln < ncols
                    and j + ln < nseq
                    and not ma[c + ln]
                    and not used_c[c + ln]
                    and not mb[j + ln]
                    and seq[j + ln] in cols[c + ln]
                ):
                    ln += 1
                if ln > best_len:
                    best_len, best_c = ln, c
        if best_len >= k and any(x not in weak for x in seq[j : j + best_len]):
            for c in range(best_c, best_c + best_len):
                used_c[c] = 1
            blocks.append((best_c, best_c + best_len, j, j + best_len))
            j += best_len
        else:
            j += 1
    return blocks


def _step(
    st: _State,
    seq: list[int],
    norms: list[str],
    weak: set[int],
    *,
    near_match: bool,
    threshold: float,
    min_transposition: int | None,
    next_tid: list[int],
) -> None:
    """Align one more witness (ids ``seq``) against the columns and merge it in."""
    cols, prim = st.cols, st.prim
    pairs = match_exact(cols, prim, seq, frozenset(weak))
    blocks = (
        _find_transpositions(st, seq, pairs, min_transposition, weak) if min_transposition else []
    )
    reserved_c = bytearray(len(cols))
    moved_w = bytearray(len(seq))
    for c0, c1, j0, j1 in blocks:
        for c in range(c0, c1):
            reserved_c[c] = 1
        for j in range(j0, j1):
            moved_w[j] = 1

    # assignment: token j -> column i (exact, near or forced); near flags
    assign: list[tuple[int, int]] = []
    near_cols: set[int] = set()
    prev_i, prev_j = -1, -1
    for i, j in [*pairs, (len(cols), len(seq))]:
        rc = [c for c in range(prev_i + 1, i) if not reserved_c[c]]
        rw = [t for t in range(prev_j + 1, j) if not moved_w[t]]
        if rc and rw:
            anchors: list[tuple[int, int]] = []
            if near_match and len(rc) * len(rw) <= NEAR_CELLS:
                for a, b, sim in _near_pairs(rc, rw, cols, seq, norms):
                    anchors.append((a, b))
                    if sim >= threshold:
                        near_cols.add(rc[a])
            pa = pb = 0
            for a, b in [*anchors, (len(rc), len(rw))]:
                # forced match, left-aligned, of what lies between two (near) matches
                for k in range(min(a - pa, b - pb)):
                    assign.append((rc[pa + k], rw[pb + k]))
                if a < len(rc):
                    assign.append((rc[a], rw[b]))
                pa, pb = a + 1, b + 1
        if i < len(cols):
            assign.append((i, j))
        prev_i, prev_j = i, j
    assign.sort()

    # merge: existing unassigned columns first, then the witness's new columns
    new_cols: list[tuple[int, ...]] = []
    new_prim: list[int] = []
    new_near: list[bool] = []
    new_tcol: list[int | None] = []
    remap = [0] * len(cols)
    wpos = [0] * len(seq)
    moved_at: dict[int, int] = {}  # token index -> block number
    for b_no, (_c0, _c1, j0, j1) in enumerate(blocks):
        for j in range(j0, j1):
            moved_at[j] = b_no
    new_side_cols: list[list[int]] = [[] for _ in blocks]

    def emit_old(c: int) -> None:
        remap[c] = len(new_cols)
        new_cols.append(cols[c])
        new_prim.append(prim[c])
        new_near.append(st.near[c])
        new_tcol.append(st.tcol[c])

    def emit_new(t: int) -> None:
        wpos[t] = len(new_cols)
        new_cols.append((seq[t],))
        new_prim.append(seq[t])
        new_near.append(False)
        new_tcol.append(None)
        b_no = moved_at.get(t)
        if b_no is not None:
            new_side_cols[b_no].append(len(new_cols) - 1)

    ci = tj = 0
    for i, j in [*assign, (len(cols), len(seq))]:
        while ci < i:
            emit_old(ci)
            ci += 1
        while tj < j:
            emit_new(tj)
            tj += 1
        if i < len(cols):
            emit_old(i)
            n = len(new_cols) - 1
            x = seq[j]
            if x not in new_cols[n]:
                new_cols[n] = (*new_cols[n], x)
            if i in near_cols:
                new_near[n] = True
            wpos[j] = n
            ci, tj = i + 1, j + 1

    # transpositions: remap existing sides, then link the new blocks
    for sides in st.trans.values():
        for side in sides:
            side[:] = [remap[c] for c in side]
    for b_no, (c0, c1, _j0, _j1) in enumerate(blocks):
        old_side = [remap[c] for c in range(c0, c1)]
        existing = {new_tcol[c] for c in old_side}
        found = existing.pop() if len(existing) == 1 else None
        if found is not None:
            tid = found
            st.trans[tid].append(new_side_cols[b_no])
        else:
            tid = next_tid[0]
            next_tid[0] += 1
            st.trans[tid] = [old_side, new_side_cols[b_no]]
            for c in old_side:
                new_tcol[c] = tid
        for c in new_side_cols[b_no]:
            new_tcol[c] = tid

    st.pos = [[remap[c] for c in p] for p in st.pos]
    st.pos.append(wpos)
    st.cols, st.prim, st.near, st.tcol = new_cols, new_prim, new_near, new_tcol


def _canonical_order(witnesses: Sequence[Witness]) -> list[int]:
    """Witness indices in an order that depends only on the witnesses' content and sigla."""
    return sorted(
        range(len(witnesses)),
        key=lambda k: (
            -len(witnesses[k].tokens),
            tuple(t.norm for t in witnesses[k].tokens),
            witnesses[k].siglum,
        ),
    )


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
    nw = len(witnesses)
    opts = MappingProxyType(dict(options or {}))
    if nw == 0:
        return Collation(witnesses=(), columns=(), engine="native", options=opts)
    ids: dict[str, int] = {}
    norms: list[str] = []
    seqs: list[list[int]] = []
    for w in witnesses:
        s = []
        for t in w.tokens:
            x = ids.get(t.norm)
            if x is None:
                x = ids[t.norm] = len(norms)
                norms.append(t.norm)
            s.append(x)
        seqs.append(s)
    weak = {x for x, nm in enumerate(norms) if _is_weak(nm)}
    order = _canonical_order(witnesses)
    total = sum(len(s) for s in seqs)
    done = 0

    first = seqs[order[0]]
    st = _State(
        cols=[(x,) for x in first],
        prim=list(first),
        near=[False] * len(first),
        tcol=[None] * len(first),
        pos=[list(range(len(first)))],
    )
    done += len(first)
    if progress is not None:
        progress(done, total)
    next_tid = [0]
    for k in order[1:]:
        _step(
            st,
            seqs[k],
            norms,
            weak,
            near_match=near_match,
            threshold=near_threshold,
            min_transposition=min_transposition if transpositions else None,
            next_tid=next_tid,
        )
        done += len(seqs[k])
        if progress is not None:
            progress(done, total)

    # rows in the order given
    rank = {k: n for n, k in enumerate(order)}
    pos_of = [st.pos[rank[r]] for r in range(nw)]
    return build_collation(
        witnesses,
        pos_of,
        len(st.cols),
        near=st.near,
        tcol=st.tcol,
        trans=st.trans,
        engine="native",
        options=opts,
    )
