"""Runs: the witness text of one revision state, built chunk by chunk with its properties.

:class:`TextBuilder` collapses XML layout whitespace across element boundaries, separates
blocks with a newline, joins words at ``break="no"`` and records the properties a token
inherits in run-length form: a new run starts only where the markup context, the hand in force
or the place (page, column, line, paragraph) changes, and the file line of the text is kept as
a separate run-length table.  A paragraph of plain text is one run however long it is, so the
cost of provenance is per change of markup, not per token or per chunk.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from typing import Any, Literal, NamedTuple

from lxml import etree

from ..model import Note

__all__ = [
    "HYPHENS",
    "Built",
    "LacunaMark",
    "Place",
    "Run",
    "RunContext",
    "SourceKind",
    "TextBuilder",
    "Trace",
    "derive",
]

HYPHENS = frozenset("-\u00ad\u2010\u2011\u00ac\u2e17")
_XML_WS = " \t\r\n"
_XML_WORD = re.compile(r"[^ \t\r\n]+")
# Whitespace runs whose collapsing changes offsets or lines: two or more characters, or one
# that is not a plain space.  A single space is kept as it is, so ordinary prose costs nothing.
_WS_TO_COLLAPSE = re.compile(r"[ \t\r\n]{2,}|[\t\r\n]")


def _collapses(body: str) -> bool:
    """Whether ``_WS_TO_COLLAPSE`` would find anything in ``body``: four scans in C, several
    times faster than the pattern on prose (a block of text is one chunk)."""
    return "  " in body or "\n" in body or "\t" in body or "\r" in body


_new = tuple.__new__
"""Makes a named tuple from a tuple of its fields without the Python ``__new__`` it is given
(one call fewer per run of a transcription)."""

_COMPACT = 4096
"""Text chunks kept apart before they are joined into one block (bounds per-chunk memory)."""


class RunContext(NamedTuple):
    """Properties inherited from the enclosing markup (a tuple: cheap to derive with ``_replace``)."""

    xml_id: str | None = None
    hand: str | None = None
    rend: str | None = None
    supplied: bool = False
    unclear: bool = False
    damaged: bool = False
    reason: str | None = None
    source: str | None = None
    evidence: tuple[str, ...] = ()
    cert: str | None = None
    display: str | None = None
    revision: str | None = None
    revision_hand: str | None = None
    place: str | None = None
    subst_hand: str | None = None
    cancels: frozenset[tuple[str, frozenset[str]]] = frozenset()
    """Cancellations in force (enclosing ``restore``, ``undo`` by target): each is the
    cancelling hand and the hands whose ``redo`` reaffirms what it cancelled."""


_CTX_FIELD = {name: i for i, name in enumerate(RunContext._fields)}


def derive(ctx: RunContext, **changes: Any) -> RunContext:
    """``ctx._replace(**changes)``, three times as fast (an element with markup derives a
    context for its text: a ``hi`` or ``unclear`` word of a transcription, a ``w`` with an
    ``xml:id``)."""
    values = list(ctx)
    for name, value in changes.items():
        values[_CTX_FIELD[name]] = value
    made: RunContext = _new(RunContext, values)
    return made


class Place(NamedTuple):
    """Where the text stands: the ``pb``/``cb``/``lb`` in force and the block number."""

    page: str | None
    column: str | None
    line: str | None
    paragraph: int
    block: str | None = None
    """The element name of the innermost block (``p``, ``head``, ``closer``...)."""


class Run(NamedTuple):
    """What a token starting in this stretch of text inherits."""

    ctx: RunContext
    hand: str | None
    """The hand in force after the last ``handShift`` (used when the markup names none)."""
    place: Place


@dataclass(slots=True)
class LacunaMark:
    """A lacuna or damaged stretch by character offsets (mapped to tokens later).

    A point mark (``start == end``: a ``gap``, an empty ``unclear`` or ``damage``, an empty
    ``del`` whose text is not given) that touches a word on either side without whitespace
    between them makes that word *partly lost* instead of standing between two tokens:
    ``joined_left``/``joined_right`` say whether text follows directly on that side.
    """

    kind: str
    start: int
    end: int
    reason: str | None = None
    extent: str | None = None
    xml_id: str | None = None
    source_line: int | None = None
    joined_left: bool = False
    joined_right: bool = False
    point: bool = False
    block: str | None = None  # "head" for a gap in a heading: it stands for the heading


@dataclass(slots=True)
class Built:
    """The witness text of one state with its runs, file lines, notes and lacunae."""

    text: str = ""
    starts: list[int] = field(default_factory=list)
    """Offsets where each run begins (ascending)."""
    runs: list[Run] = field(default_factory=list)
    line_starts: list[int] = field(default_factory=list)
    """Offsets where the file line of the text changes (ascending), with :attr:`lines`."""
    lines: list[int] = field(default_factory=list)
    notes: list[tuple[int, Note]] = field(default_factory=list)
    marks: list[LacunaMark] = field(default_factory=list)


SourceKind = Literal["text", "tail", "element"]
"""Where a chunk of witness text is in the XML: a node's ``.text``, its ``.tail``, or the
element itself (a ``g`` standing for a character the header declares)."""


@dataclass(slots=True)
class Trace:
    """Where every character of the witness text is in the XML (recorded on request only).

    A :class:`~.teitext.TextWalker` given a trace records each chunk of text it adds: chunk
    ``k`` is the witness text from ``starts[k]`` for ``lengths[k]`` characters, made from the
    XML text ``raws[k]`` of ``nodes[k]`` (its ``.text`` or ``.tail``, as ``kinds[k]`` says) the
    way :meth:`TextBuilder.text` makes it: the words of ``raws[k]`` joined by one space (a
    line-end hyphen dropped at ``break="no"`` shortens the chunk).  Kind ``"element"`` is text
    that stands for the whole element (a ``g`` mapped through the ``charDecl``).  The spaces
    and newlines between chunks are the builder's own.  ``elements`` maps each element the walk
    entered to the chunks made inside it (``first``, ``end``, as a range) and the witness-text
    offset where it was entered (the point of an element without text).
    """

    starts: list[int] = field(default_factory=list)
    lengths: list[int] = field(default_factory=list)
    nodes: list[etree._Element] = field(default_factory=list)
    kinds: list[SourceKind] = field(default_factory=list)
    raws: list[str] = field(default_factory=list)
    elements: dict[etree._Element, tuple[int, int, int]] = field(default_factory=dict)
    #: :meth:`_words` of the chunks asked about, and the end of each one's last word
    _word_places: dict[int, tuple[list[int], list[int], list[int]]] = field(
        default_factory=dict, repr=False, compare=False
    )
    _last_end: dict[int, int] = field(default_factory=dict, repr=False, compare=False)

    def add(self, start: int, end: int, node: etree._Element, kind: SourceKind, raw: str) -> None:
        self.starts.append(start)
        self.lengths.append(end - start)
        self.nodes.append(node)
        self.kinds.append(kind)
        self.raws.append(raw)

    def trim(self, end: int) -> None:
        """The text now ends at ``end`` (a line-end hyphen went): shorten the last chunk."""
        if self.starts and self.starts[-1] + self.lengths[-1] > end:
            self.lengths[-1] = max(0, end - self.starts[-1])

    def raw_index(self, k: int, offset: int) -> int:
        """The index in ``raws[k]`` of the character at ``offset`` in chunk ``k``'s text, the
        inverse of the builder's whitespace collapsing (an offset at the end of a word: the end
        of that word in the raw text).  Not for kind ``"element"``, which has no raw text.

        The standoff writer asks this for every token boundary it anchors, and a text node
        can hold a whole book (a plain text made into TEI is one ``p`` a paragraph; a long
        ``p`` without markup is one node): the chunk's words are found once (:meth:`_words`)
        and each offset is a bisection, not a walk from the chunk's first word."""
        ends, starts, seens = self._words(k)
        i = bisect_left(ends, offset)  # the first word that ends at or after ``offset``
        if i == len(ends):
            return self._last_end[k]
        return starts[i] + offset - seens[i]

    def _words(self, k: int) -> tuple[list[int], list[int], list[int]]:
        """Chunk ``k``'s words: where each ends in the collapsed text, where it starts in the
        raw text, and the collapsed text before it (made once per chunk; a chunk that
        collapsing leaves as it is, as one word)."""
        got = self._word_places.get(k)
        if got is None:
            raw = self.raws[k]
            if raw and raw[0] != " " and raw[-1] != " " and not _collapses(raw):
                # collapsing leaves the chunk as it is (words apart by single spaces, as in a
                # plain text's copy): each offset is its own raw index, as if one word
                got, last = ([len(raw)], [0], [0]), len(raw)
            else:
                ends: list[int] = []
                starts: list[int] = []
                seens: list[int] = []
                seen = last = 0
                for m in _XML_WORD.finditer(raw):
                    start, last = m.span()
                    starts.append(start)
                    seens.append(seen)
                    seen += last - start
                    ends.append(seen)
                    seen += 1  # (the one space the builder puts between words)
                got = (ends, starts, seens)
            self._word_places[k] = got
            self._last_end[k] = last
        return got


