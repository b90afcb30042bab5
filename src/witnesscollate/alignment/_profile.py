"""The growing collation of the native engine, and merging one more witness into it.

The profile is kept as NumPy arrays of column ids (not :class:`Column` records), so that
merging a witness of a million tokens costs a few vectorized passes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from ._moves import Block

__all__ = ["Placement", "Profile"]

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


class Placement(NamedTuple):
    """Where a witness goes: column ``cols[k]`` takes token ``toks[k]`` (sorted by column).

    ``near_cols`` are (old) columns where a token stands by near matching; ``moves`` the
    blocks linked as transpositions (their tokens get columns of their own).
    """

    cols: IntArray
    toks: IntArray
    near_cols: list[int]
    moves: list[Block]


@dataclass
class Profile:
    """The columns so far, and each merged witness's token -> column.

    ``prim[c]`` is column ``c``'s first id, ``multi[c]`` all its ids when it holds several
    readings; ``tcol[c]`` its transposition id or -1; ``support[c]`` how many witnesses have
    tokens in it; ``starts[c]`` whether some witness begins a block (paragraph) there,
    ``heads[c]`` whether some witness has a heading's token there.
    """

    prim: IntArray
    multi: dict[int, tuple[int, ...]]
    near: BoolArray
    tcol: IntArray
    support: IntArray
    starts: BoolArray
    heads: BoolArray
    pos: list[IntArray] = field(default_factory=list)
    #: transposition id -> its sides, each an array of column indices
    trans: dict[int, list[IntArray]] = field(default_factory=dict)
    next_tid: int = 0

    @classmethod
    def start(
        cls,
        seq: IntArray,
        weight: int = 1,
        starts: BoolArray | None = None,
        heads: BoolArray | None = None,
    ) -> Profile:
        """The profile of one witness (``weight`` identical copies of it)."""
        n = len(seq)
        return cls(
            prim=seq.copy(),
            multi={},
            near=np.zeros(n, dtype=np.bool_),
            tcol=np.full(n, -1, dtype=np.int64),
            support=np.full(n, weight, dtype=np.int64),
            starts=np.zeros(n, dtype=np.bool_) if starts is None else starts.copy(),
            heads=np.zeros(n, dtype=np.bool_) if heads is None else heads.copy(),
            pos=[np.arange(n, dtype=np.int64)],
        )

    def __len__(self) -> int:
        return len(self.prim)

    def ids(self, c: int) -> tuple[int, ...]:
        """The ids of column ``c``."""
        m = self.multi.get(c)
        return m if m is not None else (int(self.prim[c]),)

    def has(self, c: int, x: int) -> bool:
        """Whether column ``c`` holds id ``x``."""
        m = self.multi.get(c)
        return x in m if m is not None else int(self.prim[c]) == x

    def merge(
        self,
        seq: IntArray,
        place: Placement,
        weight: int = 1,
        starts: BoolArray | None = None,
        heads: BoolArray | None = None,
    ) -> None:
        """Add a witness: its placed tokens join their columns, the others get new ones.

        In each stretch between placed pairs, the old unplaced columns come first, then the
        witness's new columns.  Every element's new index is counted, not walked.
        """
        remap, wpos, free_w, total = _new_indices(len(self.prim), len(seq), place)
        ai, aj = place.cols, place.toks
        joined = wpos[aj]  # the placed tokens' columns (remap[ai])
        added = wpos[free_w]  # the new columns
        prim = np.empty(total, dtype=np.int64)
        prim[remap] = self.prim
        prim[added] = seq[free_w]
        multi = {int(remap[c]): ids for c, ids in self.multi.items()}
        for k in np.flatnonzero(seq[aj] != self.prim[ai]).tolist():
            c, x = int(joined[k]), int(seq[aj[k]])
            ids = multi.get(c, (int(prim[c]),))
            if x not in ids:
                multi[c] = (*ids, x)
        # flags and transposition ids that are all unset (plain texts, no moves yet) are
        # not carried over element by element
        near = np.zeros(total, dtype=np.bool_)
        if self.near.any():
            near[remap] = self.near
        if place.near_cols:
            near[remap[np.array(place.near_cols, dtype=np.int64)]] = True
        tcol = np.full(total, -1, dtype=np.int64)
        if self.trans:
            tcol[remap] = self.tcol
        support = np.full(total, weight, dtype=np.int64)
        support[remap] = self.support
        support[joined] += weight
        bstart = np.zeros(total, dtype=np.bool_)
        if self.starts.any():
            bstart[remap] = self.starts
        if starts is not None and starts.any():
            bstart[added] = starts[free_w]
            bstart[joined] |= starts[aj]
        self.prim, self.multi, self.near, self.tcol, self.support = prim, multi, near, tcol, support
        self.starts = bstart
        head = np.zeros(total, dtype=np.bool_)
        if self.heads.any():
            head[remap] = self.heads
        if heads is not None and heads.any():
            head[wpos] |= heads
        self.heads = head
        for sides in self.trans.values():
            sides[:] = [remap[side] for side in sides]
        self._link_moves(place.moves, remap, wpos)
        self.pos = [remap[p] for p in self.pos]
        self.pos.append(wpos)

    def _link_moves(self, moves: Sequence[Block], remap: IntArray, wpos: IntArray) -> None:
        """Link each moved block to its columns: a new transposition, or one it continues."""
        for b in moves:
            old_side = remap[b.col_start : b.col_end]
            new_side = wpos[b.tok_start : b.tok_end]
            existing = set(self.tcol[old_side].tolist())
            found = existing.pop() if len(existing) == 1 else -1
            if found >= 0:
                tid = found
                self.trans[tid].append(new_side)
            else:
                tid = self.next_tid
                self.next_tid += 1
                self.trans[tid] = [old_side, new_side]
                self.tcol[old_side] = tid
            self.tcol[new_side] = tid


class _Remap(NamedTuple):
    remap: IntArray  # old column -> new index
    wpos: IntArray  # token -> new column
    free_w: IntArray  # the tokens that get new columns
    total: int  # the new width


def _new_indices(ncols: int, nseq: int, place: Placement) -> _Remap:
    """Where old columns and the witness's tokens go in the merged profile.

    Counted with running sums (both sides of a placement increase): ``gap`` of a free token
    or an unplaced column is how many placed pairs precede it.
    """
    ai, aj = place.cols, place.toks
    assigned_w = np.zeros(nseq, dtype=np.bool_)
    assigned_w[aj] = True
    assigned_c = np.zeros(ncols, dtype=np.bool_)
    assigned_c[ai] = True
    free_w = np.flatnonzero(~assigned_w)
    gap_w = np.cumsum(assigned_w, dtype=np.int64)[free_w]
    # placed pairs before each column, and free tokens in each gap up to it
    gap_c = np.cumsum(assigned_c, dtype=np.int64) - assigned_c
    per_gap = np.bincount(gap_w, minlength=len(ai) + 1)
    upto = np.cumsum(per_gap)
    # a placed column comes after the free tokens of its gap, an unplaced one before them
    before = np.where(assigned_c, upto[gap_c], upto[gap_c] - per_gap[gap_c])
    remap = np.arange(ncols, dtype=np.int64) + before
    ai_ext = np.append(ai, ncols)
    new_free = ai_ext[gap_w] + np.arange(len(free_w), dtype=np.int64)
    wpos = np.empty(nseq, dtype=np.int64)
    wpos[aj] = remap[ai]
    wpos[free_w] = new_free
    return _Remap(remap, wpos, free_w, ncols + len(free_w))
