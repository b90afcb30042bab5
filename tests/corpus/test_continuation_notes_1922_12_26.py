"""The corpus document D06, the notes of 26-29 December 1922 (parts III-VII of «Письмо к съезду»).

Readings of the catalog (V039-V044): the titles (CW 36 «the State Planning Commission» against the
IMT reprint's «Gosplan»; the title of 29 December that the reprint lacks; the reprint's own title
for 26 December) and the Krzhizhanovsky-Pyatakov sentence of 27 December. CW 36 is known only
through Furr's quotations: the rest of CWF is the reprint's text, unattested.
"""

from __future__ import annotations

from corpus_checks import document_fixtures, find, has, manifest, notes, words

from witnesscollate import corpus
from witnesscollate.model import Witness

DOC_ID = "continuation-notes-1922-12-26"
doc, wit = document_fixtures(DOC_ID)
SIGLA = ["PSS", "CWF", "IMT"]
ATTESTATION = {"PSS": "complete", "CWF": "partial", "IMT": "complete"}


def test_manifest_witnesses_and_stemma(doc: corpus.CorpusDocument) -> None:
    assert [w.siglum for w in doc.witnesses] == SIGLA
    assert {w.siglum: w.attestation for w in doc.witnesses} == ATTESTATION
    groups = {g["name"]: g for g in manifest(DOC_ID)["groups"]}
    assert groups["en"]["base"] == "IMT"
    assert groups["en"]["stemma"]["IMT"] == {"exemplars": ["LCW"], "relation": "reprint"}


def test_pss_holds_parts_iii_to_vii_with_the_ocr_repaired(wit: dict[str, Witness]) -> None:
    pss = wit["PSS"]
    for number in ("III", "IV", "V", "VI", "VII"):
        assert number in words(pss), number
    # «Τ TTC» read as «ЦК», «РКП» as «РКИ», the dates the OCR lost restored
    assert has(pss, "входя", "в", "состав", "ЦК", ",", "могут")
    assert has(pss, "РКИ", ",", "которой", "принадлежала")
    assert has(pss, "Ленин", "27", ".", "XII", ".", "22", "г", ".", "Записано", "М", ".", "В", ".")
    assert has(pss, "решений", "Госплана", ".", "28", ".", "XII", ".", "22", "г", ".")
    assert has(pss, "Записано", "Л", ".", "Ф", ".", "28", ".", "XII", ".", "22", "г", ".")
    assert "TTC" not in pss.text
    n209 = [n for t, n in notes(pss) if n.n == "209"]
    assert len(n209) == 1
    assert n209[0].type == "editorial"
    assert "Письмо «О придании законодательных функций Госплану»" in n209[0].text


def test_v039_title_of_27_december(wit: dict[str, Witness]) -> None:
    cwf, imt = wit["CWF"], wit["IMT"]
    i = find(
        cwf, "Granting", "Legislative", "Functions", "to", "the", "State", "Planning", "Commission"
    )
    assert all(not t.supplied for t in cwf.tokens[i : i + 8])
    assert has(imt, "Granting", "Legislative", "Functions", "to", "Gosplan", "December", "27")
    n10 = [n for t, n in notes(imt) if n.n == "10"]
    assert [n.type for n in n10] == ["imprint"]  # a bibliographic line signals nothing


def test_v040_to_v042_the_krzhizhanovsky_pyatakov_sentence(wit: dict[str, Witness]) -> None:
    cwf, imt = wit["CWF"], wit["IMT"]
    assert has(
        cwf, "against", "the", "Chairman", "of", "the", "State", "Planning", "Commission", ","
    )
    assert has(imt, "against", "the", "Chairman", "of", "Gosplan", ",")
    assert has(cwf, "etc", ".", "—", "I", "think", "these", "attacks")
    assert has(imt, "etc", ".", "I", "think", "these", "attacks")
    assert has(
        cwf, "a", "skillful", "combination", "in", "the", "State", "Planning", "Commission", "of"
    )
    assert has(imt, "a", "skilful", "combination", "in", "Gosplan", "of")
    quoted = cwf.tokens[find(cwf, "skillful")]
    assert not quoted.supplied
    assert quoted.evidence == ("furr-ch3",)


def test_v043_title_of_29_december_only_in_cw(wit: dict[str, Witness]) -> None:
    title = ("(", "Addition", "to", "the", "Section", "on", "Increasing", "the", "Number")
    assert has(wit["CWF"], *title)
    assert not has(wit["IMT"], "Addition", "to", "the", "Section")
    assert has(wit["PSS"], "(", "К", "ОТДЕЛУ", "ОБ", "УВЕЛИЧЕНИИ", "ЧИСЛА", "ЧЛЕНОВ", "ЦК", ")")
    cwf_notes = [n for t, n in notes(wit["CWF"]) if t == ")"]
    assert any(n.type == "open-question" for n in cwf_notes)


def test_v044_the_reprints_title_of_26_december_is_a_lacuna_in_cw(wit: dict[str, Witness]) -> None:
    assert words(wit["IMT"])[:7] == [
        "Note",
        "on",
        "Enlargement",
        "of",
        "the",
        "Central",
        "Committee",
    ]
    cwf = wit["CWF"]
    assert not has(cwf, "Note", "on", "Enlargement")
    assert [(lac.position, lac.reason) for lac in cwf.lacunae] == [(0, "unattested")]
    assert cwf.tokens[0].supplied  # «December 26, 1922» is the reprint's, for context


def test_cw_is_attested_only_where_furr_quotes_it(wit: dict[str, Witness]) -> None:
    cwf = wit["CWF"]
    attested = [t for t in cwf.tokens if not t.supplied]
    assert {e for t in attested for e in t.evidence} == {"furr-intro", "furr-ch2", "furr-ch3"}
    assert len(attested) < len(cwf.tokens) // 10
    assert has(
        cwf,
        "those",
        "“",
        "critics",
        "”",
        "who",
        "point",
        "to",
        "the",
        "defects",
        "of",
        "our",
        "administrative",
    )
