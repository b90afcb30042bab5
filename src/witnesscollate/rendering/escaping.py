"""Escaping witness text for each output: the one home of every escaper.

Every fragment of witness text, siglum or note passes through one of these before it meets
markup: HTML (:func:`html`), LaTeX (:func:`latex`), Markdown (:func:`markdown`), spreadsheet
cells (:func:`csv_cell`), Graphviz DOT strings (:func:`dot_string`) and the markup the TEI
writer writes as text (:func:`xml_text`, :func:`xml_attribute`: what lxml writes).  The JSON
writer and the TEI header are written by :mod:`json`/orjson and lxml, which escape for
themselves.
"""

from __future__ import annotations

import html as _html
import re
import unicodedata

__all__ = [
    "FORMULA_START",
    "autoescaped",
    "csv_cell",
    "csv_value",
    "dot_string",
    "html",
    "latex",
    "markdown",
    "xml_attribute",
    "xml_safe",
    "xml_text",
]

# --- HTML ------------------------------------------------------------------------------------


def html(text: str) -> str:
    """``text`` for HTML content or a quoted attribute value."""
    return _html.escape(text, quote=True)


def autoescaped(text: str) -> str:
    """What Jinja's autoescape makes of a string (MarkupSafe's five entities), as plain
    ``str``: for markup written in Python beside the templates' own, byte for byte."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    if '"' in text:
        text = text.replace('"', "&#34;")
    if "'" in text:
        text = text.replace("'", "&#39;")
    return text


# --- XML -------------------------------------------------------------------------------------

# Characters XML 1.0 cannot hold at all (not even as references).
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def xml_safe(text: str) -> str:
    """``text`` with the characters XML 1.0 forbids replaced by U+FFFD (shown, not lost silently).

    The readers refuse such characters in witness text; this guards metadata and notes.
    """
    return text if text.isprintable() else _XML_ILLEGAL.sub("\ufffd", text)


def xml_text(text: str) -> str:
    """``text`` as lxml writes it in element content: :func:`xml_safe`, then ``&``, ``<``,
    ``>`` and carriage returns escaped (the TEI writer writes its body as text)."""
    # A printable string has no character XML forbids and no carriage return: one C pass
    # instead of a regular expression's (several times slower per character).
    printable = text.isprintable()
    if not printable:
        text = _XML_ILLEGAL.sub("\ufffd", text)
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    if not printable and "\r" in text:
        text = text.replace("\r", "&#13;")
    return text


_ATTRIBUTE_SPECIAL = re.compile('[&<>"\t\n\r]')
_ATTRIBUTE_ESCAPES = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\t": "&#9;", "\n": "&#10;"}
    | {"\r": "&#13;"}
)


def xml_attribute(value: str) -> str:
    """``value`` as lxml writes it in a double-quoted attribute; a character XML 1.0 cannot
    hold is a ``ValueError``, as lxml makes it."""
    if _XML_ILLEGAL.search(value):
        raise ValueError(
            "All strings must be XML compatible: Unicode or ASCII, no NULL bytes or control "
            "characters"
        )
    return value.translate(_ATTRIBUTE_ESCAPES) if _ATTRIBUTE_SPECIAL.search(value) else value


# --- LaTeX -----------------------------------------------------------------------------------

_LATEX_SPECIALS = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "$": r"\$",
    "&": r"\&",
    "#": r"\#",
    "^": r"\textasciicircum{}",
    "_": r"\_",
    "%": r"\%",
    "~": r"\textasciitilde{}",
}
_LATEX_SPECIAL_RE = re.compile(r"[\\{}$&#^_%~]")
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_SPACE_RE = re.compile(r"\s+")
_LIGATURES = ("--", "''", "``", "!`", "?`", "<<", ">>", ",,")
_LIGATURE_SPLITS = tuple((pair, pair[0] + "{}" + pair[1]) for pair in _LIGATURES)


def latex(text: str) -> str:
    """``text`` with every LaTeX special character escaped, ready to typeset literally.

    Backslash, braces, ``$ & # ^ _ % ~`` become their literal forms; ``--``, ``''``, ``<<``...
    are kept from turning into ligatures; control characters are dropped and runs of
    whitespace (including newlines, which could end a paragraph) become one space.
    """
    # A book's text passes through here: each step is skipped where a test in one C pass
    # (ASCII, printable, a substring) shows it has nothing to do, since a regular expression
    # costs several times more per character.  The result is the same.
    if not text.isascii():  # (ASCII is NFC)
        text = unicodedata.normalize("NFC", text)
    if not text.isprintable():  # control characters or white space other than " "
        text = _SPACE_RE.sub(" ", _CONTROL_RE.sub("", text))
    elif "  " in text:
        text = _SPACE_RE.sub(" ", text)
    if (
        "\\" in text
        or "{" in text
        or "}" in text
        or "$" in text
        or "&" in text
        or "#" in text
        or "^" in text
        or "_" in text
        or "%" in text
        or "~" in text
    ):
        text = _LATEX_SPECIAL_RE.sub(_latex_special, text)
    for pair, split in _LIGATURE_SPLITS:
        if pair in text:
            text = text.replace(pair, split).replace(pair, split)
    return text


def _latex_special(m: re.Match[str]) -> str:
    return _LATEX_SPECIALS[m.group()]


# --- Markdown --------------------------------------------------------------------------------

_MARKDOWN_CHARS = "\\`*_[]<>|#"
_MARKDOWN_SPECIAL = re.compile(f"[{re.escape(_MARKDOWN_CHARS)}]")
#: Each special character and its escape, the backslash first (the others' escapes add one).
_MARKDOWN_ESCAPES = tuple((c, "\\" + c) for c in _MARKDOWN_CHARS)


def markdown(text: str) -> str:
    """``text`` with Markdown's special characters backslash-escaped (and no line breaks)."""
    # Most witness text has nothing to escape: a search (in C) first.  Then one replace per
    # character present, the backslash first: a report's every context has its brackets to
    # escape, and sub() with a template (parsed in Python at each call) or translate() with
    # a table (a dictionary look-up a character) took two to ten times as long (a context
    # of 30 to 400 characters).
    if "\r" in text or "\n" in text:
        text = text.replace("\r", " ").replace("\n", " ")
    if _MARKDOWN_SPECIAL.search(text) is None:
        return text
    for char, escaped in _MARKDOWN_ESCAPES:
        if char in text:
            text = text.replace(char, escaped)
    return text


