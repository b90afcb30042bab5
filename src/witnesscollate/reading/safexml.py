"""Safe XML parsing for witnesses that come from anywhere.

TEI files are often downloaded, mailed or copied from other projects, so the reader treats
them as untrusted: no entity expansion, no DTD loading, no network, no huge-tree mode, a size
limit and a nesting limit.  A DOCTYPE with an internal subset (entity declarations: the
"billion laughs", quadratic blow-up and XXE attacks) or with an external identifier (an
external DTD, which could leak a request) is refused outright with a
:class:`~witnesscollate.errors.TEIParseError`, before anything is expanded; a bare
``<!DOCTYPE TEI>`` is accepted.

libxml2 refuses nesting deeper than 256 elements unless huge-tree mode is on, which this
module never turns on; :attr:`ParseLimits.max_depth` can lower that limit, not raise it.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import IO, Any, Union

from lxml import etree

from .._io import open_input
from ..errors import InputError, TEIError, TEIParseError, printable

__all__ = ["LIBXML2_MAX_DEPTH", "ParseLimits", "XMLSource", "parse_xml", "source_name"]

XMLSource = Union[str, "os.PathLike[str]", bytes, bytearray, IO[bytes], IO[str]]
"""A path, the document's bytes, a binary or text file object, or a str of XML text.

A ``str`` that starts with ``<`` (after whitespace) is XML text; any other ``str`` is a path.
"""

LIBXML2_MAX_DEPTH = 256
"""libxml2's own nesting limit when huge-tree mode is off (it is always off here)."""

_XML_NS = "http://www.w3.org/XML/1998/namespace"
_XML_ID = f"{{{_XML_NS}}}id"
# An internal subset starts with "[" inside the DOCTYPE; checked on the raw bytes first so that
# a hostile subset is refused before libxml2 reads a single declaration.
# The scan runs on the first 64 KB with NUL bytes removed, so that UTF-16 and UTF-32 markup is
# seen as well.  An external identifier (SYSTEM / PUBLIC) is refused as well: libxml2 opens an
# external subset even with DTD loading off (observed with libxml2 2.14), and the resolver
# below refuses any such request as a second line of defence.
_DOCTYPE_SUBSET = re.compile(rb"<!DOCTYPE[^>\[]*\[", re.IGNORECASE)
_DOCTYPE_EXTERNAL = re.compile(rb"<!DOCTYPE\s+[^\s>\[]+\s+(SYSTEM|PUBLIC)\b", re.IGNORECASE)
_ENCODING_DECL = re.compile(r"^(\s*<\?xml[^>]*?encoding\s*=\s*)([\"'])[^\"']*\2")
# Comments, CDATA sections and processing instructions may mention "<!DOCTYPE x [" or
# "<!ENTITY" as text; they are blanked out (leftmost first, as a parser reads them; newlines
# kept, so line numbers stay right) before the scan, so that only real markup is refused.  An
# unclosed one stays and is scanned.
_NOT_MARKUP = re.compile(rb"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>", re.DOTALL)
_UTF8_BOM = b"\xef\xbb\xbf"
_DECLARED_ENCODING = re.compile(rb"^\s*<\?xml[^>]*?encoding\s*=\s*[\"']([^\"']*)[\"']")


@dataclass(frozen=True, slots=True)
class ParseLimits:
    """Limits on what the parser accepts.

    Parameters
    ----------
    max_bytes:
        Largest document accepted, in bytes (default 50 MB: a whole book is about 2 MB).
    max_depth:
        Deepest element nesting accepted; at most :data:`LIBXML2_MAX_DEPTH` (256).
    """

    max_bytes: int = 50 * 1024 * 1024
    max_depth: int = LIBXML2_MAX_DEPTH

    def __post_init__(self) -> None:
        if self.max_bytes < 1:
            raise InputError(f"max_bytes must be positive, got {self.max_bytes}")
        if not 1 <= self.max_depth <= LIBXML2_MAX_DEPTH:
            raise InputError(
                f"max_depth must be between 1 and {LIBXML2_MAX_DEPTH}, got {self.max_depth}",
                hint="libxml2 refuses deeper nesting without huge-tree mode, which stays off",
            )


def _line(node: object) -> int | None:
    line = getattr(node, "sourceline", None)  # lxml-stubs mistype sourceline
    return line if isinstance(line, int) else None


class _ExternalRefused(Exception):
    """Raised by :class:`_RefuseExternal` when libxml2 asks for an external resource."""


class _RefuseExternal(etree.Resolver):
    """Refuses every external entity, DTD or XInclude request (nothing is ever fetched)."""

    def resolve(self, system_url: str, public_id: str, context: object = None) -> None:
        raise _ExternalRefused(system_url or public_id)


def _parser() -> etree.XMLParser:
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        attribute_defaults=False,
        huge_tree=False,
        remove_pis=False,
        remove_comments=False,
        collect_ids=False,  # duplicates are reported by check_unique_ids, with both lines
        recover=False,
    )
    parser.resolvers.add(_RefuseExternal())
    return parser


