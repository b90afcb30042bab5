"""The corpus document D08 (Lenin to Trotsky, 5 March 1923) with the secretary's addendum D09.

Readings of the catalog (V055-V063): secrecy heading, salutation, "persecution"/"prosecution",
closing formula, subscription, and where each edition puts the secretary's addendum.
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest
from lxml import etree

from witnesscollate import corpus
from witnesscollate.model import Note, Witness

DOC_ID = "letter-to-trotsky-1923-03-05"
FOLDER = Path(__file__).resolve().parents[2] / "corpus" / DOC_ID
FILES = sorted(FOLDER.glob("*.xml"))
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
POINTERS = ("source", "hand", "corresp", "resp")
SIGLA = ["TRO30", "PSS", "IMT", "CWF"]
ATTESTATION = {"TRO30": "complete", "PSS": "complete", "IMT": "complete", "CWF": "complete"}


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


def test_v055_secrecy_heading(wit: dict[str, Witness]) -> None:
    assert has(wit["PSS"], "Строго", "секретно", "Лично", "Уважаемый", "тов", ".", "Троцкий", "!")
    assert has(wit["CWF"], "Top", "secret", "Personal", "Dear")
    assert has(wit["IMT"], "Top", "secret", "Dear")
    assert not has(wit["IMT"], "Personal")
    assert has(wit["TRO30"], "Strictly", "secret", ".", "Personal", "Esteemed")


def test_v057_persecution_or_prosecution(wit: dict[str, Witness]) -> None:
    assert has(wit["CWF"], "under", '"', "persecution", '"', "by", "Stalin")
    assert has(wit["IMT"], "under", "“", "persecution", "”", "by", "Stalin")
    assert has(wit["TRO30"], "under", "“", "prosecution", "”", "at", "the", "hands")
    assert has(wit["PSS"], "под", "«", "преследованием", "»", "Сталина")


def test_v058_closing_formula(wit: dict[str, Witness]) -> None:
    assert has(wit["CWF"], "With", "best", "comradely", "greetings", ",", "Lenin")
    assert has(wit["IMT"], "With", "best", "comradely", "greetings", ",")
    assert has(wit["TRO30"], "With", "the", "very", "best", "comradely", "greetings", ",")
    assert has(wit["PSS"], "С", "наилучшим", "товарищеским", "приветом", "Ленин")


def test_v059_subscription(wit: dict[str, Witness]) -> None:
    assert has(wit["CWF"], "Dictated", "by", "phone", "on", "March", "5", ",", "1923")
    assert has(wit["TRO30"], "Dictated", "to", "M.V", ".") or has(
        wit["TRO30"], "Dictated", "to", "M", ".", "V", "."
    )
    assert not has(wit["TRO30"], "Lenin")
    assert not has(wit["IMT"], "Lenin")
    assert has(wit["PSS"], "Продиктовано", "по", "телефону", "5", "марта", "1923", "г", ".")


def test_secretarys_addendum_is_text_in_trotsky_and_an_editorial_note_elsewhere(
    wit: dict[str, Witness],
) -> None:
    tro = wit["TRO30"]
    assert has(tro, "Kamenev", "is", "going", "to", "Georgia", "Wednesday")
    assert has(tro, "Signed", ",", "M", ".", "Volodichiva")
    pss = wit["PSS"]
    assert not has(pss, "Грузию")
    i = find(pss, "Л", ".", "Д", ".", "ТРОЦКОМУ")
    n539, foot = pss.tokens[i + 4].notes
    assert n539.n == "539"
    assert n539.resp == "#edPSS"
    assert foot.type == "editorial"
    assert foot.place == "foot"
    assert "т. Каменев едет в Грузию в среду" in foot.text
    assert foot.text.endswith("Ред.")
    imt = wit["IMT"]
    assert not has(imt, "Georgia", "on", "Wednesday")
    n13 = [n for _, n in notes(imt) if n.n == "13"]
    assert len(n13) == 1
    assert "Kamenev is going to Georgia on Wednesday" in n13[0].text
    assert not any("Georgia on Wednesday" in n.text for _, n in notes(wit["CWF"]))


def test_pss_endnote_540_and_imprint(wit: dict[str, Witness]) -> None:
    texts = {n.n: n for _, n in notes(wit["PSS"])}
    assert "Володичевой" in texts["540"].text
    imprint = [n for _, n in notes(wit["PSS"]) if n.place == "bottom"]
    assert [n.text for n in imprint] == ["Печатается по машинописной копии"]
