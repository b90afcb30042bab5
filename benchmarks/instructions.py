"""``python -m benchmarks.instructions [--src DIR] [--format html] [--witnesses 10] [--size 5000]
[--renders 100]``: machine instructions per ``render()``, counted by Valgrind's callgrind.

CPU time on a shared host swings by a tenth from run to run, more than most changes to a
writer save; the count of instructions does not.  Each count runs a fresh interpreter
(``PYTHONHASHSEED=0``) under ``valgrind --tool=callgrind`` that builds the apparatus of
``--witnesses`` generated texts of ``--size`` tokens (:func:`benchmarks.stages.texts`),
renders it once, then ``--renders`` times more; a second run renders it once only, and the
difference over ``--renders`` is the cost of one render, the building left out.  What is
left of the interpreter's own variation (addresses, the id of a record as a key) is about
0.2 % at 100 renders.

``--src DIR`` puts another tree's ``src`` first on the path, to compare two versions::

    git archive main src | tar -x -C /tmp/main
    python -m benchmarks.instructions --src /tmp/main/src
    python -m benchmarks.instructions

Needs ``valgrind`` (not a dependency of the project); a count takes a few minutes.
"""

from __future__ import annotations

import argparse
import gc
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _child(fmt: str, witnesses: int, size: int, renders: int) -> None:
    from witnesscollate import apparatus, collate, load_text, render

    from .stages import texts

    gc.disable()
    app = apparatus(
        collate([load_text(f"W{k + 1}", t) for k, t in enumerate(texts(witnesses, size))])
    )
    render(app, fmt)  # (the first render's imports and caches: in both counts)
    for _ in range(renders):
        render(app, fmt)
    print(Path(sys.modules["witnesscollate"].__file__ or "?").parent.parent)  # (the tree counted)


def _count(src: Path | None, args: argparse.Namespace, renders: int) -> tuple[int, str]:
    """The instructions of one child run, and the source tree it imported."""
    env = dict(os.environ, PYTHONHASHSEED="0")
    if src is not None:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(src), env.get("PYTHONPATH")]))
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [
            "valgrind",
            "--tool=callgrind",
            f"--callgrind-out-file={tmp}/out",
            sys.executable,
            "-m",
            "benchmarks.instructions",
            "--child",
            f"--format={args.format}",
            f"--witnesses={args.witnesses}",
            f"--size={args.size}",
            f"--renders={renders}",
        ]
        proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    found = re.search(r"Collected : (\d+)", proc.stderr)
    if proc.returncode or found is None:
        sys.exit(f"callgrind failed: {(proc.stderr.strip().splitlines() or ['?'])[-1]}")
    return int(found.group(1)), (proc.stdout.strip().splitlines() or ["?"])[-1]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.instructions", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--src", help="a source tree to put first on the path")
    parser.add_argument("--format", default="html")
    parser.add_argument("--witnesses", type=int, default=10)
    parser.add_argument("--size", type=int, default=5000)
    parser.add_argument("--renders", type=int, default=100)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        _child(args.format, args.witnesses, args.size, args.renders)
        return
    if args.renders < 1 or args.witnesses < 2 or args.size < 1:
        parser.error("--renders and --size must be at least 1, --witnesses at least 2")
    # (the child runs in the project's folder: a relative path is made whole here, and one
    # that holds no package is refused, lest this tree be counted under its name)
    src = Path(args.src).resolve() if args.src else None
    if src is not None and not (src / "witnesscollate" / "__init__.py").is_file():
        parser.error(f"--src {args.src}: no witnesscollate package in {src}")
    if shutil.which("valgrind") is None:
        sys.exit("valgrind is not installed: this benchmark counts instructions with it")
    many, tree = _count(src, args, args.renders)
    none, _ = _count(src, args, 0)
    per = (many - none) / args.renders
    print(
        f"{args.format} at {args.witnesses} x {args.size}: {per / 1e6:.2f} M instructions "
        f"per render ({args.renders} renders; the tree in {tree})"
    )


if __name__ == "__main__":
    main()
