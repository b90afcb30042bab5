"""The alteration report: what each witness changed in the text of its exemplar, and whether it said so.

Scholars who compare a manuscript with the editions that followed it ask one question: *what
did each edition change, and did it say so?*  :func:`alterations` answers it along a
:class:`~witnesscollate.model.Stemma` (a chain such as ``H → T → K56 → CW → PSS`` is a stemma
with one path), from the variation units of the apparatus, so the report and the apparatus
agree by construction: the same readings, the same class, the same attestation.

For every unit and every witness with an exemplar, the witness's reading is compared with the
reading of its nearest *known* ancestor: one whose text here is neither lost (a lacuna) nor
unattested (supplied from another witness).  Where the witnesses between them are not known
here, the change was made in one of them or in the witness itself: the alteration lists those
candidates and names none.  Roots (the original, independent translations) change nothing.

A change is *signalled* when the witness that made it says so at the place: an editorial note
of that witness anchored in the unit or right after it, or pointing into it (``@target``); its
bracket convention for interpolations (text it supplies as a gloss); or a declaration in its
``editorialDecl`` that covers the class (e.g. modernised orthography).  Each signalled
alteration carries its :class:`~witnesscollate.model.Signal`.
"""

from __future__ import annotations

import heapq
import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, fields, replace
from operator import attrgetter, itemgetter

from ..errors import InputError, WitnessError
from ..model import (
    Alteration,
    AlterationReport,
    Apparatus,
    Citation,
    Collation,
    FrozenMap,
    Location,
    Note,
    Reading,
    Signal,
    Stemma,
    Token,
    VariantType,
    VariationUnit,
    Witness,
)
from ..normalization import unify_quotes
from .citations import citations_of, least_certain
from .signals import declared_classes, is_editorial_note, note_signal
from .units import classify_reading

__all__ = ["alterations"]

_WS = re.compile(r"\s+")
_GLOSS_REASONS = frozenset({"editorial-gloss", "interpolation", "gloss"})


@dataclass(frozen=True, slots=True)
class _Options:
    context: int
    note_filter: Callable[[Note], bool]
    classify: Callable[
        [Reading, Reading, VariationUnit], tuple[VariantType, frozenset[VariantType]]
    ]
    sigla: tuple[str, ...]  # the apparatus's, in order (asked at each change: made once)
    typography: bool = False
    # each witness's notes that may quote an omission, with their words: read once per report
    quotable: dict[str, tuple[tuple[Note, tuple[str, ...]], ...]] = field(default_factory=dict)
    # each witness's notes that point somewhere (@target), by the ids they point to: found
    # once per report (see _targeting)
    targeting: dict[str, dict[str, list[tuple[int, Note]]]] = field(default_factory=dict)
    # whether each witness has a note anywhere: one without finds none at any place
    noted: dict[str, bool] = field(default_factory=dict)


