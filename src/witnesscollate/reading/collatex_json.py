"""CollateX's JSON: witnesses (CollateX's input) and alignment tables (its output).

Witnesses come in two shapes, which may be mixed in one file (CollateX's own documentation
and test fixtures)::

    {"witnesses": [{"id": "A", "content": "The black cat"}]}
    {"witnesses": [{"id": "A", "tokens": [{"t": "The ", "n": "the", "ref": 1}, ...]}]}

An alignment table is what CollateX writes (and
:meth:`~witnesscollate.model.Collation.to_collatex_json`)::

    {"witnesses": ["A", "B"], "table": [[[{"t": "The ", "n": "the"}], [{"t": "The "}]], ...]}

``table[column][witness]`` (CollateX Java, documented; a gap is ``[]``) or
``table[witness][column]`` (CollateX Python; a gap is ``null``, tokens carry CollateX's own
``_sigil``); a cell is a list of tokens (objects, or strings where CollateX Java tokenized
``content``).  :func:`load_collatex_alignment` reads it as a
:class:`~witnesscollate.model.Collation`, :func:`load_collatex_json` gives its witnesses
back (each witness's tokens in table order).  A ``"witnesscollate"`` object beside the table
(written by this package, ignored by CollateX) restores what a CollateX table cannot hold:
lacunae, transpositions, near matches, the space before the first token, metadata.

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
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import replace
from typing import Any, Union

import regex

from .._io import open_input
from ..errors import InputError, printable
from ..model import (
    Cell,
    Collation,
    Column,
    FrozenMap,
    Lacuna,
    Token,
    Transposition,
    Witness,
    WitnessMetadata,
)
from ..model.witness import new_token, plain_run, token_place
from ..normalization import Normalizer, default_pipeline
from ..tokenization import Tokenizer, tokenize
from .text import ILLEGAL_CHARACTERS, describe_character, load_text, normalizer_names

__all__ = [
    "EXTENSION",
    "EXTENSION_VERSION",
    "LAYOUTS",
    "CollateXSource",
    "check_json_characters",
    "load_collatex_alignment",
    "load_collatex_json",
    "parse_json",
    "read_json_text",
]

CollateXSource = Union[str, "os.PathLike[str]", bytes, Mapping[str, Any]]
"""A path, JSON text (a ``str`` starting with ``{`` or ``[``), JSON bytes, or the parsed dict."""

# Whitespace as the tokenizer counts it (the `regex` module's Unicode \\s, and U+001C..U+001F),
# so that a token written as text + ws splits back into the same two.
_SPACE = r"[\s\x1c-\x1f]"
_LEAD_WS = regex.compile(rf"{_SPACE}*")

#: The key of this package's block in a CollateX alignment table (:mod:`witnesscollate.rendering.collatex`).
EXTENSION = "witnesscollate"
#: The newest version of that block this reader knows.
EXTENSION_VERSION = 1
#: The table layouts: ``table[column][witness]`` (CollateX Java) or ``table[witness][column]``.
LAYOUTS = ("vertical", "horizontal")
# CollateX Python writes these into every token it has aligned; they are not the user's.
_INTERNAL = frozenset({"_sigil", "_token_array_position"})


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


#: What in JSON text can make a string hold a character that :data:`ILLEGAL_CHARACTERS`
#: matches: the character itself, or an escape that can stand for one (``\b``, ``\f``, a
#: ``\u`` of C0, of a surrogate or of U+FFFE/U+FFFF).  Broader than needed (a valid
#: surrogate pair, ``\u000a``, an escaped backslash before ``b``): a match only sends the
#: document to the full walk.
_MAYBE_ILLEGAL = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]"
    r"|\\(?:[bf]|u(?:00[01]|[dD][89a-fA-F]|[fF]{3}[eEfF]))"
)


def maybe_illegal(raw: str) -> bool:
    """Whether JSON text may hold, in a string, a character XML cannot carry (False: it
    holds none)."""
    return _MAYBE_ILLEGAL.search(raw) is not None


def check_json_characters(data: Any, name: str, raw: str | None) -> None:
    """Refuse a string anywhere in the JSON that XML cannot carry, with where it is."""
    if raw is not None and not maybe_illegal(raw):
        # one scan of the text instead of a walk that names the path of every string
        # (the walk was two fifths of reading a book's alignment table)
        return
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


def _spaces(found: regex.Match[str] | None) -> str:
    return found.group() if found is not None else ""


def _pretokenized(
    siglum: str, items: list[Any], where: str, normalizer: Normalizer | None, file: str | None
) -> Witness:
    norm = normalizer or default_pipeline()
    texts: list[tuple[str, str, str, Mapping[str, Any]]] = []  # lead, text, ws, token
    for i, item in enumerate(items):
        # (a dict first: parsed JSON's, and a test of its type costs a tenth of the ABC's)
        if (
            not (type(item) is dict or isinstance(item, Mapping))
            or not isinstance(item.get("t"), str)
            or not item["t"]
        ):
            raise InputError(
                f"witness {siglum!r}: token {i} needs a non-empty string 't', got {item!r}",
                source=where,
            )
        if "n" in item and not isinstance(item["n"], str):
            raise InputError(f"witness {siglum!r}: token {i}: 'n' must be a string", source=where)
        t: str = item["t"]
        # str.isspace() is the tokenizer's whitespace, _SPACE (a test holds them equal): the
        # string methods split a token five times faster than the two regex searches did
        rest = t.lstrip()
        if rest:
            core = rest.rstrip()
            texts.append((t[: len(t) - len(rest)], core, rest[len(core) :], item))
        else:  # a whitespace-only token is kept as given
            texts.append(("", t, "", item))
    leading = texts[0][0] if texts else ""
    tokens: list[Token] = []
    offset = len(leading)
    given_n = False
    plain = plain_run(siglum)  # shared by the tokens with no property but t and n
    for i, (_, core, ws, item) in enumerate(texts):
        if i + 1 < len(texts):
            ws += texts[i + 1][0]  # the next token's leading space follows this one
        n = item.get("n")
        given_n |= n is not None
        if len(item) - ("n" in item) == 1:  # "t" alone (and "n")
            place = token_place(i, offset)
            tokens.append(new_token((core, ws, n if n is not None else norm(core), place, plain)))
        else:
            props = dict(item)
            props.pop("n", None)
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


def _document(
    source: CollateXSource, filename: str | None
) -> tuple[Mapping[str, Any], str, str | None]:
    """The parsed document (an object with a non-empty ``witnesses`` list, every string one
    XML can carry), the name for messages, and the file to record in the witnesses."""
    data, where, raw = _load(source, filename)
    if not isinstance(data, Mapping) or not isinstance(data.get("witnesses"), list):
        raise InputError(
            "CollateX JSON needs an object with a 'witnesses' list",
            source=where,
            hint='{"witnesses": [{"id": "A", "content": "..."}]}',
        )
    if not data["witnesses"]:
        raise InputError("the 'witnesses' list is empty", source=where)
    check_json_characters(data, where, raw)
    return data, where, (None if where.startswith("<") else where)


def _sigla(entries: Sequence[Any], where: str, *, bare: bool) -> list[str]:
    """The witnesses' ids, unique; ``bare`` also takes a plain string (a table's witness list)."""
    out: list[str] = []
    for k, entry in enumerate(entries):
        siglum = entry if bare and isinstance(entry, str) else None
        if isinstance(entry, Mapping):
            siglum = entry.get("id")
        if not isinstance(siglum, str) or not siglum.strip():
            wanted = "a siglum or an object with a string 'id'" if bare else "a string 'id'"
            raise InputError(f"witness {k} needs {wanted}, got {entry!r:.80}", source=where)
        if siglum in out:
            raise InputError(f"duplicate witness id {siglum!r}", source=where)
        out.append(siglum)
    return out


def load_collatex_json(
    source: CollateXSource,
    *,
    tokenizer: Tokenizer = tokenize,
    normalizer: Normalizer | None = None,
    language: str | None = None,
    filename: str | None = None,
    layout: str | None = None,
) -> list[Witness]:
    """Read CollateX JSON into witnesses, in the order given.

    The JSON is either CollateX's input (a ``witnesses`` list of ``content`` or ``tokens``
    witnesses) or an alignment table, CollateX's output or this package's
    (:meth:`~witnesscollate.model.Collation.to_collatex_json`): then each witness is made of
    its tokens in the table, in order (:func:`load_collatex_alignment` gives the collation).

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
    layout:
        For an alignment table: ``"vertical"`` or ``"horizontal"`` (default: as the file
        says, else from its shape; see :func:`load_collatex_alignment`).

    Raises
    ------
    InputError
        A missing file, invalid JSON, no ``witnesses`` list, a witness without a string
        ``id`` or with neither ``content`` nor ``tokens``, a duplicate ``id``, a bad token;
        JSON nested too deeply or with an integer too long to read; a string anywhere that
        holds a character XML cannot carry (a control character, U+FFFE, a lone surrogate
        such as ``"\\ud800"``), named with its line and column; a malformed table.

    Examples
    --------
    >>> [w.text for w in load_collatex_json({"witnesses": [
    ...     {"id": "A", "content": "the black cat"},
    ...     {"id": "B", "tokens": [{"t": "the ", "n": "the"}, {"t": "cat", "pos": "N"}]}]})]
    ['the black cat', 'the cat']
    >>> [w.text for w in load_collatex_json({"witnesses": ["A", "B"], "table": [
    ...     [[{"t": "the "}], [{"t": "the "}]], [[{"t": "black "}], []], [["cat"], ["cat"]]]})]
    ['the black cat', 'the cat']
    """
    data, where, file = _document(source, filename)
    if "table" in data:
        return list(_alignment(data, where, file, layout, normalizer).witnesses)
    sigla = _sigla(data["witnesses"], where, bare=False)
    out: list[Witness] = []
    for siglum, entry in zip(sigla, data["witnesses"], strict=True):
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


def load_collatex_alignment(
    source: CollateXSource,
    *,
    layout: str | None = None,
    normalizer: Normalizer | None = None,
    filename: str | None = None,
) -> Collation:
    """Read a CollateX JSON alignment table as a :class:`~witnesscollate.model.Collation`.

    The table is CollateX's output (Java's ``-f json``, Python's ``collate(...,
    output="json")``) or :meth:`Collation.to_collatex_json`'s, segmented or not: one column
    per table column, each witness's cell holding its tokens there.  A witness's tokens are
    those of its cells in order (``t`` split into text and the whitespace after it, ``n`` the
    comparison form, other properties in :attr:`Token.extra`; CollateX's own ``_sigil`` and
    ``_token_array_position`` dropped).  The ``"witnesscollate"`` block this package writes
    brings back lacunae, transpositions, near-matched columns, the engine and its options;
    without it the collation is recorded as made by ``"collatex"``.

    Parameters
    ----------
    source:
        As for :func:`load_collatex_json`.
    layout:
        ``"vertical"`` (``table[column][witness]``, CollateX Java) or ``"horizontal"``
        (``table[witness][column]``, CollateX Python).  By default the file's block says;
        else the table's shape; a square table is read as CollateX Python's when its tokens'
        ``_sigil`` say so, else as CollateX Java's documented vertical layout.
    normalizer:
        Makes ``norm`` for tokens without ``n`` (default: the default pipeline).
    filename:
        The name for error messages.

    Raises
    ------
    InputError
        Everything :func:`load_collatex_json` refuses; no ``table`` (witnesses alone: collate
        them); a table that fits neither layout, a cell that is not a list of tokens (or
        ``null``); witnesses given with ``tokens`` that differ from the table's; a malformed
        ``"witnesscollate"`` block, or a newer one than this version reads.

    Examples
    --------
    >>> c = load_collatex_alignment({"witnesses": ["A", "B"], "table": [
    ...     [[{"t": "the "}], [{"t": "the "}]], [[{"t": "black "}], []], [["cat"], ["cat"]]]})
    >>> [[cell.text for cell in col.cells] for col in c.columns]
    [['the', 'the'], ['black', ''], ['cat', 'cat']]
    """
    data, where, file = _document(source, filename)
    if "table" not in data:
        raise InputError(
            "this CollateX JSON holds witnesses but no alignment 'table'",
            source=where,
            hint="to align them: collate(load_collatex_json(path))",
        )
    return _alignment(data, where, file, layout, normalizer)


# --- alignment tables ------------------------------------------------------------------------


def _fits(table: list[Any], n: int, layout: str) -> bool:
    if layout == "vertical":
        return all(isinstance(seg, list) and len(seg) == n for seg in table)
    return (
        len(table) == n
        and all(isinstance(row, list) for row in table)
        and len({len(row) for row in table}) <= 1
    )


def _layout(
    table: list[Any], sigla: Sequence[str], layout: str | None, ext: Mapping[str, Any], where: str
) -> str:
    """The table's layout: as asked, as the file says, or from its shape."""
    n = len(sigla)
    wanted = layout if layout is not None else ext.get("layout")
    if wanted is not None:
        if wanted not in LAYOUTS:
            raise InputError(
                f"unknown table layout {wanted!r}",
                source=where,
                hint="use 'vertical' or 'horizontal'",
            )
        if not _fits(table, n, wanted):
            shape = (
                f"a list of {n} cells (one per witness) in every column"
                if wanted == "vertical"
                else f"{n} rows (one per witness) of equal length"
            )
            raise InputError(f"the {wanted} table needs {shape}", source=where)
        return str(wanted)
    vertical, horizontal = _fits(table, n, "vertical"), _fits(table, n, "horizontal")
    if vertical != horizontal:
        return "vertical" if vertical else "horizontal"
    if not vertical:
        raise InputError(
            f"the table fits neither layout for its {n} witnesses",
            source=where,
            hint="CollateX Java writes table[column][witness], CollateX Python table[witness][column]",
        )
    # Square: CollateX Python's tokens name their witness (and Python writes rows).
    for i, row in enumerate(table):
        for j, cell in enumerate(row):
            for item in cell if i != j and isinstance(cell, list) else ():
                owner = item.get("_sigil") if isinstance(item, Mapping) else None
                if owner == sigla[i] != sigla[j]:
                    return "horizontal"
                if owner == sigla[j] != sigla[i]:
                    return "vertical"
    return "vertical"  # CollateX Java's documented layout


