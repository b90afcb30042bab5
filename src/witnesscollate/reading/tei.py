"""TEI P5 witnesses: one document, one witness per revision state.

:func:`load_tei` reads one state of a TEI document as a :class:`~witnesscollate.model.Witness`;
:func:`load_tei_states` reads them all.  Parsing is safe (see :mod:`.safexml`); the witness
text is built by :mod:`.teitext`; the metadata comes from :mod:`.teiheader`.

States and sigla
----------------
A document without ``add``/``del``/``restore`` has one text: every state name gives the same
witness, with ``state=None`` and the plain siglum.  A revised document has:

``"ac"``
    *ante correctionem*: the text before any revision (``del`` kept, ``add`` left out);
    siglum ``"B3 a.c."``.
``"pc"``
    *post correctionem*: the text after every revision; siglum ``"B3 p.c."``.  The default.
``"pc-<hand>"``
    only when revisions come in more than one hand: the text with only that hand's revisions
    applied (``"pc-LI"``, siglum ``"B3 p.c. (LI)"``).  Revisions that name no hand belong to
    the hand ``"unattributed"``.

The document's siglum is, in order: the ``siglum`` argument, ``TEI/@xml:id``,
``text/@xml:id``, ``TEI/@n``, ``text/@n``, the file name without extension.  The state suffix
is added to it, except that :func:`load_tei` uses an explicit ``siglum`` as given (so a corpus
manifest can name each state's witness itself); ``base_siglum`` is always the document's.

Tokens
------
Besides text, whitespace and ``norm``, each token carries where it came from (``xml_id``,
``page``/``column``/``line`` from ``pb``/``cb``/``lb``, ``paragraph``, ``source_line``: its
line in the file), ``hand``, ``rend``, the ``supplied``/``unclear``/``damaged`` flags with
``reason`` and ``source`` (``"#PSS"`` becomes ``"PSS"``), the citation of attested text
(``evidence``: the ids in the ``@source`` of the nearest enclosing element other than
``supplied``, with its ``cert``), ``display`` (the other side of a ``choice``) and the
``notes`` that follow it.  Text from a revision has ``extra["revision"]``
(``"add"`` or ``"del"``), ``extra["revision_hand"]`` and, if given, ``extra["place"]``
(``"above"``, ``"margin"``...).  Gaps, lacunae and illegible damage are
:class:`~witnesscollate.model.Lacuna` records on the witness, at token positions; a word with
a gap inside is one token with ``partly_lost`` set, covered by its lacuna.

What the reader does with every TEI element is listed in ``docs/tei.md``; what it did with a
given document, element by element, is the :class:`~.teireport.ReaderReport` it fills when
given one (``report=``).  Nothing is dropped or read against TEI's definition without an error
or a :class:`~witnesscollate.errors.TEIWarning`.
"""

from __future__ import annotations

import sys
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from itertools import chain, repeat
from operator import attrgetter
from typing import Any

import numpy as np
from lxml import etree

from ..errors import InputError, TEIError, UnknownStateError
from ..model import FrozenMap, Lacuna, Note, Token, Witness, WitnessMetadata
from ..model._base import EMPTY_MAP, paused_gc
from ..model.witness import provenance, token_places, token_run
from ..normalization import Normalizer, default_pipeline
from ..tokenization import TokenColumns, Tokenizer, tokenize
from .safexml import ParseLimits, XMLSource, parse_xml
from .teiheader import TEI_NS, document_siglum, read_metadata, source_line
from .teiindex import ReadOptions, TextIndex, check_on_unknown, index_text
from .teireport import ReaderReport
from .teiruns import Built, LacunaMark, Run
from .teitext import TextWalker
from .text import _MAKE, columns_of, normalizer_names

__all__ = [
    "CHOICE_CHILDREN",
    "DEFAULT_CHOICE",
    "ReaderReport",
    "load_tei",
    "load_tei_states",
    "revision_states",
]

DEFAULT_CHOICE: tuple[str, ...] = ("corr", "reg", "expan")
"""The ``choice`` children compared by default: the corrected, regularized, expanded side."""

CHOICE_CHILDREN = frozenset({"sic", "corr", "orig", "reg", "abbr", "expan", "seg", "unclear"})


