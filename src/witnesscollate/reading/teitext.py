"""The witness text of a TEI ``text`` element, one revision state at a time.

:class:`TextWalker` visits a TEI ``text`` element in document order for one revision state,
with what :func:`~.teiindex.index_text` found in the whole document (spans, ``undo``/``redo``
targets, characters) and builds the witness text as runs (see
:mod:`.teiruns`); the reader tokenizes the whole text once and gives each token the properties
of the run its first character is in (flags: of any run it touches).

Whitespace: XML layout whitespace collapses to one space; blocks (``p``, ``head``, ``ab``,
``l``, ``div``, ``item``...) are separated by one ``"\\n"`` and numbered; ``lb``, ``pb``,
``cb``, ``milestone``, ``gb`` and ``space`` are word boundaries unless they have
``break="no"``, which joins the words on either side (dropping a line-end hyphen).  Whitespace
between the children of an element whose TEI content model has no text (``subst``,
``choice``, ``app``, ``rdgGrp``, ``listApp``...; see :mod:`.teischema`), and of ``mod``, is not
text; text that such an element holds anyway is kept, with a warning.

Revisions: ``add``/``del`` (inside ``subst``/``mod`` or not) and the spans ``addSpan``/
``delSpan`` belong to a hand (``@hand``, else the enclosing ``subst``'s or ``mod``'s, else the
``handShift`` in force, else :data:`UNATTRIBUTED`).  A state is the set of hands whose
interventions are applied: an ``add`` is text when its hand is applied, a ``del`` unless its
hand is applied.  An intervention is *cancelled* in a state by an enclosing ``restore``, by an
``undo`` that targets it (``@target``) or covers it (``@spanTo``), when the cancelling hand is
applied, unless a ``redo`` of an applied hand reaffirms it.  An empty ``del`` (deleted text not
transcribed, e.g. an erasure) is a lacuna in the states that show the deleted text.

Lacunae: ``gap``, an empty ``unclear`` or ``damage`` and ``lacunaStart``/``lacunaEnd`` are
lacunae; one inside a word (no whitespace between it and the letters) leaves one token, marked
partly lost, with its known letters (a ``gap`` whose ``@unit`` counts words or lines is a word
boundary).

Citations: an element other than ``supplied`` with ``@source`` cites what attests its text
(``<seg type="reading" source="#sakharov2003" cert="medium">``); text inside ``supplied`` is not
attested and carries no citation (its ``@source`` is where it was taken from).

Unknown elements (not TEI, or in another namespace) keep their text, with a warning
(``on_unknown="warn"``), silently (``"keep"``), or are an error (``"error"``); ``treat_as`` maps
a project's own element to the TEI element it stands for (``{"mdel": "del"}``) or to
``"drop"``.  Everything the walker does is counted in the :class:`~.teireport.ReaderReport`.

Given a :class:`~.teiruns.Trace`, the walker also records where every chunk of the text comes
from (which node's text or tail) and which chunks each element holds: the standoff apparatus
places its anchors with it (:mod:`.standoff`).  Without one, it costs a test per chunk and per
element.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from lxml import etree

from ..errors import TEIError, TEIWarning
from ..model import Note
from ..model._base import paused_gc
from .teiheader import XML_ID, flat_text, source_line
from .teiindex import (
    BLOCKS,
    EXCLUDED,
    INLINE_WHEN_IN_TEXT,
    TEI_PREFIX,
    TEXT_PARENTS,
    UNATTRIBUTED,
    WORD_UNITS,
    Cancel,
    ReadOptions,
    TextIndex,
    first_pointer,
    hand_of,
    is_marker,
    label_of,
    local_name,
    pointer,
    warn,
)
from .teireport import ReaderReport, times
from .teiruns import Built, LacunaMark, RunContext, SourceKind, TextBuilder, Trace, derive
from .teischema import ELEMENT_ONLY, TEI_ELEMENTS

__all__ = ["BLOCKS", "EXCLUDED", "UNATTRIBUTED", "TextWalker"]


@dataclass(slots=True)
class _Span:
    kind: str
    hand: str
    suppresses: bool
    """An addSpan not applied, or a delSpan applied, in this state: the text it covers goes."""


Handler = Callable[[etree._Element, RunContext, str], None]

#: An XInclude (:meth:`TextWalker._xinclude`).
_XINCLUDE = "{http://www.w3.org/2001/XInclude}include"


class TextWalker:
    """Walks a TEI ``text`` element for one revision state.

    Parameters
    ----------
    applied:
        The hands whose interventions are applied; ``None`` visits every ``add`` and ``del``
        and records the hands it meets in :attr:`hands` (the first pass).
    options, index:
        The reading options and the document's :class:`TextIndex`.
    report:
        Where the first pass counts what it does with each element (None: not counted).
    trace:
        Where to record which text node every chunk of the text comes from and which chunks
        each element holds (None, the default: nothing is recorded).  The standoff apparatus
        uses it to put anchors into the witness files exactly where the text is.
    """

    fast_paths = True

    def __init__(
        self,
        applied: frozenset[str] | None,
        options: ReadOptions,
        index: TextIndex,
        report: ReaderReport | None = None,
        trace: Trace | None = None,
    ) -> None:
        self.applied = applied
        self.trace = trace
        self.first = applied is None
        self.options = options
        self.index = index
        self.report = report
        self.choice = options.choice
        # Abbreviation markers belong to the abbreviated form, editorial expansions to the
        # expanded one: ``ex`` is text unless only the abbreviation is compared, ``am`` only then.
        self.expanded = not ("abbr" in self.choice and "expan" not in self.choice)
        self.hands: dict[str, None] = {}
        self.revisions = 0
        self.current_hand: str | None = None
        self.cur_line: int | None = None
        self.b = TextBuilder()
        # The short ways of children() and TextBuilder.text, or (fast_paths False, for the
        # tests that hold them to it) the step-by-step way through element(), _text() and
        # TextBuilder.reference_text.
        self._fast = self.fast_paths
        self._add_text = self.b.text if self.fast_paths else self.b.reference_text
        self._slow_tails = trace is not None or not self.fast_paths
        self.suppressed = False
        self._open_lacuna: LacunaMark | None = None
        self._by_id: dict[str, list[_Span]] = {}
        self._by_block: dict[etree._Element, list[_Span]] = {}
        self._by_marker: dict[etree._Element, list[_Span]] = {}
        self._counted_as: str | None = None
        self._suppressing = 0
        self._undoing: dict[str, int] = {}
        self._redoing: dict[str, int] = {}
        self._span_cancels: frozenset[Cancel] = frozenset()
        self._damaged_spans = 0
        self._bare: dict[str, tuple[int, int | None]] = {}
        self._unknown: dict[str, tuple[int, int | None, int]] = {}
        self._unresolved_g: tuple[int, int | None] = (0, None)
        self._tags: dict[str, tuple[str, Handler]] = {}
        self._milestones: dict[str, str] = {}
        """Tags read by :meth:`_milestone` (``lb``... unless ``treat_as`` says otherwise)."""
        self._handlers: dict[str, Handler] = {
            "note": self._note,
            "lb": self._milestone,
            "pb": self._milestone,
            "cb": self._milestone,
            "milestone": self._milestone,
            "gb": self._milestone,
            "gap": self._gap,
            "space": self._space,
            "lacunaStart": self._lacuna_start,
            "lacunaEnd": self._lacuna_end,
            "handShift": self._hand_shift,
            "choice": self._choice,
            "app": self._app,
            "rdgGrp": self._app,
            "add": self._add,
            "del": self._del,
            "restore": self._restore,
            "subst": self._subst,
            "mod": self._subst,
            "supplied": self._supplied,
            "unclear": self._unclear,
            "damage": self._damage,
            "hi": self._hi,
            "cell": self._cell,
            "addSpan": self._span,
            "delSpan": self._span,
            "damageSpan": self._span,
            "undo": self._undo_redo,
            "redo": self._undo_redo,
            "anchor": self._anchor,
            "g": self._g,
            "ex": self._ex_am,
            "am": self._ex_am,
        }

    # -- entry -----------------------------------------------------------------------------

    def run(self, text: etree._Element) -> Built:
        """Build the witness text of ``text`` (the TEI ``text`` element)."""
        # A run, a place and a context per line of a transcription live until the tokens are
        # made: with the collector on, its passes over them were a fifth of reading a book.
        with paused_gc():
            self.element(text, RunContext())
        if self._open_lacuna is not None:
            self._open_lacuna.end = self.b.pos
        if self.first:
            self._final_warnings()
        return self.b.finish()

    def _final_warnings(self) -> None:
        source = self.index.source
        for name, (count, line, chars) in self._unknown.items():
            if self.options.on_unknown == "warn":
                warn(
                    self.report,
                    TEIWarning(
                        f"<{name}> is not a TEI element: its text ({chars} characters, "
                        f"{times(count)}) is kept as witness text in every state",
                        source=source,
                        line=line,
                        hint=(
                            f'say what it is with treat_as={{"{name}": "del"}} (or "add", '
                            f'"note", "drop"...), or on_unknown="keep" to accept its text'
                        ),
                    ),
                )
        for name, (count, line) in self._bare.items():
            warn(
                self.report,
                TEIWarning(
                    f"<{name}> holds text of its own ({times(count)}), which its TEI content "
                    f"model does not allow: the text is kept",
                    source=source,
                    line=line,
                    hint=f"wrap the text in one of the elements <{name}> may contain",
                ),
            )
        count, line = self._unresolved_g
        if count:
            warn(
                self.report,
                TEIWarning(
                    f"{count} empty <g> elements point to no character the header declares "
                    f"with a <mapping>: those characters are not in the witness text",
                    source=source,
                    line=line,
                    hint="give each <char>/<glyph> of the charDecl a <mapping>, or put the "
                    "character inside <g>",
                ),
            )

    # -- traversal ---------------------------------------------------------------------------

    def _count(self, name: str, action: str, dropped: int = 0) -> None:
        if self.report is not None:
            if self._counted_as is not None:  # the side of a choice read: say so
                action, self._counted_as = self._counted_as, None
            self.report.count(name, action, dropped)

    def _classify(self, el: etree._Element, tag: str) -> tuple[str, Handler]:
        treat = self.options.treat_as
        local = local_name(tag)
        label = label_of(el)
        keys = [label, tag]
        if tag.startswith(TEI_PREFIX) or not tag.startswith("{"):
            keys.append(local)
        if treat:
            for key in keys:
                target = treat.get(key)
                if target is not None:
                    return label, self._treated(target, label)
        if tag.startswith(TEI_PREFIX) and local in TEI_ELEMENTS:
            handler = self._handlers.get(local)
            if handler is not None:
                return local, handler
            if local in EXCLUDED:
                return local, self._drop
            if local in BLOCKS:
                return local, self._block
            if local in ELEMENT_ONLY:
                return local, self._structure
            return local, self._inline
        if tag == _XINCLUDE:
            return label, self._xinclude
        return label, self._unknown_element

    def _treated(self, target: str, label: str) -> Handler:
        if target == "drop":
            handler: Handler = self._drop
        elif target in ("text", "keep"):
            handler = self._inline
        else:
            handler = self._handlers.get(target) or (
                self._drop
                if target in EXCLUDED
                else self._block
                if target in BLOCKS
                else self._inline
            )

        def treated(el: etree._Element, ctx: RunContext, name: str) -> None:
            self._count(label, "treated")
            saved, self.report = self.report, None  # count the element once, as itself
            try:
                handler(el, ctx, target)
            finally:
                self.report = saved

        return treated

    def element(self, el: etree._Element, ctx: RunContext) -> None:
        tag = el.tag
        info = self._tags.get(tag)
        if info is None:
            if not isinstance(tag, str):  # comment or processing instruction
                return
            info = self._tags[tag] = self._classify(el, tag)
            if self.fast_paths and self.trace is None and info[1] == self._handlers["lb"]:
                # lb, pb... read as themselves: children() takes a short way with them
                self._milestones[tag] = info[0]
        if self._fast:
            # One call for the names of the attributes (most elements have none, or one)
            # instead of a lookup by name for each that may be there.
            keys = el.keys()
            xml_id = el.get(XML_ID) if keys and XML_ID in keys else None
            cited = bool(keys) and "source" in keys
        else:
            xml_id = el.get(XML_ID)
            cited = el.get("source") is not None
        if xml_id is not None:
            ctx = derive(ctx, xml_id=xml_id)
            if xml_id in self._by_id:  # the anchor that ends a span
                self._close(self._by_id.pop(xml_id))
            index = self.index
            if xml_id in index.cancels or xml_id in index.reaffirms:
                ctx = self._targeted(ctx, xml_id)
        if self._by_marker and el in self._by_marker:  # a project's own end marker
            self._close(self._by_marker.pop(el))
        name, handler = info
        if cited and name != "supplied":
            ctx = self._cited(el, ctx)
        trace = self.trace
        if trace is None:
            handler(el, ctx, name)
        else:
            first, pos = len(trace.starts), self.b.pos
            handler(el, ctx, name)
            trace.elements.setdefault(el, (first, len(trace.starts), pos))
        if self._by_block and el in self._by_block:
            self._close(self._by_block.pop(el))

    def children(self, el: etree._Element, ctx: RunContext, layout_only: str | None = None) -> None:
        """Visit the content of ``el``; with ``layout_only`` (its name), whitespace is not text.

        A transcription is mostly lines of text between ``lb`` elements, so this loop is the
        reader's inner loop: a milestone (``lb``, ``pb``...) goes straight to
        :meth:`_milestone` when :meth:`element` would do nothing else (no span waits for its
        end, no trace), and a tail goes straight to the builder when :meth:`_text` would do
        nothing else (nothing suppressed or damaged, no trace).
        """
        text = el.text
        if text:
            if layout_only is None:
                if self._slow_tails or self.suppressed or self._damaged_spans:
                    self._text(text, ctx, source_line(el) or self.cur_line, el, "text")
                else:  # what _text does then
                    line: int | None = el.sourceline or self.cur_line  # type: ignore[assignment]
                    self.cur_line = self._add_text(text, ctx, self.current_hand, line)
            elif not text.isspace():
                self._bare_text(layout_only, el)
                self._text(text, ctx, source_line(el) or self.cur_line, el, "text")
        if not len(el):  # (len() is cheaper than starting to iterate)
            return
        milestones = self._milestones
        b = self.b
        # One child at a time: a paragraph of two million <gap/> makes no list of proxies.
        for child in el:
            tag = child.tag
            if tag in milestones and not self._by_id and not self._by_marker and not self._by_block:
                # What element() does for it: a milestone has no text, so its xml:id and
                # @source (the context) change nothing when no span ends there.
                name = milestones[tag]
                keys = child.keys()
                if (
                    name != "lb"
                    or self.report is not None
                    or (keys and "break" in keys and child.get("break") == "no")
                ):
                    self._milestone(child, ctx, name)
                else:  # what _milestone does for a plain <lb/>
                    b.boundary()
                    b.lb(child.get("n") if keys and "n" in keys else None)
            else:
                self.element(child, ctx)
            tail = child.tail
            if tail:
                if layout_only is not None:
                    if tail.isspace():
                        continue
                    self._bare_text(layout_only, child)
                line = self.cur_line
                nxt = child.getnext()
                if nxt is not None:
                    # an int or None (what source_line() reads; lxml-stubs mistype it)
                    nxt_line: int | None = nxt.sourceline  # type: ignore[assignment]
                    if nxt_line is not None:
                        line = nxt_line - tail.count("\n") if "\n" in tail else nxt_line
                if self._slow_tails or self.suppressed or self._damaged_spans:
                    self._text(tail, ctx, line, child, "tail")
                else:  # what _text does then
                    self.cur_line = self._add_text(tail, ctx, self.current_hand, line)

    def _bare_text(self, name: str, el: etree._Element) -> None:
        if self.first and name in ELEMENT_ONLY:  # ``mod`` may hold text: no warning
            count, line = self._bare.get(name, (0, source_line(el)))
            self._bare[name] = (count + 1, line)

    def _text(
        self,
        raw: str,
        ctx: RunContext,
        line: int | None,
        node: etree._Element,
        kind: SourceKind,
    ) -> None:
        """Add ``raw``, which is ``node``'s text or tail (``kind``), to the witness text."""
        if self.suppressed:
            return
        if self._damaged_spans and not ctx.damaged:
            ctx = derive(ctx, damaged=True)
        b = self.b
        if self.trace is None:
            self.cur_line = self._add_text(raw, ctx, self.current_hand, line)
            return
        pos = b.pos
        self.cur_line = self._add_text(raw, ctx, self.current_hand, line)
        if b.pos != pos:  # not only layout whitespace
            self.trace.add(b.chunk_start, b.pos, node, kind, raw)

    def _skip(self, el: etree._Element, shifts: bool = False) -> None:
        """``el`` is not read: close the spans that end inside it (and follow its handShifts).

        The first pass counts the elements inside it in the report.
        """
        if self.first:
            self._inside(el)
        if not self._by_id and not self._by_marker and not shifts:
            return
        for node in el.iter():
            if not isinstance(node.tag, str):
                continue
            xml_id = node.get(XML_ID)
            if xml_id is not None and xml_id in self._by_id:
                self._close(self._by_id.pop(xml_id))
            if self._by_marker and node in self._by_marker:
                self._close(self._by_marker.pop(node))
            if shifts and node.tag == f"{TEI_PREFIX}handShift":
                self.current_hand = first_pointer(node.get("new")) or self.current_hand

    def _dropped_chars(self, el: etree._Element) -> int:
        """Characters of text in ``el`` (which is not read); its elements go in the report."""
        if not self.first:
            return 0
        return sum(len(t) for t in el.itertext() if not t.isspace())

    def _inside(self, el: etree._Element) -> None:
        """Count the elements inside one that is not read as witness text (note, fw...)."""
        if self.report is None:
            return
        for node in el.iterdescendants():
            if isinstance(node.tag, str):
                self.report.count(label_of(node), "inside")

    @staticmethod
    def _cited(el: etree._Element, ctx: RunContext) -> RunContext:
        """The context with the citation of ``el``'s ``@source`` (not a ``supplied``'s)."""
        refs = pointer(el.get("source"))
        if refs is None:
            return ctx
        cert = el.get("cert")
        return derive(ctx, evidence=tuple(refs.split()), cert=cert.strip() if cert else None)

    # -- generic handlers --------------------------------------------------------------------

    def _inline(self, el: etree._Element, ctx: RunContext, name: str) -> None:
        if self.report is not None:
            self._count(name, "text")
        self.children(el, ctx)

    def _structure(self, el: etree._Element, ctx: RunContext, name: str) -> None:
        self._count(name, "structure")
        self.children(el, ctx, layout_only=name)

    def _block(self, el: etree._Element, ctx: RunContext, name: str) -> None:
        if name in INLINE_WHEN_IN_TEXT:
            parent = el.getparent()
            if parent is not None and parent.tag in TEXT_PARENTS:
                self._inline(el, ctx, name)
                return
        self._count(name, "block")
        self.b.block()
        self.b.blocks.append(name)
        try:
            self.children(el, ctx, layout_only=name if name in ELEMENT_ONLY else None)
        finally:
            self.b.blocks.pop()
        self.b.block()

    def _drop(self, el: etree._Element, ctx: RunContext, name: str) -> None:
        self._count(name, "dropped", self._dropped_chars(el))
        if name == "listTranspose" and self.first:
            warn(
                self.report,
                TEIWarning(
                    "<listTranspose>: transpositions are not applied; the text is read in "
                    "document order in every state",
                    source=self.index.source,
                    line=source_line(el),
                ),
            )
        self._skip(el)

    def _xinclude(self, el: etree._Element, ctx: RunContext, name: str) -> None:
        """An XInclude is not expanded (nothing is fetched or read, as no DTD or entity is):
        the text it would bring in is not in the witness, which is said, never passed over
        (``on_unknown="error"``: refused).  Its fallback is not read either."""
        href = el.get("href") or ""
        message = (
            f'<{name} href="{href}"> is not expanded: the text it would include is not in the '
            "witness"
        )
        hint = "expand the document's XIncludes first, e.g. xmllint --xinclude FILE > flat.xml"
        if self.options.on_unknown == "error":
            raise TEIError(message, source=self.index.source, line=source_line(el), hint=hint)
        if self.first:
            warn(
                self.report,
                TEIWarning(message, source=self.index.source, line=source_line(el), hint=hint),
            )
        self._count(name, "dropped", self._dropped_chars(el))
        self._skip(el)

    def _unknown_element(self, el: etree._Element, ctx: RunContext, name: str) -> None:
        mode = self.options.on_unknown
        if mode == "error":
            raise TEIError(
                f"<{name}> is not a TEI element, and the reader does not know what its text is",
                source=self.index.source,
                line=source_line(el),
                hint=(
                    f'say what it is with treat_as={{"{name}": "del"}} (or "add", "note", '
                    f'"drop"...), or read with on_unknown="warn" or "keep" to keep its text'
                ),
            )
        if self.first:
            chars = self._dropped_chars(el)
            count, line, total = self._unknown.get(name, (0, source_line(el), 0))
            self._unknown[name] = (count + 1, line, total + chars)
        self._count(name, "unknown")
        self.children(el, ctx)

    # -- notes, locations, lacunae -----------------------------------------------------------

    def _note(self, el: etree._Element, ctx: RunContext, name: str) -> None:
        self._skip(el)
        if self.suppressed:
            self._count(name, "dropped", self._dropped_chars(el))
            return
        self._count(name, "note")
        note = Note(
            text=flat_text(el),
            type=el.get("type"),
            resp=el.get("resp"),
            place=el.get("place"),
            n=el.get("n"),
            xml_id=el.get(XML_ID),
            source_line=source_line(el),
            target=tuple(t.lstrip("#") for t in (el.get("target") or "").split() if t),
            anchored=el.get("anchored") != "false",
            evidence=tuple((pointer(el.get("source")) or "").split()),
            cert=(el.get("cert") or "").strip() or None,
        )
        self.b.out.notes.append((self.b.pos, note))

    def _milestone(self, el: etree._Element, ctx: RunContext, name: str) -> None:
        b = self.b
        if el.get("break") == "no":
            self._count(name, "join")
            b.join()
            if self.trace is not None:
                self.trace.trim(b.pos)
        else:
            if self.report is not None:
                self._count(name, "location")
            b.boundary()
        if name == "lb":
            b.lb(el.get("n"))
        elif name == "pb":
            b.pb(el.get("n"))
        elif name == "cb":
            b.cb(el.get("n"))
        if self.report is not None or self._by_id or self._by_marker:
            self._skip(el)  # (without them it does nothing)

    def _space(self, el: etree._Element, ctx: RunContext, name: str) -> None:
        self._count(name, "boundary")
        self.b.boundary()
        self._skip(el)

    def _mark(self, kind: str, el: etree._Element) -> LacunaMark:
        pos = self.b.pos
        line = source_line(el)
        # a gap in a heading stands for the heading (the builder keeps it to the heading)
        block = "head" if self.b.blocks and self.b.blocks[-1] == "head" else None
        if not el.keys():  # a bare <gap/>: nothing more to read
            return LacunaMark(kind, pos, pos, None, None, None, line, block=block)
        extent = el.get("extent")
        if extent is None and el.get("quantity"):
            extent = f"{el.get('quantity')} {el.get('unit') or ''}".strip()
        reason = el.get("reason") or el.get("agent") or el.get("rend")
        return LacunaMark(kind, pos, pos, reason, extent, el.get(XML_ID), line, block=block)

    def _gap(self, el: etree._Element, ctx: RunContext, name: str) -> None:
        self._skip(el)
        if self.suppressed:
            self._count(name, "dropped")
            return
        self._count(name, "lacuna")
        between_words = (el.get("unit") or "").strip().lower() in WORD_UNITS
        if between_words:
            self.b.boundary()
        self.b.point(self._mark("gap", el))
        if between_words:
            self.b.boundary()

    def _lacuna_start(self, el: etree._Element, ctx: RunContext, name: str) -> None:
        if self.suppressed:
            return
        self._count(name, "lacuna")
        self.b.boundary()
        self._open_lacuna = self._mark("lacuna", el)
        self.b.out.marks.append(self._open_lacuna)

    def _lacuna_end(self, el: etree._Element, ctx: RunContext, name: str) -> None:
        if self.suppressed:
            return
        self._count(name, "lacuna")
        self.b.boundary()
        if self._open_lacuna is None:  # the lacuna began before the text
            mark = self._mark("lacuna", el)
            mark.start = 0
            self.b.out.marks.append(mark)
        else:
            self._open_lacuna.end = self.b.pos
            self._open_lacuna = None

    def _supplied(self, el: etree._Element, ctx: RunContext, name: str) -> None:
        self._count(name, "flagged")
        sub = derive(
            ctx,
            supplied=True,
            reason=el.get("reason") or ctx.reason,
            source=pointer(el.get("source")) or ctx.source,
            evidence=(),
            # how sure the encoder is of what they supplied (an inferred wording: cert="low")
            cert=(el.get("cert") or "").strip() or None,
        )
        self.children(el, sub)

    @staticmethod
    def _empty(el: etree._Element) -> bool:
        return len(el) == 0 and not (el.text or "").strip()

    def _unclear(self, el: etree._Element, ctx: RunContext, name: str) -> None:
        if self._empty(el):
            if self.suppressed:
                return
            self._count(name, "lacuna")
            self.b.point(self._mark("unclear", el))
            return
        if self.report is not None:
            self._count(name, "flagged")
        self.children(el, derive(ctx, unclear=True))

    def _damage(self, el: etree._Element, ctx: RunContext, name: str) -> None:
        if self.suppressed:
            self.children(el, ctx)  # an anchor may be inside
            return
        if self._empty(el):
            self._count(name, "lacuna")
            self.b.point(self._mark("damage", el))
            return
        self._count(name, "flagged")
        mark = self._mark("damage", el)
        self.children(el, derive(ctx, damaged=True))
        mark.end = self.b.pos
        self.b.out.marks.append(mark)

    def _hi(self, el: etree._Element, ctx: RunContext, name: str) -> None:
        if self.report is not None:
            self._count(name, "flagged")
        rend = el.get("rend") or el.get("rendition")
        if rend:
            ctx = derive(ctx, rend=f"{ctx.rend} {rend}" if ctx.rend else rend)
        self.children(el, ctx)

    def _cell(self, el: etree._Element, ctx: RunContext, name: str) -> None:
        self._count(name, "block")
        self.b.boundary()
        self.children(el, ctx)
        self.b.boundary()

    def _anchor(self, el: etree._Element, ctx: RunContext, name: str) -> None:
        self._count(name, "point")
        self._skip(el)

    def _g(self, el: etree._Element, ctx: RunContext, name: str) -> None:
        if not self._empty(el):
            self._count(name, "text")
            self.children(el, ctx)
            return
        ref = first_pointer(el.get("ref"))
        mapped = self.index.chars.get(ref) if ref else None
        if mapped is None:
            self._count(name, "dropped")
            if self.first:
                count, line = self._unresolved_g
                self._unresolved_g = (count + 1, line or source_line(el))
            return
        self._count(name, "character")
        self._text(mapped, ctx, source_line(el), el, "element")

    def _ex_am(self, el: etree._Element, ctx: RunContext, name: str) -> None:
        if (name == "ex") == self.expanded:
            self._count(name, "text")
            self.children(el, ctx)
        else:
            self._count(name, "dropped", self._dropped_chars(el))
            self._skip(el)

    # -- choice and apparatus ----------------------------------------------------------------

    def _choice(self, el: etree._Element, ctx: RunContext, name: str) -> None:
        self._count(name, "structure")
        kids = [c for c in el if isinstance(c.tag, str)]
        chosen = next(
            (
                c
                for c in kids
                if c.tag.startswith(TEI_PREFIX) and c.tag[len(TEI_PREFIX) :] in self.choice
            ),
            None,
        )
        if chosen is None and kids:
            chosen = kids[0]
        display = " ".join(t for t in (flat_text(c) for c in kids if c is not chosen) if t)
        inner = derive(ctx, display=display) if display else ctx
        self._pick(el, name, chosen, inner, ctx, "compared", "displayed")

    def _pick(
        self,
        el: etree._Element,
        name: str,
        chosen: etree._Element | None,
        inner: RunContext,
        ctx: RunContext,
        yes: str,
        no: str,
    ) -> None:
        """Read ``chosen`` among ``el``'s children; the others are not read; bare text is kept."""
        if el.text and not el.text.isspace():
            self._bare_text(name, el)
            self._text(el.text, ctx, source_line(el) or self.cur_line, el, "text")
        for child in el:
            if child is chosen:
                self._counted_as = yes
                self.element(child, inner)
                self._counted_as = None
            elif isinstance(child.tag, str):
                if child.tag == f"{TEI_PREFIX}note":
                    self.element(child, ctx)
                else:
                    self._count(label_of(child), no, self._dropped_chars(child))
                    self._skip(child)
            tail = child.tail
            if tail and not tail.isspace():
                self._bare_text(name, child)
                self._text(tail, ctx, self.cur_line, child, "tail")

    def _readings(self, app: etree._Element) -> Iterable[etree._Element]:
        for child in app:
            tag = child.tag
            if tag in (f"{TEI_PREFIX}lem", f"{TEI_PREFIX}rdg"):
                yield child
            elif tag == f"{TEI_PREFIX}rdgGrp":
                yield from self._readings(child)

    def _chosen_reading(self, app: etree._Element) -> etree._Element | None:
        readings = list(self._readings(app))
        lem = next((r for r in readings if r.tag == f"{TEI_PREFIX}lem"), None)
        wanted = self.options.reading
        if wanted:
            for r in readings:
                wits = (pointer(r.get("wit")) or "").split()
                if wanted in wits or wanted in (r.get(XML_ID), r.get("n")):
                    return r
        if lem is not None:
            return lem
        return readings[0] if readings else None

    def _app(self, el: etree._Element, ctx: RunContext, name: str) -> None:
        """``app`` (or an ``rdgGrp`` met outside one): read one reading, wherever it sits."""
        self._count(name, "structure")
        self._pick_reading(el, name, self._chosen_reading(el), ctx)

    def _pick_reading(
        self, el: etree._Element, name: str, chosen: etree._Element | None, ctx: RunContext
    ) -> None:
        if el.text and not el.text.isspace():
            self._bare_text(name, el)
            self._text(el.text, ctx, source_line(el) or self.cur_line, el, "text")
        for child in el:
            tag = child.tag
            if not isinstance(tag, str):
                continue
            if tag in (f"{TEI_PREFIX}lem", f"{TEI_PREFIX}rdg"):
                local = tag[len(TEI_PREFIX) :]
                if child is chosen:
                    self._count(local, "read")
                    sub = ctx
                    if child.get("source") is not None:
                        sub = self._cited(child, sub)
                    xml_id = child.get(XML_ID)
                    if xml_id is not None:
                        sub = derive(sub, xml_id=xml_id)
                        if xml_id in self._by_id:
                            self._close(self._by_id.pop(xml_id))
                    here = self._here()
                    self.children(child, sub)
                    self._entered(child, here)
                else:
                    self._count(local, "not read", self._dropped_chars(child))
                    self._skip(child)
            elif tag == f"{TEI_PREFIX}rdgGrp":
                self._count("rdgGrp", "structure")
                here = self._here()
                self._pick_reading(child, "rdgGrp", chosen, ctx)
                self._entered(child, here)
            else:
                self.element(child, ctx)
            tail = child.tail
            if tail and not tail.isspace():
                self._bare_text(name, child)
                self._text(tail, ctx, self.cur_line, child, "tail")

    # An element read here without :meth:`element` (``lem``, ``rdg``, ``rdgGrp``) is recorded
    # in the trace all the same.

    def _here(self) -> tuple[int, int]:
        return (len(self.trace.starts) if self.trace is not None else 0), self.b.pos

    def _entered(self, el: etree._Element, here: tuple[int, int]) -> None:
        if self.trace is not None:
            self.trace.elements.setdefault(el, (here[0], len(self.trace.starts), here[1]))

    # -- revisions ---------------------------------------------------------------------------

    def _revision_hand(self, el: etree._Element, ctx: RunContext) -> str:
        hand = hand_of(el) or ctx.subst_hand or self.current_hand or UNATTRIBUTED
        if self.applied is None:
            self.hands.setdefault(hand, None)
            self.revisions += 1
        return hand

    def _applies(self, hand: str, cancels: Iterable[Cancel]) -> bool:
        """Is an intervention of ``hand`` applied in this state (and not cancelled)?"""
        applied = self.applied
        if applied is None or hand not in applied:
            return False
        return all(by not in applied or reaffirmed & applied for by, reaffirmed in cancels)

    def _cancels(self, ctx: RunContext) -> frozenset[Cancel]:
        cancels = ctx.cancels
        if self._span_cancels:
            cancels = cancels | self._span_cancels
        return cancels

    def _targeted(self, ctx: RunContext, xml_id: str) -> RunContext:
        """An element named by ``undo``/``redo``: its interventions are cancelled/reaffirmed."""
        index = self.index
        reaffirm = frozenset(index.reaffirms.get(xml_id, ()))
        cancels: set[Cancel] = {(by, again | reaffirm) for by, again in ctx.cancels}
        cancels.update((by, reaffirm) for by in index.cancels.get(xml_id, ()))
        return derive(ctx, cancels=frozenset(cancels))

    def _revised(self, el: etree._Element, ctx: RunContext, kind: str, hand: str) -> RunContext:
        return derive(
            ctx,
            hand=None if hand == UNATTRIBUTED else hand,
            revision=kind,
            revision_hand=hand,
            place=el.get("place") or ctx.place,
        )

    def _add(self, el: etree._Element, ctx: RunContext, name: str) -> None:
        self._count(name, "state")
        hand = self._revision_hand(el, ctx)
        if self.applied is None or self._applies(hand, self._cancels(ctx)):
            self.children(el, self._revised(el, ctx, "add", hand))
        else:
            self._skip(el, shifts=True)

    def _del(self, el: etree._Element, ctx: RunContext, name: str) -> None:
        hand = self._revision_hand(el, ctx)
        deleted = self._applies(hand, self._cancels(ctx))
        if self._empty(el):
            if is_marker(el):
                self._count(name, "structure")
                return
            self._count(name, "lacuna")
            if not deleted and not self.suppressed:
                mark = self._mark("del", el)
                mark.reason = mark.reason or "deleted text not given"
                self.b.point(mark)
            return
        self._count(name, "state")
        if deleted:
            self._skip(el, shifts=True)
        else:
            self.children(el, self._revised(el, ctx, "del", hand))

    def _restore(self, el: etree._Element, ctx: RunContext, name: str) -> None:
        self._count(name, "state")
        hand = self._revision_hand(el, ctx)
        self.children(el, derive(ctx, cancels=ctx.cancels | {(hand, frozenset())}))

    def _subst(self, el: etree._Element, ctx: RunContext, name: str) -> None:
        self._count(name, "structure")
        hand = hand_of(el)
        sub = derive(ctx, subst_hand=hand) if hand else ctx
        self.children(el, sub, layout_only=name)

    def _undo_redo(self, el: etree._Element, ctx: RunContext, name: str) -> None:
        self._count(name, "state")
        # The hand as index_text resolved it for @target: its own, else the handShift in force.
        hand = hand_of(el) or self.current_hand or UNATTRIBUTED
        if self.first:
            self.hands.setdefault(hand, None)
            self.revisions += 1
        if el in self.index.span_ends:
            self._open_span(el, ctx, name, hand)
        self._skip(el)

    def _span(self, el: etree._Element, ctx: RunContext, name: str) -> None:
        """``addSpan``/``delSpan``/``damageSpan``: from here to the element ``@spanTo`` names."""
        if name == "damageSpan":
            self._count(name, "flagged")
            hand = UNATTRIBUTED
        else:
            self._count(name, "state")
            hand = self._revision_hand(el, ctx)
        if el in self.index.span_ends:
            self._open_span(el, ctx, name, hand)
        self._skip(el)

    def _open_span(self, el: etree._Element, ctx: RunContext, kind: str, hand: str) -> None:
        applied = self.applied
        suppresses = applied is not None and (
            (kind == "delSpan" and self._applies(hand, self._cancels(ctx)))
            or (kind == "addSpan" and not self._applies(hand, self._cancels(ctx)))
        )
        span = _Span(kind, hand, suppresses)
        end = self.index.span_ends[el]
        if isinstance(end, str):
            self._by_id.setdefault(end, []).append(span)
        elif end in self.index.end_markers:
            self._by_marker.setdefault(end, []).append(span)
        else:
            self._by_block.setdefault(end, []).append(span)
        self._change(span, 1)

    def _close(self, spans: list[_Span]) -> None:
        for span in spans:
            self._change(span, -1)

    def _change(self, span: _Span, by: int) -> None:
        """Open (``by=1``) or close (``-1``) a span: counts, so that the cost does not grow
        with the number of spans open at once."""
        self._suppressing += by * span.suppresses
        self.suppressed = self._suppressing > 0
        if span.kind == "damageSpan":
            self._damaged_spans += by
        elif span.kind in ("undo", "redo"):
            book = self._undoing if span.kind == "undo" else self._redoing
            book[span.hand] = book.get(span.hand, 0) + by
            if not book[span.hand]:
                del book[span.hand]
            again = frozenset(self._redoing)
            self._span_cancels = frozenset((hand, again) for hand in self._undoing)

    def _hand_shift(self, el: etree._Element, ctx: RunContext, name: str) -> None:
        self._count(name, "hand")
        self.current_hand = first_pointer(el.get("new")) or self.current_hand
        self._skip(el)