def alterations(
    apparatus: Apparatus,
    stemma: Stemma,
    *,
    context: int = 4,
    note_filter: Callable[[Note], bool] = is_editorial_note,
    classify: Callable[
        [Reading, Reading, VariationUnit], tuple[VariantType, frozenset[VariantType]]
    ]
    | None = None,
    typography: bool = False,
) -> AlterationReport:
    """Every change along ``stemma``, from the units of ``apparatus``.

    Parameters
    ----------
    apparatus:
        The apparatus of the collation (its base gives the locations).  All its units count,
        whatever filter it carries.
    stemma:
        The transmission; witnesses of the stemma that the apparatus lacks are skipped (their
        copies inherit their exemplars).
    context:
        How many words of the later witness to show on each side.
    note_filter:
        Which notes count as a witness's own editorial notes (:func:`.signals.is_editorial_note`).
    classify:
        ``classify(before, after, unit) -> (class, flags)`` for two readings of a unit; the
        apparatus's profile by default (the reading's own class where ``before`` is the lemma).
    typography:
        Report changes of typography alone: the shape of a quotation mark (“ for ", ' for ",
        « for “), a heading set in capitals against the same words in ordinary case.  Off by
        default: they are the printer's house style, not an edition's alteration of the text;
        the apparatus still shows them.

    Raises
    ------
    WitnessError
        If the stemma shares fewer than two witnesses with the apparatus.
    InputError
        If ``context`` is negative.
    """
    if not isinstance(context, int) or context < 0:
        raise InputError(f"context must be a number of words (0 or more), got {context!r}")
    present = [s for s in stemma.order if s in apparatus.sigla]
    if len(present) < 2:
        raise WitnessError(
            f"the stemma shares fewer than two witnesses with the collation: {present}",
            hint=f"use sigla of: {', '.join(apparatus.sigla)}",
        )
    pairs = _siblings(stemma, set(present))
    stemma = stemma.restricted(present)
    opts = _Options(
        context, note_filter, classify or _classifier(apparatus), apparatus.sigla, typography
    )
    witnesses = {w.siglum: w for w in apparatus.witnesses}
    found: list[Alteration] = []
    differences: list[Alteration] = []
    for unit in apparatus.all_units:
        known = _known_at(unit)
        found.extend(_unit_alterations(unit, stemma, witnesses, apparatus, opts, known))
        for a, b in pairs:
            differences.extend(_differences(unit, a, b, stemma, witnesses, apparatus, opts, known))
    found = _join_bracket_pairs(found, apparatus)
    differences = _join_bracket_pairs(differences, apparatus)
    numbered = tuple(_numbered(a, f"A{i:03d}") for i, a in enumerate(found, 1))
    return AlterationReport(
        stemma=stemma,
        alterations=numbered,
        differences=tuple(_numbered(d, f"D{i:03d}") for i, d in enumerate(differences, 1)),
        siblings=tuple(pairs),
        base=apparatus.base,
        titles=FrozenMap({w.siglum: w.metadata.title or w.siglum for w in apparatus.witnesses}),
        dates=FrozenMap({w.siglum: w.metadata.date for w in apparatus.witnesses}),
        translations=tuple(s for s in stemma.order if stemma.relation(s) == "translation"),
    )


#: An alteration's fields after its id (the first), read in one call.
_AFTER_ID = attrgetter(*[f.name for f in fields(Alteration)[1:]])


def _numbered(a: Alteration, number: str) -> Alteration:
    """The change with its id: what ``replace(a, id=number)`` makes, at half the cost (a
    report at ten witnesses numbers twice as many changes as there are units)."""
    return Alteration(number, *_AFTER_ID(a))


_BRACKETS = {"[": "]"}


def _bracket_end(a: Alteration) -> str | None:
    """The closing bracket to look for when ``a`` drops or adds an opening one alone."""
    one, other = (a.before, a.after) if a.before else (a.after, a.before)
    return _BRACKETS.get(one) if not other else None


def _join_bracket_pairs(found: list[Alteration], apparatus: Apparatus) -> list[Alteration]:
    """An edition that drops (or adds) the brackets round a passage and keeps its words made
    one change, not two: «[March 5, 1923]» → «March 5, 1923» removes the marks of an editor's
    interpolation.  Joined when the brackets are the only changes on the edge between them,
    in one block, and the words inside are the same in both witnesses."""
    collation = apparatus.collation
    if collation is None or not any(_bracket_end(a) for a in found):
        return found

    def edge(a: Alteration) -> tuple[object, ...]:
        return (a.predecessor, a.introduced_in, a.edges, a.candidates)

    def words(siglum: str, lo: int, hi: int) -> list[Token]:
        row = collation.row_index(siglum)
        return [t for c in range(lo, hi) for t in collation.columns[c].cells[row].tokens]

    # the next change on the same edge, in text order: one pass, not a scan per bracket
    following: dict[int, int] = {}
    last_on: dict[tuple[object, ...], int] = {}
    for k in sorted(range(len(found)), key=lambda k: found[k].location.columns):
        e = edge(found[k])
        if e in last_on:
            following[last_on[e]] = k
        last_on[e] = k
    joined: dict[int, Alteration] = {}
    dropped: set[int] = set()
    for i, a in enumerate(found):
        close = _bracket_end(a)
        later = following.get(i)
        if close is None or i in dropped or later is None:
            continue
        b = found[later]
        removed = bool(a.before)
        if (b.before, b.after) != ((close, "") if removed else ("", close)):
            continue
        if a.location.block != b.location.block:
            continue
        lo, hi = a.location.columns[1], b.location.columns[0]
        inner_before = words(a.predecessor, lo, hi)
        inner_after = words(a.introduced_in, lo, hi)
        if [t.text for t in inner_before] != [t.text for t in inner_after]:
            continue
        span = (a.location.columns[0], b.location.columns[1])
        joined[i] = replace(
            a,
            location=replace(
                a.location,
                end=b.location.end,
                columns=span,
                char_end=b.location.char_end,
                page_end=b.location.page_end,
                line_end=b.location.line_end,
            ),
            before=_join(words(a.predecessor, *span)),
            after=_join(words(a.introduced_in, *span)),
            flags=a.flags | b.flags,
            signalled=a.signalled or b.signalled,
            note=a.note or b.note,
            proposed_in=a.proposed_in or b.proposed_in,
            context_after=b.context_after,
            sources=(*a.sources, *b.sources),
            before_sources=(*a.before_sources, *b.before_sources),
            tei_sources=tuple(dict.fromkeys((*a.tei_sources, *b.tei_sources))),
        )
        dropped.add(later)
    return [joined.get(i, a) for i, a in enumerate(found) if i not in dropped]


