"""HTML: the apparatus as an interactive reading page, and the fragments Jupyter shows.

:func:`render_html` writes one self-contained UTF-8 page (inline CSS and script, no external
resources, nothing fetched) from one :class:`~witnesscollate.model.Apparatus`:

- the **text**: the base text with every variation unit marked in place and numbered; the
  number links to the unit's apparatus entry, and the entry links back;
- a **synoptic table**: the witnesses side by side, one column per witness; shared text spans
  the row, at a unit each witness's reading has its own cell (a nested unit's rows sit inside
  the unit that contains them, whose absent witness's cell spans them);
- the **apparatus**: ``location lemma] readings sigla``, with *om.*, *add.*, *lac.*,
  *transp.*, *a.c.*/*p.c.* and the unattested mark ``°`` from :mod:`.labels`, and superscript
  marks for the works the TEI cites for a reading (listed under *Works cited*);
- reading tools (a script; the page reads the same without it): filter units by class, by
  witness and by significance, search the text, show or hide witnesses in the synoptic table.

The markup lives in Jinja2 templates shipped in ``html_templates/`` (autoescaped); a user
overrides any of them with ``templates=<folder>`` (same file names; the shipped ones stay
reachable as ``builtin/<name>`` for ``{% extends %}``).  This module only turns the records
into plain view records for the templates: it reads the apparatus's blocks, units and
readings, :func:`~.labels.reading_label` and :func:`~.labels.siglum_parts`, and never walks
tokens or classifies anything.

:func:`apparatus_fragment` and :func:`collation_html` back ``Apparatus._repr_html_`` and
``Collation._repr_html_``: static markup scoped under ``class="wc"`` with prefixed ids, so
that neither the styles nor the ids leak into the notebook.  IPython is never imported.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from operator import attrgetter
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from ..errors import RenderError
from ..model import (
    APPARATUS_TERMS,
    Apparatus,
    Citation,
    Collation,
    Milestone,
    Reading,
    Segment,
    Stretch,
    VariantType,
    VariationUnit,
)
from .ids import ncname, unique_ids
from .labels import NO_TEXT, UNATTESTED_MARK, reading_label, siglum_parts
from .options import HTMLOptions

__all__ = [
    "TYPE_COLOURS",
    "apparatus_fragment",
    "collation_html",
    "document_title",
    "render_collation_html",
    "render_html",
    "render_template",
]

#: The colour of each class (the palette of :mod:`witnesscollate.model.variants`).
TYPE_COLOURS = {t.value: t.info.colour for t in VariantType if t is not VariantType.IDENTICAL}
#: Each class's value, label and abbreviation (enum properties cost a call each, per reading).
_TYPE_NAMES = {t: (t.value, t.label, t.abbreviation) for t in VariantType}

_TEMPLATE_PACKAGE = ("witnesscollate.rendering", "html_templates")
_STRIP_WIDTH = 1000
_STRIP_BINS = 50
#: Lemmata longer than this many words are abridged to "first … last" in the apparatus list
#: (the text view above gives them whole).
_LONG_LEMMA = 6
_FIRST_WORD = re.compile(r"\S+")
_TEXT = attrgetter("text")
_WS = attrgetter("ws")
#: The separators between a work's title and the witness's own description in TEI titles
#: ("Письмо к съезду, 23 декабря 1922 г.: Полное собрание сочинений…", "… — PSS, vol. 54").
_TITLE_SEPARATORS = (": ", " — ", " – ")


# --- templates -------------------------------------------------------------------------------


@lru_cache(maxsize=16)
def _environment(folder: str | None) -> jinja2.Environment:
    shipped = jinja2.PackageLoader(*_TEMPLATE_PACKAGE)
    loaders: list[jinja2.BaseLoader] = []
    if folder is not None:
        loaders.append(jinja2.FileSystemLoader(folder))
    loaders += [shipped, jinja2.PrefixLoader({"builtin": shipped})]
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals["UNATTESTED_MARK"] = UNATTESTED_MARK
    env.globals["TYPE_COLOURS"] = TYPE_COLOURS
    return env


def environment(templates: str | os.PathLike[str] | None = None) -> jinja2.Environment:
    """The Jinja2 environment: ``templates`` (a folder) first, then the shipped templates."""
    if templates is None:
        return _environment(None)
    folder = Path(os.fspath(templates)).expanduser()
    if not folder.is_dir():
        raise RenderError(
            f"html: the template folder {os.fspath(templates)!r} does not exist",
            hint="give a folder holding templates named like the shipped ones "
            "(page.html, style.css...), or leave templates unset",
        )
    return _environment(str(folder.resolve()))


def render_template(
    name: str, templates: str | os.PathLike[str] | None = None, **context: Any
) -> str:
    """Render one template; a broken (user) template is a :class:`RenderError` naming it."""
    env = environment(templates)
    try:
        return env.get_template(name).render(**context)
    except jinja2.TemplateSyntaxError as exc:
        raise RenderError(
            f"template syntax error: {exc.message}",
            source=exc.filename or exc.name or name,
            line=exc.lineno,
            hint="fix the template, or remove it from the folder to use the shipped one",
        ) from None
    except jinja2.TemplateNotFound as exc:
        raise RenderError(
            f"template {exc.name!r} not found",
            hint="a template folder may override the shipped templates, not remove them",
        ) from None
    except jinja2.TemplateError as exc:
        raise RenderError(
            f"template {name!r} failed: {exc}",
            hint="check the names it uses against the shipped template of the same name",
        ) from None


# --- view records: what the templates see ----------------------------------------------------


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
    """A siglum in a reading: the witness, whether its text here is attested, its marks."""

    witness: WitnessView
    unattested: bool
    marks: tuple[Mark, ...]


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

    @property
    def w(self) -> str:
        return " ".join(self.wits)


@dataclass(slots=True)
class SynRow:
    """A row of the synoptic table: the units it is the first row of, and its cells."""

    kind: str  # text | unit
    cells: list[SynCell]
    units: list[UnitView] = field(default_factory=list)
    depth: int = 0
    para_start: bool = False


@dataclass(frozen=True, slots=True)
class Tick:
    unit: UnitView


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


# --- the document's title --------------------------------------------------------------------


def document_title(apparatus: Apparatus) -> str:
    """The document the witnesses are versions of, from the base witness's TEI title.

    TEI titles of witnesses name the work and then the witness
    ("Письмо к съезду, 23 декабря 1922 г.: Полное собрание сочинений… (PSS)", "Товарищу Сталину
    (5 марта 1923) — PSS, vol. 54"); the work is the part before the last ``": "`` or dash.
    A title with no such separator is taken whole; empty if the base has no title.
    """
    title = apparatus.base_witness.metadata.title.strip()
    cut = max((title.rfind(sep) for sep in _TITLE_SEPARATORS), default=-1)
    return title[:cut].strip() if cut > 0 else title


def _page_title(apparatus: Apparatus, given: str | None) -> str:
    if given:
        return given
    doc = document_title(apparatus)
    base = apparatus.base
    return f"Collation: {doc} (base text {base})" if doc else f"Collation: base text {base}"


# --- building the views ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Anchor:
    word: str
    before: bool  # the word after the addition (it opens the text)


def _abridge(text: str) -> str:
    words = text.split()
    if len(words) <= _LONG_LEMMA:
        return text
    return f"{words[0]} … {words[-1]}"


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
        base = apparatus.base_witness
        self.length = max(
            len(base.leading_ws)
            + sum(map(len, map(_TEXT, base.tokens)))
            + sum(map(len, map(_WS, base.tokens))),
            1,
        )
        self._cols = {s: i for i, s in enumerate(apparatus.sigla)}
        self._dom_cols = {w.dom: i for i, w in enumerate(self.witnesses.values())}
        self._plain_refs: dict[tuple[str, bool], WitnessRef] = {}
        self._cell_views: dict[int, ReadingView] = {}  # the readings of the unit in hand
        self._cell_unit = ""
        selected = apparatus.units if max_units is None else apparatus.units[:max_units]
        self.truncated = len(apparatus.units) - len(selected)
        self.shown = frozenset(u.id for u in selected)
        self.works: dict[tuple[str, str], Work] = {}
        self.anchors, self.placed = self._walk_text()
        self.units: dict[str, UnitView] = {}
        for u in selected:
            self.units[u.id] = self._unit(u)

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
        if not (self.sources and reading.sources):
            unattested = reading.unattested
            return tuple(self._plain_ref(s, s in unattested) for s in reading.witnesses)
        out = []
        for s in reading.witnesses:
            marks: list[Mark] = []
            if self.sources:
                for c in reading.sources:
                    if c.witness == s:
                        cert = f" (cert: {c.cert})" if c.cert else ""
                        marks.append(Mark(self._work(c, unit), c.cert, f"{c}{cert}"))
            out.append(WitnessRef(self.witnesses[s], not reading.is_attested(s), tuple(marks)))
        return tuple(out)

    def reading(
        self, r: Reading, unit: VariationUnit, *, ante: bool = False, refs: bool = True
    ) -> ReadingView:
        label = reading_label(r, unit.lemma)
        before = label.before
        if before and ante:
            before = f"{before} {APPARATUS_TERMS['ante']}"
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
            cert=r.cert if self.sources else None,
        )

    # -- the base text: which units stand in it, and where additions hang

    def _segments(self, segments: Iterable[Segment]) -> Iterator[Segment]:
        """``segments`` as the base text shows them: hidden units give way to their text.

        :meth:`Apparatus.visible` for the units this page shows, which ``max_units`` may cut
        short of the apparatus's selection; segments are yielded one by one (neighbouring
        stretches are not joined: the pieces stay where they are).
        """
        for seg in segments:
            if isinstance(seg, VariationUnit) and not self.is_shown(seg):
                if seg.content and _holds_base_text(seg):
                    yield from self._segments(seg.content)
                else:
                    text = seg.lemma.text + seg.lemma.ws
                    if text:
                        loc = seg.location
                        yield Stretch(text, seg.columns, loc.start, loc.end, seg.lemma_witness)
            else:
                yield seg

    def _walk_text(self) -> tuple[dict[str, _Anchor], frozenset[str]]:
        """The anchor word of every shown addition, and the units placed in the base text."""
        found: dict[str, _Anchor] = {}
        placed: set[str] = set()
        waiting: list[str] = []
        last: str | None = None

        def text(t: str) -> None:
            nonlocal last
            if waiting:
                first = _FIRST_WORD.search(t)
                if first:
                    for uid in waiting:
                        found[uid] = _Anchor(first.group(), True)
                    waiting.clear()
            # the last word: what ``(\S+)\s*$`` finds, without its search from every word
            words = t.rsplit(None, 1)
            if words:
                last = words[-1]

        def empty_lemma(unit: VariationUnit) -> None:
            if last is not None:
                found[unit.id] = _Anchor(last, False)
            else:
                waiting.append(unit.id)

        def walk(segments: Iterable[Segment], in_base: bool) -> None:
            nonlocal last
            for seg in self._segments(segments):
                if isinstance(seg, Stretch):
                    text(seg.text)
                elif isinstance(seg, VariationUnit):
                    if in_base:
                        placed.add(seg.id)
                    if seg.content and _holds_base_text(seg):
                        walk(seg.content, in_base)
                        continue
                    if not seg.lemma.text:
                        empty_lemma(seg)
                    if seg.children:  # the others' text, where the lemma has none
                        saved, pending = last, waiting[:]
                        waiting.clear()
                        walk(seg.content, False)
                        last = saved
                        waiting[:] = pending + waiting
                    text(seg.lemma.text)

        for block in self.app.blocks:
            walk(block.segments, True)
        return found, frozenset(placed)

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
        loc = u.location
        start, end = self._base_chars(u)
        x = start / self.length * _STRIP_WIDTH
        w = max((end - start) / self.length * _STRIP_WIDTH, 2.0)
        parent = self.units.get(u.parent) if u.parent is not None else None
        place = self._text_place(u)
        label = loc.label
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
            x=round(x, 1),
            w=round(w, 1),
            tip=f"{' '.join(filter(None, (str(u.index + 1), label)))}: "
            f"{lemma.text or NO_TEXT} ({type_label})",
        )

    def unit_list(self) -> list[UnitView]:
        return list(self.units.values())

    # -- the text view

    def blocks(self) -> list[BlockView]:
        out: list[BlockView] = []
        remaining = len(self.units)
        for block in self.app.blocks:
            if self.truncated and remaining <= 0:
                break
            pieces = self._pieces(block.segments)
            remaining -= sum(1 for u in block.units() if self.is_shown(u))
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
                    out.append(Piece("unit", unit=unit, trail=seg.lemma.ws, reading=lemma))
                else:  # an addition: its number stands right after the word it hangs on
                    trail = _strip_trailing_space(out)
                    out.append(Piece("unit", unit=unit, trail=trail))
        return out

    # -- the synoptic table

    def synopsis(self) -> list[SynRow]:
        rows: list[SynRow] = []
        columns = [w.siglum for w in self.app.witnesses]
        remaining = len(self.units)
        for bi, block in enumerate(self.app.blocks):
            if self.truncated and remaining <= 0:
                break
            block_rows = self._rows(block.segments, columns, 0)
            remaining -= sum(1 for u in block.units() if self.is_shown(u))
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
            title="not attested in this witness" if unattested else "",
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
        pending = ""

        def flush() -> None:
            nonlocal pending
            if pending.strip():
                cells = self._shared(pending.strip(), scope, unattested)
                rows.append(SynRow("text", cells, depth=depth))
            pending = ""

        for seg in segments:
            if isinstance(seg, Stretch):
                pending += seg.text
            elif isinstance(seg, Milestone):
                continue
            elif not seg.children:
                if not self.is_shown(seg):
                    pending += seg.lemma.text + seg.lemma.ws
                    continue
                flush()
                rows.append(self._unit_row(seg, scope, depth))
            else:
                flush()
                rows.extend(self._group(seg, scope, depth))
        flush()
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
        if r.lemma:
            title = "lemma (base text)" if siglum == self.app.base else "agrees with the lemma"
        else:
            title = r.type.label
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
                return cell
            parent = outer.parent
        return SynCell("outside", (self.witnesses[siglum].dom,), text="…", title="not in this unit")

    def _unit_row(self, unit: VariationUnit, scope: Sequence[str], depth: int) -> SynRow:
        view = self.units.get(unit.id)
        cells = [
            self._cell(unit, s, view) if s in unit.scope else self._outside(unit, s) for s in scope
        ]
        return SynRow("unit", cells, [view] if view else [], depth)

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
            outer_cells.append(cell)
        first.cells = sorted(first.cells + outer_cells, key=lambda c: self._first_col(c))
        if view is not None:
            first.units.insert(0, view)
        return rows

    def _first_col(self, cell: SynCell) -> int:
        return self._dom_cols[cell.wits[0]]

    # -- the rest

    def strip_bars(self) -> list[Bar]:
        counts = [0] * _STRIP_BINS
        for u in self.app.units:
            if self.is_shown(u):
                at = int(self._base_chars(u)[0] / self.length * _STRIP_BINS)
                counts[min(at, _STRIP_BINS - 1)] += 1
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
        counts: dict[VariantType, int] = {}
        for u in self.app.units:
            if self.is_shown(u):
                for t in {r.type for r in u.variants}:
                    counts[t] = counts.get(t, 0) + 1
        return [
            TypeEntry(t.value, t.label, t.abbreviation, counts[t])
            for t in VariantType
            if t in counts and t is not VariantType.IDENTICAL
        ]

    def has_unattested(self) -> bool:
        return any(r.unattested for u in self.app.units if self.is_shown(u) for r in u.readings)

    def summary(self) -> str:
        app = self.app
        substantive = sum(1 for u in app.units if u.substantive)
        text = (
            f"{len(app.witnesses)} witnesses; base text {app.base}; {len(app.units)} variation "
            f"units ({substantive} substantive); segmentation: {app.segmentation}; "
            f"profile: {app.profile}."
        )
        if app.filters:
            shown = ", ".join(f"{k}={v}" for k, v in sorted(app.filters.items()))
            text += f" Filtered: {shown}."
        return text


def _holds_base_text(unit: VariationUnit) -> bool:
    """True if the unit's content is its lemma's text (so the base text runs through it);
    False where the base lacks the passage and the content is another witness's text."""
    return unit.content_reading is unit.lemma


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