def source_name(source: object, filename: str | None = None) -> str:
    """The name error messages use for ``source``: ``filename``, the path, or a placeholder."""
    if filename:
        return printable(filename)
    if isinstance(source, os.PathLike) or (
        isinstance(source, str) and not source.lstrip().startswith("<")
    ):
        # a file name that is not UTF-8 shows its odd bytes as \xff (and can be printed)
        return printable(os.fspath(source))
    name = getattr(source, "name", None)
    if isinstance(name, str):
        return printable(name)
    return "<bytes>" if isinstance(source, (bytes, bytearray)) else "<string>"


def _str_to_bytes(text: str, name: str) -> bytes:
    # lxml refuses str with an encoding declaration; the text is already decoded, so say UTF-8.
    text = _ENCODING_DECL.sub(r"\1\2UTF-8\2", text, count=1)
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError as exc:  # a lone surrogate: no XML document can hold it
        raise TEIParseError(
            f"the text holds a lone surrogate (U+{ord(text[exc.start]):04X}), "
            "which XML cannot carry",
            source=name,
            line=text.count("\n", 0, exc.start) + 1,
            hint="the str was probably decoded with errors='surrogateescape'; pass the bytes",
        ) from None


def _read(source: XMLSource, name: str, limits: ParseLimits) -> bytes:
    """The document's bytes, refusing anything over the size limit before reading it all."""
    too_big = InputError(
        f"the document is larger than the limit of {limits.max_bytes:,} bytes",
        source=name,
        hint="raise ParseLimits(max_bytes=...) if the file is trusted",
    )
    if isinstance(source, (bytes, bytearray)):
        data = bytes(source)
    elif isinstance(source, str) and source.lstrip().startswith("<"):
        data = _str_to_bytes(source, name)
    elif isinstance(source, (str, os.PathLike)):
        # a regular file only: a FIFO would block for ever, /dev/zero never end
        with open_input(source, name) as fh:
            if os.fstat(fh.fileno()).st_size > limits.max_bytes:
                raise too_big
            try:
                data = fh.read(limits.max_bytes + 1)
            except OSError as exc:
                raise InputError(f"cannot read the file: {exc.strerror}", source=name) from exc
    elif hasattr(source, "read"):
        chunk = source.read(limits.max_bytes + 1)
        if isinstance(chunk, str):
            data = _str_to_bytes(chunk, name)
        elif isinstance(chunk, (bytes, bytearray)):
            data = bytes(chunk)
        else:
            raise InputError(f"the file object returned {type(chunk).__name__}", source=name)
    else:
        raise InputError(
            f"cannot read XML from a {type(source).__name__}",
            hint="pass a path, bytes, or a file object opened in binary mode",
        )
    if len(data) > limits.max_bytes:
        raise too_big
    return data


def _blank(match: re.Match[bytes]) -> bytes:
    return re.sub(rb"[^\n]", b" ", match.group())


def _refuse_bom_mismatch(data: bytes, name: str) -> None:
    """A UTF-8 byte order mark with a declaration of another encoding: which one is true?

    libxml2 believes the mark and reads the file as UTF-8; the declaration says otherwise,
    so the file was converted without its declaration (or the reverse): refused.
    """
    if not data.startswith(_UTF8_BOM):
        return
    declared = _DECLARED_ENCODING.match(data[len(_UTF8_BOM) : len(_UTF8_BOM) + 1024])
    if declared is None:
        return
    encoding = declared.group(1).decode("ascii", "replace")
    if encoding.replace("-", "").replace("_", "").lower() != "utf8":
        raise TEIParseError(
            f"the file starts with a UTF-8 byte order mark but declares encoding={encoding!r}",
            source=name,
            line=1,
            hint='save the file as UTF-8 with encoding="UTF-8" declared, or drop the byte order mark',
        )


def _refuse_doctype(tree: etree._ElementTree, name: str) -> None:
    info = tree.docinfo
    dtd = info.internalDTD
    if dtd is None:
        return
    external = getattr(info, "system_url", None) or info.public_id
    if external:
        raise TEIParseError(
            f"the document refers to an external DTD ({external})",
            source=name,
            line=1,
            hint="TEI P5 needs no DTD; delete the DOCTYPE line (external DTDs are never loaded)",
        )
    declarations: Any = dtd  # lxml-stubs lack DTD.iterentities / iterelements
    if list(declarations.iterentities()) or list(declarations.iterelements()):
        raise _subset_error(name)


def _external_error(name: str, what: str, head: bytes, at: int) -> TEIParseError:
    return TEIParseError(
        f"the document refers to an external DTD or entity ({what}), which is never loaded",
        source=name,
        line=head[:at].count(b"\n") + 1,
        hint="TEI P5 needs no DTD: delete the DOCTYPE line",
    )


