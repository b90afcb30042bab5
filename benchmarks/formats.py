"""``python -m benchmarks.formats``: every output format and every reader, at book length.

Issue 17 wants every format linear (time ~ tokens^k, k <= 1.1 from 10k to 1M tokens).
:mod:`benchmarks.stages` times the pipeline and four writers; this times all the rest, for
two witnesses (:func:`benchmarks.stages.texts`; ``--witnesses N`` for more) of 10,000,
100,000 and 1,000,000 tokens:

- the apparatus in every format that takes one (``render``; for ``tei-standoff`` the
  apparatus document alone), the JSON and the HTML page as ``write`` makes them (their
  bytes, written to a file a unit or a stretch at a time: ``json_chunks`` and
  ``html_chunks``),
  and the standoff folder (the apparatus and each witness's anchored copy, as ``write``
  makes them: ``standoff_files``);
- the collation in every format that takes one (``render(collation, fmt)``; ``svg`` runs
  Graphviz's ``dot``), and its variant graph (``networkx``);
- the alteration report along the chain W1 > W2 (> W3 ... with more witnesses) in its four
  formats, and its JSON as ``write`` makes it (written to a file as it is made);
- the DataFrames (if pandas is installed) and the Jupyter ``_repr_html_`` of all three;
- the readers, on what the writers made of the same texts: the TEI apparatus read back as
  parallel segmentation, the CollateX JSON alignment table (as a collation and as
  witnesses), CollateX JSON input (``content`` and ``tokens``), and the standoff apparatus
  (its units, and its lemmata).

Each size runs in a fresh interpreter that builds the records once, runs every case once on
a short text (so that no first import is timed), then reports each case as it finishes: CPU
seconds (``time.process_time``, and its children's: ``svg`` runs ``dot``; the garbage
collector paused), the best of 3 below a million tokens, 1 at a million.  A case that takes longer than ``--timeout``
seconds has its interpreter killed and is reported as a timeout (the next cases go on in a
new one); at 1M a case runs only if its 100k time times 10^k (k its 10k->100k exponent, at
least 1) fits in the timeout.  The table gives seconds per million base tokens, the
exponents 10k->100k and 100k->1M, and, at the largest size a case ran at, its output's bytes
per base token and the rate it was written at (MB/s): a writer's time follows its output,
which grows with the witnesses; and the kernel's part of the time at that size (``system
s/M``: mostly page faults on the first touch of fresh memory, which swing with the
machine's state; the writer's own work is the rest).

``python -m benchmarks.formats ["collation graphml" ...] [--sizes 10000 100000]``: cases
(default: all) before the options.
"""

from __future__ import annotations

import argparse
import gc
import itertools
import json
import math
import os
import resource
import select
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ._runs import exponent

ROOT = Path(__file__).resolve().parents[1]
SIZES = [10_000, 100_000, 1_000_000]
APPARATUS = ["tei", "json", "markdown", "csv", "html", "reledmac", "ekdosis", "tei-standoff"]
COLLATION = ["collatex-json", "json", "table-csv", "table-json", "html", "graphml", "dot", "svg"]
REPORT = ["markdown", "html", "json", "csv"]
CASES = (
    [f"apparatus {f}" for f in APPARATUS]
    + ["apparatus write json", "apparatus write html", "apparatus write tei-standoff"]
    + [f"collation {f}" for f in COLLATION]
    + ["collation variant_graph"]
    + ["alterations()"]
    + [f"report {f}" for f in REPORT]
    + ["report write json"]
    + ["dataframe apparatus long", "dataframe apparatus wide", "dataframe report"]
    + ["dataframe collation vertical", "dataframe collation horizontal"]
    + ["repr_html apparatus", "repr_html collation", "repr_html report"]
    + ["read parallel segmentation", "read collatex alignment", "read collatex table"]
    + ["read collatex content", "read collatex tokens"]
    + ["read standoff", "read standoff lemmata"]
)


