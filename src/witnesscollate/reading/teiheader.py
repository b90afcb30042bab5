"""What the teiHeader says about a witness: title, date, edition, source, hands, language.

It also lists the works and witnesses the header defines with an ``xml:id`` (``listBibl``,
``listWit``), so that the ``@source`` pointers of the text can be resolved to citations.

The header describes two things, and the reader keeps them apart: ``fileDesc/titleStmt`` and
``editionStmt`` describe the electronic file, ``sourceDesc`` the witness itself (a printed
edition in ``bibl``/``biblStruct``, a manuscript or typescript in ``msDesc``).  Where both
give an edition or a date, the witness's own (``sourceDesc``, ``profileDesc/creation``) wins.
A printed witness's date is its imprint's (``profileDesc/creation`` dates the work it prints);
a manuscript's is its creation.
"""

from __future__ import annotations

import os

from lxml import etree

from ..model import Hand, WitnessMetadata

__all__ = [
    "TEI_NS",
    "XML_ID",
    "XML_LANG",
    "document_siglum",
    "flat_text",
    "read_metadata",
    "source_line",
]

TEI_NS = "http://www.tei-c.org/ns/1.0"
_XML_NS = "http://www.w3.org/XML/1998/namespace"
XML_ID = f"{{{_XML_NS}}}id"
XML_LANG = f"{{{_XML_NS}}}lang"
_NS = {"t": TEI_NS}
# Elements whose text is never part of a one-line description.
_SKIP = {f"{{{TEI_NS}}}{n}" for n in ("note", "fw", "figDesc", "interp", "interpGrp")}


def source_line(node: object) -> int | None:
    """The line of an lxml node in its file, or None (lxml-stubs mistype ``sourceline``)."""
    line = getattr(node, "sourceline", None)
    return line if isinstance(line, int) else None


def flat_text(el: etree._Element, sep: str = "") -> str:
    """The element's text with layout whitespace collapsed, skipping notes and comments.

    With ``sep``, the parts of a structured record (``msIdentifier``, ``biblStruct``), whose
    child elements carry no punctuation of their own, are joined by ``sep``: each leaf
    element's text is one part.
    """
    if sep:
        kids = [c for c in el if isinstance(c.tag, str) and c.tag not in _SKIP]
        if kids:
            parts = [flat_text(c, sep) for c in kids]
            return sep.join(p for p in parts if p)
    pieces: list[str] = []

    def visit(node: etree._Element) -> None:
        if node.text:
            pieces.append(node.text)
        kids = list(node)
        for i, child in enumerate(kids):
            if isinstance(child.tag, str) and child.tag not in _SKIP:
                visit(child)
            if child.tail:
                pieces.append(child.tail)
            elif i + 1 < len(kids) and isinstance(child.tag, str):
                pieces.append(" ")  # <resp>..</resp><name>..</name>: two fields, not one word

    visit(el)
    return " ".join("".join(pieces).split())


def _first(root: etree._Element, *paths: str) -> etree._Element | None:
    for path in paths:
        found = root.xpath(path, namespaces=_NS)
        if isinstance(found, list):
            for el in found:
                if isinstance(el, etree._Element) and flat_text(el):
                    return el
                if isinstance(el, etree._Element) and _date_attr(el):
                    return el
    return None


def _date_attr(el: etree._Element) -> str | None:
    for attr in ("when", "notBefore", "from", "notAfter", "to"):
        value = el.get(attr)
        if value:
            return value
    return None


def _description(root: etree._Element) -> etree._Element | None:
    """The witness's own description: the first ``msDesc``/``bibl``/``biblStruct``/``p``.

    Later entries of ``sourceDesc`` (a ``listBibl`` of works cited, a ``listWit``) describe
    other things and are not read for the witness's edition, date or source.
    """
    return _first(
        root,
        "t:teiHeader/t:fileDesc/t:sourceDesc/*[self::t:msDesc or self::t:bibl or "
        "self::t:biblStruct or self::t:biblFull or self::t:p or self::t:recordingStmt]",
    )


def _date(root: etree._Element, desc: etree._Element | None) -> str | None:
    # A printed source's date is its imprint's: profileDesc/creation dates the work it prints
    # (the PSS of 1970 prints a journal of 1922), which is a manuscript's own date.
    if desc is not None and etree.QName(desc).localname in {"bibl", "biblStruct", "biblFull"}:
        printed = _first(desc, ".//t:imprint/t:date", "t:date")
        if printed is not None:
            return _date_attr(printed) or flat_text(printed) or None
    el = _first(root, "t:teiHeader/t:profileDesc/t:creation//t:date")
    if el is None and desc is not None:
        el = _first(
            desc,
            ".//t:origDate",
            ".//t:imprint/t:date",
            "t:date",
            ".//t:date[not(ancestor::t:note)]",
        )
    if el is None:
        return None
    return _date_attr(el) or flat_text(el) or None


