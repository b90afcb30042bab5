"""The reader's rules for real-world TEI (issue 13): spans, element-only whitespace, the
apparatus, choice, revisions (mod, restore, undo, redo, metamark), partly lost words, unknown
elements, and the reader report."""

from __future__ import annotations

import warnings

import pytest
from tei_helpers import tei

from witnesscollate import InputError, TEIError, collate, load_tei, load_tei_states
from witnesscollate.errors import TEIWarning
from witnesscollate.reading.teireport import ReaderReport


def states(body: str, **kwargs: object) -> dict[str, str]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TEIWarning)
        found = load_tei_states(tei(body), filename="doc.xml", **kwargs)  # type: ignore[arg-type]
    return {k: w.text for k, w in found.items()}


def text(body: str, **kwargs: object) -> str:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TEIWarning)
        return load_tei(tei(body), **kwargs).text  # type: ignore[arg-type]


def line_of(doc: str, fragment: str) -> int:
    return doc.count("\n", 0, doc.index(fragment)) + 1


# -- spans ----------------------------------------------------------------------------------

ISSUE = "<p>one <delSpan spanTo='#x'/>two three</p><p>four five six</p>"


def test_missing_span_target_is_an_error_naming_file_line_and_id() -> None:
    doc = tei("\n" + ISSUE)
    with pytest.raises(TEIError) as info:
        load_tei(doc, filename="ms.xml")
    message = str(info.value)
    assert message.startswith(f'ms.xml:{line_of(doc, "<delSpan")}: <delSpan spanTo="#x">')
    assert 'no xml:id "x"' in message
    assert '<anchor xml:id="x"/>' in message  # the hint says what to do
    assert "strict=False" in message


def test_lenient_span_ends_with_its_block_and_warns() -> None:
    with pytest.warns(TEIWarning, match=r"ends at the end of its <p>"):
        found = load_tei_states(tei(ISSUE), strict=False)
    assert found["pc"].text == "one\nfour five six"
    assert found["ac"].text == "one two three\nfour five six"


def test_add_span_and_backward_targets_are_refused_too() -> None:
    add = "<p>one <addSpan spanTo='#x'/>two three</p><p>four five six</p>"
    with pytest.raises(TEIError, match=r'<addSpan spanTo="#x"> points to no element'):
        load_tei(tei(add))
    assert states(add, strict=False)["ac"] == "one\nfour five six"
    back = "<p>one <anchor xml:id='x'/>two <delSpan spanTo='#x'/>three</p><p>four</p>"
    with pytest.raises(TEIError, match=r'points backwards: the element with xml:id "x"'):
        load_tei(tei(back))
    assert states(back, strict=False)["pc"] == "one two\nfour"
    with pytest.raises(TEIError, match=r"<delSpan> has no @spanTo"):
        load_tei(tei("<p>a <delSpan/>b</p>"))


def test_a_span_ends_where_its_anchor_is_even_in_text_not_read() -> None:
    # The anchor sits in a note, in a deleted passage, in the unread side of a choice.
    for where in (
        "<note>n<anchor xml:id='x'/></note>",
        "<del>gone<anchor xml:id='x'/></del>",
        "<choice><sic>s<anchor xml:id='x'/></sic><corr>c</corr></choice>",
    ):
        found = states(f"<p>a <delSpan spanTo='#x'/>b {where} d</p><p>e</p>")
        assert found["pc"].endswith("d\ne"), (where, found)


def test_a_span_closed_by_a_project_marker() -> None:
    body = "<p>a <delSpan spanTo='#x'/>b c <delSpan anchor='x'/>d</p>"
    with pytest.raises(TEIError) as info:
        load_tei(tei(body))
    assert '<delSpan anchor="x">' in str(info.value)
    with pytest.warns(TEIWarning, match=r'it ends at <delSpan anchor="x">'):
        assert load_tei(tei(body), strict=False).text == "a d"


def test_span_inside_a_segment_ends_with_the_segment() -> None:
    body = "<p><seg>a <delSpan spanTo='#gone'/>b</seg> c <seg>d</seg></p>"
    assert states(body, strict=False)["pc"] == "a c d"


# -- whitespace that is not text -------------------------------------------------------------


