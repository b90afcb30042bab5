"""Classifying a reading against the lemma: the typology of variants.

A reading's class comes from its own content against the lemma's, never from how the aligner
happened to cut the unit.  The difference is explained from the most superficial layer to the
most substantive, and the reading takes the first class that explains all of it:

1. the same text (``identical``);
2. the same but for spacing (a space before punctuation, «так же»/«также», «M. V.»/«M.V.»),
   hyphens between letters, the form of quotation marks or dashes, invisible characters, or the
   spelling rules of the language (``orthography``: «ё»/«е»; in a Russian profile pre-1918
   spelling and stress marks; in English British/American spelling; in Latin u/v, i/j, ae/e);
3. the same but for letter case (``capitalisation``: «Вы»/«вы»);
4. the same words but for punctuation (``punctuation``);
5. no words on one side: ``addition`` (the lemma has none) or ``omission`` (the reading has
   none) -- and only then;
6. otherwise a substitution: the words of both sides are aligned (:func:`align_words`) and
   each difference classed -- a spelling, case, abbreviation («т. е.»/«то есть», «ЦК»/
   «Центральный Комитет», «C.C.»/«CC»), another form of the same lemma (``grammatical``:
   «нашей партии»/«наша партия», ran/runs), or another word (``lexical``).  Words present on
   one side only make the reading ``lexical`` ("send me back all the papers" against "return
   the whole case to me") and are recorded as ``addition``/``omission`` in its flags.

The reading takes the most substantive class found (:attr:`VariantType.rank`); every class
found is in its ``flags``.  What a language contributes (spelling rules, the lemmatizer, word
equivalences such as Roman and spelled numerals) is a :class:`Rules` object, built by a
language profile (:mod:`.profiles`).  ``transposition``, ``lacuna`` and ``unattested`` are
decided by the apparatus builder from the collation, not by comparing text.
"""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Protocol

import regex
from rapidfuzz.distance import Indel

from ..model import VariantType
from ..normalization import nfc, strip_invisible, unify_dashes, unify_quotes, yo_to_ye

__all__ = [
    "EN_ENDINGS",
    "EN_PRONOUNS",
    "GENERIC_MORPHOLOGY",
    "GENERIC_RULES",
    "RU_ENDINGS",
    "RU_PRONOUNS",
    "Morphology",
    "Rules",
    "StemHeuristic",
    "Word",
    "align_words",
    "classify_pair",
    "common_form",
    "differences",
    "differs_only_in_spacing",
    "fold_transliteration",
    "keep_word",
    "orthographic_key",
    "same_pronoun",
    "shared_stem",
    "strip_stress",
    "words_of",
]

V = VariantType

# --- the text as the classifier sees it -----------------------------------------------------

_SPACE = regex.compile(r"\s+")
_INNER_HYPHEN = regex.compile(r"(?<=\p{L}\p{M}*)-(?=\p{L})")
_PUNCT = regex.compile(r"[\p{P}\p{S}]")
_WORD = regex.compile(r"[\p{L}\p{M}\p{N}]+(?:[-'][\p{L}\p{M}\p{N}]+)*")
_CYRILLIC = regex.compile(r"\p{Cyrillic}")
_STRESS = regex.compile("[\u0300\u0301]")
# a stress mark, or a precomposed letter that may carry one (Latin «ó» typed in «чтó»)
_ACCENTED = regex.compile("[\u0300\u0301\u00c0-\u024f\u0400\u040d\u0450\u045d\u1e00-\u1eff]")


def common_form(text: str) -> str:
    """What every profile ignores, from :mod:`..normalization`: NFC, soft hyphens and
    zero-width characters, «ё» as «е», one double and one single quotation mark, one dash."""
    return unify_dashes(unify_quotes(yo_to_ye(strip_invisible(nfc(text)))))


