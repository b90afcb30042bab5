"""The corpus document D19, Lenin's instructions of 14 February 1923 as written down by Fotieva.

Readings of the catalog (V105-V110): the CW 42 note and Lewin's quotation render «3 момента»
differently, Lewin inverts the terms of the third point, adds «(of the incident)» and leaves out
the last sentences. The Russian is the PSS endnote 293.
"""

from __future__ import annotations

from corpus_checks import document_fixtures, find, has, manifest, notes, words

from witnesscollate import corpus
from witnesscollate.model import Witness

DOC_ID = "instructions-1923-02-14"
doc, wit = document_fixtures(DOC_ID)
SIGLA = ["PSS", "CW42", "LEW"]
ATTESTATION = {"PSS": "complete", "CW42": "complete", "LEW": "partial"}


def test_manifest_witnesses_and_stemma(doc: corpus.CorpusDocument) -> None:
    assert [w.siglum for w in doc.witnesses] == SIGLA
    assert {w.siglum: w.attestation for w in doc.witnesses} == ATTESTATION
    stemma = {g["name"]: g["stemma"] for g in manifest(DOC_ID)["groups"]}
    assert {e["relation"] for e in stemma["en"].values()} == {"translation"}
    assert all(e["exemplars"] == [] for e in stemma["en"].values())


def test_pss_endnote_text_with_the_editors_glosses(wit: dict[str, Witness]) -> None:
    pss = wit["PSS"]
    assert has(
        pss, "3", "момента", ":", "1", ".", "Нельзя", "драться", ".", "2", ".", "Нужны", "уступки"
    )
    assert has(pss, "на", "стороне", "обиженного", ".")
    i = find(pss, "(", "В", ".", "И", ".", "Ленин", ".", "—", "Ред", ".", ")")
    assert {t.reason for t in pss.tokens[i : i + 11]} == {"editorial-gloss"}
    assert [n.n for _, n in notes(pss)] == ["293"]
    assert words(pss)[-5:] == ["Собрать", "Владимиру", "Ильичу", "печатные", "материалы"]


def test_v105_to_v108_the_three_points(wit: dict[str, Witness]) -> None:
    cw, lew = wit["CW42"], wit["LEW"]
    assert has(cw, "3", "moments", ":", "1", ".", "One", "should", "not", "fight", ".")
    assert has(cw, "2", ".", "Concessions", "should", "be", "made", ".")
    assert has(cw, "compare", "a", "large", "State", "with", "a", "small", "one", ".")
    i = find(
        lew, "Three", "elements", ":", "(", "1", ")", "it", "is", "not", "permitted", "to", "strike"
    )
    assert lew.tokens[i].evidence == ("lewin-p98",)
    assert has(lew, "(", "2", ")", "concessions", "are", "indispensable", ";")
    assert has(lew, "compare", "a", "small", "State", "with", "a", "large", "one", ".")


def test_v109_v110_the_question_and_the_last_sentences(wit: dict[str, Witness]) -> None:
    cw, lew = wit["CW42"], wit["LEW"]
    assert has(cw, "Did", "Stalin", "know", "?", "Why", "didn’t", "he", "react", "?")
    i = find(lew, "Did", "Stalin", "know", "(", "of", "the", "incident", ")", "?")
    assert {t.reason for t in lew.tokens[i + 3 : i + 8]} == {"editorial-gloss"}
    assert words(lew)[-5:] == ["do", "something", "about", "it", "?"]
    assert not has(lew, "deviationist")
    assert has(cw, "Collect", "printed", "matter", "for", "Vladimir", "Ilyich", ".")
    assert lew.tokens[0].supplied  # the first paragraph is not reported from Lewin
