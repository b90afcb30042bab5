"""``witnesscollate collate-many``: a whole collection, one apparatus per document, in parallel.

Each SOURCE is a document folder (one with a ``manifest.json``, as in the bundled corpus), a
folder of such folders, or a CollateX JSON file: ``{"witnesses": [...]}`` is one job, and a
list of such objects, or an object with a ``"jobs"``/``"collations"``/``"paragraphs"`` list
(the shape of CollateX's Darwin data), is one job each.  Document folders are read on the
workers (only the file names travel); the outputs are written only when every job has
succeeded, so a failure leaves no partial output behind, and no output may be one of the
inputs.  SIGTERM or SIGHUP during a run remove the staging folder before the process exits.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import stat
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import click

from .._io import (
    atomic_write,
    make_temp_folder,
    refuse_overwriting_inputs,
    signals_as_exit,
)
from ..alignment.many import collate_many
from ..corpus import _parse_manifest, corpus_root
from ..errors import InputError, RenderError, WitnessCollateError, printable
from ..model import Apparatus, Collation, Witness
from ..reading import load_tei
from ..reading.collatex_json import (
    check_json_characters,
    load_collatex_json,
    parse_json,
    read_json_text,
)
from ..rendering import Format
from ._common import library_errors

__all__ = ["collate_many_cmd"]

_FORMATS = ("tei", "reledmac", "ekdosis", "html", "md", "markdown", "csv", "json")
_JOB_LISTS = ("jobs", "collations", "paragraphs")


@dataclass(frozen=True, slots=True)
class _Plan:
    """One job as the command plans it: its id, its witnesses (or loaders), its base, and
    the files it reads (which no output may overwrite)."""

    id: str
    witnesses: tuple[Any, ...]
    base: str | None
    files: tuple[Path, ...] = ()


def _document_plan(folder: Path) -> _Plan:
    """A corpus-style document folder: its main group, read on the worker with load_tei."""

    doc = _parse_manifest(folder)
    group = doc.group()
    loaders = []
    files = [folder / "manifest.json"]
    for siglum in group.witnesses:
        entry = doc.entry(siglum)
        path = folder / entry.file
        if not _is_file(path):
            raise InputError(
                f"the manifest names {entry.file}, which does not exist or is not a file",
                source=str(folder / "manifest.json"),
                hint="fix the manifest or add the file",
            )
        files.append(path)
        loaders.append(
            partial(
                load_tei,
                str(path),
                siglum=siglum,
                state=entry.state or "pc",
                filename=f"{doc.id}/{entry.file}",
            )
        )
    return _Plan(doc.id, tuple(loaders), group.base, tuple(files))


def _json_plans(path: Path) -> Iterator[_Plan]:
    """A CollateX JSON file: one job, or one per entry of a job list."""

    name = printable(str(path))
    raw = read_json_text(path, name)  # a regular file only: a FIFO would block
    if raw.lstrip("\ufeff \t\r\n").startswith("<"):  # (TEI, or other XML: said as such)
        raise InputError(
            "an XML file, where collate-many takes document folders and CollateX JSON",
            source=name,
            hint="put a document's TEI witnesses in a folder with a manifest.json, as the "
            "bundled corpus does, or collate them with 'witnesscollate collate FILE...'",
        )
    data = parse_json(raw, name)
    if isinstance(data, dict) and "witnesses" in data:
        yield _Plan(path.stem, tuple(load_collatex_json(raw, filename=name)), None, (path,))
        return
    entries = data
    if isinstance(data, dict):
        entries = next((data[k] for k in _JOB_LISTS if isinstance(data.get(k), list)), None)
    if not isinstance(entries, list):
        raise InputError(
            'expected CollateX JSON ({"witnesses": [...]}) or a list of such collations',
            source=name,
            hint=f"a job list is a JSON list or an object with one of: {', '.join(_JOB_LISTS)}",
        )
    check_json_characters(data, name, raw)  # here, where the line and column are known
    width = len(str(len(entries)))
    for n, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict) or not isinstance(entry.get("witnesses"), list):
            raise InputError(
                f'collation {n} is not CollateX JSON ({{"witnesses": [...]}})', source=name
            )
        job_id = str(entry.get("id") or f"{path.stem}-{n:0{width}d}")
        # each witness is tokenized on a worker: only its JSON travels
        loaders = (
            partial(_collatex_witness, {**entry, "witnesses": [w]}, name)
            for w in entry["witnesses"]
        )
        yield _Plan(job_id, tuple(loaders), None, (path,))


def _collatex_witness(data: dict[str, Any], filename: str) -> Witness:
    """One witness from a one-witness CollateX JSON object (a picklable loader)."""

    (witness,) = load_collatex_json(data, filename=filename)
    return witness


def _kind(path: Path) -> int | None:
    """The path's ``st_mode`` (links followed), None if it does not exist; other failures
    (a name over 255 bytes, no permission) as an :class:`InputError`."""
    try:
        return os.stat(path).st_mode
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as exc:
        raise InputError(f"cannot read it: {exc.strerror}", source=printable(str(path))) from exc


def _is_file(path: Path) -> bool:
    mode = _kind(path)
    return mode is not None and stat.S_ISREG(mode)


def _document_folders(folder: Path) -> list[Path]:
    try:
        children = sorted(folder.iterdir())
    except OSError as exc:
        raise InputError(f"cannot list it: {exc.strerror}", source=str(folder)) from exc
    return [p for p in children if _is_file(p / "manifest.json")]


def _plans(sources: tuple[Path, ...], use_corpus: bool) -> list[_Plan]:
    """Every job the sources describe, in order, with unique ids."""

    folders: list[Path] = []
    plans: list[_Plan] = []
    if use_corpus:
        folders.extend(_document_folders(Path(str(corpus_root()))))
    for source in sources:
        mode = _kind(source)
        if mode is None:
            raise InputError(
                "no such file or folder", source=printable(str(source)), hint="check the path"
            )
        if stat.S_ISDIR(mode):
            if _is_file(source / "manifest.json"):
                folders.append(source)
                continue
            found = _document_folders(source)
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


_MAX_STEM = 200
"""Longest output name kept from a job id (a file name may have at most 255 bytes)."""


def _file_stem(job_id: str) -> str:
    """A safe file name for a job id; a long id is cut and given a hash, to stay unique."""
    stem = re.sub(r"[^\w.-]+", "_", job_id).strip("._") or "job"
    if len(stem.encode("utf-8")) > _MAX_STEM:
        digest = hashlib.sha1(job_id.encode("utf-8", "surrogatepass")).hexdigest()[:12]
        stem = stem.encode("utf-8")[: _MAX_STEM - 13].decode("utf-8", "ignore") + "-" + digest
    return stem


def _staging(out: Path) -> Path:
    """An empty hidden folder beside the outputs' final place, on the same file system."""
    mode = _kind(out)
    if mode is not None and not stat.S_ISDIR(mode):
        raise RenderError(f"cannot write to {out}: it is a file, not a folder")
    where = out if mode is not None else out.parent
    parent = _kind(where)
    if parent is None or not stat.S_ISDIR(parent):
        raise RenderError(
            f"cannot write to {out}: folder {where} does not exist",
            hint="create the parent folder first or choose another --out",
        )
    try:
        return make_temp_folder(where, ".witnesscollate-")
    except OSError as exc:
        raise RenderError(
            f"cannot write to {out}: {exc.strerror or exc}", hint="check the permissions"
        ) from exc


