"""What the TEI reader knows before it reads a state: the element classes, the options, the index.

:func:`index_text` looks at the whole ``text`` once before any revision state is read: it
resolves every ``@spanTo`` (an ``addSpan``/``delSpan``/``damageSpan``/``undo``/``redo`` whose
target is missing or lies before it is a :class:`~witnesscollate.errors.TEIError` naming the
file, the line and the id; with ``strict=False`` a :class:`~witnesscollate.errors.TEIWarning`,
and the span ends at a project's own end marker that names the target, or at the end of its
enclosing block or segment), collects the targets of ``undo``/``redo`` and the text the
header's ``charDecl`` gives each character, and warns about flattened start/end markers.
The walker (:mod:`.teitext`) reads the states with what it finds here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from lxml import etree

from ..errors import InputError, TEIError, TEIWarning
from .teiheader import TEI_NS, XML_ID, source_line
from .teireport import ReaderReport, issue

__all__ = [
    "BLOCKS",
    "EXCLUDED",
    "INLINE_WHEN_IN_TEXT",
    "TEI_PREFIX",
    "TEXT_PARENTS",
    "UNATTRIBUTED",
    "WORD_UNITS",
    "Cancel",
    "ReadOptions",
    "TextIndex",
    "check_on_unknown",
    "first_pointer",
    "hand_of",
    "index_text",
    "is_marker",
    "label_of",
    "local_name",
    "pointer",
    "warn",
]

UNATTRIBUTED = "unattributed"
"""The hand key of revisions that name no hand (and follow no ``handShift``)."""

TEI_PREFIX = f"{{{TEI_NS}}}"

# fmt: off
BLOCKS = frozenset({
    "text", "front", "body", "back", "group", "div", "div1", "div2", "div3", "div4", "div5",
    "div6", "div7", "p", "ab", "head", "lg", "l", "list", "item", "label", "salute", "signed",
    "dateline", "opener", "closer", "postscript", "trailer", "byline", "docTitle", "titlePart",
    "titlePage", "docImprint", "docAuthor", "docDate", "argument", "epigraph", "table", "row",
    "sp", "speaker", "stage", "castList", "castItem", "castGroup", "role", "roleDesc",
    "listBibl", "bibl", "floatingText", "quote", "listApp", "spGrp", "set", "prologue",
    "epilogue", "performance", "figure",
})
# fmt: on
"""Elements that start and end a block of text (separated by a newline)."""
# These are block-level only between blocks; inside a paragraph or line they are inline.
INLINE_WHEN_IN_TEXT = frozenset({"quote", "bibl", "label", "stage", "figure", "list"})
TEXT_PARENTS = frozenset(f"{TEI_PREFIX}{n}" for n in ("p", "ab", "l", "seg", "s", "w", "hi", "q"))

# fmt: off
EXCLUDED = frozenset({
    "teiHeader", "fw", "figDesc", "desc", "interp", "interpGrp", "link", "linkGrp", "spanGrp",
    "span", "index", "certainty", "respons", "precision", "metamark", "witDetail", "wit", "join",
    "joinGrp", "alt", "altGrp", "timeline", "listTranspose", "transpose", "graphic",
    "binaryObject", "media", "listPerson", "listPlace", "listOrg", "listEvent", "listNym",
    "listObject", "listRelation", "listAnnotation", "standOff", "fs", "fLib", "fvLib",
    "fsdDecl", "graph", "tree", "eTree", "forest", "listForest", "facsimile", "sourceDoc",
    "witStart", "witEnd", "substJoin", "locus", "locusGrp",
})
# fmt: on
"""Elements whose content is never witness text (``note`` becomes a :class:`Note`)."""

_SPANS = frozenset({"addSpan", "delSpan", "damageSpan", "undo", "redo"})
_BARE_INDEXED = frozenset({f"{TEI_PREFIX}addSpan", f"{TEI_PREFIX}delSpan"})
"""Elements that :func:`index_text` indexes even without attributes (a span without
``@spanTo``, which it reports)."""
# A gap counted in these units stands between words, never inside one.
WORD_UNITS = frozenset(
    [
        "word",
        "words",
        "line",
        "lines",
        "page",
        "pages",
        "leaf",
        "leaves",
        "column",
        "columns",
        "folio",
        "folios",
        "verse",
        "verses",
        "paragraph",
        "paragraphs",
        "part",
        "parts",
        "section",
        "sections",
    ]
)
_ON_UNKNOWN = ("warn", "error", "keep")


def pointer(value: str | None) -> str | None:
    """``"#LI"`` → ``"LI"``; several pointers keep their order, space-separated."""
    if not value or not value.strip():
        return None
    return " ".join(v[1:] if v.startswith("#") else v for v in value.split())


def first_pointer(value: str | None) -> str | None:
    refs = pointer(value)
    return refs.split()[0] if refs else None


def local_name(tag: str) -> str:
    return tag.rpartition("}")[2]


def label_of(el: etree._Element) -> str:
    """How the report and messages name an element: ``del``, ``mith:seg``, ``{ns}x``."""
    tag = el.tag
    assert isinstance(tag, str)
    if tag.startswith(TEI_PREFIX):
        return tag[len(TEI_PREFIX) :]
    if not tag.startswith("{"):
        return tag
    prefix = el.prefix
    return f"{prefix}:{local_name(tag)}" if prefix else tag


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """How to read what TEI leaves to the reader (see :func:`~witnesscollate.load_tei`)."""

    choice: frozenset[str]
    reading: str | None = None
    strict: bool = True
    on_unknown: str = "warn"
    treat_as: Mapping[str, str] = field(default_factory=dict)

    def text_options(self) -> tuple[tuple[str, str], ...]:
        """The options that shape the witness text, as ``(option, value)`` pairs (what
        :attr:`~witnesscollate.model.WitnessMetadata.read_with` records): ``choice``,
        ``reading`` if given, one ``treat_as`` per element (``"mdel=del"``).  ``strict`` and
        ``on_unknown`` only decide between a warning and an error, never the text."""
        pairs = [("choice", " ".join(sorted(self.choice)))]
        if self.reading:
            pairs.append(("reading", self.reading))
        pairs.extend(("treat_as", f"{key}={value}") for key, value in self.treat_as.items())
        return tuple(pairs)

    @classmethod
    def quiet(cls, pairs: Iterable[tuple[str, str]]) -> ReadOptions:
        """Options that read the text :meth:`text_options` describes again, never refusing
        what the first reading accepted (lenient, unknown elements kept)."""
        choice: frozenset[str] = frozenset()
        reading: str | None = None
        treat: dict[str, str] = {}
        for key, value in pairs:
            if key == "choice":
                choice = frozenset(value.split())
            elif key == "reading":
                reading = value
            elif key == "treat_as":
                name, _, target = value.rpartition("=")
                treat[name] = target
        return cls(choice, reading, strict=False, on_unknown="keep", treat_as=treat)


@dataclass(slots=True)
class TextIndex:
    """What the reader knows about the whole ``text`` before reading any state."""

    source: str
    span_ends: dict[etree._Element, str | etree._Element] = field(default_factory=dict)
    """Each span element → the xml:id it runs to, or (lenient) the element where it ends: a
    project's end marker (ends when it is reached) or the enclosing block (ends after it)."""
    cancels: dict[str, list[str]] = field(default_factory=dict)
    """xml:id of an intervention → hands of the ``undo`` elements that target it."""
    reaffirms: dict[str, list[str]] = field(default_factory=dict)
    """xml:id of an intervention or an ``undo`` → hands of the ``redo`` elements that target it."""
    undo_ids: dict[str, tuple[str, list[str]]] = field(default_factory=dict)
    """xml:id of an ``undo`` → its hand and its targets."""
    chars: dict[str, str] = field(default_factory=dict)
    """xml:id of a ``char``/``glyph`` of the header → the text it stands for."""
    end_markers: set[etree._Element] = field(default_factory=set)
    """Elements that end a span by naming its target in a non-TEI attribute (lenient)."""


