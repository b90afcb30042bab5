"""Building the apparatus from hand-made collations: units, lemma, readings, locations."""

from __future__ import annotations

import json
import re
from dataclasses import replace

import jsonschema
import pytest

from conftest import hand_collation
from witnesscollate import Cell, Collation, Column, InputError, WitnessError, collate, load_text
from witnesscollate.analysis import build_apparatus, canonical_text
from witnesscollate.model import Apparatus, Stretch, VariantType, VariationUnit
from witnesscollate.reading.parallel_segmentation import read_parallel_segmentation
from witnesscollate.rendering.json_ import json_schema

V = VariantType

ROWS = (
    "для всех |«судей»| партии |Вы| ставим |ему| в вину |членов ЦК |нашей партии|.",
    "для всех |судеб| партии |вы| ставим |им| в вину |членов ЦК |наша партия|.",
    "для всех |судеб| партии |вы| ставим |ему| в вину |членов ЦК |наша партия|.",
)


@pytest.fixture(scope="module")
def app() -> Apparatus:
    return hand_collation(*ROWS, language="ru").apparatus()


def _texts(unit: VariationUnit) -> list[tuple[str, tuple[str, ...], str]]:
    return [(r.text, r.witnesses, r.type.value) for r in unit.readings]


def test_units_readings_and_classes(app: Apparatus) -> None:
    assert [u.id for u in app.units] == ["app1", "app2", "app3", "app4"]
    assert _texts(app.units[0]) == [
        ("«судей»", ("A",), "identical"),
        ("судеб", ("B", "C"), "lexical"),
    ]
    assert _texts(app.units[1]) == [
        ("Вы", ("A",), "identical"),
        ("вы", ("B", "C"), "capitalisation"),
    ]
    assert _texts(app.units[2]) == [("ему", ("A", "C"), "identical"), ("им", ("B",), "grammatical")]
    assert _texts(app.units[3])[1] == ("наша партия", ("B", "C"), "grammatical")
    assert [u.type for u in app.units] == [
        V.LEXICAL,
        V.CAPITALISATION,
        V.GRAMMATICAL,
        V.GRAMMATICAL,
    ]


def test_lemma_comes_from_the_base(app: Apparatus) -> None:
    c = hand_collation(*ROWS, language="ru")
    other = c.apparatus(base="B")
    assert other.base == "B"
    first = other.units[0]
    assert first.lemma.text == "судеб"
    assert first.lemma.witnesses == ("B", "C")
    assert first.variants[0].text == "«судей»"
    assert all(u.lemma.lemma for u in other.units)
    assert not any(r.lemma for u in other.units for r in u.variants)


def test_unknown_base_names_the_sigla() -> None:
    c = hand_collation(*ROWS)
    with pytest.raises(WitnessError, match="use one of: A, B, C"):
        c.apparatus(base="Z")


@pytest.mark.parametrize(("option", "value"), [("segmentation", "clause"), ("morphology", "x")])
def test_bad_options_are_input_errors(option: str, value: str) -> None:
    with pytest.raises(InputError, match="use one of"):
        build_apparatus(hand_collation(*ROWS), **{option: value})


def test_readings_grouped_by_exact_text_not_norm() -> None:
    # «Вы» and «вы» share a norm; they are still two readings.
    app = hand_collation("Вы |Вы", "Вы |вы", "Вы |ВЫ").apparatus()
    (unit,) = app.units
    assert [r.text for r in unit.readings] == ["Вы", "вы", "ВЫ"]


def test_witness_order_is_the_collations() -> None:
    app = hand_collation("a |x| b", "a |y| b", "a |x| b", "a |y| b").apparatus(base="D")
    (unit,) = app.units
    assert unit.readings[0].witnesses == ("B", "D")
    assert unit.readings[1].witnesses == ("A", "C")