def _prefix(*parts: object) -> str:
    """A short, deterministic id prefix, so that two outputs in a notebook do not clash."""
    digest = hashlib.sha1(repr(parts).encode("utf-8")).hexdigest()[:8]
    return f"wc{digest}-"


# --- the shipped macros, in Python -----------------------------------------------------------


def _escape(s: str) -> str:
    """What Jinja's autoescape makes of a string (MarkupSafe's five entities), as plain str."""
    if "&" in s:
        s = s.replace("&", "&amp;")
    if "<" in s:
        s = s.replace("<", "&lt;")
    if ">" in s:
        s = s.replace(">", "&gt;")
    if '"' in s:
        s = s.replace('"', "&#34;")
    if "'" in s:
        s = s.replace("'", "&#39;")
    return s


class _Markup:
    """The per-unit macros of ``macros.html`` (entry, pieces, strip, synopsis) as string building.

    A page of a long text has thousands of units and each costs some twenty macro calls and
    eighty escapes in Jinja; here each is a few joins, and the strings that recur (sigla,
    classes, labels) are escaped once.  The markup is byte for byte the macros' (a test renders
    both); the page uses these only when no user template folder replaces ``macros.html``.
    """

    def __init__(self) -> None:
        self._escaped: dict[str, str] = {}
        self._sigla: dict[str, str] = {}
        self._readings: dict[int, tuple[ReadingView, str]] = {}
        self._unatt = (
            '<span class="unatt" title="not attested in this witness">'
            f"{_escape(UNATTESTED_MARK)}</span>"
        )

    def e(self, s: str) -> str:
        """Escape a string that recurs (a class, a label, an id): once per distinct string."""
        try:
            return self._escaped[s]
        except KeyError:
            out = self._escaped[s] = _escape(s)
            return out

    def lang_attr(self, code: str | None) -> str:
        return f' lang="{self.e(code)}"' if code else ""

    def siglum(self, w: WitnessView) -> str:
        try:
            return self._sigla[w.dom]
        except KeyError:
            state = f'<span class="state">{self.e(w.state)}</span>' if w.state else ""
            out = f'<span class="sig"><span class="siglum">{self.e(w.printed)}</span>{state}</span>'
            self._sigla[w.dom] = out
            return out

    def mark(self, m: Mark) -> str:
        cert = f'<span class="cert"> cert. {self.e(m.cert)}</span>' if m.cert else ""
        return (
            f'<sup class="cite"><a href="#{self.e(m.work.dom)}" title="{_escape(m.title)}">'
            f"{m.work.number}</a>{cert}</sup>"
        )

    def ref(self, r: WitnessRef) -> str:
        out = self.siglum(r.witness)
        if r.unattested:
            out += self._unatt
        for m in r.marks:
            out += self.mark(m)
        return out

    def refs(self, rs: Sequence[WitnessRef]) -> str:
        return " ".join([self.ref(r) for r in rs])

    def reading(self, r: ReadingView) -> str:
        out = []
        if r.before:
            out.append(f'<span class="term">{self.e(r.before)}</span>')
            if r.text:
                out.append(" ")
        if r.text:
            out.append(f'<span class="wt">{_escape(r.text)}</span>')
        if r.after:
            if r.before or r.text:
                out.append(" ")
            out.append(f'<span class="term">{self.e(r.after)}</span>')
        if r.note:
            out.append(f' <span class="muted">({self.e(r.note)})</span>')
        if not (r.before or r.text or r.after):
            out.append('<span class="gap" title="no text">—</span>')
        return "".join(out)

    def _shared_reading(self, r: ReadingView) -> str:
        """:meth:`reading` of a view many cells share (the witnesses of one reading)."""
        hit = self._readings.get(id(r))
        if hit is not None and hit[0] is r:
            return hit[1]
        out = self.reading(r)
        self._readings[id(r)] = (r, out)
        return out

    def kind(self, r: ReadingView) -> str:
        return f'<span class="kind" title="{self.e(r.type_label)}">{self.e(r.abbr)}</span>'

    def entry(self, u: UnitView, positive: bool, to_text: bool, to_table: bool) -> str:
        e = self.e
        out = [
            f'<li id="{e(u.dom)}" class="entry depth-{u.depth}" data-unit="{e(u.id)}" '
            f'data-types="{e(u.types)}" data-wits="{e(u.wits)}" '
            f'data-subst="{1 if u.substantive else 0}" data-text="{_escape(u.search)}" '
            'tabindex="-1">'
        ]
        if to_text and u.txt:
            out.append(f'<a class="num" href="#{e(u.txt)}" title="show in the text">{u.number}</a>')
        elif to_table:
            out.append(
                f'<a class="num" href="#{e(u.syn)}" title="show in the synoptic table">'
                f"{u.number}</a>"
            )
        else:
            out.append(f'<span class="num">{u.number}</span>')
        if u.loc:
            out.append(f' <span class="loc">{e(u.loc)}</span>')
        if u.parent:
            out.append(
                f' <span class="within">(in <a href="#{e(u.parent.dom)}">{u.parent.number}</a>)'
                "</span>"
            )
        title = f' title="{_escape(u.lemma_title)}"' if u.lemma_title else ""
        out.append(
            f' <span class="lemma"{self.lang_attr(u.lemma.lang)}{title}>'
            f"{self.reading(u.lemma)}</span>"
        )
        if positive and u.lemma_refs:
            out.append(f" {self.refs(u.lemma_refs)}")
        out.append("] ")
        variants = []
        for r in u.variants:
            kind = f" {self.kind(r)}" if r.show_kind else ""
            cert = f' <span class="cert">(cert. {e(r.cert)})</span>' if r.cert else ""
            variants.append(
                f'<span class="rdg t-{e(r.type)}"{self.lang_attr(r.lang)}>{self.reading(r)} '
                f"{self.refs(r.refs)}{kind}{cert}</span>"
            )
        out.append("; ".join(variants))
        if to_text and u.txt and to_table:
            out.append(
                f' <a class="to-syn" href="#{e(u.syn)}" title="show in the synoptic table">'
                "table</a>"
            )
        out.append("</li>")
        return "".join(out)

    def apparatus_list(
        self, units: Sequence[UnitView], positive: bool, to_text: bool, to_table: bool
    ) -> Markup:
        body = "".join([f"{self.entry(u, positive, to_text, to_table)}\n" for u in units])
        return Markup(f'<ol class="app-list" data-search>\n{body}</ol>')

    def _pieces(self, ps: Sequence[Piece], out: list[str]) -> None:
        e = self.e
        for p in ps:
            if p.kind == "text":
                out.append(_escape(p.text))
            elif p.kind == "milestone":
                t = e(p.text)
                out.append(f'<span class="pb" title="{t} begins">|{t}|</span>')
            else:
                u = p.unit
                assert u is not None
                outer = " outer" if p.children and u.nested else ""
                out.append(
                    f'<span id="{e(u.txt)}" class="u t-{e(u.type)}{outer}" data-unit="{e(u.id)}" '
                    'tabindex="-1">'
                )
                if p.children:
                    self._pieces(p.children, out)
                elif p.reading:
                    out.append(self.reading(p.reading))
                out.append(
                    f'<a class="ref" href="#{e(u.dom)}" aria-label="unit {u.number} '
                    f'({e(u.type_label)}) in the apparatus">{u.number}</a></span>'
                    f"{_escape(p.trail)}"
                )

    def pieces(self, ps: Sequence[Piece]) -> Markup:
        out: list[str] = []
        self._pieces(ps, out)
        return Markup("".join(out))

    def strip(
        self, units: Sequence[UnitView], bars: Sequence[Bar], width: int, prefix: str, base: str
    ) -> Markup:
        e = self.e
        out = [
            f'<svg class="strip" viewBox="0 0 {width} 76" role="group" '
            f'aria-labelledby="{e(prefix)}strip-title" xmlns="http://www.w3.org/2000/svg">\n'
            f'<title id="{e(prefix)}strip-title">{len(units)} variation units along the base '
            f"text ({e(base)})</title>\n"
        ]
        out += [
            f'<rect x="{b.x}" y="{b.y}" width="{b.width}" height="{b.height}" fill="#9a9a9a">'
            f"<title>{b.count} unit(s)</title></rect>\n"
            for b in bars
        ]
        out.append(f'<line class="axis" x1="0" y1="60" x2="{width}" y2="60"/>\n')
        out += [
            f'<a href="#{e(u.dom)}" data-unit="{e(u.id)}" tabindex="-1"><title>{_escape(u.tip)}'
            f'</title><rect class="tick-{e(u.type)}" x="{u.x}" y="36" width="{u.w}" '
            'height="22"/></a>\n'
            for u in units
        ]
        out.append(
            '<text x="0" y="73">start</text>\n'
            f'<text x="{width}" y="73" text-anchor="end">end of the base text</text>\n</svg>'
        )
        return Markup("".join(out))

    def syn_cell(self, c: SynCell) -> str:
        e = self.e
        if c.kind == "shared":
            colspan = f' colspan="{c.colspan}"' if c.colspan > 1 else ""
            title = f' title="{e(c.title)}"' if c.title else ""
            unatt = f' <span class="unatt">{e(UNATTESTED_MARK)}</span>' if c.unattested else ""
            return (
                f'<td class="shared"{colspan} data-w="{e(c.w)}"{title}{self.lang_attr(c.lang)}>'
                f"{_escape(c.text)}{unatt}</td>"
            )
        if c.kind == "lemma":
            cls = "lemma-cell"
        elif c.kind == "outside":
            cls = "outside"
        else:
            assert c.reading is not None
            cls = f"t-{c.reading.type}"
        out = [f'<td class="{e(cls)}"']
        if c.rowspan > 1:
            out.append(f' rowspan="{c.rowspan}"')
        out.append(f' data-w="{e(c.w)}"')
        if c.unit:
            out.append(f' data-unit="{e(c.unit.id)}"')
        out.append(f' title="{e(c.title)}"{self.lang_attr(c.lang)}>')
        out.append(self._shared_reading(c.reading) if c.reading else _escape(c.text))
        if c.ref:
            if c.ref.unattested:
                out.append(f" {self._unatt}")
            out += [self.mark(m) for m in c.ref.marks]
        if c.kind == "reading" and c.reading is not None and c.reading.show_kind:
            out.append(f" {self.kind(c.reading)}")
        out.append("</td>")
        return "".join(out)

    def synopsis(
        self, witnesses: Sequence[WitnessView], rows: Sequence[SynRow], scroll: bool = True
    ) -> Markup:
        e = self.e
        out = [
            '<div class="scroll">' if scroll else "",
            '<table class="synopsis">\n<caption>The witnesses side by side: shared text spans '
            "the row; at each variation unit (numbered) every witness's reading has its own "
            "cell, highlighted by class against the lemma. A unit inside another stands in its "
            "rows, beside the reading of the witness that lacks the passage.</caption>\n"
            '<thead><tr><th scope="col">Unit</th>\n',
        ]
        out += [
            f'<th scope="col" data-w="{e(w.dom)}">{self.siglum(w)}<span class="wit-title"'
            f"{self.lang_attr(w.lang)}>{e(w.title)}</span></th>\n"
            for w in witnesses
        ]
        out.append("</tr></thead>\n<tbody data-search>\n")
        for row in rows:
            para = " para-start" if row.para_start else ""
            out.append(f'<tr class="{e(row.kind)} depth-{row.depth}{para}"><th scope="row">')
            out.append(
                " ".join(
                    [
                        f'<a id="{e(u.syn)}" class="num" href="#{e(u.dom)}" data-unit="{e(u.id)}" '
                        f'title="unit {u.number} in the apparatus">{u.number}</a>'
                        for u in row.units
                    ]
                )
            )
            if not row.units and row.para_start:
                out.append('<span title="new paragraph">¶</span>')
            out.append("</th>")
            out += [self.syn_cell(c) for c in row.cells]
            out.append("</tr>\n")
        out.append("</tbody>\n</table>\n")
        if scroll:
            out.append("</div>")
        return Markup("".join(out))


