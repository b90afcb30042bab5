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


# -- the reader report and the reading options -------------------------------------------

FV = (
    Path(__file__).resolve().parents[1]
    / "data"
    / "realworld"
    / "frankenstein-variorum"
    / "fMS_box_c56_chap_4.xml"
)


def test_unresolved_span_is_a_one_line_error_naming_file_line_and_id() -> None:
    result = run("load", str(FV))
    assert result.exit_code == 1
    (line,) = result.output.strip().splitlines()
    assert line.startswith(f'Error: {FV}:78: <delSpan spanTo="#c56-0024.02">')
    assert "--lenient" in line


def test_lenient_report_and_treat_as() -> None:
    result = run("load", "--lenient", "--report", "--treat-as", "mdel=del", str(FV))
    assert result.exit_code == 0, result.output
    out = result.output  # warnings (stderr) come first, then the table and the report
    table = rows(out[: out.index("element  ")].rstrip())
    assert list(table) == ["ac", "pc"]
    assert int(table["pc"][3]) < int(table["ac"][3])  # the deletions are applied
    report = out[out.index("element  ") :]
    assert "mdel           4  treated as the TEI element named in treat_as" in report
    assert "metamark       2  dropped: not witness text" in report
    warnings = [ln for ln in out.splitlines() if ln.startswith("Warning: ")]
    assert any("ends at <delSpan anchor=" in w for w in warnings)
    assert not any("mdel" in w for w in warnings)  # treat_as says what it is


def test_unknown_elements_warn_or_fail(tmp_path: Path) -> None:
    doc = tmp_path / "x.xml"
    doc.write_text(
        '<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="X"><text><body>'
        "<p>a <mdel>b</mdel> c</p></body></text></TEI>",
        encoding="utf-8",
    )
    result = run("load", str(doc))
    assert result.exit_code == 0
    assert "Warning: " in result.output
    assert "<mdel> is not a TEI element" in result.output
    result = run("load", "--on-unknown", "error", str(doc))
    assert result.exit_code == 1
    assert "<mdel> is not a TEI element" in result.output
    result = run("load", "--treat-as", "mdel", str(doc))
    assert result.exit_code == 2
    assert "NAME=TEI-ELEMENT" in result.output
