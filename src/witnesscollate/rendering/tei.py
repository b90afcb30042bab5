"""TEI P5 parallel segmentation: the apparatus as a TEI document, built with lxml.

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
from typing import Any

from lxml import etree

from .._version import __version__
from ..analysis.citations import least_certain
from ..model import Apparatus, Milestone, Reading, Segment, Stretch, VariantType, VariationUnit
from ..model.witness import count_unattested, without_provenance
from .escaping import xml_safe
from .ids import witness_ids
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
    header = doc.header()
    etree.indent(header, space="  ", level=1)
    body = doc.body()
    # Indent between blocks only: inside a block every character is witness text.
    body.text = "\n      "
    blocks = list(body)  # lxml's len() counts the children: once, not once per block
    for i in range(len(blocks)):  # (no loop variable left holding an element of the tree)
        blocks[i].tail = "\n      " if i + 1 < len(blocks) else "\n    "
    text = E.text(body)
    text.text, body.tail = "\n    ", "\n  "
    root = E.TEI(header, text)
    root.text, header.tail, text.tail, root.tail = "\n  ", "\n  ", "\n", "\n"
    data = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    # a book's tree is larger than its text: gone before the text is decoded
    del root, text, body, blocks, header, doc
    return data.decode("utf-8")


class _Document:
    """The ids and options one rendering shares."""

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
        # them, so no reading of theirs is inferred (one C pass each, not a look per unit)
        self.plain = {w.siglum for w in apparatus.witnesses if without_provenance(w.tokens)}

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
        unattested = count_unattested(w.tokens)
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

    def body(self) -> etree._Element:
        body = E.body()
        opening = True  # TEI allows <head> only before the body's first other block
        for block in self.app.blocks:
            tag = _BLOCK_ELEMENTS.get(block.kind)
            if tag == "head" and not opening:
                tag = None
            opening = opening and tag == "head"
            el = E(tag) if tag else E.ab(type=block.kind)
            self._fill(el, self.app.runs(block))
            if len(el) or (el.text or "").strip():
                body.append(el)
        if not len(body):
            body.append(E.p())
        transposes = self._transposes()
        if transposes is not None:
            body.append(transposes)
        return body

    def _fill(self, parent: etree._Element, segments: Iterable[Segment]) -> None:
        for seg in segments:
            if isinstance(seg, Stretch):
                _append_text(parent, seg.text)
            elif isinstance(seg, Milestone):
                parent.append(E(seg.kind, {"n": xml_safe(seg.n or "")}, edRef=self.edref))
            else:
                parent.append(self._app(seg))

    def _app(self, unit: VariationUnit) -> etree._Element:
        attrs = {_XML_ID: self.app_prefix + unit.id, "n": unit.id, "type": unit.type.value}
        if unit.location.label:
            attrs["loc"] = unit.location.label
        app = E.app(attrs)
        sizes: dict[int, int] = {}
        for r in unit.readings:
            sizes[r.group] = sizes.get(r.group, 0) + 1
        done: set[int] = set()
        for r in unit.readings:
            if r.group in done:
                continue
            if sizes[r.group] > 1 and not r.lacuna:
                grp = E.rdgGrp(type="orthographic")
                for x in unit.readings:
                    if x.group == r.group:
                        grp.extend(self._readings(x, unit))
                app.append(grp)
                done.add(r.group)
            else:
                app.extend(self._readings(r, unit))
        return app

    def _readings(self, r: Reading, unit: VariationUnit) -> list[etree._Element]:
        """The ``lem``/``rdg`` elements of one reading: the attested witnesses, then the
        witnesses whose text here is not attested (their own ``rdg``, text in ``supplied``)."""
        out: list[etree._Element] = []
        attested = r.attested_witnesses
        # (not where nested units are spelled inside the reading: they are written once)
        split = r is not unit.content_reading or not unit.children
        inferred = self._inferred(r, attested) if split else {}
        plain = [s for s in attested if not any(s in group for group in inferred.values())]
        if plain or (not r.unattested and not inferred):
            out.append(self._reading(r, unit, plain, "lem" if r.lemma else "rdg", False))
        for cert, sigla in inferred.items():
            # the encoder inferred these witnesses' wording (their TEI's supplied
            # reason="inferred"): a reading of their own, the text in that supplied
            el = self._reading(r, unit, sigla, "rdg", False, inferred=cert or "")
            if r.lemma and "type" in el.attrib:
                del el.attrib["type"]
            out.append(el)
        if not r.unattested:
            return out
        if r is not unit.content_reading or not attested:
            out.append(self._reading(r, unit, r.unattested, "rdg", True))
            return out
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
        return out

    def _inferred(self, r: Reading, attested: Sequence[str]) -> dict[str | None, list[str]]:
        """The attested witnesses whose words here the encoder inferred (``supplied
        reason="inferred"``), by the certainty given."""
        out: dict[str | None, list[str]] = {}
        for siglum in attested:
            if siglum in self.plain:
                continue
            tokens = self.app.tokens_of(r, siglum)
            marked = [t for t in tokens if t.supplied and (t.reason or "").lower() == "inferred"]
            if marked:
                out.setdefault(least_certain(t.cert for t in marked), []).append(siglum)
        return out

    def _reading(
        self,
        r: Reading,
        unit: VariationUnit,
        witnesses: Sequence[str],
        tag: str,
        supplied: bool,
        inferred: str | None = None,
    ) -> etree._Element:
        el = E(tag)
        if witnesses and (self.positive or tag == "rdg"):
            el.set("wit", " ".join("#" + self.ids[s] for s in witnesses))
        if tag == "rdg":
            kind = r.type if not (supplied and r.lemma) else VariantType.UNATTESTED
            el.set("type", kind.value)
            if kind is VariantType.TRANSPOSITION:
                el.set("cause", "transposition")
        flags = sorted(f.value for f in r.flags if f is not r.type)
        if supplied and "unattested" not in flags:
            flags.append("unattested")  # these witnesses' text here is not attested
        if flags:
            el.set("ana", " ".join("#vt-" + f for f in flags))
        sources = [c for c in r.sources if c.witness in witnesses]
        if sources:
            el.set(
                "source", " ".join(dict.fromkeys("#" + self.bib[(c.ref, c.text)] for c in sources))
            )
        if r.cert in _CERTAINTY and sources:
            el.set("cert", r.cert or "")
        if r.lacuna:
            el.append(E.lacunaStart())
            el.append(E.lacunaEnd())
        target = el
        if supplied and (r.text or r.ws):
            target = E.supplied(reason="unattested")
            el.append(target)
        elif inferred is not None and (r.text or r.ws):
            target = E.supplied(reason="inferred")
            if inferred in _CERTAINTY:
                target.set("cert", inferred)
            el.append(target)
        if r is unit.content_reading:
            self._fill(target, self.app.visible(unit.content))
        else:
            _append_text(target, r.text + r.ws)
        return el

    def _transposes(self) -> etree._Element | None:
        by_id: dict[int, list[str]] = {}
        for u in self.app.units:
            if u.transposition is not None:
                by_id.setdefault(u.transposition, []).append(u.id)
        items = [
            E.transpose(*(E.ptr(target=f"#{self.app_prefix}{u}") for u in units), n=str(tid))
            for tid, units in sorted(by_id.items())
            if len(units) >= 2
        ]
        return E.listTranspose(*items) if items else None


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
