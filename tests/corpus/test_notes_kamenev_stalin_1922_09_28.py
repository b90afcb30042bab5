"""The corpus document D23, the exchange of notes between Kamenev and Stalin (28 September 1922).

Readings of the catalog: V118, V119, Furr's and Lewin's renderings of the two notes Fotieva quotes;
V117 (Fotieva's and Lewin's re-dating to February 1923) is the authors' framing, kept as notes.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from corpus_checks import document_fixtures, has, notes, words

from witnesscollate import corpus
from witnesscollate.model import Witness

DOC_ID = "notes-kamenev-stalin-1922-09-28"
doc, wit = document_fixtures(DOC_ID)
SIGLA = ["FM", "FUR", "LEW"]
CATALOG = ["V117", "V118", "V119"]
GOLD = Path(__file__).resolve().parents[1] / "gold" / f"{DOC_ID}.json"


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


def _gold() -> dict[str, Any]:
    gold: dict[str, Any] = json.loads(GOLD.read_text(encoding="utf-8"))
    return gold


def test_gold_covers_every_catalog_entry_once() -> None:
    gold = _gold()
    assert gold["document"] == DOC_ID
    assert gold["catalog_document"] == "D23"
    ids = [x["id"] for x in gold["loci"]] + [x["id"] for x in gold["not_encodable"]]
    assert sorted({re.sub(r"[a-z]$", "", i) for i in ids}) == CATALOG
    assert len(ids) == len(set(ids))


def test_gold_readings_stand_in_their_witnesses(wit: dict[str, Witness]) -> None:
    for locus in _gold()["loci"]:
        texts = [r["text"] for r in locus["readings"] if r["text"]]
        for r in locus["readings"]:
            for siglum in r["witnesses"]:
                if r["text"]:
                    assert has(wit[siglum], *r["text"].split(" ")), (locus["id"], siglum)
                else:
                    assert not any(has(wit[siglum], *t.split(" ")) for t in texts), (
                        locus["id"],
                        siglum,
                    )