@pytest.mark.parametrize("wrapper", ["subst", "mod"])
def test_layout_whitespace_inside_subst_and_mod_is_not_text(wrapper: str) -> None:
    body = f"<p>a<{wrapper}>\n  <del>l</del>\n  <add>d</add>\n</{wrapper}> b</p>"
    assert states(body) == {"ac": "al b", "pc": "ad b"}


def test_layout_whitespace_inside_choice_app_and_rdggrp_is_not_text() -> None:
    assert text("<p>x<choice>\n  <sic>a</sic>\n  <corr>b</corr>\n</choice>y</p>") == "xby"
    body = "<p>x<app>\n <rdgGrp>\n  <lem>b</lem>\n  <rdg wit='#B'>c</rdg>\n </rdgGrp>\n</app>y</p>"
    assert text(body) == "xby"
    assert text(body, reading="B") == "xcy"


def test_mixed_content_keeps_its_whitespace() -> None:
    assert text("<p>a<hi>\n</hi>b <unclear> c </unclear></p>") == "a b c"


# -- the apparatus and choice ----------------------------------------------------------------

APP = (
    "<p>one <app><rdgGrp><lem>two</lem><rdg wit='#B #C' xml:id='r1'>deux</rdg></rdgGrp>"
    "<rdgGrp><rdg wit='#D'>zwei</rdg></rdgGrp><note>an apparatus note</note></app> three</p>"
)


def test_app_reads_the_lemma_inside_rdggrp_or_the_reading_asked_for() -> None:
    assert text(APP) == "one two three"
    assert text(APP, reading="C") == "one deux three"
    assert text(APP, reading="#D") == "one zwei three"
    assert text(APP, reading="r1") == "one deux three"
    assert text(APP, reading="Z") == "one two three"  # no reading of Z here: the lemma
    w = load_tei(tei(APP))
    assert [n.text for t in w.tokens for n in t.notes] == ["an apparatus note"]


def test_nested_app_and_app_without_lemma() -> None:
    body = "<p><app><lem>a <app><lem>b</lem><rdg wit='#X'>c</rdg></app></lem><rdg wit='#X'>d</rdg></app></p>"
    assert text(body) == "a b"
    assert text(body, reading="X") == "d"
    assert text("<p><app><rdg>r1</rdg><rdg>r2</rdg></app></p>") == "r1"


def test_choice_keeps_bare_text_with_a_warning() -> None:
    report = ReaderReport()
    with pytest.warns(TEIWarning, match=r"<choice> holds text of its own"):
        w = load_tei(
            tei("<p>a <choice>D<abbr>r</abbr><expan>octor</expan></choice></p>"), report=report
        )
    assert w.text == "a Doctor"
    assert report.warnings


def test_reading_option_is_checked() -> None:
    with pytest.raises(InputError, match="reading must be"):
        load_tei(tei("<p>a</p>"), reading=" ")


# -- revisions: mod, restore, undo, redo, metamark ------------------------------------------


def test_mod_passes_its_hand_to_its_revisions() -> None:
    body = "<p><mod hand='#h1'><del>a</del><add>b</add></mod> <add hand='#h2'>c</add></p>"
    assert states(body) == {"ac": "a", "pc-h1": "b", "pc-h2": "a c", "pc": "b c"}


def test_restore_cancels_an_addition_too() -> None:
    body = "<p>a <restore hand='#r'><add hand='#d'>b</add></restore> c</p>"
    assert states(body) == {"ac": "a c", "pc-r": "a c", "pc-d": "a b c", "pc": "a c"}


def test_undo_and_redo_by_target() -> None:
    body = "<p>a <del xml:id='d1' hand='#h1'>b</del><undo target='#d1' hand='#h2'/> c</p>"
    assert states(body) == {"ac": "a b c", "pc-h1": "a c", "pc-h2": "a b c", "pc": "a b c"}
    body = (
        "<p>a <del xml:id='d1' hand='#h1'>b</del><undo xml:id='u1' target='#d1' hand='#h2'/>"
        "<redo target='#u1' hand='#h3'/> c</p>"
    )
    found = states(body)
    assert found["pc"] == "a c"  # the deletion, cancelled by h2, reaffirmed by h3
    assert found["pc-h2"] == "a b c"


