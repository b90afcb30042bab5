"""Isolated matches: short runs of matches that cost more gaps than they are worth.

An LCS counts matches only, so it takes any match it can fit: a «by» of a date line
matched into a note appended after the letter, a quotation's first «the» matched forty
lines before the rest of it.  Such a match splits one stretch of unmatched text into two,
on the side where it stands far from its neighbours, and gains one match.  An alignment that
also counts *gaps* (a stretch of unmatched text on either side, the "gap opening" of affine
gap scores) would not take it: a run of ``L`` matches is dropped when it opens more gaps
than it closes by at least ``L / GAP_OPEN``, i.e. with :data:`GAP_OPEN` = 2 a single match
that opens one extra gap, or a run of up to three that opens two.  Gaps at the start or end
of a text cost nothing (a witness that begins or ends elsewhere is not a gap).

The decision is made once per run, from its original neighbours, and never for two
neighbouring runs: dropping one run cannot justify dropping the next.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

__all__ = ["FAR", "GAP_OPEN", "isolated", "strays"]

from ._ties import Eq

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

#: What one gap opening costs, in matches.
GAP_OPEN = 2
#: A run is isolated only when it stands at least this far (in tokens) off the diagonal of
#: the nearer of its neighbouring runs: one a word or two away is a local rewording, where
#: hand-made collations keep the match.
FAR = 16


def _runs(pi: IntArray, pj: IntArray, ncols: int, nseq: int) -> tuple[IntArray, IntArray, IntArray]:
    """Each run of consecutive matches (``starts``, exclusive ``ends``) and what dropping it
    saves in gap openings (``gain``: the gaps it opens less the ones left when it goes; free
    at either end of the texts)."""
    n = len(pi)
    brk = np.ones(n, dtype=np.bool_)
    brk[1:] = (np.diff(pi) != 1) | (np.diff(pj) != 1)
    starts = np.flatnonzero(brk)
    ends = np.append(starts[1:], n)  # exclusive
    ext_i = np.concatenate(([-1], pi, [ncols]))
    ext_j = np.concatenate(([-1], pj, [nseq]))
    # the gaps before each run (from the match before it) and after it (to the match after)
    before = (ext_i[starts + 1] - ext_i[starts] > 1).astype(np.int64) + (
        ext_j[starts + 1] - ext_j[starts] > 1
    )
    after = (ext_i[ends + 1] - ext_i[ends] > 1).astype(np.int64) + (
        ext_j[ends + 1] - ext_j[ends] > 1
    )
    lead = starts == 0
    trail = ends == n
    now = np.where(lead, 0, before) + np.where(trail, 0, after)
    # dropped, the run and the gaps beside it are one gap on each side (free at an end)
    merged = np.where(lead | trail, 0, 2)
    gain = np.where(lead & trail, 0, now - merged)
    return starts, ends, gain


def strays(
    pi: IntArray, pj: IntArray, ncols: int, nseq: int, col_heads: BoolArray, tok_heads: BoolArray
) -> BoolArray:
    """Which matches are stray runs to drop: a short run that pairs a heading's words with
    words outside any heading, beside a match that pairs like with like.

    A witness's addressee line «To comrades Mdivani…» has its «To» matched into another
    edition's heading «To P.G. Mdivani…» and the rest into that edition's addressee line: the
    one word belongs with the line it stands in.  Short and costly as :func:`isolated` counts
    it (it opens more gaps than it is worth), however near, and tearing its heading (a word of
    the heading beside it stays unmatched): a heading matched whole, «Letter» against a
    paragraph's «Letter. I would…», stays.  ``col_heads``/``tok_heads``: which columns and
    tokens stand in a heading.
    """
    n = len(pi)
    drop = np.zeros(n, dtype=np.bool_)
    if n < 2 or not (col_heads.any() or tok_heads.any()):
        return drop
    ch, th = col_heads[pi], tok_heads[pj]
    across = ch != th
    if not across.any():
        return drop
    starts, ends, gain = _runs(pi, pj, ncols, nseq)
    cand = (gain > 0) & (ends - starts < GAP_OPEN * gain)
    matched_c = np.zeros(ncols, dtype=np.bool_)
    matched_c[pi] = True
    matched_t = np.zeros(nseq, dtype=np.bool_)
    matched_t[pj] = True
    for r in np.flatnonzero(cand).tolist():
        k, e = int(starts[r]), int(ends[r])
        if not across[k:e].all():
            continue
        if not ((k > 0 and not across[k - 1]) or (e < n and not across[e])):
            continue  # no neighbour pairs like with like
        # the run tears its heading: a word of it just before or after stays unmatched (a
        # heading matched whole, «Letter» against «Letter. I would…», is the same words)
        if ch[k]:
            side, matched, lo, hi = col_heads, matched_c, int(pi[k]) - 1, int(pi[e - 1]) + 1
        else:
            side, matched, lo, hi = tok_heads, matched_t, int(pj[k]) - 1, int(pj[e - 1]) + 1
        if any(0 <= x < len(side) and side[x] and not matched[x] for x in (lo, hi)):
            drop[k:e] = True
    return drop


def isolated(pi: IntArray, pj: IntArray, ncols: int, nseq: int, eq: Eq) -> BoolArray:
    """Which matches ``(pi[k], pj[k])`` (increasing on both sides) are isolated runs to drop.

    ``eq(i, j)`` tells whether column ``i`` matches token ``j``: a run that also matches on
    a neighbour's diagonal stands apart only by a tie-break (unmatched text left-most), not
    because the text puts it there, and stays.
    """
    n = len(pi)
    drop = np.zeros(n, dtype=np.bool_)
    if n == 0:
        return drop
    starts, ends, gain = _runs(pi, pj, ncols, nseq)
    ext_i = np.concatenate(([-1], pi, [ncols]))
    ext_j = np.concatenate(([-1], pj, [nseq]))
    length = ends - starts
    # how far the run stands off the diagonal of its nearer neighbour (the start and the
    # end of the texts count as neighbours: a run where both texts begin is not isolated)
    diag = ext_i - ext_j
    here = diag[starts + 1]
    far = np.minimum(np.abs(here - diag[starts]), np.abs(here - diag[ends + 1])) >= FAR
    cand = far & (gain > 0) & (length < GAP_OPEN * gain)
    last = -2
    for r in np.flatnonzero(cand).tolist():
        if r == last + 1:
            continue  # its neighbour was dropped: judged on neighbours that no longer exist
        k, e = int(starts[r]), int(ends[r])
        if _fits_beside(ext_i, ext_j, k, e, eq):
            continue
        drop[k:e] = True
        last = r
    return drop


def _fits_beside(ext_i: IntArray, ext_j: IntArray, k: int, e: int, eq: Eq) -> bool:
    """The run of matches ``k .. e - 1`` also matches on the diagonal of the match before or
    after it (its tokens against other columns, or its columns against other tokens), within
    the free stretch around it.  ``ext_*`` hold the matches with a virtual one at either end.
    """
    length = e - k
    i, j = int(ext_i[k + 1]), int(ext_j[k + 1])
    lo_i, lo_j = int(ext_i[k]), int(ext_j[k])  # the match before (or the virtual start)
    hi_i, hi_j = int(ext_i[e + 1]), int(ext_j[e + 1])  # the match after (or the virtual end)
    for d_i, d_j in ((lo_i, lo_j), (hi_i, hi_j)):
        diag = d_i - d_j
        for c, t in ((j + diag, j), (i, i - diag)):  # tokens kept, or columns kept
            if (
                c > lo_i
                and t > lo_j
                and c + length < hi_i + 1
                and t + length < hi_j + 1
                and (c, t) != (i, j)
                and all(eq(c + d, t + d) for d in range(length))
            ):
                return True
    return False