def _publish(staging: Path, out: Path) -> None:
    """Copy the finished outputs into ``out`` (created if need be), each one atomically and
    with :func:`~witnesscollate._io.atomic_write`'s rules (links, devices, mode, owner)."""
    try:
        out.mkdir(exist_ok=True)
    except OSError as exc:
        raise RenderError(f"cannot write to {out}: {exc.strerror or exc}") from exc
    for f in sorted(staging.iterdir()):
        atomic_write(out / f.name, f.read_bytes())


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
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    metavar="SECONDS",
    help="Stop when any one document takes longer than this.",
)
def collate_many_cmd(
    sources: tuple[Path, ...],
    use_corpus: bool,
    out: Path,
    fmt: str,
    base: str | None,
    workers: int | None,
    scheduler: str | None,
    timeout: float | None,
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
        refuse_overwriting_inputs(
            [out / (_file_stem(p.id) + f.suffix) for p in plans.values()],
            [file for p in plans.values() for file in p.files],
        )
        jobs = [(p.id, list(p.witnesses)) for p in plans.values()]
        with signals_as_exit():
            _run(jobs, plans, f, base, out, scheduler, workers, timeout)
        click.echo(f"wrote {len(plans)} {f.value} files to {out}", err=True)


def _run(
    jobs: list[tuple[str, list[Any]]],
    plans: dict[str, _Plan],
    f: Format,
    base: str | None,
    out: Path,
    scheduler: str | None,
    workers: int | None,
    timeout: float | None,
) -> None:
    """Collate into a staging folder, then publish; the staging folder goes in every case."""

    staging = _staging(out)
    try:
        results = collate_many(jobs, executor=scheduler, workers=workers, timeout=timeout)
        with closing(results):
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
