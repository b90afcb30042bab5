"""Stage 1, tokenization: a witness's text becomes a sequence of tokens, losslessly.

A token is a word (letters, combining marks and digits, with inner hyphens or apostrophes
between letters: «кого-либо», "Secretary-General", "don't"), a number ("1922", "1,000",
"3.5"), an initialism written without spaces (two or more single letters, each followed by a
full stop, not inside a longer word: "C.C.", "R.C.P.", «т.т.», "i.e."), or one punctuation
mark (a run of dots counts as one: "...").  Whitespace is never a token but the ``ws`` of the
token before it (so no token contains any: the spaced «M. V.» is four tokens).  Whitespace
before the first token is returned separately (:attr:`Tokenized.leading_ws`), so that
``leading_ws + "".join(text + ws)`` is the input, character for character.  «50—100» is
three tokens; «50-100» too (a hyphen joins only letters).
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from collections.abc import Callable, Sequence
from itertools import accumulate, compress, repeat
from operator import add, not_
from typing import NamedTuple

import regex

__all__ = [
    "RawToken",
    "TokenColumns",
    "Tokenized",
    "Tokenizer",
    "clings_to_word",
    "token_columns",
    "tokenize",
    "tokenized_problem",
]

# Letters and digits, with combining marks, soft hyphens and zero-width joiners inside.
_WORD_CHAR = r"[\p{L}\p{M}\p{N}\u00AD\u200B-\u200D\u2060]"
_TOKEN = regex.compile(
    r"""
    (?P<tok>
        (?<![\p{L}\p{M}\p{N}.])(?:\p{L}\p{M}*\.){2,}(?![\p{L}\p{M}\p{N}.])
                                                     # C.C.  R.C.P.  i.e.  (an initialism)
      | \p{N}+(?:[.,]\p{N}+)+(?!\p{L})               # 1,000  3.5  (not a word)
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
# The same pattern with two plain groups, for findall: (token, whitespace after it).
_PAIRS = regex.compile(
    _TOKEN.pattern.replace("(?P<tok>", "(").replace("(?P<ws>", "("), regex.VERBOSE
)
# Python's str.isspace() also counts the separators U+001C..U+001F; so do we.
_LEADING_WS = regex.compile(r"[\s\x1c-\x1f]*")


# Whitespace runs, kept by ``split`` between the pieces (Python's str.isspace() and the token
# pattern agree on what whitespace is, U+001C..U+001F included).
_SPACES = re.compile(r"(\s+)")
# Where a long text may be cut for tokenizing in pieces: after whitespace, before a token.  No
# token contains whitespace and none looks past the whitespace that follows it, so the pieces
# give exactly the tokens of the whole.
_CUT = regex.compile(r"[\s\x1c-\x1f](?=[^\s\x1c-\x1f])")
_PIECE = 1 << 18
"""Characters tokenized at once (256 K): bounds the memory of the intermediate matches."""


class RawToken(NamedTuple):
    """A token before it becomes a :class:`~witnesscollate.model.Token`."""

    text: str
    ws: str
    start: int


class Tokenized(NamedTuple):
    """The tokens of a text and the whitespace before the first one."""

    leading_ws: str
    tokens: list[RawToken]


class TokenColumns(NamedTuple):
    """The tokens of a text as parallel columns (no object per token): texts, spaces, offsets.

    ``starts`` is an ``array('q')``: offsets cost 8 bytes each, not an int object each.
    """

    leading_ws: str
    texts: list[str]
    wss: list[str]
    starts: Sequence[int]


Tokenizer = Callable[[str], Tokenized]
"""Anything that turns a text into :class:`Tokenized` losslessly can replace :func:`tokenize`."""


def tokenized_problem(text: str, tokenized: Tokenized) -> str | None:
    """What keeps ``tokenized`` from being a lossless tokenization of ``text``, or None.

    The leading whitespace, then each token's text and whitespace in turn, must give the text
    back, each token starting where the text before it ends (the readers find a token's
    markup by its offset, and an offset out of place gives it another token's).  For a
    :data:`Tokenizer` of the caller's own: :func:`tokenize` is lossless by construction.
    """
    lead = tokenized.leading_ws
    if not text.startswith(lead):
        return f"its leading whitespace {lead[:20]!r} is not how the text begins"
    pos = len(lead)
    for k, tok in enumerate(tokenized.tokens):
        if not tok.text:
            return f"token {k} is empty"
        if tok.start != pos:
            return f"token {k} ({tok.text[:20]!r}) starts at {tok.start}, not at {pos}"
        if not text.startswith(tok.text, pos) or not text.startswith(tok.ws, pos + len(tok.text)):
            return f"token {k} ({tok.text[:20]!r}) and its whitespace are not the text at {pos}"
        pos += len(tok.text) + len(tok.ws)
    if pos != len(text):
        return f"the tokens give back {pos} of the text's {len(text)} characters"
    return None


def token_columns(text: str, shared: dict[str, str] | None = None) -> TokenColumns:
    """Tokenize ``text`` into parallel lists (no tuple per token): the same tokens as :func:`tokenize`.

    Whitespace-separated pieces are found with one compiled pattern over the whole text; a
    piece made only of letters and digits (most words of prose) is one word token as it is,
    and only the others (words with punctuation, hyphens, marks) go through the token
    pattern.  The runs of plain words between them are copied as slices, and the offsets are
    summed at the end, so the work per plain word is done in C.  With ``shared``, equal token
    texts are one string object (the dict maps each distinct text to itself): a book has a
    few tens of thousands of distinct words among its hundreds of thousands of tokens.
    """
    lead = _LEADING_WS.match(text)
    pos = lead.end() if lead else 0
    texts: list[str] = []
    wss: list[str] = []
    split = _PAIRS.findall
    known: dict[str, tuple[str, ...]] = {}
    n = len(text)
    first = pos
    while pos < n:
        # Pieces of 256 K characters bound the memory of the intermediate matches.
        cut = _CUT.search(text, pos + _PIECE) if pos + _PIECE < n else None
        end = cut.end() if cut else n
        # [piece, space, piece, space, ..., last]: the chunk starts at a piece
        parts = _SPACES.split(text[pos:end])
        pos = end
        pieces, spaces = parts[0::2], parts[1::2]
        if pieces[-1]:
            spaces.append("")
        else:
            pieces.pop()
        done = 0
        # only the pieces that are not one plain word need the token pattern
        for k in compress(range(len(pieces)), map(not_, map(str.isalnum, pieces))):
            piece = pieces[k]
            if len(piece) == 1:  # one mark: one token, as it is
                continue
            texts.extend(pieces[done:k])
            wss.extend(spaces[done:k])
            toks = known.get(piece)
            if toks is None:  # "word," "end." recur: split each distinct piece once
                toks = tuple(tok for tok, _ in split(piece))
                if len(known) >= _KNOWN:
                    known.clear()
                known[piece] = toks
            texts.extend(toks)
            wss.extend(repeat("", len(toks) - 1))
            wss.append(spaces[k])
            done = k + 1
        texts.extend(pieces[done:])
        wss.extend(spaces[done:])
    if shared is not None:
        same = shared.setdefault
        texts = list(map(same, texts, texts))  # spaces: " " is one object already
    starts = array("q", accumulate(map(add, map(len, texts), map(len, wss)), initial=first))
    starts.pop()
    return TokenColumns(text[:first], texts, wss, starts)


_KNOWN = 1 << 16
"""Distinct pieces remembered with their tokens (then afresh): bounds the memory."""


def _reference_columns(text: str) -> TokenColumns:
    """:func:`token_columns` the plain way (the token pattern over the whole text), for tests."""
    lead = _LEADING_WS.match(text)
    pos = lead.end() if lead else 0
    texts: list[str] = []
    wss: list[str] = []
    starts = array("q")
    for m in _TOKEN.finditer(text, pos):
        texts.append(m.group("tok"))
        wss.append(m.group("ws"))
        starts.append(m.start())
    return TokenColumns(text[:pos], texts, wss, starts)


def tokenize(text: str) -> Tokenized:
    """Split ``text`` into word, number and punctuation tokens, each with its following space.

    Examples
    --------
    >>> [t.text for t in tokenize("для всех «судей» партии, 50—100").tokens]
    ['для', 'всех', '«', 'судей', '»', 'партии', ',', '50', '—', '100']
    """
    cols = token_columns(text)
    return Tokenized(
        cols.leading_ws,
        [RawToken(t, w, s) for t, w, s in zip(cols.texts, cols.wss, cols.starts, strict=True)],
    )


#: Marks a word is followed by with no space between: a text that begins with one needs no
#: space before it (besides closing brackets and quotation marks, by their category).
_CLINGING = frozenset(",.;:!?…%‰")


def clings_to_word(text: str) -> bool:
    """True if ``text`` begins with a mark that follows a word unspaced (``,`` ``)`` ``»``):
    the apparatus puts no space before such a reading, nor a note between it and its
    anchor word."""
    if not text:
        return False
    ch = text[0]
    return ch in _CLINGING or unicodedata.category(ch) in ("Pe", "Pf")
