"""TEI P5 standoff apparatus: double end-point attachment into copies of the witness files.

The output is a folder::

    out/
      apparatus.xml          the apparatus (variantEncoding method="double-end-point"
                             location="external")
      witnesses/PSS.xml      a copy of each witness's TEI file, with anchors added
      witnesses/K56.xml      ...

``apparatus.xml`` is a TEI document like the parallel-segmentation one
(:mod:`.tei`: the same header, readings, classes, citations and nesting), but its body is a
``listApp`` with no running text.  Every ``app`` points into the base text with ``@from`` and
``@to`` (``witnesses/PSS.xml#wc-a12``: the lemma runs from the start of the first element to
the end of the second), and every ``lem`` and ``rdg`` says where each of its witnesses has its
reading with one pointer per witness in ``@corresp``
(``witnesses/K56.xml#range(wc-a3,wc-a4)``, TEI's ``range()`` scheme); ``lem`` and ``rdg``
cannot carry ``@from``/``@to`` in TEI P5.  An omission or a lacuna is a point:
``range(a,a)``.  ``listWit/witness`` gives each witness's copy (``ptr type="copy"``), the
revision state it is read in (``note type="revision-state" n="ac"``) and the reader options
that shape its text where they are not the default, as the witness records them
(:attr:`~witnesscollate.model.WitnessMetadata.read_with`): ``note type="choice" n="sic"``,
``type="reading" n="B"``, one ``type="treat-as" n="mdel=del"`` per element.

The copies (:mod:`._standoff_copies`): each witness gets its own copy (two states of one file
get two copies), the original file as lxml writes it again (UTF-8), plus ``anchor`` elements with
fresh ids (``wc-a1``...) at the token boundaries the apparatus needs, and an XML comment
saying where it was copied from.  Where an element with an ``xml:id`` already starts at the
start (or ends at the end) of a reading and lies inside it, its id is used instead, as the
Guidelines advise.  The witness text between two pointers is the witness's own text: the
anchors go inside the text node that holds the token's first (or last) character, at that
character, found from the tokens' offsets (:attr:`Token.start`) and a walk of the file by the
reader itself, with the witness's options, recording where each chunk of its text comes from
(:func:`witnesscollate.reading.standoff.locate`, a :class:`~witnesscollate.reading.teiruns.Trace`).  Where TEI does not allow an ``anchor`` in
that element (``pc``, ``c``, ``g``, ``am``, ``ex``, ``idno``...; see :data:`NO_ANCHOR`), the
anchor goes just before or just after the element, whichever is nearer, and further out if
that place does not allow one either: exact at the element's edge; inside it, the text between
the pointers then takes in or leaves out the rest of the element's text.  A witness without a
TEI file (plain text, CollateX JSON, TEI given as a string) gets a small TEI document made from its text, one ``p`` per paragraph.

:func:`render_tei_standoff` gives ``apparatus.xml`` alone; :func:`write_tei_standoff` writes
the folder, atomically (built in a hidden folder beside it, then renamed into place), and
never over an input file or a folder it did not write.
:func:`witnesscollate.reading.standoff.read_standoff` reads it back.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from .._io import _umask, make_temp_folder, refuse_overwriting_inputs, signals_as_exit
from ..errors import RenderError
from ..model import Apparatus, Reading, Token, VariationUnit
from ..reading.standoff import OPTION_NOTES
from ..reading.tei import DEFAULT_CHOICE
from ._standoff_copies import (
    APPARATUS_FILE,
    NO_ANCHOR,
    WITNESS_FOLDER,
    witness_copies,
)
from .escaping import xml_attribute, xml_safe
from .options import TEIOptions, TEIStandoffOptions
from .tei import TEI_NS, E, _Document

__all__ = [
    "APPARATUS_FILE",
    "NO_ANCHOR",
    "WITNESS_FOLDER",
    "render_tei_standoff",
    "standoff_files",
    "write_tei_standoff",
]

_T = "{" + TEI_NS + "}"


# --- where each witness's reading is ---------------------------------------------------------


class _Places:
    """Each unit's two ends in each witness's copy, as ids (asked for while rendering)."""

    def __init__(self, apparatus: Apparatus, choice: Sequence[str]) -> None:
        self.app = apparatus
        self.copies = witness_copies(apparatus.witnesses, choice)
        self.cache: dict[tuple[str, str], tuple[str, str]] = {}
        self._neighbours: dict[str, tuple[list[Token | None], list[Token | None]]] = {}
        # the last reading asked about and its spans by witness: a reading's witnesses are
        # asked in turn, and each would make the spans of them all again
        self._spans: tuple[Reading | None, dict[str, tuple[int, int]]] = (None, {})

    def ends(self, unit: VariationUnit, siglum: str) -> tuple[str, str]:
        """The ids around a witness's reading in a unit (one id twice for a point)."""
        key = (unit.id, siglum)
        found = self.cache.get(key)
        if found is None:
            found = self.cache[key] = self._ends(unit, siglum)
        return found

    def _ends(self, unit: VariationUnit, siglum: str) -> tuple[str, str]:
        copy = self.copies[siglum]
        reading = unit.reading_of(siglum)
        last, spans = self._spans
        if last is not reading:
            spans = {}
            for s, a, b in reading.spans:
                if b > a:
                    spans.setdefault(s, (a, b))  # (the first, as the loop over them found it)
            self._spans = (reading, spans)
        found = spans.get(siglum)
        if found is not None:
            return copy.span(found[0], found[1] - 1)
        before, after = self._around(unit, siglum)
        tokens = copy.witness.tokens
        if (
            before is not None
            and after is not None
            and tokens[before].paragraph != tokens[after].paragraph
            and self._at_block_start(unit)
        ):
            before = None
        xml_id = copy.point(before, after)
        return xml_id, xml_id

    def _around(self, unit: VariationUnit, siglum: str) -> tuple[int | None, int | None]:
        """The witness's last token before the unit's columns and its first after them."""
        collation = self.app.collation
        if collation is None:
            raise RenderError(
                "the apparatus no longer holds its collation, which places its omissions",
                hint="build the apparatus again with collation.apparatus()",
            )
        table = self._neighbours.get(siglum)
        if table is None:
            # (once per witness, over every column: the cells read as the tuples they are,
            # not copied out by ``cells`` and ``tokens`` at each column; the tokens kept,
            # their index read only where a unit asks)
            row = collation.row_index(siglum)
            cells = [col[row] for col in collation.columns]
            last: list[Token | None] = [None]
            first: list[Token | None] = [None]
            token: Token | None = None
            for cell in cells:
                if cell:
                    token = cell[-1]
                last.append(token)
            token = None
            for cell in reversed(cells):
                if cell:
                    token = cell[0]
                first.append(token)
            first.reverse()
            table = self._neighbours[siglum] = (last, first)
        c0, c1 = unit.columns
        before, after = table[0][c0], table[1][c1]
        return (
            None if before is None else before.index,
            None if after is None else after.index,
        )

    def _at_block_start(self, unit: VariationUnit) -> bool:
        """True if nothing of the lemma witness's block comes before the unit."""
        lw = self.app.witness(unit.lemma_witness or self.app.base)
        i = min(unit.location.start, len(lw.tokens))
        if i <= 0:
            return True
        here = unit.location.block
        if here is None:
            here = lw.tokens[i].paragraph if i < len(lw.tokens) else lw.tokens[i - 1].paragraph
        return lw.tokens[i - 1].paragraph != here

    def pointer(self, unit: VariationUnit, siglum: str) -> str:
        """``witnesses/X.xml#range(a,b)`` for a witness's reading in a unit."""
        start, stop = self.ends(unit, siglum)
        return f"{self.copies[siglum].uri}#range({start},{stop})"

    def lemma(self, unit: VariationUnit) -> tuple[str, str]:
        """``@from`` and ``@to`` of a unit: its lemma in the base text."""
        siglum = self.app.base if self.app.base in unit.witnesses else unit.lemma.witnesses[0]
        start, stop = self.ends(unit, siglum)
        uri = self.copies[siglum].uri
        return f"{uri}#{start}", f"{uri}#{stop}"


