"""``python -m benchmarks``: run the benchmarks, print a table, optionally write Markdown.

Options: ``--quick`` (skip the slowest collatex runs), ``--markdown PATH`` (write the results
table there), ``--collatex-timeout S`` and ``--collatex-memory MB`` (caps for collatex runs).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from . import pairwise
from ._runs import exponent

ROOT = Path(__file__).resolve().parents[1]


def _peak_mib(pid: int) -> float | None:
    """A running process's peak resident memory (Linux ``VmHWM``), in MiB."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def run(case: str, engine: str, timeout: float, mem_mb: int | None = None) -> dict[str, Any]:
    """One measurement in a fresh interpreter; a timeout or crash becomes an ``error``."""
    cmd = [sys.executable, "-m", "benchmarks.worker", case, engine]
    if mem_mb:
        cmd.append(str(mem_mb))
    t0 = time.perf_counter()
    with subprocess.Popen(
        cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    ) as proc:
        try:
            stdout, stderr = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            peak = _peak_mib(proc.pid)
            proc.kill()
            proc.communicate()
            out: dict[str, Any] = {
                "case": case,
                "engine": engine,
                "error": f"stopped after {timeout:.0f} s",
            }
            if peak is not None:
                out["peak_rss_mib"] = peak
            return out
    lines = [ln for ln in stdout.splitlines() if ln.startswith("{")]
    if proc.returncode != 0 or not lines:
        tail = (stderr.strip().splitlines() or ["no output"])[-1]
        return {
            "case": case,
            "engine": engine,
            "error": f"exit {proc.returncode} after {time.perf_counter() - t0:.0f} s: {tail}"[:200],
        }
    result: dict[str, Any] = json.loads(lines[-1])
    return result


def fmt_s(r: dict[str, Any]) -> str:
    return f"{r['seconds']:.3f}" if "seconds" in r else f"— ({r.get('error', '?')})"


def fmt_mem(r: dict[str, Any]) -> str:
    """Peak RSS of the run, and in brackets the part the input (witnesses) already took."""
    if "peak_rss_mib" not in r:
        return "—"
    if "input_rss_mib" in r:
        return f"{r['peak_rss_mib']:.0f} ({r['input_rss_mib']:.0f})"
    return f"{r['peak_rss_mib']:.0f}"


PAIR_CASES = [c for c in pairwise.CASES if "-scale-" not in c]
PEER_ORDER = ("gnu-diff", "git-histogram", "difflib", "rapidfuzz-lcs")


def _peer_cell(r: dict[str, Any]) -> str:
    if "seconds" not in r:
        return "—"
    return f"{r['matched']:,} / {r['seconds']:.3f}"


def pairwise_tables() -> list[str]:
    """Matched tokens against GNU diff, transpositions, time against git diff (Markdown)."""
    lines = [
        "| case | tokens (A / B) | matched | GNU diff matched | ratio | transpositions (expected) "
        "| pairwise s | collate() s | git histogram s | x git | GNU diff s "
        "| git histogram matched / s | difflib matched / s | rapidfuzz LCS matched / s |",
        "|" + "---|" * 14,
    ]
    print(lines[0], flush=True)
    for case in PAIR_CASES:
        _, _, expected = pairwise.CASES[case]
        nat = run(case, "native", 900)
        peer = {p: run(case, p, 900) for p in PEER_ORDER}
        gd, gh = peer.get("gnu-diff", {}), peer.get("git-histogram", {})
        ratio = (
            f"{nat['matched'] / gd['matched']:.4f}"
            if "matched" in nat and gd.get("matched")
            else "—"
        )
        x_git = (
            f"{nat['seconds'] / gh['seconds']:.1f}" if "seconds" in nat and "seconds" in gh else "—"
        )
        cells = [
            case,
            "{:,} / {:,}".format(*nat.get("tokens", [0, 0])),
            f"{nat.get('matched', '—'):,}" if "matched" in nat else fmt_s(nat),
            f"{gd['matched']:,}" if "matched" in gd else "—",
            ratio,
            f"{nat.get('transpositions', '—')} ({'—' if expected is None else expected})",
            f"{nat['seconds']:.3f}" if "seconds" in nat else "—",
            f"{nat['collate_seconds']:.3f}" if "collate_seconds" in nat else "—",
            f"{gh['seconds']:.3f}" if "seconds" in gh else "—",
            x_git,
            f"{gd['seconds']:.3f}" if "seconds" in gd else "—",
            *(_peer_cell(peer.get(p, {})) for p in ("git-histogram", "difflib", "rapidfuzz-lcs")),
        ]
        line = "| " + " | ".join(cells) + " |"
        lines.append(line)
        print(line, flush=True)
    return lines


