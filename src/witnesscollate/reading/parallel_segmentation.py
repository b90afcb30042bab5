"""Reading a TEI apparatus in parallel segmentation back into each witness's text.

Independent of the analysis stage: it reads only the TEI, as another tool would.  It gives
each witness's text as the apparatus compares it (tokens' characters exactly, every run of
whitespace between tokens as one space), which is how the tests prove that the TEI output
loses nothing.
"""

from __future__ import annotations

import os
from collections.abc import Iterable

from lxml import etree

from .._io import open_input
from ..errors import TEIParseError
from .teiheader import TEI_NS

__all__ = ["read_parallel_segmentation"]

_T = "{" + TEI_NS + "}"

_BLOCKS = {"p", "ab", "head", "l", "closer", "opener", "dateline", "signed", "salute"}
_SKIP = {"note", "witDetail", "wit", "listTranspose", "teiHeader"}


def read_parallel_segmentation(xml: str | bytes | os.PathLike[str]) -> dict[str, str]:
    """Each witness's text from a parallel-segmentation TEI document: its text or bytes, or
    the path of its file (a path object, or a string that is not markup).

    Independent of the analysis stage: it reads only the TEI.  Sigla are the ``witness``
    elements' ``@n`` (else their ``@xml:id``), in ``listWit`` order.  Text in ``p``, ``ab``,
    ``head`` and ``l`` counts (the whitespace between block elements does not); in an
    ``app``, each witness takes the ``lem``/``rdg`` whose ``@wit`` lists it, or the ``lem``
    without ``@wit`` if no reading lists it; ``note`` and ``witDetail`` are not text.

    Raises
    ------
    TEIParseError
        If the document is not well-formed XML.
    InputError
        If a path names no readable file.
    """
    source = None
    if isinstance(xml, os.PathLike) or (
        isinstance(xml, str) and not xml.lstrip("\ufeff \t\r\n").startswith("<")
    ):
        source = os.fspath(xml)  # (a path given where the text was expected: read the file)
        with open_input(source) as f:
            xml = f.read()
    data = xml.encode("utf-8") if isinstance(xml, str) else xml
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise TEIParseError(f"not well-formed XML: {exc}", source=source, line=exc.lineno) from exc
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
