"""Measuring the apparatus and the alteration report against the gold files.

For every gold locus the apparatus of its corpus group (on the gold's base) must have a unit
in which each gold reading's witnesses read those words, the witnesses of different gold
readings stand in different readings, and each reading has the gold class ("found" and
"right class", issue 11).  The alteration report along the group's manifest stemma is matched
against the gold alterations: *loose* when the change is listed at the locus, *strict* when its
edge, introducing witness (or candidates) and silent/signalled status are right too (issue 12).

Run ``python tests/gold/evaluate.py`` for the figures; the tests in ``test_gold_measures.py``
assert them.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import witnesscollate as wc
from gold import Alteration as GoldAlteration
from gold import Gold, Locus, load_all
from witnesscollate.corpus import document
from witnesscollate.model import (
    Alteration,
    AlterationReport,
    Apparatus,
    Reading,
    VariationUnit,
)


@cache
def apparatus(doc_id: str, group: str, base: str) -> Apparatus:
    """The corpus group collated and its apparatus on ``base`` (once per process)."""
    doc = document(doc_id)
    return wc.collate(doc.load_group(group)).apparatus(base=base)


@cache
def report(doc_id: str, group: str, base: str) -> AlterationReport | None:
    """The alteration report along the group's manifest stemma (None without a stemma)."""
    g = document(doc_id).group(group)
    stemma = g.stemma_record()
    if stemma is None or not stemma.edges:
        return None
    return wc.alterations(apparatus(doc_id, group, base), stemma=stemma)


def words(text: str) -> list[str]:
    """A reading's tokens (the gold writes them joined by single spaces)."""
    return [t.text for t in wc.tokenize(text).tokens]


def contains(haystack: Sequence[str], needle: Sequence[str]) -> bool:
    """True if ``needle`` is a run of ``haystack`` (the empty run is in everything)."""
    n = len(needle)
    return any(list(haystack[i : i + n]) == list(needle) for i in range(len(haystack) - n + 1))


def speaking(app: Apparatus, unit: VariationUnit, siglum: str) -> VariationUnit:
    """The unit that speaks for ``siglum`` here: ``unit``, or the enclosing unit that says the
    witness is absent (a nested unit has only the witnesses with text in scope)."""
    u = unit
    while siglum not in u.scope and u.parent is not None:
        u = app.unit(u.parent)
    return u


def own_words(app: Apparatus, unit: VariationUnit, siglum: str) -> list[str]:
    """A witness's own tokens in a unit (in an absence unit the witnesses with text share a
    reading, differing only inside the nested units)."""
    unit = speaking(app, unit, siglum)
    r = unit.reading_of(siglum)
    for s, start, end in r.spans:
        if s == siglum:
            return [t.text for t in app.witness(siglum).tokens[start:end]]
    return []


def around(app: Apparatus, unit: VariationUnit, siglum: str, k: int) -> list[str]:
    """A witness's words in the unit with ``k`` of its words on either side."""
    u = speaking(app, unit, siglum)
    r = u.reading_of(siglum)
    toks = app.witness(siglum).tokens
    for s, start, end in r.spans:
        if s == siglum:
            return [t.text for t in toks[max(0, start - k) : end + k]]
    # no text here: the words on either side of its place
    col = u.columns[0]
    collation = app.collation
    row = collation.row_index(siglum)
    before = next(
        (
            c.cells[row].tokens[-1].index
            for c in reversed(collation.columns[:col])
            if c.cells[row].tokens
        ),
        -1,
    )
    return [t.text for t in toks[max(0, before + 1 - k) : before + 1 + k]]