def _options(
    choice: str | Iterable[str],
    reading: str | None,
    strict: bool,
    on_unknown: str,
    treat_as: Mapping[str, str] | None,
) -> ReadOptions:
    names = frozenset([choice] if isinstance(choice, str) else choice)
    unknown = sorted(names - CHOICE_CHILDREN)
    if unknown or not names:
        raise InputError(
            f"unknown choice children {unknown or '(none)'}",
            hint=f"name the sides to compare among: {', '.join(sorted(CHOICE_CHILDREN))}",
        )
    if reading is not None and (not isinstance(reading, str) or not reading.strip()):
        raise InputError(
            f"reading must be a siglum or an xml:id, got {reading!r}",
            hint='e.g. reading="B" reads the <rdg wit="#B"> of each <app>',
        )
    treat = dict(treat_as or {})
    for key, value in treat.items():
        if not isinstance(key, str) or not isinstance(value, str) or not value:
            raise InputError(
                f"treat_as maps element names to TEI element names, got {key!r}: {value!r}",
                hint='e.g. treat_as={"mdel": "del", "sga-add": "add", "{urn:x}note": "drop"}',
            )
    return ReadOptions(
        choice=names,
        reading=reading.lstrip("#") if reading else None,
        strict=bool(strict),
        on_unknown=check_on_unknown(on_unknown),
        treat_as=treat,
    )


@dataclass(frozen=True, slots=True)
class _Document:
    """A parsed TEI document: its ``text`` element (kept only if it has states), metadata..."""

    name: str
    text: etree._Element | None
    metadata: WitnessMetadata
    siglum: str
    states: dict[str, frozenset[str]]
    revised: bool
    first: Built
    options: ReadOptions
    index: TextIndex


def _open(
    source: XMLSource,
    siglum: str | None,
    filename: str | None,
    limits: ParseLimits | None,
    options: ReadOptions,
    report: ReaderReport | None,
) -> _Document:
    tree, name = parse_xml(source, filename=filename, limits=limits)
    root = tree.getroot()
    qname = etree.QName(root)
    if qname.namespace != TEI_NS or qname.localname != "TEI":
        found = f"<{qname.localname}>" + (f" in {qname.namespace}" if qname.namespace else "")
        hint = f'the root must be <TEI xmlns="{TEI_NS}">'
        if qname.localname == "teiCorpus":
            hint = "a teiCorpus holds several documents: load each <TEI> separately"
        elif qname.localname == "TEI":
            hint = f'add the TEI namespace: <TEI xmlns="{TEI_NS}">'
        raise TEIError(
            f"not a TEI P5 document: the root is {found}",
            source=name,
            line=source_line(root),
            hint=hint,
        )
    text = root.find(f"{{{TEI_NS}}}text")
    if text is None:
        documentary = root.find(f"{{{TEI_NS}}}sourceDoc") is not None
        raise TEIError(
            "the document has no <text> element",
            source=name,
            line=source_line(root),
            hint=(
                "a documentary transcription (<sourceDoc>: surfaces, zones, lines) is not "
                "read; give the witness's text in TEI/text/body"
                if documentary
                else "the witness text must be in TEI/text/body"
            ),
        )
    file_name = None if name.startswith("<") else name
    metadata = replace(read_metadata(root, text, file_name), read_with=options.text_options())
    base = siglum if siglum is not None else document_siglum(root, text, file_name)
    if base is None or not base.strip():
        raise TEIError(
            "the document has no siglum",
            source=name,
            hint="pass siglum=..., or give <TEI> an xml:id",
        )
    if report is not None:
        report.sources.append(name)
    index = index_text(root, text, name, options, report)
    first = TextWalker(None, options, index, report)
    built = first.run(text)
    if not built.text.strip():
        raise TEIError(
            "the document has no witness text",
            source=name,
            line=source_line(text),
            hint="put the text in <text><body><p>...</p></body></text>",
        )
    states = revision_states(first.hands)
    revised = first.revisions > 0
    # Without revisions the first pass is the text: the tree can go before tokens are made
    # (nothing may keep an element of it alive).
    kept = text if revised else None
    if not revised:
        index.span_ends.clear()
        index.end_markers.clear()
    return _Document(name, kept, metadata, base.strip(), states, revised, built, options, index)


def revision_states(hands: Iterable[str]) -> dict[str, frozenset[str]]:
    """Each revision state's name and the hands whose revisions it applies, given the hands
    the first pass met (in document order): ``ac``, ``pc-<hand>`` if more than one, ``pc``."""
    found = list(hands)
    states: dict[str, frozenset[str]] = {"ac": frozenset()}
    if len(found) > 1:
        states.update({f"pc-{h}": frozenset({h}) for h in found})
    states["pc"] = frozenset(found)
    return states


