"""The corpus document D10 (Lenin to Mdivani, Makharadze and others, 6 March 1923).

Readings of the catalog (V064-V070): heading and addressees, salutation, the body in three
English renderings, closing and signature, and the editions' notes.
"""

from __future__ import annotations

from corpus_checks import document_fixtures, find, has, notes

from witnesscollate import corpus
from witnesscollate.model import Witness

DOC_ID = "letter-to-mdivani-1923-03-06"
doc, wit = document_fixtures(DOC_ID)
SIGLA = ["TRO30", "PSS", "IMT", "CWF"]
ATTESTATION = {"TRO30": "complete", "PSS": "complete", "IMT": "complete", "CWF": "complete"}


# -- manifest (the generic checks are in test_corpus_files.py) ------------------------------------


def test_manifest_lists_the_witnesses_chronologically(doc: corpus.CorpusDocument) -> None:
    assert [w.siglum for w in doc.witnesses] == SIGLA
    dates = [w.date for w in doc.witnesses if w.date]
    assert dates == sorted(dates)
    assert {w.siglum: w.attestation for w in doc.witnesses} == ATTESTATION


def test_v064_heading_and_addressees(wit: dict[str, Witness]) -> None:
    assert has(wit["PSS"], "Строго", "секретно", "тт", ".", "Мдивани", ",", "Махарадзе")
    assert has(wit["PSS"], "Копия", "—", "тт", ".", "Троцкому", "и", "Каменеву")
    assert has(wit["IMT"], "Top", "secret", "Comrades", "Mdivani", ",", "Makharadze", ",", "and")
    for siglum in ("CWF", "TRO30"):
        assert not has(wit[siglum], "secret"), siglum
    assert has(wit["CWF"], "Comrades", "Mdivani", ",", "Makharadze", "and", "others")
    assert has(wit["TRO30"], "(", "copy", "to", "comrades", "Trotsky", "and", "Kamenev", ")", ":")


def test_v065_salutation(wit: dict[str, Witness]) -> None:
    assert has(wit["PSS"], "Уважаемые", "товарищи", "!")
    assert has(wit["CWF"], "Dear", "Comrades", ":")
    assert has(wit["IMT"], "Dear", "comrades", ",")
    assert has(wit["TRO30"], "Esteemed", "Comrades", ":")


def test_v066_v067_body(wit: dict[str, Witness]) -> None:
    assert has(wit["PSS"], "Всей", "душой", "слежу", "за", "вашим", "делом", ".")
    assert has(wit["PSS"], "Готовлю", "для", "вас", "записки", "и", "речь", ".")
    cwf = wit["CWF"]
    i = find(cwf, "with", "all", "my", "heart", "[")
    assert cwf.tokens[i + 4].reason == "editorial-gloss"
    assert has(cwf, "over", "Orjonikidze’s", "rudeness") or has(
        cwf, "over", "Orjonikidze", "’", "s"
    )
    assert has(wit["IMT"], "following", "your", "case", "with", "all", "my", "heart", ".")
    assert has(wit["TRO30"], "I", "am", "working", "in", "your", "behalf")
    assert has(wit["TRO30"], "rudeness", "of", "Ordjonikidze")


def test_v069_closing_and_signature(wit: dict[str, Witness]) -> None:
    assert has(wit["PSS"], "С", "уважением", "Ленин", "6", "-", "го", "марта", "23", "г", ".")
    assert has(wit["CWF"], "Respectfully", "yours", ",", "Lenin", "March", "6", ",", "1923")
    assert has(wit["IMT"], "Respectfully", "yours", ",")
    assert not has(wit["IMT"], "Lenin")
    assert has(wit["TRO30"], "With", "esteem", ",", "March", "6", ",", "1923")
    assert not has(wit["TRO30"], "Lenin")


def test_editorial_notes_attach_in_their_edition(wit: dict[str, Witness]) -> None:
    pss = wit["PSS"]
    i = find(pss, "МАХАРАДЗЕ", "И", "ДР", ".")
    (n542,) = pss.tokens[i + 3].notes
    assert (n542.n, n542.type) == ("542", "editorial")
    assert [n.type for n in pss.tokens[-1].notes] == ["imprint"]
    assert "последний документ" in n542.text
    imt = wit["IMT"]
    j = find(imt, "and", "Others")
    (n15,) = imt.tokens[j + 1].notes
    assert (n15.n, n15.type) == ("15", "imprint")
    assert n15.text == "LCW, vol. 45, p. 608."
    assert not notes(wit["TRO30"])
