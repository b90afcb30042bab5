"""The alteration report: what each witness of a chain changed, and whether it said so.

Scholars who compare a manuscript with the editions that followed it ask one question: *what
did each edition change, and did it say so?*  :func:`alterations` answers it for an ordered
chain of witnesses (e.g. ``H → T → K56 → CW → PSS``): every place where a witness's exact text
differs from its predecessor's (so «Вы» → «вы» counts, although the aligner matched them), with
the witness that introduced the new reading, the witnesses that keep it, the one that reverts
it, its class (from the apparatus classifier), whether an editorial note signals it (or an
earlier witness proposed it), and whether both readings are attested at all.

Assumptions: the collation's rows are in chronological order (the corpus manifests list
witnesses that way), so "an earlier witness" means an earlier row.  A witness with a lacuna at
a place says nothing there: the chain skips it, and the alteration lists it in ``skipped``.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from itertools import pairwise
from typing import TYPE_CHECKING

from ..errors import InputError, WitnessError
from ..model import Note, Token
from .alteration_records import Alteration, AlterationLocation, AlterationReport, SignalNote
from .citations import citations_of, least_certain

if TYPE_CHECKING:
    from ..alignment.collation import Collation
    from .apparatus import Apparatus

__all__ = [
    "Alteration",
    "AlterationLocation",
    "AlterationReport",
    "SignalNote",
    "alterations",
    "is_editorial_note",
]

#: Note types in which a witness comments on its own text (an edition's footnote, a
#: secretary's annotation, a transcriber's remark).  Notes the corpus encoder adds about sources,
#: attestation or open questions (``open-question``, ``citation``, ``attestation``...) are not
#: the witness's voice and signal nothing.  Untyped notes count as editorial.
EDITORIAL_NOTE_TYPES = frozenset(
    {"editorial", "annotation", "transcriber", "emendation", "correction", "footnote", "gloss"}
)
UNATTESTED = "unattested"
_WS = re.compile(r"\s+")


def is_editorial_note(note: Note) -> bool:
    """True for a note in which the witness (an edition, a scribe) comments on its text.

    The default rule of :func:`alterations`: an untyped note, or one whose ``@type`` is in
    :data:`EDITORIAL_NOTE_TYPES`.
    """
    return note.type is None or note.type.lower() in EDITORIAL_NOTE_TYPES


# --------------------------------------------------------------------------- the algorithm


@dataclass(frozen=True, slots=True)
class _Reading:
    siglum: str
    tokens: tuple[Token, ...]
    lacuna: bool

    @property
    def key(self) -> tuple[str, ...]:
        return tuple(t.text for t in self.tokens)

    @property
    def text(self) -> str:
        return _WS.sub(" ", "".join(t.text + t.ws for t in self.tokens)).strip()


class _Rows:
    """Per-witness lookups over the collation: cells, and the tokens around a column range."""

    def __init__(self, collation: Collation) -> None:
        self.collation = collation
        self.sigla = collation.sigla
        self.cells = {s: collation.row(s) for s in self.sigla}
        self.tokens = {w.siglum: w.tokens for w in collation.witnesses}
        self.witnesses = {w.siglum: w for w in collation.witnesses}
        self.files = {w.siglum: w.metadata.file for w in collation.witnesses if w.metadata.file}
        self._cache: dict[str, tuple[list[Token | None], list[Token | None]]] = {}

    def reading(self, siglum: str, lo: int, hi: int) -> _Reading:
        cells = self.cells[siglum][lo:hi]
        tokens = tuple(t for c in cells for t in c.tokens)
        return _Reading(siglum, tokens, any(c.is_lacuna for c in cells))

    def before(self, siglum: str, lo: int) -> Token | None:
        """The witness's last token before column ``lo``."""
        return self._neighbours(siglum)[0][lo]

    def after(self, siglum: str, hi: int) -> Token | None:
        """The witness's first token from column ``hi`` on."""
        return self._neighbours(siglum)[1][hi]

    def _neighbours(self, siglum: str) -> tuple[list[Token | None], list[Token | None]]:
        """For every column boundary, the token just before and just after it (computed once)."""
        if siglum not in self._cache:
            cells = self.cells[siglum]
            n = len(cells)
            prev: list[Token | None] = [None] * (n + 1)
            for i, cell in enumerate(cells):
                prev[i + 1] = cell.tokens[-1] if cell.tokens else prev[i]
            nxt: list[Token | None] = [None] * (n + 1)
            for i in range(n - 1, -1, -1):
                nxt[i] = cells[i].tokens[0] if cells[i].tokens else nxt[i + 1]
            self._cache[siglum] = (prev, nxt)
        return self._cache[siglum]


