"""The gold files are well-formed, fit the corpus, and account for every catalogue entry.

For each corpus document (found from its manifest) there is a gold file; each locus names a
group of the manifest and its base; every siglum is a witness of that group, listed once; every
reading's text is a run of that witness's tokens (joined by single spaces), and the lemma with
its context is a run of the base witness; every alteration lies on an edge of the manifest
stemma; and the catalogue entries of the document's catalogue sections
(``tests/data/catalog_index.json``) are each a locus or ``not_encodable``, and nothing else is.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from witnesscollate import corpus

from .gold import CLASSES, Gold, Locus, catalog_id, load, load_all

HERE = Path(__file__).resolve().parent
CATALOG: dict[str, Any] = json.loads(
    (HERE.parent / "data" / "catalog_index.json").read_text(encoding="utf-8")
)["documents"]
DOCS = {d.id: d for d in corpus.documents()}
GOLD = load_all()


@cache
def tokens(doc_id: str, siglum: str) -> tuple[str, ...]:
    return tuple(t.text for t in DOCS[doc_id].load(siglum).tokens)


def occurs(doc_id: str, siglum: str, text: str) -> bool:
    """Whether ``text`` (tokens joined by single spaces) is a run of the witness's tokens."""
    seq = tuple(text.split())
    ws = tokens(doc_id, siglum)
    return any(ws[i : i + len(seq)] == seq for i in range(len(ws) - len(seq) + 1))


def loci() -> list[Any]:
    return [pytest.param(g, loc, id=f"{doc}:{loc.id}") for doc, g in GOLD.items() for loc in g.loci]


# -- the files ------------------------------------------------------------------------------------


def test_every_corpus_document_has_a_gold_file_and_every_gold_file_a_document() -> None:
    assert sorted(GOLD) == sorted(DOCS)


@pytest.mark.parametrize("doc_id", sorted(GOLD))
def test_the_catalogue_section_is_the_manifests(doc_id: str) -> None:
    gold = GOLD[doc_id]
    assert gold.catalog_documents[0] == DOCS[doc_id].catalog
    assert all(c in CATALOG for c in gold.catalog_documents)


@pytest.mark.parametrize("doc_id", sorted(GOLD))
def test_every_catalogue_entry_is_a_locus_or_not_encodable_once(doc_id: str) -> None:
    gold = GOLD[doc_id]
    expected = [v for c in gold.catalog_documents for v in CATALOG[c]["entries"]]
    covered = gold.covered()
    assert len(covered) == len(set(covered)), "an entry is both a locus and not encodable"
    assert sorted(covered) == sorted(expected)


@pytest.mark.parametrize("doc_id", sorted(GOLD))
def test_files_are_utf8_nfc_two_space_json_as_written(doc_id: str) -> None:
    path = GOLD[doc_id].path
    raw = path.read_text(encoding="utf-8")
    assert raw == json.dumps(json.loads(raw), ensure_ascii=False, indent=2) + "\n"


# -- each locus against the corpus ----------------------------------------------------------------


@pytest.mark.parametrize(("gold", "locus"), loci())
def test_locus_fits_its_group(gold: Gold, locus: Locus) -> None:
    group = DOCS[gold.document].group(locus.group)
    assert locus.base == group.base
    assert locus.base in locus.lemma.witnesses, "the lemma (base witness's reading) comes first"
    assert locus.lemma.cls == "identical"
    assert len(set(locus.witnesses)) == len(locus.witnesses), "a witness is listed twice"
    assert set(locus.witnesses) <= set(group.witnesses)
    for r in locus.readings:
        assert r.cls in CLASSES
        same = r.text == locus.lemma.text and r.cls == "identical"
        assert same or r.text != locus.lemma.text or r.cls == "transposition", r


@pytest.mark.parametrize(("gold", "locus"), loci())
def test_readings_are_the_witnesses_tokens(gold: Gold, locus: Locus) -> None:
    for r in locus.readings:
        if not r.text:
            continue  # an omission, an addition's lemma, or a lacuna
        for siglum in r.witnesses:
            assert occurs(gold.document, siglum, r.text), (siglum, r.text)
    left, right = locus.context
    around = " ".join(p for p in (left, locus.lemma.text, right) if p)
    assert occurs(gold.document, locus.base, around), around


