"""Building the apparatus: the collation's columns become blocks, stretches and units.

:func:`build_apparatus` cuts the collation into the base text's blocks (paragraphs, headings,
closers...), plans the variation units of each block (:mod:`.segmentation`), and makes each
unit's readings: grouped by exact text (:mod:`.text`), classified against the lemma by the
language profile (:mod:`.profiles`), with their attestation (:attr:`Token.attested`, one rule),
lacunae, transposition membership, location and citations, each decided here once for every
output and for the alteration report.
"""

from __future__ import annotations

import functools
import operator
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import replace
from itertools import chain, repeat
from operator import itemgetter
from typing import NamedTuple, TypeVar, cast

import numpy as np
import numpy.typing as npt

from ..errors import InputError
from ..model import (
    Apparatus,
    Block,
    Cell,
    Collation,
    FrozenMap,
    Location,
    Milestone,
    Note,
    Reading,
    Segment,
    Stretch,
    Token,
    VariantType,
    VariationUnit,
)
from ..model._base import paused_gc
from ..model.apparatus import ColumnSpans, new_location, new_reading, new_stretch, new_unit
from ..model.witness import token_span, without_provenance
from ..tokenization import clings_to_word
from .citations import citations_of, least_certain
from .classify import differences
from .profiles import Profile, Significance, get_profile, is_language_tag
from .segmentation import ColumnTable, Span, plan, token_key
from .text import split_ws

_T = TypeVar("_T")

__all__ = [
    "SEGMENTATIONS",
    "blank_line",
    "build_apparatus",
    "classify_reading",
    "classify_texts",
    "unit_type",
]

SEGMENTATIONS = ("phrase", "word")
_MILESTONES = (("pb", "page"), ("cb", "column"), ("lb", "line"))
_PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n")
_TEXT = itemgetter(0)  # (a token's text)
#: Units up to this many columns wide give their readings' spans as a :class:`ColumnSpans`
#: (read on access); wider ones (a witness absent for a long passage: few) store them, so
#: that reading them never scans a long run of columns where a witness has no tokens.
SPANS_READ_WIDTH = 64


def build_apparatus(
    collation: Collation,
    *,
    base: str | None = None,
    segmentation: str = "phrase",
    morphology: str = "auto",
    language: str | None = None,
    substantive: Iterable[VariantType | str] | Significance | None = None,
    profile: Profile | None = None,
    spacing: bool = False,
) -> Apparatus:
    """Variation units with classified readings, from a collation.

    Parameters
    ----------
    collation:
        The aligned witnesses.
    base:
        Siglum of the base text that gives the lemmata; default the collation's first
        witness (the corpus manifests name one).
    segmentation:
        ``"phrase"`` (default) joins adjacent variant columns into one unit; ``"word"``
        makes one unit per variant column.
    morphology:
        ``"auto"`` uses pymorphy3 (the ``ru`` extra) when installed, ``"pymorphy3"``
        requires it, ``"heuristic"`` never uses it.
    language:
        The language profile (``"ru"``, ``"en"``, ``"la"``...); default the base witness's
        ``xml:lang``.
    substantive:
        Which differences count as substantive: a set of classes, or a function
        ``(lemma, reading, type, flags) -> bool``; default the profile's.
    profile:
        A ready :class:`~witnesscollate.analysis.profiles.Profile` (overrides ``language``
        and ``morphology``).
    spacing:
        Count differences in spacing as variants (orthography): "word ," / "word,", the
        spaced «M. V.» / the initialism «M.V.».  Off by default: they are typography (no
        unit where the texts are the same once the spaces are taken out), and the readings
        of a unit that differ only in spacing are one reading (the first witness's spacing).

    Raises
    ------
    WitnessError
        If ``base`` is not a siglum of the collation.
    InputError
        If an option is not one of the values above, or the collation has no witnesses.
    """
    sigla = collation.sigla
    if not sigla:
        raise InputError("cannot build an apparatus from a collation without witnesses")
    base = sigla[0] if base is None else base
    bi = collation.row_index(base)  # a WitnessError names the allowed sigla
    if segmentation not in SEGMENTATIONS:
        raise InputError(
            f"unknown segmentation {segmentation!r}",
            hint=f"use one of: {', '.join(SEGMENTATIONS)}",
        )
    if language and not is_language_tag(language):
        raise InputError(
            f"language={language!r} is not a language tag",
            hint="give a BCP 47 tag, e.g. 'ru', 'en', 'la', 'de' (as in xml:lang)",
        )
    if profile is None:
        lang = language or collation.witnesses[bi].metadata.language
        profile = get_profile(lang, morphology=morphology)
    profile = profile.with_significance(substantive)
    # the records of a book's apparatus are many and acyclic: full collections over the
    # collation's millions of objects would cost a third of the build.  What was made is
    # moved to the oldest generation however little (as ``collate()`` does): an apparatus
    # is made once and kept, and the next young collection would traverse it all (a chapter's
    # apparatus, under the default threshold of a hundred thousand objects: 3 % of its build)
    with paused_gc(promote_at=0):
        builder = _Builder(collation, bi, segmentation, profile, spacing)
        blocks = builder.blocks()
    units = tuple(u for b in blocks for u in b.units())
    normalizers: list[str] = []
    for w in collation.witnesses:
        normalizers.extend(n for n in w.normalizers if n not in normalizers)
    return Apparatus(
        witnesses=collation.witnesses,
        base=base,
        units=units,
        blocks=blocks,
        segmentation=segmentation,
        profile=profile.name,
        normalizers=tuple(normalizers),
        engine=collation.engine,
        options=FrozenMap({**collation.options, "spacing": spacing}),
        collation=collation,
        analyzer=profile,
    )


def unit_type(variants: Iterable[Reading]) -> VariantType:
    """The class of a unit: the most substantive class among its readings.

    Readings of unattested text only, and lacunae, count only when nothing else differs.
    """
    if isinstance(variants, (tuple, list)) and len(variants) == 1:
        return variants[0].type  # (one reading: its class, whatever it is)
    types = [r.type for r in variants]
    textual = [t for t in types if t not in (VariantType.LACUNA, VariantType.UNATTESTED)]
    pool = textual or types
    if not pool:
        return VariantType.IDENTICAL
    return max(pool, key=lambda t: t.rank)


#: The flags of a lemma: one shared empty set (an empty frozenset is a new object each time).
_NO_FLAGS: frozenset[VariantType] = frozenset()
#: A reading of these kinds never weighs for the sense (the profile is not asked).
_NEVER_SUBSTANTIVE = (VariantType.UNATTESTED, VariantType.LACUNA, VariantType.IDENTICAL)


class _Key(NamedTuple):
    """What groups witnesses into one reading: the same text, the same lacuna state (a
    tuple: compared and hashed in C, many times per unit)."""

    text: str
    ws: str
    lacuna: bool
    #: an absent witness whose own text equals the others' (none where the lemma witness
    #: has none either): still a reading of its own, never the content the others share
    absent: bool = False


