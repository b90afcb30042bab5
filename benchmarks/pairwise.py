"""Pairwise cases: the native aligner against diff tools on the same two token sequences.

For every case the figures are: the native engine's order-preserving matches (columns where
both witnesses have the same ``norm``), their ratio to GNU diff's, the transpositions it
reports, the time of the pairwise alignment itself (ids in, placement out: matching,
tie-breaking, transpositions, near and forced matches, the merge; best of three), the time
of the whole ``collate()`` call (building the ``Collation`` records too), and the peers'
matches and times (see :mod:`benchmarks.peers`).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import numpy as np

from witnesscollate import collate
from witnesscollate.alignment import native

from . import data, peers

Pair = tuple[list[str], list[str]]

#: name -> (what it is, how to make it, transpositions expected)
CASES: dict[str, tuple[str, Callable[[], Pair], int | None]] = {
    "rep-5000x3": (
        "seed book, 5,000 tokens x 3 copies, 1 % edits per copy",
        lambda: data.real_repetition(5_000),
        0,
    ),
    "rep-30000x3": ("seed book, 30,000 tokens x 3, 1 %", lambda: data.real_repetition(30_000), 0),
    "rep-83000x3": ("seed book, 83,000 tokens x 3, 1 %", lambda: data.real_repetition(83_000), 0),
    "rep-10000x10": (
        "seed book, 10,000 tokens x 10, 1 %",
        lambda: data.real_repetition(10_000, 10),
        0,
    ),
    "unrelated-10000": (
        "seed book: two chapters, 10,000 tokens each",
        lambda: data.unrelated(10_000),
        None,
    ),
    "unrelated-authors-10000": (
        "seed book against Darwin, 10,000 tokens each",
        lambda: data.unrelated_authors(),
        None,
    ),
    "unrelated-100000": (
        "generated from the book against generated from Darwin",
        lambda: data.unrelated(100_000),
        None,
    ),
    "moved-100000x1": (
        "generated, 1 % edits, one 500-token passage moved (2 % edits inside)",
        lambda: data.moved_passages(100_000, 1),
        1,
    ),
    "moved-100000x5": (
        "generated, 1 % edits, five 500-token passages moved",
        lambda: data.moved_passages(100_000, 5),
        5,
    ),
    "gen-100000": (
        "generated (order-2 model of the book and Darwin), 2 % realistic edits on each side",
        lambda: data.generated_pair(100_000),
        0,
    ),
    "gen-1000000": ("the same, 1,000,000 tokens", lambda: data.generated_pair(1_000_000), 0),
    "zipf-100000": (
        "synthetic Zipf words, 1 % edits (issue 17's 2 x 100,000)",
        lambda: _zipf(100_000),
        0,
    ),
}

#: scaling series: name prefix -> (what, maker by size)
SERIES: dict[str, tuple[str, Callable[[int], Pair]]] = {
    "gen": ("generated text, 2 % realistic edits", data.generated_pair),
    "rep": ("generated chapter x 3, 1 % edits per copy", data.generated_repetition),
    "move": (
        "generated, 1 % edits, one 500-token passage moved",
        lambda n: data.moved_passages(n, 1),
    ),
}
SIZES = (10_000, 30_000, 100_000, 300_000, 1_000_000)
for _prefix, (_what, _make) in SERIES.items():
    for _n in SIZES:
        CASES[f"{_prefix}-scale-{_n}"] = (
            f"{_what}, {_n:,} tokens",
            (lambda m, n: lambda: m(n))(_make, _n),
            1 if _prefix == "move" else 0,
        )


def _zipf(n: int) -> Pair:
    ws = data.synthetic(n, 2)
    return [t.norm for t in ws[0].tokens], [t.norm for t in ws[1].tokens]


def _matched(a: list[str], b: list[str], placed: dict[int, Any], ncols: int) -> int:
    """Columns where both witnesses have a token with the same norm."""
    ids: dict[str, int] = {}
    ha = np.array([ids.setdefault(w, len(ids)) for w in a], dtype=np.int64)
    hb = np.array([ids.setdefault(w, len(ids)) for w in b], dtype=np.int64)
    col_a = np.full(ncols, -1, dtype=np.int64)
    col_b = np.full(ncols, -1, dtype=np.int64)
    col_a[placed[0]] = np.arange(len(a))
    col_b[placed[1]] = np.arange(len(b))
    both = (col_a >= 0) & (col_b >= 0)
    return int((ha[col_a[both]] == hb[col_b[both]]).sum())


def run_native(a: list[str], b: list[str], repeat: int = 3) -> dict[str, Any]:
    """The pairwise alignment (best of ``repeat``) and one whole ``collate()`` call."""
    ws = [data.token_witness("A", a), data.token_witness("B", b)]
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        profile, placed = native._align(ws, native.Settings(), None)
        best = min(best, time.perf_counter() - t0)
    t0 = time.perf_counter()
    c = collate(ws)
    whole = time.perf_counter() - t0
    return {
        "seconds": best,
        "collate_seconds": whole,
        "matched": _matched(a, b, placed, len(profile)),
        "transpositions": len(c.transpositions),
        "columns": len(c.columns),
    }


#: peer -> (function, largest witness it runs on here)
PEERS: dict[str, tuple[Callable[[list[str], list[str]], tuple[int, float]], int]] = {
    "gnu-diff": (peers.gnu_diff, 10**9),
    "git-histogram": (peers.git_diff, 10**9),
    "difflib": (peers.difflib_matcher, 20_000),
    "rapidfuzz-lcs": (peers.rapidfuzz_lcs, 30_000),
}


def run_peer(peer: str, a: list[str], b: list[str], repeat: int = 3) -> dict[str, Any]:
    fn, limit = PEERS[peer]
    if max(len(a), len(b)) > limit:
        return {"skipped": f"over {limit:,} tokens"}
    best, matched = float("inf"), 0
    for _ in range(repeat if peer.startswith(("gnu", "git")) else 1):
        matched, seconds = fn(a, b)
        best = min(best, seconds)
    return {"seconds": best, "matched": matched}
