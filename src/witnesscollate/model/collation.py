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

import os
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import Field, dataclass, field
from functools import cached_property
from itertools import chain
from operator import attrgetter, itemgetter
from pathlib import Path
from typing import Any, ClassVar

from ..errors import WitnessError
from ._base import FrozenMap, FrozenTuple, show_fields
from ._hooks import pipeline
from .apparatus import Apparatus
from .witness import Lacuna, Token, Witness, WitnessLookup

__all__ = ["GAP", "Cell", "Collation", "Column", "Transposition"]

#: A token's comparison form.
_NORM = attrgetter("norm")


class Cell(FrozenTuple[Token]):
    """One witness at one column: its tokens, a gap (no tokens) or a lacuna (unknown).

    ``Cell(tokens=(), lacuna=None)``: ``tokens`` the witness's tokens here, in order (one or
    more), ``lacuna`` the :class:`Lacuna` that makes its text here unknown.

    A cell is the tuple of its tokens underneath (``len(cell)``, ``cell[0]``), with no tuple
    of its own inside: a collation of a book holds one cell per token, and a frozen
    dataclass wrapping a one-token tuple took half as much memory again and half as long
    again to make.  It behaves as the dataclass it was: the same fields and constructor,
    :func:`dataclasses.fields` and :func:`dataclasses.replace` work on it, it is immutable
    and hashable, equal only to a cell of the same tokens and lacuna, and ``tokens`` is a
    plain tuple.
    """

    __slots__ = ()
    __match_args__ = ("tokens", "lacuna")
    __dataclass_fields__: ClassVar[dict[str, Field[Any]]]  # (set below, as Token's)

    #: Set on the rare cells with a lacuna (a subclass with room for it); None on the others.
    lacuna: Lacuna | None = None

    def __new__(cls, tokens: Sequence[Token] = (), lacuna: Lacuna | None = None) -> Cell:
        if lacuna is None:
            return tuple.__new__(Cell, tokens)
        cell = tuple.__new__(_LacunaCell, tokens)
        object.__setattr__(cell, "lacuna", lacuna)
        return cell

    @property
    def tokens(self) -> tuple[Token, ...]:
        """The witness's tokens here, in order (a plain tuple)."""
        return tuple(self)  # (replaced below by the same in C)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Cell):  # (a plain tuple of the same tokens is no cell)
            return False if isinstance(other, tuple) else NotImplemented
        return self.lacuna == other.lacuna and tuple.__eq__(self, other)

    def __hash__(self) -> int:
        return hash((tuple(self), self.lacuna))

    def __repr__(self) -> str:
        return f"Cell(tokens={tuple(self)!r}, lacuna={self.lacuna!r})"

    def __reduce__(self) -> tuple[type[Cell], tuple[tuple[Token, ...], Lacuna | None]]:
        return Cell, (tuple(self), self.lacuna)

    @property
    def is_gap(self) -> bool:
        """The witness has no text here (and it is not a lacuna)."""
        return not self and self.lacuna is None

    @property
    def is_lacuna(self) -> bool:
        """The witness's text is unknown here."""
        return self.lacuna is not None and not self

    @property
    def text(self) -> str:
        """The tokens' text with inner whitespace, without the trailing whitespace."""
        return "".join(t.text + t.ws for t in self).rstrip()

    @property
    def norm(self) -> tuple[str, ...]:
        """The tokens' comparison forms."""
        return tuple(map(_NORM, self))


class _LacunaCell(Cell):
    """A cell with a lacuna: the one kind that keeps an attribute (few in any collation)."""

    # no __slots__: a subclass of tuple has no slots of its own, so ``lacuna`` lives in
    # the instance's dictionary (set once, in Cell.__new__)


# ``tokens`` as a C call (a copy of the cell as a plain tuple), not a Python frame
Cell.tokens = property(  # type: ignore[method-assign,assignment]
    itemgetter(slice(None)), doc="The witness's tokens here, in order (a plain tuple)."
)


@dataclass(frozen=True)
class _CellFields:
    """The fields :func:`dataclasses.fields` and :func:`dataclasses.replace` see on a cell."""

    tokens: tuple[Token, ...] = ()
    lacuna: Lacuna | None = None


show_fields(Cell, _CellFields)

GAP = Cell()


