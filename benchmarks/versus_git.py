"""The pairwise alignment against ``git diff --histogram``, interleaved in one process.

``python -m benchmarks.versus_git [CASE ...] [--rounds N]``: for each pairwise case (default:
issue 17's ``zipf-100000`` and ``gen-100000``), runs the native pairwise alignment and git's
histogram diff alternately, ``N`` rounds (5), and prints the best time of each and their
ratio.  Interleaving keeps the ratio fair on a shared machine whose load changes from one
minute to the next; the worker-per-measurement tables of ``python -m benchmarks`` cannot.
Beside the wall-clock times, the CPU times of both (this process's for the alignment, the
git child's own, start included): on a loaded machine a run waits for a core now and then,
and the CPU ratio moves less with the load than the wall-clock one.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time

from witnesscollate.alignment import native

from . import data, pairwise, peers


def _children_cpu() -> float:
    use = resource.getrusage(resource.RUSAGE_CHILDREN)
    return use.ru_utime + use.ru_stime


def versus_git(case: str, rounds: int) -> str:
    a, b = pairwise.CASES[case][1]()
    ws = [data.token_witness("A", a), data.token_witness("B", b)]
    ours = git = ours_cpu = git_cpu = float("inf")
    for _ in range(rounds):
        t0, c0 = time.perf_counter(), time.process_time()
        native._align(ws, native.Settings(), None)
        ours = min(ours, time.perf_counter() - t0)
        ours_cpu = min(ours_cpu, time.process_time() - c0)
        c0 = _children_cpu()
        git = min(git, peers.git_diff(a, b)[1])
        git_cpu = min(git_cpu, _children_cpu() - c0)
    return (
        f"| {case} | {len(a):,} / {len(b):,} | {ours:.3f} | {git:.3f} | {ours / git:.1f} | "
        f"{ours_cpu:.3f} | {git_cpu:.3f} | {ours_cpu / max(git_cpu, 1e-6):.1f} | "
        f"{os.getloadavg()[0]:.1f} |"
    )


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.versus_git")
    ap.add_argument("cases", nargs="*", default=["zipf-100000", "gen-100000"])
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args(argv)
    print(
        "| case | tokens | pairwise s (best) | git histogram s (best) | x git "
        "| pairwise CPU s | git CPU s | x git (CPU) | load |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for case in args.cases:
        print(versus_git(case, args.rounds), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
