"""``python -m benchmarks.bench_load``: the cost of reading witnesses, per token and per input byte.

Each case runs in a fresh interpreter (so that its peak memory is its own) and reports: the
seconds to load, µs per token, the same text tokenized and hashed with one ``re.findall`` (the
lower bound the issue measures against) and the ratio of the two, the CPU split (tokenizing,
``Token`` records, the rest), and the peak resident memory the load added, per byte of input.

Cases (all deterministic): plain text and TEI paragraphs of Zipf-distributed words of
English-like length; the same words in Cyrillic; TEI with markup on every line (``lb``, ``hi``,
notes); one text node of 9 MB; 45 MB of text (``--big``); two million ``<gap/>``.

Options: ``--quick`` (smaller inputs), ``--big`` (add the 45 MB case), ``--case NAME``.
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import re
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
HEADER = (
    '<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="A"><teiHeader><fileDesc><titleStmt>'
    "<title>bench</title></titleStmt><publicationStmt><p>generated</p></publicationStmt>"
    "<sourceDesc><p>generated</p></sourceDesc></fileDesc></teiHeader><text><body>\n"
)
FOOTER = "</body></text></TEI>\n"
LATIN = "etaoinshrdlcumwfgypbvkjxqz"
CYRILLIC = "оеаинтсрвлкмдпуяызбгчйхжшюцщэфъё"


def _vocab(alphabet: str, size: int, rnd: random.Random) -> list[str]:
    words = set()
    weights = [1.0 / (i + 1) for i in range(len(alphabet))]
    while len(words) < size:
        n = min(max(1, int(rnd.lognormvariate(1.4, 0.5))), 16)
        words.add("".join(rnd.choices(alphabet, weights=weights, k=n)))
    out = sorted(words, key=lambda w: (len(w), w))
    rnd.shuffle(out)
    return out


def words(n: int, alphabet: str = LATIN, seed: int = 5) -> list[str]:
    """``n`` Zipf-distributed words (a vocabulary of 30,000), with punctuation now and then."""
    rnd = random.Random(seed)
    vocab = _vocab(alphabet, 30_000, rnd)
    weights = [1.0 / (r + 1) for r in range(len(vocab))]
    out = rnd.choices(vocab, weights=weights, k=n)
    for i in range(7, n, 9):
        out[i] += rnd.choice(",.;:")
    return out


def _paragraphs(ws: list[str], size: int = 120) -> list[str]:
    return [" ".join(ws[i : i + size]) for i in range(0, len(ws), size)]


def make(case: str, quick: bool) -> tuple[str, bytes]:
    """The input of a case: its kind (``text``/``tei``) and bytes."""
    scale = 10 if quick else 1
    if case == "plain":
        return "text", "\n\n".join(_paragraphs(words(1_000_000 // scale))).encode()
    if case == "tei":
        body = "".join(f"<p>{p}</p>\n" for p in _paragraphs(words(1_000_000 // scale)))
        return "tei", (HEADER + body + FOOTER).encode()
    if case == "tei-cyrillic":
        ws = words(1_000_000 // scale, CYRILLIC)
        body = "".join(f"<p>{p}</p>\n" for p in _paragraphs(ws))
        return "tei", (HEADER + body + FOOTER).encode()
    if case == "tei-markup":
        ws = words(500_000 // scale)
        lines = []
        for i in range(0, len(ws), 10):
            line = ws[i : i + 10]
            line[3] = f'<hi rend="italic">{line[3]}</hi>'
            if i % 100 == 0:
                line.append(f'<note n="{i}">a note on line {i}</note>')
            lines.append(f'<lb n="{i // 10 + 1}"/>' + " ".join(line))
        paras = ["\n".join(lines[j : j + 12]) for j in range(0, len(lines), 12)]
        body = "".join(f"<p>{p}</p>\n" for p in paras)
        return "tei", (HEADER + body + FOOTER).encode()
    if case == "node-9mb":
        text = " ".join(words(1_700_000 // scale))[: 9_000_000 // scale].rsplit(" ", 1)[0]
        return "tei", (HEADER + f"<p>{text}</p>" + FOOTER).encode()
    if case == "text-45mb":
        ps = _paragraphs(words(7_600_000 // scale), 300)
        return "tei", (HEADER + "".join(f"<p>{p}</p>\n" for p in ps) + FOOTER).encode()
    if case == "gaps-2m":
        n = 2_000_000 // scale
        body = "<p>" + "<gap/> word ".join([""] * (n + 1)) + "end</p>"
        return "tei", (HEADER + body + FOOTER).encode()
    raise SystemExit(f"unknown case {case!r}")


CASES = ["plain", "tei", "tei-cyrillic", "tei-markup", "node-9mb", "gaps-2m"]


def _peak_kib() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def measure(case: str, quick: bool) -> dict[str, Any]:
    """One case, in this process (run it in a fresh one)."""
    from witnesscollate import load_text
    from witnesscollate.model import Token
    from witnesscollate.reading.tei import load_tei
    from witnesscollate.tokenization import token_columns

    kind, data = make(case, quick)
    gc.collect()
    base_kib = _peak_kib()
    t0 = time.perf_counter()
    c0 = time.process_time()
    if kind == "text":
        witness = load_text("A", data.decode("utf-8"))
    else:
        witness = load_tei(data, filename=case)
    cpu = time.process_time() - c0
    seconds = time.perf_counter() - t0
    peak = (_peak_kib() - base_kib) * 1024
    n = len(witness.tokens)
    text = witness.text
    lacunae = len(witness.lacunae)
    del witness
    gc.collect()
    # The bound: one compiled pattern over the whole text, every token hashed.
    c0 = time.process_time()
    found = re.findall(r"\w+|[^\w\s]", text)
    for tok in found:
        hash(tok)
    bare = time.process_time() - c0
    c0 = time.process_time()
    token_columns(text)
    tokenizing = time.process_time() - c0
    sample = min(n, 200_000)
    c0 = time.process_time()
    [Token(text="w", ws=" ", norm="w", witness="A", index=i, start=i) for i in range(sample)]
    records = (time.process_time() - c0) / max(sample, 1) * n
    return {
        "case": case,
        "bytes": len(data),
        "tokens": n,
        "lacunae": lacunae,
        "seconds": round(seconds, 3),
        "us_per_token": round(cpu / max(n, 1) * 1e6, 3),
        "bare_us_per_token": round(bare / max(len(found), 1) * 1e6, 3),
        "ratio": round(cpu / max(bare, 1e-9) * len(found) / max(n, 1), 2),
        "tokenizing_us": round(tokenizing / max(n, 1) * 1e6, 3),
        "token_records_us": round(records / max(n, 1) * 1e6, 3),
        "peak_mib": round(peak / 2**20, 1),
        "bytes_per_input_byte": round(peak / len(data), 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--big", action="store_true", help="add the 45 MB case")
    parser.add_argument("--case", action="append")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.child, args.quick)))
        return
    cases = args.case or CASES + (["text-45mb"] if args.big else [])
    head = (
        f"{'case':<13}{'MB':>6}{'tokens':>10}{'s':>8}{'µs/tok':>8}{'bare':>7}{'ratio':>7}"
        f"{'tokzr':>7}{'Token':>7}{'peak MiB':>10}{'B/byte':>8}"
    )
    print(head)
    for case in cases:
        cmd = [sys.executable, "-m", "benchmarks.bench_load", "--child", case]
        if args.quick:
            cmd.append("--quick")
        proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=False)
        if proc.returncode:
            print(f"{case:<13} failed: {(proc.stderr.strip().splitlines() or ['?'])[-1]}")
            continue
        r = json.loads(proc.stdout.strip().splitlines()[-1])
        print(
            f"{r['case']:<13}{r['bytes'] / 1e6:>6.1f}{r['tokens']:>10}{r['seconds']:>8.2f}"
            f"{r['us_per_token']:>8.2f}{r['bare_us_per_token']:>7.2f}{r['ratio']:>7.1f}"
            f"{r['tokenizing_us']:>7.2f}{r['token_records_us']:>7.2f}{r['peak_mib']:>10.0f}"
            f"{r['bytes_per_input_byte']:>8.1f}"
        )


if __name__ == "__main__":
    main()