def _matches(app: Apparatus, unit: VariationUnit, locus: Locus) -> bool:
    """The unit shows the locus: its witnesses read the gold words, apart as the gold has them."""
    sigla = [s for r in locus.readings for s in r.witnesses]
    if not all(s in speaking(app, unit, s).scope for s in sigla):
        return False
    readings: dict[str, Reading] = {s: speaking(app, unit, s).reading_of(s) for s in sigla}
    span = max(len(words(gr.text)) for gr in locus.readings)
    for gr in locus.readings:
        for s in gr.witnesses:
            mine = own_words(app, unit, s)
            gw = words(gr.text)
            if gr.cls == "lacuna":
                if not readings[s].lacuna:
                    return False
            elif gr.cls == "transposition":
                # the moved words stand elsewhere: here the witness's reading is the move
                if readings[s].type.value != "transposition":
                    return False
            elif gw and not (
                contains(mine, gw)
                or (mine and contains(gw, mine))
                or contains(around(app, unit, s, span), gw)
            ):
                # the unit may be narrower than the gold words (shared brackets or a shared
                # full stop are not part of the unit) or wider (a phrase another witness made)
                return False
            elif (
                not gw
                and mine
                and any(
                    contains(mine, words(o.text)) for o in locus.readings if o.text and o is not gr
                )
            ):
                return False
    for a in locus.readings:
        for b in locus.readings:
            if a is b or words(a.text) == words(b.text):
                continue
            if (a.supplied or b.supplied) and (
                contains(words(a.text), words(b.text)) or contains(words(b.text), words(a.text))
            ):
                # an inferred wording is the other reading's words without the ones the
                # witness does not attest (its punctuation): the apparatus groups words
                continue
            shared = any(readings[x] is readings[y] for x in a.witnesses for y in b.witnesses)
            same = own_words(app, unit, a.witnesses[0]) == own_words(app, unit, b.witnesses[0])
            if shared and same:
                return False
    return True


def find_unit(app: Apparatus, locus: Locus) -> VariationUnit | None:
    """The smallest unit that shows the locus (preferring the one its context surrounds)."""
    found = [u for u in app.all_units if _matches(app, u, locus)]

    def direct(u: VariationUnit) -> tuple[float, int]:
        """How much of the gold readings the unit's own words hold (not only the words around
        it): a whole reading counts 1, a piece of it (a bracket, a stop) its share of the
        words, so the unit of "(of the incident)" wins over the unit of its "("; then how many
        of their words."""
        n, covered = 0.0, 0
        for gr in locus.readings:
            for s in gr.witnesses:
                mine, gw = own_words(app, u, s), words(gr.text)
                if gw and contains(mine, gw):
                    n, covered = n + 1.0, covered + len(gw)
                elif gw and mine and contains(gw, mine):
                    n, covered = n + len(mine) / len(gw), covered + len(mine)
        return n, covered

    if not found:
        return None
    base = app.witness(locus.base)

    def fits_context(u: VariationUnit) -> bool:
        left, right = words(locus.context[0]), words(locus.context[1])
        toks = [t.text for t in base.tokens]
        s, e = u.location.start, u.location.end
        before = toks[max(0, s - len(left) - 4) : s]
        after = toks[e : e + len(right) + 4]
        return (not left or contains(before, left[-2:])) and (
            not right or contains(after, right[:2])
        )

    def apart(u: VariationUnit) -> bool:
        """The gold's different readings are different readings of the unit (not one shared
        reading of an absence unit whose nested units tell them apart)."""
        return all(
            speaking(app, u, a.witnesses[0]).reading_of(a.witnesses[0])
            is not speaking(app, u, b.witnesses[0]).reading_of(b.witnesses[0])
            for a in locus.readings
            for b in locus.readings
            if a is not b and words(a.text) != words(b.text)
        )

    return min(
        found,
        key=lambda u: (
            not apart(u),
            -direct(u)[0],
            -direct(u)[1],
            not fits_context(u),
            u.columns[1] - u.columns[0],
            u.index,
        ),
    )


def unit_reading(unit: VariationUnit, siglum: str) -> Reading:
    return unit.reading_of(siglum)


def reading_class(app: Apparatus, unit: VariationUnit, siglum: str) -> str:
    r = speaking(app, unit, siglum).reading_of(siglum)
    if r.lemma:
        return "identical"
    return r.type.value


@dataclass
class LocusResult:
    doc: str
    locus: Locus
    unit: VariationUnit | None
    wrong: list[str] = field(default_factory=list)

    @property
    def found(self) -> bool:
        return self.unit is not None

    @property
    def right(self) -> bool:
        return self.found and not self.wrong


def check_locus(doc_id: str, locus: Locus) -> LocusResult:
    app = apparatus(doc_id, locus.group, locus.base)
    unit = find_unit(app, locus)
    result = LocusResult(doc_id, locus, unit)
    if unit is None:
        return result
    for gr in locus.readings[1:]:
        for s in gr.witnesses:
            got = reading_class(app, unit, s)
            r = speaking(app, unit, s).reading_of(s)
            if got != gr.cls and not (gr.cls == "unattested" and not r.is_attested(s)):
                result.wrong.append(f"{s}: {got} (gold {gr.cls})")
            missing = sorted(set(gr.flags) - {f.value for f in r.flags})
            if missing:
                result.wrong.append(f"{s}: flags lack {', '.join(missing)}")
    result.wrong.extend(_split_off(app, unit, locus))
    substantive = any(
        speaking(app, unit, s).reading_of(s).substantive
        for gr in locus.readings[1:]
        for s in gr.witnesses
    )
    if substantive != locus.substantive:
        result.wrong.append(f"substantive {substantive} (gold {locus.substantive})")
    return result


