"""What the commands share: turning library errors into one-line messages."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TypeVar

import click

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
