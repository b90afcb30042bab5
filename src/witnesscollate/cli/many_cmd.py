"""``witnesscollate collate-many``: a whole collection, one apparatus per document, in parallel.

Each SOURCE is a document folder (one with a ``manifest.json``, as in the bundled corpus), a
folder of such folders, or a CollateX JSON file: ``{"witnesses": [...]}`` is one job, and a
list of such objects, or an object with a ``"jobs"``/``"collations"``/``"paragraphs"`` list
(the shape of CollateX's Darwin data), is one job each.  Document folders are read on the
workers (only the file names travel); the outputs are written only when every job has
succeeded, so a failure leaves no partial output behind.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import click

from ..alignment.many import collate_many
from ..corpus import _parse_manifest, corpus_root
from ..errors import InputError, RenderError, WitnessCollateError
from ..model import Apparatus, Collation, Witness
from ..reading import load_collatex_json, load_tei
from ..rendering import Format
from ._common import library_errors

__all__ = ["collate_many_cmd"]

_FORMATS = ("tei", "reledmac", "ekdosis", "html", "md", "markdown", "csv", "json")
_JOB_LISTS = ("jobs", "collations", "paragraphs")


@dataclass(frozen=True, slots=True)
class _Plan:
    """One job as the command plans it: its id, its witnesses (or loaders), its base."""

    id: str
    witnesses: tuple[Any, ...]
    base: str | None


def _document_plan(folder: Path) -> _Plan:
    """A corpus-style document folder: its main group, read on the worker with load_tei."""

    doc = _parse_manifest(folder)
    group = doc.group()
    loaders = []
    for siglum in group.witnesses:
        entry = doc.entry(siglum)
        path = folder / entry.file
        if not path.is_file():
            raise InputError(
                f"the manifest names {entry.file}, which does not exist",
                source=str(folder / "manifest.json"),
                hint="fix the manifest or add the file",
            )
        loaders.append(
            partial(
                load_tei,
                str(path),
                siglum=siglum,
                state=entry.state or "pc",
                filename=f"{doc.id}/{entry.file}",
            )
        )
    return _Plan(doc.id, tuple(loaders), group.base)


def _json_plans(path: Path) -> Iterator[_Plan]:
    """A CollateX JSON file: one job, or one per entry of a job list."""

    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        raise InputError("not UTF-8", source=str(path), hint="save the JSON as UTF-8") from exc
    except json.JSONDecodeError as exc:
        raise InputError(f"not JSON: {exc.msg}", source=str(path), line=exc.lineno) from exc
    if isinstance(data, dict) and "witnesses" in data:
        yield _Plan(path.stem, tuple(load_collatex_json(path)), None)
        return
    entries = data
    if isinstance(data, dict):
        entries = next((data[k] for k in _JOB_LISTS if isinstance(data.get(k), list)), None)
    if not isinstance(entries, list):
        raise InputError(
            'expected CollateX JSON ({"witnesses": [...]}) or a list of such collations',
            source=str(path),
            hint=f"a job list is a JSON list or an object with one of: {', '.join(_JOB_LISTS)}",
        )
    width = len(str(len(entries)))
    for n, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict) or not isinstance(entry.get("witnesses"), list):
            raise InputError(
                f'collation {n} is not CollateX JSON ({{"witnesses": [...]}})',
                source=str(path),
            )
        job_id = str(entry.get("id") or f"{path.stem}-{n:0{width}d}")
        # each witness is tokenized on a worker: only its JSON travels
        loaders = (
            partial(_collatex_witness, {**entry, "witnesses": [w]}) for w in entry["witnesses"]
        )
        yield _Plan(job_id, tuple(loaders), None)


def _collatex_witness(data: dict[str, Any]) -> Witness:
    """One witness from a one-witness CollateX JSON object (a picklable loader)."""

    (witness,) = load_collatex_json(data)
    return witness


def _plans(sources: tuple[Path, ...], use_corpus: bool) -> list[_Plan]:
    """Every job the sources describe, in order, with unique ids."""

    folders: list[Path] = []
    plans: list[_Plan] = []
    if use_corpus:
        root = Path(str(corpus_root()))
        folders.extend(sorted(p for p in root.iterdir() if (p / "manifest.json").is_file()))
    for source in sources:
        if not source.exists():
            raise InputError("no such file or folder", source=str(source), hint="check the path")
        if source.is_dir():
            if (source / "manifest.json").is_file():
                folders.append(source)
                continue
            found = sorted(p for p in source.iterdir() if (p / "manifest.json").is_file())
            if not found:
                raise InputError(
                    "the folder has no manifest.json and no document folders with one",
                    source=str(source),
                    hint="see witnesscollate collate-many --help for the layout",
                )
            folders.extend(found)
        else:
            plans.extend(_json_plans(source))
    plans = [_document_plan(f) for f in folders] + plans
    seen: set[str] = set()
    for plan in plans:
        if _file_stem(plan.id) in seen:
            raise InputError(
                f"two jobs would write the same file: {plan.id!r}",
                hint="give the sources distinct names or ids",
            )
        seen.add(_file_stem(plan.id))
    return plans


def _file_stem(job_id: str) -> str:
    return re.sub(r"[^\w.-]+", "_", job_id).strip("._") or "job"


def _staging(out: Path) -> Path:
    """An empty hidden folder beside the outputs' final place, on the same file system."""
    where = out if out.is_dir() else out.parent
    if out.exists() and not out.is_dir():
        raise RenderError(f"cannot write to {out}: it is a file, not a folder")
    if not where.is_dir():
        raise RenderError(
            f"cannot write to {out}: folder {where} does not exist",
            hint="create the parent folder first or choose another --out",
        )
    try:
        return Path(tempfile.mkdtemp(prefix=".witnesscollate-", dir=where))
    except OSError as exc:
        raise RenderError(
            f"cannot write to {out}: {exc.strerror or exc}", hint="check the permissions"
        ) from exc