# --- spreadsheets ----------------------------------------------------------------------------

#: What a cell that gets a leading apostrophe begins with (:func:`csv_cell`): what a
#: spreadsheet runs as a formula, and an apostrophe itself, so that one apostrophe stripped
#: always gives the value back («'-» and a guarded «-» stay apart).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "'")


def csv_cell(text: str) -> str:
    """A cell a spreadsheet will show as text, never run as a formula (OWASP's rule).

    A value that begins with ``=``, ``+``, ``-``, ``@``, tab or carriage return gets a leading
    apostrophe, which spreadsheets hide; the CSV stays readable by any CSV parser, and a reader
    who wants the raw value strips one leading ``'`` (``docs/formats.md``).  A value that
    begins with an apostrophe gets one too, so that the way back is exact.
    """
    if text.startswith(FORMULA_START):
        return "'" + text
    return text


def csv_value(value: object) -> str:
    """A value as a CSV cell: none an empty cell, a truth value ``true``/``false``, any
    other its text (:func:`csv_cell`: never run as a formula)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return csv_cell(str(value))


# --- Graphviz DOT ----------------------------------------------------------------------------


def dot_string(text: str) -> str:
    """``text`` as a double-quoted DOT string that Graphviz shows literally.

    Backslashes and quotes are escaped (so ``\\N``, ``\\G``... are not Graphviz's
    substitutions), ``&`` becomes ``&amp;`` (Graphviz reads character entities in labels:
    ``&lt;`` in a witness must not print as ``<``), and a line break becomes Graphviz's
    centred ``\\n``.
    """
    text = text.replace("&", "&amp;").replace("\\", "\\\\").replace('"', '\\"')
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")
    return f'"{text}"'
