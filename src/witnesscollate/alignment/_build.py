"""Turning an engine's placement of tokens into a :class:`Collation` (shared by the engines).

An engine says, for each witness, which column each token stands in; this module makes the
cells, marks lacunae (unknown text, never a plain gap) and links transpositions.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from operator import attrgetter
from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt

from ..model import GAP, Cell, Collation, Column, FrozenMap, Lacuna, Transposition, Witness
from ..model.collation import record_common_columns

__all__ = ["build_collation"]


def _lacuna_span(lac: Lacuna, pos: Sequence[int], ncols: int) -> tuple[int, int]:
    """Columns ``[start, end)`` a lacuna covers: after the token before it, to token ``end``."""
    start = pos[lac.position - 1] + 1 if lac.position > 0 else 0
    end = pos[lac.end] if lac.end < len(pos) else ncols
    return start, end


#: One witness's token -> column positions: a sequence of ints, or an engine's numpy array.
Positions = Sequence[int] | npt.NDArray[np.int64]


def _ints(pos: Positions) -> Sequence[int]:
    """One witness's positions as Python ints."""
    return pos.tolist() if isinstance(pos, np.ndarray) else pos


class _Rows(NamedTuple):
    """Each witness's cells, and the lacunae that need a column of their own."""

    rows: list[list[Cell]]
    #: column index to insert before -> (row, lacuna)
    extra: dict[int, list[tuple[int, Lacuna]]]
    #: columns where some witness's cell has a lacuna
    lacunose: set[int]


def build_collation(
    witnesses: Sequence[Witness],
    pos_of: Sequence[Positions],
    ncols: int,
    *,
    near: Sequence[bool] | None = None,
    tcol: Sequence[int | None] | None = None,
    trans: Mapping[int, Sequence[Sequence[int]]] | None = None,
    engine: str = "native",
    options: Mapping[str, Any] | None = None,
) -> Collation:
    """A collation from each witness's token -> column placement (rows in the order given).

    ``pos_of[r][t]`` is the column of token ``t`` of witness ``r`` (increasing; a list or a
    numpy array: arrays are made ints one witness at a time, so that a book's ten witnesses
    never stand as ten lists of int objects at once); ``near`` and
    ``tcol`` flag columns; ``trans`` maps a transposition id to its sides (column lists).

    A lacuna turns the witness's gap cells over its span into lacuna cells (and marks its
    partly legible tokens there with it); where the witness has no gap in that span, a column
    of its own is inserted so that the unknown text is not lost.
    """
    rows = _cells(witnesses, pos_of, ncols)
    # most columns are neither transposed nor near matches: those are made as the plain
    # tuple of their cells that a Column is underneath, without a Python call
    plain = tuple.__new__
    columns = [
        plain(Column, cells) if t is None and not n else Column(cells, t, n)
        for cells, t, n in zip(
            zip(*rows.rows, strict=True),
            tcol if tcol is not None else [None] * ncols,
            near if near is not None else [False] * ncols,
            strict=True,
        )
    ]
    columns, final_index = _insert_lacuna_columns(
        columns, rows.extra, [w.siglum for w in witnesses]
    )
    collation = Collation(
        witnesses=tuple(witnesses),
        columns=tuple(columns),
        transpositions=_transpositions(witnesses, pos_of, trans or {}, final_index),
        engine=engine,
        options=FrozenMap(dict(options or {})),
    )
    common = _common(witnesses, pos_of, ncols, rows.lacunose)
    if common is not None:
        final = np.zeros(len(columns), dtype=np.bool_)  # (a lacuna's own column: not common)
        final[final_index] = common
        record_common_columns(collation, final)
    return collation


_TEXT = attrgetter("text")


def _common(
    witnesses: Sequence[Witness], pos_of: Sequence[Positions], ncols: int, lacunose: set[int]
) -> npt.NDArray[np.bool_] | None:
    """The columns where every witness has one token, of the same text, and no lacuna: most
    columns of a book, which the apparatus need not read cell by cell.

    Found with the texts' hashes over whole rows; exact, since it is given only when no two
    distinct texts of the witnesses share a hash (None otherwise, and for no witnesses).
    """
    if not witnesses:
        return None
    common = np.ones(ncols, dtype=np.bool_)
    first: npt.NDArray[np.int64] | None = None
    vocabulary: set[str] = set()
    for w, pos in zip(witnesses, pos_of, strict=True):
        at = np.asarray(pos, dtype=np.int64)
        texts = list(map(_TEXT, w.tokens))
        vocabulary.update(texts)
        common &= np.bincount(at, minlength=ncols)[:ncols] == 1
        hashes = np.zeros(ncols, dtype=np.int64)
        hashes[at] = np.fromiter(map(hash, texts), dtype=np.int64, count=len(texts))
        if first is None:
            first = hashes
        else:
            common &= hashes == first
    if len(set(map(hash, vocabulary))) != len(vocabulary):
        return None  # two texts with one hash: equal hashes would not mean equal texts
    if lacunose:
        common[list(lacunose)] = False
    return common