# --- the apparatus document ------------------------------------------------------------------


class _StandoffDocument(_Document):
    """The parallel-segmentation document's header and readings, pointing into the copies."""

    shared_tags = False  # (each reading points into the copies)

    def __init__(self, apparatus: Apparatus, options: TEIStandoffOptions, places: _Places) -> None:
        super().__init__(apparatus, TEIOptions(positive=options.positive, title=options.title))
        self.places = places
        self._placeholders = False

    def header(self) -> etree._Element:
        header = super().header()
        for el in header.iter(f"{_T}variantEncoding"):
            el.set("method", "double-end-point")
            el.set("location", "external")
        return header

    def _witness(self, siglum: str) -> etree._Element:
        el = super()._witness(siglum)
        copy = self.places.copies[siglum]
        el.append(E.ptr(type="copy", target=copy.uri))
        state = copy.witness.state
        if state is not None and not copy.made:
            el.append(
                E.note(f"Read {_state_words(state)} in its copy.", type="revision-state", n=state)
            )
        for kind, option in OPTION_NOTES.items():
            for key, value in copy.read_with:
                if key == option and not (key == "choice" and set(value.split()) == _DEFAULT):
                    el.append(E.note(_OPTION_WORDS[kind], type=kind, n=value))
        return el

    def list_body(self) -> etree._Element:
        """The body: a ``listApp`` of the units (no running text), as a tree to indent."""
        apps = [
            self._app(seg)
            for block in self.app.blocks
            for seg in self.app.runs(block)
            if isinstance(seg, VariationUnit)
        ]
        body: etree._Element = E.body(E.listApp(*_parse("".join(apps)))) if apps else E.body(E.p())
        transposes = self._transposes()
        if transposes is not None:
            body.extend(_parse(transposes))
        return body

    def _app(self, unit: VariationUnit) -> str:
        if self._placeholders:
            target = xml_attribute(f"#{self.app_prefix}{unit.id}")
            return f'<app n="{xml_attribute(unit.id)}" copyOf="{target}"/>'
        return super()._app(unit)

    def _app_head(self, unit: VariationUnit) -> str:
        start, stop = (xml_attribute(end) for end in self.places.lemma(unit))
        return f'{super()._app_head(unit)} from="{start}" to="{stop}"'

    def _reading(
        self,
        r: Reading,
        unit: VariationUnit,
        witnesses: Sequence[str],
        tag: str,
        supplied: bool,
        inferred: str | None = None,
        untyped: bool = False,
    ) -> str:
        again = supplied and r is unit.content_reading and bool(r.attested_witnesses)
        # The nested units stand once, in the attested witnesses' element; in the element of
        # the unattested ones they are placeholders, <app copyOf="#app3"/> (TEI: its true
        # content is that of the element pointed at), so that no xml:id is written twice.
        self._placeholders, before = again, self._placeholders
        try:
            return super()._reading(r, unit, witnesses, tag, supplied, inferred, untyped)
        finally:
            self._placeholders = before

    def _reading_attrs(self, unit: VariationUnit, witnesses: Sequence[str]) -> str:
        pointers = " ".join(self.places.pointer(unit, s) for s in witnesses)
        return f' corresp="{xml_attribute(pointers)}"'