def _classifier(
    apparatus: Apparatus,
) -> Callable[[Reading, Reading, VariationUnit], tuple[VariantType, frozenset[VariantType]]]:
    """The apparatus's own classification, as ``(before, after, unit) -> (class, flags)``."""
    profile = apparatus.analyzer

    def run(
        before: Reading, after: Reading, unit: VariationUnit
    ) -> tuple[VariantType, frozenset[VariantType]]:
        if before.lemma:
            return after.type, after.flags
        if profile is None:
            raise InputError(
                "this apparatus does not carry its classifier (it was unpickled or built by hand)",
                hint="pass classify=... or rebuild the apparatus with witnesscollate.apparatus()",
            )
        return classify_reading(profile, before, after, unit, apparatus.collation)

    return run


# --------------------------------------------------------------------------- siblings


def _siblings(stemma: Stemma, present: set[str]) -> list[tuple[str, str]]:
    """Pairs of held witnesses made from one lost (or unheld) witness that has no held
    ancestor: no edge joins them, so neither is the other's exemplar, and their differences
    are variants of unknown direction."""
    pairs: list[tuple[str, str]] = []
    for lost in stemma.order:
        if lost in present or any(a in present for a in stemma.ancestors(lost)):
            continue
        heirs = sorted(stemma.nearest(lost, present, down=True), key=stemma.order.index)
        for i, a in enumerate(heirs):
            for b in heirs[i + 1 :]:
                related = a in stemma.ancestors(b) or b in stemma.ancestors(a)
                if not related and (a, b) not in pairs:
                    pairs.append((a, b))
    return pairs


def _differences(
    unit: VariationUnit,
    a: str,
    b: str,
    stemma: Stemma,
    witnesses: dict[str, Witness],
    apparatus: Apparatus,
    opts: _Options,
    known: frozenset[str],
) -> list[Alteration]:
    """How two siblings differ at the unit: the change of each one that says it made it (its
    note on the words, its brackets, its declaration: two glosses at one place are two
    changes), else one variant of unknown direction with both as candidates (``before`` is
    ``a``'s reading, ``after`` ``b``'s)."""
    if a not in known or b not in known or unit.reading_of(a) is unit.reading_of(b):
        return []
    out: list[Alteration] = []
    for pred, siglum in ((a, b), (b, a)):
        change = _Change.of(unit, pred, siglum, witnesses, apparatus)
        if change is None or (not opts.typography and change.glyphs_only):
            return []
        kind, flags = _kind(unit, pred, siglum, change, opts)
        if kind is VariantType.IDENTICAL:
            return []
        if _signal(unit, siglum, change, witnesses, apparatus, opts, kind, pred) is not None:
            made = _alteration(
                unit,
                stemma,
                witnesses,
                apparatus,
                opts,
                pred,
                siglum,
                (),
                kind,
                flags,
                change,
                known,
            )
            out.append(replace(made, edges=()))
    if out:
        return out
    change = _Change.of(unit, a, b, witnesses, apparatus)
    assert change is not None  # checked in the loop
    kind, flags = _kind(unit, a, b, change, opts)
    made = _alteration(
        unit, stemma, witnesses, apparatus, opts, a, b, (), kind, flags, change, known
    )
    return [replace(made, edges=(), candidates=(a, b), kept_in=(), reverted_in=None)]


def _kind(
    unit: VariationUnit, pred: str, siglum: str, change: _Change, opts: _Options
) -> tuple[VariantType, frozenset[VariantType]]:
    before, after = unit.reading_of(pred), unit.reading_of(siglum)
    if change.trimmed:
        return opts.classify(_partial(before, change.before), _partial(after, change.after), unit)
    return opts.classify(before, after, unit)


# --------------------------------------------------------------------------- per unit


