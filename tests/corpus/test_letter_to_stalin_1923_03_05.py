"""The corpus document D11, Lenin's letter to Stalin of 5 March 1923, and its witnesses.

Readings of the catalog (V071-V077): the heading block, the exclamation mark after the salutation
(added in publication, per Furr), "use bad language" / "abuse her", subscription and date.
"""

from __future__ import annotations

from corpus_checks import document_fixtures, find, has, notes

from witnesscollate import corpus
from witnesscollate.model import Witness

DOC_ID = "letter-to-stalin-1923-03-05"
doc, wit = document_fixtures(DOC_ID)
SIGLA = ["ARCH", "CW45", "PSS", "IMT", "RUF", "CWF"]
ATTESTATION = {
    "ARCH": "partial",
    "PSS": "complete",
    "RUF": "complete",
    "CW45": "complete",
    "IMT": "complete",
    "CWF": "complete",
}


# -- manifest (the generic checks are in test_corpus_files.py) ------------------------------------


def test_manifest_lists_the_witnesses_chronologically(doc: corpus.CorpusDocument) -> None:
    assert [w.siglum for w in doc.witnesses] == SIGLA
    dates = [w.date for w in doc.witnesses if w.date]
    assert dates == sorted(dates)
    assert {w.siglum: w.attestation for w in doc.witnesses} == ATTESTATION


def test_v074_use_bad_language_or_abuse_her(wit: dict[str, Witness]) -> None:
    for siglum in ("CW45", "CWF"):
        assert has(wit[siglum], "telephone", "and", "use", "bad", "language", "."), siglum
        assert not has(wit[siglum], "abuse")
    assert has(wit["IMT"], "telephone", "and", "abuse", "her", ".")
    assert not has(wit["IMT"], "bad", "language")
    for siglum in ("PSS", "RUF"):
        assert has(wit[siglum], "обругать", "ее", "."), siglum


def test_v072_exclamation_mark_after_the_salutation(wit: dict[str, Witness]) -> None:
    for siglum in ("PSS", "RUF"):
        assert has(wit[siglum], "Уважаемый", "т", ".", "Сталин", "!"), siglum
    arch = wit["ARCH"]
    i = find(arch, "Уважаемый", "т", ".", "Сталин")
    assert arch.tokens[i + 4].text != "!"
    assert not any(t.supplied for t in arch.tokens[i : i + 4])
    assert any(n.type == "open-question" for t in arch.tokens[i : i + 5] for n in t.notes)
    assert has(wit["CW45"], "Dear", "Comrade", "Stalin", ":")
    assert has(wit["CWF"], "Dear", "Comrade", "Stalin", ":")
    assert has(wit["IMT"], "Dear", "Comrade", "Stalin", ",")


def test_v073_heading_block(wit: dict[str, Witness]) -> None:
    ruf, pss = wit["RUF"], wit["PSS"]
    find(ruf, "Строго", "секретно", ".", "Лично", ".", "Товарищу", "Сталину", ".", "Копия")
    find(pss, "Строго", "секретно", "Лично", "Копия", "тт", ".", "Каменеву", "и", "Зиновьеву")
    assert not has(pss, "Товарищу")
    assert has(pss, "ТОВАРИЩУ", "СТАЛИНУ")  # the edition's title
    assert has(wit["CWF"], "Top", "secret", "Personal", "Copy")
    for siglum in ("CW45", "IMT"):
        assert has(wit[siglum], "Top", "secret", "Copy", "to", "Comrades"), siglum
        assert not has(wit[siglum], "Personal"), siglum


def test_v075_subscription_and_date(wit: dict[str, Witness]) -> None:
    assert has(wit["PSS"], "С", "уважением", "Ленин", "5", "-", "го", "марта", "23", "года", ".")
    assert has(wit["RUF"], "С", "уважением", "Ленин", ".", "5", "-", "го", "марта", "23", "года")
    assert has(wit["CWF"], "Respectfully", "yours", ",", "Lenin", "March", "5", ",", "1923")
    assert has(wit["CW45"], "Respectfully", "yours", ",", "March", "5", ",", "1923")
    assert not has(wit["CW45"], "Lenin")
    assert not has(wit["IMT"], "Lenin")


