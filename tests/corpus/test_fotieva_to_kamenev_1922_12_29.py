"""The corpus document D15, L. A. Fotieva to L. B. Kamenev of 29 December 1922, with endorsements.

Readings of the catalog: V091, the date «23 / XII» written above the first line of the autograph
(two revision states against the printed text, in English because the autograph's Russian wording
is not in the sources); V092, Trotsky's endorsement, whose Russian transcription lacks words the
English translation has (not encodable as a variant: kept as printed with an open question).
"""

from __future__ import annotations

from corpus_checks import document_fixtures, find, has, manifest, notes

from witnesscollate import corpus
from witnesscollate.model import Witness

DOC_ID = "fotieva-to-kamenev-1922-12-29"
doc, wit = document_fixtures(DOC_ID)
SIGLA = ["AUT a.c.", "AUT p.c.", "RUF", "FUR"]
ATTESTATION = {"AUT a.c.": "partial", "AUT p.c.": "partial", "RUF": "complete", "FUR": "complete"}


def test_manifest_witnesses_and_stemma(doc: corpus.CorpusDocument) -> None:
    assert [w.siglum for w in doc.witnesses] == SIGLA
    assert {w.siglum: w.attestation for w in doc.witnesses} == ATTESTATION
    assert [(w.file, w.state) for w in doc.witnesses[:2]] == [("AUT.xml", "ac"), ("AUT.xml", "pc")]
    groups = {g["name"]: g for g in manifest(DOC_ID)["groups"]}
    assert groups["en"]["stemma"]["AUT p.c."] == {"exemplars": ["AUT a.c."], "relation": "revision"}
    assert groups["ru"]["base"] == "RUF"  # there is no PSS text of this document


def test_v091_date_above_the_line_in_the_autograph(wit: dict[str, Witness]) -> None:
    before = ("Stalin", "on", "Saturday")
    ac, pc, fur = wit["AUT a.c."], wit["AUT p.c."], wit["FUR"]
    assert has(ac, *before, "was", "given")
    assert not has(ac, "23", "/", "XII")
    i = find(pc, *before, "23", "/", "XII", "was")
    inserted = pc.tokens[i + 3 : i + 6]
    assert all(not t.supplied and t.evidence == ("sakharov2003-p282",) for t in inserted)
    assert all(
        t.supplied for t in pc.tokens[i : i + 3]
    )  # the words around it: Furr's English, unattested
    assert has(fur, *before, "23", "/", "XII", "was", "given", "a", "letter")


def test_v092_trotskys_endorsement(wit: dict[str, Witness]) -> None:
    ruf, fur = wit["RUF"], wit["FUR"]
    assert has(
        ruf, "Читал", ".", "Владимира", "Ильича", "разумеется", "цекистов", "не", "рассказывал", "."
    )
    (question,) = [n for t, n in notes(ruf) if n.type == "open-question"]
    assert "words are evidently missing" in question.text
    assert has(
        fur,
        "I",
        "read",
        "it",
        "Of",
        "course",
        ",",
        "I",
        "did",
        "not",
        "tell",
        "any",
        "of",
        "the",
        "Central",
    )


def test_endorsements_with_the_editors_expansions(wit: dict[str, Witness]) -> None:
    ruf = wit["RUF"]
    i = find(ruf, "т", "[", "ов", ".", "]", "Л.А.", "Фотиева")
    assert [t.reason for t in ruf.tokens[i : i + 5]] == [None] + ["editorial-gloss"] * 4
    assert has(ruf, "сего", "29", "/", "XII", "в", "23", "ч", "[", "аса", "]")
    assert has(ruf, "Помета", "И.В.", "Сталина", ":", "Читал", ".", "Сталин", ".", "Только")
    fur = wit["FUR"]
    assert has(fur, "Com", ".", "L.A.", "Fotieva", "came", "to", "me")
    assert not has(fur, "carne")
