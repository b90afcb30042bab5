"""The fixtures meant to be valid are valid TEI P5, and every bundled corpus file reads."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from lxml import etree
from tei_helpers import fixture, tei

from conftest import ROOT
from witnesscollate import load_tei_states

VALID = ["revised.xml", "features.xml", "cp1251.xml"]


@pytest.mark.parametrize("name", VALID)
def test_fixture_is_valid_tei(name: str, tei_schema: Any) -> None:
    doc = etree.parse(str(fixture(name)))
    assert tei_schema.validate(doc), tei_schema.error_log


def test_inline_helper_document_is_valid_tei(tei_schema: Any) -> None:
    doc = etree.fromstring(tei("<p>a <hi rend='italic'>b</hi></p>").encode())
    assert tei_schema.validate(doc), tei_schema.error_log


CORPUS = sorted((ROOT / "corpus").glob("*/*.xml"))


@pytest.mark.skipif(not CORPUS, reason="no corpus TEI files in this checkout")
@pytest.mark.parametrize("path", CORPUS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_corpus_file_reads(path: Path) -> None:
    states = load_tei_states(path)
    assert states["pc"].tokens
    for w in states.values():
        assert w.leading_ws + "".join(t.text + t.ws for t in w.tokens) == w.text
        assert w.metadata.title
