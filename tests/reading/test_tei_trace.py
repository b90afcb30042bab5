"""The reader's trace: where every character of the witness text is in the XML.

A :class:`~witnesscollate.reading.teiruns.Trace` given to the walker records each chunk of
text it adds (which node's ``.text`` or ``.tail``, or which ``g``) and the chunks each element
holds.  These tests check that the trace explains the text the reader builds, character for
character, in every state and with every option, on generated documents and on the real-world
conformance files, and that recording it changes nothing.
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from tei_helpers import TEI_NS, tei
from test_realworld import CASES, DATA
from test_tei_property import document, layout, word

from witnesscollate import load_tei_states
from witnesscollate.errors import TEIWarning
from witnesscollate.reading.tei import DEFAULT_CHOICE, revision_states
from witnesscollate.reading.teiindex import ReadOptions, index_text
from witnesscollate.reading.teireport import ReaderReport
from witnesscollate.reading.teiruns import Trace
from witnesscollate.reading.teitext import TextWalker

T = f"{{{TEI_NS}}}"


def parsed(source: str | Path) -> tuple[etree._Element, etree._Element]:
    root = (
        etree.parse(str(source)).getroot()
        if isinstance(source, Path)
        else etree.fromstring(source.encode())
    )
    text_el = root.find(f"{T}text")
    assert text_el is not None
    return root, text_el


def traced_states(
    source: str | Path,
    choice: tuple[str, ...] = DEFAULT_CHOICE,
    reading: str | None = None,
    treat_as: dict[str, str] | None = None,
) -> dict[str, tuple[str, Trace, etree._Element]]:
    """Read every state with a trace; check each is the text the reader gives without one."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TEIWarning)
        return _traced_states(source, choice, reading, treat_as)


def _traced_states(
    source: str | Path,
    choice: tuple[str, ...],
    reading: str | None,
    treat_as: dict[str, str] | None,
) -> dict[str, tuple[str, Trace, etree._Element]]:
    root, text_el = parsed(source)
    options = ReadOptions(frozenset(choice), reading, False, "keep", treat_as or {})
    index = index_text(root, text_el, "test", options, ReaderReport())
    first = TextWalker(None, options, index, ReaderReport())
    first_built = first.run(text_el)
    states: dict[str, frozenset[str] | None] = (
        dict(revision_states(first.hands)) if first.revisions else {"ac": None, "pc": None}
    )
    witnesses = load_tei_states(
        source, choice=choice, reading=reading, treat_as=treat_as, strict=False
    )
    out = {}
    for state, applied in states.items():
        plain = TextWalker(applied, options, index).run(text_el)
        trace = Trace()
        built = TextWalker(applied, options, index, None, trace).run(text_el)
        assert (built.text, built.starts, built.runs) == (plain.text, plain.starts, plain.runs)
        assert (built.line_starts, built.lines) == (plain.line_starts, plain.lines)
        if applied is None:
            assert first_built.text == built.text
        assert witnesses[state].text == built.text
        out[state] = (built.text, trace, text_el)
    return out


def traced(
    source: str | Path, state: str = "pc", **options: Any
) -> tuple[str, Trace, etree._Element]:
    return traced_states(source, **options)[state]


def owner(trace: Trace, k: int) -> etree._Element:
    """The element whose content chunk ``k`` is."""
    node = trace.nodes[k]
    if trace.kinds[k] == "tail":
        parent = node.getparent()
        assert parent is not None
        return parent
    return node


def assert_explains(text: str, trace: Trace, text_el: etree._Element) -> None:
    """Every character of ``text`` is a chunk's (or a separator between chunks), in order,
    each chunk is its node's text as the builder collapses it, and every element holds
    exactly the chunks inside it."""
    end = 0
    for k, (start, length) in enumerate(zip(trace.starts, trace.lengths, strict=True)):
        assert text[end:start] in ("", " ", "\n"), (k, text[end:start])
        node, kind, raw = trace.nodes[k], trace.kinds[k], trace.raws[k]
        chunk = text[start : start + length]
        if kind == "element":
            assert node.tag == f"{T}g"
            assert raw.startswith(chunk)
        else:
            assert raw == (node.text if kind == "text" else node.tail)
            for i, ch in enumerate(chunk):
                at = raw[trace.raw_index(k, i)]
                assert at == ch or (ch == " " and at.isspace()), (k, i, chunk, raw)
            # the end of the chunk is the end of its last word in the raw text
            stop = trace.raw_index(k, length)
            assert raw[:stop].rstrip(" \t\r\n") == raw[:stop]
        end = start + length
    assert not text[end:].strip()
    for k in range(len(trace.starts)):
        el: etree._Element | None = owner(trace, k)
        while el is not None:
            assert el in trace.elements, (k, el.tag)  # every enclosing element was entered
            first, stop, _ = trace.elements[el]
            assert first <= k < stop, (k, el.tag)
            if el is text_el:
                break
            el = el.getparent()
    for el, (first, stop, pos) in trace.elements.items():
        assert 0 <= first <= stop <= len(trace.starts)
        assert 0 <= pos <= len(text)
        for k in range(first, stop):  # and it holds no chunk from outside it
            inner = owner(trace, k)
            assert inner is el or el in inner.iterancestors(), (el.tag, k)


