"""``python -m benchmarks.stages``: the pipeline stage by stage, per token (issue 17).

Each case runs in a fresh interpreter (``--child``), so that its peak memory is its own, and
times (CPU seconds of the process: the machine is shared; the end-to-end figure also as wall
time), in order: loading the witnesses from plain text (``load_text``), ``collate()``,
``apparatus()``, rendering the apparatus as TEI, JSON, HTML and LaTeX (reledmac) (``render``,
the text), writing JSON and HTML to a file (``write``, which encodes them without making
that text), and last, once those records are gone, loading the same texts as TEI
(``load_tei``, reported only):
bare paragraphs, and marked up as a transcription is (a ``<lb/>`` every ten words, some words
in ``<hi>``, ``<supplied>`` or ``<unclear>``).
Beside each stage: µs per token (of all witnesses for loading and collating, of the base text
for the apparatus and the writers), and for loading the bound the issue measures it
against, one ``re.findall`` and a ``hash`` per token over the same text.  Also: the peak
resident memory at the end of the end-to-end pipeline (load, collate, apparatus, TEI) and of
the whole run, and the memory the loaded witnesses hold per token.

The texts are real-like: words from an order-2 model of the English book in the seeds and
Darwin's *Origin* (:func:`benchmarks.data.generated`), in paragraphs of 120 words, each
witness with 1 % realistic edits of its own (another word, a misspelling, an omission, an
addition).

Cases: ``2x100000``, ``2x1000000``, ``10x1000000`` (default: all three; ``--case`` to pick,
``--quick`` for ``2x100000`` only); ``--case 10x100000`` (ten witnesses at a tenth of the
size) only when asked.  ``--markdown FILE`` also writes the table as Markdown.
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import os
import platform
import random
import re
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from ._runs import run_child

ROOT = Path(__file__).resolve().parents[1]
CASES = ["2x100000", "2x1000000", "10x1000000"]
#: Run only when asked (``--case``): ten witnesses at a tenth of the size, for profiling.
MORE_CASES = ["10x100000"]
WRITERS = [("TEI", "tei"), ("JSON", "json"), ("HTML", "html"), ("LaTeX", "reledmac")]
#: The writers timed to a file too (``write()``), whose bytes are not ``render()``'s text
#: encoded after it is made.
FILE_WRITERS = [("JSON", "json"), ("HTML", "html")]
TEI_HEAD = (
    '<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt>'
    "<title>{siglum}</title></titleStmt><publicationStmt><p>generated</p></publicationStmt>"
    "<sourceDesc><p>generated</p></sourceDesc></fileDesc></teiHeader><text><body>\n"
)
TEI_FOOT = "</body></text></TEI>\n"


def texts(count: int, n: int, seed: int = 17) -> list[str]:
    """``count`` witnesses of about ``n`` tokens: generated text, 1 % edits each."""
    from . import data

    rnd = random.Random(seed)
    base = data.generated(n, seed)
    vocab = sorted(set(base))
    out = []
    for k in range(count):
        ws = data.realistic_edit(base, 0.01, vocab, rnd) if k else base
        paras = [" ".join(ws[i : i + 120]) for i in range(0, len(ws), 120)]
        out.append("\n\n".join(paras))
    return out


def _tei(siglum: str, text: str) -> bytes:
    body = "".join(f"<p>{p}</p>\n" for p in text.split("\n\n"))
    body = body.replace("&", "&amp;").replace("<p>", "\x00").replace("</p>", "\x01")
    body = body.replace("<", "&lt;").replace("\x00", "<p>").replace("\x01", "</p>")
    return (TEI_HEAD.format(siglum=siglum) + body + TEI_FOOT).encode()


def _tei_marked(siglum: str, text: str) -> bytes:
    """The text as TEI marked up the way a transcription is: a ``<lb/>`` every ten words (a
    run of its own for each line), and words in ``<hi>`` (1 in 50), partly ``<supplied>`` and
    ``<unclear>`` (1 in 200 each).  Same words and tokens as :func:`_tei`."""
    rnd = random.Random(siglum)
    paras = []
    for para in text.split("\n\n"):
        parts = []
        for i, word in enumerate(para.split(" ")):
            if i and i % 10 == 0:
                parts.append("<lb/>\n")
            r = rnd.random()
            if "&" in word or "<" in word:
                word = word.replace("&", "&amp;").replace("<", "&lt;")
            elif r < 0.02:
                word = f'<hi rend="italic">{word}</hi>'
            elif r < 0.025 and len(word) > 3:
                word = f'{word[:2]}<supplied reason="lost">{word[2:]}</supplied>'
            elif r < 0.03:
                word = f"<unclear>{word}</unclear>"
            parts.append(word + " ")
        paras.append("<p>" + "".join(parts).rstrip() + "</p>\n")
    return (TEI_HEAD.format(siglum=siglum) + "".join(paras) + TEI_FOOT).encode()


def _rss_kib() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * (os.sysconf("SC_PAGE_SIZE") // 1024)


def _peak_kib() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def measure(case: str) -> dict[str, Any]:
    """One case, in this process (run it in a fresh one)."""
    from witnesscollate import apparatus, collate, load_text, render, write
    from witnesscollate.reading.tei import load_tei

    count, n = (int(x) for x in case.split("x"))
    sources = texts(count, n)
    sigla = [f"W{k + 1}" for k in range(count)]
    out: dict[str, Any] = {"case": case}
    # each writer once on a short text, so that no first import or template compilation is
    # timed (the HTML page's templates took 0.07 s: 0.7 µs per base token at 2 x 100k)
    short = apparatus(collate([load_text("A", "a b c d"), load_text("B", "a x c")]))
    with tempfile.TemporaryDirectory() as tmp:
        for _, fmt in WRITERS:
            render(short, fmt)
        for _, fmt in FILE_WRITERS:
            write(short, Path(tmp) / f"short.{fmt}", fmt)
    del short
    gc.collect()

    # bound: one compiled pattern over the whole text, a hash per token
    pattern = re.compile(r"\w+|[^\w\s]")
    c0 = time.process_time()
    found = 0
    for text in sources:
        toks = pattern.findall(text)
        for tok in toks:
            hash(tok)
        found += len(toks)
        del toks
    out["bare_s"] = time.process_time() - c0

    rss0 = _rss_kib()
    wall0 = time.perf_counter()
    t0 = time.process_time()
    witnesses = [load_text(s, t) for s, t in zip(sigla, sources, strict=True)]
    out["load_text_s"] = time.process_time() - t0
    gc.collect()
    out["bytes_per_token_loaded"] = (_rss_kib() - rss0) * 1024 / sum(len(w) for w in witnesses)
    out["tokens"] = sum(len(w) for w in witnesses)
    out["base_tokens"] = len(witnesses[0])
    out["bare_tokens"] = found

    t0 = time.process_time()
    collation = collate(witnesses)
    out["collate_s"] = time.process_time() - t0
    out["columns"] = len(collation.columns)

    t0 = time.process_time()
    app = apparatus(collation)
    out["apparatus_s"] = time.process_time() - t0
    out["units"] = len(app.units)

    for name, fmt in WRITERS:
        t0 = time.process_time()
        rendered = render(app, fmt)
        out[f"write_{name}_s"] = time.process_time() - t0
        out[f"write_{name}_mb"] = len(rendered) / 1e6
        if name == "TEI":
            out["wall_end_to_end_s"] = time.perf_counter() - wall0
            out["peak_end_to_end_mib"] = _peak_kib() / 1024
        del rendered
    # written to a file as write() does: JSON and HTML are encoded without the text as one
    # string (orjson's bytes; the page a stretch at a time)
    with tempfile.TemporaryDirectory() as tmp:
        for name, fmt in FILE_WRITERS:
            path = Path(tmp) / f"apparatus.{fmt}"
            t0 = time.process_time()
            write(app, path, fmt)
            out[f"file_{name}_s"] = time.process_time() - t0
            path.unlink()
    # TEI loading last, once the pipeline's records are gone: its peak is its own
    del witnesses, collation, app
    gc.collect()
    for name, make in (("tei", _tei), ("tei_marked", _tei_marked)):
        seconds = 0.0
        tokens = 0
        for siglum, source in zip(sigla, sources, strict=True):
            data = make(siglum, source)  # made here, not timed: one file's bytes at a time
            t0 = time.process_time()
            w = load_tei(data, siglum=siglum)
            seconds += time.process_time() - t0
            tokens += len(w.tokens)
            del w, data
        out[f"load_{name}_s"] = seconds
        out[f"{name}_tokens"] = tokens
    out["end_to_end_s"] = (
        out["load_text_s"] + out["collate_s"] + out["apparatus_s"] + out["write_TEI_s"]
    )
    out["peak_rss_mib"] = _peak_kib() / 1024
    return out


def _row(r: dict[str, Any]) -> list[str]:
    tok, base = r["tokens"], r["base_tokens"]

    def us(key: str, per: int) -> str:
        return f"{r[key]:.2f} s ({r[key] / per * 1e6:.2f} µs)"

    bare_us = r["bare_s"] / r["bare_tokens"] * 1e6

    def loading(key: str, per: int) -> str:
        return us(key, per) + f" {r[key] / per * 1e6 / bare_us:.1f}× bare"

    cells = [
        r["case"],
        f"{tok:,}",
        loading("load_text_s", tok),
        loading("load_tei_s", r["tei_tokens"]),
        loading("load_tei_marked_s", r["tei_marked_tokens"]),
        f"{bare_us:.2f} µs",
        us("collate_s", tok),
        us("apparatus_s", base) + f" {r['apparatus_s'] / r['collate_s']:.2f}× collate",
    ]
    cells += [us(f"write_{name}_s", base) for name, _ in WRITERS]
    cells += [us(f"file_{name}_s", base) for name, _ in FILE_WRITERS]
    cells += [
        f"{r['end_to_end_s']:.1f} s ({r['wall_end_to_end_s']:.1f} s)",
        f"{r['peak_end_to_end_mib']:,.0f} MiB ({r['peak_rss_mib']:,.0f} MiB)",
        f"{r['bytes_per_token_loaded']:.0f} B",
    ]
    return cells


HEAD = [
    "case",
    "tokens",
    "load text (µs/token)",
    "load TEI (µs/token)",
    "load TEI, marked up (µs/token)",
    "bare findall+hash",
    "collate (µs/token)",
    "apparatus (µs/base token)",
    *[f"write {name} (µs/base token)" for name, _ in WRITERS],
    *[f"{name} to a file (µs/base token)" for name, _ in FILE_WRITERS],
    "end to end, CPU (wall)",
    "peak RSS end to end (all stages)",
    "loaded B/token",
]


def _exponent(small: dict[str, Any], large: dict[str, Any], key: str) -> float:
    ratio = large[key] / max(small[key], 1e-9)
    return math.log(ratio) / math.log(large["tokens"] / small["tokens"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--case", action="append", choices=CASES + MORE_CASES)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--markdown", type=Path)
    parser.add_argument("--json", action="store_true", help="print each case's JSON too")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.child)))
        return
    cases = args.case or (CASES[:1] if args.quick else CASES)
    lines = [
        f"Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} on "
        f"{platform.machine()} ({os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} "
        f"at the start), Python {platform.python_version()}, `python -m benchmarks.stages`.",
        "",
        "| " + " | ".join(HEAD) + " |",
        "|" + "---|" * len(HEAD),
    ]
    print("\n".join(lines), flush=True)
    results: dict[str, dict[str, Any]] = {}
    for case in cases:
        r = run_child("benchmarks.stages", case)
        if isinstance(r, str):
            line = f"| {case} | failed: {r} |"
        else:
            results[case] = r
            if args.json:
                print(json.dumps(r), file=sys.stderr)
            line = "| " + " | ".join(_row(r)) + " |"
        print(line, flush=True)
        lines.append(line)
    small, large = results.get("2x100000"), results.get("2x1000000")
    if small and large:
        # growth from 2 x 100,000 to 2 x 1,000,000 tokens: time ~ tokens^k
        keys = [
            "load_text_s",
            "collate_s",
            "apparatus_s",
            *[f"write_{n}_s" for n, _ in WRITERS],
            *[f"file_{n}_s" for n, _ in FILE_WRITERS],
        ]
        ks = ", ".join(
            f"{k.removesuffix('_s').replace('_', ' ')} {_exponent(small, large, k):.2f}"
            for k in keys
        )
        lines.append(f"\nExponents (time ~ tokens^k, 2 x 100,000 to 2 x 1,000,000): {ks}.")
        print(lines[-1])
    lines.append(f"\nLoad average at the end: {os.getloadavg()[0]:.1f}.")
    print(lines[-1])
    if args.markdown:
        args.markdown.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