class _Builder:
    """One apparatus in the making: the table, the profile, the numbering and the milestones."""

    #: Take the short ways of the eleventh pass (a witness's text in one column from its
    #: cell, an absence unit's witnesses with text grouped without their tokens' key, each
    #: pair of texts classified once); False gives the general way (tests).
    fast_paths = True

    def __init__(
        self,
        collation: Collation,
        base_row: int,
        segmentation: str,
        profile: Profile,
        spacing: bool = False,
    ) -> None:
        self.collation = collation
        self.spacing = spacing
        self.table = ColumnTable(collation, spacing=spacing)
        self.sigla = collation.sigla
        self.base_row = base_row
        self.segmentation = segmentation
        self.profile = profile
        self.count = 0
        #: every witness is plain text (no token has provenance, :attr:`Witness.without_provenance`,
        #: kept on each witness): then neither a unit's nor a location's tokens need a look
        self._all_plain = all(w.without_provenance for w in collation.witnesses)
        # equal small records (a reading's witnesses, its class flags, a unit's scope) recur
        # across a book's units: one object each, not one per unit
        self._shared: dict[object, object] = {}
        self.milestone_state: dict[str, str | None] = {"pb": None, "cb": None, "lb": None}
        self._lemma_texts = {}
        self.transposed = {
            t.id: frozenset(b[0] for b in t.blocks) for t in collation.transpositions
        }
        self.base_tokens = collation.witnesses[base_row].tokens
        # where the readings' spans are read (:class:`ColumnSpans`): the columns and each
        # siglum's row; sigla that are not unique (a collation made by hand) keep them stored
        rows = {s: r for r, s in enumerate(self.sigla)}
        self._span_table = (collation.columns, rows) if len(rows) == len(self.sigla) else None
        self._occupied_cache: dict[int, list[int]] = {}
        self._row_indexes: dict[int, _RowIndex] = {}
        self._sigla_cache: dict[tuple[int, ...], tuple[str, ...]] = {}
        self._orthographic: dict[str, str] = {}
        self._classes: dict[
            tuple[str, str, bool, str, str, bool, bool],
            tuple[VariantType, frozenset[VariantType]],
        ] = {}
        self._texts: dict[tuple[int, int, int], tuple[str, bool, list[Token]]] = {}
        self._lengths: dict[int, int] = {}
        #: the readings of a one-column unit of two witnesses may take the short way
        #: (:meth:`_two_readings`): plain text, spacing not counted, spans read on access
        self._lean = self._all_plain and not spacing and self._span_table is not None

    # --- blocks --------------------------------------------------------------------------

    def _share(self, value: _T) -> _T:
        """``value``, or the equal one made before (hashable records only)."""
        return self._shared.setdefault(value, value)  # type: ignore[return-value]

    def blocks(self) -> tuple[Block, ...]:
        """The base text's blocks, each with its segments."""
        ncols = len(self.table)
        if ncols == 0:
            return ()
        out: list[Block] = []
        number = 0
        everyone = tuple(range(len(self.sigla)))
        for index, kind, lo, hi in self._block_columns():
            if kind == "p":
                number += 1
            segments = self._segments(everyone, lo, hi, self.base_row)
            out.append(Block(index, kind, number if kind == "p" else None, tuple(segments)))
        return tuple(out)

    def _block_columns(self) -> list[tuple[int, str, int, int]]:
        """``(index, kind, first column, end column)`` of each base block, in text order.

        A column where the base has no token belongs to the block of the base token before it
        (or, before the first, to the first block) -- unless it stands just before a block and
        the witnesses with text there begin there the block they go on in: TRO30's «With»
        before «esteem» opens the closer, as the base's «Respectfully yours» does.
        """
        base = self._row_index(self.base_row)
        # the block of each column where the base has tokens (of its first token), and the
        # columns where it changes: one numpy pass, not a visit of each column
        bids = self._base_block_array()[base.firsts]
        changes = np.flatnonzero(np.diff(bids, prepend=bids[:1] - 1))
        starts: list[tuple[int, str, int]] = []
        for k in changes.tolist():
            c, bid = int(base.filled[k]), int(bids[k])
            kind = self.base_tokens[int(base.firsts[k])].block or "p"
            starts.append((bid, kind, c if starts else 0))
        if not starts:
            return [(1, "p", 0, len(self.table))]
        for i in range(1, len(starts)):
            bid, kind, c = starts[i]
            while c - 1 > starts[i - 1][2] and self._opens(c - 1, c):
                c -= 1
            starts[i] = (bid, kind, c)
        out: list[tuple[int, str, int, int]] = []
        for i, (bid, kind, c0) in enumerate(starts):
            c1 = starts[i + 1][2] if i + 1 < len(starts) else len(self.table)
            out.append((bid, kind, c0, c1))
        return out

    def _opens(self, c: int, start: int) -> bool:
        """Column ``c``, before the base's block at column ``start``, holds no base token, and
        every witness with text there begins a block at or before it (after text of its own
        in another block: its boundary is the base's, a column early) that goes on at
        ``start``."""
        cells = self.table.columns[c].cells
        if cells[self.base_row]:
            return False
        columns = self.table.columns
        found = False
        for r, cell in enumerate(cells):
            if not cell:
                continue
            para, first = cell[-1].paragraph, cell[0]
            tokens = self.collation.witnesses[r].tokens
            if para is None or first.paragraph != para:
                return False
            k = first.index
            while k > 0 and tokens[k - 1].paragraph == para:
                k -= 1
            if k == 0:
                return False  # the witness's first block: no boundary of its own to match
            after = next((col.cells[r] for col in columns[start:] if col.cells[r]), None)
            if after is None or after[0].paragraph != para:
                return False
            found = True
        return found

    # --- segments ------------------------------------------------------------------------

    def _segments(
        self,
        scope: tuple[int, ...],
        lo: int,
        hi: int,
        lemma_row: int,
        parent: str | None = None,
    ) -> list[Segment]:
        """Stretches, milestones and units of columns ``lo``..``hi`` among ``scope``."""
        out: list[Segment] = []
        cursor = lo
        differs = functools.partial(self._differs, lemma_row)
        for span in plan(self.table, scope, lo, hi, self.segmentation, lemma_row, differs):
            before = self._stretches(cursor, span.start, lemma_row, scope, space_end=False)
            unit = self._unit(scope, span, lemma_row, parent)  # (after them: milestones, count)
            last = before[-1] if before else None
            if isinstance(last, Stretch) and not self.spacing:
                before[-1], unit = self._space_before(last, unit, lemma_row, scope)
            if before and out and not self.spacing:  # (the unit before reads on into text)
                out[-1] = self._own_space_after(out[-1], lemma_row)
            out += before
            out.append(unit)
            cursor = span.end
        after = self._stretches(cursor, hi, lemma_row, scope)
        if after and out and not self.spacing:
            out[-1] = self._own_space_after(out[-1], lemma_row)
        out += after
        return out

    def _next_token(self, row: int, c: int) -> tuple[int, str] | None:
        """A witness's first token from column ``c`` on: its column and text (None past its
        text; after a long absence, a word, so that the space is kept)."""
        columns = self.table.columns
        for col in range(c, min(len(columns), c + _NEXT_TOKEN_SPAN)):
            cell = columns[col][row]
            if cell:
                return col, cell[0][0]
        return None if c + _NEXT_TOKEN_SPAN >= len(columns) else _FAR

    def _own_space_after(self, seg: Segment, lemma_row: int) -> Segment:
        """A unit followed by running text, with the lemma witness's own space after its
        lemma: the lemma's reading took a space if any of its witnesses had one («Stalin !»
        for a witness's «Stalin !» where the base has «Stalin!»), and the text that follows is
        the lemma witness's, which every witness of the lemma reads on into as it does."""
        if not isinstance(seg, VariationUnit) or seg.content:
            return seg  # (a lemma with page or line breaks inside: its content says the space)
        lemma = seg.readings[0]
        siglum = self.sigla[lemma_row]
        if lemma.ws != " " or not lemma.text or seg.lemma_witness != siglum:
            return seg
        span = lemma.span_of(siglum)
        if span is None or span[2] <= span[1]:
            return seg
        if self.table.spaced(lemma_row, self.collation.witnesses[lemma_row].tokens[span[2] - 1]):
            return seg  # its own space
        return replace(seg, readings=(replace(lemma, ws=""), *seg.readings[1:]))

    def _space_before(
        self, stretch: Stretch, unit: VariationUnit, lemma_row: int, scope: tuple[int, ...]
    ) -> tuple[Stretch, VariationUnit]:
        """Where spacing does not count: the space before a unit, where the lemma witness has
        none and another witness has one («came, and» against «came and»).

        The stretch keeps the lemma witness's own text (no «came , and» in the base text)
        unless a witness would then join its reading to the word the stretch ends with
        («came(of», «cameand»): then the stretch ends with a space, as that witness needs.
        A witness whose reading is empty gets the space after its reading instead (TEI
        ``<rdg wit="#B"> </rdg>``), and one whose reading begins with a mark that follows a
        word unspaced (a comma, a closing bracket or quotation mark) needs none."""
        i = stretch.end - 1
        if self.table.spaced(lemma_row, self.collation.witnesses[lemma_row].tokens[i]):
            # the lemma witness's own space (most units: a lemma with text keeps it there)
            if unit.content and unit.content_reading is unit.readings[0]:
                return stretch, unit  # (a lemma with breaks inside: its content says)
            if unit.readings[0].text:
                return self._space_into_unit(stretch, unit, lemma_row, scope)
            return self._space_after_empty_lemma(stretch, unit, lemma_row, scope)
        spaced = self._spaced_others(stretch, lemma_row, scope)
        if not spaced:
            return stretch, unit
        readings = unit.readings
        lemma_text = readings[0].text
        c0 = unit.columns[0]
        lemma_next = self._next_token(lemma_row, c0)
        # (a word ends the stretch, or the lemma witness's text: a space after it shows
        # nothing, and a witness that reads on there needs one)
        word_end = stretch.text[-1:].isalnum() or i == self.table.last[lemma_row]
        widen: set[int] = set()
        # a unit whose content begins with a nested unit (a witness omits a passage that
        # begins where another omits only its comma): the space may go after a witness's
        # empty reading there
        inner = unit.content[0] if unit.content else None
        if not isinstance(inner, VariationUnit) or unit.content_reading is not readings[0]:
            inner = None
        widen_inner: set[int] = set()
        lead: set[int] = set()
        lead_inner: set[int] = set()
        for r in spaced:
            siglum = self.sigla[r]
            k = _index_of(readings, siglum)
            reading = readings[k]
            if k == 0 and inner is not None:
                ik = _index_of(inner.readings, siglum)
                own = inner.readings[ik].text if ik else ""
                if ik and not own and inner.readings[0].text:
                    if not inner.readings[ik].ws:
                        widen_inner.add(ik)
                    continue
                if own:
                    # its own first words are its reading there («He came» + « indeed»)
                    if not clings_to_word(own):
                        lead_inner.add(ik)
                    continue
            if k == 0:
                # it reads the lemma, or the lemma's content, whose nested units may give it
                # other words first, or after an empty lemma what follows the unit: its own
                # next token says, unless it is the lemma witness's (it reads on as that does)
                nxt = self._next_token(r, c0)
                if nxt is None or nxt == lemma_next:
                    continue
                first = nxt[1]
            else:
                first = reading.text
            if clings_to_word(first):
                continue  # no space before a comma
            if k and not first and lemma_text:
                if not reading.ws:
                    widen.add(k)  # the space after its empty reading
                continue
            if k and first:
                # its own reading begins with a word (or an opening mark): the space goes
                # before it («know» + « (of the incident)»), and the base text stays its own
                lead.add(k)
                continue
            # its first word comes from a nested unit or after the unit, or its reading is
            # empty beside an empty lemma (whose space would read as a spacing variant): a
            # space at the stretch's end, if a word ends it
            if word_end:
                return replace(stretch, text=stretch.text + " "), unit
        if lead:
            readings = tuple(
                replace(r, lead=" ") if k in lead else r for k, r in enumerate(readings)
            )
            unit = replace(unit, readings=readings)
        if widen_inner or lead_inner:
            assert inner is not None
            got = tuple(
                replace(x, lead=" ") if j in lead_inner else x
                for j, x in enumerate(_spaced_after(inner.readings, widen_inner))
            )
            unit = replace(unit, content=(replace(inner, readings=got), *unit.content[1:]))
        if widen:
            unit = replace(unit, readings=_spaced_after(readings, widen))
        return stretch, unit

    def _spaced_others(self, stretch: Stretch, lemma_row: int, scope: tuple[int, ...]) -> list[int]:
        """The witnesses in scope but the lemma witness with a space after their last token
        in the stretch (looked for from its last column: another witness's last token may
        stand before the lemma witness's, «M.V.» for «M. V.», or after it)."""
        others = [r for r in scope if r != lemma_row]
        return self.table.spaced_rows(stretch.columns[1] - 1, others, stretch.columns[0])

    def _space_into_unit(
        self,
        stretch: Stretch,
        unit: VariationUnit,
        lemma_row: int,
        scope: tuple[int, ...],
    ) -> tuple[Stretch, VariationUnit]:
        """A unit whose lemma has text, where its lemma witness has a space before it that
        a witness whose own next text is a comma or a stop lacks («heart [with all my soul]
        I am» against «heart. I am»; «came indeed, and» against «came, and» in a unit nested
        in an addition): the space goes before each reading whose witnesses have it
        (``lead``), the lemma's too, not at the stretch's end, so that the other reads
        «heart. I am» (it read «heart . I am»).  The base text is the same: the writers that
        set it print the lemma's ``lead`` before it."""
        if stretch.text[-1:] != " ":
            return stretch, unit
        readings = unit.readings
        if all(x.text and not clings_to_word(x.text) for x in readings):
            return stretch, unit  # (most units: words, and no witness goes on with a mark)
        spaced = set(self._spaced_others(stretch, lemma_row, scope))
        end = unit.columns[1]
        gains = False
        for r in scope:
            if r == lemma_row or r in spaced:
                continue
            own = readings[_index_of(readings, self.sigla[r])].text
            if not own:
                nxt = self._next_token(r, end)
                own = nxt[1] if nxt is not None else ""
            if clings_to_word(own):
                gains = True
                break
        if not gains:
            return stretch, unit
        sigla = self.sigla
        having = {sigla[r] for r in spaced} | {sigla[lemma_row]}
        got = tuple(
            replace(x, lead=" ")
            if any(s in having for s in x.witnesses) and (x.text or not x.ws)
            else x
            for x in readings
        )
        return replace(stretch, text=stretch.text[:-1]), replace(unit, readings=got)

    def _space_after_empty_lemma(
        self,
        stretch: Stretch,
        unit: VariationUnit,
        lemma_row: int,
        scope: tuple[int, ...],
    ) -> tuple[Stretch, VariationUnit]:
        """The lemma witness's space before an addition that some witness adds unspaced
        («Makharadze and» against «Makharadze, and»): the space goes after the empty lemma,
        not at the stretch's end, so that the adding witness reads «Makharadze, and» (it read
        «Makharadze , and»); a reading whose witnesses have the space keeps it before it
        (``lead``).  The base text is the same either way."""
        readings = unit.readings
        lemma = readings[0]
        if lemma.text or lemma.lacuna or lemma.ws or stretch.text[-1:] != " ":
            return stretch, unit
        if unit.content and unit.content_reading is lemma:
            return stretch, unit
        if not any(clings_to_word(r.text) for r in readings[1:]):
            return stretch, unit  # (most additions: words, which want the space before them)
        sigla = self.sigla
        spaced = {sigla[r] for r in self._spaced_others(stretch, lemma_row, scope)}
        if not any(
            r.text and clings_to_word(r.text) and not any(s in spaced for s in r.witnesses)
            for r in readings[1:]
        ):
            return stretch, unit  # (no witness gains by it)
        got = [replace(lemma, ws=" ")]
        for r in readings[1:]:
            if not any(s in spaced for s in r.witnesses):
                got.append(r)
            elif r.text:
                got.append(replace(r, lead=" "))
            else:  # (an empty reading beside the empty lemma: a lacuna, unattested text)
                got.append(r if r.ws else replace(r, ws=" "))
        return replace(stretch, text=stretch.text[:-1]), replace(unit, readings=tuple(got))

    def _differs(self, lemma_row: int, row: int, span: Span) -> frozenset[VariantType]:
        """The classes of a witness's text against the lemma's over a span (for planning)."""
        key = (lemma_row, span.start, span.end)
        lemma = self._lemma_texts.get(key)
        if lemma is None:  # asked once per witness of the span: the lemma's text made once
            if len(self._lemma_texts) > 64:
                self._lemma_texts.clear()
            lemma = self._witness_text(lemma_row, span.start, span.end)[0].strip()
            self._lemma_texts[key] = lemma
        text = self._witness_text(row, span.start, span.end)[0].strip()
        return differences(lemma, text, self.profile.rules) if lemma != text else frozenset()

    def _lemma_tokens(self, c0: int, c1: int, row: int) -> list[Token]:
        if c1 == c0 + 1:  # (one column: most units)
            return list(self.table.tokens(c0, row))
        return [t for c in range(c0, c1) for t in self.table.tokens(c, row)]

    def _stretches(
        self,
        c0: int,
        c1: int,
        row: int,
        scope: tuple[int, ...] | None = None,
        space_end: bool = True,
    ) -> list[Segment]:
        """The lemma witness's text over columns with no variation, cut at milestones.

        The text is the lemma witness's own, spaces and all; where spacing does not count
        and ``space_end``, its last word keeps a space after it if some witness in scope has
        one there (so that a witness that continues where the lemma witness ends does not
        read «catthe»; before a unit, :meth:`_space_before` decides).
        """
        if c0 >= c1:
            return []
        columns = self.table.columns
        first, final = c0, c1 - 1
        while first < c1 and not columns[first][row]:
            first += 1
        if first == c1:
            return []
        while not columns[final][row]:
            final -= 1
        # a row holds its witness's tokens in order: the lemma witness's tokens here are
        # the slice from the first one to the last
        i0, i1 = columns[first][row][0].index, columns[final][row][-1].index + 1
        # (another lemma witness than the base: a nested unit's, over a few columns; its
        # tokens there are read as they come, not indexed over its whole row)
        if row != self.base_row:
            ranged = _RowRange(self.table, row, first, final + 1)
            return [self._stretch(ranged, i0, i1, c0, c1, scope, space_end)]
        lemma = self._row_index(row)
        out: list[Segment] = []
        start = i0
        if row == self.base_row and lemma.marked:
            for i in lemma.run_starts(i0, i1):
                marks = self._milestones(lemma.tokens[i])
                if marks:
                    if i > start:  # (the text goes on after the milestone: its own spaces)
                        out.append(self._stretch(lemma, start, i, c0, c1, scope, False))
                        start = i
                    out.extend(marks)
        out.append(self._stretch(lemma, start, i1, c0, c1, scope, space_end))
        return out

    def _stretch(
        self,
        lemma: _RowIndex | _RowRange,
        i0: int,
        i1: int,
        c0: int,
        c1: int,
        scope: tuple[int, ...] | None,
        space_end: bool,
    ) -> Stretch:
        """The lemma witness's tokens ``i0..i1`` (in columns ``c0..c1``) as one stretch.

        Each token is followed by a space if it has whitespace after it (not at the witness's
        end); where spacing does not count and ``space_end``, the last one also if it ends
        its column and some witness in scope has a space there.  Inside the stretch the
        other witnesses read the lemma witness's words, so its own spacing stands (no
        «Сталин !» in the base text for a witness's «Сталин !»).
        """
        # the tokens followed by no space: those without whitespace (and the witness's
        # last), but for the last one if it ends its column where some witness in scope has
        # a space
        tight = lemma.tight(i0, i1)
        if space_end and tight and tight[-1] == i1 - 1 and not self.spacing:
            rows = scope if scope is not None else tuple(range(len(self.sigla)))
            space_after = self.table.space_after
            if any(space_after(c, rows) for _, c in lemma.bare_ends(i1 - 1, i1)):
                tight = tight[:-1]
        # the texts joined by spaces, a run at a time between the tight tokens (a stretch
        # of prose has few: no string is made per token)
        texts = list(map(_TEXT, lemma.tokens[i0:i1]))
        parts: list[str] = []
        start = i0
        for i in tight:
            parts.append(" ".join(texts[start - i0 : i - i0 + 1]))
            start = i + 1
        if start < i1:
            parts.append(" ".join(texts[start - i0 :]) + " ")
        return new_stretch("".join(parts), (c0, c1), i0, i1, self.sigla[lemma.row])

    def _row_index(self, row: int) -> _RowIndex:
        got = self._row_indexes.get(row)
        if got is None:
            bounds = self.table.token_bounds()
            got = self._row_indexes[row] = _RowIndex(
                self.collation, row, None if bounds is None else bounds.lengths(row)
            )
        return got

    def _milestones(self, token: Token) -> list[Segment]:
        """The base's page, column and line breaks that fall before ``token``."""
        out: list[Segment] = []
        for kind, attr in _MILESTONES:
            value = getattr(token, attr)
            if value is not None and value != self.milestone_state[kind]:
                self.milestone_state[kind] = value
                out.append(Milestone(kind, value, token.index, self.sigla[self.base_row]))
        return out

    # --- units ---------------------------------------------------------------------------

    def _unit(
        self, scope: tuple[int, ...], span: Span, lemma_row: int, parent: str | None
    ) -> VariationUnit:
        self.count += 1
        number = self.count
        uid = f"app{number}"
        c0, c1 = span.start, span.end
        columns = (c0, c1)  # one tuple for the unit, its location and its readings' spans
        absent: tuple[int, ...] = span.absence.rows if span.absence else ()
        inner_scope = tuple(r for r in scope if r not in absent) if absent else scope
        inner_lemma = (
            lemma_row if lemma_row in inner_scope else self._representative(inner_scope, c0, c1)
        )
        if span.absence is not None:
            content = tuple(self._segments(inner_scope, c0, c1, inner_lemma, uid))
            readings = self._absence_readings(
                scope, span, lemma_row, inner_scope, inner_lemma, columns
            )
        else:
            content = self._leaf_content(c0, c1, lemma_row)
            readings = self._readings(scope, columns, lemma_row)
        tid = self.table.columns[c0].transposition
        lemma_tokens = self._lemma_tokens(c0, c1, lemma_row)
        return new_unit(  # (id, index, location, readings, type, columns, transposition,
            uid,  # scope, parent, content, lemma_witness)
            number - 1,
            self._location(lemma_row, lemma_tokens, columns),
            readings,
            unit_type(readings[1:]),
            columns,
            tid,
            self._sigla_of(scope),
            parent,
            content,
            self.sigla[inner_lemma if span.absence is not None else lemma_row],
        )

    def _sigla_of(self, rows: tuple[int, ...]) -> tuple[str, ...]:
        """The sigla of some rows: one tuple per set of rows, made once (units share it)."""
        got = self._sigla_cache.get(rows)
        if got is None:
            got = self._sigla_cache[rows] = self._share(tuple(self.sigla[r] for r in rows))
        return got

    def _orthographic_key(self, text: str) -> str:
        """The profile's :meth:`~.Profile.orthographic_key`, asked once per distinct text (the
        readings of a book repeat a few thousand texts)."""
        got = self._orthographic.get(text)
        if got is None:
            got = self._orthographic[text] = self.profile.orthographic_key(text)
        return got

    def _representative(self, rows: tuple[int, ...], c0: int, c1: int) -> int:
        """The witness whose text stands for the others where the base has none.

        The text most of them share, then the longest, then the first siglum in sort order:
        never the order the witnesses were given in.
        """
        texts = {r: self._witness_text(r, c0, c1)[0] for r in rows}
        counts: dict[str, int] = {}
        for t in texts.values():
            counts[t] = counts.get(t, 0) + 1
        return min(rows, key=lambda r: (-counts[texts[r]], -len(texts[r]), self.sigla[r]))

    def _leaf_content(self, c0: int, c1: int, row: int) -> tuple[Segment, ...]:
        """A leaf unit's lemma as stretches and milestones, if a milestone falls inside it."""
        if row != self.base_row or not self._row_index(row).marked:
            return ()  # (no page, column or line anywhere in the base: no milestone here)
        segs = self._stretches(c0, c1, row)
        return tuple(segs) if any(isinstance(s, Milestone) for s in segs) else ()

    def _witness_text(self, row: int, c0: int, c1: int) -> tuple[str, bool, list[Token]]:
        """A witness's text over a column range, whether part of it is unknown, its tokens
        (the list not to be changed: it is kept for the next to ask).

        Planning asks it of the spans it compares, an absence unit again to choose the
        witness whose text stands for the others and again for its readings: the last
        few answers are kept."""
        key = (row, c0, c1)
        got = self._texts.get(key)
        if got is None:
            if len(self._texts) > 256:
                self._texts.clear()
            got = self._texts[key] = self._read_text(row, c0, c1)
        return got

    def _read_text(self, row: int, c0: int, c1: int) -> tuple[str, bool, list[Token]]:
        bounds = self.table.token_bounds()
        if c1 == c0 + 1 and self.fast_paths:  # (one column: its cell)
            cell = self.table.columns[c0][row]
            if not cell:
                return "", cell.lacuna is not None, []
            piece = self.table.pieces(c0)[row]
            assert piece is not None  # (a cell with tokens has a piece)
            return piece, False, list(cell)
        if bounds is not None:
            # the witness's tokens there are a slice of its tokens (where they begin and end
            # read from the table's arrays), its text their pieces joined: no column visited
            i0, i1 = bounds.span(row, c0, c1)
            tokens = list(self.collation.witnesses[row].tokens[i0:i1])
            text = "".join([t[0] + " " if t[1] else t[0] for t in tokens])
            if tokens and tokens[-1][1] and i1 - 1 == self.table.last[row]:
                text = text[:-1]  # (no space after the witness's last token)
            return text, bounds.lost(row, c0, c1), tokens
        # the columns' pieces (each column's made once, for every witness) and cells read in
        # C loops: the text is the join of the pieces, lost where a piece is None
        pieces = self.table.pieces
        mine = [pieces(c)[row] for c in range(c0, c1)]
        cells = map(itemgetter(row), self.table.columns[c0:c1])
        return "".join(filter(None, mine)), None in mine, list(chain.from_iterable(cells))

    def _readings(
        self, scope: tuple[int, ...], columns: tuple[int, int], lemma_row: int
    ) -> tuple[Reading, ...]:
        c0, c1 = columns
        keys: dict[int, _Key] = {}
        tokens: dict[int, list[Token]] = {}
        one = c1 == c0 + 1  # one column (most units): each witness's text is its piece
        cells = self.table.columns[c0]
        pieces = self.table.pieces(c0) if one else ()
        if self._lean and lemma_row in scope:
            got: tuple[Reading, ...] | None = None
            if one and len(scope) == 2:
                got = self._two_readings(scope, columns, lemma_row, cells, pieces)
            if got is None:
                got = self._plain_readings(scope, columns, lemma_row)
            if got is not None:
                return got
        for r in scope:
            if not one:
                text, lacuna, toks = self._witness_text(r, c0, c1)
            elif cells[r]:
                piece_r = pieces[r]
                assert piece_r is not None  # (a cell with tokens has a piece)
                text, lacuna, toks = piece_r, False, [*cells[r]]
            else:
                text, lacuna, toks = "", cells[r].lacuna is not None, []
            t, ws = split_ws(text)
            keys[r] = _Key(t, ws, lacuna)
            tokens[r] = toks
        return self._group(scope, keys, tokens, lemma_row, columns)

    def _two_readings(
        self,
        scope: tuple[int, ...],
        columns: tuple[int, int],
        lemma_row: int,
        cells: Sequence[Cell],
        pieces: Sequence[str | None],
    ) -> tuple[Reading, Reading] | None:
        """The readings of the commonest unit, the short way: one column, two witnesses
        whose texts differ (not only in spacing), plain text, no transposition (else None:
        :meth:`_group` decides).  The same readings :meth:`_group` makes, without its
        grouping: each witness is a reading of its own, attested, citing nothing."""
        table = self._span_table
        if table is None or self.table.columns[columns[0]].transposition is not None:
            return None
        other = scope[1] if scope[0] == lemma_row else scope[0]
        got: list[tuple[str, str, bool, str]] = []
        for r in (lemma_row, other):
            cell = cells[r]
            if cell:
                text = pieces[r]
                assert text is not None  # (a cell with tokens has a piece)
                group = cell[0].text if len(cell) == 1 else token_key(cell)
                got.append((*split_ws(text), False, group))
            else:
                got.append(("", "", cell.lacuna is not None, ""))
        (lt, lws, llac, lgroup), (ot, ows, olac, ogroup) = got
        if (lgroup, llac) == (ogroup, olac) or (lt, lws, llac) == (ot, ows, olac):
            return None  # one reading (they differ only in spacing, or not at all)
        lemma_key = _Key(lt, lws, llac)
        key = _Key(ot, ows, olac)
        spans = cast("tuple[tuple[str, int, int], ...]", ColumnSpans(table, columns))
        lemma_sig = self._sigla_of((lemma_row,))
        lemma = new_reading(
            lt,
            lemma_sig,
            True,
            VariantType.IDENTICAL,
            self._share(_NO_FLAGS),
            lws,
            0,
            llac,
            (),
            spans,
            (),
            (),
            None,
            False,
        )
        sig = self._sigla_of((other,))
        kind, flags = self._classify(lemma_key, key, False)
        substantive = self._substantive(lt + lws, ot + ows, kind, flags)
        lemma_gkey = "\x00lacuna" if llac else self._orthographic_key(lt)
        gkey = "\x00lacuna" if olac else self._orthographic_key(ot)
        reading = new_reading(
            ot,
            sig,
            False,
            kind,
            self._share(flags),
            ows,
            0 if gkey == lemma_gkey else 1,
            olac,
            (),
            spans,
            (),
            (),
            None,
            substantive,
        )
        return lemma, reading

    def _plain_readings(
        self, scope: tuple[int, ...], columns: tuple[int, int], lemma_row: int
    ) -> tuple[Reading, ...] | None:
        """The readings of a unit of plain witnesses (no absence unit), without the general
        grouping's questions: what :meth:`_group` makes where no token has provenance and
        spacing does not count (every reading attested, citing nothing, no ``xml:id``).

        The witnesses are grouped by what is compared (:func:`token_key`, read from the
        table's cache for one column) and whether their text is lost; a group reads as its
        first witness (the lemma's first, then by siglum), with a space if any of its
        witnesses has one.
        """
        c0, c1 = columns
        table = self.table
        sigla = self.sigla
        texts: dict[int, str] = {}
        groups: dict[int, object] = {}
        tokens: dict[int, list[Token]] = {}
        if c1 == c0 + 1:  # (one column: its pieces and compared keys are cached)
            pieces, compared = table.pieces(c0), table.keys(c0)
            for r in scope:
                p = pieces[r]
                # a lacuna (no piece) is a group apart from every text
                texts[r], groups[r] = ("", None) if p is None else (p, compared[r])
        else:
            for r in scope:
                texts[r], lost, toks = self._witness_text(r, c0, c1)
                groups[r] = (toks[0].text if len(toks) == 1 else token_key(toks), lost)
                tokens[r] = toks
        # each group's first witness (the lemma's first, then by siglum, as :meth:`_group`)
        # and whether any has a space after
        first: dict[object, int] = {}
        spaced: set[object] = set()
        for r in (lemma_row, *sorted(scope, key=sigla.__getitem__)):
            g = groups[r]
            first.setdefault(g, r)
            if texts[r].endswith(" "):
                spaced.add(g)
        key_of: dict[object, _Key] = {}
        for g, r in first.items():
            lost = g is None if c1 == c0 + 1 else g[1]  # type: ignore[index]
            key_of[g] = _Key(split_ws(texts[r])[0], " " if g in spaced else "", lost)
        lemma_key = key_of[groups[lemma_row]]
        members_of: dict[_Key, list[int]] = {lemma_key: []}
        for r in scope:
            members_of.setdefault(key_of[groups[r]], []).append(r)
        tid = table.columns[c0].transposition
        moved = self.transposed.get(tid, frozenset()) if tid is not None else frozenset()
        spans = (
            cast("tuple[tuple[str, int, int], ...]", ColumnSpans(self._span_table, columns))
            if self._span_table is not None and c1 - c0 <= SPANS_READ_WIDTH
            else None
        )
        numbers: dict[str, int] = {}
        out: list[Reading] = []
        for key, members in members_of.items():
            sig = self._sigla_of(tuple(members))
            if key is lemma_key:
                kind, flags, substantive = VariantType.IDENTICAL, _NO_FLAGS, False
            else:
                involved = bool(moved) and bool(moved & {*sig, sigla[lemma_row]})
                kind, flags = self._classify(lemma_key, key, involved)
                substantive = self._substantive(
                    lemma_key.text + lemma_key.ws, key.text + key.ws, kind, flags
                )
            gkey = "\x00lacuna" if key.lacuna else self._orthographic_key(key.text)
            out.append(
                new_reading(  # (text, witnesses, lemma, type, flags, ws, group, lacuna,
                    key.text,  # unattested, spans, xml_ids, sources, cert, substantive)
                    sig,
                    key is lemma_key,
                    kind,
                    self._share(flags),
                    key.ws,
                    numbers.setdefault(gkey, len(numbers)),
                    key.lacuna,
                    (),
                    spans
                    if spans is not None
                    else tuple(
                        (sigla[r], tokens[r][0].index, tokens[r][-1].index + 1)
                        for r in members
                        if tokens[r]
                    ),
                    (),
                    (),
                    None,
                    substantive,
                )
            )
        return tuple(out)

    def _absence_readings(
        self,
        scope: tuple[int, ...],
        span: Span,
        lemma_row: int,
        present: tuple[int, ...],
        representative: int,
        columns: tuple[int, int],
    ) -> tuple[Reading, ...]:
        """An absence unit: the absent witnesses' om./lac., the others' shared reading.

        The witnesses with text form one reading (the representative's text); where they
        differ among themselves, the nested units say how.
        """
        assert span.absence is not None
        c0, c1 = span.start, span.end
        text, _, rep_tokens = self._witness_text(representative, c0, c1)
        t, ws = split_ws(text)
        keys: dict[int, _Key] = {}
        tokens: dict[int, list[Token]] = {}
        for r in scope:
            if r in present:
                keys[r] = _Key(t, ws, False)
                tokens[r] = self._witness_text(r, c0, c1)[2] if r != representative else rep_tokens
            else:
                # the absent witness's own words beside the others' (a rewording), if any
                own, _, own_tokens = self._witness_text(r, c0, c1)
                ot, ows = split_ws(own)
                lacuna = r in span.absence.lacuna
                keys[r] = _Key(ot, ows, lacuna, not lacuna and (ot, ows) == (t, ws))
                tokens[r] = own_tokens
        return self._group(scope, keys, tokens, lemma_row, columns, presence=frozenset(present))

    def _group(
        self,
        scope: tuple[int, ...],
        keys: dict[int, _Key],
        tokens: dict[int, list[Token]],
        lemma_row: int,
        columns: tuple[int, int],
        presence: frozenset[int] = frozenset(),
    ) -> tuple[Reading, ...]:
        """Readings grouped by key, the lemma first, classified against it."""
        c0, c1 = columns
        if not self.spacing:
            # readings that differ only in spacing are one reading: the first witness's text,
            # with a space after it if any of them has one (words stay apart).  In an absence
            # unit the witnesses with text and the absent ones are never one reading, even
            # where a witness with text has no token of its own there (its key is the others')
            first: dict[tuple[str, bool, bool], _Key] = {}
            groups_of: dict[int, tuple[str, bool, bool]] = {}
            # (the lemma witness first, then by siglum: which text stands for a group must
            # not depend on the order the witnesses were given in, «. the» or «.the»)
            for r in (lemma_row, *sorted(scope, key=self.sigla.__getitem__)):
                k = keys[r]
                toks = tokens[r]
                # (the witnesses with text in an absence unit all have the others' key, so
                # their own tokens' text, which may be a long passage, is not asked)
                group = groups_of[r] = (
                    ""
                    if r in presence and self.fast_paths
                    else toks[0].text
                    if len(toks) == 1
                    else token_key(toks),
                    k.lacuna,
                    r in presence,
                )
                if group in first and k.ws and not first[group].ws:
                    first[group] = first[group]._replace(ws=k.ws)
                first.setdefault(group, k)
            for r in (lemma_row, *scope):
                keys[r] = first[groups_of[r]]
        lemma_key = keys[lemma_row]
        # the readings in order (the lemma first, then as the witnesses come), each with its
        # witnesses in scope order: one pass, keys hashed in C
        members_of: dict[_Key, list[int]] = {lemma_key: []}
        for r in scope:
            members_of.setdefault(keys[r], []).append(r)
        tid = self.table.columns[c0].transposition
        moved = self.transposed.get(tid, frozenset()) if tid is not None else frozenset()
        groups: dict[str, int] = {}
        out: list[Reading] = []
        # plain text (no token has provenance): attested, nothing cited, no xml:id, no
        # certainty; only an omission's attestation is to be looked for.  Asked of the whole
        # unit first (a plain text's units are plain throughout), then of each reading
        all_plain = self._all_plain or without_provenance(chain.from_iterable(tokens.values()))
        # each witness's span is its first and last token in the unit's columns: read from
        # them when asked (one object for the unit), not stored per reading
        spans = (
            cast("tuple[tuple[str, int, int], ...]", ColumnSpans(self._span_table, columns))
            if self._span_table is not None and c1 - c0 <= SPANS_READ_WIDTH
            else None
        )
        for key, members in members_of.items():
            sig = self._sigla_of(tuple(members))
            plain = all_plain or without_provenance(chain.from_iterable(tokens[r] for r in members))
            # (plain text with tokens is attested: only the others are asked; where every
            # witness is plain, an omission is too, its neighbours being plain: none is)
            asked = (
                ()
                if self._all_plain
                else [r for r in members if not tokens[r]]
                if plain
                else members
            )
            noted: list[tuple[int, tuple[Note, ...]]] = []  # (absences their notes attest)
            unattested = (
                tuple(
                    self.sigla[r]
                    for r in asked
                    if not self._attested(
                        r, tokens[r], c0, c1, key, presence=r in presence, noted=noted
                    )
                )
                if asked
                else ()
            )
            if key == lemma_key:
                kind, flags, substantive = VariantType.IDENTICAL, _NO_FLAGS, False
            else:
                involved = bool(moved) and bool(moved & {*sig, self.sigla[lemma_row]})
                kind, flags = self._classify(lemma_key, key, involved)
                if key.absent and not key.text and kind is VariantType.IDENTICAL:
                    kind, flags = VariantType.OMISSION, frozenset({VariantType.OMISSION})
                if unattested and len(unattested) == len(members):
                    flags = flags | {VariantType.UNATTESTED, kind} - {VariantType.IDENTICAL}
                    kind = VariantType.UNATTESTED
                substantive = self._substantive(
                    lemma_key.text + lemma_key.ws, key.text + key.ws, kind, flags
                )
            gkey = "\x00lacuna" if key.lacuna else self._orthographic_key(key.text)
            sources = (
                ()
                if plain
                else tuple(
                    c for r in members for c in citations_of(self.collation.witnesses[r], tokens[r])
                )
            )
            if noted:  # (an absence cites what its attestation note cites)
                witnesses = self.collation.witnesses
                sources += tuple(c for r, ns in noted for c in citations_of(witnesses[r], ns))
            out.append(
                new_reading(  # (text, witnesses, lemma, type, flags, ws, group, lacuna,
                    key.text,  # unattested, spans, xml_ids, sources, cert, substantive)
                    sig,
                    key == lemma_key,
                    kind,
                    self._share(flags),
                    key.ws,
                    groups.setdefault(gkey, len(groups)),
                    key.lacuna,
                    unattested,
                    spans
                    if spans is not None
                    else tuple(
                        (self.sigla[r], tokens[r][0].index, tokens[r][-1].index + 1)
                        for r in members
                        if tokens[r]
                    ),
                    ()
                    if plain
                    else tuple(
                        dict.fromkeys(t.xml_id for r in members for t in tokens[r] if t.xml_id)
                    ),
                    sources,
                    None
                    if plain and not noted
                    else least_certain(
                        [
                            *(c.cert for c in sources),
                            *(t.cert for r in members for t in tokens[r]),
                        ]
                    ),
                    substantive,
                )
            )
        return tuple(out)

    def _substantive(
        self, lemma_text: str, text: str, kind: VariantType, flags: frozenset[VariantType]
    ) -> bool:
        """Whether a reading of ``kind`` matters to the sense: the profile's judgement, never
        asked of an identical, unattested or lost reading."""
        return kind not in _NEVER_SUBSTANTIVE and self.profile.is_substantive(
            lemma_text, text, kind, flags
        )

    def _classify(
        self, lemma: _Key, key: _Key, transposed: bool
    ) -> tuple[VariantType, frozenset[VariantType]]:
        """:func:`classify_texts` of two readings, asked once per pair of texts in this
        apparatus (a book's readings repeat: the profile's own caches sit below four calls)."""
        ask = (lemma.text, lemma.ws, lemma.lacuna, key.text, key.ws, key.lacuna, transposed)
        got = self._classes.get(ask) if self.fast_paths else None
        if got is None:
            got = self._classes[ask] = classify_texts(
                self.profile,
                (lemma.text + lemma.ws, lemma.lacuna),
                (key.text + key.ws, key.lacuna),
                transposed,
            )
        return got

    def _attested(
        self,
        row: int,
        tokens: Sequence[Token],
        c0: int,
        c1: int,
        key: _Key,
        *,
        presence: bool = False,
        noted: list[tuple[int, tuple[Note, ...]]] | None = None,
    ) -> bool:
        """The one rule of attestation for a witness's reading in a unit.

        Text: every token attested (:attr:`Token.attested`) — or, in an absence unit, where the
        reading says only that the witness *has* text against one that has none, at least one
        (the words themselves are judged in the units nested inside).  No text (an omission):
        the witness's tokens on both sides are attested, or an ``attestation`` note on a
        neighbouring token (the one before, or after: at the witness's start, or where the
        absence stands before a shared stop) says the absence is attested (one that points
        elsewhere with ``@target``, or is printed without a call, does not).  A lacuna claims
        nothing, so it is not "unattested".  The notes that attest an absence are added to
        ``noted``, with the witness's row: the reading cites their sources.
        """
        if tokens:
            if presence:
                return any(t.attested for t in tokens)
            return all(t.attested for t in tokens)
        if key.lacuna:
            return True
        if self._revised_here(row, c0, c1):
            return True
        before, after = self._neighbours(row, c0, c1)
        if without_provenance(t for t in (before, after) if t is not None):
            return True  # plain text: no notes, every token attested
        # The encoder's note at the place says the absence itself is reported: a note is
        # read onto the token before it (at the witness's very start, onto the first token),
        # and the aligner may set the absence either side of a shared stop, so a note on
        # either neighbour counts.
        notes = tuple(
            n
            for t in (before, after)
            if t is not None
            for n in t.notes
            # (a note with @target, or printed without a call, says nothing by its place:
            # as the report reads editorial notes, alterations._note_here)
            if (n.type or "").lower() == "attestation" and n.anchored and not n.target
        )
        if notes:
            if noted is not None:
                noted.append((row, notes))
            return True
        return all(t.attested for t in (before, after) if t is not None)

    def _revised_here(self, row: int, c0: int, c1: int) -> bool:
        """True if another revision state of the same document has text here that its
        revision markup added (for the state before) or deleted (for the state after): the
        manuscript itself attests that this state lacks it."""
        me = self.collation.witnesses[row]
        if me.state is None or me.metadata.file is None:
            return False
        wanted = "add" if me.state.startswith("ac") else "del"
        for other, w in enumerate(self.collation.witnesses):
            if other == row or w.metadata.file != me.metadata.file or w.state is None:
                continue
            for c in range(c0, c1):
                if any(t.extra.get("revision") == wanted for t in self.table.tokens(c, other)):
                    return True
        return False

    def _neighbours(self, row: int, c0: int, c1: int) -> tuple[Token | None, Token | None]:
        """The witness's last token before column ``c0`` and first from ``c1`` on."""
        before: Token | None = None
        columns = self.table.columns
        # a short scan back finds it almost always; past that (a unit deep inside a long
        # omission) a binary search over the witness's columns keeps the cost per unit bounded
        for c in range(c0 - 1, max(c0 - 64, 0) - 1, -1):
            toks = columns[c][row]
            if toks:
                before = toks[-1]
                break
        else:
            if c0 > 64:
                occupied = self._occupied(row)
                k = bisect_left(occupied, c0) - 1
                if k >= 0:
                    before = columns[occupied[k]][row][-1]
        witness_tokens = self.collation.witnesses[row].tokens
        after: Token | None = None
        if before is not None:
            nxt = before.index + 1
            after = witness_tokens[nxt] if nxt < len(witness_tokens) else None
        elif witness_tokens:
            after = witness_tokens[0]
        return before, after

    def _occupied(self, row: int) -> list[int]:
        """The columns where the witness has tokens, in order (made once per witness, on
        demand)."""
        got = self._occupied_cache.get(row)
        if got is None:
            got = self._occupied_cache[row] = [
                c for c, col in enumerate(self.table.columns) if col[row]
            ]
        return got

    def _location(self, row: int, tokens: Sequence[Token], columns: tuple[int, int]) -> Location:
        """Where the unit stands, in the lemma witness's text; its paragraph, page and line
        (the label) always the base's, at the nearest base token where the lemma witness is
        another (a unit nested where the base is absent)."""
        if row != self.base_row:
            c0, c1 = columns
            own = self._location_in(row, tokens, columns)
            base = self._location_in(
                self.base_row, self._lemma_tokens(c0, c1, self.base_row), columns
            )
            return new_location(  # (own's place, the base's label: dataclasses.replace's
                own.start,  # keyword parsing, at every nested unit, cost as much again)
                own.end,
                own.columns,
                own.char_start,
                own.char_end,
                base.paragraph,
                base.page,
                base.line,
                base.page_end,
                base.line_end,
                own.xml_ids,
                base.block,
                base.block_kind,
            )
        return self._location_in(row, tokens, columns)

    def _location_in(self, row: int, tokens: Sequence[Token], columns: tuple[int, int]) -> Location:
        c0, c1 = columns
        block, kind, number = self._block_of(tokens[0] if tokens else None, row, c0)
        if tokens and self._all_plain:
            # plain text: no page, line or xml:id; where the tokens stand read from their
            # places in one call, not four properties
            start, end, char_start, char_end = token_span(tokens[0], tokens[-1])
            return new_location(
                start,
                end,
                columns,
                char_start,
                char_end,
                number,
                None,
                None,
                None,
                None,
                (),
                block,
                kind,
            )
        ids = (
            ()  # (plain text: no token has an xml:id)
            if self._all_plain or without_provenance(tokens)
            else tuple(dict.fromkeys(t.xml_id for t in tokens if t.xml_id))
        )
        if tokens:
            first, last = tokens[0], tokens[-1]
            return new_location(  # (start, end, columns, char_start, char_end, paragraph,
                first.index,  # page, line, page_end, line_end, xml_ids, block, block_kind)
                last.index + 1,
                columns,
                first.start,
                last.end,
                number,
                first.page,
                first.line,
                last.page,
                last.line,
                ids,
                block,
                kind,
            )
        before, after = self._neighbours(row, c0, c1)
        anchor = before or after
        if row == self.base_row and kind is not None:
            # the base has no text here: name the block the others' words stand in (a
            # signature the base lacks is at the signature, not at the date line before it)
            theirs = self._block_kinds_in(c0, c1)
            if theirs and theirs[0] != kind and theirs[0] not in (None, "p"):
                kind, number = theirs[0], None
        witness = self.collation.witnesses[row]
        cursor = before.index + 1 if before is not None else 0
        char = witness.tokens[cursor].start if cursor < len(witness.tokens) else self._length(row)
        return new_location(
            cursor,
            cursor,
            columns,
            char,
            char,
            number,
            anchor.page if anchor else None,
            anchor.line if anchor else None,
            anchor.page if anchor else None,
            anchor.line if anchor else None,
            (anchor.xml_id,) if anchor and anchor.xml_id else (),
            block,
            kind,
        )

    def _length(self, row: int) -> int:
        """The length of the witness's text (:attr:`Witness.text`, made once per witness: a
        unit past its last token asks it, and making the text is a pass over the witness)."""
        got = self._lengths.get(row)
        if got is None:
            got = self._lengths[row] = len(self.collation.witnesses[row].text)
        return got

    def _block_kinds_in(self, c0: int, c1: int) -> list[str | None]:
        """The block kinds of the witnesses' words in columns ``c0 .. c1`` (at most the first
        hundred), the most common first."""
        kinds = [
            cell.tokens[0].block
            for col in self.collation.columns[c0 : min(c1, c0 + 100)]
            for cell in col
            if cell.tokens
        ]
        return sorted(dict.fromkeys(kinds), key=lambda k: -kinds.count(k))

    def _block_of(
        self, token: Token | None, row: int, c0: int
    ) -> tuple[int | None, str | None, int | None]:
        """The block (index, kind, text-paragraph number) a unit stands in: that of its first
        token, else of the token before it, else (at the very start) of the token after."""
        if token is None:
            before, after = self._neighbours(row, c0, c0)
            token = before or after
        if token is None or row != self.base_row:
            return None, None, None
        ids, numbers = self._block_info()
        index = token.index
        if not 0 <= index < len(ids):
            return None, None, None
        bid = int(ids[index])
        return bid, token.block or "p", numbers[bid]

    _block_cache: tuple[npt.NDArray[np.int64], dict[int, int | None]] | None = None
    #: The lemma's text over the spans planning compares witnesses on (the last few).
    _lemma_texts: dict[tuple[int, int, int], str]

    def _block_info(self) -> tuple[npt.NDArray[np.int64], dict[int, int | None]]:
        """Each base token's block id, and each block's text-paragraph number (computed once:
        the number is taken from the kind of the block's first token)."""
        if self._block_cache is None:
            ids = self._base_block_array()
            numbers: dict[int, int | None] = {}
            number = 0
            # only the tokens where the block id changes are read (one numpy pass finds them)
            for i in np.flatnonzero(np.diff(ids, prepend=ids[:1] - 1)).tolist():
                bid, t = int(ids[i]), self.base_tokens[i]
                if bid not in numbers:
                    if (t.block or "p") == "p":
                        number += 1
                    numbers[bid] = number if (t.block or "p") == "p" else None
            self._block_cache = ids, numbers
        return self._block_cache

    _ids_array: npt.NDArray[np.int64] | None = None

    def _base_block_array(self) -> npt.NDArray[np.int64]:
        """Each base token's block (:func:`_block_ids`), made once: two passes read it."""
        if self._ids_array is None:
            numbered = self._row_index(self.base_row).numbered
            self._ids_array = _block_ids(self.base_tokens, numbered)
        return self._ids_array


