"""Benchmark inputs: real text (Darwin's *Origin*, ch. 1; an English book from the seeds),
text generated from it, and synthetic Zipf-distributed texts.

The real texts are copies in ``benchmarks/data/`` (see its README); nothing here reads
outside the repository.  Everything is deterministic (seeded), so that runs are comparable.
Inputs are lists of ``norm`` strings; :func:`token_witness` makes witnesses of them.
"""

from __future__ import annotations

import gzip
import json
import random
import unicodedata
from functools import cache
from pathlib import Path

from witnesscollate import Token, Witness, load_text

HERE = Path(__file__).resolve().parent / "data"
DARWIN = HERE / "darwin_origin_ch1_paragraphs.json.gz"
SEED = HERE / "seed001_furr.txt.gz"

Words = list[str]


def darwin_editions() -> dict[str, str]:
    """Chapter 1 of the *Origin*, one text per edition (paragraphs joined), in edition order."""
    data = json.loads(gzip.decompress(DARWIN.read_bytes()).decode("utf-8"))
    texts: dict[str, list[str]] = {}
    for para in data["paragraphs"]:
        for w in para["witnesses"]:
            texts.setdefault(w["id"], []).append(w["content"])
    return {k: "\n\n".join(v) for k, v in sorted(texts.items())}


def darwin_witnesses() -> list[Witness]:
    return [load_text(ed, text, language="en") for ed, text in darwin_editions().items()]


@cache
def darwin_words() -> tuple[str, ...]:
    """The 1859 edition's norms (about 13,000 tokens)."""
    return tuple(t.norm for t in load_text("x", darwin_editions()["1859"], language="en").tokens)


@cache
def seed_words() -> tuple[str, ...]:
    """The norms of the English book in the seeds (about 102,500 tokens of real prose)."""
    text = unicodedata.normalize("NFC", gzip.decompress(SEED.read_bytes()).decode("utf-8"))
    return tuple(t.norm for t in load_text("x", text, language="en").tokens)


def token_witness(siglum: str, words: Words) -> Witness:
    """A witness straight from words (no tokenizer: the benchmark times alignment only)."""
    return Witness(
        siglum=siglum,
        tokens=tuple(
            Token(text=w, ws=" ", norm=w, witness=siglum, index=i) for i, w in enumerate(words)
        ),
    )


# -- edits -------------------------------------------------------------------------------


def edit(words: Words, rate: float, vocab: Words, rnd: random.Random) -> Words:
    """Substitute, delete or insert a word at about ``rate`` of the positions."""
    out: Words = []
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


def misspell(word: str, rnd: random.Random) -> str:
    """A typist's slip: a letter doubled, dropped or swapped with the next ("parrty")."""
    if len(word) < 2:
        return word + word
    k = rnd.randrange(len(word))
    op = rnd.randrange(3)
    if op == 0:
        return word[:k] + word[k] + word[k:]
    if op == 1:
        return word[:k] + word[k + 1 :]
    k = min(k, len(word) - 2)
    return word[:k] + word[k + 1] + word[k] + word[k + 2 :]


def realistic_edit(words: Words, rate: float, vocab: Words, rnd: random.Random) -> Words:
    """Edits of four kinds in equal shares: another word, a misspelling, an omission, an
    addition, at about ``rate`` of the positions."""
    out: Words = []
    for w in words:
        x = rnd.random()
        if x < rate / 4:
            out.append(rnd.choice(vocab))
        elif x < rate / 2:
            out.append(misspell(w, rnd))
        elif x < 3 * rate / 4:
            continue
        elif x < rate:
            out.extend((w, rnd.choice(vocab)))
        else:
            out.append(w)
    return out


# -- generated text ----------------------------------------------------------------------


@cache
def _bigram_model(source: str = "both") -> dict[tuple[str, str], tuple[str, ...]]:
    """An order-2 word model of the seed book and/or Darwin: (w1, w2) -> the next words."""
    texts = {
        "both": (seed_words(), darwin_words()),
        "seed": (seed_words(),),
        "darwin": (darwin_words(),),
    }[source]
    model: dict[tuple[str, str], list[str]] = {}
    for words in texts:
        for a, b, c in zip(words, words[1:], words[2:], strict=False):
            model.setdefault((a, b), []).append(c)
    return {k: tuple(v) for k, v in model.items()}


