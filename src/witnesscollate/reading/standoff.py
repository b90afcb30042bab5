"""Where a witness's text stands in its TEI file, and reading a standoff apparatus back.

A standoff apparatus (TEI "double end-point attachment", ``variantEncoding
method="double-end-point" location="external"``) does not hold the text: it points into the
witness files by ``xml:id``.  Two things need the same knowledge of a TEI file:

- :func:`locate` walks a witness's TEI ``text`` for one revision state exactly as
  :func:`~witnesscollate.reading.load_tei` does (the same :class:`~.teitext.TextWalker`), and
  records where every stretch of the witness text comes from in the XML (which text node,
  which characters) and which stretch each element covers.  The standoff renderer uses it to
  put anchors at token boundaries; the reader uses it to find the text between two pointers.
- :func:`read_standoff` reads an apparatus back from its file and the witness files it points
  to: each unit's text per witness.  :func:`read_standoff_lemmata` gives each unit's lemma as
  ``app/@from``/``@to`` delimit it in the base text.

Pointers
--------
``app/@from`` and ``@to`` are ``file#id``: the lemma runs from the start of the element ``id``
names in ``from`` to the end of the one in ``to`` (an ``anchor`` is a point).  Each ``lem`` and
``rdg`` lists in ``@corresp`` one pointer per witness, ``file#range(X,Y)`` (TEI's ``range()``
scheme: from the start of ``X`` to the end of ``Y``; ``file#X`` is ``range(X,X)``); the file
says whose text it is, since every witness has a file of its own.  The apparatus's
``listWit/witness`` gives that file (``ptr type="copy"``), the revision state to read it in
(``note type="revision-state" n="ac"``) and, if not the default, the ``choice`` children
compared (``note type="choice" n="sic orig"``).  Text is compared as the apparatus compares it:
every run of whitespace is one space, and none at either end.
"""

from __future__ import annotations

import os
import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from lxml import etree

from ..errors import TEIError, UnknownStateError
from .safexml import ParseLimits, XMLSource, parse_xml
from .tei import DEFAULT_CHOICE
from .teiheader import TEI_NS, XML_ID, source_line
from .teiruns import RunContext
from .teitext import TextWalker

__all__ = [
    "Located",
    "TextSlot",
    "locate",
    "read_standoff",
    "read_standoff_lemmata",
    "same_text",
]

_T = "{" + TEI_NS + "}"
_WS = re.compile(r"\s+")
_XML_WORD = re.compile(r"[^ \t\r\n]+")
_RANGE = re.compile(r"range\(\s*([^,()\s]+)\s*,\s*([^,()\s]+)\s*\)")


def same_text(text: str) -> str:
    """``text`` as the apparatus compares it: whitespace runs as one space, none at the ends."""
    return _WS.sub(" ", text).strip()


@dataclass(frozen=True, slots=True)
class TextSlot:
    """Where a run of witness text comes from: ``node.text`` (``tail`` False) or
    ``node.tail``, whose value was ``raw`` when the document was walked."""

    node: etree._Element
    tail: bool
    raw: str

    def raw_index(self, chunk_offset: int) -> int:
        """The index in :attr:`raw` of the character at ``chunk_offset`` in the run's text.

        The walker keeps a text node's words and joins them with single spaces (layout
        whitespace collapses), so offset ``i`` of the run is found word by word; the end of a
        word maps to the end of that word in ``raw``.
        """
        seen = 0
        last = 0
        for m in _XML_WORD.finditer(self.raw):
            length = m.end() - m.start()
            if chunk_offset <= seen + length:
                return m.start() + chunk_offset - seen
            seen += length + 1
            last = m.end()
        return last


