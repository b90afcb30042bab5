"""Language profiles: how readings are classified and which differences count as substantive.

A :class:`Profile` classifies a reading against the lemma (:meth:`Profile.classify`) and says
whether the difference is substantive (:meth:`Profile.is_substantive`).  The apparatus picks
one from the base witness's language (TEI ``xml:lang``) or the ``language=`` option
(:func:`get_profile`) and prints its :attr:`~Profile.name`
(:attr:`~witnesscollate.model.Apparatus.profile`), which says which lemmatizer actually ran:

* ``ru`` (:mod:`.profile_ru`): pre-1918 spelling and stress marks are orthography; pymorphy3
  (the ``ru`` extra); a change of case of the pronoun of address is substantive;
* ``en`` (:mod:`.profile_en`): British/American spelling; lemminflect (the ``en`` extra);
* ``la`` (:mod:`.profile_la`): u/v, i/j, ae/e/ę, Roman and spelled numerals; simplemma (the
  ``la`` extra);
* any other language: the generic rules, with simplemma's dictionary for the language when it
  is installed and has one; else the stem heuristic (``"generic (stem heuristic)"``).

Which classes are substantive is the user's choice (:meth:`Profile.with_significance`): a set
of classes (and of the profile's named rules, such as ``"address"``), or a function.  By
default a date moved elsewhere (a transposition whose words are a date: the reprint's date
under the title instead of after the signature) is a fact of layout, not substantive
(:func:`moved_date`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from types import ModuleType

import regex

from ..errors import InputError
from ..model import VariantType
from ..model.variants import SUBSTANTIVE_DEFAULT
from . import profile_en, profile_la, profile_ru
from .classify import (
    GENERIC_MORPHOLOGY,
    GENERIC_RULES,
    Morphology,
    Rules,
    classify_pair,
    orthographic_key,
    words_of,
)
from .profile_lemmatizers import LemmaSets, Unavailable, simplemma_lemmas

__all__ = [
    "MORPHOLOGIES",
    "Marked",
    "Profile",
    "Significance",
    "get_profile",
    "guess_language",
    "language_tag",
    "moved_date",
]

#: ``significance(lemma, reading, type, flags) -> bool``: a user's rule for what is substantive.
Significance = Callable[[str, str, VariantType, frozenset[VariantType]], bool]

#: The values of ``morphology=``: the best installed lemmatizer, none, or a named one.
MORPHOLOGIES = ("auto", "heuristic", "pymorphy3", "lemminflect", "simplemma")


@dataclass(frozen=True)
class Marked:
    """A difference a language marks as substantive whatever its class.

    ``name`` is what a user puts in a set of substantive classes to keep it (``"address"``);
    ``test(lemma, reading, type, flags)`` finds it.
    """

    name: str
    description: str
    test: Significance = field(compare=False)


_ADDRESS = Marked(
    "address",
    "a change of case of the pronoun of address («Вы»/«вы»: polite singular against plural)",
    profile_ru.address_case,
)
_MARKED: dict[str, tuple[Marked, ...]] = {"ru": (_ADDRESS,)}

# --- a moved date ------------------------------------------------------------------------

_MONTH = regex.compile(
    r"(?:january|february|march|april|may|june|july|august|september|october|november"
    r"|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
    r"|(?:январ|феврал|март|апрел|июн|июл|август|сентябр|октябр|ноябр|декабр)\p{Cyrillic}*"
    r"|ма[йяе])"
)
_MONTH_NUMERAL = regex.compile(r"i{1,3}|iv|vi{0,3}|ix|xi{0,2}")
_YEAR = regex.compile(r"г|год|года|year")
_DATE_WORDS = 6


def _is_date(text: str) -> bool:
    """A day, month and year, and nothing else: «December 23, 1922», «25. XII.», «5 марта
    1923 г.»; at least one number in digits, at most six words."""
    words = [w.key for w in words_of(text)]
    if not words or len(words) > _DATE_WORDS or not any(w.isdigit() for w in words):
        return False
    return all(
        w.isdigit() or _MONTH.fullmatch(w) or _MONTH_NUMERAL.fullmatch(w) or _YEAR.fullmatch(w)
        for w in words
    )


def moved_date(lemma: str, reading: str, kind: VariantType, flags: frozenset[VariantType]) -> bool:
    """True for a date moved elsewhere: a transposition whose words (on the side that has
    them) are a date.  Where an edition prints a letter's date -- under the title or after
    the signature -- is its layout, not the substance of the text; the transposition stays
    in the apparatus, as accidentals do."""
    return kind is VariantType.TRANSPOSITION and _is_date(lemma or reading)


_MOVED_DATE = Marked(
    "moved-date",
    "a date moved elsewhere (a transposition whose words are a date): layout, not substance",
    moved_date,
)


@dataclass(frozen=True)
class Profile:
    """Classification and significance for one language.

    ``language`` is the primary language subtag it serves (``"generic"`` for any); ``name``
    what the apparatus prints, e.g. ``"ru (pymorphy3, pre-1918 spelling)"``, ``"en
    (lemminflect)"`` or ``"en (stem heuristic)"`` when the ``en`` extra is missing; ``rules``
    the spelling, morphology and word equivalences (:class:`~.classify.Rules`);
    ``substantive`` the classes that count as substantive; ``marked`` the language's
    differences that count whatever their class; ``exempt`` the differences that do not
    count whatever their class (by default a moved date: :func:`moved_date`);
    ``significance`` a user's function that replaces all three.
    """

    language: str
    name: str
    rules: Rules = field(default=GENERIC_RULES, compare=False)
    substantive: frozenset[VariantType] = SUBSTANTIVE_DEFAULT
    marked: tuple[Marked, ...] = ()
    significance: Significance | None = field(default=None, compare=False)
    exempt: tuple[Marked, ...] = (_MOVED_DATE,)

    @property
    def morphology(self) -> Morphology:
        """What decides whether two words are one lemma (its ``name`` says which ran)."""
        return self.rules.morphology

    @property
    def rule_names(self) -> tuple[str, ...]:
        """The names of the marked differences this language knows (``("address",)``)."""
        return tuple(m.name for m in _MARKED.get(self.language, ()))

    def classify(self, lemma: str, reading: str) -> tuple[VariantType, frozenset[VariantType]]:
        """The class of ``reading`` against ``lemma`` and every class found.

        The texts are readings as the apparatus compares them: tokens with single spaces
        between them and a trailing space if whitespace follows the reading.
        """
        return classify_pair(lemma, reading, self.rules)

    def orthographic_key(self, text: str) -> str:
        """``text`` without what this profile classes as orthography (readings with equal
        keys go into one TEI ``rdgGrp``)."""
        return orthographic_key(text, self.rules)

    def is_substantive(
        self, lemma: str, reading: str, kind: VariantType, flags: frozenset[VariantType]
    ) -> bool:
        """True if the difference counts as substantive under this profile's settings."""
        if self.significance is not None:
            return bool(self.significance(lemma, reading, kind, flags))
        if any(m.test(lemma, reading, kind, flags) for m in self.exempt):
            return False
        if kind in self.substantive:
            return True
        return any(m.test(lemma, reading, kind, flags) for m in self.marked)

    def with_significance(
        self, substantive: Iterable[VariantType | str] | Significance | None
    ) -> Profile:
        """This profile with the user's choice of what is substantive.

        ``None`` keeps the profile's defaults.  A function ``(lemma, reading, type, flags) ->
        bool`` decides alone.  A set of classes (members, values or aliases: ``"lex"``,
        ``"om"``) replaces the defaults: the language's marked differences count only if
        named in it too (``{"lexical", "grammatical", "address"}`` in Russian), and a moved
        date counts if ``"transposition"`` is named.
        """
        if substantive is None:
            return self
        if callable(substantive):
            return replace(self, significance=substantive)
        if isinstance(substantive, str):
            substantive = [substantive]
        known = {m.name: m for m in _MARKED.get(self.language, ())}
        kinds: set[VariantType] = set()
        marked: list[Marked] = []
        for item in substantive:
            if isinstance(item, str) and item.strip().lower() in known:
                marked.append(known[item.strip().lower()])
                continue
            try:
                kinds.add(VariantType.parse(item))
            except ValueError as exc:
                extra = f"; for {self.language}: {', '.join(known)}" if known else ""
                raise InputError(f"{exc}{extra}") from None
        return replace(
            self, substantive=frozenset(kinds), marked=tuple(marked), significance=None, exempt=()
        )


