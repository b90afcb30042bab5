"""Shared pieces of the corpus tests: the documents, their TEI files, token search, gold checks.

The documents are found from the manifests under the checkout's ``corpus/`` folder, so that
``test_corpus_files.py`` covers a new document as soon as its folder has a ``manifest.json``.
Loaded witnesses are cached per document: the generic checks and the per-document reading
tests load each witness once per session.  :func:`gold_disagreements` is the one check that the
document's gold file (``tests/gold/<id>.json``) agrees with its TEI witnesses; the gold files'
own shape and their coverage of the catalogue are checked in ``tests/gold/test_gold_files.py``.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from gold import Gold, Locus
from gold import load as load_gold
from witnesscollate import corpus
from witnesscollate.model import Note, Token, Witness

ROOT = Path(__file__).resolve().parents[2] / "corpus"
GOLD_FOLDER = Path(__file__).resolve().parents[1] / "gold"
TEI = "{http://www.tei-c.org/ns/1.0}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def document_ids() -> list[str]:
    """The folder name of every document that has a manifest, sorted."""
    return sorted(p.parent.name for p in ROOT.glob("*/manifest.json"))


def folder(doc_id: str) -> Path:
    return ROOT / doc_id


def tei_files(doc_id: str) -> list[Path]:
    """The TEI files of a document's folder, sorted by name."""
    return sorted(folder(doc_id).glob("*.xml"))


def manifest(doc_id: str) -> dict[str, Any]:
    """The raw manifest, to check what the reader's parser would not look at."""
    raw: dict[str, Any] = json.loads((folder(doc_id) / "manifest.json").read_text("utf-8"))
    return raw


@cache
def document(doc_id: str) -> corpus.CorpusDocument:
    return corpus.document(doc_id)


@cache
def witnesses(doc_id: str) -> dict[str, Witness]:
    """Every witness of a document by siglum, loaded once (callers must not mutate it)."""
    doc = document(doc_id)
    return {w.siglum: doc.load(w.siglum) for w in doc.witnesses}


def document_fixtures(doc_id: str) -> tuple[Any, Any]:
    """The module-scoped fixtures ``doc`` and ``wit`` of a per-document test module.

    Built here rather than in a ``tests/corpus/conftest.py``, which would shadow the module
    ``conftest`` that other tests import helpers from.
    """

    @pytest.fixture(scope="module", name="doc")
    def doc_fixture() -> corpus.CorpusDocument:
        return document(doc_id)

    @pytest.fixture(scope="module", name="wit")
    def wit_fixture() -> dict[str, Witness]:
        return witnesses(doc_id)

    return doc_fixture, wit_fixture


def words(w: Witness) -> list[str]:
    return [t.text for t in w.tokens]


def find(w: Witness, *seq: str, start: int = 0) -> int:
    """Index of the first token of the first occurrence of ``seq`` (token texts) in ``w``."""
    ws = words(w)
    for i in range(start, len(ws) - len(seq) + 1):
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


def runs(w: Witness, text: str) -> list[tuple[Token, ...]]:
    """Every occurrence of ``text`` (token texts joined by single spaces) in ``w``."""
    seq = text.split(" ")
    toks, n = w.tokens, len(seq)
    return [
        tuple(toks[i : i + n])
        for i in range(len(toks) - n + 1)
        if [t.text for t in toks[i : i + n]] == seq
    ]


# -- the gold file against the witnesses ----------------------------------------------------------


@cache
def gold(doc_id: str) -> Gold:
    """The document's gold file, read by the gold loader (which checks its shape)."""
    return load_gold(GOLD_FOLDER / f"{doc_id}.json")


def _as_the_gold_says(run: tuple[Token, ...], supplied: str | None) -> bool:
    """Whether a run of tokens can be the reading the gold gives the witness.

    No token is context taken from another witness; the reading's words are the witness's own
    (at least one attested token), or, for a reading marked inferred, at least one token is the
    inferred wording of text the witness is known to have.  A reading may mix the two (the
    marginal sentence of 1 February in the journal: its subject inferred, the rest quoted).
    """
    if any(not t.attested and t.reason != "inferred" for t in run):
        return False
    if supplied == "inferred":
        return any(t.reason == "inferred" for t in run)
    return any(t.attested for t in run)


def _omitted_text_found(doc_id: str, locus: Locus, siglum: str) -> list[str]:
    """The locus's texts that a witness reading "" has at the place anyway.

    With a context (the base's words around the lemma), a text counts only next to it; without
    one, only a text that occurs once in every witness reading it, since short texts («union
    of», «the») and transposed ones (a date under the title or after the signature) recur.
    """
    wit = witnesses(doc_id)
    left, right = locus.context
    found = []
    for r in locus.readings:
        if not r.text:
            continue
        if left or right:
            near = [f"{left} {r.text}"] * bool(left) + [f"{r.text} {right}"] * bool(right)
            if any(runs(wit[siglum], text) for text in near):
                found.append(r.text)
        elif all(len(runs(wit[s], r.text)) == 1 for s in r.witnesses) and runs(wit[siglum], r.text):
            found.append(r.text)
    return found


def gold_disagreements(doc_id: str) -> list[str]:
    """Where the document's gold file and its TEI witnesses disagree; empty when they agree.

    The file names the document and the manifest's catalogue section, and at every locus:
    a reading's text is a run of each of its witnesses' tokens, attested there (or, for a
    reading marked ``"supplied": "inferred"``, inferred: the witness has the reading, its words
    are not reported; see :func:`_as_the_gold_says`); a witness whose reading is "" (an
    omission, or the lemma of an addition) does not have the other readings' texts there
    (:func:`_omitted_text_found`); and every siglum is a witness of the locus's group.
    """
    g, doc, wit = gold(doc_id), document(doc_id), witnesses(doc_id)
    faults: list[str] = []
    if g.document != doc_id or g.catalog_documents[0] != doc.catalog:
        faults.append(f"{g.path.name}: document {g.document!r}, catalogue {g.catalog_documents}")
    for locus in g.loci:
        group = doc.group(locus.group)
        for siglum in set(locus.witnesses) - set(group.witnesses):
            faults.append(f"{locus.id}: {siglum} is not a witness of group {group.name!r}")
        for r in locus.readings:
            for siglum in r.witnesses:
                if siglum not in wit:
                    continue
                if not r.text:
                    if r.cls != "lacuna":  # a lacuna is unknown text, not an omission
                        found = _omitted_text_found(doc_id, locus, siglum)
                        faults += [f"{locus.id}: {siglum} reads '' but has {f!r}" for f in found]
                    continue
                found = runs(wit[siglum], r.text)
                if not found:
                    faults.append(f"{locus.id}: {r.text!r} is not in {siglum}")
                elif not any(_as_the_gold_says(run, r.supplied) for run in found):
                    what = "inferred" if r.supplied else "attested"
                    faults.append(f"{locus.id}: {r.text!r} is not {what} in {siglum}")
    return faults