def _parse(markup: str) -> list[etree._Element]:
    """The TEI elements of markup the parallel-segmentation writer wrote (as text: here they
    are a tree, whose element-only content :func:`_indent` indents)."""
    parser = etree.XMLParser(huge_tree=True, resolve_entities=False)
    return list(etree.fromstring(f'<x xmlns="{TEI_NS}">{markup}</x>', parser))


_DEFAULT = set(DEFAULT_CHOICE)
_OPTION_WORDS = {
    "choice": "The choice children compared.",
    "reading": "The reading of each app read: that of this witness (or this id).",
    "treat-as": "A project's element read as the TEI element named after it.",
}


def _state_words(state: str) -> str:
    if state == "ac":
        return "before the revisions (a.c.)"
    if state.startswith("pc-"):
        return f"with the revisions of hand {xml_safe(state[3:])} only"
    return "after the revisions (p.c.)"


def _indent(el: etree._Element, level: int) -> None:
    """Indent element-only content (``listApp``, ``app``, ``rdgGrp``), never witness text."""
    kids = list(el)
    if not kids or el.tag not in (f"{_T}body", f"{_T}listApp", f"{_T}app", f"{_T}rdgGrp"):
        return
    inner = "\n" + "  " * (level + 1)
    el.text = inner
    for kid in kids:
        kid.tail = inner
        _indent(kid, level + 1)
    kids[-1].tail = "\n" + "  " * level


