"""Building the views: ``_Builder`` turns one apparatus into the view records every HTML
output shares (:mod:`.views`).

Which units the page shows and which stand in the base text, the word each addition hangs
on (``_AnchorWalk``), the text view's pieces, the synoptic table's layout (a unit inside
another in its rows, neighbouring witnesses that agree with the lemma in one cell), the
strip's scale and the tally of units per class.  The shipped page writes its markup from
the apparatus records instead (:mod:`.direct`), with this builder's places and counts.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace

from ...model import (
    APPARATUS_TERMS,
    Apparatus,
    Block,
    Citation,
    Milestone,
    Reading,
    Segment,
    Stretch,
    VariantType,
    VariationUnit,
)
from ..ids import ncname, unique_ids
from ..labels import (
    NO_TEXT,
    abridged_ends,
    inferred_certainty,
    inferring_witnesses,
    reading_label,
    siglum_parts,
)
from .markup import _lemma_title, _unattested_title
from .views import (
    _TYPE_NAMES,
    Bar,
    BlockView,
    Mark,
    Piece,
    ReadingView,
    SynCell,
    SynRow,
    TypeEntry,
    UnitView,
    WitnessRef,
    WitnessView,
    Work,
)

_STRIP_WIDTH = 1000
_STRIP_BINS = 50
#: Lemmata longer than this many words are abridged to "first … last" in the apparatus list
#: (the text view above gives them whole).
_LONG_LEMMA = 6
_FIRST_WORD = re.compile(r"\S+")


@dataclass(frozen=True, slots=True)
class _Anchor:
    word: str
    before: bool  # the word after the addition (it opens the text)


class _AnchorWalk:
    """The anchor word of every shown addition, and the units placed in the base text, as
    the base text is walked: an addition's number hangs on the last word before it, or, with
    none before it, on the first word after it."""

    __slots__ = ("b", "found", "last", "placed", "waiting")

    def __init__(self, b: _Builder) -> None:
        self.b = b
        self.found: dict[str, _Anchor] = {}
        self.placed: set[str] = set()
        self.waiting: list[str] = []
        self.last: str | None = None  # the last text with a word: its last word is the anchor

    def text(self, t: str) -> None:
        if self.waiting:
            first = _FIRST_WORD.search(t)
            if first:
                for uid in self.waiting:
                    self.found[uid] = _Anchor(first.group(), True)
                self.waiting.clear()
        if t and not t.isspace():  # (its last word found only when an addition asks)
            self.last = t

    def empty_lemma(self, unit: VariationUnit) -> None:
        if self.last is not None:
            # the last word: what ``(\S+)\s*$`` finds, without its search from every word
            self.found[unit.id] = _Anchor(self.last.rsplit(None, 1)[-1], False)
        else:
            self.waiting.append(unit.id)

    def walk(self, segments: Iterable[Segment], in_base: bool) -> None:
        for seg in self.b._segments(segments):
            if isinstance(seg, Stretch):
                self.text(seg.text)
            elif isinstance(seg, VariationUnit):
                if in_base:
                    self.placed.add(seg.id)
                if seg.content and _holds_base_text(seg):
                    self.walk(seg.content, in_base)
                    continue
                lemma = seg.readings[0].text
                if not lemma:
                    self.empty_lemma(seg)
                if seg.content and seg.children:  # the others' text, where the lemma has none
                    saved, pending = self.last, self.waiting[:]
                    self.waiting.clear()
                    self.walk(seg.content, False)
                    self.last = saved
                    self.waiting[:] = pending + self.waiting
                self.text(lemma)


def _with_ante(before: str | None) -> str:
    """The terms before a reading that stands before the word it hangs on (an addition or a
    transposed passage at the very start): *ante*, after *add.* where there is one."""
    ante = APPARATUS_TERMS["ante"]
    return f"{before} {ante}" if before else ante


def _abridge(text: str) -> str:
    if len(text) <= 2 * _LONG_LEMMA:  # (too short for more words: each takes two characters)
        return text
    ends = abridged_ends(text, _LONG_LEMMA)
    return text if ends is None else f"{ends[0]} … {ends[1]}"


class _Builder:
    """Turns one apparatus into the view records every HTML output shares."""

    def __init__(
        self,
        apparatus: Apparatus,
        *,
        prefix: str = "",
        positive: bool = True,
        lang: str | None = None,
        sources: bool = True,
        max_units: int | None = None,
    ) -> None:
        self.app = apparatus
        self.prefix = prefix
        self.positive = positive
        self.sources = sources
        fallback = lang or apparatus.base_witness.metadata.language
        dom_ids = unique_ids(apparatus.sigla, lambda s: ncname(s, "w").replace(".", "_"), "-")
        self.witnesses: dict[str, WitnessView] = {}
        for w in apparatus.witnesses:
            printed, state = siglum_parts(w)
            self.witnesses[w.siglum] = WitnessView(
                siglum=w.siglum,
                printed=printed,
                state=APPARATUS_TERMS[state] if state else None,
                dom=f"{prefix}w-{dom_ids[w.siglum]}",
                title=w.metadata.title,
                date=w.metadata.date or "",
                lang=w.metadata.language or fallback,
                is_base=w.siglum == apparatus.base,
            )
        # the strip's scale: the base text's length (without joining a book's text)
        self.length = max(apparatus.base_witness.text_length, 1)
        self._cols = {s: i for i, s in enumerate(apparatus.sigla)}
        self._dom_cols = {w.dom: i for i, w in enumerate(self.witnesses.values())}
        # the witnesses some of whose words the encoder inferred (marked after their sigla
        # where the page shows what attests a reading; plain text has none)
        self.inferred = inferring_witnesses(apparatus) if sources else frozenset()
        self._plain_refs: dict[tuple[str, bool], WitnessRef] = {}
        self._cell_views: dict[int, ReadingView] = {}  # the readings of the unit in hand
        self._cell_unit = ""
        selected = apparatus.units if max_units is None else apparatus.units[:max_units]
        self.selected = selected
        self.truncated = len(apparatus.units) - len(selected)
        self.shown = frozenset(u.id for u in selected)
        self.works: dict[tuple[str, str], Work] = {}
        # made on first use, or by the one walk of the shipped page (_Direct._walk_once)
        self._anchors: dict[str, _Anchor] | None = None
        self._placed: frozenset[str] | None = None
        self._labels: dict[str, str] = {}
        self._tallied: tuple[dict[VariantType, int], list[int], bool, int] | None = None
        self._units: dict[str, UnitView] | None = None

    @property
    def units(self) -> dict[str, UnitView]:
        """The shown units' views, made on first use (the shipped macros' page needs none)."""
        if self._units is None:
            self._units = {}
            for u in self.selected:
                self._units[u.id] = self._unit(u)
        return self._units

    # -- small pieces

    def id(self, name: str) -> str:
        return f"{self.prefix}{name}"

    def lang_of(self, siglum: str) -> str | None:
        w = self.witnesses.get(siglum)
        return w.lang if w is not None else None

    def is_shown(self, unit: VariationUnit) -> bool:
        return unit.id in self.shown

    def _work(self, c: Citation, unit: VariationUnit) -> Work:
        key = (c.ref, c.text)
        work = self.works.get(key)
        if work is None:
            n = len(self.works) + 1
            work = Work(n, self.id(f"src-{n}"), c.ref, c.text)
            self.works[key] = work
        if c.witness not in work.sigla:
            work.sigla.append(c.witness)
        if unit.index + 1 not in work.units:
            work.units.append(unit.index + 1)
        return work

    def _plain_ref(self, siglum: str, unattested: bool) -> WitnessRef:
        """A siglum with no works cited: one record per witness and attestation, shared."""
        key = (siglum, unattested)
        ref = self._plain_refs.get(key)
        if ref is None:
            ref = self._plain_refs[key] = WitnessRef(self.witnesses[siglum], unattested, ())
        return ref

    def refs(self, reading: Reading, unit: VariationUnit) -> tuple[WitnessRef, ...]:
        if not (self.sources and (reading.sources or self.infers(reading))):
            unattested = reading.unattested
            return tuple(self._plain_ref(s, s in unattested) for s in reading.witnesses)
        out = []
        for s in reading.witnesses:
            marks: list[Mark] = []
            for c in reading.sources:
                if c.witness == s:
                    cert = f" (cert: {c.cert})" if c.cert else ""
                    marks.append(Mark(self._work(c, unit), c.cert, f"{c}{cert}"))
            marks.sort(key=lambda m: m.work.number)  # (as the LaTeX notes: «K56¹,²»)
            attested = reading.is_attested(s)
            inferred = self.inferred_in(reading, s) if attested else None
            out.append(WitnessRef(self.witnesses[s], not attested, tuple(marks), inferred))
        return tuple(out)

    def own_cert(self, r: Reading) -> str | None:
        """The reading's certainty where no mark after its sigla already shows it, of a work
        cited or of inferred wording (one source printed «CWF¹ cert. medium lex. (cert.
        medium)»)."""
        cert = r.cert
        if cert is None or any(c.cert == cert for c in r.sources):
            return None
        if self.infers(r) and any(
            self.inferred_in(r, s) == cert for s in r.witnesses if r.is_attested(s)
        ):
            return None
        return cert

    def infers(self, reading: Reading) -> bool:
        """True if a witness of ``reading`` may have inferred words in it (worth a look)."""
        inferred = self.inferred
        return bool(inferred) and any(s in inferred for s in reading.witnesses)

    def inferred_in(self, reading: Reading, siglum: str) -> str | None:
        """:func:`~..labels.inferred_certainty` of a witness, where the page marks it."""
        if siglum not in self.inferred:
            return None
        return inferred_certainty(self.app, reading, siglum)

    def reading(
        self, r: Reading, unit: VariationUnit, *, ante: bool = False, refs: bool = True
    ) -> ReadingView:
        label = reading_label(r, unit.lemma)
        before = label.before
        if ante and r.text:  # (any text before its anchor, «ante … transp.»: as in LaTeX)
            before = _with_ante(before)
        value, type_label, abbr = _TYPE_NAMES[r.type]
        return ReadingView(
            before=before,
            text=label.text,
            after=label.after,
            note=label.note,
            type=value,
            type_label=type_label,
            abbr=abbr,
            show_kind=not r.lemma and not label.names_class,
            lemma=r.lemma,
            lang=self.lang_of(r.witnesses[0]) if r.witnesses else None,
            refs=self.refs(r, unit) if refs else (),
            cert=self.own_cert(r) if self.sources else None,
        )

    # -- the base text: which units stand in it, and where additions hang

    def _segments(self, segments: Iterable[Segment]) -> Iterator[Segment]:
        """``segments`` as the base text shows them: hidden units give way to their text.

        :meth:`Apparatus.visible` for the units this page shows, which ``max_units`` may cut
        short of the apparatus's selection; segments are yielded one by one (neighbouring
        stretches are not joined: the pieces stay where they are).
        """
        shown = self.shown
        for seg in segments:
            if isinstance(seg, VariationUnit) and seg.id not in shown:  # (not is_shown)
                if seg.content and _holds_base_text(seg):
                    yield from self._segments(seg.content)
                else:
                    text = seg.lemma.lead + seg.lemma.text + seg.lemma.ws
                    if text:
                        loc = seg.location
                        yield Stretch(text, seg.columns, loc.start, loc.end, seg.lemma_witness)
            else:
                yield seg

    @property
    def anchors(self) -> dict[str, _Anchor]:
        """The anchor word of every shown addition (see :class:`_AnchorWalk`)."""
        if self._anchors is None:
            self._walk_text()
        assert self._anchors is not None
        return self._anchors

    @property
    def placed(self) -> frozenset[str]:
        """The units placed in the base text (see :class:`_AnchorWalk`)."""
        if self._placed is None:
            self._walk_text()
        assert self._placed is not None
        return self._placed

    def _walk_text(self) -> None:
        walk = _AnchorWalk(self)
        for block in self.app.blocks:
            walk.walk(block.segments, True)
        self._anchors, self._placed = walk.found, frozenset(walk.placed)

    def _text_place(self, unit: VariationUnit) -> str | None:
        """The unit whose place in the text view ``unit`` jumps to (itself, or one around it)."""
        current: VariationUnit | None = unit
        while current is not None:
            if current.id in self.placed:
                return current.id
            current = self.app.unit(current.parent) if current.parent is not None else None
        return None

    # -- units

    def _base_chars(self, unit: VariationUnit) -> tuple[int, int]:
        """Where the unit stands in the base text, as character offsets (the strip's scale).

        A unit inside one where the base has no text is located in its lemma witness's
        text: it stands where the enclosing unit stands in the base.
        """
        while self.app.base not in unit.scope and unit.parent is not None:
            unit = self.app.unit(unit.parent)
        return unit.location.char_start, unit.location.char_end

    def _depth(self, unit: VariationUnit) -> int:
        depth, parent = 0, unit.parent
        while parent is not None:
            depth += 1
            parent = self.app.unit(parent).parent
        return depth

    def _unit(self, u: VariationUnit) -> UnitView:
        lemma = u.lemma
        anchor = self.anchors.get(u.id)
        lem = self.reading(lemma, u, refs=False)
        lemma_title = ""
        if lemma.text:
            short = _abridge(lem.text)
            if short != lem.text:
                lemma_title = lem.text
                lem = _replace_text(lem, short)
        elif anchor is not None:
            lem = _replace_text(lem, anchor.word)
        ante = anchor is not None and anchor.before
        variants = tuple(self.reading(r, u, ante=ante) for r in u.variants)
        lemma_refs = self.refs(lemma, u) if self.positive else ()
        if not self.positive and self.sources:  # number the lemma's works all the same
            self.refs(lemma, u)
        wits = {self.witnesses[s].dom for r in u.variants for s in r.witnesses}
        x, w = self.strip_place(u)
        assert self._units is not None  # (being filled: the parent's view comes first)
        parent = self._units.get(u.parent) if u.parent is not None else None
        place = self._text_place(u)
        label = u.location.label
        value, type_label, abbr = _TYPE_NAMES[u.type]
        return UnitView(
            id=u.id,
            dom=self.id(u.id),
            txt=self.id(f"txt-{place}") if place else "",
            syn=self.id(f"syn-{u.id}"),
            number=u.index + 1,
            loc=label,
            type=value,
            type_label=type_label,
            abbr=abbr,
            types=" ".join(sorted({_TYPE_NAMES[r.type][0] for r in u.variants})),
            substantive=u.substantive,
            lemma=lem,
            lemma_title=lemma_title,
            lemma_refs=lemma_refs,
            variants=variants,
            depth=self._depth(u),
            parent=parent,
            wits=" ".join(sorted(wits)),
            search="\n".join(r.text for r in u.readings if r.text),
            nested=bool(u.children),
            x=x,
            w=w,
            tip=self.tip(u),
        )

    def strip_place(self, u: VariationUnit) -> tuple[float, float]:
        """The unit's tick on the strip: where it starts and how wide it is."""
        start, end = self._base_chars(u)
        x = start / self.length * _STRIP_WIDTH
        w = max((end - start) / self.length * _STRIP_WIDTH, 2.0)
        return round(x, 1), round(w, 1)

    def label(self, u: VariationUnit) -> str:
        """The unit's location label (asked by the apparatus list and the strip)."""
        label = self._labels.get(u.id)
        if label is None:
            label = self._labels[u.id] = u.location.label
        return label

    def tip(self, u: VariationUnit) -> str:
        """The unit's tooltip on the strip: number, location, lemma, class."""
        label = self.label(u)
        return (
            f"{' '.join(filter(None, (str(u.index + 1), label)))}: "
            f"{u.lemma.text or NO_TEXT} ({_TYPE_NAMES[u.type][1]})"
        )

    def unit_list(self) -> list[UnitView]:
        return list(self.units.values())

    # -- the text view

    def shown_blocks(self) -> Iterator[tuple[int, Block]]:
        """The blocks the page shows, numbered: all, or up to the last one with a shown unit
        (``max_units``)."""
        remaining = len(self.selected)
        for bi, block in enumerate(self.app.blocks):
            if self.truncated:  # (counting the units only then: a walk of every block)
                if remaining <= 0:
                    break
                remaining -= sum(1 for u in block.units() if self.is_shown(u))
            yield bi, block

    def blocks(self) -> list[BlockView]:
        out: list[BlockView] = []
        for _, block in self.shown_blocks():
            pieces = self._pieces(block.segments)
            label = f"¶ {block.number}" if block.number is not None else ""
            out.append(BlockView(block.kind, block.number, label, tuple(pieces)))
        return out

    def _pieces(self, segments: Iterable[Segment]) -> list[Piece]:
        out: list[Piece] = []
        for seg in self._segments(segments):
            if isinstance(seg, Stretch):
                out.append(Piece("text", seg.text))
            elif isinstance(seg, Milestone):
                if seg.kind in ("pb", "cb") and seg.n:
                    word = "p." if seg.kind == "pb" else "col."
                    out.append(Piece("milestone", f"{word} {seg.n}"))
            else:
                unit = self.units[seg.id]
                if seg.content and _holds_base_text(seg):
                    children = self._pieces(seg.content)
                    trail = _strip_trailing_space(children)
                    out.append(Piece("unit", unit=unit, children=tuple(children), trail=trail))
                elif seg.lemma.text or seg.lemma.lacuna:
                    lemma = self.reading(seg.lemma, seg, refs=False)
                    if seg.lemma.lead:  # (the base's space before it, where a witness has none)
                        out.append(Piece("text", seg.lemma.lead))
                    out.append(Piece("unit", unit=unit, trail=seg.lemma.ws, reading=lemma))
                else:  # an addition: its number stands right after the word it hangs on
                    # (with the space before it, or the lemma's own after it)
                    trail = _strip_trailing_space(out) + seg.lemma.ws
                    out.append(Piece("unit", unit=unit, trail=trail))
        return out

    # -- the synoptic table

    def synopsis(self) -> list[SynRow]:
        rows: list[SynRow] = []
        columns = [w.siglum for w in self.app.witnesses]
        for bi, block in self.shown_blocks():
            block_rows = self._rows(block.segments, columns, 0)
            if block_rows and bi > 0:
                block_rows[0].para_start = True
            rows.extend(block_rows)
        return rows

    def _col(self, siglum: str) -> int:
        return self._cols[siglum]

    def _shared(
        self, text: str, sigla: Sequence[str], unattested: frozenset[str] = frozenset()
    ) -> list[SynCell]:
        """Text the witnesses ``sigla`` share: one cell per run of neighbouring columns.

        Inside a unit, the witnesses its lemma does not attest (``unattested``) get cells of
        their own, marked like every other unattested reading.
        """
        cells: list[SynCell] = []
        run: list[str] = []
        for s in sorted(sigla, key=self._col):
            if run and (
                self._col(s) != self._col(run[-1]) + 1
                or (s in unattested) != (run[-1] in unattested)
            ):
                cells.append(self._shared_cell(text, run, run[0] in unattested))
                run = []
            run.append(s)
        if run:
            cells.append(self._shared_cell(text, run, run[0] in unattested))
        return cells

    def _shared_cell(self, text: str, run: Sequence[str], unattested: bool) -> SynCell:
        return SynCell(
            "shared",
            tuple(self.witnesses[s].dom for s in run),
            colspan=len(run),
            text=text,
            lang=self.lang_of(self.app.base),
            title=_unattested_title(len(run)) if unattested else "",
            unattested=unattested,
        )

    def _rows(
        self,
        segments: Iterable[Segment],
        scope: Sequence[str],
        depth: int,
        unattested: frozenset[str] = frozenset(),
    ) -> list[SynRow]:
        """Rows for ``segments`` for the witnesses ``scope``.

        Filter-hidden leaf units give way to their lemma's text (as ``Apparatus.visible``
        does).  A unit with content is always laid out as a group, even when hidden: its
        content is shared only by the witnesses of its lemma, and the others' reading (an
        omission, a lacuna) must stand beside it, not be read as agreement.
        """
        rows: list[SynRow] = []
        for text, unit in _synoptic_layout(segments, self.is_shown):
            if unit is None:
                rows.append(SynRow("text", self._shared(text, scope, unattested), depth=depth))
            elif not unit.children:
                rows.append(self._unit_row(unit, scope, depth))
            else:
                rows.extend(self._group(unit, scope, depth))
        return rows

    def _cell(self, unit: VariationUnit, siglum: str, view: UnitView | None) -> SynCell:
        r = unit.reading_of(siglum)
        if self._cell_unit != unit.id:  # the witnesses of a reading share its view
            self._cell_unit = unit.id
            self._cell_views = {}
        rv = self._cell_views.get(id(r))
        if rv is None:
            rv = self._cell_views[id(r)] = self.reading(r, unit, refs=False)
        if self.sources and r.sources:  # (numbering the works it cites as it goes)
            ref = next(x for x in self.refs(r, unit) if x.witness.siglum == siglum)
        else:
            ref = self._plain_ref(siglum, siglum in r.unattested)
        # (a cell that agrees with the lemma is told by its class and by the absence of a
        # class mark, as the note by the table says; the base text's own cell is named)
        title = _lemma_title(siglum == self.app.base) if r.lemma else r.type.label
        return SynCell(
            "lemma" if r.lemma else "reading",
            (self.witnesses[siglum].dom,),
            reading=rv,
            ref=ref,
            unit=view,
            lang=self.lang_of(siglum),
            title=title,
        )

    def _outside(self, unit: VariationUnit, siglum: str) -> SynCell:
        """A witness the unit does not speak for: its reading in the enclosing unit, muted."""
        parent = unit.parent
        while parent is not None:
            outer = self.app.unit(parent)
            if siglum in outer.scope:
                cell = self._cell(outer, siglum, None)
                cell.kind, cell.title = "outside", f"said by unit {outer.index + 1}"
                cell.own_unit = True
                return cell
            parent = outer.parent
        return SynCell(
            "outside",
            (self.witnesses[siglum].dom,),
            text="…",
            title="not in this unit",
            own_unit=True,
        )

    def agreeing_runs(self, unit: VariationUnit, scope: Sequence[str]) -> dict[str, int]:
        """The witnesses of ``scope`` whose cells in ``unit``'s row are one: a run of
        neighbouring columns that agree with the lemma and add nothing of their own (not the
        base text's cell, which is named; none citing a work; one language; all attested or
        all not) spans them, as a row's shared text does, so that the variants stand out and
        a book's table is not the lemma ten times a row.  A run's first witness maps to its
        length, the others to 0; a witness not in the map has a cell of its own."""
        lemma = unit.lemma
        witnesses, unattested = lemma.witnesses, lemma.unattested
        cited = {c.witness for c in lemma.sources} if self.sources else ()
        base, col, lang = self.app.base, self._cols, self.lang_of
        runs: dict[str, int] = {}
        start: str | None = None  # the run's first witness
        last = -2  # the column of the run's last
        for s in scope:
            if s in witnesses and s != base and s in unit.scope and s not in cited:
                c = col[s]
                if (
                    start is not None
                    and c == last + 1
                    and lang(s) == lang(start)
                    and (s in unattested) == (start in unattested)
                ):
                    runs[start] = runs.get(start, 1) + 1
                    runs[s] = 0
                else:
                    start = s
                last = c
            else:
                start = None
        return runs

    def _unit_row(self, unit: VariationUnit, scope: Sequence[str], depth: int) -> SynRow:
        view = self.units.get(unit.id)
        runs = self.agreeing_runs(unit, scope)
        cells = []
        for i, s in enumerate(scope):
            span = runs.get(s, 1)
            if not span:
                continue
            cell = self._cell(unit, s, None) if s in unit.scope else self._outside(unit, s)
            if span > 1:
                cell.colspan = span
                cell.wits = tuple([self.witnesses[w].dom for w in scope[i : i + span]])
            cells.append(cell)
        return SynRow("unit", cells, [view] if view else [], depth, unit=view)

    def _group(self, unit: VariationUnit, scope: Sequence[str], depth: int) -> list[SynRow]:
        view = self.units.get(unit.id)
        holder = unit.content_reading or unit.lemma
        inner = [s for s in scope if s in holder.witnesses]
        rows = self._rows(unit.content, inner, depth + 1, frozenset(holder.unattested))
        if not rows:  # content of milestones only: one row with the lemma
            return [self._unit_row(unit, scope, depth)]
        first = rows[0]
        outer_cells = []
        for s in scope:
            if s in inner:
                continue
            cell = self._cell(unit, s, view) if s in unit.scope else self._outside(unit, s)
            cell.rowspan = len(rows)
            cell.own_unit = True
            outer_cells.append(cell)
        first.cells = sorted(first.cells + outer_cells, key=lambda c: self._first_col(c))
        if view is not None:
            first.units.insert(0, view)
        return rows

    def _first_col(self, cell: SynCell) -> int:
        return self._dom_cols[cell.wits[0]]

    # -- the rest

    def _tally(self) -> tuple[dict[VariantType, int], list[int], bool, int]:
        """In one pass over the units (made once): the shown units per class, per bin of
        the strip, whether a shown reading is unattested anywhere, and the substantive units."""
        if self._tallied is None:
            types: dict[VariantType, int] = {}
            bins = [0] * _STRIP_BINS
            unattested = False
            substantive = 0
            shown, length = self.shown, self.length
            for u in self.app.units:
                readings = u.readings
                variants = readings[1:]
                if any([r.substantive for r in variants]):  # (u.substantive)
                    substantive += 1
                if u.id not in shown:
                    continue
                for t in {r.type for r in variants}:
                    types[t] = types.get(t, 0) + 1
                if not unattested:
                    unattested = any([r.unattested for r in readings])
                # (_base_chars: a unit outside any other stands where it is)
                start = u.location.char_start if u.parent is None else self._base_chars(u)[0]
                at = int(start / length * _STRIP_BINS)
                bins[min(at, _STRIP_BINS - 1)] += 1
            self._tallied = (types, bins, unattested, substantive)
        return self._tallied

    def strip_bars(self) -> list[Bar]:
        counts = self._tally()[1]
        peak = max(counts) or 1
        bw = _STRIP_WIDTH / _STRIP_BINS
        return [
            Bar(
                round(i * bw, 1),
                round(32 - 30 * c / peak, 1),
                round(bw - 1, 1),
                round(30 * c / peak, 1),
                c,
            )
            for i, c in enumerate(counts)
            if c
        ]

    def types(self) -> list[TypeEntry]:
        counts = self._tally()[0]
        return [
            TypeEntry(t.value, t.label, t.abbreviation, counts[t])
            for t in VariantType
            if t in counts and t is not VariantType.IDENTICAL
        ]

    def has_unattested(self) -> bool:
        return self._tally()[2]

    def summary(self) -> str:
        app = self.app
        substantive = self._tally()[3]
        text = (
            f"{len(app.witnesses)} witnesses; base text {app.base}; {len(app.units)} variation "
            f"units ({substantive} substantive); segmentation: {app.segmentation}; "
            f"profile: {app.profile}."
        )
        if app.filters:
            shown = ", ".join(f"{k}={v}" for k, v in sorted(app.filters.items()))
            text += f" Filtered: {shown}."
        return text


def _synoptic_layout(
    segments: Iterable[Segment], is_shown: Callable[[VariationUnit], bool]
) -> Iterator[tuple[str, VariationUnit | None]]:
    """The synoptic table's rows over ``segments``, as ``(text, None)`` for the text all the
    witnesses share between units (stripped, never empty) and ``("", unit)`` for a unit.
    A filter-hidden leaf unit gives way to its lemma's text; milestones are not rows.  The
    view builder and the markup writer lay the table out alike from it."""
    pending: list[str] = []
    for seg in segments:
        if isinstance(seg, Stretch):
            pending.append(seg.text)
        elif isinstance(seg, Milestone):
            continue
        elif not is_shown(seg) and not (seg.content and seg.children):
            pending.append(seg.lemma.lead + seg.lemma.text + seg.lemma.ws)
        else:
            text = "".join(pending).strip()
            pending.clear()
            if text:
                yield text, None
            yield "", seg
    text = "".join(pending).strip()
    if text:
        yield text, None


def _holds_base_text(unit: VariationUnit) -> bool:
    """True if the unit's content is its lemma's text (so the base text runs through it);
    False where the base lacks the passage and the content is another witness's text.

    (``unit.content_reading is unit.lemma``, without the property's loop over the readings:
    the first reading that holds the lemma witness is the lemma if the lemma holds it.)"""
    return bool(unit.content) and unit.lemma_witness in unit.readings[0].witnesses


def _replace_text(view: ReadingView, text: str) -> ReadingView:
    return replace(view, text=text)


def _strip_trailing_space(pieces: list[Piece]) -> str:
    """Take the space that ends ``pieces`` off, to put it after a unit's number (``word³ next``)."""
    if not pieces:
        return ""
    last = pieces[-1]
    if last.kind == "text":
        stripped = last.text.rstrip()
        pieces[-1] = replace(last, text=stripped)
        return last.text[len(stripped) :]
    if last.kind == "unit":
        pieces[-1] = replace(last, trail="")
        return last.trail
    return ""
