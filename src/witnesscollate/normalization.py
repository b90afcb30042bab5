"""Stage 2, normalization: each token gets a comparison form (``norm``) beside its text.

Normalizers are small, named, pure ``str -> str`` functions, composed explicitly with
:func:`compose`.  A :class:`Pipeline` records the names of the functions it ran, so that an
apparatus can state its conventions.  Normalization adds a field; the token's ``text`` is never
touched, so a later apparatus can still report «Вы» against «вы» as a capitalisation variant.

The default pipeline (:func:`default_pipeline`) is what the aligner matches on: NFC, soft
hyphens and zero-width characters removed, footnote calls glued to words removed (not a Latin
word's plain figures: «MP3»), the
full stops of an initialism removed («C.C.» as «CC»), Latin look-alike letters inside Cyrillic
words (OCR) made Cyrillic, lower case, «ё» as «е», one form of quotation mark, one form of
dash.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import regex

__all__ = [
    "Normalizer",
    "Pipeline",
    "compose",
    "default_pipeline",
    "latin_lookalikes",
    "latin_lookalikes_all",
    "lowercase",
    "nfc",
    "strip_footnote_digits",
    "strip_initialism_stops",
    "strip_invisible",
    "unify_dashes",
    "unify_quotes",
    "yo_to_ye",
]

Normalizer = Callable[[str], str]


def nfc(s: str) -> str:
    """Unicode NFC: «и» + U+0306 becomes «й» (seed 001 stores «й» and «ё» decomposed)."""
    return unicodedata.normalize("NFC", s)


_INVISIBLE = regex.compile(r"[\u00AD\u200B-\u200D\u2060\uFEFF]")


def strip_invisible(s: str) -> str:
    """Remove soft hyphens and zero-width characters (unless nothing else is left)."""
    out = str(_INVISIBLE.sub("", s))
    return out or s


def lowercase(s: str) -> str:
    """Case-fold (``str.casefold``), so «Вы» and «вы» compare equal."""
    return s.casefold()


def yo_to_ye(s: str) -> str:
    """«ё» as «е»: Russian print writes the diaeresis only sometimes."""
    return s.replace("ё", "е").replace("Ё", "Е")


_QUOTES = str.maketrans({c: '"' for c in '«»„“”‟"〝〞＂‹›'} | {c: "'" for c in "‘’‚‛′"})


def unify_quotes(s: str) -> str:
    """Every double quotation mark as ``"``, every single one (and apostrophe) as ``'``."""
    return s.translate(_QUOTES)


_DASHES = str.maketrans({c: "-" for c in "‐‑‒–—―−﹘﹣－"})


def unify_dashes(s: str) -> str:
    """Hyphen, en dash, em dash, minus and their kin as ``-``."""
    return s.translate(_DASHES)


#: A footnote call glued to a word (figures, or superscripts, an asterisk), and the word's
#: letters before it.
_GLUED_CALL = regex.compile(r"(?P<word>\p{L}[\p{L}\p{M}]*)(?:\p{N}+|[¹²³⁰⁴-⁹*]+)$")
#: A word of Latin letters (and marks) alone, whose plain figures are part of it.
_LATIN_WORD = regex.compile(r"[\p{Latin}\p{M}]+")
#: A call in superscript (or an asterisk) after a letter or a figure.
_SUPERSCRIPT_CALL = regex.compile(r"(?<=[\p{L}\p{M}\p{N}])[¹²³⁰⁴-⁹*]+$")


def strip_footnote_digits(s: str) -> str:
    """Remove a footnote call glued to a word: «СЪЕЗДУ208» → «СЪЕЗДУ», «word¹» → «word».

    A word of Latin letters alone keeps its plain figures: «MP3», «H2O», «B1» or «vol36» are
    words, whose figures tell them apart.  Any other word loses them, an OCR'd Cyrillic word
    with a Latin look-alike letter («СЪЕЗДY208») too: this step runs before the look-alikes
    are made Cyrillic.
    """
    m = _GLUED_CALL.search(s)
    if m is None:
        return s
    if _LATIN_WORD.fullmatch(m["word"]):
        return str(_SUPERSCRIPT_CALL.sub("", s))  # («MP3¹» → «MP3»)
    return s[: m.end("word")]


# A whole token that is an initialism (the tokenizer makes «C.C.», «R.C.P.», «т.т.» one token).
_INITIALISM = regex.compile(r"(?:\p{L}\p{M}*\.){2,}")


def strip_initialism_stops(s: str) -> str:
    """An initialism without its full stops: «C.C.» → «CC», «т.т.» → «тт», so that the aligner
    matches «C.C.» with «CC» (the apparatus still sees the stops: punctuation)."""
    return s.replace(".", "") if _INITIALISM.fullmatch(s) else s


