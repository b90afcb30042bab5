"""Language profiles: chosen from xml:lang or language=, named for what ran, degrading without
their extras, and the user's choice of what is substantive."""

from __future__ import annotations

import builtins
from collections.abc import Iterator

import pytest

from conftest import witnesses
from witnesscollate import collate, load_tei
from witnesscollate.analysis import build_apparatus
from witnesscollate.analysis import profiles as profiles_module
from witnesscollate.analysis.profile_lemmatizers import (
    lemminflect_lemmas,
    pymorphy3_lemmas,
    simplemma_lemmas,
)
from witnesscollate.analysis.profiles import get_profile, guess_language, language_tag, moved_date
from witnesscollate.errors import InputError
from witnesscollate.model import VariantType, Witness

V = VariantType


# --- choosing a profile -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("ru", "ru"),
        ("ru-RU", "ru"),
        ("RU", "ru"),
        ("rus", "ru"),
        ("ru-x-pre1918", "ru"),
        ("en-GB", "en"),
        ("en_US", "en"),
        ("eng", "en"),
        ("la", "la"),
        ("lat", "la"),
        ("la-x-medieval", "la"),
        (None, "generic"),
        ("", "generic"),
        ("und", "generic"),
        ("fr", "fr"),
    ],
)
def test_language_tag(tag: str | None, expected: str) -> None:
    assert language_tag(tag) == expected


@pytest.mark.parametrize(
    ("language", "name"),
    [
        ("ru", "ru (pymorphy3, pre-1918 spelling)"),
        ("en", "en (lemminflect)"),
        ("en-US", "en (lemminflect)"),
        ("la", "la (simplemma)"),
        (None, "generic (stem heuristic)"),
        ("fr", "fr (simplemma)"),  # simplemma's dictionary, generic rules
        ("x-klingon", "generic (stem heuristic)"),
    ],
)
def test_profile_names_say_what_runs(language: str | None, name: str) -> None:
    assert get_profile(language).name == name


@pytest.mark.parametrize(
    ("language", "name"),
    [
        ("ru", "ru (stem heuristic, pre-1918 spelling)"),
        ("en", "en (stem heuristic)"),
        ("la", "la (stem heuristic)"),
        ("fr", "generic (stem heuristic)"),
    ],
)
def test_heuristic_profiles(language: str, name: str) -> None:
    profile = get_profile(language, morphology="heuristic")
    assert profile.name == name
    assert profile.morphology.name == "stem heuristic"


def test_pymorphy3_is_never_claimed_for_english() -> None:
    assert "pymorphy3" not in get_profile("en").name
    with pytest.raises(InputError, match="does not serve the language 'en'"):
        get_profile("en", morphology="pymorphy3")
    with pytest.raises(InputError, match="lemminflect"):
        get_profile("ru", morphology="lemminflect")


def test_unknown_morphology_names_the_allowed_ones() -> None:
    with pytest.raises(InputError, match="auto, heuristic, pymorphy3, lemminflect, simplemma"):
        get_profile("ru", morphology="spacy")


# --- from the base witness's xml:lang, through the apparatus ---------------------------------

_TEI = """<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>{t}</title>
</titleStmt><publicationStmt><p>test</p></publicationStmt><sourceDesc><p>test</p></sourceDesc>
</fileDesc></teiHeader><text xml:lang="{lang}"><body><p>{body}</p></body></text></TEI>"""


def _tei(siglum: str, lang: str, body: str) -> Witness:
    return load_tei(_TEI.format(t=siglum, lang=lang, body=body), siglum=siglum)


def test_the_profile_comes_from_the_base_witness_xml_lang() -> None:
    en = [_tei("A", "en", "He ran home."), _tei("B", "en", "He runs home.")]
    app = collate(en).apparatus()
    assert app.profile == "en (lemminflect)"
    (unit,) = app.units
    assert unit.readings[1].type is V.GRAMMATICAL
    la = [_tei("A", "la", "Vita est breuis."), _tei("B", "la", "Uita est brevis.")]
    app = collate(la).apparatus()
    assert app.profile == "la (simplemma)"
    assert {r.type for u in app.units for r in u.variants} == {V.ORTHOGRAPHY}
    ru = [_tei("A", "ru", "Прошу Вами заняться."), _tei("B", "ru", "Прошу вами заняться.")]
    assert collate(ru).apparatus().profile == "ru (pymorphy3, pre-1918 spelling)"


