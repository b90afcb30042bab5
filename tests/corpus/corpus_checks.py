"""Shared pieces of the corpus tests: the documents, their TEI files and token search.

The documents are found from the manifests under the checkout's ``corpus/`` folder, so that
``test_corpus_files.py`` covers a new document as soon as its folder has a ``manifest.json``.
Loaded witnesses are cached per document: the generic checks and the per-document reading
tests load each witness once per session.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from witnesscollate import corpus
from witnesscollate.model import Note, Witness

ROOT = Path(__file__).resolve().parents[2] / "corpus"
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