def _subset_error(name: str, line: int | None = 1) -> TEIParseError:
    return TEIParseError(
        "the document has a DOCTYPE with an internal subset (entity or element declarations)",
        source=name,
        line=line,
        hint="entity declarations are refused for safety; replace entities with the characters",
    )


def _max_depth(root: etree._Element, limit: int, name: str) -> None:
    depth = 0
    for event, el in etree.iterwalk(root, events=("start", "end")):
        if event == "start":
            depth += 1
            if depth > limit:
                raise TEIParseError(
                    f"elements are nested deeper than the limit of {limit}",
                    source=name,
                    line=_line(el),
                    hint="raise ParseLimits(max_depth=...) up to 256 if the file is trusted",
                )
        else:
            depth -= 1


_WITH_ID = etree.XPath("descendant-or-self::*[@xml:id]")


def check_unique_ids(root: etree._Element, name: str) -> None:
    """Refuse a document in which two elements share an ``xml:id`` (TEI requires uniqueness)."""
    seen: dict[str, int | None] = {}
    found = _WITH_ID(root)  # in document order, found in C (most elements have none)
    assert isinstance(found, list)
    for el in found:
        assert isinstance(el, etree._Element)
        xml_id = el.get(_XML_ID)
        assert xml_id is not None
        if xml_id in seen:
            raise TEIError(
                f"duplicate xml:id {xml_id!r} (first used on line {seen[xml_id]})",
                source=name,
                line=_line(el),
                hint="every xml:id must be unique in the document",
            )
        seen[xml_id] = _line(el)


def _syntax_error(exc: etree.XMLSyntaxError, name: str, head: bytes) -> TEIParseError:
    # one line: libxml2 ends some messages with a newline ("Char 0x0 out of allowed range\n")
    msg = " ".join(str(exc.msg or exc).split(", line ")[0].split())
    line = exc.lineno if exc.lineno else None
    low = msg.lower()
    if "depth" in low:
        return TEIParseError(
            f"elements are nested deeper than {LIBXML2_MAX_DEPTH} ({msg})",
            source=name,
            line=line,
            hint="deep nesting is refused for safety (huge-tree mode stays off)",
        )
    hint = "the file is not well-formed XML; fix the markup at that line"
    if "tag mismatch" not in low and ("encoding" in low or "utf-8" in low or "bytes" in low):
        hint = "save the file as UTF-8, or declare its real encoding in <?xml encoding=...?>"
    elif "entity" in low:
        hint = "entities other than &amp; &lt; &gt; &quot; &apos; are refused; use the characters"
    elif "document is empty" in low or "start tag expected" in low:
        hint = "the input is empty or not XML"
    elif line == 1 and re.match(rb"\s*<\?xml[^>]*encoding", head):
        hint = "check the encoding the XML declaration names against the file's real encoding"
    return TEIParseError(f"not well-formed XML: {msg}", source=name, line=line, hint=hint)


def parse_xml(
    source: XMLSource,
    *,
    filename: str | None = None,
    limits: ParseLimits | None = None,
) -> tuple[etree._ElementTree, str]:
    """Parse an untrusted XML document safely.

    Parameters
    ----------
    source:
        A path (``str`` or path-like), the document's bytes, a binary or text file object,
        or a ``str`` of XML text (one that starts with ``<``).
    filename:
        The name to use in error messages (default: the path or the file object's name).
    limits:
        Size and depth limits (default :class:`ParseLimits()`).

    Returns
    -------
    The parsed tree and the name used for the source in messages.

    Raises
    ------
    InputError
        Missing or unreadable file, wrong type of source, a document over the size limit.
    TEIParseError
        Not well-formed XML (with line), wrong encoding, a DOCTYPE with declarations or an
        external DTD, nesting over the depth limit.
    TEIError
        A duplicate ``xml:id``.
    """
    limits = limits or ParseLimits()
    name = source_name(source, filename)
    data = _read(source, name, limits)
    _refuse_bom_mismatch(data, name)
    raw_head = data[: 64 * 1024].replace(b"\x00", b"")
    head = _NOT_MARKUP.sub(_blank, raw_head)
    external = _DOCTYPE_EXTERNAL.search(head)
    if external:
        raise _external_error(name, external.group(1).decode("ascii"), head, external.start())
    found = _DOCTYPE_SUBSET.search(head)
    at = found.start() if found else head.find(b"<!ENTITY")
    if at >= 0:
        raise _subset_error(name, line=head[:at].count(b"\n") + 1)
    try:
        root = etree.fromstring(data, _parser())
    except _ExternalRefused as exc:
        raise _external_error(name, str(exc), b"", 0) from exc
    except etree.XMLSyntaxError as exc:
        raise _syntax_error(exc, name, raw_head) from exc
    tree = root.getroottree()
    _refuse_doctype(tree, name)
    if limits.max_depth < LIBXML2_MAX_DEPTH:
        _max_depth(root, limits.max_depth, name)
    check_unique_ids(root, name)
    return tree, name