class _RowIndex:
    """What writing a lemma witness's stretches needs to know of its tokens, found once.

    A stretch is a slice of the witness's tokens; this says where in it a milestone may
    begin and which of its tokens may take a space from another witness, so that a stretch
    costs its join, not a visit of each token.
    """

    def __init__(
        self, collation: Collation, row: int, lengths: npt.NDArray[np.int64] | None = None
    ) -> None:
        """``lengths``: the witness's number of tokens at each column, if known."""
        self.row = row
        self.tokens = tokens = collation.witnesses[row].tokens
        run = itemgetter(4)  # (a token's witness and provenance record)
        # tokens of one run share their page, column and line: a milestone can only begin
        # where the run changes (plain text has one run, and no page, line or block)
        if (
            not tokens
            or collation.witnesses[row].without_provenance
            or all(map(operator.is_, map(run, tokens), repeat(run(tokens[0]))))
        ):
            self._starts = [0] if tokens else []
        else:
            runs = list(map(run, tokens))
            self._starts = [i for i in range(len(runs)) if i == 0 or runs[i] is not runs[i - 1]]
        firsts = [tokens[i] for i in self._starts]
        self.marked = any(
            t.page is not None or t.column is not None or t.line is not None for t in firsts
        )
        #: whether some token has a block (paragraph) number, which a run shares too
        self.numbered = any(t.paragraph is not None for t in firsts)
        # the tokens that end their column without a space of their own (none after them, or
        # the witness's last), and those columns
        if lengths is None:
            lengths = np.fromiter(
                map(len, map(itemgetter(row), collation.columns)),
                dtype=np.int64,
                count=len(collation.columns),
            )
        #: the columns where the witness has tokens, and the first token in each
        self.filled = filled = np.flatnonzero(lengths)
        counts = np.cumsum(lengths)
        self.firsts = (counts - lengths)[filled]
        ends = counts[filled] - 1
        bare = np.fromiter(
            map(operator.not_, map(itemgetter(1), tokens)), dtype=bool, count=len(tokens)
        )  # (no whitespace after the token)
        if len(tokens):
            bare[-1] = True
        keep = bare[ends]
        #: the tokens followed by no whitespace (and the witness's last token), in order
        self._tight: list[int] = np.flatnonzero(bare).tolist()
        self._bare_tokens: list[int] = ends[keep].tolist()
        self._bare_columns: list[int] = filled[keep].tolist()

    def run_starts(self, i0: int, i1: int) -> list[int]:
        """The tokens of ``i0..i1`` a milestone may stand before: the first, and those that
        begin a new run."""
        k0, k1 = bisect_right(self._starts, i0), bisect_left(self._starts, i1)
        return [i0, *self._starts[k0:k1]]

    def tight(self, i0: int, i1: int) -> list[int]:
        """The tokens of ``i0..i1`` with no whitespace after them, or the witness's last."""
        return self._tight[bisect_left(self._tight, i0) : bisect_left(self._tight, i1)]

    def bare_ends(self, i0: int, i1: int) -> Iterable[tuple[int, int]]:
        """``(token, column)`` of the tokens of ``i0..i1`` that end their column bare."""
        k0, k1 = bisect_left(self._bare_tokens, i0), bisect_left(self._bare_tokens, i1)
        return zip(self._bare_tokens[k0:k1], self._bare_columns[k0:k1], strict=True)


