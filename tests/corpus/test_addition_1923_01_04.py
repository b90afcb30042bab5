"""The corpus document D04, the Addition of 4 January 1923 («Сталин слишком груб…»).

Readings of the catalog (V033-V035): a titled «Addition» in CW 36 against an untitled «P.S.»
in the IMT reprint, «Secretary-General» / «General Secretary», the signature «Lenin» that the
reprint lacks. The gold file is checked against the witnesses in ``test_corpus_files.py``.
"""

from __future__ import annotations

from corpus_checks import document_fixtures, find, has, manifest, notes, words

from witnesscollate import corpus
from witnesscollate.model import Witness

DOC_ID = "addition-1923-01-04"
doc, wit = document_fixtures(DOC_ID)
SIGLA = ["PSS", "CWF", "IMT"]
ATTESTATION = {"PSS": "complete", "CWF": "complete", "IMT": "complete"}


def test_manifest_witnesses_and_stemma(doc: corpus.CorpusDocument) -> None:
    assert [w.siglum for w in doc.witnesses] == SIGLA
    assert {w.siglum: w.attestation for w in doc.witnesses} == ATTESTATION
    stemma = {g["name"]: g["stemma"] for g in manifest(DOC_ID)["groups"]}
    assert stemma["ru"]["PSS"]["exemplars"] == []
    assert stemma["ru"]["PSS"]["relation"] == "edition"
    assert "машинописный экземпляр" in stemma["ru"]["PSS"]["source"]  # the PSS imprint
    assert stemma["en"]["IMT"] == {"exemplars": ["LCW"], "relation": "reprint"}
    # Furr's quotation and the reprint are siblings: both from the unheld English CW
    assert stemma["en"]["CWF"] == {"exemplars": ["LCW"], "relation": "quotation"}


def test_v033_a_titled_addition_or_a_postscript(wit: dict[str, Witness]) -> None:
    assert words(wit["CWF"])[:9] == [
        "ADDITION",
        "TO",
        "THE",
        "LETTER",
        "OF",
        "DECEMBER",
        "24",
        ",",
        "1922",
    ]
    assert words(wit["IMT"])[:6] == ["P.S.", "Stalin", "is", "too", "rude", "and"]
    assert not has(wit["IMT"], "ADDITION")
    assert words(wit["PSS"])[:5] == ["ДОБАВЛЕНИЕ", "К", "ПИСЬМУ", "ОТ", "24"]


def test_v034_secretary_general_or_general_secretary(wit: dict[str, Witness]) -> None:
    assert has(wit["CWF"], "intolerable", "in", "a", "Secretary-General", ".")
    assert has(wit["IMT"], "intolerable", "in", "a", "General", "Secretary", ".")
    assert not has(wit["IMT"], "Secretary-General")
    assert has(wit["PSS"], "нетерпимым", "в", "должности", "генсека", ".")


def test_v035_signature_only_in_cw(wit: dict[str, Witness]) -> None:
    cwf = wit["CWF"]
    i = find(cwf, "Lenin", "Taken", "down", "by", "L.F.")
    assert words(cwf)[i + 5 : i + 9] == ["January", "4", ",", "1923"]
    assert not has(wit["IMT"], "Lenin")
    assert has(wit["IMT"], "Taken", "down", "by", "L.F.", "January", "4", ",", "1923")
    # the OCR puts the PSS signature after the number of the next dictation; restored here
    assert words(wit["PSS"])[-11:] == [
        "Ленин",
        "Записано",
        "Л",
        ".",
        "Ф",
        ".",
        "4",
        "января",
        "1923",
        "г",
        ".",
    ]


def test_minor_is_the_cw_editors_bracketed_insertion_in_both_printings(
    wit: dict[str, Witness],
) -> None:
    for siglum in ("CWF", "IMT"):
        w = wit[siglum]
        i = find(w, "not", "a", "[", "minor", "]", "detail")
        glossed = w.tokens[i + 2 : i + 5]
        assert all(t.supplied and t.reason == "editorial-gloss" for t in glossed), siglum
        assert not w.tokens[i].supplied


def test_pss_endnote_208_at_the_heading_and_the_imprint(wit: dict[str, Witness]) -> None:
    pss = wit["PSS"]
    head_notes = pss.tokens[find(pss, "1922", "г", ".") + 2].notes
    n208 = [n for n in head_notes if n.n == "208"]
    assert len(n208) == 1
    assert n208[0].type == "editorial"
    assert n208[0].resp == "#edPSS"
    assert "4 января 1923 года (Добавление к письму от 24 декабря 1922 года)" in n208[0].text
    imprints = [n.text for _, n in notes(pss) if n.type == "imprint"]
    assert imprints == [
        "Впервые напечатано в 1956 г. в журнале «Коммунист» № 9. Печатается по записи секретаря (машинописный экземпляр)"
    ]
