"""Letters with headings, openers and gaps: every witness is rebuilt, whatever the order.

The other properties (``test_properties.py``) draw documents of one paragraph.  Headings
are where the aligner's heading rules (``alignment/_isolated.py``: stray matches; no heading's
word forced against a paragraph's) and the apparatus's absence units (a witness with no
heading where the base's heading is a ``gap``) meet; a review found there a word printed twice,
a witness with no reading in a nested unit, and units that changed with the witnesses'
order.  The vocabulary is small so that words repeat across blocks.
"""

from __future__ import annotations

import os
from typing import Any

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from witnesscollate import collate
from witnesscollate.analysis import canonical_text
from witnesscollate.model import Witness
from witnesscollate.reading.parallel_segmentation import read_parallel_segmentation
from witnesscollate.reading.tei import load_tei

EXAMPLES = int(os.environ.get("WITNESSCOLLATE_PROPERTY_EXAMPLES", "400")) // 2

WORDS = ["To", "Comrades", "comrades", "Letter", "I", "urge", ".", ",", "secret", "Mdivani"]
HEADS = ["<gap/>", "Letter", "To Mdivani", "Comrades", "<gap/> Letter", "Letter <gap/>", ",", "I"]


def _tei(body: str, siglum: str) -> Witness:
    return load_tei(
        (
            '<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt>'
            "<title>t</title></titleStmt><publicationStmt><p>x</p></publicationStmt>"
            '<sourceDesc><p>x</p></sourceDesc></fileDesc></teiHeader><text xml:lang="en">'
            f"<body><div>{body}</div></body></text></TEI>"
        ).encode(),
        siglum=siglum,
    )


@st.composite
def letters(draw: st.DrawFn) -> list[Witness]:
    out = []
    for i in range(draw(st.integers(2, 4))):
        body = ""
        if draw(st.booleans()):
            body += f"<head>{draw(st.sampled_from(HEADS))}</head>"
        if draw(st.booleans()):
            words = draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=3))
            body += f"<opener><salute>{' '.join(words)}</salute></opener>"
        words = draw(st.lists(st.sampled_from([*WORDS, "<gap/>"]), min_size=1, max_size=6))
        words.insert(draw(st.integers(0, len(words))), draw(st.sampled_from(WORDS)))
        body += f"<p>{' '.join(words)}</p>"
        out.append(_tei(body, chr(ord("A") + i)))
    assume(all(w.tokens for w in out))
    return out


def _unspaced(text: str) -> str:
    return text.replace(" ", "")


def _key(ws: list[Witness]) -> Any:
    app = collate(ws).apparatus(base="A")
    return sorted(
        (
            u.lemma.text,
            u.location.start,
            u.parent is None,
            sorted((r.text, tuple(sorted(r.witnesses)), r.type.value) for r in u.readings),
        )
        for u in app.all_units
    )


@settings(
    max_examples=max(EXAMPLES, 20),
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(letters())
def test_letters_are_rebuilt_from_the_apparatus_in_any_order(ws: list[Witness]) -> None:
    app = collate(ws).apparatus(base="A")
    expected = {w.siglum: _unspaced(canonical_text(w)) for w in ws}
    assert {s: _unspaced(app.text_of(s)) for s in expected} == expected
    back = read_parallel_segmentation(app.to_tei())
    assert {s: _unspaced(t) for s, t in back.items()} == expected
    for u in app.all_units:
        assert u.variants or u.children, f"{u.id} has no variant and no nested unit"
    assert _key(ws[::-1]) == _key(ws), "witness order changed the apparatus"
    assert _key(ws[1:] + ws[:1]) == _key(ws), "witness order changed the apparatus"


def test_a_witness_without_the_heading_is_not_the_others_content() -> None:
    """The base's heading is a gap, B has no heading, C and D have one: B is *om.* in the
    unit of its absence, not credited with the heading C and D have (it had no reading in
    the units nested there)."""
    ws = [
        _tei("<head><gap/></head><p>urge</p>", "A"),
        _tei("<p>urge</p>", "B"),
        _tei("<head>Mdivani</head><p>To , . .</p>", "C"),
        _tei("<p>Mdivani</p>", "D"),
    ]
    app = collate(ws).apparatus(base="A")
    assert {w.siglum: _unspaced(app.text_of(w.siglum)) for w in ws} == {
        w.siglum: _unspaced(canonical_text(w)) for w in ws
    }
    outer = next(u for u in app.units if u.children)
    b = outer.reading_of("B")
    assert b is not outer.content_reading
    assert b.type.value == "omission"


def test_a_word_in_the_next_column_is_not_a_spacing_difference() -> None:
    """B's heading word «Mdivani» stands a column before A's paragraph «Mdivani»: the same
    word shifted, which is no spacing difference; B's text is rebuilt once, not twice."""
    ws = [
        _tei("<head>I</head><p>Mdivani Letter Comrades</p>", "A"),
        _tei(
            "<head>To Mdivani</head><opener><salute>secret Comrades</salute></opener><p>urge</p>",
            "B",
        ),
        _tei("<p>To<gap/></p>", "C"),
    ]
    app = collate(ws).apparatus(base="A")
    for w in ws:
        assert app.text_of(w.siglum).split() == canonical_text(w).split()
