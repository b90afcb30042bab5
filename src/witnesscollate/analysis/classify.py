"""Classifying a reading against the lemma: the typology of variants.

Every reading of a variation unit is compared with the lemma (the base witness's reading) and
given one :class:`VariantType`.  The comparison runs column by column (the aligner has already
paired the tokens), and each column's difference is classified by peeling off the layers of
difference from the most superficial to the most substantive:

1. the same characters (``identical``), or the same characters but for spacing, hyphenation,
   «ё»/«е», the form of quotation marks or of dashes (``orthography``);
2. the same but for letter case (``capitalisation``: «Вы»/«вы»);
3. the same words but for punctuation (``punctuation``);
4. the same words but for an abbreviation (``abbreviation``: «т. е.»/«то есть», «ЦК»/
   «Центральный Комитет»);
5. the same lemma in another form (``grammatical``: «нашей партии»/«наша партия»,
   «ему»/«им»): Russian morphology from :mod:`pymorphy3` (the ``ru`` extra) when it is
   installed, else a documented stem-and-ending heuristic; personal pronouns of one paradigm
   («он»/«они», «я»/«мы»...) count as one lemma either way;
6. another word (``lexical``: «судей»/«судеб», «этой»/«такой»);
7. text the lemma lacks (``addition``) or text the reading lacks (``omission``).

A unit whose reading differs in several ways takes the most substantive class
(:attr:`VariantType.rank`); the finer classes are kept as the reading's ``flags``.
``transposition``, ``lacuna`` and ``unattested`` are decided by the apparatus builder from the
collation (transposition links, lacunae, ``supplied reason="unattested"``), not by comparing
text.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from enum import Enum
from functools import lru_cache
from typing import Any

import regex

__all__ = [
    "Morphology",
    "VariantType",
    "classify_pair",
    "get_morphology",
    "orthographic_key",
]


class VariantType(str, Enum):
    """The kind of difference between a reading and the lemma.

    The values are the strings used in every output (TEI ``@type``, JSON ``type``, CSV).
    ``substantive`` classes change the words; ``accidental`` ones change only how they are
    written; ``identical``, ``lacuna`` and ``unattested`` are neither (the last two say the
    witness's text is not known here).
    """

    IDENTICAL = "identical"
    ORTHOGRAPHY = "orthography"
    CAPITALISATION = "capitalisation"
    PUNCTUATION = "punctuation"
    ABBREVIATION = "abbreviation"
    GRAMMATICAL = "grammatical"
    LEXICAL = "lexical"
    ADDITION = "addition"
    OMISSION = "omission"
    TRANSPOSITION = "transposition"
    LACUNA = "lacuna"
    UNATTESTED = "unattested"

    @property
    def rank(self) -> int:
        """How substantive the class is; a unit takes the class of highest rank."""
        return _RANK[self]

    @property
    def substantive(self) -> bool:
        """True for classes that change the words (grammatical, lexical, add., om., transp.)."""
        return self in _SUBSTANTIVE

    @property
    def accidental(self) -> bool:
        """True for orthography, capitalisation, punctuation and abbreviation."""
        return self in _ACCIDENTAL

    def __str__(self) -> str:
        return self.value


_RANK = {t: i for i, t in enumerate(VariantType)}
_SUBSTANTIVE = frozenset(
    {
        VariantType.GRAMMATICAL,
        VariantType.LEXICAL,
        VariantType.ADDITION,
        VariantType.OMISSION,
        VariantType.TRANSPOSITION,
    }
)
_ACCIDENTAL = frozenset(
    {
        VariantType.ORTHOGRAPHY,
        VariantType.CAPITALISATION,
        VariantType.PUNCTUATION,
        VariantType.ABBREVIATION,
    }
)

# --- text keys -----------------------------------------------------------------------------

_QUOTES = str.maketrans({c: '"' for c in '«»„“”‟"〝〞＂‹›'} | {c: "'" for c in "‘’‚‛′"})
_DASHES = str.maketrans({c: "-" for c in "‐‑‒–—―−﹘﹣－"})
_INVISIBLE = regex.compile(r"[\u00AD\u200B-\u200D\u2060\uFEFF]")
_INNER_HYPHEN = regex.compile(r"(?<=\p{L})-(?=\p{L})")
_SPACE = regex.compile(r"\s+")
_PUNCT = regex.compile(r"[\p{P}\p{S}]")
_WORD = regex.compile(r"[\p{L}\p{M}\p{N}]+(?:[-'][\p{L}\p{M}\p{N}]+)*")


def orthographic_key(text: str) -> str:
    """``text`` without the differences classed as orthography.

    NFC, no soft hyphens or zero-width characters, «ё» as «е», one quotation mark, one dash,
    British spellings as American ones, no hyphens between letters, no spaces.  Two readings
    with the same key differ only orthographically (and go into one ``rdgGrp`` in TEI).
    """
    s = _INNER_HYPHEN.sub("", orthographic_key_spaced(text))
    return str(_SPACE.sub("", s))


def _words(text: str) -> list[str]:
    return [w.casefold() for w in _WORD.findall(orthographic_key_spaced(text))]


def orthographic_key_spaced(text: str) -> str:
    """Like :func:`orthographic_key` but keeping spaces and hyphens (so words stay apart)."""
    s = unicodedata.normalize("NFC", text)
    s = str(_INVISIBLE.sub("", s))
    s = s.replace("ё", "е").replace("Ё", "Е").translate(_QUOTES).translate(_DASHES)
    return str(_LATIN_WORD.sub(_american, s))


# British and American spellings of English translations: «defence»/«defense»,
# «colour»/«color», «organise»/«organize», «centre»/«center», «travelled»/«traveled»,
# «catalogue»/«catalog».  Only longer words, so that «four»/«for» stay two words.
_LATIN_WORD = regex.compile(r"\b[A-Za-z]{5,}\b")
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


def _american(match: regex.Match[str]) -> str:
    word = match.group(0)
    for pattern, repl, min_len in _SPELLINGS:
        if len(word) >= min_len:
            new = str(pattern.sub(repl, word, count=1))
            if new != word:
                return new
    return word


# --- morphology ----------------------------------------------------------------------------


def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Personal pronouns: forms of one paradigm set differ only grammatically («ему»/«им»).
_PRONOUN_SETS: tuple[frozenset[str], ...] = (
    _wordset("я меня мне мной мною мы нас нам нами"),
    _wordset("ты тебя тебе тобой тобою вы вас вам вами"),
    _wordset(
        "он его него ему нему им ним нём нем она её ее неё нее ей ней ею нею оно они их "
        "них ими ними"
    ),
    _wordset("i me we us"),
    _wordset("he him she her it they them"),
    _wordset("his hers its their theirs"),
)

_RU_ENDINGS = _wordset(
    "а я о е ё ы и у ю ь й ой ей ий ый ая яя ое ее ые ие ом ем ам ям ами ями ах ях ов ев "
    "ую юю ого его ому ему ым им ых их ыми ими ешь ет ете ут ют ит ишь ите ат ят ла ло ли "
    "л ть ться ся сь ою ею"
) | {""}
_EN_ENDINGS = frozenset({"", "s", "es", "ed", "d", "ing", "'s", "er", "est"})


class Morphology:
    """Decides whether two word forms belong to one lemma.

    ``name`` says which method is in use (``"pymorphy3"`` or ``"stem-heuristic"``), so that
    the apparatus can state it in its metadata.
    """

    def __init__(self, analyzer: Any | None = None) -> None:
        self._analyzer = analyzer
        self.name = "pymorphy3" if analyzer is not None else "stem-heuristic"
        self._lemmas: Callable[[str], frozenset[str]] = lru_cache(maxsize=65536)(
            self._lemmas_uncached
        )

    def _lemmas_uncached(self, word: str) -> frozenset[str]:
        if self._analyzer is None:
            return frozenset()
        return frozenset(p.normal_form for p in self._analyzer.parse(word))

    def same_lemma(self, a: str, b: str) -> bool:
        """True if ``a`` and ``b`` (case-folded words) are forms of one lemma."""
        if a == b:
            return True
        for group in _PRONOUN_SETS:
            if a in group and b in group:
                return True
        cyrillic = bool(regex.search(r"\p{Cyrillic}", a + b))
        if self._analyzer is not None and cyrillic:
            return bool(self._lemmas(a) & self._lemmas(b))
        return _shared_stem(a, b, _RU_ENDINGS if cyrillic else _EN_ENDINGS)


def _shared_stem(a: str, b: str, endings: frozenset[str]) -> bool:
    """Both words are one stem (3+ letters) plus a known inflectional ending."""
    # Only the few cut points that leave an ending on ``a`` are tried (one per ending
    # length), so a 400,000-letter word costs a few comparisons, not one per letter.
    for cut in sorted({len(a) - len(e) for e in endings if a.endswith(e)}):
        if cut >= 3 and b[cut:] in endings and b[:cut] == a[:cut]:
            return True
    return False


@lru_cache(maxsize=2)
def get_morphology(use_pymorphy: bool = True) -> Morphology:
    """The morphology in use: pymorphy3 if installed (and wanted), else the stem heuristic."""
    if use_pymorphy:
        try:
            import pymorphy3
        except ImportError:  # the ``ru`` extra is not installed
            return Morphology(None)
        return Morphology(pymorphy3.MorphAnalyzer())
    return Morphology(None)


# --- classification ------------------------------------------------------------------------


def _is_abbreviation(short: Sequence[str], long: Sequence[str], short_text: str) -> bool:
    """``short`` abbreviates ``long``: an initialism («ЦК») or truncated words («т. е.»)."""
    if not short or not long or short == long:
        return False
    joined = "".join(short)
    initials = "".join(w[0] for w in long)
    if len(long) > 1 and joined == initials:
        return True
    if len(short) == len(long) and "." in short_text:
        return all(lw.startswith(sw) for sw, lw in zip(short, long, strict=True))
    return False


def classify_pair(
    lemma: str, reading: str, morphology: Morphology
) -> tuple[VariantType, frozenset[VariantType]]:
    """Classify ``reading`` against ``lemma`` (texts with spaces between tokens).

    Returns the class and every finer class found on the way (e.g. a grammatical variant
    that also changes case is ``(GRAMMATICAL, {GRAMMATICAL, CAPITALISATION})``).
    """
    if lemma == reading:
        return VariantType.IDENTICAL, frozenset()
    return _classify_cached(lemma, reading, morphology)


@lru_cache(maxsize=65536)
def _classify_cached(
    lemma: str, reading: str, morphology: Morphology
) -> tuple[VariantType, frozenset[VariantType]]:
    flags: set[VariantType] = set()
    ka, kb = orthographic_key(lemma), orthographic_key(reading)
    if ka == kb:
        return VariantType.ORTHOGRAPHY, frozenset({VariantType.ORTHOGRAPHY})
    if ka.casefold() == kb.casefold():
        flags.add(VariantType.CAPITALISATION)
        if lemma.casefold() != reading.casefold():
            flags.add(VariantType.ORTHOGRAPHY)
        return VariantType.CAPITALISATION, frozenset(flags)
    wa, wb = _words(lemma), _words(reading)
    raw_a = _WORD.findall(orthographic_key_spaced(lemma))
    raw_b = _WORD.findall(orthographic_key_spaced(reading))
    if _PUNCT.findall(ka) != _PUNCT.findall(kb):
        flags.add(VariantType.PUNCTUATION)
    if wa == wb:
        if raw_a != raw_b:
            flags.add(VariantType.CAPITALISATION)
        flags.add(VariantType.PUNCTUATION)
        return VariantType.PUNCTUATION, frozenset(flags)
    if not wa:
        return VariantType.ADDITION, frozenset(flags | {VariantType.ADDITION})
    if not wb:
        return VariantType.OMISSION, frozenset(flags | {VariantType.OMISSION})
    if _is_abbreviation(wb, wa, reading) or _is_abbreviation(wa, wb, lemma):
        flags.add(VariantType.ABBREVIATION)
        return VariantType.ABBREVIATION, frozenset(flags)
    if len(wa) == len(wb):
        kind = VariantType.IDENTICAL
        for x, y in zip(wa, wb, strict=True):
            if x == y:
                continue
            if morphology.same_lemma(x, y):
                flags.add(VariantType.GRAMMATICAL)
                if kind.rank < VariantType.GRAMMATICAL.rank:
                    kind = VariantType.GRAMMATICAL
            else:
                flags.add(VariantType.LEXICAL)
                kind = VariantType.LEXICAL
        return kind, frozenset(flags)
    # Different numbers of words: an addition or omission inside the unit if the shorter is a
    # subsequence of the longer, else a lexical substitution.
    if _is_subsequence(wa, wb):
        return VariantType.ADDITION, frozenset(flags | {VariantType.ADDITION})
    if _is_subsequence(wb, wa):
        return VariantType.OMISSION, frozenset(flags | {VariantType.OMISSION})
    flags.add(VariantType.LEXICAL)
    return VariantType.LEXICAL, frozenset(flags)


def _is_subsequence(short: Sequence[str], long: Sequence[str]) -> bool:
    it = iter(long)
    return all(any(w == x for x in it) for w in short)
