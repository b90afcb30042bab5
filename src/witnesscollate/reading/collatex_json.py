"""CollateX's witness JSON: plain-text witnesses and pre-tokenized ones.

Two shapes, which may be mixed in one file (CollateX's own documentation and test fixtures)::

    {"witnesses": [{"id": "A", "content": "The black cat"}]}
    {"witnesses": [{"id": "A", "tokens": [{"t": "The ", "n": "the", "ref": 1}, ...]}]}

A ``content`` witness is tokenized and normalized like any plain text
(:func:`~witnesscollate.reading.text.load_text`).  A pre-tokenized witness keeps its tokens as
given: trailing whitespace of ``t`` becomes the token's ``ws`` (leading whitespace goes to the
token before), ``n`` is the comparison form when given (else the default normalizer on the
text), and every other property is kept in :attr:`Token.extra`.  Tokens without whitespace in
``t`` (as in CollateX's ``base-2w.json``) are joined without space in :attr:`Witness.text`:
that is what the input says.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator, Mapping
from typing import Any, Union

from .._io import open_input
from ..errors import InputError, printable
from ..model import FrozenMap, Token, Witness, WitnessMetadata
from ..normalization import Normalizer, default_pipeline
from ..tokenization import Tokenizer, tokenize
from .text import ILLEGAL_CHARACTERS, describe_character, load_text, normalizer_names

__all__ = [
    "CollateXSource",
    "check_json_characters",
    "load_collatex_json",
    "parse_json",
    "read_json_text",
]

CollateXSource = Union[str, "os.PathLike[str]", bytes, Mapping[str, Any]]
"""A path, JSON text (a ``str`` starting with ``{`` or ``[``), JSON bytes, or the parsed dict."""

_WS = " \t\r\n\f\v\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"


def read_json_text(path: str | os.PathLike[str], name: str) -> str:
    """A JSON file's text: a regular UTF-8 file, or an :class:`InputError` naming ``name``."""
    with open_input(path, name) as fh:  # a regular file: a FIFO or /dev/zero is refused
        try:
            raw = fh.read()
        except OSError as exc:
            raise InputError(f"cannot read the file: {exc.strerror}", source=name) from exc
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError("not UTF-8", source=name, hint="save the JSON as UTF-8") from exc


def parse_json(text: str, name: str) -> Any:
    """``json.loads`` with every failure as an :class:`InputError` naming ``name``.

    Besides syntax errors: nesting too deep for the parser, and integers longer than
    Python's limit on digits (4,300), which ``json`` reports as other exceptions.
    """
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"not valid JSON: {exc.msg}", source=name, line=exc.lineno, hint="check the syntax"
        ) from exc
    except RecursionError:
        raise InputError(
            "the JSON is nested too deeply to read",
            source=name,
            hint="CollateX JSON needs only a few levels: witnesses, tokens, properties",
        ) from None
    except ValueError as exc:  # "Exceeds the limit (4300 digits) for integer string ..."
        what = "a number has more digits than Python reads" if "digits" in str(exc) else exc
        raise InputError(f"not usable JSON: {what}", source=name) from None


def _load(source: CollateXSource, filename: str | None) -> tuple[Any, str, str | None]:
    """The parsed JSON, the name for messages, and the raw text (None for a dict)."""
    if isinstance(source, Mapping):
        return source, printable(filename or "<dict>"), None
    if isinstance(source, (bytes, bytearray)):
        name = printable(filename or "<bytes>")
        try:
            text = bytes(source).decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InputError("not UTF-8", source=name, hint="encode the JSON as UTF-8") from exc
    elif isinstance(source, str) and source.lstrip().startswith(("{", "[")):
        text, name = source, printable(filename or "<string>")
    elif isinstance(source, (str, os.PathLike)):
        name = printable(filename or os.fspath(source))
        text = read_json_text(source, name)
    else:
        raise InputError(
            f"cannot read CollateX JSON from a {type(source).__name__}",
            hint="pass a path, JSON text or bytes, or the parsed dict",
        )
    return parse_json(text, name), name, text


def _strings(data: Any) -> Iterator[tuple[str, str]]:
    """Every string in parsed JSON (keys too), in document order, with its path
    (``witnesses[0].content``)."""
    stack: list[tuple[str, Any, str | None]] = [("", data, None)]
    while stack:
        path, value, key = stack.pop()
        if key is not None:
            yield f"{path} (its key)", key
        if isinstance(value, str):
            yield path, value
        elif isinstance(value, Mapping):
            stack.extend(
                (f"{path}.{k}".lstrip("."), v, k if isinstance(k, str) else None)
                for k, v in reversed(list(value.items()))
            )
        elif isinstance(value, (list, tuple)):
            stack.extend((f"{path}[{i}]", v, None) for i, v in reversed(list(enumerate(value))))


_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)


def _position(raw: str) -> tuple[int, int, int] | None:
    """Where the first string that holds a character XML cannot carry starts in the JSON
    text (line, column), and the character's 1-based place in that string."""
    for found in _JSON_STRING.finditer(raw):
        try:
            value = json.loads(found.group())
        except ValueError:
            continue
        bad = ILLEGAL_CHARACTERS.search(value) if isinstance(value, str) else None
        if bad is not None:
            at = found.start()
            column = at - (raw.rfind("\n", 0, at) + 1) + 1
            return raw.count("\n", 0, at) + 1, column, bad.start() + 1
    return None