def _known_at(unit: VariationUnit) -> frozenset[str]:
    """The witnesses whose text at the unit is known: in scope, not lost, attested (each by
    its reading, the first that names it, as :meth:`VariationUnit.reading_of` finds it).
    Found once per unit: the report asks it of each witness at each edge and change."""
    scope = unit.scope
    seen: set[str] = set()
    known: list[str] = []
    for r in unit.readings:
        ok = not r.lacuna
        for s in r.witnesses:
            if s not in seen:
                seen.add(s)
                if ok and s in scope and r.is_attested(s):
                    known.append(s)
    for s in scope:
        if s not in seen:  # a unit made by hand that names a witness none of its readings has
            unit.reading_of(s)  # (raises WitnessError, saying which)
    return frozenset(known)


def _nearest_known(
    unit: VariationUnit, stemma: Stemma, siglum: str, known: frozenset[str]
) -> list[tuple[str, tuple[str, ...]]]:
    """The nearest ``known`` ancestors of ``siglum`` at the unit, each with the unknown
    witnesses between it and ``siglum`` (nearest first)."""
    out: list[tuple[str, tuple[str, ...]]] = []
    todo: list[tuple[str, tuple[str, ...]]] = [(e, ()) for e in stemma.exemplars.get(siglum, ())]
    seen: set[str] = set()
    while todo:
        s, between = todo.pop(0)
        if s in seen:
            continue
        seen.add(s)
        if s in known:
            out.append((s, between))
        elif siglum in unit.scope and s not in unit.scope:
            continue  # the ancestor's absence is said by an enclosing unit
        else:
            todo.extend((e, (*between, s)) for e in stemma.exemplars.get(s, ()))
    return out


def _unit_alterations(
    unit: VariationUnit,
    stemma: Stemma,
    witnesses: dict[str, Witness],
    apparatus: Apparatus,
    opts: _Options,
    known: frozenset[str],
) -> list[Alteration]:
    out: list[Alteration] = []
    for siglum in stemma.order:
        if siglum not in known or not stemma.exemplars.get(siglum):
            continue
        after = unit.reading_of(siglum)
        for pred, between in _nearest_known(unit, stemma, siglum, known):
            before = unit.reading_of(pred)
            if before is after:
                continue
            change = _Change.of(unit, pred, siglum, witnesses, apparatus)
            if change is None or (not opts.typography and change.glyphs_only):
                continue
            if change.trimmed:
                kind, flags = opts.classify(
                    _partial(before, change.before), _partial(after, change.after), unit
                )
            else:
                kind, flags = opts.classify(before, after, unit)
            if kind is VariantType.IDENTICAL:
                continue
            out.append(
                _alteration(
                    unit,
                    stemma,
                    witnesses,
                    apparatus,
                    opts,
                    pred,
                    siglum,
                    between,
                    kind,
                    flags,
                    change,
                    known,
                )
            )
    return out


def _quote_shape(text: str) -> str:
    """``text`` with every quotation mark one mark: “ ” « » ' ’ and " are the printer's (or a
    quoting author's nesting: 'inner' in "outer") choice of glyph, not the text's."""
    return unify_quotes(text).replace("'", '"')