def alterations(
    collation: Collation,
    chain: Sequence[str],
    *,
    base: str | None = None,
    context: int = 4,
    note_filter: Callable[[Note], bool] = is_editorial_note,
    classify: Callable[[str, str], str] | None = None,
    apparatus: Apparatus | None = None,
    skip_unattested: bool = False,
) -> AlterationReport:
    """Every change along ``chain``: where each witness differs from its predecessor.

    Parameters
    ----------
    collation:
        The aligned witnesses (rows in chronological order).
    chain:
        Sigla in the order the text passed through them, e.g. ``["K56", "CW", "PSS"]``.
    base:
        The witness that gives locations (token offsets, paragraph, page, line); the last
        witness of the chain by default.
    context:
        How many words of the later witness to show on each side.
    note_filter:
        Which notes count as the witness's own editorial notes (:func:`is_editorial_note`).
    classify:
        ``classify(before, after) -> class``; the apparatus classifier by default.
    apparatus:
        The apparatus of the same collation, whose variation-unit ids the alterations name
        (``unit``); built with ``base`` if not given.
    skip_unattested:
        Treat a reading that stands in unattested text like a lacuna: the chain skips the
        witness there, so ``introduced_in`` is the first witness *known* to have the change.
        By default such readings take part and the alteration says which side is not attested.

    Raises
    ------
    WitnessError
        If the chain has fewer than two witnesses, repeats one, or names one that the
        collation does not have.
    InputError
        If ``context`` is negative.
    """
    chain = _check_chain(collation, chain, base)
    if not isinstance(context, int) or context < 0:
        raise InputError(f"context must be a number of words (0 or more), got {context!r}")
    base = base or chain[-1]
    rows = _Rows(collation)
    opts = _Options(
        base, context, note_filter, classify or _default_classifier(collation), skip_unattested
    )
    if apparatus is None:
        from .units import build_apparatus

        apparatus = build_apparatus(collation, base=base)
    spans = sorted((u.columns, u.id) for u in apparatus.units)
    ends = [u1 for (_, u1), _ in spans]
    found: list[Alteration] = []
    for lo, hi in _places(rows, chain):
        unit = _unit_of(spans, ends, lo, hi)
        found.extend(_alterations_at(rows, chain, lo, hi, opts, unit))
    numbered = tuple(replace(a, id=f"A{i:03d}") for i, a in enumerate(found, 1))
    return AlterationReport(
        chain=chain,
        alterations=numbered,
        base=base,
        titles={w.siglum: w.metadata.title or w.siglum for w in collation.witnesses},
        dates={w.siglum: w.metadata.date for w in collation.witnesses},
    )


def _check_chain(collation: Collation, chain: Sequence[str], base: str | None) -> tuple[str, ...]:
    if isinstance(chain, str):
        chain = [s.strip() for s in chain.split(",") if s.strip()]
    chain = tuple(chain)
    known = ", ".join(collation.sigla)
    if len(chain) < 2:
        raise WitnessError(
            f"an alteration chain needs at least two witnesses, got {list(chain)}",
            hint=f"give them in order, e.g. chain=[{', '.join(map(repr, collation.sigla[:3]))}]",
        )
    dup = sorted({s for s in chain if chain.count(s) > 1})
    if dup:
        raise WitnessError(f"the chain names {', '.join(dup)} more than once")
    for s in (*chain, *([base] if base else [])):
        if s not in collation.sigla:
            raise WitnessError(f"the chain names unknown siglum {s!r}", hint=f"use one of: {known}")
    return chain


def _places(rows: _Rows, chain: tuple[str, ...]) -> Iterator[tuple[int, int]]:
    """Runs of adjacent columns where the same chain witnesses change their predecessor's text.

    Adjacent columns join when the same steps of the chain change them and the same witnesses
    have lacunae there (so «нашей партии» → «наша партия» is one place, but two changes made by
    different editions side by side stay two, and a place never straddles a lacuna's edge).
    """
    n = len(rows.collation.columns)
    signature: list[tuple[tuple[bool, ...], tuple[bool, ...]] | None] = []
    for i in range(n):
        cells = [rows.cells[s][i] for s in chain]
        keys = [tuple(t.text for t in c.tokens) for c in cells if not c.is_lacuna]
        steps = tuple(a != b for a, b in pairwise(keys))
        lacunose = tuple(c.is_lacuna for c in cells)
        signature.append((lacunose, steps) if any(steps) else None)
    i = 0
    while i < n:
        if signature[i] is None:
            i += 1
            continue
        j = i + 1
        while j < n and signature[j] == signature[i]:
            j += 1
        yield i, j
        i = j


