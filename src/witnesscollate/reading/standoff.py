"""Where a witness's text stands in its TEI file, and reading a standoff apparatus back.

A standoff apparatus (TEI "double end-point attachment", ``variantEncoding
method="double-end-point" location="external"``) does not hold the text: it points into the
witness files by ``xml:id``.  Two things need the same knowledge of a TEI file:

- :func:`locate` reads a witness's TEI ``text`` in one revision state with the options it was
  read with, by the reader's own walk (:class:`~.teitext.TextWalker`), which records in a
  :class:`~.teiruns.Trace` where every chunk of the witness text comes from in the XML (which
  text node, which characters) and which chunks each element holds.  The standoff renderer
  uses it to put anchors at token boundaries; the reader uses it to find the text between two
  pointers.
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
(``note type="revision-state" n="ac"``) and, if not the default, the reader options that
shape its text (:data:`OPTION_NOTES`): the ``choice`` children compared
(``note type="choice" n="sic orig"``), the reading of each ``app`` (``type="reading"
n="B"``), and one ``type="treat-as" n="mdel=del"`` per project element.  Text is compared as
the apparatus compares it: every run of whitespace is one space, and none at either end.
"""

from __future__ import annotations

import os
import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from lxml import etree

from ..errors import TEIError, TEIWarning, UnknownStateError
from .safexml import ParseLimits, XMLSource, parse_xml
from .tei import DEFAULT_CHOICE, revision_states
from .teiheader import TEI_NS, XML_ID, source_line
from .teiindex import ReadOptions, index_text
from .teireport import ReaderReport
from .teiruns import Trace
from .teitext import TextWalker

__all__ = [
    "OPTION_NOTES",
    "Located",
    "Point",
    "locate",
    "read_standoff",
    "read_standoff_lemmata",
    "same_text",
]

_T = "{" + TEI_NS + "}"
_WS = re.compile(r"\s+")
_RANGE = re.compile(r"range\(\s*([^,()\s]+)\s*,\s*([^,()\s]+)\s*\)")


def same_text(text: str) -> str:
    """``text`` as the apparatus compares it: whitespace runs as one space, none at the ends."""
    return _WS.sub(" ", text).strip()


Point = tuple[str, etree._Element, int]
"""A place in the XML: ``("text", el, i)`` is index ``i`` of ``el.text``, ``("tail", el, i)``
of ``el.tail``."""


@dataclass(frozen=True, slots=True)
class Located:
    """A witness's text in one revision state, and where every part of it is in the XML.

    ``text`` is the witness text exactly as :func:`~witnesscollate.reading.load_tei` builds
    it; ``trace`` is the reader's own record of the walk that built it (a
    :class:`~.teiruns.Trace`: which text node every chunk of the text comes from, and which
    chunks every element it entered holds).  ``ids`` maps the document's ``xml:id`` s to their
    elements.
    """

    text: str
    trace: Trace
    ids: dict[str, etree._Element] = field(default_factory=dict)

    def extent(self, el: etree._Element) -> tuple[int, int] | None:
        """The witness-text range ``el`` covers (start of its first character to the end of
        its last; ``(p, p)`` for an element without text), None if the walk never entered it."""
        found = self.trace.elements.get(el)
        if found is None:
            return None
        first, end, pos = found
        starts, lengths = self.trace.starts, self.trace.lengths
        while first < end and not lengths[first]:  # a chunk that was only a line-end hyphen
            first += 1
        while end > first and not lengths[end - 1]:
            end -= 1
        if first == end:
            return pos, pos
        return starts[first], starts[end - 1] + lengths[end - 1]

    def range_of(self, xml_id: str) -> tuple[int, int] | None:
        """The witness-text range of the element with this ``xml:id`` (None if not in the text)."""
        el = self.ids.get(xml_id)
        return None if el is None else self.extent(el)

    def point_at(self, offset: int, *, end: bool) -> Point:
        """The place in the XML of witness-text ``offset``.

        With ``end`` False, just before the character at ``offset`` (a token's first
        character); with ``end`` True, just after the character before ``offset`` (a token's
        end).  Both are inside the text node that holds that character; a character the
        header declares for a ``g`` gives the place just before or after the ``g``.
        """
        trace = self.trace
        char = offset - 1 if end else offset
        k = bisect_right(trace.starts, char) - 1
        if k < 0 or not trace.starts[k] <= char < trace.starts[k] + trace.lengths[k]:
            raise TEIError(f"witness-text offset {offset} is not inside text of the document")
        node, at = trace.nodes[k], char - trace.starts[k] + (1 if end else 0)
        kind = trace.kinds[k]
        if kind != "element":
            return kind, node, trace.raw_index(k, at)
        after = at == trace.lengths[k] if end else at > 0
        if after:
            return "tail", node, 0
        prev, parent = node.getprevious(), node.getparent()
        if prev is not None:
            return "tail", prev, len(prev.tail or "")
        assert parent is not None  # a g inside the text has a parent
        return "text", parent, len(parent.text or "")

    def elements_by_id(self) -> Iterator[tuple[str, etree._Element]]:
        """The elements the walk entered that have an ``xml:id``, in document order."""
        elements = self.trace.elements
        for xml_id, el in self.ids.items():
            if el in elements:
                yield xml_id, el


