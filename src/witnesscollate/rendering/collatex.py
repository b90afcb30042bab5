"""CollateX interchange: a collation as CollateX's JSON alignment table.

CollateX (Java and Python) writes an alignment as ``{"witnesses": [...], "table": ...}``;
tools built on it read that.  :func:`segments` and :func:`joined_table` reproduce CollateX's
``segmentation=True`` (joining the cells of a variant graph's straight runs), for the same
output and for the conformance tests against CollateX's own cases.
"""

from __future__ import annotations

import json
from typing import Any

from ..errors import RenderError
from ..model import Collation, Column, Token
from .options import CollateXOptions

__all__ = ["joined_table", "render_collatex_json", "segments"]


def segments(collation: Collation) -> tuple[tuple[int, int], ...]:
    """Runs ``(start, end)`` of adjacent columns that parallel segmentation joins.

    Two neighbouring columns join when the witnesses fall into the same groups in both
    (same witnesses present, agreeing with the same others) and neither side of a
    transposition boundary is crossed: CollateX's ``segmentation=True``.
    """

    def pattern(col: Column) -> tuple[Any, ...]:
        groups: dict[Any, list[int]] = {}
        for r, cell in enumerate(col.cells):
            if cell.tokens:
                groups.setdefault(cell.norm, []).append(r)
            elif cell.lacuna is not None:
                groups.setdefault(("<lacuna>", r), []).append(r)
        return (col.transposition, tuple(sorted(tuple(g) for g in groups.values())))

    out: list[tuple[int, int]] = []
    prev: tuple[Any, ...] | None = None
    for i, col in enumerate(collation.columns):
        p = pattern(col)
        if out and p == prev:
            out[-1] = (out[-1][0], i + 1)
        else:
            out.append((i, i + 1))
        prev = p
    return tuple(out)



def joined_table(collation: Collation) -> tuple[tuple[tuple[Token, ...], ...], ...]:
    """CollateX's parallel segmentation: ``table[rank][row]``, the tokens of each cell.

    As CollateX's ``segmentation=True`` does on its variant graph: a vertex (here: the
    witnesses of one column that agree on ``norm``) is joined to its successor when that
    is its only way on and the successor's only way in (so both carry the same
    witnesses); the joined graph is then ranked by longest path.  Unlike
    :func:`segments`, a witness's cells may then span different columns than another's.
    """
    start, end = -1, -2
    vid: dict[tuple[int, tuple[str, ...]], int] = {}
    vtoks: list[dict[int, list[Token]]] = []
    paths: list[list[int]] = [[] for _ in collation.witnesses]
    for k, col in enumerate(collation.columns):  # vertices numbered in column order
        for r, cell in enumerate(col.cells):
            if not cell.tokens:
                continue
            key = (k, cell.norm)
            v = vid.get(key)
            if v is None:
                v = vid[key] = len(vtoks)
                vtoks.append({})
            vtoks[v].setdefault(r, []).extend(cell.tokens)
            paths[r].append(v)
    outs: dict[int, set[int]] = {}
    ins: dict[int, set[int]] = {}
    for path in paths:
        for u, v in zip([start, *path], [*path, end], strict=True):
            outs.setdefault(u, set()).add(v)
            ins.setdefault(v, set()).add(u)
    head = list(range(len(vtoks)))
    rank: dict[int, int] = {}
    for v in range(len(vtoks)):
        preds = ins[v]
        if len(preds) == 1:
            (u,) = preds
            if u != start and outs[u] == {v}:
                head[v] = head[u]
                continue
        rank[v] = 1 + max((rank[head[u]] for u in preds if u != start), default=0)
    table: list[list[list[Token]]] = [
        [[] for _ in collation.witnesses] for _ in range(max(rank.values(), default=0))
    ]
    for v, toks_by_row in enumerate(vtoks):
        for r, toks in toks_by_row.items():
            table[rank[head[v]] - 1][r].extend(toks)
    return tuple(tuple(tuple(cell) for cell in row) for row in table)



def render_collatex_json(collation: Collation, options: CollateXOptions) -> str:
    """CollateX's JSON alignment table, for tools built on CollateX.

    ``{"witnesses": [sigla], "table": ...}``: with ``layout="vertical"`` (CollateX Java's
    layout) the table is column-major, ``table[column][witness]``; with
    ``"horizontal"`` (CollateX Python's default) row-major, ``table[witness][column]``.
    A cell is a list of token objects ``{"t": text + whitespace, "n": norm, ...}`` (with
    the token's ``extra`` properties, as CollateX passes user properties through), or
    ``null`` for a gap or a lacuna (CollateX has no lacunae).  ``segmentation=True``
    joins cells as CollateX does (:func:`joined_table`).
    """
    layout, segmentation, indent = options.layout, options.segmentation, options.indent
    if layout not in ("vertical", "horizontal"):
        raise RenderError(
            f"unknown CollateX JSON layout {layout!r}", hint="use 'vertical' or 'horizontal'"
        )

    def token(t: Token) -> dict[str, Any]:
        d: dict[str, Any] = {"t": t.text + t.ws, "n": t.norm}
        for k, v in t.extra.items():
            if k not in d and isinstance(v, (str, int, float, bool, type(None), list, dict)):
                d[k] = v
        return d

    grid = (
        joined_table(collation)
        if segmentation
        else tuple(tuple(cell.tokens for cell in col.cells) for col in collation.columns)
    )
    cols: list[list[list[dict[str, Any]] | None]] = [
        [[token(t) for t in cell] or None for cell in row] for row in grid
    ]
    table: list[Any] = cols
    if layout == "horizontal":
        table = [[col[r] for col in cols] for r in range(len(collation.witnesses))]
    return json.dumps(
        {"witnesses": list(collation.sigla), "table": table}, ensure_ascii=False, indent=indent
    )