@settings(max_examples=100, deadline=None)
@given(document())
def test_the_trace_explains_generated_documents(doc: tuple[str, str, str]) -> None:
    xml, expected_ac, expected_pc = doc
    for state, expected in (("ac", expected_ac), ("pc", expected_pc)):
        text, trace, text_el = traced(xml, state)
        assert text == expected
        assert_explains(text, trace, text_el)


@st.composite
def new_reader_piece(draw: st.DrawFn) -> str:
    """Markup the rewritten reader handles: element-only whitespace, partly lost words,
    app/rdgGrp, mapped characters, project elements, spans (``@@`` stands for a new id)."""
    w, v = escape(draw(word)), escape(draw(word))
    sep = draw(layout)
    return draw(
        st.sampled_from(
            [
                w,
                f"<subst>{sep}<del>{w}</del>{sep}<add>{v}</add>{sep}</subst>",
                f"<mod>{sep}<del>{w}</del>{sep}<add hand='#h2'>{v}</add>{sep}</mod>",
                f"{w}<gap reason='illegible'/>{v}",
                f"{w}<unclear/>{v}",
                f"<app>{sep}<lem wit='#A'>{w}</lem>{sep}<rdgGrp>{sep}<rdg wit='#B'>{v}</rdg>"
                f"{sep}</rdgGrp>{sep}</app>",
                f"<app><rdg wit='#B'>{w}</rdg><rdg wit='#C' xml:id='@@'>{v}</rdg></app>",
                f"{w}<g ref='#yogh'/>{v}",
                f"<g ref='#yogh'/>{w}",
                f"<mdel>{w}</mdel> {v}",
                f"<choice>{sep}<abbr>{w}</abbr>{sep}<expan>{v}<ex>и</ex></expan>{sep}</choice>",
                f"{w}-<lb break='no'/>{v}",
                f"<hi>{w}-</hi><lb break='no'/>{v}",
                f"<delSpan spanTo='#@@'/>{w} <anchor xml:id='@@'/>{v}",
                f"<seg xml:id='@@'>{w}</seg>",
            ]
        )
    )


HEADER = (
    "<teiHeader><fileDesc><titleStmt><title>T</title></titleStmt><publicationStmt><p>T</p>"
    "</publicationStmt><sourceDesc><p>T</p></sourceDesc></fileDesc><encodingDesc><charDecl>"
    "<char xml:id='yogh'><mapping type='standard'>ȝ</mapping></char></charDecl></encodingDesc>"
    "</teiHeader>"
)


@st.composite
def new_reader_document(draw: st.DrawFn) -> str:
    paragraphs = draw(
        st.lists(st.lists(new_reader_piece(), min_size=1, max_size=6), min_size=1, max_size=3)
    )
    n = 0
    xml = []
    for pieces in paragraphs:
        numbered = []
        for piece in pieces:  # each piece's ids (a span and its end share one) are its own
            n += 1
            numbered.append(piece.replace("@@", f"i{n}"))
        xml.append("<p>" + escape(draw(word)) + " " + draw(layout).join(numbered) + "</p>")
    return tei("".join(xml), header=HEADER)


@settings(max_examples=100, deadline=None)
@given(
    doc=new_reader_document(),
    choice=st.sampled_from([DEFAULT_CHOICE, ("sic", "orig", "abbr")]),
    reading=st.sampled_from([None, "B", "C"]),
    treat=st.sampled_from([None, {"mdel": "del"}, {"mdel": "drop"}]),
)
def test_the_trace_explains_the_new_readers_markup(
    doc: str,
    choice: tuple[str, ...],
    reading: str | None,
    treat: dict[str, str] | None,
) -> None:
    for text, trace, text_el in traced_states(doc, choice, reading, treat).values():
        assert_explains(text, trace, text_el)


