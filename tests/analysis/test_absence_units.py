"""Issue 11, point 2: no giant units.  A unit never spans agreement among the witnesses that
have text there: where one witness is absent (it ends early, omits a passage, has a gap), it
gets a unit of its own and the others' variants stand nested inside it.

Checked on every corpus document under every base, and on Darwin's *Origin* (ch. 1, three
editions, one of them ending halfway: before the absence units one unit swallowed the rest).
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from witnesscollate import collate, load_text
from witnesscollate.corpus import documents
from witnesscollate.model import Apparatus, VariationUnit

DARWIN = Path(__file__).resolve().parents[1] / "data" / "darwin_origin_ch1_paragraphs.json.gz"


def spanned_agreement(app: Apparatus, unit: VariationUnit) -> list[int]:
    """The columns of a leaf unit where some witness of its scope has no text in the whole
    unit, the others differ among themselves, and yet all of them agree at that column: the
    others' agreement and their variants in one unit («om.» of a passage hiding them)."""
    if unit.children:
        return []
    columns = app.collation.columns
    rows = {s: app.collation.row_index(s) for s in unit.scope}
    absent = {s for s in unit.scope if not unit.reading_of(s).text}
    present = [rows[s] for s in unit.scope if s not in absent]
    texts_present = {unit.reading_of(s).text for s in unit.scope if s not in absent}
    if not absent or len(present) < 2 or len(texts_present) < 2:
        return []
    out = []
    for c in range(*unit.columns):
        texts = {" ".join(t.text for t in columns[c].cells[r]) for r in present}
        if len(texts) == 1 and "" not in texts:
            out.append(c)
    return out


def _groups() -> list[tuple[str, str]]:
    return [
        (d.id, g if isinstance(g, str) else g.name)
        for d in documents()
        for g in d.groups
        if len(d.load_group(g if isinstance(g, str) else g.name)) > 1
    ]


@pytest.mark.parametrize(("doc_id", "group"), _groups())
def test_no_corpus_unit_spans_agreement_among_the_witnesses_with_text(
    doc_id: str, group: str
) -> None:
    from witnesscollate.corpus import document

    witnesses = document(doc_id).load_group(group)
    collation = collate(witnesses)
    for w in witnesses:
        app = collation.apparatus(base=w.siglum)
        for unit in app.all_units:
            assert not spanned_agreement(app, unit), (w.siglum, unit.id, unit.columns)


def test_a_witness_that_ends_early_gets_a_unit_of_its_own() -> None:
    data = json.loads(gzip.decompress(DARWIN.read_bytes()).decode("utf-8"))
    texts: dict[str, list[str]] = {}
    for para in data["paragraphs"][:12]:
        for w in para["witnesses"]:
            texts.setdefault(w["id"], []).append(w["content"])
    full = {k: "\n\n".join(v) for k, v in texts.items()}
    short = full["1872"][: len(full["1872"]) // 2].rsplit(" ", 1)[0]
    witnesses = [
        load_text("1859", full["1859"]),
        load_text("1860", full["1860"]),
        load_text("1872", short),
    ]
    app = collate(witnesses).apparatus(base="1859")
    for unit in app.all_units:
        assert not spanned_agreement(app, unit), (unit.id, unit.columns)
    # the end 1872 lacks is one omission, with 1859 and 1860's own variants nested in it
    tail = [
        u
        for u in app.all_units
        if u.parent is None and u.reading_of("1872").text == "" and u.children
    ]
    assert tail, "no unit of 1872's absence with the others' variants nested"
    biggest = max(tail, key=lambda u: u.columns[1] - u.columns[0])
    assert biggest.reading_of("1872").type.value == "omission"
    assert all("1872" not in child.scope for child in biggest.children)
