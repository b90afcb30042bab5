"""The Darwin paragraphs as 47 collation jobs, and a fingerprint to compare results by."""

from __future__ import annotations

import gzip
import json
from functools import partial
from typing import Any

import pytest

from conftest import data_file
from witnesscollate import Collation, Witness, collate, load_text
from witnesscollate.alignment.many import WitnessSource

Fingerprint = tuple[Any, ...]


def darwin_paragraphs() -> list[dict[str, Any]]:
    """The 47 paragraphs of Darwin's *Origin*, ch. 1: each ``{"witnesses": [{"id", "content"}]}``."""
    raw = gzip.decompress(data_file("darwin_origin_ch1_paragraphs.json.gz").read_bytes())
    data = json.loads(raw.decode("utf-8"))
    paragraphs: list[dict[str, Any]] = data["paragraphs"]
    return paragraphs


def fingerprint(collation: Collation) -> Fingerprint:
    """Everything a reader of the table sees: sigla, each column's cells, transpositions."""
    columns = tuple(
        (
            tuple(
                (tuple(t.text + t.ws for t in cell.tokens), cell.lacuna is not None)
                for cell in column.cells
            ),
            column.transposition,
            column.near,
        )
        for column in collation.columns
    )
    return (collation.sigla, columns, collation.transpositions, collation.engine)


@pytest.fixture(scope="session")
def darwin_jobs() -> list[tuple[str, list[Witness]]]:
    """47 jobs ``("p01", [six edition witnesses])``, loaded here."""
    return [
        (f"p{i:02d}", [load_text(w["id"], w["content"]) for w in p["witnesses"]])
        for i, p in enumerate(darwin_paragraphs(), start=1)
    ]


@pytest.fixture(scope="session")
def darwin_loader_jobs() -> list[tuple[str, list[WitnessSource]]]:
    """The same jobs, with loaders, so that the workers tokenize the text themselves."""
    return [
        (f"p{i:02d}", [partial(load_text, w["id"], w["content"]) for w in p["witnesses"]])
        for i, p in enumerate(darwin_paragraphs(), start=1)
    ]


@pytest.fixture(scope="session")
def darwin_sequential(darwin_jobs: list[tuple[str, list[Witness]]]) -> dict[str, Fingerprint]:
    """The reference: every job collated one after the other in this process."""
    return {job_id: fingerprint(collate(ws)) for job_id, ws in darwin_jobs}