_LANGUAGES: dict[str, ModuleType] = {"ru": profile_ru, "en": profile_en, "la": profile_la}
# ISO 639-2/3 codes that an xml:lang may carry for the profiled languages.
_ALIASES = {"rus": "ru", "eng": "en", "lat": "la", "und": "generic", "mul": "generic"}


#: A BCP 47 tag as far as the profiles read it: a primary subtag of one to three letters, then
#: subtags ("ru", "en-GB", "rus", "x-ocr", "ru_RU"); a name such as "russian" is not one.
_TAG = regex.compile(r"[A-Za-z]{1,3}(?:[-_][A-Za-z0-9]+)*")


def is_language_tag(text: str) -> bool:
    """True if ``text`` reads as a language tag (not a name: ``"russian"`` would fall through
    to the generic profile in silence)."""
    return _TAG.fullmatch(text) is not None


def language_tag(language: str | None) -> str:
    """The primary subtag of a BCP 47 tag, lower case (``"en-GB"`` → ``"en"``,
    ``"ru-Latn"`` → ``"ru"``, ``"lat"`` → ``"la"``); ``"generic"`` for none."""
    primary = (language or "").strip().replace("_", "-").split("-")[0].lower()
    return _ALIASES.get(primary, primary) or "generic"


def get_profile(language: str | None = None, *, morphology: str = "auto") -> Profile:
    """The profile for a language (``"ru"``, ``"en"``, ``"la"``, any BCP 47 tag; None:
    generic).

    ``morphology``: ``"auto"`` uses the best lemmatizer installed for the language and falls
    back on the stem heuristic (the profile's name says which ran); ``"heuristic"`` never
    uses a dictionary; ``"pymorphy3"`` (Russian), ``"lemminflect"`` (English) or
    ``"simplemma"`` (Latin and the other languages it covers) require that one.

    Raises
    ------
    InputError
        If ``morphology`` is unknown, not one for the language, or not installed.
    """
    if morphology not in MORPHOLOGIES:
        raise InputError(
            f"unknown morphology {morphology!r}", hint=f"use one of: {', '.join(MORPHOLOGIES)}"
        )
    return _profile_for(language_tag(language), morphology)