def _columns_of(app: Apparatus, siglum: str) -> dict[int, int]:
    """Each token of a witness -> its column."""
    row = app.collation.row_index(siglum)
    return {
        t.index: c for c, col in enumerate(app.collation.columns) for t in col.cells[row].tokens
    }


def _extent(app: Apparatus, unit: VariationUnit, siglum: str, text: str) -> tuple[int, int] | None:
    """The columns of the gold words ``text`` in ``siglum``, at their occurrence that overlaps
    the witness's tokens in ``unit`` (None: no tokens there, or no such occurrence)."""
    gw = words(text)
    r = speaking(app, unit, siglum).reading_of(siglum)
    span = next(((a, b) for s, a, b in r.spans if s == siglum), None)
    if not gw or span is None:
        return None
    toks = [t.text for t in app.witness(siglum).tokens]
    cols = _columns_of(app, siglum)
    for i in range(max(0, span[0] - len(gw) + 1), min(span[1], len(toks) - len(gw) + 1)):
        if toks[i : i + len(gw)] == gw:
            return cols[i], cols[i + len(gw) - 1] + 1
    return None


def _related(app: Apparatus, a: VariationUnit, b: VariationUnit) -> bool:
    """One unit is the other or nested in it."""
    for x, y in ((a, b), (b, a)):
        u: VariationUnit | None = x
        while u is not None:
            if u.id == y.id:
                return True
            u = app.unit(u.parent) if u.parent is not None else None
    return False


def _split_off(app: Apparatus, unit: VariationUnit, locus: Locus) -> list[str]:
    """A rewording the unit holds only in part, the rest printed as *add.*/*om.* of the same
    witness in another unit inside the gold words: "return the whole case to] send" with
    "*add.* back all the papers" is not the rewording the gold reads (issue 11, point 4)."""
    whole = ("identical", "addition", "omission", "lacuna", "transposition", "unattested")
    extents = [
        e
        for gr in locus.readings
        for s in gr.witnesses
        if (e := _extent(app, unit, s, gr.text)) is not None
    ]
    if not extents:
        return []
    lo, hi = min(e[0] for e in extents), max(e[1] for e in extents)
    out = []
    for gr in locus.readings[1:]:
        if gr.cls in whole:
            continue
        for s in gr.witnesses:
            for other in app.all_units:
                if other.columns[0] < lo or other.columns[1] > hi or _related(app, unit, other):
                    continue
                if s not in speaking(app, other, s).scope:
                    continue
                kind = speaking(app, other, s).reading_of(s).type.value
                if kind in ("addition", "omission") and not _related(
                    app, speaking(app, other, s), unit
                ):
                    out.append(f"{s}: part of the reading is {kind} in {other.id}")
    return out


def apparatus_results() -> Iterator[LocusResult]:
    for doc_id, gold in sorted(load_all().items()):
        for locus in gold.loci:
            yield check_locus(doc_id, locus)


# --- the report ------------------------------------------------------------------------


def reported(rep: AlterationReport) -> tuple[Alteration, ...]:
    """Every change the report lists: the alterations along the stemma's edges, and the
    differences between siblings (their candidates are both siblings, unless one signals it).
    Both count for precision: a difference the gold does not have is an extra."""
    return (*rep.alterations, *rep.differences)


def status(a: Alteration) -> str:
    if a.signalled:
        return "signalled"
    return "proposed-earlier-silent" if a.proposed_in else "silent"


def _trimmed(before: list[str], after: list[str]) -> tuple[list[str], list[str]]:
    """The two sides without the words they share at either end (the gold may quote a word
    of context with the change: «offensive ,» → «offensive» is the comma's omission)."""
    p = 0
    while p < min(len(before), len(after)) and before[p] == after[p]:
        p += 1
    q = 0
    while q < min(len(before), len(after)) - p and before[-1 - q] == after[-1 - q]:
        q += 1
    return before[p : len(before) - q], after[p : len(after) - q]