def _publish(staging: Path, out: Path) -> None:
    """Move the finished outputs into ``out`` (created if need be)."""
    try:
        out.mkdir(exist_ok=True)
        for f in sorted(staging.iterdir()):
            os.replace(f, out / f.name)
    except OSError as exc:
        raise RenderError(f"cannot write to {out}: {exc.strerror or exc}") from exc


def _apparatus(collation: Collation, base: str | None, job_id: str) -> Apparatus:
    """The job's apparatus; an error names the job, as collate_many's own errors do."""
    try:
        return collation.apparatus(base=base)
    except WitnessCollateError as exc:
        raise type(exc)(
            f"job {job_id!r}: {exc.message}", source=exc.source, line=exc.line, hint=exc.hint
        ) from exc


def _write(target: Path, text: str, out: Path) -> None:
    try:
        target.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise RenderError(f"cannot write to {out}: {exc.strerror or exc}") from exc


@click.command("collate-many")
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path))
@click.option("--corpus", "use_corpus", is_flag=True, help="Every document of the bundled corpus.")
@click.option(
    "--out",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for the outputs, one file per document (created if missing).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(_FORMATS, case_sensitive=False),
    default="tei",
    show_default=True,
    help="Output format of each apparatus.",
)
@click.option("--base", metavar="SIGLUM", help="Base text of every job (default: the manifest's).")
@click.option(
    "--workers", type=click.IntRange(min=1), help="Local worker processes (default: cores)."
)
@click.option("--scheduler", metavar="ADDRESS", help="Run on a Dask cluster, e.g. tcp://host:8786.")
def collate_many_cmd(
    sources: tuple[Path, ...],
    use_corpus: bool,
    out: Path,
    fmt: str,
    base: str | None,
    workers: int | None,
    scheduler: str | None,
) -> None:
    """Collate many documents in parallel and write one apparatus per document into --out.

    SOURCE is a document folder (with a manifest.json, as in the corpus), a folder of such
    folders, or a CollateX JSON file (one collation, or a list of them).  Nothing is written
    unless every document collates.

    Example: witnesscollate collate-many --corpus --out apparatus/ --workers 2
    """

    with library_errors():
        if not sources and not use_corpus:
            raise InputError("give SOURCE... or --corpus", hint="see collate-many --help")
        if workers and scheduler:
            raise InputError("give --workers or --scheduler, not both")
        f = Format.parse(fmt)
        plans = {p.id: p for p in _plans(sources, use_corpus)}
        staging = _staging(out)
        jobs = [(p.id, list(p.witnesses)) for p in plans.values()]
        try:
            with closing(collate_many(jobs, executor=scheduler, workers=workers)) as results:
                for done, result in enumerate(results, start=1):
                    plan = plans[str(result.id)]
                    apparatus = _apparatus(result.collation, base or plan.base, plan.id)
                    _write(staging / (_file_stem(plan.id) + f.suffix), apparatus.render(f), out)
                    click.echo(
                        f"[{done}/{len(plans)}] {plan.id}: {len(result.collation.witnesses)} "
                        f"witnesses, {len(apparatus.units)} units, {result.seconds:.2f} s"
                    )
            _publish(staging, out)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        click.echo(f"wrote {len(plans)} {f.value} files to {out}", err=True)
