"""``python -m benchmarks.fingerprint``: SHA-1 of the apparatus and of every writer's output.

A speed change must not change one byte of what a scholar gets.  This prints, for ten
witnesses of 100,000 generated tokens (:func:`benchmarks.stages.texts`) and for Darwin's six
editions, the SHA-1 of the units' ``repr`` and of the TEI, JSON, HTML, reledmac, ekdosis,
Markdown and CSV renderings, each with its CPU time; run it before and after a change (with
``PYTHONHASHSEED=0``: some orders in the output follow set iteration) and compare the lines.
"""

from __future__ import annotations

import hashlib
import sys
import time

from witnesscollate import Witness, apparatus, collate, load_text, render

from . import data
from .stages import texts

FORMATS = ("tei", "json", "html", "reledmac", "ekdosis", "markdown", "csv")


def _ten() -> list[Witness]:
    return [load_text(f"W{k + 1}", t) for k, t in enumerate(texts(10, 100_000))]


def main() -> None:
    cases = {"10x100k": _ten, "darwin": data.darwin_witnesses}
    for name in sys.argv[1:] or cases:
        app = apparatus(collate(cases[name]()))
        out = [name, "units", hashlib.sha1(repr(app.units).encode()).hexdigest()[:10]]
        for fmt in FORMATS:
            t0 = time.process_time()
            rendered = render(app, fmt)
            seconds = time.process_time() - t0
            digest = hashlib.sha1(rendered.encode()).hexdigest()[:10]
            out.append(f"{fmt}={digest}({seconds:.2f}s)")
        print(" ".join(out), flush=True)


if __name__ == "__main__":
    main()
