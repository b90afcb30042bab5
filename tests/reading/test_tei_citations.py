"""Citations of attested readings: ``@source``/``@cert`` into tokens, ``listBibl`` into metadata."""

from __future__ import annotations

import pickle

from tei_helpers import tei

from witnesscollate import load_tei, load_tei_states
from witnesscollate.model import Token, WitnessMetadata

HEADER = """<teiHeader><fileDesc>
<titleStmt><title>Test</title></titleStmt>
<publicationStmt><p>Test fixture.</p></publicationStmt>
<sourceDesc>
  <bibl>Коммунист, 1956, № 9</bibl>
  <listBibl><head>Works cited</head>
    <bibl xml:id="sakharov2003"><author>V. A. Sakharov</author>,
      <title>Политическое завещание</title> (<date>2003</date>)</bibl>
    <bibl xml:id="furr"><author>Grover Furr</author>, a study<note>not this</note></bibl>
  </listBibl>
  <listWit><witness xml:id="PSS">ПСС, т. 45</witness></listWit>
</sourceDesc>
</fileDesc></teiHeader>"""


def load(body: str, header: str = HEADER):  # type: ignore[no-untyped-def]
    return load_tei(tei(body, header=header))


def by_text(body: str, header: str = HEADER) -> dict[str, Token]:
    return {t.text: t for t in load(body, header).tokens}


def test_seg_source_and_cert_reach_the_tokens() -> None:
    toks = by_text(
        '<p><supplied reason="unattested" source="#PSS">ставим</supplied> '
        '<seg type="reading" source="#sakharov2003 #furr" cert="medium">ему</seg> в вину</p>'
    )
    assert toks["ему"].evidence == ("sakharov2003", "furr")
    assert toks["ему"].cert == "medium"
    assert not toks["ему"].supplied
    assert toks["ему"].source is None
    # supplied text keeps its source (where it was taken from) and cites nothing
    assert toks["ставим"].source == "PSS"
    assert toks["ставим"].evidence == ()
    # plain text outside any cited element
    assert toks["вину"].evidence == ()
    assert toks["вину"].cert is None


def test_nearest_element_with_source_wins_with_its_own_cert() -> None:
    toks = by_text(
        '<p><seg type="quotation" source="#sakharov2003" cert="medium">не '
        '<seg type="reading" source="#furr">ему</seg> лично</seg></p>'
    )
    assert (toks["не"].evidence, toks["не"].cert) == (("sakharov2003",), "medium")
    assert (toks["ему"].evidence, toks["ему"].cert) == (("furr",), None)
    assert (toks["лично"].evidence, toks["лично"].cert) == (("sakharov2003",), "medium")


def test_supplied_inside_a_cited_element_cites_nothing() -> None:
    toks = by_text(
        '<p><seg source="#furr" cert="low">один <supplied reason="illegible" source="#PSS">'
        "два</supplied> три</seg></p>"
    )
    assert toks["два"].supplied
    assert toks["два"].source == "PSS"
    assert toks["два"].evidence == ()
    assert toks["два"].cert is None
    assert toks["три"].evidence == ("furr",)
    assert toks["три"].cert == "low"


def test_any_element_with_source_cites_and_a_word_across_elements_cites_both() -> None:
    toks = by_text(
        '<head source="#furr">Письмо</head>'
        '<p><hi rend="b" source="#sakharov2003">небольше</hi><seg source="#furr">визм</seg></p>'
    )
    assert toks["Письмо"].evidence == ("furr",)
    assert toks["небольшевизм"].evidence == ("sakharov2003", "furr")


def test_app_reading_source_is_carried() -> None:
    toks = by_text('<p>a <app><lem source="#furr">b</lem><rdg>c</rdg></app> d</p>')
    assert toks["b"].evidence == ("furr",)
    assert toks["a"].evidence == ()


def test_revision_states_keep_citations() -> None:
    states = load_tei_states(
        tei(
            '<p><seg source="#furr">ставим <subst><del>ему</del><add>им</add></subst></seg></p>',
            header=HEADER,
        )
    )
    assert [t.evidence for t in states["ac"].tokens] == [("furr",), ("furr",)]
    assert [t.text for t in states["pc"].tokens] == ["ставим", "им"]
    assert states["pc"].tokens[1].evidence == ("furr",)


def test_header_bibliography_lists_citable_entries_in_order() -> None:
    md = load("<p>x</p>").metadata
    assert [k for k, _ in md.bibliography] == ["sakharov2003", "furr", "PSS"]
    assert md.citation("sakharov2003") == "V. A. Sakharov, Политическое завещание (2003)"
    assert md.citation("furr") == "Grover Furr, a study"  # the note is left out
    assert md.citation("PSS") == "ПСС, т. 45"
    assert md.citation("nothing") is None
    # the witness's own description is still the first bibl
    assert md.source == "Коммунист, 1956, № 9"


def test_no_citations_by_default() -> None:
    w = load_tei(tei('<p>a <supplied reason="unattested" source="#B">b</supplied></p>'))
    assert w.metadata.bibliography == ()
    assert all(t.evidence == () and t.cert is None for t in w.tokens)
    assert WitnessMetadata().bibliography == ()
    assert Token("x").evidence == ()
    assert Token("x").cert is None


def test_citations_survive_pickling() -> None:
    w = load('<p><seg source="#furr" cert="high">ему</seg></p>')
    again = pickle.loads(pickle.dumps(w))
    assert again.tokens[0].evidence == ("furr",)
    assert again.tokens[0].cert == "high"
    assert again.metadata.bibliography == w.metadata.bibliography