def strip_stress(word: str) -> str:
    """A Cyrillic word without stress marks (combining acute or grave): «что́» → «что».

    Only Cyrillic words: in Latin script an accent is a letter of its own (é, ó).
    """
    if not _CYRILLIC.search(word) or not _ACCENTED.search(word):
        return word
    return nfc(_STRESS.sub("", unicodedata.normalize("NFD", word)))


def keep_word(word: str) -> str:
    """The identity spelling: a word as it is written."""
    return word


# Romanisations of one Russian name (Grigorii / Grigory / Grigoriy, Ordzhonikidze /
# Orjonikidze, Zinoviev / Zinovyev / Zinov'ev, Trotskii / Trotsky, Khrushchev / Khruschev):
# each rule maps the systems' renderings of one Cyrillic letter or ending to one form.
_ROMANISED = regex.compile(r"[A-Za-z]+(?:['\u02b9\u02ba][A-Za-z]+)*")
_POSSESSIVE_END = regex.compile(r"'s?$")
_CONTRACTION = regex.compile(r"'(?:t|d|m|ll|re|ve)$")  # Don't, Won't: no soft sign
_TRANSLITERATIONS: tuple[tuple[regex.Pattern[str], str], ...] = tuple(
    (regex.compile(pattern), repl)
    for pattern, repl in (
        (r"['\u02b9](?=[aeiouy])", "y"),  # the soft sign before a vowel: Zinov'ev
        (r"['\u02b9\u02ba]", ""),  # the soft or hard sign elsewhere: Gor'kii
        (r"dzh|dj", "j"),  # дж: Dzhugashvili / Djugashvili / Jugashvili
        (r"shch|stch|sch", "shch"),  # щ
        (r"tz", "ts"),  # ц: Trotzky
        (r"(?<=[^aeiouy])i(?=[aeu])", "y"),  # iotated vowels: Zinoviev / Zinovyev
        (r"(?:ii|iy|ij|yi|yj|yy|i)$", "y"),  # -ий, -ый, -ой, -ей: Grigorii / Grigory
        (r"(?<=[aeou])j$", "y"),  # -ей, -ай: Sergej / Sergey
    )
)


def fold_transliteration(word: str) -> str:
    """A capitalised Latin-script word (a name) of five letters or more in one romanisation
    of Russian, its case kept: «Grigorii», «Grigoriy» and «Grigory» all become «Grigory».

    Other words are returned unchanged, so common words (and false friends such as
    lie/lye, Won't/Wont) keep their spelling; a possessive ending is kept as written.
    """
    if len(word) < 5 or not word[:1].isupper() or not _ROMANISED.fullmatch(word):
        return word
    stem = _POSSESSIVE_END.sub("", word)
    if _CONTRACTION.search(stem):
        return word
    ending = word[len(stem) :]
    folded = stem.casefold()
    for pattern, repl in _TRANSLITERATIONS:
        folded = pattern.sub(repl, folded)
    folded = folded.upper() if stem.isupper() else folded[:1].upper() + folded[1:]
    return folded + ending


class Morphology(Protocol):
    """Decides whether two word forms belong to one lemma.

    ``name`` says which method is in use (``"pymorphy3"``, ``"lemminflect"``, ``"simplemma"``,
    ``"stem heuristic"``), so that the apparatus can state it.  Words come case-folded as
    written; a morphology that needs the profile's reference spelling (pymorphy3 does not know
    «всѣхъ») applies it itself.
    """

    @property
    def name(self) -> str: ...

    def same_lemma(self, a: str, b: str) -> bool: ...


def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


