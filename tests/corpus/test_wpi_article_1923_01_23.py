"""The corpus document D01, «Как нам реорганизовать Рабкрин» (23 January 1923), and its witnesses.

The readings asserted are the catalog's (V001-V008) as Sakharov (2003) and Furr (seed 001) report
them: the General Secretary clause typed in B1, added by hand in B3 (a.c. without, p.c. with),
absent from A and Pravda, printed in the PSS; the English reprint's gloss «[Stalin]».  The sources
give the clause in B1 and B3 and the typescripts' dates only in substance (in English, or as a
date): their Russian wording is the PSS's, supplied as inferred (issue 14).
"""

from __future__ import annotations

import pytest
from corpus_checks import ROOT, TEI, document_fixtures, find, has
from corpus_checks import notes as notes_of
from lxml import etree

from witnesscollate import corpus
from witnesscollate.model import Witness

DOC_ID = "wpi-article-1923-01-23"
doc, wit = document_fixtures(DOC_ID)
FOLDER = ROOT / DOC_ID
SIGLA = ["B1", "B3 a.c.", "B3 p.c.", "A", "PR", "PSS", "IMT", "CWF"]
ATTESTATION = {
    "B1": "partial",
    "B3 a.c.": "partial",
    "B3 p.c.": "partial",
    "A": "partial",
    "PR": "partial",
    "PSS": "complete",
    "IMT": "complete",
    "CWF": "partial",
}
CLAUSE = ("ни", "генсека", ",", "ни", "кого-либо", "из", "других", "членов", "ЦК")


# -- manifest (the generic checks are in test_corpus_files.py) ------------------------------------


def test_manifest_lists_the_witnesses_chronologically(doc: corpus.CorpusDocument) -> None:
    assert [w.siglum for w in doc.witnesses] == SIGLA
    dates = [w.date for w in doc.witnesses if w.date]
    assert dates == sorted(dates)
    assert {w.siglum: w.attestation for w in doc.witnesses} == ATTESTATION


# -- V001: the General Secretary clause -----------------------------------------------------------


@pytest.mark.parametrize("siglum", ["B1", "B3 p.c.", "PSS"])
def test_clause_is_present_where_the_catalog_says(wit: dict[str, Witness], siglum: str) -> None:
    w = wit[siglum]
    i = find(w, "ничей", "авторитет", ",", *CLAUSE, ",", "не", "мог")
    clause = w.tokens[i + 2 : i + 4 + len(CLAUSE)]
    if siglum == "PSS":
        assert not any(t.supplied for t in clause)
    else:  # present, but its wording is reported only in English (or not at all)
        assert {(t.supplied, t.reason, t.source) for t in clause} == {(True, "inferred", "PSS")}


@pytest.mark.parametrize(("siglum", "file"), [("B1", "B1.xml"), ("B3 p.c.", "B3.xml")])
def test_clause_wording_is_supplied_as_inferred_with_its_attestation_noted(
    wit: dict[str, Witness], siglum: str, file: str
) -> None:
    root = etree.parse(str(FOLDER / file)).getroot()
    inferred = [s for s in root.iter(f"{TEI}supplied") if s.get("reason") == "inferred"]
    clause = [s for s in inferred if "генсека" in "".join(s.itertext())]
    assert clause
    for s in inferred:
        assert s.get("resp") == "#encoder"
        assert s.get("source") == "#PSS"
        assert s.get("cert") in {"low", "medium"}
    notes = [n for _, n in notes_of(wit[siglum]) if n.n == "V001"]
    assert [n.type for n in notes] == ["attestation", "open-question"]
    assert "General Secretary" in notes[0].text


def test_b3_marginal_words_are_marked_abbreviated() -> None:
    """Sakharov: the marginal words are abbreviated; their abbreviated form is not reported."""
    root = etree.parse(str(FOLDER / "B3.xml")).getroot()
    (margin,) = [a for a in root.iter(f"{TEI}add") if a.get("place") == "margin"]
    assert [e.text for e in margin.iter(f"{TEI}expan")] == ["других", "членов"]
    assert [s.get("cert") for s in margin.iter(f"{TEI}supplied")] == ["low"]
    (above,) = [a for a in root.iter(f"{TEI}add") if a.get("place") == "above"]
    assert [s.get("cert") for s in above.iter(f"{TEI}supplied")] == ["medium"]


@pytest.mark.parametrize("siglum", ["B3 a.c.", "A", "PR"])
def test_clause_is_absent_where_the_catalog_says(wit: dict[str, Witness], siglum: str) -> None:
    w = wit[siglum]
    assert not has(w, "генсека")
    find(w, "ничей", "авторитет", "не", "мог", "помешать")


def test_b3_insertion_is_by_the_unidentified_hand_above_the_line_and_in_the_margin(
    wit: dict[str, Witness],
) -> None:
    pc = wit["B3 p.c."]
    i = find(pc, *CLAUSE)
    assert {t.hand for t in pc.tokens[i : i + len(CLAUSE)]} == {"hInsert"}
    assert [t.unclear for t in pc.tokens[i + 5 : i + 7]] == [True, True]  # «из других»
    hands = {h.xml_id: h.scribe for h in pc.metadata.hands}
    assert hands["hInsert"] == "unidentified"
    tree = etree.parse(str(FOLDER / "B3.xml"))
    places = [a.get("place") for a in tree.iter("{http://www.tei-c.org/ns/1.0}add")]
    assert places == ["above", "margin"]
    # the two states differ by the clause and nothing else
    assert len(pc.tokens) - len(wit["B3 a.c."].tokens) == len(CLAUSE) + 2


