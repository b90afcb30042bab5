"""``witnesscollate alterations``: what each witness of a chain changed, and whether it said so."""

from __future__ import annotations

from pathlib import Path

import click

from .._io import check_input_file, refuse_overwriting_inputs
from ..model import Witness
from ._common import library_errors

__all__ = ["alterations"]


def _split_chain(chain: str | None) -> list[str] | None:
    if chain is None:
        return None
    sigla = [s.strip() for s in chain.split(",") if s.strip()]
    if len(sigla) < 2:
        raise click.ClickException(
            f"--chain needs at least two sigla separated by commas, got {chain!r}"
        )
    return sigla


def _load_files(files: tuple[Path, ...]) -> list[Witness]:
    """Every revision state of every file, in the order given (a.c. before p.c.)."""
    from ..reading.tei import load_tei_states

    out: list[Witness] = []
    for f in files:
        check_input_file(f)  # missing, a folder, a FIFO, a device: said as such
        seen: set[int] = set()
        for w in load_tei_states(f).values():
            if id(w) not in seen:
                seen.add(id(w))
                out.append(w)
    return out


@click.command()
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--corpus", "doc_id", metavar="DOC", help="A bundled corpus document instead of FILEs."
)
@click.option("--group", help="The corpus document's group of witnesses (default: its first).")
@click.option(
    "--chain",
    help="Sigla in order, comma-separated (default: the group's first chain, or the FILEs' order).",
)
@click.option(
    "--base", help="Witness whose token offsets locate the changes (default: last of chain)."
)
@click.option(
    "--format",
    "fmt",
    metavar="md|html|json|csv",
    help="Output format (default: from --out's suffix, else md).",
)
@click.option(
    "--skip-unattested",
    is_flag=True,
    help="Skip readings in unattested text, like lacunae (default: report and flag them).",
)
@click.option(
    "--out", type=click.Path(dir_okay=False, path_type=Path), help="Write here (default: stdout)."
)
def alterations(
    files: tuple[Path, ...],
    doc_id: str | None,
    group: str | None,
    chain: str | None,
    base: str | None,
    fmt: str | None,
    skip_unattested: bool,
    out: Path | None,
) -> None:
    """Report every change along a chain of witnesses: who made it, was it signalled.

    Give TEI FILEs, or --corpus DOC for a bundled document.  Nothing is written unless the
    whole report could be made; a file is written atomically.

    Example: witnesscollate alterations --corpus letter-to-congress-1922-12-23 --chain K56,CW,PSS --format md
    """
    from ..alignment import collate
    from ..analysis.alterations import alterations as make_report
    from ..rendering.report import ReportFormat, render_report

    if bool(files) == bool(doc_id):
        raise click.ClickException("give either TEI FILEs or --corpus DOC (not both, not neither)")
    if group and not doc_id:
        raise click.ClickException("--group only applies with --corpus")
    sigla = _split_chain(chain)
    with library_errors():
        chosen = ReportFormat.parse(fmt) if fmt else (
            ReportFormat.infer(out) if out else ReportFormat.MARKDOWN
        )  # fmt: skip
        if doc_id:
            from ..corpus import document

            doc = document(doc_id)
            grp = doc.group(group)
            witnesses = doc.load_group(grp.name)
            if sigla is None:
                sigla = list(grp.chains[0]) if grp.chains else list(grp.witnesses)
            files = tuple(Path(str(doc.path(s))) for s in grp.witnesses)
        else:
            witnesses = _load_files(files)
            if sigla is None:
                sigla = [w.siglum for w in witnesses]
        refuse_overwriting_inputs([out] if out else [], files)
        report = make_report(collate(witnesses), sigla, base=base, skip_unattested=skip_unattested)
        text = render_report(report, chosen)
        if out is None:
            click.echo(text, nl=False)
            return
        from .._io import atomic_write

        atomic_write(out, text)
    click.echo(
        f"{len(report)} alterations along {' → '.join(report.chain)} written to {out}", err=True
    )
