"""Shared by the benchmarks: one measurement in a fresh interpreter, and the growth fitted
to a series of them."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def run_child(module: str, *args: str) -> dict[str, Any] | str:
    """``python -m module --child args...``: its last line of output as JSON, or, if it
    failed, the last line it wrote to stderr (a fresh interpreter: its peak memory and its
    heap are its own)."""
    cmd = [sys.executable, "-m", module, "--child", *args]
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=False)
    if proc.returncode:
        return (proc.stderr.strip().splitlines() or ["?"])[-1]
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def exponent(points: list[tuple[float, float]]) -> float:
    """Least-squares slope of log(time) against log(size): time ~ size^k."""
    xs = [math.log(x) for x, _ in points]
    ys = [math.log(max(y, 1e-6)) for _, y in points]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    num = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    return num / sum((x - mx) ** 2 for x in xs)