@dataclass(frozen=True, slots=True)
class _Change:
    """What two witnesses' readings of one unit differ in: the tokens left once the words they
    share at either end are set aside (the unit may be a phrase that a third witness made)."""

    before: tuple[Token, ...]
    after: tuple[Token, ...]
    all_before: tuple[Token, ...]
    all_after: tuple[Token, ...]
    prefix: int
    gap_at: int | None = None  # where an omission stands in the copy, when moved past a stop
    taken: Token | None = None  # the stop after the unit that a moved change took in

    @property
    def glyphs_only(self) -> bool:
        """The two sides differ only in typography: the shape of quotation marks (single or
        double, straight or curly, guillemets), or a heading set in capitals (display type) against the same words in
        ordinary case."""
        if not self.before or not self.after or len(self.before) != len(self.after):
            return False
        pairs = list(zip(self.before, self.after, strict=True))
        if all(_quote_shape(b.text) == _quote_shape(a.text) for b, a in pairs):
            return True
        if not all(b.block == a.block == "head" for b, a in pairs):
            return False
        if not all(b.text.casefold() == a.text.casefold() for b, a in pairs):
            return False
        return any(
            all(t.text == t.text.upper() for t in side) for side in (self.before, self.after)
        )

    @property
    def trimmed(self) -> bool:
        return len(self.before) != len(self.all_before) or len(self.after) != len(self.all_after)

    @classmethod
    def of(
        cls,
        unit: VariationUnit,
        pred: str,
        siglum: str,
        witnesses: dict[str, Witness],
        apparatus: Apparatus | None = None,
    ) -> _Change | None:
        tb = _tokens(unit, unit.reading_of(pred), pred, witnesses)
        ta = _tokens(unit, unit.reading_of(siglum), siglum, witnesses)
        if not tb and not ta:
            # neither has words here (one shares the others' reading of an absence unit but
            # lacks them in the units nested in it, where its own changes are said)
            return None
        lacuna = unit.reading_of(pred).lacuna or unit.reading_of(siglum).lacuna
        p = 0
        while not lacuna and p < min(len(tb), len(ta)) and tb[p].text == ta[p].text:
            p += 1
        q = 0
        while (
            not lacuna
            and q < min(len(tb), len(ta)) - p
            and tb[len(tb) - 1 - q].text == ta[len(ta) - 1 - q].text
        ):
            q += 1
        before, after = list(tb[p : len(tb) - q]), list(ta[p : len(ta) - q])
        if (p or q) and not before and not after:
            return None  # the same words, spaced differently
        gap_at = None
        taken = None
        if not lacuna and apparatus is not None and bool(before) != bool(after):
            # ". X Y" inserted before "." is the same insertion as "X Y ." after it: give the
            # words first (as a reader and the catalogue quote a sentence, with its stop)
            full, empty = (after, (pred, tb, p)) if after else (before, (siglum, ta, p))
            other = _next_token(unit, *empty, witnesses, apparatus)
            own = _following(full[-1], witnesses[siglum if after else pred])
            if (
                other is not None
                and own is not None
                and _is_punctuation(full[0])
                and own.text == full[0].text == other.text
            ):
                full[:] = [*full[1:], own]
                taken = own
                if not after:
                    gap_at = other.index + 1
        return cls(tuple(before), tuple(after), tuple(tb), tuple(ta), p, gap_at, taken)


def _moved_location(unit: VariationUnit, change: _Change, apparatus: Apparatus) -> Location:
    """The unit's location, its columns reaching the stop a moved change took in from after
    it (the words the report gives stand in those columns)."""
    taken, collation = change.taken, apparatus.collation
    if taken is None or collation is None:
        return unit.location
    # the stop stands in one of the next columns: look there, not at the witness's whole row
    # (building the row per such unit made the report quadratic in the length of the text)
    i = collation.row_index(taken.witness)
    columns = collation.columns
    lo, hi = unit.location.columns
    for c in range(hi, len(columns)):
        if any(t is taken for t in columns[c].cells[i].tokens):
            return replace(unit.location, columns=(lo, c + 1))
    return unit.location


def _is_punctuation(token: Token) -> bool:
    return not any(ch.isalnum() for ch in token.text)


def _following(token: Token, witness: Witness) -> Token | None:
    """The witness's token after ``token``."""
    i = token.index + 1
    return witness.tokens[i] if i < len(witness.tokens) else None


def _next_token(
    unit: VariationUnit,
    siglum: str,
    tokens: Sequence[Token],
    p: int,
    witnesses: dict[str, Witness],
    apparatus: Apparatus,
) -> Token | None:
    """The first token of ``siglum`` after its first ``p`` tokens in the unit (past the unit's
    end when those are all it has there)."""
    if p < len(tokens):
        return tokens[p]
    if tokens:
        return _following(tokens[-1], witnesses[siglum])
    before = _token_before(unit, siglum, witnesses, apparatus)
    if before is not None:
        return _following(before, witnesses[siglum])
    w = witnesses[siglum]
    return w.tokens[0] if w.tokens else None


def _partial(r: Reading, tokens: Sequence[Token]) -> Reading:
    """A reading holding only the differing words (what the classifier is given)."""
    return Reading(_join(tokens), r.witnesses, lemma=False, lacuna=r.lacuna)


def _join(tokens: Sequence[Token]) -> str:
    """Tokens' text with single spaces, as the apparatus writes readings."""
    if not tokens:
        return ""
    return "".join(t.text + (" " if t.ws else "") for t in tokens[:-1]) + tokens[-1].text


