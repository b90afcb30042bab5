"""Stage 1, tokenization: a witness's text becomes a sequence of tokens, losslessly.

A token is a word (letters, combining marks and digits, with inner hyphens or apostrophes
between letters: «кого-либо», "Secretary-General", "don't"), a number ("1922", "1,000",
"3.5"), or one punctuation mark (a run of dots counts as one: "..."); whitespace is never a
token but the ``ws`` of the token before it.  Whitespace before the first token is returned
separately (:attr:`Tokenized.leading_ws`), so that ``leading_ws + "".join(text + ws)`` is the
input, character for character.  «50—100» is three tokens; «50-100» too (a hyphen joins only
letters).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import regex

__all__ = ["RawToken", "Tokenized", "Tokenizer", "tokenize"]

# Letters and digits, with combining marks, soft hyphens and zero-width joiners inside.
_WORD_CHAR = r"[\p{L}\p{M}\p{N}\u00AD\u200B-\u200D\u2060]"
_TOKEN = regex.compile(
    r"""
    (?P<tok>
        \p{N}+(?:[.,]\p{N}+)+(?!\p{L})               # 1,000  3.5  (not a word)
      | [\p{L}\p{N}]"""
    + _WORD_CHAR
    + r"""*
        (?:(?<=[\p{L}\p{M}])[-\u2010\u2011'\u2019](?=\p{L})"""
    + _WORD_CHAR
    + r"""+)*
      | \.{2,}                                       # ... as one mark
      | [\p{M}\u00AD\u200B-\u200D\u2060]+            # stray marks on their own
      | [^\s\x1c-\x1f]                               # any other mark: one token
    )
    (?P<ws>[\s\x1c-\x1f]*)
    """,
    regex.VERBOSE,
)
# Python's str.isspace() also counts the separators U+001C..U+001F; so do we.
_LEADING_WS = regex.compile(r"[\s\x1c-\x1f]*")


class RawToken(NamedTuple):
    """A token before it becomes a :class:`~witnesscollate.model.Token`."""

    text: str
    ws: str
    start: int


class Tokenized(NamedTuple):
    """The tokens of a text and the whitespace before the first one."""

    leading_ws: str
    tokens: list[RawToken]


Tokenizer = Callable[[str], Tokenized]
"""Anything that turns a text into :class:`Tokenized` losslessly can replace :func:`tokenize`."""


def tokenize(text: str) -> Tokenized:
    """Split ``text`` into word, number and punctuation tokens, each with its following space.

    Examples
    --------
    >>> [t.text for t in tokenize("для всех «судей» партии, 50—100").tokens]
    ['для', 'всех', '«', 'судей', '»', 'партии', ',', '50', '—', '100']
    """
    lead = _LEADING_WS.match(text)
    pos = lead.end() if lead else 0
    tokens: list[RawToken] = []
    for m in _TOKEN.finditer(text, pos):
        tokens.append(RawToken(m.group("tok"), m.group("ws"), m.start()))
    return Tokenized(text[:pos], tokens)
