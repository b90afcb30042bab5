"""What every command shares: FILEs or a corpus document become witnesses, a base, a stemma.

One resolution for every command (``collate``, ``alterations``, ``load``...), with the same
options and the same errors: either FILE... (TEI, ``.txt`` plain text, or CollateX ``.json``)
or ``--corpus DOC`` (with ``--group``), never both.
"""

from __future__ import annotations

import codecs
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import click

from .._io import check_input_file, refuse_overwriting_inputs, same_file
from ..corpus import CorpusDocument, CorpusGroup, document
from ..errors import InputError, WitnessError, printable
from ..model import Stemma, Witness
from ..reading import load_collatex_json, load_tei, load_tei_states, load_text

__all__ = ["Inputs", "input_options", "load_file", "parse_stemma", "resolve_inputs"]

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class Inputs:
    """The witnesses a command works on, and what the corpus says about them.

    ``files`` are the input files (a command refuses to write over one of them); ``doc`` and
    ``group`` are set for a corpus document; ``base`` and ``stemma`` come from its manifest.
    """

    witnesses: list[Witness]
    files: tuple[Path, ...] = ()

    def refuse_as_output(self, out: Path | None) -> None:
        """Refuse ``--out`` when it is (a link to) one of the input files."""
        refuse_overwriting_inputs([out] if out else [], self.files)

    doc: CorpusDocument | None = None
    group: CorpusGroup | None = None
    base: str | None = None
    stemma: Stemma | None = None
    chains: tuple[tuple[str, ...], ...] = field(default_factory=tuple)


def input_options(func: F) -> F:
    """FILE... plus ``--corpus DOC``, ``--group NAME`` and ``--lenient``: every command's inputs."""
    func = click.option(
        "--lenient",
        is_flag=True,
        help="A TEI span (delSpan, addSpan...) whose end is missing is a warning, not an "
        "error: it ends at the end of its paragraph or segment.",
    )(func)
    func = click.option(
        "--group",
        metavar="NAME",
        help="Witness group of the corpus document (default: its first).",
    )(func)
    func = click.option(
        "--corpus", "corpus_doc", metavar="DOC", help="A bundled corpus document instead of FILEs."
    )(func)
    return click.argument("files", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))(func)


def resolve_inputs(
    files: Sequence[Path],
    corpus_doc: str | None,
    group: str | None,
    *,
    all_states: bool = False,
    lenient: bool = False,
) -> Inputs:
    """The witnesses of FILEs (every revision state with ``all_states``) or of a corpus group."""
    if bool(files) == bool(corpus_doc):
        raise InputError(
            "give either FILE... or --corpus DOC (not both, not neither)",
            hint="see the command's --help",
        )
    if group and not corpus_doc:
        raise InputError("--group needs --corpus")
    if corpus_doc:
        doc = document(corpus_doc)
        g = doc.group(group)
        return Inputs(
            doc.load_group(g.name),
            files=tuple(Path(str(doc.path(s))) for s in g.witnesses),
            doc=doc,
            group=g,
            base=g.base,
            stemma=g.stemma_record(),
            chains=g.chains,
        )
    witnesses: list[Witness] = []
    seen: dict[str, tuple[int, Path]] = {}
    for i, path in enumerate(files):
        for w in load_file(path, all_states=all_states, strict=not lenient):
            if w.siglum in seen:
                j, first = seen[w.siglum]
                if j != i and same_file(first, path):
                    raise WitnessError(
                        f"the same file is given twice ({first} and {path})",
                        hint="give each witness's file once",
                    )
                raise WitnessError(
                    f"duplicate siglum {w.siglum!r} (in {first} and {path})",
                    hint="give the files distinct sigla (TEI @xml:id) or rename one",
                )
            seen[w.siglum] = (i, path)
            witnesses.append(w)
    return Inputs(witnesses, files=tuple(files))


def load_file(path: Path, *, all_states: bool = False, strict: bool = True) -> list[Witness]:
    """The witnesses of one file: a ``.txt`` text, a CollateX ``.json``, or TEI.

    A TEI document with revisions gives its last state, or with ``all_states`` every state
    once (a document without revisions gives one witness either way); ``strict=False``
    reads an unended TEI span as ending with its block instead of refusing the file.
    """
    check_input_file(path)  # missing, a folder, a FIFO, a device: said as such
    suffix = path.suffix.lower()
    if suffix == ".txt":
        data = path.read_bytes()
        try:
            text = data.decode("utf-8-sig")  # (a byte-order mark is no text)
        except UnicodeDecodeError as exc:
            at = exc.start + (3 if data.startswith(codecs.BOM_UTF8) else 0)  # (in the file)
            line = data.count(b"\n", 0, at) + 1
            begins = data.rfind(b"\n", 0, at) + 1
            before = data[begins:at].decode("utf-8-sig" if begins == 0 else "utf-8", "replace")
            raise InputError(
                f"not UTF-8 text: byte 0x{data[at]:02x} at column {len(before) + 1}",
                source=str(path),
                line=line,
                hint="save the file as UTF-8",
            ) from exc
        if not text.strip():  # (as a TEI file with no text is refused: no witness «omits» all)
            raise InputError(
                "the file has no text",
                source=str(path),
                hint="check the file; a witness whose text is lost is marked in TEI with <gap/>",
            )
        return [load_text(printable(path.stem), text, filename=printable(str(path)))]
    if suffix == ".json":
        return list(load_collatex_json(path))
    if not all_states:
        return [load_tei(path, strict=strict)]
    out: list[Witness] = []
    for w in load_tei_states(path, strict=strict).values():
        if all(w is not o for o in out):
            out.append(w)
    return out


def parse_stemma(text: str) -> Stemma:
    """``"H>T, T>K56, K56>CW, T>PSS"``: edges exemplar>copy, comma-separated."""
    return Stemma.parse(text, name="--stemma")