_BIG = 1 << 20
"""Characters of text (a gap counting as 20) from which a freed tree is worth returning."""
_TRIM: Callable[[int], int] | bool | None = False


def _release_freed_memory() -> None:
    """Return the heap memory of a freed document tree to the system (glibc's ``malloc_trim``).

    libxml2 allocates the tree with ``malloc``; once lxml frees it, glibc keeps the pages,
    and the tokens made next (in Python's own arenas) cannot reuse them, so the peak memory of
    loading would be the tree *plus* the tokens instead of the larger of the two.  Elsewhere
    than glibc there is nothing to call, and nothing happens.
    """
    global _TRIM
    if _TRIM is False:
        _TRIM = None
        if sys.platform.startswith("linux"):
            try:
                import ctypes

                _TRIM = ctypes.CDLL("libc.so.6").malloc_trim
            except (OSError, AttributeError):
                _TRIM = None
    if callable(_TRIM):
        _TRIM(0)


def _state_siglum(base: str, state: str) -> str:
    if state == "ac":
        return f"{base} a.c."
    if state == "pc":
        return f"{base} p.c."
    return f"{base} p.c. ({state[3:]})"


# -- tokens ---------------------------------------------------------------------------------


class _Props:
    """Token properties by run, computed once per run rather than once per token."""

    __slots__ = ("built", "cache")

    def __init__(self, built: Built) -> None:
        self.built = built
        self.cache: list[dict[str, Any] | None] = [None] * len(built.runs)

    def base(self, k: int) -> dict[str, Any]:
        props = self.cache[k]
        if props is None:
            props = self.cache[k] = _run_props(self.built.runs[k])
        return props

    def across(self, k: int, end: int) -> dict[str, Any]:
        """The properties of run ``k``, with the flags of every later run before ``end``.

        A token that runs across elements is flagged if any of its characters is, and cites
        every work that attests part of it.
        """
        starts, runs = self.built.starts, self.built.runs
        props = dict(self.base(k))
        j = k + 1
        while j < len(starts) and starts[j] < end:
            other = runs[j].ctx
            if other.supplied and not props["supplied"]:
                props["reason"], props["source"] = other.reason, other.source
            props["supplied"] |= other.supplied
            props["unclear"] |= other.unclear
            props["damaged"] |= other.damaged
            new = [e for e in other.evidence if e not in props["evidence"]]
            if new:
                props["evidence"] = props["evidence"] + tuple(new)
            if props["cert"] is None:
                props["cert"] = other.cert
            j += 1
        return props


def _run_props(run: Run) -> dict[str, Any]:
    ctx, place = run.ctx, run.place
    return {
        "xml_id": ctx.xml_id,
        "page": place.page,
        "column": place.column,
        "line": place.line,
        "paragraph": place.paragraph,
        "block": place.block,
        "hand": ctx.hand if ctx.hand is not None else run.hand,
        "rend": ctx.rend,
        "supplied": ctx.supplied,
        "unclear": ctx.unclear,
        "damaged": ctx.damaged,
        "reason": ctx.reason,
        "source": ctx.source,
        "evidence": ctx.evidence,
        "cert": ctx.cert,
        "display": ctx.display,
        "extra": _extra(ctx.revision, ctx.revision_hand, ctx.place),
    }


def _extra(revision: str | None, revision_hand: str | None, place: str | None) -> Mapping[str, Any]:
    """A token's ``extra`` from its run's context: its revision, revision hand and place where
    it has them."""
    names = ("revision", "revision_hand", "place")
    values = (revision, revision_hand, place)
    return FrozenMap({k: v for k, v in zip(names, values, strict=True) if v is not None})


