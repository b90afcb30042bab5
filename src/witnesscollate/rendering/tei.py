"""TEI P5 parallel segmentation: the apparatus as a TEI document.

The header is built with lxml; the body is written as text, byte for byte what lxml writes
for the same elements (a book has too many readings for an lxml tree to be quick).

:func:`render_tei` writes a whole ``TEI`` document:

* ``teiHeader``: ``titleStmt``, ``publicationStmt``, ``sourceDesc/listWit`` with one
  ``witness`` per siglum (``@xml:id`` a safe identifier made from the siglum, ``@n`` the
  siglum itself, with its title and date), ``listBibl`` with one ``bibl`` per work the
  readings cite, ``encodingDesc`` with ``appInfo/application`` naming witnesscollate, its
  version and settings, ``classDecl/taxonomy`` defining the variant classes, and
  ``variantEncoding method="parallel-segmentation" location="internal"``.
* ``text/body``: the base text block by block (``p``; a heading as ``head``; other blocks such
  as closers and datelines as ``ab type="closer"``...), with the base's page, column and line
  breaks as ``pb``/``cb``/``lb`` (``@edRef`` the base witness) at their place, inside units
  too.  Each variation unit is an ``app`` (``@n`` its id, ``@type`` its class, ``@loc`` its
  location) with ``lem`` and ``rdg`` s (``@wit``, ``@type``, ``@ana`` for the finer classes,
  ``@source``/``@cert`` for what attests them; ``rdgGrp type="orthographic"`` around readings
  that differ only in spelling).  Units nest: a witness absent over a stretch has one ``app``
  whose ``lem`` holds the others' text with their own ``app`` s inside.  An omission is an
  empty ``rdg``; a lacuna ``<rdg type="lacuna"><lacunaStart/><lacunaEnd/></rdg>``; a witness
  whose text here is supplied from another witness, not attested, has its own ``rdg`` marked
  ``@ana="#vt-unattested"``, with the text in ``<supplied reason="unattested">``; a transposed reading has
  ``@cause="transposition"`` and the places of a transposition are linked by
  ``listTranspose``.

Each witness's text reads back with
:func:`witnesscollate.reading.parallel_segmentation.read_parallel_segmentation`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any, ClassVar

from lxml import etree

from .._version import __version__
from ..model import Apparatus, Milestone, Reading, Segment, Stretch, VariantType, VariationUnit
from ..model.witness import count_unattested
from .escaping import xml_attribute, xml_safe, xml_text
from .ids import witness_ids
from .labels import inferred_certainty
from .options import TEIOptions

__all__ = ["TEI_NS", "render_tei"]

TEI_NS = "http://www.tei-c.org/ns/1.0"
_XML_ID = "{http://www.w3.org/XML/1998/namespace}id"


class _Maker:
    """``E.p("text", E.lb(n="1"), {"type": "x"})``: TEI elements, as lxml.builder makes them."""

    def __call__(self, tag: str, *children: Any, **attrs: str) -> etree._Element:
        el = etree.Element(_T + tag, nsmap={None: TEI_NS})  # type: ignore[dict-item]
        for child in children:
            if isinstance(child, dict):
                for k, v in child.items():
                    el.set(k, v)
            elif isinstance(child, str):
                _append_text(el, child)
            else:
                el.append(child)
        for k, v in attrs.items():
            el.set(k, v)
        return el

    def __getattr__(self, tag: str) -> Callable[..., etree._Element]:
        return functools.partial(self, tag)


E = _Maker()
_T = "{" + TEI_NS + "}"
_CERTAINTY = frozenset({"high", "medium", "low", "unknown"})
#: Blocks that keep their own element; any other kind is an ``ab`` with that ``@type``.
_BLOCK_ELEMENTS = {"p": "p", "head": "head"}


def render_tei(apparatus: Apparatus, options: TEIOptions) -> str:
    """The apparatus as a TEI P5 document in parallel segmentation (UTF-8 XML text)."""
    doc = _Document(apparatus, options)
    return _document(doc.header(), doc.body())


#: Where the body's markup goes in the serialised document (no text or attribute value can
#: hold it: lxml escapes every ``<`` in them).
_BODY_MARK = "wc-body"


def _document(header: etree._Element, body: str) -> str:
    """The whole document: ``header`` (indented here) and the ``body`` element's markup
    inside ``TEI``/``text``, with an XML declaration and a final newline."""
    etree.indent(header, space="  ", level=1)
    mark = etree.Comment(_BODY_MARK)
    text = E.text(mark)
    text.text, mark.tail = "\n    ", "\n  "
    root = E.TEI(header, text)
    root.text, header.tail, text.tail, root.tail = "\n  ", "\n  ", "\n", "\n"
    data = etree.tostring(root, xml_declaration=True, encoding="UTF-8").decode("utf-8")
    return data.replace(f"<!--{_BODY_MARK}-->", body, 1)


class _Document:
    """The ids and options one rendering shares."""

    #: A reading whose element is its start tag and text: the start tag made once for all
    #: the readings alike (a subclass that adds to each reading's element says False).
    shared_tags: ClassVar[bool] = True

    def __init__(self, apparatus: Apparatus, options: TEIOptions) -> None:
        self.app = apparatus
        self.positive = options.positive
        self.title = options.title
        units = {u.id for u in apparatus.all_units}
        self.app_prefix = "wc-" if any(u in units for u in _reserved_ids()) else ""
        reserved = {*_reserved_ids(), *(self.app_prefix + u for u in units)}
        self.ids = witness_ids(apparatus.sigla, reserved)
        self.bib = self._bibliography(reserved | set(self.ids.values()))
        self.edref = "#" + self.ids[apparatus.base]
        # witnesses none of whose tokens has provenance (plain text): nothing supplied in
        # them, so no reading of theirs is inferred (known to the witness once the aligner
        # has asked, not a look per unit)
        self.plain = {w.siglum for w in apparatus.witnesses if w.without_provenance}
        # the usual reading's markup from its start tag and text alone, unless it may depend
        # on its tokens (inferred wording, in witnesses with provenance) or a subclass's own
        self.shortcut = self.shared_tags and len(self.plain) == len(apparatus.witnesses)
        self.hidden = len(apparatus.units) < len(apparatus.all_units)  # units a filter hid
        self._heads: dict[tuple[Any, ...], str] = {}  # readings' start tags
        self._plain_tags: dict[tuple[Any, ...], tuple[str, str, str]] = {}
        self._labels: dict[str, str] = {}  # units' @loc

    # --- header --------------------------------------------------------------------------

    def header(self) -> etree._Element:
        app = self.app
        base = app.base_witness
        title = self.title or (
            f"Collation: {base.metadata.title}" if base.metadata.title else "Collation"
        )
        witnesses = [self._witness(w.siglum) for w in app.witnesses]
        source = [E.listWit(*witnesses)]
        if self.bib:
            source.append(
                E.listBibl(
                    E.head("Works cited for readings"),
                    *(
                        E.bibl(xml_safe(text), {_XML_ID: xid})
                        for (_ref, text), xid in self.bib.items()
                    ),
                )
            )
        desc = (
            f"Base text {app.base}; segmentation {app.segmentation}; profile {app.profile}; "
            f"engine {app.engine}; normalizers {', '.join(app.normalizers) or 'none'}"
        )
        if app.filters:
            desc += "; filters " + ", ".join(f"{k}={v}" for k, v in sorted(app.filters.items()))
        return E.teiHeader(
            E.fileDesc(
                E.titleStmt(E.title(xml_safe(title))),
                E.publicationStmt(
                    E.p(f"Generated by witnesscollate {app.version}; base text {app.base}.")
                ),
                E.sourceDesc(*source),
            ),
            E.encodingDesc(
                E.appInfo(
                    E.application(
                        E.label("witnesscollate"),
                        E.desc(xml_safe(desc) + "."),
                        ident="witnesscollate",
                        version=_version(app.version),
                    )
                ),
                E.classDecl(
                    E.taxonomy(
                        *(
                            E.category(
                                E.catDesc(f"{t.value}: {t.info.tei}"), {_XML_ID: f"vt-{t.value}"}
                            )
                            for t in VariantType
                        ),
                        {_XML_ID: "variant-types"},
                    )
                ),
                E.variantEncoding(method="parallel-segmentation", location="internal"),
            ),
        )

    def _witness(self, siglum: str) -> etree._Element:
        w = self.app.witness(siglum)
        el = E.witness(
            E.abbr(xml_safe(siglum), type="siglum"), {_XML_ID: self.ids[siglum]}, n=xml_safe(siglum)
        )
        if w.metadata.title and w.metadata.title != siglum:
            el.append(E.title(xml_safe(w.metadata.title)))
        if w.metadata.date:
            el.append(E.date(xml_safe(w.metadata.date)))
        # (plain text has nothing supplied: no second pass over its tokens)
        unattested = 0 if siglum in self.plain else count_unattested(w.tokens)
        if unattested:
            el.append(
                E.note(
                    f"{unattested} of its {len(w.tokens)} tokens are not attested: context "
                    "supplied from another witness. The shared text does not mark them; the "
                    "readings of variation units do.",
                    type="attestation",
                )
            )
        return el

    def _bibliography(self, taken: set[str]) -> dict[tuple[str, str], str]:
        """An ``xml:id`` per work the rendered readings cite, keyed by ``(ref, citation)``."""
        out: dict[tuple[str, str], str] = {}
        used = set(taken)
        for unit in self.app.units:
            for r in unit.readings:
                for c in r.sources:
                    key = (c.ref, c.text)
                    if key in out:
                        continue
                    base = witness_ids([c.ref], set())[c.ref]
                    cand, k = (base if base not in used else f"src-{base}"), 2
                    while cand in used:
                        cand, k = f"src-{base}_{k}", k + 1
                    used.add(cand)
                    out[key] = cand
        return out

    # --- body ----------------------------------------------------------------------------
    #
    # The body is written as markup text, not as an lxml tree: a book has hundreds of
    # thousands of readings, and an lxml element costs several microseconds to make and as
    # much again to move into its parent.  The text is what lxml writes for the same tree
    # (its escaping: :func:`.escaping.xml_text`, :func:`.escaping.xml_attribute`; ``<x/>``
    # for an empty element), and the start tags of readings recur, so each distinct one is
    # made once.

    def body(self) -> str:
        """The ``body`` element's markup, indented between its blocks."""
        blocks: list[str] = []
        opening = True  # TEI allows <head> only before the body's first other block
        for block in self.app.blocks:
            tag = _BLOCK_ELEMENTS.get(block.kind)
            if tag == "head" and not opening:
                tag = None
            opening = opening and tag == "head"
            segments = self._visible(block.segments)
            # an element only where there is markup or more than white space (as lxml's
            # tree, whose text is the segments' xml_safe text, was tested)
            if (
                all(isinstance(seg, Stretch) for seg in segments)
                and not xml_safe(
                    "".join([seg.text for seg in segments if isinstance(seg, Stretch)])
                ).strip()
            ):
                continue
            out: list[str] = []
            self._fill(out, segments)
            head = f"<{tag}" if tag else f'<ab type="{xml_attribute(block.kind)}"'
            blocks.append(_element(head, tag or "ab", "".join(out)))
        if not blocks:
            blocks.append("<p/>")
        transposes = self._transposes()
        if transposes is not None:
            blocks.append(transposes)
        return "<body>\n      " + "\n      ".join(blocks) + "\n    </body>"

    def _visible(self, segments: Sequence[Segment]) -> Sequence[Segment]:
        """:meth:`Apparatus.visible`, where a filter hid units; otherwise the segments as
        they are (it would only join neighbouring stretches, which the markup does not see)."""
        return self.app.visible(segments) if self.hidden else segments

    def _fill(self, out: list[str], segments: Iterable[Segment]) -> None:
        for seg in segments:
            if isinstance(seg, Stretch):
                if seg.text:
                    out.append(xml_text(seg.text))
            elif isinstance(seg, Milestone):
                n = xml_attribute(xml_safe(seg.n or ""))
                out.append(f'<{seg.kind} n="{n}" edRef="{xml_attribute(self.edref)}"/>')
            else:
                out.append(self._app(seg))

    def _app_head(self, unit: VariationUnit) -> str:
        """The ``app`` start tag (without its ``>``)."""
        uid = unit.id if unit.id.isalnum() else xml_attribute(unit.id)  # (app12: as it is)
        head = f'<app xml:id="{self.app_prefix}{uid}" n="{uid}" type="{unit.type.value}"'
        label = unit.location.label
        if not label:
            return head
        loc = self._labels.get(label)
        if loc is None:
            loc = self._labels[label] = f' loc="{xml_attribute(label)}"'
        return head + loc

    def _app(self, unit: VariationUnit) -> str:
        readings = unit.readings
        content_reading = unit.content_reading if unit.content else None
        children = content_reading is not None and bool(unit.children)
        out: list[str] = []
        groups = {r.group for r in readings}
        if len(groups) == len(readings):  # no orthographic group: the usual case
            for r in readings:
                if (
                    r.unattested
                    or r.sources
                    or r.lacuna
                    or r is content_reading
                    or not self.shortcut
                ):
                    self._readings(out, r, unit, content_reading, children)
                else:  # most readings: a start tag shared with others, and the text
                    key = (r.witnesses, r.type, r.flags, r.lemma)
                    tags = self._plain_tags.get(key)
                    if tags is None:
                        tag = "lem" if r.lemma else "rdg"
                        head = self._reading_head(r, r.witnesses, tag, False, False)
                        tags = self._plain_tags[key] = (f"{head}>", f"</{tag}>", f"{head}/>")
                    text = r.lead + r.text + r.ws
                    out.append(f"{tags[0]}{xml_text(text)}{tags[1]}" if text else tags[2])
        else:
            sizes: dict[int, int] = {}
            for r in readings:
                sizes[r.group] = sizes.get(r.group, 0) + 1
            done: set[int] = set()
            for r in readings:
                if r.group in done:
                    continue
                if sizes[r.group] > 1 and not r.lacuna:
                    grp: list[str] = []
                    for x in readings:
                        if x.group == r.group:
                            self._readings(grp, x, unit, content_reading, children)
                    out.append(_element('<rdgGrp type="orthographic"', "rdgGrp", "".join(grp)))
                    done.add(r.group)
                else:
                    self._readings(out, r, unit, content_reading, children)
        content = "".join(out)  # (before the head: see _reading)
        return _element(self._app_head(unit), "app", content)

    def _readings(
        self,
        out: list[str],
        r: Reading,
        unit: VariationUnit,
        content_reading: Reading | None,
        children: bool,
    ) -> None:
        """The ``lem``/``rdg`` elements of one reading: the attested witnesses, then the
        witnesses whose text here is not attested (their own ``rdg``, text in ``supplied``)."""
        attested = r.attested_witnesses if r.unattested else r.witnesses
        # (not where nested units are spelled inside the reading: they are written once)
        split = r is not content_reading or not children
        inferred = self._inferred(r, attested) if split else {}
        if inferred:
            plain: Sequence[str] = [
                s for s in attested if not any(s in group for group in inferred.values())
            ]
        else:
            plain = attested
        if plain or (not r.unattested and not inferred):
            out.append(self._reading(r, unit, plain, "lem" if r.lemma else "rdg", False))
        for cert, sigla in inferred.items():
            # the encoder inferred these witnesses' wording (their TEI's supplied
            # reason="inferred"): a reading of their own, the text in that supplied
            out.append(
                self._reading(r, unit, sigla, "rdg", False, inferred=cert or "", untyped=r.lemma)
            )
        if not r.unattested:
            return
        if r is not content_reading or not attested:
            out.append(self._reading(r, unit, r.unattested, "rdg", True))
            return
        # The nested units are spelled once (in the attested witnesses' element); each
        # unattested witness's own text here goes in a plain reading of its own.
        own: dict[str, list[str]] = {}
        for siglum in r.unattested:
            own.setdefault(self.app.text_in(unit, siglum), []).append(siglum)
        for text, sigla in own.items():
            flat = Reading(
                text.rstrip(" "),
                tuple(sigla),
                lemma=r.lemma,
                type=r.type,
                flags=r.flags,
                ws=" " if text.endswith(" ") else "",
                unattested=tuple(sigla),
            )
            out.append(self._reading(flat, unit, sigla, "rdg", True))

    def _inferred(self, r: Reading, attested: Sequence[str]) -> dict[str | None, list[str]]:
        """The attested witnesses whose words here the encoder inferred (``supplied
        reason="inferred"``), by the certainty given."""
        out: dict[str | None, list[str]] = {}
        for siglum in attested:
            if siglum in self.plain:
                continue
            cert = inferred_certainty(self.app, r, siglum)
            if cert is not None:
                out.setdefault(cert or None, []).append(siglum)
        return out

    def _reading_head(
        self,
        r: Reading,
        witnesses: Sequence[str],
        tag: str,
        supplied: bool,
        untyped: bool,
    ) -> str:
        """A reading's start tag up to its ``@ana`` (without its ``>``), made once for each
        distinct one."""
        key = (tag, tuple(witnesses), r.type, r.flags, r.lemma, supplied, untyped)
        head = self._heads.get(key)
        if head is not None:
            return head
        parts = [f"<{tag}"]
        if witnesses and (self.positive or tag == "rdg"):
            ids = " ".join("#" + self.ids[s] for s in witnesses)
            parts.append(f' wit="{xml_attribute(ids)}"')
        if tag == "rdg":
            kind = r.type if not (supplied and r.lemma) else VariantType.UNATTESTED
            if not untyped:
                parts.append(f' type="{kind.value}"')
            if kind is VariantType.TRANSPOSITION:
                parts.append(' cause="transposition"')
        flags = sorted(f.value for f in r.flags if f is not r.type)
        if supplied and "unattested" not in flags:
            flags.append("unattested")  # these witnesses' text here is not attested
        if flags:
            parts.append(f' ana="{" ".join("#vt-" + f for f in flags)}"')
        head = self._heads[key] = "".join(parts)
        return head

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
        """One ``lem`` or ``rdg``; ``untyped`` leaves out ``@type`` (an inferred reading of
        the lemma's witnesses)."""
        # the content first: the standoff's pointers are numbered in the order asked for
        if unit.content and r is unit.content_reading:
            parts: list[str] = []
            self._fill(parts, self._visible(unit.content))
            text = r.lead + "".join(parts)
        else:
            text = xml_text(r.lead + r.text + r.ws)
        if supplied and (r.text or r.ws):
            text = _element('<supplied reason="unattested"', "supplied", text)
        elif inferred is not None and (r.text or r.ws):
            cert = f' cert="{inferred}"' if inferred in _CERTAINTY else ""
            text = _element(f'<supplied reason="inferred"{cert}', "supplied", text)
        if r.lacuna:
            text = "<lacunaStart/><lacunaEnd/>" + text
        head = self._reading_head(r, witnesses, tag, supplied, untyped)
        if r.sources:
            sources = [c for c in r.sources if c.witness in witnesses]
            if sources:
                cited = dict.fromkeys("#" + self.bib[(c.ref, c.text)] for c in sources)
                head += f' source="{xml_attribute(" ".join(cited))}"'
                if r.cert in _CERTAINTY:
                    head += f' cert="{r.cert}"'
        return _element(head + self._reading_attrs(unit, witnesses), tag, text)

    def _reading_attrs(self, unit: VariationUnit, witnesses: Sequence[str]) -> str:
        """Attributes a reading's start tag ends with (none here; the standoff adds some)."""
        return ""

    def _transposes(self) -> str | None:
        by_id: dict[int, list[str]] = {}
        for u in self.app.units:
            if u.transposition is not None:
                by_id.setdefault(u.transposition, []).append(u.id)
        items = [
            f'<transpose n="{tid}">'
            + "".join(f'<ptr target="{xml_attribute(f"#{self.app_prefix}{u}")}"/>' for u in units)
            + "</transpose>"
            for tid, units in sorted(by_id.items())
            if len(units) >= 2
        ]
        return f"<listTranspose>{''.join(items)}</listTranspose>" if items else None


def _element(head: str, tag: str, content: str) -> str:
    """An element as lxml writes it: ``head`` is its start tag without the ``>``."""
    return f"{head}>{content}</{tag}>" if content else f"{head}/>"


def _append_text(parent: etree._Element, text: str) -> None:
    """Append text after the last child of ``parent`` (or as its text)."""
    if not text:
        return
    text = xml_safe(text)
    try:
        last = parent[-1]  # lxml finds the last child directly; len() counts them all
    except IndexError:
        parent.text = (parent.text or "") + text
    else:
        last.tail = (last.tail or "") + text


def _reserved_ids() -> set[str]:
    return {"variant-types", *(f"vt-{t.value}" for t in VariantType)}


def _version(v: str) -> str:
    m = re.match(r"\d+(?:\.\d+){0,3}", v)
    return m.group(0) if m else __version__
