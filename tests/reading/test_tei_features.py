"""Each TEI convention of the reader, on inline fragments."""

from __future__ import annotations

import pytest
from tei_helpers import tei

from witnesscollate import InputError, load_tei, load_tei_states


def texts(body: str, **kwargs: object) -> list[str]:
    return [t.text for t in load_tei(tei(body), **kwargs).tokens]  # type: ignore[arg-type]


def token(body: str, word: str, **kwargs: object):  # type: ignore[no-untyped-def]
    w = load_tei(tei(body), **kwargs)  # type: ignore[arg-type]
    return next(t for t in w.tokens if t.text == word)


# -- whitespace and blocks ---------------------------------------------------------------


def test_layout_whitespace_collapses_and_blocks_are_newlines() -> None:
    w = load_tei(tei("<head>  Title </head>\n  <p>one\n\t two   three</p><p>\n four </p>"))
    assert w.text == "Title\none two three\nfour"
    assert [t.paragraph for t in w.tokens] == [1, 2, 2, 2, 3]
    assert "".join(t.text + t.ws for t in w.tokens) == w.text


def test_nested_blocks_are_numbered_in_order() -> None:
    w = load_tei(
        tei("<div><p>a</p><lg><l>b</l><l>c</l></lg></div><p>d <list><item>e</item></list> f</p>")
    )
    assert w.text == "a\nb\nc\nd\ne\nf"
    assert [t.paragraph for t in w.tokens] == [1, 2, 3, 4, 5, 6]


def test_each_token_knows_its_block_element() -> None:
    w = load_tei(
        tei(
            "<head>Письмо</head><div><p>a <list><item>e</item></list> f</p>"
            "<closer>Ленин</closer></div>"
        )
    )
    assert [(t.text, t.block) for t in w.tokens] == [
        ("Письмо", "head"),
        ("a", "p"),
        ("e", "item"),
        ("f", "p"),
        ("Ленин", "closer"),
    ]


def test_note_target_is_read_without_the_hash() -> None:
    w = load_tei(
        tei(
            '<p><seg xml:id="s1">один</seg> два<note type="editorial" target="#s1 #s2">см.</note></p>'
        )
    )
    notes = [n for t in w.tokens for n in t.notes]
    assert [n.target for n in notes] == [("s1", "s2")]


def test_only_attributed_editorial_declarations_are_the_editions() -> None:
    header = (
        "<teiHeader><fileDesc><titleStmt><title>T</title></titleStmt>"
        "<publicationStmt><p>x</p></publicationStmt><sourceDesc><p>x</p></sourceDesc>"
        "</fileDesc><encodingDesc><editorialDecl>"
        "<normalization><p>Encoded as printed.</p></normalization>"
        '<punctuation resp="#eds"><p>Punctuation  modernised.</p></punctuation>'
        "</editorialDecl></encodingDesc></teiHeader>"
    )
    w = load_tei(tei("<p>a</p>", header=header))
    assert w.metadata.declarations == (("punctuation", "Punctuation modernised."),)


def test_inline_quote_stays_inline() -> None:
    assert load_tei(tei("<p>он сказал <quote>«да»</quote> и ушёл</p>")).text == (
        "он сказал «да» и ушёл"
    )


def test_non_breaking_space_is_kept() -> None:
    w = load_tei(tei("<p>т.\u00a0е. так</p>"))
    assert w.text == "т.\u00a0е. так"


def test_adjacent_elements_without_space_make_one_word() -> None:
    assert texts("<p>сло<hi rend='bold'>во</hi> два</p>") == ["слово", "два"]


# -- locations ---------------------------------------------------------------------------


def test_pb_cb_lb_give_page_column_line() -> None:
    w = load_tei(tei('<pb n="343"/><p><lb n="1"/>раз два<lb n="2"/>три <cb n="b"/><lb/>четыре</p>'))
    by = {t.text: t for t in w.tokens}
    assert (by["раз"].page, by["раз"].line, by["раз"].column) == ("343", "1", None)
    assert by["три"].line == "2"
    assert (by["четыре"].column, by["четыре"].line) == ("b", "1")  # cb restarts lines


def test_lb_is_a_word_boundary() -> None:
    assert texts("<p>раз<lb/>два</p>") == ["раз", "два"]


def test_lb_break_no_joins_and_drops_the_hyphen() -> None:
    assert texts('<p>Secre-\n   <lb break="no"/>tary General</p>') == ["Secretary", "General"]
    assert texts('<p>пред<lb break="no"/>\n  принять</p>') == ["предпринять"]
    assert texts('<p>пере\u00ad<pb n="2" break="no"/>нос</p>') == ["перенос"]


