"""Escaping witness text for each output: the one home of every escaper.

Every fragment of witness text, siglum or note passes through one of these before it meets
markup: HTML (:func:`html`), LaTeX (:func:`latex`), Markdown (:func:`markdown`), spreadsheet
cells (:func:`csv_cell`) and Graphviz DOT strings (:func:`dot_string`).  The TEI and JSON
writers build their documents with lxml and :mod:`json`, which escape for themselves.
"""

from __future__ import annotations

import html as _html
import re
import unicodedata

__all__ = ["csv_cell", "dot_string", "html", "latex", "markdown", "xml_safe"]

# --- HTML ------------------------------------------------------------------------------------


def html(text: str) -> str:
    """``text`` for HTML content or a quoted attribute value."""
    return _html.escape(text, quote=True)


# --- XML -------------------------------------------------------------------------------------

# Characters XML 1.0 cannot hold at all (not even as references).
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def xml_safe(text: str) -> str:
    """``text`` with the characters XML 1.0 forbids replaced by U+FFFD (shown, not lost silently).

    The readers refuse such characters in witness text; this guards metadata and notes.
    """
    return _XML_ILLEGAL.sub("\ufffd", text)


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


def latex(text: str) -> str:
    """``text`` with every LaTeX special character escaped, ready to typeset literally.

    Backslash, braces, ``$ & # ^ _ % ~`` become their literal forms; ``--``, ``''``, ``<<``...
    are kept from turning into ligatures; control characters are dropped and runs of
    whitespace (including newlines, which could end a paragraph) become one space.
    """
    text = _CONTROL_RE.sub("", unicodedata.normalize("NFC", text))
    text = _SPACE_RE.sub(" ", text)
    text = _LATEX_SPECIAL_RE.sub(lambda m: _LATEX_SPECIALS[m.group()], text)
    for pair in _LIGATURES:
        split = pair[0] + "{}" + pair[1]
        text = text.replace(pair, split).replace(pair, split)
    return text


# --- Markdown --------------------------------------------------------------------------------

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def markdown(text: str) -> str:
    """``text`` with Markdown's special characters backslash-escaped (and no line breaks)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text.replace("\r", " ").replace("\n", " "))


# --- spreadsheets ----------------------------------------------------------------------------

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(text: str) -> str:
    """A cell a spreadsheet will show as text, never run as a formula (OWASP's rule).

    A value that begins with ``=``, ``+``, ``-``, ``@``, tab or carriage return gets a leading
    apostrophe, which spreadsheets hide; the CSV stays readable by any CSV parser, and a reader
    who wants the raw value strips one leading ``'`` (``docs/formats.md``).
    """
    if text.startswith(_FORMULA_START):
        return "'" + text
    return text


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