def _provs(
    siglum: str, runs: Iterable[Run], source_lines: Iterable[int | None]
) -> list[tuple[str, tuple[Any, ...]]]:
    """For each run and file line, what a token of that run on that line keeps: the siglum
    and the provenance tuple, in the order of
    :data:`~witnesscollate.model.witness.TOKEN_FIELDS` (what ``token_run(siglum,
    provenance(**_run_props(run), source_line=...))`` makes, without the two dicts and the
    calls: a transcription with a ``<lb/>`` every ten words has a run per line)."""
    return [
        (
            siglum,
            (
                xml_id,
                page,
                column,
                line,
                paragraph,
                source_line,
                hand if hand is not None else run_hand,
                rend,
                supplied,
                unclear,
                damaged,
                reason,
                source,
                display,
                (),
                EMPTY_MAP
                if revision is None and revision_hand is None and place is None
                else _extra(revision, revision_hand, place),
                evidence,
                cert,
                block,
                False,
            ),
        )
        for (
            (
                xml_id,
                hand,
                rend,
                supplied,
                unclear,
                damaged,
                reason,
                source,
                evidence,
                cert,
                display,
                revision,
                revision_hand,
                place,
                _,
                _,
            ),
            run_hand,
            (page, column, line, paragraph, block),
        ), source_line in zip(runs, source_lines, strict=True)
    ]


def _prov(run: Run, source_line: int | None) -> tuple[Any, ...]:
    """The provenance tuple of a token of ``run`` on file line ``source_line`` (see
    :func:`_provs`)."""
    return _provs("", (run,), (source_line,))[0][1]


def _partly_lost(
    marks: list[LacunaMark], cols: TokenColumns
) -> tuple[dict[int, list[LacunaMark]], list[LacunaMark]]:
    """Point marks that fall in or touch a word → that word; the others stand between tokens.

    A point inside a token, or touching a word with no whitespace between them (``pub<gap/>``),
    makes the word partly lost; one between words or next to punctuation is a lacuna there.
    """
    lost: dict[int, list[LacunaMark]] = {}
    between: list[LacunaMark] = []
    texts, starts = cols.texts, cols.starts
    n = len(starts)
    for mark in marks:
        if not mark.point:
            between.append(mark)
            continue
        p = mark.start
        k = bisect_right(starts, p) - 1
        target = None
        if k >= 0:
            end = starts[k] + len(texts[k])
            if starts[k] < p < end or (p == end and mark.joined_left and texts[k][0].isalnum()):
                target = k
        if target is None and mark.joined_right:
            j = bisect_left(starts, p)
            if j < n and starts[j] == p and texts[j][0].isalnum():
                target = j
        if target is None:
            between.append(mark)
        else:
            lost.setdefault(target, []).append(mark)
    return lost, between


def _notes(built: Built, starts: Sequence[int]) -> dict[int, list[Note]]:
    by_token: dict[int, list[Note]] = {}
    for offset, note in built.notes:
        index = max(bisect_left(starts, offset) - 1, 0)
        by_token.setdefault(index, []).append(note)
    return by_token


def _sorted_unique(values: np.ndarray) -> np.ndarray:
    """``np.unique(values)`` for a few sorted runs laid end to end (a stable sort merges
    them in linear time)."""
    values = np.sort(values, kind="stable")
    keep = np.ones(len(values), dtype=bool)
    keep[1:] = values[1:] != values[:-1]
    return values[keep]


