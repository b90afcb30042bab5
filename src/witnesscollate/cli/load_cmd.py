"""``witnesscollate load``: what the reader makes of a TEI file."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import InputError
from ..reading import load_tei_states
from ._common import echo_table, library_errors
from .inputs import load_file


@click.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--siglum", help="Siglum to give the witness (default: from the document).")
def load(file: Path, siglum: str | None) -> None:
    """Load a TEI witness and print its metadata, states and token counts.

    Example: witnesscollate load corpus/letter-to-congress-1922-12-23/PSS.xml
    """
    with library_errors():
        if file.suffix.lower() in (".txt", ".json"):
            states = {w.siglum: w for w in load_file(file)}
            if siglum:
                raise InputError("--siglum applies to TEI files only", hint="rename the .txt file")
        else:
            states = load_tei_states(file, siglum=siglum)
    first = next(iter(states.values()))
    meta = first.metadata
    click.echo(f"{'file:':<12}{file}")
    click.echo(f"{'title:':<12}{meta.title}")
    for label, value in (
        ("date", meta.date),
        ("edition", meta.edition),
        ("source", meta.source),
        ("repository", meta.repository),
        ("language", meta.language),
    ):
        if value:
            click.echo(f"{label + ':':<12}{value}")
    for hand in meta.hands:
        click.echo(f"{'hand:':<12}#{hand.xml_id} {hand.scribe or ''} {hand.description}".rstrip())
    rows = [("state", "siglum", "tokens", "supplied", "lacunae", "notes")]
    # A document without revisions gives the same witness for every state: one row.
    names: dict[int, list[str]] = {}
    for state, w in states.items():
        names.setdefault(id(w), []).append(state)
    for w in {id(w): w for w in states.values()}.values():
        rows.append(
            (
                ", ".join(names[id(w)]),
                w.siglum,
                str(len(w.tokens)),
                str(sum(t.supplied for t in w.tokens)),
                str(len(w.lacunae)),
                str(sum(len(t.notes) for t in w.tokens)),
            )
        )
    echo_table(rows)
