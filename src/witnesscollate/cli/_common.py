"""What the commands share: turning library errors into one-line messages."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import TypeVar

import click
from click._termui_impl import ProgressBar

from ..errors import WitnessCollateError

T = TypeVar("T")


@contextmanager
def library_errors() -> Iterator[None]:
    """Report a :class:`WitnessCollateError` as ``Error: ...`` and exit 1, with no traceback."""
    try:
        yield
    except WitnessCollateError as exc:
        raise click.ClickException(str(exc)) from exc


def echo_table(rows: Sequence[Sequence[str]], echo: Callable[[str], None] = click.echo) -> None:
    """Print rows as aligned plain-text columns."""
    if not rows:
        return
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for r in rows:
        echo("  ".join(cell.ljust(w) for cell, w in zip(r, widths, strict=True)).rstrip())


@contextmanager
def terminal_progress(label: str) -> Iterator[Callable[[int, int], None] | None]:
    """A ``progress(done, total)`` callback that draws a bar on stderr, or None when piped.

    The aligner calls it during long work; on a terminal the user sees the bar, in a pipe or
    a log nothing is drawn.
    """
    stream = sys.stderr
    if not stream.isatty():
        yield None
        return
    with ExitStack() as stack:
        bars: list[ProgressBar[int]] = []

        def update(done: int, total: int) -> None:
            if not bars:
                bar: ProgressBar[int] = click.progressbar(
                    length=max(total, 1), label=label, file=stream
                )
                bars.append(stack.enter_context(bar))
            bars[0].update(max(done - bars[0].pos, 0))

        yield update


def standard_output(out: Path | None) -> Path | None:
    """``--out -`` is standard output, as the shell's tools read it (None, as no --out)."""
    return None if out is not None and str(out) == "-" else out