def _shipped_macros(templates: str | os.PathLike[str] | None) -> bool:
    """True unless the template folder replaces ``macros.html`` (then its macros render all)."""
    return (
        templates is None or not (Path(os.fspath(templates)).expanduser() / "macros.html").exists()
    )


def _context(b: _Builder, templates: str | os.PathLike[str] | None, **extra: Any) -> dict[str, Any]:
    units = b.unit_list()
    return {
        "app": b.app,
        "witnesses": list(b.witnesses.values()),
        "units": units,
        "total": len(b.app.units),
        "truncated": b.truncated,
        "types": b.types(),
        "works": list(b.works.values()),
        "unattested": b.has_unattested(),
        "nested": any(u.nested for u in units),
        "positive": b.positive,
        "sources": b.sources,
        "summary": b.summary(),
        "bars": b.strip_bars(),
        "strip_width": _STRIP_WIDTH,
        "prefix": b.prefix,
        "base_lang": b.lang_of(b.app.base),
        # the per-unit markup in Python, unless the user's macros.html is to make it
        "fast": _Markup() if _shipped_macros(templates) else None,
        **extra,
    }


# --- public ----------------------------------------------------------------------------------


def render_html(apparatus: Apparatus, o: HTMLOptions) -> str:
    """The apparatus as a standalone interactive page (or, ``standalone=False``, a fragment).

    Options (:class:`~witnesscollate.rendering.options.HTMLOptions`): ``positive`` names the
    lemma's witnesses too (default); ``title`` the page title (default: "Collation: <document>
    (base text <siglum>)"); ``lang`` the language of witness texts whose witness declares
    none; ``max_units`` caps the units shown; ``synopsis`` includes the synoptic table;
    ``sources`` shows the works cited for readings; ``templates`` a folder of templates that
    override the shipped ones.  A bad value is a :class:`RenderError`.
    """
    if o.max_units is not None and (
        isinstance(o.max_units, bool) or not isinstance(o.max_units, int) or o.max_units < 0
    ):
        raise RenderError(f"html: max_units must be a non-negative integer, got {o.max_units!r}")
    if not o.standalone:
        return apparatus_fragment(
            apparatus,
            max_units=o.max_units,
            positive=o.positive,
            sources=o.sources,
            templates=o.templates,
        )
    b = _Builder(
        apparatus, positive=o.positive, lang=o.lang, sources=o.sources, max_units=o.max_units
    )
    blocks = b.blocks()
    rows = b.synopsis() if o.synopsis else []
    return render_template(
        "page.html",
        o.templates,
        **_context(
            b,
            o.templates,
            title=_page_title(apparatus, o.title),
            document=document_title(apparatus),
            generator=f"witnesscollate {apparatus.version}",
            blocks=blocks,
            rows=rows,
            synopsis=o.synopsis,
        ),
    )