def _alteration(
    unit: VariationUnit,
    stemma: Stemma,
    witnesses: dict[str, Witness],
    apparatus: Apparatus,
    opts: _Options,
    pred: str,
    siglum: str,
    between: tuple[str, ...],
    kind: VariantType,
    flags: frozenset[VariantType],
    change: _Change,
    known: frozenset[str],
) -> Alteration:
    before, after = unit.reading_of(pred), unit.reading_of(siglum)
    candidates = (*reversed(between), siglum)
    path = (pred, *reversed(between), siglum)
    later = [s for s in stemma.descendants(siglum) if s in known]

    said: dict[str, tuple[str, ...]] = {}

    def words(s: str) -> tuple[str, ...]:
        # a witness's own words in the unit (an absence unit's shared reading hides them)
        got = said.get(s)
        if got is None:
            got = said[s] = tuple(t.text for t in _tokens(unit, unit.reading_of(s), s, witnesses))
        return got

    new, old = words(siglum), words(pred)
    kept = tuple(s for s in later if words(s) == new)
    reverted = next((s for s in later if words(s) == old), None)
    signal = _signal(unit, siglum, change, witnesses, apparatus, opts, kind, pred)
    proposal = None
    if signal is None:
        proposal = _proposal(unit, stemma, siglum, witnesses, apparatus, opts)
    ctx_before, ctx_after = _context(witnesses[siglum], change, unit, opts.context, apparatus)
    sources = _cited(witnesses[siglum], change.after or change.all_after, after)
    before_sources = _cited(witnesses[pred], change.before or change.all_before, before)
    return Alteration(
        id="",
        location=_moved_location(unit, change, apparatus),
        # each witness's own words (in an absence unit the witnesses with text share a reading)
        before=_join(change.before),
        after=_join(change.after),
        type=kind,
        predecessor=pred,
        introduced_in=siglum,
        unit=unit.id,
        flags=flags,
        candidates=candidates,
        edges=tuple(itertools.pairwise(path)),
        kept_in=kept,
        reverted_in=reverted,
        signalled=signal is not None,
        note=signal or proposal,
        proposed_in=proposal.witness if proposal else None,
        attested_before=before.is_attested(pred),
        attested_after=after.is_attested(siglum),
        skipped=tuple(s for s in between if s in unit.scope and unit.reading_of(s).lacuna),
        context_before=ctx_before,
        context_after=ctx_after,
        transposition=unit.transposition,
        sources=sources,
        # the change is as certain as the less certain of its two readings: what each cites,
        # and the wording an encoder supplied as inferred
        cert=least_certain(
            [
                *(c.cert for c in (*sources, *before_sources)),
                *(t.cert for t in (*change.before, *change.after) if t.supplied),
            ]
        ),
        before_sources=before_sources,
        tei_sources=_tei_sources(
            ((pred, change.all_before), (siglum, change.all_after)), unit, witnesses, apparatus
        ),
    )


def _cited(witness: Witness, tokens: Sequence[Token], reading: Reading) -> tuple[Citation, ...]:
    """What the witness cites for its side of a change: its tokens' works, or for an absence
    (no tokens) what the apparatus cites for it (the works of the note that reports it)."""
    if tokens:
        return citations_of(witness, tokens)
    return tuple(c for c in reading.sources if c.witness == witness.siglum)


def _tokens(
    unit: VariationUnit, reading: Reading, siglum: str, witnesses: dict[str, Witness]
) -> tuple[Token, ...]:
    span = reading.span_of(siglum)
    return () if span is None else witnesses[siglum].tokens[span[1] : span[2]]


def _token_before(
    unit: VariationUnit, siglum: str, witnesses: dict[str, Witness], apparatus: Apparatus
) -> Token | None:
    """The witness's token just before the unit (where an empty reading's notes hang)."""
    found = _token_before_at(unit, siglum, apparatus)
    return found[0] if found is not None else None


def _token_before_at(
    unit: VariationUnit, siglum: str, apparatus: Apparatus
) -> tuple[Token, int] | None:
    """The witness's token just before the unit, and its column."""
    collation: Collation | None = apparatus.collation
    if collation is None:
        return None
    row = collation.row_index(siglum)
    for c in range(unit.columns[0] - 1, -1, -1):
        toks = collation.columns[c].cells[row].tokens
        if toks:
            return toks[-1], c
    return None


def _added(column: int, pred: str, apparatus: Apparatus) -> bool:
    """True if ``pred`` has no text at ``column`` (the copy's word there is its addition)."""
    collation = apparatus.collation
    if collation is None:
        return False
    theirs = collation.columns[column].cells[collation.row_index(pred)]
    return not theirs.tokens and theirs.lacuna is None