def test_lb_without_n_is_counted_from_the_page() -> None:
    w = load_tei(tei('<pb n="1"/><p><lb/>a <lb/>b</p><pb n="2"/><p><lb/>c</p>'))
    assert [(t.text, t.page, t.line) for t in w.tokens] == [
        ("a", "1", "1"),
        ("b", "1", "2"),
        ("c", "2", "1"),
    ]


def test_source_line_is_the_line_of_the_token_in_the_file() -> None:
    doc = tei("\n<p>one\ntwo <hi>three</hi>\nfour</p>\n<p>\n\nfive</p>")
    first = doc.count("\n", 0, doc.index("<p>one")) + 1
    w = load_tei(doc)
    assert [t.source_line for t in w.tokens] == [first, first + 1, first + 1, first + 2, first + 5]


def test_xml_id_is_the_nearest_ancestor_or_self() -> None:
    w = load_tei(
        tei(
            '<div xml:id="d"><p xml:id="p">a <w xml:id="w7">b</w> <seg xml:id="s">c d</seg></p><p>e</p></div>'
        )
    )
    assert [(t.text, t.xml_id) for t in w.tokens] == [
        ("a", "p"),
        ("b", "w7"),
        ("c", "s"),
        ("d", "s"),
        ("e", "d"),
    ]


# -- excluded content ----------------------------------------------------------------------


def test_fw_figdesc_and_comments_are_not_text() -> None:
    body = (
        '<fw type="pageNum">12</fw><p>a<!-- comment -->b <?pi x?>c</p>'
        "<figure><head>Caption</head><figDesc>a photo</figDesc></figure>"
    )
    assert load_tei(tei(body)).text == "ab c\nCaption"


def test_header_text_is_not_witness_text() -> None:
    w = load_tei(tei("<p>body only</p>"))
    assert w.text == "body only"


def test_front_and_back_are_witness_text() -> None:
    doc = tei("<p>body</p>").replace("<body>", "<front><p>front</p></front><body>")
    doc = doc.replace("</body>", "</body><back><p>back</p></back>")
    assert load_tei(doc).text == "front\nbody\nback"


# -- notes --------------------------------------------------------------------------------


def test_note_is_attached_to_the_token_before_it() -> None:
    body = (
        "<p>ставим ему<note type='editorial' resp='#ed' place='foot' n='1'>Видимо, "
        "<hi>описка</hi>: вместо «ему» должно быть «им».</note> в вину</p>"
    )
    doc = tei(body)
    w = load_tei(doc)
    assert w.text == "ставим ему в вину"
    ему = w.tokens[1]
    assert len(ему.notes) == 1
    note = ему.notes[0]
    assert note.text == "Видимо, описка: вместо «ему» должно быть «им»."
    assert (note.type, note.resp, note.place, note.n) == ("editorial", "#ed", "foot", "1")
    assert note.source_line == doc.count("\n", 0, doc.index("<note")) + 1
    assert all(not t.notes for t in w.tokens if t is not ему)


def test_note_at_the_very_start_goes_to_the_first_token() -> None:
    w = load_tei(tei("<p><note>before</note>first second</p>"))
    assert [n.text for n in w.tokens[0].notes] == ["before"]


def test_note_after_punctuation_and_between_paragraphs() -> None:
    w = load_tei(tei("<p>a.</p><note n='2'>between</note><p>b</p>"))
    assert [(t.text, [n.n for n in t.notes]) for t in w.tokens] == [
        ("a", []),
        (".", ["2"]),
        ("b", []),
    ]


# -- hi, choice ---------------------------------------------------------------------------


def test_hi_rend_is_kept_and_nested_rends_combine() -> None:
    w = load_tei(tei("<p>a <hi rend='italic'>b <hi rend='bold'>c</hi></hi> d</p>"))
    assert [t.rend for t in w.tokens] == [None, "italic", "italic bold", None]


@pytest.mark.parametrize(
    ("pair", "default", "other"),
    [
        (("sic", "corr"), "corr", "sic"),
        (("orig", "reg"), "reg", "orig"),
        (("abbr", "expan"), "expan", "abbr"),
    ],
)
def test_choice_compares_one_side_and_displays_the_other(
    pair: tuple[str, str], default: str, other: str
) -> None:
    a, b = pair
    body = f"<p>x <choice><{a}>{a}text</{a}><{b}>{b}text</{b}></choice> y</p>"
    assert texts(body) == ["x", f"{default}text", "y"]
    assert token(body, f"{default}text").display == f"{other}text"
    assert texts(body, choice=(other,)) == ["x", f"{other}text", "y"]
    assert token(body, f"{other}text", choice=other).display == f"{default}text"


def test_choice_side_order_does_not_matter_and_unknown_names_are_refused() -> None:
    assert texts("<p><choice><corr>судеб</corr><sic>судей</sic></choice></p>") == ["судеб"]
    with pytest.raises(InputError, match="unknown choice"):
        load_tei(tei("<p>a</p>"), choice=("lemma",))


