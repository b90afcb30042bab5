"""The shipped macros, in Python: ``_Direct`` writes the per-unit markup of ``macros.html``
(the apparatus list, the text view, the strip, the synoptic table) straight from the
apparatus records, byte for byte the macros' output.

Where every unit is shown and no work is cited, :meth:`_Direct._walk_once` writes every part
of the page in one walk of the blocks (:func:`_one_walk` decides); otherwise each part has
its writer.  The view lists a template may read instead (``units``, ``rows``, a block's
``pieces``) are :class:`_Lazy` and built only if it does.
"""

from __future__ import annotations

import re
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import chain, repeat
from operator import attrgetter, itemgetter, mul, truediv
from typing import Any

from markupsafe import Markup

from ...model import (
    APPARATUS_TERMS,
    Citation,
    Milestone,
    Reading,
    Segment,
    Stretch,
    VariantType,
    VariationUnit,
)
from ..labels import INFERRED_MARK, NO_TEXT, UNATTESTED_MARK, Label, label_parts, reading_label
from .builder import (
    _LONG_LEMMA,
    _STRIP_BINS,
    _STRIP_WIDTH,
    _abridge,
    _Anchor,
    _AnchorWalk,
    _Builder,
    _holds_base_text,
    _synoptic_layout,
    _with_ante,
)
from .markup import (
    _NO_TEXT,
    _NO_UNIT,
    _entry_number,
    _escape,
    _joined_sigla,
    _lemma_title,
    _pnum,
    _row_number,
    _take_trail,
    _text_alone,
    _text_row_start,
    _tick,
    _to_syn,
    _unattested_title,
    _unit_mark,
)
from .views import _TYPE_NAMES, Bar, WitnessView

#: Markup made of constant pieces and values: the constants, and what picks the pieces in
#: order from ``constants + values``; ``"".join(pick(constants + values))`` writes it.  (A
#: ``%`` template of a row of ten cells costs about twice as much: it reads every character
#: of the template for its ``%`` s.  The pieces are joined per row, not left to the page's
#: join: half a million small pieces there cost more than the rows' joins.)
_Plan = tuple[list[str], Callable[[list[str]], Sequence[str]]]
#: A shown unit as the writers print it (:meth:`_Direct.info`).
_Info = tuple[str, str, str, str, int, str, str, str]


_FIRST = itemgetter(0)
_SECOND = itemgetter(1)


_TEXT = attrgetter("text")


def _listed_kind(r: Reading, kind: str) -> str:
    """The class mark after a reading in the apparatus list: none for legible text against
    a lost lemma («… and Others IMT lac.» read as IMT's text lost; the synoptic table's
    grey cell with *lac.* says the base's text is lost there, as its note explains)."""
    return "" if r.type is VariantType.LACUNA else kind


def _inferred_mark(cert: str, after_marks: bool) -> str:
    """The mark after a siglum whose words here the encoder inferred (the ``ref`` macro's)."""
    comma = "<sup>,</sup>" if after_marks else ""
    if not cert:
        return f'{comma}<sup class="inferred" title="wording inferred by the encoder">{INFERRED_MARK}</sup>'
    c = _escape(cert)
    return (
        f'{comma}<sup class="inferred" title="wording inferred by the encoder (cert: {c})">'
        f'{INFERRED_MARK}<span class="cert"> cert. {c}</span></sup>'
    )


def _entry_text(lemma: Reading, anchor: _Anchor | None) -> tuple[str, str]:
    """The lemma's text as an entry shows it (a long one abridged, with the whole in a title;
    an addition's by its anchor word) and that title attribute.  The lemma's own ``text``
    object where it is shown unchanged (callers tell by identity)."""
    text = lemma.text
    if text:
        short = _abridge(text)
        if short != text:
            return short, f' title="{_escape(text)}"'
        return text, ""
    return (anchor.word if anchor is not None else text), ""


class _Row:
    """A row of the synoptic table as markup is made: its units' numbers and its cells."""

    __slots__ = ("cells", "data_unit", "depth", "joined", "kind", "para_start", "units")

    def __init__(
        self,
        kind: str,
        cells: list[tuple[int, str]],
        depth: int,
        joined: str | None = None,
        data_unit: str = "",
    ) -> None:
        self.kind = kind
        self.data_unit = data_unit  # the attribute naming the unit of the row's cells
        self.cells = cells  # (the column of its first witness, the cell's markup)
        self.joined = joined  # or the cells' markup in one (a row no other cell joins)
        self.depth = depth
        self.units: list[VariationUnit] = []
        self.para_start = False


class _Lazy(Sequence[Any]):
    """A view list a template may read (``units``, ``rows``, a block's ``pieces``), built only
    if it does: the shipped page hands it back to :class:`_Direct`, which writes the markup
    straight from the apparatus records."""

    __slots__ = ("_items", "_make")

    def __init__(self, make: Callable[[], Sequence[Any]]) -> None:
        self._make = make
        self._items: Sequence[Any] | None = None

    def _all(self) -> Sequence[Any]:
        if self._items is None:
            self._items = self._make()
        return self._items

    def __getitem__(self, i: Any) -> Any:
        return self._all()[i]

    def __len__(self) -> int:
        return len(self._all())

    def __iter__(self) -> Iterator[Any]:
        return iter(self._all())


@dataclass(frozen=True, slots=True)
class _FastBlock:
    """A block of the text view for the shipped page: its pieces are written when asked."""

    kind: str
    number: int | None
    label: str
    pieces: _Pieces


_NOTHING: frozenset[str] = frozenset()


def _one_walk(b: _Builder) -> bool:
    """True if :meth:`_Direct._walk_once` writes the page: every unit is shown (none hidden
    by a filter, none cut by ``max_units``: the walk reads the blocks' units as they are,
    while a hidden unit must give way to its text, :meth:`_Builder._segments`) and no work
    cited is shown (the works are numbered in the order of the entries, then of the table's
    cells, which one walk of the text does not keep)."""
    return (
        not b.truncated
        and len(b.app.units) == len(b.app.all_units)
        and not (b.sources and _cites(b.app.units))
        and not b.inferred  # (its marks are written by refs, unit by unit)
    )


def _cites(units: Sequence[VariationUnit]) -> bool:
    """True if a reading of ``units`` cites a work."""
    return any(map(_SOURCES, chain.from_iterable(map(_READINGS, units))))


_SOURCES = attrgetter("sources")
#: What a reading brings to the shape of its unit (:meth:`_Direct._shape`).
_SHAPE_OF = attrgetter("lemma", "type", "witnesses", "unattested", "substantive")
_READINGS = attrgetter("readings")
#: The classes whose label :func:`~.labels.label_parts` does not decide from the texts alone.
_LABELLED_BY_CLASS = frozenset([VariantType.UNATTESTED, VariantType.TRANSPOSITION])


@dataclass(frozen=True, slots=True)
class _Shape:
    """What the units of one shape print alike (see :meth:`_Direct._shape`)."""

    attrs: str
    lemma_refs: str
    lemma_lang: str
    # a variant's place among the readings, start tag, sigla, class mark, and whether the
    # label rule decides its label from the texts alone (see _Direct._walk_once; by place,
    # not a strict zip with the readings after the lemma: a twentieth of the page's time)
    variants: tuple[tuple[int, str, str, str, bool], ...]
    row: _Plan | None  # the row's cells and its end (see _Direct._row_template)
    types: tuple[VariantType, ...]
    substantive: bool
    unattested: bool
    count: list[int]  # the units of this shape the walk visited
    utype: VariantType  # the unit's class, which the three below print
    mark: str  # the text view's mark, from its id to its unit
    ref: str  # and from its number to its number again
    tick: str  # a tick's, from its title's class to its place