def check_json_characters(data: Any, name: str, raw: str | None) -> None:
    """Refuse a string anywhere in the JSON that XML cannot carry, with where it is."""
    for path, text in _strings(data):
        bad = ILLEGAL_CHARACTERS.search(text)
        if bad is None:
            continue
        where = _position(raw) if raw is not None else None
        place = f"{path}, character {bad.start() + 1}"
        if where is not None:
            place = f"column {where[1]}: {path}, character {where[2]}"
        raise InputError(
            f"{place} holds {describe_character(bad.group())}, which no XML output can carry",
            source=name,
            line=where[0] if where is not None else None,
            hint="delete the character, or replace it with a space",
        )


def _pretokenized(
    siglum: str, items: list[Any], where: str, normalizer: Normalizer | None, file: str | None
) -> Witness:
    norm = normalizer or default_pipeline()
    texts: list[tuple[str, str, str, dict[str, Any]]] = []  # lead, text, ws, props
    for i, item in enumerate(items):
        if not isinstance(item, Mapping) or not isinstance(item.get("t"), str) or not item["t"]:
            raise InputError(
                f"witness {siglum!r}: token {i} needs a non-empty string 't', got {item!r}",
                source=where,
            )
        if "n" in item and not isinstance(item["n"], str):
            raise InputError(f"witness {siglum!r}: token {i}: 'n' must be a string", source=where)
        t: str = item["t"]
        core = t.strip(_WS)
        if core:
            lead = t[: len(t) - len(t.lstrip(_WS))]
            ws = t[len(lead) + len(core) :]
        else:  # a whitespace-only token is kept as given
            lead, core, ws = "", t, ""
        texts.append((lead, core, ws, dict(item)))
    leading = texts[0][0] if texts else ""
    tokens: list[Token] = []
    offset = len(leading)
    given_n = False
    for i, (_, core, ws, props) in enumerate(texts):
        if i + 1 < len(texts):
            ws += texts[i + 1][0]  # the next token's leading space follows this one
        n = props.pop("n", None)
        given_n |= n is not None
        props.pop("t")
        tokens.append(
            Token(
                text=core,
                ws=ws,
                norm=n if n is not None else norm(core),
                witness=siglum,
                index=i,
                start=offset,
                extra=FrozenMap(props),
            )
        )
        offset += len(core) + len(ws)
    names = normalizer_names(normalizer)
    return Witness(
        siglum=siglum,
        tokens=tuple(tokens),
        metadata=WitnessMetadata(title=siglum, file=file),
        normalizers=(("n", *names) if given_n else names),
        leading_ws=leading,
    )


def load_collatex_json(
    source: CollateXSource,
    *,
    tokenizer: Tokenizer = tokenize,
    normalizer: Normalizer | None = None,
    language: str | None = None,
    filename: str | None = None,
) -> list[Witness]:
    """Read CollateX witness JSON into witnesses, in the order given.

    Parameters
    ----------
    source:
        A path (``str`` or path-like), JSON text (a ``str`` that starts with ``{`` or ``[``),
        JSON bytes, or the already parsed ``dict``.
    tokenizer, normalizer, language:
        For ``content`` witnesses, as in :func:`~witnesscollate.reading.text.load_text`; the
        normalizer also makes ``norm`` for pre-tokenized tokens that have no ``n``.
    filename:
        The name for error messages and :attr:`WitnessMetadata.file` (default: the path).

    Raises
    ------
    InputError
        A missing file, invalid JSON, no ``witnesses`` list, a witness without a string
        ``id`` or with neither ``content`` nor ``tokens``, a duplicate ``id``, a bad token;
        JSON nested too deeply or with an integer too long to read; a string anywhere that
        holds a character XML cannot carry (a control character, U+FFFE, a lone surrogate
        such as ``"\\ud800"``), named with its line and column.

    Examples
    --------
    >>> [w.text for w in load_collatex_json({"witnesses": [
    ...     {"id": "A", "content": "the black cat"},
    ...     {"id": "B", "tokens": [{"t": "the ", "n": "the"}, {"t": "cat", "pos": "N"}]}]})]
    ['the black cat', 'the cat']
    """
    data, where, raw = _load(source, filename)
    file = None if where.startswith("<") else where
    if not isinstance(data, Mapping) or not isinstance(data.get("witnesses"), list):
        raise InputError(
            "CollateX JSON needs an object with a 'witnesses' list",
            source=where,
            hint='{"witnesses": [{"id": "A", "content": "..."}]}',
        )
    if not data["witnesses"]:
        raise InputError("the 'witnesses' list is empty", source=where)
    check_json_characters(data, where, raw)
    out: list[Witness] = []
    seen: set[str] = set()
    for k, entry in enumerate(data["witnesses"]):
        siglum = entry.get("id") if isinstance(entry, Mapping) else None
        if not isinstance(siglum, str) or not siglum.strip():
            raise InputError(f"witness {k} needs a string 'id', got {entry!r:.80}", source=where)
        if siglum in seen:
            raise InputError(f"duplicate witness id {siglum!r}", source=where)
        seen.add(siglum)
        if isinstance(entry.get("tokens"), list):
            out.append(_pretokenized(siglum, entry["tokens"], where, normalizer, file))
        elif isinstance(entry.get("content"), str):
            out.append(
                load_text(
                    siglum,
                    entry["content"],
                    language=language,
                    tokenizer=tokenizer,
                    normalizer=normalizer,
                    filename=file,
                )
            )
        else:
            raise InputError(
                f"witness {siglum!r} needs a 'content' string or a 'tokens' list", source=where
            )
    return out
