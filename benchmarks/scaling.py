"""``python -m benchmarks.scaling``: how every stage grows from 10,000 to 1,000,000 tokens.

Issue 17 asks for near-linear exponents (time ~ tokens^k, k <= 1.1) for *every* stage, on
ordinary, repetitive and moved-passage text alike: a stage that is linear on one kind of text
can be quadratic on another (the apparatus once scanned every transposition for every unit).
For each kind of text and each size, a fresh interpreter (``--child``) loads two witnesses
from plain text, collates them, builds the apparatus and writes it as TEI, JSON, HTML and
LaTeX (reledmac), timing each stage in CPU seconds; each is run at least three times (the
small sizes more, so that their milliseconds are not noise) and the fastest run kept.  The
exponent of each stage is the least-squares slope of log(time) against log(tokens) over the
sizes.

Kinds of text (:mod:`benchmarks.data`, words from an order-2 model of the seed book and
Darwin, in paragraphs of 120 words):

- ``edited``: two copies, 2 % realistic edits each;
- ``repeated``: a chapter of a third of the size printed three times, 1 % edits per copy
  (every word occurs three times: the case that once collapsed the alignment);
- ``moved``: 1 % edits and one 500-word passage moved per 10,000 words (transpositions grow
  with the text, at the same density at every size from 10,000 words: one per 20,000 words,
  at least one, left the two smallest sizes at densities of their own and bent the fit).

``--sizes 10000,100000`` to choose the sizes per witness; ``--markdown FILE`` also writes the
table.
"""

from __future__ import annotations

import argparse
import functools
import gc
import json
import math
import os
import platform
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ._runs import exponent, run_child

ROOT = Path(__file__).resolve().parents[1]
SIZES = [10_000, 30_000, 100_000, 300_000, 1_000_000]
KINDS = ["edited", "repeated", "moved"]
STAGES = [
    ("load_text", "load text"),
    ("collate", "collate"),
    ("apparatus", "apparatus"),
    ("write_tei", "TEI"),
    ("write_json", "JSON"),
    ("write_html", "HTML"),
    ("write_reledmac", "LaTeX"),
]
#: Repeat a size until this many tokens have gone through each stage (fastest run kept).
TOKENS_PER_TIMING = 200_000
# At least three runs at every size: the fastest of twenty at 10,000 tokens against one run at
# a million bent every fitted exponent upwards (the small sizes' noise falls, the large's not).
MIN_REPEATS = 3


def words(kind: str, n: int) -> tuple[list[str], list[str]]:
    """The two witnesses' words for ``kind`` at ``n`` words each."""
    from . import data

    if kind == "edited":
        a, b = data.generated_pair(n)
    elif kind == "repeated":
        a, b = data.generated_repetition(n)
    elif kind == "moved":
        a, b = data.moved_passages(n, moves=max(1, n // 10_000))
    else:
        raise ValueError(kind)
    return list(a), list(b)


def _text(ws: list[str]) -> str:
    return "\n\n".join(" ".join(ws[i : i + 120]) for i in range(0, len(ws), 120))


def _fastest(run: Callable[[], Any], repeats: int) -> tuple[float, Any]:
    best, result = math.inf, None
    for _ in range(repeats):
        gc.collect()
        t0 = time.process_time()
        result = run()
        best = min(best, time.process_time() - t0)
    return best, result


def measure(kind: str, n: int) -> dict[str, Any]:
    """One kind at one size, in this process (run it in a fresh one)."""
    from witnesscollate import apparatus, collate, load_text, render

    a, b = words(kind, n)
    sources = [_text(a), _text(b)]
    repeats = max(MIN_REPEATS, math.ceil(TOKENS_PER_TIMING / n))
    out: dict[str, Any] = {"kind": kind, "n": n, "repeats": repeats}
    out["load_text"], ws = _fastest(
        lambda: [load_text(s, t) for s, t in zip(["A", "B"], sources, strict=True)], repeats
    )
    out["tokens"] = sum(len(w) for w in ws)
    out["collate"], collation = _fastest(lambda: collate(ws), repeats)
    out["transpositions"] = len(collation.transpositions)
    out["apparatus"], app = _fastest(lambda: apparatus(collation), repeats)
    out["units"] = len(app.units)
    for fmt in ("tei", "json", "html", "reledmac"):
        out[f"write_{fmt}"], _ = _fastest(functools.partial(render, app, fmt), repeats)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(str(s) for s in SIZES))
    parser.add_argument("--kind", action="append", choices=KINDS)
    parser.add_argument("--markdown", type=Path)
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.child[0], int(args.child[1]))))
        return
    sizes = [int(s) for s in args.sizes.split(",")]
    head = ["text", "tokens (A + B)", "units", "transp.", *[f"{t} s" for _, t in STAGES]]
    lines = [
        f"Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} on "
        f"{platform.machine()} ({os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} "
        f"at the start), Python {platform.python_version()}, `python -m benchmarks.scaling`. "
        "CPU seconds, fastest of at least three runs (more at the small sizes).",
        "",
        "| " + " | ".join(head) + " |",
        "|" + "---|" * len(head),
    ]
    print("\n".join(lines), flush=True)
    fits: list[str] = []
    for kind in args.kind or KINDS:
        results = []
        for n in sizes:
            r = run_child("benchmarks.scaling", kind, str(n))
            if isinstance(r, str):
                line = f"| {kind} | {2 * n:,} | failed: {r} |"
            else:
                results.append(r)
                cells = [kind, f"{r['tokens']:,}", f"{r['units']:,}", str(r["transpositions"])]
                cells += [f"{r[key]:.3f}" for key, _ in STAGES]
                line = "| " + " | ".join(cells) + " |"
            lines.append(line)
            print(line, flush=True)
        if len(results) >= 2:
            ks = [
                (title, exponent([(r["tokens"], r[key]) for r in results])) for key, title in STAGES
            ]
            worst = max(k for _, k in ks)
            fits.append(
                f"- {kind}: "
                + ", ".join(f"{title} {k:.2f}" for title, k in ks)
                + f" (highest {worst:.2f}; {results[0]['tokens']:,} to {results[-1]['tokens']:,} tokens)"
            )
    lines += ["", "Exponents (time ~ tokens^k):", *fits]
    lines.append(f"\nLoad average at the end: {os.getloadavg()[0]:.1f}.")
    print("\n".join(lines[-len(fits) - 3 :]))
    if args.markdown:
        args.markdown.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