@pytest.mark.parametrize(("gold", "locus"), loci())
def test_alterations_lie_on_the_stemma(gold: Gold, locus: Locus) -> None:
    group = DOCS[gold.document].group(locus.group)
    for a in locus.alterations:
        # an edge of the stemma, or two siblings of one lost exemplar (then a change of
        # unknown direction names both as candidates, unless one of them signals it)
        siblings = set(group.exemplars(a.exemplar)) & set(group.exemplars(a.copy)) & set(group.lost)
        assert (a.exemplar, a.copy) in group.edges() or siblings, a
        assert set(a.introduced_in) <= set(group.witnesses)
        assert a.copy in a.introduced_in or set(a.introduced_in) - {a.copy}, a
        # the alteration's two sides are the readings of the exemplar and of the copy
        before, after = locus.reading_of(a.exemplar), locus.reading_of(a.copy)
        assert before is not None, a
        assert after is not None, a
        assert (before.text, after.text) == (a.before, a.after), a


def test_no_alteration_is_claimed_where_a_side_is_unattested() -> None:
    for gold in GOLD.values():
        for locus in gold.loci:
            for a in locus.alterations:
                assert a.exemplar not in locus.unattested
                assert a.copy not in locus.unattested


# -- the headline readings of the demo ------------------------------------------------------------


def test_the_headline_readings_are_where_the_catalogue_puts_them() -> None:
    congress = GOLD["letter-to-congress-1922-12-23"]
    (v011,) = congress.locus("V011").alterations
    assert (v011.before, v011.after, v011.introduced_in, v011.status) == (
        "Вами",
        "вами",
        ("PSS",),
        "silent",
    )
    for vid in ("V013", "V014a", "V015"):
        (alt,) = congress.locus(vid).alterations
        assert (alt.exemplar, alt.copy, alt.introduced_in) == ("H", "T", ("T",)), vid
    characteristics = GOLD["characteristics-1922-12-24"]
    pss = [a for a in characteristics.locus("V023a").alterations if a.copy == "PSS"]
    assert [(a.before, a.after, a.status) for a in pss] == [
        ("ему", "им", "proposed-earlier-silent")
    ]
    assert "NOTE" in (pss[0].signal or "")
    wpi = GOLD["wpi-article-1923-01-23"]
    insertion = [a for a in wpi.locus("V001").alterations if a.copy == "B3 p.c."]
    assert [(a.before, a.introduced_in) for a in insertion] == [("", ("B3 p.c.",))]
    assert "генсека" in insertion[0].after


# -- the loader refuses what is not gold ----------------------------------------------------------


def _broken(tmp_path: Path, change: dict[str, Any], where: str = "locus") -> Path:
    raw = json.loads(GOLD["wpi-article-1923-01-23"].path.read_text(encoding="utf-8"))
    target = raw["loci"][0] if where == "locus" else raw
    target.update(change)
    path = tmp_path / "wpi-article-1923-01-23.json"
    path.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("change", "where", "says"),
    [
        ({"schema": "gold/0"}, "file", "schema"),
        ({"id": "X1"}, "locus", "catalogue id"),
        ({"substantive": "yes"}, "locus", "true or false"),
        ({"readings": []}, "locus", "non-empty list"),
        ({"readings": [{"text": "x", "witnesses": ["PSS"], "class": "weird"}]}, "locus", "class"),
        (
            {"readings": [{"text": "a  b", "witnesses": ["PSS"], "class": "identical"}]},
            "locus",
            "single spaces",
        ),
        ({"unattested": ["A", "A"]}, "locus", "repeated"),
        ({"extra": 1}, "locus", "unknown ['extra']"),
        (
            {
                "alterations": [
                    {
                        "before": "a",
                        "after": "b",
                        "exemplar": "A",
                        "copy": "B",
                        "introduced_in": ["B"],
                        "status": "silent",
                        "signal": "note",
                    }
                ]
            },
            "locus",
            "signal",
        ),
    ],
)
def test_the_loader_names_the_file_and_the_fault(
    tmp_path: Path, change: dict[str, Any], where: str, says: str
) -> None:
    path = _broken(tmp_path, change, where)
    with pytest.raises(ValueError, match=r"wpi-article-1923-01-23\.json") as info:
        load(path)
    assert says in str(info.value)


def test_catalog_ids_of_parts() -> None:
    assert catalog_id("V018b") == "V018"
    assert catalog_id("V001") == "V001"
