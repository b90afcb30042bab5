"""Where the variation units are: the collation's columns cut into stretches and units.

The rules (``docs/apparatus.md``):

- A column is *variant* (within the witnesses in scope) when their texts there differ in any
  character (so «Вы»/«вы», which the aligner matched, is a variant), or when a witness's text
  is unknown (a lacuna) where another has some.  Spaces do not count unless
  ``spacing=True``: they are typography, not a reading.  Columns whose witnesses' texts
  are the same once the spaces are taken out ("word ," / "word,"; the spaced «M. V.», four
  tokens, against the initialism «M.V.», one token; no lacuna among them, at most
  :data:`SPACING_SPAN` columns; not the same tokens merely shifted to other columns) are no
  variant; a space between two letters or digits still counts («так же» /
  «также», "the the" / "thethe": another division into words).
- A witness that is *absent* over a run of variant columns (it has no tokens there: an
  omission, or a lacuna) gets a unit of its own for that run when the witnesses that do have
  text agree somewhere inside it: units never span agreement among the witnesses that have
  text.  The differences among those witnesses become units *inside* it (nested), in which
  the absent witness has no say.  Lacunae and omissions are separate runs: a lacuna is *lac.*
  for exactly the part it covers, never *om.*
- The other variant columns form units: with ``segmentation="phrase"`` adjacent ones join
  (within one side of a transposition) when some witness differs from the lemma in both, so
  an addition by one witness beside another witness's variant stays a unit of its own; with
  ``"word"`` each is its own.
- With ``"phrase"``, a rewording across a few shared words is one unit: where a witness has
  fewer words than the lemma on one side of a short stretch of agreement and more on the other
  («be laid on Stalin and Dzerzhinsky» / «Stalin and Dzerzhinsky must be made politically
  responsible»; with words put for others if it moves two words or more: «return the whole
  case to me» / «send me back all the papers»), two units swap their words («a large State
  with a small» / «a small State with a large»), a word moves across the shared words
  («Orjonikidze's rudeness» / «rudeness of Ordjonikidze»), or one witness differs in two
  units of a heading, the units and the stretch between join (within one sentence, no lacuna, no
  linked transposition, at most :data:`REWORDING_GAP` columns apart and
  :data:`REWORDING_WIDTH` columns in all).
- Nothing crosses a block (paragraph) of the base text.

This module finds those spans; :mod:`.units` makes the records.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_left, insort
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from itertools import chain, compress, repeat
from operator import attrgetter, is_, itemgetter
from typing import cast

import numpy as np
import numpy.typing as npt
import regex
from rapidfuzz.distance import Indel

from ..model import Collation, Token, VariantType
from ..model.collation import common_columns
from .text import piece

__all__ = ["SPACING_SPAN", "Absence", "ColumnTable", "Span", "TokenBounds", "plan", "token_key"]

#: A witness's text at a column: a piece of text, ``""`` for no text (a gap), None for a lacuna.
Piece = str | None

#: Columns a stretch of texts that differ only in spacing may span («R. S. F. S. R.», ten
#: tokens, against the initialism «R.S.F.S.R.»).
SPACING_SPAN = 12


class ColumnTable:
    """The collation as the apparatus builder reads it: each witness's text at each column.

    Pieces are computed once per column and cached; a column whose cells are all one token
    with the same text is recognised without building them (book-length collations are
    mostly such columns).
    """

    #: Take the short ways (the keys of the uncommon columns read in one loop, the character
    #: test before the spacing-only search, :meth:`token_bounds`, the answers for plain text
    #: and for no lost text, :meth:`variants_in` in one loop); False gives the general way
    #: they are held to (tests).
    fast_paths = True

    def __init__(self, collation: Collation, *, spacing: bool = False) -> None:
        self.collation = collation
        self.columns = collation.columns
        self.nrows = len(collation.witnesses)
        self.last = [len(w.tokens) - 1 for w in collation.witnesses]
        self.spacing = spacing
        self._pieces: dict[int, tuple[Piece, ...]] = {}
        self._keys: dict[int, tuple[Piece, ...]] = {}
        #: per scope, whether a variant column differs only in spacing (asked once per run)
        # per scope and range planned: whether each variant column differs only in spacing
        self._spaced: dict[tuple[tuple[int, ...], int, int], dict[int, bool]] = {}
        #: the columns :meth:`_variants` could not tell common (every witness one token of
        #: the same text, no lacuna): only at these may the witnesses' texts differ
        self._uncommon: Sequence[int] = range(len(self.columns))
        self._chars: npt.NDArray[np.int64] | None = None
        self._unc_array: npt.NDArray[np.int64] | None = None
        self._bounds: TokenBounds | None = None
        #: every witness plain text (no token has provenance): no token has a block number,
        #: so no text crosses a block (:meth:`crosses_block`)
        self._plain = self.fast_paths and all(w.without_provenance for w in collation.witnesses)
        #: whether some cell has a lacuna and no tokens (:meth:`lost`); :meth:`_variants`
        #: clears it where it read every such cell
        self._any_lost = True
        self.variant: list[bool] = self._variants()
        if not spacing:
            self._unspace(self.variant)

    def __len__(self) -> int:
        return len(self.columns)

    def tokens(self, c: int, row: int) -> tuple[Token, ...]:
        """A witness's tokens at a column."""
        return self.columns[c][row].tokens

    def pieces(self, c: int) -> tuple[Piece, ...]:
        """Every witness's text at column ``c`` (see :data:`Piece`)."""
        got = self._pieces.get(c)
        if got is None:
            out: list[Piece] = []
            last = self.last
            for r, cell in enumerate(self.columns[c]):
                if len(cell) == 1:  # (one token, most cells: the piece without a call)
                    t = cell[0]
                    out.append(t[0] + " " if t[1] and t.index != last[r] else t[0])
                elif cell:  # (a cell is the tuple of its tokens: read without a copy)
                    out.append(piece(cell, last[r]))
                else:
                    out.append(None if cell.lacuna is not None else "")
            got = tuple(out)
            self._pieces[c] = got
        return got

    def keys(self, c: int) -> tuple[Piece, ...]:
        """What is compared at column ``c``: the pieces, or where spacing does not count,
        :func:`token_key` (so "word ," and "word," agree, but "the the" and "thethe" do
        not)."""
        got = self._keys.get(c)
        if got is None:
            if self.spacing:
                got = self.pieces(c)
            else:
                got = tuple(
                    cell[0][0]  # (one token, most cells: its text, without a call)
                    if len(cell) == 1
                    else token_key(cell)
                    if cell
                    else (None if cell.lacuna else "")
                    for cell in self.columns[c]
                )
            self._keys[c] = got
        return got

    def space_after(self, c: int, scope: Sequence[int]) -> bool:
        """True if some witness in scope has a space after its last token at column ``c``."""
        cells, spaced = self.columns[c], self.spaced
        return any(spaced(r, toks[-1]) for r in scope if (toks := cells[r]))

    def spaced_rows(self, c: int, scope: Sequence[int], lo: int | None = None) -> list[int]:
        """The witnesses in scope with a space after their last token at column ``c``, or,
        given ``lo``, after their last token in columns ``lo..c``: a witness that splits the
        text otherwise («M.V.» for «M . V .») may have its last token before ``c``."""
        columns, spaced = self.columns, self.spaced
        out: list[int] = []
        for r in scope:
            k = c
            toks = columns[k][r]
            while not toks and lo is not None and k > lo:
                k -= 1
                toks = columns[k][r]
            if toks and spaced(r, toks[-1]):
                out.append(r)
        return out

    def spaced(self, row: int, token: Token) -> bool:
        """True if witness ``row`` has a space after ``token`` (whitespace, not at its end)."""
        # (the whitespace read as the token's item)
        return bool(token[1]) and token.index != self.last[row]

    def blocks_at(
        self, c: int, scope: Sequence[int], seen: dict[int, int | None]
    ) -> dict[int, int | None]:
        """Record, per witness with tokens at ``c``, the block its last token stands in."""
        if self._plain:  # (none: only :meth:`crosses_block` reads them, and it needs none)
            return seen
        cells = self.columns[c]
        for r in scope:
            toks = cells[r]
            if toks:
                seen[r] = toks[-1].paragraph
        return seen

    def crosses_block(self, c: int, scope: Sequence[int], seen: dict[int, int | None]) -> bool:
        """True if some witness's text at ``c`` starts a block other than its text before."""
        if self._plain:  # (no token has a block number)
            return False
        cells = self.columns[c]
        for r in scope:
            toks = cells[r]
            if (
                toks
                and seen.get(r) is not None
                and toks[0].paragraph is not None
                and toks[0].paragraph != seen[r]
            ):
                return True
        return False

    def lost(self, c: int, scope: Sequence[int]) -> frozenset[int]:
        """The witnesses in scope whose text at column ``c`` is unknown (a lacuna, no tokens)."""
        if not self._any_lost:
            return _NO_ROWS
        cells = self.columns[c]
        return frozenset(r for r in scope if cells[r].lacuna is not None and not cells[r])

    def lacunose(self, c: int, row: int) -> bool:
        """True if the witness's text at the column is (partly) unknown."""
        return self.columns[c][row].lacuna is not None

    def _variants(self) -> list[bool]:
        """:meth:`_variant_all` of every column; the common column (every witness one token
        of the same text, spacing not counted) is recognised inline, without a call."""
        if self.spacing:
            return [self._variant_all(c) for c in range(len(self.columns))]
        slow = self._variant_all
        common = common_columns(self.collation)
        if common is not None and not self.fast_paths:
            self._uncommon = np.flatnonzero(~np.asarray(common, dtype=bool)).tolist()
            read = set(self._uncommon)
            return [c in read and slow(c) for c in range(len(common))]
        if common is not None:  # the engine noted them: only the others are read
            noted: list[bool] = [False] * len(common)
            self._uncommon = np.flatnonzero(~np.asarray(common, dtype=bool)).tolist()
            # each one's keys made here (what :meth:`keys` makes) and asked at once: with no
            # lacuna, the column is variant if its keys are not all one (:func:`is_variant`)
            columns, keys_of, rows, nrows = self.columns, self._keys, range(self.nrows), self.nrows
            any_lost = False
            for c in self._uncommon:
                cells = columns[c]
                if list(map(len, cells)).count(1) == nrows:
                    # (every cell one token, most of these columns: the keys in C loops)
                    keys = keys_of[c] = tuple(map(_TEXT, map(_FIRST, cells)))
                    noted[c] = len(set(keys)) > 1
                    continue
                keys = keys_of[c] = tuple(
                    [
                        cell[0][0]
                        if len(cell) == 1
                        else token_key(cell)
                        if cell
                        else (None if cell.lacuna else "")
                        for cell in cells
                    ]
                )
                if None in keys:  # (a cell with a lacuna and no tokens, and only there)
                    any_lost = True
                    noted[c] = is_variant(keys, rows)
                else:
                    noted[c] = len(set(keys)) > 1
            # (a common column has none: the uncommon ones' keys say where they are)
            self._any_lost = any_lost
            return noted
        out: list[bool] = []
        add = out.append
        uncommon: list[int] = []
        for c, cells in enumerate(self.columns):  # (a column is the tuple of its cells)
            first = cells[0]  # (a cell is the tuple of its tokens: read without a copy)
            if len(first) == 1:
                text = first[0].text
                for cell in cells:
                    if len(cell) != 1 or cell.lacuna is not None or cell[0].text != text:
                        uncommon.append(c)
                        add(slow(c))
                        break
                else:
                    add(False)
            else:
                uncommon.append(c)
                add(slow(c))
        self._uncommon = uncommon
        return out

    def _variant_all(self, c: int) -> bool:
        cells = self.columns[c]
        first = cells[0].tokens
        if len(first) == 1 and cells[0].lacuna is None:
            text, ws = first[0].text, bool(first[0].ws) and first[0].index != self.last[0]
            plain = True
            for r, cell in enumerate(cells):
                toks = cell.tokens
                if len(toks) != 1 or cell.lacuna is not None or toks[0].text != text:
                    plain = False
                    break
                t = toks[0]
                if self.spacing and (bool(t.ws) and t.index != self.last[r]) != ws:
                    plain = False
                    break
            if plain:
                return False
        return is_variant(self.keys(c), range(self.nrows))

    def variant_in(self, c: int, scope: Sequence[int], lo: int = 0, hi: int | None = None) -> bool:
        """True if the witnesses in ``scope`` differ at column ``c``, planning columns
        ``lo..hi`` (a difference only in spacing is looked for inside them: a unit's nested
        units are planned over its columns only, and a word it shares with a neighbour
        outside, «the» | «-the» against «the-the», does not make its «-the» a spacing)."""
        if len(scope) == self.nrows:
            return self.variant[c]
        if not self.variant[c] or not is_variant(self.keys(c), scope):
            return False
        if self.spacing:
            return True
        hi = len(self.columns) if hi is None else hi
        spaced = self._spaced.setdefault((tuple(scope), lo, hi), {})
        if c not in spaced:
            self._spaced_run(c, scope, spaced, lo, hi)
        return not spaced[c]

    def variants_in(self, lo: int, hi: int, scope: Sequence[int]) -> list[bool]:
        """:meth:`variant_in` of each column of ``lo..hi`` (only the columns variant among
        every witness asked, the scope's cache of spacing found once)."""
        if not self.fast_paths:
            return [self.variant[c] and self.variant_in(c, scope, lo, hi) for c in range(lo, hi)]
        out = [False] * (hi - lo)
        keys_of = self.keys
        spaced: dict[int, bool] | None = None
        for c in compress(range(lo, hi), self.variant[lo:hi]):
            if not is_variant(keys_of(c), scope):
                continue
            if self.spacing:
                out[c - lo] = True
                continue
            if spaced is None:
                spaced = self._spaced.setdefault((tuple(scope), lo, hi), {})
            if c not in spaced:
                self._spaced_run(c, scope, spaced, lo, hi)
            out[c - lo] = not spaced[c]
        return out

    def _spaced_run(
        self, c: int, scope: Sequence[int], spaced: dict[int, bool], start: int, end: int
    ) -> None:
        """Note in ``spaced``, for every column of the run of variant columns (among the
        witnesses in ``scope``, inside ``start..end``) around ``c``, whether it differs only
        in spacing.

        A stretch that differs only in spacing lies inside one such run, so the run is
        searched once for all its columns (not once per column, over the columns around it).
        """
        lo, hi = c, c + 1
        while lo > start and is_variant(self.keys(lo - 1), scope):
            lo -= 1
        while hi < end and is_variant(self.keys(hi), scope):
            hi += 1
        found = self._spaced_only(lo, hi, scope)
        for col in range(lo, hi):
            spaced[col] = col in found

    def _unspace(self, variant: list[bool]) -> None:
        """Clear the columns of ``variant`` (every witness) that differ only in spacing."""
        rows = range(self.nrows)
        if not self.fast_paths:  # (every run of two columns or more searched)
            c, n = 0, len(variant)
            while c < n:
                d = c + 1
                while variant[c] and d < n and variant[d]:
                    d += 1
                if d - c > 1:
                    for col in self._spaced_only(c, d, rows):
                        variant[col] = False
                c = d
            return
        at = np.flatnonzero(np.asarray(variant, dtype=np.bool_))
        if len(at) < 2:
            return
        # the starts of a window of a run (two columns or more, all variant) over which every
        # witness has as many characters: only there can a stretch differ only in spacing,
        # and only the runs that hold one are searched (one numpy pass over the variant
        # columns: a window of them is a run's if its columns are consecutive)
        ranks = np.searchsorted(self._unc, at)  # (each variant column among the uncommon)
        prefix = self._char_counts()
        chars = np.zeros((len(at) + 1, self.nrows), dtype=np.int64)
        chars[1:] = np.cumsum(prefix[ranks + 1] - prefix[ranks], axis=0)
        starts = at[_even_windows(chars, at - np.arange(len(at)))].tolist()
        k, m, n = 0, len(starts), len(variant)
        while k < m:
            # (from the run's first even start: no stretch begins before it)
            c = d = starts[k]
            while d < n and variant[d]:
                d += 1
            for col in self._spaced_only(c, d, rows):
                variant[col] = False
            k = bisect_left(starts, d, k)

    def token_bounds(self) -> TokenBounds | None:
        """Where each witness's tokens over some columns begin and end (:class:`TokenBounds`),
        made once; only for a collation the aligner made (its common columns noted: each
        row holds its witness's tokens in order, a common column one each, no lacuna),
        None for others."""
        if self._bounds is None:
            if common_columns(self.collation) is None or not self.fast_paths:
                return None
            columns, rows, unc = self.columns, self.nrows, self._uncommon
            extra = np.zeros((len(unc) + 1, rows), dtype=np.int64)
            lost = None
            if unc:
                cells = list(chain.from_iterable(map(columns.__getitem__, unc)))
                lengths = np.fromiter(map(len, cells), np.int64, len(cells)) - 1
                extra[1:] = np.cumsum(lengths.reshape(-1, rows), axis=0)
                # (a cell that is empty with a lacuna: its key is None, and only there;
                # :meth:`_variants` noted whether there is one)
                keys = list(chain.from_iterable(map(self.keys, unc))) if self._any_lost else []
                if None in keys:
                    lost = np.zeros((len(unc) + 1, rows), dtype=np.int64)
                    flags = np.fromiter(map(is_, keys, repeat(None)), np.bool_, len(keys))
                    lost[1:] = np.cumsum(flags.reshape(-1, rows), axis=0)
            self._bounds = TokenBounds(unc, len(columns), extra, lost)
        return self._bounds

    def _char_counts(self) -> npt.NDArray[np.int64]:
        """Each witness's characters (its tokens' texts) before each column :meth:`_variants`
        could not tell common, summed down the table: ``(those columns + 1, witnesses)``, made
        once (the other columns add the same to every witness, and are left out).  Only ever
        compared among witnesses."""
        if self._chars is None:
            unc = self._uncommon
            read: list[tuple[Piece, ...]]
            if self.spacing:  # (the keys are the pieces, spaces and all: read the cells)
                read = [tuple(map(token_key, self.columns[c])) for c in unc]
            else:
                read = list(map(self.keys, unc))
            flat = [k or "" for k in chain.from_iterable(read)]  # (a lacuna: no characters)
            lengths = np.fromiter(map(len, flat), dtype=np.int64, count=len(flat))
            # a key's boundaries between two words are no characters of the text: found
            # in one pass over the keys joined, each counted off its key (a lone surrogate,
            # which a hand-made token may hold, is one code point like any other)
            codes = np.frombuffer(
                "".join(flat).encode("utf-32-le", "surrogatepass"), dtype=np.uint32
            )
            cuts = np.flatnonzero(codes == ord(_BOUNDARY))
            if len(cuts):
                ends = np.cumsum(lengths)
                lengths -= np.bincount(
                    np.searchsorted(ends, cuts, side="right"), minlength=len(flat)
                )
            self._chars = np.zeros((len(unc) + 1, self.nrows), dtype=np.int64)
            self._chars[1:] = np.cumsum(lengths.reshape(len(unc), self.nrows), axis=0)
        return self._chars

    @property
    def _unc(self) -> npt.NDArray[np.int64]:
        """The columns :meth:`_variants` could not tell common, as an array."""
        got = self._unc_array
        if got is None:
            got = self._unc_array = np.asarray(self._uncommon, dtype=np.int64)
        return got

    def _even_starts(self, lo: int, hi: int, scope: Sequence[int]) -> npt.NDArray[np.bool_]:
        """For each column of ``lo..hi``, whether a window of two to :data:`SPACING_SPAN`
        columns inside ``lo..hi`` starts there over which every witness in ``scope`` has as
        many characters (:func:`_even_windows`)."""
        # each witness's characters before each column of lo..hi+1 (those of the common
        # columns left out: they add the same to every witness)
        at = np.searchsorted(self._unc, np.arange(lo, hi + 1))
        return _even_windows(self._char_counts()[at][:, list(scope)])

    def _spaced_only(self, lo: int, hi: int, scope: Sequence[int]) -> set[int]:
        """The columns of ``lo..hi`` inside a stretch (of at most :data:`SPACING_SPAN`
        columns, with no lacuna and one transposition or none) over which the witnesses in
        ``scope`` have the same text once the spaces are taken out (:func:`token_key`)."""
        out: set[int] = set()
        columns = self.columns
        n = hi - lo
        if n < 2:  # (a stretch has two columns or more)
            return out
        # only a start with as many characters for each witness over some window can begin a
        # stretch (:meth:`_even_starts`): most runs have none, and are given up at once, and
        # the others are searched from those starts only, over their windows
        if n <= _SHORT_RUN or not self.fast_paths:  # (few starts: each is tried)
            starts = list(range(n - 1))
        else:
            starts = np.flatnonzero(self._even_starts(lo, hi, scope)).tolist()
            if not starts:
                return out
        every = len(scope) == self.nrows and all(r == k for k, r in enumerate(scope))
        # each column's texts of the witnesses in scope ("" for none), read once
        read: dict[int, Sequence[str]] = {}

        def texts_of(i: int) -> Sequence[str]:
            got = read.get(i)
            if got is None:
                keys = self.keys(lo + i)
                if every:  # (every witness: the keys themselves, but for a lacuna's None)
                    got = (
                        cast("tuple[str, ...]", keys)
                        if None not in keys
                        else [t or "" for t in keys]
                    )
                else:
                    got = [keys[r] or "" for r in scope]
                read[i] = got
            return got

        def shut(i: int) -> bool:  # (a lacuna in scope: no stretch goes there)
            cells = columns[lo + i]
            return any(cells[r].lacuna is not None for r in scope)

        edge = _edge
        witnesses = range(len(scope))
        for i in starts:
            end = min(n, i + SPACING_SPAN)
            window = [texts_of(c) for c in range(i, end)]
            # a start whose window lacks one witness's text cannot close a stretch: that
            # witness reads "" throughout, so the texts agree only where all are empty, and
            # then their pieces agree too (the moved passage of a transposition: one
            # witness's words over hundreds of columns, the other's none)
            if not all(any(texts[k] for texts in window) for k in witnesses) or shut(i):
                continue
            tid = columns[lo + i].transposition
            texts = window[0]
            for j in range(i + 1, end):
                # text is only ever appended: once one text is no prefix of the longest,
                # the two can never agree further on
                longest = max(texts, key=len)
                if not all(map(longest.startswith, texts)):
                    break
                if columns[lo + j].transposition != tid or shut(j):
                    break
                # (:func:`_glue`, inline: asked of every witness at every step)
                texts = [
                    t + _BOUNDARY + k if t and k and edge(t[-1]) and edge(k[0]) else t + k
                    for t, k in zip(texts, window[j - i], strict=True)
                ]
                # the same text, but not the same pieces shifted to other columns: a word
                # one witness has a column earlier than another is not a spacing difference
                if texts.count(texts[0]) == len(texts) and _shifted(window[: j - i + 1]):
                    out.update(range(lo + i, lo + j + 1))
        return out

    def agreement_in(self, c: int, scope: Sequence[int]) -> bool:
        """True if at least two witnesses in scope have text at ``c`` and all of those agree."""
        keys = self.keys(c)
        present = {keys[r] for r in scope if keys[r]}
        count = sum(1 for r in scope if keys[r])
        return count >= 2 and len(present) == 1


