"""Where units begin and end, on the corpus's English renderings (issue 11, point 4).

A rewording across a few shared words is one unit typed by its content (not an *om.* and an
*add.* either side of the shared words), a swap of words is a transposition, and one
witness's addition beside another witness's variant stays a unit of its own.  The loci are the
variant catalogue's (V046, V049, V057, V064, V090, V108, V118; tests/gold has them too).
"""

from __future__ import annotations

from functools import cache

import pytest

from witnesscollate import collate
from witnesscollate.analysis.profiles import get_profile
from witnesscollate.corpus import document
from witnesscollate.model import Apparatus, VariantType, VariationUnit

V = VariantType


@cache
def english(doc_id: str, base: str) -> Apparatus:
    return collate(document(doc_id).load_group("en")).apparatus(base=base)


def unit_with(app: Apparatus, siglum: str, words: str) -> VariationUnit:
    """The smallest unit in which ``siglum``'s reading contains ``words``."""
    found = [u for u in app.all_units if siglum in u.scope and words in u.reading_of(siglum).text]
    assert found, f"no unit where {siglum} reads {words!r}"
    return min(found, key=lambda u: u.columns[1] - u.columns[0])


def test_a_rewording_around_shared_words_is_one_lexical_unit() -> None:
    # V046: «be laid on Stalin and Dzerzhinsky» against «Stalin and Dzerzhinsky must be made
    # politically responsible»: FUR lacks three words before the names and adds its own after
    unit = unit_with(english("nationalities-1922-12-30", "IMT"), "FUR", "must be made")
    assert unit.lemma.text == "be laid on Stalin and Dzerzhinsky"
    fur, tro = unit.reading_of("FUR"), unit.reading_of("TRO30")
    assert fur.text.startswith("Stalin and Dzerzhinsky must be made politically responsible")
    assert tro.text.startswith("necessary to hold Stalin and Dzerzhinsky responsible")
    assert fur.type is V.LEXICAL
    assert tro.type is V.LEXICAL
    assert unit.parent is None  # not an omission unit with the rewording nested inside


def test_a_rewording_that_adds_before_and_lacks_after_is_one_unit() -> None:
    # V049a: FUR «to follow up on or investigate anew all the materials of» against «the
    # investigation of all»
    unit = unit_with(english("nationalities-1922-12-30", "IMT"), "FUR", "investigate anew")
    assert unit.lemma.text.startswith("the investigation of all")
    assert unit.reading_of("FUR").type is V.LEXICAL


def test_a_clause_moved_within_a_sentence_is_one_unit() -> None:
    # V057d: «I would feel at ease if you agreed …» against «If you would agree …, I could be
    # at rest.»: the rewording reaches across «you» and «to undertake its»
    unit = unit_with(english("letter-to-trotsky-1923-03-05", "CWF"), "TRO30", "I could be at rest")
    assert unit.lemma.text.startswith("I would feel at ease if you agreed")
    reading = unit.reading_of("TRO30")
    assert reading.text.startswith("If you would agree")
    assert reading.type is V.LEXICAL


def test_a_gloss_reworded_around_the_name_is_lexical() -> None:
    # V090c: «[E. Zinoviev]» against «[Zinoviev - GF]», inside CWN's omission of the passage
    app = english("krupskaya-to-kamenev-1922-12-23", "EN1")
    unit = unit_with(app, "EN2", "Zinoviev - GF")
    assert "E. Zinoviev" in unit.lemma.text
    assert unit.reading_of("EN2").type is V.LEXICAL
    assert unit.parent is not None
    assert "CWN" not in unit.scope


def test_swapped_words_are_a_transposition() -> None:
    # V108: «a large State with a small one» against Lewin's «a small State with a large one»
    unit = unit_with(english("instructions-1923-02-14", "CW42"), "LEW", "small State with a large")
    assert unit.lemma.text == "large State with a small"
    reading = unit.reading_of("LEW")
    assert reading.type is V.TRANSPOSITION
    assert V.LEXICAL not in reading.flags  # the same words: only the order differs