def test_a_mapped_character_is_the_g_element_and_a_joined_hyphen_shortens_its_chunk() -> None:
    xml = tei("<p>a<g ref='#yogh'/>b <hi>long-</hi><lb break='no'/>er</p>", header=HEADER)
    text, trace, text_el = traced(xml)
    assert text == "aȝb longer"
    assert trace.kinds == ["text", "element", "tail", "text", "tail"]
    assert [text[s : s + n] for s, n in zip(trace.starts, trace.lengths, strict=True)] == [
        "a",
        "ȝ",
        "b",
        "long",  # the hyphen went at break="no"
        "er",
    ]
    hi = text_el.find(f".//{T}hi")
    assert hi is not None
    first, stop, pos = trace.elements[hi]
    assert (first, stop, pos) == (3, 4, 3)
    assert_explains(text, trace, text_el)


def test_element_only_whitespace_and_unread_readings_are_not_chunks() -> None:
    xml = tei(
        "<p>a<subst>\n  <del>l</del>\n  <add>d</add>\n</subst> "
        "<app>\n <lem wit='#A'>x</lem>\n <rdgGrp><rdg wit='#B' xml:id='rb'>y</rdg></rdgGrp>\n</app></p>"
    )
    text, trace, text_el = traced(xml)
    assert text == "ad x"
    assert trace.raws == ["a", "d", "x"]
    text, trace, text_el = traced(xml, reading="B")
    assert text == "ad y"
    rdg = text_el.find(f".//{T}rdg")
    lem = text_el.find(f".//{T}lem")
    assert rdg in trace.elements  # the chosen reading is entered, the other not
    assert lem not in trace.elements
    first, stop, _ = trace.elements[rdg]
    assert [trace.raws[k] for k in range(first, stop)] == ["y"]
    assert_explains(text, trace, text_el)


def test_text_inside_an_unapplied_revision_is_not_entered() -> None:
    xml = tei("<p>one <del xml:id='d'>two <hi xml:id='h'>three</hi></del> four</p>")
    text, trace, text_el = traced(xml, "pc")
    assert text == "one four"
    ids = {el.get("{http://www.w3.org/XML/1998/namespace}id") for el in trace.elements}
    assert "h" not in ids  # not read in this state
    assert "d" in ids  # entered, and dropped
    text, trace, text_el = traced(xml, "ac")
    assert text == "one two three four"
    assert_explains(text, trace, text_el)


@pytest.mark.parametrize("case", CASES, ids=[c.path for c in CASES])
def test_the_trace_explains_real_world_tei(case: Any) -> None:
    choices = [DEFAULT_CHOICE]
    if case.diplomatic:
        choices.append(("sic", "orig", "abbr"))
    treat = {"mdel": "del"} if case.lenient else None
    for choice in choices:
        for text, trace, text_el in traced_states(DATA / case.path, choice, None, treat).values():
            assert_explains(text, trace, text_el)


def _raw_index_by_walk(raw: str, offset: int) -> int:
    """``Trace.raw_index`` as the builder's collapsing defines it: walk the words from the
    first (the reader's code before it found each chunk's words once)."""
    import re

    seen = last = 0
    for m in re.finditer(r"[^ \t\r\n]+", raw):
        if offset <= seen + m.end() - m.start():
            return m.start() + offset - seen
        seen += m.end() - m.start() + 1
        last = m.end()
    return last


@settings(max_examples=300, deadline=None)
@given(
    raws=st.lists(
        st.text(alphabet=st.sampled_from("ab я\t\r\n"), max_size=30), min_size=1, max_size=4
    ),
    data=st.data(),
)
def test_raw_index_is_the_word_walk_at_every_offset(raws: list[str], data: Any) -> None:
    # every offset of every chunk, asked in any order (the words are found once a chunk and
    # kept: an answer must not depend on which offsets were asked before)
    trace = Trace()
    for raw in raws:
        trace.add(0, 0, etree.Element("p"), "text", raw)
    asks = [(k, i) for k, raw in enumerate(raws) for i in range(len(raw) + 2)]
    for k, i in data.draw(st.permutations(asks)):
        assert trace.raw_index(k, i) == _raw_index_by_walk(raws[k], i), (raws[k], i)
