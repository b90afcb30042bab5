"""The English profile: British and American spellings are orthography; lemminflect lemmata.

Spelling (:func:`spell`): defence/defense, colour/color, organise/organize, analyse/analyze,
centre/center, travelled/traveled, skilful/skillful, fulfil/fulfill, instalment/installment,
judgement/judgment, catalogue/catalog, programme/program, on words of five letters or more
(so that four/for stay two words); and the romanisations of a Russian name
(Grigorii/Grigory, Orjonikidze/Ordzhonikidze: :func:`~.classify.fold_transliteration`).
Morphology: lemminflect (the ``en`` extra), chosen over simplemma by measurement
(docs/apparatus.md); simplemma when only it is installed; else the stem heuristic (-s, -es,
-ed, -ing...), which misses irregular forms (ran/runs).  The degrees of comparison, synthetic
or with their words (much closer / the closest, more close / closer), are one word's forms
(:func:`same_word_forms`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import regex

from .classify import (
    EN_ENDINGS,
    EN_PRONOUNS,
    Morphology,
    Rules,
    StemHeuristic,
    fold_transliteration,
)
from .profile_lemmatizers import LemmaSets, lemminflect_lemmas, simplemma_lemmas

__all__ = ["BACKENDS", "SPELLING", "degree", "rules", "same_word_forms", "spell"]

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
        # the other way: one l in British, two in American
        (r"ilful(ly|ness)?$", r"illful\1", 6),
        (r"([aeiou])lment(s?)$", r"\1llment\2", 8),
        (r"^(fulfi|insti|disti|enro|enthra|appa)l(s?)$", r"\1ll\2", 5),
        (r"dgement(s?)$", r"dgment\1", 8),
        (r"ogue(s?)$", r"og\1", 6),
        (r"gramme(s?)$", r"gram\1", 7),
    )
)


def spell(word: str) -> str:
    """``word`` in American spelling (its case kept where the rule leaves it), a name in one
    romanisation."""
    if not _LATIN_WORD.fullmatch(word):
        return fold_transliteration(word)
    for pattern, repl, min_len in _SPELLINGS:
        if len(word) >= min_len:
            new = str(pattern.sub(repl, word, count=1))
            if new != word:
                word = new.upper() if word.isupper() else new
                break
    return fold_transliteration(word)


# --- the degrees of comparison -----------------------------------------------------------

POSITIVE, COMPARATIVE, SUPERLATIVE = "positive", "comparative", "superlative"
# the words that make a degree, and the words that go with one (much closer, the closest)
_DEGREE_WORDS = {"more": COMPARATIVE, "less": COMPARATIVE, "most": SUPERLATIVE,
                 "least": SUPERLATIVE}  # fmt: skip
_WITH_DEGREE = frozenset({"much", "far", "even", "still", "the"})
# the irregular degrees: word -> (the word's positive, its degree)
_IRREGULAR = {
    w: (positive, d)
    for positive, forms in (
        ("good", "good well/better/best"),
        ("bad", "bad badly ill/worse/worst"),
        ("much", "much many/more/most"),
        ("little", "little/less/least"),
        ("far", "far/farther further/farthest furthest"),
    )
    for d, words in zip((POSITIVE, COMPARATIVE, SUPERLATIVE), forms.split("/"), strict=True)
    for w in words.split()
}
_SUFFIX = regex.compile(r"^(?P<stem>[a-z]{2,}?)(?P<end>est|er|)$")


def _stem_and_degree(word: str) -> tuple[str, str]:
    """``word`` as a stem and the degree its ending makes: closest → (clos, superlative),
    happier → (happy, comparative), bigger → (big, comparative), close → (clos, positive)."""
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    m = _SUFFIX.match(word)
    if m is None:
        return word, POSITIVE
    stem, end = m.group("stem"), m.group("end")
    if end:
        if stem.endswith("i"):
            stem = stem[:-1] + "y"
        elif len(stem) > 2 and stem[-1] == stem[-2] and stem[-1] not in "aeiouls":
            stem = stem[:-1]
    elif stem.endswith("e") and len(stem) > 3:
        stem = stem[:-1]
    return stem, {"est": SUPERLATIVE, "er": COMPARATIVE}.get(end, POSITIVE)


def degree(a: str, b: str) -> tuple[str, str] | None:
    """The degrees of two forms of one adjective or adverb (``("comparative",
    "superlative")`` for closer / closest, better / best), or None if their stems differ
    (paper / papers, good / worse)."""
    (sa, da), (sb, db) = _stem_and_degree(a), _stem_and_degree(b)
    if sa != sb:
        return None
    return da, db


def _run(words: Sequence[str]) -> tuple[str | None, bool, str] | None:
    """A run of words as (the degree its degree words make, whether words that go with a
    degree precede, its last word), if every word before the last makes or goes with a
    degree (much closer, the most useful)."""
    made: set[str] = set()
    for w in words[:-1]:
        if w in _DEGREE_WORDS:
            made.add(_DEGREE_WORDS[w])
        elif w not in _WITH_DEGREE:
            return None
    if len(made) > 1:
        return None
    return (made.pop() if made else None), len(words) > 1, words[-1]


def same_word_forms(
    morphology: Morphology,
) -> Callable[[tuple[str, ...], tuple[str, ...]], bool]:
    """The English rule for :attr:`~.classify.Rules.forms`: two runs of words are forms of one
    adjective or adverb in two degrees, made with their words or with endings (much closer /
    the closest, more close / closer, the best / better); the words that go with a degree
    (much, far, even, still, the) belong to the form, but not to a positive («much good»).
    Another degree word alone (much closer / closer) is not a form of the word: it stays a
    word added.  The heads are one word if the morphology says so (or the degree is
    irregular: good / better / best)."""

    def forms(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
        ra, rb = _run(a), _run(b)
        if ra is None or rb is None:
            return False
        (made_a, words_a, head_a), (made_b, words_b, head_b) = ra, rb
        degrees = degree(head_a, head_b)
        if degrees is None:
            return False
        if not (head_a == head_b or head_a in _IRREGULAR or morphology.same_lemma(head_a, head_b)):
            return False
        da, db = made_a or degrees[0], made_b or degrees[1]
        if (words_a and da == POSITIVE) or (words_b and db == POSITIVE):
            return False  # «much good», «the mist»: no degree for those words to go with
        if da != db:
            return True
        # one degree, made otherwise: more close / closer
        return head_a != head_b and (made_a is not None or made_b is not None)

    return forms


_HEURISTIC = StemHeuristic(EN_ENDINGS, pronouns=EN_PRONOUNS, spell=spell)


def rules(backend: str | None) -> Rules:
    """The English rules with ``backend`` (one of :data:`BACKENDS`) or, for None, the stem
    heuristic.  Raises :class:`~.profile_lemmatizers.Unavailable` if it is not installed."""
    morphology: Morphology
    if backend is None:
        morphology = _HEURISTIC
    elif backend == "lemminflect":
        morphology = LemmaSets(backend, lemminflect_lemmas(), _HEURISTIC)
    elif backend == "simplemma":
        morphology = LemmaSets(backend, simplemma_lemmas("en"), _HEURISTIC)
    else:  # pragma: no cover - profiles.py passes only BACKENDS
        raise ValueError(f"unknown English lemmatizer {backend!r}")
    return Rules(spell=spell, morphology=morphology, forms=same_word_forms(morphology))
