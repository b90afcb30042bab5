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
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Union

from ..errors import InputError
from ..model import FrozenMap, Token, Witness, WitnessMetadata
from ..normalization import Normalizer, default_pipeline
from ..tokenization import Tokenizer, tokenize
from .text import load_text, normalizer_names

__all__ = ["CollateXSource", "load_collatex_json"]

CollateXSource = Union[str, "os.PathLike[str]", bytes, Mapping[str, Any]]
"""A path, JSON text (a ``str`` starting with ``{`` or ``[``), JSON bytes, or the parsed dict."""

_WS = " \t\r\n\f\v\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"


def _load(source: CollateXSource) -> tuple[Any, str]:
    if isinstance(source, Mapping):
        return source, "<dict>"
    if isinstance(source, (bytes, bytearray)):
        name = "<bytes>"
        try:
            text = bytes(source).decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InputError("not UTF-8", source=name, hint="encode the JSON as UTF-8") from exc
    elif isinstance(source, str) and source.lstrip().startswith(("{", "[")):
        text, name = source, "<string>"
    elif isinstance(source, (str, os.PathLike)):
        name = os.fspath(source)
        try:
            text = Path(source).read_text(encoding="utf-8")
        except FileNotFoundError as exc:
            raise InputError("no such file", source=name, hint="check the path") from exc
        except UnicodeDecodeError as exc:
            raise InputError("not UTF-8", source=name, hint="save the JSON as UTF-8") from exc
        except OSError as exc:
            raise InputError(f"cannot read the file: {exc.strerror}", source=name) from exc
    else:
        raise InputError(
            f"cannot read CollateX JSON from a {type(source).__name__}",
            hint="pass a path, JSON text or bytes, or the parsed dict",
        )
    try:
        return json.loads(text), name
    except json.JSONDecodeError as exc:
        raise InputError(
            f"not valid JSON: {exc.msg}", source=name, line=exc.lineno, hint="check the syntax"
        ) from exc


def _pretokenized(
    siglum: str, items: list[Any], where: str, normalizer: Normalizer | None
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
        metadata=WitnessMetadata(title=siglum),
        normalizers=(("n", *names) if given_n else names),
        leading_ws=leading,
    )


def load_collatex_json(
    source: CollateXSource,
    *,
    tokenizer: Tokenizer = tokenize,
    normalizer: Normalizer | None = None,
    language: str | None = None,
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

    Raises
    ------
    InputError
        A missing file, invalid JSON, no ``witnesses`` list, a witness without a string
        ``id`` or with neither ``content`` nor ``tokens``, a duplicate ``id``, a bad token.

    Examples
    --------
    >>> [w.text for w in load_collatex_json({"witnesses": [
    ...     {"id": "A", "content": "the black cat"},
    ...     {"id": "B", "tokens": [{"t": "the ", "n": "the"}, {"t": "cat", "pos": "N"}]}]})]
    ['the black cat', 'the cat']
    """
    data, where = _load(source)
    if not isinstance(data, Mapping) or not isinstance(data.get("witnesses"), list):
        raise InputError(
            "CollateX JSON needs an object with a 'witnesses' list",
            source=where,
            hint='{"witnesses": [{"id": "A", "content": "..."}]}',
        )
    if not data["witnesses"]:
        raise InputError("the 'witnesses' list is empty", source=where)
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
            out.append(_pretokenized(siglum, entry["tokens"], where, normalizer))
        elif isinstance(entry.get("content"), str):
            out.append(
                load_text(
                    siglum,
                    entry["content"],
                    language=language,
                    tokenizer=tokenizer,
                    normalizer=normalizer,
                )
            )
        else:
            raise InputError(
                f"witness {siglum!r} needs a 'content' string or a 'tokens' list", source=where
            )
    return out