def generated(n: int, seed: int, source: str = "both") -> Words:
    """``n`` words from the order-2 model (real-like vocabulary and phrasing) of
    ``source``: ``"both"`` texts, only the ``"seed"`` book or only ``"darwin"``."""
    model = _bigram_model(source)
    keys = sorted(model)
    rnd = random.Random(seed)
    state = rnd.choice(keys)
    out: Words = list(state)
    while len(out) < n:
        nxt = model.get(state)
        if not nxt:
            state = rnd.choice(keys)
            out.extend(state)
            continue
        w = rnd.choice(nxt)
        out.append(w)
        state = (state[1], w)
    return out[:n]


# -- cases -------------------------------------------------------------------------------


def real_words(n: int) -> Words:
    """The first ``n`` words of Darwin's 1859 edition (repeated if needed), as a base text."""
    base = darwin_words()
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


def real_repetition(
    chapter: int, copies: int = 3, rate: float = 0.01, seed: int = 11
) -> tuple[Words, Words]:
    """Issue 18's case: the first ``chapter`` tokens of the seed book printed ``copies`` times
    over, each copy with its own edits, in each of two witnesses (no block moved)."""
    rnd = random.Random(seed)
    text = list(seed_words()[:chapter])
    vocab = sorted(set(seed_words()))
    a = [w for _ in range(copies) for w in realistic_edit(text, rate, vocab, rnd)]
    b = [w for _ in range(copies) for w in realistic_edit(text, rate, vocab, rnd)]
    return a, b


def generated_repetition(n: int, rate: float = 0.01, seed: int = 17) -> tuple[Words, Words]:
    """A generated chapter of ``n / 3`` words printed three times over, edited per copy."""
    rnd = random.Random(seed)
    text = generated(n // 3, seed)
    vocab = sorted(set(text))
    a = [w for _ in range(3) for w in realistic_edit(text, rate, vocab, rnd)]
    b = [w for _ in range(3) for w in realistic_edit(text, rate, vocab, rnd)]
    return a, b


def generated_pair(n: int, rate: float = 0.02, seed: int = 5) -> tuple[Words, Words]:
    """Two edited copies of ``n`` generated words (2 % realistic edits each: a growing
    vocabulary of misspellings, some made independently in both)."""
    rnd = random.Random(seed)
    text = generated(n, seed)
    vocab = sorted(set(text))
    return realistic_edit(text, rate, vocab, rnd), realistic_edit(text, rate, vocab, rnd)


def unrelated(n: int) -> tuple[Words, Words]:
    """Two unrelated texts of ``n`` words.  Up to 10,000 words: the seed book's start against
    a later chapter of the same book (same author, same subject, the same formulae: the
    harder case); beyond: text generated from the book against text generated from Darwin."""
    book = seed_words()
    if n <= 10_000:
        return list(book[:n]), list(book[60_000 : 60_000 + n])
    return generated(n, 101, "seed"), generated(n, 202, "darwin")


def unrelated_authors(n: int = 10_000) -> tuple[Words, Words]:
    """The seed book's start against Darwin (different authors and subjects)."""
    return list(seed_words()[:n]), real_words(n)


def moved_passages(
    n: int, moves: int = 1, length: int = 500, rate: float = 0.01, seed: int = 13
) -> tuple[Words, Words]:
    """``n`` generated words; the second witness edited (``rate``) and with ``moves``
    passages of ``length`` words (evenly spaced, never overlapping) moved elsewhere, each
    lightly edited inside (2 %): ``moves`` transpositions to find."""
    rnd = random.Random(seed)
    a = generated(n, seed)
    vocab = sorted(set(a))
    b = edit(a, rate, vocab, rnd)
    step = len(b) // (moves + 1)
    starts = [step * (m + 1) - length // 2 for m in range(moves)]
    paras = [realistic_edit(b[s : s + length], 0.02, vocab, rnd) for s in starts]
    rest: Words = []
    prev = 0
    for s in starts:
        rest += b[prev:s]
        prev = s + length
    rest += b[prev:]
    # each passage goes half a step away from where it was, to a place no other one takes
    dests = [max(0, s - (m + 1) * length + step // 2) for m, s in enumerate(starts)]
    for d, para in sorted(zip(dests, paras, strict=True), reverse=True):
        rest[d:d] = para
    return a, rest


def zipf_words(n: int, rnd: random.Random, vocab_size: int = 50_000) -> Words:
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