def _signal(
    unit: VariationUnit,
    siglum: str,
    change: _Change,
    witnesses: dict[str, Witness],
    apparatus: Apparatus,
    opts: _Options,
    kind: VariantType,
    pred: str | None = None,
) -> Signal | None:
    """What signals the change in ``siglum``: a note at the place, brackets, a declaration.

    A note is at the place when it stands on the words that changed (or, for an omission, on
    the word just before the gap, unless that word is one the copy added: the note on an
    added postscript is about the postscript, not about the date the copy moved from after
    it) or points into the unit; a note elsewhere in a wide unit (a postscript after a moved
    date) comments on other words."""
    tokens = change.all_after
    here: list[Token] = list(change.after)
    if not here:
        if change.gap_at is not None:
            here = [witnesses[siglum].tokens[change.gap_at - 1]]
        elif change.prefix:
            here = [change.all_after[change.prefix - 1]]
    found = _note_here(unit, siglum, here, witnesses, apparatus, opts, targets=tokens, pred=pred)
    if found is not None:
        return found
    if change.before and not change.after:
        quoting = _note_quoting(witnesses[siglum], change.before, opts)
        if quoting is not None:
            return note_signal(siglum, quoting)
    gloss = [t for t in change.after if t.supplied and (t.reason or "").lower() in _GLOSS_REASONS]
    if gloss:
        text = "".join(t.text + t.ws for t in gloss).strip()
        return Signal(
            siglum,
            text,
            "interpolation",
            gloss[0].source,
            gloss[0].xml_id,
            gloss[0].source_line,
            "brackets",
        )
    declared = declared_classes(witnesses[siglum].metadata)
    if kind in declared:
        return Signal(siglum, declared[kind], "editorialDecl", None, None, None, "declaration")
    return None


_WORD = re.compile(r"\w+")
_MIN_QUOTED_LETTERS = 6


def _note_quoting(witness: Witness, omitted: Sequence[Token], opts: _Options) -> Note | None:
    """An editorial note or imprint of the copy (not an encoder's note) that quotes the words
    it left out («Подпись: Н. Ленин» for an omitted signature): the edition says what it omitted, so the
    note is tied to the place by its words.  Short omissions (a stop, a conjunction) are never
    matched this way: a note may contain them by chance."""
    wanted = [w for t in omitted for w in _WORD.findall(t.text.casefold())]
    if sum(len(w) for w in wanted) < _MIN_QUOTED_LETTERS:
        return None
    notes = opts.quotable.get(witness.siglum)
    if notes is None and not _has_notes(witness, opts):
        notes = opts.quotable[witness.siglum] = ()
    if notes is None:
        unique = {id(note): note for tok in witness.tokens for note in tok.notes}.values()
        notes = opts.quotable[witness.siglum] = tuple(
            (note, tuple(_WORD.findall(note.text.casefold())))
            for note in unique
            if opts.note_filter(note) or (note.type or "").lower() == "imprint"
        )
    n, want = len(wanted), tuple(wanted)
    for note, words in notes:
        if any(words[i : i + n] == want for i in range(len(words) - n + 1)):
            return note
    return None


def _note_here(
    unit: VariationUnit,
    siglum: str,
    tokens: Sequence[Token],
    witnesses: dict[str, Witness],
    apparatus: Apparatus,
    opts: _Options,
    targets: Sequence[Token] | None = None,
    pred: str | None = None,
) -> Signal | None:
    """An editorial note of ``siglum`` on ``tokens`` (or on the token before the unit when
    there are none, and ``pred`` has that word too), or pointing with ``@target`` into the
    unit (``targets``, by default ``tokens``).  A note printed without a call (``anchored``
    False) or saying what it is about (``@target``) counts only by its target."""
    if not _has_notes(witnesses[siglum], opts):
        return None  # (a report on plain text asks this of every earlier witness, per change)
    candidates = list(tokens)
    if not candidates:
        before = _token_before_at(unit, siglum, apparatus)
        if before is not None and not (pred and _added(before[1], pred, apparatus)):
            candidates.append(before[0])
    for tok in candidates:
        for note in tok.notes:
            if note.anchored and not note.target and opts.note_filter(note):
                return note_signal(siglum, note)
    pointed = tokens if targets is None else targets
    ids = {t.xml_id for t in pointed if t.xml_id} | set(unit.location.xml_ids)
    return _note_pointing(ids, siglum, witnesses, opts) if ids else None


