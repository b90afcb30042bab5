"""The reader report: what the TEI reader did with each element it met, and what it warned about.

Nothing the reader drops or cannot read is silent: every element name it meets in the text is
counted with what it did (text kept, dropped, made a state, made a lacuna...), with the number
of characters of text it dropped, and every reading it could not make as TEI defines it is a
:class:`~witnesscollate.errors.TEIWarning`, both issued with :mod:`warnings` and kept here.

>>> from witnesscollate import load_tei
>>> report = ReaderReport()
>>> w = load_tei('<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="A"><text><body>'
...              '<p>a <fw>12</fw>b</p></body></text></TEI>', report=report)
>>> report.elements["fw"].actions
{'dropped': 1}
"""

from __future__ import annotations

import os
import sys
import warnings
from dataclasses import dataclass, field
from typing import Any

from ..errors import TEIWarning

__all__ = ["ACTIONS", "ElementUse", "ReaderReport", "issue", "times"]

ACTIONS: dict[str, str] = {
    "text": "text kept",
    "block": "text kept as a block (paragraph, line, head...)",
    "flagged": "text kept, flagged (supplied, unclear, damaged, hand, rend)",
    "structure": "holds other elements; its own layout whitespace is not text",
    "state": "made a revision state (a.c./p.c.)",
    "lacuna": "made a lacuna",
    "partly lost": "made a word partly lost",
    "note": "kept as a note on the token before it",
    "location": "location (page, column, line), a word boundary",
    "join": 'location, joining the words on either side (break="no")',
    "boundary": "a word boundary",
    "hand": "sets the hand of the text that follows",
    "point": "a point in the text (where a span ends); no text of its own",
    "compared": "compared (the chosen side of a choice)",
    "displayed": "not compared, kept as the token's display (other side of a choice)",
    "read": "read (the lemma, or the reading asked for)",
    "not read": "not read (another reading of the apparatus)",
    "dropped": "dropped: not witness text",
    "inside": "inside an element not read as witness text (a note, fw, the other reading...)",
    "character": "its character given by the header's charDecl mapping",
    "unknown": "not a TEI element: text kept",
    "treated": "treated as the TEI element named in treat_as",
}
"""What the reader can do with an element (the keys of :attr:`ElementUse.actions`)."""


_PACKAGE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def issue(warning: TEIWarning) -> None:
    """``warnings.warn`` pointing at the first frame outside witnesscollate (the user's call)."""
    level = 2  # 1 is this function, 2 its caller
    frame = sys._getframe(1)
    while frame is not None and frame.f_code.co_filename.startswith(_PACKAGE):
        frame = frame.f_back  # type: ignore[assignment]
        level += 1
    warnings.warn(warning, stacklevel=level)


def times(n: int) -> str:
    """``once``, ``twice``, ``3 times``."""
    return {1: "once", 2: "twice"}.get(n, f"{n} times")


@dataclass
class ElementUse:
    """One element name: how often it was met, what the reader did, what text it dropped."""

    name: str
    count: int = 0
    actions: dict[str, int] = field(default_factory=dict)
    dropped_chars: int = 0

    def describe(self) -> str:
        parts = [
            f"{ACTIONS.get(a, a)}" + (f" ({n})" if n != self.count else "")
            for a, n in self.actions.items()
        ]
        text = "; ".join(parts)
        if self.dropped_chars:
            text += f" [{self.dropped_chars} characters not read as text]"
        return text


@dataclass
class ReaderReport:
    """What the reader did with one document (or with each document passed to it in turn).

    Pass one to :func:`~witnesscollate.load_tei` or :func:`~witnesscollate.load_tei_states`
    as ``report=``; ``witnesscollate load --report FILE`` prints it.
    """

    sources: list[str] = field(default_factory=list)
    elements: dict[str, ElementUse] = field(default_factory=dict)
    warnings: list[TEIWarning] = field(default_factory=list)

    def count(self, name: str, action: str, dropped_chars: int = 0) -> None:
        use = self.elements.get(name)
        if use is None:
            use = self.elements[name] = ElementUse(name)
        use.count += 1
        use.actions[action] = use.actions.get(action, 0) + 1
        use.dropped_chars += dropped_chars

    def warn(self, warning: TEIWarning) -> None:
        """Keep ``warning`` and issue it through :mod:`warnings`, at the caller's line."""
        self.warnings.append(warning)
        issue(warning)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready form: sources, elements (name → count, actions, dropped characters), warnings."""
        return {
            "sources": list(self.sources),
            "elements": {
                name: {
                    "count": use.count,
                    "actions": dict(use.actions),
                    "dropped_chars": use.dropped_chars,
                }
                for name, use in sorted(self.elements.items())
            },
            "warnings": [str(w) for w in self.warnings],
        }

    def to_text(self) -> str:
        """A plain-text table: each element, how often, and what the reader did with it."""
        rows = [("element", "count", "what the reader did")]
        rows += [
            (name, str(use.count), use.describe()) for name, use in sorted(self.elements.items())
        ]
        width = [max(len(r[i]) for r in rows) for i in range(2)]
        lines = [f"{r[0]:<{width[0]}}  {r[1]:>{width[1]}}  {r[2]}".rstrip() for r in rows]
        if self.warnings:
            lines.append("")
            lines.append(f"warnings ({len(self.warnings)}):")
            lines.extend(f"  {w}" for w in self.warnings)
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.to_text()
