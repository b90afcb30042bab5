"""Copies of the witness files for the standoff apparatus, and the anchors put into them.

One :class:`WitnessCopy` per witness: its TEI file parsed again (or, for a witness without
one, a TEI document made from its text), walked as :func:`~witnesscollate.reading.load_tei`
walks it (:func:`~witnesscollate.reading.standoff.locate`), the ids the apparatus asks for at
token boundaries, and the copy written out with its new ``anchor`` elements.  The rules
(where an anchor goes, which existing ids are used, what happens inside elements that may not
hold an anchor) are described in :mod:`.tei_standoff` and ``docs/formats.md``.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Sequence
from copy import copy
from dataclasses import dataclass, field
from operator import add, attrgetter
from pathlib import Path
from urllib.parse import quote

import numpy as np
import numpy.typing as npt
from lxml import etree

from .._version import __version__
from ..analysis.units import blank_line
from ..errors import RenderError, WitnessCollateError
from ..model import Witness
from ..reading.safexml import parse_xml
from ..reading.standoff import Located, Point, locate
from .escaping import xml_safe
from .ids import ncname
from .tei import TEI_NS, E

__all__ = ["APPARATUS_FILE", "NO_ANCHOR", "WITNESS_FOLDER", "WitnessCopy", "witness_copies"]

APPARATUS_FILE = "apparatus.xml"
WITNESS_FOLDER = "witnesses"
_XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
_T = "{" + TEI_NS + "}"
_TEXT = attrgetter("text")
_WS = attrgetter("ws")

#: TEI elements whose content may not hold an ``anchor`` (TEI P5 4.12.0 ``tei_all.rng``: the
#: elements whose content model does not reach ``anchor``, computed from the schema).
NO_ANCHOR = frozenset(
    """
    TEI abstract addSpan additional adminInfo alt altGrp altIdent altIdentifier alternate am
    analytic anchor annotation annotationBlock app appInfo application arc att attDef attList
    attRef availability biblFull biblStruct bicond binary binaryObject binding bindingDesc
    broadcast c cRefPattern caesura calendar calendarDesc catDesc catRef category cb certainty
    char charDecl choice citeData citeStructure classDecl classRef classSpec classes climate
    code cond constraint constraintDecl constraintSpec content conversion correction
    correspAction correspContext correspDesc creation custodialHist damageSpan dataFacet
    dataRef dataSpec datatype decoDesc default defaultVal delSpan depth desc dim dimensions
    divGen eLeaf eTree editionStmt editorialDecl egXML elementRef elementSpec ellipsis empty
    encodingDesc equipment equiv event ex exemplum f fDecl fDescr fLib facsimile figDesc
    fileDesc forest formula fs fsConstraints fsDecl fsDescr fsdDecl fsdLink fvLib g gap gb geo
    gi glyph graphic handDesc handNotes handShift height history hyphenation iNode ident idno
    if iff incident index interleave interp interpGrp interpretation join joinGrp keywords
    kinesic lacunaEnd lacunaStart langKnowledge langUsage layoutDesc lb leaf link linkGrp
    listAnnotation listApp listChange listEvent listForest listNym listObject listOrg
    listPerson listPlace listPrefixDef listRef listRelation listTranspose listWit localProp
    location locus locusGrp macroRef macroSpec mapping measureGrp media meeting memberOf
    metDecl milestone model modelGrp modelSequence moduleRef moduleSpec monogr move
    msContents msDesc msFrag msIdentifier msItemStruct msName msPart namespace node
    normalization notatedMusic noteGrp notesStmt numeric nym oRef object objectDesc
    objectIdentifier outputRendition pRef param paramList paramSpec particDesc path pause pb
    pc physDesc place population postBox postCode precision prefixDef profileDesc projectDesc
    ptr publicationStmt punctuation quotation rdgGrp recordHist recording recordingStmt redo
    refState refsDecl relatedItem relation remarks rendition respStmt respons revisionDesc
    root row ruby samplingDecl schemaRef schemaSpec scriptDesc scriptStmt seal sealDesc
    segmentation sequence seriesStmt setting settingDesc shift sourceDesc space spanGrp
    specDesc specGrp specGrpRef specList standOff state stdVals string styleDefDecl substJoin
    superEntry supportDesc symbol tag tagUsage tagsDecl taxonomy teiCorpus teiHeader terrain
    textClass textDesc textNode then timeline titleStmt trait transcriptionDesc transpose
    tree triangle typeDesc undo unicodeProp unihanProp unitDecl unitDef vAlt vColl vDefault
    vLabel vMerge vNot vRange val valItem valList variantEncoding vocal when width witEnd
    witStart witness xenoData
    """.split()  # noqa: SIM905 - 312 names read better as words than as a list literal
)


# --- one witness's copy ----------------------------------------------------------------------


@dataclass
class WitnessCopy:
    """A witness's copy: its tree, where its text is, and the anchors the apparatus asks for."""

    witness: Witness
    name: str
    tree: etree._ElementTree
    located: Located
    origin: str
    read_with: tuple[tuple[str, str], ...] = ()  # the reader options the copy is read with
    offsets: list[int] | None = None  # witness-text offset -> offset in located.text
    made: bool = False  # made from the witness's text: it has no TEI file
    anchors: dict[tuple[str, etree._Element, int], str] = field(default_factory=dict)
    taken: set[str] = field(default_factory=set)
    _by_start: dict[int, list[tuple[int, str]]] | None = None
    _by_end: dict[int, list[tuple[int, str]]] | None = None

    @property
    def uri(self) -> str:
        return f"{WITNESS_FOLDER}/{quote(self.name)}"

    # offsets

    def walk_offset(self, offset: int, *, end: bool) -> int:
        """A witness-text offset (a token's start, or its end) in the walked file's text."""
        if self.offsets is None:
            return offset
        at = self.offsets[offset - 1] if end else self.offsets[offset]
        if at < 0:  # (white space the walked text collapsed: only a token of white space)
            raise RenderError(
                f"witness {self.witness.siglum!r}: the token at text offset {offset} is white "
                "space only, which its TEI copy's text does not hold, so no pointer can end there",
                source=self.origin,
                hint="join a token of white space only to the token before it (or drop it) "
                "before collating",
            )
        return at + 1 if end else at

    # ids

    def span(self, first: int, last: int) -> tuple[str, str]:
        """The ids delimiting tokens ``first``..``last`` (inclusive): an element with an id
        that starts (ends) there and lies inside, else a new anchor."""
        tokens = self.witness.tokens
        s = self.walk_offset(tokens[first].start, end=False)
        e = self.walk_offset(tokens[last].end, end=True)
        start = self._existing(s, e, at_start=True) or self.anchor(s, end=False)
        stop = self._existing(s, e, at_start=False) or self.anchor(e, end=True)
        return start, stop

    def point(self, before: int | None, after: int | None) -> str:
        """An anchor between two tokens: just after ``before`` if given, else just before
        ``after``; at the start of the text for a witness without tokens."""
        tokens = self.witness.tokens
        if before is not None:
            return self.anchor(self.walk_offset(tokens[before].end, end=True), end=True)
        if after is not None:
            return self.anchor(self.walk_offset(tokens[after].start, end=False), end=False)
        body = self.tree.getroot().find(f"{_T}text/{_T}body")
        where = body.find(f".//{_T}p") if body is not None else None
        el = where if where is not None else body
        if el is None:  # pragma: no cover - locate() has refused a document without text
            raise RenderError(f"witness {self.witness.siglum!r}: its file has no body")
        return self._anchor_at(("text", el, 0))

    def _existing(self, s: int, e: int, *, at_start: bool) -> str | None:
        if self._by_start is None or self._by_end is None:
            self._by_start, self._by_end = {}, {}
            for xml_id, el in self.located.elements_by_id():
                ext = self.located.extent(el)
                if ext is not None and ext[0] < ext[1]:
                    self._by_start.setdefault(ext[0], []).append((ext[1], xml_id))
                    self._by_end.setdefault(ext[1], []).append((ext[0], xml_id))
        if at_start:
            found = [(end, i) for end, i in self._by_start.get(s, ()) if end <= e]
            return min(found)[1] if found else None
        found = [(start, i) for start, i in self._by_end.get(e, ()) if start >= s]
        return max(found)[1] if found else None

    def anchor(self, offset: int, *, end: bool) -> str:
        """The id of an anchor at a witness-text offset of the walked file (made if need be)."""
        point = self.located.point_at(offset, end=end)
        return self._anchor_at(self._allowed(point, offset))

    def _anchor_at(self, point: Point) -> str:
        found = self.anchors.get(point)
        if found is None:
            k = len(self.anchors) + 1
            while f"wc-a{k}" in self.taken:
                k += 1
            found = self.anchors[point] = f"wc-a{k}"
            self.taken.add(found)
        return found

    def _allowed(self, point: Point, offset: int) -> Point:
        """``point``, or the nearest place outside the elements that may not hold an anchor."""
        while True:
            kind, node, _ = point
            container = node if kind == "text" else node.getparent()
            if container is None or _holds_anchor(container):
                return point
            ext = self.located.extent(container) or (offset, offset)
            if offset - ext[0] <= ext[1] - offset:
                prev = container.getprevious()
                parent = container.getparent()
                if prev is not None:
                    point = ("tail", prev, len(prev.tail or ""))
                elif parent is not None:
                    point = ("text", parent, len(parent.text or ""))
                else:  # pragma: no cover - the root element holds no witness text
                    return point
            else:
                point = ("tail", container, 0)

    # output

    def serialize(self) -> bytes:
        """The copy with its anchors (the tree is changed: call once, after every request)."""
        by_slot: dict[tuple[str, etree._Element], list[tuple[int, str]]] = {}
        blank = etree.Element(f"{_T}anchor")
        for (kind, node, index), xml_id in self.anchors.items():
            by_slot.setdefault((kind, node), []).append((index, xml_id))
        for (kind, node), items in by_slot.items():
            # The node's text cut once at all its anchors (a text node can hold a book: cut
            # at one anchor after another, each cut would copy the rest of it again).
            items.sort()
            text = (node.text if kind == "text" else node.tail) or ""
            cuts = [index for index, _ in items]
            pieces = [
                text[a:b] or None for a, b in zip([0, *cuts], [*cuts, len(text)], strict=True)
            ]
            if kind == "text":
                node.text = pieces[0]
            else:
                node.tail = pieces[0]
            at: etree._Element | None = None  # (each anchor after the last: no search by index)
            for piece, (_, xml_id) in zip(pieces[1:], items, strict=True):
                anchor = copy(blank)  # (a copy: half the time of a new element with its id)
                anchor.set(_XML_ID, xml_id)
                anchor.tail = piece
                if at is not None:
                    at.addnext(anchor)
                elif kind == "text":
                    node.insert(0, anchor)
                else:
                    node.addnext(anchor)
                at = anchor
        text = (
            f" Copy of {_comment_safe(self.origin)} for witness {_comment_safe(self.witness.siglum)},"
            f" with anchors added by witnesscollate {__version__} for the standoff apparatus"
            f" ../{APPARATUS_FILE}. "
        )
        self.tree.getroot().addprevious(etree.Comment(text))
        out = etree.tostring(self.tree, xml_declaration=False, encoding="UTF-8")
        mark = f"<!--{text}-->".encode()
        out = out.replace(mark, mark + b"\n", 1)  # the comment on a line of its own
        return b'<?xml version="1.0" encoding="UTF-8"?>\n' + out + b"\n"