def test_phrase_merges_adjacent_columns_word_does_not() -> None:
    rows = ("членов ЦК |нашей |партии|.", "членов ЦК |наша |партия|.")
    phrase = hand_collation(*rows, language="ru").apparatus()
    word = hand_collation(*rows, language="ru").apparatus(segmentation="word")
    assert [u.lemma.text for u in phrase.units] == ["нашей партии"]
    assert [u.lemma.text for u in word.units] == ["нашей", "партии"]
    assert phrase.segmentation == "phrase"
    assert word.segmentation == "word"


def test_addition_omission_and_their_locations() -> None:
    app = hand_collation("авторитет, || не мешал", "авторитет, |ни генсека, | не мешал").apparatus()
    (unit,) = app.units
    assert unit.lemma.text == ""
    assert unit.variants[0].type is V.ADDITION
    loc = unit.location
    # The base has no text here: the unit stands before base token 2, after «,».
    assert (loc.start, loc.end) == (2, 2)
    back = hand_collation(
        "авторитет, |ни генсека, | не мешал", "авторитет, || не мешал"
    ).apparatus()
    assert back.units[0].variants[0].type is V.OMISSION
    assert back.units[0].variants[0].text == ""


def test_lacuna_is_not_an_omission() -> None:
    app = hand_collation("a |b c| d", "a |?| d", "a || d").apparatus()
    (unit,) = app.units
    kinds = {r.witnesses: (r.type, r.lacuna) for r in unit.variants}
    assert kinds[("B",)] == (V.LACUNA, True)
    assert kinds[("C",)] == (V.OMISSION, False)
    assert unit.type is V.OMISSION  # lacuna counts only when nothing else differs


def test_lacuna_against_no_text_is_no_unit() -> None:
    app = hand_collation("a || b", "a |?| b").apparatus()
    assert app.units == ()


def test_unattested_reading_is_marked() -> None:
    c = hand_collation(
        "для всех |судеб| партии", "для всех |судей| партии", "для всех |судеб| партии"
    )
    w = c.witnesses[2]
    supplied = tuple(replace(t, supplied=True, reason="unattested") for t in w.tokens)
    w2 = replace(w, tokens=supplied)
    cols = tuple(
        Column(
            cells=(
                col.cells[0],
                col.cells[1],
                Cell(tokens=tuple(supplied[t.index] for t in col.cells[2].tokens)),
            ),
        )
        for col in c.columns
    )
    c2 = Collation(witnesses=(c.witnesses[0], c.witnesses[1], w2), columns=cols)
    (unit,) = c2.apparatus().units
    by = {r.text: r for r in unit.readings}
    # one reading per text; C's «судеб» is supplied, A's is attested
    assert by["судеб"].witnesses == ("A", "C")
    assert by["судеб"].unattested == ("C",)
    assert not by["судеб"].is_attested("C")
    assert by["судеб"].is_attested("A")
    assert by["судей"].type is V.LEXICAL
    assert by["судей"].attested
    assert unit.type is V.LEXICAL


def test_a_reading_only_unattested_witnesses_have_is_unattested() -> None:
    c = hand_collation("a |b| c", "a |x| c")
    w = c.witnesses[1]
    supplied = tuple(replace(t, supplied=True, reason="unattested") for t in w.tokens)
    cols = tuple(
        Column(
            cells=(col.cells[0], Cell(tokens=tuple(supplied[t.index] for t in col.cells[1].tokens)))
        )
        for col in c.columns
    )
    c2 = Collation(witnesses=(c.witnesses[0], replace(w, tokens=supplied)), columns=cols)
    (unit,) = c2.apparatus().units
    r = unit.variants[0]
    assert r.type is V.UNATTESTED
    assert V.LEXICAL in r.flags
    assert not r.substantive


def test_transposition() -> None:
    c = hand_collation(
        "a |b c| d e || f",
        "a || d e |b c| f",
        transpositions={0: (1, 3)},
        blocks={0: (("A", 1, 3), ("B", 3, 5))},
    )
    app = c.apparatus()
    assert [u.transposition for u in app.units] == [0, 0]
    assert [u.type for u in app.units] == [V.TRANSPOSITION, V.TRANSPOSITION]
    assert V.OMISSION in app.units[0].variants[0].flags
    assert V.ADDITION in app.units[1].variants[0].flags


