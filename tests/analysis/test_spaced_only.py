"""``ColumnTable._spaced_only`` against the plain search it prunes.

The columns that differ only in spacing («to day» / «today», «M. V.» / «M.V.») are found by
trying every stretch of at most ``SPACING_SPAN`` columns.  The search skips starts whose
window lacks a witness's text and stops a window once two texts can no longer agree (for
speed on moved passages); this holds it to the unpruned search, kept here as it was.
"""

from __future__ import annotations

from collections.abc import Sequence

from hypothesis import given, settings
from hypothesis import strategies as st

from witnesscollate import collate, load_text
from witnesscollate.analysis.segmentation import SPACING_SPAN, ColumnTable, _glue, token_key

WORDS = ["to", "day", "today", "to-day", "M.", "V.", "M.V.", "the", "cat", "thecat", "a", "b", "ab"]
WORDS += [",", ".", "sat"]


def reference(table: ColumnTable, lo: int, hi: int, scope: Sequence[int]) -> set[int]:
    """Every start, every window up to SPACING_SPAN columns, no pruning."""
    out: set[int] = set()
    for i in range(lo, hi - 1):
        tid = table.columns[i].transposition
        texts = ["" for _ in scope]
        pieces: list[tuple[str, ...]] = [() for _ in scope]
        for j in range(i, min(hi, i + SPACING_SPAN)):
            col = table.columns[j]
            if col.transposition != tid or any(col[r].lacuna is not None for r in scope):
                break
            keys = table.keys(j)
            texts = [_glue(t, keys[r] or "") for t, r in zip(texts, scope, strict=True)]
            pieces = [(*p, k) if (k := keys[r]) else p for p, r in zip(pieces, scope, strict=True)]
            if j > i and all(t == texts[0] for t in texts) and any(p != pieces[0] for p in pieces):
                out.update(range(i, j + 1))
    return out


def _respaced(words: list[str], edits: list[tuple[int, int, int]]) -> list[str]:
    """``words`` with words joined, split, added and dropped (what a spacing edit does)."""
    ws = list(words)
    for op, at, other in edits:
        i = at % len(ws)
        if op == 0 and i + 1 < len(ws):
            ws[i : i + 2] = [ws[i] + ws[i + 1]]
        elif op == 1 and len(ws[i]) > 1:
            cut = 1 + other % (len(ws[i]) - 1)
            ws[i : i + 1] = [ws[i][:cut], ws[i][cut:]]
        elif op == 2:
            ws.insert(i, WORDS[other % len(WORDS)])
        elif op == 3 and len(ws) > 1:
            del ws[i]
    return ws


edits = st.lists(st.tuples(st.integers(0, 3), st.integers(0, 99), st.integers(0, 99)), max_size=6)


@settings(max_examples=400, deadline=None)
@given(
    base=st.lists(st.sampled_from(WORDS), min_size=3, max_size=30),
    witness_edits=st.lists(edits, min_size=2, max_size=4),
    ranges=st.lists(st.tuples(st.integers(0, 999), st.integers(0, 999)), min_size=1, max_size=8),
    scopes=st.lists(st.integers(1, 15), min_size=1, max_size=8),
)
def test_pruned_search_finds_what_the_plain_one_finds(
    base: list[str],
    witness_edits: list[list[tuple[int, int, int]]],
    ranges: list[tuple[int, int]],
    scopes: list[int],
) -> None:
    witnesses = [
        load_text(f"W{k}", " ".join(_respaced(base, e))) for k, e in enumerate(witness_edits)
    ]
    table = ColumnTable(collate(witnesses), spacing=False)
    n = len(table.columns)
    rows = range(len(witnesses))
    for (a, b), mask in zip(ranges, scopes * len(ranges), strict=False):
        lo = a % n
        hi = lo + 1 + b % (n - lo)
        scope = [r for r in rows if mask >> r & 1] or [0]
        assert table._spaced_only(lo, hi, scope) == reference(table, lo, hi, scope)


def test_joined_initials_are_found_as_spacing() -> None:
    """The search finds something at all: «M. V.» against «M.V.» differ only in spacing (not
    «to day» against «today»: a boundary between two letters is kept)."""
    table = ColumnTable(
        collate([load_text("A", "we met M. V. at noon"), load_text("B", "we met M.V. at noon")]),
        spacing=False,
    )
    n = len(table.columns)
    found = table._spaced_only(0, n, [0, 1])
    assert found == reference(table, 0, n, [0, 1])
    assert found, "«M. V.» / «M.V.» is a spacing difference"


class _Piece(tuple[str, ...]):
    """A stand-in token: its text first, as a token's."""

    @property
    def text(self) -> str:
        return self[0]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet="ab1.,-ё\u00ad\u0301« ", max_size=5), min_size=1, max_size=12))
def test_token_key_is_the_tokens_glued_one_by_one(texts: list[str]) -> None:
    """:func:`token_key` joins the pieces once, as gluing each token on did (letters and
    digits either side of a join keep a boundary; anything else is joined)."""
    tokens = [_Piece((t,)) for t in texts]
    for k in range(len(tokens)):
        glued = ""
        for piece in tokens[k:]:
            glued = _glue(glued, piece.text)
        assert token_key(tokens[k:]) == glued  # type: ignore[arg-type]
    real = load_text("A", "".join(texts) or "a").tokens
    glued = ""
    for t in real:
        glued = _glue(glued, t.text)
    assert token_key(real) == glued
