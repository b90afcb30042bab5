"""collate_many: sequential vs a local process pool vs a Dask LocalCluster, same 47 jobs.

The jobs are the 47 paragraphs of Darwin's *Origin*, chapter 1, each collated across its
editions (``benchmarks/data/darwin_origin_ch1_paragraphs.json.gz``, CollateX's data set; ``--data``
takes that file or an uncompressed one).  Two workloads:

* ``collate``: the witnesses are read in this process, the workers only align (the
  witnesses travel to them and the collations back, pickled);
* ``read + collate``: the workers get loaders (``functools.partial(load_text, ...)``) and
  tokenize, normalize and align; only the text travels to them.

  The same on the pool with a per-job ``timeout``, which keeps only one job per worker in
  flight (so that a job's clock starts when it does): what that costs.

* ``collatex engine``: the first ``--collatex-jobs`` paragraphs aligned by the collatex
  package, a CPU-heavy job (about a second each) of the kind that parallelism is for.

Each figure is the best of ``--repeat`` runs (one run for the collatex workload), with the CPU
time the calling process spent in that run (for the parallel runs: dispatching, pickling and
unpickling, the part that does not parallelize; it depends little on other load); the pool's figure includes starting it, the
cluster's does not (its start is reported separately: a cluster is started once per session).
Every result is checked against the sequential one.

Run: ``python -m benchmarks.bench_many [--repeat 3] [--workers N] [--json]``.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from witnesscollate import Collation, collate, collate_many, load_text
from witnesscollate.alignment.many import default_workers

DARWIN = Path(__file__).resolve().parent / "data" / "darwin_origin_ch1_paragraphs.json.gz"


def _fingerprint(c: Collation) -> Any:
    return (
        c.sigla,
        tuple(
            tuple(tuple(t.text + t.ws for t in cell.tokens) for cell in col.cells)
            for col in c.columns
        ),
    )


def _best(fn: Callable[[], dict[Any, Any]], repeat: int) -> tuple[float, float, dict[Any, Any]]:
    """Best wall-clock time, the caller's CPU time in that run, and the results."""
    best, cpu, result = float("inf"), 0.0, {}
    for _ in range(repeat):
        started, started_cpu = time.perf_counter(), time.process_time()
        result = fn()
        wall = time.perf_counter() - started
        if wall < best:
            best, cpu = wall, time.process_time() - started_cpu
    return best, cpu, result


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print a Markdown table (or JSON with ``--json``)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--workers", type=int, default=default_workers())
    parser.add_argument("--data", type=Path, default=DARWIN)
    parser.add_argument(
        "--collatex-jobs",
        type=int,
        default=12,
        help="paragraphs for the CPU-heavy workload (engine='collatex'; 0 to skip)",
    )
    parser.add_argument("--json", action="store_true", help="print JSON instead of Markdown")
    args = parser.parse_args(argv)

    raw = args.data.read_bytes()
    if args.data.suffix == ".gz":
        raw = gzip.decompress(raw)
    paragraphs = json.loads(raw.decode("utf-8"))["paragraphs"]
    texts = [
        (f"p{i:02d}", [(w["id"], w["content"]) for w in p["witnesses"]])
        for i, p in enumerate(paragraphs, start=1)
    ]
    loaded = [(j, [load_text(s, t) for s, t in ws]) for j, ws in texts]
    loaders = [(j, [partial(load_text, s, t) for s, t in ws]) for j, ws in texts]
    tokens = sum(len(w.tokens) for _, ws in loaded for w in ws)

    def sequential_collate() -> dict[Any, Any]:
        return {j: _fingerprint(collate(ws)) for j, ws in loaded}

    def sequential_read() -> dict[Any, Any]:
        return {j: _fingerprint(collate([load_text(s, t) for s, t in ws])) for j, ws in texts}

    def many(jobs: list[Any], **kw: Any) -> Callable[[], dict[Any, Any]]:
        return lambda: {r.id: _fingerprint(r.collation) for r in collate_many(jobs, **kw)}

    rows: list[dict[str, Any]] = []

    references: dict[str, dict[Any, Any]] = {}
    heavy = loaded[: args.collatex_jobs]
    heavy_name = f"collatex engine, {len(heavy)} jobs"

    def record(workload: str, where: str, fn: Callable[[], dict[Any, Any]]) -> None:
        seconds, cpu, result = _best(fn, 1 if workload == heavy_name else args.repeat)
        reference = references.setdefault(workload.split(",")[0].replace("read + ", ""), result)
        assert result == reference, f"{workload} / {where}: results differ from sequential"
        rows.append(
            {
                "workload": workload,
                "where": where,
                "seconds": round(seconds, 3),
                "caller_cpu_seconds": round(cpu, 3),
            }
        )

    def sequential_heavy() -> dict[Any, Any]:
        return {j: _fingerprint(collate(ws, engine="collatex")) for j, ws in heavy}

    record("collate", "sequential", sequential_collate)
    record("collate", f"process pool ({args.workers} workers)", many(loaded, workers=args.workers))
    record("read + collate", "sequential", sequential_read)
    record(
        "read + collate",
        f"process pool ({args.workers} workers)",
        many(loaders, workers=args.workers),
    )
    # a per-job timeout hands out one job per worker at a time (no queue ahead of a worker)
    record(
        "read + collate",
        f"process pool ({args.workers} workers), timeout=600",
        many(loaders, workers=args.workers, timeout=600),
    )
    if heavy:
        record(heavy_name, "sequential", sequential_heavy)
        pool = f"process pool ({args.workers} workers)"
        record(heavy_name, pool, many(heavy, workers=args.workers, engine="collatex"))
    cluster_start = None
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        print("dask.distributed is not installed: no LocalCluster figures", file=sys.stderr)
    else:
        started = time.perf_counter()
        with (
            LocalCluster(
                n_workers=args.workers,
                processes=True,
                threads_per_worker=1,
                dashboard_address=None,
            ) as cluster,
            Client(cluster) as client,
        ):
            cluster_start = round(time.perf_counter() - started, 3)
            where = f"Dask LocalCluster ({args.workers} worker processes)"
            record("collate", where, many(loaded, executor=client))
            record("read + collate", where, many(loaders, executor=client))
            if heavy:
                record(heavy_name, where, many(heavy, executor=client, engine="collatex"))

    base = {r["workload"]: r["seconds"] for r in rows if r["where"] == "sequential"}
    for r in rows:
        r["speed-up"] = round(base[r["workload"]] / r["seconds"], 2)
    meta = {
        "jobs": len(texts),
        "witnesses": sum(len(ws) for _, ws in texts),
        "tokens": tokens,
        "cores": os.cpu_count(),
        "affinity": default_workers(),
        "repeat": args.repeat,
        "cluster_start_seconds": cluster_start,
        "python": sys.version.split()[0],
        # other work on the machine skews parallel figures most: report it with them
        "load_average_1min": round(os.getloadavg()[0], 2),
    }
    if args.json:
        print(json.dumps({"meta": meta, "rows": rows}, indent=2))
        return 0
    print(
        f"collate_many on {meta['jobs']} jobs ({meta['witnesses']} witnesses, {tokens:,} tokens), "
        f"{meta['affinity']} cores, best of {args.repeat}, load average "
        f"{meta['load_average_1min']} at the end"
    )
    print()
    print("| workload | where | seconds | speed-up | CPU in the caller (s) |")
    print("|---|---|---:|---:|---:|")
    for r in sorted(rows, key=lambda r: (r["workload"], r["where"] != "sequential")):
        print(
            f"| {r['workload']} | {r['where']} | {r['seconds']:.3f} | {r['speed-up']:.2f}× "
            f"| {r['caller_cpu_seconds']:.3f} |"
        )
    if cluster_start is not None:
        print(f"\nLocalCluster start-up (not included above): {cluster_start:.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
