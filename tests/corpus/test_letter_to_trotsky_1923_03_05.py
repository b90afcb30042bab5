"""The corpus document D08 (Lenin to Trotsky, 5 March 1923) with the secretary's addendum D09.

Readings of the catalog (V055-V063): secrecy heading, salutation, "persecution"/"prosecution",
closing formula, subscription, and where each edition puts the secretary's addendum.
"""

from __future__ import annotations

from corpus_checks import document_fixtures, find, has, notes

from witnesscollate import corpus
from witnesscollate.model import Witness

DOC_ID = "letter-to-trotsky-1923-03-05"
doc, wit = document_fixtures(DOC_ID)
SIGLA = ["TRO30", "PSS", "IMT", "CWF"]
ATTESTATION = {"TRO30": "complete", "PSS": "complete", "IMT": "complete", "CWF": "complete"}


# -- manifest (the generic checks are in test_corpus_files.py) ------------------------------------


def test_manifest_lists_the_witnesses_chronologically(doc: corpus.CorpusDocument) -> None:
    assert [w.siglum for w in doc.witnesses] == SIGLA
    dates = [w.date for w in doc.witnesses if w.date]
    assert dates == sorted(dates)
    assert {w.siglum: w.attestation for w in doc.witnesses} == ATTESTATION


def test_v055_secrecy_heading(wit: dict[str, Witness]) -> None:
    assert has(wit["PSS"], "Строго", "секретно", "Лично", "Уважаемый", "тов", ".", "Троцкий", "!")
    assert has(wit["CWF"], "Top", "secret", "Personal", "Dear")
    assert has(wit["IMT"], "Top", "secret", "Dear")
    assert not has(wit["IMT"], "Personal")
    assert has(wit["TRO30"], "Strictly", "secret", ".", "Personal", "Esteemed")


def test_v057_persecution_or_prosecution(wit: dict[str, Witness]) -> None:
    assert has(wit["CWF"], "under", '"', "persecution", '"', "by", "Stalin")
    assert has(wit["IMT"], "under", "“", "persecution", "”", "by", "Stalin")
    assert has(wit["TRO30"], "under", "“", "prosecution", "”", "at", "the", "hands")
    assert has(wit["PSS"], "под", "«", "преследованием", "»", "Сталина")


def test_v058_closing_formula(wit: dict[str, Witness]) -> None:
    assert has(wit["CWF"], "With", "best", "comradely", "greetings", ",", "Lenin")
    assert has(wit["IMT"], "With", "best", "comradely", "greetings", ",")
    assert has(wit["TRO30"], "With", "the", "very", "best", "comradely", "greetings", ",")
    assert has(wit["PSS"], "С", "наилучшим", "товарищеским", "приветом", "Ленин")


def test_v059_subscription(wit: dict[str, Witness]) -> None:
    assert has(wit["CWF"], "Dictated", "by", "phone", "on", "March", "5", ",", "1923")
    assert has(wit["TRO30"], "Dictated", "to", "M.V.", "March")
    assert not has(wit["TRO30"], "Lenin")
    assert not has(wit["IMT"], "Lenin")
    assert has(wit["PSS"], "Продиктовано", "по", "телефону", "5", "марта", "1923", "г", ".")


def test_secretarys_addendum_is_text_in_trotsky_and_an_editorial_note_elsewhere(
    wit: dict[str, Witness],
) -> None:
    tro = wit["TRO30"]
    assert has(tro, "Kamenev", "is", "going", "to", "Georgia", "Wednesday")
    assert has(tro, "Signed", ",", "M", ".", "Volodichiva")
    pss = wit["PSS"]
    assert not has(pss, "Грузию")
    i = find(pss, "Л", ".", "Д", ".", "ТРОЦКОМУ")
    n539, foot = pss.tokens[i + 4].notes
    assert n539.n == "539"
    assert n539.resp == "#edPSS"
    assert foot.type == "editorial"
    assert foot.place == "foot"
    assert "т. Каменев едет в Грузию в среду" in foot.text
    assert foot.text.endswith("Ред.")
    imt = wit["IMT"]
    assert not has(imt, "Georgia", "on", "Wednesday")
    n13 = [n for _, n in notes(imt) if n.n == "13"]
    assert len(n13) == 1
    assert "Kamenev is going to Georgia on Wednesday" in n13[0].text
    assert not any("Georgia on Wednesday" in n.text for _, n in notes(wit["CWF"]))


def test_pss_endnote_540_and_imprint(wit: dict[str, Witness]) -> None:
    texts = {n.n: n for _, n in notes(wit["PSS"])}
    assert "Володичевой" in texts["540"].text
    assert texts["540"].type == "editorial"
    imprint = [n for _, n in notes(wit["PSS"]) if n.place == "bottom"]
    assert [(n.type, n.text) for n in imprint] == [("imprint", "Печатается по машинописной копии")]
    # the reprint's and Furr's source lines are imprints, not editorial comments
    assert [n.type for _, n in notes(wit["IMT"]) if n.n == "12"] == ["imprint"]
    assert [n.type for _, n in notes(wit["CWF"])] == ["imprint"]