def apparatus_fragment(
    apparatus: Apparatus,
    *,
    max_units: int | None = 200,
    positive: bool = True,
    sources: bool = True,
    templates: str | os.PathLike[str] | None = None,
) -> str:
    """The apparatus as a static HTML fragment for Jupyter (``Apparatus._repr_html_``).

    A summary, the legend, the strip and the apparatus (at most ``max_units`` units), with
    the synoptic table folded in a ``<details>`` element; styles are scoped under ``.wc`` and
    ids prefixed, so that two fragments in one notebook do not clash.
    """
    prefix = _prefix(
        apparatus.base,
        apparatus.sigla,
        tuple((u.id, tuple(r.text for r in u.readings)) for u in apparatus.units),
    )
    b = _Builder(apparatus, prefix=prefix, positive=positive, sources=sources, max_units=max_units)
    return render_template(
        "fragment.html",
        templates,
        **_context(b, templates, rows=b.synopsis()),
    )


@dataclass(frozen=True, slots=True)
class _AlignCell:
    kind: str  # "" | gap | lacuna
    text: str


@dataclass(frozen=True, slots=True)
class _AlignRow:
    witness: WitnessView
    cells: tuple[_AlignCell, ...]


def _align_rows(collation: Collation, count: int) -> Iterator[_AlignRow]:
    for wi, w in enumerate(collation.witnesses):
        printed, state = siglum_parts(w)
        view = WitnessView(
            w.siglum,
            printed,
            APPARATUS_TERMS[state] if state else None,
            "",
            w.metadata.title,
            w.metadata.date or "",
            w.metadata.language,
            False,
        )
        cells = []
        for c in collation.columns[:count]:
            cell = c.cells[wi]
            kind = "lacuna" if cell.is_lacuna else "gap" if cell.is_gap else ""
            cells.append(_AlignCell(kind, cell.text))
        yield _AlignRow(view, tuple(cells))


def collation_html(
    collation: Collation,
    *,
    max_columns: int = 200,
    templates: str | os.PathLike[str] | None = None,
) -> str:
    """The alignment table as an HTML fragment (``Collation._repr_html_``).

    One row per witness, one column per aligned position (at most ``max_columns``); columns
    where the witnesses differ are highlighted, gaps shown as ``–`` and lacunae as ``[…]``.
    """
    cols = collation.columns[:max_columns]
    return render_template(
        "collation.html",
        templates,
        columns=[c.variant for c in cols],
        rows=list(_align_rows(collation, len(cols))),
        more=len(collation.columns) - len(cols),
        collation=collation,
    )


def render_collation_html(collation: Collation, o: HTMLOptions) -> str:
    """The alignment table as HTML (the Jupyter fragment; ``max_units`` caps the columns)."""
    return collation_html(collation, max_columns=o.max_units or 200, templates=o.templates)
