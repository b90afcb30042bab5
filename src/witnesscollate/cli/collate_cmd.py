"""``witnesscollate collate``: witnesses in, an apparatus (or the collation itself) out."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path
from typing import Any

import click

from .. import api
from ..alignment import ENGINES
from ..errors import InputError, RenderError
from ..rendering import Format, formats_of, renderer
from ._common import library_errors, standard_output, terminal_progress
from .inputs import input_options, resolve_inputs

__all__ = ["collate"]

#: Options that shape the apparatus, meaningless for a collation format (and the reverse).
_APPARATUS_ONLY = ("base", "segmentation", "language", "substantive", "types", "only", "negative")
_COLLATION_ONLY = ("layout", "joined")


def _kind(f: Format) -> str:
    """What the format writes: the apparatus where it can, else the collation."""
    for kind in ("apparatus", "collation"):
        if f in formats_of(kind):
            return kind
    apparatus = ", ".join(x.value for x in formats_of("apparatus"))
    collation = ", ".join(
        x.value for x in formats_of("collation") if x not in formats_of("apparatus")
    )
    raise RenderError(
        f"collate cannot write {f.value}",
        hint=f"use an apparatus format ({apparatus}) or a collation format ({collation})",
    )


def _flag(name: str) -> str:
    return {"types": "--type", "only": "--witness"}.get(name, "--" + name.replace("_", "-"))


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
    help="Output format. The apparatus: tei, json, markdown, csv, html, reledmac, ekdosis; "
    "the collation itself: table-csv, table-json (the alignment table), collatex-json, "
    "graphml, dot, svg (the variant graph). Default: from the --out suffix, else tei.",
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write here (atomically) instead of standard output.",
)
@click.option(
    "--engine",
    type=click.Choice(ENGINES),
    default="native",
    show_default=True,
    help="Aligner: native, or the collatex package (a reference for small texts: quadratic, "
    "no transpositions; refused above 10,000 tokens in all).",
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
@click.option(
    "--layout",
    type=click.Choice(("vertical", "horizontal")),
    help="For table-csv, table-json, collatex-json: a column per witness (vertical, the "
    "default) or a row per witness (horizontal).",
)
@click.option(
    "--joined",
    is_flag=True,
    help="For collation formats: join the cells of straight runs, as CollateX's segmentation does.",
)
@click.pass_context
def collate(
    ctx: click.Context,
    files: tuple[Path, ...],
    corpus_doc: str | None,
    group: str | None,
    lenient: bool,
    base: str | None,
    fmt: str | None,
    out: Path | None,
    engine: str,
    segmentation: str,
    language: str | None,
    substantive: bool,
    types: tuple[str, ...],
    only: tuple[str, ...],
    negative: bool,
    all_states: bool,
    layout: str | None,
    joined: bool,
) -> None:
    """Collate witnesses (FILEs, or a corpus document) and write the apparatus, or the
    collation itself: its alignment table, CollateX JSON or variant graph.

    Example: witnesscollate collate --corpus letter-to-congress-1922-12-23 --format tei --out app.xml

    Example: witnesscollate collate A.txt B.txt --engine collatex --format svg --out graph.svg
    """
    with library_errors():
        inputs = resolve_inputs(files, corpus_doc, group, all_states=all_states, lenient=lenient)
        out = standard_output(out)
        inputs.refuse_as_output(out)
        f = Format.parse(fmt) if fmt else (Format.infer(out) if out else Format.TEI)
        kind = _kind(f)
        given = {
            name
            for name in (*_APPARATUS_ONLY, *_COLLATION_ONLY)
            if ctx.get_parameter_source(name) is not click.core.ParameterSource.DEFAULT
        }
        wrong = sorted(given & set(_APPARATUS_ONLY if kind == "collation" else _COLLATION_ONLY))
        if wrong:
            what = "the apparatus" if kind == "collation" else "collation formats"
            one = len(wrong) == 1
            raise InputError(
                f"{', '.join(sorted(map(_flag, wrong)))} {'applies' if one else 'apply'} to "
                f"{what}, not to {f.value}",
                hint=f"leave {'it' if one else 'them'} out, or choose another --format",
            )
        opts: dict[str, Any] = {}
        if kind == "collation":
            _, options_type = renderer(kind, f)
            known = {x.name for x in fields(options_type)}
            if layout is not None:
                if "layout" not in known:
                    raise InputError(
                        f"--layout: {f.value} has no layout",
                        hint="--layout is for table-csv, table-json and collatex-json",
                    )
                opts["layout"] = layout
            if joined:
                opts["segmentation"] = True
        with terminal_progress("aligning") as progress:
            collation = api.collate(inputs.witnesses, engine=engine, progress=progress)
        if kind == "collation":
            record: Any = collation
            summary = f"{len(collation.columns)} columns"
        else:
            record = api.apparatus(
                collation, base or inputs.base, segmentation=segmentation, language=language
            )
            if substantive or types or only:
                record = api.filter_apparatus(
                    record,
                    substantive=True if substantive else None,
                    types=types or None,
                    witnesses=only or None,
                )
            if negative:
                opts["positive"] = False
            summary = f"{len(record.units)} unit" + ("" if len(record.units) == 1 else "s")
        if out is None:
            click.echo(api.render(record, f, **opts), nl=False)
        else:
            api.write(record, out, f, **opts)
            click.echo(f"wrote {out} ({f.value}, {summary})", err=True)