@dataclass(frozen=True, slots=True)
class _Options:
    base: str
    context: int
    note_filter: Callable[[Note], bool]
    classify: Callable[[str, str], str]
    skip_unattested: bool


def _alterations_at(
    rows: _Rows,
    chain: tuple[str, ...],
    lo: int,
    hi: int,
    opts: _Options,
    unit: tuple[str, int, int] | None,
) -> list[Alteration]:
    base, note_filter = opts.base, opts.note_filter
    readings = [rows.reading(s, lo, hi) for s in chain]
    unknown = [
        r.lacuna or (opts.skip_unattested and not _attested(rows, r, lo, hi)) for r in readings
    ]
    skipped = tuple(r.siglum for r, u in zip(readings, unknown, strict=True) if u)
    known = [r for r, u in zip(readings, unknown, strict=True) if not u]
    location = _location(rows, base, chain, lo, hi)
    columns = rows.collation.columns[lo:hi]
    transposition = next((c.transposition for c in columns if c.transposition is not None), None)
    out: list[Alteration] = []
    for k in range(1, len(known)):
        prev, cur = known[k - 1], known[k]
        if prev.key == cur.key:
            continue
        later = known[k + 1 :]
        kept: list[str] = []
        for r in later:
            if r.key != cur.key:
                break
            kept.append(r.siglum)
        reverted = next((r.siglum for r in later if r.key == prev.key), None)
        # Notes count on the tokens of the whole variation unit (or the token before it).
        n_lo, n_hi = (min(lo, unit[1]), max(hi, unit[2])) if unit else (lo, hi)
        own = _note_at(rows, cur.siglum, n_lo, n_hi, note_filter)
        proposal = None if own else _earlier_note(rows, chain, cur.siglum, n_lo, n_hi, note_filter)
        ctx_before, ctx_after = _context(rows, cur.siglum, lo, hi, opts.context)
        sources = citations_of(rows.witnesses[cur.siglum], cur.tokens)
        out.append(
            Alteration(
                id="",
                unit=unit[0] if unit else None,
                location=_with_ids(location, prev, cur, rows, base, lo, hi),
                before=prev.text,
                after=cur.text,
                type="transposition"
                if transposition is not None
                else opts.classify(prev.text, cur.text),
                predecessor=prev.siglum,
                introduced_in=cur.siglum,
                kept_in=tuple(kept),
                reverted_in=reverted,
                signalled=own is not None,
                note=own or proposal,
                proposed_in=proposal.witness if proposal else None,
                attested_before=_attested(rows, prev, lo, hi),
                attested_after=_attested(rows, cur, lo, hi),
                skipped=skipped,
                context_before=ctx_before,
                context_after=ctx_after,
                transposition=transposition,
                sources=sources,
                cert=least_certain(c.cert for c in sources),
                before_sources=citations_of(rows.witnesses[prev.siglum], prev.tokens),
            )
        )
    return out


def _location(
    rows: _Rows, base: str, chain: tuple[str, ...], lo: int, hi: int
) -> AlterationLocation:
    tokens = rows.reading(base, lo, hi).tokens
    where: Token | None
    if tokens:
        start, end, where = tokens[0].index, tokens[-1].index + 1, tokens[0]
    else:
        prev, nxt = rows.before(base, lo), rows.after(base, hi)
        start = prev.index + 1 if prev else (nxt.index if nxt else 0)
        end = start
        # The base has no text here: its neighbouring token gives paragraph/page/line (or,
        # if the base has no text at all, a chain witness that has some here).
        where = (
            prev
            or nxt
            or next((t for s in reversed(chain) for t in rows.reading(s, lo, hi).tokens), None)
        )
    return AlterationLocation(
        base=base,
        start=start,
        end=end,
        columns=(lo, hi),
        paragraph=where.paragraph if where else None,
        page=where.page if where else None,
        line=where.line if where else None,
    )


