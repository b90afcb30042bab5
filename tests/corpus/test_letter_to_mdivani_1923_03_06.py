"""The corpus document D10 (Lenin to Mdivani, Makharadze and others, 6 March 1923).

Readings of the catalog (V064-V070): heading and addressees, salutation, the body in three
English renderings, closing and signature, and the editions' notes.
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest
from lxml import etree

from witnesscollate import corpus
from witnesscollate.model import Note, Witness

DOC_ID = "letter-to-mdivani-1923-03-06"
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


def test_v064_heading_and_addressees(wit: dict[str, Witness]) -> None:
    assert has(wit["PSS"], "Строго", "секретно", "тт", ".", "Мдивани", ",", "Махарадзе")
    assert has(wit["PSS"], "Копия", "—", "тт", ".", "Троцкому", "и", "Каменеву")
    assert has(wit["IMT"], "Top", "secret", "Comrades", "Mdivani", ",", "Makharadze", ",", "and")
    for siglum in ("CWF", "TRO30"):
        assert not has(wit[siglum], "secret"), siglum
    assert has(wit["CWF"], "Comrades", "Mdivani", ",", "Makharadze", "and", "others")
    assert has(wit["TRO30"], "(", "copy", "to", "comrades", "Trotsky", "and", "Kamenev", ")", ":")


def test_v065_salutation(wit: dict[str, Witness]) -> None:
    assert has(wit["PSS"], "Уважаемые", "товарищи", "!")
    assert has(wit["CWF"], "Dear", "Comrades", ":")
    assert has(wit["IMT"], "Dear", "comrades", ",")
    assert has(wit["TRO30"], "Esteemed", "Comrades", ":")


def test_v066_v067_body(wit: dict[str, Witness]) -> None:
    assert has(wit["PSS"], "Всей", "душой", "слежу", "за", "вашим", "делом", ".")
    assert has(wit["PSS"], "Готовлю", "для", "вас", "записки", "и", "речь", ".")
    cwf = wit["CWF"]
    i = find(cwf, "with", "all", "my", "heart", "[")
    assert cwf.tokens[i + 4].reason == "editorial-gloss"
    assert has(cwf, "over", "Orjonikidze’s", "rudeness") or has(
        cwf, "over", "Orjonikidze", "’", "s"
    )
    assert has(wit["IMT"], "following", "your", "case", "with", "all", "my", "heart", ".")
    assert has(wit["TRO30"], "I", "am", "working", "in", "your", "behalf")
    assert has(wit["TRO30"], "rudeness", "of", "Ordjonikidze")


def test_v069_closing_and_signature(wit: dict[str, Witness]) -> None:
    assert has(wit["PSS"], "С", "уважением", "Ленин", "6", "-", "го", "марта", "23", "г", ".")
    assert has(wit["CWF"], "Respectfully", "yours", ",", "Lenin", "March", "6", ",", "1923")
    assert has(wit["IMT"], "Respectfully", "yours", ",")
    assert not has(wit["IMT"], "Lenin")
    assert has(wit["TRO30"], "With", "esteem", ",", "March", "6", ",", "1923")
    assert not has(wit["TRO30"], "Lenin")


def test_editorial_notes_attach_in_their_edition(wit: dict[str, Witness]) -> None:
    pss = wit["PSS"]
    i = find(pss, "МАХАРАДЗЕ", "И", "ДР", ".")
    (n542,) = pss.tokens[i + 3].notes
    assert n542.n == "542"
    assert "последний документ" in n542.text
    imt = wit["IMT"]
    j = find(imt, "and", "Others")
    (n15,) = imt.tokens[j + 1].notes
    assert n15.n == "15"
    assert n15.text == "LCW, vol. 45, p. 608."
    assert not notes(wit["TRO30"])
