"""The README is run, not just read: its Python blocks execute, its commands are real, and the
lists it gives (Debian packages, extras, docs) agree with the files they come from.

Every line of a ``sh`` block is one of the commands below and is checked: ``witnesscollate ...``
runs through click's CliRunner (in a temporary folder with the corpus beside it, as in a
clone), ``pip install ...`` names extras that exist, ``nox -s ...`` a session the noxfile has,
``sudo apt-get install ...`` exactly ``.ci/debian-packages.txt``.  A new kind of command in the
README fails here until this file learns to check it.
"""

from __future__ import annotations

import ast
import re
import shlex
from importlib.metadata import metadata
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from conftest import ROOT
from witnesscollate.cli import cli

README = (ROOT / "README.md").read_text(encoding="utf-8")
PACKAGES = ROOT / ".ci" / "debian-packages.txt"
CI_RUN = (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def blocks(language: str) -> list[str]:
    """The README's fenced code blocks in ``language``, in order."""
    return [
        m.group(2)
        for m in re.finditer(r"^```(\w*)\n(.*?)^```", README, re.DOTALL | re.MULTILINE)
        if m.group(1) == language
    ]


def commands() -> list[str]:
    """Every command of the ``sh`` blocks (``a && b`` is two)."""
    lines = [line.strip() for block in blocks("sh") for line in block.splitlines()]
    return [part.strip() for line in lines if line for part in line.split("&&")]


@pytest.fixture
def clone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working folder where ``corpus/...`` paths resolve as they do in a clone."""
    (tmp_path / "corpus").symlink_to(ROOT / "corpus", target_is_directory=True)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_the_two_commands_are_there() -> None:
    lines = [line.strip() for block in blocks("sh") for line in block.splitlines()]
    assert lines[:2] == ["pip install . && witnesscollate demo", "pip install nox && nox -s tests"]


def test_python_blocks_run(clone: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The blocks run in order in one namespace, as in a notebook, and do what they say."""
    code = blocks("python")
    assert len(code) >= 2
    namespace: dict[str, Any] = {"__name__": "__readme__"}
    for block in code:
        exec(compile(block, "README.md", "exec"), namespace)
    printed = capsys.readouterr().out

    written = re.findall(r"""\.write\(\s*"([^"]+)\"""", "\n".join(code))
    assert len(written) >= 4
    for name in written:
        assert (clone / name).stat().st_size > 0, f"the README writes {name}"
    assert re.search(r"^\d+ units, \d+ substantive$", printed, re.MULTILINE)

    # the comments' claims: «Вами» → «вами» in PSS, silent; the chain of the printings
    report = namespace["report"]
    assert any(
        (a.before, a.after, a.introduced_by, a.silent) == ("Вами", "вами", "PSS", True)
        for a in report
    )
    assert [(a.before, a.after) for a in namespace["printings"]] == [("Вами", "вами")]
    assert [w.siglum for w in namespace["states"].values()] == ["B3 a.c.", "B3 p.c."]
    # the language profiles: an English inflection is grammatical, Latin spellings orthography
    assert "| cats run B | cat ran A *(grammatical)* | grammatical |" in printed
    assert "diuisa B *(orthography)*" in printed
    assert "III B *(orthography)*" in printed
    assert re.search(r"^app1,.*,look to,compare,1872,lexical,", printed, re.MULTILINE)


#: Calls that return a new record and change nothing: a README statement that makes one and
#: drops it (``apparatus.filter(...)`` on a line of its own) shows a mistake.
PURE = {"collate", "apparatus", "filter", "alterations", "render", "load_tei", "load_text"}


def test_no_result_is_thrown_away() -> None:
    for block in blocks("python"):
        for node in ast.walk(ast.parse(block)):
            if isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
                func = node.value.func
                name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                assert name not in PURE, f"README line {ast.unparse(node)!r} drops its result"


def _run(args: list[str]) -> None:
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert result.exit_code == 0, f"witnesscollate {shlex.join(args)}: {result.output}"
    assert result.output.strip()
    if "--out" in args:
        assert Path(args[args.index("--out") + 1]).stat().st_size > 0


def test_cli_commands_run(clone: Path) -> None:
    ran = 0
    for command in commands():
        args = shlex.split(command)
        if args[0] == "witnesscollate":
            _run(args[1:])
            ran += 1
        elif args[:2] == ["pip", "install"]:
            _check_pip_target(args[2:])
        elif args[:2] == ["nox", "-s"]:
            _check_nox_sessions(args[2:])
        elif args[:3] == ["sudo", "apt-get", "install"]:
            assert args[3:] == debian_packages()
        else:
            pytest.fail(f"the README shows a command this test does not check: {command}")
    assert ran >= 8
    assert list(clone.glob("witnesscollate-output-*/index.html")), "the demo wrote its pages"


def _check_pip_target(targets: list[str]) -> None:
    extras = set(metadata("witnesscollate").get_all("Provides-Extra") or ())
    for target in targets:
        if target == ".":
            continue
        m = re.fullmatch(r"\.\[([\w,-]+)\]", target)
        if m is None:  # a package from PyPI, e.g. nox
            assert re.fullmatch(r"[A-Za-z][\w.-]*", target), target
            continue
        assert set(m.group(1).split(",")) <= extras, target


def _check_nox_sessions(sessions: list[str]) -> None:
    noxfile = (ROOT / "noxfile.py").read_text(encoding="utf-8")
    for name in sessions:
        assert re.search(rf"^def {re.escape(name)}\(session", noxfile, re.MULTILINE), name


def debian_packages() -> list[str]:
    """``.ci/debian-packages.txt``: one package a line, ``#`` comments."""
    lines = (line.split("#", 1)[0].strip() for line in PACKAGES.read_text("utf-8").splitlines())
    return [line for line in lines if line]


def test_one_list_of_debian_packages() -> None:
    """The README shows the list ``.ci/run`` installs from, with everything the tests call."""
    packages = debian_packages()
    assert {"texlive-plain-generic", "chromium", "graphviz", "poppler-utils"} <= set(packages)
    assert len(set(packages)) == len(packages)
    installs = [c for c in commands() if c.startswith("sudo apt-get install ")]
    assert [shlex.split(c)[3:] for c in installs] == [packages]
    assert ".ci/debian-packages.txt" in CI_RUN
    assert "nox -s tests" in CI_RUN  # the README's test command is CI's


def test_extras_named_in_the_text_exist() -> None:
    extras = set(metadata("witnesscollate").get_all("Provides-Extra") or ())
    named = {e for m in re.finditer(r"\.\[([\w,-]+)\]", README) for e in m.group(1).split(",")}
    assert {"ru", "en", "la", "pandas", "dask", "plot", "test", "dev"} <= named
    assert named <= extras


def test_every_doc_is_named() -> None:
    docs = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "docs").glob("*.md"))
    assert docs
    missing = [d for d in docs if f"`{d}`" not in README]
    assert not missing, f"README.md does not point to {missing}"
