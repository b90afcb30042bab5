"""Transpositions: blocks that an order-preserving alignment cannot explain.

After the exact matching, what is left unmatched on both sides is searched for blocks that
match exactly but out of order.  The k-grams (``k = min_transposition``) of the unmatched
columns are hashed, a few candidate places each, and the unmatched tokens' k-grams looked up
and extended: linear in the unmatched text, so a paragraph moved across a whole book costs no
more than one moved across a page.

A block found that way is reported only when it is evidence of a move rather than a chance
recurrence (:func:`distinctive`): it must hold a word, and the number of times a block of
such words would recur by chance among the unmatched text is estimated from the words'
phrasing (a bigram model of the two texts without the block itself); only blocks expected
less than :data:`CHANCE` times are kept.  Common phrases
("of the same species") and the formulae of a repetitive text fail; a paragraph, or a
shorter passage with rare words, passes.  Blocks of one moved passage that edits split apart
are then joined into one (:func:`join_blocks`).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import NamedTuple

import numpy as np
import numpy.typing as npt
from rapidfuzz.distance import Indel

__all__ = ["CHANCE", "Block", "Frequencies", "Move", "find_moves", "join_blocks"]

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

#: Candidate positions kept per k-gram (repeats beyond are noise).
NGRAM_CANDIDATES = 8
#: A block is a move only if a block of its words would recur by chance fewer times than
#: this among the unmatched text (expected count, see :func:`distinctive`).
CHANCE = 1e-2
#: Blocks of one move separated by at most this many unmatched tokens (or half the blocks'
#: length, if more) are joined.
JOIN_GAP = 8


class Block(NamedTuple):
    """Columns ``col_start:col_end`` hold the same text as tokens ``tok_start:tok_end``."""

    col_start: int
    col_end: int
    tok_start: int
    tok_end: int

    @property
    def length(self) -> int:
        return self.tok_end - self.tok_start


class Move(NamedTuple):
    """A joined block and the exactly matching pieces it was joined from."""

    block: Block
    pieces: tuple[Block, ...]


class Frequencies(NamedTuple):
    """How predictable a phrase is in the two texts, for the chance estimate.

    A bigram model of both sides (the columns' first ids in order, and the witness), with
    the two copies of the block under test left out of the counts (``LEAVE_OUT``): a phrase
    that recurs elsewhere too (a formula, "it is not clear how") stays predictable, one found
    only in the block and its moved copy falls back to its words' own frequencies.
    ``free_pairs`` is the log of (unmatched columns) x (unmatched tokens): the places where a
    chance recurrence could be.
    """

    unigrams: IntArray
    bigram_keys: IntArray
    bigram_counts: IntArray
    total: int
    free_pairs: float
    weak: BoolArray

    @classmethod
    def of(
        cls, prim: IntArray, seq: IntArray, free_cols: int, free_toks: int, weak: BoolArray
    ) -> Frequencies:
        v = len(weak)
        unigrams = np.bincount(prim, minlength=v) + np.bincount(seq, minlength=v)
        keys = np.concatenate((prim[:-1] * v + prim[1:], seq[:-1] * v + seq[1:]))
        bigram_keys, bigram_counts = np.unique(keys, return_counts=True)
        free = math.log(max(1, free_cols)) + math.log(max(1, free_toks))
        return cls(unigrams, bigram_keys, bigram_counts, len(prim) + len(seq), free, weak)

    def log_probability(self, phrase: IntArray) -> float:
        """The log probability of the phrase under the leave-out bigram model."""
        c1 = np.maximum(self.unigrams[phrase] - LEAVE_OUT, 0).astype(np.float64)
        p1 = np.maximum(c1, 0.5) / self.total
        keys = phrase[:-1] * len(self.weak) + phrase[1:]
        at = np.minimum(np.searchsorted(self.bigram_keys, keys), len(self.bigram_keys) - 1)
        c2 = np.where(self.bigram_keys[at] == keys, self.bigram_counts[at], 0)
        p2 = (np.maximum(c2 - LEAVE_OUT, 0) + p1[1:]) / (c1[:-1] + 1)
        floor = -math.log(PERPLEXITY)
        return max(math.log(p1[0]), floor) + float(np.maximum(np.log(p2), floor).sum())


#: The block's two copies (one per side), left out of the counts that judge it.
LEAVE_OUT = 2
#: No word is taken to be less predictable than one in this many: the texts alone cannot
#: tell a common phrase met once on each side ("it is not clear how") from a rare one, so
#: each word of a block counts at most this much evidence, and a move must be longer the
#: more unmatched text there is (about 6 words in 10,000, 7 in 100,000, 9 in 1,000,000).
PERPLEXITY = 50


def distinctive(pieces: Sequence[IntArray], freq: Frequencies) -> bool:
    """Whether an out-of-order block is evidence of a move rather than a chance recurrence.

    The expected number of chance recurrences is (unmatched columns) x (unmatched tokens) x
    the probability of the block's phrases under :class:`Frequencies`' model; a block made
    only of punctuation never counts.
    """
    if all(bool(freq.weak[p].all()) for p in pieces):
        return False
    log_p = sum(freq.log_probability(p) for p in pieces)
    return freq.free_pairs + log_p < math.log(CHANCE)


def _free_kgrams(
    prim: memoryview, free_cols: list[int], k: int
) -> dict[tuple[int, ...], list[int]]:
    """The k-grams lying wholly in unmatched columns, with (a few of) their start columns."""
    index: dict[tuple[int, ...], list[int]] = {}
    run, prev = 0, -2
    for c in free_cols:
        run = run + 1 if c == prev + 1 else 1
        prev = c
        if run >= k:
            key = tuple(prim[c - k + 1 : c + 1])
            lst = index.get(key)
            if lst is None:
                index[key] = [c - k + 1]
            elif len(lst) < NGRAM_CANDIDATES:
                lst.append(c - k + 1)
    return index


class _Sides(NamedTuple):
    """What the search reads: both sides' ids and which of their items are matched.

    The ids are read item by item through memoryviews of the arrays, not copied into lists:
    the search visits only the unmatched text, usually a few per cent of it.
    """

    prim: memoryview
    seq: memoryview
    ma: BoolArray  # columns matched in order
    mb: BoolArray  # tokens matched in order


def _view(ids: IntArray) -> memoryview:
    """The ids as a memoryview (items read as Python ints, nothing copied)."""
    return np.ascontiguousarray(ids, dtype=np.int64).data


def find_moves(
    prim: IntArray,
    column_has: Callable[[int, int], bool],
    seq: IntArray,
    matched: tuple[IntArray, IntArray],
    k: int,
    weak: BoolArray,
) -> list[Block]:
    """Blocks that match exactly out of order, joined per move, extended, distinctive.

    ``column_has(c, x)`` tells whether column ``c`` holds id ``x``; ``matched`` are the
    order-preserving matches (columns, tokens), sorted.
    """
    pi, pj = matched
    ma = np.zeros(len(prim), dtype=np.bool_)
    ma[pi] = True
    mb = np.zeros(len(seq), dtype=np.bool_)
    mb[pj] = True
    free_c, free_w = np.flatnonzero(~ma), np.flatnonzero(~mb)
    if len(free_c) < k or len(free_w) < k:
        return []
    sides = _Sides(_view(prim), _view(seq), ma, mb)
    blocks = _candidate_blocks(sides, column_has, free_c, free_w, k)
    if not blocks:
        return []
    freq = Frequencies.of(prim, seq, len(free_c), len(free_w), weak)
    moves = join_blocks(blocks, ma, mb)
    kept = [m for m in moves if distinctive([seq[p.tok_start : p.tok_end] for p in m.pieces], freq)]
    return _extend_all([m.block for m in kept], sides)


def _candidate_blocks(
    sides: _Sides,
    column_has: Callable[[int, int], bool],
    free_c: IntArray,
    free_w: IntArray,
    k: int,
) -> list[Block]:
    """Maximal exact out-of-order blocks of at least ``k``, found through hashed k-grams."""
    prim, seq = sides.prim, sides.seq
    ncols, nseq = len(prim), len(seq)
    index = _free_kgrams(prim, free_c.tolist(), k)
    ma_l, mb_l = sides.ma.data, sides.mb.data
    # the stretch between matches an item stands in: how many matches precede it
    region_c = np.cumsum(sides.ma, dtype=np.int64).data
    region_t = np.cumsum(sides.mb, dtype=np.int64).data
    used = bytearray(ncols)
    blocks: list[Block] = []
    nxt = 0  # tokens before this are taken
    for j in free_w.tolist():
        if j < nxt or j + k > nseq or any(mb_l[j : j + k]):
            continue
        cands = index.get(tuple(seq[j : j + k]))
        if not cands:
            continue
        region = region_t[j]
        best_len, best_c = 0, -1
        for c in cands:
            if used[c] or region_c[c] == region:
                continue  # same stretch between matches: an alignment choice, not a move
            ln = 0
            while (
                c + ln < ncols
                and j + ln < nseq
                and not ma_l[c + ln]
                and not used[c + ln]
                and not mb_l[j + ln]
                and column_has(c + ln, seq[j + ln])
            ):
                ln += 1
            if ln > best_len:
                best_len, best_c = ln, c
        if best_len >= k:
            used[best_c : best_c + best_len] = b"\x01" * best_len
            blocks.append(Block(best_c, best_c + best_len, j, j + best_len))
            nxt = j + best_len
    return blocks


def join_blocks(blocks: list[Block], ma: BoolArray, mb: BoolArray) -> list[Move]:
    """Join the blocks of one moved passage that edits inside it split apart.

    A block joins the move before it (in token order) when it follows it closely on both
    sides (:func:`_joinable`).  A short block that does not, while the block after it does,
    is a few words of the passage found at a repeat of them elsewhere: it is skipped, and
    its tokens stay inside the move.  The move spans its blocks, and the edits between them
    belong to it: each side of the transposition holds its own reading of the passage.
    """
    ordered = sorted(blocks, key=lambda b: b.tok_start)
    out: list[Move] = []
    for k, b in enumerate(ordered):
        if out:
            prev = out[-1].block
            if _joinable(prev, b, ma, mb):
                joined = Block(
                    min(prev.col_start, b.col_start),
                    max(prev.col_end, b.col_end),
                    prev.tok_start,
                    b.tok_end,
                )
                out[-1] = Move(joined, (*out[-1].pieces, b))
                continue
            if (
                b.length <= 2 * JOIN_GAP
                and k + 1 < len(ordered)
                and _joinable(prev, ordered[k + 1], ma, mb)
            ):
                continue
        out.append(Move(b, (b,)))
    # a move must not take in columns another move links: the one with more matched
    # tokens keeps them
    taken = np.zeros(len(ma), dtype=np.bool_)
    kept: list[Move] = []
    for m in sorted(out, key=lambda m: -sum(p.length for p in m.pieces)):
        b = m.block
        if not taken[b.col_start : b.col_end].any():
            taken[b.col_start : b.col_end] = True
            kept.append(m)
    return sorted(kept, key=lambda m: m.block.tok_start)


def _joinable(prev: Block, b: Block, ma: BoolArray, mb: BoolArray) -> bool:
    """Whether block ``b`` continues the move ``prev``.

    At most :data:`JOIN_GAP` unmatched tokens between them, or half their length if more;
    its columns within that distance of the move's (a piece found at a neighbouring repeat
    of its words may stand slightly out of order); nothing matched in order between them.
    """
    limit = max(JOIN_GAP, (prev.length + b.length) // 2)
    lo_c, hi_c = min(prev.col_start, b.col_start), max(prev.col_end, b.col_end)
    return (
        0 <= b.tok_start - prev.tok_end <= limit
        and b.col_start - prev.col_end <= limit
        and prev.col_start - b.col_end <= limit
        and not ma[lo_c:hi_c].any()
        and not mb[prev.tok_end : b.tok_start].any()
    )


#: How far (items on each side) a move's ends are extended over edits at its edges.
EXTEND_REACH = 2 * JOIN_GAP


def _extend_all(blocks: list[Block], sides: _Sides) -> list[Block]:
    """Extend each move over the edits at its two ends (see :func:`_extend`)."""
    taken_c = sides.ma.copy()
    taken_t = sides.mb.copy()
    for b in blocks:
        taken_c[b.col_start : b.col_end] = True
        taken_t[b.tok_start : b.tok_end] = True
    out = []
    for b in blocks:
        e = _extend(b, sides, taken_c, taken_t)
        taken_c[e.col_start : e.col_end] = True
        taken_t[e.tok_start : e.tok_end] = True
        out.append(e)
    return out


def _extend(b: Block, sides: _Sides, taken_c: BoolArray, taken_t: BoolArray) -> Block:
    """Take in the free text just past a move's ends when it still mostly matches.

    A moved passage often ends with an edit and a few words too short to be found as a
    block ("... their parents or variable." against "... heir parents or variable."): the
    free stretches after the end (and before the start) on both sides are compared by an
    exact LCS, and the move extends to its last match there if at least half of the shorter
    stretch matches.
    """
    c1 = _free_run(taken_c, b.col_end, +1)
    t1 = _free_run(taken_t, b.tok_end, +1)
    ext = _lcs_reach(sides.prim[b.col_end : c1].tolist(), sides.seq[b.tok_end : t1].tolist())
    col_end, tok_end = b.col_end + ext[0], b.tok_end + ext[1]
    c0 = _free_run(taken_c, b.col_start - 1, -1)
    t0 = _free_run(taken_t, b.tok_start - 1, -1)
    before_c = sides.prim[c0 + 1 : b.col_start].tolist()[::-1]
    before_t = sides.seq[t0 + 1 : b.tok_start].tolist()[::-1]
    ext = _lcs_reach(before_c, before_t)
    return Block(b.col_start - ext[0], col_end, b.tok_start - ext[1], tok_end)


def _free_run(taken: BoolArray, start: int, step: int) -> int:
    """The first taken index (or the edge) from ``start`` on, at most the reach away."""
    k = start
    while 0 <= k < len(taken) and not taken[k] and abs(k - start) < EXTEND_REACH:
        k += step
    return k


def _lcs_reach(left: list[int], right: list[int]) -> tuple[int, int]:
    """How far into both lists their LCS reaches, if it covers half the shorter one."""
    if not left or not right:
        return 0, 0
    runs = [op for op in Indel.opcodes(left, right) if op.tag == "equal"]
    if 2 * sum(op.src_end - op.src_start for op in runs) < min(len(left), len(right)):
        return 0, 0
    return runs[-1].src_end, runs[-1].dest_end
