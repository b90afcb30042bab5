"""The Russian profile: pre-1918 spelling and stress marks are orthography; pymorphy3 lemmata.

Spelling (:func:`spell`): the letters the 1918 reform removed (ѣ → е, і and ѵ → и, ѳ → ф), the
hard sign at the end of a word (всѣхъ → всех; inside a word it stays: съѣзда → съезда), the
old endings -аго/-яго (новаго → нового) and -ыя (новыя → новые), ея/нея and онѣ/однѣ, the
prefixes без-/воз-/вз-/из-/низ-/раз-/роз-/чрез- before a voiceless consonant (разсказъ →
рассказ); stress marks (чтó → что); a Latin letter typed for a Cyrillic one inside a Cyrillic
word (партiи → партии).  Morphology: pymorphy3 (the ``ru`` extra) for Cyrillic words,
simplemma when only it is installed, else the stem heuristic.

A change of case of the pronoun of address («Вы»/«вы», «Вами»/«вами»: the polite singular
against the plural) stays ``capitalisation`` as a class, but :func:`address_case` makes it
substantive by default.
"""

from __future__ import annotations

import regex

from ..model import VariantType
from ..normalization import latin_lookalikes
from .classify import (
    EN_ENDINGS,
    RU_ENDINGS,
    RU_PRONOUNS,
    Rules,
    StemHeuristic,
    strip_stress,
    words_of,
)
from .profile_lemmatizers import LemmaSets, pymorphy3_lemmas, simplemma_lemmas

__all__ = ["ADDRESS", "BACKENDS", "SPELLING", "address_case", "rules", "spell"]

#: What the profile's name says about its spelling rules.
SPELLING = "pre-1918 spelling"
#: The dictionary lemmatizers this profile can use, best first.
BACKENDS = ("pymorphy3", "simplemma")

_CYRILLIC = regex.compile(r"\p{Cyrillic}")
_OLD_LETTER = regex.compile("[ѣѢіІѵѴѳѲ]")
_OLD_LETTERS = str.maketrans("ѣѢіІѵѴѳѲ", "еЕиИиИфФ")
_CONSONANTS = frozenset("бвгджзклмнпрстфхцчшщБВГДЖЗКЛМНПРСТФХЦЧШЩ")
_OLD_ADJ_GENITIVE = regex.compile(r"(?<=\p{L}{2}[^аеёиоуыэюяАЕЁИОУЫЭЮЯ])([аяАЯ])([гГ][оО])$")
_OLD_ADJ_PLURAL = regex.compile(r"(?<=\p{L}{2})([ыЫ])([яЯ])$")
_OLD_PREFIX = regex.compile(r"^(без|воз|вз|из|низ|раз|роз|чрез)(?=[кпстфхцчшщ])", regex.IGNORECASE)
_OLD_WORDS = {"ея": "ее", "нея": "нее", "онѣ": "они", "однѣ": "одни"}
_TAIL = 8  # the old endings are decided on a word's last letters only (linear in its length)


def _keep_case(old: str, new: str) -> str:
    return new.upper() if old.isupper() else new


def _old_word(word: str) -> str | None:
    new = _OLD_WORDS.get(word.casefold()) if len(word) <= 4 else None
    if new is None:
        return None
    if word.isupper() and len(word) > 1:
        return new.upper()
    return new[0].upper() + new[1:] if word[:1].isupper() else new


def _modern_genitive(m: regex.Match[str]) -> str:
    # -аго → -ого, -яго → -его (новаго → нового, синяго → синего)
    vowel = "о" if m.group(1) in "аА" else "е"
    return _keep_case(m.group(1), vowel) + m.group(2)


def _modern_plural(m: regex.Match[str]) -> str:
    return m.group(1) + _keep_case(m.group(2), "е")  # -ыя → -ые


def _modern_ending(part: str) -> str:
    """One hyphen-free part of a word with its final hard sign and old ending modernised."""
    if len(part) > 1 and part[-1] in "ъЪ" and part[-2] in _CONSONANTS:
        part = part[:-1]
    head, tail = part[:-_TAIL], part[-_TAIL:]
    tail = str(_OLD_ADJ_GENITIVE.sub(_modern_genitive, tail))
    return head + str(_OLD_ADJ_PLURAL.sub(_modern_plural, tail))


