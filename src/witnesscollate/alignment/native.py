"""The native aligner: progressive alignment of witnesses against a growing column profile.

Witnesses are merged one at a time into the columns built so far (:class:`._profile.Profile`).
Each merge is a :func:`_step` of named stages:

1. exact matching (:func:`._pairwise.match_exact`): order-preserving, an exact LCS wherever
   affordable, anchored windows elsewhere;
2. tie-breaking among equally long matchings (:mod:`._ties`): unmatched text left-most,
   lacunae attracting the unmatched text beside them, columns more witnesses share;
3. between documents, isolated matches dropped (:mod:`._isolated`) and ties broken again;
4. transpositions (:func:`._moves.find_moves`): distinctive blocks the order-preserving
   matching left out on both sides, joined per move;
5. between two matches, near matches and forced matches (:func:`._fill.fill_between`);
6. the merge (:meth:`._profile.Profile.merge`).

Witnesses with the same ``norm`` sequence (and the same lacunae) are merged once and share
their placement, and the others are processed in a canonical order (longest first, then by
their ``norm`` sequence), not the order given: so identical witnesses are aligned
identically, and the result does not depend on the order of the input (up to row order:
rows are emitted in the order given).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import cmp_to_key, partial
from itertools import chain
from operator import attrgetter
from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt

from ..model import Collation, FrozenMap, Witness
from ._build import build_collation
from ._fill import fill_between, stretches
from ._gc import gc_paused
from ._isolated import isolated, strays
from ._moves import Block, find_moves
from ._pairwise import Matches, match_exact
from ._profile import Placement, Profile
from ._ties import (
    Blocks,
    Eq,
    attract_to_lacunae,
    block_numbers,
    prefer_support,
    pull_into_blocks,
    shift_right,
)

__all__ = ["NEAR_THRESHOLD", "align_native"]

#: Minimum similarity (``Indel.normalized_similarity``, i.e. Levenshtein ``ratio``) for two
#: different norms to count as a near match (``Column.near``).
NEAR_THRESHOLD = 0.7

Progress = Callable[[int, int], None]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
_NONE: IntArray = np.zeros(0, dtype=np.int64)


@dataclass(frozen=True)
class Settings:
    """How the native engine aligns (``min_transposition`` None: no transpositions)."""

    near_match: bool = True
    near_threshold: float = NEAR_THRESHOLD
    min_transposition: int | None = 4
    #: Every witness has blocks (a document, not a plain token sequence): isolated matches
    #: are dropped and a witness's words before its first match stand next to it.
    documents: bool = False


class Vocabulary(NamedTuple):
    """Every distinct ``norm`` as an id: ``norms[id]``, and ``weak[id]`` for punctuation."""

    norms: list[str]
    weak: BoolArray


class Group(NamedTuple):
    """Witnesses (indices, in the order given) with the same norms and lacunae.

    ``starts[t]`` is True where token ``t`` begins a block (a paragraph, a heading, a date
    line) in any of them: unmatched text does not slide across it (:func:`._ties.shift_right`).
    ``blocks`` is True when their tokens stand in blocks at all (TEI, not plain text);
    ``heads[t]`` whether token ``t`` stands in a heading (a TEI ``head``) in any of them.
    """

    members: tuple[int, ...]
    seq: IntArray
    lacunae: tuple[tuple[int, int], ...]
    starts: BoolArray
    blocks: bool
    heads: BoolArray


def _is_weak(norm: str) -> bool:
    return not (norm.isalnum() or any(ch.isalnum() for ch in norm))  # (most are words)


def _encode(witnesses: Sequence[Witness]) -> tuple[Vocabulary, list[Group]]:
    """Token ids per witness, and the witnesses grouped by content, in canonical order."""
    norms_of = [list(map(_NORM, w.tokens)) for w in witnesses]
    ids = {nm: k for k, nm in enumerate(dict.fromkeys(chain.from_iterable(norms_of)))}
    by_content: dict[tuple[bytes, tuple[tuple[int, int], ...]], list[int]] = {}
    seqs: dict[bytes, IntArray] = {}  # the ids, keyed by their bytes
    for r, w in enumerate(witnesses):
        ids_r = np.fromiter(map(ids.__getitem__, norms_of[r]), np.int64, len(norms_of[r]))
        key = ids_r.tobytes()
        seqs.setdefault(key, ids_r)
        lacunae = tuple(sorted((lac.position, lac.end) for lac in w.lacunae))
        by_content.setdefault((key, lacunae), []).append(r)
    norms = list(ids)
    vocab = Vocabulary(norms, np.array([_is_weak(nm) for nm in norms], dtype=np.bool_))
    paras_of = [_paragraphs(w) for w in witnesses]
    groups = [
        Group(
            tuple(members),
            seqs[key],
            lacunae,
            _block_starts([paras_of[r] for r in members], len(seqs[key])),
            all(paras_of[r] is not None for r in members),
            _headings(
                [witnesses[r] for r in members], [paras_of[r] for r in members], len(seqs[key])
            ),
        )
        for (key, lacunae), members in by_content.items()
    ]
    # a group stands for its members by its least siglum, not by whichever came first
    order = _canonical_order([min((witnesses[r] for r in g.members), key=_SIGLUM) for g in groups])
    return vocab, [groups[k] for k in order]


_NORM = attrgetter("norm")
_SIGLUM = attrgetter("siglum")
_PARAGRAPH = attrgetter("paragraph")


def _paragraphs(witness: Witness) -> IntArray | None:
    """Each token's block number (-1 for none), or None for a text in no blocks (plain text,
    whose tokens all share the empty provenance: told in C, without reading a field per
    token)."""
    tokens = witness.tokens
    if witness.without_provenance:  # (kept on the witness: the writers ask it again)
        return None
    paras: list[int | None] = list(map(_PARAGRAPH, tokens))
    if not any(paras):
        return None
    return np.array([-1 if p is None else p for p in paras], dtype=np.int64)


def _headings(
    witnesses: Sequence[Witness], paragraphs: Sequence[IntArray | None], n: int
) -> BoolArray:
    """Where any of these witnesses (same tokens) has a heading's token.  A block is all
    heading or none, so only each block's first token is read."""
    heads = np.zeros(n, dtype=np.bool_)
    for w, paras in zip(witnesses, paragraphs, strict=True):
        if paras is None or n == 0:
            continue
        first = np.flatnonzero(np.concatenate(([True], paras[1:] != paras[:-1])))
        tokens = w.tokens
        kind = np.array([tokens[k].block == "head" for k in first.tolist()], dtype=np.bool_)
        heads |= np.repeat(kind, np.diff(np.append(first, n)))
    return heads


