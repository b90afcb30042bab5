"""The Latin profile: u/v, i/j, ae/oe/æ/œ/ę/e and numerals are orthography; simplemma lemmata.

Spelling (:func:`spell`): v as u and j as i (uita/vita, iustitia/justitia), æ, œ, ę (e caudata),
ae and oe as e (caelum/celum/cęlum, poena/pena), ci before a vowel as ti (gracia/gratia),
michi/nichil as mihi/nihil.  Numerals (:func:`same_number`): a Roman numeral (medieval forms
too: iiii, xviij) or digits against the number in words (XXII / viginti duo / duo et viginti;
III / tres / tertius).  Morphology: simplemma (the ``la`` extra), else the stem heuristic
with Latin endings.
"""

from __future__ import annotations

import regex

from .classify import Rules, StemHeuristic
from .profile_lemmatizers import LemmaSets, simplemma_lemmas

__all__ = ["BACKENDS", "SPELLING", "number_value", "rules", "same_number", "spell"]

SPELLING = ""
BACKENDS = ("simplemma",)

_LETTERS = str.maketrans({"j": "i", "J": "I", "v": "u", "V": "U", "æ": "ae", "Æ": "Ae", "œ": "oe",
                          "Œ": "Oe", "ę": "ae", "Ę": "Ae"})  # fmt: skip
_DIPHTHONG = regex.compile(r"([aAoO])([eE])")
_CI = regex.compile(r"(?<=\p{L})([cC])(?=[iI][aeouAEOU])")
_CH = regex.compile(r"^(mi|ni)ch(i|il|ilominus)$", regex.IGNORECASE)
_LATIN_WORD = regex.compile(r"\p{Latin}+")


def spell(word: str) -> str:
    """``word`` in one reference spelling, its case kept («Iustitię» → «Iustitie»)."""
    if not _LATIN_WORD.fullmatch(word):
        return word
    word = word.translate(_LETTERS)
    word = str(_DIPHTHONG.sub(lambda m: "E" if m.group(1).isupper() else "e", word))
    word = str(_CI.sub(lambda m: "T" if m.group(1).isupper() else "t", word))
    return str(_CH.sub(lambda m: f"{m.group(1)}h{m.group(2)}", word))


# --- numerals ------------------------------------------------------------------------------

_ROMAN = regex.compile(r"m{0,4}(cm|cd|d?c{0,4})(xc|xl|l?x{0,4})(ix|iv|v?i{0,4})")
_ROMAN_VALUE = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100, "d": 500, "m": 1000}


def roman_value(word: str) -> int | None:
    """The value of a Roman numeral (case-folded; u read as v, a final j as i), else None."""
    w = word.casefold().replace("u", "v")
    if w.endswith("j"):
        w = w[:-1] + "i"
    if not w or not _ROMAN.fullmatch(w):
        return None
    total = 0
    for ch, nxt in zip(w, [*w[1:], ""], strict=True):
        v = _ROMAN_VALUE[ch]
        total += -v if nxt and _ROMAN_VALUE[nxt] > v else v
    return total


_DECLINED = ("i", "ae", "a", "orum", "arum", "is", "os", "as")
_ORDINAL = ("us", "a", "um", "i", "o", "ae", "am", "os", "as", "orum", "arum", "is", "e")
_CARDINALS: dict[str, int] = {
    **dict.fromkeys(["unus", "una", "unum", "unius", "uni", "unam", "uno"], 1),
    **dict.fromkeys(["duo", "duae", "duorum", "duarum", "duobus", "duabus", "duos", "duas"], 2),
    **dict.fromkeys(["tres", "tria", "trium", "tribus"], 3),
    "quattuor": 4, "quatuor": 4, "quinque": 5, "sex": 6, "septem": 7, "octo": 8, "novem": 9,
    "decem": 10, "undecim": 11, "duodecim": 12, "tredecim": 13, "quattuordecim": 14,
    "quindecim": 15, "sedecim": 16, "sexdecim": 16, "septendecim": 17, "duodeviginti": 18,
    "undeviginti": 19, "viginti": 20, "triginta": 30, "quadraginta": 40, "quinquaginta": 50,
    "sexaginta": 60, "septuaginta": 70, "octoginta": 80, "nonaginta": 90, "centum": 100,
    "mille": 1000,
}  # fmt: skip
_HUNDREDS = {"ducent": 200, "trecent": 300, "quadringent": 400, "quingent": 500,
             "sescent": 600, "septingent": 700, "octingent": 800, "nongent": 900}  # fmt: skip