class Column(FrozenTuple[Cell]):
    """An aligned position: one cell per witness, in the collation's witness order.

    ``Column(cells, transposition=None, near=False)``: ``cells`` the witnesses' cells here,
    ``transposition`` the id of the :class:`Transposition` the column's tokens belong to, or
    ``None``; ``near`` is True where tokens stand together by near (fuzzy) matching.

    A column is the tuple of its cells underneath (``len(column)``, ``column[r]`` is the
    cell of witness ``r``, read without a copy), as a :class:`Cell` is the tuple of its
    tokens: a book's collation has a million columns, and a frozen dataclass holding a tuple
    of cells took 64 bytes more for each.  It behaves as the dataclass it was: the same
    fields and constructor, :func:`dataclasses.fields` and :func:`dataclasses.replace` work
    on it, it is immutable and hashable, equal only to a column of the same cells,
    transposition and ``near``, and ``cells`` is a plain tuple (a copy).
    """

    __slots__ = ()
    __match_args__ = ("cells", "transposition", "near")
    __dataclass_fields__: ClassVar[dict[str, Field[Any]]]  # (set below, as Cell's)

    #: Set on the few columns of a transposition or of near matches (a subclass with room
    #: for them); the defaults on the others.
    transposition: int | None = None
    near: bool = False

    def __new__(
        cls, cells: Sequence[Cell], transposition: int | None = None, near: bool = False
    ) -> Column:
        if transposition is None and not near:
            return tuple.__new__(Column, cells)
        column = tuple.__new__(_MarkedColumn, cells)
        object.__setattr__(column, "transposition", transposition)
        object.__setattr__(column, "near", near)
        return column

    @property
    def cells(self) -> tuple[Cell, ...]:
        """The witnesses' cells, in the collation's witness order (a plain tuple)."""
        return tuple(self)  # (replaced below by the same in C)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Column):  # (a plain tuple of the same cells is no column)
            return False if isinstance(other, tuple) else NotImplemented
        return (
            self.transposition == other.transposition
            and self.near == other.near
            and tuple.__eq__(self, other)
        )

    def __hash__(self) -> int:
        return hash((tuple(self), self.transposition, self.near))

    def __lt__(self, other: object) -> bool:
        return NotImplemented  # records have no order (the dataclass had none)

    __le__ = __gt__ = __ge__ = __lt__

    def __repr__(self) -> str:
        return (
            f"Column(cells={tuple(self)!r}, transposition={self.transposition!r}, "
            f"near={self.near!r})"
        )

    def __reduce__(self) -> tuple[type[Column], tuple[tuple[Cell, ...], int | None, bool]]:
        return Column, (tuple(self), self.transposition, self.near)

    @property
    def variant(self) -> bool:
        """True if the witnesses that have known text here do not all agree on ``norm``.

        Lacunae do not make a column variant (unknown is not different); gaps do.
        """
        forms = {c.norm for c in self if c.lacuna is None or c}  # (not c.is_lacuna)
        return len(forms) > 1


class _MarkedColumn(Column):
    """A column of a transposition or of near matches: the kind that keeps attributes."""

    # no __slots__: ``transposition`` and ``near`` live in the instance's dictionary (set
    # once, in Column.__new__)


# ``cells`` as a C call (a copy of the column as a plain tuple), not a Python frame
Column.cells = property(  # type: ignore[method-assign,assignment]
    itemgetter(slice(None)), doc="The witnesses' cells, in the collation's witness order."
)


@dataclass(frozen=True)
class _ColumnFields:
    """The fields :func:`dataclasses.fields` and :func:`dataclasses.replace` see on a column."""

    cells: tuple[Cell, ...]
    transposition: int | None = None
    near: bool = False


show_fields(Column, _ColumnFields)


@dataclass(frozen=True, slots=True)
class Transposition:
    """A block of text found in different places in different witnesses.

    ``blocks`` gives, for each witness involved, the ``(siglum, start, end)`` range of its token
    indices (end exclusive); ``columns`` the indices of the columns that hold these blocks.
    """

    id: int
    blocks: tuple[tuple[str, int, int], ...]
    columns: tuple[int, ...] = ()


