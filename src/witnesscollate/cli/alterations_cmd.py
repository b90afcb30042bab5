"""``witnesscollate alterations``: what each witness changed along a stemma, and whether it said so."""

from __future__ import annotations

from pathlib import Path

import click

from .. import api
from ..errors import InputError
from ..model import Stemma
from ..rendering import Format, renderer
from ._common import library_errors, standard_output
from .inputs import input_options, parse_stemma, resolve_inputs

__all__ = ["alterations"]


@click.command()
@input_options
@click.option(
    "--chain",
    help="Sigla in order, comma-separated: a stemma with one path (e.g. K56,CW,PSS).",
)
@click.option(
    "--stemma",
    "stemma_text",
    help="Edges exemplar>copy, comma-separated (e.g. 'H>T,T>K56,K56>CW,T>PSS'); default: the "
    "corpus manifest's stemma, else the FILEs' order as a chain.",
)
@click.option("--base", help="Witness whose text locates the changes (default: the manifest's).")
@click.option(
    "--format",
    "fmt",
    metavar="md|html|json|csv",
    help="Output format (default: from --out's suffix, else md).",
)
@click.option(
    "--out", type=click.Path(dir_okay=False, path_type=Path), help="Write here (default: stdout)."
)
def alterations(
    files: tuple[Path, ...],
    corpus_doc: str | None,
    group: str | None,
    lenient: bool,
    chain: str | None,
    stemma_text: str | None,
    base: str | None,
    fmt: str | None,
    out: Path | None,
) -> None:
    """Report every change along a stemma of witnesses: who made it, was it signalled.

    Give TEI FILEs (every revision state of each, a.c. before p.c.), or --corpus DOC for a
    bundled document.  Nothing is written unless the whole report could be made; a file is
    written atomically.

    Example: witnesscollate alterations --corpus letter-to-congress-1922-12-23 --chain K56,CW,PSS
    """
    with library_errors():
        if chain and stemma_text:
            raise InputError("give --chain or --stemma, not both")
        inputs = resolve_inputs(files, corpus_doc, group, all_states=True, lenient=lenient)
        stemma: Stemma
        if chain:
            stemma = Stemma.chain(chain)
        elif stemma_text:
            stemma = parse_stemma(stemma_text)
        elif inputs.stemma is not None:
            stemma = inputs.stemma
        elif inputs.chains:
            stemma = Stemma.chain(inputs.chains[0])
        else:
            stemma = Stemma.chain([w.siglum for w in inputs.witnesses])
        out = standard_output(out)
        inputs.refuse_as_output(out)
        f = Format.parse(fmt) if fmt else (Format.infer(out) if out else Format.MARKDOWN)
        renderer("report", f)  # a RenderError names the report's formats
        collation = api.collate(inputs.witnesses)
        apparatus = api.apparatus(collation, base or inputs.base or stemma.order[-1])
        report = api.alterations(apparatus, stemma=stemma)
        if out is None:
            click.echo(api.render(report, f), nl=False)
            return
        api.write(report, out, f)
    click.echo(f"{len(report)} alterations along {report.stemma} written to {out}", err=True)
