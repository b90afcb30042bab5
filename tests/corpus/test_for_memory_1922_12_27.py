"""The corpus document D18, the memorandum «Для памяти» pasted into the duty secretaries' journal.

The catalog's entries are not encodable as readings (V103: the PSS's «minor changes» are not
specified; V104: dating and placement). What the files assert: the archival text as Sakharov prints
it, the PSS text of endnote 207 with the item numbers as lacunae (the OCR cannot show them), and
the editors' dating in their note.
"""

from __future__ import annotations

import corpus_checks
from corpus_checks import document_fixtures, has, notes, words

from witnesscollate import corpus
from witnesscollate.model import Witness

DOC_ID = "for-memory-1922-12-27"
doc, wit = document_fixtures(DOC_ID)
SIGLA = ["ARCH", "PSS", "FUR"]


def test_manifest(doc: corpus.CorpusDocument) -> None:
    assert [w.siglum for w in doc.witnesses] == SIGLA
    assert {w.attestation for w in doc.witnesses} == {"complete"}
    assert doc.group("ru").base == "PSS"


def test_the_two_russian_texts_agree_but_for_the_numbers(wit: dict[str, Witness]) -> None:
    arch, pss = wit["ARCH"], wit["PSS"]
    arch_words = words(arch)
    for n in ("1", "2", "3", "4"):  # the archival numbering «N.» of the four topics
        i = arch_words.index(n)
        assert arch_words[i + 1] == "."
        del arch_words[i : i + 2]
    assert arch_words == words(pss)
    assert has(arch, "2", ".", "О", "соотношении", "Главпрофобра")
    assert not has(pss, "2", ".", "О", "соотношении")
    assert [lac.reason for lac in pss.lacunae] == ["ocr-loss"] * 4
    assert has(
        arch, "членов", "увеличенного", "Центрального", "Комитета", "к"
    )  # OCR of the seed repaired


def test_v104_dating_and_placement_are_notes(wit: dict[str, Witness]) -> None:
    (n207,) = [n for _, n in notes(wit["PSS"]) if n.n == "207"]
    assert "Видимо, 27 или 28 декабря Владимир Ильич продиктовал запись" in n207.text
    (placement,) = [n for _, n in notes(wit["ARCH"]) if n.type == "annotation"]
    assert "after the entry of 10 February 1923" in placement.text


def test_furrs_glosses(wit: dict[str, Witness]) -> None:
    fur = wit["FUR"]
    glossed = [t.text for t in fur.tokens if t.reason == "editorial-gloss"]
    assert "Tsentrosoyuz" not in glossed
    assert "Co-operative" in glossed
    assert has(fur, "Committee", "to", "the", "W.P.I.", "is", "omitted")


def test_gold_lists_both_catalog_entries_as_not_encodable() -> None:
    gold = corpus_checks.gold(DOC_ID)
    assert gold.catalog_documents == ("D18",)
    assert gold.loci == ()
    assert [x.id for x in gold.not_encodable] == ["V103", "V104"]
