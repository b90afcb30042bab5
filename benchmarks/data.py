"""Benchmark inputs: real text (Darwin's *Origin*, ch. 1) and synthetic Zipf-distributed texts.

Everything here is deterministic (seeded), so that runs are comparable.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

from witnesscollate import Token, Witness, load_text

ROOT = Path(__file__).resolve().parents[1]
DARWIN = ROOT.parent / "shared" / "peer" / "collatex" / "data" / "darwin_origin_ch1_paragraphs.json"


def darwin_editions() -> dict[str, str]:
    """Chapter 1 of the *Origin*, one text per edition (paragraphs joined), in edition order."""
    data = json.loads(DARWIN.read_text(encoding="utf-8"))
    texts: dict[str, list[str]] = {}
    for para in data["paragraphs"]:
        for w in para["witnesses"]:
            texts.setdefault(w["id"], []).append(w["content"])
    return {k: "\n\n".join(v) for k, v in sorted(texts.items())}


def darwin_witnesses() -> list[Witness]:
    return [load_text(ed, text, language="en") for ed, text in darwin_editions().items()]


def token_witness(siglum: str, words: list[str]) -> Witness:
    """A witness straight from words (no tokenizer: the benchmark times alignment only)."""
    return Witness(
        siglum=siglum,
        tokens=tuple(
            Token(text=w, ws=" ", norm=w, witness=siglum, index=i) for i, w in enumerate(words)
        ),
    )


def edit(words: list[str], rate: float, vocab: list[str], rnd: random.Random) -> list[str]:
    """Substitute, delete or insert a word at about ``rate`` of the positions."""
    out: list[str] = []
    for w in words:
        x = rnd.random()
        if x < rate / 3:
            out.append(rnd.choice(vocab))  # substitution
        elif x < 2 * rate / 3:
            continue  # omission
        elif x < rate:
            out.extend((w, rnd.choice(vocab)))  # addition
        else:
            out.append(w)
    return out


def real_words(n: int) -> list[str]:
    """The first ``n`` words of the 1859 edition (repeated if needed), as a base text."""
    words = load_text("x", darwin_editions()["1859"]).tokens
    base = [t.norm for t in words]
    return [base[k % len(base)] for k in range(n)]


def real_variants(n: int, count: int = 3, rate: float = 0.05, seed: int = 1) -> list[Witness]:
    """``count`` witnesses of about ``n`` tokens of real text with ``rate`` edits each."""
    rnd = random.Random(seed)
    base = real_words(n)
    vocab = sorted(set(base))
    return [
        token_witness(f"W{k + 1}", edit(base, rate, vocab, rnd) if k else base)
        for k in range(count)
    ]


def zipf_words(n: int, rnd: random.Random, vocab_size: int = 50_000) -> list[str]:
    """``n`` words drawn from a Zipf-like distribution over ``vocab_size`` word types."""
    weights = [1.0 / (r + 1) for r in range(vocab_size)]
    vocab = [f"w{r}" for r in range(vocab_size)]
    return rnd.choices(vocab, weights=weights, k=n)


def synthetic(n: int, count: int, rate: float = 0.01, seed: int = 7) -> list[Witness]:
    """``count`` witnesses of ``n`` Zipf tokens; each but the first with ``rate`` edits."""
    rnd = random.Random(seed)
    base = zipf_words(n, rnd)
    vocab = sorted(set(base))
    return [
        token_witness(f"S{k + 1}", edit(base, rate, vocab, rnd) if k else base)
        for k in range(count)
    ]


def repetition(n_chapter: int = 10_000, rate: float = 0.01, seed: int = 11) -> list[Witness]:
    """One chapter printed three times over, each copy with its own ``rate`` edits, twice."""
    rnd = random.Random(seed)
    chapter = zipf_words(n_chapter, rnd, vocab_size=5_000)
    vocab = sorted(set(chapter))
    a = [w for _ in range(3) for w in edit(chapter, rate, vocab, rnd)]
    b = [w for _ in range(3) for w in edit(chapter, rate, vocab, rnd)]
    return [token_witness("R1", a), token_witness("R2", b)]


def long_move(n: int = 200_000, block: int = 500, seed: int = 13) -> tuple[list[Witness], int]:
    """Two witnesses where a paragraph (``block`` tokens) moved from near the end to the start."""
    rnd = random.Random(seed)
    a = zipf_words(n, rnd)
    vocab = sorted(set(a))
    b = edit(a, 0.01, vocab, rnd)
    start = len(b) - len(b) // 10
    para = b[start : start + block]
    b = para + b[:start] + b[start + block :]
    return [token_witness("M1", a), token_witness("M2", b)], block