@dataclass(frozen=True, eq=False)
class StemHeuristic:
    """One lemma if both words are a common stem of 3+ letters plus a known ending.

    ``endings`` is chosen per script (``cyrillic`` for words with Cyrillic letters, ``latin``
    otherwise); ``pronouns`` are sets of forms of one paradigm («ему»/«им», him/he), one
    lemma whatever their stems.  The dictionary morphologies fall back on it for the words
    they do not cover.
    """

    latin: frozenset[str]
    cyrillic: frozenset[str] = frozenset({""})
    pronouns: tuple[frozenset[str], ...] = ()
    spell: Callable[[str], str] = keep_word
    name: str = "stem heuristic"

    def same_lemma(self, a: str, b: str) -> bool:
        a, b = self.spell(a), self.spell(b)
        if a == b or same_pronoun(a, b, self.pronouns):
            return True
        endings = self.cyrillic if _CYRILLIC.search(a + b) else self.latin
        return shared_stem(a, b, endings)


def same_pronoun(a: str, b: str, pronouns: Sequence[frozenset[str]]) -> bool:
    """True if ``a`` and ``b`` are forms of one personal pronoun (one set of ``pronouns``)."""
    return any(a in group and b in group for group in pronouns)


def shared_stem(a: str, b: str, endings: frozenset[str]) -> bool:
    """Both words are one stem (3+ letters) plus an ending of ``endings``.

    Linear in the words' length: the stem is at most their common prefix, and the endings are
    short, so only the few cut points that leave an ending on both words are tried.
    """
    if not endings:
        return False
    longest = max(map(len, endings))
    if abs(len(a) - len(b)) > longest:
        return False
    common = len(os.path.commonprefix((a, b)))  # noqa: RUF071 (strings, not paths)
    for cut in range(max(3, len(a) - longest, len(b) - longest), common + 1):
        if a[cut:] in endings and b[cut:] in endings:
            return True
    return False


@dataclass(frozen=True, eq=False)
class Rules:
    """What a language contributes to classification.

    ``spell(word) -> word``: the word in the profile's reference spelling (keeping case), so
    that two spellings of one word become one string (e.g. «всѣхъ» → «всех»).
    ``morphology``: whether two different words are one lemma.  ``same_words(a, b)``: further
    equivalences between short runs of case-folded words, classed as orthography (e.g.
    «XXII»/«viginti duo» in Latin); None for none.  ``forms(a, b)``: whether two short runs
    of case-folded words (one of them two words or more) are forms of one word made with
    other words, classed as grammatical (English degrees: much closer / the closest); None
    for none.  Both must be symmetric.
    """

    spell: Callable[[str], str] = keep_word
    morphology: Morphology = field(
        default_factory=lambda: StemHeuristic(frozenset({"", "s", "es", "ed", "d", "ing"}))
    )
    same_words: Callable[[tuple[str, ...], tuple[str, ...]], bool] | None = None
    forms: Callable[[tuple[str, ...], tuple[str, ...]], bool] | None = None


# --- words -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Word:
    """One word of a reading: ``orig`` as written (after :func:`common_form`), ``spelled``
    in the profile's spelling, ``key`` that case-folded without hyphens (what equality
    means), ``dotted`` if a full stop follows it (a truncation such as «т.» or «Dec.»)."""

    orig: str
    spelled: str
    key: str
    dotted: bool

    @property
    def written(self) -> str:
        """The word case-folded as written: what the morphology is given."""
        return self.orig.casefold()


@dataclass(frozen=True, slots=True)
class _Text:
    squashed: str  # spelled, without spaces and hyphens between letters
    punct: tuple[str, ...]
    words: tuple[Word, ...]


@lru_cache(maxsize=65536)
def _analyse(text: str, rules: Rules) -> _Text:
    if text.isascii() and text.isalnum():
        # one word of ASCII letters and digits (most readings): common_form leaves it as it
        # is, and it is its own one word, with nothing around it
        spelled = rules.spell(text)
        squashed = _squash(spelled)
        word = Word(text, spelled, spelled.casefold().replace("-", ""), False)
        return _Text(squashed, tuple(_PUNCT.findall(squashed)), (word,))
    common = common_form(text)
    words: list[Word] = []
    pieces: list[str] = []  # the text in the profile's spelling
    last = 0
    for m in _WORD.finditer(common):
        orig = m.group(0)
        spelled = rules.spell(orig)
        dotted = common[m.end() : m.end() + 1] == "."
        words.append(Word(orig, spelled, spelled.casefold().replace("-", ""), dotted))
        pieces += (common[last : m.start()], spelled)
        last = m.end()
    pieces.append(common[last:])
    squashed = _squash("".join(pieces))
    return _Text(squashed, tuple(_PUNCT.findall(squashed)), tuple(words))


