"""The base text as the printed renderers set it: blocks of text, page breaks and entries.

Both LaTeX renderers set the base text with its variation units in place.  This module turns
:attr:`Apparatus.blocks` into a small tree that says, once for every printed output, what
stands in the running text and what each apparatus entry holds:

- :class:`Text` is base text set literally; :class:`Break` a page, column or line break of
  the base (a :class:`~witnesscollate.model.Milestone`);
- an :class:`Entry` is one selected unit: ``body`` is what it spans in the running text
  (text, breaks and the entries nested in it: the differences among the witnesses that have
  text where another is absent), ``readings`` what its note prints (the lemma first).

Where the base has no text (an addition, or the base's own lacuna) the entry hangs on a word
of the base, its :class:`Anchor`: the word before it (wrapped by the entry when it is free
text, named otherwise) or, at the very start of a text, the word after it (*ante*).  An
addition whose witnesses differ among themselves (nested units inside it) is printed as one
reading per distinct added text, so that every witness's words are given in full.

Only the base witness's text stands in the running text: where a filter hid an addition but
kept a unit inside it, that unit, which speaks only of text the base does not have, is left
out with its parent.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace

from ..errors import WitnessError
from ..model import Apparatus, Citation, Milestone, Reading, Segment, Stretch, VariationUnit
from ..model._base import record_maker

__all__ = [
    "Anchor",
    "Break",
    "Entry",
    "Node",
    "Text",
    "entries",
    "plan",
    "witness_text",
]

_FIRST_WORD = re.compile(r"\S+")


@dataclass(frozen=True, slots=True)
class Anchor:
    """Where an entry with no base text (an addition, a lacuna of the base) hangs.

    ``word`` is the anchor word as the base has it; ``wrap`` is True when it is free text that
    the entry wraps (it is then the entry's body), False when the entry only names it;
    ``before`` is True when it is the next word (the entry opens the text: *add. ante*).
    """

    word: str
    wrap: bool
    before: bool


@dataclass(frozen=True, slots=True)
class Text:
    """Base text, set literally (raw: each renderer escapes it)."""

    text: str


@dataclass(frozen=True, slots=True)
class Break:
    """A page, column or line break of the base text, where it falls."""

    milestone: Milestone


@dataclass(frozen=True, slots=True)
class Entry:
    """One apparatus entry: a selected unit, what it spans and what its note prints.

    ``body`` is what the entry spans in the running text (empty for an anchor it only names);
    ``lemma`` the lemma's words as the note quotes them (the anchor word for an entry with no
    base text); ``readings`` the lemma then the other readings, as printed (an addition with
    nested units gives one reading per distinct text); ``nested`` is True when ``body`` holds
    entries.
    """

    unit: VariationUnit
    body: tuple[Node, ...]
    lemma: str
    readings: tuple[Reading, ...]
    anchor: Anchor | None = None
    nested: bool = field(default=False)

    @property
    def variants(self) -> tuple[Reading, ...]:
        return self.readings[1:]

    def walk(self) -> Iterator[Entry]:
        """This entry and the entries nested in it, outer first."""
        yield self
        for node in self.body:
            if isinstance(node, Entry):
                yield from node.walk()


Node = Text | Break | Entry

# A book's plan makes a record per unit and per stretch of text: hundreds of thousands.  A
# frozen dataclass's __init__ sets each field through ``object.__setattr__``; these take
# every field positional and store it directly (:func:`~witnesscollate.model._base.record_maker`):
# the records stay frozen and equal to ones made the usual way.
_text_node = record_maker(Text)
_entry = record_maker(Entry)


def plan(apparatus: Apparatus) -> list[tuple[Node, ...]]:
    """The base text as the printed renderers set it: one tuple of nodes per non-empty block."""
    builder = _Builder(apparatus)
    out: list[tuple[Node, ...]] = []
    for block in apparatus.blocks:
        nodes = _strip(builder.nodes(builder.visible(block.segments)))
        if any(not isinstance(n, Break) for n in nodes):
            out.append(tuple(nodes))
    return out


def entries(blocks: Sequence[Sequence[Node]]) -> Iterator[Entry]:
    """Every entry of a :func:`plan`, outer before nested, in text order."""
    for nodes in blocks:
        for node in nodes:
            if isinstance(node, Entry):
                yield from node.walk()


class _Builder:
    def __init__(self, apparatus: Apparatus) -> None:
        self.apparatus = apparatus
        self.base = apparatus.base
        # the last text that had a word: its last word is found only when an entry asks
        # (not a search in every stretch of a book's text for the few entries that need it)
        self._worded: str | None = None
        # whether visible() has units to unfold (else it would only join neighbouring
        # stretches, as _text joins what it is given)
        self._hidden = len(apparatus.units) < len(apparatus.all_units)
        # the body of an entry that spans one text (its lemma, its anchor word): the same
        # words recur all through a book, and so can their (frozen) body
        self._bodies: dict[str, tuple[Node, ...]] = {}

    def body(self, text: str) -> tuple[Node, ...]:
        """``(Text(text),)``, made once per text."""
        out = self._bodies.get(text)
        if out is None:
            out = self._bodies[text] = (_text_node(text),)
        return out

    @property
    def last_word(self) -> str | None:
        """The last word of the base text so far (None before the first)."""
        if self._worded is None:
            return None
        m = _last_word(self._worded)
        assert m is not None
        return m[1]

    def visible(self, segments: Sequence[Segment]) -> Sequence[Segment]:
        """:meth:`Apparatus.visible` where a filter hid units (else the segments as given)."""
        return self.apparatus.visible(segments) if self._hidden else segments

    def nodes(self, segments: Sequence[Segment]) -> list[Node]:
        out: list[Node] = []
        pending: list[str] = []  # the text since the last node that is not text
        base = self.base
        for i, seg in enumerate(segments):
            if isinstance(seg, Stretch):
                if seg.text and seg.witness in ("", base):
                    pending.append(seg.text)
            elif isinstance(seg, Milestone):
                if seg.witness in ("", base):
                    self._text(out, pending)
                    out.append(Break(seg))
            elif base in seg.scope or not seg.scope:  # (it speaks for the base: _speaks_for)
                lead = seg.readings[0].lead  # (the base's space before its lemma, at times)
                if lead:
                    pending.append(lead)
                if pending:  # (a unit follows another at times: nothing to set down)
                    self._text(out, pending)
                if seg.readings[0].text:
                    pending.append(self._with_text(out, seg))
                else:
                    pending.append(self._anchored(out, seg, segments, i))
        self._text(out, pending)
        return out

    def _text(self, out: list[Node], pending: list[str]) -> None:
        """The text gathered in ``pending`` as one :class:`Text` node at the end of ``out``."""
        text = "".join(pending)
        pending.clear()
        if not text:
            return
        last = out[-1] if out else None
        if isinstance(last, Text):
            node = out[-1] = _text_node(last.text + text)
        else:
            node = _text_node(text)
            out.append(node)
        if not text.isspace():
            self._worded = node.text

    def _with_text(self, out: list[Node], unit: VariationUnit) -> str:
        """A unit whose lemma the base has: it spans that text (and the units nested in it).
        Returns the space after it."""
        lemma = unit.readings[0]
        if unit.content and unit.content_reading is lemma:
            body = _strip(self.nodes(self.visible(unit.content)))
            while body and isinstance(body[0], Break):  # a break before the lemma's first word
                out.append(body.pop(0))
            nested = any(isinstance(n, Entry) for n in body)
            out.append(_entry(unit, tuple(body), lemma.text, unit.readings, None, nested))
        else:
            out.append(_entry(unit, self.body(lemma.text), lemma.text, unit.readings, None, False))
        if not lemma.text.isspace():
            self._worded = lemma.text
        return lemma.ws

    def _anchored(
        self, out: list[Node], unit: VariationUnit, segments: Sequence[Segment], at: int
    ) -> str:
        """A unit where the base has no text hangs on the word before it (or after it, the
        first of ``segments`` after ``at``).  Returns the space after it."""
        readings = _flat_readings(unit) if unit.children else unit.readings
        trail = ""
        last = out[-1] if out else None
        m = _last_word(last.text) if isinstance(last, Text) else None
        if isinstance(last, Text) and m is not None:
            if m[0]:
                out[-1] = _text_node(last.text[: m[0]])
            else:
                out.pop()
            anchor = Anchor(m[1], True, False)
            body: tuple[Node, ...] = self.body(anchor.word)
            trail = m[2]
        elif self.last_word is not None:
            anchor = Anchor(self.last_word, False, False)
            body = ()
        else:
            anchor = Anchor(_next_word(segments[at + 1 :], self.base), False, True)
            body = ()
        out.append(_entry(unit, body, anchor.word, readings, anchor, False))
        return trail + unit.readings[0].ws


def _last_word(text: str) -> tuple[int, str, str] | None:
    r"""Where the last word of ``text`` starts, the word and the space after it: what
    ``(\S+)(\s*)$`` matches, without its search from every word of a long text."""
    stripped = text.rstrip()
    if not stripped:
        return None
    word = stripped.rsplit(None, 1)[-1]
    return len(stripped) - len(word), word, text[len(stripped) :]


def _speaks_for(unit: VariationUnit, base: str) -> bool:
    """True if the unit stands in the base's text (its lemma is the base's reading).

    A unit nested where the base has no text speaks only for the witnesses that have it;
    its ``lemma_witness`` is theirs, as is that of the unit around it (whose content it is).
    """
    return base in unit.scope or not unit.scope


def _strip(nodes: list[Node]) -> list[Node]:
    """``nodes`` without the whitespace at their start and end (it belongs outside)."""
    first = nodes[0] if nodes else None
    if isinstance(first, Text) and first.text[:1].isspace():
        nodes[0] = Text(first.text.lstrip())
    last = nodes[-1] if nodes else None
    if isinstance(last, Text) and last.text[-1:].isspace():
        nodes[-1] = Text(last.text.rstrip())
    return [n for n in nodes if not (isinstance(n, Text) and not n.text)]


def _next_word(segments: Sequence[Segment], base: str) -> str:
    """The first word of the base in ``segments`` (for an entry that opens the text)."""
    for seg in segments:
        if isinstance(seg, Stretch) and seg.witness in ("", base):
            text = seg.text
        elif isinstance(seg, VariationUnit) and _speaks_for(seg, base):
            text = seg.lemma.text
        else:
            continue
        m = _FIRST_WORD.search(text)
        if m:
            return m.group()
    return ""


# --- additions with nested units --------------------------------------------------------


def witness_text(segments: Sequence[Segment], siglum: str) -> str:
    """A witness's text over some segments (recursing into nested units), as the model gives it."""
    parts: list[str] = []
    for seg in segments:
        if isinstance(seg, Stretch):
            parts.append(seg.text)
        elif isinstance(seg, VariationUnit):
            try:
                r = seg.reading_of(siglum)
            except WitnessError:
                continue  # the witness is not in this unit's scope
            if r is seg.content_reading and siglum != seg.lemma_witness:
                # the content's other witnesses differ from it only in the nested units
                parts.append(r.lead + witness_text(seg.content, siglum))
            else:
                parts.append(r.lead + r.text + r.ws)
    return "".join(parts)


