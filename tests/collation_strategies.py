"""Hypothesis strategies for collations: related witnesses with respacing and lacunae."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import strategies as st

from witnesscollate import Lacuna, Witness, load_text

VOCABULARY = [
    "the", "black", "cat", "sat", "on", "a", "mat", "Кот", "чёрный", "сидел", "на", "ковре",
    ",", ".", "—", "«", "»", "&lt;", "a\\N", '"q"',
]  # fmt: skip
SPACES = [" ", " ", " ", "  ", "\n", "\t", "\u00a0", " \u2028"]


@st.composite
def witness_sets(draw: st.DrawFn) -> list[Witness]:
    """2-4 related witnesses: one text with words dropped, added, respaced; some lacunae."""
    base = draw(st.lists(st.sampled_from(VOCABULARY), max_size=14))
    out: list[Witness] = []
    for i in range(draw(st.integers(2, 4))):
        keep = draw(st.lists(st.booleans(), min_size=len(base), max_size=len(base)))
        words = [w for w, k in zip(base, keep, strict=True) if k or draw(st.booleans())]
        if draw(st.booleans()):
            words.insert(draw(st.integers(0, len(words))), draw(st.sampled_from(VOCABULARY)))
        lead = draw(st.sampled_from(["", "", " ", "\n  "]))
        text = lead + "".join(w + draw(st.sampled_from(SPACES)) for w in words)
        w = load_text(chr(ord("A") + i), text)
        if w.tokens and draw(st.booleans()):
            p = draw(st.integers(0, len(w.tokens)))
            end = draw(st.integers(p, min(p + 1, len(w.tokens))))
            w = replace(w, lacunae=(Lacuna(position=p, end=end, reason="illegible"),))
        out.append(w)
    return out