def _squash(spelled: str) -> str:
    return str(_SPACE.sub("", _INNER_HYPHEN.sub("", spelled)))


def words_of(text: str, rules: Rules | None = None) -> tuple[Word, ...]:
    """The words of ``text`` as the classifier compares them."""
    return _analyse(text, rules or GENERIC_RULES).words


def differs_only_in_spacing(a: str, b: str) -> bool:
    """True if ``a`` and ``b`` are the same characters but for whitespace («word ,» /
    «word,», «так же» / «также»): what a builder may decide not to make a unit of."""
    return a != b and _SPACE.sub("", nfc(a)) == _SPACE.sub("", nfc(b))


def orthographic_key(text: str, rules: Rules | None = None) -> str:
    """``text`` without the differences classed as orthography (under ``rules``).

    Two readings with the same key differ only orthographically (and go into one ``rdgGrp``
    in TEI).  Case is kept: «Ёлка» and «ёлка» have different keys.
    """
    return _analyse(text, rules or GENERIC_RULES).squashed


# --- pairs and groups of words --------------------------------------------------------------

# What one difference costs when words are aligned: the least substantive explanation wins,
# and two lexical substitutions (20) cost more than a word omitted and another added (12)
# only when some other word then matches ("brown quick" / "quick red").
_COST: dict[VariantType, int] = {
    V.ORTHOGRAPHY: 1,
    V.CAPITALISATION: 1,
    V.PUNCTUATION: 1,
    V.ABBREVIATION: 2,
    V.GRAMMATICAL: 3,
    V.LEXICAL: 10,
    V.ADDITION: 6,
    V.OMISSION: 6,
}
_MAX_GROUP = 6  # words an initialism or a spacing difference may join («R.S.F.S.R.»)
_MAX_FORM = 3  # words of one side of an analytic form («the most useful»)
# the (words of a, words of b) of the runs that ``Rules.forms`` is asked about
_FORM_SHAPES = tuple(
    (ka, kb) for ka in range(1, _MAX_FORM + 1) for kb in range(1, _MAX_FORM + 1) if ka + kb > 2
)
_DP_LIMIT = 4096  # word pairs aligned exactly; longer readings are cut at identical words


def _cost(flags: frozenset[VariantType]) -> int:
    return max((_COST[f] for f in flags), default=0)


@lru_cache(maxsize=65536)
def _pair(x: Word, y: Word, rules: Rules) -> frozenset[VariantType]:
    """How word ``y`` differs from word ``x`` (no classes: not at all)."""
    if x.key == y.key:
        flags: set[VariantType] = set()
        if x.spelled.replace("-", "") != y.spelled.replace("-", ""):
            flags.add(V.CAPITALISATION)
        if x.orig.casefold() != y.orig.casefold():
            flags.add(V.ORTHOGRAPHY)
        return frozenset(flags)
    if x.written == y.written:
        # only the case differs, though a rule for capitalised words (a name's
        # romanisation) spelled one of them otherwise
        return frozenset({V.CAPITALISATION})
    if _truncates(x, y) or _truncates(y, x):
        return frozenset({V.ABBREVIATION})
    if rules.same_words is not None and rules.same_words((x.key,), (y.key,)):
        return frozenset({V.ORTHOGRAPHY})
    if rules.morphology.same_lemma(x.written, y.written):
        if x.spelled[:1].isupper() != y.spelled[:1].isupper():
            return frozenset({V.GRAMMATICAL, V.CAPITALISATION})
        return frozenset({V.GRAMMATICAL})
    return frozenset({V.LEXICAL})