def test_a_rewording_is_not_an_omission() -> None:
    # issue 11: add./om. only where one side is empty; a reading with words is a substitution
    rows = ("членов ЦК |нашей |славной |партии|.", "членов ЦК |наша || партия|.")
    (unit,) = hand_collation(*rows, language="ru").apparatus().units
    r = unit.variants[0]
    assert r.text == "наша партия"
    assert r.type not in (V.OMISSION, V.ADDITION)
    assert r.substantive


def test_blocks_rebuild_every_witness(app: Apparatus) -> None:
    kinds = [type(s) for b in app.blocks for s in b.segments]
    assert Stretch in kinds
    assert VariationUnit in kinds
    for w in app.witnesses:
        assert app.text_of(w.siglum) == canonical_text(w)
    assert app.base_text == canonical_text(app.base_witness)


def test_spacing_between_the_same_tokens_is_no_variant_unless_asked() -> None:
    app = hand_collation("a\n\n|b|  c", "a |b| c").apparatus()
    assert app.units == ()
    assert hand_collation("a |M. V.| c", "a |M.V.| c").apparatus().units == ()
    assert hand_collation("a |word ,| c", "a |word,| c").apparatus().units == ()
    spaced = hand_collation("a |50-100| c", "a |50 - 100| c").apparatus(spacing=True)
    (unit,) = spaced.units
    assert unit.variants[0].type is V.ORTHOGRAPHY


@pytest.mark.parametrize("initialism", ["a |M.V.|||| c", "a ||||M.V.| c", "a ||M.V.||| c"])
def test_spaced_initials_against_one_token_are_no_unit_unless_spacing_counts(
    initialism: str,
) -> None:
    # «M. V.» is four tokens, «M.V.» one: their texts are the same once the spaces are out
    spaced = "a |M|. |V|.| c"
    assert hand_collation(spaced, initialism).apparatus().units == ()
    (unit,) = hand_collation(spaced, initialism).apparatus(spacing=True).units
    assert unit.variants[0].type is V.ORTHOGRAPHY


def test_spaced_initials_are_no_unit_inside_an_absent_witness_unit() -> None:
    # C lacks «p q M. V. r» (A and B agree on «p q»): its own unit, and inside it A's «M. V.»
    # against B's «M.V.» is no nested unit
    app = hand_collation(
        "w |p q |M|. |V|.| r| z", "w |p q |M.V.|||| r| z", "w |||||||z"
    ).apparatus()
    (unit,) = app.all_units
    assert unit.reading_of("C").text == ""
    assert unit.reading_of("A").witnesses == ("A", "B")


@pytest.mark.parametrize(
    ("one", "two"),
    [("a |так |же| c", "a |также|| c"), ("a |the |the| c", "a |thethe|| c")],
)
def test_another_division_into_words_is_still_a_unit(one: str, two: str) -> None:
    (unit,) = hand_collation(one, two).apparatus().units
    assert unit.variants[0].type is V.ORTHOGRAPHY


def test_spaced_initials_beside_a_variant_leave_the_variant_its_own_unit() -> None:
    (unit,) = hand_collation("a |M|. |V|. |x| c", "a |M.V. ||||y| c").apparatus().units
    assert [r.text for r in unit.readings] == ["x", "y"]


def test_readings_that_differ_only_in_spacing_are_one_reading() -> None:
    (unit,) = hand_collation("a |M. V. x| c", "a |M.V. y| c", "a |M. V. y| c").apparatus().units
    assert [r.witnesses for r in unit.readings] == [("A",), ("B", "C")]


