"""The alignment stage's output record: a :class:`Collation` of aligned witnesses.

A collation is a table: one row per witness (in the order given), one :class:`Column` per
aligned position.  Each :class:`Cell` holds the witness's tokens at that position (one or more,
in order), or nothing (a *gap*: the witness does not have this text), or a lacuna (the
witness's text is *unknown* here: ``gap``/``lacuna*`` in its TEI).  A gap and a lacuna are not
the same thing, and only a gap can become an omission in the apparatus.

Blocks of text that stand in different places in different witnesses are linked by a
:class:`Transposition`; each side of it occupies its own columns.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..errors import RenderError, WitnessError
from ..model import FrozenMap, Lacuna, Positional, Token, Witness

if TYPE_CHECKING:
    from ..analysis.apparatus import Apparatus

__all__ = ["Cell", "Collation", "Column", "Transposition", "WitnessLookup"]


@dataclass(frozen=True, slots=True)
class Cell(Positional):
    """One witness at one column: its tokens, a gap (no tokens) or a lacuna (unknown)."""

    tokens: tuple[Token, ...] = ()
    lacuna: Lacuna | None = None

    @property
    def is_gap(self) -> bool:
        """The witness has no text here (and it is not a lacuna)."""
        return not self.tokens and self.lacuna is None

    @property
    def is_lacuna(self) -> bool:
        """The witness's text is unknown here."""
        return self.lacuna is not None and not self.tokens

    @property
    def text(self) -> str:
        """The tokens' text with inner whitespace, without the trailing whitespace."""
        return "".join(t.text + t.ws for t in self.tokens).rstrip()

    @property
    def norm(self) -> tuple[str, ...]:
        """The tokens' comparison forms."""
        return tuple(t.norm for t in self.tokens)


GAP = Cell()


@dataclass(frozen=True, slots=True)
class Column(Positional):
    """An aligned position: one cell per witness, in the collation's witness order.

    ``transposition`` is the id of the :class:`Transposition` the column's tokens belong to,
    or ``None``.  ``near`` is True where tokens stand together by near (fuzzy) matching.
    """

    cells: tuple[Cell, ...]
    transposition: int | None = None
    near: bool = False

    @property
    def variant(self) -> bool:
        """True if the witnesses that have known text here do not all agree on ``norm``.

        Lacunae do not make a column variant (unknown is not different); gaps do.
        """
        forms = {c.norm for c in self.cells if not c.is_lacuna}
        return len(forms) > 1


@dataclass(frozen=True, slots=True)
class Transposition:
    """A block of text found in different places in different witnesses.

    ``blocks`` gives, for each witness involved, the ``(siglum, start, end)`` range of its token
    indices (end exclusive); ``columns`` the indices of the columns that hold these blocks.
    """

    id: int
    blocks: tuple[tuple[str, int, int], ...]
    columns: tuple[int, ...] = ()


class WitnessLookup:
    """Mixin for records holding ``witnesses``: their sigla, and a witness by siglum."""

    __slots__ = ()
    witnesses: tuple[Witness, ...]

    @property
    def sigla(self) -> tuple[str, ...]:
        """The witnesses' sigla, in order."""
        return tuple(w.siglum for w in self.witnesses)

    def witness(self, siglum: str) -> Witness:
        """The witness with this siglum; a :class:`WitnessError` names the known ones."""
        for w in self.witnesses:
            if w.siglum == siglum:
                return w
        raise WitnessError(
            f"unknown siglum {siglum!r}", hint=f"use one of: {', '.join(self.sigla)}"
        )