@lru_cache(maxsize=64)
def _profile_for(lang: str, morphology: str) -> Profile:
    """One profile per language and morphology, so that its caches (lemmata, classes) serve
    every apparatus built with it."""
    module = _LANGUAGES.get(lang)
    backends: tuple[str, ...] = module.BACKENDS if module is not None else ("simplemma",)
    if morphology not in ("auto", "heuristic") and morphology not in backends:
        raise InputError(
            f"morphology={morphology!r} does not serve the language {lang!r}",
            hint=f"use 'auto', 'heuristic' or one of: {', '.join(backends)}",
        )
    wanted = (
        () if morphology == "heuristic" else backends if morphology == "auto" else (morphology,)
    )
    for backend in wanted:
        try:
            rules = _rules(module, lang, backend)
        except Unavailable as exc:
            if morphology == backend:
                raise InputError(
                    f"morphology={morphology!r} is not available ({exc})",
                    hint=f"pip install 'witnesscollate[{_EXTRAS[backend]}]', or use "
                    "morphology='auto'",
                ) from None
            continue
        return _profile(module, lang, rules, backend)
    return _profile(module, lang, _rules(module, lang, None), "stem heuristic")


_EXTRAS = {"pymorphy3": "ru", "lemminflect": "en", "simplemma": "la"}


def _rules(module: ModuleType | None, lang: str, backend: str | None) -> Rules:
    if module is not None:
        rules: Rules = module.rules(backend)
        return rules
    if backend is None:
        return GENERIC_RULES
    if lang == "generic":
        raise Unavailable("no dictionary serves an unknown language")
    lemmas = simplemma_lemmas(lang)
    return Rules(
        spell=GENERIC_RULES.spell, morphology=LemmaSets(backend, lemmas, GENERIC_MORPHOLOGY)
    )


def _profile(module: ModuleType | None, lang: str, rules: Rules, method: str) -> Profile:
    if module is None and method == "stem heuristic":
        return Profile("generic" if lang == "generic" else lang, "generic (stem heuristic)", rules)
    spelling: str = getattr(module, "SPELLING", "")
    details = ", ".join(p for p in (method, spelling) if p)
    return Profile(lang, f"{lang} ({details})", rules, marked=_MARKED.get(lang, ()))


_RUSSIAN = regex.compile(r"[ыэёѣ]", regex.IGNORECASE)
# letters of the other Cyrillic alphabets (Ukrainian, Belarusian, Serbian, Macedonian)
_OTHER_CYRILLIC = regex.compile(r"[єїґўђјљњћџѓќѕ]", regex.IGNORECASE)
_CYRILLIC_LETTER = regex.compile(r"\p{Cyrillic}")
_LETTER = regex.compile(r"\p{L}")


def guess_language(text: str) -> str | None:
    """``"ru"`` for text that is mostly Cyrillic with no letter of another Cyrillic alphabet
    and, if it is long enough to tell (100 letters), a letter only Russian of them has (ы, э,
    ё, ѣ); else None.

    For witnesses without ``xml:lang`` (plain text).  Latin-script languages are not guessed.
    """
    sample = text[:20000]
    letters = len(_LETTER.findall(sample))
    if not letters or len(_CYRILLIC_LETTER.findall(sample)) < letters / 2:
        return None
    if _OTHER_CYRILLIC.search(sample):
        return None
    if letters >= 100 and not _RUSSIAN.search(sample):
        return None  # Bulgarian, say
    return "ru"