#: How far :meth:`_Builder._next_token` looks for a witness's next token, and what it
#: answers beyond: a word (no column), so that the space is kept.
_NEXT_TOKEN_SPAN = 256
_FAR = (-1, "a")


def _index_of(readings: Sequence[Reading], siglum: str) -> int:
    """The index of the reading ``siglum`` has among ``readings`` (0, the lemma's, if none)."""
    return next((k for k, r in enumerate(readings) if siglum in r.witnesses), 0)


def _spaced_after(readings: Sequence[Reading], which: set[int]) -> tuple[Reading, ...]:
    """``readings`` with a space after those at the indices ``which``."""
    return tuple(replace(r, ws=" ") if k in which else r for k, r in enumerate(readings))


class _RowRange:
    """What :meth:`_Builder._stretch` reads of a lemma witness's tokens (as
    :class:`_RowIndex` gives it), found over one run of columns only: for a witness other than
    the base, whose text is the lemma only inside a few units (a pass over all its columns
    per witness cost more than its stretches)."""

    marked = False  # (milestones are the base's)

    def __init__(self, table: ColumnTable, row: int, c0: int, c1: int) -> None:
        self.row = row
        self.tokens = table.collation.witnesses[row].tokens
        self._cells = [col[row] for col in table.columns[c0:c1]]
        self._c0 = c0
        self._last = table.last[row]

    def tight(self, i0: int, i1: int) -> list[int]:
        """The tokens of ``i0..i1`` with no whitespace after them, or the witness's last."""
        tokens, last = self.tokens, self._last
        return [i for i in range(i0, i1) if not tokens[i][1] or i == last]

    def bare_ends(self, i0: int, i1: int) -> Iterable[tuple[int, int]]:
        """``(token, column)`` of the tokens of ``i0..i1`` that end their column bare."""
        out: list[tuple[int, int]] = []
        for c, cell in enumerate(self._cells, self._c0):
            if cell:
                t = cell[-1]
                i = t.index
                if i0 <= i < i1 and (not t[1] or i == self._last):
                    out.append((i, c))
        return out