def _texts_match(a: Alteration, g: GoldAlteration) -> bool:
    """See :func:`_oriented_match`; a difference of unknown direction matches either way."""
    if _oriented_match(a.before, a.after, a.type.value, g):
        return True
    return _unknown_direction(a) and _oriented_match(a.after, a.before, a.type.value, g)


def _oriented_match(before: str, after: str, kind: str, g: GoldAlteration) -> bool:
    """The reported readings and the gold's are the same change: each side holds the other's
    words (the report gives only the words that differ; the gold may give a few around them,
    or the report a phrase a third witness made), an empty side an empty one.

    A gold change whose two sides are the same words is a move (the words stand elsewhere in
    the copy): the report gives it as a transposition, the words leaving one place and
    arriving at another, and either half matches."""
    gb, ga = words(g.before), words(g.after)
    if gb == ga:
        mine = [w for w in (words(before), words(after)) if w]
        return kind == "transposition" and len(mine) == 1 and mine[0] == gb
    if words(before) != words(after) and (before, after) != ("", ""):
        tb, ta = _trimmed(gb, ga)
        if (tb, ta) != (gb, ga) and (tb, ta) == (words(before), words(after)):
            return True
    for mine, gold in ((before, g.before), (after, g.after)):
        gw, mw = words(gold), words(mine)
        if bool(gw) != bool(mw):
            return False
        if gw and not (contains(mw, gw) or contains(gw, mw)):
            return False
    return (before, after) != ("", "") and words(before) != words(after)


def _alteration_matches(a: Alteration, g: GoldAlteration, unit: VariationUnit | None) -> bool:
    if words(g.before) == words(g.after):
        return _texts_match(a, g)  # a move: its two halves stand at two places
    if unit is not None and a.unit is not None and a.unit not in {u.id for u in unit.walk()}:
        # the change may sit in a unit nested inside, or (for an absence) in the unit itself
        parents = {unit.id, unit.parent}
        if a.unit not in parents and not _part_of_long_change(a, g):
            return False
    return _texts_match(a, g)


def _part_of_long_change(a: Alteration, g: GoldAlteration) -> bool:
    """The report gives a long gold change in pieces, one per block (a salutation and the
    paragraph after it): a piece of three words or more of the gold's matches at any unit."""
    pairs = ((words(a.before), words(g.before)), (words(a.after), words(g.after)))
    return all(
        (not mine and not gold) or (len(mine) >= 3 and contains(gold, mine)) for mine, gold in pairs
    ) and any(mine for mine, _ in pairs)


def _unknown_direction(a: Alteration) -> bool:
    """A difference between siblings that neither signals: which one changed is not known."""
    return not a.edges and len(a.candidates) > 1


def strict_match(a: Alteration, g: GoldAlteration) -> bool:
    if _unknown_direction(a):
        return (
            {a.predecessor, a.introduced_in} == {g.exemplar, g.copy}
            and set(a.candidates) == set(g.introduced_in)
            and status(a) == g.status
        )
    return (
        a.introduced_in == g.copy
        and set(a.candidates or (a.introduced_in,)) == set(g.introduced_in)
        and status(a) == g.status
    )


@dataclass
class ReportResult:
    """Precision and recall of the reports against the gold, loose and strict."""

    reported: int = 0
    reported_matched_loose: int = 0
    reported_matched_strict: int = 0
    gold: int = 0
    gold_found_loose: int = 0
    gold_found_strict: int = 0
    misses: list[str] = field(default_factory=list)
    extras: list[str] = field(default_factory=list)
    #: extras that are differences the sources show but the catalogue does not number
    #: (``verified/uncatalogued.json``), matched strictly
    verified: int = 0

    def figure(self, kind: str) -> tuple[float, float]:
        if kind == "loose":
            p = self.reported_matched_loose / self.reported if self.reported else 1.0
            r = self.gold_found_loose / self.gold if self.gold else 1.0
        else:
            p = self.reported_matched_strict / self.reported if self.reported else 1.0
            r = self.gold_found_strict / self.gold if self.gold else 1.0
        return p, r

    def verified_precision(self) -> float:
        """Strict precision counting the verified uncatalogued differences as right."""
        right = self.reported_matched_strict + self.verified
        return right / self.reported if self.reported else 1.0