def _tokens(
    built: Built,
    cols: TokenColumns,
    siglum: str,
    norm: Normalizer,
    lost_at: dict[int, tuple[int, ...]],
) -> tuple[Token, ...]:
    """Make the tokens; each distinct word is normalized once.

    A token's provenance comes from the run it starts in and the file line it is on, so the
    tokens are cut into stretches where neither changes; a stretch shares one provenance
    tuple and its tokens are made in C loops (``map`` over the zipped columns).  Only a
    token that runs across runs (a word partly in ``<hi>`` or ``<supplied>``, whose flags are
    merged), has a note, or is partly lost has provenance of its own.
    """
    texts, wss, starts = cols.texts, cols.wss, cols.starts
    n = len(texts)
    if not n:
        return ()
    places = token_places(starts)  # a token's index and start, as one integer
    notes = _notes(built, starts)
    props = _Props(built)
    lines = built.lines
    at = np.asarray(starts, dtype=np.int64)
    run_starts = np.asarray(built.starts, dtype=np.int64)
    line_starts = np.asarray(built.line_starts, dtype=np.int64)
    # A token runs across runs when a later run starts inside it: only the last token that
    # starts before a run can.
    before = np.searchsorted(at, run_starts[1:], side="left") - 1
    inside = before >= 0
    before, later = before[inside], run_starts[1:][inside]
    lengths = np.fromiter(map(len, map(texts.__getitem__, before.tolist())), np.int64, len(before))
    across = np.unique(before[at[before] + lengths > later])
    special = across
    if lost_at or notes:
        special = np.union1d(across, np.fromiter((*lost_at, *notes), np.int64))
    # Stretches: cut where a run or a line starts, and around each special token.
    cuts = np.concatenate(
        (
            np.searchsorted(at, run_starts, side="left"),
            np.searchsorted(at, line_starts, side="left"),
            special,
            special + 1,
        )
    )
    firsts = _sorted_unique(np.concatenate(([0], cuts[(cuts > 0) & (cuts < n)])))
    first_at = at[firsts]
    # the run a stretch starts in (the first run also takes text before it, as it always
    # has) and its line + 1 (0: before the first line start, no source line)
    runs = np.maximum(np.searchsorted(run_starts, first_at, side="right") - 1, 0)
    line_at = np.searchsorted(line_starts, first_at, side="right")
    # Stretches of one run and line share one tuple (one per line of a transcription), made
    # in one comprehension; each pair of run and line is made once.  Both grow along the
    # text, so equal pairs are neighbours.
    pairs = runs * (len(line_starts) + 1) + line_at
    new = np.ones(len(pairs), dtype=bool)
    new[1:] = pairs[1:] != pairs[:-1]
    pair_at = np.flatnonzero(new)
    pair_of = np.cumsum(new) - 1
    source_lines: list[int | None] = [None, *lines]
    made = _provs(
        siglum,
        map(built.runs.__getitem__, runs[pair_at].tolist()),
        map(source_lines.__getitem__, line_at[pair_at].tolist()),
    )
    owns = list(map(made.__getitem__, pair_of.tolist()))
    crossing = set(across.tolist())
    # A special token is a stretch of its own: its run's flags merged with those of the runs
    # it runs across, its notes, the offsets where it is partly lost.
    for j in np.searchsorted(firsts, special).tolist():
        a = int(firsts[j])
        k = int(runs[j])
        source_line = source_lines[int(line_at[j])]
        run = props.across(k, starts[a] + len(texts[a])) if a in crossing else props.base(k)
        offsets = lost_at.get(a) if lost_at else None
        extra = run["extra"]
        owns[j] = token_run(
            siglum,
            provenance(
                **{
                    **run,
                    "source_line": source_line,
                    "notes": tuple(notes[a]) if a in notes else (),
                    "extra": extra if offsets is None else FrozenMap(dict(extra, lost_at=offsets)),
                    "partly_lost": offsets is not None,
                }
            ),
        )
    sizes = np.diff(firsts, append=n).tolist()
    own_of_token = chain.from_iterable(map(repeat, owns, sizes))  # (zip checks the count)
    # normalizers are pure: each distinct word is normalized once
    norms = {t: norm(t) for t in dict.fromkeys(texts)}
    return tuple(
        map(
            _MAKE, zip(texts, wss, map(norms.__getitem__, texts), places, own_of_token, strict=True)
        )
    )


# -- lacunae --------------------------------------------------------------------------------


def _lacuna(mark: LacunaMark, position: int, end: int) -> Lacuna:
    return Lacuna(
        position=position,
        end=end,
        kind="lacunaStart" if mark.kind == "lacuna" else mark.kind,
        reason=mark.reason,
        extent=mark.extent,
        xml_id=mark.xml_id,
        source_line=mark.source_line,
        block=mark.block,
    )


_BY_PLACE = attrgetter("position", "end")


def _point_lacunae(
    lost: dict[int, list[LacunaMark]], points: list[LacunaMark], cols: TokenColumns
) -> list[Lacuna]:
    """Lacunae of the point marks: one per partly lost word, one per point between tokens."""
    out: list[Lacuna] = []
    for index, marks in lost.items():
        # One lacuna per partly lost word, however many gaps it has (one cell, one column).
        first = marks[0]
        extents = [m.extent for m in marks if m.extent]
        reasons = [m.reason for m in marks if m.reason]
        out.append(
            Lacuna(
                position=index,
                end=index + 1,
                kind=first.kind,
                reason=reasons[0] if reasons else None,
                extent=" + ".join(extents) or None,
                xml_id=first.xml_id,
                source_line=first.source_line,
            )
        )
    starts = cols.starts
    for mark in points:
        # Not inside a token (that token would be partly lost): before the next one.
        position = bisect_left(starts, mark.start)
        out.append(_lacuna(mark, position, position))
    return out


