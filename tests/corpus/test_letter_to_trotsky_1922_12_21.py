"""The corpus document D13, Lenin's letter to Trotsky of 21 December 1922 (taken down by Krupskaya).

Readings of the catalog (V081-V087): Krupskaya's postscript (in the PSS only in endnote 538, left
out of CW 45, translated from the PSS by the IMT reprint), her covering note at the head of
Trotsky's copy, and the CW/IMT differences of punctuation, capitals, rendering and the date.
"""

from __future__ import annotations

from corpus_checks import document_fixtures, find, has, manifest, notes, words

from witnesscollate import corpus
from witnesscollate.model import Witness

DOC_ID = "letter-to-trotsky-1922-12-21"
doc, wit = document_fixtures(DOC_ID)
SIGLA = ["TA", "PSS", "CWF", "IMT"]
ATTESTATION = {"TA": "partial", "PSS": "complete", "CWF": "complete", "IMT": "complete"}


def test_manifest_witnesses_and_stemma(doc: corpus.CorpusDocument) -> None:
    assert [w.siglum for w in doc.witnesses] == SIGLA
    assert {w.siglum: w.attestation for w in doc.witnesses} == ATTESTATION
    stemma = {g["name"]: g["stemma"] for g in manifest(DOC_ID)["groups"]}
    assert stemma["ru"]["PSS"] == {"exemplars": ["TA"], "relation": "edition"}
    assert stemma["ru"]["TA"]["relation"] == "copy"
    assert stemma["en"]["IMT"] == {"exemplars": ["LCW"], "relation": "reprint"}


def test_v082_covering_note_is_text_in_trotskys_copy_and_a_note_in_the_pss(
    wit: dict[str, Witness],
) -> None:
    ta = wit["TA"]
    assert words(ta)[:4] == ["Лев", "Давыдович", ".", "Проф"]
    i = find(ta, "Проф", ".", "Ферстер", "разрешил", "сегодня")
    assert all(not t.supplied and t.evidence == ("furr-ch6",) for t in ta.tokens[: i + 5])
    assert ta.tokens[
        find(ta, "Как", "будто", "удалось")
    ].supplied  # the letter's wording is not reported
    pss = wit["PSS"]
    assert not has(pss, "Ферстер")
    n538 = [n for t, n in notes(pss) if n.n == "538"]
    assert len(n538) == 1
    assert n538[0].type == "editorial"
    assert "«Лев Давидович! Профессор Ферстер разрешил сегодня Владимиру Ильичу" in n538[0].text
    assert [t for t, n in notes(pss) if n.n == "538"] == ["ТРОЦКОМУ"]


def test_v081_postscript(wit: dict[str, Witness]) -> None:
    imt = wit["IMT"]
    i = find(imt, "P.S.", "Vladimir", "Ilyich", "also", "asks", "that", "you", "telephone")
    j = find(imt, "Ulyanova", "[", "Krupskaya", "]")
    assert [t.reason for t in imt.tokens[j : j + 4]] == [None] + ["editorial-gloss"] * 3
    n8 = [n for t, n in notes(imt) if n.n == "8"]
    assert n8[0].type == "editorial"
    assert "omitted from the English edition" in n8[0].text
    assert i > find(imt, "N", ".", "Lenin")
    assert not has(wit["CWF"], "P.S.")
    assert not has(wit["CWF"], "P", ".", "S", ".")
    pss = wit["PSS"]
    assert not has(pss, "позвонить")
    assert (
        "«Владимир Ильич просит также позвонить ему ответ. Н. К. Ульянова»"
        in pss.tokens[find(pss, "ТРОЦКОМУ")].notes[0].text
    )
    # whether Trotsky's copy has the postscript is not reported: a lacuna, not an omission
    assert [lac.reason for lac in wit["TA"].lacunae] == ["unattested"]


def test_v083_to_v086_cw_and_imt_renderings(wit: dict[str, Witness]) -> None:
    cwf, imt = wit["CWF"], wit["IMT"]
    assert has(cwf, "continue", "the", "offensive", ",", "and", "for", "that", "purpose")
    assert has(imt, "continue", "the", "offensive", "and", "for", "that", "purpose")
    assert has(cwf, "raise", "at", "the", "Party", "congress")
    assert has(imt, "raise", "at", "the", "party", "congress")
    assert has(cwf, "foreign", "trade", ",", "and", "the", "measures", "to", "improve")
    assert has(imt, "foreign", "trade", "and", "of", "measures", "to", "improve")
    assert has(cwf, "announced", "in", "the", "group", "of", "the", "Congress", "of", "Soviets")
    assert has(imt, "announced", "in", "our", "fraction", "at", "the", "Congress", "of", "Soviets")


def test_v087_the_date_after_the_signature_or_under_the_title(wit: dict[str, Witness]) -> None:
    assert words(wit["CWF"])[-7:] == ["N", ".", "Lenin", "December", "21", ",", "1922"]
    assert words(wit["IMT"])[:7] == ["To", "Leon", "Trotsky", "December", "21", ",", "1922"]
    assert not has(wit["IMT"], "Lenin", "December")
    assert has(
        wit["PSS"], "на", "фракции", ".", "21", "декабря", "1922", "г", ".", "Н", ".", "Ленин"
    )