def _truncates(short: Word, long: Word) -> bool:
    """«т.» for «то», «тов.» for «товарищ», «Dec.» for «December»."""
    return short.dotted and len(short.key) < len(long.key) and long.key.startswith(short.key)


def _group(many: Sequence[Word], one: Word, rules: Rules) -> frozenset[VariantType] | None:
    """How several words differ from one word, if they are one in another writing."""
    if rules.same_words is None and many[0].key[:1] != one.key[:1]:
        return None  # neither a join nor an initialism
    joined = "".join(w.key for w in many)
    if joined == one.key and any(w.dotted for w in many) and all(len(w.key) == 1 for w in many):
        # initials with stops or without («C.C.» / «CC»): only the full stops differ
        return frozenset({V.PUNCTUATION})
    if joined == one.key:
        flags = {V.ORTHOGRAPHY}
        if "".join(w.spelled for w in many).replace("-", "") != one.spelled.replace("-", ""):
            flags.add(V.CAPITALISATION)
        return frozenset(flags)
    if (
        len(one.key) == len(many)
        and one.key == "".join(w.key[:1] for w in many)
        and (one.spelled.isupper() or all(len(w.key) == 1 for w in many))
    ):
        return frozenset({V.ABBREVIATION})  # an initialism: «ЦК», «CC» / «C.C.»
    if rules.same_words is not None and rules.same_words(tuple(w.key for w in many), (one.key,)):
        return frozenset({V.ORTHOGRAPHY})
    return None


_Step = tuple[int, int, frozenset[VariantType]]  # words of a, words of b, classes
_MIRROR = {V.ADDITION: V.OMISSION, V.OMISSION: V.ADDITION}


def align_words(
    a: Sequence[Word], b: Sequence[Word], rules: Rules
) -> list[tuple[int, int, frozenset[VariantType]]]:
    """The cheapest explanation of ``b`` against ``a``, as steps ``(len_a, len_b, classes)``.

    A step takes one word of each (identical, or a spelling, case, abbreviation, grammatical
    or lexical difference), one word of one side only (an addition or omission), or several
    words of one side against one of the other (spacing: «так же»/«также»; an initialism;
    numerals).  Minimal total cost (``_COST``); exact for up to ``_DP_LIMIT`` word pairs, and
    cut at identical words (their longest common subsequence) beyond.
    """
    if len(a) == 1 == len(b):
        # one word for one (most substitutions): the pair itself, as the table would find it
        # (a pair costs at most a lexical difference, 10, less than an omission and an
        # addition, 12; no group or form spans fewer than three words)
        return [(1, 1, _pair(a[0], b[0], rules))]
    if len(a) * len(b) <= _DP_LIMIT:
        return _dp(a, b, rules)
    steps: list[_Step] = []
    ka, kb = [w.key for w in a], [w.key for w in b]
    i = j = 0
    for block in Indel.opcodes(ka, kb).as_matching_blocks():
        steps.extend(_region(a[i : block.a], b[j : block.b], rules))
        steps.extend((1, 1, frozenset()) for _ in range(block.size))
        i, j = block.a + block.size, block.b + block.size
    return steps


def _region(a: Sequence[Word], b: Sequence[Word], rules: Rules) -> list[_Step]:
    if not a and not b:
        return []
    if len(a) * len(b) <= _DP_LIMIT:
        return _dp(a, b, rules)
    # Too long to align word by word: one substitution (what an editor would print anyway).
    return [(len(a), len(b), frozenset({V.LEXICAL}))]