#: Runs of at most this many columns are searched without :meth:`ColumnTable._even_starts`.
_SHORT_RUN = 3

#: Weights of each witness's count in :func:`_even_windows` (odd, spread over 64 bits).
_WEIGHTS = (np.arange(1, 65, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15)).view(np.int64) | 1


def _even_windows(
    before: npt.NDArray[np.int64], same: npt.NDArray[np.int64] | None = None
) -> npt.NDArray[np.bool_]:
    """For each of ``n`` columns, whether a window of two to :data:`SPACING_SPAN` of them
    starts there over which every witness has as many characters (``before``: each witness's
    characters before each column, ``(n + 1, witnesses)``; ``same``, if given: only windows
    whose first and last column have the same value there).

    A stretch whose texts are the same once the spaces are taken out has the same characters
    for every witness (:func:`token_key` adds only boundaries), so it starts only where this
    is true: a necessary test, in numpy, before the search."""
    n = len(before) - 1
    if n < 2:
        return np.zeros(max(n, 0), dtype=np.bool_)
    # a window is even where each witness's count before it, less the first witness's, is
    # the same after it: those differences, weighed into one number per column (equal
    # differences give equal numbers; the rare equal numbers of unequal ones only let the
    # search look), are compared for every window at once: start i, last column i + d
    # (d = 1 .. SPACING_SPAN - 1), cut at n
    weights = _WEIGHTS[: before.shape[1]] if before.shape[1] <= len(_WEIGHTS) else None
    if weights is None:
        weights = np.arange(1, before.shape[1] + 1, dtype=np.int64) * _WEIGHTS[1]
    mark = (before - before[:, :1]) @ weights
    first = np.arange(n)
    last = first + np.arange(1, min(SPACING_SPAN, n))[:, None]
    inside = last < n
    last = np.minimum(last, n - 1)
    even = (mark[last + 1] == mark[first]) & inside
    if same is not None:
        even &= same[last] == same[first]
    return even.any(axis=0)  # type: ignore[no-any-return]


