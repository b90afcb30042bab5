"""The corpus document D14, N. K. Krupskaya to L. B. Kamenev (23, or 22, December 1922).

Readings of the catalog (V088-V090): the appeal to Kamenev and Zinoviev that the PSS leaves out
(its endnote paraphrases it), the editors' dates, and the appeal in three English renderings.
"""

from __future__ import annotations

from corpus_checks import document_fixtures, find, has, manifest, notes, words

from witnesscollate import corpus
from witnesscollate.model import Witness

DOC_ID = "krupskaya-to-kamenev-1922-12-23"
doc, wit = document_fixtures(DOC_ID)
SIGLA = ["PSS", "IZV", "CWN", "EN1", "EN2"]
ATTESTATION = {
    "PSS": "complete",
    "IZV": "partial",
    "CWN": "complete",
    "EN1": "complete",
    "EN2": "partial",
}


def test_manifest_witnesses_and_stemma(doc: corpus.CorpusDocument) -> None:
    assert [w.siglum for w in doc.witnesses] == SIGLA
    assert {w.siglum: w.attestation for w in doc.witnesses} == ATTESTATION
    stemma = {g["name"]: g["stemma"] for g in manifest(DOC_ID)["groups"]}
    # two printings of the archival original, three independent renderings: no edges
    assert all(e["exemplars"] == [] for g in stemma.values() for e in g.values())
    assert stemma["en"]["CWN"] == {
        "exemplars": [],
        "relation": "translation",
        "source": "PSS (endnote 541)",
    }


def test_v088_the_pss_leaves_out_the_appeal_and_paraphrases_it(wit: dict[str, Witness]) -> None:
    appeal = ("Я", "обращаюсь", "к", "Вам", "и", "к", "Григорию")
    pss, izv = wit["PSS"], wit["IZV"]
    assert not has(pss, *appeal)
    i = find(izv, *appeal)
    assert all(not t.supplied and t.evidence == ("furr-ch6-n35",) for t in izv.tokens[i : i + 7])
    # the paraphrase is the editors' note at the place of the omission, not text
    j = find(pss, "лучше", "Сталина", ".", "от", "грубого", "вмешательства")
    (paraphrase,) = pss.tokens[j + 2].notes
    assert paraphrase.text == "Н. К. Крупская просила оградить ее"
    assert paraphrase.type == "editorial"
    interjection = [n for t, n in notes(pss) if n.text == "— писала далее Крупская, —"]
    assert len(interjection) == 1
    assert has(pss, "Контрольной", "комиссии", ",", "которой", "позволяет")


def test_v089_the_dates_are_the_editors(wit: dict[str, Witness]) -> None:
    pss = wit["PSS"]
    assert not has(pss, "декабря")  # no date in the letter's text ...
    (lead_in,) = pss.tokens[find(pss, "Лев", "Борисович", ",") + 2].notes
    assert (
        "Н. К. Крупская 23 декабря 1922 года направила Л. Б. Каменеву следующее письмо:"
        in lead_in.text
    )
    izv = wit["IZV"]
    i = find(izv, "22", "декабря", "1922")
    assert izv.tokens[i].evidence == ("furr-ch6-n35",)
    assert izv.tokens[0].reason == "inferred"  # the rest of the heading is known only in English
    cwn_note = [n for t, n in notes(wit["CWN"]) if n.n == "767"]
    assert "On December 23, 1922, Krupskaya sent Kamenev a letter" in cwn_note[0].text


def test_v090_three_renderings_of_the_appeal(wit: dict[str, Witness]) -> None:
    en1, en2, cwn = wit["EN1"], wit["EN2"], wit["CWN"]
    assert has(
        en1,
        "I",
        "am",
        "turning",
        "to",
        "you",
        "and",
        "to",
        "Grigorii",
        "[",
        "E",
        ".",
        "Zinoviev",
        "]",
    )
    assert has(
        en1,
        "I",
        "beg",
        "you",
        "to",
        "protect",
        "me",
        "from",
        "rude",
        "interference",
        "with",
        "my",
        "private",
    )
    assert has(en1, "and", "from", "vile", "invectives", "and", "threats")
    i = find(
        en2, "I", "appeal", "to", "you", "and", "to", "Grigory", "[", "Zinoviev", "-", "GF", "]"
    )
    assert not en2.tokens[i].supplied
    assert has(en2, "in", "my", "personal", "life", ",", "unworthy", "abuse", "and", "threats")
    assert en2.tokens[find(en2, "Because", "of", "a", "short", "letter")].supplied
    assert words(cwn) == [
        "the",
        "gross",
        "interference",
        "in",
        "my",
        "personal",
        "life",
        ",",
        "offensive",
        "language",
        "and",
        "threats",
    ]
    for siglum, gloss in (
        ("EN1", ("[", "E", ".", "Zinoviev", "]")),
        ("EN2", ("[", "Zinoviev", "-", "GF", "]")),
    ):
        w = wit[siglum]
        k = find(w, *gloss)
        assert {t.reason for t in w.tokens[k : k + len(gloss)]} == {"editorial-gloss"}, siglum


def test_en1_ocr_corrections(wit: dict[str, Witness]) -> None:
    en1 = wit["EN1"]
    assert words(en1)[:3] == ["LEV", "BORISOVICH", "!"]
    assert has(en1, "I", "beg", "you")
    assert not has(en1, "begyou")