def _holds_anchor(el: etree._Element) -> bool:
    if not isinstance(el.tag, str):
        return False
    q = etree.QName(el)
    return q.namespace == TEI_NS and q.localname not in NO_ANCHOR


def _comment_safe(text: str) -> str:
    return xml_safe(text).replace("--", "- -")


def _offset_map(witness: Witness, walked: str, origin: str) -> list[int] | None:
    """Witness-text offsets in ``walked``, matching the two texts but for whitespace (an
    offset of white space: -1); a :class:`RenderError` near the place where they differ."""
    text = witness.text
    if text == walked:
        return None
    # the non-space characters of both, in order, by arrays (a book has millions)
    t = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    w = np.frombuffer(walked.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    here, there = np.flatnonzero(~_spaces(t)), np.flatnonzero(~_spaces(w))
    if len(here) == len(there) and np.array_equal(t[here], w[there]):
        mapped = np.full(len(t), -1, dtype=np.int64)
        mapped[here] = there
        out: list[int] = mapped.tolist()
        return out
    # the place they part: the witness's first character the file lacks or has otherwise,
    # else the first of the file's that the witness lacks
    m = min(len(here), len(there))
    differ = np.flatnonzero(t[here[:m]] != w[there[:m]])
    if len(differ) or len(here) > len(there):
        i = int(here[differ[0] if len(differ) else m])
        raise _changed(witness, origin, text[max(0, i - 20) : i + 20])
    j = int(there[m - 1]) + 1 if m else 0
    raise _changed(witness, origin, walked[j : j + 40])


@functools.cache
def _space_table() -> npt.NDArray[np.bool_]:
    """Which code points up to the last white space are white space (``str.isspace``)."""
    spaces = [c for c in range(0x110000) if chr(c).isspace()]
    table = np.zeros(spaces[-1] + 1, dtype=np.bool_)
    table[spaces] = True
    return table


def _spaces(codes: npt.NDArray[np.uint32]) -> npt.NDArray[np.bool_]:
    """Which of the code points are white space."""
    table = _space_table()
    return (codes < len(table)) & table[np.minimum(codes, len(table) - 1)]


def _changed(witness: Witness, origin: str, near: str) -> RenderError:
    return RenderError(
        f"witness {witness.siglum!r}: its file no longer has the text it was read with "
        f"(they differ near {near.strip()!r})",
        source=origin,
        hint="load the witness again from its file (a witness that does not record how it "
        "was read, as from CollateX JSON, needs the choice= it was read with)",
    )


def _tei_file(witness: Witness) -> str | None:
    """The witness's TEI file, if it has one that still exists (not plain text or JSON)."""
    file = witness.metadata.file
    if not file or Path(file).suffix.lower() in (".txt", ".text", ".json"):
        return None
    return file if os.path.isfile(file) else None


def _paragraph_texts(witness: Witness) -> list[str]:
    """The witness's text (without its leading space) as the made document's paragraphs: a
    paragraph per number, and for plain text per blank line, as the apparatus's blocks are
    (one ``p`` for a whole book would lose them, and slow every anchor); each without the
    space after it."""
    tokens = witness.tokens
    if not tokens:
        return []
    if witness.without_provenance:  # plain text (no numbers): its blank lines, found in C
        spaces = list(map(_WS, tokens))
        pieces = list(map(add, map(_TEXT, tokens), spaces))
        ends = [i + 1 for i, ws in enumerate(spaces) if "\n" in ws and blank_line(ws)]
        if not ends or ends[-1] != len(tokens):
            ends.append(len(tokens))
        return ["".join(pieces[a:b]).rstrip() for a, b in zip([0, *ends[:-1]], ends, strict=True)]
    groups: list[list[str]] = []
    last: object = object()
    ws = ""
    for t in tokens:
        if (
            t.paragraph != last
            or not groups
            or (t.paragraph is None and "\n" in ws and blank_line(ws))
        ):
            groups.append([])
            last = t.paragraph
        ws = t.ws
        groups[-1].append(t.text + ws)
    return ["".join(g).rstrip() for g in groups]


def _made_tei(witness: Witness) -> bytes:
    """A TEI document with a witness's text, for a witness that has no TEI file."""
    paragraphs = [E.p(xml_safe(text)) for text in _paragraph_texts(witness)] or [E.p()]
    meta = witness.metadata
    source = meta.source or (
        f"The file {meta.file}" if meta.file else "Text given to witnesscollate."
    )
    root = E.TEI(
        E.teiHeader(
            E.fileDesc(
                E.titleStmt(E.title(xml_safe(meta.title or witness.siglum))),
                E.publicationStmt(
                    E.p(
                        f"Made by witnesscollate {__version__} from the text of witness "
                        f"{xml_safe(witness.siglum)}, which has no TEI file (or whose file "
                        "was not found)."
                    )
                ),
                E.sourceDesc(E.p(xml_safe(source))),
            )
        ),
        E.text(E.body(*paragraphs)),
    )
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def _copy(witness: Witness, name: str, choice: Sequence[str]) -> WitnessCopy:
    file = _tei_file(witness)
    read_with: tuple[tuple[str, str], ...] = ()
    if file is not None:
        origin = file
        # The options the witness was read with; ``choice`` for one that does not say.
        read_with = witness.metadata.read_with or (("choice", " ".join(sorted(choice))),)
        try:
            tree, source = parse_xml(file)
            located = locate(tree, witness.state, read_with, source=source)
        except WitnessCollateError as exc:
            raise RenderError(
                f"witness {witness.siglum!r}: cannot read its file for the standoff copy: "
                f"{exc.message}",
                source=exc.source or file,
                line=exc.line,
                hint=exc.hint,
            ) from exc
    else:
        origin = f"a TEI document made from the text of witness {witness.siglum}"
        tree, _ = parse_xml(_made_tei(witness), filename=origin)
        located = locate(tree)
    taken = {el.get(_XML_ID) or "" for el in tree.getroot().iter() if isinstance(el.tag, str)}
    return WitnessCopy(
        witness=witness,
        name=name,
        tree=tree,
        located=located,
        origin=origin,
        read_with=read_with,
        offsets=_offset_map(witness, located.text, origin),
        taken=taken,
        made=file is None,
    )


def witness_copies(witnesses: Sequence[Witness], choice: Sequence[str]) -> dict[str, WitnessCopy]:
    """A copy per witness (by siglum), each with a file name of its own."""
    names = _copy_names(witnesses)
    return {w.siglum: _copy(w, names[w.siglum], choice) for w in witnesses}


def _copy_names(witnesses: Sequence[Witness]) -> dict[str, str]:
    """A file name per witness: the original's name (with the state when two witnesses share
    it), else the siglum; unique without regard to case."""
    stems: dict[str, str] = {}
    for w in witnesses:
        file = _tei_file(w)
        stems[w.siglum] = Path(file).stem if file else ncname(w.siglum, "witness")
    shared = {s for s in stems.values() if list(stems.values()).count(s) > 1}
    out: dict[str, str] = {}
    used: set[str] = set()
    for w in witnesses:
        stem = stems[w.siglum]
        if stem in shared and w.state:
            stem = f"{stem}.{w.state}"
        stem = re.sub(r"[^\w.-]+", "_", stem).strip("._")[:100] or "witness"
        cand, k = stem, 2
        while cand.lower() in used:
            cand, k = f"{stem}-{k}", k + 1
        used.add(cand.lower())
        out[w.siglum] = cand + ".xml"
    return out
