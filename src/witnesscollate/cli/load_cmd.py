"""``witnesscollate load``: what the reader makes of a TEI file, and (``--report``) how."""

from __future__ import annotations

import warnings
from pathlib import Path

import click

from ..errors import InputError, WitnessCollateWarning
from ..reading import load_tei_states
from ..reading.teireport import ReaderReport
from ._common import echo_table, library_errors
from .inputs import load_file


def _treat_as(values: tuple[str, ...]) -> dict[str, str]:
    out: dict[str, str] = {}
    for value in values:
        name, sep, target = value.partition("=")
        if not sep or not name.strip() or not target.strip():
            raise click.BadParameter(
                f"{value!r}: give NAME=TEI-ELEMENT, e.g. mdel=del or sga-add=add or x:foo=drop",
                param_hint="--treat-as",
            )
        out[name.strip()] = target.strip()
    return out


@click.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--siglum", help="Siglum to give the witness (default: from the document).")
@click.option(
    "--report",
    is_flag=True,
    help="Also print what the reader did with each element, and its warnings.",
)
@click.option(
    "--lenient",
    is_flag=True,
    help="A span (delSpan, addSpan...) whose end is missing is a warning, not an error: it "
    "ends at the end of its paragraph or segment.",
)
@click.option(
    "--reading",
    metavar="SIGLUM",
    help="Inside <app>, read this witness's reading (its @wit, xml:id or @n) instead of the lemma.",
)
@click.option(
    "--on-unknown",
    type=click.Choice(["warn", "error", "keep"]),
    default="warn",
    show_default=True,
    help="What to do with elements that are not TEI: keep their text and warn, refuse the "
    "file, or keep their text silently.",
)
@click.option(
    "--treat-as",
    "treat_as",
    multiple=True,
    metavar="NAME=ELEMENT",
    help="Read a project's own element as a TEI element (mdel=del) or not at all (x=drop). "
    "Repeatable.",
)
def load(
    file: Path,
    siglum: str | None,
    report: bool,
    lenient: bool,
    reading: str | None,
    on_unknown: str,
    treat_as: tuple[str, ...],
) -> None:
    """Load a TEI witness and print its metadata, states and token counts.

    Warnings (unknown elements, spans ended early...) go to stderr, one line each.  Plain
    text (``.txt``) and CollateX JSON (``.json``) load too.

    Example: witnesscollate load --report corpus/letter-to-congress-1922-12-23/PSS.xml
    """
    mapping = _treat_as(treat_as)
    reader_report = ReaderReport()
    with library_errors(), warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", WitnessCollateWarning)
        if file.suffix.lower() in (".txt", ".json"):
            if siglum:
                raise InputError("--siglum applies to TEI files only", hint="rename the .txt file")
            states = {w.siglum: w for w in load_file(file)}
        else:
            states = load_tei_states(
                file,
                siglum=siglum,
                strict=not lenient,
                reading=reading,
                on_unknown=on_unknown,
                treat_as=mapping,
                report=reader_report,
            )
    for record in caught:
        if isinstance(record.message, WitnessCollateWarning):
            click.echo(f"Warning: {record.message}", err=True)
        else:  # not ours: show it as Python would
            warnings.showwarning(record.message, record.category, record.filename, record.lineno)
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
    if report:
        click.echo("")
        click.echo(reader_report.to_text())