@dataclass(frozen=True, slots=True)
class _Rendered:
    apparatus: str
    copies: Mapping[str, bytes]


def _choice(options: TEIStandoffOptions) -> tuple[str, ...]:
    given = options.choice
    if given is None:
        return DEFAULT_CHOICE
    return (given,) if isinstance(given, str) else tuple(given)


def _render(apparatus: Apparatus, options: TEIStandoffOptions, copies: bool = True) -> _Rendered:
    """The apparatus document, and (``copies``) the anchored copies of the witnesses."""
    places = _Places(apparatus, _choice(options))
    doc = _StandoffDocument(apparatus, options, places)
    header = doc.header()
    etree.indent(header, space="  ", level=1)
    body = doc.list_body()
    _indent(body, 2)
    text = E.text(body)
    text.text, body.tail = "\n    ", "\n  "
    root = E.TEI(header, text)
    root.text, header.tail, text.tail = "\n  ", "\n  ", "\n"
    xml = etree.tostring(root, xml_declaration=True, encoding="UTF-8").decode("utf-8") + "\n"
    made = {c.name: c.serialize() for c in places.copies.values()} if copies else {}
    return _Rendered(xml, made)


def render_tei_standoff(apparatus: Apparatus, options: TEIStandoffOptions) -> str:
    """The standoff apparatus document (``apparatus.xml``); its pointers resolve in the
    folder :func:`write_tei_standoff` writes, where the witness copies are."""
    return _render(apparatus, options, copies=False).apparatus  # (the copies: not asked)


def standoff_files(apparatus: Apparatus, options: TEIStandoffOptions) -> dict[str, bytes]:
    """Every file of the output folder: ``{relative path: content}``."""
    rendered = _render(apparatus, options)
    files = {APPARATUS_FILE: rendered.apparatus.encode("utf-8")}
    files.update({f"{WITNESS_FOLDER}/{name}": data for name, data in rendered.copies.items()})
    return files


# --- writing the folder ----------------------------------------------------------------------