def _dp(a: Sequence[Word], b: Sequence[Word], rules: Rules) -> list[_Step]:
    """Cheapest steps from ``a`` to ``b``; among equally cheap ones, the least substantive.

    Minimising (total cost, most substantive class) lexicographically is well defined on
    prefixes, and the same for ``b`` against ``a`` (mirrored), so the class of the result
    does not depend on the order of the texts.
    """
    n, m = len(a), len(b)
    worst = (float("inf"), 0)
    best: list[list[tuple[float, int]]] = [[worst] * (m + 1) for _ in range(n + 1)]
    back: list[list[_Step | None]] = [[None] * (m + 1) for _ in range(n + 1)]
    best[0][0] = (0, 0)
    omit, add = frozenset({V.OMISSION}), frozenset({V.ADDITION})
    omit_score, add_score = (_cost(omit), _top(omit)), (_cost(add), _top(add))
    for i in range(n + 1):
        row = best[i]
        for j in range(m + 1):
            here, step = row[j], back[i][j]
            options: list[tuple[int, int, frozenset[VariantType], tuple[int, int]]] = []
            if i and j:
                flags = _pair(a[i - 1], b[j - 1], rules)
                options.append((1, 1, flags, (_cost(flags), _top(flags))))
            if i:
                options.append((1, 0, omit, omit_score))
            if j:
                options.append((0, 1, add, add_score))
                for k in range(2, min(_MAX_GROUP, i) + 1):
                    g = _group(a[i - k : i], b[j - 1], rules)
                    if g is not None:
                        options.append((k, 1, g, (_cost(g), _top(g))))
            if i:
                for k in range(2, min(_MAX_GROUP, j) + 1):
                    g = _group(b[j - k : j], a[i - 1], rules)
                    if g is not None:
                        options.append((1, k, g, (_cost(g), _top(g))))
            if rules.forms is not None:
                for ka, kb in _FORM_SHAPES:
                    if ka <= i and kb <= j:
                        g = _forms(a[i - ka : i], b[j - kb : j], rules)
                        if g is not None:
                            options.append((ka, kb, g, (_cost(g), _top(g))))
            for da, db, flags, (c, r) in options:
                origin = best[i - da][j - db]
                score = (origin[0] + c, max(origin[1], r))
                if score < here:
                    here, step = score, (da, db, flags)
            row[j], back[i][j] = here, step
    steps: list[_Step] = []
    i, j = n, m
    while i or j:
        found = back[i][j]
        assert found is not None  # every cell but the origin has a way in
        steps.append(found)
        i, j = i - found[0], j - found[1]
    steps.reverse()
    return steps


_GRAMMATICAL = frozenset({V.GRAMMATICAL})
_GRAMMATICAL_CASE = frozenset({V.GRAMMATICAL, V.CAPITALISATION})


def _forms(a: Sequence[Word], b: Sequence[Word], rules: Rules) -> frozenset[VariantType] | None:
    """How two runs of words differ if ``rules.forms`` takes them for forms of one word
    (grammatical, and capitalisation if one begins with a capital and the other not)."""
    if not _forms_of(tuple(w.key for w in a), tuple(w.key for w in b), rules):
        return None
    if a[0].spelled[:1].isupper() != b[0].spelled[:1].isupper():
        return _GRAMMATICAL_CASE
    return _GRAMMATICAL


@lru_cache(maxsize=65536)
def _forms_of(a: tuple[str, ...], b: tuple[str, ...], rules: Rules) -> bool:
    return a != b and rules.forms is not None and rules.forms(a, b)


def _top(flags: frozenset[VariantType]) -> int:
    """The rank of the most substantive class (an addition or omission inside a reading
    ranks as a lexical difference)."""
    return max((V.LEXICAL.rank if f in _MIRROR else f.rank for f in flags), default=0)


# --- classification ----------------------------------------------------------------------