class TokenBounds:
    """Where each witness's tokens over some columns begin and end, and whether its text is
    lost in some of them, from lists over the columns that are not common (a common column
    holds one token of every witness): no column visited."""

    __slots__ = ("_extra", "_lost", "_rank", "_unc_extra", "_uncommon")

    def __init__(
        self,
        uncommon: Sequence[int],
        ncols: int,
        extra: npt.NDArray[np.int64],
        lost: npt.NDArray[np.int64] | None,
    ) -> None:
        # (arrays of machine ints, one per witness: an item is read in a third of a numpy
        # element's time, and a book's units read them a few times each; 8 bytes an item)
        #: the uncommon columns before each column
        ranks = np.zeros(ncols + 1, dtype=np.int64)
        ranks[np.asarray(uncommon, dtype=np.int64) + 1] = 1
        self._rank = array("q", np.cumsum(ranks).tobytes())
        self._uncommon = np.asarray(uncommon, dtype=np.int64)
        self._unc_extra = extra
        #: each witness's tokens beyond one per column, before each uncommon column
        self._extra = [array("q", extra[:, r].tobytes()) for r in range(extra.shape[1])]
        #: each witness's cells with a lacuna and no tokens before each uncommon column
        self._lost = (
            None
            if lost is None
            else [array("q", lost[:, r].tobytes()) for r in range(lost.shape[1])]
        )

    def span(self, row: int, c0: int, c1: int) -> tuple[int, int]:
        """The witness's tokens over columns ``c0..c1``: ``tokens[i0:i1]``."""
        rank, extra = self._rank, self._extra[row]
        return c0 + extra[rank[c0]], c1 + extra[rank[c1]]

    def lengths(self, row: int) -> npt.NDArray[np.int64]:
        """The witness's number of tokens at each column."""
        out = np.ones(len(self._rank) - 1, dtype=np.int64)
        out[self._uncommon] += np.diff(self._unc_extra[:, row])
        return out

    def lost(self, row: int, c0: int, c1: int) -> bool:
        """Whether the witness's text is unknown at some column of ``c0..c1`` (no tokens)."""
        if self._lost is None:
            return False
        rank, lost = self._rank, self._lost[row]
        return lost[rank[c1]] > lost[rank[c0]]