def test_locations_from_tokens() -> None:
    c = hand_collation("a b |c| d", "a b |x| d")
    w = c.witnesses[0]
    toks = tuple(
        replace(t, page="343", line=str(10 + t.index), paragraph=5, xml_id=f"w{t.index}")
        for t in w.tokens
    )
    w2 = replace(w, tokens=toks)
    cols = tuple(
        Column(cells=(Cell(tokens=tuple(toks[t.index] for t in col.cells[0].tokens)), col.cells[1]))
        for col in c.columns
    )
    app = Collation(witnesses=(w2, c.witnesses[1]), columns=cols).apparatus()
    loc = app.units[0].location
    # the block's index is the TEI's; the label counts text paragraphs (this is the first)
    assert (loc.block, loc.paragraph, loc.page, loc.line) == (5, 1, "343", "12")
    assert (loc.start, loc.end, loc.columns) == (2, 3, (1, 2))
    assert loc.xml_ids == ("w2",)
    assert loc.char_start == w2.text.index("c")
    assert loc.char_end == loc.char_start + 1
    assert loc.label == "¶ 1, p. 343, l. 12"


def test_metadata_recorded(app: Apparatus) -> None:
    assert app.profile.startswith("ru")
    assert "lowercase" in app.normalizers
    assert app.engine == "native"
    assert app.version
    assert app.sigla == ("A", "B", "C")
    assert "units=4" in repr(app)


def test_heuristic_morphology_is_recorded() -> None:
    app = hand_collation(*ROWS, language="ru").apparatus(morphology="heuristic")
    assert "heuristic" in app.profile
    assert "pymorphy3" not in app.profile
    assert [u.type for u in app.units] == [
        V.LEXICAL,
        V.CAPITALISATION,
        V.GRAMMATICAL,
        V.GRAMMATICAL,
    ]


def test_reading_of_and_errors(app: Apparatus) -> None:
    unit = app.units[0]
    assert unit.reading_of("C").text == "судеб"
    with pytest.raises(WitnessError):
        unit.reading_of("Z")
    assert app.unit("app2") is app.units[1]
    with pytest.raises(InputError):
        app.unit("app99")


def test_addition_at_the_start_is_anchored_on_the_first_base_token() -> None:
    app = hand_collation("|| a b", "|x | a b").apparatus()
    (unit,) = app.units
    assert (unit.location.start, unit.location.end) == (0, 0)
    assert unit.variants[0].type is V.ADDITION
    assert app.text_of("B") == "x a b"


def test_base_lacuna_makes_the_relation_unknown() -> None:
    app = hand_collation("a |?| c", "a |b| c").apparatus()
    (unit,) = app.units
    assert unit.lemma.lacuna
    assert unit.variants[0].type is V.LACUNA


def test_reading_spans_point_into_each_witness() -> None:
    app = hand_collation("a b |c| d", "a b |x y| d", "a b |x y| d").apparatus()
    r = app.units[0].variants[0]
    assert r.spans == (("B", 2, 4), ("C", 2, 4))
    assert app.units[0].lemma.spans == (("A", 2, 3),)


def test_witnesses_without_text() -> None:
    app = hand_collation("", "").apparatus()
    assert app.units == ()
    assert app.text_of("A") == ""


def test_apparatus_pickles() -> None:
    import pickle

    app = hand_collation(*ROWS, language="ru").apparatus()
    again = pickle.loads(pickle.dumps(app))
    assert again.units == app.units
    assert again.blocks == app.blocks
    assert again.text_of("B") == app.text_of("B")


@pytest.mark.parametrize(
    ("base", "other", "base_read", "other_read", "space_after"),
    [
        # the other witness lacks the comma and has a space: it goes after its empty reading
        ("He came, and she left.", "He came and she left.", None, None, " "),
        # its reading begins with a mark that follows a word unspaced: no space needed
        ("He came, and she left.", "He came ; and she left.", None, "He came; and she left.", " "),
        # its reading begins with an opening bracket: the space goes before its reading
        # (``lead``), and the base text stays its own («know ?» before)
        ("Did he know? Why", "Did he know (of it)? Why", None, None, ""),
        # the other witness splits the words before otherwise («M.V.» for «M. V.»): its space
        # after its last token before the unit still counts («M. V.and» before)
        (
            "Taken down by M. V., and so on",
            "Taken down by M.V. and so on",
            None,
            "Taken down by M. V. and so on",
            " ",
        ),
        # and the mirror: its last token stands after the lemma witness's («M. V.» for
        # «M.V.»; «M.V.dog» before)
        ("sat M.V.(big) dog", "sat M. V. dog", None, "sat M.V. dog", " "),
    ],
)
def test_a_space_before_a_unit_goes_where_the_witnesses_need_it(
    base: str, other: str, base_read: str | None, other_read: str | None, space_after: str
) -> None:
    """Spacing that does not count: the base text is the base's own but where a witness
    would else run its reading into the word before it (docs/apparatus.md, *Whitespace*)."""
    app = collate([load_text("A", base), load_text("B", other)]).apparatus(base="A")
    assert app.text_of("A") == (base_read or base)
    assert app.text_of("B") == (other_read or other)
    (unit,) = app.units
    assert unit.reading_of("B").ws == space_after
    back = read_parallel_segmentation(app.to_tei())
    assert back == {"A": base_read or base, "B": other_read or other}


