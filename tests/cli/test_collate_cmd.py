"""``witnesscollate collate``: files or a corpus document in, an apparatus out."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from witnesscollate.cli import cli
from witnesscollate.corpus import corpus_root

LETTER = "letter-to-congress-1922-12-23"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["collate", *args])
    return result.exit_code, result.stdout, result.stderr


def test_corpus_document_to_stdout_markdown() -> None:
    code, out, _ = run("--corpus", LETTER, "--format", "md")
    assert code == 0
    assert "| app" in out
    assert "Base text: **PSS**" in out
    assert "«судей» H (source: sakharov2003-p285-286) *(lexical)*" in out


def test_corpus_document_to_json_file(tmp_path: Path) -> None:
    target = tmp_path / "app.json"
    code, _, err = run("--corpus", LETTER, "--out", str(target))
    assert code == 0, err
    doc = json.loads(target.read_text(encoding="utf-8"))
    assert doc["base"] == "PSS"
    assert "wrote" in err


def test_base_and_substantive_and_negative(tmp_path: Path) -> None:
    code, out, _ = run("--corpus", LETTER, "--base", "H", "--substantive", "--format", "json")
    assert code == 0
    doc = json.loads(out)
    assert doc["base"] == "H"
    assert doc["filters"] == {"substantive": True}
    # the letter's «Вами»/«вами» (the pronoun of address) is substantive in Russian
    vami = [u for u in doc["units"] if u["type"] == "capitalisation"]
    assert vami
    assert all(u["substantive"] for u in doc["units"])
    code, out, _ = run("--corpus", LETTER, "--negative", "--format", "json")
    assert code == 0
    assert all(u["readings"][0]["witnesses"] == [] for u in json.loads(out)["units"])


def test_files(tmp_path: Path) -> None:
    a = tmp_path / "A.txt"
    b = tmp_path / "B.txt"
    a.write_text("для всех судей партии", encoding="utf-8")
    b.write_text("для всех судеб партии", encoding="utf-8")
    code, out, _ = run(str(a), str(b), "--format", "csv")
    assert code == 0
    assert "судеб,B,lexical" in out


def test_tei_files_from_the_corpus() -> None:
    folder = corpus_root() / LETTER
    files = [str(folder / f"{s}.xml") for s in ("H", "PSS")]
    code, out, _ = run(*files, "--base", "PSS", "--format", "tei")
    assert code == 0
    assert 'variantEncoding method="parallel-segmentation"' in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "give either FILE... or --corpus DOC"),
        (("x.xml", "--corpus", LETTER), "give either FILE... or --corpus DOC"),
        (("--corpus", LETTER, "--base", "ZZ"), "unknown siglum 'ZZ'"),
        (("--corpus", "no-such-document"), "no-such-document"),
        (("--corpus", LETTER, "--out", "app.docx"), "cannot infer the output format"),
        (("missing.xml", "--out", "app.xml"), "no such file"),
        (("--group", "ru", "x.xml"), "--group needs --corpus"),
    ],
)
def test_bad_arguments_fail_in_one_line_without_a_file(
    args: tuple[str, ...], message: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, _out, err = run(*args)
    assert code == 1
    assert message in err
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err
    assert list(tmp_path.iterdir()) == []


def test_unwritable_out_leaves_nothing(tmp_path: Path) -> None:
    code, _, err = run("--corpus", LETTER, "--out", str(tmp_path / "nope" / "app.xml"))
    assert code == 1
    assert "does not exist" in err
    assert not (tmp_path / "nope").exists()


def test_unknown_format_is_a_one_line_error_naming_the_choices() -> None:
    code, _, err = run("--corpus", LETTER, "--format", "pdf")
    assert code == 1
    assert "unknown output format 'pdf'" in err
    assert "reledmac" in err
    # issue 16: collatex-json writes the collation itself (tests/cli/test_collate_collation_formats.py)
    code, out, err = run("--corpus", LETTER, "--format", "collatex-json")
    assert code == 0, err
    assert json.loads(out)["witnesses"] == ["H", "T", "K56", "CW", "PSS"]


def test_all_states_of_a_file_without_revisions_is_one_witness() -> None:
    # issue 16: --all-states used to fail with "duplicate siglum 'PSS'"
    pss = corpus_root() / LETTER / "PSS.xml"
    h = corpus_root() / LETTER / "H.xml"
    code, out, err = run(str(pss), str(h), "--all-states", "--format", "json")
    assert code == 0, err
    assert [w["siglum"] for w in json.loads(out)["witnesses"]] == ["PSS", "H"]


def test_all_states_collates_before_and_after_correction() -> None:
    b3 = corpus_root() / "wpi-article-1923-01-23" / "B3.xml"
    code, out, err = run(str(b3), "--all-states", "--format", "json")
    assert code == 0, err
    doc = json.loads(out)
    sigla = [w["siglum"] for w in doc["witnesses"]]
    assert len(sigla) == 2
    assert any("a.c." in s for s in sigla)
    assert any("генсека" in r["text"] for u in doc["units"] for r in u["readings"])


def test_word_segmentation() -> None:
    phrase = json.loads(run("--corpus", LETTER, "--format", "json")[1])
    word = json.loads(run("--corpus", LETTER, "--format", "json", "--segmentation", "word")[1])
    assert word["segmentation"] == "word"
    assert len(word["units"]) >= len(phrase["units"])


def test_type_and_witness_filters() -> None:
    code, out, _ = run(
        "--corpus", LETTER, "--type", "lexical", "--witness", "H", "--format", "json"
    )
    assert code == 0
    doc = json.loads(out)
    assert [w["siglum"] for w in doc["witnesses"]] == ["H", "PSS"]
    assert doc["units"]
    assert all(any(r["type"] == "lexical" for r in u["readings"]) for u in doc["units"])
    code, _, err = run("--corpus", LETTER, "--type", "nonsense")
    assert code == 1
    assert "unknown variant type" in err
