"""The ``witnesscollate`` command: thin click commands, one library call each.

Every :class:`~witnesscollate.errors.WitnessCollateError` becomes a one-line message on
stderr and exit status 1; click's own usage errors exit with 2.  Each command lives in its own
module in this package and is registered in :data:`COMMANDS`.
"""

from __future__ import annotations

import click

from .._io import reported_stdout_errors
from .._version import __version__
from .alterations_cmd import alterations
from .collate_cmd import collate
from .corpus_cmd import corpus
from .demo_cmd import demo
from .load_cmd import load
from .many_cmd import collate_many_cmd

__all__ = ["cli", "main"]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="witnesscollate")
def cli() -> None:
    """Collate TEI witnesses of a text and publish the critical apparatus.

    Example: witnesscollate demo --out results/
    """


COMMANDS: tuple[click.Command, ...] = (
    alterations,
    collate,
    collate_many_cmd,
    corpus,
    demo,
    load,
)
for _command in COMMANDS:
    cli.add_command(_command)


def main() -> None:
    """Entry point of the console script."""
    with reported_stdout_errors():  # stdout on a full disk: one line, not a traceback
        cli(prog_name="witnesscollate")
