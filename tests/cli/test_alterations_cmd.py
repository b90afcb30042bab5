"""``witnesscollate alterations``: the report from the command line, and its failure modes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from witnesscollate.cli import cli
from witnesscollate.corpus import corpus_root

DOC = "letter-to-congress-1922-12-23"


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, ["alterations", *args])


def one_line_error(result: Result) -> str:
    assert result.exit_code != 0
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1, result.output
    assert lines[0].startswith("Error: ")
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return lines[0]


def test_corpus_chain_as_json() -> None:
    result = run("--corpus", DOC, "--chain", "K56,CW,PSS", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["chain"] == ["K56", "CW", "PSS"]
    (vami,) = [a for a in data["alterations"] if a["before"] == "Вами"]
    assert vami["after"] == "вами"
    assert vami["introduced_in"] == "PSS"
    assert vami["signalled"] is False


def test_default_is_the_manifest_stemma_and_format_is_markdown() -> None:
    result = run("--corpus", DOC)
    assert result.exit_code == 0, result.output
    # the PSS was printed from the typescript, not from the 4th edition
    assert result.output.startswith(
        "# Alterations along H (root); H → T; T → K56; K56 → CW; T → PSS"
    )


def test_files_in_the_order_given(tmp_path: Path) -> None:
    folder = Path(str(corpus_root() / DOC))
    out = tmp_path / "report.csv"
    result = run(str(folder / "H.xml"), str(folder / "T.xml"), "--out", str(out))
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert text.startswith("id,unit,")
    assert "судеб" in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--corpus", DOC, "--chain", "K56,XX"], "unknown siglum 'XX'"),
        (["--corpus", DOC, "--chain", "K56"], "at least two witnesses"),
        (["--corpus", DOC, "--stemma", "K56-CW"], "not an edge exemplar>copy"),
        (["--corpus", DOC, "--chain", "K56,CW", "--stemma", "K56>CW"], "not both"),
        (["--corpus", "no-such-doc"], "no corpus document"),
        (["--corpus", DOC, "--format", "pdf"], "unknown output format 'pdf'"),
        (["--corpus", DOC, "--format", "tei"], "a report cannot be written as tei"),
        (["--corpus", DOC, "--group", "xx"], "no group 'xx'"),
        (["missing.xml", "other.xml"], "no such file"),
        ([], "either FILE... or --corpus"),
    ],
)
def test_bad_arguments_give_one_line(args: list[str], message: str) -> None:
    assert message in one_line_error(run(*args))


def test_unwritable_out_leaves_nothing(tmp_path: Path) -> None:
    target = tmp_path / "missing" / "report.json"
    line = one_line_error(run("--corpus", DOC, "--out", str(target)))
    assert "does not exist" in line
    assert not target.parent.exists()
    bad_suffix = tmp_path / "report.pdf"
    one_line_error(run("--corpus", DOC, "--out", str(bad_suffix)))
    assert list(tmp_path.iterdir()) == []


def test_a_change_made_among_unattested_witnesses_names_the_candidates() -> None:
    args = [
        "--corpus",
        "characteristics-1922-12-24",
        "--chain",
        "TC,K56,CW,PSS",
        "--format",
        "json",
    ]
    report = json.loads(run(*args).output)
    (a,) = [x for x in report["alterations"] if x["before"] == "является"]
    # K56 and CW are not attested here: the change was made in one of them or in the PSS
    assert a["introduced_in"] == "PSS"
    assert a["candidates"] == ["K56", "CW", "PSS"]
    assert a["uncertain"] is True
    assert a["attested"] is True


def test_stemma_option_follows_the_edges() -> None:
    args = ["--corpus", DOC, "--stemma", "H>T,T>PSS", "--format", "json"]
    report = json.loads(run(*args).output)
    assert report["stemma"]["PSS"]["exemplars"] == ["T"]
    assert {(e["exemplar"], e["copy"]) for e in report["edges"]} == {("H", "T"), ("T", "PSS")}
