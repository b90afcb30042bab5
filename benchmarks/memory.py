"""``python -m benchmarks.memory [COUNT N] [--heap]``: resident memory after each stage (issue 17).

Loads COUNT generated witnesses of about N tokens (default 10 × 1,000,000, the text of
:mod:`benchmarks.stages`), then collates, builds the apparatus and writes TEI, printing the
resident set (``VmRSS``) after each stage and the peak inside it (``VmHWM``, reset between
stages through ``/proc/self/clear_refs``), in MiB.  Linux only.

``--heap`` also says where the resident memory is (glibc's ``mallinfo2``): C's malloc heap
(its size and the part in use: the rest is free but resident, room a later stage's large
blocks reuse, e.g. the TEI writer's lxml tree), the blocks malloc maps on their own (large
arrays, the input texts) and, the remainder, Python's object arenas (tokens, cells, columns,
records) with the interpreter.
"""

from __future__ import annotations

import ctypes
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


class _MallInfo2(ctypes.Structure):
    _fields_ = [
        (name, ctypes.c_size_t)
        for name in [
            "arena",
            "ordblks",
            "smblks",
            "hblks",
            "hblkhd",
            "usmblks",
            "fsmblks",
            "uordblks",
            "fordblks",
            "keepcost",
        ]
    ]


def _malloc_info() -> _MallInfo2 | None:
    """glibc's malloc statistics (None where there is no ``mallinfo2``: glibc < 2.33)."""
    try:
        get = ctypes.CDLL(None).mallinfo2
    except (AttributeError, OSError):
        return None
    get.restype = _MallInfo2
    info: _MallInfo2 = get()
    return info


def main(argv: list[str]) -> None:
    from witnesscollate import apparatus, collate, load_text, render

    from .stages import texts

    heap = "--heap" in argv
    argv = [a for a in argv if a != "--heap"]
    count, n = (int(argv[0]), int(argv[1])) if len(argv) == 2 else (10, 1_000_000)
    sources = texts(count, n)

    def report(stage: str) -> None:
        now = _status()
        line = f"{stage:<10} now {now['VmRSS']:>6,} MiB   peak in the stage {now['VmHWM']:>6,} MiB"
        info = _malloc_info() if heap else None
        if info is not None:
            mib = 1 << 20
            rest = now["VmRSS"] - (info.arena + info.hblkhd) // mib
            line += (
                f"   | malloc heap {info.arena // mib:>4,} MiB ({info.uordblks // mib:,} in use),"
                f" mapped {info.hblkhd // mib:>4,}, objects and the rest {rest:>6,}"
            )
        print(line)
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
