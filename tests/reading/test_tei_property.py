"""Property: a generated TEI document reads back as exactly the text the generator expects.

The generator writes paragraphs of words with random layout whitespace and markup (``hi``,
``supplied``, ``choice``, ``note``, ``lb``, ``lb break="no"``, ``gap``, ``add``, ``del``,
``subst``) and computes, beside the XML, the witness text before and after revision.
"""

from __future__ import annotations

from dataclasses import dataclass
from xml.sax.saxutils import escape

from hypothesis import given, settings
from hypothesis import strategies as st
from tei_helpers import tei

from witnesscollate import load_tei_states

WORD_CHARS = "абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВЕЁЙЛabcxyzXYZ0123456789«»,.;:!?—'\"&<>()"
word = st.text(alphabet=WORD_CHARS, min_size=1, max_size=7).filter(
    lambda w: not w.endswith(("-", "\u00ad"))
)
layout = st.sampled_from([" ", "\n", "  \n\t ", "\r\n    ", "\t"])


@dataclass(frozen=True)
class Piece:
    xml: str
    ac: str  # the piece's text before revision ("" when it has none)
    pc: str  # after revision


def _words(ws: list[str], sep: str) -> tuple[str, str]:
    return sep.join(escape(w) for w in ws), " ".join(ws)


@st.composite
def piece(draw: st.DrawFn) -> Piece:
    kind = draw(
        st.sampled_from(
            [
                "w",
                "w",
                "w",
                "hi",
                "supplied",
                "choice",
                "note",
                "lb",
                "join",
                "gap",
                "add",
                "del",
                "subst",
            ]
        )
    )
    sep = draw(layout)
    if kind == "w":
        w = draw(word)
        return Piece(escape(w), w, w)
    if kind in {"hi", "supplied"}:
        xml, text = _words(draw(st.lists(word, min_size=1, max_size=3)), sep)
        attrs = ' rend="italic"' if kind == "hi" else ' reason="unattested" source="#PSS"'
        return Piece(f"<{kind}{attrs}>{xml}</{kind}>", text, text)
    if kind == "choice":
        sic, corr = draw(word), draw(word)
        return Piece(
            f"<choice><sic>{escape(sic)}</sic><corr>{escape(corr)}</corr></choice>", corr, corr
        )
    if kind == "note":
        return Piece(f"<note type='editorial'>{escape(draw(word))}</note>", "", "")
    if kind == "lb":
        return Piece(f"<lb n='{draw(st.integers(1, 40))}'/>", "", "")
    if kind == "join":
        left, right = draw(word), draw(word)
        return Piece(
            f"{escape(left)}-{sep}<lb break='no'/>{sep}{escape(right)}", left + right, left + right
        )
    if kind == "gap":
        return Piece("<gap reason='illegible'/>", "", "")
    a, b = draw(word), draw(word)
    if kind == "add":
        return Piece(f"<add place='above'>{escape(a)}</add>", "", a)
    if kind == "del":
        return Piece(f"<del>{escape(a)}</del>", a, "")
    return Piece(f"<subst><del>{escape(a)}</del><add>{escape(b)}</add></subst>", a, b)


@st.composite
def document(draw: st.DrawFn) -> tuple[str, str, str]:
    paragraphs = draw(st.lists(st.lists(piece(), min_size=1, max_size=8), min_size=1, max_size=4))
    first = draw(word)
    paragraphs[0].insert(0, Piece(escape(first), first, first))  # never an empty document
    xml_parts, ac_parts, pc_parts = [], [], []
    for pieces in paragraphs:
        seps = draw(st.lists(layout, min_size=len(pieces) + 1, max_size=len(pieces) + 1))
        inner = "".join(s + p.xml for s, p in zip(seps, pieces, strict=False)) + seps[-1]
        xml_parts.append(f"<p>{inner}</p>")
        ac_parts.append(" ".join(p.ac for p in pieces if p.ac))
        pc_parts.append(" ".join(p.pc for p in pieces if p.pc))
    body = draw(layout).join(xml_parts)
    return (
        tei(body),
        "\n".join(t for t in ac_parts if t),
        "\n".join(t for t in pc_parts if t),
    )


@settings(max_examples=150, deadline=None)
@given(document())
def test_generated_tei_round_trips(doc: tuple[str, str, str]) -> None:
    xml, expected_ac, expected_pc = doc
    states = load_tei_states(xml)
    for state, expected in (("ac", expected_ac), ("pc", expected_pc)):
        w = states[state]
        assert w.text == expected
        assert w.leading_ws + "".join(t.text + t.ws for t in w.tokens) == expected
        for i, t in enumerate(w.tokens):
            assert t.index == i
            assert expected[t.start : t.end] == t.text
            assert t.text.strip() == t.text
            assert t.paragraph is not None
            assert 1 <= t.paragraph <= expected.count("\n") + 1
        for lac in w.lacunae:
            assert 0 <= lac.position <= lac.end <= len(w.tokens)