def is_marker(el: etree._Element) -> bool:
    """A flattened ("Trojan horse") start or end marker: ``@ana="start"``, ``@sID``, ``@eID``."""
    keys = el.keys()
    if not keys:
        return False
    if el.get("ana") in ("start", "end"):
        return True
    return any(local_name(str(key)) in ("sID", "eID") for key in keys)


def hand_of(el: etree._Element) -> str | None:
    return first_pointer(el.get("hand"))


# Where a span whose end cannot be found ends (strict=False): the nearest enclosing block
# (paragraph, verse line, head...) or segment; ``seg`` matters in files that segment their text
# for collation, where a whole chapter is one ``body``.
_SPAN_UNITS = BLOCKS | {"seg", "s", "cl", "phr"}


def _enclosing_block(el: etree._Element, text: etree._Element) -> etree._Element:
    node = el.getparent()
    while node is not None and node is not text:
        tag = node.tag
        if (
            isinstance(tag, str)
            and tag.startswith(TEI_PREFIX)
            and tag[len(TEI_PREFIX) :] in _SPAN_UNITS
        ):
            return node
        node = node.getparent()
    return text


def _chars(root: etree._Element) -> dict[str, str]:
    """``charDecl`` entries: the text each ``char``/``glyph`` stands for (its best mapping)."""
    out: dict[str, str] = {}
    order = ("standard", "standardized", "normalized", "normalised", "unicode", "diplomatic")
    for decl in root.iterfind(f".//{TEI_PREFIX}charDecl"):
        for ch in decl:
            xml_id = ch.get(XML_ID) if isinstance(ch.tag, str) else None
            if not xml_id:
                continue
            best: tuple[int, str] | None = None
            for m in ch.iterfind(f"{TEI_PREFIX}mapping"):
                value = (m.text or "").strip()
                if not value or value.upper().startswith("U+"):
                    continue
                kind = (m.get("type") or "").lower()
                rank = order.index(kind) if kind in order else len(order)
                if best is None or rank < best[0]:
                    best = (rank, value)
            if best is not None:
                out[xml_id] = best[1]
    return out


