"""``collate()``: validate the witnesses and run an alignment engine."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from ..errors import InputError, WitnessError
from ..model import Collation, Witness
from ..model.witness import misnumbered
from .collatex_engine import MAX_TOKENS as COLLATEX_MAX_TOKENS
from .collatex_engine import align_collatex
from .native import NEAR_THRESHOLD, align_native

__all__ = ["ENGINES", "collate"]

ENGINES = ("native", "collatex")

#: Default minimum length (tokens) of a block linked as a transposition.  Shorter repeated
#: n-grams are too often chance recurrences ("of the same") to call a move; longer ones must
#: also pass the chance estimate of :mod:`._moves`.
MIN_TRANSPOSITION = 4


def _files_of(first: Witness, second: Witness) -> str:
    """`` (in a.xml and b.xml)``: where two witnesses with one siglum were read from."""
    a, b = first.metadata.file, second.metadata.file
    if a and b:
        return f" (twice in {a})" if a == b else f" (in {a} and {b})"
    return f" (in {a or b})" if a or b else ""


def _check_numbering(w: Witness) -> None:
    """A token's ``index`` is its place in its witness (0, 1, 2...): the apparatus reads a
    witness's text and spans by it.  A witness made by hand from another's tokens (some
    left out, two texts joined, tokens built with the default ``index=0``) would otherwise
    give an apparatus with text lost or doubled, and no error."""
    i = misnumbered(w.tokens)
    if i is not None:
        t = w.tokens[i]
        raise WitnessError(
            f"witness {w.siglum!r}: token {i} ({t.text!r}) has index {t.index}; a witness's "
            f"tokens are numbered 0, 1, 2... in order",
            line=t.source_line,
            hint="build the witness with load_text() or load_tei(), or give each token its "
            "place: Token(text, ws, ..., index=i) for the i-th",
        )


def _validate(witnesses: Iterable[Witness]) -> tuple[Witness, ...]:
    if isinstance(witnesses, Witness):
        raise InputError(
            "collate() takes a sequence of witnesses, got a single Witness",
            hint="pass a list: collate([a, b])",
        )
    ws = tuple(witnesses)
    seen: dict[str, Witness] = {}
    for w in ws:
        if not isinstance(w, Witness):
            raise InputError(
                f"collate() takes Witness objects, got {type(w).__name__}",
                hint="build witnesses with witnesscollate.load_text(siglum, text) or the TEI reader",
            )
        if w.siglum in seen:
            raise WitnessError(
                f"duplicate siglum {w.siglum!r}{_files_of(seen[w.siglum], w)}",
                hint="every witness in a collation needs its own siglum",
            )
        seen[w.siglum] = w
        n = len(w.tokens)
        _check_numbering(w)
        for lac in w.lacunae:
            if not (0 <= lac.position <= lac.end <= n):
                raise WitnessError(
                    f"witness {w.siglum!r}: lacuna at token {lac.position}..{lac.end} lies "
                    f"outside its {n} tokens",
                    line=lac.source_line,
                    hint="a lacuna's position and end are token indices, position <= end <= len(tokens)",
                )
    return ws


def collate(
    witnesses: Iterable[Witness],
    *,
    engine: str = "native",
    near_match: bool = True,
    near_threshold: float = NEAR_THRESHOLD,
    transpositions: bool = True,
    min_transposition: int = MIN_TRANSPOSITION,
    progress: Callable[[int, int], None] | None = None,
    collatex_max_tokens: int | None = COLLATEX_MAX_TOKENS,
) -> Collation:
    """Align witnesses token by token into a :class:`Collation`.

    Parameters
    ----------
    witnesses:
        The witnesses, each with a unique siglum; rows come out in this order, but the
        alignment itself does not depend on it.
    engine:
        ``"native"`` (fast, near-linear) or ``"collatex"`` (the collatex package, as a
        reference; quadratic, for small inputs).
    near_match:
        Let different but similar norms (OCR and spelling variants) stand in one column
        (``Column.near``) when their normalized Levenshtein similarity is at least
        ``near_threshold``.
    transpositions, min_transposition:
        Link blocks of at least ``min_transposition`` tokens that match out of order
        (:class:`Transposition`), rather than reporting an omission plus an addition: only
        blocks the order-preserving alignment cannot explain and too distinctive to recur
        by chance (the rule is in ``docs/alignment.md``), one transposition per moved
        passage even when edits split it.
    progress:
        Called as ``progress(done, total)`` during long work: ``done / total`` is the share
        of the work done (``total`` is the number of tokens in all; the last call is
        ``(total, total)``, once the collation is built).
    collatex_max_tokens:
        The most tokens (all witnesses together) the collatex engine is given; more is an
        :class:`~witnesscollate.errors.AlignmentError` (it is quadratic: a long text would
        run for many minutes).  None: no limit.
    """
    ws = _validate(witnesses)
    if engine not in ENGINES:
        raise InputError(
            f"unknown alignment engine {engine!r}", hint=f"use one of: {', '.join(ENGINES)}"
        )
    if not isinstance(min_transposition, int) or min_transposition < 1:
        raise InputError(f"min_transposition must be a positive integer, got {min_transposition!r}")
    if collatex_max_tokens is not None and (
        isinstance(collatex_max_tokens, bool)
        or not isinstance(collatex_max_tokens, int)
        or collatex_max_tokens < 0
    ):
        raise InputError(
            f"collatex_max_tokens must be a non-negative integer or None, got "
            f"{collatex_max_tokens!r}"
        )
    if not 0.0 < near_threshold <= 1.0:
        raise InputError(f"near_threshold must lie in (0, 1], got {near_threshold!r}")
    options: dict[str, Any] = {
        "engine": engine,
        "near_match": near_match,
        "near_threshold": near_threshold,
        "transpositions": transpositions,
        "min_transposition": min_transposition,
    }
    if engine == "collatex":
        return align_collatex(
            ws,
            near_match=near_match,
            transpositions=transpositions,
            progress=progress,
            options=options,
            max_tokens=collatex_max_tokens,
        )
    return align_native(
        ws,
        near_match=near_match,
        near_threshold=near_threshold,
        transpositions=transpositions,
        min_transposition=min_transposition,
        progress=progress,
        options=options,
    )