def _text_of(root: etree._Element, *paths: str, sep: str = "") -> str | None:
    el = _first(root, *paths)
    return (flat_text(el, sep) or None) if el is not None else None


def _source(desc: etree._Element | None) -> str | None:
    if desc is None:
        return None
    name = etree.QName(desc).localname
    if name == "msDesc":
        return _text_of(desc, "t:msIdentifier", sep=", ") or flat_text(desc) or None
    if name == "biblStruct":
        return flat_text(desc, sep=", ") or None
    return flat_text(desc) or None


def _hands(root: etree._Element) -> tuple[Hand, ...]:
    hands: list[Hand] = []
    seen: set[str] = set()
    for el in root.iterfind(".//t:teiHeader//t:handNote", namespaces=_NS):
        xml_id = el.get(XML_ID)
        if not xml_id or xml_id in seen:
            continue
        seen.add(xml_id)
        scribe = el.get("scribe") or el.get("scribeRef")
        hands.append(Hand(xml_id=xml_id, scribe=scribe, description=flat_text(el)))
    return tuple(hands)


# Header entries that a pointer (``@source``) can cite: works and witnesses.
_CITABLE = (
    "t:teiHeader//*[@xml:id][self::t:bibl or self::t:biblStruct or self::t:biblFull or "
    "self::t:msDesc or self::t:witness]"
)


# Labels of ``citedRange/@unit`` values (singular, plural) for a bare number or range.
_UNITS = {
    "page": ("p.", "pp."),
    "line": ("l.", "ll."),
    "note": ("n.", "nn."),
    "volume": ("vol.", "vols."),
    "column": ("col.", "cols."),
    "chapter": ("ch.", "chs."),
    "section": ("§", "§§"),
}


def _cited_range(el: etree._Element) -> str:
    """``citedRange`` as a reader writes it: its own text, labelled by unit if bare.

    ``<citedRange unit="page">288</citedRange>`` gives ``p. 288``; a text that already
    says what it counts (``seed 001, ll. 1035–1040``) is kept as written.
    """
    text = flat_text(el)
    start, end = el.get("from"), el.get("to")
    if not text and start:
        text = start if not end or end == start else f"{start}–{end}"
    if not text or not text[0].isdigit():
        return text
    plural = any(c in text for c in "–-,") or bool(start and end and start != end)
    unit = el.get("unit") or ""
    label = _UNITS.get(unit, (unit, unit))[plural]
    return f"{label} {text}" if label else text


def _short_citation(work: etree._Element) -> str | None:
    """Author (or editor), short title, volume and year of a work, for citing a part of it.

    The title is the ``title[@type='short']`` if given, else the main title without its
    subtitle (after ``": "``): a page reference repeats the work, not its full description.
    """
    names = [flat_text(a) for a in work.iterfind("t:author", _NS)]
    if not names:
        names = [flat_text(e) for e in work.iterfind("t:editor", _NS)]
    title_el = work.find("t:title[@type='short']", _NS)
    if title_el is None:
        title_el = work.find("t:title", _NS)
    title = flat_text(title_el).split(": ")[0] if title_el is not None else ""
    volume = work.find("t:biblScope[@unit='volume']", _NS)
    date = work.find("t:date", _NS)
    parts = [" and ".join(n for n in names if n), title]
    parts.append(f"vol. {flat_text(volume)}" if volume is not None else "")
    parts.append((_date_attr(date) or flat_text(date)) if date is not None else "")
    short = ", ".join(p for p in parts if p)
    return short or None


def _part_citation(el: etree._Element, entries: dict[str, etree._Element]) -> str | None:
    """The citation of a part of a work: ``<bibl><ptr target="#work"/>, <citedRange/>...``.

    TEI cites a page of a work already in the ``listBibl`` by pointing to it; the reader
    writes the entry as it reads, each ``ptr`` replaced by its work's short citation and each
    ``citedRange`` labelled by its unit, so that ``<ptr target="#sakharov"/>, <citedRange
    unit="page">288</citedRange>, as quoted in <ptr target="#furr"/>, <citedRange
    unit="chapter">ch. 2</citedRange>`` reads ``"V. A. Sakharov, <title>, 2003, p. 288, as
    quoted in G. Furr, <title>, ch. 2"``.  None if ``el`` points to no other entry.
    """
    parts: list[str] = [el.text or ""]
    pointed = False
    joined = True  # no reference yet, or text since the last one: no comma to add
    for child in el:
        piece: str | None = None
        if isinstance(child.tag, str):
            name = etree.QName(child).localname
            if name == "ptr":
                target = (child.get("target") or "").strip()
                work = entries.get(target[1:]) if target.startswith("#") else None
                if work is not None and work is not el:
                    pointed = True
                    piece = _short_citation(work) or _source(work) or target[1:]
            elif name == "citedRange":
                piece = _cited_range(child)
            else:
                parts.append(flat_text(child))
                joined = True
        if piece:
            if not joined:  # two references with only layout between them
                parts = ["".join(parts).rstrip(), ", "]
            parts.append(piece)
            joined = False
        tail = child.tail or ""  # a comment's tail is text of the entry too
        parts.append(tail)
        joined = joined or bool(tail.strip())
    if not pointed:
        return None
    return " ".join("".join(parts).split()).strip(" ,;") or None


