"""The corpus's documented variants appear in the apparatus with their classes.

Sakharov's loci (design.md, "Who uses it"; the variant catalog V001, V011, V013-V015, V023),
collated from the bundled TEI witnesses on the manifest's base, then looked up by reading.
"""

from __future__ import annotations

from functools import cache

import pytest

from witnesscollate import collate
from witnesscollate.analysis import canonical_text
from witnesscollate.corpus import document
from witnesscollate.model import Apparatus, Reading, VariantType
from witnesscollate.reading.parallel_segmentation import read_parallel_segmentation

V = VariantType


@cache
def corpus_apparatus(doc_id: str, base: str | None = None) -> Apparatus:
    doc = document(doc_id)
    group = doc.group()
    return collate(doc.load_group(group.name)).apparatus(base=base or group.base)


def find(app: Apparatus, lemma: str, reading: str) -> Reading:
    """The reading ``reading`` in a unit whose lemma contains ``lemma``."""
    for unit in app.units:
        if lemma in unit.lemma.text:
            for r in unit.variants:
                if reading in r.text or (not reading and not r.text):
                    return r
    found = [(u.lemma.text, [r.text for r in u.variants]) for u in app.units]
    raise AssertionError(f"no unit with lemma {lemma!r} and reading {reading!r}: {found}")


LETTER = "letter-to-congress-1922-12-23"
CHARACTERISTICS = "characteristics-1922-12-24"
WPI = "wpi-article-1923-01-23"


@pytest.mark.parametrize(
    ("doc_id", "lemma", "reading", "witness", "expected"),
    [
        (LETTER, "вами", "Вами", "K56", V.CAPITALISATION),  # V011: one addressee or many
        (LETTER, "судеб", "судей", "H", V.LEXICAL),  # V013: one letter, another word
        (LETTER, "наша партия", "нашей партии", "H", V.GRAMMATICAL),  # V014: case
        (LETTER, "такой", "этой", "H", V.LEXICAL),  # V015: another demonstrative
        (CHARACTERISTICS, "им", "ему", "K56", V.GRAMMATICAL),  # V023: number
    ],
)
def test_documented_variants(
    doc_id: str, lemma: str, reading: str, witness: str, expected: V
) -> None:
    r = find(corpus_apparatus(doc_id), lemma, reading)
    assert r.type is expected
    assert witness in r.witnesses


def test_pss_is_the_lemma_of_the_letter() -> None:
    app = corpus_apparatus(LETTER)
    assert app.base == "PSS"
    unit = next(u for u in app.units if u.lemma.text == "вами")
    assert "PSS" in unit.lemma.witnesses
    assert unit.reading_of("CW").text == "Вами"


def test_unattested_context_is_said_to_be_so() -> None:
    app = corpus_apparatus(LETTER)
    unit = next(u for u in app.units if u.lemma.text == "судеб")
    r = unit.reading_of("K56")
    assert r.text == "судеб"  # K56's context is the PSS's, supplied
    assert not r.is_attested("K56")
    assert r.is_attested("PSS")
    assert r.is_attested("T")
    assert "K56" in r.unattested


def test_locations_point_into_the_pss() -> None:
    app = corpus_apparatus(LETTER)
    unit = next(u for u in app.units if u.lemma.text == "судеб")
    base = app.base_witness
    assert base.tokens[unit.location.start].text == "судеб"
    assert unit.location.page == "343"
    assert unit.location.paragraph is not None


@pytest.mark.parametrize("doc_id", [LETTER, CHARACTERISTICS, WPI])
def test_segments_rebuild_the_corpus_witnesses(doc_id: str) -> None:
    app = corpus_apparatus(doc_id)
    exact = collate(app.witnesses).apparatus(base=app.base, spacing=True)
    for w in app.witnesses:
        # exactly with spacing=True; by default spacing between the same tokens does not count
        assert exact.text_of(w.siglum) == canonical_text(w)
        assert app.text_of(w.siglum).replace(" ", "") == canonical_text(w).replace(" ", "")


