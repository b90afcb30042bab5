"""TEI P5 parallel segmentation: the apparatus as a TEI document, and reading one back.

:func:`render_tei` writes a whole ``TEI`` document:

* ``teiHeader``: ``titleStmt``, ``publicationStmt``, ``sourceDesc/listWit`` with one
  ``witness`` per siglum (``@xml:id`` from the siglum, ``@n`` the siglum itself, with its
  title and date), ``listBibl`` with one ``bibl`` per work that the readings cite (their
  one-line citations from the witnesses' headers), ``encodingDesc`` with ``appInfo/application`` naming witnesscollate and its
  version and settings, ``classDecl/taxonomy`` defining the variant classes, and
  ``variantEncoding method="parallel-segmentation" location="internal"``.
* ``text/body``: the base text in paragraphs (``p``, following the base witness's
  paragraphs, with its page and line breaks as ``pb``/``lb`` milestones, ``@edRef`` the base
  witness), each variation unit an ``app`` (``@n`` its id, ``@type`` its class,
  ``@loc`` its location) with ``lem`` (the base reading) and ``rdg`` s (``@wit`` the sigla,
  ``@type`` the class, ``@ana`` pointing to every finer class in the taxonomy, ``@source``
  pointing to the ``bibl`` s of the works that attest it, ``@cert`` their least certainty); readings
  that differ only orthographically are wrapped in ``rdgGrp type="orthographic"``.
  An omission is an empty ``rdg``; a lacuna is ``<rdg type="lacuna"><lacunaStart/>
  <lacunaEnd/></rdg>`` (any legible text of the witness in the unit follows
  ``lacunaEnd``); text a witness is not known to have is wrapped in
  ``<supplied reason="unattested">``; a transposed reading has
  ``@cause="transposition"``, and the two places of a transposition are linked by a
  ``listTranspose/transpose`` at the end of the body.

Each witness's text can be read back with :func:`read_parallel_segmentation`: the shared
text plus, in every ``app``, the reading that lists the witness (or the ``lem`` without
``@wit``, for the witnesses no ``rdg`` lists).  It gives each witness's text as
:func:`~witnesscollate.analysis.canonical_text` defines it: the tokens' characters exactly,
with every run of whitespace between tokens as one space.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape, quoteattr

from lxml import etree

from .._version import __version__
from ..errors import TEIParseError
from ._ids import unique_ids

if TYPE_CHECKING:
    from ..analysis.apparatus import Apparatus, Reading, Stretch, VariationUnit
    from ..model import Token

__all__ = ["TEI_NS", "read_parallel_segmentation", "render_tei", "witness_ids"]

TEI_NS = "http://www.tei-c.org/ns/1.0"
_T = "{" + TEI_NS + "}"

_TYPE_DESCRIPTIONS = {
    "identical": "the reading is the lemma",
    "orthography": "spelling only: spacing, hyphenation, ё/е, quotation marks, dashes",
    "capitalisation": "letter case only",
    "punctuation": "punctuation only",
    "abbreviation": "one reading abbreviates the other",
    "grammatical": "the same lemma in another form (case, number, person)",
    "lexical": "another word",
    "addition": "text the lemma lacks",
    "omission": "text the reading lacks",
    "transposition": "the same text in another place",
    "lacuna": "the witness's text is unknown here",
    "unattested": "text not attested in the witness, supplied for context",
}


def _ncname(siglum: str) -> str:
    s = re.sub(r"[^\w.\-]", "_", siglum, flags=re.UNICODE)
    if not s or not (s[0].isalpha() or s[0] == "_"):
        s = "w" + s
    return s


def witness_ids(sigla: Iterable[str]) -> dict[str, str]:
    """A unique ``xml:id`` per siglum (the siglum itself where it is a valid XML name)."""
    return unique_ids(sigla, _ncname, "_")


def _x(text: str) -> str:
    return escape(text)


def _a(value: str) -> str:
    return quoteattr(value)


def render_tei(
    apparatus: Apparatus,
    *,
    positive: bool = True,
    title: str | None = None,
    **_opts: Any,
) -> str:
    """The apparatus as a TEI P5 document in parallel segmentation (a string, UTF-8 XML).

    Parameters
    ----------
    positive:
        True (default) gives ``lem`` its ``@wit``; False writes a negative apparatus, where
        ``lem`` has no ``@wit`` and stands for every witness no ``rdg`` names.
    title:
        The ``titleStmt/title``; default from the base witness's title.
    """
    ids = witness_ids(apparatus.sigla)
    app_prefix = "wc-" if any(i.startswith("app") for i in ids.values()) else ""
    base_w = apparatus.base_witness
    doc_title = title or (
        f"Collation: {base_w.metadata.title}" if base_w.metadata.title else "Collation"
    )
    lines: list[str] = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<TEI xmlns="{TEI_NS}">',
        "  <teiHeader>",
        "    <fileDesc>",
        "      <titleStmt>",
        f"        <title>{_x(doc_title)}</title>",
        "      </titleStmt>",
        "      <publicationStmt>",
        f"        <p>Generated by witnesscollate {_x(apparatus.version)}; base text "
        f"{_x(apparatus.base)}.</p>",
        "      </publicationStmt>",
        "      <sourceDesc>",
        "        <listWit>",
    ]
    for w in apparatus.witnesses:
        parts = [f'<abbr type="siglum">{_x(w.siglum)}</abbr>']
        if w.metadata.title and w.metadata.title != w.siglum:
            parts.append(f"<title>{_x(w.metadata.title)}</title>")
        if w.metadata.date:
            parts.append(f"<date>{_x(w.metadata.date)}</date>")
        unattested = sum(1 for t in w.tokens if _unattested(t))
        if unattested:
            parts.append(
                f'<note type="attestation">{unattested} of its {len(w.tokens)} tokens are not '
                "attested: context supplied from another witness (supplied "
                'reason="unattested"). The shared text does not mark them; readings in '
                'variation units do (type="unattested").</note>'
            )
        lines.append(
            f"          <witness xml:id={_a(ids[w.siglum])} n={_a(w.siglum)}>"
            + ", ".join(parts)
            + "</witness>"
        )
    desc = (
        f"Base text {apparatus.base}; segmentation {apparatus.segmentation}; "
        f"morphology {apparatus.morphology}; engine {apparatus.engine}; normalizers "
        f"{', '.join(apparatus.normalizers) or 'none'}"
    )
    if apparatus.filters:
        desc += "; filters " + ", ".join(f"{k}={v}" for k, v in sorted(apparatus.filters.items()))
    lines.append("        </listWit>")
    bib = _bibliography(apparatus, ids, app_prefix)
    if bib:
        lines += ["        <listBibl>", "          <head>Works cited for readings</head>"]
        for (_ref, text), xml_id in bib.items():
            lines.append(f"          <bibl xml:id={_a(xml_id)}>{_x(text)}</bibl>")
        lines.append("        </listBibl>")
    lines += [
        "      </sourceDesc>",
        "    </fileDesc>",
        "    <encodingDesc>",
        "      <appInfo>",
        f'        <application ident="witnesscollate" version={_a(_version(apparatus.version))}>',
        "          <label>witnesscollate</label>",
        f"          <desc>{_x(desc)}.</desc>",
        "        </application>",
        "      </appInfo>",
        "      <classDecl>",
        '        <taxonomy xml:id="variant-types">',
    ]
    for name, text in _TYPE_DESCRIPTIONS.items():
        lines.append(
            f'          <category xml:id="vt-{name}"><catDesc>{name}: {_x(text)}</catDesc></category>'
        )
    lines += [
        "        </taxonomy>",
        "      </classDecl>",
        '      <variantEncoding method="parallel-segmentation" location="internal"/>',
        "    </encodingDesc>",
        "  </teiHeader>",
        "  <text>",
        "    <body>",
    ]
    paras = _paragraphs(apparatus, ids, app_prefix, positive, bib)
    for para in paras:
        lines.append(f"      <p>{para}</p>")
    if not paras:  # witnesses without text: TEI wants something in the body
        lines.append("      <p/>")
    transposes = _transposes(apparatus, app_prefix)
    if transposes:
        lines.append("      <listTranspose>")
        lines += transposes
        lines.append("      </listTranspose>")
    lines += ["    </body>", "  </text>", "</TEI>", ""]
    return "\n".join(lines)


def _bibliography(
    apparatus: Apparatus, ids: dict[str, str], app_prefix: str
) -> dict[tuple[str, str], str]:
    """An ``xml:id`` for each work the rendered readings cite, keyed by ``(ref, citation)``.

    The id is the witnesses' own ``ref`` where it is free; two witnesses citing one ``ref``
    with different citations get two entries, and a ``ref`` that is already a witness's,
    a unit's or a class's id gets a ``src-`` prefix.
    """
    from ..analysis.apparatus import VariationUnit

    taken = set(ids.values()) | {"variant-types"} | {f"vt-{n}" for n in _TYPE_DESCRIPTIONS}
    taken |= {app_prefix + s.id for s in apparatus.segments if isinstance(s, VariationUnit)}
    out: dict[tuple[str, str], str] = {}
    for unit in apparatus.units:
        for r in unit.readings:
            for c in r.sources:
                key = (c.ref, c.text)
                if key in out:
                    continue
                base = _ncname(c.ref)
                cand = base if base not in taken else f"src-{base}"
                k = 2
                while cand in taken:
                    cand, k = f"src-{base}_{k}", k + 1
                taken.add(cand)
                out[key] = cand
    return out


_CERTAINTY = frozenset({"high", "medium", "low", "unknown"})


def _unattested(t: Token) -> bool:
    return t.supplied and (t.reason or "").strip().lower() == "unattested"


def _version(v: str) -> str:
    m = re.match(r"\d+(?:\.\d+){0,3}", v)
    return m.group(0) if m else __version__


def _paragraphs(
    apparatus: Apparatus,
    ids: dict[str, str],
    app_prefix: str,
    positive: bool,
    bib: dict[tuple[str, str], str],
) -> list[str]:
    """The body's paragraphs as XML fragments (content of ``p``).

    The base witness's page and line breaks become ``pb``/``lb`` milestones with ``@n`` and
    ``@edRef`` pointing to the base witness (they carry no text).
    """
    from ..analysis.apparatus import Stretch

    base = apparatus.base_witness
    last = len(base.tokens) - 1
    edref = _a("#" + ids[apparatus.base])
    paras: list[list[str]] = [[]]
    current: int | None = None
    state: dict[str, str | None] = {"pb": None, "lb": None}

    def place(token: Token | None) -> None:
        nonlocal current
        if token is None:
            return
        p = token.paragraph
        if p is not None and current is not None and p != current and paras[-1]:
            paras.append([])
        if p is not None:
            current = p
        for tag, value in (("pb", token.page), ("lb", token.line)):
            if value is not None and value != state[tag]:
                paras[-1].append(f"<{tag} n={_a(value)} edRef={edref}/>")
                state[tag] = value

    for seg in apparatus.runs():
        if isinstance(seg, Stretch):
            pieces = _stretch_pieces(seg, base.tokens, last)
            for piece, token in pieces:
                place(token)
                paras[-1].append(_x(piece))
        else:
            loc = seg.location
            place(base.tokens[loc.start] if loc.end > loc.start else None)
            paras[-1].append(_app(seg, ids, app_prefix, positive, bib))
    return ["".join(p) for p in paras if p]


def _stretch_pieces(
    seg: Stretch, tokens: Sequence[Token], last: int
) -> list[tuple[str, Token | None]]:
    """The stretch's text token by token (for paragraphs and milestones), if it is the base's."""
    toks = tokens[seg.start : seg.end]
    pieces: list[tuple[str, Token | None]] = [
        (t.text + (" " if t.ws and t.index != last else ""), t) for t in toks
    ]
    if "".join(p for p, _ in pieces) != seg.text:  # not the base's tokens: keep it whole
        return [(seg.text, None)]
    return pieces


def _reading_xml(
    r: Reading,
    unit: VariationUnit,
    ids: dict[str, str],
    positive: bool,
    tag: str,
    bib: dict[tuple[str, str], str],
) -> str:
    attrs: list[str] = []
    if r.witnesses and (positive or tag == "rdg"):
        attrs.append("wit=" + _a(" ".join("#" + ids[s] for s in r.witnesses)))
    if tag == "rdg":
        attrs.append("type=" + _a(r.type.value))
        if r.type.value == "transposition":
            attrs.append('cause="transposition"')
    flags = sorted(f.value for f in r.flags if f.value != r.type.value)
    if flags:
        attrs.append("ana=" + _a(" ".join("#vt-" + f for f in flags)))
    if r.sources:
        refs = dict.fromkeys("#" + bib[(c.ref, c.text)] for c in r.sources)
        attrs.append("source=" + _a(" ".join(refs)))
    if r.cert in _CERTAINTY:
        attrs.append("cert=" + _a(r.cert or ""))
    body = _x(r.text + r.ws)
    if not r.attested and body:
        body = f'<supplied reason="unattested">{body}</supplied>'
    if r.lacuna:
        body = "<lacunaStart/><lacunaEnd/>" + body
    open_tag = f"<{tag}" + ("".join(" " + a for a in attrs))
    return f"{open_tag}>{body}</{tag}>" if body else f"{open_tag}/>"


def _app(
    unit: VariationUnit,
    ids: dict[str, str],
    app_prefix: str,
    positive: bool,
    bib: dict[tuple[str, str], str],
) -> str:
    attrs = [
        f"xml:id={_a(app_prefix + unit.id)}",
        f"n={_a(unit.id)}",
        f"type={_a(unit.type.value)}",
    ]
    if unit.location.label:
        attrs.append(f"loc={_a(unit.location.label)}")
    out = ["<app " + " ".join(attrs) + ">"]
    sizes: dict[int, int] = {}
    for r in unit.readings:
        sizes[r.group] = sizes.get(r.group, 0) + 1
    done: set[int] = set()
    for r in unit.readings:
        if r.group in done:
            continue
        if sizes[r.group] > 1:
            members = [x for x in unit.readings if x.group == r.group]
            inner = "".join(
                _reading_xml(x, unit, ids, positive, "lem" if x.lemma else "rdg", bib)
                for x in members
            )
            out.append(f'<rdgGrp type="orthographic">{inner}</rdgGrp>')
            done.add(r.group)
        else:
            out.append(_reading_xml(r, unit, ids, positive, "lem" if r.lemma else "rdg", bib))
    out.append("</app>")
    return "".join(out)


def _transposes(apparatus: Apparatus, app_prefix: str) -> list[str]:
    from ..analysis.apparatus import VariationUnit

    by_id: dict[int, list[str]] = {}
    selected = {u.id for u in apparatus.units}
    for seg in apparatus.segments:
        if isinstance(seg, VariationUnit) and seg.transposition is not None and seg.id in selected:
            by_id.setdefault(seg.transposition, []).append(seg.id)
    out: list[str] = []
    for tid in sorted(by_id):
        units = by_id[tid]
        if len(units) < 2:
            continue
        ptrs = "".join(f'<ptr target="#{app_prefix}{u}"/>' for u in units)
        out.append(f'        <transpose n="{tid}">{ptrs}</transpose>')
    return out


# --- reading back ------------------------------------------------------------------------------

_BLOCKS = {"p", "ab", "head", "l"}
_SKIP = {"note", "witDetail", "wit", "listTranspose", "teiHeader"}


def read_parallel_segmentation(xml: str | bytes) -> dict[str, str]:
    """Each witness's text from a parallel-segmentation TEI document.

    Independent of the analysis stage: it reads only the TEI.  Sigla are the ``witness``
    elements' ``@n`` (else their ``@xml:id``), in ``listWit`` order.  Text in ``p``, ``ab``,
    ``head`` and ``l`` counts (the whitespace between block elements does not); in an
    ``app``, each witness takes the ``lem``/``rdg`` whose ``@wit`` lists it, or the ``lem``
    without ``@wit`` if no reading lists it; ``note`` and ``witDetail`` are not text.

    Raises
    ------
    TEIParseError
        If the document is not well-formed XML.
    """
    data = xml.encode("utf-8") if isinstance(xml, str) else xml
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise TEIParseError(f"not well-formed XML: {exc}", line=exc.lineno) from exc
    id_to_siglum: dict[str, str] = {}
    for w in root.iter(_T + "witness"):
        xml_id = w.get("{http://www.w3.org/XML/1998/namespace}id")
        if xml_id is None:
            continue
        id_to_siglum[xml_id] = w.get("n") or xml_id
    texts: dict[str, list[str]] = {s: [] for s in id_to_siglum.values()}
    body = root.find(f"{_T}text")
    if body is not None:
        _walk_block(body, texts, id_to_siglum)
    return {s: "".join(parts) for s, parts in texts.items()}


def _local(el: etree._Element) -> str:
    tag = el.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def _walk_block(el: etree._Element, texts: dict[str, list[str]], ids: dict[str, str]) -> None:
    for child in el:
        name = _local(child)
        if not name or name in _SKIP:
            continue
        if name in _BLOCKS:
            _walk_inline(child, texts, ids, set(texts))
        else:
            _walk_block(child, texts, ids)


def _add(texts: dict[str, list[str]], active: Iterable[str], text: str | None) -> None:
    if text:
        for s in active:
            texts[s].append(text)


def _wits(el: etree._Element, ids: dict[str, str]) -> set[str] | None:
    wit = el.get("wit")
    if wit is None:
        return None
    return {ids.get(p.lstrip("#"), p.lstrip("#")) for p in wit.split()}


def _walk_inline(
    el: etree._Element, texts: dict[str, list[str]], ids: dict[str, str], active: set[str]
) -> None:
    _add(texts, active, el.text)
    for child in el:
        name = _local(child)
        if name == "app":
            _walk_app(child, texts, ids, active)
        elif name and name not in _SKIP:
            _walk_inline(child, texts, ids, active)
        _add(texts, active, child.tail)


def _walk_app(
    app: etree._Element, texts: dict[str, list[str]], ids: dict[str, str], active: set[str]
) -> None:
    readings: list[etree._Element] = []
    for child in app:
        name = _local(child)
        if name in ("lem", "rdg"):
            readings.append(child)
        elif name == "rdgGrp":
            readings.extend(c for c in child if _local(c) in ("lem", "rdg"))
    listed: set[str] = set()
    for r in readings:
        w = _wits(r, ids)
        if w:
            listed |= w
    for r in readings:
        w = _wits(r, ids)
        if w is None:
            if _local(r) != "lem":
                continue
            w = active - listed
        _walk_inline(r, texts, ids, active & w)
