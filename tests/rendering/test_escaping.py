"""The escapers that stand in for a library's own: the same text as lxml writes."""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from lxml import etree

from witnesscollate.rendering.escaping import latex, markdown, xml_attribute, xml_safe, xml_text

# every character class that matters: markup, white space, characters XML forbids, others
_CHARS = st.one_of(
    st.sampled_from("&<>\"'\t\n\r \x00\x01\x0b\x1f\x7f\x85\xa0\u2028\ufffd\ufffe\uffff"),
    st.characters(exclude_categories=("Cs",)),
)
_TEXT = st.text(_CHARS, max_size=40)


def _lxml(text: str, attribute: bool) -> str:
    el = etree.Element("x")
    if attribute:
        el.set("a", text)
        return etree.tostring(el, encoding="unicode")[len('<x a="') : -len('"/>')]
    el.text = text
    return etree.tostring(el, encoding="unicode")[len("<x>") : -len("</x>")]


@given(_TEXT)
def test_xml_text_is_what_lxml_writes(text: str) -> None:
    assert xml_text(text) == _lxml(xml_safe(text), attribute=False)


@given(_TEXT)
def test_xml_attribute_is_what_lxml_writes(text: str) -> None:
    try:
        expected = _lxml(text, attribute=True)
    except ValueError:
        with pytest.raises(ValueError, match="XML compatible"):
            xml_attribute(text)
    else:
        assert xml_attribute(text) == expected


def _latex_as_written_first(text: str) -> str:
    """The LaTeX escaper as it was first written (three regular expressions in a row), which
    the fast one must equal."""
    import re
    import unicodedata

    specials = {
        "\\": r"\textbackslash{}",
        "{": r"\{",
        "}": r"\}",
        "$": r"\$",
        "&": r"\&",
        "#": r"\#",
        "^": r"\textasciicircum{}",
        "_": r"\_",
        "%": r"\%",
        "~": r"\textasciitilde{}",
    }
    text = re.sub(r"[\x00-\x08\x0b-\x1f\x7f]", "", unicodedata.normalize("NFC", text))
    text = re.sub(r"\s+", " ", text)
    text = re.sub(r"[\\{}$&#^_%~]", lambda m: specials[m.group()], text)
    for pair in ("--", "''", "``", "!`", "?`", "<<", ">>", ",,"):
        split = pair[0] + "{}" + pair[1]
        text = text.replace(pair, split).replace(pair, split)
    return text


# mostly the characters each step looks for, so that runs and pairs of them come up
_LATEX_SPECIAL = st.sampled_from("\\{}$&#^_%~-'`!?<>, \t\n\r\x00\x07\x7f\x85\xa0\u2003\u0301eе")
_LATEX_CHARS = st.one_of(_LATEX_SPECIAL, _LATEX_SPECIAL, st.characters(exclude_categories=("Cs",)))


@example("a  b")
@example("e\u0301 -- x")
@given(st.text(_LATEX_CHARS, max_size=40))
def test_latex_escaper_is_the_first_one(text: str) -> None:
    assert latex(text) == _latex_as_written_first(text)


def _markdown_as_written_first(text: str) -> str:
    """The Markdown escaper as it was first written (one substitution, always), which the
    fast one (a search first) must equal."""
    import re

    text = text.replace("\r", " ").replace("\n", " ")
    return re.sub(r"([\\`*_\[\]<>|#])", r"\\\1", text)


_MARKDOWN_CHARS = st.one_of(
    st.sampled_from("\\`*_[]<>|#\r\n \\1"), st.characters(exclude_categories=("Cs",))
)


@example("a_b\r\n|c|")
@given(st.text(_MARKDOWN_CHARS, max_size=40))
def test_markdown_escaper_is_the_first_one(text: str) -> None:
    assert markdown(text) == _markdown_as_written_first(text)