def _bibliography(root: etree._Element) -> tuple[tuple[str, str], ...]:
    """``(xml:id, one-line citation)`` for every citable header entry, in document order."""
    out: list[tuple[str, str]] = []
    found = root.xpath(_CITABLE, namespaces=_NS)
    entries: dict[str, etree._Element] = {}
    for el in found if isinstance(found, list) else ():
        if isinstance(el, etree._Element):
            xml_id = (el.get(XML_ID) or "").strip()
            if xml_id and xml_id not in entries:
                entries[xml_id] = el
    for xml_id, el in entries.items():
        text = _part_citation(el, entries) if el.find("t:ptr", _NS) is not None else None
        out.append((xml_id, text or _source(el) or xml_id))
    return tuple(out)


def _declarations(root: etree._Element) -> tuple[tuple[str, str], ...]:
    """The edition's own ``editorialDecl`` statements as ``(element, text)`` pairs.

    ``editorialDecl`` usually describes how the *encoder* prepared the file, which is no signal
    of anything the edition did; a statement counts as the edition's only where it says whose
    it is: ``@resp`` on the statement or on its ``editorialDecl`` (``resp="#editors1970"``).
    """
    out: list[tuple[str, str]] = []
    for decl in root.iterfind("t:teiHeader/t:encodingDesc/t:editorialDecl", _NS):
        whole = bool((decl.get("resp") or "").strip())
        for child in decl:
            if not isinstance(child.tag, str):
                continue
            if not (whole or (child.get("resp") or "").strip()):
                continue
            text = " ".join("".join(str(x) for x in child.itertext()).split())
            if text:
                out.append((etree.QName(child).localname, text))
    return tuple(out)


def _language(root: etree._Element, text: etree._Element | None) -> str | None:
    if text is not None and text.get(XML_LANG):
        return text.get(XML_LANG)
    body = text.find("t:body", namespaces=_NS) if text is not None else None
    if body is not None and body.get(XML_LANG):
        return body.get(XML_LANG)
    for lang in root.iterfind("t:teiHeader/t:profileDesc/t:langUsage/t:language", _NS):
        if lang.get("ident"):
            return lang.get("ident")
    return root.get(XML_LANG)


def read_metadata(
    root: etree._Element, text: etree._Element | None, filename: str | None
) -> WitnessMetadata:
    """The witness metadata from the ``TEI`` element's header."""
    title = _text_of(
        root,
        "t:teiHeader/t:fileDesc/t:titleStmt/t:title[@type='main']",
        "t:teiHeader/t:fileDesc/t:titleStmt/t:title[not(@type)]",
        "t:teiHeader/t:fileDesc/t:titleStmt/t:title",
    )
    desc = _description(root)
    edition = _text_of(desc, ".//t:edition") if desc is not None else None
    repository = None
    if desc is not None:
        repository = _text_of(
            desc, ".//t:msIdentifier/t:repository", ".//t:msIdentifier/t:institution"
        )
    return WitnessMetadata(
        title=title or "",
        date=_date(root, desc),
        edition=edition,
        source=_source(desc),
        repository=repository,
        language=_language(root, text),
        hands=_hands(root),
        file=filename,
        bibliography=_bibliography(root),
        declarations=_declarations(root),
    )


def document_siglum(
    root: etree._Element, text: etree._Element | None, filename: str | None
) -> str | None:
    """The document's own siglum: ``@xml:id`` of ``TEI`` or ``text``, else ``@n``, else the file stem."""
    for value in (
        root.get(XML_ID),
        text.get(XML_ID) if text is not None else None,
        root.get("n"),
        text.get("n") if text is not None else None,
    ):
        if value and value.strip():
            return value.strip()
    if filename and not filename.startswith("<"):
        stem = os.path.splitext(os.path.basename(filename))[0]
        return stem or None
    return None
