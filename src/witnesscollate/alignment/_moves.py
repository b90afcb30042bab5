"""Transpositions: blocks that an order-preserving alignment cannot explain.

After the exact matching, what is left unmatched on both sides is searched for blocks that
match exactly but out of order.  The k-grams (``k = min_transposition``) of the unmatched
columns are hashed, a few candidate places each, and the unmatched tokens' k-grams looked up
and extended: linear in the unmatched text, so a paragraph moved across a whole book costs no
more than one moved across a page.

A block found that way is reported only when it is evidence of a move rather than a chance
recurrence (:func:`distinctive`): it must hold a word, and the number of times a block of
such words would recur by chance among the unmatched text is estimated from the words'
frequencies; only blocks expected less than :data:`CHANCE` times are kept.  Common phrases
("of the same species") and the formulae of a repetitive text fail; a paragraph, or a
shorter passage with rare words, passes.  Blocks of one moved passage that edits split apart
are then joined into one (:func:`join_blocks`).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

__all__ = ["CHANCE", "Block", "Frequencies", "Move", "find_moves", "join_blocks"]

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

#: Candidate positions kept per k-gram (repeats beyond are noise).
NGRAM_CANDIDATES = 8
#: A block is a move only if a block of its words would recur by chance fewer times than
#: this among the unmatched text (expected count, see :func:`distinctive`).
CHANCE = 1e-2
#: Blocks of one move separated by at most this many unmatched tokens (or a quarter of the
#: blocks' length, if more) are joined.
JOIN_GAP = 3


class Block(NamedTuple):
    """Columns ``col_start:col_end`` hold the same text as tokens ``tok_start:tok_end``."""

    col_start: int
    col_end: int
    tok_start: int
    tok_end: int

    @property
    def length(self) -> int:
        return self.tok_end - self.tok_start


class Frequencies(NamedTuple):
    """How common each id is in the two sides, for the chance estimate.

    ``log_p[x]`` is the log of id ``x``'s share of all tokens on both sides; ``free_pairs``
    the log of (unmatched columns) x (unmatched tokens): where a chance recurrence could be.
    """

    log_p: npt.NDArray[np.float64]
    free_pairs: float
    weak: BoolArray

    @classmethod
    def of(
        cls, prim: IntArray, seq: IntArray, free_cols: int, free_toks: int, weak: BoolArray
    ) -> Frequencies:
        counts = np.bincount(prim, minlength=len(weak)) + np.bincount(seq, minlength=len(weak))
        total = max(1, len(prim) + len(seq))
        with np.errstate(divide="ignore"):
            log_p = np.log(np.maximum(counts, 1) / total)
        free = math.log(max(1, free_cols)) + math.log(max(1, free_toks))
        return cls(log_p, free, weak)


def distinctive(block: IntArray, freq: Frequencies) -> bool:
    """Whether an out-of-order block is evidence of a move rather than a chance recurrence.

    The expected number of chance recurrences is (unmatched columns) x (unmatched tokens) x
    the product of the block's word frequencies (as if words were drawn independently); a
    block made only of punctuation never counts.
    """
    if bool(freq.weak[block].all()):
        return False
    return freq.free_pairs + float(freq.log_p[block].sum()) < math.log(CHANCE)


def _free_kgrams(prim: list[int], free_cols: list[int], k: int) -> dict[tuple[int, ...], list[int]]:
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


def find_moves(
    prim: IntArray,
    column_has: Callable[[int, int], bool],
    seq: IntArray,
    matched: tuple[IntArray, IntArray],
    k: int,
    weak: BoolArray,
) -> list[Block]:
    """Blocks that match exactly out of order, distinctive, joined per move.

    ``column_has(c, x)`` tells whether column ``c`` holds id ``x``; ``matched`` are the
    order-preserving matches (columns, tokens), sorted.
    """
    pi, pj = matched
    ncols, nseq = len(prim), len(seq)
    ma = np.zeros(ncols, dtype=np.bool_)
    ma[pi] = True
    mb = np.zeros(nseq, dtype=np.bool_)
    mb[pj] = True
    free_c, free_w = np.flatnonzero(~ma), np.flatnonzero(~mb)
    if len(free_c) < k or len(free_w) < k:
        return []
    prim_l: list[int] = prim.tolist()
    index = _free_kgrams(prim_l, free_c.tolist(), k)
    if not index:
        return []
    freq = Frequencies.of(prim, seq, len(free_c), len(free_w), weak)
    seq_l: list[int] = seq.tolist()
    ma_l: list[bool] = ma.tolist()
    mb_l: list[bool] = mb.tolist()
    used = bytearray(ncols)
    blocks: list[Block] = []
    nxt = 0  # tokens before this are taken
    for j in free_w.tolist():
        if j < nxt or j + k > nseq or any(mb_l[j : j + k]):
            continue
        cands = index.get(tuple(seq_l[j : j + k]))
        if not cands:
            continue
        region = int(np.searchsorted(pj, j, side="right"))
        best_len, best_c = 0, -1
        for c in cands:
            if used[c] or int(np.searchsorted(pi, c, side="right")) == region:
                continue  # same stretch between matches: an alignment choice, not a move
            ln = 0
            while (
                c + ln < ncols
                and j + ln < nseq
                and not ma_l[c + ln]
                and not used[c + ln]
                and not mb_l[j + ln]
                and column_has(c + ln, seq_l[j + ln])
            ):
                ln += 1
            if ln > best_len:
                best_len, best_c = ln, c
        if best_len >= k:
            used[best_c : best_c + best_len] = b"\x01" * best_len
            blocks.append(Block(best_c, best_c + best_len, j, j + best_len))
            nxt = j + best_len
    moves = join_blocks(blocks, ma, mb)
    return [m.block for m in moves if distinctive(seq[m.matched_tokens()], freq)]


class Move(NamedTuple):
    """A joined block and the exactly matching pieces it was joined from."""

    block: Block
    pieces: tuple[Block, ...]

    def matched_tokens(self) -> IntArray:
        """The token indices of the pieces (the edits between them left out)."""
        return np.concatenate([np.arange(p.tok_start, p.tok_end) for p in self.pieces])


def join_blocks(blocks: list[Block], ma: BoolArray, mb: BoolArray) -> list[Move]:
    """Join consecutive blocks of one moved passage that edits inside it split apart.

    Two blocks join when they follow each other in the same order on both sides, and what
    lies between them on each side is unmatched and short: at most :data:`JOIN_GAP` tokens,
    or a quarter of the two blocks' length if more.  The edits between them then belong to
    the moved passage (each side of the transposition holds its own reading of it).
    """
    blocks = sorted(blocks, key=lambda b: b.tok_start)
    out: list[Move] = []
    for b in blocks:
        if out:
            prev = out[-1].block
            limit = max(JOIN_GAP, (prev.length + b.length) // 4)
            gap_c, gap_t = b.col_start - prev.col_end, b.tok_start - prev.tok_end
            if (
                0 <= gap_c <= limit
                and 0 <= gap_t <= limit
                and not ma[prev.col_end : b.col_start].any()
                and not mb[prev.tok_end : b.tok_start].any()
            ):
                joined = Block(prev.col_start, b.col_end, prev.tok_start, b.tok_end)
                out[-1] = Move(joined, (*out[-1].pieces, b))
                continue
        out.append(Move(b, (b,)))
    # a joined block must not take in columns another block links
    taken = np.zeros(len(ma), dtype=np.bool_)
    kept: list[Move] = []
    for m in out:
        b = m.block
        if not taken[b.col_start : b.col_end].any():
            taken[b.col_start : b.col_end] = True
            kept.append(m)
    return kept