def _with_ids(
    loc: AlterationLocation,
    prev: _Reading,
    cur: _Reading,
    rows: _Rows,
    base: str,
    lo: int,
    hi: int,
) -> AlterationLocation:
    ids: list[str] = []
    sources: list[str] = []
    for reading in (prev, cur):
        ids.extend(t.xml_id for t in reading.tokens if t.xml_id and t.xml_id not in ids)
        # An empty reading is located by the token before it.
        anchor = rows.before(reading.siglum, lo)
        tokens = reading.tokens or ((anchor,) if anchor is not None else ())
        file = rows.files.get(reading.siglum)
        line = next((t.source_line for t in tokens if t.source_line is not None), None)
        if file and line is not None:
            sources.append(f"{file}:{line}")
    for t in rows.reading(base, lo, hi).tokens:
        if t.xml_id and t.xml_id not in ids:
            ids.append(t.xml_id)
    return replace(loc, xml_ids=tuple(ids), sources=tuple(sources))


def _note_at(
    rows: _Rows, siglum: str, lo: int, hi: int, note_filter: Callable[[Note], bool]
) -> SignalNote | None:
    """An editorial note on the witness's tokens at the place or on the token just before."""
    tokens = list(rows.reading(siglum, lo, hi).tokens)
    prev = rows.before(siglum, lo)
    if prev is not None:
        tokens.insert(0, prev)
    for tok in tokens:
        for note in tok.notes:
            if note_filter(note):
                return SignalNote(
                    siglum, _WS.sub(" ", note.text).strip(), note.type, note.resp,
                    note.xml_id, note.source_line,
                )  # fmt: skip
    return None


def _earlier_note(
    rows: _Rows,
    chain: tuple[str, ...],
    siglum: str,
    lo: int,
    hi: int,
    note_filter: Callable[[Note], bool],
) -> SignalNote | None:
    """A note at the place in a witness before ``siglum``: nearest chain witness first."""
    in_chain = list(reversed(chain[: chain.index(siglum)]))
    row = rows.sigla.index(siglum)
    others = [s for s in reversed(rows.sigla[:row]) if s not in chain]
    for s in (*in_chain, *others):
        found = _note_at(rows, s, lo, hi, note_filter)
        if found:
            return found
    return None


def _unattested(tok: Token | None) -> bool:
    return tok is not None and tok.supplied and (tok.reason or "").lower() == UNATTESTED


def _attested(rows: _Rows, reading: _Reading, lo: int, hi: int) -> bool:
    """A reading is attested unless it stands in unattested text.

    For an empty reading (the witness has nothing here), the tokens on either side decide: an
    absence in the middle of unattested text says nothing, unless the encoder attests it with
    a note of type ``attestation`` on the token just before ("no clause here: ...").
    """
    if reading.tokens:
        return not any(_unattested(t) for t in reading.tokens)
    prev, nxt = rows.before(reading.siglum, lo), rows.after(reading.siglum, hi)
    if prev is not None and any((n.type or "").lower() == "attestation" for n in prev.notes):
        return True
    neighbours = [t for t in (prev, nxt) if t is not None]
    return not neighbours or any(not _unattested(t) for t in neighbours)


def _context(rows: _Rows, siglum: str, lo: int, hi: int, n: int) -> tuple[str, str]:
    tokens = rows.tokens[siglum]
    reading = rows.reading(siglum, lo, hi).tokens
    prev = rows.before(siglum, lo)
    first = reading[0].index if reading else (prev.index + 1 if prev else 0)
    last = reading[-1].index + 1 if reading else first
    before = tokens[max(0, first - n) : first]
    after = tokens[last : last + n]

    def join(ts: Sequence[Token]) -> str:
        return _WS.sub(" ", "".join(t.text + t.ws for t in ts)).strip()

    return join(before), join(after)


def _default_classifier(collation: Collation) -> Callable[[str, str], str]:
    """The apparatus classifier (:func:`~.classify.classify_pair`) as ``(before, after) -> str``.

    ``before`` plays the lemma: an alteration that drops text is an omission, one that adds
    text an addition.
    """
    from .classify import classify_pair, get_morphology

    morphology = get_morphology()

    def run(before: str, after: str) -> str:
        return classify_pair(before, after, morphology)[0].value

    return run


def _unit_of(
    spans: Sequence[tuple[tuple[int, int], str]], ends: Sequence[int], lo: int, hi: int
) -> tuple[str, int, int] | None:
    """The variation unit (id, first and end column) whose columns overlap ``lo:hi``.

    ``spans`` are the units' column ranges in order and ``ends`` their end columns (units do
    not overlap), so a binary search finds the candidate.
    """
    i = bisect_right(ends, lo)  # the first unit that ends after ``lo``
    if i < len(spans):
        (u0, u1), uid = spans[i]
        if u0 < hi and lo < u1:
            return uid, u0, u1
    return None
