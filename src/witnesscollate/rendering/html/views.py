"""The view records the HTML templates see: witnesses, works cited, units, readings and
their sigla, the text view's pieces and blocks, the synoptic table's rows and cells, the
strip's bars and the legend's classes; and each class's names and colour.

Plain records of the apparatus's values as the page prints them (a siglum apart from its
state, a unit's three ids); :mod:`.builder` makes them, and a user's templates read them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ...model import VariantType

#: The colour of each class (the palette of :mod:`witnesscollate.model.variants`).
TYPE_COLOURS = {t.value: t.info.colour for t in VariantType if t is not VariantType.IDENTICAL}
#: Each class's value, label and abbreviation (enum properties cost a call each, per reading).
_TYPE_NAMES = {t: (t.value, t.label, t.abbreviation) for t in VariantType}


@dataclass(frozen=True, slots=True)
class WitnessView:
    """A witness as the page prints it: siglum and state apart (``B3`` + *a.c.*)."""

    siglum: str
    printed: str
    state: str | None
    dom: str
    title: str
    date: str
    lang: str | None
    is_base: bool


@dataclass(frozen=True, slots=True)
class Work:
    """A work cited for readings: its number (the superscript mark) and citation."""

    number: int
    dom: str
    ref: str
    text: str
    sigla: list[str] = field(default_factory=list)
    units: list[int] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Mark:
    """A superscript mark after a siglum: a work cited for the witness's reading."""

    work: Work
    cert: str | None
    title: str


@dataclass(frozen=True, slots=True)
class WitnessRef:
    """A siglum in a reading: the witness, whether its text here is attested, its marks,
    and, where the encoder inferred its words here, the certainty they state (``""`` if
    none; None if not inferred)."""

    witness: WitnessView
    unattested: bool
    marks: tuple[Mark, ...]
    inferred: str | None = None

    @property
    def bare(self) -> bool:
        """True if the siglum stands alone (no state, no mark after it): neighbouring bare
        sigla share one span (the ``refs`` macro; :func:`_joined_sigla`)."""
        return not (
            self.witness.state or self.unattested or self.marks or self.inferred is not None
        )


@dataclass(frozen=True, slots=True)
class ReadingView:
    """A reading as printed: ``before`` term, text, ``after`` term, note, class, sigla."""

    before: str | None
    text: str
    after: str | None
    note: str | None
    type: str
    type_label: str
    abbr: str
    show_kind: bool
    lemma: bool
    lang: str | None
    refs: tuple[WitnessRef, ...]
    cert: str | None


@dataclass(frozen=True, slots=True)
class UnitView:
    """A variation unit: ids of its three places (entry, text, table), lemma and readings."""

    id: str
    dom: str
    txt: str
    syn: str
    number: int
    loc: str
    type: str
    type_label: str
    abbr: str
    types: str
    substantive: bool
    lemma: ReadingView
    lemma_title: str
    lemma_refs: tuple[WitnessRef, ...]
    variants: tuple[ReadingView, ...]
    depth: int
    parent: UnitView | None
    wits: str
    search: str
    nested: bool
    x: float
    w: float
    tip: str


@dataclass(frozen=True, slots=True)
class Piece:
    """A piece of the text view: ``text``, a ``milestone`` or a ``unit`` (with its pieces)."""

    kind: str
    text: str = ""
    unit: UnitView | None = None
    children: tuple[Piece, ...] = ()
    trail: str = ""
    reading: ReadingView | None = None


@dataclass(frozen=True, slots=True)
class BlockView:
    """A block of the base text (paragraph, heading...) with its pieces."""

    kind: str
    number: int | None
    label: str
    pieces: tuple[Piece, ...]


@dataclass(slots=True)
class SynCell:
    """A cell of the synoptic table; ``wits`` are the dom ids of the witnesses it stands for."""

    kind: str  # shared | lemma | reading | outside
    wits: tuple[str, ...]
    colspan: int = 1
    rowspan: int = 1
    text: str = ""
    reading: ReadingView | None = None
    ref: WitnessRef | None = None
    unit: UnitView | None = None
    lang: str | None = None
    title: str = ""
    unattested: bool = False
    #: the cell is not of its row's unit: it names its own (``unit``), or none (``data-unit=""``)
    own_unit: bool = False

    @property
    def w(self) -> str:
        return " ".join(self.wits)


@dataclass(slots=True)
class SynRow:
    """A row of the synoptic table: the units it is the first row of, and its cells.

    ``unit``: the unit whose readings the row's cells are (``data-unit`` on the row); a cell
    of another unit (the enclosing unit's, spanning the rows of the units inside it) names
    its own (``SynCell.unit``)."""

    kind: str  # text | unit
    cells: list[SynCell]
    units: list[UnitView] = field(default_factory=list)
    depth: int = 0
    para_start: bool = False
    unit: UnitView | None = None


@dataclass(frozen=True, slots=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    count: int


@dataclass(frozen=True, slots=True)
class TypeEntry:
    """A class shown in the legend and the class filter."""

    value: str
    label: str
    abbr: str
    count: int