def token_key(tokens: Sequence[Token]) -> str:
    """Tokens as compared when spacing does not count: their texts without the spaces, but a
    boundary between two letters or digits kept ("M. V." and "M.V." agree, "the the" and
    "thethe" do not)."""
    if len(tokens) == 1:
        return tokens[0].text
    # (the pieces joined once: gluing each token onto the text so far copied it each time,
    # quadratic in a long cell, e.g. a passage one witness adds)
    parts: list[str] = []
    last = ""  # the last character so far
    for text in map(_TEXT, tokens):
        if not text:
            continue
        if last and _edge(last) and _edge(text[0]):
            parts.append(_BOUNDARY)
        parts.append(text)
        last = text[-1]
    return "".join(parts)


_WORD_EDGE = regex.compile(r"[\p{L}\p{M}\p{N}\u00AD\u200B-\u200D\u2060]")
_BOUNDARY = "\x1f"
_TEXT = itemgetter(0)  # (a token's text)
_FIRST = itemgetter(0)  # (a cell's first token)
_NO_ROWS: frozenset[int] = frozenset()
_LACUNA = attrgetter("lacuna")  # (a cell's)


@cache  # (asked of a cell's every piece: a text has a few hundred distinct characters)
def _edge(char: str) -> bool:
    """Whether ``char`` is a letter, mark, digit or joiner (:data:`_WORD_EDGE`)."""
    return _WORD_EDGE.match(char) is not None