@cache
def group_apparatus(doc_id: str, group: str, base: str) -> Apparatus:
    return collate(document(doc_id).load_group(group)).apparatus(base=base)


def test_an_initialism_against_the_letters_without_stops_is_punctuation() -> None:
    """V057a: «in the Party C.C. This case» (CW) against «in the Party CC. This case» (the
    reprint): the reprint's «CC» stands against «C.C.», its full stop is the sentence's."""
    app = group_apparatus("letter-to-trotsky-1923-03-05", "en", "CWF")
    unit = next(u for u in app.units if "C.C." in u.lemma.text)
    imt = unit.reading_of("IMT")
    assert imt.text.startswith("CC.")
    assert imt.type is V.PUNCTUATION
    # no unit of a stray letter or stop of the initialism («C» against «CC», «C.» added)
    texts = {r.text for u in app.units for r in u.readings}
    assert not texts & {"C", "C.", "CC", "C. This case"}


def test_spaced_initials_against_one_token_are_no_unit() -> None:
    """V021c: «Taken down by M. V.» (CW) against «Taken down by M.V. [Maria Volodicheva]»
    (the reprint): the editor's gloss is an addition, the initials no variant."""
    app = group_apparatus("letter-to-congress-1922-12-23", "en", "CWF")
    (unit,) = [u for u in app.units if "Maria" in u.reading_of("IMT").text]
    assert unit.lemma.text == ""
    assert unit.reading_of("IMT").text == "[Maria Volodicheva]"
    assert unit.reading_of("IMT").type is V.ADDITION


def test_paragraph_labels_count_the_text_paragraphs_only() -> None:
    """Issue 11, point 3: the WPI article's variant in B1's 18th text paragraph (of 19) was
    labelled "¶ 20", counting the heading and the opener's blocks as paragraphs."""
    app = collate(document(WPI).load_group("ru")).apparatus()
    base = app.witness(app.base)
    assert len({t.paragraph for t in base.tokens if t.block == "p"}) == 19
    assert len({t.paragraph for t in base.tokens}) > 19  # heading, opener... are blocks too
    loc = app.units[0].location
    assert loc.block_kind == "p"
    assert loc.paragraph == 18
    assert loc.label.startswith("¶ 18")


@pytest.mark.parametrize(
    ("doc_id", "group", "base", "text"),
    [
        # the PSS's comma where the other witnesses have none and a space: «авторитет, ни»
        (WPI, "ru", "PSS", "чтобы ничей авторитет, ни генсека"),
        (
            "letter-to-stalin-1923-03-05",
            "ru",
            "PSS",
            "Уважаемый т. Сталин! Вы",  # (ARCH has no «!»)
        ),
        ("letter-to-trotsky-1922-12-21", "en", "CWF", "should continue the offensive, and"),
        ("letter-to-congress-1922-12-23", "en", "CWF", "As for the first point, i.e., increasing"),
        ("letter-to-congress-1922-12-23", "en", "CWF", "Taken down by M. V."),  # (IMT: «M.V.»)
    ],
)
def test_the_base_text_keeps_its_own_spacing(doc_id: str, group: str, base: str, text: str) -> None:
    """The new-user review of 2026-12-07: the base text printed «ничей авторитет , ни
    генсека» in every output where another witness lacks the comma (and has the space);
    spacing that does not count is the base's own in its text."""
    app = group_apparatus(doc_id, group, base)
    assert text in canonical_text(app.base_witness)
    assert text in app.text_of(base)
    assert text in read_parallel_segmentation(app.to_tei())[base]
    # and the witness without the mark keeps its words apart (a space after its empty reading)
    for w in app.witnesses:
        assert app.text_of(w.siglum).replace(" ", "") == canonical_text(w).replace(" ", "")
