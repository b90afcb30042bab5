"""The corpus document D23, the exchange of notes between Kamenev and Stalin (28 September 1922).

Readings of the catalog: V118, V119, Furr's and Lewin's renderings of the two notes Fotieva quotes;
V117 (Fotieva's and Lewin's re-dating to February 1923) is the authors' framing, kept as notes.
"""

from __future__ import annotations

from corpus_checks import document_fixtures, has, notes, words

from witnesscollate import corpus
from witnesscollate.model import Witness

DOC_ID = "notes-kamenev-stalin-1922-09-28"
doc, wit = document_fixtures(DOC_ID)
SIGLA = ["FM", "FUR", "LEW"]


def test_manifest(doc: corpus.CorpusDocument) -> None:
    assert [w.siglum for w in doc.witnesses] == SIGLA
    assert {w.attestation for w in doc.witnesses} == {"complete"}
    assert doc.group("ru").base == "FM"  # no PSS text: the memoir is the Russian base


def test_the_notes_in_three_versions(wit: dict[str, Witness]) -> None:
    assert words(wit["FM"])[:4] == ["Каменев", "Сталину", ":", "Думаю"]
    assert has(wit["FM"], "Пусть", "делает", "по", "своему", "усмотрению", ".")
    assert has(
        wit["FUR"],
        "I",
        "think",
        "that",
        "since",
        "Vladimir",
        "Ilyich",
        "insists",
        ",",
        "it",
        "will",
        "be",
    )
    assert has(
        wit["LEW"],
        "Since",
        "Vladimir",
        "Ilich",
        "insists",
        ",",
        "I",
        "think",
        "it",
        "would",
        "be",
        "even",
    )
    assert has(wit["LEW"], "Let", "him", "do", "as", "he", "likes", ".")
    assert not has(wit["LEW"], "llich")  # OCR repaired


def test_v117_the_re_dating_is_framing(wit: dict[str, Witness]) -> None:
    (fm_note,) = [n for _, n in notes(wit["FM"])]
    assert fm_note.text.startswith("1 февраля на заседании Политбюро")
    assert fm_note.resp == "#fotieva"
    assert not has(wit["FM"], "февраля")
    (lewin_note,) = [n for _, n in notes(wit["LEW"])]
    assert lewin_note.resp == "#lewin"
