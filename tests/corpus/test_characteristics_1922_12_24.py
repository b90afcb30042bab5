"""The corpus document D03, the «characteristics» (24-25 December 1922), and its witnesses.

Above all the pronoun of the Zinoviev-Kamenev clause (V023): «ему» in the typed copies, in
Kommunist 1956 and in the unnamed pre-PSS printing, whose editorial note proposed «им»; «им» in
the PSS (silently: its endnote 208 is on the letter as a whole) and in Fel'shtinsky; unknown for
the 4th edition (catalog appendix F, 7).  The dating (V024): the typed copies and Trotsky's copy
are dated 25 December, so they carry no «24 декабря» line of the PSS; Trotsky's copy is one block.
"""

from __future__ import annotations

from corpus_checks import ROOT, TEI, document_fixtures, find, has, words
from lxml import etree

from witnesscollate import corpus
from witnesscollate.model import Witness

DOC_ID = "characteristics-1922-12-24"
doc, wit = document_fixtures(DOC_ID)
FOLDER = ROOT / DOC_ID
RU = ["TC", "K56", "CW", "NOTE", "PSS", "FEL"]
EN = ["CWF", "IMT"]
PARTIAL = ["TC", "K56", "CW", "NOTE", "FEL", "CWF"]
CLAUSE = ("октябрьский", "эпизод", "Зиновьева", "и", "Каменева")


def pronoun_index(w: Witness) -> int:
    """The token after «ставим» in the Zinoviev-Kamenev clause."""
    return find(w, *CLAUSE) + words(w)[find(w, *CLAUSE) :].index("ставим") + 1


# -- manifest and loading (the generic checks are in test_corpus_files.py) ------------------------


def test_manifest_lists_one_file_per_witness_russian_first(doc: corpus.CorpusDocument) -> None:
    assert [w.siglum for w in doc.witnesses] == RU + EN
    assert [w.file for w in doc.witnesses] == [f"{s}.xml" for s in RU + EN]
    assert {w.siglum: w.language for w in doc.witnesses} == {
        **dict.fromkeys(RU, "ru"),
        **dict.fromkeys(EN, "en"),
    }


def test_manifest_groups_bases_and_chains(doc: corpus.CorpusDocument) -> None:
    ru, en = doc.group(), doc.group("en")
    assert (ru.name, ru.base, ru.witnesses) == ("ru", "PSS", tuple(RU))
    assert ("TC", "K56", "CW", "PSS") in ru.chains
    assert ("NOTE", "PSS") in ru.chains
    assert (en.base, en.witnesses) == ("IMT", tuple(EN))
    assert [w.siglum for w in doc.witnesses if w.attestation == "partial"] == PARTIAL


def test_every_witness_spans_the_whole_text(wit: dict[str, Witness]) -> None:
    for siglum, w in wit.items():
        assert len(w.tokens) > 400, siglum


def test_partial_witnesses_flag_unattested_context(wit: dict[str, Witness]) -> None:
    for siglum in PARTIAL:
        flagged = [t for t in wit[siglum].tokens if t.supplied]
        base = "IMT" if siglum in EN else "PSS"
        assert flagged
        assert all(t.source == base for t in flagged), siglum
        assert {t.reason for t in flagged} <= {"unattested", "inferred"}, siglum
        # only the attested closing date of the typed copies and of Trotsky's copy is inferred
        inferred = " ".join(t.text for t in flagged if t.reason == "inferred")
        assert inferred == ("25 . XII . 22 г ." if siglum in ("TC", "FEL") else ""), siglum
    for siglum in ["PSS", "IMT"]:
        assert not any(t.supplied for t in wit[siglum].tokens), siglum
    own = {s: [t.text for t in wit[s].tokens if not t.supplied] for s in ["K56", "NOTE", "FEL"]}
    assert own == {"K56": ["ему"], "NOTE": ["ему"], "FEL": ["им"]}
    assert not any(t.text == "ему" or t.text == "им" for t in wit["CW"].tokens if t.supplied)


# -- V023: «ему» / «им» ---------------------------------------------------------------------------