def test_b1_clause_is_typed_not_added(wit: dict[str, Witness]) -> None:
    w = wit["B1"]
    i = find(w, *CLAUSE)
    assert all(t.hand is None for t in w.tokens[i : i + len(CLAUSE)])


def test_open_questions_are_stated_where_the_russian_wording_is_not_reported(
    wit: dict[str, Witness],
) -> None:
    for siglum in ("B1", "B3 p.c."):
        kinds = [n.type for _, n in notes_of(wit[siglum])]
        assert "open-question" in kinds, siglum


# -- attestation ----------------------------------------------------------------------------------


def test_pravda_is_context_except_its_signature_and_the_missing_clause(
    wit: dict[str, Witness],
) -> None:
    pr = wit["PR"]
    attested = [t.text for t in pr.tokens if not t.supplied]
    assert attested == ["Н", ".", "Ленин"]
    assert all(t.source == "PSS" for t in pr.tokens if t.supplied)
    i = find(pr, "ничей", "авторитет")
    assert any(n.type == "attestation" for n in pr.tokens[i + 1].notes)


@pytest.mark.parametrize(
    ("siglum", "file", "when", "source"),
    [
        ("B1", "B1.xml", "1923-01-22", "#sakharov2003-p301"),
        ("B3 a.c.", "B3.xml", "1923-01-23", "#sakharov2003-p301"),
        ("A", "A.xml", "1923-01-23", "#sakharov2003-p299"),
    ],
)
def test_dates_of_the_typescripts(
    wit: dict[str, Witness], siglum: str, file: str, when: str, source: str
) -> None:
    """V002: the day is attested (the date's @when and @source), the date line's words are not."""
    w = wit[siglum]
    i = find(w, when[-2:], "января", "1923", "года", ".")
    assert {(t.reason, t.source) for t in w.tokens[i : i + 5]} == {("inferred", "PSS")}
    root = etree.parse(str(FOLDER / file)).getroot()
    body = root.find(f"{TEI}text")
    assert body is not None
    (date,) = body.iter(f"{TEI}date")
    assert (date.get("when"), date.get("source")) == (when, source)
    assert [n.type for n in w.tokens[i + 4].notes] == ["open-question"]
    assert has(wit["PSS"], "23", "января", "1923", "года", ".")
    assert not wit["PSS"].tokens[find(wit["PSS"], "23", "января")].supplied


def test_pss_has_no_ocr_residue(wit: dict[str, Witness]) -> None:
    text = wit["PSS"].text
    for junk in ("TTC", "Τ", "Раб крин", "216", "В. И. ЛЕНИН", "вытекающее, отсюда"):
        assert junk not in text
    assert sum(t.text == "ЦК" for t in wit["PSS"].tokens) == 15


# -- editorial notes and glosses ------------------------------------------------------------------


def test_pss_endnote_216_at_the_subtitle_and_the_imprint(wit: dict[str, Witness]) -> None:
    pss = wit["PSS"]
    eds = [(token, n) for token, n in notes_of(pss) if n.type == "editorial"]
    assert [(token, n.n, n.resp, n.place) for token, n in eds] == [(")", "216", "#edPSS", "end")]
    note = eds[0][1]
    assert note.text.startswith("Статья «Как нам реорганизовать Рабкрин» непосредственно связана")
    assert "19, 20, 22 и 23 января Ленин продиктовал второй, окончательный вариант" in note.text
    assert note.text.endswith("создал объединенный орган ЦКК — РКИ. — 383.")
    assert "генсек" not in note.text  # the clause is printed without comment: silently
    (imprint,) = [n for _, n in notes_of(pss) if n.type == "imprint"]
    assert imprint.resp == "#edPSS"
    assert "Печатается по записи секретаря" in imprint.text
    assert "Подпись: Н. Ленин" in imprint.text


def test_imt_gloss_is_editorial_and_its_footnote_attaches_to_the_subtitle(
    wit: dict[str, Witness],
) -> None:
    imt = wit["IMT"]
    i = find(imt, "General", "Secretary", "[", "Stalin", "]", "nor")
    gloss = imt.tokens[i + 2 : i + 5]
    assert all(t.supplied and t.reason == "editorial-gloss" for t in gloss)
    assert not imt.tokens[i + 1].supplied
    j = find(imt, "Party", "Congress", ")")
    (note,) = imt.tokens[j + 2].notes
    assert note.type == "imprint"  # a source line, not an editorial comment
    assert note.n == "11"
    assert "LCW, vol. 33" in note.text
    assert has(imt, "not", "concurrent", "with")
    assert has(imt, "advantages", "occurring")


def test_furr_quotation_carries_its_readings_gloss_and_elision(wit: dict[str, Witness]) -> None:
    cwf = wit["CWF"]
    i = find(cwf, "not", "commensurate", "with")
    assert not cwf.tokens[i + 1].supplied
    assert has(cwf, "advantages", "accruing")
    j = find(cwf, "[", "gensec", "in", "the", "Russian", "original", "]")
    assert cwf.tokens[j].reason == "editorial-gloss"
    assert [lac.reason for lac in cwf.lacunae] == ["elided-by-quoting-author"]
    assert any(t.supplied and t.source == "IMT" for t in cwf.tokens)
