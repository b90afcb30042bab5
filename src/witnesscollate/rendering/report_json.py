"""The alteration report as JSON: the form other tools read.

The schema (documented in ``docs/alterations.md``) is::

    {"generator": "witnesscollate X.Y", "chain": [sigla], "base": siglum,
     "witnesses": [{"siglum", "title", "date"}],
     "summary": {siglum: {"alterations", "signalled", "silent", "unattested",
                          "by_type": {type: n}}},
     "alterations": [{"id", "unit", "location", "before", "after", "type", "predecessor",
                      "introduced_in", "kept_in", "reverted_in", "signalled", "proposed_in",
                      "note", "attested", "not_attested", "skipped", "context",
                      "transposition", "sources": [{"witness", "ref", "citation", "cert"}],
                      "cert", "before_sources": [...]}]}
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .._io import joined_text
from .._version import __version__
from ..model import Alteration, AlterationReport, Citation, VariantType
from .json_ import _has_orjson, _thawed, document_chunks, dumps
from .options import ReportOptions

__all__ = ["alteration_dict", "render_report_json", "report_json_chunks", "report_to_dict"]


def report_to_dict(report: AlterationReport) -> dict[str, Any]:
    """The report as plain data (lists, dicts, strings, numbers, booleans, None)."""
    doc: dict[str, Any] = _thawed(_document(report))
    return doc


def _document(report: AlterationReport) -> dict[str, Any]:
    """:func:`report_to_dict`'s data, its arrays the records' own tuples where they are
    (the encoders write both as arrays; a caller who may change them gets lists)."""
    return {key: list(value) if array else value for key, (array, value) in _members(report)}


def _members(report: AlterationReport) -> list[tuple[str, tuple[bool, Any]]]:
    """The document's members in order, each with its value or (the flag true) the items
    of its array as an iterable: the alterations and the differences are made as they are
    written (:func:`~.json_.document_chunks`)."""
    counts = report.counts()
    summary = {
        siglum: {**row, "by_type": counts.get(siglum, {})}
        for siglum, row in report.summary().items()
    }
    base = report.base
    doc: dict[str, Any] = {
        "generator": f"witnesscollate {__version__}",
        "chain": list(report.chain),
        "stemma": {
            s: {
                "exemplars": list(report.stemma.exemplars.get(s, ())),
                "relation": report.stemma.relation(s),
            }
            for s in report.stemma.order
        },
        "edges": [
            {"exemplar": e, "copy": c, "alterations": n}
            for (e, c), n in report.edge_counts().items()
        ],
        "translations": list(report.translations),
        "base": base,
        "witnesses": [
            {"siglum": s, "title": report.titles.get(s, s), "date": report.dates.get(s)}
            for s in report.chain
        ],
        "summary": summary,
        "alterations": (_alteration(a, base) for a in report),
        "siblings": [list(p) for p in report.siblings],
        "differences": (_alteration(d, base) for d in report.differences),
    }
    return [(k, (k in _LONG, v)) for k, v in doc.items()]


#: The report's arrays with an item per alteration or difference.
_LONG = frozenset({"alterations", "differences"})


def alteration_dict(a: Alteration, base: str) -> dict[str, Any]:
    """One alteration as plain data (see ``docs/alterations.md``)."""
    doc: dict[str, Any] = _thawed(_alteration(a, base))
    return doc


def _alteration(a: Alteration, base: str) -> dict[str, Any]:
    """:func:`alteration_dict`'s data with the record's own tuples, which both encoders
    write as arrays: a report along ten witnesses of a book has hundreds of thousands of
    alterations, and a list made of each tuple only to be written was a fifth of the
    document's making.  For the same reason the class's value is looked up, not read
    through the enum's descriptor."""
    loc = a.location
    note = a.note
    return {
        "id": a.id,
        "unit": a.unit,
        "location": {
            "base": base,
            "start": loc.start,
            "end": loc.end,
            "columns": loc.columns,
            "paragraph": loc.paragraph,
            "block_kind": loc.block_kind,
            "page": loc.page,
            "line": loc.line,
            "label": loc.label,
            "xml_ids": loc.xml_ids,
            "sources": a.tei_sources,
        },
        "before": a.before,
        "after": a.after,
        "type": _VALUES[a.type],
        "flags": sorted([_VALUES[f] for f in a.flags]) if a.flags else [],
        "predecessor": a.predecessor,
        "introduced_in": a.introduced_in,
        "candidates": a.candidates,
        "uncertain": len(a.candidates) > 1,
        "edges": a.edges,
        "kept_in": a.kept_in,
        "reverted_in": a.reverted_in,
        "signalled": a.signalled,
        "status": a.status,
        "proposed_in": a.proposed_in,
        "note": None
        if note is None
        else {
            "witness": note.witness,
            "text": note.text,
            "type": note.type,
            "kind": note.kind,
            "resp": note.resp,
            "xml_id": note.xml_id,
            "source_line": note.source_line,
        },
        "attested": a.attested_before and a.attested_after,
        "not_attested": a.not_attested,
        "skipped": a.skipped,
        "context": {"before": a.context_before, "after": a.context_after},
        "transposition": a.transposition,
        "sources": [_citation(c) for c in a.sources] if a.sources else [],
        "cert": a.cert,
        "before_sources": [_citation(c) for c in a.before_sources] if a.before_sources else [],
    }


#: A class's value by the class (``VariantType.value`` is a descriptor in Python).
_VALUES: dict[VariantType, str] = {t: t.value for t in VariantType}


def _citation(c: Citation) -> dict[str, Any]:
    return {"witness": c.witness, "ref": c.ref, "citation": c.text, "cert": c.cert}


def render_report_json(report: AlterationReport, options: ReportOptions | None = None) -> str:
    """The report as a JSON document (UTF-8 text, Cyrillic kept as is)."""
    return joined_text(report_json_chunks(report, options or ReportOptions()))


def report_json_chunks(report: AlterationReport, options: ReportOptions) -> Iterator[bytes | str]:
    """:func:`render_report_json`'s text in order, made an alteration at a time and given
    out some 64 kB at a time (UTF-8 bytes, or text where the standard library wrote a part),
    for ``write()``: a book's report along ten witnesses as one tree of objects was hundreds
    of megabytes made afresh."""
    indent = options.indent
    # (orjson with the default indent: the standard library's indenting encoder is Python,
    # and a book's report along ten witnesses is tens of megabytes)
    if indent != 2 or not _has_orjson():
        yield dumps(_document(report), indent, newline=True, sort_keys=False)
        return
    yield from document_chunks(_members(report), presorted=True, sort=False)
