"""``witnesscollate collate``: witnesses in, an apparatus out, in the format asked for."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from .._io import check_input_file, refuse_overwriting_inputs
from ..errors import InputError, printable
from ._common import library_errors, terminal_progress

if TYPE_CHECKING:
    from ..model import Witness

__all__ = ["collate"]

_FORMATS = ("tei", "reledmac", "ekdosis", "html", "md", "markdown", "csv", "json")


@click.command()
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--corpus", "corpus_doc", metavar="DOC", help="Collate a bundled corpus document.")
@click.option(
    "--group", metavar="NAME", help="Witness group of the corpus document (default: the first)."
)
@click.option(
    "--base",
    metavar="SIGLUM",
    help="Base text (default: the manifest's base, else the first witness).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(_FORMATS, case_sensitive=False),
    help="Output format (default: from the --out suffix, else tei).",
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
    help="Merge adjacent variant columns into one unit (phrase) or not (word).",
)
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
    substantive: bool,
    types: tuple[str, ...],
    only: tuple[str, ...],
    negative: bool,
    all_states: bool,
) -> None:
    """Collate TEI witnesses (FILEs, or a corpus document) and write the apparatus.

    Example: witnesscollate collate --corpus letter-to-congress-1922-12-23 --format tei --out app.xml
    """
    from ..alignment import collate as collate_witnesses
    from ..rendering import Format

    with library_errors():
        if bool(files) == bool(corpus_doc):
            raise InputError(
                "give either FILE... or --corpus DOC (not both, not neither)",
                hint="see witnesscollate collate --help",
            )
        if group and not corpus_doc:
            raise InputError("--group needs --corpus")
        f = Format.parse(fmt) if fmt else (Format.infer(out) if out else Format.TEI)
        if corpus_doc:
            from ..corpus import document

            doc = document(corpus_doc)
            g = doc.group(group)
            witnesses = doc.load_group(g.name)
            base = base or g.base
            files = tuple(Path(str(doc.path(s))) for s in g.witnesses)
        else:
            witnesses = _load_files(files, all_states)
        refuse_overwriting_inputs([out] if out else [], files)
        with terminal_progress("aligning") as progress:
            collation = collate_witnesses(witnesses, progress=progress)
        apparatus = collation.apparatus(base=base, segmentation=segmentation)
        if substantive:
            apparatus = apparatus.filter(substantive=True)
        if types:
            apparatus = apparatus.filter(types=types)
        if only:
            apparatus = apparatus.filter(witnesses=only)
        opts = {"positive": not negative}
        if out is None:
            click.echo(apparatus.render(f, **opts), nl=False)
        else:
            apparatus.write(out, f, **opts)
            click.echo(f"wrote {out} ({f.value}, {len(apparatus.units)} units)", err=True)


def _load_files(files: tuple[Path, ...], all_states: bool) -> list[Witness]:
    from ..reading import load_tei, load_tei_states, load_text

    out: list[Witness] = []
    for path in files:
        check_input_file(path)  # missing, a folder, a FIFO, a device: said as such
        if path.suffix.lower() == ".txt":
            try:
                text = path.read_text(encoding="utf-8")
            except UnicodeDecodeError as exc:
                raise InputError(f"{path} is not UTF-8 text", source=str(path)) from exc
            out.append(load_text(printable(path.stem), text, filename=printable(str(path))))
        elif all_states:
            out.extend(load_tei_states(path).values())
        else:
            out.append(load_tei(path))
    return out