class _Kept(ReaderReport):
    """A report that keeps its warnings without issuing them (they were, when the witness was
    read; a file changed since then is refused for its text)."""

    def warn(self, warning: TEIWarning) -> None:
        self.warnings.append(warning)


def locate(
    tree: etree._ElementTree,
    state: str | None = None,
    options: Iterable[tuple[str, str]] = (),
    *,
    source: str = "",
) -> Located:
    """Read a TEI document's ``text`` in one revision state, noting where its text is.

    ``state`` is the witness's :attr:`~witnesscollate.model.Witness.state` (None for a
    document without revisions); ``options`` the reader options it was read with, as
    :attr:`~witnesscollate.model.WitnessMetadata.read_with` records them (``choice``,
    ``reading``, ``treat_as``; the default ``choice`` if none is given).  The walk is the
    reader's own (:class:`~.teitext.TextWalker` with a :class:`~.teiruns.Trace`), so the text
    is :func:`~witnesscollate.reading.load_tei`'s; it never warns (the warnings were given
    when the witness was read) and reads leniently what the reader accepted.

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
            source=source or None,
            line=source_line(root),
            hint="the witness text must be in TEI/text/body",
        )
    pairs = list(options)
    if not any(key == "choice" for key, _ in pairs):
        pairs.insert(0, ("choice", " ".join(DEFAULT_CHOICE)))
    opts = ReadOptions.quiet(pairs)
    report = _Kept()
    index = index_text(root, text_el, source or "<document>", opts, report)
    trace = Trace()
    first = TextWalker(None, opts, index, report, trace)
    built = first.run(text_el)
    states = revision_states(first.hands)
    if state is not None and state not in states:
        raise UnknownStateError(
            f"the document has no revision state {state!r}",
            source=source or None,
            line=source_line(text_el),
            hint=f"use one of: {', '.join(states)}",
        )
    if first.revisions:  # as load_tei: the first pass is the text only without revisions
        trace = Trace()
        applied = states[state or "pc"]
        built = TextWalker(applied, opts, index, report, trace).run(text_el)
    ids: dict[str, etree._Element] = {}
    for el in root.iter():
        if isinstance(el.tag, str):
            xml_id = el.get(XML_ID)
            if xml_id:
                ids[xml_id] = el
    return Located(text=built.text, trace=trace, ids=ids)


# --- reading an apparatus back ---------------------------------------------------------------


OPTION_NOTES = {"choice": "choice", "reading": "reading", "treat-as": "treat_as"}
"""``listWit/witness/note/@type`` → the reader option whose value its ``@n`` records."""


@dataclass(frozen=True, slots=True)
class _WitnessEntry:
    siglum: str
    copy: Path
    state: str | None
    options: tuple[tuple[str, str], ...]


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
        # each pointer's file, by its URI (a book's apparatus has a pointer per reading and
        # witness, into a handful of files: a path made and normalised once per file)
        self._paths: dict[str, Path] = {}

    def _witnesses(self) -> dict[str, _WitnessEntry]:
        out: dict[str, _WitnessEntry] = {}
        for w in self.root.iter(f"{_T}witness"):
            xml_id = w.get(XML_ID)
            ptr = w.find(f"{_T}ptr[@type='copy']")
            if xml_id is None or ptr is None:
                continue
            state = w.find(f"{_T}note[@type='revision-state']")
            options = tuple(
                (OPTION_NOTES[kind], note.get("n") or "")
                for note in w.iterfind(f"{_T}note")
                if (kind := note.get("type") or "") in OPTION_NOTES
            )
            out[xml_id] = _WitnessEntry(
                siglum=w.get("n") or xml_id,
                copy=self._file(ptr.get("target") or "", ptr),
                state=state.get("n") if state is not None else None,
                options=options,
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
            tree, name = parse_xml(entry.copy, limits=self.limits)
            try:
                found = locate(tree, entry.state, entry.options, source=name)
            except TEIError as exc:
                raise type(exc)(
                    exc.message, source=str(entry.copy), line=exc.line, hint=exc.hint
                ) from exc
            self._located[entry.siglum] = found
        return found

    def resolve(self, pointer: str, where: etree._Element) -> tuple[_WitnessEntry, str]:
        """The witness a pointer points into, and the text between its two ends."""
        uri, _, fragment = pointer.partition("#")
        path = self._paths.get(uri)
        if path is None:
            path = self._paths[uri] = self._file(uri, where)
        entry = self.by_copy.get(path)
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