_ORDINALS = {"prim": 1, "secund": 2, "terti": 3, "quart": 4, "quint": 5, "sext": 6,
             "septim": 7, "octav": 8, "non": 9, "decim": 10, "undecim": 11, "duodecim": 12,
             "vicesim": 20, "vicensim": 20, "tricesim": 30, "centesim": 100,
             "millesim": 1000}  # fmt: skip
_MULTIPLIER = ("milia", "millia")


def _number_words() -> dict[str, int]:
    words = dict(_CARDINALS)
    for stem, value in _HUNDREDS.items():
        words.update(dict.fromkeys((stem + e for e in _DECLINED), value))
    for stem, value in _ORDINALS.items():
        words.update(dict.fromkeys((stem + e for e in _ORDINAL), value))
    return {spell(w).casefold(): v for w, v in words.items()}


_WORDS = _number_words()
_MULTIPLIERS = frozenset(spell(w) for w in _MULTIPLIER)
_ET = "et"


def number_value(words: tuple[str, ...]) -> int | None:
    """The value of Latin number words (spelled, case-folded), e.g. ("uiginti", "duo") → 22.

    Additive, with «et» between parts (duo et viginti) and «milia» multiplying what precedes
    (duo milia → 2000).  None if a word is not a number word.
    """
    total = current = 0
    seen = False
    for w in words:
        if w == _ET and seen:
            continue
        if w in _MULTIPLIERS:
            total += (current or 1) * 1000
            current, seen = 0, True
            continue
        v = _WORDS.get(w)
        if v is None:
            return None
        current += v
        seen = True
    return total + current if seen else None


def _numeral(words: tuple[str, ...]) -> int | None:
    if len(words) != 1:
        return None
    w = words[0]
    return int(w) if w.isdigit() else roman_value(w)


def same_number(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """A numeral (Roman or digits) on one side and the same number on the other (a numeral
    or words).  Two runs of number words are left to the morphology (tres/tria)."""
    na, nb = _numeral(a), _numeral(b)
    if na is None and nb is None:
        return False
    va = na if na is not None else number_value(a)
    vb = nb if nb is not None else number_value(b)
    return va is not None and va == vb


# --- morphology ----------------------------------------------------------------------------

_LA_ENDINGS = frozenset(
    [
        "a",
        "ae",
        "am",
        "arum",
        "as",
        "e",
        "em",
        "es",
        "ebus",
        "ei",
        "erum",
        "i",
        "ia",
        "ibus",
        "is",
        "ium",
        "o",
        "orum",
        "os",
        "u",
        "ua",
        "ui",
        "um",
        "us",
        "at",
        "ant",
        "ent",
        "et",
        "it",
        "int",
        "unt",
        "mus",
        "tis",
        "nt",
        "t",
        "s",
        "re",
        "ri",
        "ur",
        "tur",
        "ntur",
        "isse",
    ]
) | {""}
_HEURISTIC = StemHeuristic(_LA_ENDINGS, spell=spell)


def rules(backend: str | None) -> Rules:
    """The Latin rules with ``backend`` (``"simplemma"``) or, for None, the stem heuristic.
    Raises :class:`~.profile_lemmatizers.Unavailable` if it is not installed."""
    if backend is None:
        return Rules(spell=spell, morphology=_HEURISTIC, same_words=same_number)
    if backend != "simplemma":  # pragma: no cover - profiles.py passes only BACKENDS
        raise ValueError(f"unknown Latin lemmatizer {backend!r}")
    morphology = LemmaSets(backend, simplemma_lemmas("la"), _HEURISTIC)
    return Rules(spell=spell, morphology=morphology, same_words=same_number)