def test_archival_copies_are_context_except_what_sakharov_and_furr_report(
    wit: dict[str, Witness],
) -> None:
    arch = wit["ARCH"]
    attested = [t.text for t in arch.tokens if not t.supplied]
    assert attested == ["Уважаемый", "т", ".", "Сталин"]  # the salutation without «!»
    assert {t.source for t in arch.tokens if t.supplied} == {"RUF"}
    kinds = {n.type for _, n in notes(arch)}
    assert {"verification", "attestation", "open-question"} <= kinds


def test_archival_notations_are_inferred_from_their_english_description(
    wit: dict[str, Witness],
) -> None:
    """«Товарищу Сталину.» and the copy notation are reported in English only (issue 14):
    their words are inferred, their full stops not reported (nor the rest of the copies'
    punctuation, save the salutation's)."""
    arch = wit["ARCH"]
    by_reason: dict[str, list[str]] = {}
    for t in arch.tokens:
        if t.supplied:
            by_reason.setdefault(t.reason or "", []).append(t.text)
    assert by_reason["inferred"] == [
        "Лично",
        "Товарищу",
        "Сталину",
        "Копия",
        "тт",
        ".",
        "Каменеву",
        "и",
        "Зиновьеву",
    ]
    assert by_reason["unattested"][:5] == ["Строго", "секретно", ".", ".", "."]
    i = find(arch, "Товарищу", "Сталину", ".")
    assert [n.type for n in arch.tokens[i + 2].notes] == ["attestation"]
    assert "To com[rade] Stalin" in arch.tokens[i + 2].notes[0].text
    j = find(arch, "Каменеву", "и", "Зиновьеву", ".")
    (copy_note,) = arch.tokens[j + 3].notes
    assert "On two of the three copies" not in copy_note.text  # reworded, but says which
    assert "two of the three copies" in copy_note.text
    cited = dict(arch.metadata.bibliography)
    assert cited["sakharovZagadki-p31-32"] == (
        "V. A. Sakharov, Zagadki, pp. 31–32, as quoted in Grover Furr, "
        "The Fraud of the “Testament of Lenin”, 2022, ch. 6"
    )


def test_pss_endnote_541_attaches_at_its_call(wit: dict[str, Witness]) -> None:
    pss = wit["PSS"]
    i = find(pss, "между", "нами", "отношения", ".")
    (note,) = pss.tokens[i + 3].notes
    assert note.n == "541"
    assert note.resp == "#edPSS"
    assert note.type == "editorial"
    assert "Лев Борисович" in note.text
    assert not has(pss, "541")
    (imprint,) = pss.tokens[-1].notes
    assert (imprint.type, imprint.text) == (
        "imprint",
        "Печатается по записи секретаря (машинописный текст)",
    )


def test_cw45_editorial_notes_including_the_misplaced_one(wit: dict[str, Witness]) -> None:
    cw = wit["CW45"]
    i = find(cw, "To", "Comrade", "Stalin")
    star, transcriber = cw.tokens[i + 2].notes
    assert star.type == "editorial"
    assert star.resp == "#edCW"
    assert "Comrade Kamenev is going to Georgia" in star.text
    assert transcriber.type == "transcriber"
    assert "editorial error" in transcriber.text
    j = find(cw, "broken", "off", ".")
    (n767,) = cw.tokens[j + 2].notes
    assert n767.n == "767"
    assert "Krupskaya" in n767.text
    assert not has(cw, "Georgia")  # the addendum is a note, not witness text
    k = find(cw, "[", "March", "5", ",", "1923", "]")
    assert {t.reason for t in cw.tokens[k : k + 6]} == {"editorial-gloss"}
