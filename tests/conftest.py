"""Shared fixtures and helpers: witnesses from strings with sigla A, B, C..."""

from __future__ import annotations

import gc
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from witnesscollate import Collation, Witness, load_text

ROOT = Path(__file__).resolve().parents[1]
#: What the tests read besides the corpus (origins and licences in its README): a fresh clone
#: has everything, nothing is read from outside the repository.
DATA = ROOT / "tests" / "data"
CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


class Cycle:
    """An object in a reference cycle: only the cyclic collector frees it."""

    def __init__(self) -> None:
        self.me = self


@pytest.fixture
def collector() -> Iterator[None]:
    """The collector on for the test; on leaving, nothing frozen and its state restored."""
    was = gc.isenabled()
    gc.enable()
    yield
    gc.unfreeze()
    if not was:
        gc.disable()


def shape(c: Collation) -> list[tuple[tuple[str, int], ...]]:
    """The alignment, independent of row order: per column, the set of (siglum, token index)."""
    return [
        tuple(
            sorted(
                (s, t.index)
                for s, cell in zip(c.sigla, col.cells, strict=True)
                for t in cell.tokens
            )
        )
        for col in c.columns
    ]


def witnesses(*texts: str, language: str | None = None) -> list[Witness]:
    """Plain-text witnesses with automatic sigla A, B, C, ..."""
    return [load_text(chr(ord("A") + i), t, language=language) for i, t in enumerate(texts)]


def require_tool(name: str) -> str:
    """The path of an external tool; skipped locally when absent, a failure in CI (which installs it)."""
    path = shutil.which(name)
    if path is None:
        if CI:
            pytest.fail(f"{name} is not installed, but .ci/run should have installed it")
        pytest.skip(f"{name} is not installed")
    return path


def data_file(name: str) -> Path:
    """A file of ``tests/data``; a missing one is an error (the repository ships them all)."""
    path = DATA / name
    if not path.is_file():
        raise FileNotFoundError(f"{path} is missing: tests/data is part of the repository")
    return path


def hand_collation(
    *rows: str,
    language: str | None = None,
    transpositions: dict[int, tuple[int, ...]] | None = None,
    blocks: dict[int, tuple[tuple[str, int, int], ...]] | None = None,
):  # -> Collation
    """A collation built by hand from pipe strings, one per witness (sigla A, B, C...).

    ``"для всех |«судей»| партии"``: the pipes mark column boundaries and the text between
    them (with its spaces) is the witness's text in that column; an empty or blank cell is a
    gap, a cell ``"?"`` a lacuna.  ``transpositions`` maps a transposition id to its column
    indices, ``blocks`` the id to its ``(siglum, start, end)`` token ranges.
    """
    from dataclasses import replace as _replace

    from witnesscollate import Cell, Collation, Column, Lacuna, Transposition, tokenize

    split = [r.split("|") for r in rows]
    width = len(split[0])
    assert all(len(s) == width for s in split), "every row needs the same number of columns"
    wits = []
    cells_by_row = []
    for i, cells in enumerate(split):
        siglum = chr(ord("A") + i)
        text = "".join("" if c.strip() == "?" else c for c in cells)
        w = load_text(siglum, text, language=language)
        counts = [0 if c.strip() == "?" else len(tokenize(c).tokens) for c in cells]
        assert sum(counts) == len(w.tokens), f"row {siglum}: cells do not split into tokens"
        pos = 0
        row = []
        lacunae = []
        for c, k in zip(cells, counts, strict=True):
            if c.strip() == "?":
                lac = Lacuna(position=pos, end=pos, kind="gap")
                lacunae.append(lac)
                row.append(Cell(lacuna=lac))
            else:
                row.append(Cell(tokens=w.tokens[pos : pos + k]))
            pos += k
        wits.append(_replace(w, lacunae=tuple(lacunae)))
        cells_by_row.append(row)
    tcols = {c: tid for tid, cs in (transpositions or {}).items() for c in cs}
    columns = tuple(
        Column(cells=tuple(r[j] for r in cells_by_row), transposition=tcols.get(j))
        for j in range(width)
    )
    trs = tuple(
        Transposition(id=tid, blocks=(blocks or {}).get(tid, ()), columns=cs)
        for tid, cs in (transpositions or {}).items()
    )
    return Collation(witnesses=tuple(wits), columns=columns, transpositions=trs)


@pytest.fixture(scope="session")
def tei_schema() -> object:
    """The TEI P5 ``tei_all.rng`` schema, compiled once per session (about 8 s with lxml)."""
    from lxml import etree

    rng = data_file("tei_all.rng")
    return etree.RelaxNG(etree.parse(str(rng)))