def test_the_base_decides_and_language_overrides() -> None:
    mixed = [_tei("A", "ru", "Прошу Вами заняться."), _tei("B", "en", "Прошу вами заняться.")]
    c = collate(mixed)
    assert c.apparatus(base="A").profile.startswith("ru ")
    assert c.apparatus(base="B").profile == "en (lemminflect)"
    assert build_apparatus(c, language="la").profile == "la (simplemma)"
    assert build_apparatus(c, morphology="heuristic").profile == (
        "ru (stem heuristic, pre-1918 spelling)"
    )


@pytest.mark.parametrize("language", ["russian", "English", "ru RU", "1ru"])
def test_a_language_name_is_refused_not_taken_for_an_unknown_language(language: str) -> None:
    """language="russian" gave the generic profile in silence, and lost «Вами»/«вами» (the
    new-user review of 2026-12-07); tags still pass, subtags and ISO 639-2 codes too."""
    c = collate([_tei("A", "ru", "Прошу Вами заняться."), _tei("B", "ru", "Прошу вами.")])
    with pytest.raises(InputError, match="is not a language tag"):
        build_apparatus(c, language=language)
    for tag, profile in (("rus", "ru "), ("ru-RU", "ru "), ("en_GB", "en "), ("x-ocr", "generic")):
        assert build_apparatus(c, language=tag).profile.startswith(profile)


def test_substantive_filter_keeps_the_pronoun_of_address_in_russian() -> None:
    app = collate(
        witnesses(
            "Прошу Вами заняться делом всѣхъ.", "Прошу вами заняться делом всех.", language="ru"
        )
    ).apparatus()
    by_text = {u.readings[1].text: u for u in app.units}
    assert by_text["вами"].readings[1].type is V.CAPITALISATION
    assert by_text["вами"].substantive
    assert not by_text["всех"].substantive  # pre-1918 spelling
    kept = app.filter(substantive=True)
    assert [u.readings[1].text for u in kept.units] == ["вами"]


def test_the_user_chooses_what_is_substantive() -> None:
    c = collate(
        witnesses(
            "Прошу Вами заняться нашей партией.", "Прошу вами заняться наша партия.", language="ru"
        )
    )
    default = c.apparatus()
    assert {u.readings[1].type for u in default.units if u.substantive} == {
        V.CAPITALISATION,
        V.GRAMMATICAL,
    }
    lexical_only = build_apparatus(c, substantive={"lexical"})
    assert not any(u.substantive for u in lexical_only.units)
    with_address = build_apparatus(c, substantive={"lexical", "address"})
    assert [u.readings[1].type for u in with_address.units if u.substantive] == [V.CAPITALISATION]
    everything = build_apparatus(c, substantive=lambda lemma, reading, kind, flags: True)
    assert all(u.substantive for u in everything.units)


def test_with_significance() -> None:
    ru = get_profile("ru")
    assert ru.rule_names == ("address",)
    assert get_profile("en").rule_names == ()
    gram = ru.with_significance(["gram", "om"])
    assert gram.substantive == {V.GRAMMATICAL, V.OMISSION}
    assert gram.marked == ()
    assert not gram.is_substantive("Вами", "вами", V.CAPITALISATION, frozenset({V.CAPITALISATION}))
    assert ru.with_significance(None) is ru
    assert ru.with_significance("lexical").substantive == {V.LEXICAL}
    with pytest.raises(InputError, match="address"):
        ru.with_significance({"lexical", "adress"})
    with pytest.raises(InputError, match="unknown variant type 'address'"):
        get_profile("en").with_significance({"address"})


# --- a moved date is layout -------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "ru", "la", None])
@pytest.mark.parametrize(
    ("moved", "is_date"),
    [
        ("December 23, 1922 ", True),  # the reprint's date under the title (CW: after Lenin)
        ("March 6, 1923", True),
        ("Dec. 21, 1922", True),
        ("25. XII.", True),
        ("5 марта 1923 г.", True),
        ("24 декабря 22 г.", True),
        ("a small State with a large one", False),  # words moved: substantive
        ("I think", False),
        ("In December 1922 he wrote", False),
        ("December", False),  # no number: not a date
        ("March on", False),
    ],
)
def test_a_moved_date_is_not_substantive_by_default(
    language: str | None, moved: str, is_date: bool
) -> None:
    p = get_profile(language)
    t = V.TRANSPOSITION
    for lemma, reading in ((moved, ""), ("", moved)):
        flags = frozenset({t, V.OMISSION if reading == "" else V.ADDITION})
        assert moved_date(lemma, reading, t, flags) is is_date
        assert p.is_substantive(lemma, reading, t, flags) is not is_date
    # only a transposition: a date omitted or added is substantive
    assert p.is_substantive(moved, "", V.OMISSION, frozenset({V.OMISSION}))
    # a set of classes replaces the defaults: naming transposition counts a moved date
    assert p.with_significance({"transposition"}).is_substantive(moved, "", t, frozenset({t}))