def _glue(a: str, b: str) -> str:
    """``a`` and then ``b``, as :func:`token_key` joins them."""
    if a and b and _edge(a[-1]) and _edge(b[0]):
        return a + _BOUNDARY + b
    return a + b


def _shifted(texts_at: Sequence[Sequence[str]]) -> bool:
    """True if the witnesses' texts over some columns (``texts_at[column][witness]``) are not
    the same pieces column by column once the empty ones are left out."""
    pieces = [tuple(filter(None, texts)) for texts in zip(*texts_at, strict=True)]
    return any(p != pieces[0] for p in pieces)


def is_variant(pieces: Sequence[Piece], scope: Sequence[int] | range) -> bool:
    """The rule of a variant column among the witnesses in ``scope``: two texts, or a lacuna
    where some witness has text."""
    known = {pieces[r] for r in scope}
    if len(known) < 2:  # (one text, no text or a lacuna throughout: no variant)
        return False
    if None not in known:
        return True
    known.discard(None)
    return len(known) > 1 or bool(known - {""})


@dataclass(frozen=True, slots=True)
class Absence:
    """Witnesses absent over one run of columns: their own unit, with nested units inside.

    An absent witness may have words of its own at either end of the run, where the others
    have none (a rewording: it lacks their words and has its own): they are its reading.
    """

    start: int
    end: int
    rows: tuple[int, ...]
    lacuna: tuple[int, ...] = ()  # the rows among ``rows`` whose text is unknown (not omitted)


@dataclass(frozen=True, slots=True)
class Span:
    """A unit-to-be: columns ``start``..``end`` (exclusive); ``absence`` for an outer unit."""

    start: int
    end: int
    absence: Absence | None = None