def index_text(
    root: etree._Element,
    text: etree._Element,
    source: str,
    options: ReadOptions,
    report: ReaderReport | None,
) -> TextIndex:
    """Check and index the whole ``text`` once: spans, ``undo``/``redo`` targets, characters."""
    index = TextIndex(source=source, chars=_chars(root))
    order: dict[str, int] = {}
    spans: list[tuple[int, etree._Element]] = []
    markers: dict[str, tuple[int, int | None]] = {}
    shift: str | None = None  # the hand in force, for undo/redo that name none
    # An element without attributes has no xml:id, marks nothing and names no target: only
    # an addSpan or delSpan is indexed as such (most elements of a transcription, the bare
    # <lb/>s, are passed over here, without even reading their name if there is no span).
    bare_spans = next(text.iter(*_BARE_INDEXED), None) is not None
    for i, el in enumerate(text.iter()):
        if not el.keys() and (not bare_spans or el.tag not in _BARE_INDEXED):
            continue
        tag = el.tag
        if not isinstance(tag, str):
            continue
        xml_id = el.get(XML_ID)
        if xml_id is not None:
            order.setdefault(xml_id, i)
        if not tag.startswith(TEI_PREFIX):
            continue
        name = tag[len(TEI_PREFIX) :]
        if name == "handShift":
            shift = first_pointer(el.get("new")) or shift
        if name in _SPANS and (el.get("spanTo") is not None or name in ("addSpan", "delSpan")):
            spans.append((i, el))
        if name in ("undo", "redo") and el.get("target"):
            hand = hand_of(el) or shift or UNATTRIBUTED
            named = (pointer(el.get("target")) or "").split()
            book = index.cancels if name == "undo" else index.reaffirms
            for ref in named:
                book.setdefault(ref, []).append(hand)
            if name == "undo" and xml_id:
                index.undo_ids[xml_id] = (hand, named)
        if len(el) == 0 and is_marker(el) and not (el.text or "").strip():
            count, line = markers.get(name, (0, source_line(el)))
            markers[name] = (count + 1, line)
    # A redo that targets an undo reaffirms what that undo cancelled.
    for undo_id, (_, undone) in index.undo_ids.items():
        for hand in index.reaffirms.get(undo_id, ()):
            for intervention in undone:
                index.reaffirms.setdefault(intervention, []).append(hand)
    bad: list[tuple[int, etree._Element, str | None, int | None]] = []
    for i, el in spans:
        target = first_pointer(el.get("spanTo"))
        at = order.get(target) if target else None
        if at is not None and at > i:
            assert target is not None
            index.span_ends[el] = target
        else:
            bad.append((i, el, target, at))
    if bad:
        markers_at = _end_markers(text, {t for _, _, t, a in bad if t and a is None})
        for _, el, target, at in bad:
            if el in markers_at.values():
                continue  # itself the end marker of another span
            index.span_ends[el] = _bad_span(
                el, target, at, markers_at.get(target or ""), text, source, options, report
            )
        for marker in markers_at.values():
            index.end_markers.add(marker)
    for name, (count, line) in markers.items():
        warn(
            report,
            TEIWarning(
                f"{count} empty <{name}> start/end markers (@ana, @sID, @eID): flattened "
                f'("Trojan horse") '
                f"markup, which the reader does not apply; the text between them is read as "
                f"if they were not there",
                source=source,
                line=line,
                hint="raise the markers into elements (<del>...</del>) before reading",
            ),
        )
    return index


