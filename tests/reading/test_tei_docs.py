"""docs/tei.md names every TEI element and gives each rule of the reader a row."""

from __future__ import annotations

import re

from conftest import ROOT
from witnesscollate.reading.teiindex import BLOCKS, EXCLUDED, ReadOptions, TextIndex
from witnesscollate.reading.teischema import TEI_ELEMENTS
from witnesscollate.reading.teitext import TextWalker

DOC = (ROOT / "docs" / "tei.md").read_text(encoding="utf-8")
NAMED = set(re.findall(r"`([A-Za-z][A-Za-z0-9]*)`", DOC))


def test_every_tei_element_is_named() -> None:
    assert not sorted(TEI_ELEMENTS - NAMED)


def test_every_element_with_a_rule_has_a_row_in_the_table() -> None:
    table = DOC[DOC.index("## Elements with their own rule") : DOC.index("## Blocks")]
    rows = set(
        re.findall(
            r"`([A-Za-z]+)`",
            "\n".join(ln.split("|")[1] for ln in table.splitlines() if ln.startswith("| `")),
        )
    )
    walker = TextWalker(None, ReadOptions(choice=frozenset({"corr"})), TextIndex(source="x"))
    assert not sorted(set(walker._handlers) - rows)


def test_blocks_and_dropped_elements_are_listed_where_they_belong() -> None:
    blocks = DOC[DOC.index("## Blocks") : DOC.index("## Not witness text")]
    dropped = DOC[DOC.index("## Not witness text") : DOC.index("## Every other TEI element")]
    table = DOC[DOC.index("## Elements with their own rule") : DOC.index("## Blocks")]
    for name in BLOCKS:
        assert f"`{name}`" in blocks or f"`{name}`" in table, name
    for name in EXCLUDED:
        assert f"`{name}`" in dropped or f"`{name}`" in table, name
