"""Plain-text witnesses, and the helper every reader uses to turn text into tokens.

Text that XML cannot carry is refused when it is read, with the file, line and column: the
C0 control characters other than tab, newline and carriage return (``\\x01``, ESC...), the
non-characters U+FFFE and U+FFFF, and lone surrogates (``"\\ud800"`` from JSON, or bytes of a
file name that is not UTF-8).  Every output the library writes (TEI, HTML, LaTeX, JSON) would
otherwise be broken or unreadable, and no edition prints such a character, so the witness is
refused rather than silently changed: delete the character or replace it.  DEL and the C1
controls (U+007F-U+009F) are legal in XML 1.0 and pass.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import partial
from itertools import repeat

from ..errors import InputError, printable
from ..model import Token, Witness, WitnessMetadata
from ..model._base import paused_gc
from ..model.witness import plain_run, token_places, told_length
from ..normalization import Normalizer, Pipeline, default_pipeline
from ..tokenization import (
    TokenColumns,
    Tokenized,
    Tokenizer,
    token_columns,
    tokenize,
    tokenized_problem,
)

__all__ = [
    "ILLEGAL_CHARACTERS",
    "build_tokens",
    "check_characters",
    "check_siglum",
    "describe_character",
    "load_text",
    "normalizer_names",
]

ILLEGAL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
"""Characters that XML 1.0 cannot carry (not even as a character reference)."""

_MAKE = partial(tuple.__new__, Token)
"""A token from its fields as laid out inside (see :func:`~witnesscollate.model.witness.new_token`)."""

_C0_NAMES = {0x00: "NUL", 0x07: "BEL", 0x08: "BACKSPACE", 0x0B: "VT", 0x0C: "FF", 0x1B: "ESC"}


def describe_character(ch: str) -> str:
    """``U+001B (ESC, a control character)``: a character named for a message."""
    code = ord(ch)
    if 0xD800 <= code <= 0xDFFF:
        what = "a lone surrogate"
        if code >= 0xDC80:
            what += f", maybe the byte {code - 0xDC00:#04x} of a file name that is not UTF-8"
    elif code in (0xFFFE, 0xFFFF):
        what = "a non-character"
    else:
        name = _C0_NAMES.get(code) or unicodedata.name(ch, "")
        what = f"{name}, a control character" if name else "a control character"
    return f"U+{code:04X} ({what})"


def check_characters(text: str, *, what: str, source: str | None = None) -> None:
    """Refuse ``text`` if it holds a character XML cannot carry (see the module docs).

    Parameters
    ----------
    text:
        The text to check (a linear scan).
    what:
        What the text is, for the message: ``"witness 'A'"``, ``"the siglum"``...
    source:
        The file it comes from; the message then gives its line and column.

    Raises
    ------
    InputError
        Naming the character, its line and column (or offset), the file and the witness.
    """
    bad = ILLEGAL_CHARACTERS.search(text)
    if bad is None:
        return
    at = bad.start()
    line = text.count("\n", 0, at) + 1
    column = at - (text.rfind("\n", 0, at) + 1) + 1
    raise InputError(
        f"{what}: column {column} holds {describe_character(bad.group())}, which no XML "
        "output can carry",
        source=printable(source) if source else None,
        line=line,
        hint="delete the character, or replace it with a space",
    )


def check_siglum(siglum: str, source: str | None = None) -> None:
    """Refuse a siglum with a character XML cannot carry (it is written in every output)."""
    bad = ILLEGAL_CHARACTERS.search(siglum)
    if bad is not None:
        raise InputError(
            f"the siglum '{printable(siglum)}' holds {describe_character(bad.group())}",
            source=printable(source) if source else None,
            hint="give another siglum (one taken from a file name: rename the file)",
        )


def columns_of(
    text: str, tokenizer: Tokenizer, *, what: str = "", source: str | None = None
) -> TokenColumns:
    """``text`` tokenized as columns, by :func:`token_columns` or by a tokenizer of the
    caller's own, whose output must give the text back in order with true offsets (else
    :class:`InputError`, ``what`` before its message): the readers find a token's markup
    and place by its offset."""
    if tokenizer is tokenize:
        return token_columns(text, {})
    tokenized: Tokenized = tokenizer(text)
    problem = tokenized_problem(text, tokenized)
    if problem is not None:
        raise InputError(
            f"{what}the tokenizer {getattr(tokenizer, '__name__', tokenizer)!r} lost or moved "
            f"text: {problem}",
            source=source,
            hint="a tokenizer returns every character, in order, with each token's offset",
        )
    toks = tokenized.tokens
    return TokenColumns(
        tokenized.leading_ws, [t.text for t in toks], [t.ws for t in toks], [t.start for t in toks]
    )


def build_tokens(
    text: str,
    siglum: str,
    *,
    tokenizer: Tokenizer = tokenize,
    normalizer: Normalizer | None = None,
    language: str | None = None,
) -> tuple[str, tuple[Token, ...]]:
    """Tokenize and normalize ``text``; return the leading whitespace and the tokens."""
    norm = normalizer or default_pipeline(language)
    cols = columns_of(text, tokenizer, what=f"witness {siglum!r}: ")
    lead, texts, wss, starts = cols.leading_ws, cols.texts, cols.wss, cols.starts
    # each distinct word is normalized once (normalizers are pure); the records are made
    # from their field values directly (no keyword parsing), with the garbage collector
    # paused: a million new tuples would otherwise trigger full collections over them
    norms: dict[str, str] = {t: norm(t) for t in dict.fromkeys(texts)}
    places = token_places(starts)  # a token's index and start, as one integer
    # every step a C loop: zip the columns, make each tuple with tuple.__new__
    with paused_gc():
        tokens = tuple(
            map(
                _MAKE,
                zip(
                    texts,
                    wss,
                    map(norms.__getitem__, texts),
                    places,
                    repeat(plain_run(siglum)),  # no provenance: one run for every token
                ),
            )
        )
    return lead, tokens


def normalizer_names(normalizer: Normalizer | None, language: str | None = None) -> tuple[str, ...]:
    """The names a witness records for the normalizer that made its ``norm`` forms."""
    norm: Callable[[str], str] = normalizer or default_pipeline(language)
    if isinstance(norm, Pipeline):
        return norm.names
    return (getattr(norm, "__name__", repr(norm)),)


def load_text(
    siglum: str,
    text: str,
    *,
    title: str = "",
    date: str | None = None,
    language: str | None = None,
    tokenizer: Tokenizer = tokenize,
    normalizer: Normalizer | None = None,
    filename: str | None = None,
) -> Witness:
    """A witness from plain text.

    Parameters
    ----------
    siglum:
        The witness's siglum (e.g. ``"K56"``).
    text:
        Its text; joining the tokens' ``text + ws`` gives it back exactly.
    language:
        ``"ru"`` turns on Russian-only normalization (look-alike Latin words such as «Bbi»).
    filename:
        The file the text was read from: named in error messages (with line and column) and
        kept as :attr:`WitnessMetadata.file`.

    Raises
    ------
    InputError
        An empty siglum, text that is not a ``str``, or a character that XML cannot carry
        (a control character, U+FFFE/U+FFFF, a lone surrogate) in the text or the siglum.
    """
    if not isinstance(siglum, str) or not siglum.strip():
        raise InputError(f"a witness needs a non-empty siglum, got {siglum!r}")
    check_siglum(siglum, filename)
    if not isinstance(text, str):
        raise InputError(
            f"witness {siglum!r}: text must be a str, got {type(text).__name__}",
            hint="decode bytes first, e.g. data.decode('utf-8')",
        )
    check_characters(text, what=f"witness {siglum!r}", source=filename)
    lead, tokens = build_tokens(
        text, siglum, tokenizer=tokenizer, normalizer=normalizer, language=language
    )
    witness = Witness(
        siglum=siglum,
        tokens=tokens,
        metadata=WitnessMetadata(
            title=title or siglum, date=date, language=language, file=filename
        ),
        normalizers=normalizer_names(normalizer, language),
        leading_ws=lead,
    )
    return told_length(witness, len(text))  # (the tokens give the text back: columns_of)
