"""Between two exact matches: near matches, then forced matches.

In each stretch between two exact matches (both sides non-empty, moved blocks left out),
initials written with spaces stand against the same initials written as one token first
(«M. V.», four tokens, against «M.V.» or «MV», one: :func:`initials`), the one token beside
the spaced initial next to it, so that the spaced ones stay together; then a token stands
against the reading it most resembles (near matching: a small dynamic program
over rapidfuzz's Indel similarity, Levenshtein ``ratio``, which CollateX's near matching
uses), and whatever remains is forced into shared columns, left-aligned, as in CollateX.

A lacuna of the witness inside or at the edge of a stretch splits it: the tokens before the
lacuna are forced from the left, those after it from the right, so that the columns the
witness cannot show stay beside its lacuna (and become lacuna cells), never beside a token
as an omission.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import NamedTuple

import numpy as np
import numpy.typing as npt
from rapidfuzz.distance import Indel
from rapidfuzz.process import cdist

from ._isolated import FAR

__all__ = ["INITIALS_MAX", "NEAR_CELLS", "Filled", "fill_between", "initials"]

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

#: Near matching runs in a stretch between two exact matches of at most this many cells.
NEAR_CELLS = 4_096
#: Letters of an initialism matched against spaced initials («R. S. F. S. R.»).
INITIALS_MAX = 6


class Filled(NamedTuple):
    """Pairs added between exact matches, and which of their columns are near matches."""

    cols: list[int]
    toks: list[int]
    near_cols: list[int]


class Stretch(NamedTuple):
    """The free columns and free tokens between two exact matches (``lead``: before the
    first match, ``trail``: after the last)."""

    cols: list[int]
    toks: list[int]
    lead: bool = False
    trail: bool = False


def stretches(
    pi: IntArray, pj: IntArray, ncols: int, nseq: int, reserved: BoolArray, moved: BoolArray
) -> list[Stretch]:
    """The stretches between consecutive matches where both sides have free items."""
    ext_i = np.concatenate(([-1], pi, [ncols]))
    ext_j = np.concatenate(([-1], pj, [nseq]))
    both = np.flatnonzero((np.diff(ext_i) > 1) & (np.diff(ext_j) > 1))
    lo_i, hi_i = (ext_i[both] + 1).tolist(), ext_i[both + 1].tolist()
    lo_j, hi_j = (ext_j[both] + 1).tolist(), ext_j[both + 1].tolist()
    # stretches that hold part of a moved block lose it; the others are whole ranges
    touched_c = set(np.searchsorted(ext_i, np.flatnonzero(reserved), side="right").tolist())
    touched_w = set(np.searchsorted(ext_j, np.flatnonzero(moved), side="right").tolist())
    out: list[Stretch] = []
    last = len(pi)
    for k, g in enumerate(both.tolist()):
        if g + 1 in touched_c or g + 1 in touched_w:
            rc = (np.flatnonzero(~reserved[lo_i[k] : hi_i[k]]) + lo_i[k]).tolist()
            rw = (np.flatnonzero(~moved[lo_j[k] : hi_j[k]]) + lo_j[k]).tolist()
            if rc and rw:
                out.append(Stretch(rc, rw, g == 0, g == last))
        else:
            cols, toks = list(range(lo_i[k], hi_i[k])), list(range(lo_j[k], hi_j[k]))
            out.append(Stretch(cols, toks, g == 0, g == last))
    return out


def fill_between(
    parts: Sequence[Stretch],
    column_ids: Callable[[int], tuple[int, ...]],
    seq: list[int],
    norms: list[str],
    lacuna_bounds: Sequence[int],
    *,
    near: bool,
    threshold: float,
    lead_from_right: bool = False,
    blocks: tuple[IntArray, IntArray] | None = None,
) -> Filled:
    """Near and forced pairs in each stretch.

    ``lacuna_bounds`` are the token positions where the witness has a lacuna (text before
    it ends at ``p - 1``, text after it starts at ``p``), sorted.  ``lead_from_right``: the
    stretch before the witness's first match is forced from the right, next to the match
    (:func:`_force_lead`), and near matches there stay within :data:`._isolated.FAR` of it;
    ``blocks`` (each column's and each token's block number) keeps that forcing inside the
    block of the match.
    """
    out = Filled([], [], [])
    for part in parts:
        one = len(part.cols) == 1 and len(part.toks) == 1 and not lacuna_bounds
        if one and _one_against_one(part, column_ids, seq, norms, near, threshold, out):
            continue
        if not lead_from_right:
            part = part._replace(lead=False)
        split = _lacuna_split(part, lacuna_bounds)
        if split is not None:
            _force_around(part, split, out)
            continue
        a = b = 0
        for a0, a1, b0, b1 in initials(part, column_ids, seq, norms):
            _near_and_forced(
                Stretch(part.cols[a:a0], part.toks[b:b0], part.lead and a == b == 0),
                column_ids,
                seq,
                norms,
                near,
                threshold,
                out,
                blocks,
            )
            # the one token stands beside the spaced initial next to it: the first of the
            # old columns (the rest follow it), the last of the new tokens (the rest precede
            # it), since a merge puts a stretch's old columns before its new ones
            out.cols.append(part.cols[a0])
            out.toks.append(part.toks[b1 - 1])
            a, b = a1, b1
        rest = Stretch(part.cols[a:], part.toks[b:], part.lead and a == b == 0, part.trail)
        _near_and_forced(rest, column_ids, seq, norms, near, threshold, out, blocks)
    return out


def _one_against_one(
    part: Stretch,
    column_ids: Callable[[int], tuple[int, ...]],
    seq: list[int],
    norms: list[str],
    near: bool,
    threshold: float,
    out: Filled,
) -> bool:
    """A one-reading column against one token (most substitutions), as
    :func:`_near_and_forced` places it, without its stages: the two stand together (lead or
    not, anchored or forced), a near match when similar enough.  False for a column with
    several readings (the general path takes it)."""
    c, j = part.cols[0], part.toks[0]
    ids = column_ids(c)
    if len(ids) != 1:
        return False
    out.cols.append(c)
    out.toks.append(j)
    if near:
        sim = Indel.normalized_similarity(norms[ids[0]], norms[seq[j]])
        if sim and sim >= threshold:
            out.near_cols.append(c)
    return True


def _near_and_forced(
    part: Stretch,
    column_ids: Callable[[int], tuple[int, ...]],
    seq: list[int],
    norms: list[str],
    near: bool,
    threshold: float,
    out: Filled,
    blocks: tuple[IntArray, IntArray] | None = None,
) -> None:
    """Near matches in a stretch (not too large), the rest forced between them."""
    if not part.cols or not part.toks:
        return
    anchors: list[tuple[int, int]] = []
    lead = part.lead and not part.trail
    if near and len(part.cols) * len(part.toks) <= NEAR_CELLS:
        for a, b, sim in near_pairs(part, column_ids, seq, norms):
            if lead and abs((len(part.cols) - a) - (len(part.toks) - b)) >= FAR:
                continue  # before the first match, far off its diagonal: isolated
            anchors.append((a, b))
            if sim >= threshold:
                out.near_cols.append(part.cols[a])
    if lead:
        _force_lead(part, anchors, out, blocks)
    else:
        _force_left(part, anchors, out)


def initials(
    part: Stretch,
    column_ids: Callable[[int], tuple[int, ...]],
    seq: list[int],
    norms: list[str],
) -> list[tuple[int, int, int, int]]:
    """Spaced initials against the same letters as one token, in a stretch: ``(a0, a1, b0,
    b1)``, ranges into ``part.cols`` and ``part.toks``, one of them one item long.

    The spaced side reads letter, full stop, letter, full stop... («M. V.»: norms ``m . v
    .``), the other one token whose norm is those letters (``mv``: «M.V.», whose norm drops
    the stops, or «MV»), two to :data:`INITIALS_MAX` of them.  Monotone and disjoint, first
    come first served.
    """
    if len(part.cols) < 4 and len(part.toks) < 4:
        return []  # a spaced run is at least four items («m . v .»): most stretches are less
    col_norms = [tuple(norms[x] for x in column_ids(c)) for c in part.cols]
    tok_norms = [(norms[seq[j]],) for j in part.toks]
    found: list[tuple[int, int, int, int]] = []
    for spaced, joined, flip in ((tok_norms, col_norms, False), (col_norms, tok_norms, True)):
        runs = _spaced_runs(spaced)
        if not runs:
            continue
        for i, forms in enumerate(joined):
            for form in forms:
                for p in runs.get(form, ()):
                    q = p + 2 * len(form)
                    found.append((p, q, i, i + 1) if flip else (i, i + 1, p, q))
    found.sort()
    out: list[tuple[int, int, int, int]] = []
    a = b = 0
    for a0, a1, b0, b1 in found:
        if a0 >= a and b0 >= b:
            out.append((a0, a1, b0, b1))
            a, b = a1, b1
    return out


def _spaced_runs(items: Sequence[tuple[str, ...]]) -> dict[str, list[int]]:
    """Where each run of spaced initials starts (``"mv"``: [3] for ``m . v .`` at 3)."""
    letter = [next((f for f in forms if len(f) == 1 and f.isalpha()), "") for forms in items]
    stop = ["." in forms for forms in items]
    runs: dict[str, list[int]] = {}
    n = len(items)
    for p in range(n - 3):
        letters = ""
        q = p
        while q + 1 < n and letter[q] and stop[q + 1] and len(letters) < INITIALS_MAX:
            letters += letter[q]
            q += 2
            if len(letters) >= 2:
                runs.setdefault(letters, []).append(p)
    return runs


def _lacuna_split(part: Stretch, bounds: Sequence[int]) -> int | None:
    """The index into ``part.toks`` where a lacuna splits the stretch, if one does."""
    if not bounds:
        return None
    lo, hi = part.toks[0], part.toks[-1] + 1
    k = int(np.searchsorted(np.asarray(bounds), lo))
    if k < len(bounds) and bounds[k] <= hi:
        return int(np.searchsorted(np.asarray(part.toks), bounds[k]))
    return None


def _force_around(part: Stretch, split: int, out: Filled) -> None:
    """Tokens before the lacuna from the left columns, those after it from the right."""
    before, after = part.toks[:split], part.toks[split:]
    left = min(len(before), len(part.cols))
    for d in range(left):
        out.cols.append(part.cols[d])
        out.toks.append(before[d])
    right = min(len(after), len(part.cols) - left)
    for d in range(1, right + 1):
        out.cols.append(part.cols[-d])
        out.toks.append(after[-d])


def _force_lead(
    part: Stretch,
    anchors: list[tuple[int, int]],
    out: Filled,
    blocks: tuple[IntArray, IntArray] | None = None,
) -> None:
    """Before a witness's first match: the tokens before the first anchor stand against the
    columns just before it (from the right, no gap between them and the match), the rest as
    :func:`_force_left` places them.

    With ``blocks`` (column and token block numbers), only within the block of what they
    lead up to: a heading's word does not move onto the first word of a paragraph.  What
    stands before a block start on either side is forced left-aligned, as any stretch.
    """
    a0, b0 = anchors[0] if anchors else (len(part.cols), len(part.toks))
    n = min(a0, b0)
    if blocks is not None and n:
        col_block, tok_block = blocks
        ca = part.cols[a0] if a0 < len(part.cols) else part.cols[-1] + 1
        tb = part.toks[b0] if b0 < len(part.toks) else part.toks[-1] + 1
        cb = col_block[min(ca, len(col_block) - 1)]
        tk = tok_block[min(tb, len(tok_block) - 1)]
        k = 0
        while (
            k < n
            and col_block[part.cols[a0 - 1 - k]] == cb
            and tok_block[part.toks[b0 - 1 - k]] == tk
        ):
            k += 1
        if k < n:
            _force_left(Stretch(part.cols[: a0 - k], part.toks[: b0 - k]), [], out)
        n = k
    for d in range(1, n + 1):
        out.cols.append(part.cols[a0 - d])
        out.toks.append(part.toks[b0 - d])
    if anchors:
        _force_left(
            Stretch(part.cols[a0:], part.toks[b0:]),
            [(0, 0)] + [(a - a0, b - b0) for a, b in anchors[1:]],
            out,
        )


def _force_left(part: Stretch, anchors: list[tuple[int, int]], out: Filled) -> None:
    """Pairs at the near-match anchors, the rest between them left-aligned."""
    pa = pb = 0
    for a, b in [*anchors, (len(part.cols), len(part.toks))]:
        for d in range(min(a - pa, b - pb)):
            out.cols.append(part.cols[pa + d])
            out.toks.append(part.toks[pb + d])
        if a < len(part.cols):
            out.cols.append(part.cols[a])
            out.toks.append(part.toks[b])
        pa, pb = a + 1, b + 1


def near_pairs(
    part: Stretch,
    column_ids: Callable[[int], tuple[int, ...]],
    seq: list[int],
    norms: list[str],
) -> list[tuple[int, int, float]]:
    """Monotone pairs (index into cols, index into toks, similarity) of maximal total similarity.

    Similarity is ``Indel.normalized_similarity`` with no cut-off: between two exact
    matches a token stands against the reading it most resembles, and only pairs at or
    above the threshold count as near matches (``Column.near``).
    """
    sim = _similarities(part, column_ids, seq, norms)
    if sim is None:
        return []
    n, m = len(part.cols), len(part.toks)
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


def _similarities(
    part: Stretch,
    column_ids: Callable[[int], tuple[int, ...]],
    seq: list[int],
    norms: list[str],
) -> list[list[float]] | None:
    """``sim[a][b]``: the best similarity of token ``b`` to a reading of column ``a``."""
    readings: list[str] = []
    starts: list[int] = []
    for c in part.cols:
        starts.append(len(readings))
        readings.extend(norms[x] for x in column_ids(c))
    tokens = [norms[seq[j]] for j in part.toks]
    if len(readings) == 1 and len(tokens) == 1:  # one word against one (most substitutions)
        one = Indel.normalized_similarity(readings[0], tokens[0])
        return [[one]] if one else None
    sim = cdist(readings, tokens, scorer=Indel.normalized_similarity, dtype=np.float64)
    if len(readings) != len(part.cols):  # a column with several readings: its best one
        sim = np.maximum.reduceat(sim, starts, axis=0)
    if not sim.any():
        return None
    out: list[list[float]] = sim.tolist()
    return out