def test_a_spacing_that_starts_outside_a_unit_does_not_hide_a_difference_inside_it() -> None:
    """«the- the.,» / «the» / «the-the.,»: C's «the-the» stands in the first column, with A's
    «the»; the next unit (B lacks the rest) has A's «- the.,» against C's «.,». Its nested
    units were planned with the spacing found from the first column on («the- the» against
    «the-the»), so C shared A's reading there and read «the-the- the.,» (found by the
    property test with words unspaced before punctuation)."""
    ws = [load_text("A", "the- the.,"), load_text("B", "the"), load_text("C", "the-the.,")]
    app = collate(ws).apparatus(base="A")
    assert {w.siglum: app.text_of(w.siglum) for w in ws} == {w.siglum: w.text for w in ws}
    back = read_parallel_segmentation(app.to_tei())
    assert back == {w.siglum: canonical_text(w) for w in ws}


@pytest.mark.parametrize(
    "texts",
    [
        # B reads the empty lemma, then the next unit gives it «yes»: its space stays
        ["so—yes and it we [then", "so yes and it we [then", "so. —and it we [then"],
        # D reads the lemma's content, whose nested unit gives it «indeed» first
        [
            "He came, and she left at once.",
            "He came and she left at once.",
            "He came indeed, and she left at once.",
        ],
        # B reads the content of C's omission, which begins with A's comma, absent in B
        [
            "Он пришёл, и она ушла. Потом пошёл дождь.",
            "Он пришёл и она ушла. Потом пошёл дождь.",
            "Он пришёл. Потом пошёл дождь.",
        ],
        # a spacing-only stretch («the -Secretary» / «the-Secretary») beside an absence of C:
        # the absence ended inside it, and C lost its «the-»
        [
            "the the the -Secretary-General the the..",
            "the the the-Secretary-General the the ..",
            "the the-Secretary-General the the ..",
        ],
    ],
)
def test_no_witness_loses_text_or_runs_words_together_beside_nested_units(
    texts: list[str],
) -> None:
    """The review of the base text's own spacing (2026-12-07): a witness that reads the
    lemma does not always read on as the lemma witness does; and the planner lost text."""
    ws = [load_text(chr(ord("A") + i), t) for i, t in enumerate(texts)]
    app = collate(ws).apparatus(base="A")
    back = read_parallel_segmentation(app.to_tei())
    for w in ws:
        for got in (app.text_of(w.siglum), back[w.siglum]):
            assert got.replace(" ", "") == w.text.replace(" ", "")
            words = [x for x in re.split(r"\W+", got) if x]
            assert words == [x for x in re.split(r"\W+", w.text) if x], (w.siglum, got)


def test_the_space_goes_after_an_empty_reading_in_a_nested_unit() -> None:
    """A lacks nothing, B only the comma, C the whole clause: B reads the content of C's
    omission, whose nested unit holds A's comma, and its space goes after its empty reading
    there, so that the base text is A's own («пришёл, и», not «пришёл , и»)."""
    texts = [
        "Он пришёл, и она ушла. Потом пошёл дождь.",
        "Он пришёл и она ушла. Потом пошёл дождь.",
        "Он пришёл. Потом пошёл дождь.",
    ]
    ws = [load_text(chr(ord("A") + i), t) for i, t in enumerate(texts)]
    app = collate(ws).apparatus(base="A")
    assert {w.siglum: app.text_of(w.siglum) for w in ws} == {w.siglum: w.text for w in ws}
    (outer,) = [u for u in app.units if u.parent is None]
    (inner,) = outer.children
    assert (inner.reading_of("B").text, inner.reading_of("B").ws) == ("", " ")
    assert read_parallel_segmentation(app.to_tei()) == {w.siglum: w.text for w in ws}


