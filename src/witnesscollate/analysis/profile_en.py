"""The English profile: British and American spellings are orthography; lemminflect lemmata.

Spelling (:func:`spell`): defence/defense, colour/color, organise/organize, analyse/analyze,
centre/center, travelled/traveled, catalogue/catalog, on words of five letters or more (so that
four/for stay two words).  Morphology: lemminflect (the ``en`` extra), chosen over simplemma
by measurement (docs/apparatus.md); simplemma when only it is installed; else the stem
heuristic (-s, -es, -ed, -ing...), which misses irregular forms (ran/runs).
"""

from __future__ import annotations

import regex

from .classify import EN_ENDINGS, EN_PRONOUNS, Rules, StemHeuristic
from .profile_lemmatizers import LemmaSets, lemminflect_lemmas, simplemma_lemmas

__all__ = ["BACKENDS", "SPELLING", "rules", "spell"]

SPELLING = ""
BACKENDS = ("lemminflect", "simplemma")

_LATIN_WORD = regex.compile(r"[A-Za-z]{5,}")
_SPELLINGS: tuple[tuple[regex.Pattern[str], str, int], ...] = tuple(
    (regex.compile(pattern, regex.IGNORECASE), repl, min_len)
    for pattern, repl, min_len in (
        (r"our$", "or", 6),
        (r"ence$", "ense", 6),
        (r"is(e|ed|es|ing|ation|ations)$", r"iz\1", 6),
        (r"ys(e|ed|es|ing)$", r"yz\1", 6),
        (r"tre(s?)$", r"ter\1", 5),
        (r"ell(ed|ing|er|ers)$", r"el\1", 7),
        (r"ogue(s?)$", r"og\1", 6),
    )
)


def spell(word: str) -> str:
    """``word`` in American spelling (its case kept where the rule leaves it)."""
    if not _LATIN_WORD.fullmatch(word):
        return word
    for pattern, repl, min_len in _SPELLINGS:
        if len(word) >= min_len:
            new = str(pattern.sub(repl, word, count=1))
            if new != word:
                return new.upper() if word.isupper() else new
    return word


_HEURISTIC = StemHeuristic(EN_ENDINGS, pronouns=EN_PRONOUNS, spell=spell)


def rules(backend: str | None) -> Rules:
    """The English rules with ``backend`` (one of :data:`BACKENDS`) or, for None, the stem
    heuristic.  Raises :class:`~.profile_lemmatizers.Unavailable` if it is not installed."""
    if backend is None:
        return Rules(spell=spell, morphology=_HEURISTIC)
    if backend == "lemminflect":
        lemmas = lemminflect_lemmas()
    elif backend == "simplemma":
        lemmas = simplemma_lemmas("en")
    else:  # pragma: no cover - profiles.py passes only BACKENDS
        raise ValueError(f"unknown English lemmatizer {backend!r}")
    return Rules(spell=spell, morphology=LemmaSets(backend, lemmas, _HEURISTIC))