#: How a witness (row) differs from the lemma over a span: the classes the profile finds.
Differs = Callable[[int, Span], frozenset[VariantType]]


@dataclass(slots=True)
class _Run:
    row: int
    start: int
    end: int
    lacuna: bool
    members: list[int] = field(default_factory=list)


def plan(
    table: ColumnTable,
    scope: Sequence[int],
    lo: int,
    hi: int,
    segmentation: str,
    lemma: int | None = None,
    differs: Differs | None = None,
) -> list[Span]:
    """The units of columns ``lo``..``hi`` among the witnesses in ``scope``, in text order.

    Outer (absence) units first chosen, longest first; the remaining variant columns become
    phrase or word units; phrase units join where a witness reworded across a few shared words.
    ``lemma`` is the row whose text the units' readings are compared with, ``differs`` how a
    witness's text differs from the lemma's over some columns (the profile's classes); the
    phrase rules need them (without, adjacent variant columns join whoever differs, and
    nothing rewords).
    Nested units inside an absence are planned by the caller, with the absent witnesses out of
    scope.
    """
    if len(scope) == table.nrows:
        variant = table.variant[lo:hi]
    else:
        # (only the columns variant among every witness can be among some)
        variant = table.variants_in(lo, hi, scope)
    if not any(variant):
        return []
    absences = [
        a
        for a in _absences(table, scope, lo, hi, variant)
        if not _rewording(table, a, scope, lo, hi)
    ]
    spans: list[Span] = [Span(a.start, a.end, a) for a in absences]
    taken = sorted((a.start, a.end) for a in absences)
    free = _complement(taken, lo, hi)
    columns = table.columns
    # the variant columns in order: a book's blocks are mostly agreement, skipped in C
    at = list(compress(range(lo, hi), variant))
    for f0, f1 in free:
        k = bisect_left(at, f0)
        while k < len(at) and at[k] < f1:
            c = at[k]
            d = c + 1
            if segmentation == "phrase" and d < f1 and variant[d - lo]:
                # (a column alone, the most common unit, has nothing to join)
                # a lacuna is lac. for exactly the columns it covers: a unit does not run
                # from text a witness has lost into text it has; and no unit runs across a
                # paragraph (or heading) boundary of any witness
                tid = columns[c].transposition
                lost = table.lost(c, scope)
                blocks = table.blocks_at(c, scope, {})
                # and a column joins the phrase only if some witness differs from the lemma
                # there and in the column before (two witnesses' variants side by side are
                # two units: «Top secret» added by one, «comrades» lower-cased by another)
                while (
                    d < f1
                    and variant[d - lo]
                    and columns[d].transposition == tid
                    and table.lost(d, scope) == lost
                    and not table.crosses_block(d, scope, blocks)
                    and (lemma is None or _shared_dissent(table, d - 1, d, scope, lemma))
                ):
                    table.blocks_at(d, scope, blocks)
                    d += 1
            spans.append(Span(c, d))
            k = bisect_left(at, d, k)
    spans.sort(key=lambda s: (s.start, s.end))
    if segmentation == "phrase" and lemma is not None and differs is not None:
        spans = _join_rewordings(table, scope, lemma, spans, differs)
    return spans


def _shared_dissent(table: ColumnTable, c: int, d: int, scope: Sequence[int], lemma: int) -> bool:
    """True if some witness in scope differs from the lemma at both columns."""
    kc, kd = table.keys(c), table.keys(d)
    return any(kc[r] != kc[lemma] and kd[r] != kd[lemma] for r in scope if r != lemma)


#: Columns (shared words, or other units) a rewording may reach across.
REWORDING_GAP = 4
#: Columns of a unit joined from a rewording, at most (no giant units).
REWORDING_WIDTH = 24
_SENTENCE_END = frozenset(".!?;")


def _join_rewordings(
    table: ColumnTable, scope: Sequence[int], lemma: int, spans: list[Span], differs: Differs
) -> list[Span]:
    """Join units that one witness's rewording spreads across a few shared words."""
    out: list[Span] = []
    # a span is compared as the second of a pair, then as the first of the next ones: each
    # witness's words in it are found once
    found: dict[tuple[int, int, int], tuple[str, ...]] = {}

    def words(row: int, span: Span) -> tuple[str, ...]:
        key = (row, span.start, span.end)
        got = found.get(key)
        if got is None:
            got = found[key] = _words(table, row, span)
        return got

    i = 0
    while i < len(spans):
        cur = spans[i]
        k = i + 1
        while k < len(spans) and spans[k].start - cur.end <= REWORDING_GAP:
            nxt = spans[k]
            if (
                nxt.end - cur.start <= REWORDING_WIDTH
                # (rarely true, so asked first: the scan for boundaries is the dearer test)
                and (
                    _reworded(scope, lemma, cur, nxt, differs, words)
                    or _heading_reworded(table, scope, lemma, cur, nxt, words)
                )
                and _joinable(table, scope, cur.start, nxt.end)
            ):
                cur = Span(cur.start, nxt.end)
                i = k
            k += 1
        out.append(cur)
        i += 1
    return out


def _joinable(table: ColumnTable, scope: Sequence[int], c0: int, c1: int) -> bool:
    """No lacuna, no linked transposition, no paragraph boundary of any witness and no end of
    a sentence inside ``c0..c1`` (a full stop after an initial, «E.», does not end one)."""
    blocks = table.blocks_at(c0, scope, {})
    for c in range(c0, c1):
        col = table.columns[c]
        if col.transposition is not None or any(col[r].lacuna is not None for r in scope):
            return False
        if c > c0 and table.crosses_block(c, scope, blocks):
            return False
        table.blocks_at(c, scope, blocks)
        if c == c1 - 1:
            continue
        for r in scope:
            for t in col[r].tokens:
                if t.text in _SENTENCE_END and not _after_initial(table, r, t):
                    return False
    return True


def _after_initial(table: ColumnTable, row: int, token: Token) -> bool:
    tokens = table.collation.witnesses[row].tokens
    if token.text != "." or token.index == 0:
        return False
    before = tokens[token.index - 1].text
    return len(before) == 1 and before.isalpha()


#: A letter or digit: the characters of ``str.isalnum`` (sre's ``\w`` is those and ``_``).
_ALNUM = re.compile(r"[^\W_]")


