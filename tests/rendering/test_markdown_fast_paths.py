"""The Markdown writer's kept entries and sigla (``markdown._Entries.fast_paths``), held to the
general way they replace (False: each reading's entry and sigla made anew, and every
witness's tokens looked at for a supplied wording's certainty).

The short way takes a reading's sigla from its witnesses alone where they are plain text and
cite nothing; the witnesses here mix plain text with TEI whose words are supplied (inferred,
with or without a certainty, or unattested context), cited or lost, so that both ways meet
in one apparatus.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from witnesscollate import Witness, apparatus, collate, load_tei, load_text
from witnesscollate.rendering import markdown

TEI_NS = "http://www.tei-c.org/ns/1.0"

_WORDS = ["the", "cat", "sat", "on", "a", "mat", "Кот", "a_b", "*x*", "[1]", "|", "#"]
_word = st.sampled_from(_WORDS)

#: Markup a word of a TEI witness may take (``{w}``: the word).
_MARKS = (
    "{w}",
    "{w}",
    '<supplied reason="inferred" cert="low">{w}</supplied>',
    '<supplied reason="inferred" cert="high">{w}</supplied>',
    '<supplied reason="inferred">{w}</supplied>',
    '<supplied reason="unattested" source="#A">{w}</supplied>',
    '<seg type="reading" source="#furr">{w}</seg>',
    "{w} <gap/>",
)


def _tei(siglum: str, words: list[str], marks: list[int]) -> Witness:
    body = " ".join(_MARKS[m].replace("{w}", w) for w, m in zip(words, marks, strict=True))
    return load_tei(
        f'<TEI xmlns="{TEI_NS}" xml:id="{siglum}"><teiHeader><fileDesc>'
        f"<titleStmt><title>{siglum}</title></titleStmt><publicationStmt><p>t</p>"
        f"</publicationStmt><sourceDesc><bibl>Witness {siglum}</bibl>"
        '<listBibl><bibl xml:id="furr">Grover Furr, a study</bibl></listBibl>'
        '<listWit><witness xml:id="A">the base</witness></listWit>'
        f"</sourceDesc></fileDesc></teiHeader><text><body><p>{body} mat</p></body></text></TEI>"
    )


@st.composite
def _witnesses(draw: st.DrawFn) -> list[Witness]:
    """Two to five witnesses of one text with words dropped or changed: the base plain, the
    others plain or TEI with marked words."""
    base = draw(st.lists(_word, min_size=1, max_size=12))
    out = [load_text("A", " ".join(base))]
    for i in range(1, draw(st.integers(2, 5))):
        words = [w if draw(st.integers(0, 3)) else draw(_word) for w in base]
        words = [w for w in words if draw(st.integers(0, 5))] or ["mat"]
        siglum = chr(ord("A") + i)
        if draw(st.booleans()):
            marks = draw(st.lists(st.integers(0, len(_MARKS) - 1), min_size=len(words)))
            out.append(_tei(siglum, words, marks[: len(words)]))
        else:
            out.append(load_text(siglum, " ".join(words)))
    return out


@settings(max_examples=150, deadline=None)
@given(_witnesses(), st.booleans())
def test_markdown_as_the_general_way(witnesses: list[Witness], positive: bool) -> None:
    app = apparatus(collate(witnesses))
    fast = app.to_markdown(positive=positive)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(markdown._Entries, "fast_paths", False)
        assert app.to_markdown(positive=positive) == fast


def test_a_hand_made_reading_with_lists_is_written_as_the_general_way_writes_it() -> None:
    # a reading built by hand may hold lists where the apparatus makes tuples: the kept sigla
    # must not need them hashable (a review found it raising TypeError)
    from dataclasses import replace

    from witnesscollate import render

    app = apparatus(collate([load_text("A", "a b c"), load_text("B", "a x c")]))
    u = app.units[0]
    r = u.variants[0]
    r2 = replace(r, witnesses=list(r.witnesses), unattested=list(r.unattested))
    u2 = replace(u, readings=tuple(r2 if x is r else x for x in u.readings))
    made = replace(app, units=tuple(u2 if x is u else x for x in app.units))
    assert "| app1 | ¶ 1 | b A | x B *(lexical)* | lexical |" in render(made, "markdown")