def scaling(lines: list[str]) -> list[str]:
    """The scaling series: time against size, fitted exponents (appends a table to ``lines``)."""
    lines += [
        "",
        "| series | tokens (A + B) | matched / GNU diff | transpositions | pairwise s | collate() s | git histogram s | x git |",
        "|" + "---|" * 8,
    ]
    fits: list[str] = []
    for prefix, (what, _) in pairwise.SERIES.items():
        pts_pair: list[tuple[float, float]] = []
        pts_whole: list[tuple[float, float]] = []
        for n in pairwise.SIZES:
            case = f"{prefix}-scale-{n}"
            nat = run(case, "native", 900)
            gd, gh = run(case, "gnu-diff", 900), run(case, "git-histogram", 900)
            toks = sum(nat.get("tokens", [0]))
            ratio = (
                f"{nat['matched'] / gd['matched']:.4f}"
                if "matched" in nat and gd.get("matched")
                else "—"
            )
            x_git = (
                f"{nat['seconds'] / gh['seconds']:.1f}"
                if "seconds" in nat and "seconds" in gh
                else "—"
            )
            line = (
                f"| {what} | {toks:,} | {ratio} | {nat.get('transpositions', '—')} | "
                f"{nat.get('seconds', float('nan')):.3f} | {nat.get('collate_seconds', float('nan')):.3f} | "
                f"{gh.get('seconds', float('nan')):.3f} | {x_git} |"
            )
            lines.append(line)
            print(line, flush=True)
            if "seconds" in nat:
                pts_pair.append((toks, nat["seconds"]))
                pts_whole.append((toks, nat["collate_seconds"]))
        if len(pts_pair) >= 2:
            fits.append(
                f"{what}: pairwise alignment time grows as tokens^{exponent(pts_pair):.2f}, "
                f"collate() as tokens^{exponent(pts_whole):.2f} "
                f"({pts_pair[0][0]:,.0f} to {pts_pair[-1][0]:,.0f} tokens)"
            )
    return fits


def collatex_darwin_and_synthetic(args: argparse.Namespace, row: Callable[..., None]) -> None:
    """Darwin's six editions (both engines) and the synthetic multi-witness cases."""
    nat = run("darwin", "native", 600)
    size = "6 x ~" + f"{sum(nat.get('tokens', [0])) // max(1, len(nat.get('tokens', [1]))):,}"
    row(
        "darwin",
        "native",
        size,
        fmt_s(nat),
        fmt_mem(nat),
        "",
        nat.get("agreements", "—"),
        nat.get("columns", "—"),
    )
    if not args.quick:
        cx = run("darwin", "collatex", args.darwin_timeout, args.collatex_memory)
        row(
            "darwin",
            "collatex",
            size,
            fmt_s(cx),
            fmt_mem(cx),
            "",
            cx.get("agreements", "—"),
            cx.get("columns", "—"),
        )
    # synthetic multi-witness, native only
    for case, size in (("syn-2x1000000", "2 x 1,000,000"), ("syn-10x100000", "10 x 100,000")):
        r = run(case, "native", 600)
        row(
            case,
            "native",
            size,
            fmt_s(r),
            fmt_mem(r),
            "",
            r.get("agreements", "—"),
            r.get("columns", "—"),
        )


def main() -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks")
    ap.add_argument(
        "--quick", action="store_true", help="skip collatex at 2,000 tokens and on Darwin"
    )
    ap.add_argument("--markdown", type=Path, help="write the results as Markdown here")
    ap.add_argument(
        "--pairwise-only",
        action="store_true",
        help="only the pairwise cases against the diff tools, and the scaling series",
    )
    ap.add_argument("--collatex-timeout", type=float, default=600.0, help="seconds per run")
    ap.add_argument(
        "--darwin-timeout", type=float, default=300.0, help="seconds, collatex on Darwin"
    )
    ap.add_argument("--collatex-memory", type=int, default=8000, help="MiB of address space")
    args = ap.parse_args()

    load0 = os.getloadavg()[0]
    rows: list[list[str]] = []
    notes: list[str] = []

    def row(*cells: object) -> None:
        rows.append([str(c) for c in cells])
        print(" | ".join(str(c) for c in cells), flush=True)

    print(
        "case | engine | witnesses x tokens | seconds | peak RSS MiB (input) | ratio | agreements | columns"
    )
    # 1. real text, both engines
    for n in () if args.pairwise_only else (500, 1000, 2000):
        case = f"real-{n}"
        nat = run(case, "native", 600)
        if args.quick and n == 2000:
            cx: dict[str, Any] = {"error": "skipped (--quick)"}
        else:
            cx = run(case, "collatex", args.collatex_timeout, args.collatex_memory)
        size = f"3 x {n:,}"
        ratio = (
            f"{cx['seconds'] / nat['seconds']:,.0f}x"
            if "seconds" in cx and "seconds" in nat
            else "—"
        )
        row(
            case,
            "native",
            size,
            fmt_s(nat),
            fmt_mem(nat),
            ratio,
            nat.get("agreements", "—"),
            nat.get("columns", "—"),
        )
        row(
            case,
            "collatex",
            size,
            fmt_s(cx),
            fmt_mem(cx),
            "1x",
            cx.get("agreements", "—"),
            cx.get("columns", "—"),
        )
        if "agreements" in cx and "agreements" in nat:
            verdict = "same or better" if nat["agreements"] >= cx["agreements"] else "WORSE"
            notes.append(
                f"{case}: native aligns {nat['agreements']} agreeing token pairs in "
                f"{nat['columns']} columns, collatex {cx['agreements']} in {cx['columns']} ({verdict})."
            )
    if not args.pairwise_only:
        collatex_darwin_and_synthetic(args, row)
    pair_lines = pairwise_tables()
    fits = scaling(pair_lines)

    for line in notes + fits:
        print(line)
    if args.markdown:
        header = "| case | engine | witnesses x tokens | seconds | peak RSS MiB (input) | ratio / note | agreements | columns |"
        lines = [
            f"Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} on {platform.machine()} "
            f"({os.cpu_count()} CPUs, load average {load0:.1f} at the start, {os.getloadavg()[0]:.1f} at the end), "
            f"Python {platform.python_version()}, `python -m benchmarks`.",
            "",
            header,
            "|" + "---|" * 8,
            *("| " + " | ".join(r) + " |" for r in rows),
            "",
            *(f"- {ln}" for ln in notes),
            "",
            *pair_lines,
            "",
            *(f"- {ln}" for ln in fits),
            "",
        ]
        args.markdown.write_text("\n".join(lines), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
