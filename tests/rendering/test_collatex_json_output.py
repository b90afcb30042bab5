"""Our CollateX JSON, read by CollateX: its witnesses are a collation CollateX can run."""

from __future__ import annotations

import json

import pytest

from conftest import hand_collation, witnesses
from witnesscollate import RenderError, collate, render


def cx_columns(table: object) -> list[list[str | None]]:
    """A collatex AlignmentTable's columns: each witness's text there (None: a gap)."""
    out = []
    for col in table.columns:  # type: ignore[attr-defined]
        by = col.tokens_per_witness
        out.append(
            ["".join(t.token_data["t"] for t in by[s]).rstrip() if s in by else None for s in "AB"]
        )
    return out


@pytest.mark.parametrize("layout", ["vertical", "horizontal"])
def test_collatex_create_from_dict_accepts_our_witnesses(layout: str) -> None:
    from collatex import Collation as CxCollation
    from collatex import collate as cx_collate

    c = collate(witnesses("The black cat sat on the mat.", "The white cat sat on a mat."))
    doc = json.loads(c.to_collatex_json(layout=layout, witnesses="tokens"))
    cx = CxCollation.create_from_dict(doc)
    assert [w.sigil for w in cx.witnesses] == ["A", "B"]
    assert ["".join(t.token_data["t"] for t in w.tokens()) for w in cx.witnesses] == [
        w.text for w in c.witnesses
    ]
    table = cx_collate(cx, output="table", segmentation=False, near_match=False)
    # CollateX compares our norms ("n") and aligns these two as we do
    ours = [[cell.text or None for cell in col.cells] for col in c.columns]
    assert cx_columns(table) == ours
    # collatex.collate takes the parsed document as it is, too
    assert json.loads(cx_collate(doc, output="json", segmentation=False))["witnesses"] == ["A", "B"]


def test_the_engine_and_collatex_on_our_file_agree() -> None:
    """engine="collatex" and CollateX run on our JSON give the same columns."""
    from collatex import Collation as CxCollation
    from collatex import collate as cx_collate

    ws = witnesses("Ein Hund lief über die Straße", "Der Hund lief schnell über die Straße")
    by_engine = collate(ws, engine="collatex")
    ours = json.loads(collate(ws).to_collatex_json(witnesses="tokens"))
    table = cx_collate(CxCollation.create_from_dict(ours), output="table", segmentation=False)
    assert cx_columns(table) == [
        [cell.text or None for cell in col.cells] for col in by_engine.columns
    ]


def test_default_output_is_collatex_own_shape() -> None:
    """``witnesses`` holds sigla, ``table`` token lists or null; our block beside them."""
    c = hand_collation("a |b |c", "a |? |c")
    doc = json.loads(c.to_collatex_json())
    assert doc["witnesses"] == ["A", "B"]
    assert doc["table"][1] == [[{"t": "b ", "n": "b"}], None]  # a lacuna is null for CollateX
    block = doc["witnesscollate"]
    assert block["version"] == 1
    assert block["layout"] == "vertical"
    (lacuna,) = block["witnesses"][1]["lacunae"]
    assert lacuna["columns"] == [1]
    assert set(doc) == {"witnesses", "table", "witnesscollate"}


def test_unknown_forms_are_refused() -> None:
    c = collate(witnesses("a", "b"))
    with pytest.raises(RenderError, match="witnesses form 'objects'"):
        c.to_collatex_json(witnesses="objects")
    with pytest.raises(RenderError, match="unknown option"):
        render(c, "collatex-json", colour=True)