class _Records:
    """The records of one size, and the inputs the readers take, made on first use."""

    def __init__(self, n: int, count: int = 2) -> None:
        from witnesscollate import apparatus, collate, load_text

        from .stages import texts

        self.sources = texts(count, n)
        self.witnesses = [load_text(f"W{k + 1}", t) for k, t in enumerate(self.sources)]
        self.collation = collate(self.witnesses)
        self.apparatus = apparatus(self.collation)
        self.base = len(self.apparatus.base_witness.tokens)
        self._report: Any = None
        self._inputs: dict[str, Any] = {}
        self.tmp = Path(tempfile.mkdtemp(prefix="wc-formats-"))

    def alterations(self) -> Any:
        """The alteration report along the chain W1 > W2 (> W3 ...: every witness; made
        anew: a timed case)."""
        from witnesscollate import alterations

        return alterations(self.apparatus, [w.siglum for w in self.witnesses])

    @property
    def report(self) -> Any:
        if self._report is None:
            self._report = self.alterations()
        return self._report

    def input(self, name: str) -> Any:
        """A reader's input, made once (not timed)."""
        if name not in self._inputs:
            from witnesscollate import render, write

            if name == "tei":
                self._inputs[name] = render(self.apparatus, "tei").encode()
            elif name == "collatex":
                self._inputs[name] = render(self.collation, "collatex-json")
            elif name == "content":
                self._inputs[name] = json.dumps(
                    {"witnesses": [{"id": w.siglum, "content": w.text} for w in self.witnesses]}
                )
            elif name == "tokens":
                self._inputs[name] = json.dumps(
                    {
                        "witnesses": [
                            {
                                "id": w.siglum,
                                "tokens": [{"t": t.text + t.ws, "n": t.norm} for t in w.tokens],
                            }
                            for w in self.witnesses
                        ]
                    }
                )
            elif name == "standoff":
                folder = write(self.apparatus, self.tmp / "standoff", "tei-standoff")
                self._inputs[name] = folder / "apparatus.xml"
        return self._inputs[name]


def _case(r: _Records, case: str) -> tuple[Callable[[], Any], Callable[[], Any]]:
    """``(setup, timed)``: the input made untimed, and the call timed on it."""
    from witnesscollate import render, write
    from witnesscollate.api import dataframe
    from witnesscollate.reading import load_collatex_alignment, load_collatex_json
    from witnesscollate.reading.parallel_segmentation import read_parallel_segmentation
    from witnesscollate.reading.standoff import read_standoff, read_standoff_lemmata
    from witnesscollate.rendering.graph import variant_graph

    kind, _, rest = case.partition(" ")
    if kind == "apparatus" and rest == "write json":
        return lambda: None, lambda: write(r.apparatus, r.tmp / "a.json", "json")
    if kind == "apparatus" and rest == "write html":
        return lambda: None, lambda: write(r.apparatus, r.tmp / "a.html", "html")
    if kind == "apparatus" and rest == "write tei-standoff":
        from witnesscollate.rendering.options import TEIStandoffOptions
        from witnesscollate.rendering.tei_standoff import standoff_files

        return lambda: None, lambda: standoff_files(r.apparatus, TEIStandoffOptions())
    if kind == "apparatus":
        return lambda: None, lambda: render(r.apparatus, rest)
    if kind == "collation" and rest == "variant_graph":
        return lambda: None, lambda: variant_graph(r.collation)
    if kind == "collation":
        return lambda: None, lambda: render(r.collation, rest)
    if kind == "alterations()":
        return lambda: None, r.alterations
    if kind == "report" and rest == "write json":
        return (lambda: r.report), lambda: write(r.report, r.tmp / "r.json", "json")
    if kind == "report":
        return (lambda: r.report), lambda: render(r.report, rest)
    if kind == "dataframe":
        what, _, how = rest.partition(" ")
        if what == "apparatus":
            return lambda: None, lambda: dataframe(r.apparatus, form=how)
        if what == "report":
            return (lambda: r.report), lambda: dataframe(r.report)
        return lambda: None, lambda: dataframe(r.collation, layout=how)
    if kind == "repr_html":
        if rest == "report":
            return (lambda: r.report), lambda: r.report._repr_html_()
        obj = r.apparatus if rest == "apparatus" else r.collation
        return lambda: None, obj._repr_html_
    if rest == "parallel segmentation":
        return (lambda: r.input("tei")), lambda: read_parallel_segmentation(r.input("tei"))
    if rest == "collatex alignment":
        return (lambda: r.input("collatex")), lambda: load_collatex_alignment(r.input("collatex"))
    if rest.startswith("collatex"):
        name = {"table": "collatex", "content": "content", "tokens": "tokens"}[rest.split()[1]]
        return (lambda: r.input(name)), lambda: load_collatex_json(r.input(name))
    if rest == "standoff":
        return (lambda: r.input("standoff")), lambda: read_standoff(r.input("standoff"))
    if rest == "standoff lemmata":
        return (lambda: r.input("standoff")), lambda: read_standoff_lemmata(r.input("standoff"))
    raise SystemExit(f"unknown case {case!r}")


