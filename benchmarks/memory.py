"""``python -m benchmarks.memory [COUNT N]``: resident memory after each stage (issue 17).

Loads COUNT generated witnesses of about N tokens (default 10 × 1,000,000, the text of
:mod:`benchmarks.stages`), then collates, builds the apparatus and writes TEI, printing the
resident set (``VmRSS``) after each stage and the peak inside it (``VmHWM``, reset between
stages through ``/proc/self/clear_refs``), in MiB.  Linux only.
"""

from __future__ import annotations

import gc
import sys
from pathlib import Path


def _status() -> dict[str, int]:
    out = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            out[key] = int(value.split()[0]) // 1024
    return out


def _reset_peak() -> None:
    Path("/proc/self/clear_refs").write_text("5")  # the peak starts again from now


def main(argv: list[str]) -> None:
    from witnesscollate import apparatus, collate, load_text, render

    from .stages import texts

    count, n = (int(argv[0]), int(argv[1])) if len(argv) == 2 else (10, 1_000_000)
    sources = texts(count, n)

    def report(stage: str) -> None:
        now = _status()
        print(f"{stage:<10} now {now['VmRSS']:>6,} MiB   peak in the stage {now['VmHWM']:>6,} MiB")
        _reset_peak()

    gc.collect()
    _reset_peak()
    report("inputs")
    witnesses = [load_text(f"W{k + 1}", t) for k, t in enumerate(sources)]
    gc.collect()
    report("loaded")
    collation = collate(witnesses)
    gc.collect()
    report("collated")
    app = apparatus(collation)
    gc.collect()
    report("apparatus")
    tei = render(app, "tei")
    report("TEI")
    tokens = sum(len(w) for w in witnesses)
    print(
        f"{tokens:,} tokens, {len(collation.columns):,} columns, {len(app.units):,} units, "
        f"TEI {len(tei) / 1e6:.1f} M characters"
    )


if __name__ == "__main__":
    main(sys.argv[1:])