def classify_texts(
    profile: Profile, lemma: tuple[str, bool], reading: tuple[str, bool], transposed: bool
) -> tuple[VariantType, frozenset[VariantType]]:
    """A reading's class against the lemma, from its content: the one rule, for every output.

    ``lemma`` and ``reading`` are ``(text with its trailing space, lacuna?)``.  A lacuna on
    either side is a lacuna; an addition or omission by a witness that a transposition
    involves is a transposition; everything else is the profile's classification.
    """
    if reading[1] or lemma[1]:
        return VariantType.LACUNA, frozenset({VariantType.LACUNA})
    kind, flags = profile.classify(lemma[0], reading[0])
    if kind in (VariantType.ADDITION, VariantType.OMISSION) and transposed:
        flags = flags | {kind}
        kind = VariantType.TRANSPOSITION
    if kind is not VariantType.IDENTICAL:
        flags = flags | {kind}
    return kind, frozenset(flags)


def classify_reading(
    profile: Profile,
    before: Reading,
    after: Reading,
    unit: VariationUnit,
    collation: Collation | None,
) -> tuple[VariantType, frozenset[VariantType]]:
    """``after`` against ``before``, two readings of one unit (what the report compares)."""
    moved: frozenset[str] = frozenset()
    if unit.transposition is not None and collation is not None:
        for t in collation.transpositions:
            if t.id == unit.transposition:
                moved = frozenset(b[0] for b in t.blocks)
    involved = bool(moved & {*before.witnesses, *after.witnesses})
    return classify_texts(
        profile,
        (before.text + before.ws, before.lacuna),
        (after.text + after.ws, after.lacuna),
        involved,
    )