def classify_pair(
    lemma: str, reading: str, rules: Rules | None = None
) -> tuple[VariantType, frozenset[VariantType]]:
    """Classify ``reading`` against ``lemma`` (texts with spaces between tokens).

    Returns the class and every class found (e.g. a grammatical variant that also changes
    case is ``(GRAMMATICAL, {GRAMMATICAL, CAPITALISATION})``).  The class does not depend on
    which text is the lemma, except that an addition one way is an omission the other.
    """
    if lemma == reading:
        return V.IDENTICAL, frozenset()
    lemma, reading = _without_space_after(lemma, reading)
    return _classify(lemma, reading, rules or GENERIC_RULES)


def _without_space_after(lemma: str, reading: str) -> tuple[str, str]:
    """The pair without the space after both, if both have one: it takes no part in the
    comparison (the words are found and squashed without it), so the apparatus's readings
    (``"text "``) share the cached answers of its planning (which strips the texts)."""
    if lemma[-1:] == " " and reading[-1:] == " ":
        return lemma[:-1], reading[:-1]
    return lemma, reading


@lru_cache(maxsize=65536)
def _classify(lemma: str, reading: str, rules: Rules) -> tuple[VariantType, frozenset[VariantType]]:
    if lemma.casefold() == reading.casefold():
        return V.CAPITALISATION, frozenset({V.CAPITALISATION})
    ta, tb = _analyse(lemma, rules), _analyse(reading, rules)
    if ta.squashed == tb.squashed:
        return V.ORTHOGRAPHY, frozenset({V.ORTHOGRAPHY})
    if ta.squashed.casefold() == tb.squashed.casefold():
        case = {V.CAPITALISATION}
        if lemma.casefold() != reading.casefold():
            case.add(V.ORTHOGRAPHY)
        return V.CAPITALISATION, frozenset(case)
    found: set[VariantType] = set()
    if ta.punct != tb.punct:
        found.add(V.PUNCTUATION)
    wa, wb = ta.words, tb.words
    if [w.key for w in wa] == [w.key for w in wb]:
        for x, y in zip(wa, wb, strict=True):
            found |= _pair(x, y, rules)
        found.add(V.PUNCTUATION)
        return V.PUNCTUATION, frozenset(found)
    if not wa:
        return V.ADDITION, frozenset(found | {V.ADDITION})
    if not wb:
        return V.OMISSION, frozenset(found | {V.OMISSION})
    # A substitution: the words aligned, each difference classed.
    steps = _aligned(lemma, reading, rules)
    flags = found | _substitution(steps)
    if _moved(wa, wb, steps):
        if sorted(w.key for w in wa) == sorted(w.key for w in wb):
            # the same words in another order: what differs is the order, not the words
            flags -= {V.LEXICAL, V.ADDITION, V.OMISSION}
        flags.add(V.TRANSPOSITION)
    kind = max((V.LEXICAL if f in _MIRROR else f for f in flags), key=lambda t: t.rank)
    return kind, frozenset(flags | {kind})


def differences(lemma: str, reading: str, rules: Rules | None = None) -> frozenset[VariantType]:
    """The differences of ``reading`` from ``lemma`` one by one: a word on one side only is
    ``ADDITION``/``OMISSION`` and ``LEXICAL`` only a word put for another (where the class of a
    substitution is ``LEXICAL`` whenever a word is added)."""
    kind, flags = classify_pair(lemma, reading, rules)
    if kind is not V.LEXICAL:
        return flags
    lemma, reading = _without_space_after(lemma, reading)
    return _word_differences(lemma, reading, rules or GENERIC_RULES)


@lru_cache(maxsize=65536)
def _word_differences(lemma: str, reading: str, rules: Rules) -> frozenset[VariantType]:
    """:func:`differences` of a lexical pair, word by word (the apparatus asks it of the same
    pair for every witness that reads so, and again for each joint of a rewording it tries)."""
    ta, tb = _analyse(lemma, rules), _analyse(reading, rules)
    found = _substitution(_aligned(lemma, reading, rules))
    return frozenset(found | ({V.PUNCTUATION} if ta.punct != tb.punct else set()))