def test_a_phrase_moved_across_the_clause_is_a_transposition() -> None:
    # V118a: «I think that since Vladimir Ilyich insists,» against «Since Vladimir Ilich
    # insists, I think»; the tense (V118c) and Lewin's «even» (V118d) stay units of their own
    app = english("notes-kamenev-stalin-1922-09-28", "FUR")
    unit = unit_with(app, "LEW", "I think")
    assert unit.lemma.text.startswith("I think that since")
    assert unit.reading_of("LEW").type is V.TRANSPOSITION
    assert unit_with(app, "LEW", "would").reading_of("LEW").type is V.GRAMMATICAL
    assert unit_with(app, "LEW", "even").reading_of("LEW").type is V.ADDITION


def test_the_issue_s_rewording_is_one_unit_not_a_substitution_and_an_addition() -> None:
    # issue 11, point 4 (V057e): «return the whole case to me» against Trotsky's «send me
    # back all the papers» was «send» (lex.) and «add. back all the papers» around «me»
    app = english("letter-to-trotsky-1923-03-05", "CWF")
    unit = unit_with(app, "TRO30", "send me back all the papers")
    assert unit.reading_of("CWF").text == "return the whole case to me"
    assert unit.reading_of("TRO30").type is V.LEXICAL
    assert not any(
        u.reading_of("TRO30").type in (V.ADDITION, V.OMISSION)
        for u in app.all_units
        if "TRO30" in u.scope and "papers" in u.reading_of("TRO30").text
    )


def test_a_pronoun_for_a_name_is_one_unit() -> None:
    # V048a: FUR's «That he» for «The Georgian [Stalin]», not «The] That he» and «om. Georgian
    # [Stalin]» (one word more on one side, two fewer on the other)
    app = english("nationalities-1922-12-30", "IMT")
    unit = unit_with(app, "FUR", "That he")
    assert unit.reading_of("IMT").text == "The Georgian [Stalin]"
    assert unit.reading_of("FUR").type is V.LEXICAL


def test_a_closing_formula_one_edition_begins_a_word_early_is_one_unit() -> None:
    # V069a: Trotsky's «With esteem» against «Respectfully yours»: his «With» has a column
    # of its own before the base's closer, and belongs to the closer, not to the paragraph
    app = english("letter-to-mdivani-1923-03-06", "CWF")
    unit = unit_with(app, "TRO30", "With esteem")
    assert unit.reading_of("CWF").text == "Respectfully yours"
    assert unit.reading_of("TRO30").type is V.LEXICAL


def test_an_item_number_stands_in_its_item() -> None:
    # «Для памяти»: the archival sheet numbers its items «1.», «2.» … where the PSS does not;
    # each number stands at the start of its item, not at the end of the block before
    app = collate(document("for-memory-1922-12-27").load_group("ru")).apparatus(base="PSS")
    numbered = [
        (b, k)
        for b in app.blocks
        for k, seg in enumerate(b.segments)
        if isinstance(seg, VariationUnit) and seg.reading_of("ARCH").text.rstrip() in ("1.", "2.")
    ]
    assert len(numbered) == 2
    for block, k in numbered:
        assert block.kind == "item"
        assert k == 0


def test_a_name_moved_across_a_shared_word_is_one_rewording() -> None:
    # V067b: «indignant over Orjonikidze's rudeness» / «outraged at the rudeness of
    # Ordjonikidze»: the name moves across «rudeness» (spelled otherwise): one unit
    app = english("letter-to-mdivani-1923-03-06", "CWF")
    unit = unit_with(app, "TRO30", "of Ordjonikidze")
    assert unit.reading_of("TRO30").text == "outraged at the rudeness of Ordjonikidze"
    assert unit.reading_of("CWF").text == "indignant over Orjonikidze’s rudeness"
    assert unit.reading_of("TRO30").type is V.LEXICAL