@pytest.mark.parametrize(
    ("texts", "leads"),
    [
        # an addition after a word the base ends unspaced before its «?»
        (["Did Stalin know? Why", "Did Stalin know (of the incident)? Why"], {"B": ("app1",)}),
        # a witness's own words first in a nested unit of the lemma's content
        (
            [
                "He came, and she left at once.",
                "He came and she left at once.",
                "He came indeed, and she left at once.",
            ],
            {"C": ("app2",)},
        ),
        (
            [
                "He came, and she left. Then it rained.",
                "He came (late) and she left. Then it rained.",
                "He came. Then it rained.",
            ],
            {"B": ("app2",)},
        ),
    ],
)
def test_a_space_before_a_reading_that_the_base_lacks_is_the_readings_own(
    texts: list[str], leads: dict[str, tuple[str, ...]]
) -> None:
    """The base text is its own («know?», «came, and») and each witness has its space
    before its own words: ``Reading.lead``, written in TEI as ``<rdg> (of the incident)``
    and in JSON as ``"lead": " "``."""
    ws = [load_text(chr(ord("A") + i), t) for i, t in enumerate(texts)]
    app = collate(ws).apparatus(base="A")
    assert {w.siglum: app.text_of(w.siglum) for w in ws} == {w.siglum: w.text for w in ws}
    got = {
        w.siglum: tuple(
            u.id for u in app.units if w.siglum in u.scope and u.reading_of(w.siglum).lead
        )
        for w in ws
    }
    assert {s: ids for s, ids in got.items() if ids} == leads
    assert read_parallel_segmentation(app.to_tei()) == {w.siglum: w.text for w in ws}
    doc = json.loads(app.to_json())
    jsonschema.validate(doc, json_schema())
    found = [(r["witnesses"], r["lead"]) for r in _json_readings(doc) if "lead" in r]
    assert sorted(s for wits, lead in found for s in wits) == sorted(leads)
    assert all(lead == " " for _, lead in found)


def _json_readings(node: object) -> list[dict[str, object]]:
    """Every reading object in a JSON apparatus document."""
    out: list[dict[str, object]] = []
    if isinstance(node, dict):
        if "readings" in node and isinstance(node["readings"], list):
            out.extend(r for r in node["readings"] if isinstance(r, dict))
        for v in node.values():
            out.extend(_json_readings(v))
    elif isinstance(node, list):
        for v in node:
            out.extend(_json_readings(v))
    return out


@pytest.mark.parametrize(
    "texts",
    [
        # a comma added unspaced where the base has a space: «Makharadze , and» before
        ["Mdivani, Makharadze and others", "Mdivani, Makharadze, and others"],
        # and a third witness that adds a word, with its space before it
        [
            "Mdivani, Makharadze and others",
            "Mdivani, Makharadze, and others",
            "Mdivani, Makharadze (sic) and others",
        ],
        ["with all my heart I am", "with all my heart. I am"],
        # two witnesses that add it alike: the unit's content spells their reading (TRO30
        # and IMT read «Makharadze , and», ARCH and RUF «секретно . Лично .»)
        [
            "Mdivani, Makharadze and others",
            "Mdivani, Makharadze, and others",
            "Mdivani, Makharadze, and others",
        ],
        ["with all my heart I am", "with all my heart. I am", "with all my heart. I am"],
    ],
)
def test_a_mark_added_unspaced_where_the_base_has_a_space_keeps_to_its_word(
    texts: list[str],
) -> None:
    """The base's space before an addition goes after its empty lemma when a witness adds a
    mark that follows the word unspaced (a review of the corpus's rebuilt texts: TRO30
    «Makharadze , and», ARCH «секретно . Лично»); the base text and the printed text view
    keep the space."""
    ws = [load_text(chr(ord("A") + i), t) for i, t in enumerate(texts)]
    app = collate(ws).apparatus(base="A")
    assert {w.siglum: app.text_of(w.siglum) for w in ws} == {w.siglum: w.text for w in ws}
    assert read_parallel_segmentation(app.to_tei()) == {w.siglum: w.text for w in ws}
    (unit,) = app.units
    assert (unit.lemma.text, unit.lemma.ws) == ("", " ")
    page = app.render("html")
    word = texts[0].split()[-3]
    assert re.search(rf"{word}<span id=\"txt-app1\"[^>]*>.*?</span> \w", page)
    # (reledmac: the entry hangs on the word, the space after it, then the next word)
    assert f"}}}} {texts[0].split()[-2]}" in app.render("reledmac", standalone=False)


