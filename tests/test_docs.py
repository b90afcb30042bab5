"""Every public name and every CLI command is documented."""

from __future__ import annotations

import inspect

import click
import pytest

import witnesscollate
from witnesscollate.cli import cli


@pytest.mark.parametrize("name", sorted(n for n in witnesscollate.__all__ if n != "__version__"))
def test_public_names_have_docstrings(name: str) -> None:
    obj = getattr(witnesscollate, name)
    assert inspect.getdoc(obj), f"witnesscollate.{name} has no docstring"


def _commands(group: click.Group, prefix: str = "") -> list[tuple[str, click.Command]]:
    found: list[tuple[str, click.Command]] = []
    for name, cmd in group.commands.items():
        found.append((prefix + name, cmd))
        if isinstance(cmd, click.Group):
            found.extend(_commands(cmd, prefix + name + " "))
    return found


@pytest.mark.parametrize(("name", "command"), _commands(cli), ids=lambda v: str(v))
def test_cli_commands_have_help(name: str, command: click.Command) -> None:
    assert command.help, f"`witnesscollate {name}` has no help text"
    if not isinstance(command, click.Group):
        assert "Example:" in command.help, f"`witnesscollate {name}` help has no Example:"


def test_version_matches_package() -> None:
    from click.testing import CliRunner

    result = CliRunner().invoke(cli, ["--version"])
    assert result.exit_code == 0
    assert witnesscollate.__version__ in result.output