class TextBuilder:
    """Collects text while collapsing layout whitespace across element boundaries."""

    def __init__(self) -> None:
        self.out = Built()
        self.parts: list[str] = []
        self._blocks: list[str] = []
        self.pos = 0
        self.pending_space = False
        self.pending_break = False
        self.joining = False
        self.paragraph = 0
        self.blocks: list[str] = []
        """The open block elements, innermost last (kept by the reader)."""
        self.page: str | None = None
        self.column: str | None = None
        self.line: str | None = None
        self.line_count = 0
        self._place: Place | None = None
        self._last_run: Run | None = None
        self._file_line: int | None = None
        self._awaiting_right: list[LacunaMark] = []
        self.chunk_start = 0
        """Where the text added by the last :meth:`text` that added any begins."""

    # -- output -----------------------------------------------------------------------------

    def finish(self) -> Built:
        """Join the text and close the marks still waiting for what follows them."""
        self._blocks.append("".join(self.parts))
        self.out.text = "".join(self._blocks)
        self.parts = []
        self._blocks = []
        self._awaiting_right.clear()
        return self.out

    def _emit(self, chunk: str) -> None:
        self.parts.append(chunk)
        self.pos += len(chunk)

    def _new_place(self) -> Place:
        """The place the builder is at, made when it changed (a new line, page, paragraph)."""
        place = self._place = _new(
            Place,
            (
                self.page,
                self.column,
                self.line,
                self.paragraph,
                self.blocks[-1] if self.blocks else None,
            ),
        )
        return place

    def _run(self, ctx: RunContext, hand: str | None) -> None:
        """Start a new run at ``pos`` unless the last one has the same properties."""
        place = self._place
        if place is None:
            place = self._new_place()
        last = self._last_run
        if last is not None:
            last_ctx, last_hand, last_place = last
            if last_ctx is ctx and last_hand == hand and last_place is place:
                return
        run = _new(Run, (ctx, hand, place))
        if last is not None and last == run:
            return
        self.out.starts.append(self.pos)
        self.out.runs.append(run)
        self._last_run = run

    def _file_line_at(self, offset: int, line: int) -> None:
        if line != self._file_line:
            out = self.out
            if out.line_starts and out.line_starts[-1] == offset:
                out.lines[-1] = line
            else:
                out.line_starts.append(offset)
                out.lines.append(line)
            self._file_line = line

    def _space_follows(self) -> None:
        if self._awaiting_right:
            self._separated()
        if self.pos and not self.joining and not self.pending_break:
            self.pending_space = True

    def _separated(self) -> None:
        """Whitespace or a boundary follows the point marks waiting for their right side."""
        for mark in self._awaiting_right:
            mark.joined_right = False
        self._awaiting_right.clear()

    def text(self, raw: str, ctx: RunContext, hand: str | None, line: int | None) -> int | None:
        """Add a raw XML text chunk; return the file line it ends on.

        Called once per text node of the document (a line of a transcription is one or two),
        so the steps that :meth:`_space_follows`, :meth:`_run` and :meth:`_file_line_at` take
        are inlined in their common cases.
        """
        rest = raw.lstrip(_XML_WS)
        if not rest:
            self._space_follows()
            return None if line is None or "\n" not in raw else line + raw.count("\n")
        body = rest.rstrip(_XML_WS)
        lead = len(raw) - len(rest)  # the leading whitespace
        newlines = "\n" in raw
        pos = self.pos
        if lead:
            # whitespace before the text (what _space_follows does)
            if self._awaiting_right:
                self._separated()
            if pos and not self.joining and not self.pending_break:
                self.pending_space = True
            if line is not None and newlines:
                line += raw.count("\n", 0, lead)
        parts = self.parts
        if not pos:
            self.paragraph += 1
            self._place = None
        elif self.pending_break:
            parts.append("\n")
            pos += 1
            self.paragraph += 1
            self._place = None
        elif self.pending_space:
            parts.append(" ")
            pos += 1
        self.pos = pos
        if self._awaiting_right:
            # Text follows these marks directly; a separator before them (``a <gap/>lic``) was
            # emitted only now, so they stand where the text begins.
            for mark in self._awaiting_right:
                mark.joined_right = True
                mark.start = mark.end = pos
            self._awaiting_right.clear()
        self.pending_space = self.pending_break = self.joining = False
        self.chunk_start = pos
        if len(parts) >= _COMPACT:
            # A document of many small chunks (a word between two <gap/>s) would keep one
            # string object per chunk until the end: join them as they come.
            self._blocks.append("".join(parts))
            parts.clear()
        # a new run unless the last one has the same properties (what _run does)
        out = self.out
        place = self._place
        if place is None:
            place = self._new_place()
        last = self._last_run
        if last is None or last[0] is not ctx or last[2] is not place or last[1] != hand:
            run = _new(Run, (ctx, hand, place))
            if last is None or last != run:
                out.starts.append(pos)
                out.runs.append(run)
                self._last_run = run
        if line is not None and line != self._file_line:  # what _file_line_at does
            line_starts = out.line_starts
            if line_starts and line_starts[-1] == pos:
                out.lines[-1] = line
            else:
                line_starts.append(pos)
                out.lines.append(line)
            self._file_line = line
        if not ("  " in body or "\t" in body or (newlines and "\n" in body) or "\r" in body):
            # (what _collapses says, inlined: a test holds the two to the pattern)
            parts.append(body)
            self.pos = pos + len(body)
        else:
            if line is not None and "\n" in body:
                removed = 0
                for m in _WS_TO_COLLAPSE.finditer(body):
                    n = body.count("\n", m.start(), m.end())
                    if n:
                        line += n
                        self._file_line_at(pos + m.start() - removed + 1, line)
                    removed += m.end() - m.start() - 1
            self._emit(_WS_TO_COLLAPSE.sub(" ", body))
        if len(body) + lead < len(raw):
            # whitespace after the text: a space follows (the marks were let go above)
            self.pending_space = True
        if line is None or not newlines:
            return line
        return line + raw.count("\n", lead)

    def reference_text(
        self, raw: str, ctx: RunContext, hand: str | None, line: int | None
    ) -> int | None:
        """:meth:`text` step by step through :meth:`_space_follows`, :meth:`_run`,
        :meth:`_file_line_at` and :func:`_collapses`, as it was before they were inlined in
        it: the tests hold :meth:`text` to it."""
        body = raw.strip(_XML_WS)
        newlines = "\n" in raw
        if not body:
            self._space_follows()
            return None if line is None or not newlines else line + raw.count("\n")
        lead = raw.find(body)  # the leading whitespace: body starts where it ends
        if lead:
            self._space_follows()
            if line is not None and newlines:
                line += raw.count("\n", 0, lead)
        pos = self.pos
        if not pos:
            self.paragraph += 1
            self._place = None
        elif self.pending_break:
            self.parts.append("\n")
            pos += 1
            self.paragraph += 1
            self._place = None
        elif self.pending_space:
            self.parts.append(" ")
            pos += 1
        self.pos = pos
        if self._awaiting_right:
            # Text follows these marks directly; a separator before them (``a <gap/>lic``) was
            # emitted only now, so they stand where the text begins.
            for mark in self._awaiting_right:
                mark.joined_right = True
                mark.start = mark.end = pos
            self._awaiting_right.clear()
        self.pending_space = self.pending_break = self.joining = False
        self.chunk_start = pos
        if len(self.parts) >= _COMPACT:
            # A document of many small chunks (a word between two <gap/>s) would keep one
            # string object per chunk until the end: join them as they come.
            self._blocks.append("".join(self.parts))
            self.parts.clear()
        self._run(ctx, hand)
        if line is not None and line != self._file_line:
            self._file_line_at(pos, line)
        if not _collapses(body):
            self.parts.append(body)
            self.pos = pos + len(body)
        else:
            if line is not None and "\n" in body:
                removed = 0
                for m in _WS_TO_COLLAPSE.finditer(body):
                    n = body.count("\n", m.start(), m.end())
                    if n:
                        line += n
                        self._file_line_at(pos + m.start() - removed + 1, line)
                    removed += m.end() - m.start() - 1
            self._emit(_WS_TO_COLLAPSE.sub(" ", body))
        if len(body) + lead < len(raw):
            self._space_follows()
        if line is None or not newlines:
            return line
        return line + raw.count("\n", lead)

    # -- boundaries and marks ----------------------------------------------------------------

    def boundary(self) -> None:
        """A word boundary (``lb``, ``pb``, ``space``...): at least one space."""
        if self._awaiting_right:
            self._separated()
        if self.pos and not self.pending_break and not self.joining:
            self.pending_space = True

    def join(self) -> None:
        """``break="no"``: no space here, and a line-end hyphen before it goes."""
        self.pending_space = False
        self.joining = True
        parts = self.parts if self.parts else self._blocks
        if not self.pending_break and parts and parts[-1][-1:] in HYPHENS:
            parts[-1] = parts[-1][:-1]
            self.pos -= 1

    def block(self) -> None:
        """A block boundary: the next text starts a new block after a newline."""
        self._place = None
        if self._awaiting_right:
            self._separated()
        if self.pos:
            self.pending_break = True
            self.pending_space = self.joining = False

    def point(self, mark: LacunaMark) -> None:
        """Record a point where text is unknown, noting whether a word runs up to it."""
        mark.point = True
        mark.start = mark.end = self.pos
        mark.joined_left = bool(self.pos) and not (self.pending_space or self.pending_break)
        self._awaiting_right.append(mark)
        self.out.marks.append(mark)

    # -- locations ---------------------------------------------------------------------------

    def lb(self, n: str | None) -> None:
        if n is not None:
            self.line = n
            if n.isdigit():
                self.line_count = int(n)
        else:
            self.line_count += 1
            self.line = str(self.line_count)
        self._place = None

    def pb(self, n: str | None) -> None:
        self.page = n
        self.column = None
        self.line, self.line_count = None, 0
        self._place = None

    def cb(self, n: str | None) -> None:
        self.column = n
        self.line, self.line_count = None, 0
        self._place = None