def _range_lacunae(
    ranges: list[LacunaMark],
    point_at: list[int],
    cols: TokenColumns,
    tokens: tuple[Token, ...],
) -> list[Lacuna]:
    """Lacunae of the marks that cover text: ``lacunaStart``/``lacunaEnd``, ``damage``."""
    if not ranges:
        return []
    starts = cols.starts
    ends = [s + len(t) for s, t in zip(starts, cols.texts, strict=True)]
    out: list[Lacuna] = []
    for mark in ranges:
        position = bisect_right(ends, mark.start)  # first token ending after the mark starts
        end = max(bisect_left(starts, mark.end), position)
        if mark.kind == "damage" and not _damage_is_lacuna(
            mark, ranges, point_at, tokens[position:end]
        ):
            continue
        out.append(_lacuna(mark, position, end))
    return out


def _damage_is_lacuna(
    mark: LacunaMark, ranges: list[LacunaMark], point_at: list[int], inside: tuple[Token, ...]
) -> bool:
    """Damage is a lacuna when nothing in it is legible: only unclear or supplied text.

    Damage with no text in it is a lacuna unless another lacuna inside it (a gap) says so.
    """
    if inside:
        return all(t.unclear or t.supplied for t in inside)
    k = bisect_left(point_at, mark.start)
    if k < len(point_at) and point_at[k] <= mark.end:
        return False
    return not any(
        m is not mark and m.kind != "damage" and mark.start <= m.start <= mark.end for m in ranges
    )


def _witness(
    doc: _Document,
    state: str,
    siglum: str,
    tokenizer: Tokenizer,
    normalizer: Normalizer | None,
) -> Witness:
    if doc.revised:
        assert doc.text is not None
        built = TextWalker(doc.states[state], doc.options, doc.index).run(doc.text)
    else:
        built = doc.first
        if len(built.text) + 20 * len(built.marks) > _BIG:
            _release_freed_memory()  # the tree of a large document is gone: give it back
    cols = columns_of(built.text, tokenizer, source=doc.name)
    lost, between = _partly_lost(built.marks, cols)
    ranges = [m for m in between if not m.point]
    points = [m for m in between if m.point]
    lacunae = _point_lacunae(lost, points, cols)
    point_at = sorted(m.start for m in points) if ranges else []
    lost_at = {i: tuple(sorted({m.start - cols.starts[i] for m in ms})) for i, ms in lost.items()}
    # The marks are lacunae now: let them go before the tokens are made (millions of <gap/>).
    built.marks = []
    del lost, between, points
    norm = normalizer or default_pipeline(doc.metadata.language)
    # Every token is a new tracked object that lives on: the collector's passes over them
    # find nothing to free and cost a fifth of the time, so they wait until the end (and
    # are then moved to the oldest generation, not traversed by the next young collection).
    with paused_gc():
        tokens = _tokens(built, cols, siglum, norm, lost_at)
    lacunae += _range_lacunae(ranges, point_at, cols, tokens)
    lacunae.sort(key=_BY_PLACE)
    return Witness(
        siglum=siglum,
        tokens=tokens,
        metadata=doc.metadata,
        lacunae=tuple(lacunae),
        state=state if doc.revised else None,
        base_siglum=doc.siglum,
        normalizers=normalizer_names(normalizer, doc.metadata.language),
        leading_ws=cols.leading_ws,
    )


def _check_state(doc: _Document, state: str) -> None:
    if state not in doc.states:
        raise UnknownStateError(
            f"the document has no revision state {state!r}",
            source=doc.name,
            hint=f"use one of: {', '.join(doc.states)}",
        )