def _block_starts(paragraphs: Sequence[IntArray | None], n: int) -> BoolArray:
    """Where a block begins in any of these witnesses (same tokens): a token whose block
    number differs from the one before it (plain texts have none)."""
    starts = np.zeros(n, dtype=np.bool_)
    for paras in paragraphs:
        if n < 2 or paras is None:
            continue  # a plain text: no blocks
        starts[1:] |= paras[1:] != paras[:-1]
    return starts


def _canonical_order(witnesses: Sequence[Witness]) -> list[int]:
    """Witness indices in an order that depends only on the witnesses' content and sigla.

    Longest first (the most text to anchor on), then by ``norm`` sequence (compared only
    when lengths tie), then by siglum.
    """

    def cmp(a: int, b: int) -> int:
        wa, wb = witnesses[a], witnesses[b]
        if len(wa.tokens) != len(wb.tokens):
            return len(wb.tokens) - len(wa.tokens)
        for ta, tb in zip(wa.tokens, wb.tokens, strict=True):
            if ta.norm != tb.norm:
                return -1 if ta.norm < tb.norm else 1
        return (wa.siglum > wb.siglum) - (wa.siglum < wb.siglum)

    return sorted(range(len(witnesses)), key=cmp_to_key(cmp))


def _step(
    profile: Profile,
    group: Group,
    vocab: Vocabulary,
    settings: Settings,
    matched: Callable[[], None] | None = None,
) -> None:
    """Align one more witness (a group of identical ones) against the columns and merge it."""
    seq = group.seq
    seq_l: list[int] = seq.tolist()  # (the tie rules and the filling read it token by token)

    def eq(i: int, j: int) -> bool:
        return profile.has(i, seq_l[j])

    blocks = block_numbers(profile.starts, group.starts)  # (the profile's, before the merge)
    matches = match_exact(profile.prim, profile.multi, seq, vocab.weak)
    if matched is not None:
        matched()
    _break_ties(profile, group, seq_l, eq, blocks, matches)
    alone = Matches(_NONE, _NONE)
    if settings.documents:
        matches, alone = _drop_isolated(profile, group, seq_l, eq, blocks, matches)
    moves: list[Block] = []
    if settings.min_transposition:
        moves = find_moves(
            profile.prim, profile.has, seq, matches, settings.min_transposition, vocab.weak
        )
    place = _placement(profile, group, seq_l, blocks, vocab, settings, matches, moves, alone)
    profile.merge(seq, place, weight=len(group.members), starts=group.starts, heads=group.heads)


def _drop_isolated(
    profile: Profile,
    group: Group,
    seq_l: list[int],
    eq: Eq,
    blocks: Blocks | None,
    matches: Matches,
) -> tuple[Matches, Matches]:
    """Without the isolated and the stray runs of matches (:mod:`._isolated`), ties broken
    again; and the stray runs' columns and tokens, which stand alone (nothing is forced
    onto them: the word belongs with its own block, not with what stands near it).

    Only between documents (:attr:`Settings.documents`): plain token sequences keep the exact
    LCS, the contract of a diff-like comparison."""
    pi, pj = matches
    drop = isolated(pi, pj, len(profile), len(seq_l), eq)
    stray = strays(pi, pj, len(profile), len(seq_l), profile.heads, group.heads) & ~drop
    alone = Matches(pi[stray], pj[stray])
    drop |= stray
    if not drop.any():
        return matches, alone
    kept = Matches(pi[~drop], pj[~drop])
    _break_ties(profile, group, seq_l, eq, blocks, kept)
    return kept, alone


