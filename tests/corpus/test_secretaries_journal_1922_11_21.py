"""The corpus document D17, the duty secretaries' journal: PSS 45 against the archival original.

Readings of the catalog: the entry dated «24/XI» in the original and «24 декабря» in print (V095),
the pencil notes the PSS leaves out (V096), three later insertions that the PSS prints as running
text (V097-V099), Fotieva's proposed entry of 1971 (V102). The archival order of 7-12 February
(V100) and the dates of the shorthand's decipherment (V101) are not encodable as variants; the
latter are checked here as the notes they are.
"""

from __future__ import annotations

from corpus_checks import document_fixtures, find, has, manifest, notes, words

from witnesscollate import corpus
from witnesscollate.model import Witness

DOC_ID = "secretaries-journal-1922-11-21"
doc, wit = document_fixtures(DOC_ID)
SIGLA = ["ARCH a.c.", "ARCH p.c.", "PSS", "FOT71"]
ATTESTATION = {
    "ARCH a.c.": "partial",
    "ARCH p.c.": "partial",
    "PSS": "complete",
    "FOT71": "partial",
}
AC, PC = "ARCH a.c.", "ARCH p.c."


def test_manifest_witnesses_and_stemma(doc: corpus.CorpusDocument) -> None:
    assert [w.siglum for w in doc.witnesses] == SIGLA
    assert {w.siglum: w.attestation for w in doc.witnesses} == ATTESTATION
    (group,) = manifest(DOC_ID)["groups"]
    assert group["stemma"] == {
        AC: {"exemplars": [], "relation": "original"},
        PC: {"exemplars": [AC], "relation": "revision"},
        "PSS": {"exemplars": [PC], "relation": "edition"},
        "FOT71": {"exemplars": ["PSS"], "relation": "edition"},
    }


def test_the_excerpt_is_the_same_in_every_witness(wit: dict[str, Witness]) -> None:
    for siglum in SIGLA:
        w = wit[siglum]
        assert has(
            w, "В", "начале", "9", "-", "го", "Владимир", "Ильич", "вызывал", "на", "квартиру"
        ), siglum
        assert words(w)[-3:] == ["он", "заболел", "."], siglum
        assert not has(w, "12", "февраля"), siglum  # 2-14 February left out


def test_v095_24_november_in_the_original(wit: dict[str, Witness]) -> None:
    assert has(
        wit["PSS"],
        "24",
        "декабря",
        "(",
        "запись",
        "М",
        ".",
        "А",
        ".",
        "Володичевой",
        ")",
        ".",
        "На",
    )
    for siglum in (AC, PC):
        w = wit[siglum]
        i = find(w, "24", "/", "XI")
        assert all(
            not t.supplied and t.evidence == ("sakharov2003-p72",) for t in w.tokens[i : i + 3]
        )
        assert w.tokens[i + 3].supplied  # the column with the secretary's name: not reported
    assert has(wit[AC], "23", "/", "XII")  # Allilueva's date (Sakharov, p. 70)


def test_v096_pencil_notes_only_in_the_original(wit: dict[str, Witness]) -> None:
    marks = ("V", ".", "26", "/", "XII", "L.F.", "28", "/", "XII")
    for siglum in (AC, PC):
        i = find(wit[siglum], "Новая", "церковь", "»", ".", *marks)
        assert wit[siglum].tokens[i + 4].evidence == ("sakharov2003-p72",)
    for siglum in ("PSS", "FOT71"):
        assert not has(wit[siglum], *marks), siglum


def test_v097_to_v099_later_insertions_printed_as_running_text(wit: dict[str, Witness]) -> None:
    places = [
        ("продолжение", ",", "шутливо", "бросал", "слова"),
        ("Например", ",", "его", "статья", "об", "РКИ", "указывает"),
        ("сказал", ":", "«", "Если", "бы", "я", "был", "на", "свободе"),
    ]
    for seq in places:
        assert has(wit["PSS"], *seq), seq
        assert has(wit[PC], *seq), seq
        assert not has(wit[AC], *seq), seq
    pc = wit[PC]
    i = find(pc, "шутливо")
    assert pc.tokens[i].hand == "hLater"
    assert pc.tokens[i].evidence == ("sakharov2003-p74",)
    # V099: the subject of the marginal sentence is inferred (the quotation reads «V.I.»)
    j = find(pc, "Владимир", "Ильич", "сказал", ":", "«", "Если")
    assert [t.reason for t in pc.tokens[j : j + 3]] == ["inferred", "inferred", None]
    assert any(
        n.type == "open-question" and "removed from the published version" in n.text
        for _, n in notes(pc)
    )


def test_v101_decipherment_dated_july_in_the_pss_note_and_june_in_the_original(
    wit: dict[str, Witness],
) -> None:
    pss = wit["PSS"]
    (n297,) = [n for _, n in notes(pss) if n.n == "297"]
    assert "14 июля 1956 года эта запись была расшифрована М. А. Володичевой" in n297.text
    assert [t for t, n in notes(pss) if n.n == "297"] == ["заболел"]
    (annotation,) = [n for _, n in notes(wit[PC]) if n.type == "annotation"]
    assert "14 June 1956" in annotation.text
    assert "14 июля" not in annotation.text


def test_v102_fotievas_proposed_entry(wit: dict[str, Witness]) -> None:
    fot = wit["FOT71"]
    entry = ("4", "/", "1", ".", "Добавление", "к", '"', "Письму", "к", "съезду", '"')
    i = find(fot, "по", "отделам", ".", *entry, "5", "января")
    assert [t.supplied for t in fot.tokens[i + 3 : i + 3 + len(entry)]] == [False] * len(entry)
    (proposal,) = fot.tokens[i + 2 + len(entry)].notes
    assert proposal.type == "editorial"
    assert proposal.resp == "#fotieva"
    for siglum in ("PSS", AC, PC):
        assert not has(wit[siglum], "Добавление", "к"), siglum


def test_pss_endnotes_and_ocr_repairs(wit: dict[str, Witness]) -> None:
    pss = wit["PSS"]
    numbers = [n.n for _, n in notes(pss) if n.type == "editorial"]
    assert numbers == [
        "228",
        "279",
        "278",
        "280",
        "281",
        "285",
        "286",
        "287",
        "288",
        "294",
        "295",
        "296",
        "297",
    ]
    assert has(pss, "(", "в", "6½", "ч", ".", ")")
    assert has(pss, "1", "февраля", "(", "запись", "Л", ".", "А", ".", "Фотиевой", ")")
    assert has(pss, "6", "марта", "(", "запись", "М", ".", "А", ".", "Володичевой", ")")
