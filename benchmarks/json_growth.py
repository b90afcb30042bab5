"""``python -m benchmarks.json_growth [KIND]``: where the JSON writer's time per token grows.

Issue 17 bounds every stage's scaling exponent at 1.1; on repeated text
(:mod:`benchmarks.scaling`) the JSON writer's came out at 1.10–1.12, though its work per
token is the same at every size.  This splits ``render(app, "json")`` into its parts, for two
witnesses of ``KIND`` text (default ``repeated``) at 10,000, 100,000 and 1,000,000 tokens each,
each size in a fresh interpreter:

- making the document's objects (``_document``), orjson writing them, decoding the bytes to
  ``str``, freeing the document and freeing the text;
- for each: CPU ns per base token (fastest of several runs, the garbage collector off as in
  ``render``), and the minor page faults per 1,000 base tokens of that run (memory the kernel
  maps and zeroes afresh: it is CPU time of the process too, as system time);
- ``render()`` once more: the first call in the process (cold) and the fastest (warm).

A part whose ns per token grows while its faults per token stay at zero grows by the caches; one
whose faults appear at the larger sizes grows by fresh memory: glibc gives a block of more than
32 MiB (the top of its dynamic mmap threshold) its own mapping and unmaps it when freed, so a
call at a million tokens faults its text's pages in every time, while a smaller size's repeats
reuse the heap the first run left.
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import resource
import time
from typing import Any

from ._runs import run_child

SIZES = [10_000, 100_000, 1_000_000]
PARTS = ["document", "orjson", "decode", "free document", "free text"]
#: Runs at each size until this many tokens have gone through (at least MIN_RUNS).
TOKENS_PER_TIMING = 2_000_000
MIN_RUNS = 5


def _faults() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt


def measure(kind: str, n: int) -> dict[str, Any]:
    """One size, in this process (run it in a fresh one)."""
    import orjson

    from witnesscollate import apparatus, collate, load_text, render
    from witnesscollate.rendering import json_

    from .scaling import _text, words

    a, b = words(kind, n)
    app = apparatus(collate([load_text(s, _text(t)) for s, t in zip("AB", (a, b), strict=True)]))
    base = len(app.base_witness.tokens)
    option = orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE
    runs = max(MIN_RUNS, math.ceil(TOKENS_PER_TIMING / n))

    gc.collect()
    t0 = time.process_time()
    first = render(app, "json")
    cold = time.process_time() - t0
    del first
    best = math.inf
    for _ in range(runs):
        gc.collect()
        t0 = time.process_time()
        out = render(app, "json")
        best = min(best, time.process_time() - t0)
        del out

    parts: dict[str, tuple[float, int]] = {}
    for _ in range(runs):
        gc.collect()
        gc.disable()  # (as render() does)
        marks = [(time.process_time(), _faults())]
        doc = json_._document(app, json_._Maker(True), True)
        marks.append((time.process_time(), _faults()))
        data = orjson.dumps(doc, option=option)
        marks.append((time.process_time(), _faults()))
        text = data.decode("utf-8")
        marks.append((time.process_time(), _faults()))
        del doc
        marks.append((time.process_time(), _faults()))
        del data, text
        marks.append((time.process_time(), _faults()))
        gc.enable()
        for part, (t0, f0), (t1, f1) in zip(PARTS, marks[:-1], marks[1:], strict=True):
            if part not in parts or t1 - t0 < parts[part][0]:
                parts[part] = (t1 - t0, f1 - f0)
    return {
        "n": n,
        "base": base,
        "units": len(app.units),
        "runs": runs,
        "cold": cold,
        "warm": best,
        "parts": parts,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("kind", nargs="?", default="repeated")
    parser.add_argument("--sizes", default=",".join(str(s) for s in SIZES))
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.child[0], int(args.child[1]))))
        return
    print(
        f"`python -m benchmarks.json_growth {args.kind}`: ns of CPU per base token "
        "(faults per 1,000 base tokens)\n"
    )
    head = ["tokens (A + B)", "units", *PARTS, "render() cold", "render() warm"]
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for n in (int(s) for s in args.sizes.split(",")):
        r = run_child("benchmarks.json_growth", args.kind, str(n))
        if isinstance(r, str):
            print(f"| {2 * n:,} | failed: {r} |")
            continue
        per = 1e9 / r["base"]
        cells = [f"{2 * n:,}", f"{r['units']:,}"]
        for part in PARTS:
            seconds, faults = r["parts"][part]
            cells.append(f"{seconds * per:.0f} ({faults * 1000 / r['base']:.1f})")
        cells += [f"{r['cold'] * per:.0f}", f"{r['warm'] * per:.0f}"]
        print("| " + " | ".join(cells) + " |", flush=True)


if __name__ == "__main__":
    main()
