"""The alignment table: CSV, JSON and pandas, a column or a row per witness."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from conftest import hand_collation, witnesses
from witnesscollate import Format, RenderError, collate, render
from witnesscollate.rendering.collatex import joined_table


@pytest.fixture
def table():  # -> Collation
    # B lacks "brown" (a gap), C's text is unknown where "quick" stands (a lacuna)
    return hand_collation(
        "The |quick |brown |fox.",
        "The |quick |      |fox.",
        "The |?     |brown |fox!",
    )


def read_csv(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def test_csv_vertical_has_a_column_per_witness(table) -> None:
    rows = read_csv(table.render("table-csv"))
    assert rows == [
        ["column", "A", "B", "C"],
        ["0", "The", "The", "The"],
        ["1", "quick", "quick", "lac."],  # unknown text: never an empty cell
        ["2", "brown", "", "brown"],  # a gap: the witness has no text here
        ["3", "fox.", "fox.", "fox!"],
    ]


def test_csv_horizontal_has_a_row_per_witness(table) -> None:
    rows = read_csv(render(table, "table-csv", layout="horizontal"))
    assert rows[0] == ["witness", "0", "1", "2", "3"]
    assert rows[1:] == [
        ["A", "The", "quick", "brown", "fox."],
        ["B", "The", "quick", "", "fox."],
        ["C", "The", "lac.", "brown", "fox!"],
    ]


def test_json_both_layouts_and_variant_columns(table) -> None:
    vertical = json.loads(render(table, "table-json"))
    assert vertical["witnesses"] == ["A", "B", "C"]
    assert vertical["layout"] == "vertical"
    assert vertical["table"][2] == ["brown", "", "brown"]
    assert vertical["variant"] == [False, False, True, True]  # the lacuna is not a variant
    horizontal = json.loads(render(table, "table-json", layout="horizontal", indent=None))
    assert horizontal["table"] == [list(r) for r in zip(*vertical["table"], strict=True)]
    assert horizontal["variant"] == vertical["variant"]


@pytest.mark.parametrize("indent", [2, 4, None])
def test_json_text_is_what_the_standard_library_writes(table, indent: int | None) -> None:  # type: ignore[no-untyped-def]
    # orjson writes the default indent: the text must be json.dumps's of the same document
    c = collate(witnesses('«Вы» said \u2028 the "cat"\t\\', "«вы» said the dog"))
    for collation in (table, c):
        for layout in ("vertical", "horizontal"):
            text = render(collation, "table-json", layout=layout, indent=indent)
            assert text == json.dumps(json.loads(text), ensure_ascii=False, indent=indent)
            assert list(json.loads(text)) == [
                "witnesses",
                "layout",
                "segmentation",
                "table",
                "variant",
            ]


def test_segmented_table_joins_straight_runs() -> None:
    c = collate(witnesses("The black cat sat on the mat.", "The white cat sat on the mat."))
    rows = read_csv(render(c, "table-csv", segmentation=True))
    assert rows[1:] == [
        ["0", "The", "The"],
        ["1", "black", "white"],
        ["2", "cat sat on the mat.", "cat sat on the mat."],
    ]
    assert len(rows) - 1 == len(joined_table(c))
    doc = json.loads(render(c, "table-json", segmentation=True))
    assert doc["variant"] == [False, True, False]


def test_cells_keep_spacing_and_neutralise_formulas() -> None:
    c = collate(witnesses("=SUM(A1) a,  b", "=SUM(A1) a, b"))
    rows = read_csv(c.render("table-csv"))
    assert rows[0] == ["column", "A", "B"]
    assert rows[1][1] == "'="  # a spreadsheet shows it as text, never runs it
    doc = json.loads(c.render("table-json"))
    assert doc["table"][0] == ["=", "="]  # JSON is not a spreadsheet: the text as it is
    joined = json.loads(c.render("table-json", segmentation=True))
    assert joined["table"] == [["=SUM(A1) a,  b", "=SUM(A1) a, b"]]  # each witness's own spaces
    assert joined["variant"] == [False]


def test_dataframe_both_layouts(table) -> None:
    df = table.to_dataframe()
    assert list(df.columns) == ["A", "B", "C"]
    assert df.index.name == "column"
    assert df.loc[2, "B"] == ""
    assert df.loc[1, "C"] == "lac."
    wide = table.to_dataframe(layout="horizontal")
    assert wide.index.name == "witness"
    assert list(wide.index) == ["A", "B", "C"]
    assert wide.loc["A", 3] == "fox."
    assert (wide.T.values == df.values).all()
    # the DataFrame holds what the CSV prints
    assert read_csv(table.render("table-csv"))[1:] == [
        [str(i), *row] for i, row in zip(df.index, df.values.tolist(), strict=True)
    ]


def test_unknown_layouts_and_options_are_refused(table) -> None:
    with pytest.raises(RenderError, match="unknown table layout 'diagonal'"):
        table.render("table-csv", layout="diagonal")
    with pytest.raises(RenderError, match="unknown table layout"):
        table.to_dataframe(layout="sideways")
    with pytest.raises(RenderError, match=r"table-csv: unknown option\(s\) 'indent'"):
        table.render("table-csv", indent=2)


def test_write_infers_formats_for_a_collation(table, tmp_path: Path) -> None:
    assert Format.parse("table-csv") is Format.TABLE_CSV
    out = table.write(tmp_path / "table.csv")  # .csv on a collation: the alignment table
    assert read_csv(out.read_text(encoding="utf-8"))[0] == ["column", "A", "B", "C"]
    table.write(tmp_path / "t.json", "table-json")
    assert json.loads((tmp_path / "t.json").read_text(encoding="utf-8"))["layout"] == "vertical"
    table.write(tmp_path / "c.json")  # .json on a collation: CollateX's JSON
    assert "witnesscollate" in json.loads((tmp_path / "c.json").read_text(encoding="utf-8"))