def test_choice_with_several_tokens_displays_on_each() -> None:
    w = load_tei(tei("<p><choice><sic>ставим ему</sic><corr>ставим им</corr></choice></p>"))
    assert [(t.text, t.display) for t in w.tokens] == [
        ("ставим", "ставим ему"),
        ("им", "ставим ему"),
    ]


# -- supplied, unclear, damage, gap, lacunae ------------------------------------------------


def test_supplied_carries_reason_and_source() -> None:
    w = load_tei(tei('<p>a <supplied reason="unattested" source="#PSS">b c</supplied> d</p>'))
    assert [(t.text, t.supplied, t.reason, t.source) for t in w.tokens] == [
        ("a", False, None, None),
        ("b", True, "unattested", "PSS"),
        ("c", True, "unattested", "PSS"),
        ("d", False, None, None),
    ]
    assert [t.attested for t in w.tokens] == [True, False, False, True]


def test_flags_apply_when_any_character_is_flagged() -> None:
    w = load_tei(tei("<p>сло<supplied reason='lost'>во</supplied> ра<unclear>з</unclear></p>"))
    assert [(t.text, t.supplied, t.reason, t.unclear) for t in w.tokens] == [
        ("слово", True, "lost", False),
        ("раз", False, None, True),
    ]


def test_gap_is_a_lacuna_at_a_token_position() -> None:
    w = load_tei(tei('<p>a <gap reason="illegible" quantity="3" unit="words" xml:id="g1"/> b</p>'))
    assert w.text == "a b"
    (lac,) = w.lacunae
    assert (lac.position, lac.end, lac.kind, lac.reason, lac.extent, lac.xml_id) == (
        1,
        1,
        "gap",
        "illegible",
        "3 words",
        "g1",
    )


def test_gaps_inside_and_at_the_ends_of_a_word_leave_one_partly_lost_token() -> None:
    w = load_tei(tei('<p><gap/>сло<gap quantity="2" unit="chars"/>во<gap/> и</p>'))
    assert [(t.text, t.partly_lost) for t in w.tokens] == [("слово", True), ("и", False)]
    assert w.tokens[0].extra["lost_at"] == (0, 3, 5)
    assert [(lac.position, lac.end, lac.kind, lac.extent) for lac in w.lacunae] == [
        (0, 1, "gap", "2 chars")
    ]


def test_lacuna_start_end_covers_the_tokens_between() -> None:
    w = load_tei(tei("<p>a <lacunaStart/>b c<lacunaEnd/> d</p>"))
    (lac,) = w.lacunae
    assert (lac.position, lac.end, lac.kind) == (1, 3, "lacunaStart")
    w = load_tei(tei("<p>a <lacunaStart/><lacunaEnd/> d</p>"))
    assert [(x.position, x.end) for x in w.lacunae] == [(1, 1)]


def test_unclosed_lacuna_runs_to_the_end_and_lone_end_from_the_start() -> None:
    assert [(x.position, x.end) for x in load_tei(tei("<p>a <lacunaStart/>b c</p>")).lacunae] == [
        (1, 3)
    ]
    assert [(x.position, x.end) for x in load_tei(tei("<p>a b<lacunaEnd/> c</p>")).lacunae] == [
        (0, 2)
    ]


def test_damage_flags_tokens_and_is_a_lacuna_only_when_nothing_is_legible() -> None:
    w = load_tei(tei('<p>a <damage agent="water">b c</damage> d</p>'))
    assert [t.damaged for t in w.tokens] == [False, True, True, False]
    assert w.lacunae == ()
    w = load_tei(tei('<p>a <damage agent="water"><unclear>b</unclear> <gap/></damage> d</p>'))
    kinds = sorted((x.kind, x.position, x.end) for x in w.lacunae)
    assert kinds == [("damage", 1, 2), ("gap", 2, 2)]
    assert w.tokens[1].unclear
    assert w.tokens[1].damaged


# -- metadata, siglum ----------------------------------------------------------------------


HEADER = """<teiHeader><fileDesc>
<titleStmt><title type="sub">Sub</title><title type="main">Письмо к съезду</title></titleStmt>
<editionStmt><edition>file edition 2026</edition></editionStmt>
<publicationStmt><p>Test.</p></publicationStmt>
<sourceDesc>
  <biblStruct><monogr><author>В. И. Ленин</author><title>ПСС</title><edition>5-е изд.</edition>
    <imprint><pubPlace>Москва</pubPlace><date when="1970">1970</date></imprint></monogr></biblStruct>
  <listBibl><bibl><edition>other</edition><date>1901</date></bibl></listBibl>
</sourceDesc></fileDesc>
<profileDesc><langUsage><language ident="ru">Russian</language></langUsage>
<handNotes><handNote xml:id="h1" scribe="Volodicheva">typist <hi>M. V.</hi></handNote></handNotes>
</profileDesc></teiHeader>"""