def test_v023_pronoun_in_every_russian_witness(wit: dict[str, Witness]) -> None:
    expected = {"TC": "ему", "K56": "ему", "NOTE": "ему", "PSS": "им", "FEL": "им"}
    for siglum, pronoun in expected.items():
        token = wit[siglum].tokens[pronoun_index(wit[siglum])]
        assert token.text == pronoun, siglum
        assert not token.supplied, siglum


def test_v023_fourth_edition_pronoun_is_a_lacuna_not_an_omission(wit: dict[str, Witness]) -> None:
    cw = wit["CW"]
    i = pronoun_index(cw)
    assert cw.tokens[i].text == "в"  # no pronoun token: the place is a lacuna
    assert [(lac.kind, lac.reason, lac.position) for lac in cw.lacunae] == [
        ("gap", "unattested", i)
    ]
    assert [n.type for n in cw.tokens[i - 1].notes] == ["open-question"]


def test_v023_pre_pss_note_signals_the_emendation(wit: dict[str, Witness]) -> None:
    note_printing = wit["NOTE"]
    notes = note_printing.tokens[pronoun_index(note_printing)].notes
    assert len(notes) == 1
    assert notes[0].type == "editorial"
    assert (notes[0].resp or "").lstrip("#") == "edNOTE"
    assert notes[0].text.startswith("Apparently, a slip of the pen")
    # the PSS changed the word silently: no note at or near it (its endnote 208, on the whole
    # letter, is at the head of the text, its imprint at the end); Kommunist 1956 has none
    pss = wit["PSS"]
    noted = {t.index: [n.n or n.type for n in t.notes] for t in pss.tokens if t.notes}
    assert noted == {0: ["208"], len(pss.tokens) - 1: ["imprint"]}
    assert not any(t.notes for t in wit["K56"].tokens)


def test_pss_endnote_208_is_the_editions_note_on_the_whole_letter(wit: dict[str, Witness]) -> None:
    (note,) = wit["PSS"].tokens[0].notes
    assert (note.type, note.n, note.resp, note.place) == ("editorial", "208", "#edPSS", "end")
    assert note.text.startswith("«Письмо к съезду» включает записи")
    assert "записи от 24—25 декабря 1922 года" in note.text
    assert note.text.endswith("было оглашено по делегациям. — 343.")
    assert "им" not in note.text.split()  # the note says nothing of the pronoun
    (imprint,) = wit["PSS"].tokens[-1].notes
    assert imprint.type == "imprint"
    assert "Печатается по записи секретаря (машинописный экземпляр)" in imprint.text


def test_v023_typed_copies_verb_and_adverb_as_sakharov_quotes(wit: dict[str, Witness]) -> None:
    tc, pss = wit["TC"], wit["PSS"]
    i, j = find(tc, *CLAUSE), find(pss, *CLAUSE)
    assert words(tc)[i + 8 : i + 15] == ["не", "является", "случайностью", ",", "но", "что", "он"]
    assert words(tc)[i + 15 : i + 18] == ["так", "же", "мало"]
    assert words(pss)[j + 8 : j + 10] == ["не", "являлся"]
    assert words(pss)[j + 15 : j + 17] == ["также", "мало"]
    assert not any(t.supplied for t in tc.tokens[i : i + 20])
    # the attribution of the quotation to the copies is flagged as an inference
    root = etree.parse(str(FOLDER / "TC.xml")).getroot()
    certs = {s.text: s.get("cert") for s in root.iter(f"{TEI}seg") if s.get("type") == "reading"}
    assert certs == {"является": "medium", "так же": "medium", "ему": None}
    assert [n.n for t in tc.tokens for n in t.notes] == ["V024a", "V024", "V023", "V024b"]


def test_felshtinsky_prints_trotskys_note(wit: dict[str, Witness]) -> None:
    notes = [n for t in wit["FEL"].tokens for n in t.notes]
    assert [(n.type, (n.resp or "").lstrip("#")) for n in notes] == [
        ("annotation", "trotsky"),
        ("attestation", ""),
        ("open-question", ""),
        ("attestation", ""),
    ]
    assert notes[0].text.startswith("В оригинале рукопись не носит никакого заглавия")


