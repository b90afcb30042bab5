"""Runs: the witness text of one revision state, built chunk by chunk with its properties.

:class:`TextBuilder` collapses XML layout whitespace across element boundaries, separates
blocks with a newline, joins words at ``break="no"`` and records, for every chunk of text, a
:class:`Run` carrying what a token starting in it inherits (see :mod:`.teitext`).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from ..model import Note

__all__ = ["HYPHENS", "Built", "LacunaMark", "Run", "RunContext", "TextBuilder"]

HYPHENS = frozenset("-\u00ad\u2010\u2011\u00ac\u2e17")
_XML_WS = " \t\r\n"
_XML_WS_RUN = re.compile(r"[ \t\r\n]+")


@dataclass(frozen=True, slots=True)
class RunContext:
    """Properties inherited from the enclosing markup."""

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
    restore_hands: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Run:
    """A stretch of witness text with everything a token starting in it inherits."""

    ctx: RunContext
    page: str | None
    column: str | None
    line: str | None
    paragraph: int
    source_line: int | None
    newlines: tuple[int, ...] = ()
    """Offsets in the witness text where the file's next line begins (one per line break)."""

    def line_at(self, offset: int) -> int | None:
        """The file line of the witness-text character at ``offset`` (inside this run)."""
        if self.source_line is None or not self.newlines:
            return self.source_line
        return self.source_line + bisect_right(self.newlines, offset)


@dataclass(slots=True)
class LacunaMark:
    """A lacuna or damaged stretch by character offsets (mapped to tokens later)."""

    kind: str
    start: int
    end: int
    reason: str | None = None
    extent: str | None = None
    xml_id: str | None = None
    source_line: int | None = None


@dataclass(slots=True)
class Built:
    """The witness text of one state, its runs (``None`` for inserted spaces), notes, lacunae."""

    parts: list[str] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)
    runs: list[Run | None] = field(default_factory=list)
    notes: list[tuple[int, Note]] = field(default_factory=list)
    marks: list[LacunaMark] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(self.parts)


class TextBuilder:
    """Collects runs while collapsing layout whitespace across element boundaries."""

    def __init__(self) -> None:
        self.out = Built()
        self.pos = 0
        self.pending_space = False
        self.pending_break = False
        self.joining = False
        self.paragraph = 0
        self.page: str | None = None
        self.column: str | None = None
        self.line: str | None = None
        self.line_count = 0

    def _emit(self, chunk: str, run: Run | None) -> None:
        self.out.starts.append(self.pos)
        self.out.runs.append(run)
        self.out.parts.append(chunk)
        self.pos += len(chunk)

    def _space_follows(self) -> None:
        if self.pos and not self.joining and not self.pending_break:
            self.pending_space = True

    def text(self, raw: str, ctx: RunContext, line: int | None) -> int | None:
        """Add a raw XML text chunk as one run; return the file line it ends on."""
        body = raw.strip(_XML_WS)
        if not body:
            self._space_follows()
            return None if line is None else line + raw.count("\n")
        lead = len(raw) - len(raw.lstrip(_XML_WS))
        if lead:
            self._space_follows()
            if line is not None:
                line += raw.count("\n", 0, lead)
        if not self.pos:
            self.paragraph += 1
        elif self.pending_break:
            self._emit("\n", None)
            self.paragraph += 1
        elif self.pending_space:
            self._emit(" ", None)
        self.pending_space = self.pending_break = self.joining = False
        words = _XML_WS_RUN.split(body)
        newlines: list[int] = []
        if len(words) > 1 and line is not None and "\n" in body:
            offset = self.pos
            for word, sep in zip(words, _XML_WS_RUN.findall(body), strict=False):
                offset += len(word) + 1
                newlines.extend([offset] * sep.count("\n"))
        run = Run(ctx, self.page, self.column, self.line, self.paragraph, line, tuple(newlines))
        self._emit(" ".join(words) if len(words) > 1 else body, run)
        if len(body) + lead < len(raw):
            self._space_follows()
        return None if line is None else line + raw.count("\n", lead)

    def boundary(self) -> None:
        """A word boundary (``lb``, ``pb``, ``gap``...): at least one space."""
        if self.pos and not self.pending_break and not self.joining:
            self.pending_space = True

    def join(self) -> None:
        """``break="no"``: no space here, and a line-end hyphen before it goes."""
        self.pending_space = False
        self.joining = True
        parts = self.out.parts
        if not self.pending_break and parts and parts[-1][-1:] in HYPHENS and parts[-1]:
            parts[-1] = parts[-1][:-1]
            self.pos -= 1

    def block(self) -> None:
        """A block boundary: the next text starts a new block after a newline."""
        if self.pos:
            self.pending_break = True
            self.pending_space = self.joining = False

    def lb(self, n: str | None) -> None:
        if n is not None:
            self.line = n
            if n.isdigit():
                self.line_count = int(n)
        else:
            self.line_count += 1
            self.line = str(self.line_count)

    def pb(self, n: str | None) -> None:
        self.page = n
        self.column = None
        self.line, self.line_count = None, 0

    def cb(self, n: str | None) -> None:
        self.column = n
        self.line, self.line_count = None, 0
