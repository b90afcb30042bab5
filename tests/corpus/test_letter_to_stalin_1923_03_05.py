"""The corpus document D11, Lenin's letter to Stalin of 5 March 1923, and its witnesses.

Readings of the catalog (V071-V077): the heading block, the exclamation mark after the salutation
(added in publication, per Furr), "use bad language" / "abuse her", subscription and date.
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest
from lxml import etree

from witnesscollate import corpus
from witnesscollate.model import Note, Witness

DOC_ID = "letter-to-stalin-1923-03-05"
FOLDER = Path(__file__).resolve().parents[2] / "corpus" / DOC_ID
FILES = sorted(FOLDER.glob("*.xml"))
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
POINTERS = ("source", "hand", "corresp", "resp")
SIGLA = ["ARCH", "CW45", "PSS", "IMT", "RUF", "CWF"]
ATTESTATION = {
    "ARCH": "partial",
    "PSS": "complete",
    "RUF": "complete",
    "CW45": "complete",
    "IMT": "complete",
    "CWF": "complete",
}


def words(w: Witness) -> list[str]:
    return [t.text for t in w.tokens]


def find(w: Witness, *seq: str) -> int:
    """Index of the first token of the first occurrence of ``seq`` (token texts) in ``w``."""
    ws = words(w)
    for i in range(len(ws) - len(seq) + 1):
        if ws[i : i + len(seq)] == list(seq):
            return i
    raise AssertionError(f"{seq!r} not in witness {w.siglum}")


def has(w: Witness, *seq: str) -> bool:
    try:
        find(w, *seq)
    except AssertionError:
        return False
    return True


def notes(w: Witness) -> list[tuple[str, Note]]:
    """Every note of a witness with the text of the token it is attached to."""
    return [(t.text, n) for t in w.tokens for n in t.notes]


@pytest.fixture(scope="module")
def doc() -> corpus.CorpusDocument:
    return corpus.document(DOC_ID)


@pytest.fixture(scope="module")
def wit(doc: corpus.CorpusDocument) -> dict[str, Witness]:
    return {w.siglum: doc.load(w.siglum) for w in doc.witnesses}


# -- files, manifest, schema and pointers ---------------------------------------------------------


def test_folder_holds_one_file_per_witness_file_of_the_manifest() -> None:
    manifest = json.loads((FOLDER / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["id"] == DOC_ID
    assert sorted({w["file"] for w in manifest["witnesses"]}) == [f.name for f in FILES]
    assert [w["siglum"] for w in manifest["witnesses"]] == SIGLA


def test_manifest_is_chronological_and_groups_put_russian_first(
    doc: corpus.CorpusDocument,
) -> None:
    dates = [w.date for w in doc.witnesses if w.date]
    assert dates == sorted(dates)
    assert doc.groups[0].language == "ru"
    assert doc.groups[0].base == "PSS"
    for g in doc.groups:
        assert g.base in g.witnesses
        for chain in g.chains:
            order = [s for s in SIGLA if s in chain]
            assert list(chain) == order, f"chain {chain} is not chronological"
    assert {w.siglum: w.attestation for w in doc.witnesses} == ATTESTATION


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_file_is_valid_tei(path: Path, tei_schema: etree.RelaxNG) -> None:
    tree = etree.parse(str(path))
    assert tei_schema.validate(tree), [e.message for e in tei_schema.error_log]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_root_id_is_the_siglum_and_the_text_is_nfc(path: Path) -> None:
    raw = path.read_text(encoding="utf-8")
    assert unicodedata.is_normalized("NFC", raw)
    root = etree.parse(str(path)).getroot()
    assert root.get(XML_ID) == path.stem
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") in {"ru", "en"}


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_pointer_resolves_in_the_file_or_the_folder(path: Path) -> None:
    tree = etree.parse(str(path))
    ids = {e.get(XML_ID) for e in tree.iter() if isinstance(e.tag, str) and e.get(XML_ID)}
    siblings = {f.stem for f in FILES}
    dangling = []
    for el in tree.iter():
        if not isinstance(el.tag, str):
            continue
        for attr in POINTERS:
            for ref in (el.get(attr) or "").split():
                local = ref.startswith("#") and ref[1:] in ids
                other = ref.endswith(".xml") and Path(ref).stem in siblings
                if not (local or other):
                    dangling.append((el.sourceline, attr, ref))
    assert not dangling


def test_every_witness_loads_with_its_manifest_siglum(
    doc: corpus.CorpusDocument, wit: dict[str, Witness]
) -> None:
    for entry in doc.witnesses:
        w = wit[entry.siglum]
        assert w.siglum == entry.siglum
        assert w.tokens, entry.siglum
        assert w.metadata.language == entry.language


def test_complete_witnesses_have_no_unattested_text(
    doc: corpus.CorpusDocument, wit: dict[str, Witness]
) -> None:
    for entry in doc.witnesses:
        unattested = [t for t in wit[entry.siglum].tokens if t.reason == "unattested"]
        if entry.attestation == "complete":
            assert not unattested, entry.siglum
        else:
            assert unattested, f"partial witness {entry.siglum} flags no context text"
            assert all(t.supplied and t.source for t in unattested)


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
    assert attested == [
        "Товарищу",
        "Сталину",
        ".",
        "Копия",
        "тт",
        ".",
        "Каменеву",
        "и",
        "Зиновьеву",
        ".",
        "Уважаемый",
        "т",
        ".",
        "Сталин",
    ]
    assert {t.source for t in arch.tokens if t.supplied} == {"RUF"}
    kinds = {n.type for _, n in notes(arch)}
    assert {"verification", "attestation", "open-question"} <= kinds


def test_pss_endnote_541_attaches_at_its_call(wit: dict[str, Witness]) -> None:
    pss = wit["PSS"]
    i = find(pss, "между", "нами", "отношения", ".")
    (note,) = pss.tokens[i + 3].notes
    assert note.n == "541"
    assert note.resp == "#edPSS"
    assert "Лев Борисович" in note.text
    assert not has(pss, "541")


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
    assert {t.reason for t in cw.tokens[k : k + 6]} == {"editorial-date"}
