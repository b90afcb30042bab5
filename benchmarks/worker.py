"""One measurement in its own process: ``python -m benchmarks.worker CASE ENGINE [MEM_MB]``.

Prints one JSON object: seconds, peak RSS (MiB), columns, the alignment quality figures and,
for the collatex engine, any error.  ``MEM_MB`` caps the address space (``RLIMIT_AS``).
For the pairwise cases (:data:`benchmarks.pairwise.CASES`) ENGINE is ``native`` or a peer
(``gnu-diff``, ``git-histogram``, ``difflib``, ``rapidfuzz-lcs``).
"""

from __future__ import annotations

import json
import resource
import sys
import time
from collections.abc import Callable
from typing import Any

from witnesscollate import Collation, Witness, collate

from . import data, pairwise


def quality(c: Collation) -> dict[str, int]:
    """How much the alignment aligns: witness pairs agreeing on a token, summed over columns.

    ``agreements`` counts, in every column, the pairs of witnesses whose tokens have the same
    ``norm`` (so a better alignment of the same witnesses scores higher); ``columns`` is the
    table's width (narrower is tighter).
    """
    agree = 0
    for col in c.columns:
        groups: dict[tuple[str, ...], int] = {}
        for cell in col.cells:
            if cell.tokens:
                groups[cell.norm] = groups.get(cell.norm, 0) + 1
        agree += sum(n * (n - 1) // 2 for n in groups.values())
    return {"agreements": agree, "columns": len(c.columns)}


def _real(n: int) -> Callable[[], list[Witness]]:
    return lambda: data.real_variants(n)


CASES: dict[str, Callable[[], list[Witness]]] = {
    "real-500": _real(500),
    "real-1000": _real(1000),
    "real-2000": _real(2000),
    "darwin": data.darwin_witnesses,
    "syn-2x1000000": lambda: data.synthetic(1_000_000, 2),
    "syn-10x100000": lambda: data.synthetic(100_000, 10),
}


def main(argv: list[str]) -> int:
    case, engine = argv[0], argv[1]
    if len(argv) > 2:
        cap = int(argv[2]) * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    if case in pairwise.CASES:
        return pair_case(case, engine)
    ws = CASES[case]()
    out: dict[str, Any] = {
        "case": case,
        "engine": engine,
        "witnesses": len(ws),
        "tokens": [len(w.tokens) for w in ws],
    }
    out["input_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    t0 = time.perf_counter()
    try:
        c = collate(ws, engine=engine, collatex_max_tokens=None)  # (its own time limit)
    except MemoryError:
        out["error"] = "MemoryError (address-space cap)"
    except Exception as exc:  # report, do not hang the harness
        out["error"] = f"{type(exc).__name__}: {exc}"[:300]
    else:
        out["seconds"] = time.perf_counter() - t0
        out.update(quality(c))
        out["transpositions"] = len(c.transpositions)
        out["variant_columns"] = len(c.variant_columns)
    out["peak_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(out))
    return 0


def pair_case(case: str, engine: str) -> int:
    a, b = pairwise.CASES[case][1]()
    out: dict[str, Any] = {"case": case, "engine": engine, "tokens": [len(a), len(b)]}
    if engine == "native":
        out.update(pairwise.run_native(a, b))
    else:
        out.update(pairwise.run_peer(engine, a, b))
    out["peak_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
