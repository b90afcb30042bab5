"""Real text for the aligner's tests: Darwin's *Origin*, ch. 1 (tests/data), and edits of it."""

from __future__ import annotations

import gzip
import json
import random
from functools import cache
from pathlib import Path

from witnesscollate import Collation, Token, Witness, load_text

DARWIN = Path(__file__).resolve().parents[1] / "data" / "darwin_origin_ch1_paragraphs.json.gz"


@cache
def darwin_paragraphs() -> tuple[tuple[str, ...], ...]:
    """The 1859 edition's paragraphs, each as its tokens' norms."""
    data = json.loads(gzip.decompress(DARWIN.read_bytes()).decode("utf-8"))
    out = []
    for para in data["paragraphs"]:
        for w in para["witnesses"]:
            if w["id"] == "1859":
                out.append(tuple(t.norm for t in load_text("x", w["content"]).tokens))
    return tuple(p for p in out if p)


@cache
def darwin_words() -> tuple[str, ...]:
    return tuple(w for p in darwin_paragraphs() for w in p)


def token_witness(siglum: str, words: list[str] | tuple[str, ...]) -> Witness:
    """A witness straight from norms (one token per word)."""
    return Witness(
        siglum=siglum,
        tokens=tuple(
            Token(text=w, ws=" ", norm=w, witness=siglum, index=i) for i, w in enumerate(words)
        ),
    )


def misspell(word: str, rnd: random.Random) -> str:
    """A letter doubled, dropped or swapped with the next."""
    if len(word) < 2:
        return word + word
    k = rnd.randrange(len(word) - 1)
    return [
        word[:k] + word[k] + word[k:],
        word[:k] + word[k + 1 :],
        word[:k] + word[k + 1] + word[k] + word[k + 2 :],
    ][rnd.randrange(3)]


def realistic_edit(words: list[str], rate: float, rnd: random.Random) -> list[str]:
    """Another word, a misspelling, an omission or an addition at about ``rate`` of places."""
    vocab = sorted(set(words))
    out: list[str] = []
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


def matched(c: Collation) -> int:
    """Columns where every witness has a token and all agree on its norm."""
    return sum(
        1
        for col in c.columns
        if all(cell.tokens for cell in col.cells) and len({cell.norm for cell in col.cells}) == 1
    )