def write_tei_standoff(
    apparatus: Apparatus, options: TEIStandoffOptions, path: str | os.PathLike[str]
) -> Path:
    """Write the folder ``path`` (``apparatus.xml`` and ``witnesses/``), atomically.

    The folder is built beside its place and renamed into it, so it is either all there or
    not at all.  An existing folder is replaced only if it is empty or was written by this
    format (an ``apparatus.xml`` of witnesscollate's and a ``witnesses`` folder, nothing
    else): it is renamed aside, the new one renamed in (the old one put back if that fails),
    and then deleted.  The folder may not be, or hold, an input file.

    Raises
    ------
    RenderError
        A path ending in ``.xml`` (this format writes a folder), a file or foreign folder in
        the way, an input file inside it, no parent folder, or a failed write.
    """
    target = Path(path)
    final = Path(os.path.realpath(target))
    inputs = [w.metadata.file for w in apparatus.witnesses if w.metadata.file]
    _check_target(target, final, inputs)
    files = standoff_files(apparatus, options)
    refuse_overwriting_inputs([final / rel for rel in files], inputs)
    with signals_as_exit():
        staging: Path | None = None
        try:
            staging = make_temp_folder(final.parent, f".{final.name[:64]}.")
            (staging / WITNESS_FOLDER).mkdir()
            for rel, data in files.items():
                (staging / rel).write_bytes(data)
            mode = 0o777 & ~_umask()
            os.chmod(staging, mode)
            os.chmod(staging / WITNESS_FOLDER, mode)
            _publish(staging, final)
            staging = None
        except OSError as exc:
            raise RenderError(
                f"cannot write {target}: {exc.strerror or exc}",
                hint="check the path and permissions",
            ) from exc
        finally:
            if staging is not None:
                shutil.rmtree(staging, ignore_errors=True)
    return target


def _check_target(target: Path, final: Path, inputs: Sequence[str]) -> None:
    if target.suffix.lower() == ".xml":
        raise RenderError(
            f"cannot write {target}: the tei-standoff format writes a folder "
            f"({APPARATUS_FILE} and {WITNESS_FOLDER}/), not one XML file",
            hint=f"give a folder, e.g. {target.with_suffix('')}",
        )
    if not final.parent.is_dir():
        raise RenderError(
            f"cannot write {target}: folder {target.parent} does not exist",
            hint="create the folder first or choose another --out",
        )
    for file in inputs:
        real = os.path.realpath(file)
        if real == str(final) or real.startswith(str(final) + os.sep):
            raise RenderError(
                f"cannot write {target}: it holds the input file {file}, which writing the "
                "folder would replace",
                hint="choose another folder: witnesscollate never overwrites its inputs",
            )
    if final.exists() or final.is_symlink():
        if not final.is_dir():
            raise RenderError(
                f"cannot write {target}: it is a file, and the tei-standoff format writes a folder",
                hint="choose a new folder name",
            )
        if any(final.iterdir()) and not _written_here(final):
            raise RenderError(
                f"cannot write {target}: the folder exists and is not a standoff apparatus "
                "written by witnesscollate",
                hint="choose a new folder, or empty this one",
            )


def _written_here(folder: Path) -> bool:
    """True if ``folder`` holds exactly what this format writes (so it may be replaced)."""
    names = {p.name for p in folder.iterdir()}
    if not names <= {APPARATUS_FILE, WITNESS_FOLDER} or APPARATUS_FILE not in names:
        return False
    witnesses = folder / WITNESS_FOLDER
    if witnesses.exists() and (
        not witnesses.is_dir()
        or any(not p.is_file() or p.suffix != ".xml" for p in witnesses.iterdir())
    ):
        return False
    try:
        head = (folder / APPARATUS_FILE).read_bytes()[: 64 * 1024]
    except OSError:
        return False
    return b'ident="witnesscollate"' in head and b'method="double-end-point"' in head


def _publish(staging: Path, final: Path) -> None:
    """Rename the finished folder into place (replacing an empty or earlier one)."""
    try:
        os.rename(staging, final)  # a missing or empty folder is replaced in one step
        return
    except OSError as exc:
        if not final.is_dir():
            raise
        aside = Path(str(make_temp_folder(final.parent, f".{final.name[:64]}.old.")))
        os.rmdir(aside)
        os.rename(final, aside)
        try:
            os.rename(staging, final)
        except OSError:
            os.rename(aside, final)  # put the earlier output back
            raise exc from None
        shutil.rmtree(aside, ignore_errors=True)