def test_v024_trotskys_copy_is_one_block_dated_25_december_at_the_end(
    wit: dict[str, Witness],
) -> None:
    """Seed 001:1657-1661: one block, dated 25 December at the end, as the first printing."""
    fel = wit["FEL"]
    assert "24 декабря" not in fel.text
    assert "Продолжение записок" not in fel.text
    assert "25. XII. Затем" not in fel.text
    i = find(fel, "Затем", "Пятаков")
    assert fel.tokens[i - 1].text == "."  # the Pyatakov paragraph follows the Bukharin one
    date = fel.tokens[find(fel, "25", ".", "XII", ".", "22", "г", ".") :][:7]
    assert {t.reason for t in date} == {"inferred"}
    assert [t.text for t in fel.tokens[date[-1].index + 1 :]] == ["Записано", "М", ".", "В", "."]
    root = etree.parse(str(FOLDER / "FEL.xml")).getroot()
    body = root.find(f"{TEI}text")
    assert body is not None
    dates = [(d.get("when"), d.get("source")) for d in body.iter(f"{TEI}date")]
    assert dates == [("1922-12-25", "#furr-ch2-n23")]
    (inferred,) = [s for s in root.iter(f"{TEI}supplied") if s.get("reason") == "inferred"]
    assert (inferred.get("resp"), inferred.get("cert")) == ("#encoder", "low")


def test_v024_typed_copies_are_dated_25_december_not_24(wit: dict[str, Witness]) -> None:
    """Furr, n. 31 (seed 001:2138-2140): «the date on the document itself is December 25»."""
    tc = wit["TC"]
    assert "24 декабря" not in tc.text
    assert "Продолжение записок" not in tc.text
    assert "25. XII. Затем" not in tc.text
    assert words(tc)[:2] == ["II", "Под"]  # the part number is PSS context, the text follows
    # the absence of the PSS's opening line is reported (attestation), its heading is not
    assert [(n.n, n.type) for n in tc.tokens[0].notes] == [
        ("V024a", "attestation"),
        ("V024", "open-question"),
    ]
    end = find(tc, "25", ".", "XII", ".", "22", "г", ".")
    assert {t.reason for t in tc.tokens[end : end + 7]} == {"inferred"}
    root = etree.parse(str(FOLDER / "TC.xml")).getroot()
    dated = [d for d in root.iter(f"{TEI}date") if d.get("source")]
    assert [(d.get("when"), d.get("source")) for d in dated] == [("1922-12-25", "#furr-ch2-n31")]


def test_pss_pages_and_dates(wit: dict[str, Witness]) -> None:
    pss = wit["PSS"]
    assert pss.tokens[0].page == "344"
    assert pss.tokens[find(pss, "который", "мог", "бы")].page == "345"
    assert pss.tokens[find(pss, "Конечно", ",", "и", "то")].page == "346"
    assert "Продолжение записок. 24 декабря 22 г." in pss.text
    assert "25. XII. Затем Пятаков" in pss.text
    assert "Тов. Сталин, сделавшись генсеком, сосредоточил в своих руках необъятную власть" in (
        pss.text
    )


# -- English ---------------------------------------------------------------------------------------


def test_english_cw_quotations_against_the_reprint(wit: dict[str, Witness]) -> None:
    cwf, imt = wit["CWF"], wit["IMT"]
    assert has(cwf, "having", "become", "Secretary-General")  # V026
    assert has(imt, "having", "become", "General", "Secretary")
    assert has(cwf, "Commissariat", "for", "Communications")  # V028
    assert has(imt, "Commissariat", "of", "Communications")
    assert not cwf.tokens[find(cwf, "Secretary-General")].supplied
    assert cwf.tokens[find(cwf, "laid", "upon", "them")].supplied  # context from the reprint
    assert has(imt, "laid", "upon", "them", "personally")
    assert [lac.kind for lac in cwf.lacunae] == ["gap"]  # the CW date line is not quoted
