"""CollateX interchange: a collation as CollateX's JSON alignment table.

CollateX (Java and Python) writes an alignment as ``{"witnesses": [...], "table": ...}``;
tools built on it read that.  :func:`segments` and :func:`joined_table` reproduce CollateX's
``segmentation=True`` (joining the cells of a variant graph's straight runs), for the same
output and for the conformance tests against CollateX's own cases.  What CollateX's table
cannot say goes into one more key, ``"witnesscollate"`` (:data:`EXTENSION`), which CollateX
ignores and :mod:`witnesscollate.reading.collatex_json` reads back.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from ..errors import RenderError
from ..model import Collation, Column, Lacuna, Token, Witness
from ..reading.collatex_json import EXTENSION, EXTENSION_VERSION
from .options import CollateXOptions

__all__ = ["joined_table", "render_collatex_json", "segments", "token_json"]


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


_JSON_SCALARS = (str, int, float, bool, type(None))


def _jsonable(value: Any) -> bool:
    if isinstance(value, _JSON_SCALARS):
        return True
    if isinstance(value, (list, tuple)):
        return all(_jsonable(v) for v in value)
    if isinstance(value, Mapping):
        return all(isinstance(k, str) and _jsonable(v) for k, v in value.items())
    return False


def token_json(t: Token) -> dict[str, Any]:
    """A token as CollateX writes it: ``t`` (text and the whitespace after it), ``n`` (norm)
    and the token's JSON-able ``extra`` properties, as CollateX passes user properties on."""
    d: dict[str, Any] = {"t": t.text + t.ws, "n": t.norm}
    for k, v in t.extra.items():
        if k not in d and _jsonable(v):
            d[k] = v
    return d


def _lacuna_json(lac: Lacuna, columns: list[int] | None) -> dict[str, Any]:
    d: dict[str, Any] = {"position": lac.position, "end": lac.end, "kind": lac.kind}
    for name in ("reason", "extent", "xml_id", "source_line", "block"):
        value = getattr(lac, name)
        if value is not None:
            d[name] = value
    if columns is not None:
        d["columns"] = columns
    return d


def _witness_json(w: Witness, row: int, collation: Collation, exact: bool) -> dict[str, Any]:
    d: dict[str, Any] = {"id": w.siglum}
    if w.leading_ws:
        d["leading_ws"] = w.leading_ws
    if w.lacunae:
        cols: dict[int, list[int]] = {}
        if exact:  # which cells each lacuna marks (an unsegmented table's columns are ours)
            for c, col in enumerate(collation.columns):
                lac = col.cells[row].lacuna
                if lac is not None:
                    for k, own in enumerate(w.lacunae):
                        if own is lac or own == lac:
                            cols.setdefault(k, []).append(c)
                            break
        d["lacunae"] = [
            _lacuna_json(lac, cols.get(k, []) if exact else None) for k, lac in enumerate(w.lacunae)
        ]
    if w.normalizers:
        d["normalizers"] = list(w.normalizers)
    if w.state is not None:
        d["state"] = w.state
    if w.base_siglum is not None:
        d["base_siglum"] = w.base_siglum
    meta = {
        name: getattr(w.metadata, name)
        for name in ("title", "date", "edition", "source", "repository", "language", "file")
        if getattr(w.metadata, name)
    }
    if meta:
        d["metadata"] = meta
    return d


def _extension(collation: Collation, layout: str, segmentation: bool) -> dict[str, Any]:
    """What a CollateX table cannot carry, so that the collation reads back whole."""
    exact = not segmentation
    ext: dict[str, Any] = {
        "version": EXTENSION_VERSION,
        "layout": layout,
        "segmentation": segmentation,
        "engine": collation.engine,
        "options": {k: v for k, v in collation.options.items() if _jsonable(v)},
        "witnesses": [
            _witness_json(w, r, collation, exact) for r, w in enumerate(collation.witnesses)
        ],
    }
    if exact:
        flagged = [
            {"column": c, "transposition": col.transposition, "near": col.near}
            for c, col in enumerate(collation.columns)
            if col.transposition is not None or col.near
        ]
        if flagged:
            ext["columns"] = flagged
    if collation.transpositions:
        ext["transpositions"] = [
            {
                "id": t.id,
                "blocks": [list(b) for b in t.blocks],
                **({"columns": list(t.columns)} if exact else {}),
            }
            for t in collation.transpositions
        ]
    return ext


def render_collatex_json(collation: Collation, options: CollateXOptions) -> str:
    """CollateX's JSON alignment table, for tools built on CollateX.

    ``{"witnesses": [sigla], "table": ...}``: with ``layout="vertical"`` (CollateX Java's
    layout) the table is column-major, ``table[column][witness]``; with
    ``"horizontal"`` (CollateX Python's) row-major, ``table[witness][column]``.
    A cell is a list of token objects ``{"t": text + whitespace, "n": norm, ...}`` (with
    the token's ``extra`` properties, as CollateX passes user properties through), or
    ``null`` for a gap or a lacuna (CollateX has no lacunae).  ``segmentation=True``
    joins cells as CollateX does (:func:`joined_table`).

    ``witnesses="tokens"`` writes each witness as CollateX's *input* does,
    ``{"id": siglum, "tokens": [...]}``, instead of its siglum, so that the file is also
    a collation CollateX can run (``collatex.Collation.create_from_dict``, CollateX Java's
    JSON input); ``"sigla"`` (the default) is CollateX's own output, as its tools expect.

    A ``"witnesscollate"`` object beside them holds what the table cannot say (lacunae,
    transpositions, near matches, the space before a witness's first token, metadata, the
    engine and its options); CollateX ignores it, and
    :func:`witnesscollate.reading.load_collatex_alignment` reads the collation back whole.
    """
    layout, segmentation, indent = options.layout, options.segmentation, options.indent
    if layout not in ("vertical", "horizontal"):
        raise RenderError(
            f"unknown CollateX JSON layout {layout!r}", hint="use 'vertical' or 'horizontal'"
        )
    if options.witnesses not in ("sigla", "tokens"):
        raise RenderError(
            f"unknown CollateX JSON witnesses form {options.witnesses!r}",
            hint="use 'sigla' (CollateX's output) or 'tokens' (CollateX's input)",
        )
    grid = (
        joined_table(collation)
        if segmentation
        else tuple(tuple(cell.tokens for cell in col.cells) for col in collation.columns)
    )
    cols: list[list[list[dict[str, Any]] | None]] = [
        [[token_json(t) for t in cell] or None for cell in row] for row in grid
    ]
    table: list[Any] = cols
    if layout == "horizontal":
        table = [[col[r] for col in cols] for r in range(len(collation.witnesses))]
    witnesses: list[Any] = list(collation.sigla)
    if options.witnesses == "tokens":
        witnesses = [
            {"id": w.siglum, "tokens": [token_json(t) for t in w.tokens]}
            for w in collation.witnesses
        ]
    doc = {
        "witnesses": witnesses,
        "table": table,
        EXTENSION: _extension(collation, layout, segmentation),
    }
    return json.dumps(doc, ensure_ascii=False, indent=indent)