def load_tei(
    source: XMLSource,
    *,
    siglum: str | None = None,
    state: str = "pc",
    choice: str | Iterable[str] = DEFAULT_CHOICE,
    reading: str | None = None,
    strict: bool = True,
    on_unknown: str = "warn",
    treat_as: Mapping[str, str] | None = None,
    report: ReaderReport | None = None,
    filename: str | None = None,
    tokenizer: Tokenizer = tokenize,
    normalizer: Normalizer | None = None,
    limits: ParseLimits | None = None,
) -> Witness:
    """Read one revision state of a TEI P5 witness.

    Parameters
    ----------
    source:
        A path, the file's bytes, a binary or text file object, or a ``str`` of XML text.
    siglum:
        The witness's siglum, used as given; default the document's (see the module
        docstring) with the state's suffix (``"B3 a.c."``) if the document has revisions.
    state:
        ``"pc"`` (after revision, the default), ``"ac"`` (before), or ``"pc-<hand>"``.
    choice:
        Which ``choice`` children are compared (default ``corr``, ``reg``, ``expan``); the
        other side is kept in :attr:`Token.display`.  E.g. ``("sic", "orig", "abbr")`` for a
        diplomatic collation (which also reads ``am`` and leaves out ``ex``).
    reading:
        Inside an ``app``, read the reading of this witness (a siglum in its ``@wit``, or its
        ``xml:id`` or ``@n``) instead of the lemma; where an ``app`` has none, the lemma.
    strict:
        True (the default): an ``addSpan``/``delSpan`` (or ``undo``/``redo``/``damageSpan``)
        whose ``@spanTo`` names no element of the text, or one before it, is a
        :class:`~witnesscollate.errors.TEIError`.  False: a warning, and the span ends at the
        end of its enclosing block (paragraph, line...).
    on_unknown:
        What to do with an element that is not TEI (another namespace, or a project's own
        name): ``"warn"`` (keep its text, with a :class:`~witnesscollate.errors.TEIWarning`),
        ``"keep"`` (keep its text; listed in the report only) or ``"error"``.
    treat_as:
        A project's own elements as the TEI elements they stand for, or ``"drop"`` for
        elements whose content is not text: ``{"mdel": "del", "sga-add": "add"}``.  Keys are
        local names, ``prefix:name`` or ``{namespace}name``.
    report:
        A :class:`~witnesscollate.reading.teireport.ReaderReport` to fill with what the reader
        did with each element, and its warnings.
    filename:
        The name used in messages and metadata when ``source`` is bytes or a stream.
    tokenizer, normalizer:
        Replace the default tokenizer or normalization pipeline (by default the pipeline for
        the document's language).
    limits:
        Size and nesting limits of the safe parser.

    Raises
    ------
    InputError, TEIParseError, TEIError, UnknownStateError
        Unreadable input or options, not well-formed or unsafe XML, not TEI / no text /
        duplicate ``xml:id`` / a span that does not end (``strict``) / an unknown element
        (``on_unknown="error"``), a state the document does not have.

    Examples
    --------
    >>> w = load_tei('<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="A"><text><body>'
    ...              '<p>ставим <subst><del>ему</del><add>им</add></subst></p></body></text></TEI>')
    >>> w.siglum, w.text
    ('A p.c.', 'ставим им')
    """
    options = _options(choice, reading, strict, on_unknown, treat_as)
    # The walk's runs and places and the tokens are tracked objects that live until the end
    # or on: the collector's passes over them free nothing (see _witness).
    with paused_gc():
        doc = _open(source, siglum, filename, limits, options, report)
        _check_state(doc, state)
        if siglum is not None:
            final = siglum
        else:
            final = _state_siglum(doc.siglum, state) if doc.revised else doc.siglum
        return _witness(doc, state, final, tokenizer, normalizer)


def load_tei_states(
    source: XMLSource,
    *,
    siglum: str | None = None,
    choice: str | Iterable[str] = DEFAULT_CHOICE,
    reading: str | None = None,
    strict: bool = True,
    on_unknown: str = "warn",
    treat_as: Mapping[str, str] | None = None,
    report: ReaderReport | None = None,
    filename: str | None = None,
    tokenizer: Tokenizer = tokenize,
    normalizer: Normalizer | None = None,
    limits: ParseLimits | None = None,
) -> dict[str, Witness]:
    """Read every revision state of a TEI P5 witness: ``{"ac": ..., [...,] "pc": ...}``.

    ``siglum`` is the document's siglum, to which each state's suffix is added (``"B3 a.c."``,
    ``"B3 p.c."``).  A document without revisions gives ``"ac"`` and ``"pc"`` as the same
    witness object, with the plain siglum.  Other parameters as in :func:`load_tei`.
    """
    options = _options(choice, reading, strict, on_unknown, treat_as)
    with paused_gc():  # as in load_tei
        doc = _open(source, siglum, filename, limits, options, report)
        if not doc.revised:
            plain = _witness(doc, "pc", doc.siglum, tokenizer, normalizer)
            return {"ac": plain, "pc": plain}
        return {
            state: _witness(doc, state, _state_siglum(doc.siglum, state), tokenizer, normalizer)
            for state in doc.states
        }