@dataclass(frozen=True, slots=True)
class Located:
    """A witness's text in one revision state, and where every part of it is in the XML.

    ``text`` is the witness text exactly as :func:`~witnesscollate.reading.load_tei` builds
    it.  Runs (``starts``/``lengths``) are the stretches of text, each from one text node
    (``slots``; the spaces and newlines the walker puts between words and blocks have
    none).  ``extents`` gives, for every element the walk visited, the runs it holds and the
    offset at which it was entered (for an empty element such as ``anchor``: its point).
    """

    text: str
    starts: list[int]
    lengths: list[int]
    slots: dict[int, TextSlot]
    extents: dict[etree._Element, tuple[int, int, int]]
    ids: dict[str, etree._Element] = field(default_factory=dict)

    def extent(self, el: etree._Element) -> tuple[int, int] | None:
        """The witness-text range ``el`` covers (start of its first character to the end of
        its last; ``(p, p)`` for an element without text), None if the walk never visited it."""
        found = self.extents.get(el)
        if found is None:
            return None
        n0, n1, pos = found
        first = next((k for k in range(n0, n1) if k in self.slots), None)
        if first is None:
            return pos, pos
        last = next(k for k in range(n1 - 1, first - 1, -1) if k in self.slots)
        return self.starts[first], self.starts[last] + self.lengths[last]

    def range_of(self, xml_id: str) -> tuple[int, int] | None:
        """The witness-text range of the element with this ``xml:id`` (None if not in the text)."""
        el = self.ids.get(xml_id)
        return None if el is None else self.extent(el)

    def slot_at(self, offset: int, *, end: bool) -> tuple[TextSlot, int]:
        """The text node holding witness-text ``offset`` and the index there.

        With ``end`` False, the character at ``offset`` (a token's first character); with
        ``end`` True, the point just after the character before ``offset`` (a token's end).
        Both lie inside real text, never in a space the walker inserted.
        """
        char = offset - 1 if end else offset
        k = bisect_right(self.starts, char) - 1
        while k >= 0 and k not in self.slots:  # a separator the walker inserted
            k -= 1
        if k < 0 or not self.starts[k] <= char < self.starts[k] + self.lengths[k]:
            raise TEIError(f"witness-text offset {offset} is not inside text of the document")
        slot = self.slots[k]
        return slot, slot.raw_index(char - self.starts[k] + (1 if end else 0))

    def elements_by_id(self) -> Iterator[tuple[str, etree._Element]]:
        """The visited elements that have an ``xml:id``, in document order."""
        for xml_id, el in self.ids.items():
            if el in self.extents:
                yield xml_id, el


class _Locating(TextWalker):
    """The reader's walker, also noting which text node every run of text comes from.

    ``children`` keeps a frame per element whose content is walked: the element and the last
    child visited, so that each ``_text`` call knows whether it is ``el.text`` or a child's
    tail (a handler such as ``app`` walks a child's content without visiting the child).
    """

    def __init__(self, applied: frozenset[str] | None, choice: frozenset[str]) -> None:
        super().__init__(applied, choice)
        self.slots: dict[int, TextSlot] = {}
        self.extents: dict[etree._Element, tuple[int, int, int]] = {}
        self._frames: list[list[Any]] = []

    def children(self, el: etree._Element, ctx: RunContext) -> None:
        self._frames.append([el, None])
        try:
            super().children(el, ctx)
        finally:
            self._frames.pop()

    def element(self, el: etree._Element, ctx: RunContext) -> None:
        n0, pos = len(self.b.out.runs), self.b.pos
        super().element(el, ctx)
        if self._frames:
            self._frames[-1][1] = el
        if isinstance(el.tag, str):
            self.extents.setdefault(el, (n0, len(self.b.out.runs), pos))

    def _text(self, raw: str, ctx: RunContext, line: int | None) -> None:
        n0 = len(self.b.out.runs)
        super()._text(raw, ctx, line)
        node, last = self._frames[-1]
        slot = TextSlot(node, False, raw) if last is None else TextSlot(last, True, raw)
        for k in range(n0, len(self.b.out.runs)):
            if self.b.out.runs[k] is not None:
                self.slots[k] = slot


def _applied(
    text_el: etree._Element, state: str | None, choice: frozenset[str]
) -> frozenset[str] | None:
    """The hands whose revisions a state applies (as :func:`load_tei` decides them)."""
    if state is None:
        return None
    if state == "ac":
        return frozenset()
    first = TextWalker(None, choice)
    first.run(text_el)
    hands = frozenset(first.hands)
    if state == "pc":
        return hands
    if state.startswith("pc-") and state[3:] in hands:
        return frozenset({state[3:]})
    states = ["ac", *(f"pc-{h}" for h in first.hands), "pc"] if len(hands) > 1 else ["ac", "pc"]
    raise UnknownStateError(
        f"the document has no revision state {state!r}",
        line=source_line(text_el),
        hint=f"use one of: {', '.join(states)}",
    )


