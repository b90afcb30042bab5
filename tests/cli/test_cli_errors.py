"""Every command fails the same way: one line on stderr, a non-zero exit, no partial output.

Bad arguments, missing files, unknown sigla, unwritable output paths and broken input files,
for each command; then the same through a real ``python -m witnesscollate`` process.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from witnesscollate.cli import cli
from witnesscollate.corpus import corpus_root

LETTER = "letter-to-congress-1922-12-23"


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    """A folder with one good TEI file, one broken one, a plain file and a CollateX JSON file."""
    src = Path(str(corpus_root())) / LETTER
    shutil.copy(src / "PSS.xml", tmp_path / "PSS.xml")
    shutil.copy(src / "K56.xml", tmp_path / "K56.xml")
    (tmp_path / "broken.xml").write_bytes((src / "PSS.xml").read_bytes()[:500])
    (tmp_path / "a-file").write_text("not a folder\n")
    (tmp_path / "two.json").write_text(
        json.dumps({"witnesses": [{"id": "A", "content": "a b c"}, {"id": "B", "content": "a c"}]})
    )
    (tmp_path / "bad.json").write_text('{"witnesses": [')
    (tmp_path / "empty.txt").write_text(" \n")
    (tmp_path / "bom.txt").write_bytes(b"\xef\xbb\xbf \n")  # a byte-order mark and a space
    (tmp_path / "latin1.txt").write_bytes(b"first line\ncaf\xe9 au lait\n")
    (tmp_path / "bom-latin1.txt").write_bytes(b"\xef\xbb\xbfx\n\xff\n")  # (its line 2)
    (tmp_path / "ru-latin1.txt").write_bytes("привет ".encode() + b"\xff\n")  # (column 8)
    (tmp_path / "bom-tei.xml").write_bytes(b'\xef\xbb\xbf<?xml version="1.0"?><TEI/>')
    long = " ".join(f"w{i % 97}" for i in range(6000))
    (tmp_path / "long1.txt").write_text(long)
    (tmp_path / "long2.txt").write_text(long.replace("w5 ", "v5 "))
    return tmp_path


def _files(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*")}


CASES: list[tuple[str, list[str], str]] = [
    # (case, arguments with {d} for the work folder, what the message must say)
    ("collate: no input", ["collate"], "give either FILE"),
    ("collate: missing file", ["collate", "{d}/nope.xml"], "no such file"),
    ("collate: broken TEI", ["collate", "{d}/broken.xml", "{d}/PSS.xml"], "not well-formed"),
    # an empty plain text is refused as an empty TEI file is: no witness omits every word
    ("collate: empty text file", ["collate", "{d}/empty.txt", "{d}/PSS.xml"], "has no text"),
    ("collate: a byte-order mark alone", ["collate", "{d}/bom.txt", "{d}/PSS.xml"], "has no text"),
    # where, once (the new user's review of 2026-12-07: «l1.txt: l1.txt is not UTF-8 text»)
    (
        "collate: a text file not in UTF-8",
        ["collate", "{d}/latin1.txt", "{d}/PSS.xml"],
        "latin1.txt:2: not UTF-8 text: byte 0xe9 at column 4 (hint: save the file as UTF-8)",
    ),
    (
        "collate: a text not in UTF-8 after a byte-order mark",
        ["collate", "{d}/bom-latin1.txt", "{d}/PSS.xml"],
        "bom-latin1.txt:2: not UTF-8 text: byte 0xff at column 1",
    ),
    (
        "collate: the column in characters",
        ["collate", "{d}/ru-latin1.txt", "{d}/PSS.xml"],
        "ru-latin1.txt:1: not UTF-8 text: byte 0xff at column 8",
    ),
    (
        "collate: the empty file named once",
        ["collate", "{d}/empty.txt", "{d}/PSS.xml"],
        "empty.txt: the file has",
    ),
    ("collate: unknown corpus document", ["collate", "--corpus", "nope"], "no corpus document"),
    # (the new user's review of 2026-12-07: a duplicate siglum «in PSS.xml and PSS.xml»)
    ("collate: the same file twice", ["collate", "{d}/PSS.xml", "{d}/PSS.xml"], "given twice"),
    (
        "collate-many: a TEI file",
        ["collate-many", "{d}/PSS.xml", "--out", "{d}/out"],
        "an XML file, where collate-many takes document folders and CollateX JSON",
    ),
    (
        "collate-many: a TEI file with a byte-order mark",
        ["collate-many", "{d}/bom-tei.xml", "--out", "{d}/out"],
        "an XML file, where collate-many takes",
    ),
    # (the new user's review of 2026-12-07: 2 x 21,000 tokens ran for minutes, saying nothing)
    (
        "collate: collatex on a long text",
        ["collate", "--engine", "collatex", "{d}/long1.txt", "{d}/long2.txt"],
        "the collatex engine is quadratic: 12,000 tokens",
    ),
    ("collate: unknown base siglum", ["collate", "--corpus", LETTER, "--base", "ZZ"], "'ZZ'"),
    ("collate: unknown format", ["collate", "--corpus", LETTER, "--format", "pdf"], "pdf"),
    (
        "collate: output folder missing",
        ["collate", "--corpus", LETTER, "--out", "{d}/no/such/dir/app.xml"],
        "does not exist",
    ),
    (
        "collate: output under a plain file",
        ["collate", "--corpus", LETTER, "--out", "{d}/a-file/app.xml"],
        "a-file",
    ),
    (
        "collate: format not inferable",
        ["collate", "--corpus", LETTER, "--out", "{d}/app.unknown"],
        "suffix",
    ),
    ("load: missing file", ["load", "{d}/nope.xml"], "no such file"),
    ("load: broken TEI", ["load", "{d}/broken.xml"], "not well-formed"),
    ("load: a folder", ["load", "{d}"], "directory"),
    ("alterations: unknown sigla", ["alterations", "--corpus", LETTER, "--chain", "K56,XX"], "XX"),
    (
        "alterations: output folder missing",
        ["alterations", "--corpus", LETTER, "--out", "{d}/no/such/dir/r.md"],
        "does not exist",
    ),
    ("collate-many: no input", ["collate-many", "--out", "{d}/out"], "SOURCE"),
    ("collate-many: missing --out", ["collate-many", "--corpus"], "--out"),
    ("collate-many: missing source", ["collate-many", "{d}/nope", "--out", "{d}/out"], "no such"),
    (
        "collate-many: folder without documents",
        ["collate-many", "{d}", "--out", "{d}/out"],
        "no manifest.json",
    ),
    (
        "collate-many: broken JSON",
        ["collate-many", "{d}/bad.json", "--out", "{d}/out"],
        "not valid JSON",
    ),
    (
        "collate-many: unknown base siglum",
        ["collate-many", "--corpus", "--base", "ZZ", "--out", "{d}/out"],
        "'ZZ'",
    ),
    (
        "collate-many: --workers 0",
        ["collate-many", "--corpus", "--workers", "0", "--out", "{d}/out"],
        "--workers",
    ),
    (
        "collate-many: workers and scheduler",
        ["collate-many", "--corpus", "--workers", "2", "--scheduler", "x", "--out", "{d}/out"],
        "not both",
    ),
    (
        "collate-many: output parent missing",
        ["collate-many", "{d}/two.json", "--out", "{d}/no/such/out"],
        "does not exist",
    ),
    (
        "collate-many: output is a file",
        ["collate-many", "{d}/two.json", "--out", "{d}/a-file"],
        "a-file",
    ),
    (
        "collate: output in a place nobody may write (/proc)",
        ["collate", "--corpus", LETTER, "--out", "/proc/self/app.xml"],
        "cannot write",
    ),
    (
        "collate-many: output in a place nobody may write (/proc)",
        ["collate-many", "{d}/two.json", "--out", "/proc/self/out"],
        "cannot write",
    ),
    ("unknown command", ["frobnicate"], "No such command"),
    ("unknown option", ["collate", "--frobnicate"], "No such option"),
]


@pytest.mark.parametrize(("case", "args", "says"), CASES, ids=[c[0] for c in CASES])
def test_errors_are_one_line_nonzero_and_leave_nothing(
    workdir: Path, case: str, args: list[str], says: str
) -> None:
    before = _files(workdir)
    result = CliRunner().invoke(cli, [a.format(d=workdir) for a in args])
    assert result.exit_code != 0, f"{case}: exit 0\n{result.output}"
    assert not isinstance(result.exception, Exception) or isinstance(
        result.exception, SystemExit
    ), f"{case}: a traceback escaped: {result.exception!r}"
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    message = lines[-1] if lines else ""
    assert says in message, f"{case}: {says!r} not in {message!r}"
    assert message.startswith("Error: "), f"{case}: {message!r}"
    if result.exit_code == 1:  # a library error: exactly one line, nothing else on stderr
        assert len(lines) == 1, f"{case}: more than one line on stderr: {lines}"
    assert _files(workdir) == before, f"{case}: files were left behind"


def test_a_failing_job_in_collate_many_writes_nothing(workdir: Path) -> None:
    # the second collation has a duplicate siglum: the first one's output must not remain
    (workdir / "jobs.json").write_text(
        json.dumps(
            [
                {
                    "id": "ok",
                    "witnesses": [{"id": "A", "content": "a b"}, {"id": "B", "content": "a"}],
                },
                {
                    "id": "bad",
                    "witnesses": [{"id": "A", "content": "a"}, {"id": "A", "content": "b"}],
                },
            ]
        )
    )
    out = workdir / "out"
    result = CliRunner().invoke(
        cli, ["collate-many", str(workdir / "jobs.json"), "--out", str(out)]
    )
    assert result.exit_code == 1
    assert "job 'bad'" in result.stderr
    assert "duplicate siglum 'A'" in result.stderr
    assert not out.exists()
    assert not [p for p in workdir.iterdir() if p.name.startswith(".witnesscollate-")]


def test_collate_many_writes_every_output(workdir: Path) -> None:
    out = workdir / "out"
    (out).mkdir()
    (out / "keep.txt").write_text("the user's own file")
    result = CliRunner().invoke(
        cli,
        [
            "collate-many",
            str(workdir / "two.json"),
            "--corpus",
            "--out",
            str(out),
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    written = sorted(p.name for p in out.iterdir())
    assert "two.json" in written
    assert f"{LETTER}.json" in written
    assert "keep.txt" in written
    assert not [p for p in out.iterdir() if p.name.startswith(".")]
    data = json.loads((out / f"{LETTER}.json").read_text(encoding="utf-8"))
    assert data["base"] == "PSS"


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "witnesscollate", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=300,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
        check=False,
    )


def test_a_real_process_fails_cleanly(workdir: Path) -> None:
    before = _files(workdir)
    proc = _run("collate", "nope.xml", cwd=workdir)
    assert proc.returncode == 1
    assert proc.stderr.strip().splitlines() == [proc.stderr.strip()], "one line"
    assert proc.stderr.startswith("Error: ")
    assert "no such file" in proc.stderr
    assert "Traceback" not in proc.stderr
    proc = _run("collate-many", "two.json", "bad.json", "--out", "out", cwd=workdir)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr
    assert _files(workdir) == before


def test_a_real_process_collates_many(workdir: Path) -> None:
    proc = _run("collate-many", "two.json", "--out", "out", "--workers", "2", cwd=workdir)
    assert proc.returncode == 0, proc.stderr
    assert (workdir / "out" / "two.xml").is_file()
    assert "[1/1] two: 2 witnesses" in proc.stdout


def test_out_dash_is_standard_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``--out -`` writes to standard output, not to a file named «-» (the new user's review
    of 2026-12-07)."""
    monkeypatch.chdir(tmp_path)
    for args, says in (
        (["collate", "--corpus", LETTER, "--format", "md", "--out", "-"], "# Apparatus"),
        (["alterations", "--corpus", LETTER, "--out", "-"], "# Alterations"),
    ):
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 0, result.output
        assert result.stdout.startswith(says)
    assert list(tmp_path.iterdir()) == []
