"""``witnesscollate load FILE``: states and token counts, one-line errors."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from tei_helpers import fixture

from witnesscollate.cli import cli


def run(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, list(args))


def rows(output: str) -> dict[str, list[str]]:
    table = output[output.index("state ") :].splitlines()[1:]
    return {line.split("  ")[0].strip(): line.split() for line in table}


def test_load_names_the_states_and_token_counts() -> None:
    result = run("load", str(fixture("revised.xml")))
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Как нам реорганизовать Рабкрин" in out
    assert "source:     Москва, РГАСПИ, ф. 2, оп. 1, д. 24821" in out
    assert "repository: РГАСПИ" in out
    assert "date:       1923-01-23" in out
    assert "hand:       #lenin Lenin Corrections in ink." in out
    table = rows(out)
    assert list(table) == ["ac", "pc-typist", "pc-lenin", "pc"]
    assert table["ac"][1:4] == ["B3", "a.c.", "16"]
    assert table["pc"][1:4] == ["B3", "p.c.", "19"]


def test_load_unrevised_document_prints_one_row(tmp_path: Path) -> None:
    result = run("load", str(fixture("features.xml")))
    assert result.exit_code == 0, result.output
    table = rows(result.output)
    assert list(table) == ["ac, pc"]
    assert table["ac, pc"][2:] == ["K56", "41", "2", "3", "1"]


def test_load_with_siglum() -> None:
    result = run("load", "--siglum", "X", str(fixture("revised.xml")))
    assert "X a.c." in result.output


def test_missing_file_is_a_one_line_error() -> None:
    result = run("load", "no/such/witness.xml")
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        "Error: no/such/witness.xml: no such file (hint: check the path)"
    ]
    assert "Traceback" not in result.output


def test_bad_tei_is_a_one_line_error() -> None:
    result = run("load", str(fixture("billion_laughs.xml")))
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("Error: ")
    assert "internal subset" in lines[0]
    assert result.exception is None or isinstance(result.exception, SystemExit)