def locate(
    tree: etree._ElementTree,
    state: str | None = None,
    choice: Iterable[str] = DEFAULT_CHOICE,
) -> Located:
    """Walk a TEI document's ``text`` for one revision state, noting where its text is.

    ``state`` is the witness's :attr:`~witnesscollate.model.Witness.state` (None for a
    document without revisions); ``choice`` the ``choice`` children compared.

    Raises
    ------
    TEIError
        The document has no ``text`` element; UnknownStateError for a state it does not have.
    """
    root = tree.getroot()
    text_el = root.find(f"{_T}text")
    if text_el is None:
        raise TEIError(
            "the document has no <text> element",
            line=source_line(root),
            hint="the witness text must be in TEI/text/body",
        )
    names = frozenset(choice)
    walker = _Locating(_applied(text_el, state, names), names)
    built = walker.run(text_el)
    ids: dict[str, etree._Element] = {}
    for el in root.iter():
        if isinstance(el.tag, str):
            xml_id = el.get(XML_ID)
            if xml_id:
                ids[xml_id] = el
    return Located(
        text=built.text,
        starts=list(built.starts),
        lengths=[len(p) for p in built.parts],
        slots=walker.slots,
        extents=walker.extents,
        ids=ids,
    )


# --- reading an apparatus back ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _WitnessEntry:
    siglum: str
    copy: Path
    state: str | None
    choice: tuple[str, ...]


class _Standoff:
    """A parsed standoff apparatus and the witness files it points to (each read once)."""

    def __init__(self, source: XMLSource, limits: ParseLimits | None) -> None:
        tree, self.name = parse_xml(source, limits=limits)
        self.limits = limits
        self.root = tree.getroot()
        self.folder = _folder(source)
        self.witnesses = self._witnesses()
        self.by_copy = {w.copy: w for w in self.witnesses.values()}
        self._located: dict[str, Located] = {}

    def _witnesses(self) -> dict[str, _WitnessEntry]:
        out: dict[str, _WitnessEntry] = {}
        for w in self.root.iter(f"{_T}witness"):
            xml_id = w.get(XML_ID)
            ptr = w.find(f"{_T}ptr[@type='copy']")
            if xml_id is None or ptr is None:
                continue
            state = w.find(f"{_T}note[@type='revision-state']")
            choice = w.find(f"{_T}note[@type='choice']")
            out[xml_id] = _WitnessEntry(
                siglum=w.get("n") or xml_id,
                copy=self._file(ptr.get("target") or "", ptr),
                state=state.get("n") if state is not None else None,
                choice=tuple((choice.get("n") or "").split())
                if choice is not None
                else DEFAULT_CHOICE,
            )
        if not out:
            raise TEIError(
                "the apparatus lists no witness with its file (listWit/witness/ptr[@type='copy'])",
                source=self.name,
                hint="read an apparatus written with the tei-standoff format",
            )
        return out

    def _file(self, uri: str, where: etree._Element) -> Path:
        parts = urlsplit(uri)
        if parts.scheme or parts.netloc or not parts.path:
            raise TEIError(
                f"cannot follow the pointer {uri!r}: only files beside the apparatus are read",
                source=self.name,
                line=source_line(where),
            )
        return Path(os.path.normpath(self.folder / unquote(parts.path)))

    def located(self, entry: _WitnessEntry) -> Located:
        found = self._located.get(entry.siglum)
        if found is None:
            tree, _ = parse_xml(entry.copy, limits=self.limits)
            try:
                found = locate(tree, entry.state, entry.choice)
            except TEIError as exc:
                raise type(exc)(
                    exc.message, source=str(entry.copy), line=exc.line, hint=exc.hint
                ) from exc
            self._located[entry.siglum] = found
        return found

    def resolve(self, pointer: str, where: etree._Element) -> tuple[_WitnessEntry, str]:
        """The witness a pointer points into, and the text between its two ends."""
        uri, _, fragment = pointer.partition("#")
        entry = self.by_copy.get(self._file(uri, where))
        if entry is None or not fragment:
            raise TEIError(
                f"the pointer {pointer!r} names no witness file of the apparatus",
                source=self.name,
                line=source_line(where),
                hint="each pointer is file#range(X,Y) into a file listWit names",
            )
        m = _RANGE.fullmatch(fragment)
        first, last = (m.group(1), m.group(2)) if m else (fragment, fragment)
        located = self.located(entry)
        a, b = located.range_of(first), located.range_of(last)
        if a is None or b is None or b[1] < a[0]:
            missing = first if a is None else last
            what = (
                f"no element with xml:id {missing!r} in its text"
                if a is None or b is None
                else "its end comes before its start"
            )
            raise TEIError(
                f"the pointer {pointer!r} cannot be followed: {what}",
                source=self.name,
                line=source_line(where),
                hint=f"in {entry.copy} (read as witness {entry.siglum!r})",
            )
        return entry, same_text(located.text[a[0] : b[1]])

    def apps(self) -> Iterator[tuple[str, etree._Element]]:
        """The units: every ``app`` but the placeholders (``@copyOf``) of one written elsewhere."""
        for app in self.root.iter(f"{_T}app"):
            if app.get("copyOf") is None:
                yield app.get("n") or app.get(XML_ID) or f"app{source_line(app)}", app