@pytest.mark.parametrize(
    "texts",
    [
        # Furr's gloss in CWF against TRO30's and IMT's full stop: «heart . I am» before
        ["with all my heart [soul] I am", "with all my heart. I am"],
        # and a third witness with the space, whose reading begins with a mark
        [
            "with all my heart [soul] I am",
            "with all my heart. I am",
            "with all my heart (soul) I am",
        ],
        # LEW's «Kamenev: Since» against another's «Kamenev to Stalin: Since»
        ["Kamenev to Stalin: Since", "Kamenev: Since"],
    ],
)
def test_a_mark_that_replaces_the_lemma_keeps_to_the_word_before(texts: list[str]) -> None:
    """Where the base has a space before a lemma with text and a witness's reading there
    begins with a mark that follows a word unspaced, the space goes before the lemma
    (``lead``), not at the end of the text before it: B read «heart . I am»; every writer
    that sets the base text prints the lemma's lead, so the base text is its own."""
    ws = [load_text(chr(ord("A") + i), t) for i, t in enumerate(texts)]
    app = collate(ws).apparatus(base="A")
    assert {w.siglum: app.text_of(w.siglum) for w in ws} == {w.siglum: w.text for w in ws}
    assert read_parallel_segmentation(app.to_tei()) == {w.siglum: w.text for w in ws}
    (unit,) = app.units
    assert unit.lemma.lead == " "
    lemma = unit.lemma.text
    before = texts[0][: texts[0].index(f" {lemma}")].split()[-1]  # (the word before it)
    page = app.render("html")
    assert re.search(rf"{re.escape(before)} <span id=\"txt-app1\"[^>]*>{re.escape(lemma)}<", page)
    notes = app.render("reledmac", standalone=False)
    assert f"{before} \\edtext{{{lemma}}}" in notes
    assert f"{before} \\app{{" in app.render("ekdosis", standalone=False)
    doc = json.loads(app.to_json())
    assert doc["units"][0]["readings"][0]["lead"] == " "
    hidden = app.filter(types=["capitalisation"])  # (the unit gives way to its text)
    assert hidden.units == ()
    assert hidden.text_of("A") == texts[0]
    assert f"{texts[0]}</p>" in hidden.render("html")


def test_a_nested_omission_before_a_comma_leaves_no_space_before_it() -> None:
    """B and C add «came … and», B with «indeed»: C read «He came , and went» (in the LaTeX
    note too: «add. came , and C»); B's space before «indeed» is its reading's own now."""
    texts = ["He went", "He came indeed, and went", "He came, and went"]
    ws = [load_text(chr(ord("A") + i), t) for i, t in enumerate(texts)]
    app = collate(ws).apparatus()
    assert {w.siglum: app.text_of(w.siglum) for w in ws} == {w.siglum: w.text for w in ws}
    assert read_parallel_segmentation(app.to_tei()) == {w.siglum: w.text for w in ws}
    note = app.render("reledmac", standalone=False)
    assert "\\textit{add.} came, and \\textit{C}" in note
    assert "\\textit{add.} came indeed, and \\textit{B}" in note