class _Tally:
    """:meth:`_Builder._tally` counted as the units are visited."""

    __slots__ = ("bins", "substantive", "types", "unattested")

    def __init__(self) -> None:
        self.types: dict[VariantType, int] = {}
        self.bins = [0] * _STRIP_BINS
        self.unattested = False
        self.substantive = 0

    def add_shapes(self, shapes: Iterable[_Shape], starts: Iterable[int], length: int) -> None:
        """Shown units outside any other: ``shapes`` with their counts, and where each unit
        starts in the base text."""
        types, bins = self.types, self.bins
        for shape in shapes:
            n = shape.count[0]
            if not n:
                continue
            for t in shape.types:
                types[t] = types.get(t, 0) + n
            if shape.substantive:
                self.substantive += n
            if shape.unattested:
                self.unattested = True
        last = _STRIP_BINS - 1
        # int(start / length * _STRIP_BINS) of each start, counted in C
        places = map(mul, map(truediv, starts, repeat(length)), repeat(_STRIP_BINS))
        for place, n in Counter(map(int, places)).items():
            bins[min(place, last)] += n

    def add_units(self, units: Iterable[VariationUnit], b: _Builder) -> None:
        """Shown units, as :meth:`_Builder._tally` counts them."""
        types, bins, length = self.types, self.bins, b.length
        for u in units:
            readings = u.readings
            variants = readings[1:]
            if any([r.substantive for r in variants]):
                self.substantive += 1
            for t in {r.type for r in variants}:
                types[t] = types.get(t, 0) + 1
            if not self.unattested:
                self.unattested = any([r.unattested for r in readings])
            start = u.location.char_start if u.parent is None else b._base_chars(u)[0]
            bins[min(int(start / length * _STRIP_BINS), _STRIP_BINS - 1)] += 1

    def result(self) -> tuple[dict[VariantType, int], list[int], bool, int]:
        return self.types, self.bins, self.unattested, self.substantive


class _Infos(dict):  # type: ignore[type-arg]
    """:meth:`_Direct.info` by unit id, made on first use."""

    def __init__(self, writer: _Direct) -> None:
        super().__init__()
        self.writer = writer

    def __missing__(self, uid: str) -> _Info:
        self.writer._make_info([self.writer.b.app.unit(uid)])
        return dict.__getitem__(self, uid)  # type: ignore[no-any-return]