def _break_ties(
    profile: Profile,
    group: Group,
    seq_l: list[int],
    eq: Eq,
    blocks: Blocks | None,
    matches: Matches,
) -> None:
    """Choose among equally long matchings (in place): see :mod:`._ties`.  ``eq(i, j)``:
    column ``i`` holds token ``j``'s id (``seq_l``, the group's ids as a list)."""
    pi, pj = matches
    shift_right(pi, pj, len(profile), len(seq_l), eq, blocks)
    pull_into_blocks(pi, pj, eq, blocks)
    if group.lacunae:
        attract_to_lacunae(pi, pj, len(profile), group.lacunae, eq)
    prefer_support(pi, pj, seq_l, profile.support, profile.has)


def _placement(
    profile: Profile,
    group: Group,
    seq_l: list[int],
    blocks: Blocks | None,
    vocab: Vocabulary,
    settings: Settings,
    matches: Matches,
    moves: list[Block],
    alone: Matches,
) -> Placement:
    """Exact matches plus the near and forced pairs between them, sorted by column.  Moved
    blocks and the ``alone`` columns and tokens take no part in the filling."""
    seq = group.seq
    reserved = np.zeros(len(profile), dtype=np.bool_)
    moved = np.zeros(len(seq), dtype=np.bool_)
    reserved[alone.cols] = True
    moved[alone.toks] = True
    for b in moves:
        reserved[b.col_start : b.col_end] = True
        moved[b.tok_start : b.tok_end] = True
    parts = stretches(matches.cols, matches.toks, len(profile), len(seq), reserved, moved)
    bounds = sorted({p for lac in group.lacunae for p in lac})
    filled = fill_between(
        parts,
        profile.ids,
        seq_l,
        vocab.norms,
        bounds,
        near=settings.near_match,
        lead_from_right=settings.documents,
        blocks=blocks if settings.documents else None,
        threshold=settings.near_threshold,
    )
    fc = np.array(filled.cols, dtype=np.int64)
    ft = np.array(filled.toks, dtype=np.int64)
    near_cols = filled.near_cols
    if settings.documents and len(fc):
        # a heading's word is put against a heading's word only: against the text of a
        # paragraph it is no substitution, but a heading the other witness does not have
        like = profile.heads[fc] == group.heads[ft]
        if not like.all():
            fc, ft = fc[like], ft[like]
            kept = set(fc.tolist())
            near_cols = [c for c in near_cols if c in kept]
    ai = np.concatenate((matches.cols, fc))
    aj = np.concatenate((matches.toks, ft))
    order = np.argsort(ai, kind="stable")
    return Placement(ai[order], aj[order], near_cols, moves)


def align_native(
    witnesses: Sequence[Witness],
    *,
    near_match: bool = True,
    near_threshold: float = NEAR_THRESHOLD,
    transpositions: bool = True,
    min_transposition: int = 4,
    progress: Progress | None = None,
    options: dict[str, Any] | None = None,
) -> Collation:
    """Align validated witnesses (unique sigla) into a :class:`Collation`."""
    settings = Settings(near_match, near_threshold, min_transposition if transpositions else None)
    opts = FrozenMap(dict(options or {}))
    if not witnesses:
        return Collation(witnesses=(), columns=(), engine="native", options=opts)
    with gc_paused():
        profile, placed = _align(witnesses, settings, progress)
        collation = build_collation(
            witnesses,
            [placed[r] for r in range(len(witnesses))],  # (made ints one at a time)
            len(profile),
            near=profile.near.tolist(),
            tcol=[None if t < 0 else t for t in profile.tcol.tolist()],
            trans={tid: [side.tolist() for side in sides] for tid, sides in profile.trans.items()},
            engine="native",
            options=opts,
        )
    if progress is not None:
        total = sum(len(w.tokens) for w in witnesses)
        progress(total, total)
    return collation


def _align(
    witnesses: Sequence[Witness], settings: Settings, progress: Progress | None
) -> tuple[Profile, dict[int, IntArray]]:
    """The final profile, and each witness's token -> column (by row in the order given)."""
    vocab, groups = _encode(witnesses)
    settings = replace(settings, documents=all(g.blocks for g in groups))
    total = sum(len(w.tokens) for w in witnesses)

    def report(tokens_done: float) -> None:  # building the table is the last tenth
        if progress is not None:
            progress(int(tokens_done * 0.9), total)

    first = groups[0]
    profile = Profile.start(
        first.seq, weight=len(first.members), starts=first.starts, heads=first.heads
    )
    done = len(first.seq) * len(first.members)
    report(done)
    for g in groups[1:]:
        size = len(g.seq) * len(g.members)
        halfway = done + size / 2
        _step(profile, g, vocab, settings, matched=partial(report, halfway))
        done += size
        report(done)
    placed: dict[int, IntArray] = {}
    for g, pos in zip(groups, profile.pos, strict=True):
        for r in g.members:
            placed[r] = pos
    return profile, placed