def _grid(table: list[Any], n: int, layout: str, where: str) -> list[list[list[dict[str, Any]]]]:
    """``grid[column][row]``: each cell's tokens as dicts (a string token becomes ``{"t": ...}``)."""
    ncols = len(table) if layout == "vertical" else (len(table[0]) if table else 0)
    grid: list[list[list[dict[str, Any]]]] = [[[] for _ in range(n)] for _ in range(ncols)]
    for c in range(ncols):
        for r in range(n):
            i, j = (c, r) if layout == "vertical" else (r, c)
            cell = table[i][j]
            if cell is None:
                continue
            if not isinstance(cell, list):
                raise InputError(
                    f"table[{i}][{j}] must be a list of tokens or null, got {cell!r:.60}",
                    source=where,
                )
            for k, item in enumerate(cell):
                if isinstance(item, str):
                    grid[c][r].append({"t": item})
                elif (type(item) is dict or isinstance(item, Mapping)) and isinstance(
                    item.get("t"), str
                ):
                    # shared, not copied, when CollateX added nothing: no reader changes it
                    if _INTERNAL.isdisjoint(item):
                        grid[c][r].append(item)  # type: ignore[arg-type]
                    else:
                        grid[c][r].append({a: v for a, v in item.items() if a not in _INTERNAL})
                else:
                    raise InputError(
                        f"table[{i}][{j}][{k}] must be a token (an object with a 't' string, "
                        f"or a string), got {item!r:.60}",
                        source=where,
                    )
    return grid


