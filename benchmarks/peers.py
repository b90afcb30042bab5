"""Pairwise aligners to compare with, each run on the same two token (``norm``) sequences.

Every function returns ``(matched, seconds)``: how many tokens it aligns as equal (the size
of its common subsequence) and the wall-clock time.  The diff tools get one token per line;
each distinct token is written as a number, so that equality is exactly ``norm`` equality
whatever characters a token holds.  Their time includes starting the process and reading
the files, as a user would run them (writing the files is not timed).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Sequence

Words = Sequence[str]


def _write_lines(a: Words, b: Words, folder: str) -> tuple[str, str]:
    ids: dict[str, int] = {}
    paths = []
    for name, words in (("a", a), ("b", b)):
        path = os.path.join(folder, name)
        with open(path, "w", encoding="ascii") as f:
            f.write("".join(f"{ids.setdefault(w, len(ids))}\n" for w in words))
        paths.append(path)
    return paths[0], paths[1]


def gnu_diff(a: Words, b: Words) -> tuple[int, float]:
    """GNU ``diff`` (Myers with its default heuristics): matched = lines kept."""
    with tempfile.TemporaryDirectory() as d:
        pa, pb = _write_lines(a, b, d)
        t0 = time.perf_counter()
        out = subprocess.run(["diff", pa, pb], capture_output=True, text=True, check=False)
        dt = time.perf_counter() - t0
    deleted = sum(1 for line in out.stdout.splitlines() if line.startswith("<"))
    return len(a) - deleted, dt


def git_diff(a: Words, b: Words, algorithm: str = "histogram") -> tuple[int, float]:
    """``git diff --no-index --diff-algorithm=ALGORITHM`` (``--numstat``)."""
    with tempfile.TemporaryDirectory() as d:
        pa, pb = _write_lines(a, b, d)
        cmd = ["git", "diff", "--no-index", "--numstat", f"--diff-algorithm={algorithm}", pa, pb]
        t0 = time.perf_counter()
        out = subprocess.run(cmd, capture_output=True, text=True, check=False)
        dt = time.perf_counter() - t0
    fields = out.stdout.split()
    deleted = int(fields[1]) if len(fields) > 1 else 0
    return len(a) - deleted, dt


def difflib_matcher(a: Words, b: Words) -> tuple[int, float]:
    """``difflib.SequenceMatcher(None, a, b, autojunk=False)`` (not an LCS: a heuristic)."""
    import difflib

    t0 = time.perf_counter()
    blocks = difflib.SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks()
    dt = time.perf_counter() - t0
    return sum(blk.size for blk in blocks), dt


def rapidfuzz_lcs(a: Words, b: Words) -> tuple[int, float]:
    """An exact LCS: rapidfuzz's ``Indel.editops`` on the tokens' hashes (bit-parallel)."""
    from rapidfuzz.distance import Indel

    t0 = time.perf_counter()
    ha, hb = [hash(w) for w in a], [hash(w) for w in b]
    ops = Indel.editops(ha, hb)
    dt = time.perf_counter() - t0
    deleted = sum(1 for op in ops if op.tag == "delete")
    return len(a) - deleted, dt


def available(tool: str) -> bool:
    return shutil.which(tool) is not None