@dataclass(frozen=True)
class Collation(WitnessLookup):
    """Witnesses aligned into columns, with transpositions linked.

    ``engine`` names the aligner (``"native"`` or ``"collatex"``), ``options`` the settings it
    ran with (recorded so that outputs can say how the collation was made).
    """

    witnesses: tuple[Witness, ...]
    columns: tuple[Column, ...]
    transpositions: tuple[Transposition, ...] = ()
    engine: str = "native"
    options: Mapping[str, Any] = field(default_factory=FrozenMap)

    def row_index(self, siglum: str) -> int:
        """The row (cell index) of a witness."""
        try:
            return self.sigla.index(siglum)
        except ValueError:
            raise WitnessError(
                f"unknown siglum {siglum!r}", hint=f"use one of: {', '.join(self.sigla)}"
            ) from None

    def row(self, siglum: str) -> tuple[Cell, ...]:
        """All cells of one witness, column by column."""
        i = self.row_index(siglum)
        return tuple(col.cells[i] for col in self.columns)

    def __len__(self) -> int:
        return len(self.columns)

    def __iter__(self) -> Iterator[Column]:
        return iter(self.columns)

    @property
    def variant_columns(self) -> tuple[int, ...]:
        """Indices of the columns where the witnesses differ."""
        return tuple(i for i, c in enumerate(self.columns) if c.variant)

    def segments(self) -> tuple[tuple[int, int], ...]:
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
        for i, col in enumerate(self.columns):
            p = pattern(col)
            if out and p == prev:
                out[-1] = (out[-1][0], i + 1)
            else:
                out.append((i, i + 1))
            prev = p
        return tuple(out)

    def joined_table(self) -> tuple[tuple[tuple[Token, ...], ...], ...]:
        """CollateX's parallel segmentation: ``table[rank][row]``, the tokens of each cell.

        As CollateX's ``segmentation=True`` does on its variant graph: a vertex (here: the
        witnesses of one column that agree on ``norm``) is joined to its successor when that
        is its only way on and the successor's only way in (so both carry the same
        witnesses); the joined graph is then ranked by longest path.  Unlike
        :meth:`segments`, a witness's cells may then span different columns than another's.
        """
        start, end = -1, -2
        vid: dict[tuple[int, tuple[str, ...]], int] = {}
        vtoks: list[dict[int, list[Token]]] = []
        paths: list[list[int]] = [[] for _ in self.witnesses]
        for k, col in enumerate(self.columns):  # vertices numbered in column order
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
            [[] for _ in self.witnesses] for _ in range(max(rank.values(), default=0))
        ]
        for v, toks_by_row in enumerate(vtoks):
            for r, toks in toks_by_row.items():
                table[rank[head[v]] - 1][r].extend(toks)
        return tuple(tuple(tuple(cell) for cell in row) for row in table)

    def to_collatex_json(
        self, *, layout: str = "vertical", segmentation: bool = False, indent: int | None = None
    ) -> str:
        """CollateX's JSON alignment table, for tools built on CollateX.

        ``{"witnesses": [sigla], "table": ...}``: with ``layout="vertical"`` (CollateX Java's
        layout) the table is column-major, ``table[column][witness]``; with
        ``"horizontal"`` (CollateX Python's default) row-major, ``table[witness][column]``.
        A cell is a list of token objects ``{"t": text + whitespace, "n": norm, ...}`` (with
        the token's ``extra`` properties, as CollateX passes user properties through), or
        ``null`` for a gap or a lacuna (CollateX has no lacunae).  ``segmentation=True``
        joins cells as CollateX does (:meth:`joined_table`).
        """
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
            self.joined_table()
            if segmentation
            else tuple(tuple(cell.tokens for cell in col.cells) for col in self.columns)
        )
        cols: list[list[list[dict[str, Any]] | None]] = [
            [[token(t) for t in cell] or None for cell in row] for row in grid
        ]
        table: list[Any] = cols
        if layout == "horizontal":
            table = [[col[r] for col in cols] for r in range(len(self.witnesses))]
        return json.dumps(
            {"witnesses": list(self.sigla), "table": table}, ensure_ascii=False, indent=indent
        )

    def apparatus(self, base: str | None = None, **options: Any) -> Apparatus:
        """Variation units with classified readings; see :func:`witnesscollate.analysis.build_apparatus`."""
        from ..analysis.units import build_apparatus  # analysis is a later stage

        return build_apparatus(self, base=base, **options)

    def _repr_html_(self) -> str:
        """The alignment table in Jupyter (IPython is never imported)."""
        from ..rendering.html import collation_html  # rendering is a later stage

        return collation_html(self)

    def __repr__(self) -> str:
        return (
            f"Collation(witnesses={list(self.sigla)}, columns={len(self.columns)}, "
            f"variant={len(self.variant_columns)}, transpositions={len(self.transpositions)}, "
            f"engine={self.engine!r})"
        )