def _folder(source: XMLSource) -> Path:
    """The folder pointers are followed from: the apparatus file's, else the current one."""
    if isinstance(source, os.PathLike) or (
        isinstance(source, str) and not source.lstrip().startswith("<")
    ):
        return Path(source).parent
    return Path.cwd()


def _readings(app: etree._Element) -> Iterator[etree._Element]:
    for child in app:
        if child.tag in (f"{_T}lem", f"{_T}rdg"):
            yield child
        elif child.tag == f"{_T}rdgGrp":
            yield from _readings(child)


def read_standoff(
    source: XMLSource, *, limits: ParseLimits | None = None
) -> dict[str, dict[str, str]]:
    """Each unit's text per witness, from a standoff apparatus and the witness files.

    ``source`` is the apparatus file (its pointers are followed from its folder; a ``str`` of
    XML text is read against the current folder).  The result maps each ``app``'s ``@n`` (the
    unit id), in document order (outer units before the units inside them), to
    ``{siglum: text}`` for every witness a ``lem`` or ``rdg`` of that ``app`` points into: the
    witness's own text between its two pointers, compared as :func:`same_text` says (empty
    for an omission or a lacuna).  It reads only the XML, as another tool would.

    Raises
    ------
    TEIParseError, TEIError
        The apparatus or a witness file is not well-formed, a pointer names a file the
        apparatus does not list or an ``xml:id`` its text does not have, or a witness is
        pointed to twice in one ``app``.
    """
    doc = _Standoff(source, limits)
    out: dict[str, dict[str, str]] = {}
    for key, app in doc.apps():
        texts: dict[str, str] = {}
        for rdg in _readings(app):
            for pointer in (rdg.get("corresp") or "").split():
                entry, text = doc.resolve(pointer, rdg)
                if entry.siglum in texts:
                    raise TEIError(
                        f"witness {entry.siglum!r} has two readings in unit {key}",
                        source=doc.name,
                        line=source_line(rdg),
                    )
                texts[entry.siglum] = text
        out[key] = texts
    return out


def read_standoff_lemmata(
    source: XMLSource, *, limits: ParseLimits | None = None
) -> dict[str, tuple[str, str]]:
    """Each unit's lemma as TEI's double end-point attachment defines it.

    Maps each ``app``'s ``@n`` to ``(siglum, text)``: the witness whose file ``@from`` and
    ``@to`` point into (the base text) and its text from the start of the element ``@from``
    names to the end of the one ``@to`` names (``@to`` defaults to ``@from``).
    """
    doc = _Standoff(source, limits)
    out: dict[str, tuple[str, str]] = {}
    for key, app in doc.apps():
        start = app.get("from")
        if start is None:
            continue
        end = app.get("to") or start
        file_a, _, first = start.partition("#")
        file_b, _, last = end.partition("#")
        if doc._file(file_a, app) != doc._file(file_b, app):
            raise TEIError(
                f"unit {key}: @from and @to point into different files",
                source=doc.name,
                line=source_line(app),
            )
        entry, text = doc.resolve(f"{file_a}#range({first},{last})", app)
        out[key] = (entry.siglum, text)
    return out