def _block_ids(tokens: Sequence[Token], numbered: bool = True) -> npt.NDArray[np.int64]:
    """Each token's block: the TEI block number, or for plain text the blank-line paragraph
    (``numbered``: False if no token has a block number, which makes it one numpy pass).

    An array (a book's base has a million tokens: a list of them, then an array of the list,
    cost more than the passes that read it)."""
    if not numbered:
        # a block ends at each blank line: the few whitespaces that hold one are found among
        # the distinct ones, then the tokens they follow
        spaces = itemgetter(1)  # (a token's whitespace)
        breaks = {ws for ws in set(map(spaces, tokens)) if "\n" in ws and blank_line(ws)}
        if not breaks:
            return np.ones(len(tokens), dtype=np.int64)
        after = np.zeros(len(tokens) + 1, dtype=np.int64)
        after[1:] = np.fromiter(
            map(breaks.__contains__, map(spaces, tokens)), dtype=bool, count=len(tokens)
        )
        return np.cumsum(after[:-1]) + 1
    out: list[int] = []
    current = 1
    prev: Token | None = None
    add = out.append
    for t in tokens:
        if t.paragraph is not None:
            current = t.paragraph
        elif prev is not None and "\n" in prev.ws and blank_line(prev.ws):
            current += 1
        add(current)
        prev = t
    return np.asarray(out, dtype=np.int64)


def blank_line(ws: str) -> bool:
    """True if the white space holds a blank line: a paragraph's end in plain text."""
    return _PARAGRAPH_BREAK.search(ws) is not None
