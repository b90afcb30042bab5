"""The reader's quick test for whitespace to collapse agrees with the pattern it stands for."""

from hypothesis import given, settings
from hypothesis import strategies as st

from witnesscollate.reading.teiruns import _WS_TO_COLLAPSE, _collapses

# XML whitespace, other whitespace the collapse must leave alone, and letters
_TEXT = st.text(alphabet=" \t\r\n\x0b\x0c\u00a0\u2003ab")


@settings(max_examples=2000)
@given(_TEXT)
def test_collapses_agrees_with_the_pattern(body: str) -> None:
    assert _collapses(body) == (_WS_TO_COLLAPSE.search(body) is not None)


def test_collapses_examples() -> None:
    assert not _collapses("one two three")
    assert not _collapses("no\u00a0\u00a0break")  # not XML whitespace
    assert _collapses("two  spaces")
    assert _collapses("a\nline")
    assert _collapses("a\ttab")
    assert _collapses("a\rreturn")