def _flat_readings(unit: VariationUnit) -> tuple[Reading, ...]:
    """The readings of a unit the base has no text in, one per distinct text of a witness.

    The unit's own readings give the witnesses with text one shared reading, and its nested
    units say how they differ; a printed note gives each witness's whole text instead.
    """
    out = [unit.lemma]
    for r in unit.variants:
        if not r.text:
            out.append(r)
            continue
        groups: dict[tuple[str, str], list[str]] = {}
        for s in r.witnesses:
            # (a nested reading's space before it, ``lead``, is no part of a printed note)
            full = witness_text(unit.content, s).lstrip(" ") if unit.content else r.text + r.ws
            text = full.rstrip()
            groups.setdefault((text, full[len(text) :]), []).append(s)
        inner = [x for u in unit.children for c in u.walk() for x in c.readings]
        for (text, ws), sigla in groups.items():
            unattested = tuple(
                s for s in sigla if not r.is_attested(s) or any(s in x.unattested for x in inner)
            )
            sources: dict[Citation, None] = {}
            for x in (r, *inner):
                for c in x.sources:
                    if c.witness in sigla:
                        sources.setdefault(c, None)
            out.append(
                replace(
                    r,
                    text=text,
                    ws=ws,
                    witnesses=tuple(sigla),
                    unattested=unattested,
                    sources=tuple(sources),
                )
            )
    return tuple(out)
