"""Which English lemmatizer classes inflection as grammatical and look-alikes as lexical?

Every pair of ``tests/analysis/data/en_lemma_pairs.tsv`` (inflections: ran/runs, went/goes,
children/child, was/is...; false friends: four/for, fate/fat, persecution/prosecution...) is
classified by the English profile with each morphology, and the answers compared with the
expected class.  The figures go in docs/apparatus.md ("Language profiles").

Run: ``python -m benchmarks.lemmatizers [--markdown]`` with simplemma and lemminflect
installed (``pip install -e '.[en,la]'``); a morphology that is not installed is reported so.
"""

from __future__ import annotations

import argparse
import time
from dataclasses import dataclass
from pathlib import Path

from witnesscollate.analysis.profile_lemmatizers import (
    lemminflect_lemmas,
    pymorphy3_lemmas,
    simplemma_lemmas,
)
from witnesscollate.analysis.profiles import get_profile
from witnesscollate.errors import InputError
from witnesscollate.model import VariantType

PAIRS = Path(__file__).resolve().parents[1] / "tests" / "analysis" / "data" / "en_lemma_pairs.tsv"
MORPHOLOGIES = ("heuristic", "simplemma", "lemminflect")


def load_pairs(path: Path = PAIRS) -> list[tuple[str, str, str, str]]:
    """``(a, b, expected, kind)`` rows, comments skipped."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            a, b, expected, kind = line.split("\t")
            rows.append((a, b, expected, kind))
    return rows


@dataclass(frozen=True)
class Result:
    """One morphology's answers: right per expected class, the wrong pairs, timings."""

    name: str
    right: dict[str, int]
    total: dict[str, int]
    wrong: list[str]
    load_s: float
    per_pair_ms: float


def measure(morphology: str, pairs: list[tuple[str, str, str, str]]) -> Result:
    """Classify every pair with the English profile and ``morphology``."""
    t0 = time.perf_counter()
    profile = get_profile("en", morphology=morphology)
    profile.classify("walked", "walks")  # loads the dictionary
    load = time.perf_counter() - t0
    right = {"grammatical": 0, "lexical": 0}
    total = {"grammatical": 0, "lexical": 0}
    wrong: list[str] = []
    t0 = time.perf_counter()
    for a, b, expected, _ in pairs:
        kind, _flags = profile.classify(a, b)
        got = "grammatical" if kind is VariantType.GRAMMATICAL else kind.value
        total[expected] += 1
        if got == expected:
            right[expected] += 1
        else:
            wrong.append(f"{a}/{b}")
    per_pair = (time.perf_counter() - t0) / len(pairs)
    return Result(profile.name, right, total, wrong, load, per_pair * 1000)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    args = parser.parse_args()
    pairs = load_pairs()
    for clear in (lemminflect_lemmas, simplemma_lemmas, pymorphy3_lemmas):
        clear.cache_clear()  # so that load times include loading
    rows = []
    for morphology in MORPHOLOGIES:
        try:
            rows.append(measure(morphology, pairs))
        except InputError as exc:
            print(f"{morphology}: not measured ({exc})")
    if args.markdown:
        print("| profile | inflections → grammatical | false friends → lexical | all | "
              "load (s) | ms per pair | wrong |")  # fmt: skip
        print("|---|---|---|---|---|---|---|")
    for r in rows:
        g, lx = r.right["grammatical"], r.right["lexical"]
        ng, nl = r.total["grammatical"], r.total["lexical"]
        wrong = r.wrong
        shown = ", ".join(wrong[:12]) + (f" (+{len(wrong) - 12})" if len(wrong) > 12 else "")
        cells = (
            f"{g}/{ng} ({100 * g / ng:.1f} %)",
            f"{lx}/{nl} ({100 * lx / nl:.1f} %)",
            f"{g + lx}/{ng + nl} ({100 * (g + lx) / (ng + nl):.1f} %)",
            f"{r.load_s:.2f}",
            f"{r.per_pair_ms:.3f}",
            shown or "–",
        )
        if args.markdown:
            print(f"| {r.name} | " + " | ".join(cells) + " |")
        else:
            print(r.name, *cells, sep="\n  ")


if __name__ == "__main__":
    main()