def test_a_heading_of_another_form_is_one_unit() -> None:
    # V073b: RUF's editorial heading «В. И. ЛЕНИН — И. В. СТАЛИНУ 5 марта 1923 г.» against
    # «ТОВАРИЩУ СТАЛИНУ»: one reading, not «ТОВАРИЩУ] В. И. ЛЕНИН — И. В.» + «add. 5 марта»
    app = collate(document("letter-to-stalin-1923-03-05").load_group("ru")).apparatus(base="PSS")
    unit = unit_with(app, "RUF", "5 марта 1923 г.")
    assert unit.reading_of("RUF").text.startswith("В. И. ЛЕНИН — И. В. СТАЛИНУ")
    assert unit.reading_of("PSS").text == "ТОВАРИЩУ СТАЛИНУ"
    assert unit.reading_of("RUF").type is V.LEXICAL


def test_one_witness_addition_beside_another_witness_variant_is_its_own_unit() -> None:
    # V064a: IMT's «Top secret» before «Comrades», which TRO30 writes «To comrades»
    app = english("letter-to-mdivani-1923-03-06", "CWF")
    top = unit_with(app, "IMT", "Top secret")
    assert top.reading_of("IMT").text == "Top secret"
    assert top.reading_of("IMT").type is V.ADDITION
    assert top.reading_of("TRO30").lemma
    case = unit_with(app, "TRO30", "To comrades")
    assert case is not top
    assert case.reading_of("IMT").lemma
    assert case.reading_of("TRO30").type is V.LEXICAL


def test_units_nested_where_the_base_is_absent_are_located_in_the_base() -> None:
    # The archival copy (ARCH, the base) has no heading; PSS's «ТОВАРИЩУ СТАЛИНУ» and RUF's
    # «В. И. ЛЕНИН — И. В. СТАЛИНУ 5 марта 1923 г.» differ inside the unit of its absence:
    # those units stand at the base's heading, named by the block the others' words stand
    # in, not nowhere
    app = collate(document("letter-to-stalin-1923-03-05").load_group("ru")).apparatus(base="ARCH")
    nested = [u for u in app.all_units if u.parent is not None and "ARCH" not in u.scope]
    assert nested
    for u in nested:
        assert u.lemma_witness != "ARCH"
        assert u.location.label == "heading", (u.id, u.location)
        assert u.location.label == app.unit(u.parent).location.label


@pytest.mark.parametrize(
    ("lemma", "reading", "expected"),
    [
        ("a large State with a small", "a small State with a large", V.TRANSPOSITION),
        ("a small State with a large", "a large State with a small", V.TRANSPOSITION),
        ("I think that since he insists,", "Since he insists, I think", V.TRANSPOSITION),
        ("Since he insists, I think", "I think that since he insists,", V.TRANSPOSITION),
        ("quick red", "brown quick", V.LEXICAL),  # one word moved among others: a rewording
        ("of the case in the Party", "in the Party of the case", V.TRANSPOSITION),
        ("the whole case to me", "me back all the papers", V.LEXICAL),
    ],
)
def test_moved_words_are_a_transposition_whichever_side_is_the_lemma(
    lemma: str, reading: str, expected: V
) -> None:
    kind, flags = get_profile("en").classify(lemma, reading)
    assert kind is expected
    assert (V.TRANSPOSITION in flags) is (expected is V.TRANSPOSITION)


def test_readings_group_by_the_language_profile_spelling() -> None:
    # pre-1918 spelling is orthography in the Russian profile: «всѣхъ» and «всех» are one
    # orthographic family (TEI rdgGrp), «всем» is another word form
    from witnesscollate import load_text

    wits = [
        load_text("A", "для всех нас", language="ru"),
        load_text("B", "для всѣхъ нас", language="ru"),
        load_text("C", "для всем нас", language="ru"),
    ]
    (unit,) = collate(wits).apparatus(base="A").units
    groups = {r.text: r.group for r in unit.readings}
    assert groups["всѣхъ"] == groups["всех"] != groups["всем"]
    assert unit.reading_of("B").type is V.ORTHOGRAPHY