def _words(table: ColumnTable, row: int, span: Span) -> tuple[str, ...]:
    """A witness's words (tokens with a letter or digit) in a span."""
    if span.end == span.start + 1 and table.fast_paths:  # (one column: its cell's tokens)
        return tuple(filter(_is_word, map(_TEXT, table.columns[span.start][row])))
    bounds = table.token_bounds()
    if bounds is not None:  # (its tokens there: a slice of its tokens)
        i0, i1 = bounds.span(row, span.start, span.end)
        texts = map(_TEXT, table.collation.witnesses[row].tokens[i0:i1])
        return tuple(filter(_is_word, texts))
    columns = table.columns
    return tuple(
        text
        for c in range(span.start, span.end)
        for text in map(_TEXT, columns[c][row])
        if _is_word(text)
    )


@lru_cache(maxsize=65536)  # (asked of every token of the units near a rewording: few texts)
def _is_word(text: str) -> bool:
    """Whether ``text`` has a letter or digit (:data:`_ALNUM`)."""
    return _ALNUM.search(text) is not None


def _reworded(
    scope: Sequence[int],
    lemma: int,
    a: Span,
    b: Span,
    differs: Differs,
    words: Callable[[int, Span], tuple[str, ...]],
) -> bool:
    """True if a witness lacks words of the lemma in one span and adds words in the other
    (:func:`_net`), or its words in each are the lemma's words of the other (a swap);
    ``words`` gives a witness's words in a span (:func:`_words`)."""
    la, lb = words(lemma, a), words(lemma, b)
    for r in scope:
        if r == lemma:
            continue
        # each way of rewording below needs the witness to differ from the lemma on both
        # sides: the words of the second side are found only where the first differs
        ra = words(r, a)
        if ra == la:
            continue
        rb = words(r, b)
        if rb == lb:
            continue
        if ra and rb and ra == lb and rb == la:
            return True
        if _moves_word(la, ra, rb, lb) or _moves_word(lb, rb, ra, la):
            return True
        more_a, more_b = len(ra) - len(la), len(rb) - len(lb)
        # lacking words needs fewer words than the lemma, adding them more (:func:`_net`):
        # the classes (the costly part) are asked only where the counts go opposite ways
        if not (more_a < 0 < more_b or more_b < 0 < more_a):
            continue
        fa, fb = differs(r, a), differs(r, b)
        lacks_a, adds_a = _net(fa, more_a)
        lacks_b, adds_b = _net(fb, more_b)
        if not ((lacks_a and adds_b) or (adds_a and lacks_b)):
            continue
        # words put for others on a side count when the rewording moves at least two words:
        # «return the whole case to me» / «send me back all the papers», «The Georgian
        # [Stalin]» / «That he»; not «will» / «would … even» (one word each way)
        pure = [VariantType.LEXICAL not in f for f in (fa, fb)]
        shift = sorted((abs(more_a), abs(more_b)))
        if all(pure) or (any(pure) and shift[1] >= 2) or shift[0] >= 2:
            return True
    return False


def _heading_reworded(
    table: ColumnTable,
    scope: Sequence[int],
    lemma: int,
    a: Span,
    b: Span,
    words: Callable[[int, Span], tuple[str, ...]],
) -> bool:
    """Inside a heading, one witness's heading of another form differs in both spans: an
    editor prints a heading as a whole («ТОВАРИЩУ СТАЛИНУ] В. И. ЛЕНИН — И. В. СТАЛИНУ 5
    марта 1923 г.»), not its title word apart from an added date."""
    cells = (cell for c in range(a.start, b.end) for cell in table.columns[c].cells)
    if any(t.block != "head" for cell in cells for t in cell):
        return False
    la, lb = words(lemma, a), words(lemma, b)
    return any(words(r, a) != la and words(r, b) != lb for r in scope if r != lemma)


@lru_cache(maxsize=16384)  # (witnesses that read alike ask it of the same words)
def _moves_word(
    lemma_here: tuple[str, ...],
    mine_here: tuple[str, ...],
    mine_there: tuple[str, ...],
    lemma_there: tuple[str, ...],
) -> bool:
    """A word of the lemma's that the witness lacks here stands among the witness's words on
    the other side of the shared words, where the lemma lacks it (spelled nearly so):
    «indignant over Orjonikidze's rudeness» / «outraged at the rudeness of Ordjonikidze»."""
    have = {w.casefold() for w in mine_here}
    there = {w.casefold() for w in lemma_there}
    moved = [w.casefold() for w in lemma_here if len(w) >= 4 and w.casefold() not in have]
    added = [w.casefold() for w in mine_there if len(w) >= 4 and w.casefold() not in there]
    return any(Indel.normalized_similarity(a, b) >= _MOVED_SIMILARITY for a in moved for b in added)


#: How like a word must be to the lemma's to be that word moved (a spelling, a case ending).
_MOVED_SIMILARITY = 0.8


def _net(flags: frozenset[VariantType], more: int) -> tuple[bool, bool]:
    """Whether a witness, where it differs from the lemma so (``flags``, ``more`` words than
    the lemma), lacks words or adds words: a word lacking (added) and fewer (more) words in
    all.  «If you would agree» lacks words against «I would feel at ease if you agreed»,
    though it adds «would»; «thousand fold» adds none to «thousandfold»."""
    return (
        VariantType.OMISSION in flags and more < 0,
        VariantType.ADDITION in flags and more > 0,
    )


#: An absence of at most this many columns right beside the same witness's other words is
#: part of a rewording ("Quite to the contrary" / "Indeed, quite the contrary"), not a unit.
SHORT_ABSENCE = 3


def _rewording(table: ColumnTable, a: Absence, scope: Sequence[int], lo: int, hi: int) -> bool:
    """True for a short absence of a witness that has differing words right beside it."""
    if a.lacuna or a.end - a.start > SHORT_ABSENCE:
        return False
    for c in (a.start - 1, a.end):
        if not lo <= c < hi or not table.variant_in(c, scope, lo, hi):
            continue
        cells = table.columns[c]
        if table.columns[c].transposition != table.columns[a.start].transposition:
            continue
        if all(cells[r] for r in a.rows):
            return True
    return False


