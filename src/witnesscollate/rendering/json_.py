"""The apparatus as JSON, with a documented, stable schema (``docs/apparatus.md``).

The output is deterministic: keys sorted, units in text order with their stable ids
(``app1``, ``app2``...), readings lemma first, witnesses in collation order, two-space
indentation, non-ASCII characters written as themselves.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from .._io import joined_bytes, joined_text
from ..model import (
    Apparatus,
    Block,
    Location,
    Reading,
    Segment,
    Stretch,
    VariantType,
    VariationUnit,
)
from .memo import Memo
from .options import JSONOptions

__all__ = ["SCHEMA", "apparatus_dict", "encode_json", "json_chunks", "json_schema", "render_json"]

SCHEMA = "witnesscollate-apparatus/2"

try:
    import orjson as _orjson
except ImportError:  # pragma: no cover - a dependency; the standard library writes the same
    _orjson = None  # type: ignore[assignment]


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the output, shipped as ``apparatus.schema.json``."""
    from importlib import resources

    text = resources.files(__package__).joinpath("apparatus.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


class _Maker:
    """Builds the document's objects, for :func:`render_json`, which only writes them: arrays
    are the records' own tuples where they have one and one object for equal ones (the
    flags, the empty ones).  A book's apparatus has millions of values, and each copy (or
    call to make one) is made and freed again.  :func:`apparatus_dict` gives a caller, who
    may change them, lists of their own (:func:`_thawed`); both give the same JSON text."""

    def __init__(self, positive: bool) -> None:
        self.positive = positive
        self._flags = Memo(_sorted_flags)  # (made once per set)

    # Every object's keys are written in sorted order, as the document has them: orjson
    # then writes them as they come, without sorting each of a book's hundreds of thousands
    # of objects (a quarter of its time).  ``test_json_objects_come_with_sorted_keys``
    # holds the order.

    def location(self, loc: Location) -> dict[str, Any]:
        return {
            "block": loc.block,
            "block_kind": loc.block_kind,
            "char_end": loc.char_end,
            "char_start": loc.char_start,
            "columns": loc.columns,
            "end": loc.end,
            "label": loc.label,
            "line": loc.line,
            "line_end": loc.line_end,
            "page": loc.page,
            "page_end": loc.page_end,
            "paragraph": loc.paragraph,
            "start": loc.start,
            "xml_ids": loc.xml_ids,
        }

    def reading(self, r: Reading) -> dict[str, Any]:
        shown = self.positive or not r.lemma
        unattested = r.unattested
        out = {
            # "attested": every witness of the reading attests it; per witness, the two lists
            "attested": not unattested,
            "attested_witnesses": (
                (r.attested_witnesses if unattested else r.witnesses) if shown else ()
            ),
            "cert": r.cert,
            "flags": self._flags[r.flags],
            "group": r.group,
            "lacuna": r.lacuna,
            "lemma": r.lemma,
            "sources": tuple(
                {"cert": c.cert, "citation": c.text, "ref": c.ref, "witness": c.witness}
                for c in r.sources
            )
            if r.sources
            else (),
            "substantive": r.substantive,
            "text": r.text,
            # (``_value_``: the value without the ``value`` property's Python calls, or the
            # Python ``__hash__`` of an enum key: both per reading of a book)
            "type": r.type._value_,
            "unattested": unattested,
            "witnesses": r.witnesses if shown else (),
            "ws": r.ws,
            "xml_ids": r.xml_ids,
        }
        if r.lead:  # (rare: written only where there is one, in its sorted place)
            out = dict(sorted({**out, "lead": r.lead}.items()))
        return out

    def unit(self, u: VariationUnit) -> dict[str, Any]:
        return {
            "children": tuple(c.id for c in u.children) if u.content else (),
            "id": u.id,
            "lemma_witness": u.lemma_witness,
            "location": self.location(u.location),
            "parent": u.parent,
            "readings": list(map(self.reading, u.readings)),
            "scope": u.scope,
            "substantive": u.substantive,
            "transposition": u.transposition,
            "type": u.type._value_,
        }

    def block(self, block: Block, selected: set[str]) -> dict[str, Any]:
        return {
            "index": block.index,
            "kind": block.kind,
            "number": block.number,
            "segments": self.segments(block.segments, selected),
        }

    def segments(self, segments: Sequence[Segment], selected: set[str]) -> list[dict[str, Any]]:
        """Text, milestones and units (those inside a unit's ``content`` too), in one loop:
        a book's running text has as many segments as units."""
        out: list[dict[str, Any]] = []
        for seg in segments:
            if isinstance(seg, VariationUnit):
                if seg.content:
                    content = self.segments(seg.content, selected)
                    out.append({"content": content, "selected": seg.id in selected, "unit": seg.id})
                else:
                    out.append({"selected": seg.id in selected, "unit": seg.id})
            elif isinstance(seg, Stretch):
                out.append({"text": seg.text})
            else:
                out.append({"milestone": seg.kind, "n": seg.n})
        return out


def _sorted_flags(flags: frozenset[VariantType]) -> tuple[str, ...]:
    """A reading's flags as the document lists them: their values, sorted."""
    return tuple(sorted(f.value for f in flags))


def _thawed(value: Any) -> Any:
    """``value`` with every array a new list (and every object a new dict), for a caller
    who may change them."""
    if isinstance(value, dict):
        return {k: _thawed(v) for k, v in value.items()}
    if isinstance(value, (tuple, list)):
        return [_thawed(v) for v in value]
    return value


def apparatus_dict(
    apparatus: Apparatus, *, positive: bool = True, segments: bool = True
) -> dict[str, Any]:
    """The JSON document as a Python dict (see ``docs/apparatus.md`` for the schema)."""
    doc: dict[str, Any] = _thawed(_document(apparatus, _Maker(positive), segments))
    return doc


def _document(apparatus: Apparatus, make: _Maker, segments: bool) -> dict[str, Any]:
    """The document, every object's keys in sorted order (see :class:`_Maker`)."""
    members = _members(apparatus, make, segments)
    return {key: list(value) if array else value for key, (array, value) in members}


def _members(
    apparatus: Apparatus, make: _Maker, segments: bool
) -> list[tuple[str, tuple[bool, Any]]]:
    """The document's members in sorted order, each with its value or (the flag true) the
    items of its array as an iterable: the units and the blocks are made as they are
    written (:func:`document_chunks`)."""
    members: dict[str, tuple[bool, Any]] = {
        k: (False, v) for k, v in _head(apparatus, make).items()
    }
    members["units"] = (True, map(make.unit, apparatus.units))
    if segments:
        members["blocks"] = (True, _blocks(apparatus, make))
    return sorted(members.items())


def _head(apparatus: Apparatus, make: _Maker) -> dict[str, Any]:
    """The document's members but its two long arrays (``blocks`` and ``units``)."""
    return {
        "base": apparatus.base,
        "engine": apparatus.engine,
        "filters": {k: _plain(v) for k, v in sorted(apparatus.filters.items())},
        "generator": {"name": "witnesscollate", "version": apparatus.version},
        "normalizers": list(apparatus.normalizers),
        "positive": make.positive,
        "profile": apparatus.profile,
        "schema": SCHEMA,
        "segmentation": apparatus.segmentation,
        "witnesses": [
            {
                "date": w.metadata.date,
                "language": w.metadata.language,
                "siglum": w.siglum,
                "state": w.state,
                "title": w.metadata.title,
            }
            for w in apparatus.witnesses
        ],
    }


def _blocks(apparatus: Apparatus, make: _Maker) -> Iterator[dict[str, Any]]:
    selected = {u.id for u in apparatus.units}
    return (make.block(b, selected) for b in apparatus.blocks)


def _has_orjson() -> bool:
    """Whether orjson writes the default indent (the standard library writes the rest)."""
    return _orjson is not None


def _plain(value: Any) -> Any:
    if isinstance(value, (tuple, list, frozenset, set)):
        return [_plain(v) for v in value]
    return value


def render_json(apparatus: Apparatus, options: JSONOptions) -> str:
    """The apparatus as a JSON string (ends with a newline).

    ``positive=False`` empties the lemma's ``witnesses`` (a negative apparatus);
    ``segments=False`` leaves out the running text (``blocks``).
    """
    return joined_text(json_chunks(apparatus, options))


def encode_json(apparatus: Apparatus, options: JSONOptions) -> bytes | str:
    """:func:`render_json`'s text as the UTF-8 bytes orjson writes, for a caller who writes
    them (which would encode the text into them again); the text itself where the standard
    library wrote a part (another indent than 2, a value orjson does not take, the members
    but the long arrays: :func:`json_chunks`)."""
    return joined_bytes(json_chunks(apparatus, options))


def json_chunks(apparatus: Apparatus, options: JSONOptions) -> Iterator[bytes | str]:
    """:func:`render_json`'s text in order, made a unit or a block at a time and given out
    some 64 kB at a time, as orjson's UTF-8 bytes (or, for a part orjson does not take, the
    standard library's text): what ``write()`` writes to the file as it comes.  With another
    indent than 2 (or without orjson) the standard library writes the document, in one
    part.

    A book's document as one tree of objects held 700 MB at ten witnesses of a million
    words, and the kernel's first touch of that memory took longer than writing the text:
    each unit's objects are now made, written and freed in turn (:func:`document_chunks`)."""
    make = _Maker(options.positive)
    # the filters' values are the caller's: an object among them may not come sorted
    presorted = not any(map(_holds_object, apparatus.filters.values()))
    if options.indent != 2 or not _has_orjson():  # (the standard library's text, whole)
        doc = _document(apparatus, make, options.segments)
        yield _encoded(doc, options.indent, newline=True, presorted=presorted)
        return
    members = _members(apparatus, make, options.segments)
    yield from document_chunks(members, presorted=True)  # (_Maker's objects)


def document_chunks(
    members: Iterable[tuple[str, tuple[bool, Any]]], *, presorted: bool, sort: bool = True
) -> Iterator[bytes | str]:
    """An object's text as :func:`dumps` writes it with an indent of 2 (a newline after it),
    in parts: ``members`` are its keys in the order written, each with its value, or (the
    flag true) with an iterable of the items of an array, each item written as it comes.
    ``presorted`` and ``sort`` as for :func:`dumps`, for the items' values.

    The members but the arrays (the document's head: a caller's filters among them) are the
    standard library's text, the reference whose floats (``1e-07``, ``NaN``) orjson writes
    otherwise.  Each item is written as the only item of the array in an object of one
    member, then cut out of that text, which indents it as the whole document does
    (``test_json_chunks_make_the_document``)."""
    yield b"{"
    first = True
    for key, (array, value) in members:
        yield b"\n" if first else b",\n"
        first = False
        if not array:
            yield json.dumps({key: value}, ensure_ascii=False, indent=2, sort_keys=sort)[2:-2]
            continue
        opening = json.dumps({key: []}, ensure_ascii=False, indent=2)  # {\n  "key": []\n}
        yield opening[2:-4]  # (the key as the encoders escape it)
        cut = len(opening) - 2  # {\n  "key": [\n, in characters; and in UTF-8 bytes:
        cut_bytes = len(opening.encode("utf-8", "surrogatepass")) - 2
        empty = True
        # (items' bytes go out a batch at a time: a part each cost the writer more than
        # orjson took to make the item, two parts an alteration of a book's report)
        batch: list[bytes] = []
        size = 0
        for item in value:
            batch.append(b"[\n" if empty else b",\n")
            empty = False
            # {"key": [item]} puts the item at the depth the document has it: four spaces in
            text = _encoded({key: [item]}, 2, newline=False, presorted=presorted, sort=sort)
            if isinstance(text, bytes):
                batch.append(text[cut_bytes:-6])
                size += len(text)
                if size >= _BATCH:
                    yield b"".join(batch)
                    batch, size = [], 0
            else:  # (the standard library's text: its own part)
                yield b"".join(batch)
                batch, size = [], 0
                yield text[cut:-6]
        if batch:
            yield b"".join(batch)
        yield b"[]" if empty else b"\n  ]"
    yield b"\n}\n" if not first else b"}\n"


#: The bytes of an array's items that :func:`document_chunks` gathers into one part.
_BATCH = 1 << 16


def _holds_object(value: Any) -> bool:
    """True if ``value`` is or holds a mapping (as :func:`_plain` leaves it)."""
    if isinstance(value, (tuple, list, frozenset, set)):
        return any(map(_holds_object, value))
    return isinstance(value, Mapping)


def dumps(
    doc: Any,
    indent: int | None,
    *,
    newline: bool = False,
    presorted: bool = False,
    sort_keys: bool = True,
) -> str:
    """``json.dumps(doc, ensure_ascii=False, indent=indent, sort_keys=sort_keys)``, the same
    text (and a newline after it if asked).  ``presorted``: every object's keys in ``doc``
    are in sorted order already, so orjson need not sort them; ``sort_keys=False``: the keys
    as each object has them.

    With the default indent of 2 orjson writes it (the standard library's encoder is pure
    Python when it indents: a book's apparatus of tens of megabytes took seconds); anything
    orjson does not take (an integer beyond 64 bits, a key that is not a string) goes to the
    standard library.  orjson writes the newline too: adding it to the text afterwards
    would copy the whole text once more (as long as decoding it).
    """
    return _text(
        _encoded(doc, indent, newline=newline, presorted=presorted or not sort_keys, sort=sort_keys)
    )


def _text(out: bytes | str) -> str:
    return out.decode("utf-8") if isinstance(out, bytes) else out


def _encoded(
    doc: Any, indent: int | None, *, newline: bool, presorted: bool, sort: bool = True
) -> bytes | str:
    """:func:`dumps`'s text as orjson's UTF-8 bytes, or as the standard library's text
    (``sort``: with its keys sorted, as ``presorted`` says they are or not)."""
    if indent == 2 and _orjson is not None:
        option = _orjson.OPT_INDENT_2 | (0 if presorted else _orjson.OPT_SORT_KEYS)
        if newline:
            option |= _orjson.OPT_APPEND_NEWLINE
        try:
            return _orjson.dumps(doc, option=option)
        except TypeError:
            pass
    text = json.dumps(doc, ensure_ascii=False, indent=indent, sort_keys=sort)
    return text + "\n" if newline else text
