"""Properties of the fast paths and of the reader: same tokens as the plain pattern, the same
norms with and without the cache, and no text read that the document does not have."""

from __future__ import annotations

import warnings
from xml.sax.saxutils import escape

from hypothesis import given, settings
from hypothesis import strategies as st

from witnesscollate import load_tei_states
from witnesscollate.errors import TEIWarning
from witnesscollate.normalization import _default, default_pipeline
from witnesscollate.reading.teireport import ReaderReport
from witnesscollate.tokenization import _reference_columns, token_columns

ALPHABET = st.sampled_from(
    [
        *"абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВЕЁЙ abcXYZ 0123456789.,;:!?«»„“”—–-‐'’()[]…",
        *("\u00ad", "\u0306", "\u0308", "\u200b", " ", "\n", "\t", "\u00a0", "\x1c", "\u2028"),
    ]
)
TEXT = st.one_of(st.text(alphabet=ALPHABET, max_size=300), st.text(max_size=300))


@given(TEXT)
@settings(max_examples=400, derandomize=True)
def test_token_columns_equal_the_token_pattern_over_the_whole_text(text: str) -> None:
    fast = token_columns(text, {})
    assert fast == _reference_columns(text)
    # Shared texts are the same strings, only fewer objects.
    assert fast.texts == token_columns(text).texts


@given(st.lists(st.text(alphabet=ALPHABET, min_size=1, max_size=12), max_size=60))
@settings(max_examples=200, derandomize=True)
def test_the_cached_pipeline_normalizes_as_the_uncached_one(words: list[str]) -> None:
    for russian in (False, True):
        cached = default_pipeline("ru" if russian else "en")
        fresh = _default(russian)
        for word in words + words:  # the second time from the cache
            assert cached(word) == fresh(word)


NAMES = st.sampled_from(
    ["p", "hi", "seg", "w", "del", "add", "subst", "mod", "choice", "sic", "corr", "note",
     "fw", "gap", "unclear", "supplied", "app", "lem", "rdg", "rdgGrp", "mdel", "x:foo",
     "metamark", "lb", "damage", "ex", "am", "abbr", "expan", "restore"]
)  # fmt: skip
WORD = st.text(alphabet="абвгдxyz ,.", min_size=0, max_size=6)


@st.composite
def content(draw: st.DrawFn, depth: int = 0) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 4))):
        if depth < 4 and draw(st.booleans()):
            name = draw(NAMES)
            inner = draw(content(depth + 1))
            parts.append(f"<{name}>{inner}</{name}>")
        else:
            parts.append(escape(draw(WORD)))
    return "".join(parts)


@given(content())
@settings(max_examples=300, deadline=None, derandomize=True)
def test_no_text_is_invented_and_every_element_is_accounted_for(body: str) -> None:
    doc = (
        '<TEI xmlns="http://www.tei-c.org/ns/1.0" xmlns:x="urn:x" xml:id="A"><text><body>'
        f"<p>start {body} end</p></body></text></TEI>"
    )
    report = ReaderReport()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", TEIWarning)
        states = load_tei_states(doc, report=report)
    from lxml import etree

    tree = etree.fromstring(doc.encode())
    source = "".join(tree.itertext())
    letters = sorted(c for c in source if not c.isspace())
    for witness in states.values():
        read = sorted(c for c in witness.text if not c.isspace())
        # Every character read is one the document has (as many times at most).
        assert not _excess(read, letters), witness.text
    met = {etree.QName(e).localname for e in tree.iter() if isinstance(e.tag, str)}
    met = {("x:foo" if name == "foo" else name) for name in met} - {"TEI"}
    assert met <= set(report.elements)
    for name in ("x:foo", "mdel"):
        if name in report.elements and "unknown" in report.elements[name].actions:
            assert any(f"<{name}> is not a TEI element" in str(w.message) for w in caught)


def _excess(read: list[str], available: list[str]) -> list[str]:
    from collections import Counter

    have = Counter(available)
    need = Counter(read)
    return [c for c, n in need.items() if n > have[c]]