def _absences(
    table: ColumnTable, scope: Sequence[int], lo: int, hi: int, variant: Sequence[bool]
) -> list[Absence]:
    """The runs of absence that get units of their own (see the module docstring)."""
    runs: list[_Run] = []
    # a run starts at a variant column where the witness has no tokens: only the columns
    # where some witness has none are visited (book-length collations have few)
    cols = table.columns
    starts = [c for c in compress(range(lo, hi), variant) if not all(cols[c])]
    if not starts:
        return []
    agreement = _Agreement(table, scope, lo, hi)
    for r in scope:
        runs.extend(_runs_of(table, r, scope, lo, hi, starts, agreement, variant))
    # Identical runs of several witnesses make one unit.
    by_span: dict[tuple[int, int], list[_Run]] = {}
    for run in runs:
        by_span.setdefault((run.start, run.end), []).append(run)
    chosen: list[tuple[int, int]] = []
    out: list[Absence] = []
    order = sorted(by_span, key=lambda s: (-(s[1] - s[0]), s[0]))
    pending = list(order)
    while pending:
        span = pending.pop(0)
        group = by_span.get(span, [])
        for part in _subtract(span, chosen, table.fast_paths):
            if part != span:  # clipped by a longer run: its rest may still need a unit
                kept = group if agreement.within(*part) else []
                if not kept:
                    continue
                for g in kept:
                    by_span.setdefault(part, []).append(_Run(g.row, *part, g.lacuna))
                if part not in pending:
                    pending.append(part)
                    pending.sort(key=lambda s: (-(s[1] - s[0]), s[0]))
                continue
            rows = sorted({g.row for g in group})
            lac = sorted({g.row for g in group if g.lacuna})
            insort(chosen, span)
            out.append(Absence(span[0], span[1], tuple(rows), tuple(lac)))
    return sorted(out, key=lambda a: a.start)


def _runs_of(
    table: ColumnTable,
    row: int,
    scope: Sequence[int],
    lo: int,
    hi: int,
    starts: Sequence[int],
    agreement: _Agreement,
    variant: Sequence[bool],
) -> list[_Run]:
    """A witness's runs of absence that contain agreement among the others (``starts``: the
    variant columns where some witness has no tokens, in order: only those can start one).

    A run stops where the others have text and the column is no variant (``variant``, of
    ``lo..hi``): the witness has that text too, in a column beside, spaced otherwise («the
    -Secretary» / «the-Secretary»); a unit ending inside that stretch would give it the
    others' text there and lose its own."""
    out: list[_Run] = []
    cols = table.columns
    done = lo  # columns before this one are in a run already
    for c in starts:
        if c < done or cols[c][row]:
            continue
        lac = cols[c][row].lacuna is not None
        tid = cols[c].transposition
        d = c + 1
        while d < hi:
            cell = cols[d][row]
            if cell or (cell.lacuna is not None) != lac or cols[d].transposition != tid:
                break
            if not variant[d - lo] and any(cols[d][r] for r in scope if r != row):
                break  # (a stretch that differs only in spacing)
            d += 1
        if agreement.within(c, d):
            if not lac:
                # a witness that has words of its own where it lacks the others' (its words
                # stand where the others have none, right beside): a substitution, one unit
                c0, d0 = c, d
                while c0 > lo and _own_only(table, c0 - 1, row, scope, tid):
                    c0 -= 1
                while d0 < hi and _own_only(table, d0, row, scope, tid):
                    d0 += 1
                out.append(_Run(row, c0, d0, lac))
                done = max(d, d0)
                continue
            out.append(_Run(row, c, d, lac))
        done = d
    return out


def _own_only(table: ColumnTable, c: int, row: int, scope: Sequence[int], tid: int | None) -> bool:
    """True if at column ``c`` only ``row`` has text among the witnesses in scope."""
    cells = table.columns[c]
    if table.columns[c].transposition != tid or not cells[row]:
        return False
    return all(not cells[r] for r in scope if r != row)


class _Agreement:
    """Where the witnesses in scope that have text agree, column by column, asked once.

    A run of absence is asked whether the witnesses other than the absent one agree
    somewhere inside it; over the run the absent witness has no text (or, where its own
    words extend the run, it alone has some), so it takes no part in the agreement and the
    answer is the column's own, the same for every witness absent there (an addition by
    one witness is a run of absence of each of the others).
    """

    def __init__(self, table: ColumnTable, scope: Sequence[int], lo: int, hi: int) -> None:
        self.table = table
        self.scope = scope
        self.bounds = (lo, hi)  # (the columns planned)
        self.at: dict[int, bool] = {}

    def within(self, c0: int, c1: int) -> bool:
        """True if, somewhere in ``c0..c1``, the witnesses with text agree."""
        at, table, scope = self.at, self.table, self.scope
        for c in range(c0, c1):
            got = at.get(c)
            if got is None:
                got = at[c] = table.variant_in(c, scope, *self.bounds) and table.agreement_in(
                    c, scope
                )
            if got:
                return True
        return False


def _subtract(
    span: tuple[int, int], taken: Sequence[tuple[int, int]], fast: bool = True
) -> list[tuple[int, int]]:
    """``span`` minus the intervals in ``taken`` (disjoint, in order: only those that overlap
    ``span`` are visited; a span inside one of them gives nothing).  ``fast`` False (the
    table's :attr:`ColumnTable.fast_paths`, for the tests) visits every interval instead."""
    parts = [span]
    k = max(bisect_left(taken, (span[0], span[0])) - 1, 0) if fast else 0
    while k < len(taken) and (taken[k][0] < span[1] or not fast):
        t0, t1 = taken[k]
        k += 1
        nxt: list[tuple[int, int]] = []
        for p0, p1 in parts:
            if t1 <= p0 or p1 <= t0:
                nxt.append((p0, p1))
                continue
            if p0 < t0:
                nxt.append((p0, t0))
            if t1 < p1:
                nxt.append((t1, p1))
        parts = nxt
    return parts


def _complement(taken: Sequence[tuple[int, int]], lo: int, hi: int) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    c = lo
    for t0, t1 in taken:
        if c < t0:
            out.append((c, t0))
        c = max(c, t1)
    if c < hi:
        out.append((c, hi))
    return out