def _cells(witnesses: Sequence[Witness], pos_of: Sequence[Positions], ncols: int) -> _Rows:
    """Every witness's row: its tokens in their columns, lacunae over their spans."""
    out = _Rows([], {}, set())
    in_block: list[bool] = []
    if any(lac.block is not None for w in witnesses for lac in w.lacunae):
        in_block = _heading_columns(witnesses, pos_of, ncols)
    for r, w in enumerate(witnesses):
        row: list[Cell] = [GAP] * ncols
        pos = _ints(pos_of[r])
        for tok, c in zip(w.tokens, pos, strict=True):
            row[c] = Cell((tok,))
        for lac in w.lacunae:
            c0, c1 = _lacuna_span(lac, pos, ncols)
            placed = False
            for c in range(c0, c1):
                if lac.block is not None and not in_block[c]:
                    continue  # a heading not given covers the others' heading only
                cell = row[c]
                if cell.lacuna is not None:
                    continue  # overlapping lacunae: the first keeps the cell
                out.lacunose.add(c)
                if cell.tokens:
                    row[c] = Cell(cell.tokens, lac)
                else:
                    row[c] = Cell(lacuna=lac)
                    placed = True
            if not placed:
                out.extra.setdefault(c0, []).append((r, lac))
        out.rows.append(row)
    return out


def _heading_columns(
    witnesses: Sequence[Witness], pos_of: Sequence[Positions], ncols: int
) -> list[bool]:
    """Which columns hold some witness's heading (a token in a TEI ``head``)."""
    out = [False] * ncols
    for w, pos in zip(witnesses, pos_of, strict=True):
        for tok, c in zip(w.tokens, _ints(pos), strict=True):
            if tok.block == "head":
                out[c] = True
    return out


def _insert_lacuna_columns(
    columns: list[Column], extra: Mapping[int, Sequence[tuple[int, Lacuna]]], sigla: Sequence[str]
) -> tuple[list[Column], list[int]]:
    """Columns of their own for lacunae where no column could hold them, and where each old
    column went.  Several at one place stand in the order of their witnesses' sigla (each
    witness's own in its order), never in the order the witnesses were given."""
    nw = len(sigla)
    ncols = len(columns)
    final_index = list(range(ncols))
    if not extra:
        return columns, final_index
    merged: list[Column] = []
    for c in range(ncols + 1):
        for r, lac in sorted(extra.get(c, ()), key=lambda item: sigla[item[0]]):
            cells = [GAP] * nw
            cells[r] = Cell(lacuna=lac)
            merged.append(Column(tuple(cells)))
        if c < ncols:
            final_index[c] = len(merged)
            merged.append(columns[c])
    return merged, final_index


def _transpositions(
    witnesses: Sequence[Witness],
    pos_of: Sequence[Positions],
    trans: Mapping[int, Sequence[Sequence[int]]],
    final_index: Sequence[int],
) -> tuple[Transposition, ...]:
    """Each transposition's token ranges per witness and (final) columns."""
    sig = [w.siglum for w in witnesses]
    moved = {c for sides in trans.values() for side in sides for c in side}
    tok_at: list[dict[int, int]] = (
        [{c: t for t, c in enumerate(_ints(pos)) if c in moved} for pos in pos_of] if moved else []
    )
    out: list[Transposition] = []
    for tid in sorted(trans):
        blocks: list[tuple[str, int, int]] = []
        all_cols: list[int] = []
        for side in trans[tid]:
            all_cols.extend(final_index[c] for c in side)
            for r in range(len(witnesses)):
                idx = [tok_at[r][c] for c in side if c in tok_at[r]]
                if idx:
                    blocks.append((sig[r], min(idx), max(idx) + 1))
        out.append(Transposition(id=tid, blocks=tuple(blocks), columns=tuple(sorted(all_cols))))
    return tuple(out)
