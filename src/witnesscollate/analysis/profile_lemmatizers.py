"""The dictionary lemmatizers of the language profiles, each an optional dependency.

* pymorphy3 (the ``ru`` extra) for Russian: every parse's normal form;
* lemminflect (the ``en`` extra) for English: the lemmata of every part of speech, and its
  out-of-vocabulary rules for unknown words (chosen over simplemma by measurement:
  docs/apparatus.md, "Language profiles");
* simplemma (the ``la`` extra) for Latin and the other languages it covers: its one lemma.

A loader raises :class:`Unavailable` (an :class:`ImportError`) when its package is missing
or cannot load its data; the profiles then fall back on the stem heuristic and say so in their
name.  :class:`LemmaSets` turns a lemma function into a :class:`~.classify.Morphology`.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

import regex

from .classify import StemHeuristic, same_pronoun

__all__ = [
    "LemmaSets",
    "Unavailable",
    "lemminflect_lemmas",
    "pymorphy3_lemmas",
    "simplemma_lemmas",
]

Lemmas = Callable[[str], frozenset[str]]


class Unavailable(ImportError):
    """A lemmatizer that is not installed, or cannot load its dictionary."""


class LemmaSets:
    """Two words are one lemma if their sets of possible lemmata meet.

    A word's set is the lemmata of the word as written and of the word in the profile's
    reference spelling (``fallback.spell``: «всѣхъ» is read as «всех», Latin «uite» as
    «vite» and «uite»), each lemma spelled too, so that «video» and «uideo» meet.
    ``applies(word)`` says which words the lemmatizer knows how to read (e.g. Cyrillic words
    for pymorphy3); the others go to ``fallback``, as do pronouns of one paradigm.
    """

    def __init__(
        self,
        name: str,
        lemmas: Lemmas,
        fallback: StemHeuristic,
        applies: Callable[[str], bool] | None = None,
    ) -> None:
        self.name = name
        self._raw = lemmas
        self._fallback = fallback
        self._applies = applies
        self._lemmas: Lemmas = lru_cache(maxsize=65536)(self._lemmas_of)

    def _lemmas_of(self, word: str) -> frozenset[str]:
        spell = self._fallback.spell
        forms = {word, spell(word).casefold()}
        return frozenset(spell(lemma).casefold() for f in forms for lemma in self._raw(f))

    def same_lemma(self, a: str, b: str) -> bool:
        if a == b or same_pronoun(a, b, self._fallback.pronouns):
            return True
        if self._applies is not None and not (self._applies(a) and self._applies(b)):
            return self._fallback.same_lemma(a, b)
        return bool(self._lemmas(a) & self._lemmas(b))


@lru_cache(maxsize=1)
def pymorphy3_lemmas() -> Lemmas:
    """Russian lemmata from pymorphy3: the normal forms of every parse of the word."""
    try:
        import pymorphy3

        analyzer = pymorphy3.MorphAnalyzer()
    except (ImportError, ValueError, OSError) as exc:  # not installed, or no dictionary
        raise Unavailable(f"pymorphy3 is not available: {exc}") from exc

    def lemmas(word: str) -> frozenset[str]:
        return frozenset(p.normal_form for p in analyzer.parse(word))

    return lemmas


_POSSESSIVE = regex.compile(r"'s?$")


@lru_cache(maxsize=1)
def lemminflect_lemmas() -> Lemmas:
    """English lemmata from lemminflect: every part of speech's, the word itself, and for
    words its dictionary lacks the lemmata its rules guess for a noun and a verb.  A
    possessive ending (Stalin's, parties') is dropped first."""
    try:
        import lemminflect
    except ImportError as exc:
        raise Unavailable(f"lemminflect is not available: {exc}") from exc

    def lemmas(word: str) -> frozenset[str]:
        base = str(_POSSESSIVE.sub("", word)) or word
        found = {lemma for group in lemminflect.getAllLemmas(base).values() for lemma in group}
        if not found:
            for upos in ("NOUN", "VERB"):
                for group in lemminflect.getAllLemmasOOV(base, upos).values():
                    found.update(group)
        return frozenset({*found, base})

    return lemmas


@lru_cache(maxsize=16)
def simplemma_lemmas(language: str) -> Lemmas:
    """Lemmata from simplemma for ``language`` (an ISO 639-1 code it covers)."""
    try:
        import simplemma
    except ImportError as exc:
        raise Unavailable(f"simplemma is not available: {exc}") from exc
    try:
        simplemma.lemmatize("a", lang=language)
    except ValueError as exc:  # "Unsupported language"
        raise Unavailable(f"simplemma has no dictionary for {language!r}") from exc

    def lemmas(word: str) -> frozenset[str]:
        return frozenset({simplemma.lemmatize(word, lang=language).casefold(), word})

    return lemmas
