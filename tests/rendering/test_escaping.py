"""The escapers that stand in for a library's own: the same text as lxml writes."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from witnesscollate.rendering.escaping import xml_attribute, xml_safe, xml_text

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