def test_undo_over_a_span() -> None:
    body = (
        "<p>a <undo spanTo='#e' hand='#h2'/><del hand='#h1'>b</del> <add hand='#h1'>c</add>"
        "<anchor xml:id='e'/> <del hand='#h1'>d</del></p>"
    )
    found = states(body)
    assert found["pc-h1"] == "a c"
    assert found["pc"] == "a b"  # inside the undone stretch h1's revisions are cancelled


def test_metamark_is_a_signal_not_text_and_transpositions_are_reported() -> None:
    report = ReaderReport()
    with pytest.warns(TEIWarning, match="transpositions are not applied"):
        w = load_tei(
            tei(
                "<p>a <metamark function='insertion'>^</metamark>b "
                "<listTranspose><transpose><ptr target='#x'/></transpose></listTranspose></p>"
            ),
            report=report,
        )
    assert w.text == "a b"
    assert report.elements["metamark"].actions == {"dropped": 1}
    assert report.elements["metamark"].dropped_chars == 1


# -- partly lost words -----------------------------------------------------------------------


def test_a_gap_inside_a_word_leaves_one_partly_lost_token() -> None:
    w = load_tei(tei('<p>the pub<gap reason="lost" quantity="5" unit="chars"/> house</p>'))
    assert [t.text for t in w.tokens] == ["the", "pub", "house"]
    pub = w.tokens[1]
    assert pub.partly_lost
    assert pub.extra["lost_at"] == (3,)
    (lac,) = w.lacunae
    assert (lac.position, lac.end, lac.kind, lac.reason, lac.extent) == (
        1,
        2,
        "gap",
        "lost",
        "5 chars",
    )
    assert not w.tokens[0].partly_lost


@pytest.mark.parametrize(
    ("body", "tokens", "lost", "position"),
    [
        ("<p>a <gap/>lic b</p>", ["a", "lic", "b"], [False, True, False], 1),
        ("<p>a pu<gap/>lic b</p>", ["a", "pulic", "b"], [False, True, False], 1),
        ("<p>a <gap/> b</p>", ["a", "b"], [False, False], 1),
        ("<p>a,<gap/> b</p>", ["a", ",", "b"], [False, False, False], 2),
        ('<p>a<gap unit="words" quantity="2"/>b</p>', ["a", "b"], [False, False], 1),
        ("<p>wo<unclear reason='illegible'/>rd</p>", ["word"], [True], 0),
        ("<p>wo<damage agent='water'/>rd</p>", ["word"], [True], 0),
        ("<p>pub<lb/><gap/>lic</p>", ["pub", "lic"], [False, True], 1),
        ("<p>pub<gap/><lb/>lic</p>", ["pub", "lic"], [True, False], 0),
    ],
)
def test_where_a_point_of_loss_touches_a_word(
    body: str, tokens: list[str], lost: list[bool], position: int
) -> None:
    w = load_tei(tei(body))
    assert [t.text for t in w.tokens] == tokens
    assert [t.partly_lost for t in w.tokens] == lost
    (lac,) = w.lacunae
    assert lac.position == position
    assert lac.end == position + (1 if any(lost) else 0)


def test_unclear_letters_inside_a_word_are_not_lost() -> None:
    w = load_tei(tei("<p>wo<unclear>r</unclear>d</p>"))
    assert [(t.text, t.unclear, t.partly_lost) for t in w.tokens] == [("word", True, False)]
    assert w.lacunae == ()


def test_an_untranscribed_deletion_is_a_lacuna_where_it_shows() -> None:
    found = load_tei_states(tei("<p>decre<subst><del rend='erasure'/><add>uit</add></subst> x</p>"))
    ac, pc = found["ac"], found["pc"]
    assert [(t.text, t.partly_lost) for t in ac.tokens] == [("decre", True), ("x", False)]
    assert [(x.kind, x.reason) for x in ac.lacunae] == [("del", "erasure")]
    assert [(t.text, t.partly_lost) for t in pc.tokens] == [("decreuit", False), ("x", False)]
    assert pc.lacunae == ()