class _Direct:
    """The per-unit macros of ``macros.html`` (entry, pieces, strip, synopsis), written
    straight from the apparatus records.

    A page of a long text has thousands of units; through the macros each costs some twenty
    macro calls and eighty escapes, and the view records they read cost as much again.  Here
    each unit is a few joins, the strings that recur (sigla, classes, labels) are escaped
    once, and a reading's markup is made once for all the cells that show it.  The markup is
    byte for byte the macros' (a test renders both).  The page and the fragment use this when
    no user template folder replaces ``macros.html``; the view lists they are given
    (``units``, ``rows``, ``pieces``) are :class:`_Lazy` and stay unbuilt unless a user's
    page template reads them; anything else handed to these methods goes to the macros.

    The apparatus list and the synoptic table are written up front (:meth:`prepare`), in the
    order the views would be built, so that the works cited are numbered as the macros
    number them.
    """

    def __init__(self, b: _Builder, macros: Callable[[], Any]) -> None:
        self.b = b
        self._macros = macros
        self._escaped: dict[str, str] = {}
        self._sigla: dict[str, str] = {}
        self._plain: dict[
            int, tuple[str, str]
        ] = {}  # a reading's markup, by id (the apparatus holds it)
        self._refs: dict[tuple[str, bool], str] = {}
        self._ref_lists: dict[tuple[tuple[str, ...], tuple[str, ...]], str] = {}
        self._kinds: dict[VariantType, str] = {}
        self._entry_attrs: dict[tuple[Any, ...], str] = {}  # data-types, data-wits
        # a cell's start tag, per class of cell and rowspan: (column, before and after its
        # data-unit attribute) per siglum
        self._class_heads: dict[tuple[bool, VariantType, int], dict[str, tuple[int, str, str]]] = {}
        self._cell_heads: dict[tuple[str, bool, VariantType, int], str] = {}  # (_row_template)
        # (see _row_template)
        self._row_templates: dict[tuple[Any, ...], _Plan | None] = {}
        self._info: dict[str, _Info] = _Infos(self)
        self._prefix = _escape(b.prefix)
        self._shapes: dict[tuple[Any, ...], _Shape] = {}
        self._labels: dict[str, tuple[str, str]] = {}  # a location's markup, its label escaped
        self._wts: dict[str, str] = {}  # (see _wt, _marked, _added)
        self._adds: dict[str, str] = {}
        self._markeds: dict[tuple[str | None, str, str | None, str | None], str] = {}
        self._widths: dict[int, str] = {}  # a tick's width, by the unit's length in characters
        self._type_attrs = {
            t: (_escape(v), _escape(label)) for t, (v, label, _) in _TYPE_NAMES.items()
        }
        self._tick_list: list[str] | None = None  # (made by _walk_once)
        self._text_lines: list[str] | None = None  # the text view's (made by _walk_once)
        self._blocks: _Lazy | None = None  # (see blocks)
        self._doms = {s: w.dom for s, w in b.witnesses.items()}
        self._langs: dict[str, str] = {}  # a siglum's lang attribute
        self._locs: dict[str, str] = {}
        self._rdg_heads: dict[tuple[str, str | None], str] = {}
        self._heads: dict[tuple[str, str, str, int, int], tuple[int, str, str]] = {}
        self._runs: dict[tuple[tuple[str, ...], frozenset[str]], list[tuple[int, str, str]]] = {}
        self._unatt, self._unatt_shared = (
            f'<span class="unatt" title="{_unattested_title(n)}">{_escape(UNATTESTED_MARK)}</span>'
            for n in (1, 2)
        )
        self.units = _Lazy(b.unit_list)
        self.rows = _Lazy(b.synopsis)
        self._entries: tuple[bool, bool, bool, list[str]] | None = None
        self._table: list[str] | None = None
        # The long parts of the page (apparatus list, strip, text, table) stand in the
        # template's output as marks, put in place once the page is made (:meth:`splice`):
        # otherwise each is copied three times more (into Markup, by Jinja's escape, by its
        # join), and on a book's page of hundreds of megabytes the copies cost seconds.
        self._parts: list[list[str]] = []
        self._part_mark = f"wc-part-{uuid.uuid4().hex}-"
        self.placing = True
        self._base_lang = self.lang_attr(b.lang_of(b.app.base))

    # -- small pieces

    def e(self, s: str) -> str:
        """Escape a string that recurs (a class, a label, an id): once per distinct string."""
        try:
            return self._escaped[s]
        except KeyError:
            out = self._escaped[s] = _escape(s)
            return out

    def lang_attr(self, code: str | None) -> str:
        return f' lang="{self.e(code)}"' if code else ""

    def _loc(self, label: str) -> str:
        """A unit's location in its apparatus entry (labels recur: made once each)."""
        out = self._locs.get(label)
        if out is None:
            out = self._locs[label] = f' <span class="loc">{_escape(label)}</span>'
        return out

    def siglum(self, w: WitnessView) -> str:
        try:
            return self._sigla[w.dom]
        except KeyError:
            state = f'<span class="state">{self.e(w.state)}</span>' if w.state else ""
            out = f'<span class="sig">{self.e(w.printed)}{state}</span>'
            self._sigla[w.dom] = out
            return out

    def info(self, u: VariationUnit) -> _Info:
        """A shown unit's escaped id, its three places' ids, number, class and class label
        (escaped), and location label (not)."""
        try:
            return self._info[u.id]
        except KeyError:
            self._make_info([u])
            return self._info[u.id]

    def _make_info(self, units: Iterable[VariationUnit]) -> None:
        """:meth:`info` of ``units``, in one pass (the writers read it four times a unit, so
        the shown units' are made up front).  An id is escaped once: escaping goes character
        by character, so the prefixed ids are the escaped prefix and id."""
        b, e, info, placed = self.b, self.e, self._info, self.b.placed
        prefix = _escape(b.prefix)
        for u in units:
            uid = _escape(u.id)
            place = u.id if u.id in placed else b._text_place(u)
            at = uid if place == u.id else _escape(place or "")
            txt = f"{prefix}txt-{at}" if place else ""
            value, label, _ = _TYPE_NAMES[u.type]
            info[u.id] = (
                uid,
                f"{prefix}{uid}",
                txt,
                f"{prefix}syn-{uid}",
                u.index + 1,
                e(value),
                e(label),
                u.location.label,
            )

    def _mark(self, c: Citation, unit: VariationUnit) -> str:
        work = self.b._work(c, unit)
        cert = f" (cert: {c.cert})" if c.cert else ""
        shown = f'<span class="cert"> cert. {self.e(c.cert)}</span>' if c.cert else ""
        return (
            f'<sup class="cite"><a href="#{self.e(work.dom)}" title="{_escape(f"{c}{cert}")}">'
            f"{work.number}</a>{shown}</sup>"
        )

    def _marks(self, r: Reading, siglum: str, unit: VariationUnit) -> str:
        # (a comma between two marks: «K56²,³», not «K56²³», which reads as work 23; in
        # the works' order, as the LaTeX notes have them: «K56¹,²», not «K56²,¹»)
        cited = [c for c in r.sources if c.witness == siglum]
        if len(cited) > 1:
            work = self.b._work
            cited.sort(key=lambda c: work(c, unit).number)
        return "<sup>,</sup>".join([self._mark(c, unit) for c in cited])

    def _plain_ref(self, siglum: str, unattested: bool) -> str:
        key = (siglum, unattested)
        out = self._refs.get(key)
        if out is None:
            out = self.siglum(self.b.witnesses[siglum])
            if unattested:
                out += self._unatt
            self._refs[key] = out
        return out

    def refs(self, r: Reading, unit: VariationUnit) -> str:
        """The sigla of a reading, with their marks (numbering the works cited as it goes)."""
        witnesses = self.b.witnesses
        if not (self.b.sources and (r.sources or self.b.infers(r))):  # (the same witnesses,
            # the same sigla)
            key = (r.witnesses, r.unattested)
            joined = self._ref_lists.get(key)
            if joined is None:
                unattested = r.unattested
                joined = self._ref_lists[key] = _joined_sigla(
                    [
                        (
                            self._bare(witnesses[s], s in unattested),
                            self._plain_ref(s, s in unattested),
                        )
                        for s in r.witnesses
                    ]
                )
            return joined
        out = []
        for s in r.witnesses:
            w = witnesses[s]
            ref = self.siglum(w)
            attested = r.is_attested(s)
            if not attested:
                ref += self._unatt
            marks = self._marks(r, s, unit)
            inferred = self.b.inferred_in(r, s) if attested else None
            if inferred is not None:
                marks += _inferred_mark(inferred, bool(marks))
            out.append((self._bare(w, not attested or bool(marks)), ref + marks))
        return _joined_sigla(out)

    def _bare(self, w: WitnessView, marked: bool) -> str:
        """A witness's siglum as it stands in a run of sigla (:func:`_joined_sigla`,
        :attr:`WitnessRef.bare`): escaped; "" if it has a state or is ``marked`` (a mark
        follows it: unattested, a work cited)."""
        return "" if w.state or marked else self.e(w.printed)

    def reading_parts(
        self, before: str | None, text: str, after: str | None, note: str | None
    ) -> str:
        if not (before or after or note):  # most readings: their text alone
            return _text_alone(text)
        e = self.e
        if before and text and not (after or note):  # (an addition: a book's texts differ)
            return f'<span class="term">{e(before)}</span> <span class="wt">{_escape(text)}</span>'
        out = []
        if before:
            out.append(f'<span class="term">{e(before)}</span>')
            if text:
                out.append(" ")
        if text:
            out.append(f'<span class="wt">{_escape(text)}</span>')
        if after:
            if before or text:
                out.append(" ")
            out.append(f'<span class="term">{e(after)}</span>')
        if note:
            out.append(f' <span class="muted">({e(note)})</span>')
        if not (before or text or after):
            out.append(_NO_TEXT)
        return "".join(out)

    def reading(self, r: Reading, unit: VariationUnit) -> tuple[str, str]:
        """A reading as the text view and the synoptic table print it, and its class mark
        (:meth:`kind`): made once for all the cells that show it."""
        out = self._plain.get(id(r))
        if out is None:
            label = reading_label(r, unit.lemma)
            text = self.reading_parts(label.before, label.text, label.after, label.note)
            out = self._plain[id(r)] = (text, self.kind(r, label))
        return out

    def kind(self, r: Reading, label: Label) -> str:
        """The class abbreviation after a reading whose terms do not already name it."""
        if r.lemma or label.names_class:
            return ""
        return self._kind(r.type)

    def _lang_of(self, r: Reading) -> str:
        """The lang attribute of a reading: its first witness's language."""
        return self.siglum_lang(r.witnesses[0]) if r.witnesses else ""

    def siglum_lang(self, siglum: str) -> str:
        try:
            return self._langs[siglum]
        except KeyError:
            out = self._langs[siglum] = self.lang_attr(self.b.lang_of(siglum))
            return out

    # -- the apparatus list

    def prepare(self, positive: bool, to_text: bool, to_table: bool, synopsis: bool) -> None:
        """Write the apparatus list (for these flags) and, if asked, the synoptic table; the
        shown units' :meth:`info` is made first (the writers after this read it as made)."""
        if _one_walk(self.b):
            self._walk_once(positive, to_text, to_table, synopsis)
            return
        entries: list[str] = []
        made: set[str] = set()
        self._make_info(self.b.selected)
        for u in self.b.selected:
            entries.append(self.entry(u, made, positive, to_text, to_table))
            made.add(u.id)
        self._entries = (positive, to_text, to_table, entries)
        if synopsis:
            self._table = self._synopsis_body()

    # -- every part of the page in one visit per unit

    def _walk_once(self, positive: bool, to_text: bool, to_table: bool, synopsis: bool) -> None:
        """The apparatus list, the table, the text view, the ticks and the tally, in one walk
        of the blocks: a unit outside any other and holding none (a *plain* unit) has its
        entry, row, text piece and tick written at one visit, from strings made once per
        shape of unit (:meth:`_shape`); other units go through the methods above.

        Only where nothing is cut (``max_units``) and no work is cited: the works are
        numbered in the order of the entries, then of the table, which one walk of the text
        does not keep.

        A book has a plain unit every dozen words, so the plain unit's markup is written here,
        in the loop, not by methods: each of its four pieces is one f-string of the unit's own
        values (id, number, texts, place) between the page's and the shape's constant strings,
        the label rule (:func:`~.labels.label_parts`) is spelled out for the classes it decides
        from the texts alone, and what recurs (a text's markup, a location's, a tick's width)
        is made once.  A test holds this to the methods above byte for byte."""
        b = self.b
        app = b.app
        columns = tuple([w.siglum for w in app.witnesses])
        lines: list[str] = []  # the text view's paragraphs
        table: list[str] = []
        done: dict[str, tuple[str, str]] = {}  # a plain unit's entry and tick
        starts: list[int] = []  # where the plain units start in the base text (the tally's)
        shapes: dict[tuple[Any, ...], _Shape] = {}
        self._shapes = shapes  # (their counts are this walk's)
        anchors = _AnchorWalk(b)
        found, placed = anchors.found, anchors.placed
        one_cell = self._text_row_parts(columns)
        # (what the walk has found so far is what the info of a unit it has passed needs)
        b._anchors, b._placed = found, placed  # type: ignore[assignment]
        # the page's constants in a plain unit's markup
        p = self._prefix
        # an entry's start up to its number, and its end after its last reading: its number
        # linked to the unit in the text or the table (_entry_number: a plain unit stands in
        # the text), its link to the table's row; the unit's id and number fill them in
        linked = to_text or to_table
        to_syn = to_text and to_table
        if to_text:
            num_head = f'<a class="num" href="#{p}txt-'
            num_mid = '" title="show in the text">'
        elif to_table:
            num_head = f'<a class="num" href="#{p}syn-'
            num_mid = '" title="show in the synoptic table">'
        else:  # (no link: no id in it)
            num_head, num_mid = "", '<span class="num">'
        num_end = "</a>" if linked else "</span>"
        if to_syn:
            tail_head = f' <a class="to-syn" href="#{p}syn-'
            tail_end = '" title="show in the synoptic table">table</a></li>\n'
        else:
            tail_head, tail_end = "", "</li>\n"
        unit_ids = [u.id for u in b.selected]
        ids = "".join(unit_ids)
        escape_ids = _escape(ids) != ids  # (ids are ASCII names: escaped only if they must be)
        wts, marked, esc = self._wts, self._markeds, self._escaped
        e, labels = self.e, self._labels
        by_para: dict[int, tuple[str, str]] = {}  # a location's markup by its paragraph
        widths = self._widths
        sources = b.sources
        length = b.length
        strip_width = _STRIP_WIDTH
        lacuna = VariantType.LACUNA
        add_term, om_term = APPARATUS_TERMS["addition"], APPARATUS_TERMS["omission"]
        om_markup = self.reading_parts(None, "", om_term, None)
        adds = self._adds
        for bi, block in enumerate(app.blocks):
            pieces: list[str] = []  # (two strings a piece: see _take_trail)
            pending: list[str] = []
            para = " para-start" if bi > 0 else ""  # (on the block's first row only)
            for seg in block.segments:
                if isinstance(seg, Stretch):
                    t = seg.text
                    escaped = _escape(t)
                    stripped = escaped.rstrip()
                    pieces += (stripped, escaped[len(stripped) :])
                    pending.append(escaped)  # (a row's text: escaped as the view's, once)
                    if anchors.waiting:
                        anchors.text(t)
                    elif t and not t.isspace():  # (_AnchorWalk.text)
                        anchors.last = t
                    continue
                if isinstance(seg, Milestone):
                    self._pieces((seg,), pieces)
                    continue
                if pending:
                    text = "".join(pending).strip()
                    pending.clear()
                    if text and synopsis:
                        if one_cell is None:
                            para = self._text_row(text, columns, para, table)
                        else:  # (_text_row of a row of one cell)
                            table.append(f"{one_cell[1 if para else 0]}{text}{one_cell[2]}")
                            para = ""
                content = seg.content
                shape = None
                if seg.parent is None and (
                    not content
                    or (len(content) == 1 and content[0].__class__ is Stretch)
                    or not seg.children
                ):
                    readings = seg.readings
                    key = (seg.scope, tuple(map(_SHAPE_OF, readings)))
                    shape = shapes.get(key)
                    if shape is None:
                        shape = shapes[key] = self._shape(seg, columns)
                    if seg.type is not shape.utype:  # (a unit whose class is not its readings')
                        shape = None
                if shape is None:
                    anchors.walk((seg,), True)  # (before its info is asked)
                    self._pieces((seg,), pieces)
                else:
                    # -- a plain unit: its text piece, entry, tick, tally and row
                    uid = _escape(seg.id) if escape_ids else seg.id
                    n = str(seg.index + 1)
                    lemma = readings[0]
                    ltext, llac = lemma.text, lemma.lacuna
                    if llac:  # the lemma as the text view and the table print it
                        lemma_markup = self._lemma_markup(lemma)
                    else:
                        lemma_markup = wts.get(ltext) or self._wt(ltext)
                    # the text view (and what _AnchorWalk.walk does of the unit)
                    placed.add(seg.id)
                    later = False  # an addition whose anchor is the word after it: entry waits
                    if content and _holds_base_text(seg):
                        if len(content) == 1 and content[0].__class__ is Stretch:
                            whole = content[0].text
                            inner = whole.rstrip()
                            trail = whole[len(inner) :]  # (white space: escaped as it is)
                            inner = _escape(inner)
                            anchors.text(whole)
                        else:
                            children: list[str] = []
                            self._pieces(content, children)
                            trail = _take_trail(children)
                            inner = "".join(children)
                            anchors.walk(content, True)
                    else:
                        if ltext or llac:
                            ws = lemma.ws
                            inner, trail = lemma_markup, ws if ws == " " else _escape(ws)
                            if lemma.lead:  # (the base's space before it: _pieces)
                                pieces += ("", lemma.lead)
                        else:  # an addition: its number stands right after the word it hangs on
                            # (with the space before it, or the lemma's own after it)
                            inner, trail = "", _take_trail(pieces) + _escape(lemma.ws)
                        if not ltext:
                            anchors.empty_lemma(seg)
                            later = seg.id not in found
                        elif anchors.waiting:
                            anchors.text(ltext)
                        elif not ltext.isspace():
                            anchors.last = ltext
                    pieces += (
                        f'<span id="{p}txt-{uid}{shape.mark}{uid}" tabindex="-1">{inner}'
                        f'<a class="ref" href="#{p}{uid}" aria-label="unit {n}{shape.ref}{n}'
                        "</a></span>",
                        trail,
                    )
                    # the readings
                    anchor = None if ltext else found.get(seg.id)  # (only additions have one)
                    ante = anchor is not None and anchor.before
                    args = [lemma_markup, ""]  # (the row's values)
                    variants: list[str] = []
                    for k, head, refs, kind0, simple in shape.variants:
                        r = readings[k]
                        rtext = r.text
                        if simple and not r.lacuna:  # (label_parts, for these classes)
                            if rtext and not ltext and not llac:
                                before, after, note = add_term, None, None
                                markup, kind = adds.get(rtext) or self._added(rtext), ""
                            elif not rtext and (ltext or llac):
                                before, after, note = None, om_term, None
                                markup, kind = om_markup, ""
                            elif rtext == ltext and r.ws != lemma.ws:
                                before, after, note = None, None, "spacing"
                                markup, kind = self.reading_parts(None, rtext, None, note), kind0
                            else:
                                before = after = note = None
                                markup, kind = wts.get(rtext) or self._wt(rtext), kind0
                        else:
                            parts = label_parts(r, lemma)
                            before, rtext, after, note = parts
                            if before is None and after is None:
                                if note is None:  # (reading_parts of it)
                                    markup = wts.get(rtext) or self._wt(rtext)
                                else:
                                    markup = marked.get(parts) or self._marked(parts)
                                kind = kind0
                            else:
                                markup = marked.get(parts) or self._marked(parts)
                                kind = ""
                        args += (markup, kind)
                        if r.type is lacuna:  # (_listed_kind)
                            kind = ""
                        if ante and r.text:  # (any text before its anchor: as in LaTeX)
                            markup = self.reading_parts(_with_ante(before), rtext, after, note)
                        if r.cert and sources and (cert := self.b.own_cert(r)):
                            kind += f' <span class="cert">(cert. {e(cert)})</span>'
                        variants.append(f"{head}{markup}{refs}{kind}</span>")
                    loc = seg.location
                    if loc.page is None and loc.line is None and loc.paragraph is not None:
                        got = by_para.get(loc.paragraph)  # (Location.label: "¶ n")
                        if got is None:
                            got = by_para[loc.paragraph] = self._label(loc.label)
                    else:
                        got = labels.get(loc.label) or self._label(loc.label)
                    if not ltext:
                        text, title = _entry_text(lemma, anchor)
                        markup = lemma_markup if text is ltext else self._lemma_markup(lemma, text)
                    elif len(ltext) <= 2 * _LONG_LEMMA:  # (_abridge: too short to abridge)
                        markup, title = lemma_markup, ""
                    else:
                        text, title = _entry_text(lemma, anchor)
                        markup = lemma_markup if text is ltext else self._lemma_markup(lemma, text)
                    if len(readings) == 2:
                        rtext = readings[1].text
                        search = f"{ltext}\n{rtext}" if ltext and rtext else ltext or rtext
                    else:
                        search = "\n".join(filter(None, map(_TEXT, readings)))
                    entry = (
                        f'<li id="{p}{uid}" class="entry depth-0" data-unit="{uid}" '
                        f'{shape.attrs}data-text="{_escape(search)}" tabindex="-1">'
                        f"{num_head}{uid if linked else ''}{num_mid}{n}{num_end}{got[0]} "
                        f'<span class="lemma"{shape.lemma_lang}{title}>{markup}</span>'
                        f"{shape.lemma_refs if positive else ''}] "
                        f"{variants[0] if len(variants) == 1 else '; '.join(variants)}"
                        f"{tail_head}{uid if to_syn else ''}{tail_end}"
                    )
                    # the strip's tick, and the tally
                    start, end = loc.char_start, loc.char_end
                    if not later:
                        # (f"{v:.1f}" is what repr(round(v, 1)) writes for 0 <= v < 1e16: both
                        # the correctly rounded decimal of v, in one conversion, not three)
                        w = widths.get(end - start)
                        if w is None:
                            w = widths[end - start] = repr(
                                round(max((end - start) / length * strip_width, 2.0), 1)
                            )
                        tip = ltext or NO_TEXT
                        shown = esc.get(tip)
                        if shown is None:  # (e() without its KeyError: a book's words are new)
                            shown = esc[tip] = _escape(tip)
                        done[seg.id] = (
                            entry,
                            f'<a href="#{p}{uid}" data-unit="{uid}" tabindex="-1"><title>{n}'
                            f"{got[1]}: {shown}{shape.tick}"
                            f'{start / length * strip_width:.1f}" y="36" width="{w}" '
                            'height="22"/></a>\n',
                        )
                        shape.count[0] += 1
                        starts.append(start)
                    # the row of the table
                    if synopsis and shape.row is not None:
                        constants, pick = shape.row
                        table += (  # (the cells, not copied into the row's string again)
                            f'<tr class="unit depth-0{para}" data-unit="{uid}"><th scope="row">'
                            f'<a id="{p}syn-{uid}" class="num" href="#{p}{uid}" data-unit="{uid}" '
                            f'title="unit {n} in the apparatus">{n}</a></th>',
                            "".join(pick(constants + args)),
                        )
                        para = ""
                        continue
                if not synopsis:
                    continue
                if not (seg.content and seg.children):
                    rows = [self._unit_row(seg, columns, 0, joined=True)]
                else:
                    rows = self._group(seg, columns, 0)
                if rows and para:
                    rows[0].para_start = True
                    para = ""
                self._row_lines(rows, table)
            if pending and synopsis:
                text = "".join(pending).strip()
                if text:
                    self._text_row(text, columns, para, table)
            pnum = _pnum(block.number)
            lines.append(f'<p class="blk blk-{e(block.kind)}">{pnum}{"".join(pieces)}</p>\n')
        b._anchors, b._placed = found, frozenset(placed)
        # the entries and ticks in the units' order; the units not visited as plain ones
        selected = b.selected
        pairs: list[tuple[str, str] | None] = list(map(done.get, unit_ids))
        rest_at = [i for i, got in enumerate(pairs) if got is None]
        made: set[str] = set()  # (the units before the one in hand)
        last = 0
        for i in rest_at:
            made.update(unit_ids[last:i])
            last = i
            pairs[i] = (self.entry(selected[i], made, positive, to_text, to_table), "")
        entries: list[str] = list(map(_FIRST, pairs))  # type: ignore[arg-type]
        ticks: list[str] = list(map(_SECOND, pairs))  # type: ignore[arg-type]
        rest = [selected[i] for i in rest_at]
        tally = _Tally()
        tally.add_shapes(self._shapes.values(), starts, b.length)
        if rest:
            for i, tick in zip(rest_at, self._ticks(rest), strict=True):
                ticks[i] = tick
            tally.add_units(rest, b)
        b._tallied = tally.result()
        self._entries = (positive, to_text, to_table, entries)
        self._tick_list = ticks
        self._text_lines = lines
        if synopsis:
            self._table = table

    def _text_row_parts(self, columns: tuple[str, ...]) -> tuple[str, str, str] | None:
        """What :meth:`_text_row` writes before a text of every witness, at the start of a
        paragraph or not, and after it, where the text is one cell (None if it is not)."""
        runs = self._runs.get((columns, _NOTHING))
        if runs is None:
            runs = self._runs[columns, _NOTHING] = self._shared_runs(columns, _NOTHING)
        if len(runs) != 1:
            return None
        _, head, tail = runs[0]
        return (_text_row_start("") + head, _text_row_start(" para-start") + head, f"{tail}</tr>\n")

    def _text_row(self, text: str, columns: tuple[str, ...], para: str, out: list[str]) -> str:
        """A row of the text every witness shares (as :meth:`_synopsis_body` writes it),
        ``text`` escaped; returns the paragraph mark for the next row (none).  (Escaping
        touches no white space: the stripped join of escaped texts is the escaped stripped
        join.)"""
        runs = self._runs.get((columns, _NOTHING))
        if runs is None:
            runs = self._runs[columns, _NOTHING] = self._shared_runs(columns, _NOTHING)
        escaped = text
        out.append(_text_row_start(para))
        for _, head, tail in runs:
            out.append(
                f"{head}{escaped}{tail}</tr>\n" if len(runs) == 1 else f"{head}{escaped}{tail}"
            )
        if len(runs) != 1:
            out.append("</tr>\n")
        return ""

    def _label(self, label: str) -> tuple[str, str]:
        """A location's markup in an entry, and its label escaped after a space (for a tick's
        title): made once per label; nothing for no label."""
        got = self._labels[label] = (self._loc(label), f" {self.e(label)}") if label else ("", "")
        return got

    def _wt(self, text: str) -> str:
        """A reading's text alone as :meth:`reading_parts` prints it (once per text)."""
        out = self._wts[text] = _text_alone(text)
        return out

    def _added(self, text: str) -> str:
        """:meth:`reading_parts` of an addition (once per text)."""
        out = self._adds[text] = self.reading_parts(APPARATUS_TERMS["addition"], text, None, None)
        return out

    def _marked(self, parts: tuple[str | None, str, str | None, str | None]) -> str:
        """:meth:`reading_parts` of a reading with a term or a note (once per reading alike)."""
        out = self._markeds[parts] = self.reading_parts(*parts)
        return out

    def _lemma_markup(self, lemma: Reading, text: str | None = None) -> str:
        """The lemma as the text view and the table print it (:meth:`reading` of it), or,
        with ``text``, as an entry shows it abridged or by its anchor word."""
        text = lemma.text if text is None else text
        if lemma.lacuna:
            return self.reading_parts(None, text, APPARATUS_TERMS["lacuna"], None)
        return _text_alone(text)

    def _rdg_head(self, value: str, r: Reading) -> str:
        """A variant's start tag: its class and its first witness's language."""
        key = (value, r.witnesses[0] if r.witnesses else None)
        head = self._rdg_heads.get(key)
        if head is None:
            head = self._rdg_heads[key] = f'<span class="rdg t-{self.e(value)}"{self._lang_of(r)}>'
        return head

    def _kind(self, t: VariantType) -> str:
        out = self._kinds.get(t)
        if out is None:
            _, type_label, abbr = _TYPE_NAMES[t]
            out = f' <span class="kind" title="{self.e(type_label)}">{self.e(abbr)}</span>'
            self._kinds[t] = out
        return out

    def _shape(self, u: VariationUnit, columns: tuple[str, ...]) -> _Shape:
        """What units with the same scope and the same classes, witnesses, unattested
        witnesses and substance of readings print alike: the entry's attributes, the lemma's
        sigla and language, each variant's start tag and sigla, the row's template."""
        e = self.e
        readings = u.readings
        lemma = readings[0]
        key = tuple([(r.type, r.witnesses) for r in readings[1:]])
        types = {_TYPE_NAMES[t][0] for t, _ in key}
        wits = {self._doms[s] for _, sigla in key for s in sigla}
        subst = 1 if any([r.substantive for r in readings[1:]]) else 0
        attrs = (
            f'data-types="{e(" ".join(sorted(types)))}" '
            f'data-wits="{e(" ".join(sorted(wits)))}" data-subst="{subst}" '
        )
        variants = []
        for k, r in enumerate(readings[1:], 1):
            value = _TYPE_NAMES[r.type][0]
            head = self._rdg_head(value, r)
            kind = "" if r.lemma else self._kind(r.type)
            simple = not r.lemma and r.type not in _LABELLED_BY_CLASS
            variants.append((k, head, f" {self.refs(r, u)}", kind, simple))
        value, type_label = self._type_attrs[u.type]
        row = self._row_template(u, columns)
        return _Shape(
            attrs=attrs,
            lemma_refs=f" {self.refs(lemma, u)}" if lemma.witnesses else "",
            lemma_lang=self._lang_of(lemma),
            variants=tuple(variants),
            row=None if row is None else ([*row[0][:-1], f"{row[0][-1]}</tr>\n"], row[1]),
            types=tuple({r.type for r in readings[1:]}),
            substantive=bool(subst),
            unattested=any([r.unattested for r in readings]),
            count=[0],
            utype=u.type,
            mark=f'" class="u t-{value}" data-unit="',
            ref=f' ({type_label}) in the apparatus">',
            tick=f' ({type_label})</title><rect class="tick-{value}" x="',
        )

    def _row_lines(self, rows: list[_Row], out: list[str]) -> None:
        """Rows as :meth:`_synopsis_body` writes them."""
        info = self._info
        for row in rows:
            para = " para-start" if row.para_start else ""
            if row.units:
                th = " ".join(
                    [
                        _row_number(uid, dom, syn, number)
                        for uid, dom, _, syn, number, _, _, _ in [info[u.id] for u in row.units]
                    ]
                )
            else:
                th = '<span title="new paragraph">¶</span>' if row.para_start else ""
            out.append(
                f'<tr class="{row.kind} depth-{row.depth}{para}"{row.data_unit}>'
                f'<th scope="row">{th}</th>'
            )
            if row.joined is not None:
                out.append(row.joined)
            else:
                out += [cell for _, cell in row.cells]
            out.append("</tr>\n")

    def entry(
        self, u: VariationUnit, made: set[str], positive: bool, to_text: bool, to_table: bool
    ) -> str:
        """A unit's entry in the apparatus list."""
        b, e = self.b, self.e
        uid, dom, txt, syn, number, _, _, loc = self._info[u.id]
        readings = u.readings
        lemma = readings[0]
        anchor = b.anchors.get(u.id)
        ante = anchor is not None and anchor.before
        variants = []
        for r in readings[1:]:  # before the lemma's sigla: the works are numbered in this order
            label = reading_label(r, lemma)
            before = label.before
            if ante and r.text:  # (any text before its anchor, «ante … transp.»: as in LaTeX)
                before = _with_ante(before)
            value = _TYPE_NAMES[r.type][0]
            head = self._rdg_head(value, r)
            own = b.own_cert(r) if r.cert and b.sources else None
            cert = f' <span class="cert">(cert. {e(own)})</span>' if own else ""
            markup = self.reading_parts(before, label.text, label.after, label.note)
            kind = self.kind(r, label)
            if before is label.before:  # the text view and the table show it the same
                self._plain[id(r)] = (markup, kind)
            kind = _listed_kind(r, kind)
            variants.append(f"{head}{markup} {self.refs(r, u)}{kind}{cert}</span>")
        lemma_refs = ""
        if positive:
            lemma_refs = f" {self.refs(lemma, u)}" if lemma.witnesses else ""
        elif b.sources and lemma.sources:  # number the lemma's works all the same
            self.refs(lemma, u)
        search = "\n".join([r.text for r in readings if r.text])
        num = _entry_number(number, txt if to_text else None, syn if to_table else None)
        if loc:
            num += self._loc(loc)
        if u.parent is not None and u.parent in made:
            parent = self.info(b.app.unit(u.parent))
            num += f' <span class="within">(in <a href="#{parent[1]}">{parent[4]}</a>)</span>'
        text, title = _entry_text(lemma, anchor)
        markup = self._lemma_markup(lemma, text)  # (reading_label's lemma)
        if text is lemma.text:  # neither abridged nor an anchor word: the table's too
            self._plain[id(lemma)] = (markup, "")
        to_syn = _to_syn(syn) if to_text and txt and to_table else ""
        # the classes and the witnesses that differ: the same for units whose readings are alike
        key = tuple([(r.type, r.witnesses) for r in readings[1:]])
        attrs = self._entry_attrs.get(key)
        if attrs is None:
            types = {_TYPE_NAMES[t][0] for t, _ in key}
            wits = {self._doms[s] for _, sigla in key for s in sigla}
            attrs = self._entry_attrs[key] = (
                f'data-types="{e(" ".join(sorted(types)))}" '
                f'data-wits="{e(" ".join(sorted(wits)))}" '
            )
        depth = 0 if u.parent is None else b._depth(u)
        subst = 1 if any([r.substantive for r in readings[1:]]) else 0  # (u.substantive)
        return (
            f'<li id="{dom}" class="entry depth-{depth}" data-unit="{uid}" {attrs}'
            f'data-subst="{subst}" data-text="{_escape(search)}" '
            f'tabindex="-1">{num} <span class="lemma"{self._lang_of(lemma)}{title}>'
            f"{markup}</span>{lemma_refs}] {'; '.join(variants)}{to_syn}</li>\n"
        )

    def apparatus_list(self, units: Any, positive: bool, to_text: bool, to_table: bool) -> Any:
        made = self._entries
        if units is not self.units or made is None or made[:3] != (positive, to_text, to_table):
            return self._macros().apparatus_list(units, positive, to_text, to_table)
        return self._placed(['<ol class="app-list" data-search>\n', *made[3], "</ol>"])

    # -- the strip

    def strip(self, units: Any, bars: Sequence[Bar], width: int, prefix: str, base: str) -> Any:
        if units is not self.units:
            return self._macros().strip(units, bars, width, prefix, base)
        b, e = self.b, self.e
        shown = b.selected
        out = [
            f'<svg class="strip" viewBox="0 0 {width} 76" role="group" '
            f'aria-labelledby="{e(prefix)}strip-title" xmlns="http://www.w3.org/2000/svg">\n'
            f'<title id="{e(prefix)}strip-title">{len(shown)} variation units along the base '
            f"text ({e(base)})</title>\n"
        ]
        out += [
            f'<rect x="{r.x}" y="{r.y}" width="{r.width}" height="{r.height}" fill="#9a9a9a">'
            f"<title>{r.count} unit(s)</title></rect>\n"
            for r in bars
        ]
        out.append(f'<line class="axis" x1="0" y1="60" x2="{width}" y2="60"/>\n')
        out += self._ticks(shown) if self._tick_list is None else self._tick_list
        out.append(
            '<text x="0" y="73">start</text>\n'
            f'<text x="{width}" y="73" text-anchor="end">end of the base text</text>\n</svg>'
        )
        return self._placed(out)

    def _ticks(self, units: Sequence[VariationUnit]) -> list[str]:
        """The units' ticks on the strip, at :meth:`_Builder.strip_place` with
        :meth:`_Builder.tip` for title, in one loop: the tip is escaped by parts (the label
        and the class once each)."""
        b, e, info = self.b, self.e, self._info
        length = b.length
        out = []
        for u in units:
            uid, dom, _, _, number, value, type_label, label = info[u.id]
            if u.parent is None:  # (_base_chars: a unit outside any other stands where it is)
                loc = u.location
                start, end = loc.char_start, loc.char_end
            else:
                start, end = b._base_chars(u)
            x = round(start / length * _STRIP_WIDTH, 1)
            w = round(max((end - start) / length * _STRIP_WIDTH, 2.0), 1)
            at = f"{number} {e(label)}" if label else number
            out.append(
                _tick(
                    dom,
                    uid,
                    f"{at}: {_escape(u.readings[0].text or NO_TEXT)} ({type_label})",
                    value,
                    x,
                    w,
                )
            )
        return out

    # -- the text view

    def blocks(self) -> Sequence[_FastBlock]:
        """The text view's blocks (as :meth:`_Builder.blocks` cuts them), made if a template
        reads them; pieces made on call."""
        if self._blocks is None:
            self._blocks = _Lazy(self._make_blocks)
        return self._blocks

    def _make_blocks(self) -> list[_FastBlock]:
        b = self.b
        out: list[_FastBlock] = []
        for _, block in b.shown_blocks():
            label = f"¶ {block.number}" if block.number is not None else ""
            out.append(_FastBlock(block.kind, block.number, label, _Pieces(b, block.segments)))
        return out

    def text(self, blocks: Sequence[_FastBlock]) -> Any:
        """The text view's paragraphs (the page's loop over ``blocks``, in one call; written
        already where the walk did, :meth:`_walk_once`)."""
        if blocks is self._blocks and self._text_lines is not None:
            return self._placed(self._text_lines)
        out: list[str] = []
        for block in blocks:
            pnum = _pnum(block.number)
            ps = block.pieces
            text = self._text_of(ps) if self._ours(ps) else str(self.pieces(ps))
            out.append(f'<p class="blk blk-{self.e(block.kind)}">{pnum}{text}</p>\n')
        return self._placed(out)

    def pieces(self, ps: Any) -> Any:
        if not self._ours(ps):
            return self._macros().pieces(ps)
        return Markup(self._text_of(ps))

    def _ours(self, ps: Any) -> bool:
        return isinstance(ps, _Pieces) and ps.b is self.b

    def _text_of(self, ps: _Pieces) -> str:
        out: list[str] = []
        self._pieces(ps.segments, out)
        return "".join(out)

    def _pieces(self, segments: Iterable[Segment], out: list[str]) -> None:
        """Two strings for each piece (see :func:`_take_trail`): text (escaped), a milestone,
        a unit; the space that ends a piece may move after a unit's number."""
        for seg in self.b._segments(segments):
            if isinstance(seg, Stretch):
                text = _escape(seg.text)
                stripped = text.rstrip()
                out += (stripped, text[len(stripped) :])
            elif isinstance(seg, Milestone):
                if seg.kind in ("pb", "cb") and seg.n:
                    word = "p." if seg.kind == "pb" else "col."
                    t = self.e(f"{word} {seg.n}")
                    out += (f'<span class="pb" title="{t} begins">|{t}|</span>', "")
            else:
                uid, dom, txt, _, number, value, type_label, _ = self._info[seg.id]
                outer = ""
                if seg.content and _holds_base_text(seg):
                    children: list[str] = []
                    self._pieces(seg.content, children)
                    trail = _take_trail(children)
                    if children and seg.children:
                        outer = " outer"
                    inner = "".join(children)
                elif (lemma := seg.readings[0]).text or lemma.lacuna:
                    inner, trail = self.reading(lemma, seg)[0], _escape(lemma.ws)
                    if lemma.lead:  # (the base's space before it, where a witness has none)
                        out += ("", lemma.lead)
                else:  # an addition: its number stands right after the word it hangs on
                    # (with the space before it, or the lemma's own after it)
                    inner, trail = "", _take_trail(out) + _escape(seg.readings[0].ws)
                out += (
                    _unit_mark(txt, f"u t-{value}{outer}", uid, inner, dom, number, type_label),
                    trail,
                )

    # -- the synoptic table

    def synopsis(
        self, witnesses: Sequence[WitnessView], rows: Any, scroll: bool = True, prefix: str = ""
    ) -> Any:
        if rows is not self.rows or self._table is None:
            return self._macros().synopsis(witnesses, rows, scroll, prefix)
        e = self.e
        note = f"{e(prefix)}wc-syn-note"
        out = [
            f'<p class="muted syn-note" id="{note}">'
            "A reading that differs from the lemma is tinted by its class and followed by a "
            "term (om., add. …) or the class's abbreviation; a grey cell with neither "
            "agrees with the lemma, and a grey cell with lac. is a passage lost in the base "
            "text (and in that witness). A unit inside another stands in its rows, beside "
            "the reading of the witness that lacks the passage."
            "</p>\n",
            '<div class="scroll">' if scroll else "",
            f'<table class="synopsis" aria-describedby="{note}">\n<caption>'
            "The witnesses side by side: shared text spans the row; at each variation unit "
            "(numbered) each witness's reading has a cell, and neighbouring witnesses that "
            "agree with the lemma share one."
            "</caption>\n"
            '<thead><tr><th scope="col">Unit</th>\n',
        ]
        out += [
            f'<th scope="col" data-w="{e(w.dom)}">{self.siglum(w)}<span class="wit-title"'
            f"{self.lang_attr(w.lang)}>{e(w.title)}</span></th>\n"
            for w in witnesses
        ]
        out.append("</tr></thead>\n<tbody data-search>\n")
        out += self._table
        out.append("</tbody>\n</table>\n")
        if scroll:
            out.append("</div>")
        return self._placed(out)

    def _placed(self, pieces: list[str]) -> Markup:
        """Long markup as the template's output holds it: a mark, or (not ``placing``) the
        markup itself."""
        if not self.placing:
            return Markup("".join(pieces))
        self._parts.append(pieces)
        return Markup(f"<!--{self._part_mark}{len(self._parts) - 1}-->")

    def splice(self, page: str) -> list[str] | None:
        """The page, as pieces in order, with its long parts in place of their marks; None if
        a template did not leave each mark as it was given, once (the page is then to be
        made with ``placing`` off)."""
        if not self._parts:
            return [page]
        pieces = re.split(f"<!--{self._part_mark}(\\d+)-->", page)
        numbers = [int(n) for n in pieces[1::2]]
        kept = sorted(numbers) == list(range(len(self._parts)))
        if not kept or self._part_mark in "".join(pieces[::2]):  # (changed: upper-cased...)
            return None
        out: list[str] = []
        for i, piece in enumerate(pieces):
            if i % 2:
                out += self._parts[int(piece)]
            else:
                out.append(piece)
        self._parts = []
        return out

    def _synopsis_body(self) -> list[str]:
        b = self.b
        rows: list[_Row] = []
        columns = tuple([w.siglum for w in b.app.witnesses])  # (a tuple: rows key on it)
        for bi, block in b.shown_blocks():
            block_rows = self._rows(block.segments, columns, 0, frozenset())
            if block_rows and bi > 0:
                block_rows[0].para_start = True
            rows.extend(block_rows)
        out: list[str] = []
        self._row_lines(rows, out)
        return out

    def _rows(
        self,
        segments: Iterable[Segment],
        scope: Sequence[str],
        depth: int,
        unattested: frozenset[str],
        cells_first: bool = False,
    ) -> list[_Row]:
        """:meth:`_Builder._rows`, as markup; ``cells_first``: the first row's cells apart
        (the cells of the unit around it join them)."""
        rows: list[_Row] = []
        for text, unit in _synoptic_layout(segments, self.b.is_shown):
            if unit is None:
                rows.append(_Row("text", self._shared(text, scope, unattested), depth))
            elif not (unit.content and unit.children):
                rows.append(
                    self._unit_row(unit, scope, depth, joined=bool(rows or not cells_first))
                )
            else:
                rows.extend(self._group(unit, scope, depth))
        return rows

    def _shared(
        self, text: str, sigla: Sequence[str], unattested: frozenset[str]
    ) -> list[tuple[int, str]]:
        """Text the witnesses ``sigla`` share: one cell per run of neighbouring columns (the
        runs' markup made once per scope)."""
        key = (tuple(sigla), unattested)
        runs = self._runs.get(key)
        if runs is None:
            runs = self._runs[key] = self._shared_runs(sigla, unattested)
        escaped = _escape(text)
        return [(col, f"{head}{escaped}{tail}") for col, head, tail in runs]

    def _shared_runs(
        self, sigla: Sequence[str], unattested: frozenset[str]
    ) -> list[tuple[int, str, str]]:
        col = self.b._cols.__getitem__
        cells: list[tuple[int, str, str]] = []
        run: list[str] = []
        for s in sorted(sigla, key=col):
            if run and (col(s) != col(run[-1]) + 1 or (s in unattested) != (run[-1] in unattested)):
                cells.append(self._shared_cell(run, run[0] in unattested))
                run = []
            run.append(s)
        if run:
            cells.append(self._shared_cell(run, run[0] in unattested))
        return cells

    def _shared_cell(self, run: Sequence[str], unattested: bool) -> tuple[int, str, str]:
        colspan = f' colspan="{len(run)}"' if len(run) > 1 else ""
        if unattested:
            title = f' title="{_unattested_title(len(run))}"'
            unatt = f' <span class="unatt">{self.e(UNATTESTED_MARK)}</span>'
        else:
            title = unatt = ""
        head = f'<td class="shared"{colspan}{title}{self._base_lang}>'
        return self.b._cols[run[0]], head, f"{unatt}</td>"

    def _cell(
        self,
        unit: VariationUnit,
        siglum: str,
        data_unit: str,
        r: Reading | None = None,
        rowspan: int = 1,
        outside: str | None = None,
        colspan: int = 1,
    ) -> tuple[int, str]:
        """A witness's reading ``r`` in a unit; ``data_unit`` the attribute naming the unit
        (empty if it is not shown); ``outside``: the title of a cell that shows the reading
        of an enclosing unit (muted); ``colspan``: the columns of its run
        (:meth:`_Builder.agreeing_runs`)."""
        b = self.b
        if r is None:
            r = unit.reading_of(siglum)
        markup, kind = self.reading(r, unit)
        if b.sources and r.sources:  # numbering the works it cites, as the views do
            unatt = not r.is_attested(siglum)
            marks = ""
            for s in r.witnesses:
                m = self._marks(r, s, unit)
                if s == siglum:
                    marks = m
        else:
            unatt, marks = siglum in r.unattested, ""
        if outside is not None:
            cls, title, kind = "outside", outside, ""
        elif r.lemma:
            cls, title = "lemma-cell", _lemma_title(siglum == b.app.base)
        else:
            cls, title = f"t-{_TYPE_NAMES[r.type][0]}", _TYPE_NAMES[r.type][1]
        col, head1, head2 = self._head(siglum, cls, title, rowspan, colspan)
        unatt_mark = f" {self._unatt if colspan == 1 else self._unatt_shared}" if unatt else ""
        return col, f"{head1}{data_unit}{head2}{markup}{unatt_mark}{marks}{kind}</td>"

    def _head(
        self, siglum: str, cls: str, title: str, rowspan: int, colspan: int = 1
    ) -> tuple[int, str, str]:
        """A cell's column and start tag, before and after its data-unit attribute (the
        column is the witness's: the page's script finds it from the table's layout)."""
        key = (siglum, cls, title, rowspan, colspan)
        head = self._heads.get(key)
        if head is None:
            e = self.e
            span = f' colspan="{colspan}"' if colspan > 1 else ""
            span += f' rowspan="{rowspan}"' if rowspan > 1 else ""
            tip = f' title="{e(title)}"' if title else ""
            head = self._heads[key] = (
                self.b._cols[siglum],
                f'<td class="{e(cls)}"{span}',
                f"{tip}{self.siglum_lang(siglum)}>",
            )
        return head

    def _reading_cells(
        self, unit: VariationUnit, r: Reading, data_unit: str, cells: dict[str, tuple[int, str]]
    ) -> None:
        """The cells of the witnesses of a reading that cites no work (what :meth:`_cell`
        makes of each), the reading's markup and start tags made once for all."""
        markup, kind = self.reading(r, unit)
        key = (r.lemma, r.type, 1)
        heads = self._class_heads.get(key)
        if heads is None:
            heads = self._class_heads[key] = {}
        tail = f"{markup}{kind}</td>"
        unattested = r.unattested
        for s in r.witnesses:
            head = heads.get(s)
            if head is None:
                if r.lemma:
                    title = _lemma_title(s == self.b.app.base)
                    head = heads[s] = self._head(s, "lemma-cell", title, 1)
                else:
                    value, label, _ = _TYPE_NAMES[r.type]
                    head = heads[s] = self._head(s, f"t-{value}", label, 1)
            col, head1, head2 = head
            if s in unattested:
                cells[s] = (col, f"{head1}{data_unit}{head2}{markup} {self._unatt}{kind}</td>")
            else:
                cells[s] = (col, f"{head1}{data_unit}{head2}{tail}")

    def _outside(self, unit: VariationUnit, siglum: str, rowspan: int = 1) -> tuple[int, str]:
        """A witness the unit does not speak for: its reading in the enclosing unit, muted (the
        cell names no unit: a filter leaves it alone)."""
        b = self.b
        parent = unit.parent
        while parent is not None:
            outer = b.app.unit(parent)
            if siglum in outer.scope:
                return self._cell(
                    outer, siglum, _NO_UNIT, None, rowspan, f"said by unit {outer.index + 1}"
                )
            parent = outer.parent
        span = f' rowspan="{rowspan}"' if rowspan > 1 else ""
        return (
            b._cols[siglum],
            f'<td class="outside"{span}{_NO_UNIT} title="not in this unit">…</td>',
        )

    def _data_unit(self, unit: VariationUnit) -> str:
        """The attribute of a cell of ``unit`` in another unit's row: it names its own unit,
        or none (an empty value), lest the page's script take it for the row's."""
        return f' data-unit="{self.info(unit)[0]}"' if self.b.is_shown(unit) else _NO_UNIT

    def _unit_row(
        self, unit: VariationUnit, scope: Sequence[str], depth: int, joined: bool = False
    ) -> _Row:
        """A unit's row; ``joined``: its cells' markup in one, where it can be (no other
        cell joins them, no work cited, every witness of ``scope`` in the unit)."""
        shown = unit.id in self.b.shown
        data_unit = f' data-unit="{self._info[unit.id][0]}"' if shown else ""  # (_data_unit)
        row_unit, data_unit = data_unit, ""  # (on the row: its cells are the unit's)
        in_scope = unit.scope
        readings = unit.readings
        cites = self.b.sources and any([r.sources for r in readings])
        if joined and not cites:
            key = (
                tuple(scope),
                in_scope,
                tuple([(r.lemma, r.type, r.witnesses, r.unattested) for r in readings]),
            )
            try:
                template = self._row_templates[key]
            except KeyError:
                template = self._row_templates[key] = self._row_template(unit, scope)
            if template is not None:
                args: list[str] = []
                plain = self._plain
                for r in readings:
                    args += plain.get(id(r)) or self.reading(r, unit)
                constants, pick = template
                row = _Row("unit", [], depth, "".join(pick(constants + args)), row_unit)
                if shown:
                    row.units.append(unit)
                return row
        runs = self.b.agreeing_runs(unit, scope)
        if cites:
            # (cell by cell: the works cited are numbered in the order of the columns)
            of = {s: r for r in unit.readings for s in r.witnesses}  # (reading_of, for all)
            cells = [
                self._cell(unit, s, data_unit, of.get(s), colspan=runs.get(s, 1))
                if s in in_scope
                else self._outside(unit, s)
                for s in scope
                if runs.get(s, 1)
            ]
        else:
            made: dict[str, tuple[int, str]] = {}
            for r in unit.readings:
                self._reading_cells(unit, r, data_unit, made)
            cells = []
            for s in scope:
                span = runs.get(s, 1)
                if not span:  # (in the run before it)
                    continue
                if s not in in_scope:
                    cells.append(self._outside(unit, s))
                elif span == 1 and s in made:
                    cells.append(made[s])
                else:
                    cells.append(self._cell(unit, s, data_unit, colspan=span))
        row = _Row("unit", cells, depth, None, row_unit)
        if shown:
            row.units.append(unit)
        return row

    def _row_template(self, unit: VariationUnit, scope: Sequence[str]) -> _Plan | None:
        """The cells of a unit's row, as :meth:`_cell` makes them (a run of agreeing
        witnesses one cell: :meth:`_Builder.agreeing_runs`), as a template (:data:`_Plan`) of
        the values ``[markup and class mark of reading 0, of reading 1...]`` (the same for
        every unit whose readings have the same classes, witnesses and unattested
        witnesses).  None if a witness of ``scope`` has no reading.  Neighbouring constants
        are one (a cell's end and the next one's start tag, cached per witness and class of
        reading)."""
        readings = unit.readings
        index: dict[str, int] = {}  # (a witness's first reading, as reading_of takes it)
        for k, r in enumerate(readings):
            for s in r.witnesses:
                index.setdefault(s, k)
        if not scope:
            return None
        in_scope = unit.scope
        heads = self._cell_heads
        runs = self.b.agreeing_runs(unit, scope)
        constants: list[str] = []
        picks: list[int] = []  # a constant's index, or ~ a value's
        before = ""  # the constant before the next cell's start tag
        for s in scope:
            i = index.get(s)
            if i is None or s not in in_scope:
                return None
            span = runs.get(s, 1)
            if not span:
                continue
            r = readings[i]
            key = (s, r.lemma, r.type, span)
            head = heads.get(key)
            if head is None:
                if r.lemma:
                    title = _lemma_title(s == self.b.app.base)
                    _, head1, head2 = self._head(s, "lemma-cell", title, 1, span)
                else:
                    value, label, _ = _TYPE_NAMES[r.type]
                    _, head1, head2 = self._head(s, f"t-{value}", label, 1)
                head = heads[key] = head1 + head2
            picks += (len(constants), ~(2 * i))
            constants.append(before + head)
            if s in r.unattested:
                picks.append(len(constants))
                constants.append(f" {self._unatt if span == 1 else self._unatt_shared}")
            picks.append(~(2 * i + 1))
            before = "</td>"
        picks.append(len(constants))
        constants.append(before)
        count = len(constants)
        return constants, itemgetter(*[i if i >= 0 else count + ~i for i in picks])

    def _group(self, unit: VariationUnit, scope: Sequence[str], depth: int) -> list[_Row]:
        holder = unit.content_reading or unit.lemma
        inner = [s for s in scope if s in holder.witnesses]
        rows = self._rows(
            unit.content, inner, depth + 1, frozenset(holder.unattested), cells_first=True
        )
        if not rows:  # content of milestones only: one row with the lemma
            return [self._unit_row(unit, scope, depth)]
        shown = self.b.is_shown(unit)
        data_unit = self._data_unit(unit)
        span = len(rows)
        outer_cells = [
            self._cell(unit, s, data_unit, None, span)
            if s in unit.scope
            else self._outside(unit, s, span)
            for s in scope
            if s not in inner
        ]
        first = rows[0]
        first.cells = sorted(first.cells + outer_cells, key=itemgetter(0))
        if shown:
            first.units.insert(0, unit)
        return rows


class _Pieces(_Lazy):
    """A block's pieces: the segments :meth:`_Direct.pieces` writes, or views if read."""

    __slots__ = ("b", "segments")

    def __init__(self, b: _Builder, segments: Sequence[Segment]) -> None:
        super().__init__(lambda: tuple(b._pieces(segments)))
        self.b = b
        self.segments = segments