def _size(out: Any) -> int:
    """The output's size in bytes (a text's as UTF-8), for its bytes per base token and the
    rate it was written at."""
    if isinstance(out, str):
        return len(out.encode("utf-8", "surrogatepass"))
    if isinstance(out, bytes):
        return len(out)
    if isinstance(out, dict) and all(isinstance(v, str | bytes) for v in out.values()):
        return sum(map(_size, out.values()))  # the standoff's files, by name
    if isinstance(out, Path):  # a file, or a folder: its files
        files = out.rglob("*") if out.is_dir() else [out]
        return sum(f.stat().st_size for f in files if f.is_file())
    return 0


def _cpu() -> float:
    """CPU seconds of this process and its children (``svg`` runs ``dot``)."""
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + kids.ru_utime + kids.ru_stime


def _system() -> float:
    """The part of :func:`_cpu` the kernel spent for the process and its children: mostly
    the first touch of fresh memory (page faults), which swings with the machine's state."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_stime + kids.ru_stime


def child(n: int, cases: list[str], count: int = 2) -> None:
    """One size in this process: a line ``{"ready": s}``, then one JSON line per case."""
    t0 = time.process_time()
    r = _Records(n, count)
    # every case once on a short text first: the modules a case imports when first used
    # (pandas, jinja2, networkx) would otherwise count in the single run at 1M
    small = _Records(300, count)
    for case in cases:
        try:
            setup, timed = _case(small, case)
            setup()
            timed()
        except Exception:  # reported in the timed run
            pass
    print(json.dumps({"ready": time.process_time() - t0, "base": r.base}), flush=True)
    runs = 3 if n < 1_000_000 else 1
    for case in cases:
        try:
            setup, timed = _case(r, case)
            setup()
            best = math.inf
            size = 0
            system = 0.0
            for _ in range(runs):
                gc.collect()
                gc.disable()
                s0, t0 = _system(), _cpu()
                out = timed()
                t, s = _cpu() - t0, _system() - s0
                gc.enable()
                if t < best:
                    best, system = t, s
                size = _size(out)
                del out
            line: dict[str, Any] = {"case": case, "t": best, "sys": system, "size": size}
        except Exception as exc:  # a missing extra, a missing program: reported, not fatal
            line = {"case": case, "error": f"{type(exc).__name__}: {exc}"[:120]}
        print(json.dumps(line), flush=True)


def _readline(proc: subprocess.Popen[str], timeout: float) -> str | None:
    assert proc.stdout is not None
    ready, _, _ = select.select([proc.stdout], [], [], timeout)
    if not ready:
        return None
    return proc.stdout.readline()


def run_size(
    n: int, cases: list[str], timeout: float, count: int = 2
) -> tuple[int, dict[str, dict[str, Any]]]:
    """Every case at one size, in fresh interpreters (a new one after a timeout)."""
    results: dict[str, dict[str, Any]] = {}
    base = 0
    todo = list(cases)
    while todo:
        cmd = [sys.executable, "-m", "benchmarks.formats", "--child", str(n)]
        cmd += ["--witnesses", str(count), *todo]
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, text=True)
        line = _readline(proc, max(timeout, 900))
        if not line:
            proc.kill()
            proc.wait()
            raise SystemExit(f"{n}: the records were not made in time")
        base = json.loads(line)["base"]
        print(f"# {n}: records made in {json.loads(line)['ready']:.1f} s", file=sys.stderr)
        while todo:
            case = todo[0]
            # a case runs 3 times below 1M: the timeout is for one run
            line = _readline(proc, timeout * (3 if n < 1_000_000 else 1))
            if line is None:
                proc.kill()
                proc.wait()
                results[case] = {"case": case, "error": f"timeout ({timeout:g} s)"}
                print(f"# {n} {case}: timeout", file=sys.stderr)
                todo.pop(0)
                break
            if not line:
                proc.wait()
                results[case] = {"case": case, "error": f"crashed ({proc.returncode})"}
                todo.pop(0)
                break
            got = json.loads(line)
            results[case] = got
            print(f"# {n} {case}: {got.get('t', got.get('error'))}", file=sys.stderr)
            todo.pop(0)
        else:
            proc.wait()
    return base, results


def _k(a: dict[str, Any] | None, b: dict[str, Any] | None, na: int, nb: int) -> float | None:
    if not a or not b or "t" not in a or "t" not in b:
        return None
    return exponent([(na, a["t"]), (nb, b["t"])])


def _output_rate(
    by_size: dict[int, dict[str, dict[str, Any]]],
    bases: dict[int, int],
    sizes: list[int],
    case: str,
) -> list[str]:
    """Bytes per base token and megabytes per second of the case's output at the largest size
    it ran at (blank where it gives no text, bytes or files: a reader's records)."""
    for n in reversed(sizes):
        got = by_size.get(n, {}).get(case, {})
        if "t" in got:
            if not got.get("size") or got["t"] <= 0:
                return ["", ""]
            return [f"{got['size'] / bases[n]:.1f}", f"{got['size'] / got['t'] / 1e6:.0f}"]
    return ["", ""]


def _system_share(
    by_size: dict[int, dict[str, dict[str, Any]]],
    bases: dict[int, int],
    sizes: list[int],
    case: str,
) -> str:
    """The kernel's seconds per million base tokens in the case's best run at the largest
    size it ran at (blank where not measured)."""
    for n in reversed(sizes):
        got = by_size.get(n, {}).get(case, {})
        if "t" in got:
            return f"{got['sys'] / bases[n] * 1e6:.2f}" if "sys" in got else ""
    return ""


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--child", type=int, help=argparse.SUPPRESS)
    p.add_argument("cases", nargs="*", help="cases to run (default: all)")
    p.add_argument("--sizes", type=int, nargs="+", default=SIZES)
    p.add_argument("--witnesses", type=int, default=2, help="how many witnesses (default 2)")
    p.add_argument("--skip", action="append", default=[], help="a case not to run (repeatable)")
    p.add_argument("--timeout", type=float, default=300, help="seconds per case and run")
    p.add_argument("--markdown", type=Path, help="also write the table here")
    p.add_argument("--json", type=Path, help="also write the measurements here")
    a = p.parse_args()
    if a.child:
        child(a.child, a.cases, a.witnesses)
        return
    cases = [c for c in a.cases or CASES if c not in a.skip]
    sizes = sorted(a.sizes)
    by_size: dict[int, dict[str, dict[str, Any]]] = {}
    bases: dict[int, int] = {}
    for i, n in enumerate(sizes):
        todo = list(cases)
        if i >= 2:  # only what the smaller sizes say will fit in the timeout
            m, l_ = sizes[i - 1], sizes[i - 2]
            keep = []
            for c in todo:
                prev = by_size[m].get(c, {})
                k = _k(by_size[l_].get(c), prev, l_, m) or 1.0
                if "t" in prev and prev["t"] * (n / m) ** max(k, 1.0) <= a.timeout:
                    keep.append(c)
                else:
                    by_size.setdefault(n, {})[c] = {"case": c, "error": "skipped (too slow)"}
            todo = keep
        bases[n], measured = run_size(n, todo, a.timeout, a.witnesses)
        by_size.setdefault(n, {}).update(measured)
    head = ["case"] + [f"{n:,} s/M" for n in sizes]
    head += [f"k {x:,}->{y:,}" for x, y in itertools.pairwise(sizes)]
    # what the case made at the largest size it ran at: a writer's time grows with its
    # output, which grows with the witnesses (per base token: cells, sigla, units)
    head += ["bytes/token", "MB/s"]
    # and how much of its time there the kernel took (page faults of fresh memory: a
    # writer's own work is the rest)
    head += ["system s/M"]
    rows = [head, ["---"] * len(head)]
    for c in cases:
        row = [c]
        for n in sizes:
            got = by_size.get(n, {}).get(c, {})
            row.append(f"{got['t'] / bases[n] * 1e6:.2f}" if "t" in got else got.get("error", ""))
        for x, y in itertools.pairwise(sizes):
            slope = _k(by_size.get(x, {}).get(c), by_size.get(y, {}).get(c), x, y)
            row.append("" if slope is None else f"{slope:.2f}")
        row += _output_rate(by_size, bases, sizes, c)
        row.append(_system_share(by_size, bases, sizes, c))
        rows.append(row)
    table = "\n".join("| " + " | ".join(r) + " |" for r in rows)
    print(table)
    if a.json:
        a.json.write_text(json.dumps({str(n): by_size.get(n, {}) for n in sizes}, indent=1))
    if a.markdown:
        a.markdown.write_text(
            f"`python -m benchmarks.formats --witnesses {a.witnesses}` "
            f"({time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())},"
            f" load {os.getloadavg()[0]:.1f})\n\n{table}\n"
        )


if __name__ == "__main__":
    main()