VERIFIED = Path(__file__).resolve().parent / "verified" / "uncatalogued.json"


@cache
def uncatalogued() -> dict[tuple[str, str], tuple[GoldAlteration, ...]]:
    """The verified uncatalogued differences, by (document, group)."""
    out: dict[tuple[str, str], list[GoldAlteration]] = {}
    for d in json.loads(VERIFIED.read_text(encoding="utf-8"))["differences"]:
        g = GoldAlteration(
            d["before"],
            d["after"],
            d["exemplar"],
            d["copy"],
            tuple(d["introduced_in"]),
            d["status"],
        )
        out.setdefault((d["document"], d["group"]), []).append(g)
    return {k: tuple(v) for k, v in out.items()}


def report_results(golds: dict[str, Gold] | None = None) -> ReportResult:
    out = ReportResult()
    for doc_id, gold in sorted((golds or load_all()).items()):
        by_group: dict[tuple[str, str], list[tuple[Locus, GoldAlteration]]] = {}
        for locus in gold.loci:
            for g in locus.alterations:
                by_group.setdefault((locus.group, locus.base), []).append((locus, g))
        groups = {(loc.group, loc.base) for loc in gold.loci}
        doc = document(doc_id)
        for g in doc.groups:
            if len(g.witnesses) > 1:
                groups.add((g.name, g.base))
        for group, base in sorted(groups):
            rep = report(doc_id, group, base)
            if rep is None:
                continue
            app = apparatus(doc_id, group, base)
            pairs = by_group.get((group, base), [])
            units = {id(g): find_unit(app, loc) for loc, g in pairs}
            matched_loose: set[int] = set()
            matched_strict: set[int] = set()
            for loc, g in pairs:
                out.gold += 1
                cands = [a for a in reported(rep) if _alteration_matches(a, g, units[id(g)])]
                if cands:
                    out.gold_found_loose += 1
                    matched_loose.update(id(a) for a in cands)
                    strict = [a for a in cands if strict_match(a, g)]
                    if strict:
                        out.gold_found_strict += 1
                        matched_strict.update(id(a) for a in strict)
                    else:
                        a = cands[0]
                        out.misses.append(
                            f"{doc_id} {loc.id}: {g.before!r}→{g.after!r} gold {g.exemplar}→{g.copy} "
                            f"in {list(g.introduced_in)} {g.status}; got {a.predecessor}→{a.introduced_in} "
                            f"candidates {list(a.candidates)} {status(a)}"
                        )
                else:
                    out.misses.append(
                        f"{doc_id} {loc.id}: {g.before!r}→{g.after!r} on {g.exemplar}→{g.copy}: not reported"
                    )
            known = uncatalogued().get((doc_id, group), ())
            for a in reported(rep):
                out.reported += 1
                if id(a) in matched_loose:
                    out.reported_matched_loose += 1
                else:
                    verified = any(_texts_match(a, g) and strict_match(a, g) for g in known)
                    out.verified += verified
                    out.extras.append(
                        f"{doc_id} {group} {a.id} {a.unit}: {a.before!r}→{a.after!r} "
                        f"{a.predecessor}→{a.introduced_in} {a.type.value} {status(a)}"
                        + (" (verified, uncatalogued)" if verified else "")
                    )
                if id(a) in matched_strict:
                    out.reported_matched_strict += 1
    return out


def main() -> None:
    results = list(apparatus_results())
    found = sum(r.found for r in results)
    right = sum(r.right for r in results)
    print(f"apparatus: {len(results)} gold loci, {found} found, {right} found with the right class")
    for r in results:
        if not r.right:
            what = "not found" if not r.found else "; ".join(r.wrong)
            print(f"  {r.doc} {r.locus.id}: {what}")
    rep = report_results()
    lp, lr = rep.figure("loose")
    sp, sr = rep.figure("strict")
    print(
        f"report: {rep.reported} reported, {rep.gold} gold alterations; "
        f"loose precision {lp:.3f} recall {lr:.3f}; strict precision {sp:.3f} recall {sr:.3f}"
    )
    print(
        f"  of the {len(rep.extras)} extras, {rep.verified} are differences the sources show "
        f"but the catalogue does not number (verified/uncatalogued.json); counting them, "
        f"strict precision is {rep.verified_precision():.3f}"
    )
    for m in rep.misses:
        print("  miss:", m)
    for e in rep.extras:
        print("  extra:", e)


if __name__ == "__main__":
    main()
