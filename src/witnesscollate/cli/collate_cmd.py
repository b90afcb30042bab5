"""``witnesscollate collate``: witnesses in, an apparatus out, in the format asked for."""

from __future__ import annotations

from pathlib import Path

import click

from .. import api
from ..rendering import Format, renderer
from ._common import library_errors, terminal_progress
from .inputs import input_options, resolve_inputs

__all__ = ["collate"]

@click.command()
@input_options
@click.option(
    "--base",
    metavar="SIGLUM",
    help="Base text (default: the manifest's base, else the first witness).",
)
@click.option(
    "--format",
    "fmt",
    metavar="FORMAT",
    help="Output format: tei, json, markdown, csv, html, reledmac, ekdosis (default: from "
    "the --out suffix, else tei).",
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write here (atomically) instead of standard output.",
)
@click.option(
    "--segmentation",
    type=click.Choice(("phrase", "word")),
    default="phrase",
    show_default=True,
    help="Join adjacent variant columns into one unit (phrase) or not (word).",
)
@click.option("--language", metavar="LANG", help="Language profile (default: the base's xml:lang).")
@click.option("--substantive", is_flag=True, help="Only substantive variants.")
@click.option(
    "--type",
    "types",
    multiple=True,
    metavar="TYPE",
    help="Only units with a reading of this class (repeatable): lexical, grammatical, om, ...",
)
@click.option(
    "--witness",
    "only",
    multiple=True,
    metavar="SIGLUM",
    help="Only these witnesses besides the base (repeatable).",
)
@click.option("--negative", is_flag=True, help="Negative apparatus: only dissenting witnesses.")
@click.option(
    "--all-states",
    is_flag=True,
    help="For FILEs with revisions, collate every state (a.c., p.c.), not only the last.",
)
def collate(
    files: tuple[Path, ...],
    corpus_doc: str | None,
    group: str | None,
    base: str | None,
    fmt: str | None,
    out: Path | None,
    segmentation: str,
    language: str | None,
    substantive: bool,
    types: tuple[str, ...],
    only: tuple[str, ...],
    negative: bool,
    all_states: bool,
) -> None:
    """Collate TEI witnesses (FILEs, or a corpus document) and write the apparatus.

    Example: witnesscollate collate --corpus letter-to-congress-1922-12-23 --format tei --out app.xml
    """
    with library_errors():
        inputs = resolve_inputs(files, corpus_doc, group, all_states=all_states)
        inputs.refuse_as_output(out)
        f = Format.parse(fmt) if fmt else (Format.infer(out) if out else Format.TEI)
        renderer("apparatus", f)  # a RenderError names the apparatus's formats
        with terminal_progress("aligning") as progress:
            collation = api.collate(inputs.witnesses, progress=progress)
        apparatus = api.apparatus(
            collation, base or inputs.base, segmentation=segmentation, language=language
        )
        if substantive or types or only:
            apparatus = api.filter_apparatus(
                apparatus,
                substantive=True if substantive else None,
                types=types or None,
                witnesses=only or None,
            )
        opts = {"positive": False} if negative else {}
        if out is None:
            click.echo(api.render(apparatus, f, **opts), nl=False)
        else:
            api.write(apparatus, out, f, **opts)
            click.echo(f"wrote {out} ({f.value}, {len(apparatus.units)} units)", err=True)
