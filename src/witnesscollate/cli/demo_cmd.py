"""``witnesscollate demo``: the bundled corpus, collated and published, from one command.

For every corpus document and every group of its witnesses the command collates, builds the
apparatus on the manifest's base, and writes the HTML page, the TEI apparatus, the reledmac
LaTeX and the alteration report of each chain into one folder; then it prints what a reader
wants first: per document the witnesses, the variation units by class, and the alterations of
the Kommunist 1956 → Сочинения (4th ed.) → PSS chain, headline readings first.  The files
are made in a staging folder and published when all are made, so that an interrupted run
leaves no half-written folder (and an existing one as it was).
"""

from __future__ import annotations

import re
import shutil
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

import click

from .. import api
from .._io import _umask, atomic_write, make_temp_folder, signals_as_exit
from .._version import __version__
from ..corpus import documents
from ..errors import RenderError, WitnessCollateError
from ..model import Stemma
from ..rendering.escaping import html as escape
from ._common import library_errors

if TYPE_CHECKING:
    from ..corpus import CorpusDocument, CorpusGroup
    from ..model import Alteration, AlterationReport

__all__ = ["HEADLINES", "demo"]

#: The chain the summary follows wherever a document has it.
MAIN_CHAIN = ("K56", "CW", "PSS")

#: The documented readings the summary lists first: catalog id, earlier and later word(s).
HEADLINES: tuple[tuple[str, str, str], ...] = (
    ("V011", "Вами", "вами"),
    ("V013", "судей", "судеб"),
    ("V014", "нашей партии", "наша партия"),
    ("V015", "этой", "такой"),
    ("V023", "ему", "им"),
    ("V001", "", "генсека"),
    ("V001", "генсека", ""),
)


def headline(a: Alteration) -> str | None:
    """The catalog id of a headline alteration, or None."""
    for vid, before, after in HEADLINES:
        if _has(a.before, before) and _has(a.after, after) and (before or after):
            return vid
    return None


def _has(text: str, words: str) -> bool:
    if not words:
        return True
    return re.search(rf"(?<!\w){re.escape(words)}(?!\w)", text) is not None


@dataclass
class GroupResult:
    """What the demo made of one group of one document."""

    doc: CorpusDocument
    group: CorpusGroup
    files: list[Path] = field(default_factory=list)
    unit_types: Counter[str] = field(default_factory=Counter)
    reports: list[AlterationReport] = field(default_factory=list)
    main: AlterationReport | None = None
    errors: list[str] = field(default_factory=list)
    note: str | None = None


def _slug(chain: Sequence[str]) -> str:
    return "-".join(re.sub(r"[^\w]+", "", s) for s in chain)


def _report_slug(report: AlterationReport) -> str:
    """``K56-CW-PSS`` for a chain, ``stemma`` for a stemma with branches."""
    st = report.stemma
    chain = len(st.roots) == 1 and all(len(st.exemplars.get(s, ())) <= 1 for s in st.order)
    chain = chain and all(len(st.copies(s)) <= 1 for s in st.order)
    return _slug(report.chain) if chain else "stemma"


def run_group(doc: CorpusDocument, group: CorpusGroup, folder: Path) -> GroupResult:
    """Collate one group and write its page, TEI, LaTeX and alteration reports into ``folder``.

    A file that cannot be written is recorded in ``errors``; the others are still written.
    """
    result = GroupResult(doc, group)
    if len(group.witnesses) < 2:
        result.note = f"only {', '.join(group.witnesses)}: nothing to collate"
        return result
    try:
        collation = api.collate(doc.load_group(group.name))
        apparatus = api.apparatus(collation, group.base)
        result.unit_types = Counter(str(u.type) for u in apparatus.units)
        stemmas: list[Stemma] = []
        record = group.stemma_record()
        if record is not None:
            stemmas.append(record)
        stemmas += [Stemma.chain(c) for c in group.chains]
        if all(s in collation.sigla for s in MAIN_CHAIN) and MAIN_CHAIN not in group.chains:
            stemmas.append(Stemma.chain(MAIN_CHAIN))
        # A chain the manifest's stemma already is would print the same report twice.
        stemmas = [
            st for i, st in enumerate(stemmas) if not any(_same(st, other) for other in stemmas[:i])
        ]
        for st in stemmas:
            report = api.alterations(apparatus, stemma=st)
            result.reports.append(report)
            if report.chain == MAIN_CHAIN and len(st.roots) == 1:
                result.main = report
        folder.mkdir(parents=True, exist_ok=True)
    except (WitnessCollateError, OSError) as exc:
        result.errors.append(str(exc))
        return result
    stem = f"{doc.id}-{group.name}"
    writers: list[Callable[[], Path]] = [
        partial(api.write, apparatus, folder / f"{stem}{suffix}", fmt)
        for fmt, suffix in (("html", ".html"), ("tei", ".xml"), ("reledmac", ".tex"))
    ]
    for report in result.reports:
        name = f"{stem}-alterations-{_report_slug(report)}"
        writers += [
            partial(api.write, report, folder / f"{name}{suffix}")
            for suffix in (".html", ".json", ".md")
        ]
    for write in writers:
        try:
            result.files.append(write())
        except WitnessCollateError as exc:
            result.errors.append(str(exc))
    return result