def _bad_block(where: str, what: str) -> InputError:
    return InputError(
        f"the '{EXTENSION}' block: {what}",
        source=where,
        hint="it is written by witnesscollate; remove it to read the CollateX table alone",
    )


def _int(value: Any, what: str, where: str, low: int = 0, high: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < low:
        raise _bad_block(where, f"{what} must be an integer >= {low}, got {value!r:.40}")
    if high is not None and value > high:
        raise _bad_block(where, f"{what} is {value}, beyond {high}")
    return value


def _opt_str(info: Mapping[str, Any], key: str, what: str, where: str) -> str | None:
    value = info.get(key)
    if value is not None and not isinstance(value, str):
        raise _bad_block(where, f"{what}: {key!r} must be a string, got {value!r:.40}")
    return value


def _block(data: Mapping[str, Any], where: str) -> Mapping[str, Any]:
    ext = data.get(EXTENSION)
    if ext is None:
        return {}
    if not isinstance(ext, Mapping):
        raise _bad_block(where, f"must be an object, got {ext!r:.40}")
    version = _int(ext.get("version", 1), "'version'", where, low=1)
    if version > EXTENSION_VERSION:
        raise InputError(
            f"the '{EXTENSION}' block is version {version}; this witnesscollate reads up to "
            f"{EXTENSION_VERSION}",
            source=where,
            hint="upgrade witnesscollate",
        )
    for key, kind in (
        ("witnesses", list),
        ("columns", list),
        ("transpositions", list),
        ("options", Mapping),
    ):
        if key in ext and not isinstance(ext[key], kind):
            raise _bad_block(
                where, f"{key!r} must be a{'n object' if kind is Mapping else ' list'}"
            )
    return ext


def _witness_info(
    ext: Mapping[str, Any], sigla: Sequence[str], where: str
) -> dict[str, Mapping[str, Any]]:
    info: dict[str, Mapping[str, Any]] = {}
    for k, entry in enumerate(ext.get("witnesses", ())):
        siglum = entry.get("id") if isinstance(entry, Mapping) else None
        if siglum not in sigla:
            raise _bad_block(
                where, f"witness {k} ({siglum!r:.40}) is not one of the table's: {', '.join(sigla)}"
            )
        info[str(siglum)] = entry
    return info


def _lacunae(
    info: Mapping[str, Any], siglum: str, ntokens: int, where: str
) -> list[tuple[Lacuna, Any]]:
    """The witness's lacunae, each with the columns it marks (``None``: place it by its span)."""
    out: list[tuple[Lacuna, Any]] = []
    given = info.get("lacunae", [])
    if not isinstance(given, list):
        raise _bad_block(where, f"witness {siglum!r}: 'lacunae' must be a list")
    for k, lac in enumerate(given):
        what = f"witness {siglum!r}, lacuna {k}"
        if not isinstance(lac, Mapping):
            raise _bad_block(where, f"{what} must be an object")
        position = _int(lac.get("position"), f"{what}: 'position'", where, high=ntokens)
        end = _int(lac.get("end"), f"{what}: 'end'", where, low=position, high=ntokens)
        line = lac.get("source_line")
        record = Lacuna(
            position=position,
            end=end,
            kind=_opt_str(lac, "kind", what, where) or "gap",
            reason=_opt_str(lac, "reason", what, where),
            extent=_opt_str(lac, "extent", what, where),
            xml_id=_opt_str(lac, "xml_id", what, where),
            source_line=None
            if line is None
            else _int(line, f"{what}: 'source_line'", where, low=1),
            block=_opt_str(lac, "block", what, where),
        )
        cols = lac.get("columns")
        if cols is not None and not isinstance(cols, list):
            raise _bad_block(where, f"{what}: 'columns' must be a list")
        out.append((record, cols))
    return out


def _table_witness(
    siglum: str,
    entry: Any,
    items: list[dict[str, Any]],
    info: Mapping[str, Any],
    where: str,
    normalizer: Normalizer | None,
    file: str | None,
) -> Witness:
    """A witness from its tokens in the table (or its own ``tokens``, when the same)."""
    if isinstance(entry, Mapping) and isinstance(entry.get("tokens"), list):
        own = entry["tokens"]
        mine = [t.get("t") if isinstance(t, Mapping) else None for t in own]
        theirs = [it["t"] for it in items]
        if mine != theirs:
            k = next(
                (i for i, (a, b) in enumerate(zip(mine, theirs, strict=False)) if a != b),
                min(len(mine), len(theirs)),
            )
            raise InputError(
                f"witness {siglum!r}: its 'tokens' ({len(mine)}) differ from its tokens in the "
                f"table ({len(theirs)}) at token {k}",
                source=where,
                hint="the table must hold every token of every witness once, in order",
            )
        items = [{a: v for a, v in t.items() if a not in _INTERNAL} for t in own]
    lead = info.get("leading_ws", "")
    if not isinstance(lead, str) or _spaces(_LEAD_WS.match(lead)) != lead:
        raise _bad_block(where, f"witness {siglum!r}: 'leading_ws' must be whitespace")
    if lead and items:
        items = [{**items[0], "t": lead + items[0]["t"]}, *items[1:]]
    w = _pretokenized(siglum, items, where, normalizer, file)
    meta = info.get("metadata", {})
    if not isinstance(meta, Mapping):
        raise _bad_block(where, f"witness {siglum!r}: 'metadata' must be an object")
    fields = {
        name: _opt_str(meta, name, f"witness {siglum!r}, metadata", where)
        for name in ("title", "date", "edition", "source", "repository", "language", "file")
    }
    normalizers = info.get("normalizers", w.normalizers)
    if not isinstance(normalizers, (list, tuple)) or not all(
        isinstance(x, str) for x in normalizers
    ):
        raise _bad_block(where, f"witness {siglum!r}: 'normalizers' must be a list of strings")
    return replace(
        w,
        leading_ws=lead if not items else w.leading_ws,
        metadata=WitnessMetadata(
            title=fields["title"] or siglum,
            date=fields["date"],
            edition=fields["edition"],
            source=fields["source"],
            repository=fields["repository"],
            language=fields["language"],
            file=fields["file"] or file,
        ),
        normalizers=tuple(normalizers),
        state=_opt_str(info, "state", f"witness {siglum!r}", where),
        base_siglum=_opt_str(info, "base_siglum", f"witness {siglum!r}", where),
    )


def _alignment(
    data: Mapping[str, Any],
    where: str,
    file: str | None,
    layout: str | None,
    normalizer: Normalizer | None,
) -> Collation:
    entries: list[Any] = data["witnesses"]
    sigla = _sigla(entries, where, bare=True)
    table = data["table"]
    if not isinstance(table, list):
        raise InputError(f"'table' must be a list, got {table!r:.60}", source=where)
    ext = _block(data, where)
    lay = _layout(table, sigla, layout, ext, where)
    grid = _grid(table, len(sigla), lay, where)
    ncols = len(grid)
    info = _witness_info(ext, sigla, where)

    witnesses: list[Witness] = []
    placed: list[list[int]] = []  # placed[r][k]: the column of token k of witness r
    for r, siglum in enumerate(sigla):
        items = [it for col in grid for it in col[r]]
        witnesses.append(
            _table_witness(siglum, entries[r], items, info.get(siglum, {}), where, normalizer, file)
        )
        placed.append([c for c in range(ncols) for _ in grid[c][r]])

    cells: list[list[Cell]] = [[] for _ in range(ncols)]
    for r, w in enumerate(witnesses):
        k = 0
        for c in range(ncols):
            size = len(grid[c][r])
            cells[c].append(Cell(tokens=w.tokens[k : k + size]))
            k += size

    for r, w in enumerate(witnesses):
        found = _lacunae(info.get(w.siglum, {}), w.siglum, len(w.tokens), where)
        for lac, cols in found:
            if cols is None:  # a segmented table: the columns its span covers
                pos = placed[r]
                start = pos[lac.position - 1] + 1 if lac.position > 0 else 0
                cols = range(start, pos[lac.end] if lac.end < len(pos) else ncols)
            for c in cols:
                c = _int(c, f"witness {w.siglum!r}: a lacuna's column", where, high=ncols - 1)
                if cells[c][r].lacuna is None:  # overlapping lacunae: the first keeps the cell
                    cells[c][r] = Cell(cells[c][r].tokens, lac)
        witnesses[r] = replace(w, lacunae=tuple(lac for lac, _ in found))

    flags: dict[int, tuple[int | None, bool]] = {}
    for k, entry in enumerate(ext.get("columns", ())):
        if not isinstance(entry, Mapping):
            raise _bad_block(where, f"column entry {k} must be an object")
        c = _int(entry.get("column"), f"column entry {k}: 'column'", where, high=ncols - 1)
        tid = entry.get("transposition")
        flags[c] = (
            None if tid is None else _int(tid, f"column {c}: 'transposition'", where),
            bool(entry.get("near", False)),
        )

    transpositions: list[Transposition] = []
    for k, entry in enumerate(ext.get("transpositions", ())):
        what = f"transposition {k}"
        if not isinstance(entry, Mapping) or not isinstance(entry.get("blocks"), list):
            raise _bad_block(where, f"{what} needs a 'blocks' list")
        tid = _int(entry.get("id"), f"{what}: 'id'", where)
        blocks: list[tuple[str, int, int]] = []
        for b in entry["blocks"]:
            if not (isinstance(b, list) and len(b) == 3 and b[0] in sigla):
                raise _bad_block(where, f"{what}: a block is [siglum, start, end], got {b!r:.60}")
            size = len(witnesses[sigla.index(b[0])].tokens)
            start = _int(b[1], f"{what}: a block's start", where, high=size)
            blocks.append(
                (b[0], start, _int(b[2], f"{what}: a block's end", where, low=start, high=size))
            )
        if "columns" in entry:
            if not isinstance(entry["columns"], list):
                raise _bad_block(where, f"{what}: 'columns' must be a list")
            tcols = tuple(
                _int(c, f"{what}: a column", where, high=ncols - 1) for c in entry["columns"]
            )
        else:  # a segmented table: the columns that hold its tokens
            tcols = tuple(
                sorted({placed[sigla.index(s)][i] for s, a, b in blocks for i in range(a, b)})
            )
            for c in tcols:
                flags.setdefault(c, (tid, False))
        transpositions.append(Transposition(id=tid, blocks=tuple(blocks), columns=tcols))

    columns = tuple(Column(tuple(cells[c]), *flags.get(c, (None, False))) for c in range(ncols))
    engine = ext.get("engine", "collatex")
    options = ext.get("options", {})
    return Collation(
        witnesses=tuple(witnesses),
        columns=columns,
        transpositions=tuple(transpositions),
        engine=engine if isinstance(engine, str) else "collatex",
        options=FrozenMap(options),
    )
