"""``engine="collatex"``: the collatex package (2.3) run on our tokens, as a reference aligner.

The witnesses go to collatex pre-tokenized (``t`` = text + whitespace, ``n`` = our ``norm``),
each token carrying its position so that collatex's cells map back to our :class:`Token`
records; the result is the same :class:`Collation` type the native engine returns.

collatex is quadratic in time and memory (three witnesses of 2,000 tokens take about 90 s),
its transposition detection crashes (interedition/collatex#87) and its results depend on
witness order (#66): it is here as a reference for small inputs, not for production.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from ..errors import AlignmentError
from ..model import Collation, Witness
from ._build import build_collation

__all__ = ["align_collatex"]

_KEY = "_wc_index"

#: The most tokens (all witnesses together) the collatex engine takes unless told otherwise:
#: it is quadratic (three witnesses of 2,000 tokens take about 90 s), so a longer text would
#: run for many minutes with nothing to show; above this it is refused with a hint.
MAX_TOKENS = 10_000


def align_collatex(
    witnesses: Sequence[Witness],
    *,
    near_match: bool = False,
    transpositions: bool = False,
    progress: Callable[[int, int], None] | None = None,
    options: dict[str, Any] | None = None,
    max_tokens: int | None = MAX_TOKENS,
) -> Collation:
    """Align with collatex (witnesses in the order given: collatex's result depends on it).

    ``transpositions`` is ignored (collatex 2.3's detection crashes) and recorded as False.
    ``Column.near`` stays False: collatex does not say which columns its near matching made.
    More than ``max_tokens`` tokens in all (None: no limit) is an :class:`AlignmentError`.
    """
    opts = dict(options or {})
    opts["transpositions"] = False
    total = sum(len(w.tokens) for w in witnesses)
    if max_tokens is not None and total > max_tokens:
        raise AlignmentError(
            f"the collatex engine is quadratic: {total:,} tokens in all would take it very "
            f"long (it takes at most {max_tokens:,} unless told otherwise)",
            hint="use the native engine (the default); from Python, collate(..., "
            "collatex_max_tokens=None) runs collatex anyway",
        )
    if progress is not None:
        progress(0, total)
    present = [r for r, w in enumerate(witnesses) if w.tokens]
    pos_of: list[list[int]] = [[] for _ in witnesses]
    ncols = 0
    if len(present) == 1:
        r = present[0]
        ncols = len(witnesses[r].tokens)
        pos_of[r] = list(range(ncols))
    elif present:
        try:
            from collatex import Collation as CxCollation
            from collatex import collate as cx_collate
        except ImportError as exc:  # pragma: no cover - collatex is a dependency
            raise AlignmentError(
                "the collatex engine needs the collatex package",
                hint="pip install collatex python-Levenshtein",
            ) from exc
        data = {
            "witnesses": [
                {
                    "id": witnesses[r].siglum,
                    "tokens": [
                        {"t": t.text + t.ws, "n": t.norm, _KEY: k}
                        for k, t in enumerate(witnesses[r].tokens)
                    ],
                }
                for r in present
            ]
        }
        try:
            cx = CxCollation.create_from_dict(data)
            table = cx_collate(cx, output="table", segmentation=False, near_match=near_match)
        except Exception as exc:  # collatex raises bare exceptions on odd input
            raise AlignmentError(
                f"collatex failed: {type(exc).__name__}: {exc}",
                hint='use engine="native"',
            ) from exc
        row_of = {witnesses[r].siglum: r for r in present}
        for c, col in enumerate(table.columns):
            for siglum, toks in col.tokens_per_witness.items():
                pos_of[row_of[siglum]].extend(c for _ in toks)
        ncols = len(table.columns)
        for r in present:
            if len(pos_of[r]) != len(witnesses[r].tokens):  # pragma: no cover - defensive
                raise AlignmentError(
                    f"collatex lost tokens of witness {witnesses[r].siglum!r}",
                    hint='use engine="native"',
                )
    if progress is not None:
        progress(total, total)
    return build_collation(witnesses, pos_of, ncols, engine="collatex", options=opts)
