"""The base text as the printed renderers walk it: paragraphs, free text and units.

Both LaTeX renderers and the HTML page set the base text with its variation units in
place; this module cuts :meth:`Apparatus.runs` into the base witness's paragraphs (TEI
blocks, or blank lines in plain text) and decides where an addition hangs: a unit whose
lemma is empty has no text of its own in the base, so the apparatus names the word before it
(or, at the very start of the text, the word after it).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from ..model import Apparatus, Stretch, VariationUnit

__all__ = ["Anchor", "Item", "anchors", "paragraphs", "walk"]

Item = str | VariationUnit


def paragraphs(apparatus: Apparatus) -> list[list[Item]]:
    """The base text as paragraphs (its blocks) of plain text and selected units.

    Milestones are left out (the printed renderers number their own lines); a unit nested in
    a hidden unit stands in its place in the running text.
    """
    out: list[list[Item]] = []
    for block in apparatus.blocks:
        para: list[Item] = []
        for seg in apparatus.runs(block):
            if isinstance(seg, Stretch):
                if para and isinstance(para[-1], str):
                    para[-1] += seg.text
                else:
                    para.append(seg.text)
            elif isinstance(seg, VariationUnit):
                para.append(seg)
        if para and isinstance(para[0], str):
            para[0] = para[0].lstrip()
        if para and isinstance(para[-1], str):
            para[-1] = para[-1].rstrip()
        para = [p for p in para if not (isinstance(p, str) and not p)]
        if para:
            out.append(para)
    return out


_LAST_WORD = re.compile(r"(\S+)(\s*)$")


@dataclass(frozen=True, slots=True)
class Anchor:
    """Where an addition (a unit whose lemma is empty) hangs in the base text."""

    word: str  # the anchor word, raw
    wrap: bool  # True: the word is free text, and the entry can wrap it
    before: bool  # True: the anchor is the next word (an addition at the very start)


def walk(
    apparatus: Apparatus,
    emit_text: Callable[[str], str],
    emit_unit: Callable[[VariationUnit, Anchor | None], str],
) -> list[str]:
    """Render each paragraph: free text through ``emit_text``, units through ``emit_unit``.

    Additions are anchored to the preceding word: when it is free text, it is taken out of
    the text so that the entry can wrap it; otherwise (it belongs to another entry, or the
    addition opens the text) the entry names it without wrapping.
    """
    out: list[str] = []
    last_word: str | None = None
    base_tokens = apparatus.base_witness.tokens
    for para in paragraphs(apparatus):
        parts: list[str] = []
        pending = ""
        for item in para:
            if isinstance(item, str):
                pending += item
                m = _LAST_WORD.search(item)
                if m:
                    last_word = m.group(1)
                continue
            anchor: Anchor | None = None
            trail = ""
            if not item.lemma.text:
                m = _LAST_WORD.search(pending)
                if m:
                    parts.append(emit_text(pending[: m.start()]))
                    anchor = Anchor(m.group(1), True, False)
                    trail, pending = m.group(2), ""
                elif last_word is not None:
                    anchor = Anchor(last_word, False, False)
                else:
                    start = item.location.start
                    nxt = base_tokens[start].text if start < len(base_tokens) else ""
                    anchor = Anchor(nxt, False, True)
            if pending:
                parts.append(emit_text(pending))
                pending = ""
            parts.append(emit_unit(item, anchor))
            parts.append(emit_text(trail + item.lemma.ws))
            m = _LAST_WORD.search(item.lemma.text)
            if m:
                last_word = m.group(1)
        if pending:
            parts.append(emit_text(pending))
        out.append("".join(parts).strip())
    return out


def anchors(apparatus: Apparatus) -> dict[str, Anchor]:
    """The anchor of every addition, by unit id (what :func:`walk` passes to ``emit_unit``)."""
    found: dict[str, Anchor] = {}

    def note(unit: VariationUnit, anchor: Anchor | None) -> str:
        if anchor is not None:
            found[unit.id] = anchor
        return ""

    walk(apparatus, lambda text: "", note)
    return found