def _default_folder() -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    folder = Path.cwd() / f"witnesscollate-output-{stamp}"
    n = 2
    while folder.exists():
        folder = Path.cwd() / f"witnesscollate-output-{stamp}-{n}"
        n += 1
    return folder


def _prepare(out: Path | None) -> tuple[Path, Path]:
    """The folder to write into, and an empty staging folder on its file system (inside it
    if it exists, else beside it), where the outputs are made before they are published."""
    folder = out if out is not None else _default_folder()
    if folder.exists() and not folder.is_dir():
        raise RenderError(f"cannot write into {folder}: it is a file", hint="choose another --out")
    if folder.is_symlink() and not folder.exists():  # (said now, not after the whole run)
        raise RenderError(
            f"cannot write into {folder}: it is a link to nothing", hint="choose another --out"
        )
    where = folder if folder.is_dir() else folder.parent
    try:
        where.mkdir(parents=True, exist_ok=True)
        return folder, make_temp_folder(where, ".witnesscollate-demo-")
    except OSError as exc:
        raise RenderError(
            f"cannot create {folder}: {exc.strerror or exc}", hint="choose another --out"
        ) from exc


def _publish(staging: Path, folder: Path) -> None:
    """The finished outputs into ``folder``: the staging folder renamed where ``folder`` is
    new, else each file written over its place atomically (:func:`atomic_write`'s rules)."""
    try:
        if not folder.exists():
            staging.chmod(0o777 & ~_umask())  # (mkdtemp makes it private: a new folder is not)
            staging.rename(folder)
            return
        # (the index and the summary last: they list the files before them)
        files = sorted(p for p in staging.rglob("*") if p.is_file() and p.parent != staging)
        for f in [*files, *sorted(p for p in staging.iterdir() if p.is_file())]:
            target = folder / f.relative_to(staging)
            target.parent.mkdir(exist_ok=True)
            atomic_write(target, f.read_bytes())
    except OSError as exc:
        raise RenderError(f"cannot write into {folder}: {exc.strerror or exc}") from exc


def _short(text: str, width: int = 48) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _quote(text: str) -> str:
    if not text:
        return "om."
    return _short(text) if text.startswith("«") else f"«{_short(text)}»"


def _describe(a: Alteration) -> str:
    vid = headline(a)
    tag = f"{vid} " if vid else ""
    before, after = _quote(a.before), _quote(a.after)
    status = a.status
    extra = "" if a.attested else f"; {a.not_attested} not attested"
    return f"{tag}{before} → {after}  [{a.type}] in {a.introduced_by}, {status}{extra}"


def _ordered(report: AlterationReport) -> list[Alteration]:
    """Headline readings first (in catalog order), then the rest in text order."""
    return sorted(report, key=lambda a: (headline(a) is None, headline(a) or "", a.id))


def headline_lines(results: Sequence[GroupResult]) -> list[str]:
    """The documented headline readings, in catalog order, wherever a chain shows them."""
    found: dict[tuple[str, str, str, str], tuple[str, str, AlterationReport, Alteration]] = {}
    for r in results:
        for rep in r.reports:
            for a in rep:
                vid = headline(a)
                key = (r.doc.id, a.before, a.after, a.introduced_in)
                if vid and key not in found:
                    found[key] = (vid, r.doc.id, rep, a)
    order = {vid: i for i, (vid, _, _) in enumerate(HEADLINES)}
    rows = sorted(found.values(), key=lambda v: (order[v[0]], v[1], v[3].id))
    if not rows:
        return []
    lines = ["", "Headline readings:"]
    for _vid, doc_id, rep, a in rows:
        lines.append(f"  {_describe(a)}")
        kind = "chain" if rep.stemma.is_chain else "stemma"
        lines.append(f"        {doc_id}, {kind} {rep.stemma}")
    return lines


def _same(a: Stemma, b: Stemma) -> bool:
    return set(a.order) == set(b.order) and set(a.edges) == set(b.edges)