@lru_cache(maxsize=4096)
def _aligned(lemma: str, reading: str, rules: Rules) -> tuple[_Step, ...]:
    """:func:`align_words` of two texts' words: the same pair is classified (the class) and
    then compared word by word (:func:`differences`) moments apart."""
    return tuple(align_words(_analyse(lemma, rules).words, _analyse(reading, rules).words, rules))


def _substitution(steps: Sequence[_Step]) -> set[VariantType]:
    out: set[VariantType] = set()
    for _, _, flags in steps:
        out |= flags
    return out


def _moved(a: Sequence[Word], b: Sequence[Word], steps: Sequence[_Step]) -> bool:
    """True if the reading moves the lemma's words: the same words in another order («a
    large State with a small» / «a small State with a large»), or a run of at least two
    words that one side lacks where the other has it and has it elsewhere, making at least
    half of the words that differ («I think that since …» / «Since …, I think»)."""
    ka, kb = [w.key for w in a], [w.key for w in b]
    if ka != kb and sorted(ka) == sorted(kb):
        return True
    omitted: list[list[str]] = [[]]
    added: list[list[str]] = [[]]
    differing = i = j = 0
    for da, db, flags in steps:
        if da and not db:
            omitted[-1].extend(ka[i : i + da])
            differing += da
        elif db and not da:
            added[-1].extend(kb[j : j + db])
            differing += db
        else:
            omitted.append([])
            added.append([])
            if V.LEXICAL in flags:
                differing += da + db
        i, j = i + da, j + db
    longest = max(
        (_common_run(x, y) for x in omitted if len(x) > 1 for y in added if len(y) > 1),
        default=0,
    )
    return longest >= 2 and 4 * longest >= differing


def _common_run(x: Sequence[str], y: Sequence[str]) -> int:
    """The length of the longest run of words in both ``x`` and ``y``."""
    best = 0
    for i in range(len(x)):
        for j in range(len(y)):
            k = 0
            while i + k < len(x) and j + k < len(y) and x[i + k] == y[j + k]:
                k += 1
            best = max(best, k)
    return best


# --- the generic rules --------------------------------------------------------------------

#: Personal pronouns of one paradigm, Russian and English (used by the generic profile).
RU_PRONOUNS: tuple[frozenset[str], ...] = (
    _wordset("я меня мне мной мною мы нас нам нами"),
    _wordset("ты тебя тебе тобой тобою вы вас вам вами"),
    _wordset(
        "он его него ему нему им ним нём нем она её ее неё нее ей ней ею нею оно они их "
        "них ими ними"
    ),
)
EN_PRONOUNS: tuple[frozenset[str], ...] = (
    _wordset("i me we us"),
    _wordset("he him she her it they them"),
    _wordset("his hers its their theirs"),
)
RU_ENDINGS = _wordset(
    "а я о е ё ы и у ю ь й ой ей ий ый ая яя ое ее ые ие ом ем ам ям ами ями ах ях ов ев "
    "ую юю ого его ому ему ым им ых их ыми ими ешь ет ете ут ют ит ишь ите ат ят ла ло ли "
    "л ть ться ся сь ою ею"
) | {""}
EN_ENDINGS = frozenset({"", "s", "es", "ed", "d", "ing", "'s", "er", "est"})


def _generic_spell(word: str) -> str:
    return fold_transliteration(strip_stress(word))


#: The rules of the generic profile: spacing, hyphens, quotes, dashes, «ё»/«е», stress marks
#: on Cyrillic words, romanisations of Russian names; a stem heuristic with Russian and
#: English endings.
GENERIC_MORPHOLOGY = StemHeuristic(
    EN_ENDINGS, RU_ENDINGS, RU_PRONOUNS + EN_PRONOUNS, _generic_spell
)
GENERIC_RULES = Rules(spell=_generic_spell, morphology=GENERIC_MORPHOLOGY)
