"""``witnesscollate collate``: --engine, and the formats that write the collation itself."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import require_tool
from witnesscollate import load_collatex_alignment
from witnesscollate.cli import cli

LETTER = "letter-to-congress-1922-12-23"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["collate", *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def files(tmp_path: Path) -> list[str]:
    a, b = tmp_path / "A.txt", tmp_path / "B.txt"
    a.write_text("The black cat sat on the mat.", encoding="utf-8")
    b.write_text("The white cat sat on a mat.", encoding="utf-8")
    return [str(a), str(b)]


def test_table_csv_both_layouts(files: list[str]) -> None:
    code, out, err = run(*files, "--format", "table-csv")
    assert code == 0, err
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == ["column", "A", "B"]
    assert rows[2] == ["1", "black", "white"]
    code, out, _ = run(*files, "--format", "table-csv", "--layout", "horizontal", "--joined")
    assert code == 0
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[1][0] == "A"
    assert "cat sat on" in rows[1]


def test_table_json_to_a_file(files: list[str], tmp_path: Path) -> None:
    target = tmp_path / "table.json"
    code, _, err = run(*files, "--format", "table-json", "--out", str(target))
    assert code == 0, err
    assert "table-json" in err
    doc = json.loads(target.read_text(encoding="utf-8"))
    assert doc["witnesses"] == ["A", "B"]
    assert doc["table"][1] == ["black", "white"]


def test_engine_collatex_and_collatex_json_read_back(files: list[str]) -> None:
    code, out, err = run(*files, "--engine", "collatex", "--format", "collatex-json")
    assert code == 0, err
    c = load_collatex_alignment(out)
    assert c.engine == "collatex"
    assert [w.text for w in c.witnesses] == [
        "The black cat sat on the mat.",
        "The white cat sat on a mat.",
    ]
    code, out, _ = run(*files, "--format", "collatex-json")
    assert load_collatex_alignment(out).engine == "native"


def test_graph_formats_from_the_suffix(files: list[str], tmp_path: Path) -> None:
    code, _, err = run(*files, "--out", str(tmp_path / "g.graphml"))
    assert code == 0, err
    assert "graphml" in err
    assert (tmp_path / "g.graphml").read_text(encoding="utf-8").startswith("<?xml")
    code, out, _ = run(*files, "--format", "dot")
    assert out.startswith("digraph")
    require_tool("dot")
    code, _, err = run("--corpus", LETTER, "--out", str(tmp_path / "letter.svg"))
    assert code == 0, err
    assert "<svg" in (tmp_path / "letter.svg").read_text(encoding="utf-8")


def test_apparatus_options_with_a_collation_format_are_refused(files: list[str]) -> None:
    code, _, err = run(*files, "--format", "svg", "--substantive", "--witness", "B")
    assert code == 1
    assert "--substantive, --witness apply to the apparatus, not to svg" in err
    code, _, err = run(*files, "--format", "table-csv", "--base", "B")
    assert code == 1
    assert "--base applies to the apparatus" in err


def test_collation_options_with_an_apparatus_format_are_refused(files: list[str]) -> None:
    code, _, err = run(*files, "--format", "tei", "--layout", "horizontal")
    assert code == 1
    assert "--layout applies to collation formats, not to tei" in err
    code, _, err = run(*files, "--format", "dot", "--layout", "vertical")
    assert code == 1
    assert "dot has no layout" in err


def test_engine_choice_is_checked(files: list[str]) -> None:
    code, _, err = run(*files, "--engine", "medite")
    assert code == 2
    assert "native" in err
    assert "collatex" in err


def test_apparatus_formats_still_write_the_apparatus(files: list[str]) -> None:
    code, out, _ = run(*files, "--format", "json", "--engine", "collatex")
    assert code == 0
    assert "units" in json.loads(out)