def spell(word: str) -> str:
    """``word`` in modern Russian spelling, its case kept («Всѣхъ» → «Всех»)."""
    word = strip_stress(word)
    if not _CYRILLIC.search(word):
        return word
    word = latin_lookalikes(word)
    word = _old_word(word) or word
    if _OLD_LETTER.search(word):
        word = word.translate(_OLD_LETTERS)
    word = "-".join(_modern_ending(part) for part in word.split("-"))
    return str(_OLD_PREFIX.sub(lambda m: m.group(1)[:-1] + _keep_case(m.group(1)[-1], "с"), word))


_HEURISTIC = StemHeuristic(EN_ENDINGS, RU_ENDINGS, RU_PRONOUNS, spell)


def _cyrillic(word: str) -> bool:
    return _CYRILLIC.search(word) is not None


#: A month in a date written with a Roman numeral («23/XII», as the secretaries wrote) and
#: spelled out («23 декабря», as the PSS prints it): two notations of one date.
_MONTHS = {
    roman: (genitive, nominative)
    for roman, genitive, nominative in (
        ("i", "января", "январь"),
        ("ii", "февраля", "февраль"),
        ("iii", "марта", "март"),
        ("iv", "апреля", "апрель"),
        ("v", "мая", "май"),
        ("vi", "июня", "июнь"),
        ("vii", "июля", "июль"),
        ("viii", "августа", "август"),
        ("ix", "сентября", "сентябрь"),
        ("x", "октября", "октябрь"),
        ("xi", "ноября", "ноябрь"),
        ("xii", "декабря", "декабрь"),
    )
}


def same_month(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """True if one run is a Roman month number and the other that month's name («XII» and
    «декабря»): orthography.  Another month («XI» against «декабря») is not."""
    if len(a) != 1 or len(b) != 1:
        return False
    x, y = a[0], b[0]
    return y in _MONTHS.get(x, ()) or x in _MONTHS.get(y, ())


def rules(backend: str | None) -> Rules:
    """The Russian rules with ``backend`` (one of :data:`BACKENDS`) or, for None, the stem
    heuristic.  Raises :class:`~.profile_lemmatizers.Unavailable` if it is not installed."""
    if backend is None:
        return Rules(spell=spell, morphology=_HEURISTIC, same_words=same_month)
    if backend == "pymorphy3":
        lemmas = pymorphy3_lemmas()
    elif backend == "simplemma":
        lemmas = simplemma_lemmas("ru")
    else:  # pragma: no cover - profiles.py passes only BACKENDS
        raise ValueError(f"unknown Russian lemmatizer {backend!r}")
    return Rules(
        spell=spell,
        morphology=LemmaSets(backend, lemmas, _HEURISTIC, _cyrillic),
        same_words=same_month,
    )


#: The forms of the pronoun of address (and its possessive): «Вы» is one person addressed
#: politely, «вы» several.
ADDRESS = frozenset(
    [
        "вы",
        "вас",
        "вам",
        "вами",
        "ваш",
        "ваша",
        "ваше",
        "ваши",
        "вашего",
        "вашей",
        "вашему",
        "вашим",
        "вашем",
        "вашу",
        "вашею",
        "вашими",
        "ваших",
    ]
)


def address_case(
    lemma: str, reading: str, kind: VariantType, flags: frozenset[VariantType]
) -> bool:
    """True if the reading changes the case of the pronoun of address («Вами»/«вами»).

    The same forms of the pronoun on both sides, capitalised differently; a pronoun added,
    dropped or inflected is already substantive by its class.
    """
    if VariantType.CAPITALISATION not in flags:
        return False

    def forms(text: str) -> list[tuple[str, bool]]:
        out = []
        for w in words_of(text):
            k = spell(w.orig).casefold()
            if k in ADDRESS:
                out.append((k, w.orig[:1].isupper()))
        return out

    a, b = forms(lemma), forms(reading)
    return [k for k, _ in a] == [k for k, _ in b] and a != b