def _has_notes(witness: Witness, opts: _Options) -> bool:
    """True if a token of the witness carries a note (found once per report; plain text,
    whose tokens share the default provenance, has none: known without a pass)."""
    got = opts.noted.get(witness.siglum)
    if got is None:
        got = opts.noted[witness.siglum] = not witness.without_provenance and any(
            map(_NOTES, witness.tokens)
        )
    return got


_NOTES = attrgetter("notes")


def _note_pointing(
    ids: set[str], siglum: str, witnesses: dict[str, Witness], opts: _Options
) -> Signal | None:
    """The first note of the witness (in the order of its tokens) that points at one of
    ``ids`` (``@target``) and passes the filter.  Looked up by id, not by a walk of the
    witness at every alteration: a TEI text's paragraphs have ids, which its words carry,
    and the walk was quadratic."""
    index = opts.targeting.get(siglum)
    if index is None:
        index = opts.targeting[siglum] = _targeting(witnesses[siglum])
    # (merged in the witness's order, so that the filter is asked in the order the walk
    # asked it: a user's filter may keep state)
    found = [index[i] for i in ids if i in index]
    last = -1
    for at, note in found[0] if len(found) == 1 else heapq.merge(*found, key=_AT):
        if at != last:  # (a note pointing at two of the ids comes once from each)
            last = at
            if opts.note_filter(note):
                return note_signal(siglum, note)
    return None


_AT = itemgetter(0)


def _targeting(witness: Witness) -> dict[str, list[tuple[int, Note]]]:
    """The witness's notes with ``@target``, by each id they point to, in the order of its
    tokens' notes (the place among them is the pair's first value)."""
    index: dict[str, list[tuple[int, Note]]] = {}
    at = 0
    for tok in witness.tokens:
        for note in tok.notes:
            if note.target:  # (each place it is at: the walk asked the filter at each)
                for target in dict.fromkeys(note.target):
                    index.setdefault(target, []).append((at, note))
            at += 1
    return index


def _proposal(
    unit: VariationUnit,
    stemma: Stemma,
    siglum: str,
    witnesses: dict[str, Witness],
    apparatus: Apparatus,
    opts: _Options,
) -> Signal | None:
    """A note at the place in an earlier witness: ancestors nearest first, then earlier rows."""
    sigla = opts.sigla
    ancestors = list(reversed(stemma.ancestors(siglum)))
    row = sigla.index(siglum)
    descendants = set(stemma.descendants(siglum))
    others = [
        s
        for s in reversed(sigla[:row])
        if s not in ancestors and s not in descendants and s in unit.scope
    ]
    for s in (*ancestors, *others):
        if s not in unit.scope or not _has_notes(witnesses[s], opts):
            continue
        r = unit.reading_of(s)
        toks = _tokens(unit, r, s, witnesses)
        found = _note_here(unit, s, toks, witnesses, apparatus, opts)
        if found is not None:
            return found
    return None


def _context(
    witness: Witness,
    change: _Change,
    unit: VariationUnit,
    n: int,
    apparatus: Apparatus,
) -> tuple[str, str]:
    """A few words of the later witness on each side of what changed."""
    all_tokens = witness.tokens
    if change.after:
        first, last = change.after[0].index, change.after[-1].index + 1
    elif change.gap_at is not None:
        first = last = change.gap_at
    elif change.prefix:
        first = last = change.all_after[change.prefix - 1].index + 1
    else:
        prev = _token_before(unit, witness.siglum, {witness.siglum: witness}, apparatus)
        first = last = prev.index + 1 if prev is not None else 0
    return _join(all_tokens[max(0, first - n) : first]), _join(all_tokens[last : last + n])


def _tei_sources(
    readings: Sequence[tuple[str, Sequence[Token]]],
    unit: VariationUnit,
    witnesses: dict[str, Witness],
    apparatus: Apparatus,
) -> tuple[str, ...]:
    """``file:line`` of each reading in its TEI (an empty one by the token before it)."""
    out: list[str] = []
    for siglum, tokens in readings:
        file = witnesses[siglum].metadata.file
        toks = list(tokens)
        if not toks:
            before = _token_before(unit, siglum, witnesses, apparatus)
            toks = [before] if before is not None else []
        line = next((t.source_line for t in toks if t.source_line is not None), None)
        if file and line is not None:
            out.append(f"{file}:{line}")
    return tuple(out)