def summary_lines(results: Sequence[GroupResult], limit: int = 8) -> list[str]:
    """The terminal summary: headline readings, then per document and group the witnesses,
    the variation units by class and the alterations of the K56 → CW → PSS chain."""
    lines = headline_lines(results)
    current = None
    for r in results:
        if r.doc.id != current:
            current = r.doc.id
            lines += ["", f"{r.doc.id}  ({r.doc.catalog or '-'})  {r.doc.title}"]
        lines.append(f"  {r.group.name}: {', '.join(r.group.witnesses)} (base {r.group.base})")
        if r.note:
            lines.append(f"    {r.note}")
            continue
        lines.extend(f"    FAILED: {e}" for e in dict.fromkeys(r.errors))
        if not r.reports and r.errors:
            continue
        units = sum(r.unit_types.values())
        by_class = ", ".join(f"{n} {t}" for t, n in r.unit_types.most_common())
        noun = "variation unit" if units == 1 else "variation units"
        lines.append(f"    {units} {noun}" + (f": {by_class}" if by_class else ""))
        for rep in r.reports:
            noun = "alteration" if len(rep) == 1 else "alterations"
            kind = "chain" if rep.stemma.is_chain else "stemma"
            line = f"    {kind} {rep.stemma}: {len(rep)} {noun}"
            if rep.differences:
                pairs = ", ".join(f"{a}/{b}" for a, b in rep.siblings)
                n = len(rep.differences)
                line += f"; {n} difference{'s' if n != 1 else ''} between siblings ({pairs})"
            lines.append(line)
            if rep is not r.main:
                continue
            ordered = _ordered(rep)
            lines.extend(f"      {_describe(a)}" for a in ordered[:limit])
            if len(ordered) > limit:
                lines.append(f"      … {len(ordered) - limit} more in the report")
    return lines


def _write_index(folder: Path, results: Sequence[GroupResult], lines: Sequence[str]) -> None:
    """``index.html`` linking every file written, and ``summary.txt`` (the terminal summary)."""
    items = []
    for r in results:
        links = "".join(
            f'<li><a href="{escape(p.relative_to(folder).as_posix())}">{escape(p.name)}</a></li>'
            for p in r.files
        )
        errors = "".join(f"<li><b>failed:</b> {escape(e)}</li>" for e in r.errors)
        items.append(
            f"<h2>{escape(r.doc.title)} — {escape(r.group.name)}</h2>"
            f"<p>{escape(', '.join(r.group.witnesses))} (base {escape(r.group.base)})</p>"
            f"<ul>{links}{errors}</ul>"
        )
    page = (
        '<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>witnesscollate demo</title>'
        "<style>body{font-family:'DejaVu Serif',Georgia,serif;max-width:60em;margin:auto}"
        "</style></head><body><h1>witnesscollate demo: the bundled corpus</h1>"
        f"<p>Generated by witnesscollate {escape(__version__)}.</p>"
        f"<pre>{escape(chr(10).join(lines).strip())}</pre>{''.join(items)}</body></html>\n"
    )
    atomic_write(folder / "index.html", page)
    atomic_write(folder / "summary.txt", "\n".join(lines).strip() + "\n")


def _run_all(
    jobs: Sequence[tuple[CorpusDocument, CorpusGroup]], folder: Path, progress: bool
) -> list[GroupResult]:
    def one(job: tuple[CorpusDocument, CorpusGroup]) -> GroupResult:
        doc, group = job
        return run_group(doc, group, folder / doc.id)

    if not progress:
        return [one(j) for j in jobs]
    results: list[GroupResult] = []

    def show(j: tuple[CorpusDocument, CorpusGroup] | None) -> str:
        return f"{j[0].id} {j[1].name}" if j else ""

    with click.progressbar(jobs, label="collating", item_show_func=show) as bar:
        for job in bar:
            results.append(one(job))
    return results


@click.command()
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder to write into (default: a new witnesscollate-output-<date-time> folder here).",
)
def demo(out: Path | None) -> None:
    """Collate every bundled corpus document and write its page, TEI, LaTeX and reports.

    Prints per document the witnesses, the variation units by class, and the alterations of
    the Kommunist 1956 → 4th ed. → PSS chain, headline readings first.

    Example: witnesscollate demo --out results/
    """
    with library_errors():
        docs = documents()
    jobs = [(d, g) for d in docs for g in d.groups]
    # Made in a staging folder and published at the end: an interrupted run (Ctrl-C,
    # SIGTERM, SIGHUP) leaves no half-written folder, and an existing one as it was.
    with signals_as_exit():
        with library_errors():
            folder, staging = _prepare(out)
        try:
            results = _run_all(jobs, staging, progress=sys.stdout.isatty())
            lines = summary_lines(results)
            index_error = None
            try:
                _write_index(staging, results, lines)
            except WitnessCollateError as exc:
                index_error = str(exc)
            with library_errors():
                _publish(staging, folder)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    written = sum(len(r.files) for r in results) + (0 if index_error else 2)
    click.echo(f"witnesscollate demo: {len(docs)} documents, {written} files written to {folder}")
    if not index_error:
        click.echo(f"open {folder / 'index.html'} to browse them")
    for line in lines:
        click.echo(line)
    failed = sum(len(r.errors) for r in results) + (1 if index_error else 0)
    if index_error:
        click.echo(f"FAILED: {index_error}")
    if failed:
        raise click.ClickException(f"{failed} outputs failed (see above); the others were written")