def test_a_partly_lost_word_aligns_as_a_lacuna_not_a_variant() -> None:
    a = load_tei(tei("<p>the pub<gap/> house</p>"), siglum="A")
    b = load_tei(tei("<p>the public house</p>"), siglum="B")
    columns = [col.cells for col in collate([a, b]).columns]
    texts = [
        (" ".join(t.text for t in ca.tokens), " ".join(t.text for t in cb.tokens))
        for ca, cb in columns
    ]
    inside = [
        ca
        for (ca, _), pair in zip(columns, texts, strict=True)
        if pair[1] != "the" and pair[1] != "house"
    ]
    # Between "the" and "house" A's text is unknown: every A cell there is the lacuna.
    assert inside
    assert all(cell.lacuna is not None for cell in inside)
    assert "pub" in [t.text for cell in inside for t in cell.tokens]


# -- unknown and project elements -------------------------------------------------------------

UNKNOWN = '<p>a <mdel>b</mdel> <x:note xmlns:x="urn:example">c</x:note> d</p>'


def test_unknown_elements_keep_their_text_with_a_warning() -> None:
    report = ReaderReport()
    with pytest.warns(TEIWarning) as caught:
        w = load_tei(tei(UNKNOWN), report=report)
    assert w.text == "a b c d"
    messages = [str(c.message) for c in caught]
    assert any("<mdel> is not a TEI element" in m for m in messages)
    assert any("<x:note> is not a TEI element" in m for m in messages)
    assert report.elements["mdel"].actions == {"unknown": 1}
    assert report.elements["x:note"].actions == {"unknown": 1}


def test_on_unknown_error_and_keep() -> None:
    with pytest.raises(TEIError, match=r"<mdel> is not a TEI element") as info:
        load_tei(tei(UNKNOWN), on_unknown="error", filename="p.xml")
    assert str(info.value).startswith("p.xml:")
    assert "treat_as" in str(info.value)
    report = ReaderReport()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        w = load_tei(tei(UNKNOWN), on_unknown="keep", report=report)
    assert w.text == "a b c d"
    assert report.elements["mdel"].count == 1
    with pytest.raises(InputError, match="on_unknown must be one of"):
        load_tei(tei(UNKNOWN), on_unknown="ignore")


XINCLUDE = (
    '<p>Before <xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="part.xml">'
    "<xi:fallback>spare words</xi:fallback></xi:include> after.</p>"
)


def test_an_xinclude_is_said_not_expanded_never_passed_over() -> None:
    """(the new user's review of 2026-12-07: the warning said the element's text, 0
    characters, was kept, when what it includes was missing)"""
    with pytest.warns(TEIWarning, match=r'<xi:include href="part.xml"> is not expanded') as got:
        w = load_tei(tei(XINCLUDE), filename="x.xml")
    assert w.text == "Before after."  # nothing fetched, its fallback not taken for text
    (said,) = [str(m.message) for m in got if "xi:include" in str(m.message)]
    assert said.startswith(f"x.xml:{line_of(tei(XINCLUDE), 'xi:include')}: ")
    assert "xmllint --xinclude" in said
    assert "not a TEI element" not in said
    with pytest.raises(TEIError, match=r"is not expanded: the text it would include"):
        load_tei(tei(XINCLUDE), on_unknown="error")
    # a project may say what it is, as of any element (its fallback is then an unknown one)
    with pytest.warns(TEIWarning, match="<xi:fallback> is not a TEI element"):
        kept = load_tei(tei(XINCLUDE), treat_as={"xi:include": "text"})
    assert kept.text == "Before spare words after."


def test_a_documentary_transcription_is_named_where_there_is_no_text() -> None:
    doc = tei("<p>x</p>").replace(
        "<text><body><p>x</p></body></text>",
        "<sourceDoc><surface><zone><line>a line</line></zone></surface></sourceDoc>",
    )
    with pytest.raises(TEIError, match=r"no <text> element.*<sourceDoc>"):
        load_tei(doc)


def test_treat_as_names_a_project_element_by_local_prefixed_or_clark_name() -> None:
    treat = {"mdel": "del", "{urn:example}note": "drop"}
    assert states(UNKNOWN, treat_as=treat) == {"ac": "a b d", "pc": "a d"}
    assert states(UNKNOWN, treat_as={"mdel": "drop", "x:note": "note"})["pc"] == "a d"
    with pytest.raises(InputError, match="treat_as maps"):
        load_tei(tei(UNKNOWN), treat_as={"mdel": ""})


