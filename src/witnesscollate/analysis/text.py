"""A witness's text as the apparatus compares and prints it: the one rule for whitespace.

Tokens' ``text``, each followed by a single space where the witness has any whitespace after
it, and nothing after the witness's last token.  Line breaks and runs of spaces are one space;
a space present in one witness and absent in another is kept (an orthographic variant).  The
TEI apparatus reproduces exactly this text for each witness (``read_parallel_segmentation``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ..model import Token, Witness

__all__ = ["canonical_text", "piece", "pieces", "split_ws"]


def piece(tokens: Sequence[Token], last_index: int) -> str:
    """The text of some consecutive tokens of one witness (``last_index``: its last token)."""
    if len(tokens) == 1:  # the common case, kept cheap for book-length collations
        t = tokens[0]
        return t.text + " " if t.ws and t.index != last_index else t.text
    return "".join(pieces(tokens, last_index))


def pieces(tokens: Iterable[Token], last_index: int) -> list[str]:
    """Each token's text, with the single space after it where the witness has whitespace."""
    out: list[str] = []
    for t in tokens:
        out.append(t.text)
        if t.ws and t.index != last_index:
            out.append(" ")
    return out


def canonical_text(witness: Witness) -> str:
    """The witness's whole text under the apparatus's whitespace rule."""
    return "".join(pieces(witness.tokens, len(witness.tokens) - 1))


def split_ws(text: str) -> tuple[str, str]:
    """A reading's text and the space after it (``" "`` or ``""``)."""
    if text.endswith(" "):
        return text[:-1], " "
    return text, ""