def test_header_metadata() -> None:
    w = load_tei(tei("<p>a</p>", header=HEADER), filename="PSS.xml")
    meta = w.metadata
    assert meta.title == "Письмо к съезду"
    assert meta.edition == "5-е изд."
    assert meta.date == "1970"
    assert meta.source == "В. И. Ленин, ПСС, 5-е изд., Москва, 1970"
    assert meta.language == "ru"
    assert [(h.xml_id, h.scribe, h.description) for h in meta.hands] == [
        ("h1", "Volodicheva", "typist M. V.")
    ]
    assert meta.file == "PSS.xml"


def test_language_from_text_wins_and_picks_the_normalizer() -> None:
    w = load_tei(tei("<p>Bbi</p>", header=HEADER, text='xml:lang="ru"'))
    assert w.metadata.language == "ru"
    assert w.tokens[0].norm == "вы"  # Russian-only look-alike rule
    w = load_tei(tei("<p>Bbi</p>", text='xml:lang="en"'))
    assert w.tokens[0].norm == "bbi"


def test_a_printed_source_is_dated_by_its_imprint_a_manuscript_by_its_creation() -> None:
    # the PSS of 1970 prints a letter of 1922: the witness is the edition, of 1970
    header = HEADER.replace(
        "<langUsage>", '<creation><date when="1922-12-23">23 Dec 1922</date></creation><langUsage>'
    )
    assert load_tei(tei("<p>a</p>", header=header)).metadata.date == "1970"
    manuscript = header.replace(
        HEADER[HEADER.index("<biblStruct>") : HEADER.index("</biblStruct>") + len("</biblStruct>")],
        "<msDesc><msIdentifier><idno>f. 2</idno></msIdentifier></msDesc>",
    )
    assert load_tei(tei("<p>a</p>", header=manuscript)).metadata.date == "1922-12-23"


@pytest.mark.parametrize(
    ("root", "text", "filename", "expected"),
    [
        ('xml:id="R" n="N"', 'xml:id="T"', "F.xml", "R"),
        ('n="N"', 'xml:id="T"', "F.xml", "T"),
        ('n="N"', "", "F.xml", "N"),
        ("", 'n="TN"', "F.xml", "TN"),
        ("", "", "dir/F2.xml", "F2"),
    ],
)
def test_siglum_precedence(root: str, text: str, filename: str, expected: str) -> None:
    doc = tei("<p>a</p>", root=root, text=text)
    assert load_tei(doc, filename=filename).siglum == expected
    assert load_tei(doc, filename=filename, siglum="X").siglum == "X"


def test_custom_tokenizer_and_normalizer() -> None:
    from witnesscollate.tokenization import RawToken, Tokenized

    def whole(text: str) -> Tokenized:
        return Tokenized("", [RawToken(text, "", 0)])

    w = load_tei(tei("<p>a b</p>"), tokenizer=whole, normalizer=str.upper)
    assert [(t.text, t.norm) for t in w.tokens] == [("a b", "A B")]
    assert w.normalizers == ("upper",)


def test_states_of_an_unrevised_document_are_one_witness() -> None:
    states = load_tei_states(tei("<p>a</p>"))
    assert list(states) == ["ac", "pc"]
    assert states["ac"] is states["pc"]
    assert states["pc"].state is None
    assert states["pc"].siglum == "A"


def test_app_reads_the_lemma_or_else_the_first_reading() -> None:
    assert texts("<p>a <app><rdg>r1</rdg><lem>lem</lem><rdg>r2</rdg></app> b</p>") == [
        "a",
        "lem",
        "b",
    ]
    assert texts("<p>a <app><rdg>r1</rdg><rdg>r2</rdg></app> b</p>") == ["a", "r1", "b"]


def test_features_fixture_end_to_end() -> None:
    from tei_helpers import fixture

    w = load_tei(fixture("features.xml"))
    assert (w.siglum, w.state, w.metadata.date, w.metadata.edition) == (
        "K56",
        None,
        "1956",
        "журнальная публикация",
    )
    assert w.text.splitlines() == [
        "Письмо к съезду",
        "Я советовал бы очень предпринять на этом съезде ряд перемен в нашем Центральном Комитете.",
        "Вами и судеб партии, текст контекста и неясное слово после пропуска.",
        "Перенос и подмоченное место, утраченное конец. Хвост.",
    ]
    assert {t.page for t in w.tokens} == {"16"}
    assert [(x.kind, w.tokens[x.position].text) for x in w.lacunae] == [
        ("gap", "после"),
        ("damage", "подмоченное"),
        ("lacunaStart", "утраченное"),
    ]
    assert [x.end - x.position for x in w.lacunae] == [0, 1, 1]
