"""The corpus document D07, «К вопросу о национальностях или об «автономизации»» (30-31 December 1922).

Readings of the catalog (V045-V052): the English renderings of the PSS text — CW 36 as Furr quotes
it, its IMT reprint (with «[Stalin]»), Trotsky's translation of 1930, Furr's and Sakharov's
renderings. V053 (dating statements) and V054 (Mdivani's inaccurate citation) are not encodable.
"""

from __future__ import annotations

from corpus_checks import document_fixtures, find, has, manifest, notes, words

from witnesscollate import corpus
from witnesscollate.model import Witness

DOC_ID = "nationalities-1922-12-30"
doc, wit = document_fixtures(DOC_ID)
SIGLA = ["PSS", "TRO30", "CWF", "IMT", "FUR"]
ATTESTATION = {
    "PSS": "complete",
    "TRO30": "partial",
    "CWF": "partial",
    "IMT": "complete",
    "FUR": "partial",
}


def test_manifest_witnesses_and_stemma(doc: corpus.CorpusDocument) -> None:
    assert [w.siglum for w in doc.witnesses] == SIGLA
    assert {w.siglum: w.attestation for w in doc.witnesses} == ATTESTATION
    stemma = {g["name"]: g["stemma"] for g in manifest(DOC_ID)["groups"]}
    assert stemma["en"]["IMT"] == {"exemplars": ["LCW"], "relation": "reprint"}
    assert [s for s, e in stemma["en"].items() if e["relation"] == "translation"] == [
        "TRO30",
        "FUR",
    ]
    assert stemma["en"]["CWF"] == {"exemplars": ["LCW"], "relation": "quotation"}


def test_pss_text_endnote_and_footnotes(wit: dict[str, Witness]) -> None:
    pss = wit["PSS"]
    assert has(pss, "вопросом", "о", "союзе", "советских", "социалистических", "республик", ".")
    assert has(pss, "следует", "сделать", ",", "конечно", ",", "Сталина", "и", "Дзержинского", ".")
    assert has(pss, "Ленин", "30", ".", "XII", ".", "22", "г", ".", "Записано", "М", ".", "В", ".")
    pss_notes = [n for _, n in notes(pss)]
    assert [n.n for n in pss_notes if n.n] == ["210"]
    struck = [n for n in pss_notes if "зачеркнут" in n.text]
    assert len(struck) == 1
    assert [t for t, n in notes(pss) if n is struck[0]] == ["?"]


def test_v045_union_of(wit: dict[str, Witness]) -> None:
    cwf = wit["CWF"]
    i = find(cwf, "the", "question", "of", "the", "union", "of", "Soviet", "socialist", "republics")
    assert cwf.tokens[i].evidence == ("furr-ch5",)
    assert has(
        wit["IMT"],
        "called",
        "the",
        "question",
        "of",
        "the",
        "Soviet",
        "Socialist",
        "Republics",
        ".",
    )


def test_v046_v047_the_renderings_of_stalins_responsibility_and_haste(
    wit: dict[str, Witness],
) -> None:
    for siglum in ("CWF", "IMT"):
        assert has(wit[siglum], "must", ",", "of", "course", ",", "be", "laid", "on", "Stalin"), (
            siglum
        )
    assert has(
        wit["FUR"],
        "Stalin",
        "and",
        "Dzerzhinsky",
        "must",
        "be",
        "made",
        "politically",
        "responsible",
    )
    tro = wit["TRO30"]
    i = find(
        tro, "It", "is", "of", "course", "necessary", "to", "hold", "Stalin", "and", "Dzerzhinsky"
    )
    assert tro.tokens[i].evidence == ("trotsky1930",)
    assert has(tro, "the", "notorious", "“", "social", "chauvinism", "”", ".")
    assert not has(tro, "note", "of", "December")  # his attribution is not the text
    assert has(wit["IMT"], "the", "notorious", "“", "nationalist-socialism", "”", ",", "played")


def test_v048_the_georgian_stalin_and_sakharovs_rendering(wit: dict[str, Witness]) -> None:
    imt = wit["IMT"]
    i = find(imt, "The", "Georgian", "[", "Stalin", "]", "who")
    assert [t.reason for t in imt.tokens[i + 2 : i + 5]] == ["editorial-gloss"] * 3
    fur = wit["FUR"]
    j = find(fur, "That", "he", "who", "not", "only", "“", "dismissively", "throws")
    assert fur.tokens[j].evidence == ("sakharov2003-ch5",)
    assert has(fur, "but", "also", "a", "rude", "Great", "Russian", "bully")
    assert not has(fur, "Georgian", "[", "Stalin", "]")


def test_v049_to_v052_the_third_point(wit: dict[str, Witness]) -> None:
    cwf, imt, fur = wit["CWF"], wit["IMT"], wit["FUR"]
    assert has(cwf, "Comrade", "Orjonikidze", "(", "I", "say")
    assert has(imt, "Comrade", "Ordzhonikidze", "(", "I", "say")
    assert has(cwf, "Obviously", ",", "the", "whole", "business")
    assert has(imt, "Obviously", "the", "whole", "business")
    assert has(
        cwf, "wrongs", "and", "biased", "judgements", "which", "it", "doubtlessly", "contains"
    )
    assert has(
        imt, "wrongs", "and", "biased", "judgments", "which", "it", "doubtlessly", "contains"
    )
    assert has(
        fur, "to", "follow", "up", "on", "or", "investigate", "anew", "all", "the", "materials"
    )
    assert has(fur, "errors", "and", "biased", "judgments", "that", "undoubtedly", "exist", "there")
    assert words(fur).count("Ordzhonikidze") == words(imt).count("Ordzhonikidze")  # context only
