"""The corpus document D12, Stalin's reply to Lenin of 7 March 1923 (not in the PSS or the CW).

Readings of the catalog: V078, the heading that the 1989 publication prints and the manuscript in
Volodicheva's hand lacks; V079 (the two manuscripts) and V080 (Furr's gloss on «Н. Конст.») are
not encodable as variants and are checked here as encoded.
"""

from __future__ import annotations

from corpus_checks import document_fixtures, find, has, manifest, words

from witnesscollate import corpus
from witnesscollate.model import Witness

DOC_ID = "stalin-reply-1923-03-07"
doc, wit = document_fixtures(DOC_ID)
SIGLA = ["ORIGV", "IZV", "FUR"]
ATTESTATION = {"ORIGV": "partial", "IZV": "complete", "FUR": "complete"}


def test_manifest_witnesses_and_stemma(doc: corpus.CorpusDocument) -> None:
    assert [w.siglum for w in doc.witnesses] == SIGLA
    assert {w.siglum: w.attestation for w in doc.witnesses} == ATTESTATION
    groups = {g["name"]: g for g in manifest(DOC_ID)["groups"]}
    assert groups["ru"]["base"] == "IZV"  # not in the PSS
    assert groups["ru"]["stemma"]["IZV"] == {"exemplars": ["ORIGV"], "relation": "edition"}


def test_v078_the_heading_is_the_publications(wit: dict[str, Witness]) -> None:
    izv, origv = wit["IZV"], wit["ORIGV"]
    assert words(izv)[:10] == [
        "Т",
        ".",
        "Ленину",
        "от",
        "Сталина",
        ".",
        "Только",
        "лично",
        ".",
        "т",
    ]
    assert words(origv)[:3] == ["т", ".", "Ленин"]
    assert not has(origv, "Только", "лично")
    assert all(t.supplied and t.source == "IZV" for t in origv.tokens)
    assert has(
        wit["FUR"], "To", "comrade", "Lenin", "from", "Stalin", ".", "Strictly", "personal", "."
    )


def test_izv_ocr_corrections(wit: dict[str, Witness]) -> None:
    izv = wit["IZV"]
    assert "T." not in izv.text  # the Latin T of the OCR is a Cyrillic Т
    assert has(izv, "полит", ".", "информацию")
    assert has(izv, "что-либо", "грубое")


def test_v080_furrs_gloss_on_n_konst(wit: dict[str, Witness]) -> None:
    assert has(wit["IZV"], "с", "тов", ".", "Н", ".", "Конст", ".", ",", "которую")
    fur = wit["FUR"]
    i = find(fur, "N", ".", "Konst", ".", "[", "Natalia", "Konstantinovna")
    assert not fur.tokens[i].supplied
    assert all(t.reason == "editorial-gloss" for t in fur.tokens[i + 4 : i + 7])
