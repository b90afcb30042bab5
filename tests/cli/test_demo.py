"""``witnesscollate demo``: the README's first command, on the bundled corpus."""

from __future__ import annotations

import json
import types
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from witnesscollate.cli import cli, demo_cmd


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Result, Path]:
    out = tmp_path_factory.mktemp("demo") / "out"
    return CliRunner().invoke(cli, ["demo", "--out", str(out)]), out


def test_demo_succeeds_and_writes_every_output(demo_run: tuple[Result, Path]) -> None:
    result, out = demo_run
    assert result.exit_code == 0, result.output
    assert f"written to {out}" in result.output
    for doc in ("letter-to-congress-1922-12-23", "characteristics-1922-12-24"):
        names = {p.name for p in (out / doc).iterdir()}
        for suffix in (".html", ".xml", ".tex"):
            assert f"{doc}-ru{suffix}" in names
        assert f"{doc}-ru-alterations-K56-CW-PSS.html" in names
        assert f"{doc}-ru-alterations-K56-CW-PSS.json" in names
    assert not list(out.rglob(".*.tmp")), "temporary files left behind"


def test_summary_names_the_headline_readings(demo_run: tuple[Result, Path]) -> None:
    result, _ = demo_run
    text = result.output
    assert "V011 «Вами» → «вами»  [capitalisation] in PSS, silent" in text
    assert "V013 «судей» → «судеб»  [lexical] in T, silent" in text
    assert "V023 «ему» → «им»  [grammatical] in PSS, proposed in NOTE, silent" in text
    assert "генсека" in text
    # Per document: witnesses and the variation units by class.
    assert "ru: H, T, K56, CW, PSS (base PSS)" in text
    assert "variation units:" in text
    # Headline readings first, in catalog order, before the per-document part.
    heads = text.split("Headline readings:", 1)[1].split("\n\n", 1)[0]
    order = [heads.index(v) for v in ("V011", "V013", "V023", "V001")]
    assert order == sorted(order)
    assert text.index("Headline readings:") < text.index("ru: H, T, K56, CW, PSS")
    # The K56 → CW → PSS chain is listed per document where it exists.
    assert "K56 → CW → PSS: 1 alteration\n      V011" in text
    assert "K56 → CW → PSS: 1 alteration\n      V023" in text


def test_report_json_agrees_with_the_summary(demo_run: tuple[Result, Path]) -> None:
    _, out = demo_run
    doc = "characteristics-1922-12-24"
    data = json.loads((out / doc / f"{doc}-ru-alterations-K56-CW-PSS.json").read_text("utf-8"))
    (emu,) = [a for a in data["alterations"] if a["before"] == "ему"]
    assert (emu["after"], emu["introduced_in"], emu["signalled"]) == ("им", "PSS", False)


def test_no_progress_bar_when_piped(demo_run: tuple[Result, Path]) -> None:
    result, _ = demo_run
    assert "collating" not in result.output


def test_progress_bar_on_a_terminal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake_sys = types.SimpleNamespace(stdout=types.SimpleNamespace(isatty=lambda: True))
    monkeypatch.setattr(demo_cmd, "sys", fake_sys)
    monkeypatch.setattr(
        demo_cmd, "run_group", lambda doc, group, folder: demo_cmd.GroupResult(doc, group)
    )
    result = CliRunner().invoke(cli, ["demo", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "collating" in result.output


def test_default_folder_is_new_and_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(
        demo_cmd, "run_group", lambda doc, group, folder: demo_cmd.GroupResult(doc, group)
    )
    first = CliRunner().invoke(cli, ["demo"])
    second = CliRunner().invoke(cli, ["demo"])
    assert first.exit_code == 0, first.output
    folders = sorted(p.name for p in tmp_path.iterdir())
    assert len(folders) == 2
    assert all(name.startswith("witnesscollate-output-") for name in folders)
    assert folders[0] in first.output or folders[1] in first.output
    assert second.exit_code == 0


def test_out_that_is_a_file_is_a_one_line_error(tmp_path: Path) -> None:
    target = tmp_path / "file.txt"
    target.write_text("keep me", encoding="utf-8")
    result = CliRunner().invoke(cli, ["demo", "--out", str(target)])
    assert result.exit_code != 0
    assert target.read_text(encoding="utf-8") == "keep me"
    assert len([line for line in result.output.splitlines() if line.strip()]) <= 3


def test_index_links_every_file_and_summary_is_saved(demo_run: tuple[Result, Path]) -> None:
    import re

    result, out = demo_run
    index = (out / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'href="([^"]+)"', index)
    assert len(links) >= 30
    assert all((out / link).is_file() for link in links)
    written = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    assert written - set(links) == {"index.html", "summary.txt"}
    summary = (out / "summary.txt").read_text(encoding="utf-8")
    assert "V023 «ему» → «им»" in summary
    assert summary.strip() in result.output


def test_the_outputs_are_published_at_the_end(
    demo_run: tuple[Result, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Made in a staging folder, then published: no staging folder stays, an existing
    folder keeps the user's own files, and an interrupted run (the new user's review of
    2026-12-07: Ctrl-C left 159 files and no index) leaves no folder at all."""
    _, out = demo_run
    assert not [p for p in out.parent.iterdir() if p.name.startswith(".witnesscollate")]
    assert not [p for p in out.rglob(".witnesscollate*")]
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("keep me", encoding="utf-8")
    result = CliRunner().invoke(cli, ["demo", "--out", str(mine)])
    assert result.exit_code == 0, result.output
    assert (mine / "notes.txt").read_text(encoding="utf-8") == "keep me"
    assert (mine / "index.html").is_file()
    assert (
        mine / "letter-to-congress-1922-12-23" / "letter-to-congress-1922-12-23-ru.xml"
    ).is_file()
    assert not [p for p in mine.iterdir() if p.name.startswith(".witnesscollate")]

    calls = []
    real = demo_cmd.run_group

    def interrupted(doc: object, group: object, folder: Path) -> demo_cmd.GroupResult:
        calls.append(folder)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return real(doc, group, folder)  # type: ignore[arg-type]

    monkeypatch.setattr(demo_cmd, "run_group", interrupted)
    new = tmp_path / "new"
    result = CliRunner().invoke(cli, ["demo", "--out", str(new)])
    assert result.exit_code != 0
    assert len(calls) == 3
    assert not new.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine"]


def test_a_new_folder_has_the_usual_mode_and_a_dangling_link_is_refused_first(
    demo_run: tuple[Result, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The staging folder becomes the new --out: with the mode a new folder gets, not
    mkdtemp's private one; an --out that links to nothing is refused before any work (the
    review of 2026-12-08)."""
    import os

    _, out = demo_run
    mask = os.umask(0o022)
    os.umask(mask)
    assert out.stat().st_mode & 0o777 == 0o777 & ~mask
    calls: list[Path] = []
    monkeypatch.setattr(demo_cmd, "run_group", lambda doc, group, folder: calls.append(folder))
    link = tmp_path / "link"
    link.symlink_to(tmp_path / "nowhere")
    result = CliRunner().invoke(cli, ["demo", "--out", str(link)])
    assert result.exit_code != 0
    assert "a link to nothing" in result.output
    assert calls == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link"]