def test_flattened_markers_are_reported() -> None:
    with pytest.warns(TEIWarning, match=r"2 empty <del> start/end markers"):
        w = load_tei(tei("<p>a <del ana='start'/>b<del ana='end'/> c</p>"))
    assert w.text == "a b c"
    with pytest.warns(TEIWarning, match=r"2 empty <mod> start/end markers"):
        w = load_tei(tei("<p>a <mod sID='m1'/>b<mod eID='m1'/> c</p>"))
    assert w.text == "a b c"
    assert w.lacunae == ()


# -- abbreviations and characters -------------------------------------------------------------

EXPAN = "<p><expan><abbr>Imp</abbr><ex>erator</ex></expan> <abbr>D<am>.</am></abbr></p>"


def test_ex_and_am_follow_the_choice() -> None:
    assert text(EXPAN) == "Imperator D"
    assert text(EXPAN, choice=("sic", "orig", "abbr")) == "Imp D."


CHARS = """<teiHeader><fileDesc><titleStmt><title>t</title></titleStmt>
<publicationStmt><p>p</p></publicationStmt><sourceDesc><p>s</p></sourceDesc></fileDesc>
<encodingDesc><charDecl><char xml:id="dist"><mapping type="PUA">U+F1F8</mapping>
<mapping type="standardized">,</mapping></char><char xml:id="none"/></charDecl></encodingDesc>
</teiHeader>"""


def test_an_empty_g_takes_its_declared_character_or_is_reported() -> None:
    assert (
        load_tei(tei('<p>a<g ref="#dist"/> b<g ref="#x">ſ</g></p>', header=CHARS)).text == "a, bſ"
    )
    report = ReaderReport()
    with pytest.warns(TEIWarning, match="empty <g> elements point to no character"):
        load_tei(tei('<p>a<g ref="#none"/> b</p>', header=CHARS), report=report)
    assert report.elements["g"].actions == {"dropped": 1}


# -- the report --------------------------------------------------------------------------------


def test_report_counts_every_element_met_and_what_was_done() -> None:
    report = ReaderReport()
    load_tei_states(
        tei(
            "<p>a <fw>12</fw><note>n</note><subst><del>b</del><add>c</add></subst> "
            "<gap/> <supplied>d</supplied> <lb/>e</p>"
        ),
        filename="r.xml",
        report=report,
    )
    actions = {name: use.actions for name, use in report.elements.items()}
    assert actions["fw"] == {"dropped": 1}
    assert report.elements["fw"].dropped_chars == 2
    assert actions["note"] == {"note": 1}
    assert actions["del"] == {"state": 1}
    assert actions["add"] == {"state": 1}
    assert actions["gap"] == {"lacuna": 1}
    assert actions["supplied"] == {"flagged": 1}
    assert actions["lb"] == {"location": 1}
    assert actions["p"] == {"block": 1}
    assert report.sources == ["r.xml"]
    data = report.to_dict()
    assert data["elements"]["subst"]["actions"] == {"structure": 1}
    table = report.to_text()
    assert "fw" in table
    assert "dropped: not witness text" in table


def test_overlapping_spans_of_different_hands() -> None:
    body = (
        "<p>a <delSpan spanTo='#d' hand='#h1'/>b <addSpan spanTo='#x' hand='#h2'/>c"
        "<anchor xml:id='d'/> d<anchor xml:id='x'/> e</p>"
    )
    assert states(body) == {
        "ac": "a b e",
        "pc-h1": "a e",
        "pc-h2": "a b c d e",
        "pc": "a d e",
    }


def test_many_spans_open_at_once() -> None:
    body = "".join(f"w{i} <delSpan spanTo='#e'/>" for i in range(2000)) + "<anchor xml:id='e'/>end"
    found = states(f"<p>{body}</p>")
    assert found["pc"] == "w0 end"
    assert len(found["ac"].split()) == 2001


def test_report_says_which_side_of_a_choice_was_compared() -> None:
    report = ReaderReport()
    load_tei(tei("<p>a <choice><sic>x</sic><corr>y <hi>z</hi></corr></choice></p>"), report=report)
    actions = {name: use.actions for name, use in report.elements.items()}
    assert actions["corr"] == {"compared": 1}
    assert actions["sic"] == {"displayed": 1}
    assert actions["hi"] == {"flagged": 1}
