"""The apparatus as JSON, with a documented, stable schema (``docs/apparatus.md``).

The output is deterministic: keys sorted, units in text order with their stable ids
(``app1``, ``app2``...), readings lemma first, witnesses in collation order, two-space
indentation, non-ASCII characters written as themselves.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from ..model import (
    Apparatus,
    Block,
    Location,
    Milestone,
    Reading,
    Segment,
    Stretch,
    VariantType,
    VariationUnit,
)
from .options import JSONOptions

__all__ = ["SCHEMA", "apparatus_dict", "json_schema", "render_json"]

SCHEMA = "witnesscollate-apparatus/2"

try:
    import orjson as _orjson
except ImportError:  # pragma: no cover - a dependency; the standard library writes the same
    _orjson = None  # type: ignore[assignment]
_ORJSON_OPTIONS = _orjson.OPT_INDENT_2 | _orjson.OPT_SORT_KEYS if _orjson is not None else 0


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the output, shipped as ``apparatus.schema.json``."""
    from importlib import resources

    text = resources.files(__package__).joinpath("apparatus.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


class _Maker:
    """Builds the document's objects.  ``fresh`` (:func:`apparatus_dict`): every array a new
    list, as a caller may change them.  Otherwise (:func:`render_json`, which only writes the
    document) arrays are tuples, the records' own where they have one and one object for equal
    ones (the flags, the empty ones): a book's apparatus has millions of values, and each copy
    is made and freed again.  Both give the same JSON text."""

    def __init__(self, positive: bool, fresh: bool) -> None:
        self.positive = positive
        self.fresh = fresh
        self.array: Callable[[Iterable[Any]], Sequence[Any]] = list if fresh else tuple
        self._flags: dict[frozenset[VariantType], Sequence[str]] = {}

    def flags(self, flags: frozenset[VariantType]) -> Sequence[str]:
        if self.fresh:
            return sorted(f.value for f in flags)
        out = self._flags.get(flags)
        if out is None:
            out = self._flags[flags] = tuple(sorted(f.value for f in flags))
        return out

    def location(self, loc: Location) -> dict[str, Any]:
        return {
            "paragraph": loc.paragraph,
            "page": loc.page,
            "line": loc.line,
            "page_end": loc.page_end,
            "line_end": loc.line_end,
            "start": loc.start,
            "end": loc.end,
            "char_start": loc.char_start,
            "char_end": loc.char_end,
            "columns": self.array(loc.columns),
            "xml_ids": self.array(loc.xml_ids),
            "block": loc.block,
            "block_kind": loc.block_kind,
            "label": loc.label,
        }

    def reading(self, r: Reading) -> dict[str, Any]:
        array = self.array
        shown = self.positive or not r.lemma
        return {
            "text": r.text,
            "ws": r.ws,
            "witnesses": array(r.witnesses) if shown else array(()),
            "lemma": r.lemma,
            "type": _VALUES[r.type],
            "flags": self.flags(r.flags),
            "group": r.group,
            # "attested": every witness of the reading attests it; per witness, the two lists
            "attested": not r.unattested,
            "attested_witnesses": (
                array(r.attested_witnesses if r.unattested else r.witnesses) if shown else array(())
            ),
            "unattested": array(r.unattested),
            "substantive": r.substantive,
            "lacuna": r.lacuna,
            "xml_ids": array(r.xml_ids),
            "sources": array(
                {"witness": c.witness, "ref": c.ref, "citation": c.text, "cert": c.cert}
                for c in r.sources
            )
            if r.sources
            else array(()),
            "cert": r.cert,
        }

    def unit(self, u: VariationUnit) -> dict[str, Any]:
        array = self.array
        return {
            "id": u.id,
            "type": _VALUES[u.type],
            "substantive": u.substantive,
            "transposition": u.transposition,
            "parent": u.parent,
            "scope": array(u.scope),
            "lemma_witness": u.lemma_witness,
            "children": array(c.id for c in u.children) if u.content else array(()),
            "location": self.location(u.location),
            "readings": array([self.reading(r) for r in u.readings]),
        }

    def block(self, block: Block, selected: set[str]) -> dict[str, Any]:
        return {
            "index": block.index,
            "kind": block.kind,
            "number": block.number,
            "segments": self.array([self.segment(s, selected) for s in block.segments]),
        }

    def segment(self, seg: Segment, selected: set[str]) -> dict[str, Any]:
        if isinstance(seg, Stretch):
            return {"text": seg.text}
        if isinstance(seg, Milestone):
            return {"milestone": seg.kind, "n": seg.n}
        out: dict[str, Any] = {"unit": seg.id, "selected": seg.id in selected}
        if seg.content:
            out["content"] = self.array([self.segment(s, selected) for s in seg.content])
        return out


_VALUES = {t: t.value for t in VariantType}


def apparatus_dict(
    apparatus: Apparatus, *, positive: bool = True, segments: bool = True
) -> dict[str, Any]:
    """The JSON document as a Python dict (see ``docs/apparatus.md`` for the schema)."""
    return _document(apparatus, _Maker(positive, fresh=True), segments)


def _document(apparatus: Apparatus, make: _Maker, segments: bool) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "schema": SCHEMA,
        "generator": {"name": "witnesscollate", "version": apparatus.version},
        "base": apparatus.base,
        "positive": make.positive,
        "segmentation": apparatus.segmentation,
        "profile": apparatus.profile,
        "engine": apparatus.engine,
        "normalizers": list(apparatus.normalizers),
        "filters": {k: _plain(v) for k, v in apparatus.filters.items()},
        "witnesses": [
            {
                "siglum": w.siglum,
                "title": w.metadata.title,
                "date": w.metadata.date,
                "state": w.state,
                "language": w.metadata.language,
            }
            for w in apparatus.witnesses
        ],
        "units": make.array([make.unit(u) for u in apparatus.units]),
    }
    if segments:
        selected = {u.id for u in apparatus.units}
        doc["blocks"] = make.array([make.block(b, selected) for b in apparatus.blocks])
    return doc


def _plain(value: Any) -> Any:
    if isinstance(value, (tuple, list, frozenset, set)):
        return [_plain(v) for v in value]
    return value


def render_json(apparatus: Apparatus, options: JSONOptions) -> str:
    """The apparatus as a JSON string (ends with a newline).

    ``positive=False`` empties the lemma's ``witnesses`` (a negative apparatus);
    ``segments=False`` leaves out the running text (``blocks``).
    """
    doc = _document(apparatus, _Maker(options.positive, fresh=False), options.segments)
    return dumps(doc, options.indent) + "\n"


def dumps(doc: Any, indent: int | None) -> str:
    """``json.dumps(doc, ensure_ascii=False, indent=indent, sort_keys=True)``, the same text.

    With the default indent of 2 orjson writes it (the standard library's encoder is pure
    Python when it indents: a book's apparatus of tens of megabytes took seconds); anything
    orjson does not take (an integer beyond 64 bits, a key that is not a string) goes to the
    standard library.
    """
    if indent == 2 and _orjson is not None:
        try:
            return _orjson.dumps(doc, option=_ORJSON_OPTIONS).decode("utf-8")
        except TypeError:
            pass
    return json.dumps(doc, ensure_ascii=False, indent=indent, sort_keys=True)