def _end_markers(text: etree._Element, targets: set[str]) -> dict[str, etree._Element]:
    """Elements that name a missing span target in an attribute other than ``xml:id``.

    Some projects close a span with their own marker (``<delSpan anchor="x"/>`` for
    ``<delSpan spanTo="#x"/>``); with ``strict=False`` the reader ends the span there.
    """
    found: dict[str, etree._Element] = {}
    if not targets:
        return found
    for el in text.iter():
        if not isinstance(el.tag, str):
            continue
        for key, raw in el.attrib.items():
            if key == XML_ID or key == "spanTo":
                continue
            value = str(raw).strip()
            name = value[1:] if value.startswith("#") else value
            if name in targets and name not in found:
                found[name] = el
    return found


def _bad_span(
    el: etree._Element,
    target: str | None,
    at: int | None,
    marker: etree._Element | None,
    text: etree._Element,
    source: str,
    options: ReadOptions,
    report: ReaderReport | None,
) -> etree._Element:
    """A span whose end cannot be found: an error, or (lenient) where it ends instead."""
    name = label_of(el)
    raw = el.get("spanTo")
    block = _enclosing_block(el, text)
    block_name = label_of(block)
    if raw is None:
        problem = f"<{name}> has no @spanTo: nothing says where it ends"
    elif at is None:
        problem = f'<{name} spanTo="{raw}"> points to no element of the text: no xml:id "{target}"'
    else:
        problem = (
            f'<{name} spanTo="{raw}"> points backwards: the element with xml:id "{target}" '
            f"comes before it"
        )
    hint = f'put <anchor xml:id="{target or "..."}"/> where it ends'
    if marker is not None:
        attr = next(
            str(k) for k, v in marker.attrib.items() if str(v).strip().lstrip("#") == target
        )
        found = f'<{label_of(marker)} {local_name(attr)}="{marker.get(attr)}"> (line {source_line(marker)})'
        hint = f"{hint}: {found} names it, but only xml:id does in TEI"
    if options.strict:
        ends = (
            f"end it at {found}"
            if marker is not None
            else f"end it at the end of its <{block_name}>"
        )
        raise TEIError(
            problem,
            source=source,
            line=source_line(el),
            hint=f"{hint}; or read with strict=False (witnesscollate load --lenient) to {ends}",
        )
    if marker is not None:
        where = f"it ends at {found}"
        end: etree._Element = marker
    else:
        where = f"it ends at the end of its <{block_name}> (line {source_line(block) or '?'})"
        end = block
    warn(
        report,
        TEIWarning(f"{problem}; {where}", source=source, line=source_line(el), hint=hint),
    )
    return end


def warn(report: ReaderReport | None, warning: TEIWarning) -> None:
    """Issue ``warning`` (at the user's call), and keep it in ``report`` if there is one."""
    if report is not None:
        report.warn(warning)
    else:
        issue(warning)


Cancel = tuple[str, frozenset[str]]
"""A cancellation: the hand that cancels (``restore``/``undo``) and the hands that reaffirm."""


def check_on_unknown(value: str) -> str:
    """Validate the ``on_unknown`` option."""
    if value not in _ON_UNKNOWN:
        raise InputError(
            f"on_unknown must be one of {', '.join(_ON_UNKNOWN)}, got {value!r}",
            hint='"warn" keeps the text of unknown elements and warns, "keep" keeps it '
            'silently, "error" refuses the document',
        )
    return value