def record_common_columns(collation: Collation, common: Any) -> None:
    """Note on ``collation`` which of its columns are common (a bool per column: every
    witness one token, of the same text, no lacuna), as the engine that built it knows.

    Not a field: a hint for :func:`common_columns`, tied to this very tuple of columns, so
    that a collation made from this one with other columns (``dataclasses.replace``) has none.
    """
    object.__setattr__(collation, "_common", (collation.columns, common))


def common_columns(collation: Collation) -> Any | None:
    """The common columns :func:`record_common_columns` noted (a numpy bool array), or None."""
    noted = collation.__dict__.get("_common")
    if noted is None or noted[0] is not collation.columns:
        return None
    return noted[1]


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

    def __post_init__(self) -> None:
        # (a caller's lists made tuples: what the collation answers and keeps once found,
        # its variant columns, stays true)
        for name in ("witnesses", "columns", "transpositions"):
            value = getattr(self, name)
            if not isinstance(value, tuple):
                object.__setattr__(self, name, tuple(value))

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

    @cached_property
    def variant_columns(self) -> tuple[int, ...]:
        """Indices of the columns where the witnesses differ (:attr:`Column.variant`).

        Made once: the Jupyter view and ``repr`` count them, and a book has a million
        columns.  A column the aligner noted as common (:func:`common_columns`: one token a
        witness, of the same text, no lacuna) is variant only if those tokens' norms differ
        (witnesses normalized otherwise, e.g. one of them as Russian): its norms are read
        in C, not through :attr:`Column.variant`'s cells (some 15 times as long at ten
        witnesses)."""
        columns = self.columns
        common = common_columns(self)
        if common is None:
            return tuple(i for i, c in enumerate(columns) if c.variant)
        norm, tokens = _NORM, chain.from_iterable
        return tuple(
            i
            for i, (c, one) in enumerate(zip(columns, common.tolist(), strict=True))
            if (len(set(map(norm, tokens(c)))) > 1 if one else c.variant)
        )

    def to_collatex_json(
        self,
        *,
        layout: str = "vertical",
        segmentation: bool = False,
        indent: int | None = None,
        witnesses: str = "sigla",
    ) -> str:
        """CollateX's JSON alignment table (see :mod:`witnesscollate.rendering.collatex`);
        ``witnesses="tokens"`` makes it a collation CollateX can also run."""
        return pipeline().render(
            self,
            "collatex-json",
            layout=layout,
            segmentation=segmentation,
            indent=indent,
            witnesses=witnesses,
        )

    def to_dataframe(self, *, layout: str = "vertical", segmentation: bool = False) -> Any:
        """The alignment table as a pandas DataFrame: a column per witness (``"vertical"``)
        or a row per witness (``"horizontal"``); needs the pandas extra."""
        return pipeline().dataframe(self, layout=layout, segmentation=segmentation)

    def to_graph(self, *, segmentation: bool = False) -> Any:
        """The variant graph, a networkx DiGraph (:mod:`witnesscollate.rendering.graph`)."""
        return pipeline().graph(self, segmentation=segmentation)

    def render(self, fmt: Any = "collatex-json", **opts: Any) -> str:
        """The collation in a format: ``collatex-json``, ``table-csv``, ``table-json``,
        ``graphml``, ``dot``, ``svg``, ``html`` (``docs/formats.md``)."""
        return pipeline().render(self, fmt, **opts)

    def write(self, path: str | os.PathLike[str], fmt: Any = None, **opts: Any) -> Path:
        """Write the collation atomically; the format comes from ``fmt`` or the file suffix
        (``.svg``, ``.graphml``, ``.dot``, ``.csv`` for the table, ``.json`` for CollateX's)."""
        return pipeline().write(self, path, fmt, **opts)

    def apparatus(self, base: str | None = None, **options: Any) -> Apparatus:
        """Variation units with classified readings (:func:`witnesscollate.api.apparatus`)."""
        result: Apparatus = pipeline().apparatus(self, base=base, **options)
        return result

    def _repr_html_(self) -> str:
        """The alignment table in Jupyter (IPython is never imported)."""
        return pipeline().html_fragment(self)

    def __repr__(self) -> str:
        return (
            f"Collation(witnesses={list(self.sigla)}, columns={len(self.columns)}, "
            f"variant={len(self.variant_columns)}, transpositions={len(self.transpositions)}, "
            f"engine={self.engine!r})"
        )