# Latin letters that OCR reads for Cyrillic ones (upright and italic shapes).
_LOOKALIKE_PAIRS = {
    "A": "А", "a": "а", "B": "В", "C": "С", "c": "с", "E": "Е", "e": "е", "H": "Н",
    "K": "К", "k": "к", "M": "М", "O": "О", "o": "о", "P": "Р", "p": "р", "T": "Т",
    "X": "Х", "x": "х", "y": "у", "Y": "У", "u": "и", "n": "п", "r": "г", "b": "ь",
    "m": "т", "i": "і",
}  # fmt: skip
_MULTI = (("bi", "ы"), ("bl", "ы"), ("Bl", "Ы"), ("BI", "Ы"))
_LOOKALIKE = str.maketrans(_LOOKALIKE_PAIRS)
_CYRILLIC = regex.compile(r"\p{Cyrillic}")
_LATIN = regex.compile(r"\p{Latin}")
# Possessive (``++``): "bi" read as one pair or as "b" + "i" leaves the same rest, so there is
# nothing to try again; without it a long «bibibi...Z» backtracks exponentially.
_ALL_LOOKALIKE = regex.compile("^(?:bi|bl|Bl|BI|[" + "".join(_LOOKALIKE_PAIRS) + "])++$")


def _to_cyrillic(s: str) -> str:
    for latin, cyr in _MULTI:
        s = s.replace(latin, cyr)
    return s.translate(_LOOKALIKE).replace("і", "и")


def latin_lookalikes(s: str) -> str:
    """Latin look-alikes inside a word that has Cyrillic letters become Cyrillic («Лeнин»)."""
    if _LATIN.search(s) and _CYRILLIC.search(s):
        return _to_cyrillic(s)
    return s


def latin_lookalikes_all(s: str) -> str:
    """As :func:`latin_lookalikes`, and also words made only of look-alikes («Bbi», «eMy», «T»).

    Only for witnesses known to be Russian: in English text it would turn "Toy" into «Тоу».
    """
    if _LATIN.search(s) and (_CYRILLIC.search(s) or _ALL_LOOKALIKE.match(s)):
        return _to_cyrillic(s)
    return s


_CACHE_SIZE = 1 << 16
"""Distinct words a pipeline remembers (then it starts afresh): bounds its memory."""
_CACHE_WORD = 64
"""Longer words are normalized each time rather than remembered."""


@dataclass(frozen=True, slots=True)
class Pipeline:
    """Normalizers applied in order; ``names`` says which ran (for the apparatus's record).

    Normalizers are pure, so a pipeline normalizes each distinct word once and remembers the
    result (at most :data:`_CACHE_SIZE` words of up to :data:`_CACHE_WORD` characters): a text
    of a million tokens has a few tens of thousands of distinct words.
    """

    steps: tuple[Normalizer, ...]
    _cache: dict[str, str] = field(
        default_factory=dict, init=False, repr=False, compare=False, hash=False
    )

    def __call__(self, s: str) -> str:
        cache = self._cache
        out = cache.get(s)
        if out is not None:
            return out
        out = s
        for step in self.steps:
            out = step(out)
        if len(s) <= _CACHE_WORD:
            if len(cache) >= _CACHE_SIZE:
                cache.clear()
            cache[s] = out
        return out

    def __reduce__(self) -> tuple[type[Pipeline], tuple[tuple[Normalizer, ...]]]:
        return Pipeline, (self.steps,)  # the cache stays behind

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(getattr(f, "__name__", repr(f)) for f in self.steps)


def compose(*steps: Normalizer | Iterable[Normalizer]) -> Pipeline:
    """Compose normalizers (or pipelines) left to right into one :class:`Pipeline`."""
    flat: list[Normalizer] = []
    for step in steps:
        if isinstance(step, Pipeline):
            flat.extend(step.steps)
        elif callable(step):
            flat.append(step)
        else:
            flat.extend(step)
    return Pipeline(tuple(flat))


def default_pipeline(language: str | None = None) -> Pipeline:
    """The pipeline the aligner matches on; for Russian (``"ru"``) all-look-alike words too.

    One pipeline per kind is made and kept, so its cache serves every witness of the process.
    """
    russian = (language or "").startswith("ru")
    pipeline = _DEFAULT.get(russian)
    if pipeline is None:
        pipeline = _DEFAULT[russian] = _default(russian)
    return pipeline


_DEFAULT: dict[bool, Pipeline] = {}


def _default(russian: bool) -> Pipeline:
    lookalikes = latin_lookalikes_all if russian else latin_lookalikes
    return compose(
        nfc,
        strip_invisible,
        strip_footnote_digits,
        strip_initialism_stops,
        lookalikes,
        lowercase,
        yo_to_ye,
        unify_quotes,
        unify_dashes,
    )