def test_a_moved_date_stays_in_the_apparatus_as_an_accidental() -> None:
    body = (
        "Dear comrade Trotsky, we have won the whole position without a single shot. "
        "I suggest that we should not stop and continue the offensive. Lenin"
    )
    app = collate(
        witnesses(f"{body} December 21, 1922", f"December 21, 1922 {body}", language="en")
    ).apparatus()
    moved = [u for u in app.units if u.type is V.TRANSPOSITION]
    assert len(moved) == 2
    assert not any(u.substantive for u in moved)
    assert not app.filter(substantive=True).units
    assert len(app.filter(types=["transp"]).units) == 2


# --- degrading without the extras -------------------------------------------------------------


class _Missing:
    """Packages that fail to import; each change rebuilds the profiles."""

    def __init__(self) -> None:
        self.names: set[str] = set()

    def add(self, *names: str) -> None:
        self.names.update(names)
        self.clear()

    @staticmethod
    def clear() -> None:
        for f in (pymorphy3_lemmas, lemminflect_lemmas, simplemma_lemmas):
            f.cache_clear()
        profiles_module._profile_for.cache_clear()


@pytest.fixture
def without() -> Iterator[_Missing]:
    missing = _Missing()
    real_import = builtins.__import__

    def fake_import(name: str, *args: object, **kwargs: object) -> object:
        if name.split(".")[0] in missing.names:
            raise ImportError(f"no {name} here")
        return real_import(name, *args, **kwargs)  # type: ignore[arg-type]

    builtins.__import__ = fake_import  # type: ignore[assignment]
    try:
        yield missing
    finally:
        builtins.__import__ = real_import
        missing.clear()


def test_english_degrades_to_simplemma_then_the_heuristic(without: _Missing) -> None:
    without.add("lemminflect")
    assert get_profile("en").name == "en (simplemma)"
    assert get_profile("en").classify("went", "goes")[0] is V.GRAMMATICAL
    with pytest.raises(InputError, match=r"witnesscollate\[en\]"):
        get_profile("en", morphology="lemminflect")
    without.add("simplemma")
    profile = get_profile("en")
    assert profile.name == "en (stem heuristic)"
    assert profile.classify("walked", "walks")[0] is V.GRAMMATICAL
    assert profile.classify("colour", "color")[0] is V.ORTHOGRAPHY


def test_russian_degrades_to_the_heuristic(without: _Missing) -> None:
    without.add("pymorphy3", "simplemma")
    profile = get_profile("ru")
    assert profile.name == "ru (stem heuristic, pre-1918 spelling)"
    assert profile.classify("всѣхъ", "всех")[0] is V.ORTHOGRAPHY  # spelling needs no extra
    assert profile.classify("наша партия", "нашей партии")[0] is V.GRAMMATICAL
    with pytest.raises(InputError, match=r"witnesscollate\[ru\]"):
        get_profile("ru", morphology="pymorphy3")


def test_latin_and_others_degrade_to_the_heuristic(without: _Missing) -> None:
    without.add("simplemma")
    assert get_profile("la").name == "la (stem heuristic)"
    assert get_profile("la").classify("XXII", "viginti duo")[0] is V.ORTHOGRAPHY
    assert get_profile("fr").name == "generic (stem heuristic)"


# --- guessing the language of plain text ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Мне думается, что 50-100 членов ЦК нашей партии вправе требовать", "ru"),
        ("Всѣмъ товарищамъ", "ru"),
        ("I believe that 50-100 members of the C.C.", None),
        ("Вітаю, друзі! Це її книга.", None),  # Ukrainian
        ("", None),
        ("България " * 20, None),  # long enough to tell: no ы, э, ё or ѣ
    ],
)
def test_guess_language(text: str, expected: str | None) -> None:
    assert guess_language(text) == expected
